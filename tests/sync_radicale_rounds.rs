//! A hundred rounds of random edits on two devices and a phone, through a real
//! CardDAV server: each round one device changes someone through the command
//! line, the phone rewrites or deletes a card on the server (`curl` with
//! `If-Match`), or a device runs `kith sync` (vdirsyncer between its vdir and
//! Radicale). At the end everyone syncs until nothing moves, and the two
//! devices and the server hold the same people, contact points and notes,
//! nothing doubled. Needs radicale, vdirsyncer and curl (`.ci/run` installs
//! them). `KITH_SYNC_SEED` replays another sequence; the default is fixed, so
//! a failure here is the same on every run.

#[path = "common/radicale.rs"]
mod radicale;

use std::collections::{BTreeMap, BTreeSet};

use radicale::{Device, Radicale};
use serde_json::Value;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn seed() -> u64 {
    let seed = std::env::var("KITH_SYNC_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_CA4D)
        | 1;
    eprintln!("KITH_SYNC_SEED={seed}");
    seed
}

/// The card without the lines starting with `prefix` (and their folds).
fn without_line(text: &str, prefix: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for l in text.split_inclusive('\n') {
        if l.starts_with(' ') && skipping {
            continue;
        }
        skipping = l.to_uppercase().starts_with(prefix);
        if !skipping {
            out.push_str(l);
        }
    }
    out
}

fn values(p: &Value, kind: &str) -> BTreeSet<String> {
    p["contact_points"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == kind)
        .map(|c| c["value"].as_str().unwrap().to_string())
        .collect()
}

fn bodies(p: &Value) -> BTreeSet<String> {
    p["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            format!(
                "{}: {}",
                n["kind"].as_str().unwrap(),
                n["body"].as_str().unwrap()
            )
        })
        .collect()
}

fn list(d: &Device) -> Vec<Value> {
    d.json(&["list", "--json", "--limit", "1000"])
        .as_array()
        .unwrap()
        .clone()
}

/// What a device holds of everyone active: name → company, emails, phones, notes.
fn holdings(d: &Device) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for p in list(d) {
        let full = d.json(&["show", &format!("#{}", p["id"]), "--json"]);
        let name = full["name"].as_str().unwrap().to_string();
        let summary = format!(
            "company={} emails={:?} phones={:?} notes={:?}",
            full["company"],
            values(&full, "email"),
            values(&full, "phone"),
            bodies(&full)
        );
        assert!(
            out.insert(name.clone(), summary).is_none(),
            "{name} is doubled"
        );
    }
    out
}

/// One random change on a device, through the command line (a change the
/// program refuses, such as a company set to what it is, is fine too).
fn device_round(d: &Device, tag: &str, rng: &mut Rng, round: usize) {
    let people = list(d);
    let someone =
        (!people.is_empty()).then(|| format!("#{}", people[rng.below(people.len())]["id"]));
    let run = |args: &[&str]| {
        let _ = d.kith().args(args).output().unwrap();
    };
    match (rng.below(6), someone) {
        (0, _) | (_, None) => run(&[
            "add",
            &format!("Person {tag}{round}"),
            "--email",
            &format!("p{tag}{round}@example.org"),
            "--new",
        ]),
        (1, Some(p)) => run(&["log", &p, &format!("{tag} note {round}")]),
        (2, Some(p)) => run(&[
            "edit",
            "person",
            &p,
            "--company",
            &format!("{tag} Co {round}"),
        ]),
        (3, Some(p)) => run(&[
            "edit",
            "person",
            &p,
            "--add-email",
            &format!("{tag}{round}@example.net"),
        ]),
        (4, Some(p)) => {
            let full = d.json(&["show", &p, "--json"]);
            if let Some(c) = full["contact_points"].as_array().unwrap().first() {
                run(&["rm", "contact", &c["id"].to_string()]);
            }
        }
        (_, Some(p)) => run(&[
            "edit",
            "person",
            &p,
            "--title",
            &format!("{tag} title {round}"),
        ]),
    }
}

/// The phone: one random edit of one card on the server, written whole over
/// the version it read, or the card deleted.
fn phone_round(server: &Radicale, book: &str, rng: &mut Rng, round: usize) {
    let phone = server.phone();
    let items = phone.list(book);
    if items.is_empty() {
        return;
    }
    let (href, _) = &items[rng.below(items.len())];
    let (text, etag) = phone.get(href);
    let end = |t: &str, line: String| t.replace("END:VCARD", &format!("{line}\r\nEND:VCARD"));
    let new = match rng.below(6) {
        0 if items.len() > 3 => {
            assert_eq!(phone.delete(href, &etag), 200, "DELETE {href}");
            return;
        }
        1 => end(&without_line(&text, "ORG"), format!("ORG:Phone Co {round}")),
        2 => end(&text, format!("TEL;TYPE=cell:+1 555 {round:04}")),
        3 => without_line(&text, "TEL"),
        4 => end(
            &without_line(&text, "NOTE"),
            format!("NOTE:phone note {round}"),
        ),
        // A client that drops Kith's lines.
        _ => without_line(&text, "X-KITH-"),
    };
    if new != text {
        let code = phone.put(href, &new, &etag);
        assert!(code == 201 || code == 204, "PUT {href}: {code}");
    }
}

#[test]
fn a_hundred_rounds_of_random_edits_on_two_devices_and_a_phone_converge() {
    if !radicale::tools() {
        return;
    }
    let mut rng = Rng(seed());
    let server = Radicale::start();
    let books = server.add_books("rounds-cards", "rounds-tasks");
    let a = Device::on(&server, &books);
    let b = Device::on(&server, &books);
    for i in 0..4 {
        a.ok(&[
            "add",
            &format!("Seed {i}"),
            "--email",
            &format!("seed{i}@example.org"),
        ]);
    }
    a.sync();
    b.sync();
    for round in 0..100 {
        match rng.below(5) {
            0 => device_round(&a, "a", &mut rng, round),
            1 => device_round(&b, "b", &mut rng, round),
            2 => phone_round(&server, &books.cards, &mut rng, round),
            3 => {
                a.sync();
            }
            _ => {
                b.sync();
            }
        }
    }
    // Everyone syncs until nothing moves.
    for _ in 0..3 {
        a.sync();
        b.sync();
    }
    let (ha, hb) = (holdings(&a), holdings(&b));
    assert_eq!(
        ha, hb,
        "A and B hold the same people, contact points and notes"
    );
    // The server holds the same people, one card each.
    let phone = server.phone();
    let names: Vec<String> = phone
        .list(&books.cards)
        .iter()
        .map(|(href, _)| {
            let (text, _) = phone.get(href);
            text.lines()
                .find_map(|l| l.strip_prefix("FN:"))
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .collect();
    let unique: BTreeSet<String> = names.iter().cloned().collect();
    assert_eq!(unique.len(), names.len(), "no card doubled: {names:?}");
    assert_eq!(unique, ha.keys().cloned().collect::<BTreeSet<_>>());
}
