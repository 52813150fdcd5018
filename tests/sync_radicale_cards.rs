//! People as cards through a real CardDAV server: one throwaway Radicale for
//! this file, an address book of its own per case, two devices (Kith stores
//! with their own vdirsyncer configs from `kith sync setup`) and `curl`
//! writing with `If-Match` as the phone. Needs radicale, vdirsyncer and curl
//! (`.ci/run` installs them).
//!
//! The cases run in one test so they share the server (about a second to
//! start); each runs on its own, and every failing case is named at the end.

#[path = "common/radicale.rs"]
mod radicale;
#[path = "common/sync_rounds.rs"]
mod sync_rounds;

use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use radicale::{files_with_times, Books, Device, Radicale};
use serde_json::Value;
use sync_rounds::{meetings, values};

/// One case of the file, run against the shared server.
type CaseFn = fn(&Case);

struct Case<'a> {
    server: &'a Radicale,
    books: Books,
}

impl Case<'_> {
    fn device(&self) -> Device {
        Device::on(self.server, &self.books)
    }

    /// The phone's one card holding `needle`: (href, text, etag).
    fn card(&self, needle: &str) -> (String, String, String) {
        let mut found = self.server.phone().find(&self.books.cards, needle);
        assert_eq!(found.len(), 1, "one card on the server holds {needle:?}");
        found.remove(0)
    }

    /// The phone rewrites the card holding `needle` over the version it read.
    fn phone_edit(&self, needle: &str, edit: impl FnOnce(&str) -> String) {
        let (href, text, etag) = self.card(needle);
        let new = edit(&text);
        assert_ne!(new, text, "the phone changes something");
        assert_eq!(self.server.phone().put(&href, &new, &etag), 204, "{href}");
    }

    fn server_cards(&self) -> Vec<String> {
        let phone = self.server.phone();
        phone
            .list(&self.books.cards)
            .into_iter()
            .map(|(href, _)| phone.get(&href).0)
            .collect()
    }
}

/// `kith sync` that carried nothing and changed nothing anywhere.
fn quiet(report: &str) -> bool {
    report.contains("In Kith: 0 added, 0 updated, 0 deleted, 0 in conflict.")
        && report.contains("Written for the server: 0 added, 0 updated, 0 deleted")
        && report.contains(
            "vdirsyncer: 0 uploaded, 0 deleted on the server; 0 downloaded, 0 deleted here.",
        )
}

/// A second sync on each device carries nothing and rewrites no file.
fn settled(devices: &[&Device]) {
    for d in devices {
        let before = files_with_times(&d.contacts_dir());
        let dump = || {
            let mut s = String::new();
            for f in std::fs::read_dir(d.contacts_dir()).unwrap() {
                let p = f.unwrap().path();
                s.push_str(&format!(
                    "== {}\n{}",
                    p.display(),
                    std::fs::read_to_string(&p).unwrap()
                ));
            }
            s
        };
        let was = dump();
        let out = d.sync();
        assert!(
            quiet(&out),
            "a second sync is quiet: {out}\nBEFORE\n{was}\nAFTER\n{}",
            dump()
        );
        assert_eq!(files_with_times(&d.contacts_dir()), before);
    }
}

fn people(d: &Device) -> Vec<String> {
    let v = d.json(&["list", "--json"]);
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

fn bodies(p: &Value) -> BTreeSet<String> {
    p["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap().to_string())
        .collect()
}

/// Replaces the line starting with `prefix` (and its folded continuation).
fn replace_line(text: &str, prefix: &str, new: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    let mut done = false;
    for l in text.split_inclusive('\n') {
        if l.starts_with(' ') && skipping {
            continue;
        }
        skipping = l.starts_with(prefix);
        if skipping {
            if !done {
                out.push_str(new);
                out.push_str("\r\n");
                done = true;
            }
        } else {
            out.push_str(l);
        }
    }
    out
}

fn add_before_end(text: &str, lines: &str) -> String {
    text.replace("END:VCARD", &format!("{lines}END:VCARD"))
}

/// 4: a phone that drops every `X-KITH-*` line (and changes the company)
/// loses nothing in Kith: notes, meetings and rhythm stay, the company is the
/// phone's, and Kith's lines come back on the server for the other device.
fn a_phone_dropping_kiths_lines_loses_nothing(c: &Case) {
    let a = c.device();
    sync_rounds::add_anna_at_rustconf(&|args| a.ok(args));
    a.sync();
    let before = a.json(&["show", "anna", "--json"]);
    c.phone_edit("FN:Anna de Vries", |t| {
        let mut out = String::new();
        let mut skipping = false;
        for l in t.split_inclusive('\n') {
            if l.starts_with(' ') && skipping {
                continue;
            }
            skipping = l.to_uppercase().starts_with("X-KITH-");
            if !skipping {
                out.push_str(l);
            }
        }
        replace_line(&out, "ORG", "ORG:Globex")
    });
    let (_, text, _) = c.card("FN:Anna de Vries");
    assert!(!text.to_uppercase().contains("X-KITH"), "{text}");
    let out = a.sync();
    assert!(out.contains("In Kith: 0 added, 1 updated"), "{out}");
    let after = a.json(&["show", "anna", "--json"]);
    assert_eq!(after["company"], "Globex", "the phone's edit is taken");
    assert_eq!(bodies(&after), bodies(&before), "no note lost");
    assert_eq!(after["meetings"], before["meetings"]);
    assert_eq!(after["cadence_days"], 30);
    let (_, text, _) = c.card("FN:Anna de Vries");
    let upper = text.to_uppercase();
    for back in ["X-KITH-RHYTHM:30", "X-KITH-NOTE", "ORG:GLOBEX"] {
        assert!(upper.contains(back), "{back} on the server: {text}");
    }
    let b = c.device();
    b.sync();
    let on_b = b.json(&["show", "anna", "--json"]);
    assert_eq!(bodies(&on_b), bodies(&before));
    assert_eq!(on_b["cadence_days"], 30);
    assert_eq!(meetings(&on_b), meetings(&before), "the meeting reached B");
    assert_eq!(meetings(&before).len(), 1);
    settled(&[&a, &b]);
}

/// 6: notes added on A and on B before either syncs both survive, beside a
/// field changed on B, and reach both devices.
fn notes_added_on_two_devices_at_once_both_survive(c: &Case) {
    let a = c.device();
    a.ok(&["add", "Anna de Vries", "--email", "anna@acme.example"]);
    a.sync();
    let b = c.device();
    b.sync();
    a.ok(&["log", "anna", "note from A"]);
    b.ok(&["log", "anna", "note from B"]);
    b.ok(&["edit", "person", "anna", "--title", "CTO"]);
    a.sync();
    b.sync();
    a.sync();
    let on_a = a.json(&["show", "anna", "--json"]);
    let on_b = b.json(&["show", "anna", "--json"]);
    assert_eq!(bodies(&on_a), bodies(&on_b));
    assert!(
        bodies(&on_a).contains("note from A") && bodies(&on_a).contains("note from B"),
        "{:?}",
        bodies(&on_a)
    );
    assert_eq!(on_a["title"], "CTO");
    assert_eq!(people(&a), ["Anna de Vries"]);
    assert_eq!(people(&b), ["Anna de Vries"]);
    settled(&[&a, &b]);
}

/// 11: a card that changes in the device's folder between Kith's pull and
/// its push (vdirsyncer downloading a phone's edit at that moment) is left
/// alone by the push and taken by the next sync, with Kith's own change.
fn a_card_changed_between_pull_and_push_waits_for_the_next_sync(c: &Case) {
    let a = c.device();
    a.ok(&["add", "Anna de Vries", "--company", "Acme"]);
    a.sync();
    let dir = a.contacts_dir();
    let dir = dir.to_str().unwrap();
    a.ok(&["vdir", "pull", dir]);
    let card = std::fs::read_dir(dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("FN:Anna de Vries")
        })
        .expect("Anna's card in the folder");
    let text = std::fs::read_to_string(&card).unwrap();
    std::fs::write(&card, replace_line(&text, "ORG", "ORG:Globex")).unwrap();
    a.ok(&["edit", "person", "anna", "--title", "CTO"]);
    let out = a.ok(&["vdir", "push", dir]);
    assert!(out.contains("left for the next"), "{out}");
    assert!(std::fs::read_to_string(&card)
        .unwrap()
        .contains("ORG:Globex"));
    a.sync();
    let (_, text, _) = c.card("FN:Anna de Vries");
    let upper = text.to_uppercase();
    assert!(
        upper.contains("ORG:GLOBEX") && upper.contains("TITLE:CTO"),
        "{text}"
    );
    let b = c.device();
    b.sync();
    let anna = b.json(&["show", "anna", "--json"]);
    assert_eq!(
        (anna["company"].as_str(), anna["title"].as_str()),
        (Some("Globex"), Some("CTO"))
    );
    settled(&[&a, &b]);
}

/// 3: the phone changes a number and adds a photo, related names with labels
/// and a NOTE: Kith takes the new number instead of the old (not beside it),
/// and its next push keeps everything the phone wrote.
fn phone_edit_is_taken_and_its_unknown_lines_kept(c: &Case) {
    let a = c.device();
    a.ok(&[
        "add",
        "Anna de Vries",
        "--email",
        "anna@acme.example",
        "--phone",
        "+31 6 1111 1111",
        "--note",
        "talked about SQLite at the edge",
    ]);
    a.sync();
    let b = c.device();
    b.sync();
    c.phone_edit("FN:Anna de Vries", |t| {
        add_before_end(
            &replace_line(t, "TEL", "TEL;TYPE=cell:+31 6 2222 2222"),
            "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJ\r\n \
             CQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/\r\n\
             item1.X-ABRELATEDNAMES:Bram de Vries\r\nitem1.X-ABLabel:_$!<Spouse>!$_\r\n\
             X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Annie\r\n\
             NOTE:met again at the meetup\r\n",
        )
    });
    let out = a.sync();
    assert!(out.contains("In Kith: 0 added, 1 updated"), "{out}");
    let anna = a.json(&["show", "anna", "--json"]);
    assert_eq!(
        values(&anna, "phone"),
        BTreeSet::from(["+31 6 2222 2222".to_string()]),
        "the new number instead of the old"
    );
    assert!(bodies(&anna).contains("met again at the meetup"));
    assert!(bodies(&anna).contains("talked about SQLite at the edge"));
    // Kith changes the card: the phone's lines stay, its number too.
    a.ok(&["edit", "person", "anna", "--title", "CTO"]);
    a.sync();
    let (_, text, _) = c.card("FN:Anna de Vries");
    // Radicale writes property names in capitals and escapes the `;` of an
    // unknown property's value; what they say is the phone's.
    let upper = text.to_uppercase();
    for kept in [
        "PHOTO;ENCODING=B;TYPE=JPEG:/9J/4AAQSKZJRGABAQAAAQABAAD/2WBDAAGGBGCGBQGHBWCJCQGKDBQNDASLDBKSEW8UHROFHH0AHBWGJC4NICISIXWCKDCPLDAXNDQ0HYC5PTGYPC4ZNDL/",
        "ITEM1.X-ABRELATEDNAMES:BRAM DE VRIES",
        "ITEM1.X-ABLABEL:_$!<SPOUSE>!$_",
        "X-ANDROID-CUSTOM:VND.ANDROID.CURSOR.ITEM/NICKNAME\\;ANNIE",
        "NOTE:MET AGAIN AT THE MEETUP",
        "TITLE:CTO",
    ] {
        assert!(upper.contains(kept), "{kept} kept: {text}");
    }
    assert!(
        !text.contains("1111 1111"),
        "the old number never comes back"
    );
    assert_eq!(text.matches("TEL").count(), 1, "{text}");
    // B takes the phone's edit and A's the same way.
    b.sync();
    let anna = b.json(&["show", "anna", "--json"]);
    assert_eq!(
        values(&anna, "phone"),
        BTreeSet::from(["+31 6 2222 2222".to_string()])
    );
    assert_eq!(anna["title"], "CTO");
    settled(&[&a, &b]);
}

/// 7: a contact deleted on the phone archives its person on both devices
/// (restorable) and never comes back on the server.
fn phone_deletion_archives_and_does_not_come_back(c: &Case) {
    let a = c.device();
    a.ok(&["add", "Anna de Vries", "--email", "anna@acme.example"]);
    a.ok(&["add", "Dirk Jansen", "--phone", "+31 6 3333 3333"]);
    a.ok(&["log", "dirk", "owes me a coffee"]);
    a.sync();
    let b = c.device();
    b.sync();
    let (href, _, etag) = c.card("FN:Dirk Jansen");
    let code = c.server.phone().delete(&href, &etag);
    assert!(code == 200 || code == 204, "DELETE {href}: {code}");
    for d in [&a, &b] {
        let out = d.sync();
        assert!(out.contains("1 deleted"), "{out}");
        assert_eq!(people(d), ["Anna de Vries"]);
        assert!(d.ok(&["list", "--archived"]).contains("Dirk Jansen"));
    }
    settled(&[&a, &b, &a]);
    assert_eq!(c.server_cards().len(), 1, "Dirk's card never comes back");
    // Archived, not deleted: restoring brings the card back with the note.
    a.ok(&["unarchive", "dirk"]);
    a.sync();
    let (_, text, _) = c.card("FN:Dirk Jansen");
    assert!(text.contains("owes me a coffee"), "{text}");
    let out = b.sync();
    assert!(out.contains("(card back: restored)"), "{out}");
    assert_eq!(people(&b), ["Anna de Vries", "Dirk Jansen"]);
}

/// 7: a merge in Kith removes the duplicate's card from the server and from
/// the other device, which ends with one person; a second card the phone
/// makes of someone is kept and named until the user merges it.
fn merge_removes_the_duplicate_everywhere(c: &Case) {
    let a = c.device();
    a.ok(&["add", "Anna de Vries", "--email", "anna@acme.example"]);
    a.ok(&[
        "add",
        "A. de Vries",
        "--email",
        "anna.private@example.org",
        "--new",
    ]);
    a.sync();
    let b = c.device();
    b.sync();
    assert_eq!(c.server_cards().len(), 2);
    a.ok(&["merge", "Anna de Vries", "anna.private@example.org"]);
    a.sync();
    let cards = c.server_cards();
    assert_eq!(cards.len(), 1, "the duplicate's card is gone");
    assert!(cards[0].contains("anna.private@example.org"));
    b.sync();
    assert_eq!(people(&b), ["Anna de Vries"]);
    assert_eq!(std::fs::read_dir(b.contacts_dir()).unwrap().count(), 1);
    let anna = b.json(&["show", "anna", "--json"]);
    assert!(values(&anna, "email").contains("anna.private@example.org"));
    settled(&[&a, &b]);
    // The phone makes a second card of Anna: kept on the server, named.
    let second = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-anna-2\r\nFN:Anna de Vries\r\n\
                  EMAIL:anna@acme.example\r\nTEL;TYPE=cell:+31 6 4444 4444\r\nEND:VCARD\r\n";
    assert_eq!(
        c.server
            .phone()
            .create(&c.books.cards, "phone-anna-2.vcf", second),
        201
    );
    let out = a.kith().arg("sync").output().unwrap();
    let warned = String::from_utf8_lossy(&out.stderr);
    assert!(warned.contains("two cards, one person?"), "{warned}");
    assert!(warned.contains("phone-anna-2.vcf"), "{warned}");
    assert_eq!(c.server_cards().len(), 2, "no card removed unasked");
    let list = a.json(&["list", "--json"]);
    let ids: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("#{}", p["id"]))
        .collect();
    assert_eq!(ids.len(), 2);
    a.ok(&["merge", &ids[0], &ids[1]]);
    a.sync();
    let cards = c.server_cards();
    assert_eq!(cards.len(), 1, "merged: one card");
    assert!(cards[0].contains("4444 4444"), "{}", cards[0]);
    b.sync();
    assert_eq!(people(&b), ["Anna de Vries"]);
    settled(&[&a, &b]);
}

/// 7: a person deleted in Kith leaves the server, and the other device
/// keeps them archived (restorable), not active.
fn a_deletion_in_kith_reaches_the_server_and_the_other_device(c: &Case) {
    let a = c.device();
    a.ok(&["add", "Anna de Vries", "--email", "anna@acme.example"]);
    a.ok(&["add", "Bo Li", "--email", "bo@example.org"]);
    a.sync();
    let b = c.device();
    b.sync();
    assert_eq!(people(&b), ["Anna de Vries", "Bo Li"]);
    a.ok(&["rm", "person", "bo", "--yes"]);
    a.sync();
    let cards = c.server_cards();
    assert_eq!(cards.len(), 1, "{cards:?}");
    assert!(cards[0].contains("Anna de Vries"));
    b.sync();
    assert_eq!(people(&b), ["Anna de Vries"]);
    let archived = b.json(&["list", "--archived", "--json"]);
    assert_eq!(
        archived[0]["name"], "Bo Li",
        "kept archived on B: {archived}"
    );
    settled(&[&a, &b]);
}

/// 8: an iPhone card whose UID has `:ABPerson`, and Kith's own people with
/// UIDs no file name may hold, never make two files of one UID (vdirsyncer
/// would stop every sync with "multiple items with the same UID").
fn abperson_uids_make_one_file_each(c: &Case) {
    let phone_card = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n\
                      UID:4A2B9C1D-0E3F-4A5B-8C7D-6E5F4A3B2C1D:ABPerson\r\nN:Li;Bo;;;\r\nFN:Bo Li\r\n\
                      TEL;type=CELL;type=VOICE;type=pref:+31 6 5555 5555\r\nEND:VCARD\r\n";
    assert_eq!(
        c.server
            .phone()
            .create(&c.books.cards, "5F1E2D3C-iphone.vcf", phone_card),
        201
    );
    let a = c.device();
    let src = a.dir.path().join("in.vcf");
    // And a UID of 300 bytes with `/` and `@`: longer than a file name may be.
    let long_uid = format!("{}@example.org/{}", "k".repeat(150), "z".repeat(136));
    std::fs::write(
        &src,
        format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:urn:uuid:77@example.org/x:ABPerson\r\nFN:Eve Stone\r\nEND:VCARD\r\n\
             BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{long_uid}\r\nFN:Long Uid\r\nEND:VCARD\r\n"
        ),
    )
    .unwrap();
    a.ok(&["import", src.to_str().unwrap()]);
    let out = a.sync();
    assert!(out.contains("In Kith: 1 added"), "{out}");
    a.ok(&["log", "bo", "met at the station"]);
    a.sync();
    let b = c.device();
    b.sync();
    b.ok(&["log", "eve", "a talk"]);
    b.sync();
    a.sync();
    assert_eq!(people(&a), ["Bo Li", "Eve Stone", "Long Uid"]);
    assert_eq!(people(&b), ["Bo Li", "Eve Stone", "Long Uid"]);
    assert!(bodies(&b.json(&["show", "bo", "--json"])).contains("met at the station"));
    assert!(bodies(&a.json(&["show", "eve", "--json"])).contains("a talk"));
    let cards = c.server_cards();
    assert_eq!(cards.len(), 3);
    assert!(
        cards.iter().any(|t| t.contains(&long_uid[..60])),
        "the long UID is on the server"
    );
    for d in [&a, &b] {
        for f in std::fs::read_dir(d.contacts_dir()).unwrap() {
            let name = f.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.contains(':') && !name.contains('/'), "{name}");
        }
    }
    settled(&[&a, &b]);
}

/// 5 and 9: different fields changed on A and on the phone are both kept,
/// the same field is a conflict (the server's value kept, undoable), and a
/// field set back right after a download is still uploaded: every card Kith
/// writes has a new REV, so vdirsyncer never takes it for the text it had.
fn no_conflict_or_revert_with_vdirsyncer(c: &Case) {
    let a = c.device();
    a.ok(&[
        "add",
        "Anna de Vries",
        "--company",
        "Acme",
        "--title",
        "CTO",
        "--email",
        "anna@acme.example",
    ]);
    a.sync();
    // Different fields: both kept.
    a.ok(&["edit", "person", "anna", "--company", "Acme Labs"]);
    c.phone_edit("FN:Anna de Vries", |t| {
        replace_line(t, "TITLE", "TITLE:VP Engineering")
    });
    let out = a.sync();
    assert!(out.contains("0 in conflict"), "{out}");
    assert!(
        !out.contains("onflict:"),
        "vdirsyncer saw no conflict: {out}"
    );
    let (_, text, _) = c.card("FN:Anna de Vries");
    assert!(
        text.contains("ORG:Acme Labs") && text.contains("TITLE:VP Engineering"),
        "{text}"
    );
    // The same field: the server's value kept, the conflict named.
    a.ok(&["edit", "person", "anna", "--title", "Chief Architect"]);
    c.phone_edit("FN:Anna de Vries", |t| {
        replace_line(t, "TITLE", "TITLE:Head of Data")
    });
    let out = a.sync();
    assert!(out.contains("1 in conflict"), "{out}");
    assert!(out.contains("title changed in Kith"), "{out}");
    assert_eq!(a.json(&["show", "anna", "--json"])["title"], "Head of Data");
    // Set back right after the download: still uploaded.
    c.phone_edit("FN:Anna de Vries", |t| {
        replace_line(t, "ORG", "ORG:Phone Corp")
    });
    a.sync();
    assert_eq!(a.json(&["show", "anna", "--json"])["company"], "Phone Corp");
    a.ok(&["edit", "person", "anna", "--company", "Acme Labs"]);
    let out = a.sync();
    assert!(out.contains("vdirsyncer: 1 uploaded"), "{out}");
    let (_, text, _) = c.card("FN:Anna de Vries");
    assert!(text.contains("ORG:Acme Labs"), "{text}");
    let b = c.device();
    b.sync();
    let anna = b.json(&["show", "anna", "--json"]);
    assert_eq!(
        (&anna["company"], &anna["title"]),
        (&Value::from("Acme Labs"), &Value::from("Head of Data"))
    );
    settled(&[&a, &b]);
}

/// A parameter value with `:`, `;` or `,` is quoted, and survives Radicale's
/// rewriting of the card: the label reaches the other device whole.
fn a_parameter_with_a_colon_survives_radicale(c: &Case) {
    let a = c.device();
    a.ok(&["add", "Eve Stone", "--email", "eve@example.org"]);
    let id = a.json(&["show", "eve", "--json"])["contact_points"][0]["id"].to_string();
    a.ok(&["edit", "contact", &id, "--label", "work: main; home, too"]);
    a.sync();
    let (_, text, _) = c.card("FN:Eve Stone");
    assert!(text.contains("\"work: main; home, too\""), "{text}");
    let b = c.device();
    b.sync();
    let eve = b.json(&["show", "eve", "--json"]);

    assert_eq!(eve["contact_points"][0]["label"], "work: main; home, too");
    assert_eq!(eve["contact_points"][0]["value"], "eve@example.org");
    settled(&[&a, &b]);
}

#[test]
fn card_cases_against_one_radicale() {
    if !radicale::tools() {
        return;
    }
    let server = Radicale::start();
    let cases: [(&str, CaseFn); 10] = [
        (
            "kith-delete",
            a_deletion_in_kith_reaches_the_server_and_the_other_device,
        ),
        (
            "pull-push-race",
            a_card_changed_between_pull_and_push_waits_for_the_next_sync,
        ),
        ("phone-edit", phone_edit_is_taken_and_its_unknown_lines_kept),
        ("kith-lines", a_phone_dropping_kiths_lines_loses_nothing),
        ("same-time", notes_added_on_two_devices_at_once_both_survive),
        (
            "phone-delete",
            phone_deletion_archives_and_does_not_come_back,
        ),
        ("merge", merge_removes_the_duplicate_everywhere),
        ("abperson", abperson_uids_make_one_file_each),
        ("rev", no_conflict_or_revert_with_vdirsyncer),
        ("colon", a_parameter_with_a_colon_survives_radicale),
    ];
    let only = std::env::var("KITH_CASE").ok();
    let mut failed = Vec::new();
    for (name, case) in cases {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let c = Case {
            server: &server,
            books: server.add_books(&format!("{name}-cards"), &format!("{name}-tasks")),
        };
        let started = std::time::Instant::now();
        if catch_unwind(AssertUnwindSafe(|| case(&c))).is_err() {
            failed.push(name);
        }
        eprintln!("case {name}: {:.1} s", started.elapsed().as_secs_f64());
    }
    assert!(failed.is_empty(), "failed cases: {failed:?}");
}
