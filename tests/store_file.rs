//! The store's file itself: a database that is not Kith's, a write-ahead log
//! left behind by a store that is gone, and the file deleted or replaced
//! while Kith has it open. Each is said plainly, and nothing is lost silently.

mod common;

use chrono::NaiveDate;
use common::Env;
use kithkin::model::NoteKind;
use kithkin::ops;
use kithkin::store::Store;
use kithkin::when::Clock;
use rusqlite::Connection;

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

#[test]
fn a_database_that_is_not_kiths_is_refused_in_one_line_and_left_alone() {
    let env = Env::new();
    std::fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    let conn = Connection::open(&env.db).unwrap();
    conn.execute_batch(
        "CREATE TABLE person (x); CREATE TABLE invoices (n); INSERT INTO person VALUES (1);",
    )
    .unwrap();
    drop(conn);
    let before = std::fs::read(&env.db).unwrap();
    for args in [vec!["list"], vec!["add", "Anna"], vec!["check"]] {
        let out = env.kith().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a Kith store"), "{args:?}: {err}");
        assert!(err.trim().lines().count() <= 2, "{args:?}: {err}");
        assert!(!err.contains("CREATE"), "{args:?}: {err}");
    }
    assert!(
        std::fs::read(&env.db).unwrap() == before,
        "the file was changed"
    );
}

#[test]
fn a_write_ahead_log_left_by_a_deleted_store_is_kept_and_named() {
    let env = Env::new();
    env.ok(&["add", "Anna"]);
    let wal = env.db.with_file_name("kith.db-wal");
    std::fs::remove_file(&env.db).unwrap();
    // What SQLite would replay into a store of that name: not ours to drop.
    std::fs::write(&wal, vec![7u8; 8192]).unwrap();
    for args in [vec!["add", "Bert"], vec!["list"]] {
        let out = env.kith().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("kith.db-wal") && err.contains("left"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("disk"), "{err}");
    }
    assert_eq!(std::fs::read(&wal).unwrap(), vec![7u8; 8192]);
    assert!(!env.db.exists());
}

#[test]
fn a_store_deleted_while_open_refuses_the_next_write() {
    let env = Env::new();
    env.ok(&["add", "Anna"]);
    let mut store = Store::open(&env.db).unwrap();
    std::fs::remove_file(&env.db).unwrap();
    let err = ops::capture::log_note(&mut store, 1, NoteKind::Talk, "lost?", None, None, &clock())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("deleted or replaced") && err.contains("nothing was saved"),
        "{err}"
    );

    // Replaced by another store under the same name: the same.
    drop(store);
    let _ = std::fs::remove_file(env.db.with_file_name("kith.db-wal"));
    env.ok(&["add", "Bert"]);
    let mut store = Store::open(&env.db).unwrap();
    let other = env.db.with_file_name("other.db");
    env.kith()
        .arg("--db")
        .arg(&other)
        .args(["add", "Carl"])
        .assert()
        .success();
    std::fs::rename(&other, &env.db).unwrap();
    let err = ops::capture::log_note(&mut store, 1, NoteKind::Talk, "lost?", None, None, &clock())
        .unwrap_err()
        .to_string();
    assert!(err.contains("deleted or replaced"), "{err}");
}
