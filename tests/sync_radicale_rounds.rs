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

#[path = "common/sync_rounds.rs"]
mod sync_rounds;

use std::collections::BTreeSet;

use radicale::{Device, Radicale};
use sync_rounds::{holdings, PhoneEdit, Rng};

fn seed() -> u64 {
    let seed = std::env::var("KITH_SYNC_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_CA4D)
        | 1;
    eprintln!("KITH_SYNC_SEED={seed}");
    seed
}

/// `kith ARGS` on a device: its output, "" when it failed.
fn run(d: &Device, args: &[&str]) -> String {
    let out = d.kith().args(args).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
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
    match sync_rounds::phone_edit(&text, rng, round, items.len() > 3) {
        PhoneEdit::Delete => assert_eq!(phone.delete(href, &etag), 200, "DELETE {href}"),
        PhoneEdit::Rewrite(new) if new != text => {
            let code = phone.put(href, &new, &etag);
            assert!(code == 201 || code == 204, "PUT {href}: {code}");
        }
        PhoneEdit::Rewrite(_) => {}
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
    sync_rounds::add_seed_people(&|args| a.ok(args));
    a.sync();
    b.sync();
    for round in 0..100 {
        match rng.below(5) {
            0 => sync_rounds::device_round(&|args| run(&a, args), "a", &mut rng, round),
            1 => sync_rounds::device_round(&|args| run(&b, args), "b", &mut rng, round),
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
    let (ha, hb) = (
        holdings(&|args| run(&a, args)),
        holdings(&|args| run(&b, args)),
    );
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
