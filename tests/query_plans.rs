//! Every statement the hot paths run (Today, search, list pages, a person, a
//! person argument) is planned without a full scan of person or note, or of
//! the per-person touch summary Today reads its prompts from — with configured
//! rhythms (default, event contacts, per tag) as well as without; and a
//! page of a list at any offset skips its rows off a covering index.

use std::sync::Mutex;

use chrono::NaiveDate;
use kithkin::reconnect::CadenceRules;
use kithkin::store::people::{self, Sort};
use kithkin::store::{search, Store};
use kithkin::when::Clock;
use rusqlite::trace::{TraceEvent, TraceEventCodes};

static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Runs `f` with every statement recorded; returns how many ran.
fn trace(store: &Store, f: impl FnOnce(&rusqlite::Connection)) -> usize {
    let before = SEEN.lock().unwrap().len();
    let c = store.conn();
    c.trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(record));
    f(c);
    c.trace_v2(TraceEventCodes::empty(), None);
    SEEN.lock().unwrap().len() - before
}

fn record(e: TraceEvent<'_>) {
    if let TraceEvent::Stmt(stmt, _) = e {
        if let Some(sql) = stmt.expanded_sql() {
            if let Ok(mut seen) = SEEN.lock() {
                seen.push(sql);
            }
        }
    }
}

/// The README's config: a default rhythm, the one for people met at an
/// event, and per-tag rhythms.
fn readme_rules() -> CadenceRules {
    CadenceRules {
        default_days: Some(180),
        met_days: Some(90),
        tags: vec![("close".into(), 30), ("network".into(), 90)],
    }
}

#[test]
fn hot_queries_never_scan_person_or_note() {
    let clock = Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 2500, &clock).unwrap();
    // Something to undo, and someone archived.
    kithkin::ops::people::set_cadence(&mut store, 3, Some(14), &clock).unwrap();
    store
        .write(|tx| {
            tx.execute(
                "UPDATE person SET archived_at = '2026-11-01T12:00:00Z' WHERE id = 5",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    let configs = [
        CadenceRules::default(),
        CadenceRules {
            met_days: Some(90),
            ..Default::default()
        },
        readme_rules(),
    ];
    // Each rule set is applied once (a recompute that reads everyone, on a
    // config change only), then traced on its own.
    for rules in &configs {
        assert!(store.follow_rhythm_rules(rules).unwrap());
        trace(&store, |c| {
            for day in [clock.today, NaiveDate::from_ymd_opt(2027, 6, 1).unwrap()] {
                let t = kithkin::today::load(c, day, rules).unwrap();
                assert!(t.counts.reconnect > 0, "the workload has reconnects");
            }
        });
    }
    let seen = trace(&store, |c| {
        for q in ["a", "an", "ann", "anna", "marathon", "sqlite edge", "jose"] {
            search::search(c, q, 200).unwrap();
        }
        // Mail completion (`kith query`), ranked and (beyond 2,000 people) not.
        for q in ["a", "an", "anna", "acme"] {
            let fts = search::fts_query(q).unwrap();
            kithkin::store::addresses::matching(c, &fts, 50).unwrap();
        }
        for sort in [Sort::Name, Sort::LastTouch, Sort::Overdue] {
            // The first page, one among the people with follow-ups, one past them.
            for offset in [0, 100, 1000, 2400] {
                people::list(c, sort, 200, offset).unwrap();
            }
        }
        kithkin::profile::load(c, 1, 200).unwrap();
        kithkin::resolve::person(c, "anna de vries").unwrap();
        let _ = kithkin::resolve::person(c, "nobody-at-all");
        // The duplicates review, the undo history, the archive.
        kithkin::identity::review::candidates(c, 0.0).unwrap();
        kithkin::store::undo::steps(c, 50).unwrap();
        people::list_archived(c, 200, 0).unwrap();
        people::archived_matches(c, "an", 200).unwrap();
        people::archived_exact(c, "anna de vries").unwrap();
    });
    assert!(seen > 20, "the workload ran: {seen}");
    // Undoing a step writes rows back through the triggers that keep the summaries.
    store
        .conn()
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(record));
    store.undo_last().unwrap().expect("a step to undo");
    store.conn().trace_v2(TraceEventCodes::empty(), None);

    let c = store.conn();
    let seen = SEEN.lock().unwrap().clone();
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
        let sorted_after = details
            .iter()
            .any(|d| d.starts_with("USE TEMP B-TREE FOR ORDER BY"));
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
            // A search whose only constraint is being live walks everyone
            // live; fine for a page in the index's own order (it stops at its
            // limit), a full scan by another name when the rows are sorted
            // afterwards. (Walking the archived, `live = 0`, is walking few.)
            let walk_of_everyone = words.first() == Some(&"SEARCH")
                && matches!(words.get(1), Some(&("person" | "p" | "person_touch" | "h")))
                && d.ends_with("(live=?)")
                && sql.contains("live = 1")
                && sorted_after;
            if full_scan || walk_of_everyone {
                scans.push(format!("{d}\n    in: {sql}"));
            }
            // A page at an offset skips its rows off an index alone: any walk
            // in a statement with an offset reads no table row it skips.
            // (The page is read off a table named in full; `p`, `t` and
            // `r` are the page's own rows, looked up once each.)
            let skips_rows = sql.contains("OFFSET") && !sql.contains("undo_step");
            let walk = matches!(words.first(), Some(&("SCAN" | "SEARCH")))
                && matches!(
                    words.get(1),
                    Some(&("person" | "person_touch" | "note" | "reminder"))
                );
            if skips_rows && walk && !d.contains("COVERING INDEX") {
                scans.push(format!("{d} (rows before the offset read)\n    in: {sql}"));
            }
        }
    }
    assert!(scans.is_empty(), "full scans:\n{}", scans.join("\n"));
}
