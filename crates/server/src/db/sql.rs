//! The one place that knows there are two backends: a statement is written
//! once, as text with `$1`, `$2`… and its values, and runs on SQLite or
//! PostgreSQL. What differs is here and nowhere else: a UUID is TEXT on SQLite
//! (bound and read as `uuid::fmt::Hyphenated`) and `UUID` on PostgreSQL.
//! Every integer the statements read is a 64-bit one on both.

use super::DbError;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Decode, Encode, PgConnection, Postgres, Row as _, Sqlite, SqliteConnection, Type};
use std::borrow::Cow;
use uuid::Uuid;

/// One value bound to a statement: an id, which each backend binds its own
/// way, or a plain value, which both bind alike.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Uuid(Option<Uuid>),
    Plain(Plain<'a>),
}

/// A value both backends store the same way.
#[derive(Clone, Debug, PartialEq)]
pub enum Plain<'a> {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<Cow<'a, str>>),
    Bool(bool),
}

/// A statement and its values.
#[derive(Clone, Debug)]
pub struct Statement<'a> {
    sql: Cow<'a, str>,
    values: Vec<Value<'a>>,
}

/// A statement from its text; values follow with [`Statement::bind`].
pub fn sql<'a>(text: impl Into<Cow<'a, str>>) -> Statement<'a> {
    Statement {
        sql: text.into(),
        values: Vec::new(),
    }
}

impl<'a> Statement<'a> {
    /// Binds the next `$n`.
    pub fn bind(mut self, value: impl Into<Value<'a>>) -> Self {
        self.values.push(value.into());
        self
    }
}

impl From<Uuid> for Value<'_> {
    fn from(value: Uuid) -> Self {
        Value::Uuid(Some(value))
    }
}
impl From<Option<Uuid>> for Value<'_> {
    fn from(value: Option<Uuid>) -> Self {
        Value::Uuid(value)
    }
}
impl From<i64> for Value<'_> {
    fn from(value: i64) -> Self {
        Value::Plain(Plain::Int(Some(value)))
    }
}
impl From<Option<i64>> for Value<'_> {
    fn from(value: Option<i64>) -> Self {
        Value::Plain(Plain::Int(value))
    }
}
/// Counts and sequence numbers are stored as signed 64-bit integers.
impl From<u64> for Value<'_> {
    fn from(value: u64) -> Self {
        Value::Plain(Plain::Int(Some(i64::try_from(value).unwrap_or(i64::MAX))))
    }
}
impl From<u32> for Value<'_> {
    fn from(value: u32) -> Self {
        Value::Plain(Plain::Int(Some(i64::from(value))))
    }
}
impl From<Option<f64>> for Value<'_> {
    fn from(value: Option<f64>) -> Self {
        Value::Plain(Plain::Real(value))
    }
}
impl<'a> From<&'a str> for Value<'a> {
    fn from(value: &'a str) -> Self {
        Value::Plain(Plain::Text(Some(Cow::Borrowed(value))))
    }
}
impl<'a> From<&'a String> for Value<'a> {
    fn from(value: &'a String) -> Self {
        Value::Plain(Plain::Text(Some(Cow::Borrowed(value))))
    }
}
impl From<String> for Value<'_> {
    fn from(value: String) -> Self {
        Value::Plain(Plain::Text(Some(Cow::Owned(value))))
    }
}
impl<'a> From<Option<&'a str>> for Value<'a> {
    fn from(value: Option<&'a str>) -> Self {
        Value::Plain(Plain::Text(value.map(Cow::Borrowed)))
    }
}
impl From<Option<String>> for Value<'_> {
    fn from(value: Option<String>) -> Self {
        Value::Plain(Plain::Text(value.map(Cow::Owned)))
    }
}
impl From<bool> for Value<'_> {
    fn from(value: bool) -> Self {
        Value::Plain(Plain::Bool(value))
    }
}

/// A connection of either backend (from the pool, or a transaction's).
pub enum Connection<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

impl Connection<'_> {
    /// Runs a statement; returns how many rows it changed.
    pub async fn execute(&mut self, statement: &Statement<'_>) -> Result<u64, DbError> {
        Ok(match self {
            Connection::Sqlite(connection) => sqlite_query(statement)
                .execute(&mut **connection)
                .await?
                .rows_affected(),
            Connection::Postgres(connection) => postgres_query(statement)
                .execute(&mut **connection)
                .await?
                .rows_affected(),
        })
    }

    /// Every row a query gives.
    pub async fn fetch_all(&mut self, statement: &Statement<'_>) -> Result<Vec<Row>, DbError> {
        Ok(match self {
            Connection::Sqlite(connection) => sqlite_query(statement)
                .fetch_all(&mut **connection)
                .await?
                .into_iter()
                .map(Row::Sqlite)
                .collect(),
            Connection::Postgres(connection) => postgres_query(statement)
                .fetch_all(&mut **connection)
                .await?
                .into_iter()
                .map(Row::Postgres)
                .collect(),
        })
    }

    /// The first row a query gives, if any.
    pub async fn fetch_optional(&mut self, statement: &Statement<'_>) -> Result<Option<Row>, DbError> {
        Ok(match self {
            Connection::Sqlite(connection) => sqlite_query(statement)
                .fetch_optional(&mut **connection)
                .await?
                .map(Row::Sqlite),
            Connection::Postgres(connection) => postgres_query(statement)
                .fetch_optional(&mut **connection)
                .await?
                .map(Row::Postgres),
        })
    }

    /// The one row a query must give.
    pub async fn fetch_one(&mut self, statement: &Statement<'_>) -> Result<Row, DbError> {
        self.fetch_optional(statement)
            .await?
            .ok_or(DbError::Sqlx(sqlx::Error::RowNotFound))
    }
}

/// A row of either backend, read column by column.
pub enum Row {
    Sqlite(SqliteRow),
    Postgres(PgRow),
}

impl Row {
    fn get<T>(&self, column: &str) -> Result<T, DbError>
    where
        T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres>,
    {
        Ok(match self {
            Row::Sqlite(row) => row.try_get(column)?,
            Row::Postgres(row) => row.try_get(column)?,
        })
    }

    pub fn optional_uuid(&self, column: &str) -> Result<Option<Uuid>, DbError> {
        Ok(match self {
            Row::Sqlite(row) => row
                .try_get::<Option<uuid::fmt::Hyphenated>, _>(column)?
                .map(|id| id.into_uuid()),
            Row::Postgres(row) => row.try_get(column)?,
        })
    }

    pub fn uuid(&self, column: &str) -> Result<Uuid, DbError> {
        self.optional_uuid(column)?
            .ok_or_else(|| DbError::Corrupt(format!("the column {column} is empty")))
    }

    pub fn int(&self, column: &str) -> Result<i64, DbError> {
        self.get(column)
    }

    pub fn optional_int(&self, column: &str) -> Result<Option<i64>, DbError> {
        self.get(column)
    }

    /// A count or sequence number (never negative when stored by us).
    pub fn count(&self, column: &str) -> Result<u64, DbError> {
        Ok(u64::try_from(self.int(column)?).unwrap_or(0))
    }

    pub fn text(&self, column: &str) -> Result<String, DbError> {
        self.get(column)
    }

    pub fn optional_text(&self, column: &str) -> Result<Option<String>, DbError> {
        self.get(column)
    }

    pub fn boolean(&self, column: &str) -> Result<bool, DbError> {
        self.get(column)
    }
}

fn sqlite_query<'q>(statement: &'q Statement<'_>) -> Query<'q, Sqlite, SqliteArguments<'q>> {
    statement
        .values
        .iter()
        .fold(sqlx::query(&statement.sql), |query, value| match value {
            Value::Uuid(id) => query.bind(id.map(|id| id.hyphenated())),
            Value::Plain(plain) => bind_plain(query, plain),
        })
}

fn postgres_query<'q>(statement: &'q Statement<'_>) -> Query<'q, Postgres, PgArguments> {
    statement
        .values
        .iter()
        .fold(sqlx::query(&statement.sql), |query, value| match value {
            Value::Uuid(id) => query.bind(*id),
            Value::Plain(plain) => bind_plain(query, plain),
        })
}

/// Binds a value that both backends store the same way.
fn bind_plain<'q, DB: sqlx::Database>(
    query: Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>,
    value: &'q Plain<'_>,
) -> Query<'q, DB, <DB as sqlx::Database>::Arguments<'q>>
where
    Option<i64>: Encode<'q, DB> + Type<DB>,
    Option<f64>: Encode<'q, DB> + Type<DB>,
    Option<&'q str>: Encode<'q, DB> + Type<DB>,
    bool: Encode<'q, DB> + Type<DB>,
{
    match value {
        Plain::Int(number) => query.bind(*number),
        Plain::Real(number) => query.bind(*number),
        Plain::Text(text) => query.bind(text.as_deref()),
        Plain::Bool(flag) => query.bind(*flag),
    }
}
