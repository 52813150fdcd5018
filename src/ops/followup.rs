//! Closing a person's prompt on Today (an after-event follow-up or a
//! reconnect): you followed up, and a touch is logged, or there is nothing
//! to do now, and the dismissal is recorded as a reset of the reconnect
//! clock. Either way the prompt leaves Today at once.

use crate::error::{Error, Result};
use crate::model::{NoteKind, Reminder};
use crate::store::notes::{self, NewNote};
use crate::store::{people, prompts, reminders, Store};
use crate::when::Clock;

/// What happened with a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// You followed up: a touch (`talk` or `gave`) with what you did.
    Touch { kind: NoteKind, body: String },
    /// Nothing to do now: the prompt goes, the reconnect clock starts again.
    Dismiss,
}

/// What closing a prompt did.
#[derive(Debug, Clone, PartialEq)]
pub struct Closed {
    pub note_id: Option<i64>,
    /// The person's open follow-ups (reminders), which a touch may also settle.
    pub open: Vec<Reminder>,
}

/// The text of a touch logged without one: "followed up after RustConf 2026".
pub fn default_body(store: &Store, person_id: i64) -> Result<String> {
    Ok(match prompts::where_met(store.conn(), person_id)? {
        Some((at, _)) => format!("followed up after {at}"),
        None => "followed up".to_string(),
    })
}

/// Records what happened with a person's prompt, in one transaction.
pub fn close(
    store: &mut Store,
    person_id: i64,
    outcome: &Outcome,
    clock: &Clock,
) -> Result<Closed> {
    if let Outcome::Touch { kind, body } = outcome {
        if !matches!(kind, NoteKind::Talk | NoteKind::Gave) {
            return Err(Error::Invalid(format!(
                "a follow-up is a talk or a gift, not a {} note",
                kind.as_str()
            )));
        }
        if body.trim().is_empty() {
            return Err(Error::Invalid("say what you did to follow up".into()));
        }
    }
    let now = clock.now;
    let label = match outcome {
        Outcome::Touch { .. } => format!("Followed up with {}", super::name_of(store, person_id)),
        Outcome::Dismiss => format!(
            "Dismissed the prompt for {}",
            super::name_of(store, person_id)
        ),
    };
    store.change(&label, |tx| {
        people::get_person(tx, person_id)?;
        let note_id = match outcome {
            Outcome::Touch { kind, body } => Some(notes::insert_note(
                tx,
                &NewNote {
                    person_id,
                    event_id: None,
                    kind: *kind,
                    body: body.trim().to_string(),
                    happened_at: now,
                },
                now,
            )?),
            Outcome::Dismiss => {
                people::bump(tx, person_id, now)?;
                None
            }
        };
        Ok(Closed {
            note_id,
            open: reminders::open_for_person(tx, person_id)?,
        })
    })
}
