//! Introductions as a flow, one use case per step for `kith intro` and the
//! TUI: propose, take the next step (ask the first person, ask the second,
//! make it), record its outcome or drop it. Each step that reaches someone
//! logs a touch on them (making it, a `gave` on both), closes the follow-up
//! of the step before and sets the next one; each is one transaction and
//! one undo step.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::intro::{Intro, Step};
use crate::links::LinkKind;
use crate::model::NoteKind;
use crate::store::intros::{self, NewIntro};
use crate::store::links::{self, NewLink};
use crate::store::notes::{self, NewNote};
use crate::store::reminders::{self, NewReminder};
use crate::store::{people, Store};
use crate::when::Clock;

/// Days to wait for an answer before the follow-up of an ask is due.
pub const ANSWER_DAYS: u64 = 3;
/// Days after making an introduction to ask how it went.
pub const OUTCOME_DAYS: u64 = 30;

/// An introduction to propose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The person asked first (usually the one with the need).
    pub a: i64,
    pub b: i64,
    /// Why: "José is looking for a hardware investor; Ingrid invests in hardware".
    pub reason: Option<String>,
    /// The learned notes that made the match, when it came from one.
    pub need_note_id: Option<i64>,
    pub offer_note_id: Option<i64>,
    /// Ask both before introducing them (the default); without it only the first.
    pub double_opt_in: bool,
    /// When to ask the first person (default: today).
    pub ask_on: Option<NaiveDate>,
}

impl Proposal {
    pub fn new(a: i64, b: i64, reason: Option<&str>) -> Proposal {
        Proposal {
            a,
            b,
            reason: reason.map(str::to_string),
            need_note_id: None,
            offer_note_id: None,
            double_opt_in: true,
            ask_on: None,
        }
    }
}

/// Proposes introducing `a` to `b` (double opt-in), with a follow-up today
/// to ask `a`. Answers the introduction's id. Fails when the two are
/// already introduced or an introduction between them is under way.
pub fn propose(
    store: &mut Store,
    a: i64,
    b: i64,
    reason: Option<&str>,
    clock: &Clock,
) -> Result<i64> {
    propose_with(store, &Proposal::new(a, b, reason), clock)
}

/// [`propose`] with every choice.
pub fn propose_with(store: &mut Store, p: &Proposal, clock: &Clock) -> Result<i64> {
    if p.a == p.b {
        return Err(Error::Invalid(
            "an introduction needs two different people".into(),
        ));
    }
    let (name_a, name_b) = (super::name_of(store, p.a), super::name_of(store, p.b));
    let label = format!("Proposed introducing {name_a} to {name_b}");
    store.change(&label, |tx| {
        let p = with_match(tx, p)?;
        propose_in(tx, &p, clock)
    })
}

/// A proposal that names no need or offer takes the two people's best
/// match, when they have one: the introduction answers it (and says so,
/// when no reason was given).
fn with_match(tx: &Connection, p: &Proposal) -> Result<Proposal> {
    let mut p = p.clone();
    if p.need_note_id.is_some() || p.offer_note_id.is_some() {
        return Ok(p);
    }
    if let Some(m) = crate::store::needs::between(tx, p.a, p.b)? {
        p.need_note_id = Some(m.need_id);
        p.offer_note_id = Some(m.offer_id);
        if p.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            p.reason = Some(crate::needs::intro_reason(&m));
        }
    }
    Ok(p)
}

/// [`propose_with`] inside a transaction the caller holds (the demo).
pub(crate) fn propose_in(tx: &Connection, p: &Proposal, clock: &Clock) -> Result<i64> {
    let now = clock.now;
    let due = p.ask_on.unwrap_or(clock.today);
    let name_a = people::get_person(tx, p.a)?.name;
    let name_b = people::get_person(tx, p.b)?.name;
    if let Some(id) = intros::open_between(tx, p.a, p.b)? {
        return Err(Error::Invalid(format!(
            "an introduction of {name_a} and {name_b} is already under way (#{id}: kith intro next {id})"
        )));
    }
    if links::introduced(tx, p.a, p.b)? {
        return Err(Error::Invalid(format!(
            "{name_a} and {name_b} are already introduced"
        )));
    }
    let id = intros::insert(
        tx,
        &NewIntro {
            a: p.a,
            b: p.b,
            reason: p.reason.clone(),
            need_note_id: p.need_note_id,
            offer_note_id: p.offer_note_id,
            double_opt_in: p.double_opt_in,
        },
        now,
    )?;
    let intro = intros::get(tx, id)?;
    let r = follow_up(tx, &intro, Step::Proposed, due, now)?;
    intros::set_step(tx, id, Step::Proposed, Some(r), now)?;
    Ok(id)
}

/// What a step did, for the caller to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stepped {
    pub intro: Intro,
    /// The follow-up now open, with its due date.
    pub follow_up: Option<(i64, NaiveDate)>,
}

/// Takes the next step: asks the first person, then (double opt-in) the
/// second, then makes the introduction. After it is made, only an outcome
/// (or dropping it) is left.
pub fn next(store: &mut Store, id: i64, clock: &Clock) -> Result<Stepped> {
    let intro = intros::get(store.conn(), id)?;
    let Some(step) = intro.step.next(intro.double_opt_in) else {
        return Err(match intro.step {
            Step::Made => Error::Invalid(format!(
                "introduction {id} is made; record how it went: kith intro outcome {id} TEXT"
            )),
            _ => Error::Invalid(format!("introduction {id} is closed ({})", intro.status())),
        });
    };
    step_to(store, id, step, clock)
}

/// Takes the introduction to `step`, one step forward (asking the first
/// person, the second, or making it).
pub fn step_to(store: &mut Store, id: i64, step: Step, clock: &Clock) -> Result<Stepped> {
    let intro = intros::get(store.conn(), id)?;
    if intro.step.next(intro.double_opt_in) != Some(step) {
        return Err(Error::Invalid(format!(
            "introduction {id} is {}; its next step is {}",
            intro.step.label(),
            intro
                .step
                .next(intro.double_opt_in)
                .map_or("an outcome", |s| s.label())
        )));
    }
    let label = match step {
        Step::AskedFirst => format!("Asked {} about meeting {}", intro.a, intro.b),
        Step::AskedSecond => format!("Asked {} about meeting {}", intro.b, intro.a),
        _ => format!("Introduced {} and {}", intro.a, intro.b),
    };
    store.change(&label, |tx| step_in(tx, id, step, clock))
}

/// [`step_to`] inside a transaction the caller holds (the demo); the step
/// must be the next one.
pub(crate) fn step_in(tx: &Connection, id: i64, step: Step, clock: &Clock) -> Result<Stepped> {
    let (now, today) = (clock.now, clock.today);
    let intro = intros::get(tx, id)?;
    if intro.step.next(intro.double_opt_in) != Some(step) {
        return Err(Error::Invalid(format!(
            "introduction {id} is {}, not ready to be {}",
            intro.step.label(),
            step.label()
        )));
    }
    {
        close_follow_up(tx, &intro, now, today)?;
        let why = intro
            .reason
            .as_deref()
            .map(|r| format!(" ({})", r.trim()))
            .unwrap_or_default();
        match step {
            Step::AskedFirst => touch(
                tx,
                intro.a_id,
                NoteKind::Talk,
                format!("asked whether they would like to meet {}{why}", intro.b),
                now,
            )?,
            Step::AskedSecond => touch(
                tx,
                intro.b_id,
                NoteKind::Talk,
                format!("asked whether they would like to meet {}{why}", intro.a),
                now,
            )?,
            _ => {
                for (me, other) in [(intro.a_id, &intro.b), (intro.b_id, &intro.a)] {
                    touch(
                        tx,
                        me,
                        NoteKind::Gave,
                        format!("introduced to {other}{why}"),
                        now,
                    )?;
                }
                links::insert(
                    tx,
                    &NewLink {
                        a: intro.a_id,
                        b: intro.b_id,
                        kind: LinkKind::Introduced,
                        context: Some(format!("on {today}")),
                    },
                    now,
                )?;
            }
        }
        let wait = if step == Step::Made {
            OUTCOME_DAYS
        } else {
            ANSWER_DAYS
        };
        let due = today.checked_add_days(Days::new(wait)).unwrap_or(today);
        let r = follow_up(tx, &intro, step, due, now)?;
        intros::set_step(tx, id, step, Some(r), now)?;
        Ok(Stepped {
            intro: intros::get(tx, id)?,
            follow_up: Some((r, due)),
        })
    }
}

/// Records how an introduction turned out ("invested", "hired", "nothing
/// came of it"): a made one is done; one not yet made is dropped, with
/// this as the reason. A note on both people; the open follow-up closes.
pub fn outcome(store: &mut Store, id: i64, text: &str, clock: &Clock) -> Result<Intro> {
    let intro = intros::get(store.conn(), id)?;
    let verb = if intro.step == Step::Made {
        "Closed"
    } else {
        "Dropped"
    };
    let label = format!("{verb} the introduction of {} and {}", intro.a, intro.b);
    store.change(&label, |tx| outcome_in(tx, id, text, clock))
}

/// [`outcome`] inside a transaction the caller holds (the demo).
pub(crate) fn outcome_in(tx: &Connection, id: i64, text: &str, clock: &Clock) -> Result<Intro> {
    let (now, today) = (clock.now, clock.today);
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::Invalid(
            "say how it turned out (\"invested\", \"hired\", \"nothing came of it\")".into(),
        ));
    }
    let intro = intros::get(tx, id)?;
    if !intro.step.is_open() {
        return Err(Error::Invalid(format!(
            "introduction {id} is already closed ({})",
            intro.status()
        )));
    }
    let step = if intro.step == Step::Made {
        Step::Done
    } else {
        Step::Dropped
    };
    {
        close_follow_up(tx, &intro, now, today)?;
        let what = if step == Step::Done {
            "introduction to"
        } else {
            "dropped the introduction to"
        };
        for (me, other) in [(intro.a_id, &intro.b), (intro.b_id, &intro.a)] {
            touch(
                tx,
                me,
                NoteKind::Note,
                format!("{what} {other}: {text}"),
                now,
            )?;
        }
        intros::set_outcome(tx, id, text)?;
        intros::set_step(tx, id, step, None, now)?;
        intros::get(tx, id)
    }
}

/// Drops an introduction not made yet (`why`: "José found an investor").
pub fn drop(store: &mut Store, id: i64, why: &str, clock: &Clock) -> Result<Intro> {
    if intros::get(store.conn(), id)?.step == Step::Made {
        return Err(Error::Invalid(format!(
            "introduction {id} is made; say how it went instead: kith intro outcome {id} TEXT"
        )));
    }
    outcome(store, id, why, clock)
}

/// Closes the follow-up of the step before, when it is still open.
fn close_follow_up(
    c: &Connection,
    intro: &Intro,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<()> {
    if let Some(r) = intro.follow_up_id {
        if reminders::get(c, r)?.done_at.is_none() {
            reminders::complete(c, r, now, today)?;
        }
    }
    Ok(())
}

/// Sets the follow-up of a step: what to do next, on whom it waits.
fn follow_up(
    c: &Connection,
    intro: &Intro,
    step: Step,
    due_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<i64> {
    let (person, what) = match step {
        Step::Proposed => (
            intro.a_id,
            format!("ask {} whether to meet {}", intro.a, intro.b),
        ),
        Step::AskedFirst if intro.double_opt_in => (
            intro.a_id,
            format!(
                "hear back from {}, then ask {} whether to meet them",
                intro.a, intro.b
            ),
        ),
        Step::AskedFirst => (
            intro.a_id,
            format!(
                "hear back from {}, then introduce them to {}",
                intro.a, intro.b
            ),
        ),
        Step::AskedSecond => (
            intro.b_id,
            format!(
                "hear back from {}, then introduce them to {}",
                intro.b, intro.a
            ),
        ),
        _ => (
            intro.a_id,
            format!("ask how {} and {} got on", intro.a, intro.b),
        ),
    };
    reminders::insert(
        c,
        &NewReminder {
            person_id: Some(person),
            note_id: None,
            body: format!("Introduction #{}: {what}", intro.id),
            due_on,
            repeat_days: None,
        },
        now,
    )
}

fn touch(
    c: &Connection,
    person_id: i64,
    kind: NoteKind,
    body: String,
    now: DateTime<Utc>,
) -> Result<()> {
    notes::insert_note(
        c,
        &NewNote {
            person_id,
            event_id: None,
            kind,
            body,
            happened_at: now,
        },
        now,
    )?;
    Ok(())
}
