//! Opening either backend, its migrations, its connections and transactions.
//! SQLite is one file in WAL mode with a small pool; PostgreSQL a pool shared
//! by any number of stateless servers.

use super::DbError;
use super::sql::Connection;
use sqlx::pool::PoolConnection;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// The pool of one backend.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Pool {
    /// Opens (creating if missing) the SQLite file at `path`.
    pub async fn open_sqlite_file(path: &Path) -> Result<Self, DbError> {
        Self::open_sqlite(SqliteConnectOptions::new().filename(path)).await
    }

    /// Opens a `sqlite:` URL.
    pub async fn open_sqlite_url(url: &str) -> Result<Self, DbError> {
        Self::open_sqlite(SqliteConnectOptions::from_str(url)?).await
    }

    async fn open_sqlite(options: SqliteConnectOptions) -> Result<Self, DbError> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: an acknowledged write survives a power cut, not only a crash.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        Ok(Pool::Sqlite(pool))
    }

    /// Connects to the PostgreSQL database at `url`.
    pub async fn connect_postgres(url: &str) -> Result<Self, DbError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(Pool::Postgres(pool))
    }

    /// `"sqlite"` or `"postgresql"`.
    pub fn backend(&self) -> &'static str {
        match self {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgresql",
        }
    }

    /// Brings the schema up to date (the same steps, each backend's DDL).
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self {
            Pool::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Pool::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    pub async fn acquire(&self) -> Result<PooledConnection, DbError> {
        Ok(match self {
            Pool::Sqlite(pool) => PooledConnection::Sqlite(pool.acquire().await?),
            Pool::Postgres(pool) => PooledConnection::Postgres(pool.acquire().await?),
        })
    }

    pub async fn begin(&self) -> Result<Transaction, DbError> {
        Ok(match self {
            Pool::Sqlite(pool) => Transaction::Sqlite(pool.begin().await?),
            Pool::Postgres(pool) => Transaction::Postgres(pool.begin().await?),
        })
    }

    pub async fn close(&self) {
        match self {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }
}

/// A connection taken from the pool, given back when dropped.
pub enum PooledConnection {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl PooledConnection {
    pub fn connection(&mut self) -> Connection<'_> {
        match self {
            PooledConnection::Sqlite(connection) => Connection::Sqlite(connection),
            PooledConnection::Postgres(connection) => Connection::Postgres(connection),
        }
    }
}

/// A transaction: rolled back when dropped unless committed.
pub enum Transaction {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Transaction {
    pub fn connection(&mut self) -> Connection<'_> {
        match self {
            Transaction::Sqlite(transaction) => Connection::Sqlite(transaction),
            Transaction::Postgres(transaction) => Connection::Postgres(transaction),
        }
    }

    /// Takes a table's lock for the rest of the transaction, where the
    /// backend has several writers (PostgreSQL: servers started together on
    /// one database). SQLite has one writer at a time already.
    pub async fn lock_table(&mut self, table: &str) -> Result<(), DbError> {
        if let Transaction::Postgres(transaction) = self {
            sqlx::query(&format!("LOCK TABLE {table} IN EXCLUSIVE MODE"))
                .execute(&mut **transaction)
                .await?;
        }
        Ok(())
    }

    pub async fn commit(self) -> Result<(), DbError> {
        match self {
            Transaction::Sqlite(transaction) => transaction.commit().await?,
            Transaction::Postgres(transaction) => transaction.commit().await?,
        }
        Ok(())
    }
}
