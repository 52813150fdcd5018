//! Files Kith writes outside its store (exports): private to their user,
//! written whole or not at all, never over the store and never over a file
//! Kith did not create unless told to (`--force`).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Refuses to write `target` when it is the store at `store` or one of its
/// companion files (-wal, -shm, -journal), by path or by the file itself (a
/// hard or symbolic link to it), and when it exists and `force` is not given.
pub fn check_target(target: &Path, store: &Path, force: bool) -> Result<()> {
    if is_store_file(target, store) {
        return Err(Error::Invalid(format!(
            "{} is the store itself (or one of its files); Kith never writes over it (choose another file)",
            target.display()
        )));
    }
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.is_dir() => Err(Error::Invalid(format!(
            "{} is a folder; give a file name",
            target.display()
        ))),
        // A device, a pipe or a socket (or a link to one) is never replaced
        // by a file: /dev/stdout is written by leaving out -o.
        Ok(_) if !std::fs::metadata(target).is_ok_and(|m| m.is_file()) && target.exists() => {
            Err(Error::Invalid(format!(
                "{} is not a regular file; Kith writes only files (leave out -o to write to standard output)",
                target.display()
            )))
        }
        Ok(_) if !force => Err(Error::Invalid(format!(
            "{} already exists; add --force to replace it",
            target.display()
        ))),
        _ => Ok(()),
    }
}

/// Whether `target` names the store or its -wal, -shm or -journal file.
pub fn is_store_file(target: &Path, store: &Path) -> bool {
    let target_abs = absolute(target);
    store_files(store)
        .iter()
        .any(|f| same_file(target, f) || target_abs.is_some() && target_abs == absolute(f))
}

/// The file beside the store named by the store's name and `suffix`
/// (`kith.db-wal` for `-wal`).
pub fn beside(store: &Path, suffix: &str) -> PathBuf {
    let mut name = store.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// The store and the files SQLite keeps beside it.
fn store_files(store: &Path) -> Vec<PathBuf> {
    let mut files = vec![store.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        files.push(beside(store, suffix));
    }
    files
}

/// A path made absolute with its folder's links resolved (the file itself
/// need not exist), so `./x/../kith.db` and `kith.db` compare equal.
fn absolute(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(parent.canonicalize().ok()?.join(name))
}

/// Same device and inode: a hard link, or a symbolic link followed.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Creates `dir` (and its missing parents) private to the user (0700).
pub fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| Error::io(format!("cannot create the folder {}", dir.display()), e))
}

/// Writes `path` whole: `write` fills a temporary file (0600, a name nobody
/// can guess, created exclusively) in the same folder, which is then renamed
/// over `path`. On any failure `path` is left as it was and the temporary
/// file is removed. A missing folder is created 0700.
pub fn write_whole<T>(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&dir)?;
    let tmp = tempfile::Builder::new()
        .prefix(".kith-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| Error::io(format!("cannot create a file in {}", dir.display()), e))?;
    let mut w = std::io::BufWriter::new(tmp);
    let out = write(&mut w)?;
    let tmp = w
        .into_inner()
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e.into_error()))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))?;
    tmp.persist(path)
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e.error))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_and_its_companions_are_refused_by_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("kith.db");
        std::fs::write(&store, b"x").unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        assert!(is_store_file(&store, &store));
        assert!(is_store_file(&sub.join("../kith.db"), &store));
        assert!(is_store_file(&dir.path().join("kith.db-wal"), &store));
        assert!(is_store_file(&dir.path().join("kith.db-shm"), &store));
        std::fs::hard_link(&store, dir.path().join("hard")).unwrap();
        assert!(is_store_file(&dir.path().join("hard"), &store));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&store, dir.path().join("soft")).unwrap();
            assert!(is_store_file(&dir.path().join("soft"), &store));
        }
        assert!(!is_store_file(&dir.path().join("other.csv"), &store));
        assert!(check_target(&store, &store, true).is_err());
    }

    #[test]
    fn an_existing_file_needs_force() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("kith.db");
        let out = dir.path().join("out.csv");
        assert!(check_target(&out, &store, false).is_ok());
        std::fs::write(&out, b"mine").unwrap();
        let e = check_target(&out, &store, false).unwrap_err().to_string();
        assert!(e.contains("--force"), "{e}");
        assert!(check_target(&out, &store, true).is_ok());
        assert!(check_target(dir.path(), &store, true).is_err());
        let e = check_target(Path::new("/dev/null"), &store, true).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_litter() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.csv");
        std::fs::write(&out, b"old").unwrap();
        let r: Result<()> = write_whole(&out, |w| {
            w.write_all(b"half").unwrap();
            Err(Error::Invalid("boom".into()))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(&out).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
