//! Crashes: a large single-transaction write killed with SIGKILL at random
//! moments. After every kill the store passes SQLite's integrity check (and
//! `kith check`), holds either all of the write or none of it, and running the
//! command again completes it without duplicates.
//!
//! `kith import`, which commits in batches, is killed the same way and must
//! leave every person whole; importing again carries on without duplicates.
//!
//! Set `KITH_CRASH_SEED` to replay a run; the seed is printed.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{counts, Env};

const KILLS: usize = 20;

/// Counts of every table: what "the store" is, for all-or-nothing.
type Counts = Vec<(String, i64)>;

#[derive(Debug, Default)]
struct Report {
    /// Kills that landed before the command finished.
    killed_mid_way: usize,
    /// Kills after which the store already held the whole write.
    complete_when_killed: usize,
    seed: u64,
}

/// A small deterministic generator (xorshift64*), so a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn spawn(db: &Path, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("kith"))
        .env("KITH_DB", db)
        .env("KITH_TODAY", common::TODAY)
        .env("NO_COLOR", "1")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kith")
}

fn run_to_end(db: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let out = spawn(db, args).wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "kith {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    start.elapsed()
}

/// SQLite's integrity check, foreign keys and the search index, through a
/// plain connection and through `kith check`.
fn assert_healthy(db: &Path, context: &str) {
    let conn = rusqlite::Connection::open(db).expect("open after kill");
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(verdict, "ok", "{context}");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap_or(0);
    assert_eq!(fk, 0, "{context}: foreign keys broken");
    drop(conn);
    let out = Command::new(assert_cmd::cargo::cargo_bin("kith"))
        .env("KITH_DB", db)
        .arg("check")
        .output()
        .expect("kith check");
    assert!(
        out.status.success(),
        "{context}: kith check: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `KITH_CRASH_SEED`, or a fresh odd seed (printed by the callers for replay).
fn crash_seed() -> u64 {
    std::env::var("KITH_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        })
        | 1
}

/// Starts `kith ARGS` and sends SIGKILL after `delay` unless it has finished
/// (then it must have succeeded). Answers whether the kill landed mid-way.
fn run_and_kill(db: &Path, args: &[&str], delay: Duration, context: &str) -> bool {
    let mut child = spawn(db, args);
    let start = Instant::now();
    while start.elapsed() < delay {
        if let Some(status) = child.try_wait().expect("try_wait") {
            assert!(status.success(), "{context}: exited with {status}");
            return false;
        }
        std::thread::sleep(Duration::from_millis(2).min(delay - start.elapsed().min(delay)));
    }
    child.kill().expect("SIGKILL");
    // A success here finished just before the signal.
    !child.wait().expect("wait").success()
}

fn is_empty(c: &Counts) -> bool {
    c.iter().all(|(_, n)| *n == 0)
}

/// Runs `kith ARGS` on a fresh store once to learn how long it takes and what
/// it writes; then `kills` times starts it and sends SIGKILL at a random
/// moment in that span. After each kill the store must be healthy and hold
/// either nothing of the write or all of it. A store left with nothing gets the
/// next run, which is thus the rerun after a crash; at the end the command is
/// run to completion and must give exactly the reference counts (no duplicates).
fn kill_at_random(args: &[&str], kills: usize) -> Report {
    let seed = crash_seed();
    eprintln!("kill_at_random {args:?}: KITH_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let mut report = Report {
        seed,
        ..Report::default()
    };

    let reference = Env::new();
    let span = run_to_end(&reference.db, args);
    let full: Counts = counts(&reference.db);
    assert!(!is_empty(&full), "the command wrote nothing");

    let mut env = Env::new();
    for k in 0..kills {
        let context = format!("kill {k} of kith {args:?} (KITH_CRASH_SEED={seed})");
        let delay = span.mul_f64(rng.unit() * 1.05);
        if run_and_kill(&env.db, args, delay, &context) {
            report.killed_mid_way += 1;
        }
        if !env.db.exists() {
            // Killed before even creating the file.
            continue;
        }
        assert_healthy(&env.db, &context);
        let now = counts(&env.db);
        if now == full {
            report.complete_when_killed += 1;
            // Complete: the next kill needs an empty store again.
            env = Env::new();
        } else {
            assert!(
                is_empty(&now),
                "{context}: half a write is in the store: {now:?}, expected nothing or {full:?}"
            );
        }
    }
    // The rerun after the last kill completes, with exactly one copy of everything.
    if env.db.exists() && !is_empty(&counts(&env.db)) {
        env = Env::new();
    }
    run_to_end(&env.db, args);
    assert_healthy(&env.db, "the final rerun");
    assert_eq!(
        counts(&env.db),
        full,
        "the rerun did not complete the write"
    );
    eprintln!(
        "{} kills mid-way, {} after the commit, {span:?} per run (KITH_CRASH_SEED={})",
        report.killed_mid_way, report.complete_when_killed, report.seed
    );
    report
}

#[test]
fn demo_of_20000_people_killed_at_random_moments() {
    let report = kill_at_random(&["demo", "--people", "20000"], KILLS);
    assert!(
        report.killed_mid_way >= KILLS / 2,
        "too few kills landed mid-way to prove anything: {report:?}"
    );
}

/// A vCard file of `n` distinct people, each with emails, phones, tags and a note.
fn big_vcard_file(dir: &Path, n: usize) -> std::path::PathBuf {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:crash-{i}\r\nFN:Person {i} Crash\r\nN:Crash;Person {i};;;\r\n\
             EMAIL;TYPE=work:p{i}@work.example\r\nEMAIL;TYPE=home:p{i}@home.example\r\n\
             TEL;TYPE=cell:+31 6 {i:08}\r\nCATEGORIES:crash,batch{}\r\nNOTE:note number {i}\r\nEND:VCARD\r\n",
            i % 7
        ));
    }
    let path = dir.join("big.vcf");
    std::fs::write(&path, text).expect("write the cards");
    path
}

/// What each person is made of, by uid: contact points, tags, notes.
fn signatures(db: &Path) -> std::collections::BTreeMap<String, (i64, i64, i64)> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut st = conn
        .prepare(
            "SELECT p.uid,
                    (SELECT count(*) FROM contact_point WHERE person_id = p.id),
                    (SELECT count(*) FROM person_tag WHERE person_id = p.id),
                    (SELECT count(*) FROM note WHERE person_id = p.id)
             FROM person p",
        )
        .expect("prepare");
    st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
        .expect("query")
        .map(|r| r.expect("row"))
        .collect()
}

/// `kith import` of 12,000 cards (several transactions) killed at random
/// moments: after every kill the store is healthy and every person in it is
/// whole (all their contact points, tags and notes); importing again after
/// each kill carries on, and the last run completes without duplicates.
#[test]
fn import_killed_at_random_moments() {
    let files = tempfile::tempdir().expect("temp dir");
    let file = big_vcard_file(files.path(), 12_000);
    let args = ["import", file.to_str().expect("utf-8 path")];
    let reference = Env::new();
    let span = run_to_end(&reference.db, &args);
    let whole = signatures(&reference.db);
    assert_eq!(whole.len(), 12_000);

    let seed = crash_seed();
    eprintln!("import_killed_at_random_moments: KITH_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let mut env = Env::new();
    let mut mid_way = 0;
    for k in 0..KILLS {
        let context = format!("import kill {k} (KITH_CRASH_SEED={seed})");
        let delay = span.mul_f64(rng.unit());
        if run_and_kill(&env.db, &args, delay, &context) {
            mid_way += 1;
        }
        if !env.db.exists() {
            continue;
        }
        assert_healthy(&env.db, &context);
        let now = signatures(&env.db);
        for (uid, sig) in &now {
            assert_eq!(
                Some(sig),
                whole.get(uid),
                "{context}: {uid} is half-imported"
            );
        }
        if now == whole {
            // Complete (a rerun carried the import to the end): start afresh,
            // so the next kill again meets a whole import's worth of work.
            assert_eq!(
                counts(&env.db),
                counts(&reference.db),
                "{context}: duplicates"
            );
            env = Env::new();
        }
    }
    run_to_end(&env.db, &args);
    assert_healthy(&env.db, "the final rerun");
    assert_eq!(
        signatures(&env.db),
        whole,
        "the rerun did not complete the import"
    );
    assert_eq!(
        counts(&env.db),
        counts(&reference.db),
        "duplicates after the reruns"
    );
    eprintln!("{mid_way} of {KILLS} kills landed mid-way (KITH_CRASH_SEED={seed})");
    assert!(
        mid_way >= KILLS / 2,
        "too few kills landed mid-way: {mid_way}"
    );
}
