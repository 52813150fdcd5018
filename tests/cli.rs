//! Every command through the real binary, with its bad inputs.

mod common;

use common::Env;
use predicates::prelude::*;

/// The README's walk-through: an event, three people met there, notes, a follow-up.
fn conference(env: &Env) {
    env.ok(&[
        "event",
        "add",
        "RustConf 2026",
        "--on",
        "2026-11-19",
        "--at",
        "Amsterdam",
    ]);
    env.ok(&[
        "add",
        "Anna de Vries",
        "--company",
        "Acme",
        "--email",
        "anna@acme.example",
        "--event",
        "RustConf 2026",
        "--note",
        "talked about SQLite at the edge",
    ]);
    env.ok(&[
        "add",
        "José García",
        "--company",
        "Lisboa Labs",
        "--event",
        "rustconf 2026",
    ]);
    env.ok(&[
        "add",
        "Dirk Jansen",
        "--email",
        "dirk@brightlane.example",
        "--url",
        "https://www.linkedin.com/in/dirkjansen",
        "--tag",
        "close",
        "--birthday",
        "--11-25",
        "--event",
        "RustConf",
    ]);
    env.ok(&[
        "log",
        "anna",
        "she is hiring Rust devs",
        "--kind",
        "learned",
    ]);
    env.ok(&["log", "josé", "sent the WAL slides", "--kind", "gave"]);
    env.ok(&["remind", "anna", "send a candidate", "--on", "today"]);
}

#[test]
fn walkthrough_event_people_notes_followup_today_search_brief() {
    let env = Env::new();
    conference(&env);

    let today = env.ok(&["today"]);
    assert!(today.contains("Due today"), "{today}");
    assert!(
        today.contains("Anna de Vries — send a candidate"),
        "{today}"
    );
    // Anna and Dirk are still to follow up; José got something already.
    let after = today.split("After events").nth(1).unwrap_or_default();
    let after = after.split("Reconnect").next().unwrap_or_default();
    assert!(
        after.contains("Anna de Vries — met at RustConf 2026 3 days ago"),
        "{today}"
    );
    assert!(after.contains("Dirk Jansen"), "{today}");
    assert!(!after.contains("José"), "{today}");
    assert!(
        today.contains("Dirk Jansen — Wed 25 Nov"),
        "birthday: {today}"
    );

    let search = env.ok(&["search", "sqlite edge"]);
    assert!(search.contains("Anna de Vries"), "{search}");
    let jose = env.json(&["search", "jose", "--json"]);
    assert_eq!(jose[0]["name"], "José García");
    assert!(jose[0]["snippet"]
        .as_str()
        .unwrap_or_default()
        .contains("José"));

    let brief = env.ok(&["brief", "anna"]);
    for want in [
        "Anna de Vries — Acme",
        "email: anna@acme.example",
        "2026-11-19 at RustConf 2026, Amsterdam — talked about SQLite at the edge",
        "Learned:",
        "she is hiring Rust devs",
        "Last touch: 2026-11-19 — 3 days ago",
        "Open follow-ups:",
        "send a candidate",
    ] {
        assert!(brief.contains(want), "missing {want:?} in\n{brief}");
    }
    let md = env.ok(&["brief", "anna", "--markdown"]);
    assert!(md.starts_with("## Anna de Vries"), "{md}");
    assert!(md.contains("**Learned**"), "{md}");
}

#[test]
fn json_contracts() {
    let env = Env::new();
    conference(&env);
    let t = env.json(&["today", "--json"]);
    assert_eq!(t["today"], "2026-11-22");
    for key in ["overdue", "due", "after_event", "reconnect", "birthdays"] {
        assert!(t[key].is_array(), "{key} in {t}");
    }
    let r = &t["due"][0];
    for key in ["id", "person", "body", "due_on", "repeat_days"] {
        assert!(r.get(key).is_some(), "reminder lacks {key}: {r}");
    }
    let p = &t["after_event"][0];
    for key in ["person", "why", "give_idea", "last_touch", "score"] {
        assert!(p.get(key).is_some(), "prompt lacks {key}: {p}");
    }
    assert_eq!(t["birthdays"][0]["person"], "Dirk Jansen");
    assert_eq!(t["birthdays"][0]["date"], "2026-11-25");

    let s = env.json(&["show", "anna", "--json"]);
    assert_eq!(s["name"], "Anna de Vries");
    assert_eq!(s["contact_points"][0]["value"], "anna@acme.example");
    assert_eq!(s["meetings"][0]["event"], "RustConf 2026");
    assert_eq!(s["meetings"][0]["met_on"], "2026-11-19");
    assert_eq!(s["last_touch"], "2026-11-19");
    assert_eq!(s["balance"]["gave"], 0);
    assert_eq!(s["reminders"][0]["body"], "send a candidate");
    assert!(s["cadence_days"].is_null());
    assert_eq!(s["notes"].as_array().map(Vec::len), Some(2));

    let dirk = env.json(&["show", "dirk", "--json"]);
    assert_eq!(dirk["tags"][0], "close");
    assert_eq!(dirk["contact_points"][1]["kind"], "social");
    assert_eq!(dirk["contact_points"][1]["label"], "linkedin");

    let list = env.json(&["list", "--json"]);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, ["Anna de Vries", "Dirk Jansen", "José García"]);
    for key in ["id", "name", "company", "last_touch", "next_follow_up"] {
        assert!(list[0].get(key).is_some(), "list row lacks {key}");
    }
    assert_eq!(list[0]["next_follow_up"], "2026-11-22");
}

#[test]
fn promise_done_snooze_and_repeat() {
    let env = Env::new();
    env.ok(&["add", "Anna de Vries", "--company", "Acme"]);
    let out = env.ok(&[
        "log",
        "anna",
        "send the deck",
        "--kind",
        "promise",
        "--due",
        "fri",
    ]);
    assert!(out.contains("Follow-up #1 on 2026-11-27"), "{out}");
    env.ok(&[
        "remind",
        "anna",
        "quarterly check-in",
        "--on",
        "yesterday",
        "--every",
        "90d",
    ]);
    let t = env.json(&["today", "--json"]);
    assert_eq!(t["overdue"][0]["id"], 2);
    assert_eq!(t["overdue"][0]["repeat_days"], 90);

    let done = env.ok(&["done", "2"]);
    assert!(done.contains("Next one: #3 on 2027-02-20"), "{done}");
    let t = env.json(&["today", "--json"]);
    assert_eq!(t["overdue"].as_array().map(Vec::len), Some(0));

    env.ok(&["remind", "anna", "call back", "--on", "today"]);
    env.ok(&["snooze", "4", "--until", "+2d"]);
    let t = env.json(&["today", "--json"]);
    assert_eq!(t["due"].as_array().map(Vec::len), Some(0), "{t}");

    env.ok(&["done", "1", "--gave"]);
    let anna = env.json(&["show", "anna", "--json"]);
    assert_eq!(anna["balance"]["gave"], 1);
    env.kith()
        .args(["done", "1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already done"));
    env.kith()
        .args(["done", "99"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no follow-up with id 99"));
}

#[test]
fn cadence_and_bump() {
    let env = Env::new();
    env.ok(&[
        "add",
        "Dirk Jansen",
        "--on",
        "2026-07-15",
        "--note",
        "met at a meetup",
    ]);
    env.ok(&["cadence", "dirk", "30d"]);
    let t = env.json(&["today", "--json"]);
    assert_eq!(t["reconnect"][0]["person"], "Dirk Jansen");
    assert!(
        t["reconnect"][0]["why"]
            .as_str()
            .unwrap_or_default()
            .contains("100 days past"),
        "{t}"
    );
    env.ok(&["bump", "dirk"]);
    let t = env.json(&["today", "--json"]);
    assert_eq!(t["reconnect"].as_array().map(Vec::len), Some(0));
    let s = env.json(&["show", "dirk", "--json"]);
    assert_eq!(s["cadence_days"], 30);
    assert_eq!(s["last_touch"], "2026-07-15", "a bump is not a touch");
    env.ok(&["cadence", "dirk", "none"]);
    assert!(env.json(&["show", "dirk", "--json"])["cadence_days"].is_null());
}

#[test]
fn events_list() {
    let env = Env::new();
    env.ok(&[
        "event",
        "add",
        "FOSDEM 2026",
        "--on",
        "2026-01-31",
        "--until",
        "2026-02-01",
        "--at",
        "Brussels",
    ]);
    env.ok(&[
        "event",
        "add",
        "RustConf 2026",
        "--on",
        "2026-09-12",
        "--at",
        "Amsterdam",
    ]);
    env.ok(&["add", "Anna", "--event", "fosdem"]);
    let list = env.ok(&["event", "list"]);
    let rust = list.find("RustConf").unwrap_or(usize::MAX);
    let fosdem = list.find("FOSDEM").unwrap_or(0);
    assert!(rust < fosdem, "newest first: {list}");
    assert!(list.contains("Brussels"), "{list}");
    let j = env.json(&["event", "list", "--json"]);
    assert_eq!(j[1]["event"]["name"], "FOSDEM 2026");
    assert_eq!(j[1]["people"], 1);
}

#[test]
fn bad_inputs_say_what_is_wrong_and_write_nothing() {
    let env = Env::new();
    env.ok(&[
        "add",
        "Anna de Vries",
        "--company",
        "Acme",
        "--email",
        "anna@acme.example",
    ]);
    env.ok(&["add", "Anna Smit", "--company", "Globex"]);
    env.ok(&["event", "add", "RustConf 2026", "--on", "2026-09-12"]);
    let before = env.counts();

    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["add", "Bob", "--on", "2026-02-31"],
            1,
            "\"2026-02-31\" is not a date",
        ),
        (&["add", "Bob", "--follow-up", "someday"], 1, "in 2w"),
        (&["add", "   "], 1, "a person needs a name"),
        (&["add", ""], 1, "a person needs a name"),
        (
            &["add", "Bob", "--email", "not-an-email"],
            1,
            "not an email address",
        ),
        (
            &["add", "Bob", "--birthday", "1990-02-30"],
            1,
            "not a birthday",
        ),
        (&["add", "Bob", "--cadence", "often"], 1, "not a duration"),
        (
            &["add", "Bob", "--event", "NoSuchConf"],
            1,
            "no event named \"NoSuchConf\"",
        ),
        (
            &["log", "nobody", "hello"],
            1,
            "no person matches \"nobody\"",
        ),
        (&["log", "anna", "hello"], 2, "\"anna\" matches 2 people"),
        (
            &["log", "anna de vries", "hello", "--kind", "gossip"],
            1,
            "not a kind of note",
        ),
        (&["log", "anna de vries", "   "], 1, "the note is empty"),
        (
            &["log", "anna de vries", "hi", "--on", "yesterday-ish"],
            1,
            "not a date",
        ),
        (
            &["log", "anna de vries", "hi", "--due", "fri"],
            1,
            "--due goes with --kind promise",
        ),
        (
            &["remind", "anna", "x", "--on", "fri"],
            2,
            "Anna Smit (Globex)",
        ),
        (&["remind", "ghost", "x"], 1, "no person matches"),
        (
            &["remind", "anna smit", "x", "--on", "13/01/2026"],
            1,
            "not a date",
        ),
        (
            &["remind", "anna smit", "x", "--every", "sometimes"],
            1,
            "not a duration",
        ),
        (&["snooze", "1", "--until", "never"], 1, "not a date"),
        (
            &["snooze", "77", "--until", "fri"],
            1,
            "no follow-up with id 77",
        ),
        (&["show", "zzz"], 1, "no person matches"),
        (&["brief", "anna"], 2, "matches 2 people"),
        (&["brief", ""], 1, "a person is needed"),
        (&["cadence", "anna smit", "sometimes"], 1, "not a duration"),
        (
            &["event", "add", " ", "--on", "fri"],
            1,
            "an event needs a name",
        ),
        (
            &["event", "add", "X", "--on", "2026-13-01"],
            1,
            "not a date",
        ),
        (&["demo"], 1, "already has 2 people"),
    ];
    for (args, code, message) in cases {
        env.kith()
            .args(*args)
            .assert()
            .code(*code)
            .stderr(predicate::str::contains(*message));
        assert_eq!(env.counts(), before, "kith {args:?} wrote something");
    }
}

#[test]
fn a_failing_first_command_creates_no_store() {
    let env = Env::new();
    env.kith()
        .args(["add", "Bob", "--on", "someday"])
        .assert()
        .code(1);
    assert!(!env.db.exists());
}

#[test]
fn person_arguments_match_email_id_prefix_and_folded_accents() {
    let env = Env::new();
    env.ok(&["add", "Anna de Vries", "--email", "anna@acme.example"]);
    env.ok(&["add", "Annabel Smit", "--company", "Globex"]);
    env.ok(&["add", "José García"]);
    env.ok(&["log", "anna@acme.example", "by email"]);
    env.ok(&["log", "#2", "by id"]);
    env.ok(&["log", "anna", "a whole word beats a prefix"]);
    env.ok(&["log", "garcia", "accents folded"]);
    env.ok(&["log", "globex", "by company"]);
    env.ok(&["log", "de vr", "prefixes of several words"]);
    let anna = env.json(&["show", "anna de vries", "--json"]);
    assert_eq!(anna["notes"].as_array().map(Vec::len), Some(3));
    let annabel = env.json(&["show", "#2", "--json"]);
    assert_eq!(annabel["notes"].as_array().map(Vec::len), Some(2));
    env.kith().args(["show", "#99"]).assert().code(1);
    env.kith().args(["log", "ann", "x"]).assert().code(2);
}

#[test]
fn demo_is_deterministic_and_rich() {
    let a = Env::new();
    let b = Env::new();
    a.ok(&["demo"]);
    b.ok(&["demo"]);
    let ta = a.json(&["today", "--json"]);
    assert_eq!(ta, b.json(&["today", "--json"]));
    for key in ["overdue", "due", "after_event", "reconnect", "birthdays"] {
        assert!(
            !ta[key].as_array().unwrap().is_empty(),
            "demo has no {key}: {ta}"
        );
    }
    let kinds: std::collections::BTreeSet<String> = a
        .json(&["list", "--json", "--limit", "1000"])
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            let id = format!("#{}", r["id"]);
            a.json(&["show", &id, "--json"])["notes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n["kind"].as_str().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(kinds.len(), 7, "every kind of note: {kinds:?}");
    let big = Env::new();
    let out = big.ok(&["demo", "--people", "500"]);
    assert!(out.contains("500 people"), "{out}");
}

#[test]
fn store_is_private_to_its_user() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.ok(&["add", "Anna"]);
    let mode = std::fs::metadata(&env.db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let dir = std::fs::metadata(env.db.parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir, 0o700);
}

#[test]
fn hostile_names_never_reach_the_terminal_raw() {
    let env = Env::new();
    env.ok(&[
        "add",
        "\x1b]52;c;ZXZpbA==\x07Eve",
        "--company",
        "\x1b[2JCorp",
    ]);
    env.ok(&["log", "eve", "note with \x1b[31mred\u{202e} text"]);
    for args in [
        &["list"][..],
        &["show", "eve"],
        &["brief", "eve"],
        &["search", "eve"],
    ] {
        let out = env.ok(args);
        assert!(!out.contains('\x1b'), "{args:?}: {out:?}");
        assert!(!out.contains('\x07'), "{args:?}: {out:?}");
        assert!(!out.contains('\u{202e}'), "{args:?}: {out:?}");
    }
}

#[test]
fn shell_completions_and_the_store_path() {
    let env = Env::new();
    let bash = env.ok(&["completions", "bash"]);
    assert!(bash.contains("kith") && bash.contains("brief"), "{bash}");
    assert!(!env.db.exists(), "completions do not create a store");
    let path = env.ok(&["path"]);
    assert_eq!(path.trim(), env.db.display().to_string());
}

#[test]
fn a_reader_that_goes_away_stops_kith_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let env = Env::new();
    env.ok(&["demo", "--people", "3000"]);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("kith"))
        .args(["list", "--limit", "3000"])
        .env("KITH_DB", &env.db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('#'), "{first}");
    // The reader is gone now (`kith list | head -1`).
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}

#[test]
fn list_sorts_names_with_accents_folded() {
    let env = Env::new();
    for name in [
        "Maja Berg",
        "Łukasz Wójcik",
        "Zoe Adams",
        "Lars Olsen",
        "Ádám Kovács",
    ] {
        env.ok(&["add", name]);
    }
    let out = env.ok(&["list"]);
    let names: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(names, ["Ádám", "Lars", "Łukasz", "Maja", "Zoe"], "{out}");
}
