//! One person per human, through the real binary: `kith add` attaches to
//! someone already here, imports of the same people from two sources end up
//! as one person each after the review, and "keep apart" is remembered.
//!
//! The corpus in tests/fixtures/identity/ is 300 generated vCards and the
//! LinkedIn connections of the same people (see make.py there), with the
//! truth: which vCard each LinkedIn row is.

mod common;

use std::collections::{HashMap, HashSet};

use common::{fixture, Env};
use kithkin::identity::{name_keys, point_key};
use kithkin::model::ContactKind;
use kithkin::store::Store;
use serde_json::Value;

fn run(env: &Env, args: &[&str]) -> (i32, String, String) {
    let out = env.kith().args(args).output().expect("run kith");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn person_count(env: &Env) -> i64 {
    common::counts(&env.db)
        .into_iter()
        .find(|(t, _)| t == "person")
        .map(|(_, n)| n)
        .unwrap_or(0)
}

#[test]
fn add_attaches_on_email_and_url_asks_on_a_name_and_adds_with_new() {
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
        "add",
        "José García",
        "--company",
        "Globex",
        "--email",
        "jose@globex.example",
    ]);
    // The same email, typed differently: that person, with the meeting, note and follow-up.
    let out = env.ok(&[
        "add",
        "Jose Garcia",
        "--email",
        "JOSE@globex.example",
        "--url",
        "https://www.linkedin.com/in/jgarcia/",
        "--title",
        "CTO",
        "--event",
        "FOSDEM 2026",
        "--note",
        "talked about Rust in space",
        "--follow-up",
        "2026-12-01",
    ]);
    assert!(out.contains("Already here: José García"), "{out}");
    assert!(out.contains("same email"), "{out}");
    assert_eq!(person_count(&env), 1);
    let show = env.json(&["show", "#1", "--json"]);
    assert_eq!(show["title"], "CTO", "an empty field is filled in: {show}");
    assert_eq!(show["company"], "Globex", "a field that is there stays");
    assert_eq!(show["meetings"].as_array().unwrap().len(), 1);
    assert_eq!(show["reminders"].as_array().unwrap().len(), 1);
    assert_eq!(show["notes"][0]["body"], "talked about Rust in space");

    // By LinkedIn URL, written another way: that person again, no doubled URL.
    let out = env.ok(&[
        "add",
        "J. García",
        "--url",
        "http://linkedin.com/in/JGarcia",
        "--note",
        "second talk",
    ]);
    assert!(out.contains("same profile URL"), "{out}");
    assert_eq!(person_count(&env), 1);
    let show = env.json(&["show", "#1", "--json"]);
    let urls = show["contact_points"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "social")
        .count();
    assert_eq!(urls, 1, "{show}");

    // The same name only: a candidate, exit 2, nothing written.
    let before = env.counts();
    let (code, _, err) = run(&env, &["add", "García, José", "--company", "Globex"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("may already be here"), "{err}");
    assert!(err.contains("José García (Globex)"), "{err}");
    assert!(err.contains("same name and company"), "{err}");
    assert_eq!(env.counts(), before);

    // --new says it is someone else; --to says who.
    env.ok(&["add", "José García", "--new", "--company", "Initech"]);
    assert_eq!(person_count(&env), 2);
    let out = env.ok(&["add", "Pepe", "--to", "#2", "--phone", "+34 600 000 000"]);
    assert!(out.contains("#2"), "{out}");
    assert_eq!(person_count(&env), 2);

    // A different LinkedIn profile vetoes the same email's person.
    let out = env.ok(&[
        "add",
        "José García",
        "--email",
        "jose@globex.example",
        "--url",
        "https://www.linkedin.com/in/someone-else",
        "--new",
    ]);
    assert!(out.contains("Added"), "{out}");
}

/// The card UIDs of a vCard file, as Kith stores them, with whether the card
/// has a LinkedIn profile of its own.
fn cards(text: &str) -> HashMap<String, (String, bool)> {
    let mut out = HashMap::new();
    for card in text.split("BEGIN:VCARD").skip(1) {
        let uid = card
            .lines()
            .filter(|l| l.starts_with("UID:") || l.starts_with("UID;"))
            .find_map(|l| l.split_once(':'))
            .map(|(_, u)| norm_uid(u.trim()));
        let fn_ = card
            .lines()
            .find_map(|l| {
                l.strip_prefix("FN:")
                    .or_else(|| l.strip_prefix("FN;CHARSET=UTF-8:"))
            })
            .unwrap_or("")
            .trim()
            .to_string();
        if let Some(uid) = uid {
            out.insert(uid, (fn_, card.to_lowercase().contains("linkedin.com/in/")));
        }
    }
    out
}

fn norm_uid(u: &str) -> String {
    u.to_lowercase().trim_start_matches("urn:uuid:").to_string()
}

#[test]
fn linkedin_over_vcards_then_merge_all_leaves_one_person_per_human() {
    let env = Env::new();
    let vcf = fixture("identity/contacts.vcf");
    let csv = fixture("identity/Connections.csv");
    let truth: HashMap<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(fixture("identity/truth.json")).unwrap())
            .unwrap();
    let vcards = cards(&std::fs::read_to_string(&vcf).unwrap());

    env.ok(&["import", vcf.to_str().unwrap()]);
    let out = env.ok(&["import", csv.to_str().unwrap()]);
    // Counts and a pointer to the review, not a line per candidate.
    assert!(out.contains("review them with: kith duplicates"), "{out}");
    assert!(out.lines().count() <= 3, "{out}");

    let listed = env.json(&["duplicates", "--json"]);
    let pairs = listed.as_array().unwrap();
    assert!(pairs.len() > 50, "{listed}");
    let mut seen = HashSet::new();
    for p in pairs {
        let (a, b) = (
            p["a"]["id"].as_i64().unwrap(),
            p["b"]["id"].as_i64().unwrap(),
        );
        assert!(a < b && seen.insert((a, b)), "each pair once: {p}");
        assert!(!p["reasons"].as_array().unwrap().is_empty(), "{p}");
        let c = p["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c), "{p}");
    }

    let out = env.ok(&["duplicates", "--merge-all", "--min-confidence", "0.9"]);
    assert!(out.starts_with("Merged "), "{out}");
    let left = env.json(&["duplicates", "--json", "--min-confidence", "0.9"]);
    assert_eq!(left, Value::Array(Vec::new()), "nothing sure is left");

    let store = Store::open(&env.db).unwrap();
    let people = common::people(&store);
    let holder: HashMap<&str, &kithkin::store::interop::PersonData> = people
        .iter()
        .flat_map(|p| p.contact_points.iter().map(move |c| (c.value.as_str(), p)))
        .collect();

    // How often each name key occurs across both files: a name two humans
    // share cannot be decided by name.
    let mut names: HashMap<String, usize> = HashMap::new();
    for (fn_, _) in vcards.values() {
        *names.entry(name_keys(fn_).0).or_default() += 1;
    }
    let rows: Vec<(String, String)> = {
        let text = std::fs::read_to_string(&csv).unwrap();
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes());
        r.records()
            .filter_map(|x| x.ok())
            .filter(|x| x.len() >= 3 && x[2].starts_with("https://"))
            .map(|x| (x[2].to_string(), format!("{} {}", &x[0], &x[1])))
            .collect()
    };
    for (_, name) in &rows {
        *names.entry(name_keys(name).0).or_default() += 1;
    }

    let (mut merged, mut decidable) = (0, 0);
    for (url, name) in &rows {
        let t = &truth[url];
        let p = holder[url.as_str()];
        let uid = norm_uid(&p.uid);
        // (Some cards leave their UID out: Kith cannot know theirs either.)
        let card = t["vcard_uid"]
            .as_str()
            .map(norm_uid)
            .filter(|c| vcards.contains_key(c));
        match card {
            // Someone only on LinkedIn is never folded into a card.
            None if t["vcard_fn"].is_null() => assert!(
                !vcards.contains_key(&uid),
                "{name} ({url}) was merged into the card of {}",
                p.fields.name
            ),
            None => {}
            Some(card) => {
                // Never into another human's card.
                assert!(
                    uid == card || !vcards.contains_key(&uid),
                    "{name} ({url}) went to {} instead of its own card",
                    p.fields.name
                );
                merged += usize::from(uid == card);
                let (fn_, has_profile) = &vcards[&card];
                let key = name_keys(name).0;
                if !has_profile && key == name_keys(fn_).0 && names[&key] == 2 {
                    decidable += 1;
                    assert_eq!(uid, card, "{name} ({url}) is still apart from its card");
                }
            }
        }
    }
    assert!(
        decidable > 60 && merged >= decidable,
        "{merged} {decidable}"
    );

    // Different profile URLs on one network stay different people.
    for p in &people {
        let profiles: HashSet<String> = p
            .contact_points
            .iter()
            .filter(|c| c.value.contains("linkedin.com/in/"))
            .map(|c| point_key(ContactKind::Social, &c.value))
            .collect();
        assert!(profiles.len() <= 1, "{} has {profiles:?}", p.fields.name);
    }
    let patels = people
        .iter()
        .filter(|p| p.fields.name == "J.R. Patel")
        .count();
    assert!(patels >= 2, "the two J.R. Patel rows stay two");
    drop(store);

    // Importing both again lands on the merged people.
    let before = person_count(&env);
    let out = env.ok(&["import", csv.to_str().unwrap()]);
    assert!(out.contains(": 0 added, 0 updated"), "{out}");
    let out = env.ok(&["import", vcf.to_str().unwrap()]);
    assert!(out.contains(": 0 added, 0 updated"), "{out}");
    assert_eq!(person_count(&env), before);
}

#[test]
fn keep_apart_is_remembered_across_a_reimport() {
    let env = Env::new();
    let vcf = fixture("identity/contacts.vcf");
    let csv = fixture("identity/Connections.csv");
    env.ok(&["import", vcf.to_str().unwrap()]);
    env.ok(&["import", csv.to_str().unwrap()]);
    let pairs = env.json(&["duplicates", "--json"]);
    let first = &pairs[0];
    let (a, b) = (
        format!("#{}", first["a"]["id"]),
        format!("#{}", first["b"]["id"]),
    );
    let out = env.ok(&["duplicates", "--keep-apart", &a, &b]);
    assert!(out.contains("apart"), "{out}");
    let has = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .any(|p| p["a"]["id"] == first["a"]["id"] && p["b"]["id"] == first["b"]["id"])
    };
    assert!(!has(&env.json(&["duplicates", "--json"])));
    env.ok(&["import", csv.to_str().unwrap()]);
    env.ok(&["import", vcf.to_str().unwrap()]);
    assert!(
        !has(&env.json(&["duplicates", "--json"])),
        "kept apart after a re-import"
    );
    // Merge-all leaves them apart too.
    env.ok(&["duplicates", "--merge-all", "--min-confidence", "0"]);
    let store = Store::open(&env.db).unwrap();
    for id in [&first["a"]["id"], &first["b"]["id"]] {
        let id = id.as_i64().unwrap();
        assert!(kithkin::store::people::get_person(store.conn(), id).is_ok());
    }
}

#[test]
fn duplicates_rejects_bad_input() {
    let env = Env::new();
    env.ok(&["add", "Anna Bakker"]);
    let (code, _, err) = run(&env, &["duplicates", "--min-confidence", "2"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("between 0 and 1"), "{err}");
    let (code, _, err) = run(&env, &["duplicates", "--keep-apart", "anna", "anna"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = run(&env, &["duplicates", "--merge-all"]);
    assert_eq!(code, 2, "clap wants --min-confidence: {err}");
    let out = env.ok(&["duplicates"]);
    assert!(out.contains("No likely duplicates"), "{out}");
}
