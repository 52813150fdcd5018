//! Touches from mail: a message you sent is a `talk` with each recipient
//! Kith knows, one you received a `talk` with its sender. Each touch
//! remembers its Message-ID, so reading a message again logs nothing twice.
//! Unknown addresses are reported, or added through the identity rule.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::Result;
use crate::identity::find::Found;
use crate::identity::{email_key, review};
use crate::mail::{self, maildir, Direction, Mail, Party};
use crate::model::NoteKind;
use crate::ops::capture::{self, PersonInput};
use crate::store::bulk::{Reindex, SearchPause};
use crate::store::notes::{self, NewNote};
use crate::store::{identity as keys, mail as seen, Store};
use crate::when::Clock;

/// How mail is read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Your own addresses: mail from them is mail you sent.
    pub mine: Vec<String>,
    /// A message received is a touch with its sender.
    pub received: bool,
    /// Add the people not in Kith yet (unless the identity rule finds
    /// someone of that name: then they are reported instead).
    pub add: bool,
}

/// What reading mail did.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Touches logged: the person, their name, the address, the note's text.
    pub logged: Vec<Touch>,
    /// Touches already logged from the same message (a rerun).
    pub already: usize,
    /// Addresses nobody in Kith has, with a name, and how many messages.
    pub unknown: Vec<(Party, usize)>,
    /// People added (with --add): id, name, address.
    pub added: Vec<(i64, String, String)>,
    /// Addresses not added because someone of that name is already here.
    pub maybe_here: Vec<(Party, Vec<i64>)>,
    /// Addresses several people share: not logged, to be merged first.
    pub shared: Vec<(String, Vec<i64>)>,
    /// Messages that could not be read: where, and why.
    pub problems: Vec<(String, String)>,
    /// Messages read.
    pub messages: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    pub person_id: i64,
    pub name: String,
    pub email: String,
    pub body: String,
}

/// Messages written in one transaction by a scan.
pub const BATCH: usize = 500;
/// A subject longer than this is cut in the note.
const SUBJECT_CHARS: usize = 200;

/// The earliest date a touch can have (the store refuses earlier ones).
fn earliest() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(1900, 1, 2)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The note a message makes.
fn body(m: &Mail, direction: Direction) -> String {
    let subject: String = m.subject.chars().take(SUBJECT_CHARS).collect();
    let subject = if subject.trim().is_empty() {
        "(no subject)".to_string()
    } else {
        subject
    };
    match direction {
        Direction::Sent => format!("emailed: {subject}"),
        Direction::Received => format!("email from them: {subject}"),
    }
}

/// Who each address is, looked up once per run.
#[derive(Default)]
struct Directory {
    by_email: HashMap<String, Who>,
}

#[derive(Debug, Clone)]
enum Who {
    One(i64, String),
    Nobody,
    Several(Vec<i64>),
}

impl Directory {
    fn who(&mut self, store: &Store, email: &str) -> Result<Who> {
        let Some(key) = email_key(email) else {
            return Ok(Who::Nobody);
        };
        if let Some(w) = self.by_email.get(&key) {
            return Ok(w.clone());
        }
        let ids = keys::with_point(store.conn(), &format!("e:{key}"))?;
        let who = match ids.as_slice() {
            [] => Who::Nobody,
            [id] => Who::One(
                *id,
                crate::store::people::get_person(store.conn(), *id)?.name,
            ),
            _ => Who::Several(ids),
        };
        self.by_email.insert(key, who.clone());
        Ok(who)
    }

    fn forget(&mut self, email: &str) {
        if let Some(key) = email_key(email) {
            self.by_email.remove(&key);
        }
    }
}

/// Logs the touches of one message (`kith mail log`): one undo step.
pub fn log_one(store: &mut Store, m: &Mail, opts: &Options, clock: &Clock) -> Result<Outcome> {
    let label = match m.subject.trim() {
        "" => "Logged mail".to_string(),
        s => format!("Logged mail \u{201c}{}\u{201d}", cut(s, 60)),
    };
    store.as_one_step(&label, |store| {
        let mut out = Outcome::default();
        let mut dir = Directory::default();
        review::refresh(store)?;
        log_batch(store, &[m], opts, clock, &mut dir, &mut out)?;
        out.messages = 1;
        Ok(out)
    })
}

/// Logs the touches of every message in these Maildirs (their `cur` and
/// `new`), reading headers only, `BATCH` messages per transaction, all of it
/// one undo step. `progress` is told how many messages were read.
pub fn scan(
    store: &mut Store,
    dirs: &[PathBuf],
    opts: &Options,
    clock: &Clock,
    files_found: &mut dyn FnMut(u64),
    progress: &mut dyn FnMut(u64),
) -> Result<Outcome> {
    let mut files: Vec<PathBuf> = Vec::new();
    for d in dirs {
        files.extend(maildir::messages(d)?);
    }
    files_found(files.len() as u64);
    store.as_one_step("Scanned mail", |store| {
        let mut out = Outcome::default();
        let mut dir = Directory::default();
        review::refresh(store)?;
        let mut read = 0u64;
        for chunk in files.chunks(BATCH) {
            let mut mails: Vec<Mail> = Vec::with_capacity(chunk.len());
            for path in chunk {
                match read_one(path) {
                    Ok(m) => mails.push(m),
                    Err(why) => out.problems.push((path.display().to_string(), why)),
                }
            }
            out.messages += mails.len();
            let refs: Vec<&Mail> = mails.iter().collect();
            log_batch(store, &refs, opts, clock, &mut dir, &mut out)?;
            read += chunk.len() as u64;
            progress(read);
        }
        Ok(out)
    })
}

fn read_one(path: &Path) -> std::result::Result<Mail, String> {
    let raw = maildir::read_headers(path).map_err(|e| e.to_string())?;
    mail::parse(&raw).map_err(|e| e.to_string())
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('\u{2026}');
        t
    }
}

/// One batch: people added first (each through the identity rule), then every
/// touch in one transaction.
fn log_batch(
    store: &mut Store,
    mails: &[&Mail],
    opts: &Options,
    clock: &Clock,
    dir: &mut Directory,
    out: &mut Outcome,
) -> Result<()> {
    // Who, the address, the message, when, and the note's text.
    let mut touches: Vec<(Touch, &str, DateTime<Utc>)> = Vec::new();
    for m in mails {
        let direction = m.direction(&opts.mine);
        let date = match m.date {
            Some(d) if d < earliest() => {
                out.problems.push((
                    m.message_id.clone(),
                    format!("its date {d} is before 1900; not logged"),
                ));
                continue;
            }
            // A date ahead of now (a wrong clock) would hide real touches.
            Some(d) => d.min(clock.now),
            None => clock.now,
        };
        let text = body(m, direction);
        for p in m.others(&opts.mine, opts.received) {
            let mut who = dir.who(store, &p.email)?;
            if matches!(who, Who::Nobody) && opts.add && !mail::is_machine(&p.email) {
                if let Some(id) = add(store, p, clock, out)? {
                    dir.forget(&p.email);
                    who = Who::One(id, mail::name_for(p));
                }
            }
            match who {
                Who::One(person_id, name) => touches.push((
                    Touch {
                        person_id,
                        name,
                        email: p.email.clone(),
                        body: text.clone(),
                    },
                    m.message_id.as_str(),
                    date,
                )),
                Who::Nobody => {
                    if !mail::is_machine(&p.email)
                        && !out.maybe_here.iter().any(|(q, _)| q.email == p.email)
                    {
                        match out
                            .unknown
                            .iter_mut()
                            .find(|(q, _)| q.email.eq_ignore_ascii_case(&p.email))
                        {
                            Some((_, n)) => *n += 1,
                            None => out.unknown.push((p.clone(), 1)),
                        }
                    }
                }
                Who::Several(ids) => {
                    if !out.shared.iter().any(|(e, _)| e == &p.email) {
                        out.shared.push((p.email.clone(), ids));
                    }
                }
            }
        }
    }
    if touches.is_empty() {
        return Ok(());
    }
    let now = clock.now;
    let (logged, already) = store.write(|tx| {
        let pause = SearchPause::start(tx)?;
        let mut logged = Vec::new();
        let mut already = 0usize;
        let mut people: Vec<i64> = Vec::new();
        for (touch, message_id, date) in touches {
            if seen::logged(tx, message_id, touch.person_id)? {
                already += 1;
                continue;
            }
            let note = notes::insert_note(
                tx,
                &NewNote {
                    person_id: touch.person_id,
                    event_id: None,
                    kind: NoteKind::Talk,
                    body: touch.body.clone(),
                    happened_at: date,
                },
                now,
            )?;
            seen::remember(tx, note, message_id)?;
            people.push(touch.person_id);
            logged.push(touch);
        }
        people.sort_unstable();
        people.dedup();
        pause.resume(tx, Reindex::People(&people))?;
        Ok((logged, already))
    })?;
    out.logged.extend(logged);
    out.already += already;
    Ok(())
}

/// Adds someone known only by a message, through the identity rule: nobody
/// of that name here, they are added; a same-name candidate, they are not
/// (and are reported). Returns the person to touch.
fn add(store: &mut Store, p: &Party, clock: &Clock, out: &mut Outcome) -> Result<Option<i64>> {
    let input = PersonInput {
        name: mail::name_for(p),
        emails: vec![p.email.clone()],
        ..PersonInput::default()
    };
    match capture::identify(store, &input)? {
        Found::Exact { id, .. } => Ok(Some(id)),
        Found::Candidates(c) => {
            out.maybe_here
                .push((p.clone(), c.iter().map(|c| c.id).collect()));
            Ok(None)
        }
        Found::Nobody => {
            let id = capture::add_person(store, &input, clock)?;
            review::refresh(store)?;
            out.added.push((id, input.name.clone(), p.email.clone()));
            Ok(Some(id))
        }
    }
}
