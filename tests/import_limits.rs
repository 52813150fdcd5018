//! The readers' limits: every value, record and file is capped and what was
//! capped is named with its file and line; an error never swallows the valid
//! records after it; work stays linear in the input; line endings, encodings
//! and duplicates that used to import nothing (or the wrong thing) silently.

mod common;

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use kithkin::interop::{self, plan, Format};
use kithkin::store::interop::PersonData;
use kithkin::store::Store;

/// Writes `bytes` to a file in `dir` and imports it into a fresh store.
fn import_bytes(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
) -> (plan::Summary, Vec<PersonData>) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let format = format.unwrap_or_else(|| interop::guess(&path).unwrap());
    let source = interop::open(&path, format).unwrap();
    let s = plan::import(&mut store, source, false, now(), &mut |_| {}).unwrap();
    let all = people(&store);
    (s, all)
}

fn names(all: &[PersonData]) -> Vec<String> {
    let mut v: Vec<String> = all.iter().map(|p| p.fields.name.clone()).collect();
    v.sort();
    v
}

fn card(name: &str) -> String {
    format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEND:VCARD\r\n")
}

fn has_problem(s: &plan::Summary, line: usize, text: &str) -> bool {
    s.problems
        .iter()
        .any(|p| p.line == line && p.message.contains(text))
}

// ---- 3: errors never swallow the records after them ------------------------

#[test]
fn a_quoted_printable_value_past_the_cap_keeps_the_cards_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Big Note\r\nNOTE;ENCODING=QUOTED-PRINTABLE:",
    );
    // 1.5 MiB of soft-broken lines, then the value's last line.
    for _ in 0..(1_572_864 / 70) {
        text.push_str(&"a".repeat(69));
        text.push_str("=\r\n");
    }
    text.push_str("end\r\nEND:VCARD\r\n");
    for n in ["Anna One", "Bob Two", "Cleo Three"] {
        text.push_str(&card(n));
    }
    let (s, all) = import_bytes(dir.path(), "qp.vcf", text.as_bytes(), None);
    assert_eq!(
        names(&all),
        ["Anna One", "Big Note", "Bob Two", "Cleo Three"],
        "{:?}",
        s.problems
    );
    assert!(has_problem(&s, 4, "larger than"), "{:?}", s.problems);
    assert_eq!(s.skipped, 0, "{:?}", s.problems);
}

#[test]
fn an_unterminated_csv_quote_is_reported_and_the_rows_after_it_go_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("First Name,Last Name,E-mail 1 - Value,Labels\n");
    text.push_str("Anna,de Vries,anna@example.org,friends\n");
    text.push_str("\"Bob,Broken,bob@example.org,x\n");
    for i in 0..20 {
        text.push_str(&format!("Person,Number{i},p{i}@example.org,\"a, b\"\n"));
    }
    let (s, all) = import_bytes(dir.path(), "google.csv", text.as_bytes(), None);
    assert_eq!(all.len(), 21, "{:?} {:?}", names(&all), s.problems);
    assert!(has_problem(&s, 3, "quote"), "{:?}", s.problems);
    assert!(all.iter().any(|p| p.fields.name == "Person Number19"));
}

// ---- 7: caps and linear work ------------------------------------------------

#[test]
fn a_card_with_thousands_of_emails_imports_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let timed = |n: usize| {
        let mut text = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Many Mails\r\n");
        for i in 0..n {
            text.push_str(&format!("EMAIL;TYPE=work:user{i}@example.org\r\n"));
        }
        text.push_str("END:VCARD\r\n");
        let start = Instant::now();
        let (s, all) = import_bytes(dir.path(), &format!("m{n}.vcf"), text.as_bytes(), None);
        assert_eq!(all[0].contact_points.len(), n, "{:?}", s.problems);
        start.elapsed()
    };
    let small = timed(2_000);
    let large = timed(20_000);
    // Ten times the input: linear is about 10×, quadratic 100×.
    assert!(
        large < small * 30 + Duration::from_millis(500),
        "2,000 emails {small:?}, 20,000 {large:?}"
    );
}

#[test]
fn a_huge_csv_cell_is_left_out_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("First Name,Last Name,E-mail 1 - Value,Notes\n");
    text.push_str("Anna,de Vries,anna@example.org,\"");
    text.push_str(&"x".repeat(3 << 20));
    text.push_str("\"\nBob,Two,bob@example.org,short\n");
    let (s, all) = import_bytes(dir.path(), "g.csv", text.as_bytes(), Some(Format::Google));
    assert_eq!(
        names(&all),
        ["Anna de Vries", "Bob Two"],
        "{:?}",
        s.problems
    );
    let anna = by_name(&all, "Anna de Vries");
    assert!(anna.notes.is_empty(), "the huge note was left out");
    assert!(has_problem(&s, 2, "larger than"), "{:?}", s.problems);
}

#[test]
fn a_huge_csv_line_is_skipped_without_holding_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("line.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "First Name,Last Name,E-mail 1 - Value,Notes").unwrap();
    writeln!(f, "Anna,de Vries,anna@example.org,hi").unwrap();
    // 40 MiB on one line, without quotes.
    let chunk = "y".repeat(1 << 20);
    write!(f, "Huge,Line,huge@example.org,").unwrap();
    for _ in 0..40 {
        f.write_all(chunk.as_bytes()).unwrap();
    }
    writeln!(f).unwrap();
    writeln!(f, "Bob,Two,bob@example.org,short").unwrap();
    drop(f);
    let mut store = Store::open_in_memory().unwrap();
    let source = interop::open(&path, Format::Google).unwrap();
    let s = plan::import(&mut store, source, false, now(), &mut |_| {}).unwrap();
    assert_eq!(
        names(&people(&store)),
        ["Anna de Vries", "Bob Two"],
        "{:?}",
        s.problems
    );
    assert!(has_problem(&s, 3, "longer than"), "{:?}", s.problems);
}

/// `kith import --format vcard /dev/zero`: a clear error, bounded memory.
#[test]
fn an_endless_file_stops_with_a_clear_error() {
    let env = Env::new();
    let out = env
        .kith()
        .args(["import", "--format", "vcard", "/dev/zero"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("/dev/zero:1") && err.contains("longer than"),
        "{err}"
    );
    for csv in ["linkedin", "google", "json"] {
        let out = env
            .kith()
            .args(["import", "--format", csv, "/dev/zero"])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{csv}: {err}");
        assert!(err.contains("/dev/zero"), "{csv}: {err}");
    }
}

// ---- 10: what used to import nothing, or import without a word --------------

#[test]
fn cr_only_line_endings_import() {
    let dir = tempfile::tempdir().unwrap();
    let text = "BEGIN:VCARD\rVERSION:3.0\rFN:Anna Mac\rEMAIL:anna@example.org\rEND:VCARD\rBEGIN:VCARD\rVERSION:3.0\rFN:Bob Mac\rEND:VCARD\r";
    let (s, all) = import_bytes(dir.path(), "mac.vcf", text.as_bytes(), None);
    assert_eq!(names(&all), ["Anna Mac", "Bob Mac"], "{:?}", s.problems);
    assert_eq!(
        values(
            by_name(&all, "Anna Mac"),
            kithkin::model::ContactKind::Email
        ),
        ["anna@example.org"]
    );
    let csv = "First Name,Last Name,E-mail 1 - Value\rAnna,Mac,anna@example.org\rBob,Mac,\r";
    let (s, all) = import_bytes(dir.path(), "mac.csv", csv.as_bytes(), None);
    assert_eq!(names(&all), ["Anna Mac", "Bob Mac"], "{:?}", s.problems);
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for unit in text.encode_utf16() {
        let b = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&b);
    }
    out
}

#[test]
fn a_utf16_vcard_imports() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{}{}", card("Zoë Müller 😀"), card("Łukasz Nowak"));
    for be in [false, true] {
        let (s, all) = import_bytes(dir.path(), "u16.vcf", &utf16(&text, be), None);
        assert_eq!(
            names(&all),
            ["Zoë Müller 😀", "Łukasz Nowak"],
            "{:?}",
            s.problems
        );
    }
}

#[test]
fn a_kith_json_file_with_a_bom_imports() {
    let dir = tempfile::tempdir().unwrap();
    let json = "\u{feff}{\"kith\":1,\"events\":[],\n\"people\":[\n{\"uid\":\"u1\",\"name\":\"Anna\",\"company\":null,\"title\":null,\"birthday\":null,\"cadence_days\":null,\"archived_at\":null,\"bumped_at\":null,\"prompt_snoozed_until\":null,\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"contact_points\":[],\"tags\":[],\"meetings\":[],\"notes\":[],\"reminders\":[]}\n],\n\"reminders\":[]}\n";
    let (s, all) = import_bytes(dir.path(), "bom.json", json.as_bytes(), None);
    assert_eq!(names(&all), ["Anna"], "{:?}", s.problems);
}

fn person_json(uid: &str, name: &str, cadence: &str) -> String {
    format!("{{\"uid\":\"{uid}\",\"name\":\"{name}\",\"company\":null,\"title\":null,\"birthday\":null,\"cadence_days\":{cadence},\"archived_at\":null,\"bumped_at\":null,\"prompt_snoozed_until\":null,\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"contact_points\":[],\"tags\":[],\"meetings\":[],\"notes\":[],\"reminders\":[]}}")
}

#[test]
fn one_wrong_typed_person_in_json_is_skipped_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let json = format!(
        "{{\"kith\":1,\"events\":[],\n\"people\":[\n{},\n{},\n{}\n],\n\"reminders\":[]}}\n",
        person_json("u1", "Anna", "null"),
        person_json("u2", "Bob", "\"often\""),
        person_json("u3", "Cleo", "30"),
    );
    let (s, all) = import_bytes(dir.path(), "typed.json", json.as_bytes(), None);
    assert_eq!(names(&all), ["Anna", "Cleo"], "{:?}", s.problems);
    assert!(has_problem(&s, 4, "\"often\""), "{:?}", s.problems);
    assert_eq!(s.skipped, 1);
}

#[test]
fn a_duplicate_uid_in_one_json_file_is_reported_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let json = format!(
        "{{\"kith\":1,\"events\":[],\n\"people\":[\n{},\n{}\n],\n\"reminders\":[]}}\n",
        person_json("same", "Anna First", "null"),
        person_json("same", "Someone Else", "null"),
    );
    let (s, all) = import_bytes(dir.path(), "dup.json", json.as_bytes(), None);
    assert_eq!(names(&all), ["Anna First"], "{:?}", s.problems);
    assert!(has_problem(&s, 4, "line 3"), "{:?}", s.problems);
}

#[test]
fn ragged_csv_rows_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = "First Name,Last Name,E-mail 1 - Value\nAnna,de Vries,anna@example.org,extra,cells\nBob,Two\nCleo,Three,cleo@example.org\n";
    let (s, all) = import_bytes(
        dir.path(),
        "ragged.csv",
        text.as_bytes(),
        Some(Format::Google),
    );
    assert_eq!(all.len(), 3, "{:?}", s.problems);
    assert!(has_problem(&s, 2, "5 fields"), "{:?}", s.problems);
    assert!(has_problem(&s, 3, "2 fields"), "{:?}", s.problems);
    assert!(!s.problems.iter().any(|p| p.line == 4), "{:?}", s.problems);
}

#[test]
fn a_card_repeating_single_valued_properties_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna One\r\nN:One;Anna;;;\r\nBDAY:1980-01-02\r\nFN:Anna Other\r\nBDAY:1981-03-04\r\nEND:VCARD\r\n";
    let (s, all) = import_bytes(dir.path(), "rep.vcf", text.as_bytes(), None);
    assert_eq!(names(&all), ["Anna One"]);
    assert!(has_problem(&s, 6, "FN"), "{:?}", s.problems);
    assert!(has_problem(&s, 7, "BDAY"), "{:?}", s.problems);
}

// ---- 7: search over a huge note ---------------------------------------------

/// A person with a note of `words` matching words, written straight to the store.
fn big_note_store(env: &Env, words: usize) {
    env.ok(&["add", "Anna de Vries", "--note", "short one"]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute(
        "INSERT INTO note (person_id, kind, body, happened_at, created_at)
         SELECT id, 'note', ?1, '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z' FROM person",
        [format!("start {}end", "edge case ".repeat(words))],
    )
    .unwrap();
}

/// Snippets over a note of 20,000 and 100,000 matching words: linear, and
/// quick (FTS5's own snippet() took seconds, quadratic in the matches).
#[test]
fn search_snippets_over_a_huge_note_are_linear() {
    let mut times = Vec::new();
    for words in [20_000, 100_000] {
        let env = Env::new();
        big_note_store(&env, words);
        let start = Instant::now();
        let out = env.ok(&["search", "edge"]);
        times.push(start.elapsed());
        assert!(
            out.contains("Anna de Vries") && out.contains("[edge]"),
            "{out}"
        );
    }
    assert!(times[1] < Duration::from_secs(3), "{times:?}");
    assert!(
        times[1] < times[0] * 10 + Duration::from_millis(500),
        "{times:?}"
    );
}
