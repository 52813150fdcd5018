//! Capture knows whom you know, in a real terminal (tmux): typing someone
//! already here — by name and company, by email, by LinkedIn URL — shows
//! "Already here" under the field, and Enter adds the meeting, note and
//! follow-up to them; Ctrl-N makes a new person instead.

mod common;

#[path = "common/tmux.rs"]
mod tmux;

use common::Env;
use serde_json::Value;
use tmux::Tmux;

fn people(env: &Env) -> Vec<Value> {
    env.json(&["list", "--json"]).as_array().unwrap().clone()
}

/// Fills the capture form's fields and waits for the hint under them.
fn capture(tmux: &Tmux, name: &str, company: &str, contact: &str, talk: &str, expect: &str) {
    tmux.type_text(name);
    tmux.send(&["Tab"]);
    if !company.is_empty() {
        tmux.type_text(company);
    }
    tmux.send(&["Tab"]);
    if !contact.is_empty() {
        tmux.type_text(contact);
    }
    tmux.send(&["Tab"]);
    tmux.type_text(talk);
    tmux.send(&["Tab"]);
    tmux.type_text("fri");
    if !expect.is_empty() {
        tmux.wait_for(expect);
    }
}

#[test]
fn capture_attaches_to_someone_already_here_and_ctrl_n_makes_a_new_person() {
    let Some(tmux) = Tmux::new("identity") else {
        return;
    };
    let env = Env::new();
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
        "2026-11-20",
        "--at",
        "Amsterdam",
    ]);
    env.ok(&[
        "add",
        "José García",
        "--company",
        "Globex",
        "--email",
        "jose@globex.example",
        "--event",
        "FOSDEM 2026",
    ]);
    env.ok(&[
        "add",
        "Dirk Jansen",
        "--url",
        "https://www.linkedin.com/in/dirkjansen",
    ]);
    tmux.start(80, 24, &tmux::kith_command(&env.db, "", "sleep 30"));
    tmux.wait_for("Today");
    tmux.send(&["3"]);
    tmux.wait_for("RustConf 2026");
    tmux.send(&["c"]);
    tmux.wait_for("Capture at RustConf 2026");

    // By name and company, typed without accents.
    capture(
        &tmux,
        "Jose Garcia",
        "Globex",
        "",
        "rust in space",
        "Already here: José García · Globex · met at FOSDEM 2026",
    );
    let screen = tmux.screen();
    assert!(screen.contains("C-n new person"), "{screen}");
    tmux.send(&["Enter"]);
    tmux.wait_for("Added to José García (already here)");

    // By email, in another case.
    capture(
        &tmux,
        "J. Garcia",
        "",
        "JOSE@globex.example",
        "second talk",
        "Already here: José García",
    );
    tmux.send(&["Enter"]);
    tmux.wait_for("Added to José García (already here)");

    // By LinkedIn URL written another way.
    capture(
        &tmux,
        "Dirk",
        "",
        "http://linkedin.com/in/DirkJansen/",
        "wasm on the edge",
        "Already here: Dirk Jansen",
    );
    tmux.send(&["Enter"]);
    tmux.wait_for("Added to Dirk Jansen (already here)");

    // Someone else with the same name: Ctrl-N.
    capture(
        &tmux,
        "José García",
        "Initech",
        "",
        "a namesake",
        "Already here: José García",
    );
    tmux.send(&["C-n"]);
    tmux.wait_for("Saved José García.");
    tmux.send(&["Escape"]);
    tmux.wait_for("Saved 4 people at RustConf 2026");

    let list = people(&env);
    assert_eq!(list.len(), 3, "{list:?}");
    let jose = env.json(&["show", "#1", "--json"]);
    let notes: Vec<&str> = jose["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap())
        .collect();
    assert!(
        notes.contains(&"rust in space") && notes.contains(&"second talk"),
        "{notes:?}"
    );
    assert_eq!(jose["meetings"].as_array().unwrap().len(), 3, "{jose}");
    assert_eq!(jose["reminders"].as_array().unwrap().len(), 2, "{jose}");
    let dirk = env.json(&["show", "#2", "--json"]);
    assert_eq!(dirk["notes"][0]["body"], "wasm on the edge");
    assert_eq!(dirk["reminders"].as_array().unwrap().len(), 1);
    let links = dirk["contact_points"].as_array().unwrap().len();
    assert_eq!(links, 1, "the same profile is not added twice: {dirk}");
    let namesake = env.json(&["show", "#3", "--json"]);
    assert_eq!(namesake["company"], "Initech");
    assert_eq!(namesake["notes"][0]["body"], "a namesake");
}
