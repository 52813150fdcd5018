//! Links between people: who knows whom, and how. Pure: the words a link is
//! typed and shown with, read from either side. The SQL is in
//! `store::links`, the write use cases in `ops::links`.

use serde::{Deserialize, Serialize};

/// How two people are linked, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// Directed: the first person was introduced by the second.
    IntroducedBy,
    /// Symmetric: introduced to each other (by you: what a made introduction leaves).
    Introduced,
    Knows,
    WorksWith,
    Family,
    /// Your own words, read from the first person to the second ("mentor of").
    Other(String),
}

/// The kinds offered by name, in the words typed and shown.
pub const NAMED: &[&str] = &[
    "introduced by",
    "introduced to",
    "knows",
    "works with",
    "family",
];

impl LinkKind {
    /// The kind column of the store.
    pub fn as_db(&self) -> &'static str {
        match self {
            LinkKind::IntroducedBy => "introduced_by",
            LinkKind::Introduced => "introduced",
            LinkKind::Knows => "knows",
            LinkKind::WorksWith => "works_with",
            LinkKind::Family => "family",
            LinkKind::Other(_) => "other",
        }
    }

    /// The free label, for `other`.
    pub fn label(&self) -> Option<&str> {
        match self {
            LinkKind::Other(l) => Some(l),
            _ => None,
        }
    }

    pub fn from_db(kind: &str, label: Option<String>) -> LinkKind {
        match kind {
            "introduced_by" => LinkKind::IntroducedBy,
            "introduced" => LinkKind::Introduced,
            "knows" => LinkKind::Knows,
            "works_with" => LinkKind::WorksWith,
            "family" => LinkKind::Family,
            _ => LinkKind::Other(label.unwrap_or_else(|| "linked".into())),
        }
    }

    /// Whether the link reads the same from both sides (stored with a < b).
    pub fn symmetric(&self) -> bool {
        matches!(
            self,
            LinkKind::Introduced | LinkKind::Knows | LinkKind::WorksWith | LinkKind::Family
        )
    }

    /// Whether it says the two were introduced (by someone, or by you).
    pub fn is_introduction(&self) -> bool {
        matches!(self, LinkKind::IntroducedBy | LinkKind::Introduced)
    }

    /// How the link reads from one side: `outgoing` when that person is the
    /// first of the stored pair. "introduced by" reads "introduced to" from
    /// the introducer's side.
    pub fn phrase(&self, outgoing: bool) -> String {
        match (self, outgoing) {
            (LinkKind::IntroducedBy, true) => "introduced by".into(),
            (LinkKind::IntroducedBy, false) => "introduced you to".into(),
            (LinkKind::Introduced, _) => "introduced by you to".into(),
            (LinkKind::Knows, _) => "knows".into(),
            (LinkKind::WorksWith, _) => "works with".into(),
            (LinkKind::Family, _) => "family of".into(),
            (LinkKind::Other(l), true) => l.clone(),
            (LinkKind::Other(l), false) => format!("{l} them"),
        }
    }
}

/// A link as typed: `kith link A B --as "introduced to"`, or the link form.
/// Answers the kind and whether A and B swap places to store it (A
/// "introduced to" B is B "introduced by" A).
pub fn parse(input: &str) -> Option<(LinkKind, bool)> {
    let words: Vec<String> = input
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let key = words.join(" ");
    let kind = match key.as_str() {
        "" => return None,
        "introduced by" | "intro by" | "met through" | "met via" => (LinkKind::IntroducedBy, false),
        "introduced to" | "intro to" | "introduced" => (LinkKind::IntroducedBy, true),
        "knows" | "know" | "knew" => (LinkKind::Knows, false),
        "works with" | "work with" | "colleague" | "colleagues" | "coworker" => {
            (LinkKind::WorksWith, false)
        }
        "family" | "family of" | "related" | "relative" => (LinkKind::Family, false),
        _ => {
            let label = input.split_whitespace().collect::<Vec<_>>().join(" ");
            if label.chars().count() > 60 {
                return None;
            }
            (LinkKind::Other(label), false)
        }
    };
    Some(kind)
}

/// A link seen from one person's side, as `show --json` and the screens have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub id: i64,
    /// The other person.
    pub person_id: i64,
    pub person: String,
    /// How it reads from this side: "introduced by", "works with", …
    #[serde(rename = "as")]
    pub phrase: String,
    /// The stored kind: introduced_by, introduced, knows, works_with, family, other.
    pub kind: String,
    /// Whether this person is the first of the stored pair.
    pub outgoing: bool,
    /// Where or how: "at FOSDEM 2026".
    pub context: Option<String>,
    /// The day it was recorded.
    pub since: String,
}

impl Link {
    /// "introduced by Ingrid Berg at FOSDEM 2026".
    pub fn sentence(&self) -> String {
        let mut s = if self.kind == "other" && !self.outgoing {
            // Free words read from the other side: "Anna de Vries (mentor of them)".
            format!("{} ({})", self.person, self.phrase)
        } else {
            format!("{} {}", self.phrase, self.person)
        };
        if let Some(c) = self.context.as_deref().filter(|c| !c.trim().is_empty()) {
            s.push(' ');
            s.push_str(c.trim());
        }
        s
    }
}

/// Other people met at the same event: computed from meetings, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlsoMet {
    pub event_id: i64,
    pub event: String,
    /// A few of them, by name.
    pub people: Vec<String>,
    /// How many there are in all.
    pub count: usize,
}

impl AlsoMet {
    /// "also met at RustConf 2026: Anna, Wouter (and 3 more)".
    pub fn sentence(&self) -> String {
        let more = self.count.saturating_sub(self.people.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!(
            "also met at {}: {}{tail}",
            self.event,
            self.people.join(", ")
        )
    }
}

/// The lines the brief shows of a person's links and introductions:
/// ("introduced by Ingrid Berg at FOSDEM 2026", "also met at RustConf 2026:
/// Anna, Wouter"), and ("to Dirk Jansen: made 2026-11-20 — invested").
pub fn brief_lines(p: &crate::model::PersonDetail) -> (Vec<String>, Vec<String>) {
    let links = p
        .links
        .iter()
        .map(Link::sentence)
        .chain(p.also_met.iter().map(AlsoMet::sentence))
        .collect();
    let intros = p
        .intros
        .iter()
        .map(|i| {
            let next = if i.step.is_open() {
                format!(" \u{2014} next: {}", i.next_action())
            } else {
                String::new()
            };
            format!("to {}: {}{next}", i.other(p.person.id), i.status())
        })
        .collect();
    (links, intros)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_kinds_and_their_direction() {
        assert_eq!(
            parse("introduced by"),
            Some((LinkKind::IntroducedBy, false))
        );
        assert_eq!(parse("Introduced-To"), Some((LinkKind::IntroducedBy, true)));
        assert_eq!(parse("works_with"), Some((LinkKind::WorksWith, false)));
        assert_eq!(
            parse("  mentor   of "),
            Some((LinkKind::Other("mentor of".into()), false))
        );
        assert_eq!(parse("   "), None);
        assert_eq!(parse(&"x".repeat(61)), None);
    }

    #[test]
    fn introduced_by_reads_as_introduced_to_from_the_other_side() {
        let k = LinkKind::IntroducedBy;
        assert_eq!(k.phrase(true), "introduced by");
        assert_eq!(k.phrase(false), "introduced you to");
        assert_eq!(LinkKind::Knows.phrase(false), "knows");
        assert_eq!(
            LinkKind::from_db("other", Some("mentor of".into())).phrase(false),
            "mentor of them"
        );
    }
}
