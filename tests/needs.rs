//! Needs and offers through the real binary: a need and another person's
//! offer that share words become a give idea on Today naming both, and stop
//! being one when the need is met, the note goes, or the people are one.

mod common;

use common::Env;
use serde_json::Value;

fn introduce(env: &Env) -> Vec<Value> {
    env.json(&["today", "--json"])["introduce"]
        .as_array()
        .expect("an introduce list")
        .clone()
}

fn two_people(env: &Env) {
    env.ok(&["add", "José García", "--company", "Globex"]);
    env.ok(&["add", "Ingrid Berg"]);
    let out = env.ok(&["log", "jose", "looking for a hardware investor", "--need"]);
    assert!(out.contains("Logged need #1 for José García."), "{out}");
    let out = env.ok(&[
        "log",
        "ingrid",
        "invests in hardware and climate startups",
        "--offer",
    ]);
    assert!(
        out.contains("Match: José is looking for a hardware investor"),
        "{out}"
    );
}

#[test]
fn a_need_and_an_offer_become_a_give_idea_on_today_naming_both() {
    let env = Env::new();
    two_people(&env);
    let list = introduce(&env);
    assert_eq!(list.len(), 1, "{list:?}");
    let m = &list[0];
    assert_eq!(m["need_person"], "José García");
    assert_eq!(m["offer_person"], "Ingrid Berg");
    assert_eq!(m["need_id"], 1);
    assert_eq!(m["offer_id"], 2);
    assert_eq!(m["shared"], serde_json::json!(["hardware", "invest"]));
    assert_eq!(
        m["give_idea"],
        "José is looking for a hardware investor \u{2014} Ingrid invests in hardware and climate startups: introduce them?"
    );
    assert_eq!(env.json(&["today", "--json"])["counts"]["introduce"], 1);

    let text = env.ok(&["today"]);
    assert!(text.contains("Introduce (1)"), "{text}");
    assert!(text.contains("José García ↔ Ingrid Berg"), "{text}");
    assert!(
        text.contains("give: José is looking for a hardware investor — Ingrid invests in hardware"),
        "{text}"
    );
    // The brief of either names the introduction.
    for who in ["jose", "ingrid"] {
        let brief = env.ok(&["brief", who]);
        assert!(brief.contains("Introduce:"), "{brief}");
        assert!(brief.contains("introduce them?"), "{brief}");
    }
    let show = env.json(&["show", "jose", "--json"]);
    assert_eq!(show["needs"][0]["mark"], "need");
    assert_eq!(show["matches"][0]["offer_person"], "Ingrid Berg");
}

#[test]
fn a_met_need_is_matched_no_more_and_undo_brings_it_back() {
    let env = Env::new();
    two_people(&env);
    let out = env.ok(&["mark", "1", "met"]);
    assert!(out.contains("Marked the need met"), "{out}");
    assert!(introduce(&env).is_empty());
    let text = env.ok(&["today"]);
    assert!(!text.contains("Introduce"), "{text}");
    assert!(!text.contains("Ingrid"), "{text}");
    let show = env.ok(&["show", "jose"]);
    assert!(show.contains("[need, met 2026-11-22]"), "{show}");

    env.ok(&["undo"]);
    assert_eq!(introduce(&env).len(), 1);
    env.ok(&["mark", "1", "met"]);
    env.ok(&["mark", "1", "open"]);
    assert_eq!(introduce(&env).len(), 1);
}

#[test]
fn no_match_once_the_note_goes_or_the_people_are_one() {
    let env = Env::new();
    two_people(&env);
    env.ok(&["rm", "note", "2"]);
    assert!(introduce(&env).is_empty());
    env.ok(&["undo"]);
    assert_eq!(introduce(&env).len(), 1);

    // Archived people are not proposed.
    env.ok(&["archive", "ingrid"]);
    assert!(introduce(&env).is_empty());
    assert_eq!(env.json(&["today", "--json"])["counts"]["introduce"], 0);
    env.ok(&["unarchive", "ingrid"]);
    assert_eq!(introduce(&env).len(), 1);

    // Merged into one person, the need and the offer are theirs alone.
    env.ok(&["merge", "jose", "ingrid"]);
    assert!(introduce(&env).is_empty());
}

#[test]
fn a_persons_own_offer_does_not_answer_their_need() {
    let env = Env::new();
    env.ok(&["add", "José García"]);
    env.ok(&["log", "jose", "looking for a hardware investor", "--need"]);
    env.ok(&["log", "jose", "invests in hardware", "--offer"]);
    assert!(introduce(&env).is_empty());
}

#[test]
fn marking_follows_the_note_and_its_kind() {
    let env = Env::new();
    env.ok(&["add", "José García"]);
    env.ok(&["add", "Ingrid Berg"]);
    // A learned note that reads like a need is proposed, never marked silently.
    let out = env.ok(&[
        "log",
        "jose",
        "Looking for a hardware investor",
        "--kind",
        "learned",
    ]);
    assert!(
        out.contains("This reads like a need: kith mark 1 need"),
        "{out}"
    );
    env.ok(&["log", "ingrid", "invests in hardware", "--offer"]);
    assert!(introduce(&env).is_empty(), "not marked yet");
    let show = env.ok(&["show", "jose"]);
    assert!(
        show.contains("[reads like a need: kith mark 1 need]"),
        "{show}"
    );
    env.ok(&["mark", "1", "need"]);
    assert_eq!(introduce(&env).len(), 1);

    // Changing the note's words or kind matches again.
    env.ok(&["edit", "note", "1", "--body", "looking for a gardener"]);
    assert!(introduce(&env).is_empty());
    env.ok(&["edit", "note", "1", "--body", "looking for hardware money"]);
    assert_eq!(introduce(&env).len(), 1);
    env.ok(&["edit", "note", "1", "--kind", "talk"]);
    assert!(introduce(&env).is_empty());
    env.ok(&["edit", "note", "1", "--kind", "learned"]);
    assert_eq!(introduce(&env).len(), 1);
    env.ok(&["mark", "1", "none"]);
    assert!(introduce(&env).is_empty());
}

#[test]
fn bad_marks_are_refused_and_write_nothing() {
    let env = Env::new();
    env.ok(&["add", "José García"]);
    env.ok(&["log", "jose", "coffee in Lisbon"]);
    let before = env.counts();
    let out = env.kith().args(["mark", "1", "need"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("only a learned note is a need or an offer"),
        "{err}"
    );
    let out = env.kith().args(["mark", "99", "offer"]).output().unwrap();
    assert!(!out.status.success());
    let out = env
        .kith()
        .args(["log", "jose", "x", "--need", "--kind", "talk"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--need marks a learned note"));
    env.ok(&["log", "jose", "looking for a designer", "--kind", "learned"]);
    let out = env.kith().args(["mark", "2", "met"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("only a need can be met"));
    assert_eq!(env.counts()[..6], before[..6]);
}

#[test]
fn show_leaves_out_an_empty_balance() {
    let env = Env::new();
    env.ok(&["add", "José García"]);
    let show = env.ok(&["show", "jose"]);
    assert!(!show.contains("gave 0"), "{show}");
    assert!(!show.contains("asked 0"), "{show}");
    env.ok(&["log", "jose", "an intro to Anna", "--kind", "gave"]);
    let show = env.ok(&["show", "jose"]);
    let touch = show.lines().find(|l| l.contains("last touch:")).unwrap();
    assert!(touch.ends_with("gave 1"), "{show}");
    assert!(
        show.contains("reciprocity: gave 1, asked nothing"),
        "{show}"
    );
}

#[test]
fn marks_survive_a_json_export_and_import() {
    let env = Env::new();
    two_people(&env);
    env.ok(&["log", "jose", "looking for a designer", "--need"]);
    env.ok(&["mark", "3", "met"]);
    let dump = env.dir.path().join("kith.json");
    env.ok(&["export", "--format", "json", "-o", dump.to_str().unwrap()]);
    let text = std::fs::read_to_string(&dump).unwrap();
    assert!(text.contains("\"mark\":\"need\""), "{text}");
    assert!(text.contains("\"need_met_on\":\"2026-11-22\""), "{text}");

    let other = Env::new();
    other.ok(&["import", dump.to_str().unwrap()]);
    assert_eq!(introduce(&other).len(), 1);
    let show = other.ok(&["show", "jose"]);
    assert!(show.contains("[need, met 2026-11-22]"), "{show}");
    let again = other.dir.path().join("again.json");
    other.ok(&["export", "--format", "json", "-o", again.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&again).unwrap(), text);
}

#[test]
fn today_lists_each_need_once_with_its_best_offer() {
    let env = Env::new();
    two_people(&env);
    env.ok(&["add", "Karl Weber"]);
    env.ok(&[
        "log",
        "karl",
        "angel investor in hardware and robotics startups",
        "--offer",
    ]);
    env.ok(&[
        "log",
        "karl",
        "looking for a climate startup to invest in",
        "--need",
    ]);
    let list = introduce(&env);
    // José's need once (two offers answer it), and Karl's need (Ingrid's offer).
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(env.json(&["today", "--json"])["counts"]["introduce"], 2);
    let needs: Vec<&str> = list
        .iter()
        .map(|m| m["need_person"].as_str().unwrap())
        .collect();
    assert!(
        needs.contains(&"José García") && needs.contains(&"Karl Weber"),
        "{needs:?}"
    );
    let show = env.json(&["show", "jose", "--json"]);
    assert_eq!(show["matches"].as_array().unwrap().len(), 2);
}

/// The pairs on Today's Introduce list, as (need person, offer person).
fn pairs(env: &Env) -> Vec<(String, String)> {
    introduce(env)
        .iter()
        .map(|m| {
            (
                m["need_person"].as_str().unwrap().to_string(),
                m["offer_person"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn jose_ingrid() -> Vec<(String, String)> {
    vec![("José García".to_string(), "Ingrid Berg".to_string())]
}

#[test]
fn no_give_idea_for_two_people_already_introduced_and_it_comes_back_on_undo() {
    let env = Env::new();
    two_people(&env);
    assert_eq!(pairs(&env), jose_ingrid());

    // Introducing them (proposed is enough) ends the idea, everywhere.
    env.ok(&["intro", "jose", "ingrid", "--why", "hardware investor"]);
    assert!(pairs(&env).is_empty());
    assert_eq!(env.json(&["today", "--json"])["counts"]["introduce"], 0);
    let text = env.ok(&["today"]);
    assert!(!text.contains("Introduce ("), "{text}");
    assert!(!text.contains("introduce them?"), "{text}");
    for who in ["jose", "ingrid"] {
        assert!(!env.ok(&["brief", who]).contains("introduce them?"));
        assert_eq!(
            env.json(&["show", who, "--json"])["matches"],
            serde_json::json!([])
        );
    }
    // Undoing the proposal brings the idea back.
    env.ok(&["undo"]);
    assert_eq!(pairs(&env), jose_ingrid());
    assert_eq!(env.json(&["today", "--json"])["counts"]["introduce"], 1);

    // Taken through to made, still none; dropped, the idea comes back.
    env.ok(&["intro", "jose", "ingrid"]);
    env.ok(&["intro", "next", "1"]);
    assert!(pairs(&env).is_empty());
    env.ok(&["intro", "drop", "1", "not now"]);
    assert_eq!(pairs(&env), jose_ingrid());
    env.ok(&["undo"]);
    assert!(pairs(&env).is_empty());
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    assert_eq!(pairs(&env), jose_ingrid());
}

#[test]
fn no_give_idea_for_two_people_linked_either_way_round_and_in_either_order() {
    let env = Env::new();
    two_people(&env);
    env.ok(&["link", "ingrid", "jose", "--as", "knows"]);
    assert!(pairs(&env).is_empty());
    env.ok(&["unlink", "jose", "ingrid"]);
    assert_eq!(pairs(&env), jose_ingrid());
    env.ok(&["undo"]);
    assert!(pairs(&env).is_empty());

    // Linked first, then the need and the offer: never matched.
    env.ok(&["add", "Anna de Vries"]);
    env.ok(&["add", "Søren Holm"]);
    env.ok(&["link", "anna", "holm", "--as", "introduced by"]);
    env.ok(&["log", "anna", "needs a designer for the new app", "--need"]);
    env.ok(&["log", "holm", "design reviews and app design", "--offer"]);
    assert!(pairs(&env).is_empty(), "{:?}", pairs(&env));
    env.ok(&["unlink", "anna", "holm"]);
    assert_eq!(
        pairs(&env),
        vec![("Anna de Vries".to_string(), "Søren Holm".to_string())]
    );
    env.ok(&["undo"]);
    assert!(pairs(&env).is_empty());

    // Someone else with the same offer still answers José's need.
    env.ok(&["add", "Karl Weber"]);
    env.ok(&["log", "karl", "invests in hardware startups", "--offer"]);
    assert_eq!(
        pairs(&env),
        vec![("José García".to_string(), "Karl Weber".to_string())]
    );
    // Merging Karl into Ingrid leaves José and the merged person linked.
    env.ok(&["merge", "ingrid", "karl"]);
    assert!(pairs(&env).is_empty(), "{:?}", pairs(&env));
}

#[test]
fn a_follow_up_of_someone_with_a_match_proposes_the_introduction() {
    let env = Env::new();
    two_people(&env);
    let idea = "José is looking for a hardware investor \u{2014} Ingrid invests in hardware and climate startups: introduce them?";
    env.ok(&["remind", "jose", "send the deck", "--on", "2026-11-22"]);
    env.ok(&[
        "remind",
        "ingrid",
        "ask about the fund",
        "--on",
        "2026-11-22",
    ]);
    let today = env.json(&["today", "--json"]);
    // Both the one with the need and the one with the offer: the introduction.
    assert_eq!(today["due"][0]["give_idea"], idea, "{today:#}");
    assert_eq!(today["due"][1]["give_idea"], idea, "{today:#}");
    let text = env.ok(&["today"]);
    assert!(!text.contains("helps with it"), "{text}");

    // Proposing it attaches the need and the offer, and says why.
    env.ok(&["intro", "jose", "ingrid"]);
    let i = &env.json(&["intro", "list", "--json"])[0];
    assert_eq!(i["need_note_id"], 1);
    assert_eq!(i["offer_note_id"], 2);
    assert_eq!(
        i["reason"],
        "José is looking for a hardware investor; Ingrid invests in hardware and climate startups"
    );
    // The step's own follow-up is the give; the other ideas fall back.
    let today = env.json(&["today", "--json"]);
    let due = today["due"].as_array().unwrap();
    let step = due
        .iter()
        .find(|r| r["body"].as_str().unwrap().starts_with("Introduction #1"))
        .expect("the step to ask José is due");
    assert!(step["give_idea"].is_null(), "{step:#}");
    assert!(!today.to_string().contains("introduce them?"), "{today:#}");
}
