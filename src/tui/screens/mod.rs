//! One file per screen; each draws from `App` and nothing else.

pub mod events;
pub mod help;
pub mod people;
pub mod person;
pub mod stats;
pub mod today;
pub mod welcome;

use crate::sanitize;

/// Stored text made safe and cut to `max` characters for one cell or line.
pub fn cell(s: &str, max: usize) -> String {
    crate::reconnect::one_line(&sanitize::one_line(s), max)
}

/// "3d ago" style: short relative wording for narrow columns.
pub fn short_ago(date: Option<chrono::NaiveDate>, today: chrono::NaiveDate) -> String {
    match date {
        None => "never".into(),
        Some(d) => {
            let days = (today - d).num_days();
            match days {
                0 => "today".into(),
                d if d < 0 => format!("in {}d", -d),
                d if d < 60 => format!("{d}d ago"),
                d if d < 730 => format!("{}mo ago", d / 30),
                d => format!("{}y ago", d / 365),
            }
        }
    }
}
