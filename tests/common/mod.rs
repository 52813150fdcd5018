#![allow(dead_code)]
//! Helpers shared by the interop tests.

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use kithkin::interop::{self, plan, Format};
use kithkin::store::interop::{self as db, PersonData};
use kithkin::store::Store;

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
