//! The People list sorted by next follow-up and by last touch reads pages
//! off the touch summary's copy of each person's sort key, archive state and
//! soonest open follow-up. These tests hold that copy to what the base tables
//! say after every kind of change and its undo, and every page to the order
//! the README describes.

mod common;

use chrono::NaiveDate;
use kithkin::model::PersonRow;
use kithkin::store::people::{self, Sort};
use kithkin::store::Store;
use kithkin::when::Clock;
use rusqlite::Connection;

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

/// People whose copy differs from the base tables, as `id: kept ≠ actual`.
fn stale(c: &Connection) -> Vec<String> {
    let mut st = c
        .prepare(
            "SELECT t.person_id, t.sort_key, t.live, t.next_follow_up,
                    p.sort_key, p.archived_at IS NULL,
                    (SELECT min(max(r.due_on, coalesce(r.snoozed_until, r.due_on))) FROM reminder r
                     WHERE r.person_id = p.id AND r.done_at IS NULL)
             FROM person_touch t JOIN person p ON p.id = t.person_id
             WHERE t.sort_key IS NOT p.sort_key OR t.live IS NOT (p.archived_at IS NULL)
                OR t.next_follow_up IS NOT (SELECT min(max(r.due_on, coalesce(r.snoozed_until, r.due_on)))
                                            FROM reminder r WHERE r.person_id = p.id AND r.done_at IS NULL)",
        )
        .unwrap();
    st.query_map([], |r| {
        Ok(format!(
            "#{}: {:?} {:?} {:?} ≠ {:?} {:?} {:?}",
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn assert_kept(store: &Store, what: &str) {
    let stale = stale(store.conn());
    assert!(stale.is_empty(), "after {what}: {}", stale.join("\n"));
}

/// Everyone by next follow-up then name, the rest by name, straight from the
/// base tables: the order the README gives for `--sort overdue`.
fn overdue_order(c: &Connection) -> Vec<i64> {
    c.prepare(
        "SELECT p.id FROM person p
         LEFT JOIN (SELECT person_id, min(max(due_on, coalesce(snoozed_until, due_on))) AS nf
                    FROM reminder WHERE done_at IS NULL GROUP BY person_id) r ON r.person_id = p.id
         WHERE p.archived_at IS NULL
         ORDER BY r.nf IS NULL, r.nf, p.sort_key, p.id",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn last_touch_order(c: &Connection) -> Vec<i64> {
    c.prepare(
        "SELECT t.person_id FROM person_touch t JOIN person p ON p.id = t.person_id
         WHERE p.archived_at IS NULL ORDER BY t.last_touch DESC, t.person_id DESC",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Every page of `sort`, `page` rows at a time, concatenated.
fn paged(c: &Connection, sort: Sort, page: usize) -> Vec<PersonRow> {
    let mut out = Vec::new();
    loop {
        let rows = people::list(c, sort, page, out.len()).unwrap();
        let n = rows.len();
        out.extend(rows);
        if n < page {
            return out;
        }
    }
}

#[test]
fn pages_at_every_offset_follow_the_order_of_the_base_tables() {
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 700, &clock()).unwrap();
    assert_kept(&store, "the demo");
    let c = store.conn();
    let want = overdue_order(c);
    let with_follow_ups = c
        .query_row(
            "SELECT count(DISTINCT person_id) FROM reminder r JOIN person p ON p.id = r.person_id
             WHERE r.done_at IS NULL AND p.archived_at IS NULL",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as usize;
    assert!(
        (50..400).contains(&with_follow_ups),
        "the demo has people with follow-ups and people without: {with_follow_ups}"
    );
    // Page sizes that end a page inside the people with follow-ups, on the
    // border, and beyond it.
    for page in [7, 50, with_follow_ups, 200] {
        let rows = paged(c, Sort::Overdue, page);
        let got: Vec<i64> = rows.iter().map(|r| r.id).collect();
        assert_eq!(got, want, "pages of {page}");
        let firsts = rows.iter().take_while(|r| r.next_follow_up.is_some());
        assert_eq!(firsts.count(), with_follow_ups, "pages of {page}");
    }
    let got: Vec<i64> = paged(c, Sort::LastTouch, 64).iter().map(|r| r.id).collect();
    assert_eq!(got, last_touch_order(c));
    let ids = |sql: &str| -> Vec<i64> {
        c.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let got: Vec<i64> = paged(c, Sort::Name, 64).iter().map(|r| r.id).collect();
    assert_eq!(
        got,
        ids("SELECT id FROM person WHERE archived_at IS NULL ORDER BY sort_key, id")
    );
    let archived = ids("SELECT id FROM person WHERE archived_at IS NOT NULL ORDER BY sort_key, id");
    assert!(!archived.is_empty(), "the demo archives a few people");
    let mut got = Vec::new();
    loop {
        let page = people::list_archived(c, 3, got.len()).unwrap();
        let n = page.len();
        got.extend(page.into_iter().map(|r| r.id));
        if n < 3 {
            break;
        }
    }
    assert_eq!(got, archived);
}

#[test]
fn the_copy_follows_every_change_and_its_undo() {
    let clock = clock();
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 60, &clock).unwrap();
    let changes: &[(&str, &str)] = &[
        ("a follow-up", "INSERT INTO reminder (person_id, body, due_on, created_at) VALUES (20, 'call', '2026-11-01', '2026-11-01T10:00:00Z')"),
        ("a sooner one", "INSERT INTO reminder (person_id, body, due_on, created_at) VALUES (20, 'write', '2026-10-01', '2026-11-01T10:00:00Z')"),
        ("snoozed past the other", "UPDATE reminder SET snoozed_until = '2026-12-01' WHERE body = 'write'"),
        ("moved", "UPDATE reminder SET due_on = '2026-09-01' WHERE body = 'call'"),
        ("done", "UPDATE reminder SET done_at = '2026-11-22T10:00:00Z' WHERE body = 'call'"),
        ("given to another person", "UPDATE reminder SET person_id = 21 WHERE body = 'write'"),
        ("deleted", "DELETE FROM reminder WHERE body = 'write'"),
        ("a rename", "UPDATE person SET name = 'Aaron Aardvark', sort_key = 'aaron aardvark' WHERE id = 22"),
        ("a rename without its key", "UPDATE person SET name = 'Zed Zebra' WHERE id = 23"),
        ("archived", "UPDATE person SET archived_at = '2026-11-20T10:00:00Z' WHERE id = 1"),
        ("restored", "UPDATE person SET archived_at = NULL WHERE id = 1"),
        ("a person", "INSERT INTO person (uid, name, sort_key, created_at, updated_at) VALUES ('u-list-1', 'New One', 'new one', '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z')"),
        ("their follow-up", "INSERT INTO reminder (person_id, body, due_on, created_at) SELECT id, 'hello', '2026-11-30', '2026-11-22T10:00:00Z' FROM person WHERE uid = 'u-list-1'"),
        ("a person deleted", "DELETE FROM person WHERE id = 2"),
    ];
    common::each_change_and_its_undo(&mut store, changes, assert_kept);
    // Through the program's own paths too: snooze, done, a merge.
    let id = kithkin::store::reminders::open_for_person(store.conn(), 1).unwrap()[0].id;
    let until = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
    kithkin::ops::capture::snooze(&mut store, id, until, &clock).unwrap();
    assert_kept(&store, "a snooze");
    kithkin::ops::capture::complete(&mut store, id, None, &clock).unwrap();
    assert_kept(&store, "done");
    kithkin::ops::duplicates::merge_people(&mut store, 1, 3, &[], &clock).unwrap();
    assert_kept(&store, "a merge");
}
