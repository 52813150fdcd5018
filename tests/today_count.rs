//! `kith today --count` runs on every shell prompt, so it reads indexes, never
//! a row per due person: no statement it runs walks the touch summary, and
//! its reconnect count still leaves out the archived and the snoozed.

use std::sync::Mutex;

use chrono::NaiveDate;
use kithkin::reconnect::CadenceRules;
use kithkin::store::Store;
use kithkin::when::Clock;
use rusqlite::trace::{TraceEvent, TraceEventCodes};

static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn record(e: TraceEvent<'_>) {
    if let TraceEvent::Stmt(stmt, _) = e {
        if let Some(sql) = stmt.expanded_sql() {
            SEEN.lock().unwrap().push(sql);
        }
    }
}

fn store(today: NaiveDate) -> Store {
    let clock = Clock::fixed(today);
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 2500, &clock).unwrap();
    // Some due people archived, some snoozed past today, some snoozed until yesterday.
    store
        .write(|tx| {
            tx.execute_batch(
                "UPDATE person SET archived_at = '2026-11-01T12:00:00Z' WHERE id IN (SELECT person_id FROM person_touch WHERE reconnect_on < '2026-11-22' LIMIT 40);
                 UPDATE person SET prompt_snoozed_until = '2026-12-01' WHERE archived_at IS NULL AND id IN (SELECT person_id FROM person_touch WHERE reconnect_on < '2026-11-22' LIMIT 25);
                 UPDATE person SET prompt_snoozed_until = '2026-11-21' WHERE archived_at IS NULL AND prompt_snoozed_until IS NULL AND id IN (SELECT person_id FROM person_touch WHERE reconnect_on < '2026-11-22' LIMIT 5);",
            )?;
            Ok(())
        })
        .unwrap();
    store
}

#[test]
fn the_count_walks_no_summary_row_per_due_person() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let store = store(today);
    let c = store.conn();
    c.trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(record));
    let counts = kithkin::today::count(c, today, &CadenceRules::default()).unwrap();
    c.trace_v2(TraceEventCodes::empty(), None);
    assert!(counts.reconnect > 100, "many people are due: {counts:?}");

    let seen = SEEN.lock().unwrap().clone();
    assert!(!seen.is_empty());
    let mut walks = Vec::new();
    for sql in seen.iter().filter(|s| !s.contains("PRAGMA")) {
        let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let details: Vec<String> = st
            .query_map([], |r| r.get(3))
            .unwrap()
            .map(|d| d.unwrap())
            .collect();
        for d in details {
            let w: Vec<&str> = d.split_whitespace().collect();
            // A scan of the summary, even through an index, is a row per person.
            if w.first() == Some(&"SCAN") && matches!(w.get(1), Some(&("h" | "person_touch"))) {
                walks.push(format!("{d}\n    in: {sql}"));
            }
        }
    }
    assert!(walks.is_empty(), "walks the summary:\n{}", walks.join("\n"));

    // The same number, counted the slow way.
    let slow: i64 = c
        .query_row(
            "SELECT count(*) FROM person_touch h JOIN person p ON p.id = h.person_id
             WHERE h.reconnect_on < ?1 AND p.archived_at IS NULL
               AND (p.prompt_snoozed_until IS NULL OR p.prompt_snoozed_until <= ?1)",
            ["2026-11-22"],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        kithkin::store::prompts::count_due(c, today).unwrap() as i64,
        slow
    );
}
