//! The files of a task folder (a vdir: one `.ics` per task): what is there
//! with the size, mtime and inode that tell whether a file changed, and
//! writes that are atomic (a temporary file, fsync, rename) and never replace
//! a file that changed since Kith looked.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The extension of a task file.
pub const EXT: &str = "ics";

/// A file as the folder shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meta {
    pub size: i64,
    pub mtime_ns: i64,
    pub inode: i64,
}

fn meta_of(m: &fs::Metadata) -> Meta {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Meta {
            size: m.size() as i64,
            mtime_ns: m.mtime() * 1_000_000_000 + m.mtime_nsec(),
            inode: m.ino() as i64,
        }
    }
    #[cfg(not(unix))]
    {
        let mtime_ns = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i64);
        Meta {
            size: m.len() as i64,
            mtime_ns,
            inode: 0,
        }
    }
}

fn io(what: String) -> impl FnOnce(std::io::Error) -> Error {
    move |e| Error::io(what, e)
}

/// A task folder.
#[derive(Debug, Clone)]
pub struct Folder {
    dir: PathBuf,
}

impl Folder {
    /// The folder at `dir`, created (0700) when missing.
    pub fn open(dir: &Path) -> Result<Folder> {
        crate::files::create_private_dir(dir)?;
        let dir = fs::canonicalize(dir).map_err(io(format!("cannot open {}", dir.display())))?;
        Ok(Folder { dir })
    }

    /// Its absolute path: the key of what Kith remembers of it.
    pub fn key(&self) -> String {
        self.dir.to_string_lossy().into_owned()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The task files there, by name.
    pub fn scan(&self) -> Result<Vec<(String, Meta)>> {
        let what = || format!("cannot read the folder {}", self.dir.display());
        let mut out = Vec::new();
        for entry in fs::read_dir(&self.dir).map_err(io(what()))? {
            let entry = entry.map_err(io(what()))?;
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            if name.starts_with('.') || !name.ends_with(&format!(".{EXT}")) {
                continue;
            }
            let Ok(m) = entry.metadata() else {
                continue; // gone meanwhile
            };
            if m.is_file() {
                out.push((name, meta_of(&m)));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// A file's metadata now, or `None` when it is gone.
    pub fn meta(&self, name: &str) -> Result<Option<Meta>> {
        match fs::symlink_metadata(self.path(name)) {
            Ok(m) => Ok(Some(meta_of(&m))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io(
                format!("cannot read {}", self.path(name).display()),
                e,
            )),
        }
    }

    /// A file's text with the metadata it had while read (read again if it
    /// changed meanwhile); `None` when it is gone.
    pub fn read(&self, name: &str) -> Result<Option<(String, Meta)>> {
        let path = self.path(name);
        for _ in 0..3 {
            let Some(before) = self.meta(name)? else {
                return Ok(None);
            };
            let bytes = match fs::read(&path) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
            };
            if self.meta(name)? == Some(before) {
                let text = String::from_utf8(bytes)
                    .map_err(|_| Error::Invalid(format!("{}: not UTF-8 text", path.display())))?;
                return Ok(Some((text, before)));
            }
        }
        Err(Error::Invalid(format!(
            "{} keeps changing while Kith reads it; try again",
            path.display()
        )))
    }

    /// Writes `text` as `name`, atomically. With `expect`, only over the file
    /// as it was then (`None`: only where there is no file yet); answers
    /// `None` when the file changed, and writes nothing.
    pub fn write(&self, name: &str, text: &str, expect: Option<Meta>) -> Result<Option<Meta>> {
        let path = self.path(name);
        let what = || format!("cannot write {}", path.display());
        let mut tmp = tempfile::Builder::new()
            .prefix(".kith-")
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(io(what()))?;
        tmp.write_all(text.as_bytes()).map_err(io(what()))?;
        tmp.as_file().sync_all().map_err(io(what()))?;
        match expect {
            None => {
                // A hard link never replaces: a file made meanwhile is kept.
                match tmp.persist_noclobber(&path) {
                    Ok(_) => {}
                    Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                        return Ok(None)
                    }
                    Err(e) => return Err(Error::io(what(), e.error)),
                }
            }
            Some(seen) => {
                if self.meta(name)? != Some(seen) {
                    return Ok(None);
                }
                tmp.persist(&path).map_err(|e| Error::io(what(), e.error))?;
            }
        }
        self.sync_dir();
        self.meta(name)
    }

    /// Removes `name` if it is as it was (`seen`); answers whether it did.
    pub fn remove(&self, name: &str, seen: Meta) -> Result<bool> {
        match self.meta(name)? {
            Some(now) if now == seen => {}
            _ => return Ok(false),
        }
        let path = self.path(name);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(Error::io(format!("cannot remove {}", path.display()), e)),
        }
        self.sync_dir();
        Ok(true)
    }

    /// The rename reaches the disk with the folder's entry.
    fn sync_dir(&self) {
        if let Ok(d) = fs::File::open(&self.dir) {
            let _ = d.sync_all();
        }
    }
}

/// A hash of a file's text (FNV-1a, 64 bits): a quick look for a change.
pub fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A task's file name: its UID when that is made of characters every
/// system and vdirsyncer keep as they are, else a new UUID.
pub fn file_name(uid: &str) -> String {
    let safe = !uid.is_empty()
        && uid.len() <= 200
        && !uid.starts_with('.')
        && uid
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-+".contains(c));
    if safe {
        format!("{uid}.{EXT}")
    } else {
        format!("{}.{EXT}", uuid::Uuid::new_v4())
    }
}
