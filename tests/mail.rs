//! Touches from mail through the real binary: `kith mail log` on one message,
//! `kith mail scan` over generated Maildirs.

mod common;

use std::path::Path;
use std::time::Instant;

use common::Env;

const ME: &str = "me@example.org";

fn config(env: &Env, text: &str) -> std::path::PathBuf {
    let path = env.dir.path().join("config.toml");
    std::fs::write(&path, text).expect("config");
    path
}

/// `kith mail ARGS` with `[me]` set in the config and `stdin` piped in.
fn mail(env: &Env, args: &[&str], stdin: &[u8], extra_config: &str) -> (i32, String, String) {
    let cfg = config(env, &format!("[me]\nemails = [\"{ME}\"]\n{extra_config}"));
    let out = env
        .kith()
        .env("KITH_CONFIG", cfg)
        .arg("mail")
        .args(args)
        .write_stdin(stdin.to_vec())
        .output()
        .expect("run kith");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn notes(env: &Env, who: &str) -> Vec<(String, String, String)> {
    let p = env.json(&["show", who, "--json"]);
    p["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap_or_default().to_string(),
                n["body"].as_str().unwrap_or_default().to_string(),
                n["happened_at"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn people(env: &Env) {
    env.ok(&["add", "Anna de Vries", "--email", "anna@acme.example"]);
    env.ok(&["add", "Dirk Jansen", "--email", "Dirk@Brightlane.example"]);
    env.ok(&["add", "José García", "--company", "Lisboa Labs"]);
}

const SENT: &str = "From: Me <me@example.org>\r\n\
To: =?UTF-8?Q?Jos=C3=A9_Garc=C3=ADa?= <jose@lisboa.example>, Anna <anna@acme.example>\r\n\
Cc: Team: dirk@brightlane.example, Eve Unknown <eve@unknown.example>;\r\n\
Bcc: me@example.org\r\n\
Subject: =?UTF-8?B?VGhlIFdBTCBzbGlkZXMg4oCU?= as promised\r\n\
Date: Fri, 20 Nov 2026 10:15:00 +0100\r\n\
Message-ID: <wal-1@example.org>\r\n\
\r\n\
Hi all, the slides.\r\n";

#[test]
fn a_sent_message_logs_one_touch_per_known_recipient_once() {
    let env = Env::new();
    people(&env);
    let (code, out, err) = mail(&env, &["log"], SENT.as_bytes(), "");
    assert_eq!(code, 0, "{err}");
    // RFC 2047 subject decoded; group members and case-folded addresses found.
    for who in ["anna", "dirk"] {
        assert_eq!(
            notes(&env, who),
            [(
                "talk".to_string(),
                "emailed: The WAL slides — as promised".to_string(),
                "2026-11-20T09:15:00Z".to_string()
            )],
            "{who}"
        );
    }
    assert!(
        out.contains("Logged talk for Anna de Vries <anna@acme.example>"),
        "{out}"
    );
    // The unknown are listed with a command that adds them; I am not.
    assert!(
        out.contains("Not in Kith: eve@unknown.example \u{2014} kith add 'Eve Unknown' --email eve@unknown.example"),
        "{out}"
    );
    assert!(out.contains("Not in Kith: jose@lisboa.example"), "{out}");
    assert!(!out.contains(ME), "{out}");
    // Again: nothing twice.
    let (code, out, _) = mail(&env, &["log"], SENT.as_bytes(), "");
    assert_eq!(code, 0);
    assert!(
        out.contains("Already logged from this message: 2 touches."),
        "{out}"
    );
    assert_eq!(notes(&env, "anna").len(), 1);
    assert_eq!(notes(&env, "dirk").len(), 1);
    // One undo step takes the message back.
    let undone = env.ok(&["undo"]);
    assert!(undone.contains("WAL slides"), "{undone}");
}

#[test]
fn add_goes_through_the_identity_rule() {
    let env = Env::new();
    people(&env);
    let (code, out, err) = mail(&env, &["log", "--add"], SENT.as_bytes(), "");
    assert_eq!(code, 0, "{err}");
    // Eve is new: added and touched. José has a namesake here: not doubled.
    assert!(
        out.contains("Added Eve Unknown <eve@unknown.example>"),
        "{out}"
    );
    assert_eq!(notes(&env, "eve").len(), 1);
    assert!(
        out.contains("Not added: jose@lisboa.example may be #3"),
        "{out}"
    );
    let list = env.json(&["list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(4), "{list:#}");
}

#[test]
fn a_received_message_touches_its_sender_unless_configured_off() {
    let env = Env::new();
    people(&env);
    let msg = b"From: Anna <anna@acme.example>\nTo: me@example.org, dirk@brightlane.example\nSubject: Re: slides\nDate: Sat, 21 Nov 2026 08:00:00 +0000\nMessage-ID: <r1@acme.example>\n\nthanks\n";
    let (_, out, _) = mail(&env, &["log"], msg, "[mail]\nlog_received = false\n");
    assert!(out.contains("Nothing to log"), "{out}");
    assert!(notes(&env, "anna").is_empty());
    let (_, out, _) = mail(&env, &["log", "--sent-only"], msg, "");
    assert!(out.contains("Nothing to log"), "{out}");
    let (code, out, _) = mail(&env, &["log"], msg, "");
    assert_eq!(code, 0);
    assert_eq!(
        notes(&env, "anna")[0].1,
        "email from them: Re: slides",
        "{out}"
    );
    // Only the sender: another recipient of a message received is not a touch.
    assert!(notes(&env, "dirk").is_empty());
    let bulk = b"From: Anna <anna@acme.example>\nPrecedence: bulk\nSubject: newsletter\nMessage-ID: <n1@acme.example>\n\nx\n";
    mail(&env, &["log"], bulk, "");
    assert_eq!(notes(&env, "anna").len(), 1);
}

#[test]
fn what_is_not_a_message_is_an_error_and_writes_nothing() {
    let env = Env::new();
    people(&env);
    let before = env.counts();
    let (code, _, err) = mail(&env, &["log"], b"\x00\x01 not mail", "");
    assert_eq!(code, 1);
    assert!(err.contains("standard input"), "{err}");
    assert_eq!(env.counts(), before);
}

/// A Maildir of `n` messages from me to `people` known and unknown people,
/// one in ten with no Message-ID, a few unreadable.
fn maildir(root: &Path, n: usize, known: usize) {
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(root.join(sub)).expect("maildir");
    }
    for i in 0..n {
        let to = i % (known + 10);
        let id = if i % 10 == 0 {
            String::new()
        } else {
            format!("Message-ID: <m{i}@example.org>\n")
        };
        let body = "x".repeat(2000);
        let msg = format!(
            "From: me@example.org\nTo: Person {to} <p{to}@example.net>\nSubject: note {i}\nDate: Mon, 2 Nov 2026 10:{:02}:00 +0000\n{id}\n{body}\n",
            i % 60
        );
        let sub = if i % 3 == 0 { "new" } else { "cur" };
        std::fs::write(root.join(sub).join(format!("{i}.host:2,S")), msg).expect("message");
    }
    std::fs::write(
        root.join("cur").join("broken:2,S"),
        b"garbage without headers",
    )
    .expect("broken");
}

#[test]
fn a_maildir_scan_logs_each_touch_once() {
    let env = Env::new();
    let known = 200;
    let mut cards = String::new();
    for p in 0..known {
        cards.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {p}\r\nEMAIL:p{p}@example.net\r\nEND:VCARD\r\n"
        ));
    }
    let vcf = env.dir.path().join("people.vcf");
    std::fs::write(&vcf, cards).expect("cards");
    env.ok(&["import", vcf.to_str().expect("path")]);
    let dir = env.dir.path().join("Sent");
    let n = 10_000;
    maildir(&dir, n, known);
    let started = Instant::now();
    let (code, out, err) = mail(&env, &["scan", dir.to_str().expect("path")], b"", "");
    let took = started.elapsed();
    assert_eq!(code, 0, "{err}");
    let logged = (0..n).filter(|i| i % (known + 10) < known).count();
    assert!(
        out.starts_with(&format!(
            "Read {n} messages: logged {logged} touches with {known} people (0 already logged)."
        )),
        "{out}"
    );
    assert!(out.contains("Not in Kith: p200@example.net ("), "{out}");
    assert!(err.contains("broken:2,S"), "{err}");
    eprintln!("scanned {n} messages in {took:?} (debug build)");
    let summed: i64 = {
        let c = rusqlite::Connection::open(&env.db).expect("open");
        c.query_row("SELECT count(*) FROM note WHERE kind = 'talk'", [], |r| {
            r.get(0)
        })
        .expect("count")
    };
    assert_eq!(summed as usize, logged);
    // A rerun logs nothing; the search index has the touches.
    let (_, out, _) = mail(&env, &["scan", dir.to_str().expect("path")], b"", "");
    assert!(
        out.starts_with(&format!(
            "Read {n} messages: logged 0 touches with 0 people ({logged} already logged)."
        )),
        "{out}"
    );
    let found = env.json(&["search", "note 9999", "--json"]);
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found:#}");
    env.ok(&["check"]);
    // The whole scan is one undo step (the import is the one before).
    let undone = env.ok(&["undo"]);
    assert!(undone.contains("Scanned mail"), "{undone}");
    let c = rusqlite::Connection::open(&env.db).expect("open");
    let left: i64 = c
        .query_row("SELECT count(*) FROM note", [], |r| r.get(0))
        .expect("count");
    assert_eq!(left, 0);
}

#[test]
fn a_folder_that_is_not_a_maildir_is_named() {
    let env = Env::new();
    people(&env);
    let (code, _, err) = mail(&env, &["scan", "/nonexistent/Mail"], b"", "");
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/Mail is not a Maildir"), "{err}");
}
