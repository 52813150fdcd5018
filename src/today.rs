//! The Today view: overdue and due follow-ups, after-event follow-ups (the
//! recent ones, then the ones not followed up), reconnect prompts and
//! birthdays, in that order. Each section loads a window; its count is the
//! true number of items.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::matches::{self, GiveMatch};
use crate::model::Reminder;
use crate::reconnect::{self, CadenceRules, Prompt};
use crate::store::prompts::{self, FollowUps};
use crate::store::reminders;
use crate::store::rhythm;
use crate::when::next_birthday;

/// How many follow-ups a section shows at most: the most overdue first; the
/// count says how many more there are, and each one closed brings the next.
pub const SECTION_LIMIT: usize = 50;
/// How many birthdays Today lists (at 100,000 people a week holds hundreds).
pub const BIRTHDAY_LIMIT: usize = 50;
pub const RECONNECT_LIMIT: usize = 15;
pub const AFTER_EVENT_LIMIT: usize = 30;
/// How many reconnect candidates per rhythm the store preselects for the exact ranking.
const PRESELECT: usize = 50;
pub const BIRTHDAY_DAYS: u64 = 7;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Birthday {
    pub person_id: i64,
    pub person: String,
    pub date: NaiveDate,
    pub turns: Option<i32>,
}

/// An overdue or due follow-up, with where you met its person and something to give.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUp {
    #[serde(flatten)]
    pub reminder: Reminder,
    /// Where and when you met its person.
    pub met: Option<Met>,
    pub give_idea: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Met {
    /// The event, or the place.
    pub at: String,
    pub on: NaiveDate,
}

/// The true size of each section (the lists hold a window of it).
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Counts {
    pub overdue: usize,
    pub due: usize,
    pub after_event: usize,
    pub not_followed_up: usize,
    pub reconnect: usize,
    pub birthdays: usize,
    pub introduce: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Today {
    pub today: NaiveDate,
    pub overdue: Vec<FollowUp>,
    pub due: Vec<FollowUp>,
    pub after_event: Vec<Prompt>,
    /// After-event follow-ups older than `AFTER_EVENT_DAYS`, newest first.
    pub not_followed_up: Vec<Prompt>,
    pub reconnect: Vec<Prompt>,
    pub birthdays: Vec<Birthday>,
    /// Give ideas from matches: one person's open need, another's offer.
    pub introduce: Vec<GiveMatch>,
    pub counts: Counts,
}

impl Today {
    pub fn empty(today: NaiveDate) -> Today {
        Today {
            today,
            overdue: vec![],
            due: vec![],
            after_event: vec![],
            not_followed_up: vec![],
            reconnect: vec![],
            birthdays: vec![],
            introduce: vec![],
            counts: Counts::default(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.due.is_empty()
            && self.after_event.is_empty()
            && self.not_followed_up.is_empty()
            && self.reconnect.is_empty()
            && self.birthdays.is_empty()
            && self.introduce.is_empty()
    }
}

fn follow_ups(c: &Connection, list: Vec<Reminder>) -> Result<Vec<FollowUp>> {
    list.into_iter()
        .map(|r| {
            // A step of an introduction is itself the give.
            let step = crate::store::intros::by_reminder(c, r.id)?.is_some();
            let (met, give_idea) = match r.person_id {
                Some(pid) => (
                    prompts::where_met(c, pid)?.map(|(at, on)| Met { at, on }),
                    (!step)
                        .then(|| prompts::give_context(c, pid))
                        .transpose()?
                        .map(|g| reconnect::give_idea(&g)),
                ),
                None => (None, None),
            };
            Ok(FollowUp {
                reminder: r,
                met,
                give_idea,
            })
        })
        .collect()
}

/// Today on `today`. Reconnect prompts follow the rhythm rules the store
/// keeps its reconnect days by: `rules` (the config's) once
/// [`Store::follow_rhythm_rules`](crate::store::Store::follow_rhythm_rules)
/// has made the store follow them, else (a store opened for reading only) the
/// ones it follows already, so the ranking and the indexes always agree.
pub fn load(c: &Connection, today: NaiveDate, rules: &CadenceRules) -> Result<Today> {
    build(c, today, rules, true)
}

/// The true size of each section, as [`load`] counts them, without loading
/// the follow-ups or the give ideas: for prompts and status bars.
pub fn count(c: &Connection, today: NaiveDate, rules: &CadenceRules) -> Result<Counts> {
    Ok(build(c, today, rules, false)?.counts)
}

/// Today; without `detail` only what the counts need.
fn build(c: &Connection, today: NaiveDate, rules: &CadenceRules, detail: bool) -> Result<Today> {
    let stored;
    let rules = if rhythm::follows(c, rules)? {
        rules
    } else {
        stored = rhythm::stored(c)?;
        &stored
    };
    let (late, due_n) = reminders::count_open(c, today)?;
    let (overdue, due) = if detail {
        (
            follow_ups(c, reminders::open_before(c, today, SECTION_LIMIT)?)?,
            follow_ups(c, reminders::open_on(c, today, SECTION_LIMIT)?)?,
        )
    } else {
        (Vec::new(), Vec::new())
    };

    let window = today
        .checked_sub_days(Days::new(reconnect::AFTER_EVENT_DAYS as u64))
        .unwrap_or(today);
    let recent = FollowUps::Since(window);
    let older = FollowUps::Before(window);
    let mut after_event = reconnect::after_event(
        &prompts::open_follow_ups(c, today, recent, AFTER_EVENT_LIMIT)?,
        today,
    );
    let mut not_followed_up = reconnect::after_event(
        &prompts::open_follow_ups(c, today, older, AFTER_EVENT_LIMIT)?,
        today,
    );
    for p in after_event
        .iter_mut()
        .chain(not_followed_up.iter_mut())
        .filter(|_| detail)
    {
        p.give_idea = reconnect::give_idea(&prompts::give_context(c, p.person_id)?);
    }

    // The store preselects the most overdue of each rhythm; the ranking decides exactly.
    // Enough that the shown ones remain after those under After events, and
    // those the exact ranking turns down (due tomorrow, a day early for time zones).
    let keep = RECONNECT_LIMIT + after_event.len() + RECONNECT_LIMIT;
    let candidates = prompts::due_candidates(c, today, PRESELECT, keep)?;
    let shown_after = |id: i64| after_event.iter().any(|a| a.person_id == id);
    let ranked: Vec<Prompt> = reconnect::rank(&candidates, rules, today)
        .into_iter()
        .filter(|p| !shown_after(p.person_id))
        .collect();
    let mut reconnect: Vec<Prompt> = ranked.iter().take(RECONNECT_LIMIT).cloned().collect();
    for p in reconnect.iter_mut().filter(|_| detail) {
        p.give_idea = reconnect::give_idea(&prompts::give_context(c, p.person_id)?);
    }
    // The true count: everyone due by the index, less those shown under After events.
    let mut reconnect_n = prompts::count_due(c, today)?;
    for a in &after_event {
        if prompts::is_due(c, a.person_id, today)? {
            reconnect_n = reconnect_n.saturating_sub(1);
        }
    }
    let reconnect_n = reconnect_n.max(ranked.len());

    let days: Vec<String> = (0..=BIRTHDAY_DAYS)
        .filter_map(|i| today.checked_add_days(Days::new(i)))
        .map(|d| d.format("%m-%d").to_string())
        .collect();
    let mut birthdays: Vec<Birthday> = prompts::birthdays_on(c, &days)?
        .into_iter()
        .filter_map(|(person_id, person, stored)| {
            let (date, turns) = next_birthday(&stored, today)?;
            Some(Birthday {
                person_id,
                person,
                date,
                turns,
            })
        })
        .filter(|b| (b.date - today).num_days() <= BIRTHDAY_DAYS as i64)
        .collect();
    birthdays.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.person.cmp(&b.person)));
    let birthdays_n = birthdays.len();
    birthdays.truncate(BIRTHDAY_LIMIT);

    let (introduce, introduce_n) = matches::best(c, matches::TODAY_LIMIT)?;
    let counts = Counts {
        overdue: late,
        due: due_n,
        after_event: prompts::count_open_follow_ups(c, today, recent)?,
        not_followed_up: prompts::count_open_follow_ups(c, today, older)?,
        reconnect: reconnect_n,
        birthdays: birthdays_n,
        introduce: introduce_n,
    };
    Ok(Today {
        today,
        overdue,
        due,
        after_event,
        not_followed_up,
        reconnect,
        birthdays,
        introduce,
        counts,
    })
}
