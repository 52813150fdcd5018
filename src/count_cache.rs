//! `kith today --count` runs on every shell prompt, so it answers from a
//! small file beside the store (`kith.db-counts`) while the store, the day
//! and the rhythm rules are what they were when it last counted; otherwise
//! it counts and writes the file again. The file holds numbers only, no
//! names. The store's stamp (`store::stamp`) changes with every committed
//! write, by Kith or any other program, so a count is never served after the
//! store changed.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::reconnect::CadenceRules;
use crate::store::{stamp, Store};
use crate::today::{self, Counts};

/// Today's counts for the store at `path`: the kept ones while nothing they
/// depend on changed, else counted (as `kith today` counts) and kept.
pub fn counts(path: &Path, day: NaiveDate, rules: &CadenceRules) -> Result<Counts> {
    let key = |stamp| Key::new(stamp, day, rules);
    if let Some(kept) = stamp::of(path).and_then(|s| load(path, &key(s))) {
        return Ok(kept);
    }
    let mut store = Store::open_existing(path)?;
    // As `kith today` does, so both count the same (a read-only store ranks
    // by the rules it was last written with).
    store.follow_rhythm_rules(rules)?;
    // Stamped before counting: a write in between makes the next prompt
    // count again, never keeps an old count under a new stamp.
    let stamp = stamp::of(path);
    let counts = store.read(|c| today::count(c, day, rules))?;
    drop(store);
    if let Some(s) = stamp {
        save(path, &key(s), &counts);
    }
    Ok(counts)
}

/// What a count depends on besides the store's rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    stamp: String,
    today: NaiveDate,
    rules: String,
}

impl Key {
    fn new(stamp: String, today: NaiveDate, rules: &CadenceRules) -> Key {
        Key {
            stamp,
            today,
            rules: format!("{rules:?}"),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Cached {
    key: Key,
    counts: Counts,
}

/// Where the counts of the store at `store` are kept.
pub fn path_for(store: &Path) -> PathBuf {
    crate::files::beside(store, "-counts")
}

/// The counts kept for exactly `key`, if any.
fn load(store: &Path, key: &Key) -> Option<Counts> {
    let bytes = std::fs::read(path_for(store)).ok()?;
    let cached: Cached = serde_json::from_slice(&bytes).ok()?;
    (cached.key == *key).then_some(cached.counts)
}

/// Keeps `counts` for `key`. A cache: a failure (a read-only folder, a full
/// disk) only means the next prompt counts again, so it is not reported.
fn save(store: &Path, key: &Key, counts: &Counts) {
    let path = path_for(store);
    let Some(dir) = path.parent() else { return };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(json) = serde_json::to_vec(&Cached {
        key: key.clone(),
        counts: counts.clone(),
    }) else {
        return;
    };
    // A private temporary file renamed over the old one: a reader sees the
    // old file or the new, whole. Not synced: losing it costs one count.
    let Ok(mut tmp) = tempfile::Builder::new()
        .prefix(".kith-counts-")
        .tempfile_in(dir)
    else {
        return;
    };
    if tmp.write_all(&json).is_ok() {
        let _ = tmp.persist(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(stamp: &str) -> Key {
        Key::new(
            stamp.into(),
            NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            &CadenceRules::default(),
        )
    }

    #[test]
    fn a_count_is_served_for_its_own_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("kith.db");
        let counts = Counts {
            overdue: 3,
            ..Counts::default()
        };
        assert_eq!(load(&store, &key("a")), None);
        save(&store, &key("a"), &counts);
        assert_eq!(load(&store, &key("a")), Some(counts.clone()));
        assert_eq!(load(&store, &key("b")), None);
        let mut other_day = key("a");
        other_day.today = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(load(&store, &other_day), None);
        let rules = CadenceRules {
            default_days: Some(90),
            ..CadenceRules::default()
        };
        assert_eq!(
            load(&store, &Key::new("a".into(), key("a").today, &rules)),
            None
        );
        // A torn or foreign file is no count.
        std::fs::write(path_for(&store), b"{\"key\":").unwrap();
        assert_eq!(load(&store, &key("a")), None);
    }
}
