//! The three-way merge of a person: the card as Kith last saw it (the base),
//! the card now (theirs: the phone, the server, another device) and Kith
//! now (ours, compared with Kith as of the base).
//!
//! - A single field: the side that changed it wins; when both changed it to
//!   different values, the card's value wins and the conflict is reported.
//! - Emails, phones, addresses, web pages and tags are sets: what the card
//!   added is added, what it removed is removed, and Kith's own additions
//!   and removals stay.
//! - Notes and meetings are matched by their stable id: both sides' new ones
//!   are kept (a union), a change is merged like a single field, and one
//!   that a Kith-written card no longer has was deleted on another device.
//! - A card without any `X-KITH-*` line (a client that dropped them) changes
//!   nothing of Kith's own data.

use std::collections::{HashMap, HashSet};

use super::card::{point_id, tag_id, KMeeting, KNote, KithPart, View};
use crate::store::interop::EventData;

/// Both sides changed one field to different values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub field: String,
    /// Kith's value, which was set aside.
    pub kith: String,
    /// The card's value, which was kept.
    pub card: String,
}

fn show<T: std::fmt::Debug>(v: &Option<T>) -> String {
    match v {
        None => "(none)".into(),
        Some(x) => {
            let s = format!("{x:?}");
            s.trim_matches('"').to_string()
        }
    }
}

/// One field: the side that changed wins; both → the card, reported.
fn field<T: PartialEq + Clone + std::fmt::Debug>(
    name: &str,
    base: &T,
    theirs: &T,
    kith_base: &T,
    ours: &T,
    conflicts: &mut Vec<Conflict>,
    shown: impl Fn(&T) -> String,
) -> T {
    let they_changed = theirs != base;
    let we_changed = ours != kith_base;
    if !they_changed {
        return ours.clone();
    }
    if we_changed && ours != theirs {
        conflicts.push(Conflict {
            field: name.to_string(),
            kith: shown(ours),
            card: shown(theirs),
        });
    }
    theirs.clone()
}

/// A set: ours, less what the card removed, plus what it added.
fn set<T: Clone>(base: &[T], theirs: &[T], ours: &[T], key: impl Fn(&T) -> String) -> Vec<T> {
    let base_keys: HashSet<String> = base.iter().map(&key).collect();
    let their_keys: HashSet<String> = theirs.iter().map(&key).collect();
    let mut out: Vec<T> = Vec::new();
    let mut seen = HashSet::new();
    for x in ours {
        let k = key(x);
        let removed = base_keys.contains(&k) && !their_keys.contains(&k);
        if !removed && seen.insert(k) {
            out.push(x.clone());
        }
    }
    for x in theirs {
        let k = key(x);
        if !base_keys.contains(&k) && seen.insert(k) {
            out.push(x.clone());
        }
    }
    out
}

/// Items with a stable id (notes, meetings): a union, each merged as a field.
#[allow(clippy::too_many_arguments)]
fn by_id<T: Clone + PartialEq + std::fmt::Debug>(
    what: &str,
    base: &[T],
    theirs: &[T],
    kith_base: &[T],
    ours: &[T],
    id: impl Fn(&T) -> &str,
    conflicts: &mut Vec<Conflict>,
    shown: impl Fn(&T) -> String,
) -> Vec<T> {
    let index = |xs: &[T]| -> HashMap<String, T> {
        xs.iter().map(|x| (id(x).to_string(), x.clone())).collect()
    };
    let (b, t, kb) = (index(base), index(theirs), index(kith_base));
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for x in ours {
        let k = id(x).to_string();
        seen.insert(k.clone());
        match (b.get(&k), t.get(&k)) {
            // Deleted on the card's side: gone, unless Kith changed it since.
            (Some(_), None) => {
                if kb.get(&k) != Some(x) {
                    out.push(x.clone());
                }
            }
            (Some(bx), Some(tx)) => {
                let kbx = kb.get(&k).unwrap_or(bx);
                let merged = field(
                    &format!("{what} {}", shown(x)),
                    &Some(bx.clone()),
                    &Some(tx.clone()),
                    &Some(kbx.clone()),
                    &Some(x.clone()),
                    conflicts,
                    |v| v.as_ref().map_or_else(String::new, &shown),
                );
                out.extend(merged);
            }
            (None, Some(tx)) => {
                // Both sides have it new (the same note reached both): the
                // card's copy, like any field both sides set.
                out.push(if tx != x { tx.clone() } else { x.clone() });
            }
            (None, None) => out.push(x.clone()),
        }
    }
    for x in theirs {
        let k = id(x).to_string();
        // New on the card's side; one Kith deleted since the base stays deleted.
        if !seen.contains(&k) && !b.contains_key(&k) && !kb.contains_key(&k) {
            seen.insert(k);
            out.push(x.clone());
        }
    }
    out
}

/// The merged view, and the conflicts (each settled for the card).
pub fn merge(base: &View, theirs: &View, kith_base: &View, ours: &View) -> (View, Vec<Conflict>) {
    let mut c = Vec::new();
    let text = |v: &Option<String>| show(v);
    let name = field(
        "name",
        &base.name,
        &theirs.name,
        &kith_base.name,
        &ours.name,
        &mut c,
        |s| s.clone(),
    );
    let company = field(
        "company",
        &base.company,
        &theirs.company,
        &kith_base.company,
        &ours.company,
        &mut c,
        text,
    );
    let title = field(
        "title",
        &base.title,
        &theirs.title,
        &kith_base.title,
        &ours.title,
        &mut c,
        text,
    );
    let birthday = field(
        "birthday",
        &base.birthday,
        &theirs.birthday,
        &kith_base.birthday,
        &ours.birthday,
        &mut c,
        text,
    );
    let card_note = field(
        "note",
        &base.card_note,
        &theirs.card_note,
        &kith_base.card_note,
        &ours.card_note,
        &mut c,
        text,
    );
    let points = set(&base.points, &theirs.points, &ours.points, point_id);
    let tags = set(&base.tags, &theirs.tags, &ours.tags, |t| tag_id(t));
    // A card that lost every X-KITH line says nothing of Kith's data.
    let their_kith = if theirs.kith.present {
        &theirs.kith
    } else {
        &base.kith
    };
    let base_kith = &base.kith;
    let (kb, ok) = (&kith_base.kith, &ours.kith);
    let rhythm = field(
        "rhythm",
        &base_kith.rhythm,
        &their_kith.rhythm,
        &kb.rhythm,
        &ok.rhythm,
        &mut c,
        show,
    );
    let bump = field(
        "bump",
        &base_kith.bump,
        &their_kith.bump,
        &kb.bump,
        &ok.bump,
        &mut c,
        text,
    );
    let snooze = field(
        "snooze",
        &base_kith.snooze,
        &their_kith.snooze,
        &kb.snooze,
        &ok.snooze,
        &mut c,
        text,
    );
    let notes = by_id(
        "note",
        &base_kith.notes,
        &their_kith.notes,
        &kb.notes,
        &ok.notes,
        |n: &KNote| n.uuid.as_str(),
        &mut c,
        |n| n.body.chars().take(40).collect(),
    );
    let meetings = by_id(
        "meeting",
        &base_kith.meetings,
        &their_kith.meetings,
        &kb.meetings,
        &ok.meetings,
        |m: &KMeeting| m.uuid.as_str(),
        &mut c,
        |m| m.met_on.to_string(),
    );
    // Events are shared by many people: the card's copy is taken when it
    // differs from the base, and none is deleted here.
    let mut events: Vec<EventData> = ok.events.clone();
    for e in &their_kith.events {
        let changed = !base_kith.events.contains(e);
        match events.iter_mut().find(|x| x.uid == e.uid) {
            Some(x) if changed => *x = e.clone(),
            Some(_) => {}
            None => events.push(e.clone()),
        }
    }
    let view = View {
        name,
        company,
        title,
        birthday,
        points,
        tags,
        card_note,
        kith: KithPart {
            present: true,
            rhythm,
            bump,
            snooze,
            notes,
            meetings,
            events,
        },
    };
    (view, c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ContactKind, ContactPoint, NoteKind};

    fn phone(v: &str) -> ContactPoint {
        ContactPoint {
            kind: ContactKind::Phone,
            label: None,
            value: v.into(),
        }
    }

    fn note(id: &str, body: &str) -> KNote {
        KNote {
            uuid: id.into(),
            kind: NoteKind::Talk,
            at: "2026-11-20T10:00:00Z".into(),
            body: body.into(),
            event: None,
            mark: None,
            met_on: None,
        }
    }

    fn base() -> View {
        View {
            name: "Anna".into(),
            company: Some("Acme".into()),
            title: Some("CTO".into()),
            points: vec![phone("+31 6 1"), phone("+31 6 2")],
            kith: KithPart {
                present: true,
                notes: vec![note("a", "one")],
                ..KithPart::default()
            },
            ..View::default()
        }
    }

    #[test]
    fn different_fields_are_both_kept() {
        let b = base();
        let mut theirs = b.clone();
        theirs.company = Some("Globex".into());
        let mut ours = b.clone();
        ours.title = Some("CEO".into());
        let (m, c) = merge(&b, &theirs, &b, &ours);
        assert_eq!(m.company.as_deref(), Some("Globex"));
        assert_eq!(m.title.as_deref(), Some("CEO"));
        assert!(c.is_empty());
    }

    #[test]
    fn the_same_field_changed_on_both_sides_is_a_conflict_the_card_wins() {
        let b = base();
        let mut theirs = b.clone();
        theirs.company = Some("Globex".into());
        let mut ours = b.clone();
        ours.company = Some("Initech".into());
        let (m, c) = merge(&b, &theirs, &b, &ours);
        assert_eq!(m.company.as_deref(), Some("Globex"));
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].kith, "Initech");
    }

    #[test]
    fn a_number_removed_on_the_card_is_removed_and_kiths_new_one_stays() {
        let b = base();
        let mut theirs = b.clone();
        theirs.points.remove(0);
        let mut ours = b.clone();
        ours.points.push(phone("+31 6 3"));
        let (m, _) = merge(&b, &theirs, &b, &ours);
        let values: Vec<&str> = m.points.iter().map(|p| p.value.as_str()).collect();
        assert_eq!(values, ["+31 6 2", "+31 6 3"]);
    }

    #[test]
    fn notes_are_a_union_and_a_card_without_kith_lines_deletes_nothing() {
        let b = base();
        let mut theirs = b.clone();
        theirs.kith.notes.push(note("b", "theirs"));
        let mut ours = b.clone();
        ours.kith.notes.push(note("c", "ours"));
        let (m, _) = merge(&b, &theirs, &b, &ours);
        assert_eq!(m.kith.notes.len(), 3);
        let mut dropped = b.clone();
        dropped.kith = KithPart::default();
        let (m, _) = merge(&b, &dropped, &b, &b);
        assert_eq!(m.kith.notes, b.kith.notes);
        // A Kith-written card without the note: deleted on another device.
        let mut deleted = b.clone();
        deleted.kith.notes.clear();
        let (m, _) = merge(&b, &deleted, &b, &b);
        assert!(m.kith.notes.is_empty());
    }
}
