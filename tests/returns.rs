//! What each event returned, and the reciprocity of each relationship,
//! through the real binary on a scripted history (today is 2026-11-22).

mod common;

use common::Env;
use serde_json::json;

fn history(env: &Env) {
    env.ok(&[
        "event",
        "add",
        "FOSDEM 2026",
        "--on",
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
    env.ok(&["event", "add", "Rust Meetup", "--on", "2026-11-01"]);
    for name in ["Anna de Vries", "Bert Smit", "Carla Rossi"] {
        env.ok(&["add", name, "--event", "FOSDEM 2026"]);
    }
    for name in ["Dirk Jansen", "Eva Lind"] {
        env.ok(&["add", name, "--event", "RustConf 2026"]);
    }
    env.ok(&["add", "Frank Wu", "--event", "Rust Meetup"]);
    // Anna, met at FOSDEM again at the meetup: a later meeting.
    env.ok(&[
        "add",
        "Anna de Vries",
        "--to",
        "anna",
        "--event",
        "Rust Meetup",
    ]);

    let log = |who: &str, text: &str, kind: &str, on: &str| {
        env.ok(&["log", who, text, "--kind", kind, "--on", on]);
    };
    // Anna: followed up in 4 days, in touch at 4 and 7 months, a gift, a thing learned.
    log("anna", "coffee after FOSDEM", "talk", "2026-02-05");
    log("anna", "sent the WAL slides", "gave", "2026-02-10");
    log("anna", "she runs the Rust meetup", "learned", "2026-02-01");
    log("anna", "call about SQLite", "talk", "2026-06-01");
    log("anna", "lunch in Utrecht", "talk", "2026-09-01");
    // Bert: a talk after 19 days (too late to count), and an ask.
    log("bert", "email about the talk", "talk", "2026-02-20");
    log(
        "bert",
        "asked for a review of my deck",
        "asked",
        "2026-03-01",
    );
    // Carla: nothing since.
    // Dirk: a gift the next day; Eva: a talk after 18 days, two things learned.
    log("dirk", "intro to a recruiter", "gave", "2026-09-13");
    log("eva", "message on LinkedIn", "talk", "2026-09-30");
    log("eva", "moving to Oslo", "learned", "2026-09-12");
    log("eva", "looking for a Rust job", "learned", "2026-09-20");
}

#[test]
fn three_events_return_exactly_what_happened() {
    let env = Env::new();
    history(&env);
    let got = env.json(&["stats", "--events", "--json"]);
    let want = json!({"events": [
        {"name": "FOSDEM 2026", "on": "2026-02-01", "place": "Brussels", "met": 3,
         "followed_up_14d": 1, "in_touch_3m": 1, "in_touch_6m": 1,
         "gave": 1, "intros": 0, "asked": 1, "learned": 1},
        {"name": "RustConf 2026", "on": "2026-09-12", "place": "Amsterdam", "met": 2,
         "followed_up_14d": 1, "in_touch_3m": 0, "in_touch_6m": 0,
         "gave": 1, "intros": 0, "asked": 0, "learned": 2},
        {"name": "Rust Meetup", "on": "2026-11-01", "place": null, "met": 2,
         "followed_up_14d": 0, "in_touch_3m": 0, "in_touch_6m": 0,
         "gave": 0, "intros": 0, "asked": 0, "learned": 0},
    ]});
    assert_eq!(got, want, "{got:#}");

    let text = env.ok(&["stats", "--events"]);
    let fosdem = text
        .find("FOSDEM 2026 (2026-02-01, Brussels)")
        .expect(&text);
    let rustconf = text.find("RustConf 2026").expect(&text);
    let meetup = text.find("Rust Meetup").expect(&text);
    assert!(fosdem < rustconf && rustconf < meetup, "{text}");
}

#[test]
fn an_event_with_nobody_met_is_not_listed_and_an_empty_store_says_so() {
    let env = Env::new();
    env.ok(&["event", "add", "Empty Conf", "--on", "2026-10-01"]);
    assert_eq!(
        env.json(&["stats", "--events", "--json"]),
        json!({"events": []})
    );
    assert!(env
        .ok(&["stats", "--events"])
        .contains("No event has anyone met there yet"));
}

#[test]
fn the_people_who_are_all_take_and_each_reading() {
    let env = Env::new();
    history(&env);
    let take = env.json(&["stats", "--take", "--json"]);
    assert_eq!(take["count"], 1, "{take:#}");
    assert_eq!(take["people"][0]["name"], "Bert Smit");
    assert_eq!(take["people"][0]["asked"], 1);
    let text = env.ok(&["stats", "--take"]);
    assert!(text.contains("All take (1)"), "{text}");
    assert!(text.contains("Bert Smit"), "{text}");

    // A gift ends it.
    env.ok(&["log", "bert", "sent him a book", "--kind", "gave"]);
    assert_eq!(env.json(&["stats", "--take", "--json"])["count"], 0);

    let bert = env.ok(&["show", "bert"]);
    assert!(
        bert.contains("reciprocity: gave 1 \u{b7} asked 1 \u{b7} 3 touches this year"),
        "{bert}"
    );
    env.ok(&["cadence", "anna", "90d"]);
    let anna = env.ok(&["show", "anna"]);
    assert!(
        anna.contains("reciprocity: gave 1, asked nothing \u{b7} 6 touches this year of 4 (every 90 days): in rhythm"),
        "{anna}"
    );
}

#[test]
fn introductions_made_count_for_the_events_their_people_were_met_at() {
    let env = Env::new();
    history(&env);
    // Anna (FOSDEM, the meetup) and Dirk (RustConf): asked both, made.
    env.ok(&["intro", "anna", "dirk", "--why", "Rust hiring"]);
    for _ in 0..3 {
        env.ok(&["intro", "next", "1"]);
    }
    // Bert and Carla, both met at FOSDEM: asked one, made; one introduction.
    env.ok(&["intro", "bert", "carla", "--single"]);
    env.ok(&["intro", "next", "2"]);
    env.ok(&["intro", "next", "2"]);
    // Proposed only, and dropped: not made, not counted.
    env.ok(&["intro", "eva", "frank"]);
    env.ok(&["intro", "dirk", "frank"]);
    env.ok(&["intro", "drop", "4", "Frank moved away"]);
    let steps: Vec<String> = env
        .json(&["intro", "list", "--all", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["step"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        steps.iter().filter(|s| *s == "made").count(),
        2,
        "{steps:?}"
    );

    // Making one logs a gift on both (today, 2026-11-22) and asking a talk,
    // so gifts and lasting touches grow with the introductions.
    let got = env.json(&["stats", "--events", "--json"]);
    let want = json!({"events": [
        {"name": "FOSDEM 2026", "on": "2026-02-01", "place": "Brussels", "met": 3,
         "followed_up_14d": 1, "in_touch_3m": 3, "in_touch_6m": 3,
         "gave": 4, "intros": 2, "asked": 1, "learned": 1},
        {"name": "RustConf 2026", "on": "2026-09-12", "place": "Amsterdam", "met": 2,
         "followed_up_14d": 1, "in_touch_3m": 0, "in_touch_6m": 0,
         "gave": 2, "intros": 1, "asked": 0, "learned": 2},
        {"name": "Rust Meetup", "on": "2026-11-01", "place": null, "met": 2,
         "followed_up_14d": 0, "in_touch_3m": 0, "in_touch_6m": 0,
         "gave": 1, "intros": 1, "asked": 0, "learned": 0},
    ]});
    assert_eq!(got, want, "{got:#}");

    // Undoing the drop, both proposals and the making of Bert and Carla's
    // takes that one off FOSDEM's count.
    for _ in 0..4 {
        env.ok(&["undo"]);
    }
    let got = env.json(&["stats", "--events", "--json"]);
    assert_eq!(got["events"][0]["name"], "FOSDEM 2026");
    assert_eq!(got["events"][0]["intros"], 1, "{got:#}");
}
