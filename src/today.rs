//! The Today view: overdue and due follow-ups, after-event follow-ups,
//! reconnect prompts and birthdays, in that order.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::model::Reminder;
use crate::reconnect::{self, CadenceRules, Prompt};
use crate::store::{prompts, reminders};
use crate::when::next_birthday;

/// How many follow-ups and prompts a section shows at most.
pub const SECTION_LIMIT: usize = 200;
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Today {
    pub today: NaiveDate,
    pub overdue: Vec<Reminder>,
    pub due: Vec<Reminder>,
    pub after_event: Vec<Prompt>,
    pub reconnect: Vec<Prompt>,
    pub birthdays: Vec<Birthday>,
}

impl Today {
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.due.is_empty()
            && self.after_event.is_empty()
            && self.reconnect.is_empty()
            && self.birthdays.is_empty()
    }
}

pub fn load(c: &Connection, today: NaiveDate, rules: &CadenceRules) -> Result<Today> {
    let open = reminders::open_through(c, today, SECTION_LIMIT)?;
    let (overdue, due): (Vec<_>, Vec<_>) = open.into_iter().partition(|r| r.shows_on() < today);

    let since = today
        .checked_sub_days(Days::new(reconnect::AFTER_EVENT_DAYS as u64))
        .unwrap_or(today);
    let meetings = prompts::event_meetings_since(c, since, today, SECTION_LIMIT)?;
    let mut after_event = reconnect::after_event(&meetings, today);
    after_event.truncate(AFTER_EVENT_LIMIT);
    for p in &mut after_event {
        p.give_idea = reconnect::give_idea(&prompts::give_context(c, p.person_id)?);
    }

    // The store preselects the most overdue; the ranking decides exactly.
    let mut candidates = prompts::due_candidates(c, today, PRESELECT)?;
    if !rules.tags.is_empty() || rules.default_days.is_some() {
        candidates.extend(prompts::rule_candidates(
            c,
            today,
            &rules.tags,
            rules.default_days,
            PRESELECT,
        )?);
        candidates.sort_by_key(|c| c.person_id);
        candidates.dedup_by_key(|c| c.person_id);
    }
    let mut reconnect: Vec<Prompt> = reconnect::rank(&candidates, rules, today)
        .into_iter()
        .filter(|p| !after_event.iter().any(|a| a.person_id == p.person_id))
        .take(RECONNECT_LIMIT)
        .collect();
    for p in &mut reconnect {
        p.give_idea = reconnect::give_idea(&prompts::give_context(c, p.person_id)?);
    }

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

    Ok(Today {
        today,
        overdue,
        due,
        after_event,
        reconnect,
        birthdays,
    })
}
