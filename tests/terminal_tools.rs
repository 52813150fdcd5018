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

/// A tool the test drives: its path, or — outside CI — None (the test then
/// says so and passes); under CI a missing tool fails the test.
fn tool(name: &str) -> Option<std::path::PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is not installed (.ci/run installs it)"
        );
        eprintln!("{name} is not installed; skipping");
    }
    found
}

#[test]
fn remind_lists_the_follow_ups_and_birthdays_on_their_dates() {
    let Some(remind) = tool("remind") else { return };
    let env = Env::new();
    env.ok(&["add", "Anna [de] Vries 100%", "--birthday", "--11-25"]);
    env.ok(&[
        "add",
        "Mallory\nREM 2026-11-23 MSG injected\n",
        "--birthday",
        "1990-12-01",
        "--new",
    ]);
    env.ok(&[
        "remind",
        "anna",
        "send [slides] %a \\",
        "--on",
        "2026-11-27",
        "--every",
        "90d",
    ]);
    env.ok(&["remind", "anna", "overdue one", "--on", "2026-11-02"]);
    env.ok(&[
        "remind",
        "mallory",
        "call [shell(\"id\")]",
        "--on",
        "2026-12-03",
    ]);
    let file = env.dir.path().join("kith.rem");
    env.ok(&[
        "export",
        "--format",
        "remind",
        "-o",
        file.to_str().expect("path"),
    ]);
    // -n: the next time each reminder comes, from 22 November on.
    let out = std::process::Command::new(remind)
        .arg("-n")
        .arg(&file)
        .arg("2026-11-22")
        .output()
        .expect("run remind");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.trim().is_empty(), "remind complained: {stderr}");
    let mut lines: Vec<&str> = stdout.lines().collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "2026/11/22 Anna [de] Vries 100%: overdue one (kith #2)",
            "2026/11/25 Birthday: Anna [de] Vries 100%",
            "2026/11/27 Anna [de] Vries 100%: send [slides] %a \\ (kith #1)",
            "2026/12/01 Birthday: Mallory REM 2026-11-23 MSG injected",
            "2026/12/03 Mallory REM 2026-11-23 MSG injected: call [shell(\"id\")] (kith #3)",
        ]
    );
    // The repeat: 90 days after the first.
    let later = std::process::Command::new(tool("remind").expect("remind"))
        .arg("-n")
        .arg(&file)
        .arg("2026-11-28")
        .output()
        .expect("run remind");
    assert!(String::from_utf8_lossy(&later.stdout)
        .contains("2027/02/25 Anna [de] Vries 100%: send [slides] %a \\ (kith #1)"));
}

/// `kith notify` where no session bus or notification daemon is reachable.
fn no_desktop(env: &Env) -> assert_cmd::Command {
    let mut c = env.kith();
    c.env(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}/no-bus", env.dir.path().display()),
    )
    .env("XDG_RUNTIME_DIR", env.dir.path())
    .env("KITH_CONFIG", env.dir.path().join("none.toml"));
    c
}

#[test]
fn notify_without_a_notification_daemon_prints_the_items() {
    let env = Env::new();
    busy_day(&env);
    let out = no_desktop(&env).arg("notify").output().expect("run kith");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no desktop notification"), "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "Kith: 8 to do today", "{stdout}");
    assert!(
        lines.contains(&"  Overdue: Anna de Vries \u{2014} send the slides (#1, 10 Nov)"),
        "{stdout}"
    );
    assert!(
        lines.contains(&"  Due: Eva Stone \u{2014} call back (#3)"),
        "{stdout}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("  Reconnect: ")),
        "{stdout}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  Birthday: Old Friend")),
        "{stdout}"
    );
    // Nothing due: no nudge at all.
    let empty = Env::new();
    empty.ok(&["add", "Nobody Due"]);
    let out = no_desktop(&empty).arg("notify").output().expect("run kith");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Nothing due today.\n");
}

/// One HTTP request to a listener on the loopback, answered with `status`.
fn serve_once(status: u16) -> (String, std::thread::JoinHandle<String>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listen");
    let addr = listener.local_addr().expect("addr");
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().expect("accept");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .expect("timeout");
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut head = String::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).expect("read") == 0 || line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().expect("length");
            }
            head.push_str(&line);
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("body");
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .expect("answer");
        format!("{head}\r\n{}", String::from_utf8_lossy(&body))
    });
    (format!("http://{addr}/kith-morning"), handle)
}

#[test]
fn notify_posts_to_an_ntfy_topic() {
    let env = Env::new();
    busy_day(&env);
    let (url, server) = serve_once(200);
    let out = no_desktop(&env)
        .args(["notify", "--ntfy", &url])
        .output()
        .expect("run kith");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let request = server.join().expect("server");
    assert!(
        request.starts_with("POST /kith-morning HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(
        request.contains("\r\ntitle: Kith: 8 to do today\r\n")
            || request.contains("\r\nTitle: Kith: 8 to do today\r\n"),
        "{request}"
    );
    assert!(
        request.contains("Overdue: Anna de Vries \u{2014} send the slides (#1, 10 Nov)"),
        "{request}"
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .starts_with("Posted 8 to do today to http://127.0.0.1:"));
    // A topic that refuses is an error, said plainly.
    let (url, server) = serve_once(403);
    let out = no_desktop(&env)
        .args(["notify", "--ntfy", &url])
        .output()
        .expect("run kith");
    server.join().expect("server");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("403"));
}
