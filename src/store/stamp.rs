//! A stamp of the store's files that changes with every committed write,
//! read without opening the store: what a cached answer (`kith today
//! --count`, run on every shell prompt) is keyed on, so it is never served
//! after the store changed.
//!
//! A commit appends frames to the write-ahead log and moves the counter and
//! frame count in the header of its shared-memory index (`-shm`); a
//! checkpoint writes the store file and restarts the log under new salts.
//! The stamp holds the size, time and inode of the store and its log, the
//! log's header and the index's header, so any of these changes it. Store connections keep the log and its
//! index when they close (see `Store::configure`), so a store nobody writes
//! keeps one stamp however often it is opened.

use std::io::Read;
use std::path::Path;

/// The shared-memory index's two header copies and its checkpoint info.
const SHM_HEADER: usize = 136;
/// The log's header: format, page size, checkpoint sequence, salts, checksum.
const WAL_HEADER: usize = 32;

/// The file's size, time and inode, then its first `header` bytes.
fn file_part(out: &mut String, path: &Path, header: usize) {
    let Ok(meta) = std::fs::metadata(path) else {
        out.push_str("-;");
        return;
    };
    file_meta(out, &meta);
    if header > 0 {
        file_header(out, path, header);
    }
}

fn file_meta(out: &mut String, meta: &std::fs::Metadata) {
    use std::fmt::Write;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let inode = 0u64;
    let _ = write!(out, "{}.{}.{}.", meta.len(), modified, inode);
}

fn file_header(out: &mut String, path: &Path, header: usize) {
    use std::fmt::Write;
    let mut buf = Vec::with_capacity(header);
    // A file that cannot be read stamps as empty: it still differs from
    // what a write leaves.
    let _ = std::fs::File::open(path).and_then(|f| f.take(header as u64).read_to_end(&mut buf));
    for b in &buf {
        let _ = write!(out, "{b:02x}");
    }
    out.push(';');
}

/// The stamp of the store at `path` and its log; `None` when there is no
/// store file there.
pub fn of(path: &Path) -> Option<String> {
    if !path.is_file() {
        return None;
    }
    let mut out = String::with_capacity(2 * (SHM_HEADER + WAL_HEADER) + 96);
    file_part(&mut out, path, 0);
    file_part(&mut out, &crate::files::beside(path, "-wal"), WAL_HEADER);
    // The index by its header alone: the first connection to open the store
    // truncates and rebuilds the file (a new time), with the same header
    // while the log is unchanged.
    file_header(&mut out, &crate::files::beside(path, "-shm"), SHM_HEADER);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_store_no_stamp() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(of(&dir.path().join("kith.db")), None);
    }
}
