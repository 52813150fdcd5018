//! `kith check` compares the summaries kept by triggers (each person's touch
//! summary, people per day of last touch, activity per day) with what they
//! summarize, names what is off, and `--repair` sums them up again.

mod common;

use common::Env;

/// Every row of the three summaries, in order, as text.
fn summaries(env: &Env) -> Vec<String> {
    let c = rusqlite::Connection::open(&env.db).unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT * FROM person_touch ORDER BY person_id",
        "SELECT * FROM last_touch_day WHERE people <> 0 ORDER BY day",
        "SELECT * FROM activity_day
         WHERE touches <> 0 OR gave <> 0 OR asked <> 0 OR done_on_time <> 0 OR done_late <> 0
         ORDER BY day",
    ] {
        let mut st = c.prepare(sql).unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect();
                Ok(cells.join("|"))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn summaries_off_are_named_and_repair_sums_them_up_again() {
    let env = Env::new();
    env.ok(&["demo", "--people", "120"]);
    let (ok, text) = env.check();
    assert!(ok, "{text}");
    assert!(text.contains("the kept summaries check out"), "{text}");
    let kept = summaries(&env);
    let today = env.json(&["today", "--json"]);
    let stats = env.ok(&["stats"]);
    // Another tool wrote the summaries behind Kith's back.
    let c = rusqlite::Connection::open(&env.db).unwrap();
    c.execute_batch(
        "UPDATE person_touch SET touches = touches + 5, live = 1 - live WHERE person_id = 3;
         UPDATE person_touch SET met_clock = '1999-01-01' WHERE person_id = 5;
         DELETE FROM person_touch WHERE person_id = 4;
         UPDATE last_touch_day SET people = people + 2 WHERE day = (SELECT max(day) FROM last_touch_day);
         UPDATE activity_day SET gave = gave + 1 WHERE day = (SELECT max(day) FROM activity_day);
         INSERT INTO activity_day (day, touches) VALUES ('1999-01-01', 4);",
    )
    .unwrap();
    drop(c);
    env.check_fails_naming(&[
        "kept summaries: 1 people have no touch summary",
        "kept summaries: the touch summary of 2 people differs from their notes, meetings and follow-ups",
        "#3, ",
        "#5",
        "kept summaries: people per day of last touch: 1 days differ from the touch summaries",
        "kept summaries: activity per day: 2 days differ from the notes and follow-ups",
        "only derived data is off",
    ]);
    let out = env.ok(&["check", "--repair"]);
    assert!(
        out.contains("summed up the touches of 120 people and the activity per day again"),
        "{out}"
    );
    assert!(out.contains("Store OK"), "{out}");
    assert_eq!(summaries(&env), kept);
    assert_eq!(env.json(&["today", "--json"]), today);
    assert_eq!(env.ok(&["stats"]), stats);
}

/// A repair of a path typed wrong says there is no store there and creates
/// nothing, neither the store nor its folder.
#[test]
fn repairing_a_missing_store_creates_nothing() {
    let env = Env::new();
    let missing = env.dir.path().join("typo").join("kith.db");
    let out = env
        .kith()
        .env("KITH_DB", &missing)
        .args(["check", "--repair"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("there is no store at"), "{said}");
    assert!(!missing.parent().unwrap().exists());
}
