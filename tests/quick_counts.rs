//! Today's counts and Stats read copies kept by triggers (migration 0024):
//! the activity of each day, and each person's snooze beside their archive
//! state in the touch summary. These tests hold the copies to what the base
//! tables say after every kind of change and its undo, and Stats and Today's
//! counts to the same figures computed from the notes and follow-ups.

mod common;

use chrono::NaiveDate;
use kithkin::reconnect::CadenceRules;
use kithkin::store::Store;
use kithkin::when::Clock;
use rusqlite::Connection;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn rows(c: &Connection, sql: &str) -> Vec<String> {
    c.prepare(sql)
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Days whose kept activity differs from the notes and follow-ups.
fn stale_days(c: &Connection) -> Vec<String> {
    rows(
        c,
        "WITH truth AS (
             SELECT day, sum(t) AS t, sum(g) AS g, sum(a) AS a, sum(o) AS o, sum(l) AS l FROM (
                 SELECT substr(happened_at, 1, 10) AS day, kind IN ('met', 'talk', 'gave') AS t,
                        kind = 'gave' AS g, kind = 'asked' AS a, 0 AS o, 0 AS l FROM note
                 UNION ALL
                 SELECT substr(done_at, 1, 10), 0, 0, 0, substr(done_at, 1, 10) <= due_on,
                        substr(done_at, 1, 10) > due_on FROM reminder WHERE done_at IS NOT NULL)
             GROUP BY day),
         kept AS (SELECT day, touches AS t, gave AS g, asked AS a, done_on_time AS o, done_late AS l
                  FROM activity_day)
         SELECT 'day ' || coalesce(truth.day, kept.day) || ': kept '
                || coalesce(kept.t, 0) || '/' || coalesce(kept.g, 0) || '/' || coalesce(kept.a, 0) || '/'
                || coalesce(kept.o, 0) || '/' || coalesce(kept.l, 0) || ' ≠ '
                || coalesce(truth.t, 0) || '/' || coalesce(truth.g, 0) || '/' || coalesce(truth.a, 0) || '/'
                || coalesce(truth.o, 0) || '/' || coalesce(truth.l, 0)
         FROM truth FULL JOIN kept ON kept.day = truth.day
         WHERE coalesce(kept.t, 0) <> coalesce(truth.t, 0) OR coalesce(kept.g, 0) <> coalesce(truth.g, 0)
            OR coalesce(kept.a, 0) <> coalesce(truth.a, 0) OR coalesce(kept.o, 0) <> coalesce(truth.o, 0)
            OR coalesce(kept.l, 0) <> coalesce(truth.l, 0)",
    )
}

/// People whose kept snooze differs from their own.
fn stale_snoozes(c: &Connection) -> Vec<String> {
    rows(
        c,
        "SELECT '#' || p.id || ': ' || coalesce(t.snoozed_until, '-') || ' ≠ ' || coalesce(p.prompt_snoozed_until, '-')
         FROM person p JOIN person_touch t ON t.person_id = p.id
         WHERE t.snoozed_until IS NOT p.prompt_snoozed_until",
    )
}

/// Days of last touch whose kept number of people differs from the summary.
fn stale_touch_days(c: &Connection) -> Vec<String> {
    rows(
        c,
        "WITH truth AS (SELECT substr(last_touch, 1, 10) AS day, count(*) AS n FROM person_touch GROUP BY 1)
         SELECT 'last touched ' || coalesce(truth.day, k.day) || ': kept ' || coalesce(k.people, 0)
                || ' ≠ ' || coalesce(truth.n, 0)
         FROM truth FULL JOIN last_touch_day k ON k.day = truth.day
         WHERE coalesce(k.people, 0) <> coalesce(truth.n, 0)",
    )
}

fn assert_kept(store: &Store, what: &str) {
    let mut stale = stale_days(store.conn());
    stale.extend(stale_snoozes(store.conn()));
    stale.extend(stale_touch_days(store.conn()));
    assert!(stale.is_empty(), "after {what}:\n{}", stale.join("\n"));
}

/// Stats straight from the notes and follow-ups, as it was computed before
/// the copy: touches per week, gave/asked per month, on time/late.
fn stats_from_base(c: &Connection, s: &kithkin::stats::Stats) {
    let start: String = c
        .query_row(
            "SELECT date(?1, 'weekday 1', '-7 days', '-' || (7 * 25) || ' days')",
            [today().to_string()],
            |r| r.get(0),
        )
        .unwrap();
    let mut weeks = vec![0u64; kithkin::stats::WEEKS];
    let mut st = c
        .prepare(
            "SELECT CAST((julianday(substr(happened_at, 1, 10)) - julianday(?1)) / 7 AS INTEGER), count(*)
             FROM note WHERE kind IN ('met', 'talk', 'gave') AND happened_at >= ?1 GROUP BY 1",
        )
        .unwrap();
    for row in st
        .query_map([&start], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
        .unwrap()
    {
        let (w, n) = row.unwrap();
        if let Some(slot) = usize::try_from(w).ok().and_then(|w| weeks.get_mut(w)) {
            *slot += n as u64;
        }
    }
    assert_eq!(s.touches_per_week, weeks, "touches per week (from {start})");
    for m in &s.give_ask_per_month {
        let (gave, asked): (i64, i64) = c
            .query_row(
                "SELECT coalesce(sum(kind = 'gave'), 0), coalesce(sum(kind = 'asked'), 0) FROM note
                 WHERE substr(happened_at, 1, 7) = ?1",
                [&m.month],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((m.gave, m.asked), (gave, asked), "month {}", m.month);
    }
    let since = |lo: i64, hi: Option<i64>| -> u64 {
        let day = |d: i64| (today() - chrono::Days::new(d as u64)).to_string();
        let upper = hi.map(|h| day(h - 1)).unwrap_or_else(|| "~".into());
        c.query_row(
            "SELECT count(*) FROM person_touch WHERE last_touch <> '' AND last_touch >= ?1 AND last_touch < ?2",
            [day(lo - 1), upper],
            |r| r.get::<_, i64>(0),
        )
        .unwrap() as u64
    };
    let never: i64 = c
        .query_row(
            "SELECT count(*) FROM person_touch WHERE last_touch = ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let want = [
        since(30, None),
        since(90, Some(30)),
        since(180, Some(90)),
        since(365, Some(180)),
        since(100_000, Some(365)),
        never as u64,
    ];
    let got: Vec<u64> = s.since_last_touch.iter().map(|(_, n)| *n).collect();
    assert_eq!(got, want, "people by time since their last touch");
    let (on_time, late): (i64, i64) = c
        .query_row(
            "SELECT coalesce(sum(substr(done_at, 1, 10) <= due_on), 0), coalesce(sum(substr(done_at, 1, 10) > due_on), 0)
             FROM reminder WHERE done_at IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((s.follow_ups_on_time, s.follow_ups_late), (on_time, late));
}

#[test]
fn stats_and_the_copies_follow_every_change_and_its_undo() {
    let clock = Clock::fixed(today());
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 80, &clock).unwrap();
    assert_kept(&store, "the demo");
    let s = kithkin::stats::load(store.conn(), today()).unwrap();
    assert!(
        s.touches_per_week.iter().sum::<u64>() > 0 && s.follow_ups_on_time + s.follow_ups_late > 0,
        "the demo has touches and follow-ups done: {s:?}"
    );
    stats_from_base(store.conn(), &s);

    let changes: &[(&str, &str)] = &[
        ("a talk", "INSERT INTO note (person_id, kind, body, happened_at, created_at) VALUES (5, 'talk', 'coffee', '2026-11-20T09:00:00Z', '2026-11-20T09:00:00Z')"),
        ("a give the same day", "INSERT INTO note (person_id, kind, body, happened_at, created_at) VALUES (6, 'gave', 'an intro', '2026-11-20T18:00:00Z', '2026-11-20T18:00:00Z')"),
        ("an ask", "INSERT INTO note (person_id, kind, body, happened_at, created_at) VALUES (6, 'asked', 'a favour', '2026-10-02T18:00:00Z', '2026-10-02T18:00:00Z')"),
        ("a plain note", "INSERT INTO note (person_id, kind, body, happened_at, created_at) VALUES (6, 'note', 'likes tea', '2026-11-20T18:00:00Z', '2026-11-20T18:00:00Z')"),
        ("the talk becomes an ask", "UPDATE note SET kind = 'asked' WHERE body = 'coffee'"),
        ("the give moves a month", "UPDATE note SET happened_at = '2026-10-20T18:00:00Z' WHERE body = 'an intro'"),
        ("the plain note becomes a talk", "UPDATE note SET kind = 'talk' WHERE body = 'likes tea'"),
        ("the ask deleted", "DELETE FROM note WHERE body = 'a favour'"),
        ("a follow-up done on time", "INSERT INTO reminder (person_id, body, due_on, done_at, created_at) VALUES (7, 'call', '2026-11-21', '2026-11-20T10:00:00Z', '2026-11-01T10:00:00Z')"),
        ("an open one", "INSERT INTO reminder (person_id, body, due_on, created_at) VALUES (7, 'write', '2026-11-01', '2026-11-01T10:00:00Z')"),
        ("done late", "UPDATE reminder SET done_at = '2026-11-22T10:00:00Z' WHERE body = 'write'"),
        ("its due day moved after", "UPDATE reminder SET due_on = '2026-11-30' WHERE body = 'write'"),
        ("opened again", "UPDATE reminder SET done_at = NULL WHERE body = 'call'"),
        ("a done one deleted", "DELETE FROM reminder WHERE body = 'write'"),
        ("a snooze", "UPDATE person SET prompt_snoozed_until = '2026-12-24' WHERE id = 8"),
        ("another", "UPDATE person SET prompt_snoozed_until = '2026-11-30' WHERE id = 9"),
        ("one lifted", "UPDATE person SET prompt_snoozed_until = NULL WHERE id = 8"),
        ("a snoozed person", "INSERT INTO person (uid, name, sort_key, prompt_snoozed_until, created_at, updated_at) VALUES ('u-quick-1', 'New One', 'new one', '2027-01-01', '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z')"),
        ("a person and their notes deleted", "DELETE FROM person WHERE id = 10"),
    ];
    common::each_change_and_its_undo(&mut store, changes, |store, what| {
        assert_kept(store, what);
        if what == "a person and their notes deleted" {
            let s = kithkin::stats::load(store.conn(), today()).unwrap();
            stats_from_base(store.conn(), &s);
        }
    });
    // Through the program's own paths: snooze a prompt, done, a merge.
    let id = kithkin::store::reminders::open_for_person(store.conn(), 1).unwrap()[0].id;
    kithkin::ops::capture::complete(&mut store, id, None, &clock).unwrap();
    assert_kept(&store, "done");
    kithkin::ops::duplicates::merge_people(&mut store, 1, 3, &[], &clock).unwrap();
    assert_kept(&store, "a merge");
    stats_from_base(
        store.conn(),
        &kithkin::stats::load(store.conn(), today()).unwrap(),
    );
}

/// Today's counts off the indexes equal the sections counted from the base
/// tables: overdue and due follow-ups of people not archived, people due a
/// reconnect who are neither archived nor snoozed.
#[test]
fn todays_counts_equal_the_base_tables() {
    let clock = Clock::fixed(today());
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 400, &clock).unwrap();
    // Hide a few who are due, archive a few with open follow-ups.
    store
        .change("hide some", |tx| {
            tx.execute_batch(
                "UPDATE person SET prompt_snoozed_until = '2026-12-31' WHERE id IN
                     (SELECT person_id FROM person_touch WHERE reconnect_on < '2026-11-22' LIMIT 5);
                 UPDATE person SET prompt_snoozed_until = '2026-11-01' WHERE id IN
                     (SELECT person_id FROM person_touch WHERE reconnect_on < '2026-11-22' LIMIT 3 OFFSET 5);
                 UPDATE person SET archived_at = '2026-11-20T10:00:00Z' WHERE id IN
                     (SELECT person_id FROM reminder WHERE done_at IS NULL AND due_on < '2026-11-22' LIMIT 4);",
            )?;
            Ok(())
        })
        .unwrap();
    let c = store.conn();
    let t = kithkin::today::load(c, today(), &CadenceRules::default()).unwrap();
    let count =
        |sql: &str| -> usize { c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as usize };
    let open = "FROM reminder r LEFT JOIN person p ON p.id = r.person_id
                WHERE r.done_at IS NULL AND (r.person_id IS NULL OR p.archived_at IS NULL)";
    let overdue = count(&format!(
        "SELECT count(*) {open} AND max(r.due_on, coalesce(r.snoozed_until, r.due_on)) < '2026-11-22'"
    ));
    let due = count(&format!(
        "SELECT count(*) {open} AND max(r.due_on, coalesce(r.snoozed_until, r.due_on)) = '2026-11-22'"
    ));
    assert!(overdue > 0, "the demo has overdue follow-ups");
    assert_eq!((t.counts.overdue, t.counts.due), (overdue, due));
    let shown = t.overdue.len().min(kithkin::today::SECTION_LIMIT);
    assert_eq!(t.overdue.len(), shown);
    let reconnect = count(
        "SELECT count(*) FROM person_touch h JOIN person p ON p.id = h.person_id
         WHERE h.reconnect_on < '2026-11-22' AND p.archived_at IS NULL
           AND (p.prompt_snoozed_until IS NULL OR p.prompt_snoozed_until <= '2026-11-22')",
    );
    let shown_after = t
        .after_event
        .iter()
        .filter(|a| {
            c.query_row(
                "SELECT reconnect_on < '2026-11-22' FROM person_touch WHERE person_id = ?1",
                [a.person_id],
                |r| r.get::<_, bool>(0),
            )
            .unwrap_or(false)
        })
        .count();
    assert!(reconnect > 0, "the demo has people due a reconnect");
    assert_eq!(t.counts.reconnect, reconnect - shown_after);
}
