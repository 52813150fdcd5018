//! Address completion for mail clients: the addresses of the people a few
//! typed letters name, best first.

use rusqlite::Connection;

use crate::error::Result;
use crate::fold::fold;
use crate::store::addresses::{self, Address};
use crate::store::search::fts_query;

/// How many people one completion lists at most.
pub const PEOPLE_LIMIT: usize = 50;

/// The addresses matching `text` (names, companies, tags, emails; accents
/// folded), best first: a name that starts with what was typed, then a name
/// word that does, then an email that does, then the rest in the index's
/// ranking. A person's addresses stay together.
pub fn lookup(c: &Connection, text: &str) -> Result<Vec<Address>> {
    let Some(fts) = fts_query(text) else {
        return Ok(Vec::new());
    };
    let mut found = addresses::matching(c, &fts, PEOPLE_LIMIT)?;
    let typed = fold(text.trim());
    // Sorting is stable: within a tier the index's order (and a person's
    // addresses in their order) is kept.
    let tiers: Vec<(i64, u8)> = found
        .iter()
        .map(|a| (a.person_id, tier(a, &typed)))
        .collect();
    let best_of = |id: i64| {
        tiers
            .iter()
            .filter(|(p, _)| *p == id)
            .map(|(_, t)| *t)
            .min()
            .unwrap_or(u8::MAX)
    };
    let first_seen = |id: i64| found_position(&tiers, id);
    let mut keyed: Vec<(u8, usize, Address)> = found
        .drain(..)
        .map(|a| (best_of(a.person_id), first_seen(a.person_id), a))
        .collect();
    keyed.sort_by_key(|(t, pos, _)| (*t, *pos));
    Ok(keyed.into_iter().map(|(_, _, a)| a).collect())
}

fn found_position(tiers: &[(i64, u8)], id: i64) -> usize {
    tiers
        .iter()
        .position(|(p, _)| *p == id)
        .unwrap_or(usize::MAX)
}

/// 0: the name starts with `typed`; 1: a word of the name does; 2: the
/// email does; 3: anything else the index matched.
fn tier(a: &Address, typed: &str) -> u8 {
    let name = fold(&a.name);
    if name.starts_with(typed) {
        0
    } else if name
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| !w.is_empty() && w.starts_with(first_word(typed)))
    {
        1
    } else if fold(&a.email).starts_with(first_word(typed)) {
        2
    } else {
        3
    }
}

fn first_word(typed: &str) -> &str {
    typed
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or(typed)
}

/// The third column mutt shows: the company, and the tags.
pub fn other(a: &Address) -> String {
    let company = a.company.as_deref().map(str::trim).unwrap_or_default();
    let tags: Vec<&str> = a.tags.split_whitespace().collect();
    match (company.is_empty(), tags.is_empty()) {
        (false, false) => format!("{company} ({})", tags.join(", ")),
        (false, true) => company.to_string(),
        (true, false) => tags.join(", "),
        (true, true) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(id: i64, name: &str, email: &str) -> Address {
        Address {
            person_id: id,
            email: email.into(),
            name: name.into(),
            company: None,
            tags: String::new(),
        }
    }

    #[test]
    fn tiers_prefer_the_start_of_a_name() {
        assert_eq!(tier(&addr(1, "José García", "x@y"), "jose"), 0);
        assert_eq!(tier(&addr(1, "Ana José", "x@y"), "jose"), 1);
        assert_eq!(tier(&addr(1, "Ana", "jose@y"), "jose"), 2);
        assert_eq!(tier(&addr(1, "Ana", "x@jose.example"), "jose"), 3);
    }

    #[test]
    fn other_is_company_and_tags() {
        let mut a = addr(1, "A", "a@b");
        assert_eq!(other(&a), "");
        a.tags = "rust nl".into();
        assert_eq!(other(&a), "rust, nl");
        a.company = Some("Acme".into());
        assert_eq!(other(&a), "Acme (rust, nl)");
    }
}
