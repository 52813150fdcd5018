//! Importing a file again: a record read before, unchanged, is skipped by
//! the hash of its content; a changed one is read and matched as ever.

mod common;

use common::*;
use kithkin::interop::Format;
use kithkin::store::Store;

const ANNA: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:anna-1\r\nFN:Anna de Vries\r\nORG:Acme\r\nTITLE:CTO\r\nEMAIL:anna@acme.example\r\nEND:VCARD\r\n";
const BEN: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ben-1\r\nFN:Ben Okafor\r\nEMAIL:ben@example.org\r\nEND:VCARD\r\n";

fn write(dir: &std::path::Path, cards: &[&str]) -> std::path::PathBuf {
    let path = dir.join("contacts.vcf");
    std::fs::write(&path, cards.concat()).unwrap();
    path
}

fn hashes(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT count(*) FROM import_hash", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_unchanged_card_is_skipped_and_a_changed_one_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let file = write(dir.path(), &[ANNA, BEN]);
    let s = import(&mut store, &file, None);
    assert_eq!((s.added, s.unchanged), (2, 0), "{:?}", s.problems);
    assert_eq!(hashes(&store), 2);

    let s = import(&mut store, &file, None);
    assert_eq!((s.added, s.updated, s.unchanged), (0, 0, 2));

    let changed = ANNA.replace("TITLE:CTO", "TITLE:CEO");
    let file = write(dir.path(), &[&changed, BEN]);
    let s = import(&mut store, &file, None);
    assert_eq!((s.added, s.updated, s.unchanged), (0, 1, 1));
    let all = people(&store);
    assert_eq!(all.len(), 2);
    assert_eq!(
        by_name(&all, "Anna de Vries").fields.title.as_deref(),
        Some("CEO")
    );
    // Both versions of the card are known now, each to Anna.
    assert_eq!(hashes(&store), 3);
}

#[test]
fn a_card_with_a_problem_is_read_again_and_says_so_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let twice = BEN.replace(
        "FN:Ben Okafor\r\n",
        "FN:Ben Okafor\r\nFN:Benjamin Okafor\r\n",
    );
    let file = write(dir.path(), &[ANNA, &twice]);
    for round in 0..2 {
        let s = import(&mut store, &file, None);
        assert_eq!(s.warnings, 1, "round {round}: {:?}", s.problems);
        assert!(
            s.problems[0].message.contains("FN given again"),
            "{:?}",
            s.problems
        );
        assert_eq!(s.problems[0].line, 13, "the second FN");
    }
    // Only the card read without a problem is remembered.
    assert_eq!(hashes(&store), 1);
}

#[test]
fn undoing_an_import_forgets_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let file = write(dir.path(), &[ANNA, BEN]);
    kithkin::ops::import::import(&mut store, &file, open(&file), false, now(), &mut |_| {})
        .unwrap();
    assert_eq!(
        store.undo_last().unwrap().as_deref(),
        Some("Imported contacts.vcf")
    );
    assert_eq!((people(&store).len(), hashes(&store)), (0, 0));
    let s = import(&mut store, &file, None);
    assert_eq!((s.added, s.unchanged), (2, 0));
}

#[test]
fn a_deleted_person_comes_back_from_their_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let file = write(dir.path(), &[ANNA, BEN]);
    import(&mut store, &file, None);
    let ben = store
        .conn()
        .query_row("SELECT id FROM person WHERE uid = 'ben-1'", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
    kithkin::ops::correct::delete_person(&mut store, ben).unwrap();
    assert_eq!(hashes(&store), 1);
    let s = import(&mut store, &file, None);
    assert_eq!((s.added, s.unchanged), (1, 1));
    assert_eq!(people(&store).len(), 2);
}

#[test]
fn a_csv_row_read_before_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let first = import(&mut store, &fixture("google.csv"), Some(Format::Google));
    assert!(first.added > 0, "{:?}", first.problems);
    let again = import(&mut store, &fixture("google.csv"), Some(Format::Google));
    assert_eq!((again.added, again.updated), (0, 0));
    assert_eq!(
        again.unchanged,
        first.added + first.updated + first.unchanged
    );
}

fn open(path: &std::path::Path) -> kithkin::interop::Source {
    kithkin::interop::open(path, Format::Vcard).unwrap()
}

#[test]
fn undoing_a_delete_brings_the_hashes_back_and_undoing_a_change_forgets_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let file = write(dir.path(), &[ANNA, BEN]);
    import(&mut store, &file, None);
    let ben = store
        .conn()
        .query_row("SELECT id FROM person WHERE uid = 'ben-1'", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
    kithkin::ops::correct::delete_person(&mut store, ben).unwrap();
    assert_eq!(hashes(&store), 1);
    store.undo_last().unwrap();
    assert_eq!(
        hashes(&store),
        2,
        "the deleted person's card is known again"
    );

    let changed = ANNA.replace("TITLE:CTO", "TITLE:CEO");
    let file = write(dir.path(), &[&changed, BEN]);
    kithkin::ops::import::import(&mut store, &file, open(&file), false, now(), &mut |_| {})
        .unwrap();
    assert_eq!(hashes(&store), 3);
    store.undo_last().unwrap();
    assert_eq!(hashes(&store), 2);
    // The changed card is read again, not skipped as if it were in.
    let s = import(&mut store, &file, None);
    assert_eq!((s.added, s.updated, s.unchanged), (0, 1, 1));
}
