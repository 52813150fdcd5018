//! `kith sync`: pull → vdirsyncer → pull → push → vdirsyncer, under a lock,
//! over the folders `kith sync setup` made. Kith merges what came in before
//! it writes anything, so vdirsyncer only ever carries files across.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};
use crate::store::Store;
use crate::when::Clock;

use super::setup::SyncConfig;
use super::tasks::{self, Report};

/// What vdirsyncer carried, counted from what it says it did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Carried {
    /// Items written to the server (new or changed) and removed there.
    pub uploaded: usize,
    pub deleted_on_server: usize,
    /// Items written to the local folders and removed there.
    pub downloaded: usize,
    pub deleted_here: usize,
}

impl Carried {
    fn add(&mut self, o: Carried) {
        self.uploaded += o.uploaded;
        self.deleted_on_server += o.deleted_on_server;
        self.downloaded += o.downloaded;
        self.deleted_here += o.deleted_here;
    }

    /// Reads vdirsyncer's log lines ("Copying (uploading) item X to kith_tasks_remote").
    pub fn from_log(log: &str) -> Carried {
        let mut c = Carried::default();
        for line in log.lines() {
            let remote = line.trim_end().ends_with("_remote");
            let local = line.trim_end().ends_with("_local");
            if line.contains("Copying (uploading)") || line.contains("Copying (updating)") {
                if remote {
                    c.uploaded += 1;
                } else if local {
                    c.downloaded += 1;
                }
            } else if line.contains("Deleting item") {
                if remote {
                    c.deleted_on_server += 1;
                } else if local {
                    c.deleted_here += 1;
                }
            }
        }
        c
    }
}

/// What a whole `kith sync` did.
#[derive(Debug, Clone, Default)]
pub struct SyncReport {
    /// What came into Kith (both pulls).
    pub pulled: Report,
    /// What Kith wrote to its folders.
    pub pushed: Report,
    pub carried: Carried,
}

/// The vdirsyncer to run: `KITH_VDIRSYNCER`, else `vdirsyncer` on the PATH.
pub fn vdirsyncer_program() -> PathBuf {
    match std::env::var_os("KITH_VDIRSYNCER") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from("vdirsyncer"),
    }
}

/// Runs vdirsyncer with Kith's config; its log on success, an error with
/// what it said on failure.
fn vdirsyncer(program: &Path, config: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new(program)
        .arg("-c")
        .arg(config)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::Invalid(format!(
                    "{} is not installed or not on the PATH; kith sync runs it to reach the server (install it with `pipx install vdirsyncer`, `python3 -m pip install vdirsyncer` or your system's package)",
                    program.display()
                ))
            } else {
                Error::io(format!("cannot run {}", program.display()), e)
            }
        })?;
    let mut log = String::from_utf8_lossy(&out.stderr).into_owned();
    log.push_str(&String::from_utf8_lossy(&out.stdout));
    if out.status.success() {
        return Ok(log);
    }
    let said: Vec<String> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(crate::sanitize::one_line)
        .collect();
    Err(Error::Invalid(format!(
        "vdirsyncer {} failed ({}); it said:\n  {}",
        args.join(" "),
        out.status,
        said.join("\n  ")
    )))
}

/// `vdirsyncer sync`, discovering the collections first when it asks for that.
fn vdirsyncer_sync(program: &Path, config: &Path) -> Result<Carried> {
    match vdirsyncer(program, config, &["sync"]) {
        Ok(log) => Ok(Carried::from_log(&log)),
        Err(Error::Invalid(msg)) if msg.contains("vdirsyncer discover") => {
            vdirsyncer(program, config, &["discover"])?;
            Ok(Carried::from_log(&vdirsyncer(program, config, &["sync"])?))
        }
        Err(e) => Err(e),
    }
}

/// Runs `vdirsyncer discover` (at setup: checks the server answers).
pub fn discover(program: &Path, config: &Path) -> Result<()> {
    vdirsyncer(program, config, &["discover"]).map(|_| ())
}

/// The lock that lets one `kith sync` run on a store at a time. Released
/// when dropped (or when the process ends, however it ends).
pub struct SyncLock {
    _file: File,
}

/// Takes the sync lock of a store; `waiting` is called once if another
/// `kith sync` holds it, then this one waits for it.
pub fn lock(store: &Path, waiting: impl FnOnce()) -> Result<SyncLock> {
    let mut name = store.as_os_str().to_os_string();
    name.push(".sync-lock");
    let path = PathBuf::from(name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options
        .open(&path)
        .map_err(|e| Error::io(format!("cannot open the sync lock {}", path.display()), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        let fd = file.as_raw_fd();
        // SAFETY: flock on a descriptor this function owns.
        if unsafe { libc::flock(fd, libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            waiting();
            // SAFETY: as above; blocks until the other sync ends.
            if unsafe { libc::flock(fd, libc::LOCK_EX) } != 0 {
                return Err(Error::io(
                    format!("cannot take the sync lock {}", path.display()),
                    std::io::Error::last_os_error(),
                ));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = waiting;
    Ok(SyncLock { _file: file })
}

/// A card pull's report in the words of the whole sync.
fn from_cards_pull(r: super::cards::PullReport) -> Report {
    let mut out = Report {
        added: r.added,
        updated: r.updated,
        problems: r.problems,
        ..Report::default()
    };
    out.problems.extend(
        r.pairs
            .iter()
            .map(|p| format!("two cards, one person? {}", p.describe())),
    );
    out.updated.extend(
        r.restored
            .into_iter()
            .map(|n| format!("{n} (card back: restored)")),
    );
    out.deleted.extend(
        r.archived
            .into_iter()
            .map(|n| format!("{n} (card removed: archived)")),
    );
    out.conflicts
        .extend(r.conflicts.into_iter().map(|(who, c)| {
            format!(
                "{who}: {} changed in Kith ({:?}) and on the card ({:?}); the card's value kept",
                c.field, c.kith, c.card
            )
        }));
    out
}

fn from_cards_push(r: super::cards::PushReport) -> Report {
    let mut out = Report {
        added: r.created,
        updated: r.rewritten,
        deleted: r.removed,
        problems: r.problems,
        ..Report::default()
    };
    out.problems.extend(
        r.left
            .into_iter()
            .map(|n| format!("{n}: changed since the last pull; the next run takes it in")),
    );
    out
}

/// Cards first, then tasks: a task names its person by the card's UID, so
/// people pulled from the cards are there when their follow-ups come in.
fn pull_all(store: &mut Store, cfg: &SyncConfig, clock: &Clock) -> Result<Report> {
    let mut r = Report::default();
    if let Some(dir) = &cfg.contacts {
        r.extend(from_cards_pull(super::cards::pull(
            store, dir, clock.now, false,
        )?));
    }
    if let Some(dir) = &cfg.tasks {
        r.extend(tasks::pull(store, dir, clock)?);
    }
    Ok(r)
}

fn push_all(store: &mut Store, cfg: &SyncConfig, clock: &Clock) -> Result<Report> {
    let mut r = Report::default();
    if let Some(dir) = &cfg.contacts {
        r.extend(from_cards_push(super::cards::push(
            store, dir, clock.now, false,
        )?));
    }
    if let Some(dir) = &cfg.tasks {
        r.extend(tasks::push(store, dir, clock, false)?);
    }
    Ok(r)
}

/// The five steps of a sync, each announced through `progress` ("2/5 …").
/// The caller holds the lock.
pub fn sync(
    store: &mut Store,
    cfg: &SyncConfig,
    clock: &Clock,
    program: &Path,
    mut progress: impl FnMut(usize, &str),
) -> Result<SyncReport> {
    if let Some(path) = store.path() {
        let same = match (
            std::fs::canonicalize(path),
            std::fs::canonicalize(&cfg.store),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => path == cfg.store,
        };
        if !same {
            return Err(Error::Invalid(format!(
                "the sync set up is for the store {}, not {}; run kith sync setup --force for this one",
                cfg.store.display(),
                path.display()
            )));
        }
    }
    let mut report = SyncReport::default();
    progress(1, "reading what changed in the folders");
    report.pulled.extend(pull_all(store, cfg, clock)?);
    progress(2, "vdirsyncer: fetching from the server");
    report
        .carried
        .add(vdirsyncer_sync(program, &cfg.vdirsyncer_config)?);
    progress(3, "reading what came from the server");
    report.pulled.extend(pull_all(store, cfg, clock)?);
    progress(4, "writing what changed in Kith");
    report.pushed.extend(push_all(store, cfg, clock)?);
    progress(5, "vdirsyncer: sending to the server");
    report
        .carried
        .add(vdirsyncer_sync(program, &cfg.vdirsyncer_config)?);
    // Both pulls may say the same thing of a file left alone.
    let problems = &mut report.pulled.problems;
    let mut seen = std::collections::HashSet::new();
    problems.retain(|p| seen.insert(p.clone()));
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vdirsyncers_log_is_counted_by_direction() {
        let log = "Syncing kith_tasks\n\
            Copying (uploading) item a to kith_tasks_remote\n\
            Copying (updating) item b to kith_tasks_remote\n\
            Copying (uploading) item c to kith_contacts_local\n\
            Deleting item d from kith_tasks_remote\n\
            Deleting item e from kith_contacts_local\n";
        assert_eq!(
            Carried::from_log(log),
            Carried {
                uploaded: 2,
                deleted_on_server: 1,
                downloaded: 1,
                deleted_here: 1
            }
        );
    }
}
