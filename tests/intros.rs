//! Introductions through the real binary: proposed, each person asked,
//! made, its outcome; the touches and gives on both people, a follow-up set
//! at each step and closed by the next, both briefs, and undo of each step.

mod common;

use common::Env;
use serde_json::Value;

fn two(env: &Env) {
    env.ok(&["add", "José García", "--company", "Globex"]);
    env.ok(&["add", "Ingrid Berg", "--company", "Nordic Ventures"]);
}

/// A person's notes as (kind, body), newest first.
fn notes(env: &Env, who: &str) -> Vec<(String, String)> {
    let v = env.json(&["show", who, "--json"]);
    v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap().to_string(),
                n["body"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A person's open follow-ups' texts.
fn open(env: &Env, who: &str) -> Vec<String> {
    let v = env.json(&["show", who, "--json"]);
    v["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["body"].as_str().unwrap().to_string())
        .collect()
}

fn intro(env: &Env) -> Value {
    env.json(&["intro", "list", "--all", "--json"])[0].clone()
}

fn touches(env: &Env, who: &str) -> usize {
    notes(env, who)
        .iter()
        .filter(|(k, _)| k == "talk" || k == "gave")
        .count()
}

#[test]
fn an_introduction_taken_through_every_step() {
    let env = Env::new();
    two(&env);
    let out = env.ok(&[
        "intro",
        "jose",
        "ingrid",
        "--why",
        "José needs a hardware investor",
    ]);
    assert!(
        out.contains("Introduction #1 proposed: José García ↔ Ingrid Berg"),
        "{out}"
    );
    assert_eq!(intro(&env)["step"], "proposed");
    // Proposing reaches nobody: no touch yet, a follow-up today to ask José.
    assert_eq!(touches(&env, "jose"), 0);
    assert_eq!(
        open(&env, "jose"),
        ["Introduction #1: ask José García whether to meet Ingrid Berg"]
    );
    let today = env.json(&["today", "--json"]);
    assert!(today["due"]
        .to_string()
        .contains("Introduction #1: ask José García"));

    // Asked the first person: a talk with José; the follow-up moves on.
    env.ok(&["intro", "next", "1"]);
    assert_eq!(intro(&env)["step"], "asked_first");
    assert_eq!(
        notes(&env, "jose")[0],
        (
            "talk".into(),
            "asked whether they would like to meet Ingrid Berg (José needs a hardware investor)"
                .into()
        )
    );
    assert_eq!(
        open(&env, "jose"),
        ["Introduction #1: hear back from José García, then ask Ingrid Berg whether to meet them"]
    );
    assert_eq!(touches(&env, "ingrid"), 0);

    // Asked the second (double opt-in): a talk with Ingrid; José's follow-up closed.
    env.ok(&["intro", "next", "1"]);
    assert_eq!(intro(&env)["step"], "asked_second");
    assert_eq!(notes(&env, "ingrid")[0].0, "talk");
    assert!(open(&env, "jose").is_empty());
    assert_eq!(
        open(&env, "ingrid"),
        ["Introduction #1: hear back from Ingrid Berg, then introduce them to José García"]
    );

    // Made: a give on both, the two linked, a follow-up in 30 days to hear how it went.
    let out = env.ok(&["intro", "next", "1"]);
    assert!(out.contains("logged a give for both"), "{out}");
    assert_eq!(intro(&env)["step"], "made");
    for (who, other) in [("jose", "Ingrid Berg"), ("ingrid", "José García")] {
        assert_eq!(
            notes(&env, who)[0],
            (
                "gave".into(),
                format!("introduced to {other} (José needs a hardware investor)")
            )
        );
        let show = env.json(&["show", who, "--json"]);
        assert_eq!(show["balance"]["gave"], 1);
        assert_eq!(show["links"][0]["as"], "introduced by you to");
        assert_eq!(show["links"][0]["person"], other);
    }
    assert!(open(&env, "ingrid").is_empty());
    let jose = env.json(&["show", "jose", "--json"]);
    assert_eq!(jose["reminders"][0]["due_on"], "2026-12-22");
    // Made: next is refused; an outcome is what is left.
    let refused = env.kith().args(["intro", "next", "1"]).output().unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("kith intro outcome 1"));

    env.ok(&["intro", "outcome", "1", "invested"]);
    let i = intro(&env);
    assert_eq!(i["step"], "done");
    assert_eq!(i["outcome"], "invested");
    assert!(open(&env, "jose").is_empty() && open(&env, "ingrid").is_empty());
    assert_eq!(touches(&env, "jose"), 2);
    assert_eq!(touches(&env, "ingrid"), 2);

    // Both briefs name it.
    for (who, other) in [("jose", "Ingrid Berg"), ("ingrid", "José García")] {
        let brief = env.ok(&["brief", who]);
        assert!(
            brief.contains(&format!(
                "  - to {other}: made 2026-11-22 \u{2014} invested\n"
            )),
            "{brief}"
        );
        assert!(
            brief.contains(&format!("  - introduced by you to {other} on 2026-11-22\n")),
            "{brief}"
        );
    }
    // Already introduced: no second introduction of the two.
    let again = env
        .kith()
        .args(["intro", "ingrid", "jose"])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already introduced"));
}

#[test]
fn each_step_is_undone_on_its_own() {
    let env = Env::new();
    two(&env);
    let empty = env.ok(&["export", "--format", "json"]);
    env.ok(&["intro", "jose", "ingrid"]);
    let mut states = vec![env.ok(&["export", "--format", "json"])];
    for _ in 0..3 {
        env.ok(&["intro", "next", "1"]);
        states.push(env.ok(&["export", "--format", "json"]));
    }
    env.ok(&["intro", "outcome", "1", "hired"]);
    // Undo walks back through every step, to before the proposal.
    while let Some(state) = states.pop() {
        let out = env.ok(&["undo"]);
        assert!(!out.is_empty());
        assert_eq!(env.ok(&["export", "--format", "json"]), state);
    }
    env.ok(&["undo"]);
    assert_eq!(env.ok(&["export", "--format", "json"]), empty);
}

#[test]
fn single_opt_in_skips_the_second_ask_and_done_on_the_follow_up_is_the_next_step() {
    let env = Env::new();
    two(&env);
    env.ok(&["intro", "jose", "ingrid", "--single"]);
    let follow_up = intro(&env)["follow_up_id"].as_i64().unwrap();
    let out = env.ok(&["done", &follow_up.to_string()]);
    assert!(out.contains("introduction #1"), "{out}");
    assert_eq!(intro(&env)["step"], "asked_first");
    env.ok(&["intro", "next", "1"]);
    assert_eq!(intro(&env)["step"], "made");
    assert_eq!(touches(&env, "ingrid"), 1);
}

#[test]
fn dropping_one_not_made_and_bad_input() {
    let env = Env::new();
    two(&env);
    env.ok(&["intro", "jose", "ingrid", "--why", "hardware"]);
    env.ok(&["intro", "next", "1"]);
    env.ok(&["intro", "drop", "1", "José found an investor"]);
    let i = intro(&env);
    assert_eq!(i["step"], "dropped");
    assert!(open(&env, "jose").is_empty());
    let list = env.ok(&["intro", "list"]);
    assert!(list.contains("No introductions under way"), "{list}");
    // Dropped: the two may be introduced later after all.
    env.ok(&["intro", "ingrid", "jose"]);

    let before = env.counts();
    for args in [
        vec!["intro", "jose", "jose"],
        vec!["intro", "jose", "nobody-like-this"],
        vec!["intro", "next", "99"],
        vec!["intro", "outcome", "2", "  "],
        vec!["intro", "outcome", "1", "again"],
        vec!["intro", "jose", "ingrid"],
    ] {
        let out = env.kith().args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    assert_eq!(env.counts(), before);
}

#[test]
fn introductions_survive_export_and_import() {
    let env = Env::new();
    two(&env);
    env.ok(&["add", "Dirk Jansen"]);
    env.ok(&["intro", "jose", "ingrid", "--why", "hardware"]);
    env.ok(&["intro", "next", "1"]);
    env.ok(&["intro", "dirk", "ingrid"]);
    let dump = env.ok(&["export", "--format", "json"]);
    let v: Value = serde_json::from_str(&dump).unwrap();
    assert_eq!(v["intros"].as_array().unwrap().len(), 2);
    let file = env.dir.path().join("dump.json");
    std::fs::write(&file, &dump).unwrap();
    let other = Env::new();
    other.ok(&["import", file.to_str().unwrap()]);
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(other.ok(&["export", "--format", "json"]), dump);
    let list = other.json(&["intro", "list", "--json"]);
    assert_eq!(list[1]["step"], "asked_first");
    assert_eq!(list[1]["reason"], "hardware");
}
