//! Kith in pipelines, through the real binary: `list --tsv` and `search
//! --tsv` parsed as fzf and awk split them, `--json` on every command that
//! prints a list parsed as JSON — with names holding tabs, newlines,
//! quotes, backslashes and escape sequences.

mod common;

use common::Env;
use serde_json::Value;

/// Names a pipeline must survive, each a separate person.
const HOSTILE: [&str; 5] = [
    "Tab\tBetween",
    "Two\nLines",
    "Quote \"Q\" O'Neil",
    "Back\\slash \\t not a tab",
    "Esc \u{1b}[31mred\u{1b}]52;c;eA==\u{7}",
];

fn hostile_people(env: &Env) {
    for (i, name) in HOSTILE.iter().enumerate() {
        let email = format!("h{i}@pipe.example");
        env.ok(&[
            "add",
            name,
            "--company",
            "Pipe\tWorks",
            "--email",
            &email,
            "--new",
        ]);
    }
    env.ok(&[
        "add",
        "Anna de Vries",
        "--company",
        "Acme",
        "--email",
        "anna@acme.example",
    ]);
}

/// Undoes `--tsv`'s escapes of one field.
fn unescape(f: &str) -> String {
    let mut out = String::new();
    let mut chars = f.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            other => panic!("a lone backslash before {other:?} in {f:?}"),
        }
    }
    out
}

/// Lines split on tabs, as `cut` and `fzf --delimiter '\t'` see them.
fn tsv(out: &str) -> Vec<Vec<String>> {
    out.lines()
        .map(|l| l.split('\t').map(String::from).collect())
        .collect()
}

/// How a raw name looks once made safe for a terminal (escape shown as ␛).
fn shown(name: &str) -> String {
    name.replace('\u{1b}', "\u{241b}")
        .replace('\u{7}', "\u{2407}")
}

#[test]
fn list_tsv_is_one_person_a_line_with_the_id_first() {
    let env = Env::new();
    hostile_people(&env);
    env.ok(&["log", "anna", "coffee", "--on", "2026-11-20"]);
    let out = env.ok(&["list", "--tsv"]);
    assert!(
        !out.contains('\u{1b}'),
        "a raw escape reached stdout: {out:?}"
    );
    let rows = tsv(&out);
    assert_eq!(rows.len(), HOSTILE.len() + 1, "one line a person: {out}");
    for row in &rows {
        assert_eq!(row.len(), 7, "seven columns in {row:?}");
        assert!(row[0].starts_with('#'), "an #id first: {row:?}");
        row[0][1..].parse::<i64>().expect("a number after #");
    }
    let names: Vec<String> = rows.iter().map(|r| unescape(&r[1])).collect();
    for name in HOSTILE {
        assert!(names.contains(&shown(name)), "{name:?} not in {names:?}");
    }
    let anna = rows
        .iter()
        .find(|r| r[1] == "Anna de Vries")
        .expect("Anna listed");
    assert_eq!(anna[2], "Acme");
    assert_eq!(anna[3], "2026-11-20", "the last touch");
    let tab = rows.iter().find(|r| r[1] == "Tab\\tBetween").expect("tab");
    assert_eq!(unescape(&tab[2]), "Pipe\tWorks");
}

#[test]
fn the_header_names_the_columns_only_when_asked() {
    let env = Env::new();
    hostile_people(&env);
    let plain = env.ok(&["list", "--tsv"]);
    assert!(plain.starts_with('#'), "no header unless asked: {plain}");
    let with = env.ok(&["list", "--tsv", "--header"]);
    let first = with.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "id\tname\tcompany\tlast_touch\tnext_follow_up\tgave\tasked"
    );
    assert_eq!(
        with.lines().skip(1).collect::<Vec<_>>(),
        plain.lines().collect::<Vec<_>>()
    );
    env.kith()
        .args(["list", "--header"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--tsv"));
}

#[test]
fn show_and_brief_take_the_first_column_as_fzf_hands_it_over() {
    let env = Env::new();
    hostile_people(&env);
    for row in tsv(&env.ok(&["list", "--tsv"])) {
        // fzf's {1}: the first field, without its delimiter.
        let id = &row[0];
        let show = env.json(&["show", id, "--json"]);
        assert_eq!(show["id"].as_i64(), id[1..].parse::<i64>().ok(), "{id}");
        assert_eq!(
            show["name"].as_str().map(shown),
            Some(unescape(&row[1])),
            "the name behind {id}"
        );
        let brief = env.ok(&["brief", id]);
        assert!(!brief.is_empty());
    }
}

#[test]
fn search_tsv_adds_the_snippet() {
    let env = Env::new();
    hostile_people(&env);
    let rows = tsv(&env.ok(&["search", "pipe", "--tsv", "--header"]));
    assert_eq!(rows[0].last().map(String::as_str), Some("snippet"));
    assert_eq!(rows.len(), HOSTILE.len() + 1, "{rows:?}");
    assert!(rows.iter().all(|r| r.len() == 8), "{rows:?}");
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    let env = Env::new();
    // Some 100 kB of lines: more than a pipe holds, so `head` closes it early.
    env.ok(&["demo", "--people", "2000"]);
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{}' list --tsv --limit 2000 | head -1; exit ${{PIPESTATUS[0]}}",
            assert_cmd::cargo::cargo_bin("kith").display()
        ))
        .env("KITH_DB", &env.db)
        .output()
        .expect("bash");
    // Stopped by SIGPIPE as `ls | head` is (141), or done: never an error.
    assert!(
        matches!(out.status.code(), Some(0 | 141)),
        "{:?}",
        out.status
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "nothing on stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A person as `list --json` and `search --json` give one.
fn assert_person_item(v: &Value) {
    for key in [
        "id",
        "name",
        "company",
        "last_touch",
        "next_follow_up",
        "gave",
        "asked",
    ] {
        assert!(v.get(key).is_some(), "{key} missing in {v}");
    }
    assert!(v["id"].is_i64());
    assert!(v["name"].is_string());
}

fn array(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("an array: {v}"))
}

fn names(list: &[Value]) -> Vec<String> {
    list.iter()
        .filter_map(|v| v["name"].as_str().map(String::from))
        .collect()
}

#[test]
fn list_and_search_json_keep_every_name_exactly() {
    let env = Env::new();
    hostile_people(&env);
    let out = env.ok(&["list", "--json"]);
    assert!(!out.contains('\u{1b}'), "escapes are \\u001b in JSON");
    let list: Value = serde_json::from_str(&out).expect("list --json parses");
    let list = array(&list);
    list.iter().for_each(assert_person_item);
    let found = names(list);
    for name in HOSTILE {
        assert!(
            found.iter().any(|n| n == name),
            "{name:?} kept exactly in {found:?}"
        );
    }
    let search = env.json(&["search", "pipe", "--json"]);
    array(&search).iter().for_each(assert_person_item);
    assert_eq!(array(&search).len(), HOSTILE.len());
    assert!(array(&search).iter().all(|v| v["snippet"].is_string()));
}

#[test]
fn query_json_lists_each_address_with_its_person() {
    let env = Env::new();
    hostile_people(&env);
    env.ok(&[
        "edit",
        "person",
        "anna",
        "--tags",
        "rust,nl",
        "--add-email",
        "a@home.example",
    ]);
    let q = env.json(&["query", "anna", "--json"]);
    let q = array(&q);
    assert_eq!(q.len(), 2, "{q:?}");
    for a in q {
        assert_eq!(a["name"], "Anna de Vries");
        assert_eq!(a["company"], "Acme");
        assert!(a["id"].is_i64());
        assert_eq!(a["tags"].as_array().map(Vec::len), Some(2), "{a}");
    }
    let emails: Vec<&str> = q.iter().filter_map(|a| a["email"].as_str()).collect();
    assert_eq!(emails, ["anna@acme.example", "a@home.example"]);
    let q = env.json(&["query", "two", "--json"]);
    assert_eq!(names(array(&q)), ["Two\nLines"]);
    // Nobody matching: an empty list, and no error for a script to catch.
    assert_eq!(
        env.json(&["query", "zzzz", "--json"]),
        serde_json::json!([])
    );
}

#[test]
fn every_list_command_has_json_that_parses() {
    let env = Env::new();
    hostile_people(&env);
    env.ok(&["event", "add", "Meet\t\"up\"", "--on", "2026-11-01"]);
    env.ok(&[
        "add",
        "Anna De Vries",
        "--email",
        "anna@acme2.example",
        "--new",
    ]);
    env.ok(&["intro", "#1", "#2", "--why", "both \"pipe\"\tpeople"]);
    for args in [
        &["list", "--json"][..],
        &["list", "--archived", "--json"],
        &["search", "anna", "--json"],
        &["query", "anna", "--json"],
        &["event", "list", "--json"],
        &["duplicates", "--json"],
        &["intro", "list", "--json"],
        &["undo", "--list", "--json"],
        &["stats", "--json"],
        &["stats", "--events", "--json"],
        &["stats", "--take", "--json"],
        &["today", "--json"],
    ] {
        let out = env.ok(args);
        let v: Value = serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("kith {args:?} --json does not parse: {e}\n{out}"));
        assert!(v.is_array() || v.is_object(), "{args:?}: {v}");
        assert!(!out.contains('\u{1b}'), "{args:?}: a raw escape");
    }
    let events = env.json(&["event", "list", "--json"]);
    assert_eq!(events[0]["event"]["name"], "Meet\t\"up\"");
    let dups = env.json(&["duplicates", "--json"]);
    assert!(!array(&dups).is_empty(), "the two Annas: {dups}");
}

#[test]
fn mail_log_json_reports_touches_and_unknown_addresses() {
    let env = Env::new();
    hostile_people(&env);
    let message = "From: Me <me@home.example>\r\n\
        To: h1@pipe.example, Stranger <new@else.example>\r\n\
        Subject: =?UTF-8?Q?caf=C3=A9?= \"plans\"\r\n\
        Date: Fri, 20 Nov 2026 10:00:00 +0000\r\n\
        Message-ID: <pipe-1@home.example>\r\n\r\nbody\r\n";
    let run = || -> Value {
        let out = env
            .kith()
            .args(["mail", "log", "--me", "me@home.example", "--json"])
            .write_stdin(message)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("mail log --json parses")
    };
    let first = run();
    let logged = array(&first["logged"]);
    assert_eq!(logged.len(), 1, "{first}");
    assert_eq!(logged[0]["name"], "Two\nLines");
    assert_eq!(logged[0]["email"], "h1@pipe.example");
    assert!(logged[0]["body"]
        .as_str()
        .unwrap_or_default()
        .contains("café \"plans\""));
    let unknown = array(&first["unknown"]);
    assert_eq!(unknown[0]["email"], "new@else.example");
    assert_eq!(unknown[0]["name"], "Stranger");
    assert!(unknown[0]["add"]
        .as_str()
        .unwrap_or_default()
        .starts_with("kith add "));
    let again = run();
    assert_eq!(array(&again["logged"]).len(), 0);
    assert_eq!(again["already"], 1);
}
