//! Domain types. They know nothing of SQL or terminals.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What a note records. `met`, `talk` and `gave` are touches: they reset the reconnect clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    Note,
    Met,
    Talk,
    Gave,
    Learned,
    Asked,
    Promise,
}

impl NoteKind {
    pub const ALL: [NoteKind; 7] = [
        NoteKind::Note,
        NoteKind::Met,
        NoteKind::Talk,
        NoteKind::Gave,
        NoteKind::Learned,
        NoteKind::Asked,
        NoteKind::Promise,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Note => "note",
            NoteKind::Met => "met",
            NoteKind::Talk => "talk",
            NoteKind::Gave => "gave",
            NoteKind::Learned => "learned",
            NoteKind::Asked => "asked",
            NoteKind::Promise => "promise",
        }
    }

    pub fn parse(s: &str) -> Option<NoteKind> {
        NoteKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
    }

    pub fn is_touch(self) -> bool {
        matches!(self, NoteKind::Met | NoteKind::Talk | NoteKind::Gave)
    }

    /// A one-character mark for timelines and plain output.
    pub fn symbol(self) -> char {
        match self {
            NoteKind::Note => '·',
            NoteKind::Met => '◆',
            NoteKind::Talk => '●',
            NoteKind::Gave => '↗',
            NoteKind::Learned => '★',
            NoteKind::Asked => '↙',
            NoteKind::Promise => '!',
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContactKind {
    Email,
    Phone,
    Url,
    Social,
    Address,
}

impl ContactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::Email => "email",
            ContactKind::Phone => "phone",
            ContactKind::Url => "url",
            ContactKind::Social => "social",
            ContactKind::Address => "address",
        }
    }

    pub fn parse(s: &str) -> Option<ContactKind> {
        [
            ContactKind::Email,
            ContactKind::Phone,
            ContactKind::Url,
            ContactKind::Social,
            ContactKind::Address,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub uid: String,
    pub name: String,
    pub company: Option<String>,
    pub title: Option<String>,
    pub cadence_days: Option<i64>,
    pub birthday: Option<String>,
    pub archived_at: Option<DateTime<Utc>>,
    pub bumped_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactPoint {
    pub kind: ContactKind,
    pub label: Option<String>,
    pub value: String,
}

/// A stored contact point with the id that names it (to edit or remove it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredContact {
    pub id: i64,
    #[serde(flatten)]
    pub point: ContactPoint,
}

impl std::ops::Deref for StoredContact {
    type Target = ContactPoint;
    fn deref(&self) -> &ContactPoint {
        &self.point
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: i64,
    pub uid: String,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub place: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i64,
    pub person_id: i64,
    pub event_id: Option<i64>,
    pub event: Option<String>,
    pub met_on: NaiveDate,
    pub place: Option<String>,
    pub context: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub id: i64,
    pub person_id: i64,
    pub event_id: Option<i64>,
    pub kind: NoteKind,
    pub body: String,
    pub happened_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reminder {
    pub id: i64,
    pub person_id: Option<i64>,
    pub person: Option<String>,
    pub body: String,
    pub due_on: NaiveDate,
    pub repeat_days: Option<i64>,
    pub snoozed_until: Option<NaiveDate>,
    pub done_at: Option<DateTime<Utc>>,
    pub note_id: Option<i64>,
}

impl Reminder {
    /// The day it shows up: its due date, or later if snoozed.
    pub fn shows_on(&self) -> NaiveDate {
        match self.snoozed_until {
            Some(s) if s > self.due_on => s,
            _ => self.due_on,
        }
    }
}

/// Counts of what you gave and what you asked: the give/ask balance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Balance {
    pub gave: i64,
    pub asked: i64,
}

/// A row of the people list and of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub last_touch: Option<NaiveDate>,
    pub next_follow_up: Option<NaiveDate>,
    /// The give/ask balance: notes of kind `gave` and `asked`.
    pub gave: i64,
    pub asked: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

/// Everything about one person, as `show` and the brief need it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonDetail {
    #[serde(flatten)]
    pub person: Person,
    pub contact_points: Vec<StoredContact>,
    pub tags: Vec<String>,
    pub meetings: Vec<Meeting>,
    /// Newest first.
    pub notes: Vec<Note>,
    /// Open reminders, soonest first.
    pub reminders: Vec<Reminder>,
    pub last_touch: Option<NaiveDate>,
    pub balance: Balance,
    /// Their learned notes marked as needs or offers, newest first.
    pub needs: Vec<crate::needs::Marked>,
    /// Matches of their open needs and offers with other people's.
    pub matches: Vec<crate::needs::GiveMatch>,
    /// Who they are linked to, read from their side.
    #[serde(default)]
    pub links: Vec<crate::links::Link>,
    /// Others met at the same events (computed, not stored).
    #[serde(default)]
    pub also_met: Vec<crate::links::AlsoMet>,
    /// Introductions involving them, open ones first.
    #[serde(default)]
    pub intros: Vec<crate::intro::Intro>,
}

impl PersonDetail {
    pub fn emails(&self) -> impl Iterator<Item = &str> {
        self.contact_points
            .iter()
            .filter(|c| c.kind == ContactKind::Email)
            .map(|c| c.value.as_str())
    }
}
