//! Needs and offers: a `learned` note marked as something a person needs
//! ("looking for a seed investor with hardware experience") or offers
//! ("invests in hardware and climate startups"). This module is pure: the
//! words a note is matched on, how well a need and an offer overlap, the
//! marking Kith proposes for a note that reads like one, and the give idea a
//! match becomes. The store keeps the matches (`store::needs`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::fold::fold;

/// What a learned note is marked as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Need,
    Offer,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Need => "need",
            Mark::Offer => "offer",
        }
    }

    pub fn parse(s: &str) -> Option<Mark> {
        match s.trim().to_ascii_lowercase().as_str() {
            "need" => Some(Mark::Need),
            "offer" => Some(Mark::Offer),
            _ => None,
        }
    }
}

/// A learned note's mark, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marked {
    pub note_id: i64,
    pub person_id: i64,
    pub mark: Mark,
    pub body: String,
    /// For a need: the day it was met.
    pub met_on: Option<NaiveDate>,
}

/// A match between one person's open need and another's offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub need_id: i64,
    pub offer_id: i64,
    pub need_person_id: i64,
    pub need_person: String,
    pub need: String,
    pub offer_person_id: i64,
    pub offer_person: String,
    pub offer: String,
    /// The words they share (folded, stemmed).
    pub shared: Vec<String>,
    pub score: f64,
}

/// A match and the give idea it becomes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GiveMatch {
    #[serde(flatten)]
    pub matched: Match,
    pub give_idea: String,
}

impl From<Match> for GiveMatch {
    fn from(m: Match) -> GiveMatch {
        let give_idea = give_idea(&m.need_person, &m.need, &m.offer_person, &m.offer);
        GiveMatch {
            matched: m,
            give_idea,
        }
    }
}

/// Words that say nothing about what is needed or offered: English function
/// words, and the words that only say "this is a need/offer" ("looking for",
/// "can help with"). Compared after folding and before stemming.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "being",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "for",
    "from",
    "get",
    "gets",
    "getting",
    "good",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "know",
    "knows",
    "like",
    "lot",
    "lots",
    "looking",
    "look",
    "looks",
    "many",
    "me",
    "more",
    "most",
    "much",
    "my",
    "need",
    "needs",
    "needed",
    "new",
    "next",
    "no",
    "not",
    "now",
    "of",
    "off",
    "offer",
    "offers",
    "offering",
    "on",
    "one",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "really",
    "she",
    "so",
    "some",
    "someone",
    "somebody",
    "something",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "up",
    "us",
    "very",
    "want",
    "wants",
    "wanted",
    "was",
    "way",
    "we",
    "well",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "help",
    "helps",
    "helping",
    "intro",
    "intros",
    "introduction",
    "introduced",
    "find",
    "finding",
    "happy",
    "glad",
    "keen",
    "seeking",
    "searching",
    "great",
    "able",
    "always",
    "still",
    "soon",
    "maybe",
    "kind",
    "sort",
    "thing",
    "things",
    "people",
    "person",
    "two",
    "three",
    "four",
    "five",
    "first",
];

/// Whether a folded word says nothing about what is needed or offered.
pub fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.contains(&folded)
}

/// Suffixes cut so that "investor", "invests" and "investing" meet at
/// "invest"; a cut leaves at least `MIN_STEM` letters.
const SUFFIXES: &[&str] = &[
    "ments", "ment", "ings", "ing", "ers", "ors", "er", "or", "ies", "es", "ed", "s",
];
const MIN_STEM: usize = 4;
/// Shorter words are left out (after folding): "ai", "ux" still count.
const MIN_WORD: usize = 2;
/// At most this many words of one note are matched on.
pub const MAX_WORDS: usize = 24;

/// A folded word cut to its stem.
pub fn stem(word: &str) -> String {
    let chars = word.chars().count();
    for suffix in SUFFIXES {
        if let Some(base) = word.strip_suffix(suffix) {
            if base.chars().count() >= MIN_STEM && chars > MIN_STEM {
                return if *suffix == "ies" {
                    format!("{base}y")
                } else {
                    base.to_string()
                };
            }
        }
    }
    word.to_string()
}

/// The words a note is matched on: folded (accents and case), stop words
/// out, stemmed, each once, in order of first use, at most `MAX_WORDS`.
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out: Vec<String> = Vec::new();
    for w in folded.split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() < MIN_WORD || STOP_WORDS.contains(&w) {
            continue;
        }
        if w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let s = stem(w);
        if !out.contains(&s) {
            out.push(s);
            if out.len() == MAX_WORDS {
                break;
            }
        }
    }
    out
}

/// How well a need and an offer overlap: the words they share (in the
/// need's order) and a score, higher is better — the number shared, then how
/// much of the two notes they make up. `None` when they share nothing, or
/// a single word that is less than half of the shorter note.
pub fn overlap(need: &[String], offer: &[String]) -> Option<(f64, Vec<String>)> {
    let mut shared: Vec<String> = need.iter().filter(|w| offer.contains(w)).cloned().collect();
    // In one order whichever side's words were read first (from a note as
    // written, or from the store), so matching again shows the same list.
    shared.sort_unstable();
    shared.dedup();
    // One word in common is a match only when it is most of a short note
    // ("a designer" and "design reviews"), not one word of many ("developers").
    let shorter = need.len().min(offer.len());
    if shared.is_empty() || (shared.len() < 2 && shared.len() * 2 < shorter) {
        return None;
    }
    let union = need.len() + offer.len() - shared.len();
    let score = shared.len() as f64 + shared.len() as f64 / union.max(1) as f64;
    Some((score, shared))
}

/// Phrases that make a learned note read like a need or an offer.
const NEED_PHRASES: &[&str] = &[
    "looking for",
    "looks for",
    "is looking",
    "searching for",
    "seeking",
    "needs",
    "need a",
    "need an",
    "needs a",
    "hiring",
    "wants an intro",
    "wants to meet",
    "wants an introduction",
    "would love an intro",
    "raising",
];
const OFFER_PHRASES: &[&str] = &[
    "invests in",
    "investor in",
    "offers",
    "can help with",
    "can help",
    "happy to help",
    "knows a lot about",
    "expert in",
    "mentors",
    "advises",
    "can introduce",
];

/// The marking Kith proposes for a learned note that reads like a need or an
/// offer (never applied without the user saying so). A note reading like
/// both is left alone.
pub fn propose(body: &str) -> Option<Mark> {
    let text = format!(
        " {} ",
        fold(body).split_whitespace().collect::<Vec<_>>().join(" ")
    );
    let has = |phrases: &[&str]| {
        phrases.iter().any(|p| {
            text.match_indices(p).any(|(i, _)| {
                // Whole words only: "offers" but not "coffers".
                let before = text[..i].chars().next_back().unwrap_or(' ');
                let after = text[i + p.len()..].chars().next().unwrap_or(' ');
                !before.is_alphanumeric() && !after.is_alphanumeric()
            })
        })
    };
    match (has(NEED_PHRASES), has(OFFER_PHRASES)) {
        (true, false) => Some(Mark::Need),
        (false, true) => Some(Mark::Offer),
        _ => None,
    }
}

/// The first word of a name: "José" of "José García".
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// A note's text as said of its person: "looking for X" → "José is looking
/// for X", "invests in X" → "Ingrid invests in X", a note that already
/// names them or says "he/she/they" is kept as written.
pub fn said_of(name: &str, body: &str) -> String {
    let body = body.trim().trim_end_matches(['.', '!', ';']);
    let first = first_name(name);
    let lead = body.split_whitespace().next().unwrap_or("");
    let lead_folded = fold(lead);
    if lead_folded == fold(first) {
        return body.to_string();
    }
    // "she is hiring …" reads "Anna is hiring …".
    if ["he", "she"].contains(&lead_folded.as_str()) {
        return format!("{first}{}", &body[lead.len()..]);
    }
    if ["they", "his", "her", "their"].contains(&lead_folded.as_str()) {
        return body.to_string();
    }
    let mut chars = body.chars();
    let rest: String = match chars.next() {
        // "Looking for …" reads "José is looking for …".
        Some(c) if c.is_uppercase() && lead.chars().skip(1).all(|c| c.is_lowercase()) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => body.to_string(),
    };
    if lead_folded.ends_with("ing") {
        format!("{first} is {rest}")
    } else if lead_folded.ends_with('s') && lead_folded.len() > 3 {
        format!("{first} {rest}")
    } else {
        format!("{first}: {rest}")
    }
}

/// Why an introduction that answers a match is made: "José is looking for
/// a hardware investor; Ingrid invests in hardware".
pub fn intro_reason(m: &Match) -> String {
    format!(
        "{}; {}",
        said_of(&m.need_person, &m.need),
        said_of(&m.offer_person, &m.offer)
    )
}

/// The give idea a match becomes: "José is looking for a hardware investor —
/// Ingrid invests in hardware: introduce them?"
pub fn give_idea(need_person: &str, need: &str, offer_person: &str, offer: &str) -> String {
    format!(
        "{} \u{2014} {}: introduce them?",
        said_of(need_person, need),
        said_of(offer_person, offer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_accents_and_leave_out_stop_words() {
        assert_eq!(
            words("Looking for a Hardware investor in Zürich"),
            vec!["hardware", "invest", "zurich"]
        );
        assert_eq!(words("invests in hardware"), vec!["invest", "hardware"]);
        assert!(words("looking for someone who can help").is_empty());
    }

    #[test]
    fn a_need_and_an_offer_overlap_on_their_stems() {
        let need = words("looking for a hardware investor");
        let offer = words("Ingrid invests in hardware and climate startups");
        let (score, shared) = overlap(&need, &offer).unwrap();
        assert_eq!(shared, vec!["hardware", "invest"]);
        assert!(score > 2.0);
        assert!(overlap(&need, &words("knows a lot about gardening")).is_none());
        // One word of many is not a match; one word of a short note is.
        let hiring = words("hiring two Rust developers for the storage team");
        assert!(overlap(&hiring, &words("design reviews for developer tools")).is_none());
        assert!(overlap(&words("a designer"), &words("offers design reviews")).is_some());
    }

    #[test]
    fn kith_proposes_a_marking_for_notes_that_read_like_one() {
        assert_eq!(propose("Looking for a seed investor"), Some(Mark::Need));
        assert_eq!(propose("hiring two Rust devs"), Some(Mark::Need));
        assert_eq!(propose("wants an intro to a designer"), Some(Mark::Need));
        assert_eq!(propose("Invests in hardware"), Some(Mark::Offer));
        assert_eq!(propose("can help with visas"), Some(Mark::Offer));
        assert_eq!(propose("knows a lot about SQLite"), Some(Mark::Offer));
        assert_eq!(propose("has two kids"), None);
        assert_eq!(propose("keeps coffers full"), None);
    }

    #[test]
    fn the_give_idea_reads_as_a_sentence() {
        assert_eq!(
            give_idea(
                "José García",
                "looking for a hardware investor",
                "Ingrid Berg",
                "invests in hardware"
            ),
            "José is looking for a hardware investor \u{2014} Ingrid invests in hardware: introduce them?"
        );
        assert_eq!(
            said_of("Anna de Vries", "Anna wants a designer."),
            "Anna wants a designer"
        );
        assert_eq!(said_of("Anna de Vries", "a designer"), "Anna: a designer");
        assert_eq!(
            said_of("Anna de Vries", "she is hiring Rust developers"),
            "Anna is hiring Rust developers"
        );
    }
}
