//! The generated people of the demo, shaped like a real network at any size:
//! a quarter met at events over the years, the rest imported from an address
//! book (about half of them ever touched); a third with a rhythm of their
//! own, some tagged with the README's ruled tags (`close`, `network`); last
//! touches spread over each person's rhythm, so only a minority are due a
//! reconnect; a fifth with a follow-up (a tenth of those repeating, a few
//! overdue, some of those snoozed); a few archived, snoozed or bumped.
//!
//! Each part of a person is written by its own function. Their notes,
//! meeting, contact points and tags go in before the person row (foreign
//! keys are checked at commit), so the summaries kept by triggers are
//! computed once per person, not once per note.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use super::{
    days_ago, days_on, email_for, Filled, Lcg, Met, CITIES, COMPANIES, DETAILS, EVENT_KINDS, FIRST,
    LAST, TITLES, TOPICS,
};
use crate::error::{Error, Result};
use crate::model::{ContactKind, ContactPoint, NoteKind};
use crate::ops::capture::url_point;
use crate::store::bulk_write::{self, NoteUuids};
use crate::store::events::{self, NewEvent, NewMeeting};
use crate::store::notes::NewNote;
use crate::store::people::{self, NewPerson};
use crate::store::reminders::{self, NewReminder};
use crate::store::{edits, interop};
use crate::when::{at_noon, Clock};

/// How many generated people, and exactly how many notes among them (`None`:
/// a few each).
pub(super) struct Wanted {
    pub people: usize,
    pub notes: Option<usize>,
}

/// The tag rhythms of the README's example config.
const RULED_TAGS: &[(&str, i64)] = &[("close", 30), ("network", 90)];
const OTHER_TAGS: &[&str] = &[
    "rust", "python", "client", "investor", "founder", "design", "family", "friend", "hiring",
];
/// Rhythms people set for themselves.
const CADENCES: &[i64] = &[14, 30, 30, 60, 90, 90, 180, 365];
/// The README config's default rhythm, for anyone touched.
const DEFAULT_DAYS: i64 = 180;
/// Events of the last this many days.
const HISTORY_DAYS: u64 = 8 * 365;

const FOLLOW_UPS: &[&str] = &[
    "send the slides from the talk",
    "ask how the new role is going",
    "introduce to someone hiring",
    "share the article on local-first software",
    "check in after the launch",
    "coffee when in town",
    "send the book recommendation",
    "follow up on the proposal",
];
const REPEATS: &[i64] = &[7, 30, 90, 365];

/// What one generated person is: drawn first, then written part by part.
struct Plan {
    name: String,
    company: &'static str,
    title: &'static str,
    cadence: Option<i64>,
    tags: Vec<&'static str>,
    birthday: Option<String>,
    /// The event they were met at, if any.
    met: Option<Met>,
    /// First known, in days ago (the meeting, for people met).
    first_ago: u64,
    /// The last touch, in days ago; `None`: never touched.
    last_ago: Option<u64>,
    /// A talk or gift followed the meeting (people met only).
    followed_up: bool,
}

pub(super) fn people(
    tx: &Connection,
    wanted: &Wanted,
    recent: &[Met],
    clock: &Clock,
) -> Result<Filled> {
    let mut rng = Lcg(0x6b69_7468);
    let history = history_events(tx, wanted.people, &mut rng, clock)?;
    let mut filled = Filled::default();
    let first_id = interop::next_person_id(tx)?;
    let mut uuids = NoteUuids::new();
    for (g, id) in (0..wanted.people).zip(first_id..) {
        let plan = draw(&mut rng, &history, recent, clock.today);
        let count = note_count(wanted, g, &mut rng);
        filled.notes += write_notes(tx, id, &plan, count, &mut rng, &mut uuids, clock)?;
        write_meeting(tx, id, &plan, &mut rng, clock)?;
        write_contacts(tx, id, &plan, g, &mut rng)?;
        for tag in &plan.tags {
            people::add_tag(tx, id, tag)?;
        }
        write_person(tx, id, &plan, clock)?;
        filled.follow_ups += write_follow_ups(tx, id, &plan, &mut rng, clock)?;
        write_state(tx, id, &mut rng, clock)?;
        filled.people += 1;
    }
    Ok(filled)
}

/// Events over the years, about one per 40 generated people.
fn history_events(
    tx: &Connection,
    people: usize,
    rng: &mut Lcg,
    clock: &Clock,
) -> Result<Vec<Met>> {
    let mut out = Vec::new();
    for k in 0..people / 40 {
        let city = CITIES[k % CITIES.len()];
        let starts_on = days_ago(clock.today, 15 + rng.next() % HISTORY_DAYS)?;
        let e = NewEvent {
            name: format!(
                "{} {} {}",
                city,
                rng.pick(EVENT_KINDS),
                starts_on.format("%Y")
            ),
            starts_on,
            ends_on: None,
            place: Some(city.to_string()),
            description: None,
        };
        out.push((events::insert_event(tx, &e, clock.now)?, starts_on, city));
    }
    Ok(out)
}

/// Draws one person.
fn draw(rng: &mut Lcg, history: &[Met], recent: &[Met], today: NaiveDate) -> Plan {
    let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
    let company = rng.pick(COMPANIES);
    let title = rng.pick(TITLES);
    let cadence = rng
        .next()
        .is_multiple_of(3)
        .then(|| CADENCES[(rng.next() as usize) % CADENCES.len()]);
    let mut tags = Vec::new();
    if rng.next().is_multiple_of(25) {
        tags.push(RULED_TAGS[0].0);
    }
    if rng.next().is_multiple_of(7) {
        tags.push(RULED_TAGS[1].0);
    }
    if rng.next().is_multiple_of(3) {
        tags.push(rng.pick(OTHER_TAGS));
    }
    let birthday = rng.next().is_multiple_of(4).then(|| {
        let day = 1 + rng.next() % 28;
        let month = 1 + rng.next() % 12;
        format!("{}-{month:02}-{day:02}", 1960 + rng.next() % 40)
    });
    // A quarter met at an event: one in twenty of them at the recent ones.
    let met = rng.next().is_multiple_of(4).then(|| {
        if history.is_empty() || rng.next().is_multiple_of(20) {
            recent[(rng.next() as usize) % recent.len()]
        } else {
            history[(rng.next() as usize) % history.len()]
        }
    });
    let touched = met.is_some() || rng.next() % 100 < 55;
    // The rhythm under the README's config: own, else the shortest ruled
    // tag, else the one for people met at an event, else the default.
    let rhythm = cadence
        .or(RULED_TAGS
            .iter()
            .filter(|(t, _)| tags.contains(t))
            .map(|(_, d)| *d)
            .min())
        .or(met.map(|_| crate::reconnect::MET_DAYS))
        .unwrap_or(DEFAULT_DAYS) as u64;
    // Last touches spread over 115% of the rhythm: about one in eight is due.
    let spread = rhythm * 115 / 100 + 1;
    let (first_ago, last_ago, followed_up) = match met {
        Some((_, on, _)) => {
            let first = (today - on).num_days().max(0) as u64;
            let recent_event = first <= 30;
            let followed = if recent_event {
                rng.next().is_multiple_of(2)
            } else {
                !rng.next().is_multiple_of(40)
            };
            let last = if followed {
                rng.next() % spread.min(first + 1)
            } else {
                first
            };
            (first, Some(last), followed)
        }
        None if touched => {
            let last = rng.next() % spread;
            (last + rng.next() % 1500, Some(last), true)
        }
        None => (30 + rng.next() % 2500, None, false),
    };
    Plan {
        name,
        company,
        title,
        cadence,
        tags,
        birthday,
        met,
        first_ago,
        last_ago,
        followed_up,
    }
}

/// How many notes generated person `g` gets: a few, or an exact share of the
/// total, the first person a long history (a thousandth of it, at most 1,000).
fn note_count(wanted: &Wanted, g: usize, rng: &mut Lcg) -> usize {
    let Some(total) = wanted.notes else {
        return 1 + (rng.next() % 4) as usize;
    };
    let n = wanted.people;
    let heavy = if n <= 1 {
        total
    } else {
        (total / 1000).min(1000)
    };
    if g == 0 {
        return heavy;
    }
    let (rest, others, i) = (total - heavy, n - 1, g - 1);
    (i + 1) * rest / others - i * rest / others
}

/// The notes of a person: from first known to the last touch; a touch last
/// unless they were never touched or never followed up.
fn write_notes(
    tx: &Connection,
    person_id: i64,
    p: &Plan,
    count: usize,
    rng: &mut Lcg,
    uuids: &mut NoteUuids,
    clock: &Clock,
) -> Result<usize> {
    const TOUCHING: &[NoteKind] = &[
        NoteKind::Learned,
        NoteKind::Talk,
        NoteKind::Note,
        NoteKind::Gave,
        NoteKind::Asked,
        NoteKind::Talk,
    ];
    const QUIET: &[NoteKind] = &[NoteKind::Learned, NoteKind::Note, NoteKind::Asked];
    let topic = rng.pick(TOPICS);
    // Notes run from the first day known to the last touch (or, without
    // one, to half-way to today).
    let (from, to) = match p.last_ago {
        Some(last) if p.followed_up => (p.first_ago, last),
        _ => (p.first_ago, p.first_ago / 2),
    };
    for n in 0..count {
        let last = n + 1 == count && count > 1;
        let kind = match (n, p.met, p.last_ago) {
            (0, Some(_), _) => NoteKind::Met,
            (_, _, None) => QUIET[n % QUIET.len()],
            (_, Some(_), Some(_)) if !p.followed_up => QUIET[n % QUIET.len()],
            _ if last || n == 0 => {
                if rng.next().is_multiple_of(4) {
                    NoteKind::Gave
                } else {
                    NoteKind::Talk
                }
            }
            _ => TOUCHING[n % TOUCHING.len()],
        };
        let ago = if count == 1 {
            if p.met.is_some() {
                from
            } else {
                to
            }
        } else {
            from - (from - to) * n as u64 / (count as u64 - 1)
        };
        let body = if n == 0 {
            topic.to_string()
        } else {
            format!("{}; {}", rng.pick(TOPICS), rng.pick(DETAILS))
        };
        bulk_write::insert(
            tx,
            &NewNote {
                person_id,
                event_id: if kind == NoteKind::Met {
                    p.met.map(|m| m.0)
                } else {
                    None
                },
                kind,
                body,
                happened_at: at_noon(days_ago(clock.today, ago)?),
            },
            uuids,
            clock.now,
        )?;
    }
    Ok(count)
}

fn write_meeting(
    tx: &Connection,
    person_id: i64,
    p: &Plan,
    rng: &mut Lcg,
    clock: &Clock,
) -> Result<()> {
    let Some((event_id, met_on, place)) = p.met else {
        return Ok(());
    };
    events::insert_meeting(
        tx,
        &NewMeeting {
            person_id,
            event_id: Some(event_id),
            met_on,
            place: Some(place.into()),
            context: Some(rng.pick(TOPICS).into()),
        },
        clock.now,
    )?;
    Ok(())
}

fn write_contacts(
    tx: &Connection,
    person_id: i64,
    p: &Plan,
    g: usize,
    rng: &mut Lcg,
) -> Result<()> {
    let email = ContactPoint {
        kind: ContactKind::Email,
        label: None,
        value: email_for(&format!("{}{g}", p.name.replace(' ', ".")), p.company),
    };
    people::add_contact_point(tx, person_id, &email)?;
    if rng.next() % 10 < 3 {
        let phone = ContactPoint {
            kind: ContactKind::Phone,
            label: Some("mobile".into()),
            value: format!("+31 6 {:08}", 10_000_000 + g),
        };
        people::add_contact_point(tx, person_id, &phone)?;
    }
    if rng.next() % 100 < 15 {
        let slug: String = p
            .name
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let url = format!("https://www.linkedin.com/in/{slug}-{g}");
        people::add_contact_point(tx, person_id, &url_point(&url))?;
    }
    Ok(())
}

/// The person row, last: it must get the id their notes were written with.
fn write_person(tx: &Connection, id: i64, p: &Plan, clock: &Clock) -> Result<()> {
    let got = people::insert_person(
        tx,
        &NewPerson {
            uid: None,
            name: p.name.clone(),
            company: Some(p.company.into()),
            title: Some(p.title.into()),
            cadence_days: p.cadence,
            birthday: p.birthday.clone(),
        },
        clock.now,
    )?;
    if got != id {
        return Err(Error::Invalid(format!(
            "demo: person {got} was written where {id} was expected; nothing was saved"
        )));
    }
    Ok(())
}

/// A fifth of the people have a follow-up: a tenth of those repeat, one in
/// twenty is overdue (a third of those snoozed), one in a hundred due today,
/// the rest in the coming months.
fn write_follow_ups(
    tx: &Connection,
    person_id: i64,
    p: &Plan,
    rng: &mut Lcg,
    clock: &Clock,
) -> Result<usize> {
    if !rng.next().is_multiple_of(5) {
        return Ok(0);
    }
    let first = p.name.split(' ').next().unwrap_or("them");
    let body = format!("{} ({first})", rng.pick(FOLLOW_UPS));
    let repeat_days = rng
        .next()
        .is_multiple_of(10)
        .then(|| REPEATS[(rng.next() as usize) % REPEATS.len()]);
    let roll = rng.next() % 100;
    let due_on = match roll {
        0..5 => days_ago(clock.today, 1 + rng.next() % 45)?,
        5 => clock.today,
        _ => days_on(clock.today, 1 + rng.next() % 120)?,
    };
    let id = reminders::insert(
        tx,
        &NewReminder {
            person_id: Some(person_id),
            note_id: None,
            body,
            due_on,
            repeat_days,
        },
        clock.now,
    )?;
    if roll < 5 && rng.next().is_multiple_of(3) {
        let until = clock
            .today
            .checked_add_days(Days::new(1 + rng.next() % 14))
            .unwrap_or(clock.today);
        reminders::snooze(tx, id, until)?;
    }
    Ok(1)
}

/// A few people archived, with their reconnect prompt snoozed, or with the
/// reconnect clock reset.
fn write_state(tx: &Connection, person_id: i64, rng: &mut Lcg, clock: &Clock) -> Result<()> {
    match rng.next() % 100 {
        0 | 1 => edits::set_archived(tx, person_id, Some(clock.now))?,
        2 => {
            let until = days_on(clock.today, 1 + rng.next() % 60)?;
            people::snooze_prompt(tx, person_id, until)?;
        }
        3 => people::bump(tx, person_id, clock.now)?,
        _ => {}
    }
    Ok(())
}
