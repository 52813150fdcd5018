//! The file side of a vdir (one item per file, as vdirsyncer, khard, khal and
//! todoman keep them): what is in a folder and what changed since Kith last
//! saw it (size, mtime and inode first, then a content hash), safe file
//! names, and writes that are whole or absent and never over a file someone
//! else changed meanwhile.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// A file larger than this is not a card or a task: it is reported and left alone.
pub const MAX_ITEM: u64 = 16 * 1024 * 1024;

/// What a file looked like: compared before reading it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stat {
    pub size: u64,
    /// Nanoseconds since the epoch.
    pub mtime: i64,
    pub inode: u64,
}

impl Stat {
    fn of(m: &fs::Metadata) -> Stat {
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt;
            m.ino()
        };
        #[cfg(not(unix))]
        let inode = 0;
        Stat {
            size: m.len(),
            mtime,
            inode,
        }
    }
}

/// One item file of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file name (no folder).
    pub name: String,
    pub stat: Stat,
}

/// The item files of `dir` with extension `ext` (`"vcf"`, `"ics"`), by name.
/// Hidden files (temporary files of Kith and vdirsyncer), folders, links and
/// names that are not UTF-8 are not items.
pub fn scan(dir: &Path, ext: &str) -> Result<Vec<Entry>> {
    let read = fs::read_dir(dir)
        .map_err(|e| Error::io(format!("cannot read the folder {}", dir.display()), e))?;
    let mut out = Vec::new();
    for entry in read {
        let entry =
            entry.map_err(|e| Error::io(format!("cannot read the folder {}", dir.display()), e))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if name.starts_with('.') || !has_ext(&name, ext) {
            continue;
        }
        // symlink_metadata: a link is not followed out of the folder.
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue; // gone since the listing
        };
        if !meta.is_file() {
            continue;
        }
        out.push(Entry {
            name,
            stat: Stat::of(&meta),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn has_ext(name: &str, ext: &str) -> bool {
    name.len() > ext.len() + 1
        && name
            .rsplit_once('.')
            .is_some_and(|(_, e)| e.eq_ignore_ascii_case(ext))
}

/// The file's stat now, or `None` when it is gone.
pub fn stat(dir: &Path, name: &str) -> Result<Option<Stat>> {
    let path = dir.join(name);
    match path.symlink_metadata() {
        Ok(m) if m.is_file() => Ok(Some(Stat::of(&m))),
        Ok(_) => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(format!("cannot read {}", path.display()), e)),
    }
}

/// A file's bytes and its stat as read (from the open file, so the two agree).
/// `None` when it is gone.
pub fn read(dir: &Path, name: &str) -> Result<Option<(Vec<u8>, Stat)>> {
    let path = dir.join(name);
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
    };
    let meta = file
        .metadata()
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    if meta.len() > MAX_ITEM {
        return Err(Error::Invalid(format!(
            "{} is larger than {} MiB; left alone",
            path.display(),
            MAX_ITEM / 1024 / 1024
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_ITEM + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    Ok(Some((bytes, Stat::of(&meta))))
}

/// The content hash Kith keeps per item (SHA-256, hex).
pub fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The characters vdirsyncer itself keeps in a file name made from a UID.
fn safe_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '+')
}

/// The file name for a new item: its UID when it is made only of vdirsyncer's
/// safe characters (and short enough for any file system), else a UUID made
/// from the UID, so a UID with `:`, `/` or `@` never becomes a second name
/// for one item.
pub fn file_name(uid: &str, ext: &str) -> String {
    let ok =
        !uid.is_empty() && uid.len() <= 200 && !uid.starts_with('.') && uid.chars().all(safe_char);
    if ok {
        format!("{uid}.{ext}")
    } else {
        let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, uid.as_bytes());
        format!("{id}.{ext}")
    }
}

/// Writes `bytes` to a temporary file in `dir` (hidden, so no scanner takes
/// it for an item), flushed to disk. The caller renames or links it.
fn temp_with(dir: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".kith-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(format!("cannot create a file in {}", dir.display()), e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(format!("cannot write in {}", dir.display()), e))?;
    Ok(tmp)
}

/// Makes the folder's new entries durable.
fn sync_dir(dir: &Path) {
    // Best effort: some file systems cannot open a folder for syncing.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Creates `dir/name` with `bytes`, whole or not at all, and never over an
/// existing file: `Ok(None)` when the name is taken.
pub fn create(dir: &Path, name: &str, bytes: &[u8]) -> Result<Option<Stat>> {
    check_name(name)?;
    let path = dir.join(name);
    let tmp = temp_with(dir, bytes)?;
    // A hard link fails when the name exists: the exclusive, atomic create.
    match fs::hard_link(tmp.path(), &path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(None),
        Err(_) => {
            // No hard links here (some network or FAT file systems): rename,
            // after checking the name is free (a tiny window, not a hole:
            // the next pull sees whatever won).
            if path.symlink_metadata().is_ok() {
                return Ok(None);
            }
            tmp.persist(&path)
                .map_err(|e| Error::io(format!("cannot write {}", path.display()), e.error))?;
            sync_dir(dir);
            return stat(dir, name);
        }
    }
    drop(tmp); // removes the temporary name; the item keeps the data
    sync_dir(dir);
    stat(dir, name)
}

/// Replaces `dir/name` with `bytes` (temporary file, fsync, rename) only if it
/// is still as Kith last saw it (`seen`): `Ok(None)` when someone changed or
/// removed it since, and then it is left for the next pull.
pub fn replace(dir: &Path, name: &str, bytes: &[u8], seen: Stat) -> Result<Option<Stat>> {
    check_name(name)?;
    let path = dir.join(name);
    let tmp = temp_with(dir, bytes)?;
    if stat(dir, name)? != Some(seen) {
        return Ok(None);
    }
    tmp.persist(&path)
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e.error))?;
    sync_dir(dir);
    stat(dir, name)
}

/// Removes `dir/name` only if it is still as Kith last saw it. Answers
/// whether it was removed (a file already gone counts as removed).
pub fn remove(dir: &Path, name: &str, seen: Stat) -> Result<bool> {
    check_name(name)?;
    match stat(dir, name)? {
        None => return Ok(true),
        Some(now) if now != seen => return Ok(false),
        Some(_) => {}
    }
    let path = dir.join(name);
    match fs::remove_file(&path) {
        Ok(()) => {
            sync_dir(dir);
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(Error::io(format!("cannot remove {}", path.display()), e)),
    }
}

/// A name stored in the store is only ever a plain file name in the folder.
fn check_name(name: &str) -> Result<()> {
    if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\', '\0']) {
        return Err(Error::Invalid(format!(
            "\"{name}\" is not a file name in a vdir"
        )));
    }
    Ok(())
}

/// The folder as Kith remembers it: its canonical path, so `./cards` and
/// `/home/me/cards` are one vdir. It must exist and be a folder.
pub fn canonical(dir: &Path) -> Result<PathBuf> {
    let path = dir
        .canonicalize()
        .map_err(|e| Error::io(format!("cannot open the folder {}", dir.display()), e))?;
    if !path.is_dir() {
        return Err(Error::Invalid(format!("{} is not a folder", dir.display())));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_uid_when_safe_else_one_uuid_per_uid() {
        assert_eq!(file_name("abc-1_2.x+y", "vcf"), "abc-1_2.x+y.vcf");
        let apple = file_name("4A2B:ABPerson", "vcf");
        assert_ne!(apple, "4A2B_ABPerson.vcf");
        assert_eq!(apple, file_name("4A2B:ABPerson", "vcf"));
        assert_ne!(apple, file_name("4A2B/ABPerson", "vcf"));
        for hostile in ["a/b", "x@y", "../up", ".hidden", "", &"u".repeat(300)] {
            let n = file_name(hostile, "vcf");
            assert!(
                n.len() < 255 && !n.contains('/') && !n.starts_with('.'),
                "{n}"
            );
        }
    }

    #[test]
    fn create_never_overwrites_and_replace_only_what_was_seen() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let s = create(d, "a.vcf", b"one").unwrap().unwrap();
        assert!(create(d, "a.vcf", b"two").unwrap().is_none());
        assert_eq!(fs::read(d.join("a.vcf")).unwrap(), b"one");
        let s2 = replace(d, "a.vcf", b"three", s).unwrap().unwrap();
        assert_eq!(fs::read(d.join("a.vcf")).unwrap(), b"three");
        // Seen before the last write: left alone.
        assert!(replace(d, "a.vcf", b"four", s).unwrap().is_none());
        assert!(!remove(d, "a.vcf", s).unwrap());
        assert!(remove(d, "a.vcf", s2).unwrap());
        // No temporary files are left behind.
        assert_eq!(fs::read_dir(d).unwrap().count(), 0);
    }

    #[test]
    fn scan_lists_items_only() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("b.vcf"), "x").unwrap();
        fs::write(d.join("a.VCF"), "x").unwrap();
        fs::write(d.join(".tmp.vcf"), "x").unwrap();
        fs::write(d.join("notes.txt"), "x").unwrap();
        fs::create_dir(d.join("sub.vcf")).unwrap();
        let names: Vec<String> = scan(d, "vcf")
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(names, ["a.VCF", "b.vcf"]);
        assert!(check_name("../x").is_err());
        assert_eq!(hash(b"").len(), 64);
    }
}
