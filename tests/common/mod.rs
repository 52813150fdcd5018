//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub const TODAY: &str = "2026-11-22";

/// A store in a fresh temporary folder, and a `kith` command bound to it.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("store").join("kith.db");
        Env { dir, db }
    }

    pub fn kith(&self) -> Command {
        let mut c = Command::cargo_bin("kith").expect("binary");
        c.env("KITH_DB", &self.db)
            .env("KITH_TODAY", TODAY)
            .env("NO_COLOR", "1");
        c
    }

    /// Runs a command that must succeed and returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.kith().args(args).output().expect("run kith");
        assert!(
            out.status.success(),
            "kith {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).expect("json output")
    }

    /// Row counts of every table: a fingerprint to prove nothing was written.
    pub fn counts(&self) -> Vec<(String, i64)> {
        counts(&self.db)
    }
}

pub fn counts(db: &Path) -> Vec<(String, i64)> {
    if !db.exists() {
        return Vec::new();
    }
    let conn = rusqlite::Connection::open(db).expect("open store");
    [
        "person",
        "contact_point",
        "tag",
        "person_tag",
        "event",
        "meeting",
        "note",
        "reminder",
    ]
    .iter()
    .map(|t| {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .expect("count");
        (t.to_string(), n)
    })
    .collect()
}
