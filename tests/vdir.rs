//! `kith vdir pull|push DIR` on plain folders: two stores stand for two
//! devices, a folder for the server (as vdirsyncer leaves it), and a script
//! editing files (written whole and renamed, as vdirsyncer does) for a phone.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

#[path = "common/vdir_files.rs"]
mod vdir_files;

#[path = "common/sync_rounds.rs"]
mod sync_rounds;

use sync_rounds::{bodies, meetings, values, without_line, PhoneEdit, Rng};

struct World {
    root: tempfile::TempDir,
    cards: PathBuf,
}

struct Device {
    db: PathBuf,
}

impl World {
    fn new() -> World {
        let root = tempfile::tempdir().unwrap();
        let cards = root.path().join("cards");
        fs::create_dir(&cards).unwrap();
        World { root, cards }
    }

    fn device(&self, name: &str) -> Device {
        Device {
            db: self.root.path().join(format!("{name}.db")),
        }
    }

    fn dir(&self) -> &str {
        self.cards.to_str().unwrap()
    }

    /// Every card file: name → text.
    fn files(&self) -> Vec<(String, String)> {
        vdir_files::item_files(&self.cards, "vcf")
            .into_iter()
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    fs::read_to_string(&p).unwrap(),
                )
            })
            .collect()
    }

    /// Files with their inode and mtime: a rewrite changes them.
    fn fingerprint(&self) -> Vec<(String, String, u64, i128)> {
        use std::os::unix::fs::MetadataExt;
        self.files()
            .into_iter()
            .map(|(n, t)| {
                let m = fs::metadata(self.cards.join(&n)).unwrap();
                (
                    n,
                    t,
                    m.ino(),
                    i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
                )
            })
            .collect()
    }

    /// The file holding `needle`.
    fn file_with(&self, needle: &str) -> PathBuf {
        vdir_files::item_with(&self.cards, "vcf", needle)
    }
}

/// The phone: rewrites a card whole, as vdirsyncer writes what it downloads.
use vdir_files::rewrite as phone_edit;

/// The lines of a card without the one starting with `prefix` (folded lines included).
impl Device {
    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("kith").unwrap();
        c.env("KITH_DB", &self.db).env("NO_COLOR", "1");
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "kith {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn sync(&self, w: &World) -> String {
        let mut s = self.ok(&["vdir", "pull", w.dir()]);
        s.push_str(&self.ok(&["vdir", "push", w.dir()]));
        s
    }

    fn show(&self, who: &str) -> Value {
        serde_json::from_str(&self.ok(&["show", who, "--json"])).unwrap()
    }

    fn people(&self) -> Vec<String> {
        let v: Value = serde_json::from_str(&self.ok(&["list", "--json"])).unwrap();
        let mut names: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect();
        names.sort();
        names
    }
}

fn fixture(name: &str) -> String {
    fs::read_to_string(Path::new("tests/fixtures/vdir").join(name)).unwrap()
}

/// A has Anna (with a meeting at an event, notes, a rhythm) and Dirk.
fn seed(a: &Device) {
    sync_rounds::add_anna_at_rustconf(&|args| a.ok(args));
    a.ok(&[
        "add",
        "Dirk Jansen",
        "--url",
        "https://www.linkedin.com/in/dirkjansen",
        "--tag",
        "close",
    ]);
}

#[test]
fn a_second_pull_and_push_change_nothing_and_rewrite_no_file() {
    let w = World::new();
    let a = w.device("a");
    seed(&a);
    a.sync(&w);
    assert_eq!(w.files().len(), 2);
    let before = w.fingerprint();
    let undo_before = a.ok(&["undo", "--list", "--json"]);
    let out = a.sync(&w);
    assert!(out.contains("nothing new"), "{out}");
    assert!(
        out.contains("Pushed to") && out.contains(": nothing;"),
        "{out}"
    );
    assert_eq!(w.fingerprint(), before, "no file rewritten");
    assert_eq!(
        a.ok(&["undo", "--list", "--json"]),
        undo_before,
        "no change made"
    );
    // A second device too: after its first sync, nothing moves.
    let b = w.device("b");
    b.sync(&w);
    b.sync(&w);
    assert_eq!(w.fingerprint(), before);
}

#[test]
fn people_notes_meetings_and_rhythms_reach_b_without_a_duplicate() {
    let w = World::new();
    let a = w.device("a");
    let b = w.device("b");
    seed(&a);
    // B already knows Anna, by the same email, from elsewhere.
    b.ok(&[
        "add",
        "Anna de Vries",
        "--email",
        "ANNA@acme.example",
        "--note",
        "from B",
    ]);
    a.sync(&w);
    b.sync(&w);
    a.sync(&w);
    assert_eq!(b.people(), ["Anna de Vries", "Dirk Jansen"]);
    assert_eq!(a.people(), ["Anna de Vries", "Dirk Jansen"]);
    // Searchable by what the cards brought: a note, a tag.
    assert!(b.ok(&["search", "hiring"]).contains("Anna de Vries"));
    assert!(b.ok(&["search", "close"]).contains("Dirk Jansen"));
    let anna = b.show("anna");
    assert_eq!(anna["company"], "Acme");
    assert_eq!(anna["cadence_days"], 30);
    let met = anna["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["event"] == "RustConf 2026")
        .expect("the meeting at the event reached B");
    assert_eq!(met["met_on"], "2026-09-12");
    assert_eq!(met["place"], "Amsterdam");
    assert_eq!(meetings(&anna), meetings(&a.show("anna")));
    let notes = bodies(&anna);
    assert!(
        notes.contains("met: talked about SQLite at the edge"),
        "{notes:?}"
    );
    assert!(
        notes.contains("learned: she is hiring Rust devs"),
        "{notes:?}"
    );
    // B's own note went to A as well, and nothing is doubled.
    assert_eq!(bodies(&a.show("anna")), notes);
    assert_eq!(notes.len(), 3);
    let dirk = b.show("dirk");
    assert_eq!(dirk["tags"][0], "close");
    // A need marked on A is a need on B.
    a.ok(&[
        "log",
        "dirk",
        "looking for a Rust mentor",
        "--kind",
        "learned",
        "--need",
    ]);
    a.sync(&w);
    b.sync(&w);
    let needs = b.show("dirk")["needs"].to_string();
    assert!(needs.contains("looking for a Rust mentor"), "{needs}");
    assert_eq!(w.files().len(), 2, "one card per person");
}

#[test]
fn a_phone_edit_keeps_its_photo_labels_and_note_and_a_removed_number_goes() {
    let w = World::new();
    let a = w.device("a");
    let original = fixture("iphone.vcf");
    // vdirsyncer names a card whose UID has a colon with a random name.
    fs::write(w.cards.join("9f1c2d3e-random-name.vcf"), &original).unwrap();
    a.sync(&w);
    let anna = a.show("anna");
    assert_eq!(values(&anna, "phone").len(), 2);
    assert_eq!(
        bodies(&anna),
        BTreeSet::from(["note: Met at the Rust meetup, talks about WAL".to_string()])
    );
    // Kith changes her title and logs a talk.
    a.ok(&["edit", "person", "anna", "--title", "CTO"]);
    a.ok(&["log", "anna", "coffee in Berlin"]);
    a.sync(&w);
    assert_eq!(w.files().len(), 1, "the same file, never a second one");
    let text = fs::read_to_string(w.cards.join("9f1c2d3e-random-name.vcf")).unwrap();
    for kept in original
        .split_inclusive("\r\n")
        .filter(|l| !l.starts_with("TITLE") && !l.starts_with("REV"))
    {
        assert!(
            text.contains(kept),
            "{kept:?} kept byte for byte in:\n{text}"
        );
    }
    assert!(text.contains("TITLE:CTO\r\n"), "{text}");
    assert!(text.contains("coffee in Berlin"), "{text}");
    // The phone removes the desk number and rewrites the note.
    phone_edit(&w.cards.join("9f1c2d3e-random-name.vcf"), |t| {
        without_line(&without_line(&t, "item2."), "NOTE").replace(
            "END:VCARD",
            "NOTE:Met at the Rust meetup\\, now at Globex\r\nEND:VCARD",
        )
    });
    let out = a.sync(&w);
    assert!(out.contains("1 updated"), "{out}");
    let anna = a.show("anna");
    assert_eq!(
        values(&anna, "phone"),
        BTreeSet::from(["+31 6 1234 5678".to_string()])
    );
    let notes = bodies(&anna);
    assert!(
        notes.contains("note: Met at the Rust meetup, now at Globex"),
        "{notes:?}"
    );
    assert!(
        !notes.iter().any(|n| n.contains("talks about WAL")),
        "updated in place: {notes:?}"
    );
    assert_eq!(notes.len(), 2);
    let text = fs::read_to_string(w.cards.join("9f1c2d3e-random-name.vcf")).unwrap();
    assert!(text.contains("item1.X-ABLabel:_$!<Mobile>!$_\r\n"));
    assert!(
        !text.contains("item2."),
        "the removed number's label goes with it"
    );
    assert!(text.contains("item3.X-ABRELATEDNAMES;type=pref:Bob de Vries\r\n"));
}

#[test]
fn a_phone_that_drops_every_kith_line_loses_nothing_and_they_come_back() {
    let w = World::new();
    let a = w.device("a");
    seed(&a);
    a.sync(&w);
    let before = a.show("anna");
    let card = w.file_with("Anna de Vries");
    phone_edit(&card, |t| {
        let mut out = String::new();
        let mut skipping = false;
        for l in t.split_inclusive('\n') {
            if l.starts_with(' ') && skipping {
                continue;
            }
            skipping = l.starts_with("X-KITH-");
            if !skipping {
                out.push_str(&l.replace("ORG:Acme", "ORG:Globex"));
            }
        }
        out
    });
    assert!(!fs::read_to_string(&card).unwrap().contains("X-KITH"));
    a.sync(&w);
    let after = a.show("anna");
    assert_eq!(after["company"], "Globex", "the phone's edit is taken");
    assert_eq!(bodies(&after), bodies(&before), "no note lost");
    assert_eq!(after["meetings"], before["meetings"]);
    assert_eq!(after["cadence_days"], 30);
    let text = fs::read_to_string(&card).unwrap();
    assert!(text.contains("X-KITH-RHYTHM:30"), "{text}");
    assert!(text.contains("X-KITH-NOTE"), "{text}");
    assert!(text.contains("ORG:Globex"), "{text}");
}

#[test]
fn different_fields_are_both_kept_and_the_same_field_is_a_conflict() {
    let w = World::new();
    let a = w.device("a");
    seed(&a);
    a.ok(&["edit", "person", "anna", "--title", "Engineer"]);
    a.sync(&w);
    let card = w.file_with("Anna de Vries");
    phone_edit(&card, |t| t.replace("ORG:Acme", "ORG:Globex"));
    a.ok(&["edit", "person", "anna", "--title", "CTO"]);
    let out = a.sync(&w);
    assert!(!out.contains("Conflict"), "{out}");
    let anna = a.show("anna");
    assert_eq!(
        (anna["company"].as_str(), anna["title"].as_str()),
        (Some("Globex"), Some("CTO"))
    );
    let text = fs::read_to_string(&card).unwrap();
    assert!(
        text.contains("ORG:Globex") && text.contains("TITLE:CTO"),
        "{text}"
    );
    // Both change the title.
    phone_edit(&card, |t| t.replace("TITLE:CTO", "TITLE:VP Engineering"));
    a.ok(&["edit", "person", "anna", "--title", "Chief Scientist"]);
    let out = a.ok(&["vdir", "pull", w.dir()]);
    assert!(out.contains("Conflict: Anna de Vries — title"), "{out}");
    assert!(
        out.contains("Chief Scientist") && out.contains("VP Engineering"),
        "{out}"
    );
    assert_eq!(
        a.show("anna")["title"],
        "VP Engineering",
        "the card's value wins"
    );
    // The whole pull is one undo step, and undoing it brings Kith's value back…
    a.ok(&["undo"]);
    assert_eq!(a.show("anna")["title"], "Chief Scientist");
    // …which the next push writes out.
    a.ok(&["vdir", "push", w.dir()]);
    assert!(fs::read_to_string(&card)
        .unwrap()
        .contains("TITLE:Chief Scientist"));
}

#[test]
fn notes_added_at_the_same_time_on_two_devices_both_survive() {
    let w = World::new();
    let a = w.device("a");
    let b = w.device("b");
    seed(&a);
    a.sync(&w);
    b.sync(&w);
    a.ok(&["log", "anna", "note from A"]);
    b.ok(&["log", "anna", "note from B"]);
    b.ok(&["edit", "person", "anna", "--title", "CTO"]);
    a.sync(&w);
    b.sync(&w);
    a.sync(&w);
    let (na, nb) = (bodies(&a.show("anna")), bodies(&b.show("anna")));
    assert_eq!(na, nb);
    assert!(
        na.contains("talk: note from A") && na.contains("talk: note from B"),
        "{na:?}"
    );
    assert_eq!(a.show("anna")["title"], "CTO");
    // A note deleted on one device is deleted on the other.
    let id = a.show("anna")["notes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["body"] == "note from B")
        .unwrap()["id"]
        .to_string();
    a.ok(&["rm", "note", &id]);
    a.sync(&w);
    b.sync(&w);
    assert!(!bodies(&b.show("anna")).contains("talk: note from B"));
}

#[test]
fn a_contact_deleted_on_the_phone_does_not_come_back() {
    let w = World::new();
    let a = w.device("a");
    seed(&a);
    a.sync(&w);
    fs::remove_file(w.file_with("Dirk Jansen")).unwrap();
    let out = a.sync(&w);
    assert!(out.contains("1 archived"), "{out}");
    assert_eq!(a.people(), ["Anna de Vries"]);
    assert_eq!(w.files().len(), 1, "not written again");
    a.sync(&w);
    assert_eq!(w.files().len(), 1);
    // Archived, not deleted: restorable, notes and all.
    assert!(a.ok(&["list", "--archived"]).contains("Dirk Jansen"));
    a.ok(&["unarchive", "dirk"]);
    a.sync(&w);
    assert_eq!(w.files().len(), 2, "restored, written again");
}

#[test]
fn a_merge_and_a_deletion_in_kith_reach_the_folder_and_the_other_device() {
    let w = World::new();
    let a = w.device("a");
    let b = w.device("b");
    seed(&a);
    a.ok(&[
        "add",
        "A. de Vries",
        "--email",
        "anna.private@example.org",
        "--new",
    ]);
    a.sync(&w);
    b.sync(&w);
    assert_eq!(w.files().len(), 3);
    let dirk_card = fs::read_to_string(w.file_with("Dirk Jansen")).unwrap();
    a.ok(&["merge", "Anna de Vries", "anna.private@example.org"]);
    a.ok(&["rm", "person", "dirk", "--yes"]);
    a.sync(&w);
    assert_eq!(
        w.files().len(),
        1,
        "the duplicate's and the deleted person's cards are gone"
    );
    assert!(w.files()[0].1.contains("anna.private@example.org"));
    b.sync(&w);
    assert_eq!(b.people(), ["Anna de Vries"]);
    assert!(values(&b.show("anna"), "email").contains("anna.private@example.org"));
    // A copy of the deleted card put back (by a device that missed the
    // deletion) is not taken for someone new: it goes again.
    fs::write(w.cards.join("stale-copy.vcf"), dirk_card).unwrap();
    let out = a.sync(&w);
    assert!(out.contains("to remove on push"), "{out}");
    assert_eq!(a.people(), ["Anna de Vries"]);
    assert_eq!(w.files().len(), 1);
}

#[test]
fn hostile_uids_never_make_a_second_file() {
    let w = World::new();
    let a = w.device("a");
    let long = "x".repeat(300);
    let uids = [
        "4A2B:ABPerson",
        "a/b/../c",
        "urn:uuid:1234@example.org",
        long.as_str(),
    ];
    for (i, uid) in uids.iter().enumerate() {
        let card = format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:Person {i}\r\nEMAIL:p{i}@example.org\r\nEND:VCARD\r\n"
        );
        fs::write(w.cards.join(format!("{}.vcf", uuid::Uuid::new_v4())), card).unwrap();
    }
    a.sync(&w);
    a.ok(&["log", "Person 0", "a talk"]);
    a.sync(&w);
    a.sync(&w);
    assert_eq!(w.files().len(), 4);
    assert_eq!(a.people().len(), 4);
    // Kith's own people with such uids (imported from a file) get a UUID name.
    let src = w.root.path().join("in.vcf");
    fs::write(
        &src,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:evil/../../uid:with@all\r\nFN:Eve\r\nEND:VCARD\r\n",
    )
    .unwrap();
    a.ok(&["import", src.to_str().unwrap()]);
    a.sync(&w);
    a.sync(&w);
    let files = w.files();
    assert_eq!(files.len(), 5);
    for (name, text) in &files {
        assert!(
            name.len() < 255 && !name.contains(':') && !name.contains('@'),
            "{name}"
        );
        assert_eq!(text.matches("BEGIN:VCARD").count(), 1);
    }
    // A parameter value with a colon, a semicolon or a comma is quoted.
    a.ok(&["edit", "person", "eve", "--add-email", "eve@example.org"]);
    let id = a.show("eve")["contact_points"][0]["id"].to_string();
    a.ok(&["edit", "contact", &id, "--label", "work: main; home, too"]);
    a.sync(&w);
    let eve = w.file_with("FN:Eve");
    let text = fs::read_to_string(eve).unwrap();
    assert!(text.contains("TYPE=\"work: main; home, too\""), "{text}");
    // And it is read back whole, on this device and another.
    let out = a.sync(&w);
    assert!(out.contains(": nothing;"), "{out}");
    let b = w.device("b");
    b.sync(&w);
    assert_eq!(
        b.show("eve")["contact_points"][0]["label"],
        "work: main; home, too"
    );
}

#[test]
fn a_server_that_sorts_lines_and_parameters_changes_nothing() {
    let w = World::new();
    let a = w.device("a");
    seed(&a);
    a.sync(&w);
    // As Radicale serves a card: its lines sorted, Kith's parameters too.
    for (name, text) in w.files() {
        let mut lines: Vec<String> = Vec::new();
        for l in text.split("\r\n").filter(|l| !l.is_empty()) {
            match l.strip_prefix(' ') {
                Some(rest) => lines.last_mut().unwrap().push_str(rest),
                None => lines.push(l.to_string()),
            }
        }
        let (begin, end) = (lines.remove(0), lines.pop().unwrap());
        let mut body: Vec<String> = lines
            .into_iter()
            .map(|l| {
                if !l.starts_with("X-KITH-NOTE;") {
                    return l;
                }
                // The head ends at the first colon outside quotes.
                let mut quoted = false;
                let cut = l
                    .char_indices()
                    .find(|&(_, c)| {
                        quoted ^= c == '"';
                        c == ':' && !quoted
                    })
                    .unwrap()
                    .0;
                let mut params: Vec<&str> = l[..cut].split(';').collect();
                let prop = params.remove(0);
                params.sort();
                format!("{prop};{}{}", params.join(";"), &l[cut..])
            })
            .collect();
        body.sort();
        let sorted = format!("{begin}\r\n{}\r\n{end}\r\n", body.join("\r\n"));
        phone_edit(&w.cards.join(name), |_| sorted);
    }
    let before = w.fingerprint();
    let out = a.sync(&w);
    assert!(out.contains(": nothing;"), "nothing written: {out}");
    assert_eq!(w.fingerprint(), before);
    let b = w.device("b");
    b.sync(&w);
    assert_eq!(
        w.fingerprint(),
        before,
        "a second device writes nothing either"
    );
    assert_eq!(bodies(&b.show("anna")), bodies(&a.show("anna")));
}

#[test]
fn a_field_reverted_right_after_a_download_is_still_uploaded() {
    let w = World::new();
    let a = w.device("a");
    seed(&a);
    a.sync(&w);
    let card = w.file_with("Anna de Vries");
    let before_download = fs::read_to_string(&card).unwrap();
    phone_edit(&card, |t| t.replace("ORG:Acme", "ORG:Globex"));
    a.sync(&w);
    assert_eq!(a.show("anna")["company"], "Globex");
    a.ok(&["edit", "person", "anna", "--company", "Acme"]);
    a.ok(&["vdir", "push", w.dir()]);
    let now = fs::read_to_string(&card).unwrap();
    assert!(now.contains("ORG:Acme"));
    // Never the very text vdirsyncer remembers from before the download
    // (pimutils/vdirsyncer#1155): a fresh REV every time.
    assert_ne!(now, before_download);
    let rev = |t: &str| t.lines().find(|l| l.starts_with("REV:")).map(String::from);
    assert_ne!(rev(&now), rev(&before_download));
}

#[test]
fn a_file_changed_between_pull_and_push_waits_for_the_next_pull() {
    let w = World::new();
    let a = w.device("a");
    seed(&a);
    a.sync(&w);
    a.ok(&["vdir", "pull", w.dir()]);
    let card = w.file_with("Anna de Vries");
    phone_edit(&card, |t| t.replace("ORG:Acme", "ORG:Globex"));
    a.ok(&["edit", "person", "anna", "--title", "CTO"]);
    let out = a.ok(&["vdir", "push", w.dir()]);
    assert!(out.contains("left for the next"), "{out}");
    assert!(
        fs::read_to_string(&card).unwrap().contains("ORG:Globex"),
        "the phone's edit stays"
    );
    a.sync(&w);
    let text = fs::read_to_string(&card).unwrap();
    assert!(
        text.contains("ORG:Globex") && text.contains("TITLE:CTO"),
        "{text}"
    );
}

#[test]
fn status_says_what_pull_and_push_would_do_and_changes_nothing() {
    let w = World::new();
    let a = w.device("a");
    seed(&a);
    let out = a.ok(&["vdir", "status", w.dir()]);
    assert!(out.contains("Push would write"), "{out}");
    assert!(out.contains("2 new"), "{out}");
    assert!(w.files().is_empty());
    a.sync(&w);
    phone_edit(&w.file_with("Anna de Vries"), |t| {
        t.replace("ORG:Acme", "ORG:Globex")
    });
    let out = a.ok(&["vdir", "status", w.dir()]);
    assert!(
        out.contains("Pull would bring") && out.contains("1 updated"),
        "{out}"
    );
    assert_eq!(a.show("anna")["company"], "Acme");
}

#[test]
fn real_world_cards_survive_a_round_trip() {
    let w = World::new();
    let a = w.device("a");
    for f in ["iphone.vcf", "android.vcf", "google.vcf"] {
        fs::copy(Path::new("tests/fixtures/vdir").join(f), w.cards.join(f)).unwrap();
    }
    let before = w.fingerprint();
    a.sync(&w);
    assert_eq!(w.fingerprint(), before, "nothing to add: no card touched");
    assert_eq!(a.people(), ["Anna de Vries", "José García", "Wei Chen"]);
    a.ok(&["cadence", "josé", "30d"]);
    a.ok(&["edit", "person", "wei", "--add-email", "wei@home.example"]);
    a.sync(&w);
    let android = fs::read_to_string(w.cards.join("android.vcf")).unwrap();
    assert!(android
        .contains("X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Lucía;14;;;;;;;;;;;;;\r\n"));
    assert!(android.contains("CATEGORIES:Friends,starred\r\n"));
    assert!(android.contains("X-KITH-RHYTHM:30"));
    let google = fs::read_to_string(w.cards.join("google.vcf")).unwrap();
    assert!(
        google.contains("item1.URL:https\\://globex.example/wei\r\n"),
        "{google}"
    );
    assert!(google.contains("wei@home.example"));
    // A year-less birthday is written as vCard 4.0 has it, and reads back.
    a.ok(&["edit", "person", "wei", "--birthday", "--02-29"]);
    a.sync(&w);
    assert!(fs::read_to_string(w.cards.join("google.vcf"))
        .unwrap()
        .contains("BDAY:--0229"));
    let b = w.device("b");
    b.sync(&w);
    assert_eq!(b.show("wei")["birthday"], "--02-29");
}

/// `KITH_VDIR_SEED`, or a fresh one (printed for replay).
fn seed_from_env(test: &str) -> u64 {
    let seed = std::env::var("KITH_VDIR_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        })
        | 1;
    eprintln!("{test}: KITH_VDIR_SEED={seed}");
    seed
}

/// xorshift64*: enough randomness for a test, and replayable.
/// Every card file is whole: one card, from BEGIN to END.
fn assert_whole(w: &World, context: &str) {
    for (name, text) in w.files() {
        assert!(
            text.starts_with("BEGIN:VCARD\r\n") && text.ends_with("END:VCARD\r\n"),
            "{context}: {name} is not whole:\n{text}"
        );
        assert_eq!(text.matches("BEGIN:VCARD").count(), 1, "{context}: {name}");
    }
}

#[test]
fn a_kill_during_push_leaves_no_partial_file_and_a_rerun_converges() {
    use std::time::{Duration, Instant};
    let mut rng = Rng(seed_from_env("kill_during_push"));
    let w = World::new();
    let a = w.device("a");
    a.ok(&["demo", "--people", "150"]);
    // How long a whole push takes here, on a copy.
    let probe = World::new();
    let started = Instant::now();
    a.ok(&["vdir", "push", probe.dir()]);
    let span = started.elapsed().max(Duration::from_millis(50));
    for round in 0..6 {
        // Kith changes some people, then a push is killed part-way.
        for i in 0..5 {
            let _ = a
                .cmd()
                .args([
                    "log",
                    &format!("#{}", 1 + rng.below(150)),
                    &format!("round {round} note {i}"),
                ])
                .output();
        }
        let delay = span.mul_f64((rng.below(100) as f64) / 100.0);
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kith"))
            .env("KITH_DB", &a.db)
            .args(["vdir", "push", w.dir()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while start.elapsed() < delay {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill();
        let _ = child.wait();
        assert_whole(&w, &format!("after a kill in round {round}"));
        // No temporary file is taken for a card by anyone reading the folder.
        for e in fs::read_dir(&w.cards).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                name.ends_with(".vcf") || name.starts_with(".kith-"),
                "{name}"
            );
        }
    }
    // The rerun: a pull takes in Kith's own writes, a push completes.
    a.sync(&w);
    let out = a.sync(&w);
    assert!(
        out.contains("nothing new") && out.contains(": nothing;"),
        "{out}"
    );
    let people: Value =
        serde_json::from_str(&a.ok(&["list", "--json", "--limit", "1000"])).unwrap();
    let n = people.as_array().unwrap().len();
    assert_eq!(w.files().len(), n, "one card per person, none doubled");
    let b = w.device("b");
    b.sync(&w);
    let total: Value = serde_json::from_str(&b.ok(&["list", "--json", "--limit", "1000"])).unwrap();
    assert_eq!(total.as_array().unwrap().len(), n);
}

/// What a device holds of everyone active.
fn holdings(d: &Device) -> std::collections::BTreeMap<String, String> {
    sync_rounds::holdings(&|args| run(d, args))
}

/// `kith ARGS` on a device: its output, "" when it failed.
fn run(d: &Device, args: &[&str]) -> String {
    let out = d.cmd().args(args).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The phone: one random edit of one card, written whole, or the card removed.
fn phone_round(w: &World, rng: &mut Rng, round: usize) {
    let files = w.files();
    if files.is_empty() {
        return;
    }
    let (name, _) = &files[rng.below(files.len())];
    let path = w.cards.join(name);
    let text = fs::read_to_string(&path).unwrap();
    match sync_rounds::phone_edit(&text, rng, round, files.len() > 3) {
        PhoneEdit::Delete => fs::remove_file(&path).unwrap(),
        PhoneEdit::Rewrite(new) => phone_edit(&path, |_| new),
    }
}

fn device_round(d: &Device, tag: &str, rng: &mut Rng, round: usize) {
    sync_rounds::device_round(&|args| run(d, args), tag, rng, round);
}

#[test]
fn a_hundred_rounds_of_random_edits_on_two_devices_and_a_phone_converge() {
    let mut rng = Rng(seed_from_env("random_rounds"));
    let w = World::new();
    let a = w.device("a");
    let b = w.device("b");
    sync_rounds::add_seed_people(&|args| a.ok(args));
    a.sync(&w);
    b.sync(&w);
    for round in 0..100 {
        match rng.below(5) {
            0 => device_round(&a, "a", &mut rng, round),
            1 => device_round(&b, "b", &mut rng, round),
            2 => phone_round(&w, &mut rng, round),
            3 => {
                a.sync(&w);
            }
            _ => {
                b.sync(&w);
            }
        }
        if round % 10 == 9 {
            assert_whole(&w, &format!("round {round}"));
        }
    }
    // Everyone syncs until nothing moves.
    for _ in 0..3 {
        a.sync(&w);
        b.sync(&w);
    }
    let before = w.fingerprint();
    a.sync(&w);
    b.sync(&w);
    assert_eq!(w.fingerprint(), before, "settled: nothing rewritten");
    let (ha, hb) = (holdings(&a), holdings(&b));
    assert_eq!(
        ha, hb,
        "A and B hold the same people, contact points and notes"
    );
    // The folder (the phone) holds the same people, one card each.
    let names: BTreeSet<String> = w
        .files()
        .iter()
        .map(|(_, t)| {
            t.lines()
                .find_map(|l| l.strip_prefix("FN:"))
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .collect();
    assert_eq!(names.len(), w.files().len(), "no card doubled");
    assert_eq!(names, ha.keys().cloned().collect::<BTreeSet<_>>());
}

#[test]
fn a_second_card_of_someone_is_reported_not_removed_until_merged() {
    let w = World::new();
    let a = w.device("a");
    let b = w.device("b");
    seed(&a);
    a.sync(&w);
    b.sync(&w);
    // The phone has its own card of Anna: another UID, the same email.
    let second = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-anna-2\r\nFN:Anna de Vries\r\n\
                  EMAIL:anna@acme.example\r\nTEL;TYPE=cell:+31 6 1234 5678\r\nEND:VCARD\r\n";
    fs::write(w.cards.join("phone-anna-2.vcf"), second).unwrap();
    for d in [&a, &b] {
        let out = d.sync(&w);
        assert!(out.contains("Two cards, one person?"), "{out}");
        assert!(out.contains("phone-anna-2.vcf"), "{out}");
        assert_eq!(w.files().len(), 3, "no card removed unasked: {out}");
        assert_eq!(
            d.people(),
            ["Anna de Vries", "Anna de Vries", "Dirk Jansen"]
        );
        // Reported once: the next sync says nothing of it.
        let again = d.sync(&w);
        assert!(!again.contains("Two cards"), "{again}");
        assert_eq!(w.files().len(), 3);
    }
    // The duplicates review lists the pair; a merge removes the merged-away card.
    let dups: Value = serde_json::from_str(&a.ok(&["duplicates", "--json"])).unwrap();
    let pair = &dups.as_array().unwrap()[0];
    assert_eq!(
        (&pair["a"]["name"], &pair["b"]["name"]),
        (&Value::from("Anna de Vries"), &Value::from("Anna de Vries")),
        "{dups}"
    );
    let list: Value = serde_json::from_str(&a.ok(&["list", "--json"])).unwrap();
    let ids: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == "Anna de Vries")
        .map(|p| format!("#{}", p["id"]))
        .collect();
    a.ok(&["merge", &ids[0], &ids[1]]);
    let out = a.sync(&w);
    assert!(out.contains("1 removed"), "{out}");
    assert_eq!(w.files().len(), 2);
    let anna = fs::read_to_string(w.file_with("FN:Anna de Vries")).unwrap();
    assert!(
        anna.contains("1234 5678"),
        "the kept card has the number: {anna}"
    );
    b.sync(&w);
    assert_eq!(b.people(), ["Anna de Vries", "Dirk Jansen"]);
    assert!(values(&b.show("anna"), "phone")
        .iter()
        .any(|v| v.contains("1234")));
    assert_eq!(w.files().len(), 2);
}

#[test]
fn a_file_that_is_not_one_card_is_named_once_and_by_status_every_time() {
    let w = World::new();
    let a = w.device("a");
    seed(&a);
    a.sync(&w);
    let two = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:One\r\nEND:VCARD\r\n\
               BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Two\r\nEND:VCARD\r\n";
    fs::write(w.cards.join("two-in-one.vcf"), two).unwrap();
    fs::write(w.cards.join("junk.vcf"), "not a card at all\r\n").unwrap();
    let stderr = |args: &[&str]| {
        let out = a.cmd().args(args).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    let first = stderr(&["vdir", "pull", w.dir()]);
    assert!(first.contains("two-in-one.vcf: holds 2 cards"), "{first}");
    assert!(first.contains("junk.vcf"), "{first}");
    // Named once: the next pulls and pushes pass over them.
    for _ in 0..2 {
        let again = stderr(&["vdir", "pull", w.dir()]);
        assert!(!again.contains("two-in-one.vcf"), "{again}");
        assert!(again.contains("2 file(s) named before"), "{again}");
        let push = stderr(&["vdir", "push", w.dir()]);
        assert!(!push.contains("not pulled yet"), "{push}");
    }
    // Status names them every time.
    for _ in 0..2 {
        let status = stderr(&["vdir", "status", w.dir()]);
        assert!(status.contains("two-in-one.vcf: holds 2 cards"), "{status}");
        assert!(status.contains("junk.vcf"), "{status}");
    }
    assert_eq!(a.people(), ["Anna de Vries", "Dirk Jansen"]);
    // Mended, the file is a card like any other; removed, it is forgotten.
    phone_edit(&w.cards.join("junk.vcf"), |_| {
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:mended\r\nFN:Mia Mended\r\nEND:VCARD\r\n".into()
    });
    fs::remove_file(w.cards.join("two-in-one.vcf")).unwrap();
    let out = a.sync(&w);
    assert!(out.contains("1 added (Mia Mended)"), "{out}");
    let status = stderr(&["vdir", "status", w.dir()]);
    assert!(!status.contains(".vcf"), "{status}");
    // Put back as it was, it is named again.
    fs::write(w.cards.join("two-in-one.vcf"), two).unwrap();
    let again = stderr(&["vdir", "pull", w.dir()]);
    assert!(again.contains("two-in-one.vcf: holds 2 cards"), "{again}");
}
