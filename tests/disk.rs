//! A read-only store, a folder that cannot be made, a full disk: a clear error,
//! nothing half-written, and everything already saved still there.

mod common;
#[path = "common/limits.rs"]
mod limits;

use common::Env;
use limits::{ReadOnly, TinyDisk};

fn fails_with(env: &Env, db: &std::path::Path, args: &[&str], expect: &[&str]) {
    let shown: Vec<String> = args.iter().map(|a| a.chars().take(30).collect()).collect();
    let args_long = args;
    let args = &shown;
    let out = env
        .kith()
        .arg("--db")
        .arg(db)
        .args(args_long)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "kith {args:?}: {err}");
    for e in expect {
        assert!(err.contains(e), "kith {args:?}: expected {e:?} in {err:?}");
    }
    // One clear line, not a chain that repeats itself.
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn a_read_only_store_is_read_and_refuses_writes_clearly() {
    let env = Env::new();
    env.ok(&["add", "Anna de Vries", "--company", "Acme"]);
    env.ok(&["log", "anna", "talked about WAL"]);
    let before = env.counts();
    let Some(ro) = ReadOnly::new(env.db.parent().unwrap()) else {
        return;
    };
    let db = ro.dir.join("kith.db");
    // Reading works.
    for args in [
        &["list"][..],
        &["show", "anna"],
        &["today"],
        &["search", "wal"],
    ] {
        let out = env.kith().arg("--db").arg(&db).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = env
        .kith()
        .arg("--db")
        .arg(&db)
        .arg("check")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Writing says read-only and nothing was saved.
    fails_with(
        &env,
        &db,
        &["add", "Bob"],
        &["read-only", "nothing was saved"],
    );
    fails_with(
        &env,
        &db,
        &["log", "anna", "more"],
        &["read-only", "nothing was saved"],
    );
    // A backup into the read-only folder fails clearly; elsewhere it works.
    fails_with(&env, &db, &["backup"], &["cannot create the folder"]);
    let elsewhere = env.dir.path().join("bk");
    env.kith()
        .arg("--db")
        .arg(&db)
        .arg("backup")
        .arg(&elsewhere)
        .assert()
        .success();
    drop(ro);
    assert_eq!(env.counts(), before);
}

#[test]
fn a_folder_that_cannot_be_created_is_a_clear_error() {
    let env = Env::new();
    let file = env.dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let db = file.join("sub").join("kith.db");
    fails_with(
        &env,
        &db,
        &["add", "Anna"],
        &["cannot create the folder", "Not a directory"],
    );
    // A command that only reads creates nothing: it says there is no store.
    fails_with(&env, &db, &["list"], &["there is no store at"]);
}

#[test]
fn a_full_disk_keeps_what_was_saved_and_says_so() {
    let env = Env::new();
    // Room, once the filler goes, for a 64 KB note's write-ahead log and its index.
    let Some(disk) = TinyDisk::new(env.dir.path(), "768k") else {
        return;
    };
    let db = disk.dir.join("kith.db");
    let run = |args: &[&str]| env.kith().arg("--db").arg(&db).args(args).output().unwrap();
    assert!(run(&["add", "Anna de Vries", "--note", "met at RustConf"])
        .status
        .success());
    assert!(run(&["log", "anna", "she is hiring"]).status.success());
    let before = common::counts(&db);

    let filler = disk.fill(0);
    let long = "x".repeat(64 * 1024);
    fails_with(
        &env,
        &db,
        &["log", "anna", &long],
        &["full", "nothing was saved"],
    );
    fails_with(&env, &db, &["add", "Bob", "--note", &long], &["full"]);
    // Reading still works.
    let show = run(&["show", "anna"]);
    assert!(
        show.status.success(),
        "{}",
        String::from_utf8_lossy(&show.stderr)
    );
    assert!(String::from_utf8_lossy(&show.stdout).contains("she is hiring"));

    // Space again: everything saved before is there, whole, and writes work again.
    std::fs::remove_file(filler).unwrap();
    assert_eq!(common::counts(&db), before);
    let check = run(&["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let again = run(&["log", "anna", &long]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn a_large_write_that_fills_the_disk_leaves_nothing_half_written() {
    let env = Env::new();
    let Some(disk) = TinyDisk::new(env.dir.path(), "512k") else {
        return;
    };
    let db = disk.dir.join("kith.db");
    let out = env
        .kith()
        .arg("--db")
        .arg(&db)
        .args(["demo", "--people", "3000"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("full"), "{err}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    assert!(
        common::counts(&db).iter().all(|(_, n)| *n == 0),
        "{:?}",
        common::counts(&db)
    );
}

/// The disk fills while a store is open (as under the TUI): the write fails
/// with SQLITE_FULL, is rolled back whole, and the open store keeps working.
#[test]
fn the_disk_fills_under_an_open_store() {
    use kithkin::store::Store;
    let env = Env::new();
    let Some(disk) = TinyDisk::new(env.dir.path(), "4m") else {
        return;
    };
    let db = disk.dir.join("kith.db");
    let mut store = Store::open(&db).unwrap();
    let insert = |tx: &rusqlite::Transaction, name: &str, body: &str| -> kithkin::Result<()> {
        tx.execute(
            "INSERT INTO person (uid, name, created_at, updated_at) VALUES (?1, ?2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            [name, name],
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO note (person_id, kind, body, happened_at, created_at) VALUES (?1, 'note', ?2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            rusqlite::params![id, body],
        )?;
        Ok(())
    };
    store
        .write(|tx| insert(tx, "Anna", "saved before"))
        .unwrap();
    let before = common::counts(&db);
    let filler = disk.fill(0);
    let big = "y".repeat(300 * 1024);
    let err = store.write(|tx| insert(tx, "Bob", &big)).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("full") && msg.contains("nothing was saved"),
        "{msg}"
    );
    assert_eq!(common::counts(&db), before);
    std::fs::remove_file(filler).unwrap();
    store.write(|tx| insert(tx, "Carl", "after")).unwrap();
    let ok: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}
