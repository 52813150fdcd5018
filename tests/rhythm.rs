//! Configured rhythms (per tag, for people met at an event, the default) are
//! kept in the store as each person's reconnect day: Today's reconnects from
//! that index must be what ranking every person from their full history
//! gives, the day must follow every change and its undo, and a change of the
//! rules must recompute everyone.

use chrono::{DateTime, NaiveDate, Utc};
use kithkin::reconnect::{rank, CadenceRules, Candidate, DRIFT_DAYS, DRIFT_MIN_TOUCHES};
use kithkin::store::people;
use kithkin::store::Store;
use kithkin::when::Clock;

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

fn readme_rules() -> CadenceRules {
    CadenceRules {
        default_days: Some(180),
        met_days: Some(90),
        tags: vec![("close".into(), 30), ("network".into(), 90)],
    }
}

fn rule_sets() -> Vec<CadenceRules> {
    vec![
        CadenceRules::default(),
        CadenceRules {
            met_days: Some(90),
            ..Default::default()
        },
        readme_rules(),
        CadenceRules {
            tags: vec![
                ("Rust".into(), 45),
                ("python".into(), 20),
                ("RUST".into(), 60),
            ],
            ..Default::default()
        },
    ]
}

fn day_of(t: Option<DateTime<Utc>>) -> Option<NaiveDate> {
    t.map(|t| t.date_naive())
}

/// Every person as the ranking sees them, read from their full history.
fn everyone(store: &Store) -> Vec<Candidate> {
    let c = store.conn();
    let ids: Vec<i64> = c
        .prepare("SELECT id FROM person WHERE archived_at IS NULL ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    ids.into_iter()
        .map(|id| {
            let p = kithkin::profile::load(c, id, 100_000).unwrap();
            let snoozed: Option<NaiveDate> = c
                .query_row(
                    "SELECT prompt_snoozed_until FROM person WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .unwrap();
            Candidate {
                person_id: id,
                name: p.person.name.clone(),
                cadence_days: p.person.cadence_days,
                tags: p.tags.clone(),
                last_touch: p.last_touch,
                bumped_on: day_of(p.person.bumped_at),
                snoozed_until: snoozed,
                touches: p.notes.iter().filter(|n| n.kind.is_touch()).count() as i64,
                met_at_event: p.meetings.iter().any(|m| m.event_id.is_some()),
            }
        })
        .collect()
}

/// The rhythm the store keeps for each person equals the one the rules give
/// (or drifting's, past 180 days), for every person.
fn assert_rhythms_follow(store: &Store, rules: &CadenceRules, when: &str) {
    let c = store.conn();
    for cand in everyone(store) {
        let want = rules
            .cadence_for(cand.cadence_days, &cand.tags, cand.met_at_event)
            .or((cand.touches >= DRIFT_MIN_TOUCHES).then_some(DRIFT_DAYS + 1));
        let have: Option<i64> = c
            .query_row(
                "SELECT every FROM person_touch WHERE person_id = ?1",
                [cand.person_id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(have, want, "{when}: rhythm of {} ({:?})", cand.name, cand);
    }
    let stale: i64 = c
        .query_row(
            "SELECT count(*) FROM person_touch t JOIN person_reconnect_doc d ON d.person_id = t.person_id
             WHERE (t.every, t.reconnect_on) IS NOT (d.every, d.reconnect_on)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0, "{when}: reconnect days out of step");
}

#[test]
fn today_from_the_index_equals_ranking_everyone_under_every_config() {
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 1500, &clock()).unwrap();
    for rules in rule_sets() {
        assert!(store.follow_rhythm_rules(&rules).unwrap());
        assert_rhythms_follow(&store, &rules, &format!("{rules:?}"));
        let all = everyone(&store);
        for day in ["2026-11-22", "2027-03-01", "2028-01-15"] {
            let today = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
            let full = rank(&all, &rules, today);
            let t = kithkin::today::load(store.conn(), today, &rules).unwrap();
            let after: Vec<i64> = t.after_event.iter().map(|p| p.person_id).collect();
            let expected: Vec<_> = full
                .iter()
                .filter(|p| !after.contains(&p.person_id))
                .collect();
            assert_eq!(
                t.counts.reconnect,
                expected.len(),
                "{rules:?} on {day}: the count is everyone due"
            );
            assert!(
                !t.reconnect.is_empty(),
                "{rules:?} on {day}: someone is due"
            );
            // Equal scores may come in either order; compare the scores shown.
            let got: Vec<f64> = t.reconnect.iter().map(|p| p.score).collect();
            let want: Vec<f64> = expected.iter().take(got.len()).map(|p| p.score).collect();
            assert_eq!(got, want, "{rules:?} on {day}");
            for p in &t.reconnect {
                let same = full.iter().find(|f| f.person_id == p.person_id).unwrap();
                assert_eq!(p.why, same.why);
            }
        }
    }
}

#[test]
fn reconnect_days_follow_every_change_and_its_undo() {
    let clock = clock();
    // Every rule different, so each change shows.
    let rules = CadenceRules {
        default_days: Some(200),
        met_days: Some(120),
        tags: vec![("close".into(), 30), ("network".into(), 45)],
    };
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 80, &clock).unwrap();
    assert!(store.follow_rhythm_rules(&rules).unwrap());
    assert_rhythms_follow(&store, &rules, "start");
    let bare = store
        .write(|tx| {
            people::insert_person(
                tx,
                &people::NewPerson {
                    uid: None,
                    name: "Bare Import".into(),
                    company: None,
                    title: None,
                    cadence_days: None,
                    birthday: None,
                },
                clock.now,
            )
        })
        .unwrap();
    let changes: Vec<(&str, &str)> = vec![
        ("tag close", "INSERT INTO person_tag (person_id, tag_id) SELECT ?1, id FROM tag WHERE name = 'close'"),
        ("untag close", "DELETE FROM person_tag WHERE person_id = ?1 AND tag_id = (SELECT id FROM tag WHERE name = 'close')"),
        ("rename a ruled tag away", "UPDATE tag SET name = 'networking' WHERE name = 'network'"),
        ("rename a tag to a ruled one", "UPDATE tag SET name = 'NETWORK' WHERE name = 'rust'"),
        ("move tags to another person", "UPDATE person_tag SET person_id = ?1 WHERE person_id = 2"),
        ("a meeting at an event", "INSERT INTO meeting (person_id, event_id, met_on, created_at) VALUES (?1, 1, '2026-06-01', '2026-06-01T10:00:00Z')"),
        ("a meeting without event", "INSERT INTO meeting (person_id, met_on, place, created_at) VALUES (?1, '2026-05-01', 'Oslo', '2026-05-01T10:00:00Z')"),
        ("that meeting moved off the event", "UPDATE meeting SET event_id = NULL WHERE person_id = ?1 AND event_id IS NOT NULL"),
        ("a cadence", "UPDATE person SET cadence_days = 7 WHERE id = 23"),
        ("no cadence", "UPDATE person SET cadence_days = NULL WHERE id = 1"),
        ("a bump", "UPDATE person SET bumped_at = '2026-11-20T10:00:00Z' WHERE id = 24"),
        ("a deleted tag", "DELETE FROM tag WHERE name = 'close'"),
        ("a deleted meeting", "DELETE FROM meeting WHERE person_id = 9"),
    ];
    let mut done = 0;
    for (what, sql) in &changes {
        store
            .change(what, |tx| {
                if sql.contains("?1") {
                    tx.execute(sql, [bare])?;
                } else {
                    tx.execute(sql, [])?;
                }
                Ok(())
            })
            .unwrap();
        done += 1;
        assert_rhythms_follow(&store, &rules, what);
    }
    for (what, _) in changes.iter().rev().take(done) {
        assert_eq!(store.undo_last().unwrap().as_deref(), Some(*what));
        assert_rhythms_follow(&store, &rules, &format!("undo {what}"));
    }
    // A change of the rules, then back: everyone recomputed each time, and
    // no undo step (undoing a change keeps the config).
    let steps = kithkin::store::undo::steps(store.conn(), 1000)
        .unwrap()
        .len();
    let other = CadenceRules {
        default_days: Some(60),
        ..Default::default()
    };
    assert!(store.follow_rhythm_rules(&other).unwrap());
    assert_rhythms_follow(&store, &other, "other rules");
    assert!(store.follow_rhythm_rules(&rules).unwrap());
    assert_rhythms_follow(&store, &rules, "the rules again");
    assert_eq!(
        kithkin::store::undo::steps(store.conn(), 1000)
            .unwrap()
            .len(),
        steps
    );
}

/// Today given other rules than the store follows (a store opened for
/// reading only) ranks by the rules the store follows, so the sections and
/// their counts agree.
#[test]
fn today_uses_the_rules_the_store_follows() {
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 300, &clock()).unwrap();
    assert!(store.follow_rhythm_rules(&readme_rules()).unwrap());
    let today = clock().today;
    let by_readme = kithkin::today::load(store.conn(), today, &readme_rules()).unwrap();
    let by_other = kithkin::today::load(store.conn(), today, &CadenceRules::default()).unwrap();
    assert_eq!(by_readme, by_other);
    assert_eq!(
        kithkin::store::rhythm::stored(store.conn()).unwrap(),
        readme_rules()
    );
}
