//! The store on a temporary file: migrations, transactions, search triggers.

use chrono::NaiveDate;
use kithkin::model::{ContactKind, ContactPoint, NoteKind};
use kithkin::store::notes::{self, NewNote};
use kithkin::store::people::{self, NewPerson};
use kithkin::store::{migrate_to, search, Store, MIGRATIONS};
use kithkin::when::{at_noon, Clock};
use kithkin::Error;

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

fn person(store: &mut Store, name: &str) -> i64 {
    let now = clock().now;
    store
        .write(|tx| {
            people::insert_person(
                tx,
                &NewPerson {
                    name: name.into(),
                    ..Default::default()
                },
                now,
            )
        })
        .unwrap()
}

fn note(store: &mut Store, person_id: i64, body: &str) -> i64 {
    let now = clock().now;
    store
        .write(|tx| {
            notes::insert_note(
                tx,
                &NewNote {
                    person_id,
                    event_id: None,
                    kind: NoteKind::Learned,
                    body: body.into(),
                    happened_at: at_noon(clock().today),
                },
                now,
            )
        })
        .unwrap()
}

fn names(store: &Store, q: &str) -> Vec<String> {
    search::search(store.conn(), q, 10)
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect()
}

#[test]
fn every_migration_step_applies_to_a_store_of_the_previous_version() {
    for from in 0..MIGRATIONS.len() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kith.db");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            migrate_to(&mut conn, from).unwrap();
            let v: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(v, from as i64);
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        let backup = dir.path().join(format!("kith.db.v{from}.bak"));
        assert_eq!(
            backup.exists(),
            from > 0,
            "backup before migrating from v{from}"
        );
        drop(store);
        // Opening again changes nothing and takes no new backup.
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    }
}

#[test]
fn a_store_newer_than_the_binary_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let newer = MIGRATIONS.len() as i64 + 1;
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE future (x); PRAGMA user_version = {newer};"
        ))
        .unwrap();
    }
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, Error::StoreTooNew { found, .. } if found == newer));
    assert!(err.to_string().contains("newer than this kith"), "{err}");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, newer);
}

#[test]
fn store_settings() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a/b/kith.db")).unwrap();
    let c = store.conn();
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = c
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn a_failed_write_keeps_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let now = clock().now;
    let r: Result<(), Error> = store.write(|tx| {
        people::insert_person(
            tx,
            &NewPerson {
                name: "Half".into(),
                ..Default::default()
            },
            now,
        )?;
        Err(Error::Invalid("stop".into()))
    });
    assert!(r.is_err());
    assert_eq!(people::count(store.conn()).unwrap(), 0);
    assert!(
        names(&store, "half").is_empty(),
        "the search index rolled back too"
    );
}

#[test]
fn search_follows_every_change() {
    let mut store = Store::open_in_memory().unwrap();
    let anna = person(&mut store, "Anna de Vries");
    let jose = person(&mut store, "José García");
    let n = note(&mut store, anna, "training for the Berlin marathon");
    assert_eq!(names(&store, "marathon"), ["Anna de Vries"]);
    assert_eq!(
        names(&store, "berl mara"),
        ["Anna de Vries"],
        "prefixes of every word"
    );
    assert_eq!(names(&store, "jose"), ["José García"], "diacritics folded");
    assert_eq!(names(&store, "GARCIA"), ["José García"]);
    assert_eq!(
        names(&store, "anna marathon"),
        ["Anna de Vries"],
        "words across name and notes"
    );

    let now = clock().now;
    store
        .write(|tx| {
            people::add_contact_point(
                tx,
                jose,
                &ContactPoint {
                    kind: ContactKind::Email,
                    label: None,
                    value: "jose@lisboa.example".into(),
                },
            )?;
            people::add_tag(tx, jose, "investor")
        })
        .unwrap();
    assert_eq!(names(&store, "lisboa"), ["José García"]);
    assert_eq!(names(&store, "investor"), ["José García"]);

    store
        .write(|tx| {
            tx.execute("DELETE FROM note WHERE id = ?1", [n])?;
            Ok(())
        })
        .unwrap();
    assert!(
        names(&store, "marathon").is_empty(),
        "a deleted note leaves the index"
    );
    store
        .write(|tx| {
            tx.execute(
                "UPDATE person SET name = 'Anna Bakker', updated_at = ?2 WHERE id = ?1",
                rusqlite::params![anna, kithkin::when::to_db(now)],
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(names(&store, "bakker"), ["Anna Bakker"]);
    assert!(names(&store, "vries").is_empty());
    // FTS syntax in the query is taken as text.
    assert!(names(&store, "\"unbalanced OR NEAR(").is_empty());
    assert!(names(&store, "*").is_empty());
}

#[test]
fn two_stores_write_the_same_file_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    Store::open(&path).unwrap();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                for i in 0..100 {
                    person(&mut store, &format!("Writer {w} person {i}"));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(people::count(store.conn()).unwrap(), 200);
}

/// The store preselects reconnect candidates by index; the result must be what
/// ranking every person from their full history gives.
#[test]
fn preselected_reconnect_equals_ranking_everyone() {
    use kithkin::reconnect::{rank, CadenceRules, Candidate};
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 3000, &clock()).unwrap();
    assert!(store.follow_rhythm_rules(&CadenceRules::default()).unwrap());
    let c = store.conn();
    let today = clock().today;
    let everyone: Vec<Candidate> = people::list(c, people::Sort::Name, 10_000, 0)
        .unwrap()
        .into_iter()
        .map(|row| {
            let p = kithkin::profile::load(c, row.id, 10_000).unwrap();
            Candidate {
                person_id: row.id,
                name: p.person.name.clone(),
                cadence_days: p.person.cadence_days,
                tags: p.tags.clone(),
                last_touch: p.last_touch,
                bumped_on: None,
                snoozed_until: None,
                touches: p.notes.iter().filter(|n| n.kind.is_touch()).count() as i64,
                met_at_event: false,
            }
        })
        .collect();
    assert!(everyone
        .iter()
        .any(|c| c.touches >= 3 && c.cadence_days.is_none()));
    let full: Vec<(i64, f64)> = rank(&everyone, &CadenceRules::default(), today)
        .into_iter()
        .map(|p| (p.person_id, p.score))
        .collect();
    let t = kithkin::today::load(c, today, &CadenceRules::default()).unwrap();
    let shown: Vec<i64> = t.reconnect.iter().map(|p| p.person_id).collect();
    let after: Vec<i64> = t.after_event.iter().map(|p| p.person_id).collect();
    let expected: Vec<i64> = full
        .iter()
        .map(|p| p.0)
        .filter(|id| !after.contains(id))
        .take(shown.len())
        .collect();
    assert_eq!(shown.len(), kithkin::today::RECONNECT_LIMIT);
    // Equal scores may come in either order; compare the scores shown.
    let score = |id: &i64| full.iter().find(|p| p.0 == *id).map(|p| p.1).unwrap();
    let got: Vec<f64> = shown.iter().map(score).collect();
    let want: Vec<f64> = expected.iter().map(score).collect();
    assert_eq!(got, want);
}

/// The touch summary kept by triggers equals what the notes and meetings say,
/// after inserts, edits, deletes and a merge-like move of notes.
#[test]
fn touch_summary_follows_every_change() {
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 60, &clock()).unwrap();
    store
        .write(|tx| {
            tx.execute_batch(
                "DELETE FROM note WHERE id IN (SELECT id FROM note WHERE kind = 'talk' LIMIT 5);
                 UPDATE note SET kind = 'gave' WHERE id IN (SELECT id FROM note WHERE kind = 'learned' LIMIT 3);
                 UPDATE note SET person_id = 2 WHERE person_id = 3;
                 DELETE FROM meeting WHERE person_id = 4;
                 UPDATE meeting SET met_on = '2026-11-21' WHERE person_id = 5;
                 DELETE FROM person WHERE id = 6;
                 UPDATE person SET cadence_days = 7 WHERE id = 7;",
            )?;
            Ok(())
        })
        .unwrap();
    let c = store.conn();
    let mismatches: i64 = c
        .query_row(
            "SELECT count(*) FROM person_touch t JOIN person_touch_doc d ON d.person_id = t.person_id
             WHERE (t.last_touch, t.touches, t.gave, t.asked) IS NOT (d.last_touch, d.touches, d.gave, d.asked)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(mismatches, 0);
    let stale: i64 = c
        .query_row(
            "SELECT count(*) FROM person_touch t JOIN person_reconnect_doc d ON d.person_id = t.person_id
             WHERE (t.every, t.reconnect_on) IS NOT (d.every, d.reconnect_on)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0);
    let orphans: i64 = c
        .query_row(
            "SELECT count(*) FROM person_touch WHERE person_id NOT IN (SELECT id FROM person)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    let every: Option<i64> = c
        .query_row(
            "SELECT every FROM person_touch WHERE person_id = 7",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(every, Some(7));
}

/// People whose whole touch summary row (counts, last touch, rhythm,
/// reconnect day, follow-up) differs from what its views work out afresh.
fn summaries_off_their_views(store: &Store) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM person_touch t
             JOIN person_touch_doc d ON d.person_id = t.person_id
             JOIN person_reconnect_doc r ON r.person_id = t.person_id
             JOIN person_follow_up_doc f ON f.person_id = t.person_id
             WHERE (t.last_touch, t.touches, t.gave, t.asked, t.every, t.reconnect_on,
                    t.follow_up_on, t.met_clock)
                IS NOT (d.last_touch, d.touches, d.gave, d.asked, r.every, r.reconnect_on,
                        f.follow_up_on, f.met_clock)",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// A note of each kind, older and newer than the last touch, on everyone of
/// the demo (met at an event and not followed up, with a rhythm, untouched):
/// the summary kept by triggers is what its views say after each one. Notes
/// that are no touch (learned, promise, note) skip the summary's trigger.
#[test]
fn touch_summary_follows_a_note_of_every_kind() {
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 40, &clock()).unwrap();
    assert_eq!(summaries_off_their_views(&store), 0);
    let waiting: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM person_touch WHERE follow_up_on IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(waiting > 0, "the demo has people met and not followed up");
    let ids: Vec<i64> = store
        .conn()
        .prepare("SELECT id FROM person ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let now = clock().now;
    for (i, kind) in NoteKind::ALL.iter().enumerate() {
        for (j, id) in ids.iter().enumerate() {
            // From three years back to today, so some land before the last
            // touch, some after it, some on the day of the event met at.
            let days = ((i * 7 + j * 13) % 1100) as i64;
            let happened_at = at_noon(clock().today) - chrono::Duration::days(days);
            store
                .write(|tx| {
                    notes::insert_note(
                        tx,
                        &NewNote {
                            person_id: *id,
                            event_id: None,
                            kind: *kind,
                            body: format!("{kind:?} {j}"),
                            happened_at,
                        },
                        now,
                    )
                })
                .unwrap();
        }
        assert_eq!(summaries_off_their_views(&store), 0, "after {kind:?} notes");
    }
}

/// Names sort with accents folded, in a store migrated from before sort keys
/// and for rows another tool wrote without one.
#[test]
fn names_sort_with_accents_folded_after_migrating_and_after_other_tools() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let raw = |conn: &rusqlite::Connection, name: &str| {
        conn.execute(
            "INSERT INTO person (uid, name, created_at, updated_at) VALUES (?1, ?1, '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z')",
            [name],
        )
        .unwrap();
    };
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let before = MIGRATIONS
            .iter()
            .position(|(n, _)| *n == "0007_sort_key")
            .unwrap();
        migrate_to(&mut conn, before).unwrap();
        for name in ["Maja Berg", "Łukasz Wójcik", "Lars Olsen", "Zoe Adams"] {
            raw(&conn, name);
        }
    }
    let sorted = |store: &Store| -> Vec<String> {
        kithkin::store::people::list(store.conn(), kithkin::store::people::Sort::Name, 50, 0)
            .unwrap()
            .into_iter()
            .map(|r| r.name)
            .collect()
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(
        sorted(&store),
        ["Lars Olsen", "Łukasz Wójcik", "Maja Berg", "Zoe Adams"]
    );
    drop(store);
    // Another tool adds a row without a sort key: the next open fills it in.
    raw(&rusqlite::Connection::open(&path).unwrap(), "Ádám Kovács");
    let store = Store::open(&path).unwrap();
    assert_eq!(sorted(&store)[0], "Ádám Kovács");
}

/// Follow-ups made before they had UUIDs get one each when the store is
/// migrated, and a row written by another tool gets one too.
#[test]
fn every_follow_up_gets_a_uuid_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let raw = |conn: &rusqlite::Connection, body: &str| {
        conn.execute(
            "INSERT INTO reminder (body, due_on, created_at) VALUES (?1, '2026-12-01', '2026-11-22T10:00:00Z')",
            [body],
        )
        .unwrap();
    };
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let before = MIGRATIONS
            .iter()
            .position(|(n, _)| *n == "0012_reminder_uid")
            .unwrap();
        migrate_to(&mut conn, before).unwrap();
        for i in 0..50 {
            raw(&conn, &format!("follow-up {i}"));
        }
    }
    let uids = |store: &Store| -> Vec<String> {
        store
            .conn()
            .prepare("SELECT uid FROM reminder ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let store = Store::open(&path).unwrap();
    let mut seen = uids(&store);
    assert_eq!(seen.len(), 50);
    for uid in &seen {
        assert!(uuid::Uuid::parse_str(uid).is_ok(), "{uid} is a UUID");
        assert_eq!(uid.as_bytes()[14], b'4', "{uid} is a version 4 UUID");
    }
    drop(store);
    raw(
        &rusqlite::Connection::open(&path).unwrap(),
        "another tool's",
    );
    let store = Store::open(&path).unwrap();
    seen = uids(&store);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 51, "no two follow-ups share a UUID");
}

/// Notes and meetings made before they had stable ids get one each when the
/// store is migrated, and rows written by another tool get one too.
#[test]
fn every_note_and_meeting_gets_a_uuid_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let raw = |conn: &rusqlite::Connection, i: usize| {
        conn.execute(
            "INSERT INTO note (person_id, kind, body, happened_at, created_at)
             VALUES (1, 'talk', ?1, '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z')",
            [format!("note {i}")],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO meeting (person_id, met_on, created_at)
             VALUES (1, '2026-11-22', '2026-11-22T10:00:00Z')",
            [],
        )
        .unwrap();
    };
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let before = MIGRATIONS
            .iter()
            .position(|(n, _)| *n == "0014_sync_cards")
            .unwrap();
        migrate_to(&mut conn, before).unwrap();
        conn.execute(
            "INSERT INTO person (id, uid, name, created_at, updated_at)
             VALUES (1, 'u1', 'Anna', '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z')",
            [],
        )
        .unwrap();
        for i in 0..30 {
            raw(&conn, i);
        }
    }
    let ids = |store: &Store, table: &str| -> Vec<String> {
        store
            .conn()
            .prepare(&format!("SELECT uuid FROM {table} ORDER BY id"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let store = Store::open(&path).unwrap();
    for table in ["note", "meeting"] {
        let seen = ids(&store, table);
        assert_eq!(seen.len(), 30);
        for id in &seen {
            assert!(uuid::Uuid::parse_str(id).is_ok(), "{id} is a UUID");
        }
    }
    drop(store);
    raw(&rusqlite::Connection::open(&path).unwrap(), 99);
    let store = Store::open(&path).unwrap();
    for table in ["note", "meeting"] {
        let mut seen = ids(&store, table);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 31, "no two rows of {table} share a uuid");
    }
}
