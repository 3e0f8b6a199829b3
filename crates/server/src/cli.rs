//! The server binary's commands: `serve` (the default) and the account
//! commands an administrator runs on the server itself.

use crate::accounts::{self, AccountError};
use crate::config::Config;
use crate::startup;
use clap::{Parser, Subcommand};
use domain::Role;

/// Sắp xếp's provincial server. Configuration comes from the environment
/// (SAPXEP_ADDR, SAPXEP_DATA_DIR, DATABASE_URL, SAPXEP_ADMIN_PASSWORD…; see the README).
#[derive(Debug, Parser)]
#[command(name = "sapxep-server", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app and the API (the default).
    Serve,
    /// Create an officer's account.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// commune_officer, district_officer, province_officer or administrator.
        #[arg(long)]
        role: String,
        /// The unit they work over: an official code (e.g. 05971) or a unit id.
        #[arg(long)]
        jurisdiction: String,
        /// The first password; one is generated and printed when absent.
        #[arg(long)]
        password: Option<String>,
    },
    /// Set a new password (the account's sessions end).
    ResetPassword {
        #[arg(long)]
        username: String,
        /// The new password; one is generated and printed when absent.
        #[arg(long)]
        password: Option<String>,
    },
    /// End every session of an account (a lost tablet, a departure).
    Revoke {
        #[arg(long)]
        username: String,
    },
    /// Give the database a new epoch. Run it after restoring a backup: the
    /// devices see the new epoch and send again what they hold of their sent
    /// changes, and the server takes back exactly what the backup lacks.
    NewEpoch,
    /// Disable an account (its sessions end) or, with --enable, enable it again.
    Disable {
        #[arg(long)]
        username: String,
        #[arg(long)]
        enable: bool,
    },
    /// Give an account a new role and jurisdiction.
    Assign {
        #[arg(long)]
        username: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        jurisdiction: String,
    },
}

fn role(text: &str) -> anyhow::Result<Role> {
    Role::parse(text).ok_or_else(|| {
        let known: Vec<&str> = Role::ALL.iter().map(|role| role.as_str()).collect();
        anyhow::anyhow!("unknown role {text:?}; use one of: {}", known.join(", "))
    })
}

fn password_or_generated(given: Option<String>) -> (String, bool) {
    match given {
        Some(password) => (password, false),
        None => (crate::password::generate_password(), true),
    }
}

async fn officer_id(database: &crate::db::Database, username: &str) -> anyhow::Result<uuid::Uuid> {
    Ok(database
        .officer_by_username(&username.trim().to_lowercase())
        .await?
        .ok_or(AccountError::NoSuchOfficer(username.to_owned()))?
        .id)
}

/// Runs an account command against the configured database.
pub async fn run_account_command(command: Command, config: Config) -> anyhow::Result<()> {
    let database = startup::open_database(&config).await?;
    startup::prepare(database.as_ref(), config.admin_password.as_deref(), &config.clock()).await?;
    let database = database.as_ref();
    let now = crate::db::now();
    match command {
        Command::Serve => unreachable!("serve is not an account command"),
        Command::CreateUser {
            username,
            display_name,
            role: role_name,
            jurisdiction,
            password,
        } => {
            let (password, generated) = password_or_generated(password);
            let officer = accounts::create_officer(
                database,
                &username,
                &display_name,
                role(&role_name)?,
                &jurisdiction,
                &password,
            )
            .await?;
            println!(
                "created {} ({}) as {} over {}",
                officer.username,
                officer.id,
                officer.role.as_str(),
                jurisdiction
            );
            if generated {
                println!("password: {password}  (shown once)");
            }
        }
        Command::ResetPassword { username, password } => {
            let id = officer_id(database, &username).await?;
            let (password, generated) = password_or_generated(password);
            accounts::reset_password(database, id, &password, now).await?;
            println!("password of {username} reset; its sessions ended");
            if generated {
                println!("password: {password}  (shown once)");
            }
        }
        Command::Revoke { username } => {
            let id = officer_id(database, &username).await?;
            let revoked = accounts::revoke(database, id, now).await?;
            println!("{revoked} session(s) of {username} revoked");
        }
        Command::Disable { username, enable } => {
            let id = officer_id(database, &username).await?;
            // The server's own command: nobody signed in, so no account is "self".
            accounts::set_disabled(database, uuid::Uuid::nil(), id, !enable, now).await?;
            println!(
                "{username} {}",
                if enable {
                    "enabled"
                } else {
                    "disabled; its sessions ended"
                }
            );
        }
        Command::NewEpoch => {
            let epoch = uuid::Uuid::new_v4().to_string();
            database.set_epoch(&epoch).await?;
            println!("new epoch {epoch}: devices will send again what they hold of their sent changes");
        }
        Command::Assign {
            username,
            role: role_name,
            jurisdiction,
        } => {
            let id = officer_id(database, &username).await?;
            let officer = accounts::assign(database, id, role(&role_name)?, &jurisdiction).await?;
            println!(
                "{} is now {} over {}",
                officer.username,
                officer.role.as_str(),
                jurisdiction
            );
        }
    }
    database.close().await;
    Ok(())
}
