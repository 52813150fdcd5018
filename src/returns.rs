//! Return on relationship: what each event returned, and each person's
//! reciprocity (what you gave and asked, and whether you keep their rhythm).
//!
//! For an event, each person met there counts from the first day they were
//! met at it (`d`):
//! - `met`: the people met there;
//! - `followed_up_14d`: those with a talk or a gift dated from `d` to `d` + 14 days;
//! - `in_touch_3m` / `in_touch_6m`: those with a touch (a talk, a gift, a
//!   `met` note or a later meeting) 90 / 180 days or more after `d` — so
//!   everyone counted at 6 months is counted at 3;
//! - `gave`, `asked`, `learned`: notes of that kind about them dated from `d` on;
//! - `intros`: introductions made involving one of them or both, made on
//!   or after `d` (counted once per event, even when both were met there).
//!
//! Events rank by lasting relationships first: still in touch after 6
//! months, then after 3, then followed up, then introductions, gives, asks
//! and learned notes, then people met; ties newest first.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::store::returns;

/// One event and what it returned, as `kith stats --events --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventReturn {
    #[serde(skip)]
    pub event_id: i64,
    pub name: String,
    pub on: String,
    pub place: Option<String>,
    pub met: i64,
    pub followed_up_14d: i64,
    pub in_touch_3m: i64,
    pub in_touch_6m: i64,
    pub gave: i64,
    pub intros: i64,
    pub asked: i64,
    pub learned: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventReturns {
    pub events: Vec<EventReturn>,
}

impl EventReturn {
    /// The ranking key, best first when sorted descending.
    fn rank(&self) -> (i64, i64, i64, i64, i64, i64, &str) {
        (
            self.in_touch_6m,
            self.in_touch_3m,
            self.followed_up_14d,
            self.intros,
            self.gave + self.asked + self.learned,
            self.met,
            &self.on,
        )
    }
}

/// Every event where someone was met, ranked by what it returned.
pub fn events(c: &Connection) -> Result<EventReturns> {
    let mut events: Vec<EventReturn> = returns::event_counts(c)?
        .into_iter()
        .map(|e| EventReturn {
            event_id: e.event_id,
            name: e.name,
            on: e.on,
            place: e.place,
            met: e.met,
            followed_up_14d: e.followed_up_14d,
            in_touch_3m: e.in_touch_3m,
            in_touch_6m: e.in_touch_6m,
            gave: e.gave,
            intros: e.intros,
            asked: e.asked,
            learned: e.learned,
        })
        .collect();
    events.sort_by(|a, b| b.rank().cmp(&a.rank()).then(a.event_id.cmp(&b.event_id)));
    Ok(EventReturns { events })
}

/// A person whose balance is all take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Taker {
    pub id: i64,
    pub name: String,
    pub asked: i64,
    pub last_touch: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllTake {
    pub people: Vec<Taker>,
    /// How many there are in all.
    pub count: usize,
}

/// People you asked something of and never gave anything to, most asked first.
pub fn all_take(c: &Connection, limit: usize) -> Result<AllTake> {
    let (list, count) = returns::all_take(c, limit)?;
    Ok(AllTake {
        people: list
            .into_iter()
            .map(|t| Taker {
                id: t.person_id,
                name: t.name,
                asked: t.asked,
                last_touch: (!t.last_touch.is_empty())
                    .then(|| t.last_touch.chars().take(10).collect()),
            })
            .collect(),
        count,
    })
}

/// A small reading of a relationship: what you gave and asked, and the
/// touches of the last year against the rhythm you keep with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Reciprocity {
    pub gave: i64,
    pub asked: i64,
    /// Touches (met, talk, gave notes and meetings) in the last 365 days.
    pub touches_year: i64,
    /// The rhythm kept with them, in days, if any.
    pub every_days: Option<i64>,
    /// The touches a year that rhythm asks for.
    pub expected_year: Option<i64>,
    /// One line: "gave 2 · asked 1 · 3 touches this year of 4 (every 90 days): behind".
    pub reading: String,
}

/// The reading for a person, from their balance and touches.
pub fn reciprocity(
    c: &Connection,
    person_id: i64,
    gave: i64,
    asked: i64,
    today: NaiveDate,
) -> Result<Reciprocity> {
    let since = today
        .checked_sub_days(Days::new(365))
        .unwrap_or(today)
        .to_string();
    let touches_year = returns::touches_since(c, person_id, &since)?;
    let every_days = returns::rhythm(c, person_id)?;
    Ok(read(gave, asked, touches_year, every_days))
}

/// The reading, pure: the balance only when there is one, the touches
/// against the rhythm, and "all take" when you only ever asked.
pub fn read(gave: i64, asked: i64, touches_year: i64, every_days: Option<i64>) -> Reciprocity {
    let expected_year = every_days.filter(|d| *d > 0).map(|d| (365 / d).max(1));
    let mut parts: Vec<String> = Vec::new();
    match (gave, asked) {
        (0, 0) => {}
        (0, a) => parts.push(format!("all take: asked {a}, gave nothing")),
        (g, 0) => parts.push(format!("gave {g}, asked nothing")),
        (g, a) => parts.push(format!("gave {g} \u{b7} asked {a}")),
    }
    let touches = match touches_year {
        1 => "1 touch this year".to_string(),
        n => format!("{n} touches this year"),
    };
    match (expected_year, every_days) {
        (Some(e), Some(d)) => {
            let verdict = if touches_year >= e {
                "in rhythm"
            } else {
                "behind"
            };
            parts.push(format!("{touches} of {e} (every {d} days): {verdict}"));
        }
        _ => parts.push(touches),
    }
    Reciprocity {
        gave,
        asked,
        touches_year,
        every_days,
        expected_year,
        reading: parts.join(" \u{b7} "),
    }
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn the_reading_says_only_what_there_is() {
        assert_eq!(read(0, 0, 0, None).reading, "0 touches this year");
        assert_eq!(
            read(0, 2, 1, None).reading,
            "all take: asked 2, gave nothing \u{b7} 1 touch this year"
        );
        assert_eq!(
            read(2, 1, 3, Some(90)).reading,
            "gave 2 \u{b7} asked 1 \u{b7} 3 touches this year of 4 (every 90 days): behind"
        );
        assert_eq!(
            read(1, 0, 13, Some(30)).reading,
            "gave 1, asked nothing \u{b7} 13 touches this year of 12 (every 30 days): in rhythm"
        );
    }
}
