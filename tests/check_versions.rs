//! A store killed while it was being created or migrated is left at an
//! earlier schema version (each step commits with its version, so never
//! between two): `kith check` reads it as that version holds it, and the
//! next command that opens it finishes migrating.

mod common;

use common::Env;
use kithkin::store::{maintenance, migrate_to, Store, MIGRATIONS};

/// A store at schema version `v`, as a kill after step `v` leaves it.
fn store_at(env: &Env, v: usize) {
    std::fs::create_dir_all(env.db.parent().expect("a folder")).expect("folder");
    let mut conn = rusqlite::Connection::open(&env.db).expect("open");
    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
        .expect("wal");
    migrate_to(&mut conn, v).expect("migrate");
}

#[test]
fn check_reads_a_store_left_before_the_needs_migration() {
    // Step 13 adds note.need_met_on; a kill before it committed leaves 12.
    let env = Env::new();
    store_at(&env, 12);
    let out = env.kith().arg("check").output().expect("kith check");
    assert!(
        out.status.success(),
        "kith check on a v12 store: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("schema v12"), "{said}");
    assert!(
        said.contains(&format!("migrates it to v{}", MIGRATIONS.len())),
        "says the next open migrates it: {said}"
    );
}

#[test]
fn check_passes_on_a_store_at_every_version_and_the_next_open_migrates_it() {
    for v in 1..=MIGRATIONS.len() {
        let env = Env::new();
        store_at(&env, v);
        let report = maintenance::check(&env.db).unwrap_or_else(|e| panic!("v{v}: {e}"));
        assert!(report.ok(), "v{v}: {:?}", report.problems);
        assert_eq!(report.schema_version, v as i64);
        // The next open finishes the migration; the store then checks out whole.
        let store = Store::open(&env.db).unwrap_or_else(|e| panic!("open v{v}: {e}"));
        assert_eq!(
            store.schema_version().expect("version"),
            MIGRATIONS.len() as i64
        );
        drop(store);
        let report = maintenance::check(&env.db).expect("check after migrating");
        assert!(report.ok(), "v{v} migrated: {:?}", report.problems);
    }
}

#[test]
fn dates_are_still_checked_in_the_columns_an_older_store_has() {
    let env = Env::new();
    store_at(&env, 12);
    let conn = rusqlite::Connection::open(&env.db).expect("open");
    // Around the range triggers, as another tool might write it.
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%birthday%'")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for t in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{t}\""))
            .expect("drop");
    }
    conn.execute(
        "INSERT INTO person (uid, name, birthday, created_at, updated_at)
         VALUES ('u-1', 'Anna', '1980-13-45', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        [],
    )
    .expect("insert");
    drop(conn);
    let report = maintenance::check(&env.db).expect("check");
    assert!(
        report.problems.iter().any(|p| p.contains("birthday")),
        "{:?}",
        report.problems
    );
}
