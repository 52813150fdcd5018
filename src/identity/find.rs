//! Looking a typed or imported record up in the store.

use rusqlite::Connection;

use super::{name_keys, names_compatible, point_key, score, veto, Candidate, Facts, Reason};
use crate::error::Result;
use crate::model::ContactKind;
use crate::store::identity as db;

/// People looked at per name key: beyond this a name is so common that a
/// list of them would not help anyone choose.
const NAME_LOOKUP: usize = 50;
/// Candidates kept for the user to choose from.
const KEPT: usize = 20;

/// Who a record is.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// That person: the same email (and a name that fits) or profile URL.
    Exact {
        id: i64,
        reason: Reason,
    },
    /// People who may be the same, most likely first.
    Candidates(Vec<Candidate>),
    Nobody,
}

/// The facts of a record as typed: a name, a company, emails and URLs.
pub fn probe(
    name: &str,
    company: Option<&str>,
    birthday: Option<&str>,
    emails: &[String],
    urls: &[String],
) -> Facts {
    let keys = |kind: ContactKind, values: &[String]| -> Vec<String> {
        values
            .iter()
            .map(|v| point_key(kind, v))
            .filter(|k| !k.is_empty())
            .collect()
    };
    Facts {
        id: 0,
        name: name.trim().to_string(),
        company: company
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from),
        birthday: birthday.map(String::from),
        profiles: keys(ContactKind::Social, urls),
        emails: keys(ContactKind::Email, emails),
        source_uid: None,
    }
}

/// The people a record's emails and profile URLs name (with why), and the
/// people sharing an email whose name does not fit.
pub type Exact = (Vec<(i64, Reason)>, Vec<Candidate>);

/// People the record's emails and profile URLs name, not vetoed, best
/// first; and people sharing an email whose name does not fit (a family
/// address), as candidates.
pub fn exact(c: &Connection, r: &Facts) -> Result<Exact> {
    let mut found: Vec<(i64, Reason)> = Vec::new();
    let mut doubtful = Vec::new();
    let lookups = r
        .emails
        .iter()
        .map(|k| (k, Reason::SameEmail))
        .chain(r.profiles.iter().map(|k| (k, Reason::SameProfile)));
    for (key, reason) in lookups {
        for id in db::with_point(c, key)? {
            if found.iter().any(|(f, _)| *f == id) {
                continue;
            }
            let Some(f) = db::facts(c, id)? else { continue };
            if veto(r, &f).is_some() {
                continue;
            }
            if reason == Reason::SameProfile || names_compatible(&r.name, &f.name) {
                found.push((id, reason));
            } else if let Some(cand) = score(r, &f, 2) {
                doubtful.push(cand);
            }
        }
    }
    Ok((found, doubtful))
}

/// People with the same or a similar name, not vetoed, most likely first.
pub fn by_name(c: &Connection, r: &Facts) -> Result<Vec<Candidate>> {
    let (key, ids) = named_alike(c, r)?;
    let block = db::name_key_count(c, &key)? + 1;
    let mut out: Vec<Candidate> = Vec::new();
    for id in ids {
        let Some(f) = db::facts(c, id)? else { continue };
        if let Some(cand) = score(r, &f, block) {
            out.push(cand);
        }
    }
    sort(&mut out);
    Ok(out)
}

/// Whether [`by_name`] would find anyone: stops at the first. An import
/// only counts the people it adds who may be someone already here, and with
/// a common name the full list read up to a hundred people for each card.
pub fn any_by_name(c: &Connection, r: &Facts) -> Result<bool> {
    // How many share the name only grades a candidate, never rules one out.
    let block = 1;
    for id in named_alike(c, r)?.1 {
        if let Some(f) = db::facts(c, id)? {
            if score(r, &f, block).is_some() {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The record's name key, and the people (never the record itself) with
/// that key or with its family name and first initial, each once.
fn named_alike(c: &Connection, r: &Facts) -> Result<(String, Vec<i64>)> {
    let (key, short) = name_keys(&r.name);
    let mut ids = Vec::new();
    for id in db::with_name_key(c, &key, NAME_LOOKUP)?
        .into_iter()
        .chain(db::with_short_key(c, &short, NAME_LOOKUP)?)
    {
        if id != r.id && !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok((key, ids))
}

fn sort(c: &mut [Candidate]) {
    c.sort_by(|a, b| b.confidence.total_cmp(&a.confidence).then(a.id.cmp(&b.id)));
}

/// Who a typed record is: an exact email or profile URL is that person; else
/// the people it may be.
pub fn identify(c: &Connection, r: &Facts) -> Result<Found> {
    let (found, mut candidates) = exact(c, r)?;
    if let Some((id, reason)) = found.first() {
        return Ok(Found::Exact {
            id: *id,
            reason: *reason,
        });
    }
    for cand in by_name(c, r)? {
        if !candidates.iter().any(|x| x.id == cand.id) {
            candidates.push(cand);
        }
    }
    sort(&mut candidates);
    candidates.truncate(KEPT);
    Ok(if candidates.is_empty() {
        Found::Nobody
    } else {
        Found::Candidates(candidates)
    })
}

/// People who may be the same as person `id` (never `id` itself, never
/// someone kept apart from them), most likely first.
pub fn duplicates_of(c: &Connection, id: i64) -> Result<Vec<Candidate>> {
    let Some(me) = db::facts(c, id)? else {
        return Ok(Vec::new());
    };
    let (found, mut out) = exact(c, &me)?;
    for (other, _) in found {
        if let Some(f) = db::facts(c, other)? {
            out.extend(score(&me, &f, 2));
        }
    }
    for cand in by_name(c, &me)? {
        if !out.iter().any(|x| x.id == cand.id) {
            out.push(cand);
        }
    }
    let mut kept = Vec::with_capacity(out.len());
    for cand in out {
        if cand.id != id && !db::kept_apart(c, id, cand.id)? {
            kept.push(cand);
        }
    }
    sort(&mut kept);
    kept.truncate(KEPT);
    Ok(kept)
}
