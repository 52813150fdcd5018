//! The forms: what each asks for, with its pre-filled values. Building one
//! never touches the store; `submit` saves it.

use crate::model::{
    ContactKind, ContactPoint, Event, Meeting, Note, NoteKind, PersonDetail, Reminder,
};
use crate::when::local_date;

use super::action::Target;
use super::contact;
use super::form::{Check, Field, Form};

/// What a form is for.
pub enum Purpose {
    AddPerson,
    /// Capture mode: people met at an event, one after the other.
    Capture {
        event: Event,
        count: usize,
    },
    Note {
        person_id: i64,
        kind: NoteKind,
    },
    Reminder {
        person_id: i64,
    },
    EditPerson {
        person_id: i64,
        /// The contact points the form was filled with, by id, in field order
        /// after the person's own fields.
        contacts: Vec<(i64, ContactPoint)>,
    },
    EditNote {
        id: i64,
    },
    EditReminder {
        id: i64,
    },
    EditMeeting {
        id: i64,
        /// The place shown (the event's when the meeting has none).
        place: String,
    },
    EditEvent {
        id: i64,
    },
    AddEvent,
    SnoozeDate(Target),
    /// Fold a duplicate into this person.
    Merge {
        person_id: i64,
    },
    /// Merge every duplicate pair at or above a confidence.
    MergeAll,
    /// Link the person to someone.
    Link {
        person_id: i64,
    },
    /// Introduce the person to someone.
    Intro {
        person_id: i64,
    },
    /// Introduce the two people of a match: the need's and the offer's.
    IntroMatch {
        need_person: i64,
        offer_person: i64,
        need_id: i64,
        offer_id: i64,
    },
    /// How an introduction turned out (`drop`: why it will not happen).
    IntroOutcome {
        id: i64,
        drop: bool,
    },
}

fn person_fields() -> Vec<Field> {
    vec![
        Field::new("Name", Check::Required, "", "Anna de Vries"),
        Field::new("Company", Check::Text, "", "Acme"),
        Field::new(
            "Email / LinkedIn",
            Check::OptionalContact,
            "",
            "anna@acme.example, a profile URL",
        ),
        Field::new("Talked about", Check::Text, "", "SQLite at the edge"),
        Field::new(
            "Follow up",
            Check::OptionalDate,
            "",
            "fri, in 2w, 2026-12-01 (optional)",
        ),
    ]
}

pub fn add_person() -> Form<Purpose> {
    Form::new("Add a person", Purpose::AddPerson, person_fields())
}

pub fn capture(event: Event, count: usize) -> Form<Purpose> {
    let place = event
        .place
        .clone()
        .map(|p| format!(" · {p}"))
        .unwrap_or_default();
    let context = format!(
        "at {} · {}{place} · {count} captured",
        event.name, event.starts_on
    );
    Form::new(
        format!("Capture at {}", event.name),
        Purpose::Capture { event, count },
        person_fields(),
    )
    .with_context(context)
}

pub fn note(person_id: i64, name: &str, kind: NoteKind, idea: Option<String>) -> Form<Purpose> {
    let mut fields = vec![Field::new("What", Check::Required, "", "")];
    if kind == NoteKind::Promise {
        fields.push(Field::new(
            "Due",
            Check::OptionalDate,
            "",
            "fri, in 2w (default: in a week)",
        ));
    }
    let title = format!("{} \u{2014} {name}", kind.as_str());
    let form = Form::new(title, Purpose::Note { person_id, kind }, fields);
    match idea.filter(|i| !i.is_empty()) {
        Some(idea) => form.with_context(format!("idea: {idea}")),
        None => form,
    }
}

pub fn reminder(person_id: i64, name: &str) -> Form<Purpose> {
    let fields = vec![
        Field::new("What", Check::Required, "", "send the slides"),
        Field::new("Due", Check::Date, "tomorrow", "fri, in 2w, 2026-12-01"),
        Field::new("Repeat every", Check::OptionalDays, "", "90d (optional)"),
    ];
    Form::new(
        format!("Follow-up \u{2014} {name}"),
        Purpose::Reminder { person_id },
        fields,
    )
}

/// How many fields of the person form come before the contact points.
pub const PERSON_FIELDS: usize = 6;

/// The person form: name, company, title, tags, rhythm, birthday, then one
/// field per contact point (empty it to remove the point) and one to add one.
pub fn edit_person(p: &PersonDetail) -> Form<Purpose> {
    let pp = &p.person;
    let mut fields = vec![
        Field::new("Name", Check::Required, &pp.name, ""),
        Field::new(
            "Company",
            Check::Text,
            pp.company.as_deref().unwrap_or(""),
            "",
        ),
        Field::new("Title", Check::Text, pp.title.as_deref().unwrap_or(""), ""),
        Field::new("Tags", Check::Text, &p.tags.join(", "), "comma separated"),
        Field::new(
            "Keep in touch",
            Check::OptionalDays,
            &pp.cadence_days.map(|d| format!("{d}d")).unwrap_or_default(),
            "30d, 3m (empty: no rhythm)",
        ),
        Field::new(
            "Birthday",
            Check::OptionalBirthday,
            pp.birthday.as_deref().unwrap_or(""),
            "1990-03-15 or --03-15",
        ),
    ];
    for cp in &p.contact_points {
        let check = if cp.kind == ContactKind::Address {
            Check::Address
        } else {
            Check::Point
        };
        fields.push(Field::new(contact::field_label(cp), check, &cp.value, ""));
    }
    fields.push(Field::new(
        "Add contact",
        Check::Point,
        "",
        "email, phone or URL",
    ));
    let contacts = p
        .contact_points
        .iter()
        .map(|c| (c.id, c.point.clone()))
        .collect();
    Form::new(
        format!("Edit {}", pp.name),
        Purpose::EditPerson {
            person_id: pp.id,
            contacts,
        },
        fields,
    )
}

pub fn new_event() -> Form<Purpose> {
    let fields = vec![
        Field::new("Name", Check::Required, "", "RustConf 2026"),
        Field::new("Date", Check::Date, "today", "2026-09-12, fri, -3d"),
        Field::new("Place", Check::Text, "", "Amsterdam"),
    ];
    Form::new("New event", Purpose::AddEvent, fields)
}

pub fn snooze_date(target: Target) -> Form<Purpose> {
    let fields = vec![Field::new(
        "Until",
        Check::Date,
        "",
        "fri, in 2w, 2026-12-01",
    )];
    Form::new("Snooze until", Purpose::SnoozeDate(target), fields)
}

pub fn merge(person_id: i64, name: &str) -> Form<Purpose> {
    let fields = vec![Field::new(
        "Duplicate",
        Check::Required,
        "",
        "a name, an email or #id",
    )];
    Form::new(
        format!("Merge a duplicate into {name}"),
        Purpose::Merge { person_id },
        fields,
    )
    .with_context("its notes, meetings, follow-ups, contact points and tags move here")
}

pub fn merge_all(counts: &[(f64, usize)]) -> Form<Purpose> {
    let fields = vec![Field::new(
        "Confidence",
        Check::Confidence,
        "0.95",
        "0.9 (every pair at or above)",
    )];
    let seen: Vec<String> = counts
        .iter()
        .map(|(c, n)| format!("\u{2265}{c}: {n}"))
        .collect();
    Form::new("Merge every pair at or above", Purpose::MergeAll, fields)
        .with_context(format!("pairs {}", seen.join(" · ")))
}

pub fn edit_note(n: &Note) -> Form<Purpose> {
    let fields = vec![
        Field::new("What", Check::Required, &n.body, ""),
        Field::new(
            "Kind",
            Check::NoteKind,
            n.kind.as_str(),
            "talk, met, gave, learned, asked, promise, note",
        ),
        Field::new(
            "When",
            Check::Date,
            &local_date(n.happened_at).to_string(),
            "2026-11-20, yesterday",
        ),
    ];
    Form::new("Change the note", Purpose::EditNote { id: n.id }, fields)
}

pub fn edit_reminder(r: &Reminder) -> Form<Purpose> {
    let fields = vec![
        Field::new("What", Check::Required, &r.body, ""),
        Field::new(
            "Due",
            Check::Date,
            &r.due_on.to_string(),
            "fri, in 2w, 2026-12-01",
        ),
        Field::new(
            "Repeat every",
            Check::OptionalDays,
            &r.repeat_days.map(|d| format!("{d}d")).unwrap_or_default(),
            "90d (empty: once)",
        ),
    ];
    Form::new(
        "Change the follow-up",
        Purpose::EditReminder { id: r.id },
        fields,
    )
}

pub fn edit_meeting(m: &Meeting) -> Form<Purpose> {
    let place = m.place.clone().unwrap_or_default();
    let fields = vec![
        Field::new("When", Check::Date, &m.met_on.to_string(), "2026-11-20"),
        Field::new("Place", Check::Text, &place, "Amsterdam"),
        Field::new("About", Check::Text, m.context.as_deref().unwrap_or(""), ""),
    ];
    Form::new(
        "Change the meeting",
        Purpose::EditMeeting { id: m.id, place },
        fields,
    )
}

pub fn edit_event(e: &Event) -> Form<Purpose> {
    let fields = vec![
        Field::new("Name", Check::Required, &e.name, ""),
        Field::new("Date", Check::Date, &e.starts_on.to_string(), "2026-09-12"),
        Field::new(
            "Place",
            Check::Text,
            e.place.as_deref().unwrap_or(""),
            "Amsterdam",
        ),
    ];
    Form::new(
        format!("Change {}", e.name),
        Purpose::EditEvent { id: e.id },
        fields,
    )
}

/// Links the person to someone: who (picked like a duplicate to merge),
/// how, and where or how it came about.
pub fn link(person_id: i64, name: &str) -> Form<Purpose> {
    let fields = vec![
        Field::new("Person", Check::Required, "", "a name, an email or #id"),
        Field::new(
            "Link",
            Check::Required,
            "knows",
            "introduced by, introduced to, works with, family, or your words",
        ),
        Field::new("Where / how", Check::Text, "", "at FOSDEM 2026 (optional)"),
    ];
    Form::new(
        format!("Link {name} to someone"),
        Purpose::Link { person_id },
        fields,
    )
    .with_context(format!(
        "read as: {name} <link> <person> (\"introduced by Ingrid\")"
    ))
}

/// Introduces the person to someone: who, why, and whether to ask both first.
pub fn intro(person_id: i64, name: &str) -> Form<Purpose> {
    let fields = vec![
        Field::new(
            "Introduce to",
            Check::Required,
            "",
            "a name, an email or #id",
        ),
        Field::new("Why", Check::Text, "", "she invests in hardware (optional)"),
        Field::new(
            "Ask both first",
            Check::Text,
            "yes",
            "yes (double opt-in) or no",
        ),
    ];
    Form::new(
        format!("Introduce {name} to someone"),
        Purpose::Intro { person_id },
        fields,
    )
    .with_context(format!(
        "you ask {name} first, then the other, then introduce them; a follow-up at each step"
    ))
}

/// Introduce the two people of a match, the one with the need asked first,
/// the need and the offer as the reason.
pub fn intro_match(m: &crate::needs::Match) -> Form<Purpose> {
    let fields = vec![
        Field::new(
            "Why",
            Check::Text,
            &crate::needs::intro_reason(m),
            "she invests in hardware (optional)",
        ),
        Field::new(
            "Ask both first",
            Check::Text,
            "yes",
            "yes (double opt-in) or no",
        ),
    ];
    let (a, b) = (
        crate::sanitize::one_line(&m.need_person),
        crate::sanitize::one_line(&m.offer_person),
    );
    Form::new(
        format!("Introduce {a} to {b}"),
        Purpose::IntroMatch {
            need_person: m.need_person_id,
            offer_person: m.offer_person_id,
            need_id: m.need_id,
            offer_id: m.offer_id,
        },
        fields,
    )
    .with_context(format!(
        "you ask {a} first, then {b}, then introduce them; a follow-up at each step"
    ))
}

/// How an introduction turned out, or why it is dropped.
pub fn intro_outcome(i: &crate::intro::Intro, drop: bool) -> Form<Purpose> {
    let (title, label, hint) = if drop {
        ("Drop the introduction", "Why", "they found someone else")
    } else {
        (
            "How did it go?",
            "Outcome",
            "invested, hired, nothing came of it",
        )
    };
    Form::new(
        title,
        Purpose::IntroOutcome { id: i.id, drop },
        vec![Field::new(label, Check::Required, "", hint)],
    )
    .with_context(i.pair())
}
