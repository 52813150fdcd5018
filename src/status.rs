//! How much is due today, in one number: for shell prompts and status bars
//! (`kith today --count`), and waybar's JSON.

use serde::Serialize;

use crate::today::Counts;

/// A section of Today that a count can add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overdue,
    Due,
    AfterEvent,
    NotFollowedUp,
    Reconnect,
    Birthdays,
    Introduce,
}

/// What `--count` adds up unless told otherwise: everything that asks for
/// something to be done today.
pub const DEFAULT_SECTIONS: [Section; 4] = [
    Section::Overdue,
    Section::Due,
    Section::AfterEvent,
    Section::Reconnect,
];

impl Section {
    pub fn of(self, counts: &Counts) -> usize {
        match self {
            Section::Overdue => counts.overdue,
            Section::Due => counts.due,
            Section::AfterEvent => counts.after_event,
            Section::NotFollowedUp => counts.not_followed_up,
            Section::Reconnect => counts.reconnect,
            Section::Birthdays => counts.birthdays,
            Section::Introduce => counts.introduce,
        }
    }

    /// How the tooltip names it: "3 overdue".
    pub fn label(self) -> &'static str {
        match self {
            Section::Overdue => "overdue",
            Section::Due => "due today",
            Section::AfterEvent => "after events",
            Section::NotFollowedUp => "not followed up",
            Section::Reconnect => "to reconnect",
            Section::Birthdays => "birthdays",
            Section::Introduce => "to introduce",
        }
    }
}

/// The sum of `sections` (each counted once, however often named).
pub fn total(counts: &Counts, sections: &[Section]) -> usize {
    let mut seen: Vec<Section> = Vec::with_capacity(sections.len());
    for s in sections {
        if !seen.contains(s) {
            seen.push(*s);
        }
    }
    seen.iter().map(|s| s.of(counts)).sum()
}

/// waybar's custom module format (`"return-type": "json"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waybar {
    /// The count.
    pub text: String,
    /// One line per section named: "2 overdue".
    pub tooltip: String,
    /// "overdue" when something is overdue, "due" when anything else is,
    /// "none" when nothing is: for styling.
    pub class: String,
}

pub fn waybar(counts: &Counts, sections: &[Section]) -> Waybar {
    let n = total(counts, sections);
    let mut lines: Vec<String> = Vec::new();
    for s in sections {
        let line = format!("{} {}", s.of(counts), s.label());
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    let class = if sections.contains(&Section::Overdue) && counts.overdue > 0 {
        "overdue"
    } else if n > 0 {
        "due"
    } else {
        "none"
    };
    Waybar {
        text: n.to_string(),
        tooltip: lines.join("\n"),
        class: class.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts() -> Counts {
        Counts {
            overdue: 2,
            due: 1,
            after_event: 3,
            not_followed_up: 7,
            reconnect: 5,
            birthdays: 1,
            introduce: 4,
        }
    }

    #[test]
    fn the_default_adds_what_asks_for_action() {
        assert_eq!(total(&counts(), &DEFAULT_SECTIONS), 11);
        assert_eq!(total(&counts(), &[Section::Due, Section::Due]), 1);
        assert_eq!(total(&counts(), &[]), 0);
    }

    #[test]
    fn waybar_says_what_is_overdue() {
        let w = waybar(&counts(), &DEFAULT_SECTIONS);
        assert_eq!(w.text, "11");
        assert_eq!(
            w.tooltip,
            "2 overdue\n1 due today\n3 after events\n5 to reconnect"
        );
        assert_eq!(w.class, "overdue");
        let w = waybar(&counts(), &[Section::Birthdays]);
        assert_eq!((w.text.as_str(), w.class.as_str()), ("1", "due"));
        let w = waybar(&Counts::default(), &DEFAULT_SECTIONS);
        assert_eq!((w.text.as_str(), w.class.as_str()), ("0", "none"));
    }
}
