//! What the random sync rounds share, on plain folders (`tests/vdir.rs`) and
//! through Radicale (`tests/sync_radicale_rounds.rs`): the random source, a
//! device's random change through the command line, a phone's random rewrite
//! of a card, and what a device holds, to compare at the end.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The card without the lines starting with `prefix` (in any case) and their folds.
pub fn without_line(text: &str, prefix: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for l in text.split_inclusive('\n') {
        if l.starts_with(' ') && skipping {
            continue;
        }
        skipping = l.to_uppercase().starts_with(&prefix.to_uppercase());
        if !skipping {
            out.push_str(l);
        }
    }
    out
}

pub fn values(p: &Value, kind: &str) -> BTreeSet<String> {
    p["contact_points"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == kind)
        .map(|c| c["value"].as_str().unwrap().to_string())
        .collect()
}

/// Where and when each meeting was, as a device shows it.
pub fn meetings(p: &Value) -> BTreeSet<String> {
    p["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} {} {} {}",
                m["met_on"], m["event"], m["place"], m["context"]
            )
        })
        .collect()
}

/// Each note as "kind: body".
pub fn bodies(p: &Value) -> BTreeSet<String> {
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

/// Runs `kith ARGS` on a device, its standard output ("" when it failed).
pub type Run<'a> = &'a dyn Fn(&[&str]) -> String;

fn json(run: Run, args: &[&str]) -> Value {
    serde_json::from_str(&run(args)).unwrap()
}

/// What a device holds of everyone active: name → company, emails, phones, notes.
pub fn holdings(run: Run) -> BTreeMap<String, String> {
    let list = json(run, &["list", "--json", "--limit", "1000"]);
    let mut out = BTreeMap::new();
    for p in list.as_array().unwrap() {
        let full = json(run, &["show", &format!("#{}", p["id"]), "--json"]);
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

/// Anna de Vries of Acme, met at RustConf 2026, with a note of what you
/// talked about, what she is hiring for and a 30-day rhythm: what a synced
/// card carries in Kith's own lines. `ok` runs a command that must succeed.
pub fn add_anna_at_rustconf(ok: Run) {
    ok(&[
        "event",
        "add",
        "RustConf 2026",
        "--on",
        "2026-09-12",
        "--at",
        "Amsterdam",
    ]);
    ok(&[
        "add",
        "Anna de Vries",
        "--company",
        "Acme",
        "--email",
        "anna@acme.example",
        "--event",
        "RustConf 2026",
        "--note",
        "talked about SQLite at the edge",
    ]);
    ok(&[
        "log",
        "anna",
        "she is hiring Rust devs",
        "--kind",
        "learned",
    ]);
    ok(&["cadence", "anna", "30d"]);
}

/// The four people the random rounds start from.
pub fn add_seed_people(ok: Run) {
    for i in 0..4 {
        ok(&[
            "add",
            &format!("Seed {i}"),
            "--email",
            &format!("seed{i}@example.org"),
        ]);
    }
}

/// One random change on a device, through the command line (a change the
/// program refuses is fine too).
pub fn device_round(run: Run, tag: &str, rng: &mut Rng, round: usize) {
    let list = json(run, &["list", "--json", "--limit", "1000"]);
    let people = list.as_array().unwrap();
    let someone =
        (!people.is_empty()).then(|| format!("#{}", people[rng.below(people.len())]["id"]));
    match (rng.below(6), someone) {
        (0, _) | (_, None) => {
            run(&[
                "add",
                &format!("Person {tag}{round}"),
                "--email",
                &format!("p{tag}{round}@example.org"),
                "--new",
            ]);
        }
        (1, Some(p)) => {
            run(&["log", &p, &format!("{tag} note {round}")]);
        }
        (2, Some(p)) => {
            run(&[
                "edit",
                "person",
                &p,
                "--company",
                &format!("{tag} Co {round}"),
            ]);
        }
        (3, Some(p)) => {
            run(&[
                "edit",
                "person",
                &p,
                "--add-email",
                &format!("{tag}{round}@example.net"),
            ]);
        }
        (4, Some(p)) => {
            let full = json(run, &["show", &p, "--json"]);
            if let Some(c) = full["contact_points"].as_array().unwrap().first() {
                run(&["rm", "contact", &c["id"].to_string()]);
            }
        }
        (_, Some(p)) => {
            run(&[
                "edit",
                "person",
                &p,
                "--title",
                &format!("{tag} title {round}"),
            ]);
        }
    }
}

/// What the phone does to one card in a round.
pub enum PhoneEdit {
    Delete,
    Rewrite(String),
}

/// A random edit of a card's text, as a phone writes it whole; a deletion
/// only when `may_delete`.
pub fn phone_edit(text: &str, rng: &mut Rng, round: usize, may_delete: bool) -> PhoneEdit {
    let end = |t: &str, line: String| t.replace("END:VCARD", &format!("{line}\r\nEND:VCARD"));
    PhoneEdit::Rewrite(match rng.below(6) {
        0 if may_delete => return PhoneEdit::Delete,
        1 => end(&without_line(text, "ORG"), format!("ORG:Phone Co {round}")),
        2 => end(text, format!("TEL;TYPE=cell:+1 555 {round:04}")),
        3 => without_line(text, "TEL"),
        4 => end(
            &without_line(text, "NOTE"),
            format!("NOTE:phone note {round}"),
        ),
        // A client that drops Kith's lines.
        _ => without_line(text, "X-KITH-"),
    })
}
