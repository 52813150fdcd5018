//! Where the store lives.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// The default store: `kith.db` in the platform data directory
/// (`~/.local/share/kith` on Linux).
pub fn default_store_path() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "kith")
        .map(|d| d.data_dir().join("kith.db"))
        .ok_or_else(|| {
            Error::Invalid(
                "cannot find a home directory for the store; pass --db PATH or set KITH_DB".into(),
            )
        })
}
