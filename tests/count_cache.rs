//! `kith today --count` answers from a file beside the store while nothing
//! changed, and counts again after any change: a write by Kith, a write by
//! another program, another day, other rhythm rules. The file holds numbers,
//! no names, and is private.

mod common;

use common::Env;

fn count(env: &Env, today: &str) -> String {
    env.ok_on(today, &["today", "--count"]).trim().to_string()
}

fn inode(path: &std::path::Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

fn counts_file(env: &Env) -> std::path::PathBuf {
    env.db.with_file_name("kith.db-counts")
}

#[test]
fn a_kept_count_is_never_served_after_a_change() {
    let env = Env::new();
    env.ok(&["add", "Anna Berg", "--email", "anna@example.org"]);
    env.ok(&["remind", "anna", "send the slides", "--on", "2026-11-10"]);
    assert_eq!(count(&env, "2026-11-22"), "1");
    assert!(counts_file(&env).is_file());
    // Kept: the same answer again, from the same file (each count written
    // is a new file renamed into place), and a read by another command
    // keeps it.
    let kept = inode(&counts_file(&env));
    assert_eq!(count(&env, "2026-11-22"), "1");
    env.ok(&["show", "anna"]);
    assert_eq!(count(&env, "2026-11-22"), "1");
    assert_eq!(
        inode(&counts_file(&env)),
        kept,
        "counted again though nothing changed"
    );

    // A write through Kith.
    env.ok(&["remind", "anna", "call back", "--on", "2026-11-22"]);
    assert_eq!(count(&env, "2026-11-22"), "2");
    // Undone.
    env.ok(&["undo"]);
    assert_eq!(count(&env, "2026-11-22"), "1");

    // Another day: a follow-up not yet due.
    env.ok(&["remind", "anna", "next week", "--on", "2026-11-29"]);
    assert_eq!(count(&env, "2026-11-22"), "1");
    assert_eq!(count(&env, "2026-11-29"), "2");

    // A write by another program, straight into the store.
    {
        let c = rusqlite::Connection::open(&env.db).unwrap();
        c.execute(
            "UPDATE reminder SET done_at = '2026-11-22T10:00:00Z' WHERE body = 'send the slides'",
            [],
        )
        .unwrap();
    }
    assert_eq!(count(&env, "2026-11-29"), "1");
    // The same program holding the store open while it writes.
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.execute(
        "UPDATE reminder SET done_at = NULL WHERE body = 'send the slides'",
        [],
    )
    .unwrap();
    assert_eq!(count(&env, "2026-11-29"), "2");
    c.execute(
        "UPDATE reminder SET done_at = '2026-11-23T10:00:00Z' WHERE body = 'next week'",
        [],
    )
    .unwrap();
    assert_eq!(count(&env, "2026-11-29"), "1");
    drop(c);
    assert_eq!(count(&env, "2026-11-29"), "1");
}

#[test]
fn other_rhythm_rules_count_again() {
    let env = Env::new();
    env.ok(&["add", "Old Friend"]);
    env.ok(&["log", "old friend", "coffee", "--on", "2026-03-01"]);
    assert_eq!(count(&env, "2026-11-22"), "0");
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "[cadence]\ndefault = \"30d\"\n").unwrap();
    let out = env
        .kith()
        .env("KITH_CONFIG", &config)
        .args(["today", "--count"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1");
    assert_eq!(count(&env, "2026-11-22"), "0");
}

#[test]
fn the_kept_count_holds_no_names_and_is_private() {
    let env = Env::new();
    env.ok(&["add", "Zelda Quist", "--email", "zelda@example.org"]);
    env.ok(&["remind", "zelda", "secret plan", "--on", "2026-11-10"]);
    assert_eq!(count(&env, "2026-11-22"), "1");
    let text = std::fs::read_to_string(counts_file(&env)).unwrap();
    for word in ["Zelda", "zelda", "secret"] {
        assert!(!text.contains(word), "{text}");
    }
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(counts_file(&env))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    // A damaged file is counted over, not believed.
    std::fs::write(counts_file(&env), "{\"key\": 7").unwrap();
    assert_eq!(count(&env, "2026-11-22"), "1");
}
