//! A deterministic, realistic demo store: events in several cities, people met
//! there with names in several languages, notes of every kind, overdue, due and
//! repeating follow-ups, cadences and birthdays. Dates are relative to today so
//! the demo always has something to do.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::model::{ContactKind, ContactPoint, NoteKind};
use crate::ops::capture::url_point;
use crate::store::events::{self, NewEvent, NewMeeting};
use crate::store::notes::{self, NewNote};
use crate::store::people::{self, NewPerson};
use crate::store::reminders::{self, NewReminder};
use crate::store::{bulk, Store};
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
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() as usize) % xs.len()]
    }
}

fn email_for(name: &str, company: &str) -> String {
    let local: String = name
        .split_whitespace()
        .next()
        .unwrap_or("hello")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    let domain: String = company
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase();
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
/// rebuilt once at the end instead of after every row.
const BULK_FROM: usize = 2_000;

/// How many notes the demo writes: a realistic spread, or about `total` in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notes {
    Spread,
    Total(usize),
}

/// What the demo wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filled {
    pub people: usize,
    pub notes: usize,
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
    store.write(|tx| {
        if people_wanted >= BULK_FROM {
            bulk::with_search_rebuilt_after(tx, |tx| write_demo(tx, people_wanted, notes, clock))
        } else {
            write_demo(tx, people_wanted, notes, clock)
        }
    })
}

fn write_demo(
    tx: &Connection,
    people_wanted: usize,
    notes_wanted: Notes,
    clock: &Clock,
) -> Result<Filled> {
    let today = clock.today;
    let now = clock.now;
    let mut event_ids = Vec::new();
    for (name, ago, len, place) in EVENTS {
        let starts_on = days_ago(today, *ago)?;
        let e = NewEvent {
            name: name.to_string(),
            starts_on,
            ends_on: Some(days_on(starts_on, len - 1)?),
            place: Some(place.to_string()),
            description: None,
        };
        event_ids.push((events::insert_event(tx, &e, now)?, starts_on, *place));
    }

    let mut added = 0;
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
        let (event_id, met_on, place) = event_ids[core.event];
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
            if *kind == NoteKind::Promise {
                let r = NewReminder {
                    person_id: Some(id),
                    note_id: Some(note_id),
                    body: body.to_string(),
                    due_on: days_ago(today, ago - 7)?,
                    repeat_days: None,
                };
                reminders::insert(tx, &r, now)?;
            }
        }
        added += 1;
    }
    let follow_ups: &[(usize, i64, &str, Option<i64>)] = &[
        (0, 2, "send Anna the WAL slides", None),
        (0, 0, "ask Anna about the storage team roadmap", None),
        (7, 0, "quarterly check-in with Priya", Some(90)),
        (8, 5, "show Chloé the new TUI sketches", None),
        (10, -4, "send Ingrid the climate deck", None),
    ];
    for (who, late, body, every) in follow_ups {
        if *who >= added {
            continue;
        }
        let person_id = i64::try_from(*who + 1).unwrap_or(1);
        let due_on = if *late >= 0 {
            days_ago(today, *late as u64)?
        } else {
            days_on(today, late.unsigned_abs())?
        };
        let r = NewReminder {
            person_id: Some(person_id),
            note_id: None,
            body: body.to_string(),
            due_on,
            repeat_days: *every,
        };
        reminders::insert(tx, &r, now)?;
    }

    crate::demo_links::add(tx, clock)?;

    let mut rng = Lcg(0x6b69_7468);
    let core_added = added;
    let mut notes_written: usize = CORE.iter().take(added).map(|c| c.notes.len()).sum();
    let generated = people_wanted.saturating_sub(core_added).max(1);
    let core_notes = notes_written;
    // A large demo spreads people over years of events, as a real network
    // grows: about one event per 40 people, over the last ten years.
    let mut history: Vec<(i64, NaiveDate, &str)> = Vec::new();
    for k in 0..people_wanted.saturating_sub(core_added) / 40 {
        let city = CITIES[k % CITIES.len()];
        let starts_on = days_ago(today, 15 + rng.next() % 3650)?;
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
        history.push((events::insert_event(tx, &e, now)?, starts_on, city));
    }
    for i in core_added..people_wanted {
        let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        let company = rng.pick(COMPANIES);
        let id = people::insert_person(
            tx,
            &NewPerson {
                uid: None,
                name: name.clone(),
                company: Some(company.into()),
                title: Some(rng.pick(TITLES).into()),
                // Most people have no rhythm; a few are kept close.
                cadence_days: match rng.next() % 20 {
                    0 => Some(30),
                    1 | 2 => Some(90),
                    3 => Some(365),
                    _ => None,
                },
                birthday: rng.next().is_multiple_of(4).then(|| {
                    let day = 1 + rng.next() % 28;
                    let month = 1 + rng.next() % 12;
                    format!("{}-{month:02}-{day:02}", 1960 + rng.next() % 40)
                }),
            },
            now,
        )?;
        let email = ContactPoint {
            kind: ContactKind::Email,
            label: None,
            value: email_for(&format!("{}{i}", name.replace(' ', ".")), company),
        };
        people::add_contact_point(tx, id, &email)?;
        // One in twenty at the recent events, the rest across the years.
        let (event_id, met_on, place) = if history.is_empty() || rng.next().is_multiple_of(20) {
            event_ids[(rng.next() as usize) % event_ids.len()]
        } else {
            history[(rng.next() as usize) % history.len()]
        };
        let topic = rng.pick(TOPICS);
        events::insert_meeting(
            tx,
            &NewMeeting {
                person_id: id,
                event_id: Some(event_id),
                met_on,
                place: Some(place.into()),
                context: Some(topic.into()),
            },
            now,
        )?;
        let g = i - core_added;
        let notes_count = match notes_wanted {
            Notes::Spread => 1 + rng.next() % 4,
            // An even spread of what is left after the first generated person's 200.
            Notes::Total(total) => {
                let rest = total.saturating_sub(core_notes + 200) as u64;
                let (g, n) = (g as u64, generated as u64);
                if g == 0 {
                    200.min(total.saturating_sub(core_notes) as u64)
                } else {
                    (g + 1) * rest / n - g * rest / n
                }
            }
        };
        notes_written += notes_count as usize;
        for n in 0..notes_count {
            let kind = [
                NoteKind::Met,
                NoteKind::Talk,
                NoteKind::Learned,
                NoteKind::Gave,
                NoteKind::Asked,
            ][n as usize % 5];
            let back = (today - met_on).num_days().max(0) as u64;
            let ago = back.saturating_sub(n * (back / (notes_count + 1)).max(1));
            notes::insert_note(
                tx,
                &NewNote {
                    person_id: id,
                    event_id: None,
                    kind,
                    body: if n == 0 {
                        topic.to_string()
                    } else {
                        format!("{}; {}", rng.pick(TOPICS), rng.pick(DETAILS))
                    },
                    happened_at: at_noon(days_ago(today, ago)?),
                },
                now,
            )?;
        }
        added += 1;
    }
    let extra = needs_and_offers(tx, clock)?;
    Ok(Filled {
        people: added,
        notes: notes_written + extra,
    })
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
