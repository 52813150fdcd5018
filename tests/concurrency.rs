//! Two CLI processes writing one store at once, 200 writes each: every write
//! succeeds (never "database is locked") and all 400 are there. The TUI side of
//! this (the TUI open while the CLI writes) is in tests/terminal.rs.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::Env;

const WRITES: usize = 200;

fn writer(db: &Path, who: &'static str) -> std::thread::JoinHandle<Vec<String>> {
    let db = db.to_path_buf();
    std::thread::spawn(move || {
        let mut failures = Vec::new();
        for i in 0..WRITES {
            // Each writer alternates between a note and a new person, so both
            // small and larger transactions (person, contact point, note) interleave.
            let args: Vec<String> = if i % 10 == 9 {
                vec![
                    "add".into(),
                    format!("{who} person {i}"),
                    "--email".into(),
                    format!("{who}{i}@example.org"),
                    "--note".into(),
                    format!("{who} write {i}"),
                ]
            } else {
                vec!["log".into(), "anna".into(), format!("{who} write {i}")]
            };
            let out = assert_cmd::Command::cargo_bin("kith")
                .unwrap()
                .env("KITH_DB", &db)
                .env("KITH_TODAY", common::TODAY)
                .args(&args)
                .output()
                .unwrap();
            if !out.status.success() {
                failures.push(format!(
                    "{who} write {i}: {}",
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
        failures
    })
}

#[test]
fn two_cli_processes_write_200_times_each_and_lose_nothing() {
    let env = Env::new();
    env.ok(&["add", "Anna de Vries"]);
    let a = writer(&env.db, "alpha");
    let b = writer(&env.db, "beta");
    let mut failures = a.join().unwrap();
    failures.extend(b.join().unwrap());
    assert!(failures.is_empty(), "{failures:#?}");

    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let mut stmt = conn
        .prepare("SELECT body FROM note WHERE body LIKE '% write %'")
        .unwrap();
    let bodies: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let unique: HashSet<&String> = bodies.iter().collect();
    assert_eq!(bodies.len(), 2 * WRITES, "every write, once");
    assert_eq!(unique.len(), 2 * WRITES);
    let people: i64 = conn
        .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
        .unwrap();
    assert_eq!(people, 1 + 2 * (WRITES as i64 / 10));
    env.ok(&["check"]);
}

/// `n` cards of distinct people in one file.
fn cards(n: usize, dir: &Path) -> std::path::PathBuf {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:gen-{i}\r\nFN:Person Number{i}\r\nORG:Firm {}\r\nEMAIL:p{i}@example.org\r\nTEL:+31 6 {i:08}\r\nCATEGORIES:batch{}\r\nNOTE:met at conference {i}\r\nEND:VCARD\r\n",
            i % 97,
            i % 13
        ));
    }
    let path = dir.join("contacts.vcf");
    std::fs::write(&path, text).unwrap();
    path
}

/// An import of thousands of cards rebuilds the search index in batches;
/// commands writing meanwhile must never see the store in between (once they
/// failed with "no such table: person").
#[test]
fn adds_during_a_large_import_all_succeed() {
    let env = Env::new();
    env.ok(&["add", "Anna de Vries"]);
    let cards = cards(30_000, env.dir.path());
    let mut import = std::process::Command::new(assert_cmd::cargo::cargo_bin("kith"))
        .env("KITH_DB", &env.db)
        .env("KITH_TODAY", common::TODAY)
        .args(["import", "--format", "vcard"])
        .arg(&cards)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let db = env.db.clone();
    let importer = std::thread::spawn(move || import.wait().unwrap().success());
    let mut failures = Vec::new();
    let mut adds = 0;
    while !importer.is_finished() {
        adds += 1;
        let out = assert_cmd::Command::cargo_bin("kith")
            .unwrap()
            .env("KITH_DB", &db)
            .env("KITH_TODAY", common::TODAY)
            .args(["add", "--new", &format!("Adder {adds}"), "--email"])
            .arg(format!("adder{adds}@example.org"))
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(String::from_utf8_lossy(&out.stderr).to_string());
        }
    }
    assert!(importer.join().unwrap(), "the import succeeded");
    assert!(adds > 20, "the adds ran alongside the import ({adds})");
    assert!(
        failures.is_empty(),
        "{} of {adds} adds failed: {failures:#?}",
        failures.len()
    );
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let added: i64 = conn
        .query_row(
            "SELECT count(*) FROM person WHERE name LIKE 'Adder %'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(added, adds as i64, "every add is there");
    env.ok(&["check"]);
}
