//! Kith at home in the terminal, timed as whole commands of the release
//! binary (process start, store open and the work): `kith query WORD` at
//! 10,000 people, `kith today --count` at 100,000 people and 1,000,000
//! notes, `kith mail scan` over a Maildir of 10,000 messages.
//!
//! `cargo bench --bench terminal`. The stores are generated with `kith demo`
//! into target/kith-bench/ on first use (the 100,000-person one is the one
//! benches/scale.rs uses) and kept; the Maildir and the scan's stores are
//! made in a temporary folder and removed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-22";
const KITH: &str = env!("CARGO_BIN_EXE_kith");
/// The schema version, from the number of migration files: a store made by
/// an older schema is not reused.
fn schema() -> usize {
    std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"))
        .map(|d| d.filter(|e| e.is_ok()).count())
        .unwrap_or(0)
}

/// The README's config example (the toml block with `[cadence]`), written
/// to target/kith-bench/config.toml as benches/scale.rs writes it.
fn config() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let block = readme
        .split("```toml")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .find(|b| b.contains("[cadence]"))
        .expect("the README's config example");
    let dir = root.join("target/kith-bench");
    std::fs::create_dir_all(&dir).expect("bench folder");
    let path = dir.join("config.toml");
    std::fs::write(&path, block).expect("write the config");
    path
}

fn kith(db: &Path) -> Command {
    let mut c = Command::new(KITH);
    c.env("KITH_DB", db)
        .env("KITH_TODAY", TODAY)
        .env("KITH_CONFIG", config())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn run(mut c: Command) -> Duration {
    let start = Instant::now();
    let status = c.status();
    let took = start.elapsed();
    match status {
        Ok(s) if s.success() => took,
        other => panic!("{c:?} failed: {other:?}"),
    }
}

/// A demo store of this size in target/kith-bench/, made once.
fn demo_store(people: usize, notes: Option<usize>) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/kith-bench");
    let name = match notes {
        Some(n) => format!("kith-{people}-{n}-v{}.db", schema()),
        None => format!("kith-{people}-v{}.db", schema()),
    };
    let path = dir.join(name);
    if !path.exists() {
        std::fs::create_dir_all(&dir).expect("bench folder");
        let partial = dir.join(format!("partial-{people}.db"));
        let _ = std::fs::remove_file(&partial);
        eprintln!("generating {}", path.display());
        let mut c = kith(&partial);
        c.args(["demo", "--people", &people.to_string()]);
        if let Some(n) = notes {
            c.args(["--notes", &n.to_string()]);
        }
        run(c);
        std::fs::rename(&partial, &path).expect("keep the bench store");
    }
    path
}

/// Runs `args` `runs` times after three warm-ups (the first follows the
/// config's rhythms, once); prints min and median.
fn time(what: &str, target_ms: f64, db: &Path, args: &[&str], runs: usize) {
    for _ in 0..3 {
        let mut c = kith(db);
        c.args(args);
        run(c);
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let mut c = kith(db);
            c.args(args);
            run(c)
        })
        .collect();
    times.sort();
    report(what, target_ms, times[0], times[times.len() / 2]);
}

fn report(what: &str, target_ms: f64, min: Duration, median: Duration) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let verdict = if ms(median) < target_ms {
        "within"
    } else {
        "OVER"
    };
    println!(
        "{what:<52} min {:>8.2} ms  median {:>8.2} ms  ({verdict} {target_ms} ms)",
        ms(min),
        ms(median)
    );
}

/// A Maildir of `n` messages from me, to 200 known people and 10 unknown.
fn maildir(root: &Path, n: usize) {
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(root.join(sub)).expect("maildir");
    }
    let body = "x".repeat(2000);
    for i in 0..n {
        let to = i % 210;
        let msg = format!(
            "From: Me <me@example.org>\nTo: Person {to} <p{to}@example.net>\nSubject: =?UTF-8?Q?r=C3=A9sum=C3=A9?= {i}\nDate: Mon, 2 Nov 2026 10:{:02}:00 +0000\nMessage-ID: <m{i}@example.org>\n\n{body}\n",
            i % 60
        );
        let sub = if i % 3 == 0 { "new" } else { "cur" };
        std::fs::write(root.join(sub).join(format!("{i}.host:2,S")), msg).expect("message");
    }
}

fn mail_scan(runs: usize) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let cards: String = (0..200)
        .map(|p| {
            format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {p}\r\nEMAIL:p{p}@example.net\r\nEND:VCARD\r\n")
        })
        .collect();
    let vcf = tmp.path().join("people.vcf");
    std::fs::write(&vcf, cards).expect("cards");
    let base = tmp.path().join("base.db");
    let mut c = kith(&base);
    c.arg("import").arg(&vcf);
    run(c);
    let sent = tmp.path().join("Sent");
    maildir(&sent, 10_000);
    let mut times = Vec::new();
    for i in 0..runs {
        // Every run scans into a store that has logged nothing yet.
        let db = tmp.path().join(format!("scan-{i}.db"));
        std::fs::copy(&base, &db).expect("copy the store");
        let mut c = kith(&db);
        c.args(["mail", "scan", "--me", "me@example.org"])
            .arg(&sent);
        times.push(run(c));
        let _ = std::fs::remove_file(&db);
    }
    times.sort();
    report(
        "kith mail scan, 10,000 messages (first scan)",
        5000.0,
        times[0],
        times[times.len() / 2],
    );
}

fn main() {
    // `cargo bench` passes --bench; a filter word picks one figure.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let wants = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    if wants("query") {
        let db = demo_store(10_000, None);
        for word in ["anna", "jo", "acme"] {
            time(
                &format!("kith query {word} (10,000 people)"),
                5.0,
                &db,
                &["query", word],
                30,
            );
        }
    }
    if wants("count") {
        let db = demo_store(100_000, Some(1_000_000));
        time(
            "kith today --count (100,000 people, 1,000,000 notes)",
            5.0,
            &db,
            &["today", "--count"],
            30,
        );
    }
    if wants("mail") {
        mail_scan(3);
    }
}
