//! Links between people through the real binary: set and removed from the
//! command line, read from both sides in `show --json` and the brief, kept
//! by export → import, moved by a merge, and taken back by undo.

mod common;

use common::Env;
use serde_json::Value;

fn people(env: &Env) {
    env.ok(&[
        "event",
        "add",
        "FOSDEM 2026",
        "--on",
        "2026-02-01",
        "--at",
        "Brussels",
    ]);
    env.ok(&["event", "add", "RustConf 2026", "--on", "2026-09-12"]);
    for (name, company, event) in [
        ("Ingrid Berg", "Nordic Ventures", "FOSDEM 2026"),
        ("José García", "Globex", "FOSDEM 2026"),
        ("Anna de Vries", "Acme", "RustConf 2026"),
        ("Wouter Bakker", "Initech", "RustConf 2026"),
        ("Lucas Meyer", "Soylent Foods", "RustConf 2026"),
    ] {
        env.ok(&["add", name, "--company", company, "--event", event]);
    }
}

/// The links of a person as `show --json` gives them: (as, person, context).
fn links(env: &Env, who: &str) -> Vec<(String, String, Option<String>)> {
    let v = env.json(&["show", who, "--json"]);
    v["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| {
            (
                l["as"].as_str().unwrap().to_string(),
                l["person"].as_str().unwrap().to_string(),
                l["context"].as_str().map(String::from),
            )
        })
        .collect()
}

fn link(as_: &str, person: &str, context: Option<&str>) -> (String, String, Option<String>) {
    (as_.into(), person.into(), context.map(String::from))
}

#[test]
fn a_link_reads_right_from_both_sides() {
    let env = Env::new();
    people(&env);
    let out = env.ok(&[
        "link",
        "jose",
        "ingrid",
        "--as",
        "introduced by",
        "--context",
        "at FOSDEM 2026",
    ]);
    assert!(
        out.contains("José García introduced by Ingrid Berg"),
        "{out}"
    );
    // "introduced to" is the inverse: Ingrid introduced you to Anna.
    env.ok(&["link", "ingrid", "anna", "--as", "introduced to"]);
    env.ok(&["link", "anna", "wouter", "--as", "works with"]);
    env.ok(&["link", "lucas", "anna", "--as", "mentor of"]);

    assert_eq!(
        links(&env, "jose"),
        [link("introduced by", "Ingrid Berg", Some("at FOSDEM 2026"))]
    );
    assert_eq!(
        links(&env, "ingrid"),
        [
            link("introduced you to", "Anna de Vries", None),
            link("introduced you to", "José García", Some("at FOSDEM 2026")),
        ]
    );
    assert_eq!(
        links(&env, "anna"),
        [
            link("introduced by", "Ingrid Berg", None),
            link("mentor of them", "Lucas Meyer", None),
            link("works with", "Wouter Bakker", None),
        ]
    );
    assert_eq!(
        links(&env, "wouter"),
        [link("works with", "Anna de Vries", None)]
    );
    // The same link again is not doubled; a symmetric one typed the other way round neither.
    let again = env.ok(&["link", "wouter", "anna", "--as", "works-with"]);
    assert!(again.contains("Already linked"), "{again}");
    assert_eq!(links(&env, "wouter").len(), 1);
}

#[test]
fn the_brief_and_show_say_who_introduced_them_and_who_else_was_met_there() {
    let env = Env::new();
    people(&env);
    env.ok(&[
        "link",
        "jose",
        "ingrid",
        "--as",
        "introduced by",
        "--context",
        "at FOSDEM 2026",
    ]);
    let brief = env.ok(&["brief", "jose"]);
    assert!(
        brief.contains("  - introduced by Ingrid Berg at FOSDEM 2026\n"),
        "{brief}"
    );
    assert!(
        brief.contains("  - also met at FOSDEM 2026: Ingrid Berg\n"),
        "{brief}"
    );
    let anna = env.ok(&["brief", "anna", "--markdown"]);
    assert!(
        anna.contains("- also met at RustConf 2026: Lucas Meyer, Wouter Bakker\n"),
        "{anna}"
    );
    let show = env.ok(&["show", "ingrid"]);
    assert!(
        show.contains("introduced you to José García at FOSDEM 2026"),
        "{show}"
    );
    // Computed, not stored: archiving Wouter takes him out of it.
    env.ok(&["archive", "wouter"]);
    let v = env.json(&["show", "anna", "--json"]);
    assert_eq!(
        v["also_met"][0]["people"],
        serde_json::json!(["Lucas Meyer"])
    );
    assert_eq!(v["also_met"][0]["count"], 1);
}

#[test]
fn unlink_removes_one_kind_or_all_and_undo_restores() {
    let env = Env::new();
    people(&env);
    env.ok(&["link", "anna", "wouter", "--as", "works with"]);
    env.ok(&["link", "anna", "wouter", "--as", "family"]);
    env.ok(&["unlink", "wouter", "anna", "--as", "family"]);
    assert_eq!(
        links(&env, "anna"),
        [link("works with", "Wouter Bakker", None)]
    );
    let out = env.ok(&["undo"]);
    assert!(out.contains("Unlinked"), "{out}");
    assert_eq!(links(&env, "anna").len(), 2);
    env.ok(&["link", "anna", "wouter", "--remove", "--as", "works with"]);
    env.ok(&["unlink", "anna", "wouter"]);
    assert!(links(&env, "anna").is_empty());
    // Nothing left to remove is an error that says so.
    let out = env
        .kith()
        .args(["unlink", "anna", "wouter"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("are not linked"));
    env.ok(&["undo"]);
    assert_eq!(links(&env, "anna").len(), 1);
}

#[test]
fn bad_links_are_refused_and_write_nothing() {
    let env = Env::new();
    people(&env);
    let before = env.counts();
    for args in [
        vec!["link", "anna", "anna", "--as", "knows"],
        vec!["link", "anna", "wouter", "--as", "  "],
        vec!["link", "anna", "nobody-here", "--as", "knows"],
    ] {
        let out = env.kith().args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    let long = "x".repeat(61);
    let out = env
        .kith()
        .args(["link", "anna", "wouter", "--as", &long])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a link"));
    assert_eq!(env.counts(), before);
}

#[test]
fn links_survive_export_and_import() {
    let env = Env::new();
    people(&env);
    env.ok(&[
        "link",
        "jose",
        "ingrid",
        "--as",
        "introduced by",
        "--context",
        "at FOSDEM 2026",
    ]);
    env.ok(&["link", "lucas", "anna", "--as", "mentor of"]);
    env.ok(&["link", "anna", "wouter", "--as", "family"]);
    let dump = env.ok(&["export", "--format", "json"]);
    let v: Value = serde_json::from_str(&dump).unwrap();
    let kinds: Vec<&str> = v["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["introduced_by", "other", "family"]);

    let file = env.dir.path().join("dump.json");
    std::fs::write(&file, &dump).unwrap();
    let other = Env::new();
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(other.ok(&["export", "--format", "json"]), dump);
    assert_eq!(
        links(&other, "jose"),
        [link("introduced by", "Ingrid Berg", Some("at FOSDEM 2026"))]
    );
    // Importing again doubles nothing.
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(other.ok(&["export", "--format", "json"]), dump);
}

#[test]
fn a_dump_link_to_nobody_is_named_and_the_rest_goes_in() {
    let env = Env::new();
    people(&env);
    env.ok(&["link", "anna", "wouter", "--as", "knows"]);
    let dump = env.ok(&["export", "--format", "json"]);
    let mut v: Value = serde_json::from_str(&dump).unwrap();
    let mut bad = v["links"][0].clone();
    bad["b"] = "no-such-uid".into();
    let mut odd = v["links"][0].clone();
    odd["kind"] = "enemy".into();
    v["links"].as_array_mut().unwrap().push(bad);
    v["links"].as_array_mut().unwrap().push(odd);
    let file = env.dir.path().join("dump.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let other = Env::new();
    let out = other
        .kith()
        .args(["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("link 2 of the file: nobody here has uid"),
        "{err}"
    );
    assert!(err.contains("\"enemy\" is not a kind of link"), "{err}");
    assert_eq!(
        links(&other, "anna"),
        [link("knows", "Wouter Bakker", None)]
    );
}

#[test]
fn merge_moves_links_delete_removes_them_undo_restores() {
    let env = Env::new();
    people(&env);
    env.ok(&["add", "J. Garcia", "--new"]);
    env.ok(&["link", "J. Garcia", "anna", "--as", "family"]);
    env.ok(&["link", "J. Garcia", "jose", "--as", "knows"]);
    env.ok(&["intro", "J. Garcia", "anna"]);
    // The delete question names the links and the introduction too.
    let out = env
        .kith()
        .args(["rm", "person", "J. Garcia"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Delete J. Garcia #6 for good, with 1 follow-up, 2 links and 1 introduction?"),
        "{err}"
    );
    let out = env.ok(&["merge", "José García", "J. Garcia"]);
    assert!(
        out.contains("1 follow-ups, 0 contact points, 0 tags, 1 links, 1 introductions moved."),
        "{out}"
    );
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    env.ok(&["merge", "José García", "J. Garcia"]);
    // Moved, and the link between the two folded ones is gone.
    assert_eq!(
        links(&env, "jose"),
        [link("family of", "Anna de Vries", None)]
    );
    assert_eq!(
        links(&env, "anna"),
        [link("family of", "José García", None)]
    );
    env.ok(&["undo"]);
    assert_eq!(links(&env, "jose"), [link("knows", "J. Garcia", None)]);

    env.ok(&["rm", "person", "J. Garcia", "--yes"]);
    assert!(links(&env, "anna").is_empty());
    assert!(links(&env, "jose").is_empty());
    env.ok(&["undo"]);
    assert_eq!(links(&env, "anna"), [link("family of", "J. Garcia", None)]);
}
