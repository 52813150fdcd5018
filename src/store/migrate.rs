//! Forward-only migrations over `PRAGMA user_version`, one transaction each,
//! with a backup of an existing store taken before the first step.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Error, Result};

/// Every schema step, in order. Version N is the store after step N.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../../migrations/0001_init.sql")),
    (
        "0002_touch_summary",
        include_str!("../../migrations/0002_touch_summary.sql"),
    ),
    (
        "0003_uid_alias",
        include_str!("../../migrations/0003_uid_alias.sql"),
    ),
    (
        "0004_search_pause",
        include_str!("../../migrations/0004_search_pause.sql"),
    ),
    (
        "0005_identity",
        include_str!("../../migrations/0005_identity.sql"),
    ),
    (
        "0006_date_range",
        include_str!("../../migrations/0006_date_range.sql"),
    ),
    (
        "0007_sort_key",
        include_str!("../../migrations/0007_sort_key.sql"),
    ),
    (
        "0008_follow_up",
        include_str!("../../migrations/0008_follow_up.sql"),
    ),
    (
        "0009_undo_log",
        include_str!("../../migrations/0009_undo_log.sql"),
    ),
    (
        "0010_reconnect_count",
        include_str!("../../migrations/0010_reconnect_count.sql"),
    ),
    (
        "0011_identity_company",
        include_str!("../../migrations/0011_identity_company.sql"),
    ),
    (
        "0012_reminder_uid",
        include_str!("../../migrations/0012_reminder_uid.sql"),
    ),
    (
        "0013_needs_offers",
        include_str!("../../migrations/0013_needs_offers.sql"),
    ),
    (
        "0014_sync_cards",
        include_str!("../../migrations/0014_sync_cards.sql"),
    ),
    (
        "0015_rhythm_rules",
        include_str!("../../migrations/0015_rhythm_rules.sql"),
    ),
    (
        "0016_mail_touch",
        include_str!("../../migrations/0016_mail_touch.sql"),
    ),
    (
        "0017_links_intros",
        include_str!("../../migrations/0017_links_intros.sql"),
    ),
    (
        "0018_needs_archived",
        include_str!("../../migrations/0018_needs_archived.sql"),
    ),
    (
        "0019_need_known",
        include_str!("../../migrations/0019_need_known.sql"),
    ),
    (
        "0020_reminder_note",
        include_str!("../../migrations/0020_reminder_note.sql"),
    ),
    (
        "0021_import_hash",
        include_str!("../../migrations/0021_import_hash.sql"),
    ),
    (
        "0022_sync_problem",
        include_str!("../../migrations/0022_sync_problem.sql"),
    ),
    (
        "0023_list_order",
        include_str!("../../migrations/0023_list_order.sql"),
    ),
    (
        "0024_quick_counts",
        include_str!("../../migrations/0024_quick_counts.sql"),
    ),
    (
        "0025_touch_days",
        include_str!("../../migrations/0025_touch_days.sql"),
    ),
    (
        "0026_today_windows",
        include_str!("../../migrations/0026_today_windows.sql"),
    ),
    (
        "0027_constant_lists",
        include_str!("../../migrations/0027_constant_lists.sql"),
    ),
    (
        "0028_key_index",
        include_str!("../../migrations/0028_key_index.sql"),
    ),
    (
        "0029_quiet_notes",
        include_str!("../../migrations/0029_quiet_notes.sql"),
    ),
];

fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    migrate_with(conn, path, MIGRATIONS)
}

/// `migrate` over a given list of steps. Public for the tests, which add a step
/// to prove a store is backed up before a migration and kept when one fails.
#[doc(hidden)]
pub fn migrate_with(conn: &mut Connection, path: &Path, steps: &[(&str, &str)]) -> Result<()> {
    let target = steps.len() as i64;
    let found = version(conn)?;
    if found > target {
        return Err(Error::StoreTooNew {
            path: path.to_path_buf(),
            found,
            supported: target,
        });
    }
    if found == target {
        return Ok(());
    }
    if found == 0 {
        refuse_foreign(conn, path)?;
    }
    if found > 0 && path != Path::new(":memory:") {
        backup(conn, path, found)?;
    }
    apply(conn, steps, target as usize)
}

/// SQLite's message without the SQL it quotes (a whole migration script).
fn short(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        rusqlite::Error::SqliteFailure(_, Some(msg)) => msg.clone(),
        other => other
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string(),
    }
}

/// A database at version 0 that already holds tables is someone else's:
/// migrating it would fail half-way or mix Kith's tables into it.
pub(crate) fn refuse_foreign(conn: &mut Connection, path: &Path) -> Result<()> {
    // One snapshot: another Kith creating this store at the same moment
    // commits its tables and version together.
    let tx = conn.transaction()?;
    let tables = super::maintenance::foreign_tables(&tx)?;
    tx.commit()?;
    if tables.is_empty() {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "{} is not a Kith store (it holds other tables: {}); Kith leaves it alone (give another file with --db)",
        path.display(),
        crate::sanitize::one_line(&tables.join(", "))
    )))
}

/// Applies the steps up to `target`. Each step re-reads the version inside its
/// own transaction, so two processes opening a new store at once do not both apply it.
pub fn migrate_to(conn: &mut Connection, target: usize) -> Result<()> {
    apply(conn, MIGRATIONS, target)
}

fn apply(conn: &mut Connection, steps: &[(&str, &str)], target: usize) -> Result<()> {
    for (i, (name, sql)) in steps.iter().enumerate().take(target) {
        let step = i as i64 + 1;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if version(&tx)? >= step {
            continue;
        }
        tx.execute_batch(sql)
            .map_err(|e| Error::Invalid(format!("migration {name} failed: {}", short(&e))))?;
        // PRAGMA takes no bound parameters; `step` is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {step}"))?;
        tx.commit()?;
        // Fold the step into the file so the log restarts for the next one:
        // creating a store then needs room for one step's pages, not all of them.
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }
    Ok(())
}

/// Copies the store with SQLite's online backup API to `<store>.v<N>.bak`
/// (`<store>.v<N>.<K>.bak` when an earlier attempt left one), checked and 0600.
fn backup(conn: &Connection, path: &Path, from_version: i64) -> Result<PathBuf> {
    let dest = super::maintenance::next_migration_backup(path, from_version)?;
    super::maintenance::backup_to_file(conn, &dest)?;
    // Old ones go as `kith backup --keep` prunes: only this store's, oldest first.
    super::maintenance::prune_migration_backups(path, super::maintenance::KEEP_MIGRATION_BACKUPS)?;
    Ok(dest)
}
