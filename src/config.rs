//! Where the store lives, and the TOML config file.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::reconnect::{CadenceRules, MET_DAYS};
use crate::when::parse_days;

fn dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "kith")
}

/// The default store: `kith.db` in the platform data directory
/// (`~/.local/share/kith` on Linux).
pub fn default_store_path() -> Result<PathBuf> {
    dirs().map(|d| d.data_dir().join("kith.db")).ok_or_else(|| {
        Error::Invalid(
            "cannot find a home directory for the store; pass --db PATH or set KITH_DB".into(),
        )
    })
}

/// `KITH_CONFIG`, else `config.toml` in the platform config directory
/// (`~/.config/kith` on Linux).
pub fn config_path() -> Option<PathBuf> {
    match std::env::var_os("KITH_CONFIG") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => dirs().map(|d| d.config_dir().join("config.toml")),
    }
}

/// The config file. Every part is optional.
///
/// ```toml
/// [keys]          # action = "key"
/// done = "x"
/// copy_brief = "ctrl-y"
///
/// [cadence]       # keep-in-touch rhythms for people without their own
/// default = "180d"
/// met = "90d"     # people met at an event (the default; "none": no rhythm)
/// [cadence.tags]
/// close = "30d"
/// network = "90d"
///
/// [me]            # your addresses: mail from them is mail you sent
/// emails = ["me@example.org"]
/// [mail]
/// log_received = true   # a message received is a touch with its sender
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub keys: HashMap<String, String>,
    pub cadence: CadenceConfig,
    pub me: MeConfig,
    pub mail: MailConfig,
    #[serde(skip)]
    path: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CadenceConfig {
    pub default: Option<String>,
    /// For people met at an event; "none" turns it off.
    pub met: Option<String>,
    pub tags: HashMap<String, String>,
}

/// Who you are, for telling the mail you sent from the mail you received.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeConfig {
    pub emails: Vec<String>,
}

/// What `kith mail` logs.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailConfig {
    /// A message you received is a touch with its sender (on by default).
    pub log_received: bool,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig { log_received: true }
    }
}

impl Config {
    /// Loads the config; a missing file is the default, a broken one an error naming it.
    pub fn load(path: Option<&std::path::Path>) -> Result<Config> {
        let Some(path) = path else {
            return Ok(Config::default());
        };
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let mut config: Config = toml::from_str(&text)
                    .map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))?;
                config.path = Some(path.to_path_buf());
                Ok(config)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error::io(format!("cannot read {}", path.display()), e)),
        }
    }

    /// The cadence rules; a bad duration is an error naming the file and key.
    pub fn cadence_rules(&self) -> Result<CadenceRules> {
        let file = self
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "config".into());
        let days = |key: &str, v: &str| {
            parse_days(v)
                .map(i64::from)
                .map_err(|e| Error::Invalid(format!("{file}: cadence {key}: {e}")))
        };
        let mut tags = self
            .cadence
            .tags
            .iter()
            .map(|(t, v)| Ok((t.clone(), days(&format!("tags.{t}"), v)?)))
            .collect::<Result<Vec<_>>>()?;
        tags.sort();
        Ok(CadenceRules {
            default_days: self
                .cadence
                .default
                .as_deref()
                .map(|v| days("default", v))
                .transpose()?,
            tags,
            met_days: match self.cadence.met.as_deref().map(str::trim) {
                None => Some(MET_DAYS),
                Some(v) if v.eq_ignore_ascii_case("none") => None,
                Some(v) => Some(days("met", v)?),
            },
        })
    }
}
