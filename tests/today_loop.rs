//! The daily loop through the real binary: Today keeps everyone until you act.

mod common;

use common::Env;

fn today_at(env: &Env, day: &str) -> String {
    env.ok_on(day, &["today"])
}

/// The lines of one section of `kith today`.
fn section<'a>(today: &'a str, title: &str) -> &'a str {
    let start = today
        .find(&format!("\n{title} ("))
        .unwrap_or_else(|| panic!("no {title} in\n{today}"));
    let rest = &today[start + 1..];
    rest.split("\n\n").next().unwrap_or_default()
}

fn met_at_event(env: &Env) {
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
        "Łukasz Wójcik",
        "--event",
        "RustConf 2026",
        "--note",
        "is hiring Rust developers",
    ]);
    env.ok(&["add", "Anna de Vries", "--event", "RustConf 2026"]);
    // A bare import: no meeting, no rhythm.
    env.ok(&["add", "Imported Ivo"]);
    env.ok(&["log", "ivo", "old chat", "--on", "2026-01-05"]);
}

#[test]
fn a_person_met_20_days_ago_and_not_followed_up_stays_on_today() {
    let env = Env::new();
    met_at_event(&env);
    let t = env.ok(&["today"]);
    let group = section(&t, "Not followed up");
    assert!(group.starts_with("Not followed up (2)"), "{t}");
    assert!(
        group.contains("Łukasz Wójcik — met at RustConf 2026 20 days ago, not followed up"),
        "{t}"
    );
    // Still there weeks later, until you act.
    let later = today_at(&env, "2026-12-20");
    assert!(
        section(&later, "Not followed up")
            .contains("Łukasz Wójcik — met at RustConf 2026 48 days ago"),
        "{later}"
    );
    let json = env.json(&["today", "--json"]);
    assert_eq!(json["counts"]["not_followed_up"], 2, "{json}");
    assert_eq!(json["not_followed_up"][0]["person"], "Anna de Vries");
}

#[test]
fn done_on_a_prompt_records_what_happened_and_the_row_leaves() {
    let env = Env::new();
    met_at_event(&env);
    let out = env.ok(&["done", "łukasz"]);
    assert!(
        out.contains(
            "Followed up with Łukasz Wójcik: logged talk “followed up after RustConf 2026”"
        ),
        "{out}"
    );
    let out = env.ok(&["done", "anna", "--dismiss"]);
    assert!(
        out.contains("Dismissed the prompt for Anna de Vries"),
        "{out}"
    );
    let t = env.ok(&["today"]);
    assert!(!t.contains("Łukasz") && !t.contains("Anna"), "{t}");
    let json = env.json(&["today", "--json"]);
    assert_eq!(json["counts"]["not_followed_up"], 0, "{json}");
    // The touch is a note; the dismissal is kept as a reset of the reconnect clock.
    let show = env.json(&["show", "łukasz", "--json"]);
    assert_eq!(show["notes"][0]["kind"], "talk", "{show}");
    let anna = env.json(&["show", "anna", "--json"]);
    assert!(anna["bumped_at"].is_string(), "{anna}");
    // A follow-up id with a person's options is an error that says why.
    let err = env
        .kith()
        .args(["done", "1", "--dismiss"])
        .output()
        .unwrap();
    assert!(!err.status.success());
    assert!(String::from_utf8_lossy(&err.stderr).contains("name the person"));
}

#[test]
fn people_met_at_an_event_come_back_in_reconnect() {
    let env = Env::new();
    met_at_event(&env);
    env.ok(&["done", "łukasz", "--note", "emailed him the WAL slides"]);
    // 89 days after the follow-up: not yet; 91 days: due on the event-contact rhythm.
    let early = today_at(&env, "2027-02-19");
    assert!(!section(&early, "Reconnect").contains("Łukasz"), "{early}");
    let due = today_at(&env, "2027-02-21");
    let reconnect = section(&due, "Reconnect");
    assert!(
        reconnect.contains("Łukasz Wójcik — last touch 91 days ago, 1 days past a 90-day rhythm for people met at an event"),
        "{due}"
    );
    // Never followed up, and quiet longer than the rhythm: Reconnect too.
    assert!(reconnect.contains("Anna de Vries"), "{due}");
    // A bare import gets no rhythm.
    assert!(!due.contains("Imported Ivo"), "{due}");
    assert!(due.contains("Reconnect (2)"), "{due}");
    // A snoozed prompt leaves the list and the count.
    let out = env
        .kith()
        .env("KITH_TODAY", "2027-02-21")
        .args(["snooze", "anna", "--until", "2027-03-01"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let snoozed = today_at(&env, "2027-02-21");
    assert!(snoozed.contains("Reconnect (1)"), "{snoozed}");
    assert!(
        !section(&snoozed, "Reconnect").contains("Anna"),
        "{snoozed}"
    );

    // The rhythm is configurable, and can be turned off.
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "[cadence]\nmet = \"none\"\n").unwrap();
    let out = env
        .kith()
        .env("KITH_TODAY", "2027-02-21")
        .env("KITH_CONFIG", &config)
        .arg("today")
        .output()
        .unwrap();
    let off = String::from_utf8_lossy(&out.stdout);
    assert!(!section(&off, "Reconnect").contains("Łukasz"), "{off}");
}

#[test]
fn counts_are_true_counts_and_overdue_items_say_where_you_met() {
    let env = Env::new();
    env.ok(&["event", "add", "Meetup", "--on", "2026-11-20"]);
    for i in 0..35 {
        env.ok(&["add", &format!("Person {i:02}"), "--event", "Meetup"]);
    }
    env.ok(&[
        "log",
        "person 01",
        "she runs the Rust meetup",
        "--kind",
        "learned",
    ]);
    env.ok(&[
        "remind",
        "person 01",
        "send the talk slides",
        "--on",
        "2026-11-21",
    ]);
    let t = env.ok(&["today"]);
    assert!(t.contains("After events (35)"), "{t}");
    assert!(t.contains("… and 5 more"), "{t}");
    let overdue = section(&t, "Overdue");
    assert!(overdue.contains("met: Meetup, 2026-11-20"), "{t}");
    assert!(
        overdue.contains("give: Person: “she runs the Rust meetup”"),
        "{t}"
    );
    let json = env.json(&["today", "--json"]);
    assert_eq!(json["counts"]["after_event"], 35);
    assert_eq!(json["after_event"].as_array().map(Vec::len), Some(30));
    assert_eq!(json["overdue"][0]["met"]["at"], "Meetup");
    assert_eq!(json["overdue"][0]["body"], "send the talk slides");

    // Logging a touch for someone with an open follow-up offers to close it.
    let out = env.ok(&["log", "person 01", "coffee after the meetup"]);
    assert!(
        out.contains(
            "Still open: #1 send the talk slides (due 2026-11-21). If this settles it: kith done 1"
        ),
        "{out}"
    );
}
