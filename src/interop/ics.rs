//! iCalendar out: open follow-ups as VTODO (with DUE and a VALARM on the
//! morning of the due day) and birthdays as all-day events repeating yearly.
//! Components are written one by one, so memory does not grow with the store.

use std::io::Write;

use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, Utc};
use icalendar::{Alarm, Component, Event, EventLike, Todo, TodoStatus, Trigger};

use crate::error::{Error, Result};
use crate::store::interop::OpenReminder;

/// The hour of the due day at which a follow-up's alarm goes off.
const ALARM_HOUR: i64 = 9;

fn io(e: std::io::Error) -> Error {
    Error::io("cannot write the calendar", e)
}

pub struct Writer<W: Write> {
    w: W,
    stamp: DateTime<Utc>,
}

impl<W: Write> Writer<W> {
    pub fn new(mut w: W, stamp: DateTime<Utc>) -> Result<Self> {
        w.write_all(
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kith//kith//EN\r\nCALSCALE:GREGORIAN\r\n",
        )
        .map_err(io)?;
        Ok(Writer { w, stamp })
    }

    /// An open follow-up as a to-do.
    pub fn reminder(&mut self, r: &OpenReminder) -> Result<()> {
        let summary = match &r.person {
            Some(p) => format!("{p}: {}", r.body),
            None => r.body.clone(),
        };
        let due = r
            .snoozed_until
            .filter(|s| *s > r.due_on)
            .unwrap_or(r.due_on);
        let mut todo = Todo::new();
        // The follow-up's UUID, the same as its task in a synced task list;
        // a row number would collide with another store's.
        let uid = r
            .uid
            .clone()
            .unwrap_or_else(|| format!("kith-follow-up-{}@kith", r.id));
        todo.uid(&uid)
            .timestamp(self.stamp)
            .summary(&summary)
            .due(due)
            .status(TodoStatus::NeedsAction);
        let mut description = r.body.clone();
        if let Some(days) = r.repeat_days {
            description.push_str(&format!("\n(repeats every {days} days)"));
        }
        if let Some(uid) = &r.person_uid {
            description.push_str(&format!("\nperson: {uid}"));
        }
        todo.description(&description);
        todo.alarm(Alarm::display(
            &summary,
            Trigger::after_end(Duration::hours(ALARM_HOUR)),
        ));
        self.write(&todo.done())
    }

    /// A birthday ("1990-03-15" or "--03-15") as a yearly all-day event.
    pub fn birthday(&mut self, person_uid: &str, name: &str, birthday: &str) -> Result<()> {
        let Some(date) = birthday_date(birthday) else {
            return Ok(());
        };
        let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
        let rule = if date.month() == 2 && date.day() == 29 {
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
        } else {
            "FREQ=YEARLY"
        };
        let mut event = Event::new();
        event
            .uid(&format!("kith-birthday-{person_uid}@kith"))
            .timestamp(self.stamp)
            .summary(&format!("Birthday: {name}"))
            .starts(date)
            .ends(next)
            .add_property("RRULE", rule)
            .add_property("TRANSP", "TRANSPARENT")
            .add_property("CATEGORIES", "BIRTHDAY");
        self.write(&event.done())
    }

    fn write(&mut self, c: &impl Component) -> Result<()> {
        let text = c
            .try_into_string()
            .map_err(|_| Error::Invalid("cannot format a calendar entry".into()))?;
        self.w.write_all(text.as_bytes()).map_err(io)
    }

    pub fn finish(mut self) -> Result<W> {
        self.w.write_all(b"END:VCALENDAR\r\n").map_err(io)?;
        self.w.flush().map_err(io)?;
        Ok(self.w)
    }
}

/// The first day a stored birthday falls on: its date, or for one without a
/// year, that day in 2000 (a leap year, so --02-29 exists).
fn birthday_date(b: &str) -> Option<NaiveDate> {
    match b.strip_prefix("--") {
        Some(md) => NaiveDate::parse_from_str(&format!("2000-{md}"), "%Y-%m-%d").ok(),
        None => NaiveDate::parse_from_str(b, "%Y-%m-%d").ok(),
    }
}
