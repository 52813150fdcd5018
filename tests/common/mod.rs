//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::{TimeZone, Utc};
use kithkin::interop::{self, plan, Format};
use kithkin::store::interop::{self as db, PersonData};
use kithkin::store::Store;

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
        self.ok_on(TODAY, args)
    }

    /// [`Env::ok`] with another day as today.
    pub fn ok_on(&self, day: &str, args: &[&str]) -> String {
        let out = self
            .kith()
            .env("KITH_TODAY", day)
            .args(args)
            .output()
            .expect("run kith");
        assert!(
            out.status.success(),
            "kith {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// `kith check`: whether it passed, and all it said.
    pub fn check(&self) -> (bool, String) {
        let out = self.kith().arg("check").output().expect("run kith check");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    }

    /// `kith check` fails and names each of `lines`.
    pub fn check_fails_naming(&self, lines: &[&str]) {
        let (ok, text) = self.check();
        assert!(!ok, "{text}");
        for line in lines {
            assert!(text.contains(line), "{line}:\n{text}");
        }
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

// Helpers for the import and export tests.

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// ../shared/corpus, or None (with a message) when it is not there.
pub fn corpus() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: no corpus at {}", p.display());
        None
    }
}

pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
}

pub fn import(store: &mut Store, path: &Path, format: Option<Format>) -> plan::Summary {
    let format = format.unwrap_or_else(|| interop::guess(path).unwrap());
    let source = interop::open(path, format).unwrap();
    plan::import(store, source, false, now(), &mut |_| {}).unwrap()
}

pub fn people(store: &Store) -> Vec<PersonData> {
    let mut out = Vec::new();
    db::for_each_person(store.conn(), |p| {
        out.push(p);
        Ok(())
    })
    .unwrap();
    out
}

pub fn by_name<'a>(people: &'a [PersonData], name: &str) -> &'a PersonData {
    people
        .iter()
        .find(|p| p.fields.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no {name:?} among {:?}",
                people.iter().map(|p| &p.fields.name).collect::<Vec<_>>()
            )
        })
}

pub fn values(p: &PersonData, kind: kithkin::model::ContactKind) -> Vec<String> {
    p.contact_points
        .iter()
        .filter(|c| c.kind == kind)
        .map(|c| c.value.clone())
        .collect()
}

/// Makes each change (a label and one SQL statement) as its own undo step,
/// checking the store after it, then undoes them all, newest first, checking
/// after each undo: for copies that triggers keep in step with the base tables.
pub fn each_change_and_its_undo(
    store: &mut Store,
    changes: &[(&str, &str)],
    check: impl Fn(&Store, &str),
) {
    for (what, sql) in changes {
        store
            .change(what, |tx| {
                tx.execute(sql, [])?;
                Ok(())
            })
            .unwrap();
        check(store, what);
    }
    for (what, _) in changes.iter().rev() {
        assert_eq!(store.undo_last().unwrap().as_deref(), Some(*what));
        check(store, &format!("undo {what}"));
    }
}
