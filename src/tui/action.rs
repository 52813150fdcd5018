//! What a screen asks the app to do after a key: the screen changes its own
//! state; anything that moves between screens, opens a form or writes to the
//! store comes back as an `Action`.

use super::cmd::Cmd;
use super::form::Form;
use super::forms::Purpose;
use super::screens::View;

/// What snoozing or marking done acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Reminder(i64),
    /// An after-event or reconnect prompt of a person.
    Prompt(i64),
}

/// The person a screen is about, with the name it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus {
    pub id: i64,
    pub name: String,
    /// A give idea shown next to the person, if any.
    pub give_idea: Option<String>,
}

/// What a delete key removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deletion {
    Meeting(i64),
    Reminder(i64),
    Note(i64),
    Event(i64),
    Link(i64),
}

pub enum Action {
    /// The key was handled; nothing more to do.
    None,
    /// Not this screen's key: the app's own keys (tabs, help, quit, the
    /// person keys on the focused person) get it.
    Pass(Cmd),
    /// The screen changed what it shows: load it again.
    Reload,
    /// Open a screen on top; Esc comes back here.
    Push(Box<View>),
    Form(Box<Form<Purpose>>),
    /// The one-key prompts.
    Snooze(Target),
    NoteKind(i64),
    Done(Target),
    Demo,
    /// Write a long note in $EDITOR.
    Editor(i64),
    Info(String),
    /// Ask first (delete for good, and the like).
    Confirm(super::app::Confirm),
    /// Fold `drop` into `keep`, taking these fields from `drop`.
    MergePair {
        keep: i64,
        drop: i64,
        take: Vec<crate::store::identity::Field>,
    },
    KeepApart(i64, i64),
    /// Delete a meeting, follow-up, note or event (undo takes it back).
    Delete(Deletion),
    Archive(i64),
    /// Change the need/offer mark of a note.
    Mark(i64, crate::ops::needs::Marking),
    /// Ask, naming what goes, then delete the person for good.
    DeletePerson(i64),
    /// Take the next step of an introduction.
    IntroNext(i64),
    /// Ask for the confidence to merge every pair at or above; with how
    /// many pairs are at or above a few.
    MergeAll(Vec<(f64, usize)>),
}

impl Action {
    pub fn push(view: View) -> Action {
        Action::Push(Box::new(view))
    }

    pub fn form(form: Form<Purpose>) -> Action {
        Action::Form(Box::new(form))
    }
}
