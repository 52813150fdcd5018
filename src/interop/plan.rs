//! Matching imported records against the store and writing them.
//!
//! A record is the same person as a stored one when it has the same uid (or
//! a uid found to be them before), then by the identity rule of
//! `crate::identity`: the same email (with a name that fits) or profile URL,
//! unless a fact vetoes it. Such a person is updated, never duplicated; what
//! is already there (contact points, tags, notes, meetings, follow-ups) is
//! not doubled, so importing a file twice changes nothing the second time. A
//! record that only shares a name with someone is added and counted as a
//! candidate for the duplicates review (`kith duplicates`).

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use super::seen::{self, Known, Seen};
use super::{Format, Item, Problem, Record, Source};
use crate::error::{Error, Result};
use crate::identity::{self, point_key, Facts};
use crate::model::ContactKind;
use crate::store::interop::{self as db, Fields};
use crate::store::{bulk, import_hash, Store};

/// Records written per transaction.
pub const BATCH: usize = 5_000;
/// How long one batch may hold the write lock: other writers wait for it (up
/// to the store's busy timeout), so a slow machine takes smaller batches.
const BATCH_TIME: std::time::Duration = std::time::Duration::from_millis(1500);
/// Records handed from the reading thread to the writer at a time.
const CHUNK: usize = 256;
/// Chunks read ahead of the writer at most: what bounds an import's memory.
const AHEAD: usize = 8;
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
    /// Records added who may be someone already here (same or similar
    /// name, or an email shared with a different name): for `kith duplicates`.
    pub candidates: usize,
    /// The address book the uids of this import come from.
    origin: String,
    pub events_changed: usize,
    pub dry_run: bool,
    /// A reader stopped before the end of its file (see the last problem).
    pub stopped: bool,
    /// The person each uid of this import went to, and whether the source gave
    /// it. Two cards of one address book with different uids of their own are
    /// different people, however alike.
    claims: HashMap<i64, Vec<(String, bool)>>,
    /// The people whose claims the batch being written added to, in order,
    /// so a batch that is redone takes them back (instead of copying every
    /// claim of the import before each batch).
    claimed: Vec<i64>,
}

/// What a summary held before a batch, to go back to if the batch is redone.
struct Mark {
    counts: [usize; 7],
    problems: usize,
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

    fn counts(&self) -> [usize; 7] {
        [
            self.added,
            self.updated,
            self.unchanged,
            self.skipped,
            self.warnings,
            self.candidates,
            self.events_changed,
        ]
    }

    /// Starts a batch.
    fn mark(&mut self) -> Mark {
        self.claimed.clear();
        Mark {
            counts: self.counts(),
            problems: self.problems.len(),
        }
    }

    /// Forgets what the batch since `m` counted and claimed.
    fn rollback(&mut self, m: &Mark) {
        [
            self.added,
            self.updated,
            self.unchanged,
            self.skipped,
            self.warnings,
            self.candidates,
            self.events_changed,
        ] = m.counts;
        self.problems.truncate(m.problems);
        while let Some(id) = self.claimed.pop() {
            if let Some(cs) = self.claims.get_mut(&id) {
                cs.pop();
                if cs.is_empty() {
                    self.claims.remove(&id);
                }
            }
        }
    }

    /// A record imported before and unchanged since: counted, and its uid
    /// claimed for its person as if it had been read.
    fn unchanged_before(&mut self, seen: Option<&Seen>) {
        self.unchanged += 1;
        if let Some(Seen {
            person,
            uid: Some(uid),
        }) = seen
        {
            self.claims
                .entry(*person)
                .or_default()
                .push((uid.clone(), false));
            self.claimed.push(*person);
        }
    }

    pub fn problems_total(&self) -> usize {
        self.skipped + self.warnings
    }
}

/// What every batch of one import shares.
struct Ctx {
    now: DateTime<Utc>,
    format: Format,
    known: Known,
}

/// The person found (and whether by uid), or else whether someone here may
/// be the same (a candidate for the duplicates review).
type Found = (Option<(i64, bool)>, bool);

/// The facts of a record, for the identity rule.
fn facts_of(r: &Record, origin: &str) -> Facts {
    let of = |kind: ContactKind| -> Vec<String> {
        r.contact_points
            .iter()
            .filter(|c| {
                c.kind == kind || (kind == ContactKind::Social && c.kind == ContactKind::Url)
            })
            .map(|c| point_key(c.kind, &c.value))
            .filter(|k| !k.is_empty())
            .collect()
    };
    Facts {
        id: 0,
        name: r.fields.name.clone(),
        company: r.fields.company.clone(),
        birthday: r.fields.birthday.clone(),
        profiles: of(ContactKind::Social),
        emails: of(ContactKind::Email),
        source_uid: r
            .uid
            .as_ref()
            .filter(|_| !r.uid_derived && !origin.is_empty())
            .map(|u| (origin.to_string(), u.clone())),
    }
}

/// Finds the record by the one identity rule: its uid (or a uid it was
/// found to be before), then an email or profile URL that no fact vetoes.
/// Anyone else with the same or a similar name is a candidate for the
/// duplicates review, never merged here.
fn find(
    c: &Connection,
    r: &Record,
    origin: &str,
    claims: &HashMap<i64, Vec<(String, bool)>>,
    apart: &dyn Fn(i64) -> bool,
    set_apart: &mut Vec<i64>,
) -> Result<Found> {
    if let Some(uid) = &r.uid {
        if let Some(id) = db::find_uid(c, uid)? {
            return Ok((Some((id, true)), false));
        }
        // A card that was found to be someone else before fills them in again.
        if let Some(id) = db::find_alias(c, uid)? {
            return Ok((Some((id, false)), false));
        }
    }
    let facts = facts_of(r, origin);
    let (exact, doubtful) = identity::find::exact(c, &facts)?;
    let mut candidates: Vec<i64> = exact.into_iter().map(|(id, _)| id).collect();
    let mut likely = !doubtful.is_empty();
    set_apart.extend(candidates.iter().filter(|id| apart(**id)));
    candidates.retain(|id| !apart(*id));
    likely |= !set_apart.is_empty();
    if let Some(uid) = r.uid.as_ref().filter(|_| !r.uid_derived) {
        // Two cards of one address book with uids of their own are two people.
        let before = candidates.len();
        candidates.retain(|id| {
            !claims.get(id).is_some_and(|cs| {
                cs.iter()
                    .any(|(claimed, derived)| !derived && claimed != uid)
                    && !cs.iter().any(|(claimed, _)| claimed == uid)
            })
        });
        likely |= candidates.len() < before;
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
        return Ok((Some((best.0, false)), false));
    }
    likely |= identity::find::any_by_name(c, &facts)?;
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
    validate_dates(r).map_err(Error::Invalid)
}

/// Every date of a record readable and within the supported years: one bad
/// date would otherwise make every screen showing the person fail.
fn validate_dates(r: &Record) -> std::result::Result<(), String> {
    use crate::when::{check_stored_birthday, check_stored_date, check_stored_instant};
    let field = |what: &str, checked: std::result::Result<(), String>| {
        checked.map_err(|why| format!("{what}: {why}"))
    };
    let day = |d: NaiveDate| check_stored_date(&d.to_string());
    if let Some(b) = &r.fields.birthday {
        field("birthday", check_stored_birthday(b))?;
    }
    if let Some(m) = &r.meta {
        for (what, v) in [
            ("archived_at", &m.archived_at),
            ("bumped_at", &m.bumped_at),
            ("created_at", &Some(m.created_at.clone())),
            ("updated_at", &Some(m.updated_at.clone())),
        ] {
            if let Some(v) = v {
                field(what, check_stored_instant(v))?;
            }
        }
        if let Some(v) = &m.prompt_snoozed_until {
            field("prompt_snoozed_until", check_stored_date(v))?;
        }
    }
    for n in &r.notes {
        for (what, v) in [
            ("happened_at", &n.happened_at),
            ("created_at", &n.created_at),
        ] {
            if let Some(v) = v {
                field(&format!("a note's {what}"), check_stored_instant(v))?;
            }
        }
    }
    for m in &r.meetings {
        field("a meeting's met_on", day(m.met_on))?;
        if let Some(v) = &m.created_at {
            field("a meeting's created_at", check_stored_instant(v))?;
        }
    }
    for x in &r.reminders {
        reminder_dates(x).map_err(|why| format!("a follow-up's {why}"))?;
    }
    Ok(())
}

fn reminder_dates(x: &db::ReminderData) -> std::result::Result<(), String> {
    use crate::when::{check_stored_date, check_stored_instant};
    let field = |what: &str, checked: std::result::Result<(), String>| {
        checked.map_err(|why| format!("{what}: {why}"))
    };
    field("due_on", check_stored_date(&x.due_on.to_string()))?;
    if let Some(d) = x.snoozed_until {
        field("snoozed_until", check_stored_date(&d.to_string()))?;
    }
    for (what, v) in [("done_at", &x.done_at), ("created_at", &x.created_at)] {
        if let Some(v) = v {
            field(what, check_stored_instant(v))?;
        }
    }
    Ok(())
}

fn event_dates(e: &db::EventData) -> std::result::Result<(), String> {
    use crate::when::{check_stored_date, check_stored_instant};
    let field = |what: &str, checked: std::result::Result<(), String>| {
        checked.map_err(|why| format!("{what}: {why}"))
    };
    field("starts_on", check_stored_date(&e.starts_on.to_string()))?;
    if let Some(d) = e.ends_on {
        field("ends_on", check_stored_date(&d.to_string()))?;
    }
    if let Some(v) = &e.created_at {
        field("created_at", check_stored_instant(v))?;
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
    origin: &str,
    claims: &HashMap<i64, Vec<(String, bool)>>,
) -> Result<(Outcome, bool)> {
    let (outcome, likely, _) = apply_apart(c, r, now, origin, claims, &|_| false)?;
    Ok((outcome, likely))
}

/// [`apply`], except that the identity rule never finds one of `apart` by an
/// email or profile URL (their uid still finds them): answers, besides, the
/// people of `apart` it would have found, now a pair for the duplicates
/// review.
pub fn apply_apart(
    c: &Connection,
    r: &Record,
    now: DateTime<Utc>,
    origin: &str,
    claims: &HashMap<i64, Vec<(String, bool)>>,
    apart: &dyn Fn(i64) -> bool,
) -> Result<(Outcome, bool, Vec<i64>)> {
    validate(r)?;
    let incoming = trimmed(&r.fields);
    let mut set_apart = Vec::new();
    let (found, likely) = find(c, r, origin, claims, apart, &mut set_apart)?;
    // A new person is written first, so every row after it has its parent
    // and no foreign key check waits for the commit (turning that on per
    // transaction is a pragma that makes SQLite prepare every cached
    // statement again). An import pauses the search triggers and indexes the
    // batch's people once at its end.
    let (id, added) = match found {
        None => {
            let id = db::next_person_id(c)?;
            let uid = r
                .uid
                .clone()
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            let source =
                (!r.uid_derived && r.uid.is_some() && !origin.is_empty()).then_some(origin);
            db::insert_person_with_id(c, id, &uid, source, &incoming, now)?;
            (id, true)
        }
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
    if added {
        db::add_points_of_new_person(c, id, &r.contact_points)?;
    } else {
        for cp in &r.contact_points {
            changed |= db::add_point_if_missing(c, id, cp)?;
        }
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
    Ok((outcome, added && likely, set_apart))
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
    ctx: &Ctx,
    careful: bool,
) -> Result<()> {
    let now = ctx.now;
    let pause = bulk::SearchPause::start(c)?;
    let mut touched: Vec<i64> = Vec::with_capacity(batch.len());
    for item in batch {
        for p in &item.problems {
            s.note(p.clone());
        }
        if let Some(hash) = &item.known {
            s.unchanged_before(ctx.known.get(hash));
            continue;
        }
        let Some(r) = &item.record else { continue };
        let hash = r.hash.unwrap_or_else(|| seen::of_record(ctx.format, r));
        // Only a record read without a problem is remembered (and skipped
        // next time): the others say again what is wrong with them.
        let clean = item.problems.is_empty();
        if clean && ctx.known.contains(&hash) {
            s.unchanged_before(ctx.known.get(&hash));
            continue;
        }
        let origin = s.origin.clone();
        let write = |claims: &_| -> Result<(Outcome, bool)> {
            let (outcome, likely) = apply(c, r, now, &origin, claims)?;
            if clean {
                let uid = r.uid.as_deref().filter(|_| !r.uid_derived);
                import_hash::remember(c, &hash, outcome.id(), uid)?;
            }
            Ok((outcome, likely))
        };
        let result = if careful {
            db::in_savepoint(c, || write(&s.claims))
        } else {
            write(&s.claims)
        };
        if let (Ok((outcome, _)), Some(uid)) = (&result, &r.uid) {
            s.claims
                .entry(outcome.id())
                .or_default()
                .push((uid.clone(), r.uid_derived));
            s.claimed.push(outcome.id());
        }
        match result {
            Ok((outcome, likely)) => match outcome {
                Outcome::Added(id) => {
                    touched.push(id);
                    s.added += 1;
                    s.candidates += usize::from(likely);
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
fn write_batch(c: &Connection, batch: &[Item], s: &mut Summary, ctx: &Ctx) -> Result<()> {
    let before = s.mark();
    match db::in_savepoint(c, || run_batch(c, batch, s, ctx, false)) {
        Err(e) if is_record_error(&e) => {
            s.rollback(&before);
            run_batch(c, batch, s, ctx, true)
        }
        other => other,
    }
}

/// Imports a source: in batches of [`BATCH`] records, one transaction each;
/// with `dry_run`, in one transaction that is rolled back. `progress` is told
/// the bytes read after each batch.
pub fn import(
    store: &mut Store,
    source: Source,
    dry_run: bool,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64),
) -> Result<Summary> {
    let before = db::bulk_cache(store.conn(), source.total)?;
    let out = import_all(store, source, dry_run, now, progress);
    // A session (the TUI) goes back to its own page cache after an import;
    // what the import did is told first.
    let restored = db::set_cache(store.conn(), before);
    let summary = out?;
    restored?;
    Ok(summary)
}

fn import_all(
    store: &mut Store,
    mut source: Source,
    dry_run: bool,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64),
) -> Result<Summary> {
    let mut s = Summary {
        dry_run,
        origin: source.origin.clone(),
        ..Summary::default()
    };
    if !dry_run {
        // Keys written by older paths are filled in first, so lookups see everyone.
        store.maintain(|tx| crate::store::identity::refresh_keys(tx))?;
    }
    // A dump's events and loose follow-ups with a date outside the supported
    // years are left out and named; the rest of the file still goes in.
    let file = std::path::PathBuf::from(&source.origin);
    let mut events = std::mem::take(&mut source.events);
    events.retain(|e| match event_dates(e) {
        Ok(()) => true,
        Err(why) => {
            s.note(Problem {
                file: file.clone(),
                line: 1,
                message: format!("event \"{}\": {why}", e.name),
                skipped: true,
            });
            false
        }
    });
    let mut loose = std::mem::take(&mut source.loose_reminders);
    loose.retain(|r| match reminder_dates(r) {
        Ok(()) => true,
        Err(why) => {
            s.note(Problem {
                file: file.clone(),
                line: 1,
                message: format!("follow-up \"{}\": {why}", r.body),
                skipped: true,
            });
            false
        }
    });
    let known: HashMap<seen::Hash, Seen> = import_hash::all(store.conn())?
        .into_iter()
        .map(|(hash, person, uid)| (hash, Seen { person, uid }))
        .collect();
    source.known.set(known);
    let ctx = Ctx {
        now,
        format: source.format,
        known: source.known.clone(),
    };
    let read = source.read.clone();
    let stopped = source.stopped.clone();
    let size = std::cell::Cell::new(BATCH / 10);
    // Halves the batch after one that held the lock too long; grows it back.
    let pace = |started: std::time::Instant| {
        let took = started.elapsed();
        if took > BATCH_TIME {
            size.set((size.get() / 2).max(50));
        } else if took < BATCH_TIME / 4 {
            size.set((size.get() * 2).min(BATCH));
        }
    };
    let prelude = |c: &Connection, s: &mut Summary| -> Result<()> {
        for e in &events {
            if db::upsert_event(c, e, now)? {
                s.events_changed += 1;
            }
        }
        Ok(())
    };
    let relations = std::mem::take(&mut source.relations);
    let postlude = |c: &Connection, s: &mut Summary| -> Result<()> {
        for r in &loose {
            db::add_reminder_if_missing(c, None, None, r, now)?;
        }
        // Links and introductions name their people by uid: after everyone.
        for p in super::relations::write(c, &relations, &file)? {
            s.note(p);
        }
        Ok(())
    };
    let items = &mut source.items;
    std::thread::scope(|scope| -> Result<()> {
        // The file is read and parsed on its own thread while this one
        // writes; the channel holds a few chunks, so memory stays bounded.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Item>>(AHEAD);
        scope.spawn(move || loop {
            let chunk: Vec<Item> = items.by_ref().take(CHUNK).collect();
            // A writer that stopped (an error) has dropped its end.
            if chunk.is_empty() || tx.send(chunk).is_err() {
                break;
            }
        });
        let mut incoming = rx.into_iter().flatten();
        let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
        let mut fill = |batch: &mut Vec<Item>| {
            batch.clear();
            batch.extend(incoming.by_ref().take(size.get()));
            !batch.is_empty()
        };
        if dry_run {
            store.rehearse(|tx| {
                prelude(tx, &mut s)?;
                while fill(&mut batch) {
                    write_batch(tx, &batch, &mut s, &ctx)?;
                    progress(read.load(Ordering::Relaxed));
                }
                postlude(tx, &mut s)
            })?;
        } else {
            if !events.is_empty() {
                store.write(|tx| prelude(tx, &mut s))?;
            }
            while fill(&mut batch) {
                let before = s.mark();
                let started = std::time::Instant::now();
                match store.write(|tx| run_batch(tx, &batch, &mut s, &ctx, false)) {
                    Err(e) if is_record_error(&e) => {
                        s.rollback(&before);
                        store.write(|tx| run_batch(tx, &batch, &mut s, &ctx, true))?;
                    }
                    other => other?,
                }
                pace(started);
                progress(read.load(Ordering::Relaxed));
                // The next batch is parsed already: a pause lets other
                // writers (a `kith add` meanwhile) in between batches.
                std::thread::sleep(crate::store::WRITER_PAUSE);
            }
            if !loose.is_empty() || !relations.is_empty() {
                store.write(|tx| postlude(tx, &mut s))?;
            }
        }
        Ok(())
    })?;
    s.stopped = stopped.load(Ordering::Relaxed);
    Ok(s)
}
