//! A deterministic, realistic demo store: events in several cities over the
//! years, people met there and people imported from an address book, with
//! names in several languages, notes of every kind, overdue, due, snoozed and
//! repeating follow-ups, rhythms of their own and by tag, and birthdays. Dates
//! are relative to today so the demo always has something to do.
//!
//! Each part is its own function (events, the hand-written people and their
//! follow-ups here; the generated people in [`generated`]), so a new kind of
//! data is one more function.

mod generated;

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::model::{ContactKind, ContactPoint, NoteKind};
use crate::ops::capture::url_point;
use crate::store::events::{self, NewEvent, NewMeeting};
use crate::store::notes::{self, NewNote};
use crate::store::people::{self, NewPerson};
use crate::store::reminders::{self, NewReminder};
use crate::store::{bulk, interop, Store};
use crate::when::{at_noon, Clock};

/// Events: name, days ago, length in days, place.
const EVENTS: &[(&str, u64, u64, &str)] = &[
    ("RustConf 2026", 3, 2, "Amsterdam"),
    ("Rust Meetup Utrecht", 10, 1, "Utrecht"),
    ("Web Summit 2026", 30, 3, "Lisbon"),
    ("PyCon DE 2026", 150, 3, "Berlin"),
    ("FOSDEM 2026", 290, 2, "Brussels"),
];

/// A hand-written person: name, company, title, email domain, event index,
/// cadence, birthday (MM-DD offset in days from today, with or without year).
struct Core {
    name: &'static str,
    company: &'static str,
    title: &'static str,
    event: usize,
    cadence: Option<i64>,
    tags: &'static [&'static str],
    /// (kind, days ago, body)
    notes: &'static [(NoteKind, u64, &'static str)],
}

const CORE: &[Core] = &[
    Core {
        name: "Anna de Vries",
        company: "Acme",
        title: "Engineering Manager",
        event: 0,
        cadence: Some(60),
        tags: &["rust", "hiring"],
        notes: &[
            (
                NoteKind::Met,
                3,
                "talked about SQLite at the edge and WAL mode",
            ),
            (
                NoteKind::Learned,
                3,
                "she is hiring two Rust developers for the storage team",
            ),
        ],
    },
    Core {
        name: "Dirk Jansen",
        company: "Brightlane",
        title: "CTO",
        event: 3,
        cadence: Some(30),
        tags: &["close", "python"],
        notes: &[
            (NoteKind::Met, 150, "met at the PyCon DE speakers' dinner"),
            (
                NoteKind::Talk,
                140,
                "call about their data pipeline rewrite",
            ),
            (
                NoteKind::Learned,
                135,
                "training for the Berlin marathon in September",
            ),
            (NoteKind::Asked, 135, "asked for feedback on our beta"),
            (
                NoteKind::Talk,
                130,
                "coffee in Berlin; beta feedback was sharp and useful",
            ),
        ],
    },
    Core {
        name: "José García",
        company: "Lisboa Labs",
        title: "Founder",
        event: 2,
        cadence: Some(30),
        tags: &["founder", "network"],
        notes: &[
            (
                NoteKind::Met,
                30,
                "met at the Web Summit startup stand; building offline-first maps",
            ),
            (
                NoteKind::Learned,
                30,
                "looking for a seed investor with hardware experience",
            ),
            (NoteKind::Promise, 29, "send him the intro to Ingrid"),
        ],
    },
    Core {
        name: "Zoë Müller",
        company: "Stadtwerke Köln",
        title: "Data Engineer",
        event: 1,
        cadence: None,
        tags: &["rust"],
        notes: &[(
            NoteKind::Met,
            10,
            "gave a lightning talk on Polars in production",
        )],
    },
    Core {
        name: "Søren Nielsen",
        company: "Fjord Systems",
        title: "Staff Engineer",
        event: 0,
        cadence: None,
        tags: &["rust", "embedded"],
        notes: &[
            (
                NoteKind::Met,
                3,
                "embedded Rust on wind turbines; wants to try async",
            ),
            (NoteKind::Gave, 2, "sent the embassy-rs talk recording"),
        ],
    },
    Core {
        name: "田中 愛子",
        company: "Kumo KK",
        title: "Product Lead",
        event: 2,
        cadence: Some(90),
        tags: &["product", "network"],
        notes: &[
            (NoteKind::Met, 30, "panel on local-first software"),
            (NoteKind::Learned, 29, "moving to Amsterdam next spring"),
        ],
    },
    Core {
        name: "Łukasz Nowak",
        company: "Vistula Soft",
        title: "Consultant",
        event: 4,
        cadence: None,
        tags: &["network"],
        notes: &[
            (
                NoteKind::Met,
                290,
                "FOSDEM Rust devroom, hallway talk about CRDTs",
            ),
            (NoteKind::Talk, 280, "video call about a consulting gig"),
            (NoteKind::Gave, 270, "introduced him to Anna's team"),
            (NoteKind::Talk, 250, "he thanked me; the gig worked out"),
        ],
    },
    Core {
        name: "Priya Raman",
        company: "Northwind Health",
        title: "Head of Platform",
        event: 3,
        cadence: Some(90),
        tags: &["client", "close"],
        notes: &[
            (NoteKind::Met, 150, "client visit follow-up at PyCon DE"),
            (
                NoteKind::Talk,
                20,
                "quarterly check-in; renewal looks likely",
            ),
            (
                NoteKind::Learned,
                20,
                "her daughter starts university in Delft",
            ),
            (
                NoteKind::Gave,
                19,
                "sent the list of student housing sites in Delft",
            ),
        ],
    },
    Core {
        name: "Chloé Dubois",
        company: "Atelier Numérique",
        title: "Designer",
        event: 2,
        cadence: None,
        tags: &["design"],
        notes: &[
            (NoteKind::Met, 30, "designs terminal UIs; loves ratatui"),
            (NoteKind::Note, 29, "prefers Signal over email"),
        ],
    },
    Core {
        name: "Mehmet Yılmaz",
        company: "Bosphorus Data",
        title: "Data Scientist",
        event: 1,
        cadence: None,
        tags: &["python"],
        notes: &[(NoteKind::Met, 10, "asked good questions about FTS5 ranking")],
    },
    Core {
        name: "Ingrid Berg",
        company: "Nordic Angels",
        title: "Partner",
        event: 4,
        cadence: Some(180),
        tags: &["investor", "network"],
        notes: &[
            (NoteKind::Met, 290, "investor breakfast at FOSDEM"),
            (
                NoteKind::Learned,
                200,
                "invests in hardware and climate startups",
            ),
            (NoteKind::Talk, 200, "lunch in Oslo"),
        ],
    },
    Core {
        name: "Olúwadámilọ́lá Adébáyọ̀",
        company: "Lagos Cloud",
        title: "SRE",
        event: 0,
        cadence: None,
        tags: &["rust"],
        notes: &[(
            NoteKind::Met,
            3,
            "runs SQLite on 2,000 edge nodes; wants the WAL slides",
        )],
    },
];

const FIRST: &[&str] = &[
    "Emma", "Lucas", "Mila", "Noah", "Sofia", "Liam", "Yuki", "Mateo", "Amara", "Elif", "Jonas",
    "Chiara", "Ravi", "Ana", "Henrik", "Fatima", "Pedro", "Ines", "Tomás", "Maja", "Wei", "Leila",
    "Oskar", "Nadia",
];
const LAST: &[&str] = &[
    "Bakker",
    "Visser",
    "Smit",
    "Schmidt",
    "Rossi",
    "Kowalski",
    "Silva",
    "Novak",
    "Haddad",
    "Sato",
    "Kim",
    "Okafor",
    "Larsen",
    "Moreau",
    "Fischer",
    "Costa",
    "Horvat",
    "Andersson",
    "Öztürk",
    "Ferreira",
];
const COMPANIES: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella Analytics",
    "Hooli",
    "Stark Robotics",
    "Wayne Logistics",
    "Tyrell Bio",
    "Cyberdyne",
    "Soylent Foods",
    "Vandelay Imports",
    "Wonka Labs",
];
const TITLES: &[&str] = &[
    "Engineer",
    "Senior Engineer",
    "Product Manager",
    "Designer",
    "CTO",
    "Founder",
    "Recruiter",
    "Data Scientist",
];
const TOPICS: &[&str] = &[
    "talked about SQLite at the edge",
    "compared notes on hiring juniors",
    "wants to learn Rust this winter",
    "is moving to Berlin next year",
    "building a local-first notes app",
    "looking for a new role in platform teams",
    "runs a meetup on data engineering",
    "training for a half marathon",
    "has a newborn; sleeps little",
    "evaluating Postgres vs SQLite for mobile",
];

const CITIES: &[&str] = &[
    "Amsterdam",
    "Berlin",
    "Lisbon",
    "Paris",
    "London",
    "Madrid",
    "Milan",
    "Vienna",
    "Prague",
    "Warsaw",
    "Copenhagen",
    "Stockholm",
    "Helsinki",
    "Dublin",
    "Zurich",
    "Barcelona",
    "Munich",
    "Tokyo",
    "Lagos",
    "Toronto",
];
const EVENT_KINDS: &[&str] = &[
    "Rust Meetup",
    "Data Summit",
    "Product Day",
    "DevOps Days",
    "Founders Dinner",
    "PyData",
];

const DETAILS: &[&str] = &[
    "follow up after the holidays",
    "her team uses Kubernetes on bare metal",
    "recommended the book Designing Data-Intensive Applications",
    "knows the organisers of PyCon Italia",
    "looking for a co-founder with sales experience",
    "wants an intro to a climate investor",
    "prefers Signal over email",
    "moving from Lisbon to Amsterdam",
    "asked about our WAL checkpointing",
    "speaks Dutch, Portuguese and Japanese",
    "coaching a youth football team",
    "writing a book on distributed systems",
    "hiring a staff engineer in Berlin",
    "interested in open-source funding",
    "learning the cello",
    "migrating from MySQL to Postgres",
];

/// A small deterministic generator, so the demo is the same on every machine.
pub(crate) struct Lcg(u64);
impl Lcg {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub(crate) fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() as usize) % xs.len()]
    }
}

/// A made-up address as people write theirs: accents dropped, not the
/// letters that bear them ("José" gives jose@, never jos@).
fn email_for(name: &str, company: &str) -> String {
    let ascii = |s: &str| -> String {
        crate::fold::fold(s)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect()
    };
    let local = ascii(name.split_whitespace().next().unwrap_or("hello"));
    let domain = ascii(company);
    let local = if local.is_empty() {
        "hello".to_string()
    } else {
        local
    };
    format!("{local}@{domain}.example")
}

fn days_ago(today: NaiveDate, n: u64) -> Result<NaiveDate> {
    today
        .checked_sub_days(Days::new(n))
        .ok_or_else(|| Error::Invalid("demo dates out of range".into()))
}

fn days_on(today: NaiveDate, n: u64) -> Result<NaiveDate> {
    today
        .checked_add_days(Days::new(n))
        .ok_or_else(|| Error::Invalid("demo dates out of range".into()))
}

/// Above this many people the demo is written in bulk: the search index is
/// rebuilt once at the end instead of after every row, and no undo step is
/// recorded (a million rows to undo would double the work).
const BULK_FROM: usize = 2_000;

/// How many notes the demo writes: a realistic spread, or exactly `total`
/// (when that is at least what the hand-written people have).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notes {
    Spread,
    Total(usize),
}

/// What the demo wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Filled {
    pub people: usize,
    pub notes: usize,
    pub follow_ups: usize,
}

/// Fills an empty store with the demo: the hand-written people, then generated
/// ones up to `people` in all. Refuses a store that already has people.
pub fn fill(store: &mut Store, people_wanted: usize, clock: &Clock) -> Result<usize> {
    fill_with(store, people_wanted, Notes::Spread, clock).map(|f| f.people)
}

/// `fill`, with a chosen number of notes; one transaction either way.
pub fn fill_with(
    store: &mut Store,
    people_wanted: usize,
    notes: Notes,
    clock: &Clock,
) -> Result<Filled> {
    let existing = people::count(store.conn())?;
    if existing > 0 {
        return Err(Error::Invalid(format!(
            "this store already has {existing} people; the demo goes into an empty store (use --db PATH)"
        )));
    }
    if people_wanted >= BULK_FROM {
        store.maintain(|tx| {
            crate::store::bulk_write::large_cache(tx)?;
            bulk::with_search_rebuilt_after(tx, |tx| write_demo(tx, people_wanted, notes, clock))
        })
    } else {
        store.change(&format!("Added the demo ({people_wanted} people)"), |tx| {
            write_demo(tx, people_wanted, notes, clock)
        })
    }
}

fn write_demo(
    tx: &Connection,
    people_wanted: usize,
    notes_wanted: Notes,
    clock: &Clock,
) -> Result<Filled> {
    // A person's notes, meetings and tags go in before the person (checked at
    // commit), so their summaries are computed once, not once per row.
    interop::defer_foreign_keys(tx)?;
    let recent = recent_events(tx, clock)?;
    let budget = match notes_wanted {
        Notes::Spread => None,
        Notes::Total(n) => Some(n),
    };
    let mut filled = core_people(tx, people_wanted, &recent, budget, clock)?;
    core_follow_ups(tx, filled.people, clock)?;
    crate::demo_links::add(tx, clock)?;
    needs_and_offers(tx, clock)?;
    // Introductions and needs add notes and follow-ups of their own: count
    // what the hand-written part holds, so the generated people make up
    // exactly the rest.
    filled.notes = notes::count_all(tx)?;
    filled.follow_ups = reminders::count_all(tx)?;
    let more = generated::people(
        tx,
        &generated::Wanted {
            people: people_wanted.saturating_sub(filled.people),
            notes: budget.map(|n| n.saturating_sub(filled.notes)),
        },
        &recent,
        clock,
    )?;
    filled.people += more.people;
    filled.notes += more.notes;
    filled.follow_ups += more.follow_ups;
    Ok(filled)
}

/// An event people were met at: its id, first day and place.
pub(crate) type Met = (i64, NaiveDate, &'static str);

/// The hand-written recent events.
fn recent_events(tx: &Connection, clock: &Clock) -> Result<Vec<Met>> {
    let mut out = Vec::new();
    for (name, ago, len, place) in EVENTS {
        let starts_on = days_ago(clock.today, *ago)?;
        let e = NewEvent {
            name: name.to_string(),
            starts_on,
            ends_on: Some(days_on(starts_on, len - 1)?),
            place: Some(place.to_string()),
            description: None,
        };
        out.push((events::insert_event(tx, &e, clock.now)?, starts_on, *place));
    }
    Ok(out)
}

/// The hand-written people, with their notes (at most `budget` notes in all).
fn core_people(
    tx: &Connection,
    people_wanted: usize,
    events: &[Met],
    budget: Option<usize>,
    clock: &Clock,
) -> Result<Filled> {
    let (today, now) = (clock.today, clock.now);
    let mut filled = Filled::default();
    for (i, core) in CORE.iter().enumerate().take(people_wanted) {
        let birthday = match i {
            1 => Some(format!("1984-{}", days_on(today, 3)?.format("%m-%d"))),
            5 => Some(format!("--{}", days_on(today, 6)?.format("%m-%d"))),
            // A leap-day birthday (1980 was a leap year).
            7 => Some("1980-02-29".to_string()),
            _ => None,
        };
        let id = people::insert_person(
            tx,
            &NewPerson {
                uid: None,
                name: core.name.into(),
                company: Some(core.company.into()),
                title: Some(core.title.into()),
                cadence_days: core.cadence,
                birthday,
            },
            now,
        )?;
        people::add_contact_point(
            tx,
            id,
            &ContactPoint {
                kind: ContactKind::Email,
                label: Some("work".into()),
                value: email_for(core.name, core.company),
            },
        )?;
        let slug: String = email_for(core.name, core.company)
            .split('@')
            .next()
            .unwrap_or("x")
            .into();
        people::add_contact_point(
            tx,
            id,
            &url_point(&format!("https://www.linkedin.com/in/{slug}-{i}")),
        )?;
        if i % 3 == 0 {
            let phone = ContactPoint {
                kind: ContactKind::Phone,
                label: Some("mobile".into()),
                value: format!("+31 6 {:04} {:04}", 1000 + i * 37, 2000 + i * 91),
            };
            people::add_contact_point(tx, id, &phone)?;
        }
        for t in core.tags {
            people::add_tag(tx, id, t)?;
        }
        let (event_id, met_on, place) = events[core.event];
        let context = core.notes.first().map(|n| n.2.to_string());
        events::insert_meeting(
            tx,
            &NewMeeting {
                person_id: id,
                event_id: Some(event_id),
                met_on,
                place: Some(place.into()),
                context,
            },
            now,
        )?;
        for (kind, ago, body) in core.notes {
            if budget.is_some_and(|b| filled.notes >= b) {
                break;
            }
            let note_id = notes::insert_note(
                tx,
                &NewNote {
                    person_id: id,
                    event_id: (*kind == NoteKind::Met).then_some(event_id),
                    kind: *kind,
                    body: body.to_string(),
                    happened_at: at_noon(days_ago(today, *ago)?),
                },
                now,
            )?;
            filled.notes += 1;
            if *kind == NoteKind::Promise {
                let r = NewReminder {
                    person_id: Some(id),
                    note_id: Some(note_id),
                    body: body.to_string(),
                    due_on: days_ago(today, ago - 7)?,
                    repeat_days: None,
                };
                reminders::insert(tx, &r, now)?;
                filled.follow_ups += 1;
            }
        }
        filled.people += 1;
    }
    Ok(filled)
}

/// Follow-ups of the hand-written people (the first `added` of them).
fn core_follow_ups(tx: &Connection, added: usize, clock: &Clock) -> Result<usize> {
    let follow_ups: &[(usize, i64, &str, Option<i64>)] = &[
        (0, 2, "send Anna the WAL slides", None),
        (0, 0, "ask Anna about the storage team roadmap", None),
        (7, 0, "quarterly check-in with Priya", Some(90)),
        (8, 5, "show Chloé the new TUI sketches", None),
        (10, -4, "send Ingrid the climate deck", None),
    ];
    let mut n = 0;
    for (who, late, body, every) in follow_ups {
        if *who >= added {
            continue;
        }
        let person_id = i64::try_from(*who + 1).unwrap_or(1);
        let due_on = if *late >= 0 {
            days_ago(clock.today, *late as u64)?
        } else {
            days_on(clock.today, late.unsigned_abs())?
        };
        let r = NewReminder {
            person_id: Some(person_id),
            note_id: None,
            body: body.to_string(),
            due_on,
            repeat_days: *every,
        };
        reminders::insert(tx, &r, clock.now)?;
        n += 1;
    }
    Ok(n)
}

/// Needs and offers among the hand-written people: José needs a hardware
/// investor and Ingrid invests in hardware, Anna is hiring Rust developers
/// and Søren can help with that — matches Today proposes as introductions;
/// Priya wants an intro to a climate investor (a note that reads like a
/// need, left for `N`); Mehmet's need of a designer was met. Answers how
/// many notes it added. People the demo left out are skipped.
/// (who, days ago, what, mark, met days ago)
type DemoLearned = (
    &'static str,
    u64,
    &'static str,
    Option<crate::needs::Mark>,
    Option<u64>,
);

fn needs_and_offers(tx: &Connection, clock: &Clock) -> Result<usize> {
    use crate::needs::Mark;
    use crate::store::needs as marks;
    let marked: &[(&str, &str, Mark)] = &[
        (
            "José García",
            "looking for a seed investor with hardware experience",
            Mark::Need,
        ),
        (
            "Ingrid Berg",
            "invests in hardware and climate startups",
            Mark::Offer,
        ),
        (
            "Anna de Vries",
            "she is hiring two Rust developers for the storage team",
            Mark::Need,
        ),
    ];
    for (who, body, mark) in marked {
        if let Some(note) = marks::note_of(tx, who, body)? {
            marks::set_mark(tx, note, Some(*mark))?;
        }
    }
    let added: &[DemoLearned] = &[
        (
            "Søren Nielsen",
            40,
            "knows a lot about Rust storage engines; can help with hiring Rust developers",
            Some(Mark::Offer),
            None,
        ),
        (
            "Priya Raman",
            12,
            "wants an intro to a climate investor for the health data spin-off",
            None,
            None,
        ),
        (
            "Mehmet Yılmaz",
            60,
            "looking for a designer for his data notebook tool",
            Some(Mark::Need),
            Some(5),
        ),
        (
            "Chloé Dubois",
            45,
            "offers design reviews for developer tools",
            Some(Mark::Offer),
            None,
        ),
    ];
    let mut n = 0;
    for (who, ago, body, mark, met) in added {
        let Some(person_id) = marks::person_named(tx, who)? else {
            continue;
        };
        let note = notes::insert_note(
            tx,
            &NewNote {
                person_id,
                event_id: None,
                kind: NoteKind::Learned,
                body: body.to_string(),
                happened_at: at_noon(days_ago(clock.today, *ago)?),
            },
            clock.now,
        )?;
        n += 1;
        if let Some(m) = mark {
            marks::set_mark(tx, note, Some(*m))?;
        }
        if let Some(met) = met {
            marks::set_met(tx, note, Some(days_ago(clock.today, *met)?))?;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::email_for;

    #[test]
    fn demo_addresses_drop_accents_not_letters() {
        assert_eq!(
            email_for("José García", "Lisboa Labs"),
            "jose@lisboalabs.example"
        );
        assert_eq!(
            email_for("Søren Nielsen", "Nordic AS"),
            "soren@nordicas.example"
        );
        assert_eq!(email_for("Tomás.Sato7", "Acme"), "tomassato7@acme.example");
        assert_eq!(email_for("田中 愛子", "Acme"), "hello@acme.example");
    }
}
