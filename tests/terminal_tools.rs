//! Kith in other terminal tools' formats, through the real binary: mutt's
//! and aerc's address queries, the status-bar count.

mod common;

use common::Env;

/// One result as mutt holds it: address, name, other.
type Entry = (String, Option<String>, Option<String>);

/// What mutt's `run_query` (query.c) makes of a query command's output: the
/// first line is the status message; every other line is split with
/// `strtok(buf, "\t\n")` — runs of tabs are one separator, empty fields
/// vanish — into address, name and other.
fn mutt_parse(out: &str) -> (String, Vec<Entry>) {
    let mut lines = out.split_inclusive('\n');
    let status = lines
        .next()
        .unwrap_or_default()
        .trim_end_matches('\n')
        .to_string();
    let mut entries = Vec::new();
    for line in lines {
        let mut tokens = line.split(['\t', '\n']).filter(|t| !t.is_empty());
        if let Some(addr) = tokens.next() {
            let name = tokens.next().map(String::from);
            let other = name.as_ref().and(tokens.next()).map(String::from);
            entries.push((addr.to_string(), name, other));
        }
    }
    (status, entries)
}

fn people(env: &Env) {
    env.ok(&[
        "add",
        "Anna de Vries",
        "--company",
        "Acme",
        "--email",
        "anna@acme.example",
        "--email",
        "anna.private@home.example",
        "--tag",
        "rust",
    ]);
    env.ok(&[
        "add",
        "Hannah Annatto",
        "--email",
        "hannah@brightlane.example",
    ]);
    env.ok(&["add", "Bob Stone", "--email", "anna.fan@club.example"]);
    env.ok(&[
        "add",
        "José García",
        "--company",
        "Lisboa Labs",
        "--email",
        "jose@lisboa.example",
    ]);
    env.ok(&["add", "Anne Nomail", "--company", "Acme"]);
    env.ok(&["add", "Annabel Gone", "--email", "annabel@gone.example"]);
    env.ok(&["archive", "annabel"]);
    env.ok(&[
        "add",
        "Evil\tTab\nName",
        "--company",
        "Tab\tCo",
        "--email",
        "evil@tab.example",
        "--new",
    ]);
}

#[test]
fn query_speaks_mutts_query_command_format() {
    let env = Env::new();
    people(&env);
    let out = env.ok(&["query", "anna"]);
    let (status, entries) = mutt_parse(&out);
    assert!(status.starts_with("kith: "), "{status}");
    let addrs: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    // Name first, then a word of a name, then an email; archived and
    // email-less people never.
    assert_eq!(
        addrs,
        [
            "anna@acme.example",
            "anna.private@home.example",
            "hannah@brightlane.example",
            "anna.fan@club.example",
        ]
    );
    assert_eq!(entries[0].1.as_deref(), Some("Anna de Vries"));
    assert_eq!(entries[0].2.as_deref(), Some("Acme (rust)"));
    assert_eq!(entries[2].2, None);
    // Every line is exactly email, name[, other].
    for line in out.lines().skip(1) {
        let n = line.split('\t').count();
        assert!(n == 2 || n == 3, "{line:?}");
    }
}

#[test]
fn query_matches_accents_companies_tags_and_emails() {
    let env = Env::new();
    people(&env);
    for (q, want) in [
        ("jose", "jose@lisboa.example"),
        ("JOSÉ", "jose@lisboa.example"),
        ("garc", "jose@lisboa.example"),
        ("lisboa labs", "jose@lisboa.example"),
        ("brightlane", "hannah@brightlane.example"),
        ("rust", "anna@acme.example"),
        ("acme", "anna@acme.example"),
    ] {
        let (_, entries) = mutt_parse(&env.ok(&["query", q]));
        assert_eq!(entries.first().map(|e| e.0.as_str()), Some(want), "{q}");
    }
}

#[test]
fn a_tab_or_newline_in_a_name_never_shifts_mutts_columns() {
    let env = Env::new();
    people(&env);
    let (_, entries) = mutt_parse(&env.ok(&["query", "evil"]));
    assert_eq!(entries.len(), 1);
    let (addr, name, other) = &entries[0];
    assert_eq!(addr, "evil@tab.example");
    assert_eq!(name.as_deref(), Some("Evil Tab Name"));
    assert_eq!(other.as_deref(), Some("Tab Co"));
}

#[test]
fn nothing_matching_fails_with_the_status_line_as_message() {
    let env = Env::new();
    people(&env);
    let out = env
        .kith()
        .args(["query", "zebra"])
        .output()
        .expect("run kith");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let (status, entries) = mutt_parse(&stdout);
    assert!(entries.is_empty());
    assert!(
        status.contains("nobody") && status.contains("zebra"),
        "{status}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("zebra"));
    // aerc: nothing on stdout at all.
    let out = env
        .kith()
        .args(["query", "--no-header", "zebra"])
        .output()
        .expect("run kith");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn aercs_format_has_no_header() {
    let env = Env::new();
    people(&env);
    let out = env.ok(&["query", "--no-header", "anna"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0], "anna@acme.example\tAnna de Vries\tAcme (rust)");
    for line in lines {
        let email = line.split('\t').next().unwrap_or_default();
        assert!(email.contains('@'), "{line:?}");
    }
}

/// Something in every section of Today (2026-11-22).
fn busy_day(env: &Env) {
    env.ok(&[
        "event",
        "add",
        "RustConf 2026",
        "--on",
        "2026-11-19",
        "--at",
        "Amsterdam",
    ]);
    for name in ["Anna de Vries", "Dirk Jansen", "Eva Stone"] {
        env.ok(&["add", name, "--event", "RustConf 2026"]);
    }
    env.ok(&[
        "add",
        "Old Friend",
        "--cadence",
        "30d",
        "--birthday",
        "--11-25",
    ]);
    env.ok(&["log", "old friend", "coffee", "--on", "2026-08-01"]);
    env.ok(&["add", "Far Away", "--cadence", "14d"]);
    env.ok(&["log", "far away", "call", "--on", "2026-10-01"]);
    env.ok(&["remind", "anna", "send the slides", "--on", "2026-11-10"]);
    env.ok(&["remind", "dirk", "intro to Eva", "--on", "2026-11-15"]);
    env.ok(&["remind", "eva", "call back", "--on", "today"]);
}

fn items(t: &serde_json::Value, key: &str) -> usize {
    t[key].as_array().map_or(0, Vec::len)
}

#[test]
fn the_count_is_the_number_of_items_today_lists() {
    let env = Env::new();
    busy_day(&env);
    let t = env.json(&["today", "--json"]);
    let listed = ["overdue", "due", "after_event", "reconnect"]
        .iter()
        .map(|k| items(&t, k))
        .sum::<usize>();
    assert_eq!(
        (
            items(&t, "overdue"),
            items(&t, "due"),
            items(&t, "after_event"),
            items(&t, "reconnect")
        ),
        (2, 1, 3, 2),
        "{t:#}"
    );
    let count = env.ok(&["today", "--count"]);
    assert_eq!(count, format!("{listed}\n"));
    for (sections, keys) in [
        ("birthdays", vec!["birthdays"]),
        ("overdue,due", vec!["overdue", "due"]),
        ("reconnect,reconnect", vec!["reconnect"]),
    ] {
        let want: usize = keys.iter().map(|k| items(&t, k)).sum();
        let got = env.ok(&["today", "--count", "--sections", sections]);
        assert_eq!(got.trim(), want.to_string(), "{sections}");
    }
    // Nothing to do: 0, not an error.
    let empty = Env::new();
    empty.ok(&["add", "Nobody Due"]);
    assert_eq!(empty.ok(&["today", "--count"]), "0\n");
}

#[test]
fn the_waybar_format_parses() {
    let env = Env::new();
    busy_day(&env);
    let w = env.json(&["today", "--count", "--format", "json"]);
    assert_eq!(w["text"], "8");
    assert_eq!(w["class"], "overdue");
    assert_eq!(
        w["tooltip"],
        "2 overdue\n1 due today\n3 after events\n2 to reconnect"
    );
    // --format alone implies the count; the output is one line.
    let line = env.ok(&["today", "--format", "json"]);
    assert_eq!(line.lines().count(), 1);
    let bad = env
        .kith()
        .args(["today", "--count", "--sections", "later"])
        .output()
        .expect("run kith");
    assert_eq!(bad.status.code(), Some(2));
}
