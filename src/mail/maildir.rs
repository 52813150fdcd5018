//! Maildirs: the messages in `cur/` and `new/`, read only as far as their headers.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

use super::HEADER_LIMIT;

/// The message files of a Maildir (its `cur` and `new`), in name order. A
/// folder without either is not a Maildir and is an error naming it.
pub fn messages(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = false;
    let mut out = Vec::new();
    for sub in ["cur", "new"] {
        let d = dir.join(sub);
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(Error::io(format!("cannot read {}", d.display()), e)),
        };
        found = true;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(format!("cannot read {}", d.display()), e))?;
            let name = entry.file_name();
            // Dot files are a mail client's own (temporary or index files).
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
                out.push(entry.path());
            }
        }
    }
    if !found {
        return Err(Error::Invalid(format!(
            "{} is not a Maildir (it has no cur/ or new/ folder)",
            dir.display()
        )));
    }
    out.sort();
    Ok(out)
}

/// The start of a message file up to the end of its headers (the first empty
/// line), at most [`HEADER_LIMIT`] bytes: the body is never read.
pub fn read_headers(path: &Path) -> Result<Vec<u8>> {
    let mut f = std::fs::File::open(path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let n = f
            .read(&mut chunk)
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        if n == 0 {
            break;
        }
        let from = buf.len().saturating_sub(3);
        buf.extend_from_slice(&chunk[..n]);
        if ends_headers(&buf[from..]) || buf.len() >= HEADER_LIMIT {
            break;
        }
    }
    Ok(buf)
}

fn ends_headers(b: &[u8]) -> bool {
    b.windows(2).any(|w| w == b"\n\n") || b.windows(3).any(|w| w == b"\n\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_headers_are_read() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir_all(dir.path().join("cur")).expect("cur");
        let path = dir.path().join("cur").join("1:2,S");
        let mut raw = b"From: a@b.example\r\nSubject: x\r\n\r\n".to_vec();
        raw.extend(std::iter::repeat_n(b'x', 1 << 20));
        std::fs::write(&path, &raw).expect("write");
        let head = read_headers(&path).expect("read");
        assert!(head.len() <= 8192, "{}", head.len());
        assert!(head.starts_with(b"From: a@b.example"));
        assert_eq!(messages(dir.path()).expect("list"), vec![path]);
        assert!(messages(&dir.path().join("cur")).is_err());
    }
}
