//! The server over real HTTP on loopback, on SQLite and on PostgreSQL.
//!
//! One test binary; every story runs once per backend. The PostgreSQL runs
//! need a server: they are marked ignored, so that a plain `cargo test`
//! reports them as not run ("ignored") instead of passing without running.
//! `cargo xtask test` starts a throw-away cluster, sets `TEST_POSTGRES_URL`
//! and runs them with `--include-ignored`; an included PostgreSQL story
//! without `TEST_POSTGRES_URL` fails.

mod authorization_matrix;
mod bad_input;
mod devices;
mod helpers;
mod kill;
mod limits;
mod migrations;
mod openapi;
mod procedure;
mod procedure_nd185;
mod procedure_support;
mod reform;
mod reports;
mod restore;
mod rule_sets;
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
                #[ignore = "needs PostgreSQL: TEST_POSTGRES_URL and --include-ignored (cargo xtask test does both)"]
                async fn $story() {
                    crate::$module::$story(crate::helpers::Backend::Postgres).await;
                }
            )+
        }
    };
}
pub(crate) use on_both_backends;
