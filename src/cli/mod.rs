//! Command handlers: parse, call the logic, print. Thin by design.

mod args;
mod correct;
mod duplicates;
mod interop;
mod links;
mod mail;
mod maintenance;
mod print;
mod query;
mod status;
mod sync;
mod tasks;
mod tsv;
mod vdir;

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result};
use clap::Parser;

use args::{AddArgs, EventCommand, LogArgs, RemindArgs, SortArg};
pub use args::{Cli, Command};

use crate::error::Error;
use crate::identity::find::Found;
use crate::model::NoteKind;
use crate::ops;
use crate::ops::capture::{self, PersonInput};
use crate::store::events::NewEvent;
use crate::store::{events, people, search, Store};
use crate::when::{parse_birthday, parse_date, parse_days, Clock};
use crate::{brief, config, demo, profile, resolve, stats, today};

/// How many notes `show` and the brief load.
const NOTE_LIMIT: usize = 200;
/// How many people `kith stats --take` lists.
const TAKE_LIMIT: usize = 50;

pub fn main() -> Result<()> {
    let cli = Cli::parse();
    let clock = match &cli.today {
        Some(s) => {
            Clock::fixed(parse_date(s, Clock::system().today).context("--today / KITH_TODAY")?)
        }
        None => Clock::system(),
    };
    let path = match &cli.db {
        Some(p) => p.clone(),
        None => config::default_store_path()?,
    };
    let Some(command) = cli.command else {
        return no_command(&path, &clock);
    };
    run(command, &path, &clock)
}

fn open(path: &Path) -> Result<Store> {
    Ok(Store::open(path)?)
}

/// For commands that only read: a missing store is an error, never created.
fn open_to_read(path: &Path) -> Result<Store> {
    Ok(Store::open_existing(path)?)
}

fn no_command(path: &Path, clock: &Clock) -> Result<()> {
    let config = config::Config::load(config::config_path().as_deref())?;
    let store = open(path)?;
    crate::tui::run(crate::tui::app(store, *clock, &config)?)?;
    Ok(())
}

fn days_arg(s: &Option<String>) -> Result<Option<i64>, Error> {
    s.as_deref()
        .map(|s| parse_days(s).map(i64::from))
        .transpose()
        .map_err(Error::from)
}

fn date_arg(s: &Option<String>, clock: &Clock) -> Result<Option<chrono::NaiveDate>, Error> {
    s.as_deref()
        .map(|s| parse_date(s, clock.today))
        .transpose()
        .map_err(Error::from)
}

fn run(command: Command, path: &Path, clock: &Clock) -> Result<()> {
    match command {
        Command::Add(a) => add(*a, path, clock),
        Command::Event { command } => event(command, path, clock),
        Command::Log(a) => log(a, path, clock),
        Command::Mark { note, r#as } => mark(note, r#as, path, clock),
        Command::Remind(a) => remind(a, path, clock),
        Command::Done {
            target,
            gave,
            note,
            dismiss,
        } => done(&target, gave, note, dismiss, path, clock),
        Command::Snooze { target, until } => {
            let until = parse_date(&until, clock.today)?;
            let mut store = open(path)?;
            if let Ok(id) = target.trim().parse::<i64>() {
                capture::snooze(&mut store, id, until, clock)?;
                println!("Snoozed follow-up {id} until {until}.");
            } else {
                let id = resolve::person(store.conn(), &target)?;
                capture::snooze_prompt(&mut store, id, until, clock)?;
                let name = people::get_person(store.conn(), id)?.name;
                println!(
                    "No reconnect prompt for {} until {until}.",
                    print::safe(&name)
                );
            }
            Ok(())
        }
        Command::Cadence { person, every } => {
            let days = match every.trim().to_lowercase().as_str() {
                "none" | "off" | "never" => None,
                _ => Some(i64::from(parse_days(&every)?)),
            };
            let mut store = open(path)?;
            let id = resolve::person(store.conn(), &person)?;
            ops::people::set_cadence(&mut store, id, days, clock)?;
            let name = people::get_person(store.conn(), id)?.name;
            match days {
                Some(d) => println!(
                    "Keeping in touch with {} every {d} days.",
                    print::safe(&name)
                ),
                None => println!("No rhythm for {} any more.", print::safe(&name)),
            }
            Ok(())
        }
        Command::Bump { person } => {
            let mut store = open(path)?;
            let id = resolve::person(store.conn(), &person)?;
            ops::people::bump(&mut store, id, clock)?;
            let name = people::get_person(store.conn(), id)?.name;
            println!("Reset the reconnect clock of {}.", print::safe(&name));
            Ok(())
        }
        Command::Today {
            json,
            count,
            sections,
            format,
        } => {
            if count || format.is_some() || !sections.is_empty() {
                return status::count(&sections, format, path, clock);
            }
            let mut store = open_to_read(path)?;
            let rules = config::Config::load(config::config_path().as_deref())?.cadence_rules()?;
            if !store.follow_rhythm_rules(&rules)? {
                eprintln!(
                    "kith: the store is read-only, so reconnects follow the rhythms it was last written with, not the config's"
                );
            }
            let t = store.read(|c| today::load(c, clock.today, &rules))?;
            if json {
                println!("{}", print::json(&t)?);
            } else {
                print::today(&t)?;
            }
            Ok(())
        }
        Command::Show { person, json } => {
            let store = open_to_read(path)?;
            let (p, r) = store.read(|c| {
                let id = resolve::person(c, &person)?;
                let p = profile::load(c, id, NOTE_LIMIT)?;
                let r = crate::returns::reciprocity(
                    c,
                    id,
                    p.balance.gave,
                    p.balance.asked,
                    clock.today,
                )?;
                Ok((p, r))
            })?;
            if json {
                println!("{}", print::json(&p)?);
            } else {
                print::person(&p, clock.today, Some(&r.reading));
            }
            Ok(())
        }
        Command::List {
            sort,
            limit,
            offset,
            archived,
            json,
            tsv,
        } => {
            let store = open_to_read(path)?;
            let sort = match sort {
                SortArg::Name => people::Sort::Name,
                SortArg::LastTouch => people::Sort::LastTouch,
                SortArg::Overdue => people::Sort::Overdue,
            };
            let rows = store.read(|c| {
                if archived {
                    people::list_archived(c, limit, offset)
                } else {
                    people::list(c, sort, limit, offset)
                }
            })?;
            if json {
                println!("{}", print::json(&rows)?);
            } else if tsv.tsv {
                tsv::people(&rows, tsv.header, false)?;
            } else {
                print::rows(&rows, clock.today);
            }
            Ok(())
        }
        Command::Search {
            query,
            limit,
            json,
            tsv,
        } => {
            let store = open_to_read(path)?;
            let rows = store.read(|c| search::search(c, &query, limit))?;
            if json {
                println!("{}", print::json(&rows)?);
            } else if tsv.tsv {
                tsv::people(&rows, tsv.header, true)?;
            } else if rows.is_empty() {
                println!("Nobody matches \"{}\".", print::safe(&query));
            } else {
                print::rows(&rows, clock.today);
            }
            Ok(())
        }
        Command::Brief {
            person,
            copy,
            markdown,
        } => {
            let store = open_to_read(path)?;
            let p = store.read(|c| profile::load(c, resolve::person(c, &person)?, NOTE_LIMIT))?;
            let style = if markdown {
                brief::Style::Markdown
            } else {
                brief::Style::Plain
            };
            let text = brief::render(&p, clock.today, style);
            print!("{text}");
            if copy {
                copy_to_clipboard(&text)?;
                eprintln!("Copied the brief to the clipboard.");
            }
            Ok(())
        }
        Command::Stats { json, events, .. } if events => {
            let store = open_to_read(path)?;
            let r = store.read(crate::returns::events)?;
            if json {
                println!("{}", print::json(&r)?);
            } else {
                print::event_returns(&r);
            }
            Ok(())
        }
        Command::Stats { json, take, .. } if take => {
            let store = open_to_read(path)?;
            let r = crate::returns::all_take(store.conn(), TAKE_LIMIT)?;
            if json {
                println!("{}", print::json(&r)?);
            } else {
                print::all_take(&r);
            }
            Ok(())
        }
        Command::Stats { json, .. } => {
            let store = open_to_read(path)?;
            let s = store.read(|c| stats::load(c, clock.today))?;
            if json {
                println!("{}", print::json(&s)?);
            } else {
                print::stats(&s);
            }
            Ok(())
        }
        Command::Demo { people: n, notes } => {
            let mut store = open(path)?;
            let notes = notes.map_or(demo::Notes::Spread, demo::Notes::Total);
            let filled = demo::fill_with(&mut store, n, notes, clock)?;
            println!(
                "Demo store ready at {} with {} people, {} notes and {} follow-ups. Try: kith today",
                path.display(),
                filled.people,
                filled.notes,
                filled.follow_ups
            );
            Ok(())
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "kith", &mut std::io::stdout());
            Ok(())
        }
        Command::Import {
            file,
            format,
            dry_run,
        } => interop::import(&file, format, dry_run, path, clock),
        Command::Export {
            format,
            output,
            vdir,
            force,
        } => interop::export(
            format,
            interop::Target {
                output: output.as_deref(),
                vdir: vdir.as_deref(),
                force,
            },
            path,
            clock,
        ),
        Command::Merge { person, duplicate } => interop::merge(&person, &duplicate, path, clock),
        Command::Vdir { command } => vdir::run(command, path, clock),
        Command::Duplicates(a) => duplicates::run(a, path, clock),
        Command::Mail { command } => mail::run(command, path, clock),
        Command::Notify { ntfy, print } => status::notify(ntfy.as_deref(), print, path, clock),
        Command::Query {
            text,
            no_header,
            json,
        } => query::run(&text.join(" "), no_header, json, path),
        Command::Path => {
            println!("{}", path.display());
            Ok(())
        }
        Command::Backup { dir, keep } => maintenance::backup(path, dir.as_deref(), keep),
        Command::Check { repair } => maintenance::check(path, repair),
        Command::Undo { list, json } => correct::undo(list, json, path),
        Command::Edit { what } => correct::edit(what, path, clock),
        Command::Rm { what } => correct::rm(what, path),
        Command::Link(a) => links::link(a, path, clock),
        Command::Unlink { a, b, as_ } => links::unlink(&a, &b, as_.as_deref(), path),
        Command::Intro(a) => links::intro(*a, path, clock),
        Command::Archive { person } => correct::archive(&person, true, path, clock),
        Command::Unarchive { person } => correct::archive(&person, false, path, clock),
        Command::Sync { command } => match command {
            Some(args::SyncCommand::Setup(a)) => sync::setup(a, path),
            None => sync::sync(path, clock),
        },
    }
}

fn add(a: AddArgs, path: &Path, clock: &Clock) -> Result<()> {
    // Everything is parsed before the store is touched: a bad field writes nothing.
    let follow_up = date_arg(&a.follow_up, clock)?.map(|d| {
        let body = a
            .follow_up_note
            .clone()
            .unwrap_or_else(|| format!("follow up with {}", a.name.trim()));
        (d, body)
    });
    let input = PersonInput {
        name: a.name,
        company: a.company,
        title: a.title,
        emails: a.email,
        phones: a.phone,
        urls: a.url,
        tags: a.tag,
        birthday: a
            .birthday
            .as_deref()
            .map(parse_birthday)
            .transpose()
            .map_err(Error::from)?,
        cadence_days: days_arg(&a.cadence)?,
        event: a.event,
        at: a.at,
        on: date_arg(&a.on, clock)?,
        note: a.note,
        follow_up,
    };
    if input.name.trim().is_empty() {
        return Err(Error::Invalid("a person needs a name".into()).into());
    }
    let mut store = open(path)?;
    if let Some(to) = &a.to {
        let id = resolve::person(store.conn(), to)?;
        return attach(&mut store, id, &input, clock, "as you asked");
    }
    if a.new {
        let id = capture::add_person(&mut store, &input, clock)?;
        println!("Added {} (#{id}).", print::safe(input.name.trim()));
        return Ok(());
    }
    match capture::identify(&mut store, &input)? {
        Found::Exact { id, reason } => attach(&mut store, id, &input, clock, reason.text()),
        Found::Candidates(found) => {
            let candidates = found
                .iter()
                .take(10)
                .map(|c| {
                    let reasons: Vec<&str> = c.reasons.iter().map(|r| r.text()).collect();
                    Ok(format!(
                        "  {} \u{2014} {} ({:.2})",
                        print::safe(&people::label(store.conn(), c.id)?),
                        reasons.join(", "),
                        c.confidence
                    ))
                })
                .collect::<Result<Vec<_>, Error>>()?;
            Err(Error::MaybeHere {
                name: input.name.trim().to_string(),
                candidates,
            }
            .into())
        }
        Found::Nobody => {
            let id = capture::add_person(&mut store, &input, clock)?;
            println!("Added {} (#{id}).", print::safe(input.name.trim()));
            Ok(())
        }
    }
}

/// Adds what was typed to a person already here, and says so.
fn attach(store: &mut Store, id: i64, input: &PersonInput, clock: &Clock, why: &str) -> Result<()> {
    capture::attach(store, id, input, clock)?;
    let label = people::label(store.conn(), id)?;
    println!(
        "Already here: {} ({why}); added to them.",
        print::safe(&label)
    );
    Ok(())
}

fn event(command: EventCommand, path: &Path, clock: &Clock) -> Result<()> {
    match command {
        EventCommand::Add {
            name,
            on,
            until,
            at,
            description,
        } => {
            let e = NewEvent {
                name,
                starts_on: parse_date(&on, clock.today)?,
                ends_on: date_arg(&until, clock)?,
                place: at.filter(|s| !s.trim().is_empty()),
                description,
            };
            if e.name.trim().is_empty() {
                return Err(Error::Invalid("an event needs a name".into()).into());
            }
            let mut store = open(path)?;
            let id = capture::add_event(&mut store, &e, clock)?;
            println!(
                "Added event {} on {} (#{id}).",
                print::safe(e.name.trim()),
                e.starts_on
            );
            Ok(())
        }
        EventCommand::List { limit, json } => {
            let store = open_to_read(path)?;
            let list = events::list(store.conn(), limit, 0)?;
            if json {
                let out: Vec<_> = list
                    .iter()
                    .map(|(e, n)| serde_json::json!({"event": e, "people": n}))
                    .collect();
                println!("{}", print::json(&out)?);
            } else {
                print::events(&list);
            }
            Ok(())
        }
    }
}

fn log(a: LogArgs, path: &Path, clock: &Clock) -> Result<()> {
    let mark = match (a.need, a.offer) {
        (true, _) => Some(crate::needs::Mark::Need),
        (_, true) => Some(crate::needs::Mark::Offer),
        _ => None,
    };
    let kind_word = a
        .kind
        .as_deref()
        .unwrap_or(if mark.is_some() { "learned" } else { "talk" });
    let kind = NoteKind::parse(kind_word).ok_or_else(|| {
        Error::Invalid(format!(
            "\"{kind_word}\" is not a kind of note; use one of: note, met, talk, gave, learned, asked, promise"
        ))
    })?;
    if let Some(m) = mark {
        if kind != NoteKind::Learned {
            return Err(Error::Invalid(format!(
                "--{} marks a learned note; leave out --kind or give --kind learned",
                m.as_str()
            ))
            .into());
        }
        return log_marked(&a, m, path, clock);
    }
    let on = date_arg(&a.on, clock)?;
    let due = date_arg(&a.due, clock)?;
    if a.text.trim().is_empty() {
        return Err(Error::Invalid("the note is empty".into()).into());
    }
    if due.is_some() && kind != NoteKind::Promise {
        return Err(Error::Invalid(
            "--due goes with --kind promise; use `kith remind` for other follow-ups".into(),
        )
        .into());
    }
    let mut store = open(path)?;
    let id = resolve::person(store.conn(), &a.person)?;
    let logged = capture::log_note(&mut store, id, kind, &a.text, on, due, clock)?;
    let name = people::get_person(store.conn(), id)?.name;
    println!("Logged {} for {}.", kind.as_str(), print::safe(&name));
    if let Some(m) = crate::ops::needs::proposal(kind, &a.text, false) {
        println!(
            "This reads like {} {}: kith mark {} {} marks it so (matched against other people's {}s).",
            if m == crate::needs::Mark::Need { "a" } else { "an" },
            m.as_str(),
            logged.note_id,
            m.as_str(),
            if m == crate::needs::Mark::Need { "offer" } else { "need" },
        );
    }
    if let Some(r) = logged.reminder_id {
        let due = crate::store::reminders::get(store.conn(), r)?.due_on;
        println!("Follow-up #{r} on {due}.");
    }
    if matches!(kind, NoteKind::Talk | NoteKind::Gave | NoteKind::Met) {
        let open: Vec<_> = crate::store::reminders::open_for_person(store.conn(), id)?
            .into_iter()
            .filter(|r| Some(r.id) != logged.reminder_id)
            .collect();
        offer_to_close(&open);
    }
    Ok(())
}

/// `kith log --need/--offer`: a learned note, marked, and its matches.
fn log_marked(a: &LogArgs, mark: crate::needs::Mark, path: &Path, clock: &Clock) -> Result<()> {
    if a.due.is_some() {
        return Err(Error::Invalid(
            "--due goes with --kind promise; use `kith remind` for other follow-ups".into(),
        )
        .into());
    }
    let on = date_arg(&a.on, clock)?;
    let mut store = open(path)?;
    let id = resolve::person(store.conn(), &a.person)?;
    let note = crate::ops::needs::log_marked(&mut store, id, &a.text, mark, on, clock)?;
    let name = people::get_person(store.conn(), id)?.name;
    println!(
        "Logged {} #{note} for {}.",
        mark.as_str(),
        print::safe(&name)
    );
    print::person_matches(&crate::matches::for_person(store.conn(), id, 5)?, note);
    Ok(())
}

/// `kith mark NOTE need|offer|met|open|none`.
fn mark(note: i64, how: args::MarkArg, path: &Path, clock: &Clock) -> Result<()> {
    use crate::ops::needs::Marking;
    let how = match how {
        args::MarkArg::Need => Marking::Set(crate::needs::Mark::Need),
        args::MarkArg::Offer => Marking::Set(crate::needs::Mark::Offer),
        args::MarkArg::Met => Marking::Met,
        args::MarkArg::Open => Marking::Reopen,
        args::MarkArg::None => Marking::Clear,
    };
    let mut store = open(path)?;
    let done = crate::ops::needs::mark(&mut store, note, how, clock)?;
    println!(
        "{} (note #{note}, {}).",
        done.said,
        print::safe(&done.person)
    );
    let person = crate::store::notes::get_note(store.conn(), note)?.person_id;
    print::person_matches(&crate::matches::for_person(store.conn(), person, 5)?, note);
    Ok(())
}

/// After a touch: the person's open follow-ups, and how to close them.
fn offer_to_close(open: &[crate::model::Reminder]) {
    for r in open {
        println!(
            "Still open: #{} {} (due {}). If this settles it: kith done {}",
            r.id,
            print::safe(&r.body),
            r.shows_on(),
            r.id
        );
    }
}

fn done(
    target: &str,
    gave: Option<String>,
    note: Option<String>,
    dismiss: bool,
    path: &Path,
    clock: &Clock,
) -> Result<()> {
    let mut store = open(path)?;
    if let Ok(id) = target.trim().parse::<i64>() {
        if note.is_some() || dismiss {
            return Err(Error::Invalid(
                "--note and --dismiss close a person's prompt; name the person instead of a follow-up id"
                    .into(),
            )
            .into());
        }
        if gave.is_none() && links::done_intro(&mut store, id, clock)? {
            return Ok(());
        }
        let done = capture::complete(&mut store, id, gave.as_deref(), clock)?;
        println!("Done: follow-up {id}.");
        if let Some((next, due)) = done.next {
            println!("Next one: #{next} on {due}.");
        }
        if done.gave_note.is_some() {
            println!("Logged what you gave.");
        }
        return Ok(());
    }
    let id = resolve::person(store.conn(), target)?;
    let name = print::safe(&people::get_person(store.conn(), id)?.name);
    let outcome = if dismiss {
        ops::followup::Outcome::Dismiss
    } else {
        let (kind, text) = match (gave, note) {
            (Some(g), _) => (NoteKind::Gave, g),
            (None, Some(n)) => (NoteKind::Talk, n),
            (None, None) => (NoteKind::Talk, String::new()),
        };
        let body = match text.trim() {
            "" => ops::followup::default_body(&store, id)?,
            t => t.to_string(),
        };
        ops::followup::Outcome::Touch { kind, body }
    };
    let closed = ops::followup::close(&mut store, id, &outcome, clock)?;
    match outcome {
        ops::followup::Outcome::Dismiss => {
            println!("Dismissed the prompt for {name}; the reconnect clock starts again today.")
        }
        ops::followup::Outcome::Touch { kind, body } => println!(
            "Followed up with {name}: logged {} \u{201c}{}\u{201d}.",
            kind.as_str(),
            print::safe(&body)
        ),
    }
    if closed.note_id.is_some() {
        offer_to_close(&closed.open);
    }
    Ok(())
}

fn remind(a: RemindArgs, path: &Path, clock: &Clock) -> Result<()> {
    let due = parse_date(&a.on, clock.today)?;
    let every = days_arg(&a.every)?;
    if a.text.trim().is_empty() {
        return Err(Error::Invalid("a follow-up needs a text".into()).into());
    }
    let mut store = open(path)?;
    let id = resolve::person(store.conn(), &a.person)?;
    let r = capture::remind(&mut store, Some(id), &a.text, due, every, clock)?;
    let name = people::get_person(store.conn(), id)?.name;
    let repeat = every
        .map(|d| format!(", then every {d} days"))
        .unwrap_or_default();
    println!(
        "Follow-up #{r} for {} on {due}{repeat}.",
        print::safe(&name)
    );
    Ok(())
}

/// Puts text on the clipboard with OSC 52, through the terminal even when stdout is piped.
fn copy_to_clipboard(text: &str) -> Result<()> {
    use crossterm::clipboard::CopyToClipboard;
    // The same sanitising as every other output: a paste carries no escapes.
    let text = crate::sanitize::for_terminal(text);
    let command = CopyToClipboard::to_clipboard_from(text.as_bytes());
    if std::io::stdout().is_terminal() {
        crossterm::execute!(std::io::stdout(), command).context("cannot write to the terminal")?;
    } else {
        let mut tty = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/tty")
            .context("no terminal to copy through (OSC 52 needs one)")?;
        crossterm::execute!(tty, command).context("cannot write to the terminal")?;
        tty.flush()?;
    }
    Ok(())
}
