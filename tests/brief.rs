//! The brief through the real binary: paste-ready, with what you talked about.

mod common;

use common::Env;

fn anna(env: &Env) {
    env.ok(&[
        "event",
        "add",
        "RustConf 2026",
        "--on",
        "2026-11-02",
        "--at",
        "Amsterdam",
    ]);
    env.ok(&[
        "add",
        "Anna de Vries",
        "--company",
        "Acme",
        "--event",
        "RustConf 2026",
        "--note",
        "talked about SQLite at the edge",
    ]);
    env.ok(&[
        "log",
        "anna",
        "coffee: her team moves to Rust",
        "--on",
        "2026-11-10",
    ]);
    env.ok(&[
        "log",
        "anna",
        "call about the WAL benchmarks",
        "--on",
        "2026-11-15",
    ]);
    env.ok(&["log", "anna", "prefers email to calls", "--kind", "note"]);
    env.ok(&[
        "log",
        "anna",
        "she is hiring Rust devs",
        "--kind",
        "learned",
    ]);
    env.ok(&["log", "anna", "sent the WAL slides", "--kind", "gave"]);
    env.ok(&[
        "log",
        "anna",
        "intro to Dirk",
        "--kind",
        "promise",
        "--due",
        "2026-11-20",
    ]);
    env.ok(&[
        "remind",
        "anna",
        "ask about the offsite",
        "--on",
        "2026-11-30",
    ]);
}

#[test]
fn the_brief_says_what_you_talked_about_and_marks_overdue_follow_ups() {
    let env = Env::new();
    anna(&env);
    let brief = env.ok(&["brief", "anna"]);
    for want in [
        "Anna de Vries — Acme",
        "2026-11-02 at RustConf 2026, Amsterdam — talked about SQLite at the edge",
        "Talked about:",
        "call about the WAL benchmarks",
        "coffee: her team moves to Rust",
        "prefers email to calls",
        "Learned:",
        "she is hiring Rust devs",
        "Gave:",
        "sent the WAL slides",
        "Open follow-ups:",
        "OVERDUE since 2026-11-20 (2 days ago): you promised: intro to Dirk",
        "due 2026-11-30 (in 8 days): ask about the offsite",
    ] {
        assert!(brief.contains(want), "missing {want:?} in\n{brief}");
    }
    // Newest first.
    let call = brief.find("call about the WAL").unwrap_or(usize::MAX);
    let coffee = brief.find("coffee: her team").unwrap_or(0);
    assert!(call < coffee, "{brief}");
    // The meeting's note is said once, on the meeting line.
    assert_eq!(brief.matches("SQLite at the edge").count(), 1, "{brief}");
    for counter in ["Balance", "gave 0", "asked 0", "gave 1"] {
        assert!(!brief.contains(counter), "{counter:?} in\n{brief}");
    }

    let md = env.ok(&["brief", "anna", "--markdown"]);
    assert!(md.starts_with("## Anna de Vries — Acme\n"), "{md}");
    for want in [
        "**Talked about**",
        "- 2026-11-15 call about the WAL benchmarks",
        "- **OVERDUE since 2026-11-20 (2 days ago)**: you promised: intro to Dirk",
    ] {
        assert!(md.contains(want), "missing {want:?} in\n{md}");
    }
    assert!(!md.contains("Balance"), "{md}");
}

/// Captured twice at one event (the same person recognised the second
/// time): one line for the meeting, with both things said, oldest first.
#[test]
fn two_captures_at_one_event_are_one_meeting_line() {
    let env = Env::new();
    env.ok(&["event", "add", "RustConf 2026", "--on", "2026-11-02"]);
    for note in ["talked about SQLite at the edge", "her storage team"] {
        env.ok(&[
            "add",
            "Anna de Vries",
            "--email",
            "anna@acme.example",
            "--event",
            "RustConf 2026",
            "--note",
            note,
        ]);
    }
    let brief = env.ok(&["brief", "anna"]);
    assert!(
        brief.contains(
            "2026-11-02 at RustConf 2026 \u{2014} talked about SQLite at the edge; her storage team"
        ),
        "{brief}"
    );
    assert_eq!(brief.matches("at RustConf 2026").count(), 1, "{brief}");
}
