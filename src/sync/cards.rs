//! People ⇄ a vdir of cards: `kith vdir pull` merges what changed in the
//! folder into the store, `kith vdir push` writes what changed in Kith.
//!
//! Pull reads only the files whose size, mtime or inode moved since Kith
//! last saw them, and of those only the ones whose content hash changed. A
//! new card goes through the identity rule of every import (its uid, a uid
//! found to be someone before, an email or profile URL), so it never doubles
//! a person; a changed card is merged three ways (see [`super::merge`]); a
//! card removed from the folder archives its person (restorable; no note is
//! deleted). The whole pull is one transaction and one undo step.
//!
//! Push edits the card Kith last saw (never a new one, never a new name), so
//! what Kith does not know stays byte for byte; it writes a fresh REV with
//! every change, atomically, and only over a file unchanged since the pull
//! (else the file waits for the next pull). A person deleted, merged away or
//! archived in Kith has their card removed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;

use super::card::{self, KithPart, View};
use super::merge::{self, Conflict};
use super::vdir::{self, Stat};
use crate::error::Result;
use crate::interop::plan;
use crate::store::interop::{self as db, Fields};
use crate::store::sync::{self as st, CardState, FileProblem};
use crate::store::{bulk, Store};

const EXT: &str = "vcf";
/// Cards written by a push recorded per transaction.
const WRITTEN_BATCH: usize = 256;

/// What a pull did (or, dry, would do).
#[derive(Debug, Clone, Default)]
pub struct PullReport {
    pub dir: PathBuf,
    pub added: Vec<String>,
    pub updated: Vec<String>,
    /// People whose card was removed from the folder.
    pub archived: Vec<String>,
    /// Archived people whose card came back.
    pub restored: Vec<String>,
    /// Cards of people deleted or merged away in Kith: push removes them.
    pub to_remove: Vec<String>,
    pub unchanged: usize,
    /// Files read because their size, mtime or inode moved.
    pub read: usize,
    pub conflicts: Vec<(String, Conflict)>,
    /// A new card that the identity rule takes for someone who already has a
    /// card here: kept as a person of its own (no card is removed unasked),
    /// for `kith duplicates` and `kith merge`.
    pub pairs: Vec<Pair>,
    /// Cards or fields that could not be read, by file: new ones.
    pub problems: Vec<String>,
    /// Files named before as not one card, still as they were: passed over
    /// (`kith vdir status` names them again).
    pub known_problems: Vec<String>,
    pub dry_run: bool,
}

/// Two cards that may be one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The new card's person, and its file.
    pub name: String,
    pub file: String,
    /// Who the identity rule took it for, and their card.
    pub other: String,
    pub other_file: String,
}

impl Pair {
    /// The pair in a sentence, with what to do about it.
    pub fn describe(&self) -> String {
        format!(
            "{} ({}) may be {} ({}): both cards kept; kith duplicates reviews them, and kith merge folds one into the other (its card is then removed)",
            self.name, self.file, self.other, self.other_file
        )
    }
}

/// What a push did (or, dry, would do).
#[derive(Debug, Clone, Default)]
pub struct PushReport {
    pub dir: PathBuf,
    pub created: Vec<String>,
    pub rewritten: Vec<String>,
    pub removed: Vec<String>,
    /// Files changed since the last pull: left for the next one.
    pub left: Vec<String>,
    pub unchanged: usize,
    pub problems: Vec<String>,
    pub dry_run: bool,
}

/// A card file that changed since Kith last saw it.
struct Incoming {
    file: String,
    text: String,
    hash: String,
    stat: Stat,
}

fn key_of(dir: &Path) -> String {
    dir.to_string_lossy().into_owned()
}

/// Kith's side of a person as a card carries it.
pub fn view_of(c: &Connection, person_id: i64, note_uuid: Option<&str>) -> Result<View> {
    let s = st::side(c, person_id)?;
    let card_note =
        note_uuid.and_then(|u| s.notes.iter().find(|n| n.uuid == u).map(|n| n.body.clone()));
    // The note the card's NOTE shows travels as NOTE, not twice.
    let notes = s
        .notes
        .into_iter()
        .filter(|n| Some(n.uuid.as_str()) != note_uuid)
        .collect();
    let events = s
        .events
        .into_iter()
        .map(|mut e| {
            // Cards do not carry these.
            e.description = None;
            e.created_at = None;
            e
        })
        .collect();
    Ok(View {
        name: s.fields.name,
        company: s.fields.company,
        title: s.fields.title,
        birthday: s.fields.birthday,
        points: s.points,
        tags: s.tags,
        card_note,
        kith: KithPart {
            present: true,
            rhythm: s.fields.cadence_days,
            bump: s.bumped_at,
            snooze: s.snoozed_until,
            notes,
            meetings: s.meetings,
            events,
        },
    })
}

/// Brings a person from `ours` to `merged`; answers the note the card's NOTE
/// now shows.
fn apply(
    c: &Connection,
    id: i64,
    ours: &View,
    merged: &View,
    note_uuid: Option<String>,
    cx: &mut Pulling,
) -> Result<Option<String>> {
    let now = cx.now;
    let valid_birthday = merged
        .birthday
        .clone()
        .filter(|b| crate::when::check_stored_birthday(b).is_ok());
    let fields = Fields {
        name: if merged.name.trim().is_empty() {
            ours.name.clone()
        } else {
            merged.name.trim().to_string()
        },
        company: merged.company.clone(),
        title: merged.title.clone(),
        birthday: valid_birthday,
        cadence_days: merged.kith.rhythm,
    };
    if fields != db::fields(c, id)? {
        db::update_fields(c, id, &fields, now)?;
    }
    if (merged.kith.bump.as_deref(), merged.kith.snooze.as_deref())
        != (ours.kith.bump.as_deref(), ours.kith.snooze.as_deref())
    {
        st::set_clock(
            c,
            id,
            merged.kith.bump.as_deref(),
            merged.kith.snooze.as_deref(),
        )?;
    }
    let want: HashSet<String> = merged.points.iter().map(card::point_id).collect();
    let have: HashSet<String> = ours.points.iter().map(card::point_id).collect();
    for p in &ours.points {
        if !want.contains(&card::point_id(p)) {
            st::remove_point(c, id, p.kind, &p.value)?;
        }
    }
    for p in &merged.points {
        if !have.contains(&card::point_id(p)) {
            db::add_point_if_missing(c, id, p)?;
        }
    }
    let want: HashSet<String> = merged.tags.iter().map(|t| card::tag_id(t)).collect();
    let have: HashSet<String> = ours.tags.iter().map(|t| card::tag_id(t)).collect();
    for t in &ours.tags {
        if !want.contains(&card::tag_id(t)) {
            st::remove_tag(c, id, t)?;
        }
    }
    for t in &merged.tags {
        if !have.contains(&card::tag_id(t)) && !t.trim().is_empty() {
            crate::store::people::add_tag(c, id, t)?;
        }
    }
    for e in &merged.kith.events {
        if !ours.kith.events.contains(e) {
            st::put_event(c, e, now)?;
        }
    }
    let keep: HashSet<&str> = merged.kith.notes.iter().map(|n| n.uuid.as_str()).collect();
    for n in &ours.kith.notes {
        if !keep.contains(n.uuid.as_str()) {
            st::delete_note(c, &n.uuid)?;
        }
    }
    for n in &merged.kith.notes {
        if !ours.kith.notes.contains(n) {
            // A note moved from someone else: their search document changes too.
            if let Some(from) = st::put_note(c, id, n, now)? {
                cx.indexed.push(from);
            }
        }
    }
    let keep: HashSet<&str> = merged
        .kith
        .meetings
        .iter()
        .map(|m| m.uuid.as_str())
        .collect();
    for m in &ours.kith.meetings {
        if !keep.contains(m.uuid.as_str()) {
            st::delete_meeting(c, &m.uuid)?;
        }
    }
    for m in &merged.kith.meetings {
        if !ours.kith.meetings.contains(m) {
            st::put_meeting(c, id, m, now)?;
        }
    }
    // The card's NOTE is one Kith note, changed in place.
    let mut note_uuid = note_uuid.filter(|u| st::note_body(c, id, u).ok().flatten().is_some());
    if merged.card_note != ours.card_note {
        match merged
            .card_note
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(text) => match &note_uuid {
                Some(u) => st::set_note_body(c, u, text)?,
                None => {
                    note_uuid = Some(match st::note_with_body(c, id, text)? {
                        Some(u) => u,
                        None => st::add_note(c, id, text, now)?,
                    });
                }
            },
            // Cleared on the card: the note stays in Kith, no longer shown there.
            None => note_uuid = None,
        }
    }
    Ok(note_uuid)
}

/// Kith's side as of a card's text: what the card shows, and for Kith's own
/// data, when the card lost its lines, Kith as it is.
fn kith_as_of(theirs: &View, after: &View) -> String {
    // A card without Kith's lines shows Kith as it is when Kith has nothing
    // of its own to add (push then leaves it as the phone wrote it).
    let bare = !theirs.kith.present
        && !card::has_kith_data(&after.kith)
        && card::same_view(
            theirs,
            &View {
                kith: KithPart {
                    present: false,
                    ..after.kith.clone()
                },
                ..after.clone()
            },
        );
    if bare || card::same_view(theirs, after) {
        // The card shows Kith as it is: recorded as push will compare it,
        // so a push reads no card that has nothing to change.
        return serde_json::to_string(after).unwrap_or_default();
    }
    let mut v = theirs.clone();
    if !v.kith.present {
        // Still marked absent, so push never takes this card for one that
        // already shows Kith's lines.
        v.kith = KithPart {
            present: false,
            ..after.kith.clone()
        };
    }
    serde_json::to_string(&v).unwrap_or_default()
}

fn name_of(c: &Connection, id: i64) -> String {
    crate::store::people::get_person(c, id).map_or_else(|_| format!("#{id}"), |p| p.name)
}

/// What a pull found in the folder before merging anything.
#[derive(Default)]
struct Scan {
    changed: Vec<Incoming>,
    /// Files read again and found as they were, with their new stat.
    touched: Vec<(String, Stat)>,
    unchanged: usize,
    /// Files that could not be read, first seen so.
    unreadable: Vec<FileProblem>,
    /// Files known not to be one card, found as they were (a new stat to keep).
    known: Vec<FileProblem>,
}

/// Reads the files that changed since Kith last saw them. A file known not
/// to be one card is passed over while it stays as it was.
fn changed_files(
    dir: &Path,
    entries: &[vdir::Entry],
    states: &HashMap<String, CardState>,
    bad: &HashMap<String, FileProblem>,
) -> Scan {
    let mut out = Scan::default();
    for e in entries {
        let known = states.get(&e.name);
        if known.is_some_and(|s| stat_of(s) == e.stat) && !racy(e.stat) {
            out.unchanged += 1;
            continue;
        }
        let was_bad = bad.get(&e.name).filter(|_| known.is_none());
        if let Some(p) = was_bad.filter(|p| problem_stat(p) == e.stat && !racy(e.stat)) {
            out.known.push(p.clone());
            continue;
        }
        let (bytes, stat) = match vdir::read(dir, &e.name) {
            Ok(Some(x)) => x,
            Ok(None) => continue, // removed meanwhile: the next pull sees it gone
            Err(err) => {
                let problem = err.to_string();
                match was_bad.filter(|p| p.hash.is_empty() && p.problem == problem) {
                    Some(p) => out.known.push(FileProblem {
                        size: e.stat.size,
                        mtime: e.stat.mtime,
                        inode: e.stat.inode,
                        ..p.clone()
                    }),
                    None => out.unreadable.push(FileProblem {
                        file: e.name.clone(),
                        hash: String::new(),
                        problem,
                        size: e.stat.size,
                        mtime: e.stat.mtime,
                        inode: e.stat.inode,
                    }),
                }
                continue;
            }
        };
        let hash = vdir::hash(&bytes);
        if known.is_some_and(|s| s.hash == hash) {
            out.touched.push((e.name.clone(), stat));
            out.unchanged += 1;
            continue;
        }
        if let Some(p) = was_bad.filter(|p| p.hash == hash) {
            out.known.push(FileProblem {
                size: stat.size,
                mtime: stat.mtime,
                inode: stat.inode,
                ..p.clone()
            });
            continue;
        }
        out.changed.push(Incoming {
            file: e.name.clone(),
            text: card::text_of(&bytes),
            hash,
            stat,
        });
    }
    out
}

fn problem_stat(p: &FileProblem) -> Stat {
    Stat {
        size: p.size,
        mtime: p.mtime,
        inode: p.inode,
    }
}

/// A file changed in the last two seconds may change again within the
/// file system's clock tick, keeping its size and mtime: it is read anyway.
fn racy(stat: Stat) -> bool {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    stat.mtime > now.saturating_sub(2_000_000_000)
}

/// The file is as Kith last saw it: same stat and, when that is not enough
/// to tell (changed moments ago), the same content.
fn as_seen(dir: &Path, s: &CardState, now: Stat) -> bool {
    if now != stat_of(s) {
        return false;
    }
    if !racy(now) {
        return true;
    }
    matches!(vdir::read(dir, &s.file), Ok(Some((bytes, _))) if vdir::hash(&bytes) == s.hash)
}

fn stat_of(s: &CardState) -> Stat {
    Stat {
        size: s.size,
        mtime: s.mtime,
        inode: s.inode,
    }
}

fn state_for(
    inc: &Incoming,
    uid: &str,
    person_id: Option<i64>,
    kith: String,
    rev: Option<String>,
    note_uuid: Option<String>,
) -> CardState {
    CardState {
        file: inc.file.clone(),
        uid: uid.to_string(),
        person_id,
        base: inc.text.clone(),
        hash: inc.hash.clone(),
        kith,
        rev,
        size: inc.stat.size,
        mtime: inc.stat.mtime,
        inode: inc.stat.inode,
        note_uuid,
    }
}

/// Merges what changed in the folder `dir` into the store.
pub fn pull(
    store: &mut Store,
    dir: &Path,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<PullReport> {
    let dir = vdir::canonical(dir)?;
    let key = key_of(&dir);
    let mut rep = PullReport {
        dir: dir.clone(),
        dry_run,
        ..PullReport::default()
    };
    let entries = vdir::scan(&dir, EXT)?;
    let states: HashMap<String, CardState> = st::cards(store.conn(), &key)?
        .into_iter()
        .map(|s| (s.file.clone(), s))
        .collect();
    let bad: HashMap<String, FileProblem> = st::problems(store.conn(), &key)?
        .into_iter()
        .map(|p| (p.file.clone(), p))
        .collect();
    let Scan {
        changed,
        touched,
        unchanged,
        unreadable,
        known,
    } = changed_files(&dir, &entries, &states, &bad);
    rep.unchanged = unchanged;
    rep.read = changed.len() + touched.len();
    rep.problems
        .extend(unreadable.iter().map(|p| p.problem.clone()));
    rep.known_problems
        .extend(known.iter().map(|p| format!("{}: {}", p.file, p.problem)));
    let present: HashSet<String> = entries.iter().map(|e| e.name.clone()).collect();
    // Problems of files gone, or now cards Kith knows, are forgotten.
    let cleared: Vec<&String> = bad
        .keys()
        .filter(|f| !present.contains(*f) || states.contains_key(*f))
        .collect();
    // Known problems found as they were under a new stat: the stat is kept.
    let restat: Vec<&FileProblem> = known
        .iter()
        .filter(|p| bad.get(&p.file).map(problem_stat) != Some(problem_stat(p)))
        .collect();
    let remember = |tx: &Connection| -> Result<()> {
        for (file, s) in &touched {
            st::set_stat(tx, &key, file, s.size, s.mtime, s.inode)?;
        }
        for p in unreadable.iter().chain(restat.iter().copied()) {
            st::put_problem(tx, &key, p)?;
        }
        for f in &cleared {
            st::forget_problem(tx, &key, f)?;
        }
        Ok(())
    };
    let gone = states.keys().any(|f| !present.contains(f));
    if changed.is_empty() && !gone {
        let nothing =
            touched.is_empty() && unreadable.is_empty() && restat.is_empty() && cleared.is_empty();
        if !dry_run && !nothing {
            // Read again and found as it was: only remember what was seen.
            store.maintain(|tx| remember(tx))?;
        }
        return Ok(rep);
    }
    if !dry_run {
        // Lookup keys written by older paths first, so the identity rule sees everyone.
        store.maintain(|tx| crate::store::identity::refresh_keys(tx))?;
    }
    let label = format!("Pulled cards from {}", dir.display());
    let work = |tx: &Connection, rep: &mut PullReport| -> Result<()> {
        db::defer_foreign_keys(tx)?;
        remember(tx)?;
        // People with a card here: a new card the identity rule takes for
        // one of them is a second card, kept apart and reported.
        let carded: HashMap<i64, String> = states
            .values()
            .filter(|s| present.contains(&s.file))
            .filter_map(|s| s.person_id.map(|p| (p, s.file.clone())))
            .collect();
        let mut cx = Pulling {
            key: &key,
            carded,
            indexed: Vec::new(),
            now,
        };
        // The search index is brought up to date once, for everyone the pull
        // wrote, rather than at every row.
        let pause = bulk::SearchPause::start(tx)?;
        for inc in &changed {
            pull_one(tx, &mut cx, inc, states.get(&inc.file), rep)?;
        }
        for s in states.values().filter(|s| !present.contains(&s.file)) {
            st::forget_card(tx, &key, &s.file)?;
            let Some(pid) = s.person_id else { continue };
            if st::person_exists(tx, pid)? != Some(false) {
                continue; // gone, or archived already
            }
            let elsewhere = st::cards_of(tx, &key, pid)?
                .iter()
                .any(|o| present.contains(&o.file));
            if !elsewhere {
                crate::store::edits::set_archived(tx, pid, Some(now))?;
                rep.archived.push(name_of(tx, pid));
                cx.indexed.push(pid);
            }
        }
        cx.indexed.sort_unstable();
        cx.indexed.dedup();
        pause.resume(tx, bulk::Reindex::People(&cx.indexed))
    };
    if dry_run {
        store.rehearse(|tx| work(tx, &mut rep))?;
    } else {
        store.change(&label, |tx| work(tx, &mut rep))?;
    }
    Ok(rep)
}

/// What one pull carries from card to card.
struct Pulling<'a> {
    key: &'a str,
    /// People with a card in the folder, and its file.
    carded: HashMap<i64, String>,
    /// People whose search document the pull changed.
    indexed: Vec<i64>,
    now: DateTime<Utc>,
}

fn pull_one(
    c: &Connection,
    cx: &mut Pulling,
    inc: &Incoming,
    known: Option<&CardState>,
    rep: &mut PullReport,
) -> Result<()> {
    let (key, now) = (cx.key, cx.now);
    let parsed = match card::parse(&inc.text) {
        Ok(p) => p,
        Err(why) => {
            let problem = format!("{why}; left as it is");
            rep.problems.push(format!("{}: {problem}", inc.file));
            // Named once: passed over while the file stays as it is.
            st::put_problem(
                c,
                key,
                &FileProblem {
                    file: inc.file.clone(),
                    hash: inc.hash.clone(),
                    problem,
                    size: inc.stat.size,
                    mtime: inc.stat.mtime,
                    inode: inc.stat.inode,
                },
            )?;
            return Ok(());
        }
    };
    st::forget_problem(c, key, &inc.file)?;
    for w in &parsed.warnings {
        rep.problems.push(format!("{}: {w}", inc.file));
    }
    let uid = parsed
        .uid
        .clone()
        .unwrap_or_else(|| format!("file:{}", inc.file));
    let person = match known {
        Some(s) => s
            .person_id
            .filter(|p| st::person_exists(c, *p).ok().flatten().is_some()),
        None => None,
    };
    if let (Some(s), Some(pid)) = (known, person) {
        // A card Kith knows, changed: three ways.
        let base = card::parse(&s.base).map(|p| p.view).unwrap_or_default();
        let kith_base: View = serde_json::from_str(&s.kith).unwrap_or_else(|_| base.clone());
        let ours = view_of(c, pid, s.note_uuid.as_deref())?;
        let (merged, conflicts) = merge::merge(&base, &parsed.view, &kith_base, &ours);
        cx.indexed.push(pid);
        let note_uuid = apply(c, pid, &ours, &merged, s.note_uuid.clone(), cx)?;
        let after = view_of(c, pid, note_uuid.as_deref())?;
        let name = after.name.clone();
        if after != ours {
            rep.updated.push(name.clone());
        }
        for k in conflicts {
            rep.conflicts.push((name.clone(), k));
        }
        let kith = kith_as_of(&parsed.view, &after);
        st::put_card(
            c,
            key,
            &state_for(inc, &uid, Some(pid), kith, s.rev.clone(), note_uuid),
        )?;
        return Ok(());
    }
    if known.is_some_and(|s| s.person_id.is_none()) || st::is_tombstone(c, key, &uid)? {
        // The person was deleted or merged away in Kith.
        match st::person_by_uid(c, &uid)? {
            // Merged: what the card has goes to the person kept.
            Some(pid) => fold(c, cx, inc, &parsed, &uid, pid, rep)?,
            None => {
                rep.to_remove.push(inc.file.clone());
                st::put_card(
                    c,
                    key,
                    &state_for(inc, &uid, None, String::new(), None, None),
                )?;
            }
        }
        return Ok(());
    }
    // A new card: the identity rule of every import, but never into someone
    // who has a card here already (unless it is the same uid): two cards in
    // an address book are two contacts until the user merges them.
    let apart = |p: i64| cx.carded.get(&p).is_some_and(|f| *f != inc.file);
    let (outcome, _likely, set_apart) =
        plan::apply_apart(c, &parsed.record, now, "", &HashMap::new(), &apart)?;
    let pid = outcome.id();
    cx.indexed.push(pid);
    let other_card = cx.carded.get(&pid).is_some_and(|f| *f != inc.file);
    cx.carded.entry(pid).or_insert_with(|| inc.file.clone());
    if matches!(outcome, plan::Outcome::Added(_)) {
        for other in set_apart {
            rep.pairs.push(Pair {
                name: parsed.view.name.clone(),
                file: inc.file.clone(),
                other: name_of(c, other),
                other_file: cx.carded.get(&other).cloned().unwrap_or_default(),
            });
        }
    }
    if st::person_exists(c, pid)? == Some(true) {
        // Archived here, but their card is back: they are restored.
        crate::store::edits::set_archived(c, pid, None)?;
        rep.restored.push(name_of(c, pid));
    }
    if other_card {
        // Another file with the uid of someone's card: a copy of that card
        // (from a device that wrote it under another name), folded into them.
        return fold(c, cx, inc, &parsed, &uid, pid, rep);
    }
    let ours = view_of(c, pid, None)?;
    // As if the card had always shown Kith's standard fields: they were
    // merged by the identity rule; Kith's own lines and NOTE come in.
    let base = View {
        card_note: None,
        kith: KithPart::default(),
        ..parsed.view.clone()
    };
    let (merged, conflicts) = merge::merge(&base, &parsed.view, &ours, &ours);
    let note_uuid = apply(c, pid, &ours, &merged, None, cx)?;
    let after = view_of(c, pid, note_uuid.as_deref())?;
    match outcome {
        plan::Outcome::Added(_) => rep.added.push(after.name.clone()),
        _ if after != ours => rep.updated.push(after.name.clone()),
        _ => {}
    }
    for k in conflicts {
        rep.conflicts.push((after.name.clone(), k));
    }
    let kith = kith_as_of(&parsed.view, &after);
    st::put_card(
        c,
        key,
        &state_for(inc, &uid, Some(pid), kith, None, note_uuid),
    )?;
    Ok(())
}

/// A card of someone who has another: what it has goes to them (nothing of
/// theirs is removed), and the card is removed on push.
fn fold(
    c: &Connection,
    cx: &mut Pulling,
    inc: &Incoming,
    parsed: &card::Parsed,
    uid: &str,
    pid: i64,
    rep: &mut PullReport,
) -> Result<()> {
    let (key, now) = (cx.key, cx.now);
    cx.indexed.push(pid);
    let ours = view_of(c, pid, None)?;
    let mut theirs = parsed.view.clone();
    theirs.card_note = None;
    // Only additions: the base is the card without anything Kith lacks.
    let base = View {
        kith: KithPart::default(),
        ..theirs.clone()
    };
    let (merged, _) = merge::merge(&base, &theirs, &ours, &ours);
    let mut merged = merged;
    for p in &theirs.points {
        if !merged
            .points
            .iter()
            .any(|m| card::point_id(m) == card::point_id(p))
        {
            merged.points.push(p.clone());
        }
    }
    apply(c, pid, &ours, &merged, None, cx)?;
    db::add_alias(c, uid, pid)?;
    st::add_tombstone(c, key, uid, now)?;
    rep.to_remove.push(inc.file.clone());
    let after = view_of(c, pid, None)?;
    if after != ours {
        rep.updated.push(after.name);
    }
    st::put_card(
        c,
        key,
        &state_for(inc, uid, None, String::new(), None, None),
    )?;
    Ok(())
}

/// A REV for a card Kith writes now: a new one every time, even within a
/// second, so a rewrite is never taken for the text before it.
fn fresh_rev(now: DateTime<Utc>, before: &[Option<String>]) -> String {
    let mut t = now;
    loop {
        let rev = t.format("%Y%m%dT%H%M%SZ").to_string();
        if !before.iter().any(|b| b.as_deref() == Some(rev.as_str())) {
            return rev;
        }
        t += Duration::seconds(1);
    }
}

/// One file change a push makes.
enum Action {
    Create {
        pid: i64,
        uid: String,
        view: Box<View>,
    },
    Rewrite {
        state: CardState,
        pid: i64,
        text: String,
        view: Box<View>,
    },
    Remove {
        state: CardState,
        tombstone: bool,
    },
}

/// Writes what changed in Kith to the folder `dir`.
pub fn push(
    store: &mut Store,
    dir: &Path,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<PushReport> {
    let dir = vdir::canonical(dir)?;
    let key = key_of(&dir);
    let mut rep = PushReport {
        dir: dir.clone(),
        dry_run,
        ..PushReport::default()
    };
    let entries: HashMap<String, Stat> = vdir::scan(&dir, EXT)?
        .into_iter()
        .map(|e| (e.name, e.stat))
        .collect();
    let c = store.conn();
    let states = st::cards(c, &key)?;
    let mut actions = Vec::new();
    let mut by_person: HashMap<i64, CardState> = HashMap::new();
    for mut s in states.iter().cloned() {
        if s.person_id.is_none() && !s.kith.is_empty() {
            // A person deleted and brought back by undo has their card again.
            s.person_id = db::find_uid(c, &s.uid)?;
        }
        let status = match s.person_id {
            Some(p) => st::person_exists(c, p)?,
            None => None,
        };
        match (s.person_id, status) {
            (Some(p), Some(false)) if !by_person.contains_key(&p) => {
                by_person.insert(p, s);
            }
            // Archived, or a second card of one person: removed, not mourned.
            (Some(_), Some(_)) => actions.push(Action::Remove {
                state: s,
                tombstone: false,
            }),
            // Deleted or merged away in Kith.
            _ => actions.push(Action::Remove {
                state: s,
                tombstone: true,
            }),
        }
    }
    // Cards not pulled yet may be people Kith would write again: new people
    // wait for the next pull. (Files that are not cards at all, reported by
    // pull, do not hold them up.)
    let known: HashSet<&str> = states.iter().map(|s| s.file.as_str()).collect();
    // Files a pull found not to be one card, still as they were.
    let bad: HashSet<String> = st::problems(c, &key)?
        .into_iter()
        .filter(|p| entries.get(&p.file) == Some(&problem_stat(p)))
        .map(|p| p.file)
        .collect();
    let mut untracked: Vec<&String> = Vec::new();
    for name in entries
        .keys()
        .filter(|n| !known.contains(n.as_str()) && !bad.contains(*n))
    {
        let readable = matches!(vdir::read(&dir, name), Ok(Some((bytes, _)))
            if card::parse(&card::text_of(&bytes)).is_ok());
        if readable {
            untracked.push(name);
        }
    }
    untracked.sort();
    for (pid, uid, archived) in st::people(c)? {
        if archived {
            continue;
        }
        match by_person.remove(&pid) {
            Some(s) => {
                let view = view_of(c, pid, s.note_uuid.as_deref())?;
                // The card shows this very view (Kith wrote it, or the pull
                // found it so): nothing to do, without reading the card again.
                if serde_json::to_string(&view).is_ok_and(|j| j == s.kith) {
                    rep.unchanged += 1;
                    continue;
                }
                let old = match card::parse(&s.base) {
                    Ok(p) => p.view,
                    Err(why) => {
                        rep.problems
                            .push(format!("{}: {why}; left as it is", s.file));
                        continue;
                    }
                };
                let text = card::edit(&s.base, &old, &view);
                if text == s.base {
                    rep.unchanged += 1;
                    continue;
                }
                actions.push(Action::Rewrite {
                    state: s,
                    pid,
                    text,
                    view: Box::new(view),
                });
            }
            None => {
                if !untracked.is_empty() {
                    // A card Kith has not pulled may be this person's.
                    continue;
                }
                let view = view_of(c, pid, None)?;
                actions.push(Action::Create {
                    pid,
                    uid,
                    view: Box::new(view),
                });
            }
        }
    }
    if !untracked.is_empty() {
        rep.problems.push(format!(
            "{} card(s) in {} not pulled yet (such as {}): new people are written after the next kith vdir pull",
            untracked.len(),
            dir.display(),
            untracked[0]
        ));
    }
    let mut taken: HashSet<String> = entries.keys().cloned().collect();
    taken.extend(states.iter().map(|s| s.file.clone()));
    // What Kith wrote is recorded a few hundred files at a time rather than
    // one transaction per file: after a kill, a written file Kith did not
    // record yet is taken back by the next pull (by its uid, as it is).
    let mut pending: Vec<(CardState, bool)> = Vec::new();
    let flush =
        |store: &mut Store, pending: &mut Vec<(CardState, bool)>, all: bool| -> Result<()> {
            if pending.is_empty() || (!all && pending.len() < WRITTEN_BATCH) {
                return Ok(());
            }
            store.maintain(|tx| {
                for (new, created) in pending.iter() {
                    if *created {
                        st::clear_tombstone(tx, &key, &new.uid)?;
                    }
                    st::put_card(tx, &key, new)?;
                }
                Ok(())
            })?;
            pending.clear();
            Ok(())
        };
    for a in actions {
        match a {
            Action::Remove { state, tombstone } => {
                let ok = match entries.get(&state.file) {
                    None => true,
                    Some(now_stat) if !as_seen(&dir, &state, *now_stat) => false,
                    Some(_) => dry_run || vdir::remove(&dir, &state.file, stat_of(&state))?,
                };
                if !ok {
                    rep.left.push(state.file.clone());
                    continue;
                }
                rep.removed.push(state.file.clone());
                if !dry_run {
                    store.maintain(|tx| {
                        st::forget_card(tx, &key, &state.file)?;
                        if tombstone {
                            st::add_tombstone(tx, &key, &state.uid, now)?;
                        }
                        Ok(())
                    })?;
                }
            }
            Action::Rewrite {
                state,
                pid,
                text,
                view,
            } => {
                if !entries
                    .get(&state.file)
                    .is_some_and(|now_stat| as_seen(&dir, &state, *now_stat))
                {
                    rep.left.push(state.file.clone());
                    continue;
                }
                let rev = fresh_rev(now, &[state.rev.clone(), card::rev_of(&state.base)]);
                let text = card::with_rev(&text, &rev);
                if dry_run {
                    rep.rewritten.push(state.file.clone());
                    continue;
                }
                match vdir::replace(&dir, &state.file, text.as_bytes(), stat_of(&state))? {
                    None => rep.left.push(state.file.clone()),
                    Some(stat) => {
                        rep.rewritten.push(state.file.clone());
                        let new = written(state, pid, text, &view, rev, stat);
                        pending.push((new, false));
                        flush(store, &mut pending, false)?;
                    }
                }
            }
            Action::Create { pid, uid, view } => {
                let mut name = vdir::file_name(&uid, EXT);
                if taken.contains(&name) {
                    name = format!("{}.{EXT}", uuid::Uuid::new_v4());
                }
                taken.insert(name.clone());
                let rev = fresh_rev(now, &[]);
                let text = card::with_rev(&card::fresh(&uid, &view), &rev);
                if dry_run {
                    rep.created.push(name);
                    continue;
                }
                let Some(stat) = vdir::create(&dir, &name, text.as_bytes())? else {
                    rep.left.push(name);
                    continue;
                };
                rep.created.push(name.clone());
                let new = CardState {
                    file: name,
                    uid,
                    ..CardState::default()
                };
                pending.push((written(new, pid, text, &view, rev, stat), true));
                flush(store, &mut pending, false)?;
            }
        }
    }
    flush(store, &mut pending, true)?;
    Ok(rep)
}

/// A card as Kith just wrote it for a person's view.
fn written(
    state: CardState,
    pid: i64,
    text: String,
    view: &View,
    rev: String,
    stat: Stat,
) -> CardState {
    CardState {
        person_id: Some(pid),
        hash: vdir::hash(text.as_bytes()),
        kith: serde_json::to_string(view).unwrap_or_default(),
        base: text,
        rev: Some(rev),
        size: stat.size,
        mtime: stat.mtime,
        inode: stat.inode,
        ..state
    }
}
