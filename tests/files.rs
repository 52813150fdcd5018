//! Files Kith writes: never the store, never someone else's file without
//! `--force`, whole or not at all, and private (0600 in 0700 folders).

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::Env;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}

fn env_with_people() -> Env {
    let env = Env::new();
    env.ok(&["add", "Ada Lovelace", "--email", "ada@example.org"]);
    env.ok(&["add", "Grace Hopper", "--note", "navy"]);
    env
}

fn store_bytes(env: &Env) -> Vec<u8> {
    std::fs::read(&env.db).expect("store")
}

#[test]
fn export_never_writes_over_the_store_by_any_name() {
    let env = env_with_people();
    let before = env.counts();
    let dir = env.db.parent().unwrap();
    std::fs::hard_link(&env.db, dir.join("linked.db")).unwrap();
    std::os::unix::fs::symlink(&env.db, dir.join("soft.db")).unwrap();
    let via_dots = dir.join("..").join("store").join("kith.db");
    let targets = [
        env.db.clone(),
        via_dots,
        dir.join("kith.db-wal"),
        dir.join("kith.db-shm"),
        dir.join("linked.db"),
        dir.join("soft.db"),
    ];
    let snapshot = store_bytes(&env);
    for target in &targets {
        for format in ["csv", "json", "vcard", "ics"] {
            let out = env
                .kith()
                .args(["export", "--format", format, "--force", "-o"])
                .arg(target)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{target:?} {format}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("the store itself"), "{target:?}: {err}");
        }
    }
    assert_eq!(store_bytes(&env), snapshot);
    assert_eq!(env.counts(), before);
    assert_eq!(mode(&env.db), 0o600);
    env.ok(&["check"]);
}

#[test]
fn an_existing_export_target_needs_force_and_ends_up_private() {
    let env = env_with_people();
    let target = env.dir.path().join("people.csv");
    std::fs::write(&target, "precious").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env
        .kith()
        .args(["export", "--format", "csv", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");

    let t = target.to_str().unwrap();
    env.ok(&["export", "--format", "csv", "-o", t, "--force"]);
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.contains("Ada Lovelace"), "{written}");
    assert_eq!(mode(&target), 0o600);
    // Nothing left behind beside it.
    let names: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("tmp")),
        "litter: {names:?}"
    );
}

#[test]
fn exports_are_private_files_in_private_folders() {
    let env = env_with_people();
    let file = env.dir.path().join("new/deeper/people.vcf");
    env.ok(&["export", "--format", "vcard", "-o", file.to_str().unwrap()]);
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(file.parent().unwrap()), 0o700);
    assert_eq!(mode(&env.dir.path().join("new")), 0o700);

    let vdir = env.dir.path().join("cards");
    env.ok(&["export", "--vdir", vdir.to_str().unwrap()]);
    assert_eq!(mode(&vdir), 0o700);
    let cards: Vec<_> = std::fs::read_dir(&vdir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(cards.len(), 2);
    for c in &cards {
        assert_eq!(mode(c), 0o600, "{c:?}");
    }
    // A card someone else wrote there is not replaced without --force.
    std::fs::write(&cards[0], "theirs").unwrap();
    let out = env
        .kith()
        .args(["export", "--vdir"])
        .arg(&vdir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&cards[0]).unwrap(), "theirs");
    env.ok(&["export", "--vdir", vdir.to_str().unwrap(), "--force"]);
    assert!(std::fs::read_to_string(&cards[0])
        .unwrap()
        .starts_with("BEGIN:VCARD"));
}

#[test]
fn a_store_created_over_an_empty_file_is_made_private() {
    let env = Env::new();
    std::fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    std::fs::write(&env.db, "").unwrap();
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o644)).unwrap();
    env.ok(&["add", "Ada"]);
    assert_eq!(mode(&env.db), 0o600);
}

#[test]
fn a_read_command_on_a_missing_store_creates_nothing() {
    let env = Env::new();
    for args in [
        vec!["list"],
        vec!["today"],
        vec!["show", "ada"],
        vec!["search", "ada"],
        vec!["brief", "ada"],
        vec!["stats"],
        vec!["event", "list"],
        vec!["export", "--format", "json"],
        vec!["check"],
        vec!["backup"],
    ] {
        let out = env.kith().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("there is no store at"), "{args:?}: {err}");
        assert!(
            !env.db.parent().unwrap().exists(),
            "{args:?} created the folder"
        );
    }
}
