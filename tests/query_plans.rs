//! Every statement the hot paths run (Today, search, list pages, a person, a
//! person argument) is planned without a full scan of person or note, or of
//! the per-person touch summary Today reads its prompts from.

use std::sync::Mutex;

use chrono::NaiveDate;
use kithkin::reconnect::CadenceRules;
use kithkin::store::people::{self, Sort};
use kithkin::store::{search, Store};
use kithkin::when::Clock;
use rusqlite::trace::{TraceEvent, TraceEventCodes};

static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn record(e: TraceEvent<'_>) {
    if let TraceEvent::Stmt(stmt, _) = e {
        if let Some(sql) = stmt.expanded_sql() {
            if let Ok(mut seen) = SEEN.lock() {
                seen.push(sql);
            }
        }
    }
}

#[test]
fn hot_queries_never_scan_person_or_note() {
    let clock = Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 2500, &clock).unwrap();
    store
        .conn()
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(record));

    let c = store.conn();
    kithkin::today::load(c, clock.today, &CadenceRules::default()).unwrap();
    // The rhythm of people met at an event reads its own index, also months on.
    let met = CadenceRules {
        met_days: Some(90),
        ..Default::default()
    };
    for day in [clock.today, NaiveDate::from_ymd_opt(2027, 6, 1).unwrap()] {
        kithkin::today::load(c, day, &met).unwrap();
    }
    for q in ["a", "an", "ann", "anna", "marathon", "sqlite edge", "jose"] {
        search::search(c, q, 200).unwrap();
    }
    for sort in [Sort::Name, Sort::LastTouch, Sort::Overdue] {
        people::list(c, sort, 200, 0).unwrap();
        people::list(c, sort, 200, 1000).unwrap();
    }
    kithkin::profile::load(c, 1, 200).unwrap();
    kithkin::resolve::person(c, "anna de vries").unwrap();
    let _ = kithkin::resolve::person(c, "nobody-at-all");
    c.trace_v2(TraceEventCodes::empty(), None);

    let seen = SEEN.lock().unwrap().clone();
    assert!(seen.len() > 20, "the workload ran: {}", seen.len());
    let mut scans = Vec::new();
    for sql in seen
        .iter()
        .filter(|s| !s.trim_start().starts_with("--") && !s.contains("PRAGMA"))
    {
        let mut st = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let details: Vec<String> = st
            .query_map([], |r| r.get(3))
            .unwrap()
            .map(|d| d.unwrap())
            .collect();
        for d in details {
            let words: Vec<&str> = d.split_whitespace().collect();
            // A person argument that matches no word falls back to any part
            // of a name or email: one scan of names, only on that error path.
            let last_resort = sql.contains("LIKE '%nobody-at-all%'");
            let full_scan = words.first() == Some(&"SCAN")
                && matches!(
                    words.get(1),
                    Some(&("person" | "p" | "note" | "n" | "person_touch" | "h"))
                )
                && !d.contains("USING")
                && !last_resort;
            if full_scan {
                scans.push(format!("{d}\n    in: {sql}"));
            }
        }
    }
    assert!(scans.is_empty(), "full scans:\n{}", scans.join("\n"));
}
