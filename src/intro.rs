//! Introductions you make between two people, as a flow: proposed → asked
//! the first person → asked the second (double opt-in; skipped without it)
//! → made → done, with an outcome ("invested", "hired", "nothing came of
//! it"); or dropped on the way. Pure: the steps and their words. The SQL is
//! in `store::intros`, the write use cases in `ops::intro`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Proposed,
    AskedFirst,
    AskedSecond,
    Made,
    Done,
    Dropped,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Proposed,
        Step::AskedFirst,
        Step::AskedSecond,
        Step::Made,
        Step::Done,
        Step::Dropped,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            Step::Proposed => "proposed",
            Step::AskedFirst => "asked_first",
            Step::AskedSecond => "asked_second",
            Step::Made => "made",
            Step::Done => "done",
            Step::Dropped => "dropped",
        }
    }

    pub fn from_db(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|k| k.as_db() == s)
    }

    /// Short words for lists.
    pub fn label(self) -> &'static str {
        match self {
            Step::Proposed => "proposed",
            Step::AskedFirst => "asked first",
            Step::AskedSecond => "asked second",
            Step::Made => "made",
            Step::Done => "done",
            Step::Dropped => "dropped",
        }
    }

    /// Still under way (not done or dropped).
    pub fn is_open(self) -> bool {
        !matches!(self, Step::Done | Step::Dropped)
    }

    /// The step after this one; `None` once made (an outcome closes it).
    pub fn next(self, double_opt_in: bool) -> Option<Step> {
        match self {
            Step::Proposed => Some(Step::AskedFirst),
            Step::AskedFirst if double_opt_in => Some(Step::AskedSecond),
            Step::AskedFirst | Step::AskedSecond => Some(Step::Made),
            Step::Made | Step::Done | Step::Dropped => None,
        }
    }
}

/// An introduction with the names of both people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intro {
    pub id: i64,
    /// The person asked first (usually the one with the need).
    pub a_id: i64,
    pub a: String,
    pub b_id: i64,
    pub b: String,
    pub reason: Option<String>,
    pub step: Step,
    pub double_opt_in: bool,
    pub outcome: Option<String>,
    /// The follow-up of the current step, while open.
    pub follow_up_id: Option<i64>,
    /// When that follow-up shows (its due date, or later if snoozed).
    pub due_on: Option<NaiveDate>,
    pub proposed_on: NaiveDate,
    pub made_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    /// The need and the offer it answers, when it came from a match.
    #[serde(default)]
    pub need_note_id: Option<i64>,
    #[serde(default)]
    pub offer_note_id: Option<i64>,
}

impl Intro {
    /// What to do next, in words: "ask José García whether to meet Ingrid Berg".
    pub fn next_action(&self) -> String {
        match self.step {
            Step::Proposed => format!("ask {} whether to meet {}", self.a, self.b),
            Step::AskedFirst if self.double_opt_in => {
                format!(
                    "once {} agrees, ask {} whether to meet them",
                    self.a, self.b
                )
            }
            Step::AskedFirst | Step::AskedSecond => {
                format!("introduce {} and {}", self.a, self.b)
            }
            Step::Made => format!("hear how {} and {} got on", self.a, self.b),
            Step::Done | Step::Dropped => String::new(),
        }
    }

    /// "José García ↔ Ingrid Berg".
    pub fn pair(&self) -> String {
        format!("{} \u{2194} {}", self.a, self.b)
    }

    /// The other person, seen from `id`.
    pub fn other(&self, id: i64) -> &str {
        if id == self.a_id {
            &self.b
        } else {
            &self.a
        }
    }

    /// Whether the current step is due on `today` (its follow-up shows today
    /// or earlier, or it has none left open).
    pub fn is_due(&self, today: NaiveDate) -> bool {
        self.step.is_open() && self.due_on.is_none_or(|d| d <= today)
    }

    /// One line about it: "made 2026-11-20 — invested", "asked first".
    pub fn status(&self) -> String {
        let mut s = match (self.step, self.made_on) {
            (Step::Made | Step::Done, Some(d)) => format!("made {d}"),
            (step, _) => step.label().to_string(),
        };
        if let Some(o) = self.outcome.as_deref().filter(|o| !o.trim().is_empty()) {
            s.push_str(" \u{2014} ");
            s.push_str(o.trim());
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_opt_in_asks_both_single_asks_one() {
        let mut s = Step::Proposed;
        let mut seen = vec![s];
        while let Some(n) = s.next(true) {
            s = n;
            seen.push(s);
        }
        assert_eq!(
            seen,
            [
                Step::Proposed,
                Step::AskedFirst,
                Step::AskedSecond,
                Step::Made
            ]
        );
        assert_eq!(Step::AskedFirst.next(false), Some(Step::Made));
        for s in Step::ALL {
            assert_eq!(Step::from_db(s.as_db()), Some(s));
        }
    }
}
