//! The server over real HTTP on loopback, on SQLite and on PostgreSQL.
//!
//! One test binary; every story in `units` and `startup` runs once per
//! backend. PostgreSQL needs `TEST_POSTGRES_URL` (the xtask starts a
//! throw-away cluster and sets it); without it the PostgreSQL runs are
//! skipped, unless `SAPXEP_REQUIRE_POSTGRES` makes that a failure.

mod authorization_matrix;
mod bad_input;
mod helpers;
mod kill;
mod migrations;
mod openapi;
mod restore;
mod server_binary;
mod sessions;
mod startup;
mod static_files;
mod sync;
mod units;

/// Declares `sqlite::name` and `postgres::name` tests for each story `name(Backend)`.
macro_rules! on_both_backends {
    ($module:ident: $($story:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $story() {
                    crate::$module::$story(crate::helpers::Backend::Sqlite).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $story() {
                    crate::$module::$story(crate::helpers::Backend::Postgres).await;
                }
            )+
        }
    };
}
pub(crate) use on_both_backends;
