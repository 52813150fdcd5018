//! Export: JSON round trip, CSV, iCalendar, vCard vdir (read by khard), merge.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Std;

use assert_cmd::Command;
use common::*;
use predicates::prelude::PredicateBooleanExt;
use tempfile::TempDir;

fn kith(db: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("kith").unwrap();
    c.arg("--db")
        .arg(db)
        .env("KITH_TODAY", "2026-11-22")
        .env_remove("KITH_DB");
    c
}

/// A store with imported people and some notes, meetings and follow-ups.
fn filled() -> (TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    for f in ["apple.vcf", "v40.vcf", "linkedin.csv", "google.csv"] {
        kith(&db).arg("import").arg(fixture(f)).assert().success();
    }
    kith(&db)
        .args([
            "event",
            "add",
            "RustConf 2026",
            "--on",
            "2026-09-12",
            "--at",
            "Amsterdam",
        ])
        .assert()
        .success();
    kith(&db)
        .args([
            "add",
            "Quirijn Zwanenburg",
            "--email",
            "q@example.nl",
            "--event",
            "RustConf 2026",
            "--note",
            "talked about WAL",
            "--follow-up",
            "2026-12-01",
            "--birthday",
            "--02-29",
        ])
        .assert()
        .success();
    kith(&db)
        .args([
            "log",
            "anna",
            "send the slides",
            "--kind",
            "promise",
            "--due",
            "2026-11-30",
        ])
        .assert()
        .success();
    kith(&db)
        .args([
            "remind",
            "zoe",
            "call back",
            "--on",
            "2026-11-25",
            "--every",
            "30d",
        ])
        .assert()
        .success();
    (dir, db)
}

/// Exports `db` as JSON to a.json, imports it into a new store `other` and
/// exports that to b.json.
fn json_round_trip(dir: &Path, db: &Path, other: &str) -> (PathBuf, PathBuf) {
    let a = dir.join("a.json");
    kith(db)
        .args(["export", "--format", "json", "-o"])
        .arg(&a)
        .assert()
        .success();
    let other = dir.join(other);
    kith(&other).arg("import").arg(&a).assert().success();
    let b = dir.join("b.json");
    kith(&other)
        .args(["export", "--format", "json", "-o"])
        .arg(&b)
        .assert()
        .success();
    (a, b)
}

#[test]
fn json_export_import_export_is_identical() {
    let (dir, db) = filled();
    let (a, b) = json_round_trip(dir.path(), &db, "empty.db");
    let empty = dir.path().join("empty.db");
    let (a, b) = (
        std::fs::read_to_string(&a).unwrap(),
        std::fs::read_to_string(&b).unwrap(),
    );
    assert!(
        a.contains("send the slides") && a.contains("RustConf 2026") && a.contains("\"note\":1")
    );
    assert_eq!(a, b);
    // And importing it again changes nothing.
    kith(&empty)
        .arg("import")
        .arg(dir.path().join("a.json"))
        .assert()
        .success()
        .stdout(predicates::str::contains("0 added, 0 updated"));
}

#[test]
fn json_round_trip_of_the_generated_corpus() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    for f in ["contacts.vcf", "Connections.csv", "google_contacts.csv"] {
        kith(&db)
            .arg("import")
            .arg(corpus.join("generated").join(f))
            .assert()
            .success();
    }
    let (a, b) = json_round_trip(dir.path(), &db, "k2.db");
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn csv_cells_that_look_like_formulas_are_neutralised() {
    let (dir, db) = filled();
    let out = dir.path().join("people.csv");
    kith(&db)
        .args(["export", "--format", "csv", "-o"])
        .arg(&out)
        .assert()
        .success();
    let mut r = csv::Reader::from_path(&out).unwrap();
    let mut seen = false;
    for row in r.records() {
        for cell in row.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?}");
            seen |= cell == "'=cmd Formula";
        }
    }
    assert!(seen);
}

#[test]
fn ics_parses_with_a_real_parser() {
    let (dir, db) = filled();
    let out = dir.path().join("kith.ics");
    kith(&db)
        .args(["export", "--format", "ics", "-o"])
        .arg(&out)
        .assert()
        .success();
    let file = std::io::BufReader::new(std::fs::File::open(&out).unwrap());
    let cals: Vec<_> = ical::IcalParser::new(file)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(cals.len(), 1);
    let cal = &cals[0];
    let prop = |props: &[ical::property::Property], name: &str| {
        props
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    let todos = &cal.todos;
    assert_eq!(todos.len(), 3, "{todos:?}");
    let slides = todos
        .iter()
        .find(|t| prop(&t.properties, "SUMMARY").is_some_and(|s| s.contains("send the slides")))
        .unwrap();
    assert_eq!(prop(&slides.properties, "DUE").as_deref(), Some("20261130"));
    assert_eq!(slides.alarms.len(), 1);
    let bdays: Vec<_> = cal
        .events
        .iter()
        .filter(|e| prop(&e.properties, "RRULE").is_some())
        .collect();
    assert!(bdays.len() >= 3, "{:?}", cal.events);
    assert!(bdays.iter().any(|e| prop(&e.properties, "RRULE")
        .unwrap()
        .contains("BYMONTHDAY=-1")));
}

#[test]
fn vcard_vdir_is_read_back_and_listed_by_khard() {
    let (dir, db) = filled();
    let vdir = dir.path().join("contacts");
    kith(&db)
        .args(["export", "--vdir"])
        .arg(&vdir)
        .assert()
        .success();
    let files: Vec<_> = std::fs::read_dir(&vdir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .collect();
    let people_count = people(&kithkin::store::Store::open(&db).unwrap()).len();
    assert_eq!(files.len(), people_count);
    // Our own importer reads it back without changes.
    kith(&db)
        .arg("import")
        .arg(&vdir)
        .assert()
        .success()
        .stdout(predicates::str::contains("0 added, 0 updated"));
    let single = dir.path().join("all.vcf");
    kith(&db)
        .args(["export", "--format", "vcard", "-o"])
        .arg(&single)
        .assert()
        .success();
    let text = std::fs::read_to_string(&single).unwrap();
    assert!(
        text.lines().all(|l| l.len() <= 76),
        "a line is longer than 75 octets"
    );

    let khard = Std::new("khard").arg("--version").output();
    if khard.is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "khard must be installed in CI (.ci/run)"
        );
        eprintln!("skipping the khard check: khard is not installed");
        return;
    }
    let conf = dir.path().join("khard.conf");
    std::fs::write(
        &conf,
        format!(
            "[addressbooks]\n[[kith]]\npath = {}\n\n[general]\ndefault_action = list\n\n[vcard]\n",
            vdir.display()
        ),
    )
    .unwrap();
    let out = Std::new("khard")
        .arg("-c")
        .arg(&conf)
        .args(["list", "--parsable"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "khard failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.lines().count(), people_count, "{stdout}");
    for name in [
        "Anna de Vries",
        "Zoë Müller-Lüdenscheidt",
        "Quirijn Zwanenburg",
    ] {
        assert!(
            stdout.contains(name),
            "{name} missing from khard's list:\n{stdout}"
        );
    }
}

#[test]
fn merge_folds_a_duplicate_in_one_go() {
    let (dir, db) = filled();
    let _ = dir;
    // LinkedIn's Anna and the vCard's Anna share the profile URL: one person.
    // Make a real duplicate to fold.
    kith(&db)
        .args([
            "add",
            "--new",
            "A. de Vries",
            "--email",
            "anna.other@example.org",
            "--tag",
            "Friends",
            "--note",
            "met again",
        ])
        .assert()
        .success();
    kith(&db)
        .args(["merge", "Anna de Vries", "A. de Vries"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Merged"));
    let out = kith(&db).args(["show", "anna", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cps = v["contact_points"].to_string();
    assert!(cps.contains("anna.other@example.org") && cps.contains("anna@acme.example"));
    assert!(v["tags"].to_string().contains("Friends"));
    assert!(v["notes"].to_string().contains("met again"));
    let list = kith(&db)
        .args(["list", "--json", "--limit", "500"])
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(!list.contains("A. de Vries"), "{list}");
    kith(&db).args(["merge", "anna", "anna"]).assert().failure();
}

#[test]
fn dry_run_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    kith(&db)
        .args(["import", "--dry-run"])
        .arg(fixture("apple.vcf"))
        .assert()
        .success()
        .stdout(
            predicates::str::contains("Would import").and(predicates::str::contains("1 added")),
        );
    kith(&db)
        .args(["list", "--json"])
        .assert()
        .success()
        .stdout(predicates::str::contains("[]"));
    kith(&db)
        .arg("import")
        .arg(fixture("hostile.vcf"))
        .assert()
        .success()
        .stderr(predicates::str::contains("hostile.vcf:9: not valid UTF-8"));
}
