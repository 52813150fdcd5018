//! The reconnect engine end to end, and its ranking properties.

mod common;

use chrono::{Days, NaiveDate};
use common::Env;
use kithkin::reconnect::{rank, CadenceRules, Candidate};
use proptest::prelude::*;

/// One met at an event three days ago; one on a 30-day rhythm 100 days overdue
/// who mentioned the Berlin marathon; one 40 days since a talk on a 30-day rhythm.
#[test]
fn after_event_first_then_reconnect_by_how_overdue_with_a_give_idea() {
    let env = Env::new();
    env.ok(&[
        "event",
        "add",
        "RustConf 2026",
        "--on",
        "-3d",
        "--at",
        "Amsterdam",
    ]);
    env.ok(&[
        "add",
        "Anna de Vries",
        "--event",
        "RustConf 2026",
        "--note",
        "SQLite at the edge",
    ]);
    env.ok(&[
        "add",
        "Dirk Jansen",
        "--on",
        "2026-07-10",
        "--note",
        "met at a meetup",
        "--cadence",
        "30d",
    ]);
    env.ok(&[
        "log",
        "dirk",
        "training for the Berlin marathon",
        "--kind",
        "learned",
        "--on",
        "2026-07-15",
    ]);
    env.ok(&["log", "dirk", "coffee", "--on", "2026-07-15"]);
    env.ok(&["add", "Priya Raman", "--cadence", "30d"]);
    env.ok(&["log", "priya", "call about the renewal", "--on", "40d ago"]);

    let text = env.ok(&["today"]);
    let after = text
        .split("After events")
        .nth(1)
        .unwrap()
        .split("Reconnect")
        .next()
        .unwrap();
    assert!(
        after.contains("Anna de Vries — met at RustConf 2026 3 days ago, no follow-up yet"),
        "{text}"
    );
    let reconnect = text
        .split("Reconnect")
        .nth(1)
        .unwrap()
        .split("Birthdays")
        .next()
        .unwrap();
    let dirk = reconnect.find("Dirk Jansen").expect("Dirk under Reconnect");
    let priya = reconnect
        .find("Priya Raman")
        .expect("Priya under Reconnect");
    assert!(dirk < priya, "more overdue first:\n{reconnect}");
    assert!(
        reconnect.contains("100 days past a 30-day rhythm"),
        "{reconnect}"
    );

    let t = env.json(&["today", "--json"]);
    assert_eq!(t["reconnect"][0]["person"], "Dirk Jansen");
    assert!(
        t["reconnect"][0]["give_idea"]
            .as_str()
            .unwrap()
            .contains("Berlin marathon"),
        "{t}"
    );
    assert_eq!(t["reconnect"][1]["person"], "Priya Raman");
    assert!(t["reconnect"][0]["score"].as_f64() > t["reconnect"][1]["score"].as_f64());

    // Something Dirk offers is what he can give, not something to help him
    // with: the give idea still draws on what he needs to hear about.
    env.ok(&[
        "log",
        "dirk",
        "offers code reviews for Rust beginners",
        "--offer",
        "--on",
        "2026-07-16",
    ]);
    let t = env.json(&["today", "--json"]);
    let idea = t["reconnect"][0]["give_idea"].as_str().unwrap();
    assert!(
        idea.contains("Berlin marathon") && !idea.contains("code reviews"),
        "{idea}"
    );

    env.ok(&["log", "anna", "sent the WAL slides", "--kind", "gave"]);
    let t = env.json(&["today", "--json"]);
    assert_eq!(t["after_event"].as_array().map(Vec::len), Some(0), "{t}");
    assert_eq!(t["reconnect"].as_array().map(Vec::len), Some(2));

    // A give answers what was learned: the idea moves on.
    env.ok(&[
        "log",
        "dirk",
        "sent a running playlist",
        "--kind",
        "gave",
        "--on",
        "2026-07-20",
    ]);
    let t = env.json(&["today", "--json"]);
    let idea = t["reconnect"][0]["give_idea"].as_str().unwrap();
    assert!(!idea.contains("marathon"), "{idea}");

    // A snoozed prompt stays hidden until its date.
    env.ok(&["snooze", "dirk", "--until", "fri"]);
    let t = env.json(&["today", "--json"]);
    assert!(t["reconnect"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["person"] != "Dirk Jansen"));
}

#[test]
fn tag_and_default_cadences_from_the_config_file() {
    let env = Env::new();
    let config = env.dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[cadence]\ndefault = \"1y\"\n[cadence.tags]\nclose = \"30d\"\n",
    )
    .unwrap();
    env.ok(&[
        "add",
        "Close Friend",
        "--tag",
        "close",
        "--on",
        "-45d",
        "--note",
        "dinner",
    ]);
    env.ok(&[
        "add",
        "Old Colleague",
        "--on",
        "-400d",
        "--note",
        "farewell drinks",
    ]);
    env.ok(&[
        "add",
        "Recent Contact",
        "--on",
        "-45d",
        "--note",
        "conference",
    ]);
    let t: serde_json::Value = serde_json::from_slice(
        &env.kith()
            .env("KITH_CONFIG", &config)
            .args(["today", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let names: Vec<&str> = t["reconnect"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["person"].as_str())
        .collect();
    assert_eq!(names, ["Close Friend", "Old Colleague"]);
    // Without the config nobody has a rhythm.
    assert_eq!(
        env.json(&["today", "--json"])["reconnect"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );

    std::fs::write(&config, "[cadence]\ndefault = \"often\"\n").unwrap();
    let out = env
        .kith()
        .env("KITH_CONFIG", &config)
        .args(["today"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("config.toml: cadence default") && err.contains("not a duration"),
        "{err}"
    );
}

#[test]
fn birthdays_this_week_include_yearless_ones() {
    let env = Env::new();
    env.ok(&["add", "Ada", "--birthday", "1990-11-25"]);
    env.ok(&["add", "Bea", "--birthday", "--11-29"]);
    env.ok(&["add", "Cas", "--birthday", "--11-30"]);
    env.ok(&["add", "Dee", "--birthday", "--11-21"]);
    let t = env.json(&["today", "--json"]);
    let b: Vec<(&str, &str)> = t["birthdays"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["person"].as_str().unwrap(), b["date"].as_str().unwrap()))
        .collect();
    assert_eq!(b, [("Ada", "2026-11-25"), ("Bea", "2026-11-29")]);
    assert_eq!(t["birthdays"][0]["turns"], 36);
}

fn day(n: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .checked_sub_days(Days::new(n))
        .unwrap()
}

fn candidate(id: i64, cadence: Option<i64>, since: Option<u64>, touches: i64) -> Candidate {
    Candidate {
        person_id: id,
        name: format!("P{id}"),
        cadence_days: cadence,
        tags: vec![],
        last_touch: since.map(day),
        bumped_on: None,
        snoozed_until: None,
        touches,
        met_at_event: false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn a_touch_today_always_removes_a_person_from_reconnect(
        cadence in proptest::option::of(1i64..400), since in 0u64..2000, touches in 0i64..50,
    ) {
        let today = day(0);
        let mut c = candidate(1, cadence, Some(since), touches);
        c.last_touch = Some(today);
        prop_assert!(rank(&[c], &CadenceRules::default(), today).is_empty());
    }

    #[test]
    fn more_overdue_never_ranks_lower(cadence in 1i64..400, a in 0u64..2000, b in 0u64..2000) {
        let today = day(0);
        let ranked = rank(
            &[candidate(1, Some(cadence), Some(a), 1), candidate(2, Some(cadence), Some(b), 1)],
            &CadenceRules::default(),
            today,
        );
        let pos = |id| ranked.iter().position(|p| p.person_id == id);
        if let (Some(pa), Some(pb)) = (pos(1), pos(2)) {
            if a > b { prop_assert!(pa < pb); }
            if b > a { prop_assert!(pb < pa); }
        }
        // Whoever is shown is due: past the rhythm.
        for p in &ranked {
            let since = if p.person_id == 1 { a } else { b };
            prop_assert!(since as i64 >= cadence);
        }
    }

    #[test]
    fn a_snoozed_prompt_never_shows_before_its_date(snooze in 1u64..100, cadence in 1i64..100, since in 0u64..1000, wait in 0u64..200) {
        let today = day(0);
        let mut c = candidate(1, Some(cadence), Some(since), 5);
        c.snoozed_until = today.checked_add_days(Days::new(snooze));
        let later = today.checked_add_days(Days::new(wait)).unwrap();
        let shown = !rank(&[c.clone()], &CadenceRules::default(), later).is_empty();
        if later < c.snoozed_until.unwrap() {
            prop_assert!(!shown);
        }
    }

    #[test]
    fn tag_rules_apply_only_without_an_own_rhythm(own in proptest::option::of(1i64..400), tag in 1i64..400) {
        let rules = CadenceRules { default_days: None, tags: vec![("close".into(), tag)], met_days: None };
        let got = rules.cadence_for(own, &["Close".to_string()], false);
        prop_assert_eq!(got, Some(own.unwrap_or(tag)));
        prop_assert_eq!(rules.cadence_for(None, &[], false), None);
    }
}
