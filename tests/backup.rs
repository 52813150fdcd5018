//! `kith backup` and `kith check`, and the backup taken before every migration.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use common::Env;
use kithkin::store::Store;
use rusqlite::Connection;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn count(db: &Path, table: &str) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Kith's backups of the store `kith.db` in `dir`, oldest first.
fn backups(dir: &Path) -> Vec<PathBuf> {
    kithkin::store::maintenance::list_backups(dir, Path::new("kith.db")).unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn backups_carry_the_store_name_and_keep_counts_only_that_store() {
    let env = Env::new();
    let folder = env.dir.path().join("stores");
    let a = folder.join("a.db");
    let b = folder.join("b.db");
    let run = |db: &Path, args: &[&str]| {
        let out = env.kith().arg("--db").arg(db).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&a, &["add", "Anna"]);
    run(&b, &["add", "Bert"]);
    let shared = folder.join("backups");
    for _ in 0..3 {
        run(&a, &["backup"]);
    }
    run(&b, &["backup", "--keep", "1"]);
    run(&b, &["backup", "--keep", "1"]);
    let names = names_in(&shared);
    let of = |p: &str| names.iter().filter(|n| n.starts_with(p)).count();
    assert_eq!(of("a-20"), 3, "{names:?}");
    assert_eq!(of("b-20"), 1, "{names:?}");
    assert_eq!(names.len(), 4, "{names:?}");
    run(&a, &["backup", "--keep", "1"]);
    let names = names_in(&shared);
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(
        count(
            &shared.join(names.iter().find(|n| n.starts_with("b-")).unwrap()),
            "person"
        ),
        1
    );
}

#[test]
fn pre_migration_backups_are_pruned_per_store() {
    let env = Env::new();
    v1_store_with_people(&env);
    // Another store's pre-migration backup in the same folder.
    let other = env.db.with_file_name("other.db.v1.bak");
    std::fs::write(&other, "theirs").unwrap();
    let mut steps: Vec<(&str, &str)> = kithkin::store::MIGRATIONS.to_vec();
    steps.push(("9999_broken", "SELECT no_such_function();"));
    let mut conn = Connection::open(&env.db).unwrap();
    for _ in 0..13 {
        kithkin::store::migrate_with(&mut conn, &env.db, &steps).unwrap_err();
    }
    drop(conn);
    let v = kithkin::store::MIGRATIONS.len();
    let names = names_in(env.db.parent().unwrap());
    let ours: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("kith.db.v"))
        .collect();
    assert_eq!(ours.len(), 10, "{names:?}");
    // The newest are kept.
    assert!(names.contains(&format!("kith.db.v{v}.13.bak")), "{names:?}");
    assert!(!names.contains(&format!("kith.db.v{v}.bak")), "{names:?}");
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "theirs");
}

#[test]
fn backups_are_named_by_date_private_and_pruned_to_the_newest_n() {
    let env = Env::new();
    env.ok(&["demo"]);
    let out = env.ok(&["backup"]);
    let dir = env.db.parent().unwrap().join("backups");
    assert!(out.contains(&dir.display().to_string()), "{out}");
    assert_eq!(mode(&dir), 0o700);
    for _ in 0..4 {
        env.ok(&["backup", "--keep", "3"]);
    }
    let files = backups(&dir);
    assert_eq!(files.len(), 3, "{files:?}");
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        // kith-2026-11-22T231500.db, or .N.db for a second backup in the same second.
        assert!(
            name.starts_with("kith-20") && name.ends_with(".db"),
            "{name}"
        );
        assert_eq!(&name[15..16], "T", "{name}");
        assert_eq!(mode(f), 0o600, "{name}");
        assert_eq!(count(f, "person"), 40);
    }
    // The newest is kept: the last one written is among the survivors.
    let last = env.ok(&["backup", "--keep", "3"]);
    let newest = files_named_in(&last);
    assert!(backups(&dir).contains(&newest), "{last}");
    // Other files in the folder are never pruned.
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    env.ok(&["backup", "--keep", "1"]);
    let left = backups(&dir);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(dir.join("notes.txt").exists());

    // An explicit folder, created private.
    let other = env.dir.path().join("elsewhere").join("deep");
    env.ok(&["backup", other.to_str().unwrap()]);
    assert_eq!(backups(&other).len(), 1);
    assert_eq!(mode(&other), 0o700);

    env.kith()
        .args(["backup", "--keep", "0"])
        .assert()
        .failure();
}

fn files_named_in(out: &str) -> PathBuf {
    let start = out.find('/').unwrap();
    let end = out.find(" (").unwrap();
    PathBuf::from(&out[start..end])
}

#[test]
fn backup_without_a_store_says_so_and_creates_nothing() {
    let env = Env::new();
    let out = env.kith().arg("backup").output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("there is no store"), "{err}");
    assert!(!env.db.exists());
}

/// A writer adds notes as fast as it can while backups are taken: every backup
/// passes the integrity check and holds a whole number of committed writes.
#[test]
fn backups_are_consistent_while_the_store_is_written() {
    let env = Env::new();
    env.ok(&["demo", "--people", "200"]);
    let base_notes = count(&env.db, "note");
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let db = env.db.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut store = Store::open(&db).unwrap();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                // Two rows per transaction: a backup must hold both or neither.
                store
                    .write(|tx| {
                        for half in 0..2 {
                            tx.execute(
                                "INSERT INTO note (person_id, kind, body, happened_at, created_at)
                                 VALUES (1, 'note', ?1, '2026-11-22T12:00:00Z', '2026-11-22T12:00:00Z')",
                                [format!("write {n} half {half}")],
                            )?;
                        }
                        Ok(())
                    })
                    .unwrap();
                n += 1;
            }
            n
        })
    };
    let dir = env.dir.path().join("bk");
    let mut seen = Vec::new();
    for _ in 0..6 {
        std::thread::sleep(std::time::Duration::from_millis(50));
        env.ok(&["backup", dir.to_str().unwrap(), "--keep", "100"]);
    }
    stop.store(true, Ordering::Relaxed);
    let writes = writer.join().unwrap();
    assert!(writes > 0);
    for f in backups(&dir) {
        env.kith()
            .args(["--db", f.to_str().unwrap(), "check"])
            .assert()
            .success();
        let notes = count(&f, "note") - base_notes;
        assert_eq!(notes % 2, 0, "a half-written transaction in {f:?}");
        seen.push(notes);
    }
    assert_eq!(seen.len(), 6);
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(*seen.last().unwrap() > 0, "backups saw no writes: {seen:?}");
}

fn v1_store_with_people(env: &Env) {
    env.ok(&["add", "Anna de Vries", "--company", "Acme"]);
    env.ok(&["log", "anna", "talked about WAL"]);
}

#[test]
fn every_migration_is_preceded_by_a_backup() {
    let env = Env::new();
    v1_store_with_people(&env);
    let before = env.counts();
    let mut steps: Vec<(&str, &str)> = kithkin::store::MIGRATIONS.to_vec();
    steps.push(("9999_test", "ALTER TABLE person ADD COLUMN nickname TEXT;"));
    let mut conn = Connection::open(&env.db).unwrap();
    kithkin::store::migrate_with(&mut conn, &env.db, &steps).unwrap();
    drop(conn);
    let v = kithkin::store::MIGRATIONS.len();
    let bak = env.db.with_file_name(format!("kith.db.v{v}.bak"));
    assert!(bak.exists());
    assert_eq!(mode(&bak), 0o600);
    let conn = Connection::open(&bak).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        version, v as i64,
        "the backup is the store before migrating"
    );
    assert_eq!(common::counts(&bak), before);
    let conn = Connection::open(&env.db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, v as i64 + 1);
}

#[test]
fn a_failing_migration_keeps_the_store_and_its_backup() {
    let env = Env::new();
    v1_store_with_people(&env);
    let before = env.counts();
    let mut steps: Vec<(&str, &str)> = kithkin::store::MIGRATIONS.to_vec();
    steps.push((
        "9999_broken",
        "ALTER TABLE person ADD COLUMN nickname TEXT; DELETE FROM note; SELECT no_such_function();",
    ));
    let mut conn = Connection::open(&env.db).unwrap();
    let err = kithkin::store::migrate_with(&mut conn, &env.db, &steps).unwrap_err();
    assert!(err.to_string().contains("9999_broken"), "{err}");
    // Retrying writes a second backup, never over the first.
    kithkin::store::migrate_with(&mut conn, &env.db, &steps).unwrap_err();
    drop(conn);
    assert_eq!(env.counts(), before, "a failed migration changed the store");
    let v = kithkin::store::MIGRATIONS.len();
    assert!(env.db.with_file_name(format!("kith.db.v{v}.bak")).exists());
    assert!(env
        .db
        .with_file_name(format!("kith.db.v{v}.2.bak"))
        .exists());
    env.ok(&["check"]);
    env.ok(&["show", "anna"]);
}

#[test]
fn check_passes_a_healthy_store() {
    let env = Env::new();
    env.ok(&["demo"]);
    let out = env.ok(&["check"]);
    assert!(out.contains("Store OK"), "{out}");
    assert!(out.contains("40 people"), "{out}");
}

fn check_fails(env: &Env, expect: &str) {
    let out = env.kith().arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains(expect) || stderr.contains(expect),
        "expected {expect:?} in:\n{stdout}{stderr}"
    );
}

#[test]
fn check_finds_broken_foreign_keys() {
    let env = Env::new();
    env.ok(&["demo"]);
    let conn = Connection::open(&env.db).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO note (person_id, kind, body, happened_at, created_at)
         VALUES (99999, 'note', 'orphan', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');",
    )
    .unwrap();
    drop(conn);
    check_fails(&env, "foreign keys: note row");
}

#[test]
fn check_finds_a_damaged_search_index() {
    let env = Env::new();
    env.ok(&["demo"]);
    let conn = Connection::open(&env.db).unwrap();
    conn.execute(
        "UPDATE person_fts_content SET c0 = 'someone else entirely' WHERE id = 1",
        [],
    )
    .unwrap();
    drop(conn);
    check_fails(&env, "person_fts");

    let env = Env::new();
    env.ok(&["demo"]);
    let conn = Connection::open(&env.db).unwrap();
    conn.execute("DELETE FROM person_fts WHERE rowid = 3", [])
        .unwrap();
    drop(conn);
    check_fails(&env, "1 people are missing");
}

#[test]
fn check_finds_damaged_pages() {
    let env = Env::new();
    env.ok(&["demo", "--people", "300"]);
    let conn = Connection::open(&env.db).unwrap();
    let page_size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    let pages: i64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    let (page_size, pages) = (page_size as u64, pages as u64);
    drop(conn);
    // Scribble over the middle of several pages, past the header and schema.
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(&env.db)
        .unwrap();
    for p in [pages / 3, pages / 2, 2 * pages / 3] {
        f.seek(SeekFrom::Start(p * page_size + 100)).unwrap();
        f.write_all(&[0xA5; 900]).unwrap();
    }
    drop(f);
    check_fails(&env, "integrity");
}

#[test]
fn check_without_a_store_says_so_and_creates_nothing() {
    let env = Env::new();
    check_fails(&env, "there is no store");
    assert!(!env.db.exists());
}
