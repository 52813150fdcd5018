//! LinkedIn and Google CSV import.

mod common;

use common::*;
use kithkin::interop::{self, csv::LINKEDIN_CONTEXT, plan, Format};
use kithkin::model::ContactKind::{Address, Email, Phone, Social};
use kithkin::store::Store;
use proptest::prelude::*;

#[test]
fn linkedin_preamble_quotes_missing_names_and_bad_dates() {
    let path = fixture("linkedin.csv");
    assert_eq!(interop::guess(&path).unwrap(), Format::Linkedin);
    let mut store = Store::open_in_memory().unwrap();
    let s = import(&mut store, &path, None);
    assert_eq!((s.added, s.skipped), (3, 1), "{:?}", s.problems);
    assert!(
        s.problems
            .iter()
            .any(|p| p.line == 7 && p.message.contains("no name")),
        "{:?}",
        s.problems
    );
    assert!(
        s.problems
            .iter()
            .any(|p| p.line == 8 && p.message.contains("31 Feb 2024")),
        "{:?}",
        s.problems
    );
    let all = people(&store);
    let anna = by_name(&all, "Anna de Vries");
    assert_eq!(
        values(anna, Social),
        ["https://www.linkedin.com/in/annadevries"]
    );
    assert_eq!(anna.meetings[0].met_on.to_string(), "2024-03-12");
    assert_eq!(anna.meetings[0].context.as_deref(), Some(LINKEDIN_CONTEXT));
    let bob = by_name(&all, "Bob O'Brien, Jr.");
    assert_eq!(bob.fields.company.as_deref(), Some("Quotes \"R\" Us"));
    assert_eq!(bob.fields.title.as_deref(), Some("VP, \"Growth\""));
    assert_eq!(values(bob, Email), ["bob@example.com"]);
    assert!(by_name(&all, "Carla Diaz").meetings.is_empty());
    let again = import(&mut store, &path, None);
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 3));
}

#[test]
fn google_csv_multi_values_labels_and_embedded_newlines() {
    let path = fixture("google.csv");
    assert_eq!(interop::guess(&path).unwrap(), Format::Google);
    let mut store = Store::open_in_memory().unwrap();
    let s = import(&mut store, &path, None);
    // The row of only commas is left out silently.
    assert_eq!((s.added, s.skipped), (2, 0), "{:?}", s.problems);
    assert!(
        s.problems
            .iter()
            .any(|p| p.line == 5 && p.message.contains("1990-02-31")),
        "{:?}",
        s.problems
    );
    let all = people(&store);
    let f = by_name(&all, "Femke IJzerman");
    assert_eq!(
        values(f, Email),
        [
            "femke@xs4all.example",
            "femke2@example.nl",
            "femke@groen.example"
        ]
    );
    assert_eq!(f.contact_points[0].label.as_deref(), Some("home"));
    assert_eq!(values(f, Phone), ["+31677662864"]);
    assert_eq!(
        values(f, Address),
        ["Prinsengracht 156, 2597 TL 's-Gravenhage"]
    );
    assert_eq!(values(f, Social), ["https://www.linkedin.com/in/femke"]);
    assert_eq!(f.tags, ["Book club", "Family"]);
    assert_eq!(f.fields.birthday.as_deref(), Some("--03-25"));
    assert_eq!(f.notes[0].body, "Line one\nline two, with \"quotes\"");
    by_name(&all, "=cmd Formula");
    let again = import(&mut store, &path, None);
    assert_eq!((again.added, again.updated), (0, 0));
}

#[test]
fn generated_linkedin_and_google_reimport_unchanged() {
    let Some(corpus) = corpus() else { return };
    let mut store = Store::open_in_memory().unwrap();
    for name in ["contacts.vcf", "Connections.csv", "google_contacts.csv"] {
        let file = corpus.join("generated").join(name);
        let first = import(&mut store, &file, None);
        assert_eq!(first.skipped, 0, "{name}: {:?}", first.problems);
        let before = people(&store);
        let again = import(&mut store, &file, None);
        assert_eq!((again.added, again.updated), (0, 0), "{name}");
        assert_eq!(people(&store), before, "{name}");
    }
    let all = people(&store);
    assert!(all.iter().any(|p| p
        .meetings
        .iter()
        .any(|m| m.context.as_deref() == Some(LINKEDIN_CONTEXT))));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn random_csv_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..1500), google in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        let mut data = if google {
            b"First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Labels,Birthday\n".to_vec()
        } else {
            b"Notes:\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n".to_vec()
        };
        data.extend_from_slice(&bytes);
        std::fs::write(&path, &data).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let format = if google { Format::Google } else { Format::Linkedin };
        let source = interop::open(&path, format).unwrap();
        plan::import(&mut store, source, false, now(), &mut |_| {}).unwrap();
    }
}

/// People imported with their meetings and notes have the right last touch,
/// balance and reconnect day, as if written one by one.
#[test]
fn imported_people_have_their_touch_summary() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, &fixture("linkedin.csv"), None);
    import(&mut store, &fixture("apple.vcf"), None);
    let c = store.conn();
    let stale: i64 = c
        .query_row(
            "SELECT count(*) FROM person_touch t
             JOIN person_touch_doc d ON d.person_id = t.person_id
             JOIN person_reconnect_doc r ON r.person_id = t.person_id
             WHERE (t.last_touch, t.touches, t.gave, t.asked, t.every, t.reconnect_on)
                IS NOT (d.last_touch, d.touches, d.gave, d.asked, r.every, r.reconnect_on)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stale, 0);
    let met: i64 = c
        .query_row(
            "SELECT count(*) FROM person_touch WHERE last_touch <> ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(met > 0, "LinkedIn's Connected On is a meeting, so a touch");
}
