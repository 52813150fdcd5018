//! Recording people, notes and follow-ups: validated first, then written in
//! one transaction, so a bad field writes nothing.

use chrono::{Days, NaiveDate};

use crate::error::{Error, Result};
use crate::identity::find::Found;
use crate::model::{ContactKind, ContactPoint, Event, NoteKind};
use crate::store::events::{self, NewEvent, NewMeeting};
use crate::store::notes::{self, NewNote};
use crate::store::people::{self, NewPerson};
use crate::store::reminders::{self, NewReminder};
use crate::store::Store;
use crate::when::{at_noon, Clock};

/// A promise with no due date is followed up this many days later.
pub const PROMISE_DEFAULT_DAYS: u64 = 7;

/// A person as typed on the command line or in a form. Dates are already parsed.
#[derive(Debug, Clone, Default)]
pub struct PersonInput {
    pub name: String,
    pub company: Option<String>,
    pub title: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub urls: Vec<String>,
    pub tags: Vec<String>,
    pub birthday: Option<String>,
    pub cadence_days: Option<i64>,
    /// The event met at (must exist).
    pub event: Option<String>,
    /// Where met, when not at an event (or to override the event's place).
    pub at: Option<String>,
    /// When met; defaults to the event's date, or today.
    pub on: Option<NaiveDate>,
    /// What you talked about: a `met` note at the meeting.
    pub note: Option<String>,
    pub follow_up: Option<(NaiveDate, String)>,
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// A URL becomes a `social` point when it is a profile on a known network.
pub fn url_point(url: &str) -> ContactPoint {
    let lower = url.to_lowercase();
    let social = [
        ("linkedin.com", "linkedin"),
        ("github.com", "github"),
        ("mastodon", "mastodon"),
        ("twitter.com", "twitter"),
        ("x.com/", "x"),
        ("bsky.app", "bluesky"),
    ];
    match social.iter().find(|(host, _)| lower.contains(host)) {
        Some((_, label)) => ContactPoint {
            kind: ContactKind::Social,
            label: Some(label.to_string()),
            value: url.trim().to_string(),
        },
        None => ContactPoint {
            kind: ContactKind::Url,
            label: None,
            value: url.trim().to_string(),
        },
    }
}

/// The one event a name refers to, or a clear error.
pub fn find_event(store: &Store, name: &str) -> Result<Event> {
    let found = events::find_by_name(store.conn(), name)?;
    match found.len() {
        0 => Err(Error::Invalid(format!(
            "no event named \"{}\"; add the event first",
            name.trim()
        ))),
        1 => Ok(found
            .into_iter()
            .next()
            .ok_or_else(|| Error::Invalid("no event".into()))?),
        _ if found[0].name.eq_ignore_ascii_case(name.trim())
            && !found[1].name.eq_ignore_ascii_case(name.trim()) =>
        {
            Ok(found
                .into_iter()
                .next()
                .ok_or_else(|| Error::Invalid("no event".into()))?)
        }
        _ => Err(Error::Invalid(format!(
            "\"{}\" names several events: {}",
            name.trim(),
            found
                .iter()
                .map(|e| format!("{} ({})", e.name, e.starts_on))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Adds a person with their contact points, tags, meeting, first note and
/// follow-up, in one transaction. Returns the new id.
pub fn add_person(store: &mut Store, input: &PersonInput, clock: &Clock) -> Result<i64> {
    record(store, input, None, clock)
}

/// Adds what was typed to a person already here: the meeting, note and
/// follow-up; their empty fields filled in; contact points and tags they do
/// not have yet. One transaction.
pub fn attach(
    store: &mut Store,
    person_id: i64,
    input: &PersonInput,
    clock: &Clock,
) -> Result<i64> {
    record(store, input, Some(person_id), clock)
}

/// Who a person as typed already is, by the one identity rule: an exact
/// email or profile URL, else people with the same or a similar name.
pub fn identify(store: &mut Store, input: &PersonInput) -> Result<Found> {
    crate::identity::review::refresh(store)?;
    let probe = crate::identity::find::probe(
        &input.name,
        input.company.as_deref(),
        input.birthday.as_deref(),
        &input.emails,
        &input.urls,
    );
    crate::identity::find::identify(store.conn(), &probe)
}

fn record(
    store: &mut Store,
    input: &PersonInput,
    existing: Option<i64>,
    clock: &Clock,
) -> Result<i64> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(Error::Invalid("a person needs a name".into()));
    }
    for e in &input.emails {
        if !e.contains('@') || e.trim().contains(' ') {
            return Err(Error::Invalid(format!("\"{e}\" is not an email address")));
        }
    }
    if let Some((_, body)) = &input.follow_up {
        if body.trim().is_empty() {
            return Err(Error::Invalid("a follow-up needs a text".into()));
        }
    }
    let event = input
        .event
        .as_deref()
        .map(|n| find_event(store, n))
        .transpose()?;
    let met_on = input.on.or(event.as_ref().map(|e| e.starts_on));
    let place = non_empty(&input.at).or(event.as_ref().and_then(|e| e.place.clone()));
    let note = non_empty(&input.note);
    let records_meeting = event.is_some() || input.on.is_some() || non_empty(&input.at).is_some();
    let now = clock.now;

    let fields = NewPerson {
        uid: None,
        name: name.to_string(),
        company: non_empty(&input.company),
        title: non_empty(&input.title),
        cadence_days: input.cadence_days,
        birthday: input.birthday.clone(),
    };
    let mut points: Vec<ContactPoint> = Vec::new();
    for e in &input.emails {
        points.push(ContactPoint {
            kind: ContactKind::Email,
            label: None,
            value: e.trim().to_string(),
        });
    }
    for p in input.phones.iter().filter(|p| !p.trim().is_empty()) {
        points.push(ContactPoint {
            kind: ContactKind::Phone,
            label: None,
            value: p.trim().to_string(),
        });
    }
    for u in input.urls.iter().filter(|u| !u.trim().is_empty()) {
        points.push(url_point(u));
    }

    let label = match existing {
        None => format!("Added {name}"),
        Some(_) => format!("Added to {name}"),
    };
    store.change(&label, |tx| {
        let id = match existing {
            None => {
                let id = people::insert_person(tx, &fields, now)?;
                for cp in &points {
                    people::add_contact_point(tx, id, cp)?;
                }
                id
            }
            Some(id) => {
                people::fill_empty(tx, id, &fields, now)?;
                for cp in &points {
                    crate::store::interop::add_point_if_missing(tx, id, cp)?;
                }
                id
            }
        };
        for t in input.tags.iter().filter(|t| !t.trim().is_empty()) {
            people::add_tag(tx, id, t)?;
        }
        let day = met_on.unwrap_or(clock.today);
        if records_meeting || note.is_some() {
            events::insert_meeting(
                tx,
                &NewMeeting {
                    person_id: id,
                    event_id: event.as_ref().map(|e| e.id),
                    met_on: day,
                    place: place.clone(),
                    context: note.clone(),
                },
                now,
            )?;
        }
        if let Some(body) = &note {
            notes::insert_note(
                tx,
                &NewNote {
                    person_id: id,
                    event_id: event.as_ref().map(|e| e.id),
                    kind: NoteKind::Met,
                    body: body.clone(),
                    happened_at: if day == clock.today {
                        now
                    } else {
                        at_noon(day)
                    },
                },
                now,
            )?;
        }
        if let Some((due_on, body)) = &input.follow_up {
            reminders::insert(
                tx,
                &NewReminder {
                    person_id: Some(id),
                    note_id: None,
                    body: body.clone(),
                    due_on: *due_on,
                    repeat_days: None,
                },
                now,
            )?;
        }
        Ok(id)
    })
}

/// What `log` recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Logged {
    pub note_id: i64,
    pub reminder_id: Option<i64>,
}

/// Logs a note; a promise also gets a follow-up (on `due`, or a week on).
pub fn log_note(
    store: &mut Store,
    person_id: i64,
    kind: NoteKind,
    body: &str,
    on: Option<NaiveDate>,
    due: Option<NaiveDate>,
    clock: &Clock,
) -> Result<Logged> {
    let body = body.trim();
    if body.is_empty() {
        return Err(Error::Invalid("the note is empty".into()));
    }
    if due.is_some() && kind != NoteKind::Promise {
        return Err(Error::Invalid(
            "only a promise has a due date; add a follow-up for anything else".into(),
        ));
    }
    let happened_at = match on {
        Some(d) if d != clock.today => at_noon(d),
        _ => clock.now,
    };
    let due = match (kind, due) {
        (NoteKind::Promise, Some(d)) => Some(d),
        (NoteKind::Promise, None) => clock
            .today
            .checked_add_days(Days::new(PROMISE_DEFAULT_DAYS)),
        _ => None,
    };
    let now = clock.now;
    let label = format!(
        "Logged {} for {}",
        kind.as_str(),
        super::name_of(store, person_id)
    );
    store.change(&label, |tx| {
        let note_id = notes::insert_note(
            tx,
            &NewNote {
                person_id,
                event_id: None,
                kind,
                body: body.to_string(),
                happened_at,
            },
            now,
        )?;
        let reminder_id = due
            .map(|due_on| {
                reminders::insert(
                    tx,
                    &NewReminder {
                        person_id: Some(person_id),
                        note_id: Some(note_id),
                        body: body.to_string(),
                        due_on,
                        repeat_days: None,
                    },
                    now,
                )
            })
            .transpose()?;
        Ok(Logged {
            note_id,
            reminder_id,
        })
    })
}

pub fn remind(
    store: &mut Store,
    person_id: Option<i64>,
    body: &str,
    due_on: NaiveDate,
    every: Option<i64>,
    clock: &Clock,
) -> Result<i64> {
    if body.trim().is_empty() {
        return Err(Error::Invalid("a follow-up needs a text".into()));
    }
    let r = NewReminder {
        person_id,
        note_id: None,
        body: body.trim().to_string(),
        due_on,
        repeat_days: every,
    };
    let label = match person_id {
        Some(pid) => format!("Added a follow-up for {}", super::name_of(store, pid)),
        None => "Added a follow-up".to_string(),
    };
    store.change(&label, |tx| reminders::insert(tx, &r, clock.now))
}

/// What completing a follow-up did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completed {
    pub next: Option<(i64, NaiveDate)>,
    pub gave_note: Option<i64>,
}

/// Marks a follow-up done; with `gave`, also logs what was given to its person.
pub fn complete(
    store: &mut Store,
    id: i64,
    gave: Option<&str>,
    clock: &Clock,
) -> Result<Completed> {
    let now = clock.now;
    let today = clock.today;
    let label = format!("Marked done: {}", super::reminder_body(store, id));
    store.change(&label, |tx| {
        let r = reminders::get(tx, id)?;
        let next = reminders::complete(tx, id, now, today)?
            .map(|nid| reminders::get(tx, nid).map(|n| (nid, n.due_on)))
            .transpose()?;
        let gave_note = match (gave, r.person_id) {
            (Some(text), Some(pid)) => {
                let body = if text.trim().is_empty() {
                    r.body.as_str()
                } else {
                    text
                };
                Some(notes::insert_note(
                    tx,
                    &NewNote {
                        person_id: pid,
                        event_id: None,
                        kind: NoteKind::Gave,
                        body: body.trim().to_string(),
                        happened_at: now,
                    },
                    now,
                )?)
            }
            (Some(_), None) => {
                return Err(Error::Invalid(format!(
                    "follow-up {id} has no person to log a give for"
                )))
            }
            _ => None,
        };
        Ok(Completed { next, gave_note })
    })
}

pub fn snooze(store: &mut Store, id: i64, until: NaiveDate, clock: &Clock) -> Result<()> {
    if until <= clock.today {
        return Err(Error::Invalid(format!(
            "snooze until a later day than today ({})",
            clock.today
        )));
    }
    let label = format!("Snoozed until {until}: {}", super::reminder_body(store, id));
    store.change(&label, |tx| reminders::snooze(tx, id, until))
}

/// Hides a person's after-event and reconnect prompts until a date.
pub fn snooze_prompt(
    store: &mut Store,
    person_id: i64,
    until: NaiveDate,
    clock: &Clock,
) -> Result<()> {
    if until <= clock.today {
        return Err(Error::Invalid(format!(
            "snooze until a later day than today ({})",
            clock.today
        )));
    }
    let label = format!("Snoozed {} until {until}", super::name_of(store, person_id));
    store.change(&label, |tx| people::snooze_prompt(tx, person_id, until))
}

pub fn add_event(store: &mut Store, e: &NewEvent, clock: &Clock) -> Result<i64> {
    if e.name.trim().is_empty() {
        return Err(Error::Invalid("an event needs a name".into()));
    }
    if e.ends_on.is_some_and(|end| end < e.starts_on) {
        return Err(Error::Invalid(
            "an event cannot end before it starts".into(),
        ));
    }
    let label = format!("Added the event {}", e.name.trim());
    store.change(&label, |tx| events::insert_event(tx, e, clock.now))
}
