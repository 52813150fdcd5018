//! vCard import: each quirk on a fixture, the real-world corpus, hostile input.

mod common;

use common::*;
use kithkin::interop::{self, plan, Format};
use kithkin::model::ContactKind::{Address, Email, Phone, Social, Url};
use kithkin::store::Store;
use proptest::prelude::*;

#[test]
fn apple_card_with_groups_labels_and_omitted_year() {
    let mut store = Store::open_in_memory().unwrap();
    let s = import(&mut store, &fixture("apple.vcf"), None);
    assert_eq!(
        (s.added, s.skipped, s.warnings),
        (1, 0, 0),
        "{:?}",
        s.problems
    );
    let all = people(&store);
    let p = by_name(&all, "Anna de Vries");
    assert_eq!(p.uid, "A1B2C3D4-0000-4000-8000-000000000001");
    assert_eq!(p.fields.company.as_deref(), Some("Acme B.V."));
    assert_eq!(p.fields.title.as_deref(), Some("CTO"));
    assert_eq!(p.fields.birthday.as_deref(), Some("--03-15"));
    let email = |v: &str| p.contact_points.iter().find(|c| c.value == v).unwrap();
    assert_eq!(email("anna@acme.example").label.as_deref(), Some("other"));
    assert_eq!(
        email("anna.private@example.org").label.as_deref(),
        Some("private")
    );
    assert_eq!(values(p, Phone), ["+31 6 1234 5678", "+31 20 123 4567"]);
    assert_eq!(email("+31 6 1234 5678").label.as_deref(), Some("cell"));
    assert_eq!(
        values(p, Social),
        ["https://www.linkedin.com/in/annadevries"]
    );
    assert_eq!(values(p, Url), ["https://anna.example"]);
    assert_eq!(
        values(p, Address),
        ["Keizersgracht 1, 1015 CJ Amsterdam, Nederland"]
    );
    assert_eq!(p.tags, ["Conference 2026", "Rust"]);
    assert_eq!(
        p.notes[0].body,
        "Met at RustConf, talked about SQLite; wants intros.\nLoves coffee."
    );
}

#[test]
fn vcard_21_quoted_printable_charsets_and_photo() {
    let mut store = Store::open_in_memory().unwrap();
    let s = import(&mut store, &fixture("v21.vcf"), Some(Format::Vcard));
    assert_eq!((s.added, s.skipped), (1, 0), "{:?}", s.problems);
    let all = people(&store);
    let p = by_name(&all, "Jürgen Müller");
    assert_eq!(values(p, Phone), ["+49 151 1234567", "+49 30 1234567"]);
    assert_eq!(values(p, Email), ["juergen@example.de"]);
    assert_eq!(p.fields.birthday.as_deref(), Some("1970-01-01"));
    assert!(
        p.notes[0].body.contains("umgebrochen wird."),
        "{:?}",
        p.notes
    );
}

#[test]
fn google_takeout_without_uid_or_fn() {
    let mut store = Store::open_in_memory().unwrap();
    let s = import(&mut store, &fixture("google_takeout.vcf"), None);
    assert_eq!(s.added, 2, "{:?}", s.problems);
    let all = people(&store);
    let p = by_name(&all, "Pieter Jansen");
    assert_eq!(
        values(p, Email),
        ["pieter@example.nl", "p.jansen@work.example"]
    );
    assert_eq!(p.tags, ["Friends"]);
    by_name(&all, "nobody-named@example.com");
    let again = import(&mut store, &fixture("google_takeout.vcf"), None);
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 2));
}

#[test]
fn vcard_40_and_a_fold_inside_a_character() {
    let mut store = Store::open_in_memory().unwrap();
    import(&mut store, &fixture("v40.vcf"), None);
    import(&mut store, &fixture("fold_split.vcf"), None);
    let all = people(&store);
    let z = by_name(&all, "Zoë Müller-Lüdenscheidt");
    assert_eq!(z.fields.birthday.as_deref(), Some("--03-15"));
    assert_eq!(values(z, Phone), ["+49-151-0000000"]);
    assert_eq!(values(z, Social), ["https://github.com/zoe"]);
    assert!(z.notes[0].body.contains("über the line"));
    by_name(&all, "Jürgen Split");
}

#[test]
fn hostile_input_gives_line_numbers_and_imports_the_rest() {
    let mut store = Store::open_in_memory().unwrap();
    let s = import(&mut store, &fixture("hostile.vcf"), Some(Format::Vcard));
    let msgs: Vec<String> = s
        .problems
        .iter()
        .map(|p| format!("{}:{}", p.line, p.message))
        .collect();
    let has = |line: usize, text: &str| {
        assert!(
            s.problems
                .iter()
                .any(|p| p.line == line && p.message.contains(text)),
            "no problem at line {line} with {text:?} in {msgs:#?}"
        )
    };
    has(1, "outside a card");
    has(2, "no END:VCARD");
    has(9, "not valid UTF-8");
    has(15, "NUL");
    has(22, "not a date");
    has(25, "no name");
    has(35, "no END:VCARD");
    let all = people(&store);
    let names: Vec<&str> = all.iter().map(|p| p.fields.name.as_str()).collect();
    assert_eq!(
        names,
        ["Café Owner", "Nul Person", "February Person", "Good Person"]
    );
    assert_eq!(by_name(&all, "February Person").fields.birthday, None);
    assert_eq!(s.added, 4);
}

#[test]
fn a_ten_megabyte_note_is_left_out_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.vcf");
    let mut text =
        String::from("BEGIN:VCARD\nVERSION:3.0\nFN:Big Note\nEMAIL:big@example.com\nNOTE:");
    for _ in 0..(10 << 20) / 74 {
        text.push_str(&"x".repeat(73));
        text.push_str("\n ");
    }
    text.push_str(
        "end\nTEL:+1 555 0199\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:After\nEND:VCARD\n",
    );
    std::fs::write(&path, text).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let s = import(&mut store, &path, None);
    assert_eq!(s.added, 2);
    assert!(
        s.problems
            .iter()
            .any(|p| p.line == 5 && p.message.contains("NOTE is larger")),
        "{:?}",
        s.problems
    );
    let all = people(&store);
    let p = by_name(&all, "Big Note");
    assert!(p.notes.is_empty());
    assert_eq!(values(p, Phone), ["+1 555 0199"]);
}

#[test]
fn dry_run_writes_nothing_but_counts() {
    let mut store = Store::open_in_memory().unwrap();
    let source = interop::open(&fixture("apple.vcf"), Format::Vcard).unwrap();
    let s = plan::import(&mut store, source, true, now(), &mut |_| {}).unwrap();
    assert_eq!(s.added, 1);
    assert!(people(&store).is_empty());
}

/// What each real-world card must give: file, name, emails, phones.
const REALWORLD: &[(&str, &str, &[&str], &[&str])] = &[
    ("android-cm/v30_comma_separated.vcf", "G M F", &[], &["1"]),
    (
        "ez-vcard/John_Doe_EVOLUTION.vcf",
        "Mr. John Richter, James Doe Sr.",
        &["john.doe@ibm.com"],
        &["905-666-1234", "905-555-1234"],
    ),
    (
        "ez-vcard/John_Doe_MS_OUTLOOK.roundtrip-v4.vcf",
        "Mr. John Richter James Doe Sr.",
        &["john.doe@ibm.cm"],
        &["(905) 555-1234", "(905) 666-1234"],
    ),
    (
        "ez-vcard/fullcontact.vcf",
        "Prefix FirstName MiddleName LastName Suffix",
        &[
            "home@example.com",
            "work@example.com",
            "school@example.com",
            "other@example.com",
            "custom@example.com",
        ],
        &[
            "555-555-1111",
            "555-555-1112",
            "555-555-1113",
            "555-555-1114",
            "555-555-1115",
            "555-555-1116",
            "555-555-1117",
            "555-555-1118",
            "555-555-1119",
        ],
    ),
    (
        "ez-vcard/gmail-list.vcf",
        "Arnold Smith",
        &["asmithk@gmail.com"],
        &[],
    ),
    (
        "ez-vcard/gmail-list.vcf",
        "Chris Beatle",
        &["chrisy55d@yahoo.com"],
        &[],
    ),
    (
        "ez-vcard/gmail-list.vcf",
        "Doug White",
        &["dwhite@gmail.com"],
        &[],
    ),
    (
        "ez-vcard/gmail-single2.vcf",
        "VCard Test",
        &[
            "email@example.com",
            "homeemail@example.com",
            "workemail@example.com",
            "otheremail@example.com",
            "customcategory@example.com",
        ],
        &[
            "5555551111",
            "5555551112",
            "5555551113",
            "5555551114",
            "5555551115",
            "5555551116",
            "5555551117",
            "5555551118",
            "5555551119",
            "5555551120",
            "5555551121",
        ],
    ),
    (
        "kcontacts/vcard13.vcf",
        "Test User",
        &["thejoe@abc.com", "johndoe@abc.com"],
        &[],
    ),
    ("khard/altid.vcf", "altid", &[], &[]),
    ("khard/korean-c.vcf", "최유림", &[], &[]),
    ("khard/labels.vcf", "labeled guy", &[], &[]),
    ("khard/tel-value-uri.vcf", "bug 195", &[], &["67545678"]),
    ("khard/text-bday.vcf", "text birthday", &[], &[]),
    (
        "radicale/broken-vcard.vcf",
        "test-misses-N-or-FN@example.com",
        &["test-misses-N-or-FN@example.com"],
        &[],
    ),
    (
        "radicale/broken-vcards2-no_uid.vcf",
        "Test Example",
        &["test-misses-N-or-FN@example.com"],
        &[],
    ),
    (
        "radicale/broken-vcards2-no_uid.vcf",
        "test-misses-N-or-FN@example1.com",
        &["test-misses-N-or-FN@example1.com"],
        &[],
    ),
    (
        "radicale/contact4-with-bday-no-year.vcf",
        "Test bday without year Thunderbird CardBook",
        &[],
        &[],
    ),
    (
        "radicale/contact_issue2224.vcf",
        "Pretty Long With-Hyphen Name",
        &["xxxxxxxxxxxxxxxxxxxx"],
        &["xxxxxxxxxxxxxx"],
    ),
    ("radicale/vcard-quoted-printable1.vcf", "黄世勇", &[], &[]),
    (
        "vobject/vcard40_full.vcf",
        "Dr. John Q. Public, III",
        &["john.public@example.com", "johnny@personal.example.org"],
        &["+1-555-555-5555", "+1-555-123-4567"],
    ),
    ("vobject/vcard40_multilang.vcf", "Yamada Taro", &[], &[]),
];

#[test]
fn every_realworld_card_imports_with_name_emails_phones_and_again_changes_nothing() {
    let Some(corpus) = corpus() else { return };
    let mut files: Vec<_> = std::fs::read_dir(corpus.join("realworld"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).into_iter().flatten())
        .map(|f| f.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "vcf"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{files:?}");
    for file in &files {
        let rel = file
            .strip_prefix(corpus.join("realworld"))
            .unwrap()
            .to_string_lossy()
            .to_string();
        let mut store = Store::open_in_memory().unwrap();
        let first = import(&mut store, file, None);
        let all = people(&store);
        let expected: Vec<_> = REALWORLD.iter().filter(|e| e.0 == rel).collect();
        if rel == "khard/unparsable.vcf" {
            assert!(all.is_empty());
            assert!(first
                .problems
                .iter()
                .any(|p| p.line == 1 && p.message.contains("no END:VCARD")));
        } else {
            assert!(!expected.is_empty(), "no expectation for {rel}");
            assert_eq!(all.len(), expected.len(), "{rel}");
        }
        for (_, name, emails, phones) in expected {
            let p = by_name(&all, name);
            assert_eq!(values(p, Email), *emails, "{rel}");
            assert_eq!(values(p, Phone), *phones, "{rel}");
        }
        let again = import(&mut store, file, None);
        assert_eq!((again.added, again.updated), (0, 0), "{rel}");
        assert_eq!(people(&store), all, "{rel}");
    }
}

#[test]
fn realworld_quirks_hold() {
    let Some(corpus) = corpus() else { return };
    let mut store = Store::open_in_memory().unwrap();
    import(
        &mut store,
        &corpus.join("realworld/radicale/contact4-with-bday-no-year.vcf"),
        None,
    );
    import(
        &mut store,
        &corpus.join("realworld/ez-vcard/gmail-single2.vcf"),
        None,
    );
    let all = people(&store);
    assert_eq!(
        by_name(&all, "Test bday without year Thunderbird CardBook")
            .fields
            .birthday
            .as_deref(),
        Some("--01-01")
    );
    let g = by_name(&all, "VCard Test");
    let label = |v: &str| {
        g.contact_points
            .iter()
            .find(|c| c.value == v)
            .unwrap()
            .label
            .clone()
    };
    assert_eq!(
        label("customcategory@example.com").as_deref(),
        Some("customemailcategory")
    );
    assert_eq!(
        label("http://www.example4.com").as_deref(),
        Some("homepage")
    );
}

#[test]
fn generated_corpus_imports_and_reimports_unchanged() {
    let Some(corpus) = corpus() else { return };
    let mut store = Store::open_in_memory().unwrap();
    let file = corpus.join("generated/contacts.vcf");
    let first = import(&mut store, &file, None);
    assert_eq!(first.skipped, 0, "{:?}", first.problems);
    assert_eq!(first.added + first.updated + first.unchanged, 300);
    let before = people(&store);
    let again = import(&mut store, &file, None);
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 300));
    assert_eq!(people(&store), before);
    // The anchors are there, NFD or not.
    let zoe = before
        .iter()
        .filter(|p| p.fields.name.contains("Zo"))
        .count();
    assert!(zoe >= 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000), prefix in 0usize..3) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.vcf");
        let mut data = match prefix {
            0 => b"BEGIN:VCARD\nVERSION:3.0\nFN:".to_vec(),
            1 => b"BEGIN:VCARD\n".to_vec(),
            _ => Vec::new(),
        };
        data.extend_from_slice(&bytes);
        std::fs::write(&path, &data).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let source = interop::open(&path, Format::Vcard).unwrap();
        plan::import(&mut store, source, false, now(), &mut |_| {}).unwrap();
    }
}

fn import_text(store: &mut Store, text: &str) -> kithkin::interop::plan::Summary {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cards.vcf");
    std::fs::write(&path, text).unwrap();
    common::import(store, &path, None)
}

fn card(uid: Option<&str>, name: &str, extra: &str) -> String {
    let uid = uid.map(|u| format!("UID:{u}\r\n")).unwrap_or_default();
    format!("BEGIN:VCARD\r\nVERSION:3.0\r\n{uid}FN:{name}\r\n{extra}END:VCARD\r\n")
}

/// Cards of one address book that name themselves differently (by UID) are
/// different people however much else they share, and are not even proposed
/// as duplicates; a family email shared by different names or a company web
/// page is no proof either: the first is a candidate for the review.
#[test]
fn different_cards_are_not_folded_together() {
    let mut store = Store::open_in_memory().unwrap();
    let text = [
        card(
            Some("u-1"),
            "William Miller",
            "ORG:Acme\r\nEMAIL:info@acme.example\r\n",
        ),
        card(
            Some("u-2"),
            "William Miller",
            "ORG:Acme\r\nEMAIL:info@acme.example\r\n",
        ),
        card(None, "Sofía Peña", "EMAIL:hola@familia.example\r\n"),
        card(None, "Sofía Pérez", "EMAIL:hola@familia.example\r\n"),
        card(None, "Ann Lee", "URL:https://acme.example/\r\n"),
        card(None, "Bo Chen", "URL:https://acme.example/\r\n"),
    ]
    .concat();
    let s = import_text(&mut store, &text);
    assert_eq!((s.added, s.updated), (6, 0), "{s:?}");
    assert_eq!(
        s.candidates, 1,
        "the shared family email is a candidate: {s:?}"
    );
    let again = import_text(&mut store, &text);
    assert_eq!(
        (again.added, again.updated, again.unchanged),
        (0, 0, 6),
        "{again:?}"
    );
}

/// The same person twice in one file (one UID, or the same name and email
/// without one) is one person; the first card leads, the second fills in,
/// and importing the file again changes nothing.
#[test]
fn one_person_twice_in_a_file_is_one_person() {
    let mut store = Store::open_in_memory().unwrap();
    let text = [
        card(
            Some("u-9"),
            "Priya Raman",
            "TITLE:CTO\r\nEMAIL:priya@northwind.example\r\n",
        ),
        card(
            Some("u-9"),
            "Priya Raman",
            "TITLE:Founder\r\nORG:Northwind\r\nTEL:+31 6 1234 5678\r\n",
        ),
        card(None, "J. Smith", "EMAIL:john@smith.example\r\n"),
        card(
            None,
            "John Smith",
            "EMAIL:john@smith.example\r\nTITLE:Chef\r\n",
        ),
    ]
    .concat();
    let s = import_text(&mut store, &text);
    assert_eq!(s.added, 2, "{s:?}");
    let all = common::people(&store);
    let priya = common::by_name(&all, "Priya Raman");
    assert_eq!(
        priya.fields.title.as_deref(),
        Some("CTO"),
        "the first card leads"
    );
    assert_eq!(
        priya.fields.company.as_deref(),
        Some("Northwind"),
        "the second fills in"
    );
    assert_eq!(
        common::values(priya, kithkin::model::ContactKind::Phone),
        ["+31 6 1234 5678"]
    );
    for _ in 0..2 {
        let again = import_text(&mut store, &text);
        assert_eq!((again.added, again.updated), (0, 0), "{again:?}");
    }
}

/// After folding a duplicate into a person, importing the duplicate's card
/// again fills that person in; it does not bring the duplicate back.
#[test]
fn a_merged_duplicate_stays_merged_on_reimport() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cards.vcf");
    let text = [
        card(Some("a-1"), "Anna de Vries", "EMAIL:anna@acme.example\r\n"),
        card(
            Some("a-2"),
            "A. de Vries",
            "EMAIL:anna.devries@home.example\r\nTITLE:CTO\r\n",
        ),
    ]
    .concat();
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    env.ok(&["import", file]);
    assert_eq!(
        env.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(2)
    );
    env.ok(&["merge", "anna@acme.example", "anna.devries@home.example"]);
    let out = env.ok(&["import", file]);
    assert!(out.contains("0 added"), "{out}");
    let list = env.json(&["list", "--json"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    let anna = env.json(&["show", "anna", "--json"]);
    let emails: Vec<&str> = anna["contact_points"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    assert!(
        emails.contains(&"anna@acme.example") && emails.contains(&"anna.devries@home.example"),
        "{emails:?}"
    );
}

#[test]
fn a_folder_without_cards_is_an_error_that_says_so() {
    let env = Env::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a card").unwrap();
    env.kith()
        .arg("import")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("holds no .vcf files"));
}

/// A card that names one address, phone or profile twice (another case, a
/// `mailto:`, another spelling of the URL) gives its new person each once:
/// the first spelling, with its label.
#[test]
fn a_card_naming_a_point_twice_gives_it_once() {
    let mut store = Store::open_in_memory().unwrap();
    let s = import(&mut store, &fixture("points_twice.vcf"), None);
    assert_eq!((s.added, s.skipped), (1, 0), "{:?}", s.problems);
    let all = people(&store);
    let p = by_name(&all, "Ines Twice");
    assert_eq!(values(p, Email), ["Ines@Twice.example"]);
    assert_eq!(values(p, Phone), ["+49 30 1234", "+49 30 9999"]);
    let profiles = [values(p, Social), values(p, Url)].concat();
    assert_eq!(profiles, ["https://www.linkedin.com/in/inestwice"]);
    // The same card again changes nothing.
    let again = import(&mut store, &fixture("points_twice.vcf"), None);
    assert_eq!((again.added, again.updated), (0, 0));
}

/// An import raises the page cache for itself and gives the session back
/// the one it kept (the TUI's), after an import and after a dry run.
#[test]
fn an_import_gives_the_session_its_page_cache_back() {
    let mut store = Store::open_in_memory().unwrap();
    store.keep_pages_for_a_session().unwrap();
    let cache = |store: &Store| -> i64 {
        store
            .conn()
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap()
    };
    let kept = cache(&store);
    import(&mut store, &fixture("apple.vcf"), None);
    assert_eq!(cache(&store), kept);
    let source = interop::open(&fixture("apple.vcf"), Format::Vcard).unwrap();
    let s = plan::import(&mut store, source, true, now(), &mut |_| {}).unwrap();
    assert_eq!(s.added, 0);
    assert_eq!(cache(&store), kept);
}
