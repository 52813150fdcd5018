//! Matching imported records against the store and writing them.
//!
//! A record is the same person as a stored one when it has the same uid, then
//! the same email (and a name with a word in common), then the same profile
//! or web address, then the same name and company. Such a person is updated, never duplicated; what is already
//! there (contact points, tags, notes, meetings, follow-ups) is not doubled,
//! so importing a file twice changes nothing the second time. A record that
//! only shares a name with someone is added and reported as a likely
//! duplicate for `kith merge`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::text::names_compatible;
use super::{Item, Problem, Record, Source};
use crate::error::{Error, Result};
use crate::model::ContactKind;
use crate::store::interop::{self as db, Fields};
use crate::store::{bulk, Store};

/// Records written per transaction.
pub const BATCH: usize = 5_000;
/// Problems and likely duplicates kept for the report (the rest are counted).
pub const KEEP: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Added(i64),
    Updated(i64),
    Unchanged(i64),
}

impl Outcome {
    pub fn id(&self) -> i64 {
        match self {
            Outcome::Added(id) | Outcome::Updated(id) | Outcome::Unchanged(id) => *id,
        }
    }
}

/// Someone added who may be someone already there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Likely {
    pub file: std::path::PathBuf,
    pub line: usize,
    pub name: String,
    pub new_id: i64,
    pub existing: Vec<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Records left out.
    pub skipped: usize,
    /// Field-level problems (the record went in without the field).
    pub warnings: usize,
    pub problems: Vec<Problem>,
    pub likely: Vec<Likely>,
    pub likely_total: usize,
    pub events_changed: usize,
    pub dry_run: bool,
    /// The person each uid of this import went to, and whether the source gave
    /// it. Two cards of one address book with different uids of their own are
    /// different people, however alike.
    claims: HashMap<i64, Vec<(String, bool)>>,
}

impl Summary {
    fn note(&mut self, p: Problem) {
        if p.skipped {
            self.skipped += 1;
        } else {
            self.warnings += 1;
        }
        if self.problems.len() < KEEP {
            self.problems.push(p);
        }
    }

    pub fn problems_total(&self) -> usize {
        self.skipped + self.warnings
    }
}

/// How the record was found, if it was.
/// The person found (and whether by uid), or else people who may be the same.
type Found = (Option<(i64, bool)>, Vec<i64>);

fn find(c: &Connection, r: &Record, claims: &HashMap<i64, Vec<(String, bool)>>) -> Result<Found> {
    if let Some(uid) = &r.uid {
        if let Some(id) = db::find_uid(c, uid)? {
            return Ok((Some((id, true)), Vec::new()));
        }
        // A card that was found to be someone else before fills them in again.
        if let Some(id) = db::find_alias(c, uid)? {
            return Ok((Some((id, false)), Vec::new()));
        }
    }
    // An email shared by people with nothing in common in their names (a
    // family address, a placeholder) is no proof: such a match is reported
    // as a likely duplicate instead.
    let mut doubtful = Vec::new();
    let mut candidates = Vec::new();
    for cp in r
        .contact_points
        .iter()
        .filter(|c| c.kind == ContactKind::Email)
    {
        for id in db::find_email(c, &cp.value)? {
            if names_compatible(&db::fields(c, id)?.name, &r.fields.name) {
                candidates.push(id);
            } else {
                doubtful.push(id);
            }
        }
    }
    for cp in r
        .contact_points
        .iter()
        // A profile is one person's; a web page may be a whole company's.
        .filter(|c| c.kind == ContactKind::Social)
        .filter(|c| c.value.contains('/'))
    {
        candidates.extend(db::find_url(c, &cp.value)?);
    }
    if candidates.is_empty() {
        if let Some(company) = r.fields.company.as_deref().filter(|s| !s.trim().is_empty()) {
            candidates = db::find_name_company(c, &r.fields.name, company)?;
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    if let Some(uid) = r.uid.as_ref().filter(|_| !r.uid_derived) {
        let (other, same): (Vec<i64>, Vec<i64>) = candidates.into_iter().partition(|id| {
            claims.get(id).is_some_and(|cs| {
                cs.iter()
                    .any(|(claimed, derived)| !derived && claimed != uid)
                    && !cs.iter().any(|(claimed, _)| claimed == uid)
            })
        });
        doubtful.extend(other);
        candidates = same;
    }
    if let Some(first) = candidates.first() {
        // Several people fit: the one that already has most of this record
        // (where it went last time, so a second import lands in the same place).
        let mut best = (*first, 0);
        if candidates.len() > 1 {
            let values: Vec<&str> = r.contact_points.iter().map(|c| c.value.as_str()).collect();
            for id in &candidates {
                let n = db::shared_points(c, *id, &values)?;
                if n > best.1 {
                    best = (*id, n);
                }
            }
        }
        return Ok((Some((best.0, false)), Vec::new()));
    }
    let mut likely = db::find_name(c, &r.fields.name)?;
    likely.append(&mut doubtful);
    likely.sort_unstable();
    likely.dedup();
    Ok((None, likely))
}

fn validate(r: &Record) -> Result<()> {
    if r.fields.name.trim().is_empty() {
        return Err(Error::Invalid("no name".into()));
    }
    if r.fields.cadence_days.is_some_and(|d| d <= 0) {
        return Err(Error::Invalid("cadence_days must be positive".into()));
    }
    if r.reminders
        .iter()
        .any(|x| x.repeat_days.is_some_and(|d| d <= 0))
    {
        return Err(Error::Invalid("repeat_days must be positive".into()));
    }
    Ok(())
}

fn trimmed(f: &Fields) -> Fields {
    let opt = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    Fields {
        name: f.name.trim().to_string(),
        company: opt(&f.company),
        title: opt(&f.title),
        birthday: opt(&f.birthday),
        cadence_days: f.cadence_days,
    }
}

/// Writes one record: a new person, or what is new about a known one.
pub fn apply(
    c: &Connection,
    r: &Record,
    now: DateTime<Utc>,
    claims: &HashMap<i64, Vec<(String, bool)>>,
) -> Result<(Outcome, Vec<i64>)> {
    validate(r)?;
    let incoming = trimmed(&r.fields);
    let (found, likely) = find(c, r, claims)?;
    // A new person is written last, after their contact points, tags and
    // notes (foreign keys are checked at commit): the search index then
    // takes their whole document once instead of once per row.
    let (id, added) = match found {
        None => (db::next_person_id(c)?, true),
        Some((id, by_uid)) => {
            // Found another way: this card's uid will find them next time.
            if let (false, Some(uid)) = (by_uid, &r.uid) {
                db::add_alias(c, uid, id)?;
            }
            (id, false)
        }
    };
    let mut changed = false;
    if !added {
        let old = db::fields(c, id)?;
        let new = if r.meta.is_some() {
            // A Kith dump is the whole truth about a person.
            incoming.clone()
        } else {
            // The same card (same uid) refreshes what it knows; a record
            // found another way only fills in what is missing, so two
            // records of one person in a file cannot overwrite each other.
            // Only the first card with a uid in an import is authoritative: a
            // second card with the same uid in the same import fills in.
            let first_of_uid = !claims
                .get(&id)
                .is_some_and(|cs| cs.iter().any(|(u, _)| Some(u) == r.uid.as_ref()));
            let by_uid = found.is_some_and(|(_, uid)| uid) && first_of_uid;
            let pick = |new: &Option<String>, old: &Option<String>| {
                if by_uid {
                    new.clone().or(old.clone())
                } else {
                    old.clone().or(new.clone())
                }
            };
            Fields {
                name: if by_uid {
                    incoming.name.clone()
                } else {
                    old.name.clone()
                },
                company: pick(&incoming.company, &old.company),
                title: pick(&incoming.title, &old.title),
                birthday: pick(&incoming.birthday, &old.birthday),
                cadence_days: old.cadence_days.or(incoming.cadence_days),
            }
        };
        if new != old {
            db::update_fields(c, id, &new, now)?;
            changed = true;
        }
    }
    for cp in &r.contact_points {
        changed |= db::add_point_if_missing(c, id, cp)?;
    }
    for t in &r.tags {
        changed |= crate::store::people::add_tag(c, id, t)?;
    }
    let mut note_ids = Vec::with_capacity(r.notes.len());
    for n in &r.notes {
        if n.body.trim().is_empty() {
            note_ids.push(None);
            continue;
        }
        let (nid, new) = db::add_note_if_missing(c, id, n, now)?;
        note_ids.push(Some(nid));
        changed |= new;
    }
    for m in &r.meetings {
        changed |= db::add_meeting_if_missing(c, id, m, now)?;
    }
    for rem in &r.reminders {
        let note_id = rem.note.and_then(|i| note_ids.get(i).copied().flatten());
        changed |= db::add_reminder_if_missing(c, Some(id), note_id, rem, now)?;
    }
    if added {
        let uid = r
            .uid
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        db::insert_person_with_id(c, id, &uid, &incoming, now)?;
    }
    if let Some(meta) = &r.meta {
        if db::meta(c, id)? != *meta {
            db::set_meta(c, id, meta)?;
            changed = true;
        }
    }
    let outcome = match (added, changed) {
        (true, _) => Outcome::Added(id),
        (false, true) => Outcome::Updated(id),
        (false, false) => Outcome::Unchanged(id),
    };
    let likely = if added {
        likely.into_iter().filter(|x| *x != id).collect()
    } else {
        Vec::new()
    };
    Ok((outcome, likely))
}

/// A problem with one record rather than with the store.
fn is_record_error(e: &Error) -> bool {
    match e {
        Error::Invalid(_) | Error::Date(_) => true,
        Error::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => {
            f.code == rusqlite::ErrorCode::ConstraintViolation
        }
        _ => false,
    }
}

/// Writes a batch. In `careful` mode each record gets a savepoint and a
/// record that fails is reported and left out; otherwise the first failure
/// fails the batch (which is then redone carefully).
fn run_batch(
    c: &Connection,
    batch: &[Item],
    s: &mut Summary,
    now: DateTime<Utc>,
    careful: bool,
) -> Result<()> {
    db::defer_foreign_keys(c)?;
    let pause = bulk::SearchPause::start(c)?;
    let mut touched: Vec<i64> = Vec::with_capacity(batch.len());
    for item in batch {
        for p in &item.problems {
            s.note(p.clone());
        }
        let Some(r) = &item.record else { continue };
        let result = if careful {
            db::in_savepoint(c, || apply(c, r, now, &s.claims))
        } else {
            apply(c, r, now, &s.claims)
        };
        if let (Ok((outcome, _)), Some(uid)) = (&result, &r.uid) {
            s.claims
                .entry(outcome.id())
                .or_default()
                .push((uid.clone(), r.uid_derived));
        }
        match result {
            Ok((outcome, likely)) => match outcome {
                Outcome::Added(id) => {
                    touched.push(id);
                    s.added += 1;
                    if !likely.is_empty() {
                        s.likely_total += 1;
                        if s.likely.len() < KEEP {
                            s.likely.push(Likely {
                                file: r.file.clone(),
                                line: r.line,
                                name: r.fields.name.clone(),
                                new_id: id,
                                existing: likely,
                            });
                        }
                    }
                }
                Outcome::Updated(id) => {
                    touched.push(id);
                    s.updated += 1;
                }
                Outcome::Unchanged(_) => s.unchanged += 1,
            },
            Err(e) if careful && is_record_error(&e) => s.note(Problem {
                file: r.file.clone(),
                line: r.line,
                message: format!("\"{}\": {e}", r.fields.name),
                skipped: true,
            }),
            Err(e) => return Err(e),
        }
    }
    touched.sort_unstable();
    touched.dedup();
    pause.resume(c, bulk::Reindex::People(&touched))
}

/// Writes a batch fast, or if one of its records fails, carefully.
fn write_batch(c: &Connection, batch: &[Item], s: &mut Summary, now: DateTime<Utc>) -> Result<()> {
    let before = s.clone();
    match db::in_savepoint(c, || run_batch(c, batch, s, now, false)) {
        Err(e) if is_record_error(&e) => {
            *s = before;
            run_batch(c, batch, s, now, true)
        }
        other => other,
    }
}

/// Imports a source: in batches of [`BATCH`] records, one transaction each;
/// with `dry_run`, in one transaction that is rolled back. `progress` is told
/// the bytes read after each batch.
pub fn import(
    store: &mut Store,
    mut source: Source,
    dry_run: bool,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64),
) -> Result<Summary> {
    let mut s = Summary {
        dry_run,
        ..Summary::default()
    };
    db::bulk_cache(store.conn())?;
    let events = std::mem::take(&mut source.events);
    let loose = std::mem::take(&mut source.loose_reminders);
    let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
    let read = source.read.clone();
    let mut fill = |batch: &mut Vec<Item>| {
        batch.clear();
        batch.extend(source.items.by_ref().take(BATCH));
        !batch.is_empty()
    };
    let prelude = |c: &Connection, s: &mut Summary| -> Result<()> {
        for e in &events {
            if db::upsert_event(c, e, now)? {
                s.events_changed += 1;
            }
        }
        Ok(())
    };
    let postlude = |c: &Connection| -> Result<()> {
        for r in &loose {
            db::add_reminder_if_missing(c, None, None, r, now)?;
        }
        Ok(())
    };
    if dry_run {
        store.rehearse(|tx| {
            prelude(tx, &mut s)?;
            while fill(&mut batch) {
                write_batch(tx, &batch, &mut s, now)?;
                progress(read.get());
            }
            postlude(tx)
        })?;
    } else {
        if !events.is_empty() {
            store.write(|tx| prelude(tx, &mut s))?;
        }
        while fill(&mut batch) {
            let before = s.clone();
            match store.write(|tx| run_batch(tx, &batch, &mut s, now, false)) {
                Err(e) if is_record_error(&e) => {
                    s = before;
                    store.write(|tx| run_batch(tx, &batch, &mut s, now, true))?;
                }
                other => other?,
            }
            progress(read.get());
        }
        if !loose.is_empty() {
            store.write(|tx| postlude(tx))?;
        }
    }
    Ok(s)
}
