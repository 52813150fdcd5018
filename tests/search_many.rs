//! A query that matches more than 5,000 people is too unspecific to rank:
//! search lists those whose name, company or tags match first, then the rest
//! in store order, never an archived person, and each with a snippet.

use kithkin::store::search;
use kithkin::store::Store;

#[test]
fn an_unspecific_query_lists_name_matches_first_then_the_rest_in_store_order() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .write(|tx| {
            let mut person = tx.prepare(
                "INSERT INTO person (uid, name, sort_key, created_at, updated_at)
                 VALUES (?1, ?2, lower(?2), '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z')",
            )?;
            let mut note = tx.prepare(
                "INSERT INTO note (person_id, kind, body, happened_at, created_at)
                 VALUES (?1, 'learned', 'training for a marathon in spring', '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z')",
            )?;
            for i in 0..5_100 {
                // Two runners by name near the end, one of them archived.
                let name = match i {
                    5_050 => "Marathon Mo".to_string(),
                    5_060 => "Marathon Archived".to_string(),
                    _ => format!("Runner {i}"),
                };
                person.execute(rusqlite::params![format!("u-{i}"), name])?;
                note.execute([tx.last_insert_rowid()])?;
            }
            tx.execute(
                "UPDATE person SET archived_at = '2026-11-20T10:00:00Z'
                 WHERE name IN ('Marathon Archived', 'Runner 1')",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    let c = store.conn();
    let id_of = |name: &str| -> i64 {
        c.query_row("SELECT id FROM person WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .unwrap()
    };
    let rows = search::search(c, "marat", 5).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Marathon Mo",
            "Runner 0",
            "Runner 2",
            "Runner 3",
            "Runner 4"
        ],
        "the name match first, then store order without the archived"
    );
    assert_eq!(rows[0].id, id_of("Marathon Mo"));
    assert!(
        rows[1]
            .snippet
            .as_deref()
            .is_some_and(|s| s.contains("[marathon]")),
        "{:?}",
        rows[1].snippet
    );
    // More wanted than the first 5,001 read: the rest comes from the whole query.
    let all = search::search(c, "marat", 6_000).unwrap();
    assert_eq!(all.len(), 5_100 - 2, "everyone but the two archived");
    assert_eq!(all[0].name, "Marathon Mo");
    assert!(!all
        .iter()
        .any(|r| r.name == "Marathon Archived" || r.name == "Runner 1"));
    let mut ids: Vec<i64> = all.iter().map(|r| r.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "nobody twice");
}
