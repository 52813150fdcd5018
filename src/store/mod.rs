//! The SQLite store. All SQL of Kith lives in this module and its children;
//! parameters are always bound, never formatted into SQL.

pub mod addresses;
pub mod bulk;
pub mod bulk_write;
pub mod edits;
pub mod events;
pub mod identity;
pub mod import_hash;
pub mod interop;
pub mod intros;
pub mod links;
pub mod mail;
pub mod maintenance;
pub mod merge;
mod migrate;
pub mod needs;
pub mod notes;
pub mod people;
pub mod prompts;
pub mod reminders;
pub mod returns;
pub mod returns_check;
pub mod rhythm;
pub mod search;
pub mod stamp;
pub mod stats;
pub mod summaries;
pub mod sync;
pub mod task_sync;
pub mod undo;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Error, Result};

pub use migrate::{migrate_to, migrate_with, MIGRATIONS};

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 128;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How often a writer that found the store locked tries again.
const BUSY_POLL: Duration = Duration::from_millis(2);

/// Waits for another writer in short, even steps up to [`BUSY_TIMEOUT`]:
/// SQLite's own timeout backs off to 100 ms between tries, so a writer that
/// commits batch after batch with short pauses (an import) would never let a
/// waiting `kith add` in.
fn wait_for_writer(tries: i32) -> bool {
    if BUSY_POLL * tries.max(0) as u32 >= BUSY_TIMEOUT {
        return false;
    }
    std::thread::sleep(BUSY_POLL);
    true
}

/// The pause a long writer leaves between its transactions, long enough for
/// a waiting writer polling every [`BUSY_POLL`] to take the lock.
pub const WRITER_PAUSE: Duration = Duration::from_millis(10);

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Set when the store could only be opened for reading: why writes fail.
    unwritable: Option<String>,
    /// The file opened (device, inode): a write checks the path still names
    /// it, so a store deleted or replaced under a running Kith is not written
    /// into a file nobody will see again.
    file_id: Option<(u64, u64)>,
    /// While set, every write joins this one undo step (see [`Store::as_one_step`]).
    joined: Option<Joined>,
    /// Whether this connection has its undo-logging triggers yet: they are
    /// made before the first write, so a command that only reads never
    /// spends the time (two thirds of opening a store) making them.
    undo_ready: bool,
}

/// One undo step that several transactions write into.
struct Joined {
    label: String,
    step: Option<i64>,
}

/// The label of a write whose use case did not name it.
const UNNAMED_CHANGE: &str = "Last change";

impl Store {
    /// Opens (creating if needed) the store at `path`, migrating it to the current schema.
    /// A new store's folder is 0700 and its file 0600. A store on a read-only
    /// file or disk is opened for reading; a write then says it is read-only.
    pub fn open(path: &Path) -> Result<Store> {
        refuse_a_leftover_log(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::files::create_private_dir(dir)?;
        }
        let writable = create_private_file(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        match Store::open_with(path, flags) {
            Ok(store) => Ok(store),
            Err(Error::Sqlite(e)) => {
                let code = e.sqlite_error_code();
                let reason = if !writable && code == Some(ErrorCode::CannotOpen) {
                    // A WAL store on a read-only disk or folder cannot get its
                    // shared-memory file.
                    format!(
                        "the store {} is read-only; nothing was saved (check the file's permissions and the disk it is on)",
                        path.display()
                    )
                } else if matches!(
                    code,
                    Some(ErrorCode::DiskFull) | Some(ErrorCode::SystemIoFailure)
                ) {
                    // A full disk has no room for the shared-memory file either.
                    format!(
                        "the disk holding the store {} is full or failing ({e}); nothing was saved (free some space and try again)",
                        path.display()
                    )
                } else {
                    return Err(e.into());
                };
                // Still readable, as immutable, when no write-ahead log holds
                // changes that reading the file alone would miss.
                if wal_is_empty(path) {
                    Store::open_read_only(path, reason)
                } else {
                    Err(Error::Unwritable(reason))
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Opens a store that must already exist: the commands that only read
    /// (or export) never create folders or an empty store on a mistyped path.
    pub fn open_existing(path: &Path) -> Result<Store> {
        refuse_a_leftover_log(path)?;
        if !path.is_file() {
            return Err(Error::Invalid(format!(
                "there is no store at {} (kith add or kith import creates one; --db or KITH_DB names another)",
                path.display()
            )));
        }
        Store::open(path)
    }

    fn open_with(path: &Path, flags: OpenFlags) -> Result<Store> {
        let conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            unwritable: None,
            file_id: file_id(path),
            joined: None,
            undo_ready: false,
        };
        // Before WAL mode is set: that would already change someone else's file.
        migrate::refuse_foreign(&mut store.conn, path)?;
        store.configure()?;
        migrate::migrate(&mut store.conn, path)?;
        store.fill_sort_keys()?;
        store.match_needs()?;
        Ok(store)
    }

    /// Opens a store that cannot be written for reading only; every write then
    /// fails with `reason` and changes nothing.
    fn open_read_only(path: &Path, reason: String) -> Result<Store> {
        let uri = format!("file:{}?mode=ro&immutable=1", uri_path(path));
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        let store = Store {
            conn,
            path: Some(path.to_path_buf()),
            unwritable: Some(reason.clone()),
            file_id: file_id(path),
            joined: None,
            undo_ready: false,
        };
        if store.schema_version()? != MIGRATIONS.len() as i64 {
            // A new store, or one that needs migrating: neither can happen here.
            return Err(Error::Unwritable(reason));
        }
        Ok(store)
    }

    /// Why this store cannot be written, when it was opened for reading only.
    pub fn unwritable(&self) -> Option<&str> {
        self.unwritable.as_deref()
    }

    /// A store in memory, for tests and previews.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            unwritable: None,
            file_id: None,
            joined: None,
            undo_ready: false,
        };
        store.configure()?;
        migrate::migrate(&mut store.conn, Path::new(":memory:"))?;
        Ok(store)
    }

    /// Sort keys missing (rows written by another tool) are filled in at
    /// open, so lists sort everyone; one quick look when none are missing.
    fn fill_sort_keys(&mut self) -> Result<()> {
        let stale: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM person INDEXED BY person_sort_key_stale WHERE sort_key IS NULL)",
            [],
            |r| r.get(0),
        )?;
        if stale {
            // A cache of the names, not a change of the user's: no undo step.
            self.maintain(|tx| people::fill_sort_keys(tx))?;
        }
        Ok(())
    }

    /// Needs and offers another tool wrote are matched at open (each write
    /// of Kith's matches its own before it commits).
    fn match_needs(&mut self) -> Result<()> {
        if needs::any_stale(&self.conn)? {
            self.maintain(|_| Ok(()))?;
        }
        Ok(())
    }

    fn configure(&mut self) -> Result<()> {
        self.conn.busy_handler(Some(wait_for_writer))?;
        // A statement's plan never depends on the values bound to it. Without
        // this, a comparison of a bound value that the planner looks at (a
        // partial index's condition) makes SQLite prepare the statement again
        // on every new value, and cached statements save nothing.
        self.conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        // An import runs some forty statements per record (with their
        // triggers, some costly to prepare); rusqlite keeps 16 by default.
        self.conn
            .set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // journal_mode answers with a row, so it is queried rather than executed.
        let _mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        self.keep_log_on_close();
        self.conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             PRAGMA synchronous = NORMAL;
             -- The log is cut back to 4 MiB when it restarts, and to nothing
             -- when the last connection closes (it is kept, empty).
             PRAGMA journal_size_limit = 4194304;
             PRAGMA temp_store = MEMORY;
             -- SQLite's default 2 MiB of pages for a command that runs
             -- once; a session keeps more (keep_pages_for_a_session).
             PRAGMA cache_size = -2000;",
        )?;
        Ok(())
    }

    /// Keeps 16 MiB of pages for a long session (the TUI reloads Today after
    /// each key, and re-reads them from memory). A command that runs once
    /// keeps SQLite's default 2 MiB: every page it fills the cache with is
    /// memory the kernel must fault in and clear, which cost `kith today` at
    /// 100,000 people more (about 8 ms of 33) than reading a page again.
    pub fn keep_pages_for_a_session(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA cache_size = -16384")?;
        Ok(())
    }

    /// Keeps the write-ahead log and its shared-memory index when the last
    /// connection closes (emptied, not deleted): a command then neither
    /// creates nor deletes two files, and the store's stamp (`stamp::of`)
    /// stays the same while nobody writes.
    fn keep_log_on_close(&self) {
        let mut on: std::ffi::c_int = 1;
        // SAFETY: the handle is this open connection's; the file control
        // takes a pointer to an int that lives across the call. An in-memory
        // store has no log and answers SQLITE_NOTFOUND, which is fine.
        unsafe {
            rusqlite::ffi::sqlite3_file_control(
                self.conn.handle(),
                c"main".as_ptr(),
                rusqlite::ffi::SQLITE_FCNTL_PERSIST_WAL,
                (&mut on as *mut std::ffi::c_int).cast(),
            );
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` in one read transaction: every statement of it sees the same
    /// snapshot, and SQLite takes its shared lock and checks the WAL once
    /// instead of once per statement (thousands of system calls for Today).
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let out = f(&tx)?;
        // Nothing was written: ending it either way only releases the snapshot.
        tx.commit()?;
        Ok(out)
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one write transaction, taken up front (IMMEDIATE) so that two
    /// writers queue on the busy timeout instead of failing mid-way. Nothing of
    /// `f` is kept unless it returns `Ok`. What it changes is one undo step.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.change(UNNAMED_CHANGE, f)
    }

    /// [`Store::write`], as one undo step that says what was done (`label`,
    /// e.g. "Logged talk for Anna de Vries").
    pub fn change<T>(
        &mut self,
        label: &str,
        f: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        if let Some(reason) = &self.unwritable {
            return Err(Error::Unwritable(reason.clone()));
        }
        let path = self.path.clone();
        let explain = |e: Error| explain_write_error(e, path.as_deref());
        self.check_still_there()?;
        if !self.undo_ready {
            // From the live schema, as it is now (after any migration).
            undo::install(&self.conn).map_err(explain)?;
            self.undo_ready = true;
        }
        let (label, joined) = match &self.joined {
            Some(j) => (j.label.clone(), j.step),
            None => (label.to_string(), None),
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| explain(e.into()))?;
        let open = undo::begin(&tx, &label, joined).map_err(explain)?;
        let out = f(&tx).map_err(explain)?;
        needs::refresh(&tx).map_err(explain)?;
        let kept = undo::end(&tx, open).map_err(explain)?;
        tx.commit().map_err(|e| explain(e.into()))?;
        if let Some(j) = &mut self.joined {
            j.step = kept.then_some(open.step);
        }
        Ok(out)
    }

    /// A write that is not a change of the user's, so not an undo step: a
    /// cache Kith keeps itself (lookup keys computed from what is stored).
    pub fn maintain<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        if let Some(reason) = &self.unwritable {
            return Err(Error::Unwritable(reason.clone()));
        }
        self.check_still_there()?;
        let path = self.path.clone();
        let explain = |e: Error| explain_write_error(e, path.as_deref());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| explain(e.into()))?;
        let out = f(&tx).map_err(explain)?;
        needs::refresh(&tx).map_err(explain)?;
        tx.commit().map_err(|e| explain(e.into()))?;
        Ok(out)
    }

    /// Fails when the store's path no longer names the file that was opened
    /// (deleted, or replaced by another): a write would be lost with it.
    fn check_still_there(&self) -> Result<()> {
        let (Some(path), Some(opened)) = (&self.path, self.file_id) else {
            return Ok(());
        };
        if file_id(path) == Some(opened) {
            return Ok(());
        }
        Err(Error::Unwritable(format!(
            "the store {} was deleted or replaced while Kith had it open; nothing was saved (quit and start Kith again to open what is there now)",
            path.display()
        )))
    }

    /// Runs `f`, whose writes may be several transactions (an import in
    /// batches), as one undo step labelled `label`.
    pub fn as_one_step<T>(
        &mut self,
        label: &str,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        let outer = self.joined.replace(Joined {
            label: label.to_string(),
            step: None,
        });
        let out = f(self);
        self.joined = outer;
        out
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

/// Says plainly why a write failed, and that nothing of it was kept (the
/// transaction was rolled back). Other errors pass through unchanged.
fn explain_write_error(e: Error, path: Option<&Path>) -> Error {
    let Error::Sqlite(inner) = &e else {
        return e;
    };
    let store = path.map_or_else(
        || "the store".to_string(),
        |p| format!("the store {}", p.display()),
    );
    let why = match inner.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => format!(
            "{store} is read-only; nothing was saved (check the file's permissions and the disk it is on)"
        ),
        Some(ErrorCode::DiskFull) => format!(
            "the disk holding {store} is full; nothing was saved (free some space and try again)"
        ),
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => format!(
            "{store} stayed busy with another writer for {} s; nothing was saved (try again)",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(ErrorCode::CannotOpen) | Some(ErrorCode::SystemIoFailure) | Some(ErrorCode::PermissionDenied) => {
            format!("cannot write {store} ({inner}); nothing was saved")
        }
        _ => return e,
    };
    Error::Unwritable(why)
}

/// The device and inode of a file, where the system has them.
fn file_id(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// A write-ahead log beside a store that is gone may hold that store's last
/// changes; SQLite would drop it silently on creating a new store there. It
/// is left alone and named instead. (An empty store file with a log is a
/// store being created, its first steps still in the log: that is fine.)
fn refuse_a_leftover_log(path: &Path) -> Result<()> {
    if path.exists() || wal_is_empty(path) {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "{} is left from a store that is no longer at {} and may hold its last changes; put the store back beside it, or move the log away, then try again",
        crate::files::beside(path, "-wal").display(),
        path.display()
    )))
}

/// Whether the store's write-ahead log is absent or empty (all in the file).
fn wal_is_empty(path: &Path) -> bool {
    std::fs::metadata(crate::files::beside(path, "-wal")).map_or(true, |m| m.len() == 0)
}

/// A path as the path part of an SQLite URI: `%`, `?` and `#` escaped.
pub(crate) fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for ch in path.to_string_lossy().chars() {
        match ch {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            _ => out.push(ch),
        }
    }
    out
}

/// `text` for a LIKE pattern with `ESCAPE '\\'`: its `\\`, `%` and `_` match themselves.
pub(crate) fn like_escape(text: &str) -> String {
    text.trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Creates the store file private to its user before SQLite opens it; SQLite
/// gives its -wal and -shm files the same permissions. Answers whether the
/// file can be written.
fn create_private_file(path: &Path) -> Result<bool> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(file) => {
            // An empty file someone else made (0644, say) becomes a private store.
            #[cfg(unix)]
            if file.metadata().is_ok_and(|m| m.len() == 0) {
                use std::os::unix::fs::PermissionsExt;
                let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
            }
            drop(file);
            Ok(true)
        }
        // A read-only store can still be read; a write says it is read-only.
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            ) && path.is_file() =>
        {
            Ok(false)
        }
        Err(e) => Err(Error::io(
            format!("cannot open the store {}", path.display()),
            e,
        )),
    }
}
