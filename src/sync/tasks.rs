//! Follow-ups as tasks: one VTODO file per follow-up in a task folder (a
//! vdir that vdirsyncer carries to a CalDAV task list, which todoman and
//! phones show).
//!
//! Pull reads what changed in the folder since Kith last saw it: a task
//! ticked elsewhere marks its follow-up done (a repeating one comes back on
//! its next date), a moved due date snoozes it, a deleted task is done, and
//! a new task for a known person becomes a follow-up. Push writes only what
//! changed in Kith, editing the text Kith last saw, atomically, and only over
//! a file unchanged since the pull. Done follow-ups are written completed,
//! not removed: phones and todoman hide completed tasks and keep their
//! history, and a removal could not be told from a deletion on the phone.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use crate::error::Result;
use crate::store::task_sync::{self, ItemState, NewTask, TaskRow};
use crate::store::{reminders, Store};
use crate::when::Clock;

use super::task_folder::{self, Folder, Meta};
use super::todo_text::{self, Status, Todo, Wanted};

/// What a pull or push did (or, for status, would do), one line per item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    /// Follow-ups done (pull) or task files removed (push).
    pub deleted: Vec<String>,
    pub conflicts: Vec<String>,
    /// Files left alone, with why (unreadable, changed since the pull, …).
    pub problems: Vec<String>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.updated.is_empty()
            && self.deleted.is_empty()
            && self.conflicts.is_empty()
    }

    pub fn extend(&mut self, other: Report) {
        self.added.extend(other.added);
        self.updated.extend(other.updated);
        self.deleted.extend(other.deleted);
        self.conflicts.extend(other.conflicts);
        self.problems.extend(other.problems);
    }
}

/// The earliest and latest days the store keeps.
fn in_range(d: NaiveDate) -> bool {
    (1900..=2200).contains(&chrono::Datelike::year(&d))
}

fn state(uid: &str, file: &str, text: &str, m: Meta) -> ItemState {
    ItemState {
        uid: uid.to_string(),
        file: file.to_string(),
        base: text.to_string(),
        hash: task_folder::hash(text),
        size: m.size,
        mtime_ns: m.mtime_ns,
        inode: m.inode,
    }
}

fn meta_of(s: &ItemState) -> Meta {
    Meta {
        size: s.size,
        mtime_ns: s.mtime_ns,
        inode: s.inode,
    }
}

/// The summary a follow-up's task shows: whom it is about, then what.
fn summary_of(r: &TaskRow) -> String {
    let body = crate::sanitize::one_line(&r.body);
    match &r.person {
        Some(p) => format!("{}: {body}", crate::sanitize::one_line(p)),
        None => body,
    }
}

fn wanted_of(r: &TaskRow) -> Wanted {
    Wanted {
        uid: r.uid.clone(),
        summary: summary_of(r),
        due: r.shows_on(),
        done_at: r.done_at,
        repeat_days: r.repeat_days,
        person_uid: r.person_uid.clone(),
    }
}

/// A task's summary without the "Name: " Kith puts before it.
fn body_of(summary: &str, person: Option<&str>) -> String {
    let s = summary.trim();
    let body = person
        .and_then(|p| s.strip_prefix(p))
        .and_then(|rest| rest.strip_prefix(':'))
        .map_or(s, str::trim);
    body.to_string()
}

/// What a pull found in the folder.
enum Found {
    /// A task Kith saw before, changed since.
    Changed {
        st: ItemState,
        text: String,
        meta: Meta,
        todo: Todo,
    },
    /// A file Kith has not seen.
    New {
        file: String,
        text: String,
        meta: Meta,
        todo: Todo,
    },
    /// A task Kith saw before, whose file is gone.
    Deleted { st: ItemState },
    /// Only the file's metadata changed (touched, copied back as it was).
    Touched { st: ItemState, meta: Meta },
}

fn look(store: &Store, folder: &Folder, report: &mut Report) -> Result<Vec<Found>> {
    let key = folder.key();
    let states = task_sync::states(store.conn(), &key)?;
    let by_file: HashMap<&str, &ItemState> = states.iter().map(|s| (s.file.as_str(), s)).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut found = Vec::new();
    for (name, meta) in folder.scan()? {
        let known = by_file.get(name.as_str()).copied();
        if let Some(st) = known {
            seen.insert(st.file.as_str());
            if meta_of(st) == meta {
                continue;
            }
        }
        let Some((text, meta)) = folder.read(&name)? else {
            continue; // removed meanwhile: the next pull sees it gone
        };
        if let Some(st) = known {
            if task_folder::hash(&text) == st.hash && text == st.base {
                found.push(Found::Touched {
                    st: st.clone(),
                    meta,
                });
                continue;
            }
        }
        let todo = match todo_text::parse(&text) {
            Ok(t) => t,
            Err(why) => {
                report.problems.push(format!(
                    "{}: {why}; left alone",
                    folder.path(&name).display()
                ));
                continue;
            }
        };
        match known {
            Some(st) if st.uid == todo.uid => found.push(Found::Changed {
                st: st.clone(),
                text,
                meta,
                todo,
            }),
            // The file now holds another task: the one Kith knew is gone.
            Some(st) => {
                found.push(Found::Deleted { st: st.clone() });
                found.push(Found::New {
                    file: name,
                    text,
                    meta,
                    todo,
                });
            }
            None => found.push(Found::New {
                file: name,
                text,
                meta,
                todo,
            }),
        }
    }
    for st in &states {
        if !seen.contains(st.file.as_str()) {
            found.push(Found::Deleted { st: st.clone() });
        }
    }
    Ok(found)
}

/// Reads what changed in the task folder `dir` into Kith, in one transaction
/// (one undo step when it changed a follow-up).
pub fn pull(store: &mut Store, dir: &Path, clock: &Clock) -> Result<Report> {
    let folder = Folder::open(dir)?;
    let mut report = Report::default();
    let found = look(store, &folder, &mut report)?;
    let key = folder.key();
    let (touched, rest): (Vec<Found>, Vec<Found>) = found
        .into_iter()
        .partition(|f| matches!(f, Found::Touched { .. }));
    if !touched.is_empty() {
        store.maintain(|tx| {
            for f in &touched {
                if let Found::Touched { st, meta } = f {
                    let mut s = st.clone();
                    (s.size, s.mtime_ns, s.inode) = (meta.size, meta.mtime_ns, meta.inode);
                    task_sync::put_state(tx, &key, &s)?;
                }
            }
            Ok(())
        })?;
    }
    if rest.is_empty() {
        return Ok(report);
    }
    let label = format!("Pulled follow-ups from {}", folder.key());
    let applied = store.change(&label, |tx| {
        let mut r = Report::default();
        let mut uids: HashSet<String> = HashSet::new();
        for f in &rest {
            match f {
                Found::Changed {
                    st,
                    text,
                    meta,
                    todo,
                } => {
                    uids.insert(todo.uid.clone());
                    changed(tx, st, todo, clock, &mut r)?;
                    task_sync::put_state(tx, &key, &state(&todo.uid, &st.file, text, *meta))?;
                }
                Found::New {
                    file,
                    text,
                    meta,
                    todo,
                } => {
                    if !uids.insert(todo.uid.clone()) {
                        r.problems.push(format!(
                            "{}: another task file has the same UID; left alone",
                            folder.path(file).display()
                        ));
                        continue;
                    }
                    if added(tx, &folder, file, todo, clock, &mut r)? {
                        task_sync::put_state(tx, &key, &state(&todo.uid, file, text, *meta))?;
                    }
                }
                Found::Deleted { st } => {
                    if let Some(row) = task_sync::by_uid(tx, &st.uid)? {
                        if row.done_at.is_none() {
                            task_sync::close(tx, row.id, clock.now)?;
                            r.deleted
                                .push(format!("{} (its task was deleted)", summary_of(&row)));
                        }
                    }
                    task_sync::forget(tx, &key, &st.uid)?;
                }
                Found::Touched { .. } => {}
            }
        }
        Ok(r)
    })?;
    report.extend(applied);
    Ok(report)
}

/// Applies a task changed elsewhere to its follow-up, field by field against
/// the text Kith last saw: what the task changed wins; a field Kith changed
/// too is a conflict, reported, and the task's value is kept.
fn changed(
    tx: &rusqlite::Transaction,
    st: &ItemState,
    todo: &Todo,
    clock: &Clock,
    r: &mut Report,
) -> Result<()> {
    let Some(row) = task_sync::by_uid(tx, &todo.uid)? else {
        return Ok(()); // deleted in Kith: push removes the task
    };
    let base = todo_text::parse(&st.base).ok();
    let was = |f: &dyn Fn(&Todo) -> bool| base.as_ref().is_none_or(f);
    let name = summary_of(&row);
    let kith_done = row.done_at.is_some();
    // Done or open again.
    if was(&|b: &Todo| b.status != todo.status) {
        match (todo.status, kith_done) {
            (Status::Done, false) => {
                let next = reminders::complete(tx, row.id, clock.now, clock.today)?;
                let then = next
                    .map(|id| reminders::get(tx, id).map(|n| format!("; next on {}", n.due_on)))
                    .transpose()?
                    .unwrap_or_default();
                r.deleted.push(format!("{name} (done elsewhere{then})"));
                return Ok(());
            }
            (Status::Cancelled, false) => {
                task_sync::close(tx, row.id, clock.now)?;
                r.deleted.push(format!("{name} (cancelled elsewhere)"));
                return Ok(());
            }
            (Status::Open, true) => {
                task_sync::reopen(tx, row.id)?;
                r.updated.push(format!("{name}: open again"));
            }
            _ => {}
        }
    }
    if kith_done && todo.status != Status::Open {
        return Ok(());
    }
    let kith_base = base.as_ref();
    // A new due date: a snooze (or an earlier day).
    if let Some(due) = todo.due.filter(|d| was(&|b: &Todo| b.due != Some(*d))) {
        if !in_range(due) {
            r.problems
                .push(format!("{name}: due {due} is outside 1900-2200; not taken"));
        } else if due != row.shows_on() {
            if kith_base.is_some_and(|b| b.due.is_some_and(|d| d != row.shows_on())) {
                r.conflicts.push(format!(
                    "{name}: due {} in Kith, {due} elsewhere; {due} kept",
                    row.shows_on()
                ));
            }
            task_sync::show_on(tx, row.id, due)?;
            r.updated.push(format!("{name}: now shows on {due}"));
        }
    }
    // A new text.
    if was(&|b: &Todo| b.summary != todo.summary) {
        let body = body_of(&todo.summary, row.person.as_deref());
        if !body.is_empty() && body != row.body {
            if kith_base.is_some_and(|b| body_of(&b.summary, row.person.as_deref()) != row.body) {
                r.conflicts.push(format!(
                    "{name}: text changed in Kith and elsewhere; {body:?} kept"
                ));
            }
            task_sync::set_body(tx, row.id, &body)?;
            r.updated.push(format!("{name}: now {body:?}"));
        }
    }
    // A new repeat.
    if was(&|b: &Todo| b.repeat_days != todo.repeat_days) && todo.repeat_days != row.repeat_days {
        task_sync::set_repeat(tx, row.id, todo.repeat_days)?;
        r.updated.push(match todo.repeat_days {
            Some(d) => format!("{name}: repeats every {d} days"),
            None => format!("{name}: no longer repeats"),
        });
    }
    Ok(())
}

/// A task Kith has not seen: its own follow-up (a new folder), or a new task
/// for a known person. Answers whether Kith now keeps track of it.
fn added(
    tx: &rusqlite::Transaction,
    folder: &Folder,
    file: &str,
    todo: &Todo,
    clock: &Clock,
    r: &mut Report,
) -> Result<bool> {
    if let Some(row) = task_sync::by_uid(tx, &todo.uid)? {
        // Kith's own follow-up in a folder it had not seen this task in.
        if row.done_at.is_none() && todo.status == Status::Done {
            reminders::complete(tx, row.id, clock.now, clock.today)?;
            r.deleted
                .push(format!("{} (done elsewhere)", summary_of(&row)));
        }
        return Ok(true);
    }
    if todo.status != Status::Open {
        return Ok(false); // done before Kith saw it: nothing to follow up
    }
    let where_ = || folder.path(file).display().to_string();
    if todo.uid.len() > 1000 {
        r.problems.push(format!(
            "{}: its UID is over 1000 bytes; left alone",
            where_()
        ));
        return Ok(false);
    }
    let (person_id, body) = match &todo.person_uid {
        Some(uid) => match task_sync::person_with_uid(tx, uid)? {
            Some(id) => (
                Some(id),
                body_of(
                    &todo.summary,
                    Some(&crate::store::people::get_person(tx, id)?.name),
                ),
            ),
            None => {
                r.problems.push(format!(
                    "{}: X-KITH-PERSON {uid} is no one in this store (yet); left alone",
                    where_()
                ));
                return Ok(false);
            }
        },
        None => {
            let named = todo
                .summary
                .split_once(':')
                .map(|(n, rest)| (n.trim(), rest.trim()))
                .filter(|(n, rest)| !n.is_empty() && !rest.is_empty());
            let person = match named {
                Some((n, rest)) => match task_sync::people_named(tx, n)?.as_slice() {
                    [id] => Some((*id, rest.to_string())),
                    _ => None,
                },
                None => None,
            };
            match person {
                Some((id, rest)) => (Some(id), rest),
                // A task of Kith's about no one; anything else in the list is not Kith's.
                None if todo.kith => (None, todo.summary.trim().to_string()),
                None => return Ok(false),
            }
        }
    };
    let body = crate::sanitize::one_line(&body);
    let body = if body.trim().is_empty() {
        "follow up".to_string()
    } else {
        body
    };
    let due_on = match todo.due {
        Some(d) if in_range(d) => d,
        Some(d) => {
            r.problems.push(format!(
                "{}: due {d} is outside 1900-2200; left alone",
                where_()
            ));
            return Ok(false);
        }
        None => clock.today,
    };
    task_sync::insert(
        tx,
        &NewTask {
            uid: &todo.uid,
            person_id,
            body: &body,
            due_on,
            repeat_days: todo.repeat_days,
        },
        clock.now,
    )?;
    let row = task_sync::by_uid(tx, &todo.uid)?;
    r.added
        .push(row.map_or_else(|| body.clone(), |row| summary_of(&row)));
    Ok(true)
}

/// How many task files are written before what Kith knows of them is saved.
const BATCH: usize = 100;

/// Writes what changed in Kith to the task folder `dir`. With `dry_run`,
/// only says what it would write.
pub fn push(store: &mut Store, dir: &Path, clock: &Clock, dry_run: bool) -> Result<Report> {
    let folder = Folder::open(dir)?;
    let key = folder.key();
    let mut report = Report::default();
    let states: HashMap<String, ItemState> = task_sync::states(store.conn(), &key)?
        .into_iter()
        .map(|s| (s.uid.clone(), s))
        .collect();
    let rows = task_sync::tasks_for(store.conn(), &key)?;
    let mut keep: HashSet<&str> = HashSet::new();
    let mut done: Vec<ItemState> = Vec::new();
    let mut gone: Vec<String> = Vec::new();
    let flush = |store: &mut Store, done: &mut Vec<ItemState>, gone: &mut Vec<String>| {
        if done.is_empty() && gone.is_empty() {
            return Ok(());
        }
        let r = store.maintain(|tx| {
            for s in done.iter() {
                task_sync::put_state(tx, &key, s)?;
            }
            for uid in gone.iter() {
                task_sync::forget(tx, &key, uid)?;
            }
            Ok(())
        });
        done.clear();
        gone.clear();
        r
    };
    for row in &rows {
        keep.insert(row.uid.as_str());
        let wanted = wanted_of(row);
        let name = summary_of(row);
        match states.get(&row.uid) {
            Some(st) => {
                let Some(text) = todo_text::edit(&st.base, &wanted, clock.now) else {
                    continue;
                };
                if folder.meta(&st.file)? != Some(meta_of(st)) {
                    report.problems.push(format!(
                        "{}: changed since the last pull; the next run takes it in",
                        folder.path(&st.file).display()
                    ));
                    continue;
                }
                if dry_run {
                    report.updated.push(name);
                    continue;
                }
                match folder.write(&st.file, &text, Some(meta_of(st)))? {
                    Some(m) => {
                        done.push(state(&row.uid, &st.file, &text, m));
                        report.updated.push(match row.done_at {
                            Some(_) => format!("{name} (done)"),
                            None => name,
                        });
                    }
                    None => report.problems.push(format!(
                        "{}: changed since the last pull; the next run takes it in",
                        folder.path(&st.file).display()
                    )),
                }
            }
            None if row.done_at.is_some() => {}
            None => {
                if dry_run {
                    report.added.push(name);
                    continue;
                }
                let text = todo_text::render(&wanted, clock.now);
                let mut file = task_folder::file_name(&row.uid);
                let mut written = folder.write(&file, &text, None)?;
                if written.is_none() {
                    match folder.read(&file)? {
                        // A push killed after writing this task and before
                        // remembering it left it here: it is this task's file.
                        Some((old, seen))
                            if todo_text::parse(&old).is_ok_and(|t| t.uid == row.uid) =>
                        {
                            written = folder.write(&file, &text, Some(seen))?;
                        }
                        // Taken by a file Kith does not know: a name of its own.
                        _ => {
                            file = format!("{}.{}", uuid::Uuid::new_v4(), task_folder::EXT);
                            written = folder.write(&file, &text, None)?;
                        }
                    }
                }
                if let Some(m) = written {
                    done.push(state(&row.uid, &file, &text, m));
                    report.added.push(name);
                }
            }
        }
        if done.len() >= BATCH {
            flush(store, &mut done, &mut gone)?;
        }
    }
    // Tasks of follow-ups deleted in Kith, or of people archived since.
    for st in states.values().filter(|s| !keep.contains(s.uid.as_str())) {
        let what = folder.path(&st.file).display().to_string();
        if dry_run {
            report.deleted.push(what);
            continue;
        }
        if folder.meta(&st.file)?.is_none() || folder.remove(&st.file, meta_of(st))? {
            gone.push(st.uid.clone());
            report.deleted.push(what);
        } else {
            report.problems.push(format!(
                "{what}: changed since the last pull; the next run takes it in"
            ));
        }
    }
    flush(store, &mut done, &mut gone)?;
    Ok(report)
}

/// What a pull would take in from `dir`, without changing anything.
pub fn incoming(store: &Store, dir: &Path) -> Result<Report> {
    let folder = Folder::open(dir)?;
    let mut report = Report::default();
    for f in look(store, &folder, &mut report)? {
        match f {
            Found::Changed { st, .. } => report
                .updated
                .push(folder.path(&st.file).display().to_string()),
            Found::New { file, .. } => report.added.push(folder.path(&file).display().to_string()),
            Found::Deleted { st } => report
                .deleted
                .push(folder.path(&st.file).display().to_string()),
            Found::Touched { .. } => {}
        }
    }
    Ok(report)
}
