//! The files of a vdir (one item per file) as a test reads and edits them:
//! the item files, the one holding some text, and an edit written whole and
//! renamed over the file, as vdirsyncer writes what it downloads.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// The item files of `dir` with extension `ext`, by name.
pub fn item_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    out
}

/// The one item file of `dir` whose text contains `needle`.
pub fn item_with(dir: &Path, ext: &str, needle: &str) -> PathBuf {
    let found: Vec<PathBuf> = item_files(dir, ext)
        .into_iter()
        .filter(|p| fs::read_to_string(p).unwrap().contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "one item holds {needle:?}: {found:?}");
    found[0].clone()
}

/// Rewrites a file whole (a temporary file renamed over it), as a phone's
/// change arrives through vdirsyncer.
pub fn rewrite(path: &Path, edit: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).unwrap();
    let new = edit(text);
    let tmp = path.with_extension("phone-tmp");
    fs::write(&tmp, new).unwrap();
    fs::rename(&tmp, path).unwrap();
}
