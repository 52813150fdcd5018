//! The name index (`person_key_fts`: name, company, tags and contact points)
//! holds exactly what a fresh index of the same people would, after every
//! kind of write: add, edit, contact points, tags, a renamed tag, merge,
//! archive, delete, undo, an import (which sets the triggers aside and
//! indexes each batch at its end) and undoing that import. It is compared
//! term by term, position by position, through FTS5's own `fts5vocab` view
//! of it, against an index built afresh; an older `sqlite3` shell can still
//! change a person (no FTS5 option newer than it is used).

mod common;

use common::{fixture, Env};
use rusqlite::Connection;

type Instance = (String, i64, String, i64);

fn instances(c: &Connection, schema: &str, table: &str) -> Vec<Instance> {
    let view = format!("vocab_{schema}_{table}");
    c.execute_batch(&format!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.{view} USING fts5vocab({schema}, {table}, 'instance')"
    ))
    .expect("vocab view");
    let mut st = c
        .prepare(&format!(
            "SELECT term, doc, col, offset FROM temp.{view} ORDER BY term, doc, col, offset"
        ))
        .expect("vocab");
    let rows = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("rows");
    rows.collect::<rusqlite::Result<_>>().expect("read vocab")
}

/// The name index against one built afresh from the people as they are now.
fn assert_in_step(env: &Env, after: &str) {
    let c = Connection::open(&env.db).expect("open store");
    c.execute_batch(
        "CREATE VIRTUAL TABLE temp.fresh USING fts5(
             name, company, tags, contacts, content = '',
             tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');
         INSERT INTO temp.fresh (rowid, name, company, tags, contacts) SELECT * FROM main.person_key_doc;",
    )
    .expect("fresh index");
    let kept = instances(&c, "main", "person_key_fts");
    let fresh = instances(&c, "temp", "fresh");
    assert!(!fresh.is_empty(), "after {after}: nobody to index");
    assert_eq!(kept, fresh, "after {after}: the name index is out of step");
}

fn one(env: &Env, sql: &str) -> i64 {
    let c = Connection::open(&env.db).expect("open store");
    c.query_row(sql, [], |r| r.get(0)).expect(sql)
}

#[test]
fn the_name_index_stays_in_step_with_every_kind_of_write() {
    let env = Env::new();
    env.ok(&[
        "add",
        "Anna Berg",
        "--company",
        "Acme",
        "--email",
        "anna@acme.example",
        "--tag",
        "rust",
    ]);
    env.ok(&[
        "add",
        "Jo Lund",
        "--phone",
        "+46 8 123 456",
        "--tag",
        "close",
    ]);
    env.ok(&["add", "Jo Lundqvist", "--email", "jo@lundqvist.example"]);
    assert_in_step(&env, "add");

    env.ok(&["edit", "person", "Anna Berg", "--name", "Anna Berg-Lund"]);
    env.ok(&["edit", "person", "Anna Berg-Lund", "--company", "Globex"]);
    env.ok(&["edit", "person", "Jo Lund", "--tags", "close,climbing"]);
    env.ok(&[
        "edit",
        "person",
        "Jo Lund",
        "--add-email",
        "jo@lund.example",
    ]);
    assert_in_step(&env, "edit");

    let point = one(
        &env,
        "SELECT id FROM contact_point WHERE value = 'jo@lund.example'",
    );
    env.ok(&[
        "edit",
        "contact",
        &point.to_string(),
        "--value",
        "jo.lund@lund.example",
    ]);
    assert_in_step(&env, "a contact point edited");
    env.ok(&["rm", "contact", &point.to_string()]);
    assert_in_step(&env, "a contact point removed");

    // Another program renames a tag: the triggers are in the schema.
    Connection::open(&env.db)
        .expect("open store")
        .execute(
            "UPDATE tag SET name = 'bouldering' WHERE name = 'climbing'",
            [],
        )
        .expect("rename tag");
    assert_in_step(&env, "a tag renamed");

    env.ok(&["merge", "Jo Lund", "Jo Lundqvist"]);
    assert_in_step(&env, "merge");
    env.ok(&["archive", "Jo Lund"]);
    env.ok(&["rm", "person", "Anna Berg-Lund", "--yes"]);
    assert_in_step(&env, "archive and delete");
    for _ in 0..4 {
        env.ok(&["undo"]);
        assert_in_step(&env, "undo");
    }

    env.ok(&["import", fixture("apple.vcf").to_str().expect("path")]);
    env.ok(&["import", fixture("v40.vcf").to_str().expect("path")]);
    assert_in_step(&env, "import");
    env.ok(&["undo"]);
    assert_in_step(&env, "undoing an import");
}

#[test]
fn the_demo_fills_the_name_index() {
    let env = Env::new();
    env.ok(&["demo", "--people", "300", "--notes", "1500"]);
    assert_in_step(&env, "demo");
    // A name is found by the index; a word only a note holds is not.
    let c = Connection::open(&env.db).expect("open store");
    let (id, name): (i64, String) = c
        .query_row("SELECT id, name FROM person ORDER BY id LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("a person");
    let first = name.split_whitespace().next().expect("a name");
    let found: bool = c
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM person_key_fts WHERE person_key_fts MATCH ?1 AND rowid = ?2)",
            rusqlite::params![format!("\"{first}\""), id],
            |r| r.get(0),
        )
        .expect("match");
    assert!(found, "{name} not found by their name");
    let note_only: i64 = c
        .query_row(
            "SELECT count(*) FROM person_key_fts WHERE person_key_fts MATCH 'marathon'",
            [],
            |r| r.get(0),
        )
        .expect("match");
    let in_notes: i64 = c
        .query_row(
            "SELECT count(*) FROM person_fts WHERE person_fts MATCH 'notes : marathon'",
            [],
            |r| r.get(0),
        )
        .expect("match");
    assert!(in_notes > 0, "the demo's notes mention no marathon");
    assert_eq!(note_only, 0, "the name index holds note words");
}

/// A name index out of step (another program wrote to it) is named by
/// `kith check`, which advises `--repair`; the repair builds it again.
#[test]
fn check_names_a_broken_name_index_and_repair_builds_it_again() {
    let env = Env::new();
    env.ok(&["add", "Anna Berg", "--email", "anna@acme.example"]);
    env.ok(&["add", "Jo Lund"]);
    let anna = one(&env, "SELECT id FROM person WHERE name = 'Anna Berg'");
    Connection::open(&env.db)
        .expect("open store")
        .execute("DELETE FROM person_key_fts WHERE rowid = ?1", [anna])
        .expect("break the index");
    let out = env.kith().arg("check").output().expect("run kith");
    assert!(!out.status.success());
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("name index: 1 people are missing from it"),
        "{text}"
    );
    assert!(text.contains("kith check --repair"), "{text}");
    // Mail completion does not find her meanwhile: the index is what it reads.
    let query = env
        .kith()
        .args(["query", "anna"])
        .output()
        .expect("run kith");
    assert!(!query.status.success());

    let repaired = env.ok(&["check", "--repair"]);
    assert!(repaired.contains("Store OK"), "{repaired}");
    assert_in_step(&env, "the repair");
    assert!(env.ok(&["query", "anna"]).contains("anna@acme.example"));
}

/// The store stays writable by the `sqlite3` shell of an older SQLite (here
/// whatever `sqlite3` is installed; Debian 12 has 3.40): a trigger that
/// writes the name index must not need a newer FTS5 than that.
#[test]
fn an_older_sqlite3_shell_can_still_change_a_person() {
    let env = Env::new();
    env.ok(&["add", "Anna Berg", "--company", "Acme"]);
    let Ok(out) = std::process::Command::new("sqlite3")
        .arg(&env.db)
        .arg("UPDATE person SET company = 'Globex' WHERE name = 'Anna Berg'")
        .output()
    else {
        eprintln!("no sqlite3 shell here: skipped");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_in_step(&env, "a write by the sqlite3 shell");
}
