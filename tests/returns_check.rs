//! `kith check` reads links, introductions and the matches of needs and
//! offers, names what is off, and `--repair` matches everything again.

mod common;

use common::Env;

fn setup(env: &Env) {
    env.ok(&["add", "José García"]);
    env.ok(&["add", "Ingrid Berg"]);
    env.ok(&["add", "Anna de Vries"]);
    env.ok(&["add", "Karl Weber"]);
    env.ok(&["log", "jose", "looking for a hardware investor", "--need"]);
    env.ok(&[
        "log",
        "ingrid",
        "invests in hardware and climate startups",
        "--offer",
    ]);
    env.ok(&["link", "anna", "karl", "--as", "works with"]);
    env.ok(&["intro", "anna", "ingrid", "--why", "a board seat"]);
}

fn sql(env: &Env, statements: &str) {
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.execute_batch(statements).unwrap();
}

#[test]
fn a_healthy_store_checks_out_with_links_intros_and_matches() {
    let env = Env::new();
    setup(&env);
    let (ok, text) = env.check();
    assert!(ok, "{text}");
    assert!(
        text.contains("links, introductions, the matches of needs and offers and the kept summaries check out"),
        "{text}"
    );
}

#[test]
fn matches_off_are_named_and_repair_matches_again() {
    let env = Env::new();
    setup(&env);
    let before = env.json(&["today", "--json"])["introduce"].clone();
    assert_eq!(before.as_array().unwrap().len(), 1);
    // Another tool changed the derived tables behind Kith's back.
    sql(
        &env,
        "UPDATE need_match SET score = 0.01;
         INSERT INTO need_match (need_id, offer_id, need_person, offer_person, score, shared)
             VALUES (2, 1, 2, 1, 1.0, 'x');
         DELETE FROM need_word WHERE word = 'hardware' AND side = 'need';
         INSERT INTO need_word (side, word, note_id) VALUES ('offer', 'ghost', 99);",
    );
    env.check_fails_naming(&[
        "match of need #1 and offer #2: not scored as the notes read now",
        "match of need #2 and offer #1: not an open need and an open offer",
        "note #1: the words it is matched on are not the ones it reads now",
        "1 matched words belong to no open need or offer",
        "kith check --repair matches every need and offer again",
    ]);
    let out = env.ok(&["check", "--repair"]);
    assert!(
        out.contains(
            "Matched the 2 marked notes again from scratch, summed up the touches of 4 people and the activity per day again, and built the search indexes again."
        ),
        "{out}"
    );
    assert!(out.contains("Store OK"), "{out}");
    assert_eq!(env.json(&["today", "--json"])["introduce"], before);
}

#[test]
fn a_match_between_people_who_know_each_other_is_named() {
    let env = Env::new();
    setup(&env);
    // Linked behind Kith's back: no trigger ran Kith's matching after it.
    sql(
        &env,
        "DROP TRIGGER need_link_ai;
         INSERT INTO person_link (a, b, kind, created_at) VALUES (1, 2, 'knows', '2026-11-22T10:00:00Z');",
    );
    env.check_fails_naming(&[
        "match of need #1 and offer #2: the two are one person or already know each other",
    ]);
}

#[test]
fn links_and_introductions_off_are_named() {
    let env = Env::new();
    setup(&env);
    sql(
        &env,
        "UPDATE person_link SET a = b, b = a;
         UPDATE intro SET step = 'made';
         UPDATE intro SET asked_first_at = 'soon';",
    );
    env.check_fails_naming(&[
        "link #1: a link that reads the same both ways is stored the wrong way round",
        "introduction #1: made, with no day it was made",
        "introduction #1 asked_first_at:",
        "restore a backup",
    ]);
}
