//! Backups and health checks of a store.
//!
//! A backup is taken with SQLite's online backup API in one step, so it is a
//! consistent snapshot even while a TUI or another command writes: in WAL mode
//! the copy reads one snapshot and writers carry on. It is written to a
//! temporary file, checked, and only then renamed to its final name, so a
//! backup under a `kith-*.db` name is always complete.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Local};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

/// Suffix of the backups `kith backup` writes and prunes; the prefix is the
/// store's name (`kith-` for `kith.db`), so stores sharing a folder never
/// count or prune each other's backups.
const SUFFIX: &str = ".db";
/// How many pre-migration backups of one store are kept.
pub const KEEP_MIGRATION_BACKUPS: usize = 10;

/// `kith.db` → `kith-`; `work.sqlite` → `work.sqlite-`.
fn prefix(store: &Path) -> String {
    let name = store.file_name().unwrap_or_default().to_string_lossy();
    format!("{}-", name.strip_suffix(SUFFIX).unwrap_or(&name))
}
/// How often a backup step retries while another connection holds a lock.
const BUSY_RETRIES: u32 = 200;

/// The default backup folder: `backups` next to the store.
pub fn default_backup_dir(store: &Path) -> PathBuf {
    store
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// What `backup_to_dir` did.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    /// Older backups removed to keep the newest `keep`.
    pub removed: Vec<PathBuf>,
}

/// Writes a backup of the store at `store` named by it and by `at`
/// (`kith-2026-11-22T231500.db`) into `dir`, then keeps only the newest
/// `keep` backups of that store there. Other files are never touched.
pub fn backup_to_dir(
    conn: &Connection,
    store: &Path,
    dir: &Path,
    at: DateTime<Local>,
    keep: usize,
) -> Result<BackupReport> {
    crate::files::create_private_dir(dir)?;
    let stamp = at.format("%Y-%m-%dT%H%M%S").to_string();
    // Several backups in one second: kith-…T231500.2.db sorts after the first,
    // numbered past the highest of that second even when older ones were pruned.
    let prefix = prefix(store);
    let taken = list_backups(dir, store)?
        .iter()
        .filter_map(|p| backup_key(p.file_name()?.to_str()?, &prefix))
        .filter(|(s, _)| *s == stamp)
        .map(|(_, n)| n)
        .max();
    let mut n = taken.map_or(1, |n| n + 1);
    let dest = loop {
        let name = if n == 1 {
            format!("{prefix}{stamp}{SUFFIX}")
        } else {
            format!("{prefix}{stamp}.{n}{SUFFIX}")
        };
        let dest = dir.join(name);
        if !dest.exists() {
            break dest;
        }
        n += 1;
    };
    backup_to_file(conn, &dest)?;
    let bytes = std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
    let removed = prune(list_backups(dir, store)?, keep.max(1))?;
    Ok(BackupReport {
        path: dest,
        bytes,
        removed,
    })
}

/// Copies the store behind `conn` to `dest` (which must not exist) with the
/// online backup API, checks the copy and renames it into place. The file is 0600.
pub fn backup_to_file(conn: &Connection, dest: &Path) -> Result<()> {
    let mut tmp_name = dest.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".partial");
    let tmp = dest.with_file_name(tmp_name);
    let result = write_copy(conn, &tmp).and_then(|()| {
        std::fs::rename(&tmp, dest).map_err(|e| {
            Error::io(
                format!("cannot move the backup into place at {}", dest.display()),
                e,
            )
        })
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn write_copy(conn: &Connection, tmp: &Path) -> Result<()> {
    let _ = std::fs::remove_file(tmp);
    create_private_file(tmp)?;
    let mut dst = Connection::open(tmp)?;
    {
        let backup = Backup::new(conn, &mut dst)?;
        let mut retries = 0;
        loop {
            // All pages in one step: one consistent snapshot of the source.
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                StepResult::Busy | StepResult::Locked => {
                    retries += 1;
                    if retries > BUSY_RETRIES {
                        return Err(Error::Invalid(
                            "the store stayed locked by another process; no backup was written"
                                .into(),
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
    let verdict: String = dst.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(Error::Invalid(format!(
            "the backup failed its check ({verdict}); it was not kept"
        )));
    }
    // The copy is a single file: fold any journal into it before it is closed.
    dst.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    })?;
    dst.close().map_err(|(_, e)| Error::from(e))?;
    Ok(())
}

/// The backups of the store at `store` in `dir` that `kith backup` wrote, oldest first.
pub fn list_backups(dir: &Path, store: &Path) -> Result<Vec<PathBuf>> {
    let prefix = prefix(store);
    files_by_key(dir, |name| backup_key(name, &prefix))
}

/// The backups taken before migrations of the store at `store`
/// (`kith.db.v3.bak`, `kith.db.v3.2.bak`), oldest first.
pub fn list_migration_backups(store: &Path) -> Result<Vec<PathBuf>> {
    Ok(migration_backups(store)?
        .into_iter()
        .map(|(_, p)| p)
        .collect())
}

/// Where the next pre-migration backup from `version` goes: numbered past
/// the highest taken from that version, even when older ones were pruned.
pub fn next_migration_backup(store: &Path, version: i64) -> Result<PathBuf> {
    let k = migration_backups(store)?
        .iter()
        .filter(|((v, _), _)| i64::from(*v) == version)
        .map(|((_, k), _)| k + 1)
        .max()
        .unwrap_or(1);
    let mut name = store.file_name().unwrap_or_default().to_os_string();
    if k == 1 {
        name.push(format!(".v{version}.bak"));
    } else {
        name.push(format!(".v{version}.{k}.bak"));
    }
    Ok(store.with_file_name(name))
}

fn migration_backups(store: &Path) -> Result<Vec<((u32, u32), PathBuf)>> {
    let name = store.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!("{name}.v");
    let dir = match store.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let files = files_by_key(dir, |file| migration_key(file, &prefix))?;
    Ok(files
        .into_iter()
        .filter_map(|p| {
            let key = migration_key(p.file_name()?.to_str()?, &prefix)?;
            Some((key, p))
        })
        .collect())
}

/// `kith.db.v3.bak` → (3, 1); `kith.db.v3.2.bak` → (3, 2).
fn migration_key(file: &str, prefix: &str) -> Option<(u32, u32)> {
    let core = file.strip_prefix(prefix)?.strip_suffix(".bak")?;
    match core.split_once('.') {
        Some((v, k)) => Some((v.parse().ok()?, k.parse().ok()?)),
        None => Some((core.parse().ok()?, 1)),
    }
}

/// Keeps the newest `keep` pre-migration backups of the store at `store`.
pub fn prune_migration_backups(store: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    prune(list_migration_backups(store)?, keep.max(1))
}

/// The files of `dir` that `key` recognises, in the order of their keys.
fn files_by_key<K: Ord>(dir: &Path, key: impl Fn(&str) -> Option<K>) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("cannot read {}", dir.display()), e)),
    };
    let mut found: Vec<(K, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            key(&name).map(|k| (k, e.path()))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found.into_iter().map(|(_, p)| p).collect())
}

/// `kith-2026-11-22T231500.db` → ("2026-11-22T231500", 1); `….3.db` → (…, 3).
fn backup_key(name: &str, prefix: &str) -> Option<(String, u32)> {
    let core = name.strip_prefix(prefix)?.strip_suffix(SUFFIX)?;
    let (stamp, n) = match core.split_once('.') {
        Some((s, n)) => (s, n.parse().ok()?),
        None => (core, 1),
    };
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%dT%H%M%S").ok()?;
    Some((stamp.to_string(), n))
}

/// Removes the oldest of `all` (oldest first) beyond the newest `keep`.
fn prune(all: Vec<PathBuf>, keep: usize) -> Result<Vec<PathBuf>> {
    let excess = all.len().saturating_sub(keep);
    let mut removed = Vec::new();
    for p in all.into_iter().take(excess) {
        std::fs::remove_file(&p)
            .map_err(|e| Error::io(format!("cannot remove the old backup {}", p.display()), e))?;
        removed.push(p);
    }
    Ok(removed)
}

/// The outcome of `check`: empty `problems` means the store is healthy.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub schema_version: i64,
    pub people: i64,
    pub notes: i64,
    pub pages: i64,
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The heading of problems `kith check --repair` mends (derived data).
pub const DERIVED_MATCHES: &str = "needs and offers (kith check --repair matches them again)";
/// The headings of the search indexes' problems: derived from the people,
/// so `kith check --repair` builds them again.
pub const SEARCH_INDEX: &str = "search index";
pub const NAME_INDEX: &str = "name index";
pub const SUMMARIES: &str = "kept summaries";

/// Whether a problem is in derived data, which `kith check --repair` mends.
pub fn is_derived(problem: &str) -> bool {
    [DERIVED_MATCHES, SEARCH_INDEX, NAME_INDEX, SUMMARIES]
        .iter()
        .any(|h| problem.starts_with(h))
}

/// What [`repair`] built again.
pub struct Repaired {
    /// Needs and offers matched again.
    pub marked_notes: usize,
    /// People whose touch summaries were summed up again.
    pub summaries: usize,
}

/// Builds all derived data again from what it derives from, in the
/// caller's transaction: the matches of needs and offers, the kept
/// summaries and both search indexes (`kith check --repair`).
pub fn repair(tx: &Connection) -> Result<Repaired> {
    let marked_notes = super::needs::rebuild(tx)?;
    let summaries = super::summaries::rebuild(tx)?;
    super::bulk::with_search_rebuilt_after(tx, |_| Ok(()))?;
    Ok(Repaired {
        marked_notes,
        summaries,
    })
}

/// How many lines of one kind of problem are reported before "and N more".
const MAX_LINES: usize = 20;

/// Checks an existing store without changing it: SQLite's integrity check,
/// foreign keys, the search index's own check, and that every person (and
/// nobody else) is in the search index.
pub fn check(path: &Path) -> Result<CheckReport> {
    if !path.is_file() {
        return Err(Error::Invalid(format!(
            "there is no store at {}",
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .or_else(|_| Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let opened = conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0));
    if let Err(e) = opened {
        if e.sqlite_error_code() != Some(rusqlite::ErrorCode::CannotOpen) {
            return Ok(CheckReport {
                problems: vec![format!("integrity: {e}")],
                ..CheckReport::default()
            });
        }
        // A WAL store on a read-only disk or folder: read it as immutable.
        let uri = format!("file:{}?mode=ro&immutable=1", super::uri_path(path));
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
        )?;
        return check_conn(&conn);
    }
    check_conn(&conn)
}

pub fn check_conn(conn: &Connection) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    let integrity = match rows_of(conn, "PRAGMA integrity_check") {
        Ok(rows) => rows,
        // A file that is not a database at all, or a damaged header.
        Err(e) => {
            report.problems.push(format!("integrity: {e}"));
            return Ok(report);
        }
    };
    if integrity != ["ok"] {
        push_all(&mut report.problems, "integrity", integrity);
        // The rest reads the same damaged pages; report what SQLite found.
        return Ok(report);
    }
    report.schema_version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let supported = super::MIGRATIONS.len() as i64;
    if report.schema_version > supported {
        return Err(Error::StoreTooNew {
            path: conn.path().map(PathBuf::from).unwrap_or_default(),
            found: report.schema_version,
            supported,
        });
    }
    report.pages = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    if report.schema_version == 0 {
        let tables = foreign_tables(conn)?;
        if !tables.is_empty() {
            return Err(Error::Invalid(format!(
                "{} is not a Kith store (it holds other tables: {})",
                conn.path().unwrap_or("the file"),
                tables.join(", ")
            )));
        }
        // A new, empty store: nothing more to check.
        return Ok(report);
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let fk: Vec<String> = stmt
        .query_map([], |r| {
            let table: String = r.get(0)?;
            let rowid: Option<i64> = r.get(1)?;
            let parent: String = r.get(2)?;
            Ok(format!(
                "{table} row {} points to a missing {parent}",
                rowid.map_or("?".into(), |i| i.to_string())
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    push_all(&mut report.problems, "foreign keys", fk);

    // FTS5's own check: each index agrees with itself (and the whole-document
    // one with the text it stores); then each holds everyone and no one else.
    let indexes = [("person_fts", SEARCH_INDEX), ("person_key_fts", NAME_INDEX)];
    let present = if report.schema_version >= KEY_INDEX_VERSION {
        2
    } else {
        1
    };
    for (index, label) in &indexes[..present] {
        if let Err(e) = conn.execute(
            &format!("INSERT INTO {index}({index}) VALUES('integrity-check')"),
            [],
        ) {
            if !is_read_only(&e) {
                report.problems.push(format!("{label} ({index}): {e}"));
            }
        }
        let (missing, stray) = missing_and_stray(conn, index, "rowid")?;
        if missing > 0 {
            report
                .problems
                .push(format!("{label}: {missing} people are missing from it"));
        }
        if stray > 0 {
            report
                .problems
                .push(format!("{label}: {stray} entries belong to nobody"));
        }
    }
    push_all(&mut report.problems, "dates", unreadable_dates(conn)?);
    // Links, introductions and the derived matches (a store of this version).
    if report.schema_version == supported {
        let links = super::returns_check::links_and_intros(conn)?;
        push_all(&mut report.problems, "links and introductions", links);
        let matches = super::returns_check::matches(conn)?;
        push_all(&mut report.problems, DERIVED_MATCHES, matches);
        let summaries = super::summaries::problems(conn)?;
        push_all(&mut report.problems, SUMMARIES, summaries);
    }
    report.people = conn.query_row("SELECT count(*) FROM person", [], |r| r.get(0))?;
    report.notes = conn.query_row("SELECT count(*) FROM note", [], |r| r.get(0))?;
    Ok(report)
}

/// How a stored date column is written.
#[derive(Clone, Copy)]
enum DateKind {
    /// `2026-11-22`
    Day,
    /// `2026-11-22T12:00:00Z`
    Instant,
    /// `1980-02-29` or `--02-29`
    Birthday,
}

/// Every stored date, as the range triggers of migration 0006 guard them.
const DATE_COLUMNS: &[(&str, &[(&str, DateKind)])] = &[
    (
        "person",
        &[
            ("birthday", DateKind::Birthday),
            ("archived_at", DateKind::Instant),
            ("bumped_at", DateKind::Instant),
            ("prompt_snoozed_until", DateKind::Day),
            ("created_at", DateKind::Instant),
            ("updated_at", DateKind::Instant),
        ],
    ),
    (
        "event",
        &[
            ("starts_on", DateKind::Day),
            ("ends_on", DateKind::Day),
            ("created_at", DateKind::Instant),
        ],
    ),
    (
        "meeting",
        &[("met_on", DateKind::Day), ("created_at", DateKind::Instant)],
    ),
    (
        "note",
        &[
            ("happened_at", DateKind::Instant),
            ("created_at", DateKind::Instant),
            ("need_met_on", DateKind::Day),
        ],
    ),
    (
        "reminder",
        &[
            ("due_on", DateKind::Day),
            ("snoozed_until", DateKind::Day),
            ("done_at", DateKind::Instant),
            ("created_at", DateKind::Instant),
        ],
    ),
];

/// Reads every stored date as the program does and names those it cannot
/// read or that lie outside the supported years: `note #12 happened_at: …`.
fn unreadable_dates(conn: &Connection) -> Result<Vec<String>> {
    use crate::when::{check_stored_birthday, check_stored_date, check_stored_instant};
    let mut found = Vec::new();
    for (table, columns) in DATE_COLUMNS {
        // A store left at an earlier version (a kill while it was being
        // created or migrated) lacks the later columns: it is checked as that
        // version holds it, and the next open migrates it.
        let present = column_names(conn, table)?;
        for (column, kind) in columns
            .iter()
            .filter(|(c, _)| present.iter().any(|p| p == c))
        {
            // Identifiers come from the constant above, never from input.
            let sql = format!(
                "SELECT id, CAST({column} AS TEXT) FROM {table} WHERE {column} IS NOT NULL ORDER BY id"
            );
            let mut stmt = conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let value: String = row.get(1)?;
                let checked = match kind {
                    DateKind::Day => check_stored_date(&value),
                    DateKind::Instant => check_stored_instant(&value),
                    DateKind::Birthday => check_stored_birthday(&value),
                };
                if let Err(why) = checked {
                    found.push(format!("{table} #{id} {column}: {why}"));
                }
            }
        }
    }
    Ok(found)
}

/// The columns `table` has in this store.
fn column_names(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT name FROM pragma_table_info(?1)")?;
    let names = stmt
        .query_map([table], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names)
}

/// The tables of a database at version 0 (a few, for the message); none for
/// a new, empty store. Read within the caller's snapshot.
pub(crate) fn foreign_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')
         AND name NOT LIKE 'sqlite_%' AND (SELECT user_version FROM pragma_user_version) = 0
         ORDER BY name LIMIT 5",
    )?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names)
}

/// For a table kept per person, whose `key` column holds the person's id:
/// how many people have no row in it, and how many rows belong to nobody.
pub(super) fn missing_and_stray(conn: &Connection, table: &str, key: &str) -> Result<(i64, i64)> {
    let missing = conn.query_row(
        &format!("SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = p.id)"),
        [],
        |r| r.get(0),
    )?;
    let stray = conn.query_row(
        &format!("SELECT count(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = t.{key})"),
        [],
        |r| r.get(0),
    )?;
    Ok((missing, stray))
}

/// The schema version from which a store has the name index (migration 0028).
const KEY_INDEX_VERSION: i64 = 28;

fn is_read_only(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::ReadOnly)
}

fn rows_of(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

fn push_all(problems: &mut Vec<String>, what: &str, lines: Vec<String>) {
    let total = lines.len();
    for l in lines.into_iter().take(MAX_LINES) {
        problems.push(format!("{what}: {l}"));
    }
    if total > MAX_LINES {
        problems.push(format!("{what}: and {} more", total - MAX_LINES));
    }
}

fn create_private_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map(|_| ())
        .map_err(|e| Error::io(format!("cannot write the backup {}", path.display()), e))
}
