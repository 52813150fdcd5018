//! The schema's per-row costs: no trigger, view or CHECK constraint of a
//! table written on every change tests a list of three or more constants
//! (SQLite builds a temporary table for such a list on every row), and the
//! constraints rewritten without lists still refuse what they refused.

use kithkin::store::Store;

/// Lists of constants (`IN ('a', 'b', 'c')`) with three or more entries.
fn long_lists(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let upper = sql.to_ascii_uppercase();
    let mut from = 0;
    while let Some(at) = upper[from..].find(" IN (") {
        let start = from + at + " IN (".len();
        let Some(len) = sql[start..].find(')') else {
            break;
        };
        let list = &sql[start..start + len];
        if list.trim_start().starts_with('\'') && list.matches(',').count() >= 2 {
            out.push(list.to_string());
        }
        from = start;
    }
    out
}

#[test]
fn no_hot_trigger_view_or_check_tests_a_long_list() {
    let store = Store::open_in_memory().unwrap();
    let c = store.conn();
    // Tables written rarely (links, introductions) may keep their lists.
    let rare = ["person_link", "intro"];
    let mut st = c
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('table', 'trigger', 'view')")
        .unwrap();
    let rows: Vec<(String, String, String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert!(rows.len() > 50, "the schema was read");
    assert_eq!(
        long_lists("CHECK (kind IN ('a', 'b', 'c')) AND x IN ('d', 'e') AND y in (1, 2, 3)"),
        vec!["'a', 'b', 'c'".to_string()]
    );
    let mut found = Vec::new();
    for (kind, name, table, sql) in &rows {
        if rare.contains(&table.as_str()) {
            continue;
        }
        for list in long_lists(sql) {
            found.push(format!("{kind} {name}: IN ({list})"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_rewritten_constraints_still_refuse_what_they_refused() {
    let store = Store::open_in_memory().unwrap();
    let c = store.conn();
    c.execute(
        "INSERT INTO person (uid, name, created_at, updated_at) VALUES ('u1', 'Anna', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
        [],
    )
    .unwrap();
    let refused = |sql: &str| {
        let err = c.execute(sql, []).expect_err(sql).to_string();
        assert!(err.contains("CHECK"), "{sql}: {err}");
    };
    refused("INSERT INTO note (person_id, kind, body, happened_at, created_at) VALUES (1, 'memo', 'x', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')");
    refused("INSERT INTO contact_point (person_id, kind, value) VALUES (1, 'fax', '123')");
    c.execute(
        "INSERT INTO undo_step (id, label, created_at) VALUES (1, 'test', '2026-11-01T00:00:00Z')",
        [],
    )
    .unwrap();
    refused("INSERT INTO undo_log (step, tbl, op, rid) VALUES (1, 'note', 'X', 1)");
    for kind in ["note", "met", "talk", "gave", "learned", "asked", "promise"] {
        c.execute(
            "INSERT INTO note (person_id, kind, body, happened_at, created_at) VALUES (1, ?1, 'x', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z')",
            [kind],
        )
        .unwrap();
    }
    for kind in ["email", "phone", "url", "social", "address"] {
        c.execute(
            "INSERT INTO contact_point (person_id, kind, value) VALUES (1, ?1, 'v')",
            [kind],
        )
        .unwrap();
    }
    // The touch summary counted the touches among them.
    let (touches, gave, asked): (i64, i64, i64) = c
        .query_row(
            "SELECT touches, gave, asked FROM person_touch WHERE person_id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((touches, gave, asked), (3, 1, 1));
    let quick: String = c.query_row("PRAGMA quick_check", [], |r| r.get(0)).unwrap();
    assert_eq!(quick, "ok");
}
