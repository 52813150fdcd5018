//! Where the store lives, and the TOML config file.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Deserialize;

use crate::error::{Error, Result};

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

/// `config.toml` in the platform config directory (`~/.config/kith` on Linux).
pub fn config_path() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().join("config.toml"))
}

/// The config file. Every part is optional.
///
/// ```toml
/// [keys]          # action = "key"
/// done = "x"
/// copy_brief = "ctrl-y"
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub keys: HashMap<String, String>,
}

impl Config {
    /// Loads the config; a missing file is the default, a broken one an error naming it.
    pub fn load(path: Option<&std::path::Path>) -> Result<Config> {
        let Some(path) = path else {
            return Ok(Config::default());
        };
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text)
                .map_err(|e| Error::Invalid(format!("{}: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error::io(format!("cannot read {}", path.display()), e)),
        }
    }
}
