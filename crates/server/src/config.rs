//! The server's configuration, read from the environment.

use std::path::PathBuf;

/// Where the server listens, where its data lives and what it serves.
#[derive(Clone, Debug)]
pub struct Config {
    /// `SAPXEP_ADDR`: the address to listen on; port 0 picks a free port.
    pub addr: String,
    /// `SAPXEP_DATA_DIR`: the folder that holds the embedded SQLite file.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: overrides the SQLite file; `postgres://…` selects PostgreSQL.
    pub database_url: Option<String>,
    /// `SAPXEP_ADMIN_PASSWORD`: the first administrator's password, on first start.
    pub admin_password: Option<String>,
    /// `SAPXEP_APP_DIR`: the built app (Trunk's `dist/`) to serve.
    pub app_dir: PathBuf,
    /// `SAPXEP_SESSION_DAYS`: how long a session lasts (default 30).
    pub session_lifetime: std::time::Duration,
    /// `SAPXEP_TRUST_FORWARDED_FOR=1`: take the client's address from
    /// `X-Forwarded-For` (only behind a proxy that sets it).
    pub trust_forwarded_for: bool,
    /// `SAPXEP_CORS_ORIGINS`: origins allowed to call the API from a browser
    /// (comma-separated); none by default.
    pub cors_origins: Vec<String>,
    /// `SAPXEP_CLOCK_START`: puts the server's clock on another day
    /// (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, Vietnam time) for tests and
    /// drills; the system's clock otherwise.
    pub clock_start: Option<domain::Timestamp>,
    /// `SAPXEP_TLS_CERT` and `SAPXEP_TLS_KEY`: a certificate chain and its
    /// private key (PEM files); with both, the server speaks HTTPS itself.
    pub tls: Option<TlsFiles>,
}

/// The PEM files the server serves HTTPS with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// A setting that is present but unusable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid Unicode")]
    NotUnicode { name: &'static str },
    #[error("{name} is set but empty")]
    Empty { name: &'static str },
    #[error("SAPXEP_TLS_CERT and SAPXEP_TLS_KEY go together: {missing} is missing")]
    HalfTls { missing: &'static str },
    #[error("{name} must be {expected}, found {found:?}")]
    Invalid {
        name: &'static str,
        expected: &'static str,
        found: String,
    },
}

impl Config {
    /// The default address: loopback only, port 8080.
    pub const DEFAULT_ADDR: &'static str = "127.0.0.1:8080";

    /// Reads the settings, with their defaults, from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Ok(Self {
            addr: read("SAPXEP_ADDR")?.unwrap_or_else(|| Self::DEFAULT_ADDR.to_owned()),
            data_dir: read("SAPXEP_DATA_DIR")?.map_or_else(|| PathBuf::from("data"), PathBuf::from),
            database_url: read("DATABASE_URL")?,
            admin_password: read("SAPXEP_ADMIN_PASSWORD")?,
            app_dir: read("SAPXEP_APP_DIR")?.map_or_else(|| PathBuf::from("dist"), PathBuf::from),
            session_lifetime: match read("SAPXEP_SESSION_DAYS")? {
                None => crate::accounts::SESSION_LIFETIME,
                Some(days) => match days.trim().parse::<u64>() {
                    Ok(days) if (1..=365).contains(&days) => std::time::Duration::from_secs(days * 24 * 60 * 60),
                    _ => {
                        return Err(ConfigError::Invalid {
                            name: "SAPXEP_SESSION_DAYS",
                            expected: "a number of days from 1 to 365",
                            found: days,
                        });
                    }
                },
            },
            trust_forwarded_for: matches!(
                read("SAPXEP_TRUST_FORWARDED_FOR")?.as_deref(),
                Some("1" | "true" | "yes")
            ),
            cors_origins: read("SAPXEP_CORS_ORIGINS")?
                .map(|origins| {
                    origins
                        .split(',')
                        .map(|origin| origin.trim().to_owned())
                        .filter(|origin| !origin.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            clock_start: match read("SAPXEP_CLOCK_START")? {
                None => None,
                Some(text) => Some(crate::clock::parse_start(&text).ok_or(ConfigError::Invalid {
                    name: "SAPXEP_CLOCK_START",
                    expected: "a day YYYY-MM-DD or a moment YYYY-MM-DDTHH:MM (Vietnam time)",
                    found: text,
                })?),
            },
            tls: match (read("SAPXEP_TLS_CERT")?, read("SAPXEP_TLS_KEY")?) {
                (Some(cert), Some(key)) => Some(TlsFiles {
                    cert: PathBuf::from(cert),
                    key: PathBuf::from(key),
                }),
                (None, None) => None,
                (Some(_), None) => {
                    return Err(ConfigError::HalfTls {
                        missing: "SAPXEP_TLS_KEY",
                    });
                }
                (None, Some(_)) => {
                    return Err(ConfigError::HalfTls {
                        missing: "SAPXEP_TLS_CERT",
                    });
                }
            },
        })
    }

    /// The clock this configuration asks for.
    pub fn clock(&self) -> crate::clock::Clock {
        self.clock_start
            .map_or_else(crate::clock::Clock::system, crate::clock::Clock::starting_at)
    }

    /// A configuration for tests and tools: SQLite in `data_dir`, any free port.
    pub fn for_data_dir(data_dir: PathBuf, app_dir: PathBuf) -> Self {
        Self {
            addr: "127.0.0.1:0".to_owned(),
            data_dir,
            database_url: None,
            admin_password: None,
            app_dir,
            session_lifetime: crate::accounts::SESSION_LIFETIME,
            trust_forwarded_for: false,
            cors_origins: Vec::new(),
            clock_start: None,
            tls: None,
        }
    }
}

fn read(name: &'static str) -> Result<Option<String>, ConfigError> {
    match std::env::var(name) {
        Ok(value) if value.trim().is_empty() => Err(ConfigError::Empty { name }),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(ConfigError::NotUnicode { name }),
    }
}
