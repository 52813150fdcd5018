//! Turns a person argument ("anna", "anna@acme.example", "#12") into one person.

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::store::people;

const MAX_CANDIDATES: usize = 50;
const SHOWN_CANDIDATES: usize = 10;

/// Finds the one person `query` names: by `#id`, exact name or email, whole
/// words, word prefixes, then any substring of name or email. Each step that
/// finds several people makes the query ambiguous; none at all is not found.
pub fn person(c: &Connection, query: &str) -> Result<i64> {
    person_except(c, query, None)
}

/// Like [`person`], never finding `except` (the person a duplicate is being
/// merged into): a query that names them and one other finds the other.
pub fn person_except(c: &Connection, query: &str, except: Option<i64>) -> Result<i64> {
    let q = query.trim();
    if q.is_empty() {
        return Err(Error::Invalid(
            "a person is needed: give a name, an email or #id".into(),
        ));
    }
    if let Some(id) = q.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
        if Some(id) == except {
            return Err(Error::Invalid(
                "that is this person; name the duplicate to fold in".into(),
            ));
        }
        return people::get_person(c, id)
            .map(|p| p.id)
            .map_err(|_| Error::PersonNotFound(q.into()));
    }
    let steps: [&dyn Fn() -> Result<Vec<i64>>; 4] = [
        &|| people::exact_matches(c, q),
        &|| people::word_matches(c, q, false, MAX_CANDIDATES),
        &|| people::word_matches(c, q, true, MAX_CANDIDATES),
        &|| people::substring_matches(c, q, MAX_CANDIDATES),
    ];
    for step in steps {
        let mut ids = step()?;
        ids.retain(|id| Some(*id) != except);
        match ids.len() {
            0 => continue,
            1 => return Ok(ids[0]),
            n => {
                let mut candidates = ids
                    .iter()
                    .take(SHOWN_CANDIDATES)
                    .map(|id| people::label(c, *id).map(|l| format!("  {l}")))
                    .collect::<Result<Vec<_>>>()?;
                if n > SHOWN_CANDIDATES {
                    candidates.push(format!("  … and {} more", n - SHOWN_CANDIDATES));
                }
                return Err(Error::Ambiguous {
                    query: q.into(),
                    total: n,
                    candidates,
                });
            }
        }
    }
    Err(Error::PersonNotFound(q.into()))
}

/// Finds the one archived person `query` names (by `#id`, or a name or email
/// containing it; an exact name or email wins), to restore or delete them.
pub fn archived_person(c: &Connection, query: &str) -> Result<i64> {
    let q = query.trim();
    if q.starts_with('#') {
        return person(c, q);
    }
    let ids = people::archived_matches(c, q, MAX_CANDIDATES)?;
    let exact: Vec<i64> = people::archived_exact(c, q)?;
    match (exact.len(), ids.len()) {
        (1, _) => Ok(exact[0]),
        (_, 0) => Err(Error::PersonNotFound(q.into())),
        (_, 1) => Ok(ids[0]),
        (_, n) => Err(Error::Ambiguous {
            query: q.into(),
            total: n,
            candidates: ids
                .iter()
                .take(SHOWN_CANDIDATES)
                .map(|id| people::label(c, *id).map(|l| format!("  {l}")))
                .collect::<Result<Vec<_>>>()?,
        }),
    }
}

/// A person, live or archived: live people first, then the archive.
pub fn any_person(c: &Connection, query: &str) -> Result<i64> {
    match person(c, query) {
        Err(Error::PersonNotFound(_)) => archived_person(c, query),
        other => other,
    }
}
