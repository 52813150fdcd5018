//! Marking what people need and offer: a learned note marked as a need or
//! an offer, a need marked met, and a learned note logged already marked.
//! Each is one transaction and one undo step; the matches follow in it.

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::NoteKind;
use crate::needs::Mark;
use crate::store::needs as store_needs;
use crate::store::notes::{self, NewNote};
use crate::store::Store;
use crate::when::{at_noon, Clock};

/// What to do with a note's mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marking {
    /// Mark it a need (reopening it if it was met) or an offer.
    Set(Mark),
    /// The need is met (today).
    Met,
    /// The need is open again.
    Reopen,
    /// No longer a need or an offer.
    Clear,
}

/// What a marking did, to say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    pub person: String,
    /// "Marked as a need", "Marked met", …
    pub said: String,
}

/// Changes the mark of note `note_id`: only a learned note is a need or an
/// offer, and only a need can be met.
pub fn mark(store: &mut Store, note_id: i64, how: Marking, clock: &Clock) -> Result<Marked> {
    let (kind, current) = store_needs::get(store.conn(), note_id)?.ok_or(Error::NotFound {
        what: "note",
        id: note_id,
    })?;
    let person_id = crate::store::notes::get_note(store.conn(), note_id)?.person_id;
    let person = super::name_of(store, person_id);
    if kind != NoteKind::Learned.as_str() && how != Marking::Clear {
        return Err(Error::Invalid(format!(
            "note {note_id} is a {kind} note; only a learned note is a need or an offer (change its kind first)"
        )));
    }
    let is_need = current.as_ref().is_some_and(|m| m.mark == Mark::Need);
    if matches!(how, Marking::Met | Marking::Reopen) && !is_need {
        return Err(Error::Invalid(format!(
            "note {note_id} is not marked as a need; only a need can be met"
        )));
    }
    let said = match how {
        Marking::Set(Mark::Need) => "Marked as a need",
        Marking::Set(Mark::Offer) => "Marked as an offer",
        Marking::Met => "Marked the need met",
        Marking::Reopen => "Opened the need again",
        Marking::Clear => "No longer a need or an offer",
    };
    let label = format!("{said}: {person}");
    let today = clock.today;
    store.change(&label, |tx| match how {
        Marking::Set(m) => store_needs::set_mark(tx, note_id, Some(m)),
        Marking::Clear => store_needs::set_mark(tx, note_id, None),
        Marking::Met => store_needs::set_met(tx, note_id, Some(today)),
        Marking::Reopen => store_needs::set_met(tx, note_id, None),
    })?;
    Ok(Marked {
        person,
        said: said.to_string(),
    })
}

/// Logs a learned note already marked as a need or an offer, in one transaction.
pub fn log_marked(
    store: &mut Store,
    person_id: i64,
    body: &str,
    mark: Mark,
    on: Option<NaiveDate>,
    clock: &Clock,
) -> Result<i64> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::Invalid("the note is empty".into()));
    }
    let happened_at = match on {
        Some(d) if d != clock.today => at_noon(d),
        _ => clock.now,
    };
    let label = format!(
        "Logged {} for {}",
        mark.as_str(),
        super::name_of(store, person_id)
    );
    let now = clock.now;
    store.change(&label, |tx| {
        let id = notes::insert_note(
            tx,
            &NewNote {
                person_id,
                event_id: None,
                kind: NoteKind::Learned,
                body: body.to_string(),
                happened_at,
            },
            now,
        )?;
        store_needs::set_mark(tx, id, Some(mark))?;
        Ok(id)
    })
}

/// The need or offer Kith proposes for a learned note that reads like one
/// and is not marked yet.
pub fn proposal(kind: NoteKind, body: &str, marked: bool) -> Option<Mark> {
    if kind != NoteKind::Learned || marked {
        return None;
    }
    crate::needs::propose(body)
}
