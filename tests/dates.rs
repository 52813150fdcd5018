//! Dates stay within the years 1900–2200 Kith supports: at every entry point
//! (date words, command-line flags, JSON import, the demo) and in the store
//! itself, where triggers refuse any other; `kith check` reads every stored
//! date and names what it cannot read.

mod common;

use common::Env;
use rusqlite::Connection;

fn fails(env: &Env, args: &[&str]) -> String {
    let out = env.kith().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "kith {args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn far_dates_are_refused_on_the_command_line() {
    let env = Env::new();
    env.ok(&["add", "Anna"]);
    let before = env.counts();
    for (args, what) in [
        (vec!["log", "anna", "hi", "--on", "in 99999y"], "in 99999y"),
        (
            vec!["log", "anna", "hi", "--on", "99999y ago"],
            "99999y ago",
        ),
        (vec!["remind", "anna", "call", "--on", "in 500y"], "in 500y"),
        (vec!["add", "Bert", "--follow-up", "+9999m"], "+9999m"),
        (
            vec!["add", "Bert", "--birthday", "1066-10-14"],
            "1066-10-14",
        ),
        (
            vec!["event", "add", "Old", "--on", "1899-12-31"],
            "1899-12-31",
        ),
        (
            vec!["snooze", "anna", "--until", "2201-01-01"],
            "2201-01-01",
        ),
    ] {
        let err = fails(&env, &args);
        assert!(
            err.contains(what) && err.contains("1900"),
            "{args:?}: {err}"
        );
        // Said once, not repeated as its own cause.
        assert_eq!(err.matches("1900").count(), 1, "{args:?}: {err}");
    }
    let err = fails(&env, &["--today", "2300-01-01", "today"]);
    assert!(err.contains("1900"), "{err}");
    assert_eq!(env.counts(), before);
    // The edges are fine.
    env.ok(&["log", "anna", "long ago", "--on", "1900-01-01"]);
    env.ok(&["remind", "anna", "far off", "--on", "2200-12-31"]);
    env.ok(&["today"]);
    env.ok(&["show", "anna"]);
}

#[test]
fn the_demo_stores_only_real_dates_and_its_export_imports_cleanly() {
    let env = Env::new();
    env.ok(&["demo"]);
    let out = env.ok(&["check"]);
    assert!(out.contains("Store OK"), "{out}");
    for format in ["json", "vcard"] {
        let dump = env.dir.path().join(format!("demo.{format}"));
        env.ok(&["export", "--format", format, "-o", dump.to_str().unwrap()]);
        let other = Env::new();
        let out = other.kith().args(["import"]).arg(&dump).output().unwrap();
        assert!(out.status.success());
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains(" 0 skipped"), "{stdout}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}

#[test]
fn a_json_import_with_impossible_dates_skips_those_people_and_keeps_the_rest() {
    let env = Env::new();
    let file = env.dir.path().join("bad.json");
    let person = |uid: &str, name: &str, extra: &str| {
        format!(
            r#"{{"uid":"{uid}","name":"{name}","created_at":"2026-01-01T10:00:00Z","updated_at":"2026-01-01T10:00:00Z","contact_points":[],"tags":[],"meetings":[],"notes":[{extra}],"reminders":[]{}}}"#,
            if name == "Far Snooze" {
                r#","prompt_snoozed_until":"+999999-01-01""#
            } else {
                ""
            }
        )
    };
    let lines = [
        person("u1", "Good One", ""),
        person("u2", "Far Snooze", ""),
        person(
            "u3",
            "Bad Time",
            r#"{"kind":"talk","body":"x","happened_at":"not a time"}"#,
        ),
        person(
            "u4",
            "Year Far",
            r#"{"kind":"talk","body":"x","happened_at":"+102025-11-23T12:00:00Z"}"#,
        ),
        person("u5", "Good Two", ""),
    ];
    std::fs::write(
        &file,
        format!(
            "{{\"kith\":1,\"events\":[{}],\n\"people\":[\n{}\n],\n\"reminders\":[{}]}}\n",
            [
                r#"{"uid":"e1","name":"Good Conf","starts_on":"2026-11-20"}"#,
                r#"{"uid":"e2","name":"Far Conf","starts_on":"+99999-01-01"}"#,
            ]
            .join(","),
            lines.join(",\n"),
            r#"{"body":"far off","due_on":"+20000-01-01"}"#
        ),
    )
    .unwrap();
    let out = env.kith().arg("import").arg(&file).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("2 added"), "{stdout}{stderr}");
    assert!(stdout.contains("5 skipped"), "{stdout}{stderr}");
    for (line, what) in [
        (1, "Far Conf"),
        (1, "far off"),
        (4, "+999999-01-01"),
        (5, "not a time"),
        (6, "+102025"),
    ] {
        assert!(
            stderr.contains(&format!("bad.json:{line}:")) && stderr.contains(what),
            "{line} {what}: {stderr}"
        );
    }
    // Everything that reads dates still works.
    assert!(env.ok(&["event", "list"]).contains("Good Conf"));
    env.ok(&["today"]);
    env.ok(&["list"]);
    env.ok(&["show", "good one"]);
    env.ok(&["brief", "good two"]);
    env.ok(&["export", "--format", "ics"]);
    assert!(env.ok(&["check"]).contains("Store OK"));
}

fn insert_person(conn: &Connection, birthday: &str, snoozed: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO person (uid, name, birthday, prompt_snoozed_until, created_at, updated_at)
         VALUES (lower(hex(randomblob(8))), 'X', ?1, ?2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        [birthday, snoozed],
    )
}

#[test]
fn the_store_refuses_dates_outside_the_range_whoever_writes() {
    let env = Env::new();
    env.ok(&["add", "Anna", "--note", "hello", "--follow-up", "fri"]);
    let conn = Connection::open(&env.db).unwrap();
    assert!(insert_person(&conn, "1980-02-29", "2026-12-01").is_ok());
    assert!(insert_person(&conn, "--02-29", "2026-12-01").is_ok());
    for (bday, snooze) in [
        ("1979-02-29", "2026-12-01"),
        ("--02-30", "2026-12-01"),
        ("+99999-01-01", "2026-12-01"),
        ("1980-01-01", "+999999-01-01"),
        ("1980-01-01", "2201-01-01"),
        ("1980-01-01", "soon"),
    ] {
        let err = insert_person(&conn, bday, snooze).unwrap_err();
        assert!(err.to_string().contains("1900"), "{bday} {snooze}: {err}");
    }
    for sql in [
        "UPDATE note SET happened_at = 'not a time'",
        "UPDATE note SET happened_at = '+102025-11-23T12:00:00Z'",
        "UPDATE note SET created_at = '1899-12-31T23:59:59Z'",
        "UPDATE reminder SET due_on = '2026-02-31'",
        "UPDATE reminder SET due_on = '+1020251123'",
        "UPDATE reminder SET snoozed_until = '2301-01-01'",
        "UPDATE reminder SET done_at = 'yesterday'",
        "UPDATE person SET archived_at = '12345'",
        "UPDATE person SET bumped_at = '3000-01-01T00:00:00Z'",
        "INSERT INTO event (uid, name, starts_on, created_at) VALUES ('e', 'E', '0001-01-01', '2026-01-01T00:00:00Z')",
        "INSERT INTO meeting (person_id, met_on, created_at) VALUES (1, '2026-13-01', '2026-01-01T00:00:00Z')",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("1900"), "{sql}: {err}");
    }
    drop(conn);
    assert!(env.ok(&["check"]).contains("Store OK"));
}

#[test]
fn check_reports_stored_dates_it_cannot_read_and_the_migration_keeps_them() {
    let env = Env::new();
    std::fs::create_dir_all(env.db.parent().unwrap()).unwrap();
    // A store of the version before the range was enforced, holding bad dates.
    let mut conn = Connection::open(&env.db).unwrap();
    let before = kithkin::store::MIGRATIONS
        .iter()
        .position(|(name, _)| name.ends_with("_date_range"))
        .expect("the date range migration");
    kithkin::store::migrate_to(&mut conn, before).unwrap();
    insert_person(&conn, "1979-02-29", "+999999-01-01").unwrap();
    conn.execute(
        "INSERT INTO note (person_id, kind, body, happened_at, created_at)
         VALUES (1, 'talk', 'x', 'not a time', '2026-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO reminder (person_id, body, due_on, created_at)
         VALUES (1, 'x', '+102025-11-23', '2026-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
    drop(conn);
    // Opening migrates it; the bad rows stay for `check` to name.
    env.ok(&["add", "Bert"]);
    let out = env.kith().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for what in [
        "person #1 birthday",
        "1979-02-29",
        "person #1 prompt_snoozed_until",
        "note #1 happened_at",
        "not a time",
        "reminder #1 due_on",
    ] {
        assert!(stdout.contains(what), "{what}: {stdout}");
    }
}

#[test]
fn check_refuses_a_store_from_a_newer_version() {
    let env = Env::new();
    env.ok(&["add", "Anna"]);
    let conn = Connection::open(&env.db).unwrap();
    conn.execute_batch("PRAGMA user_version = 999").unwrap();
    drop(conn);
    let list = fails(&env, &["list"]);
    let check = fails(&env, &["check"]);
    assert!(list.contains("newer"), "{list}");
    assert!(check.contains("newer"), "{check}");
}
