//! `kith vdir pull|push|status [DIR] [--tasks TASKDIR]`: two-way sync of
//! people with a vdir of cards (the folder vdirsyncer keeps in step with a
//! CardDAV server), and of follow-ups with a task folder (`super::tasks`).

use std::path::Path;

use anyhow::Result;

use super::args::VdirCommand;
use super::tasks::Step;
use crate::sanitize::one_line;
use crate::store::Store;
use crate::sync::cards::{self, PullReport, PushReport};
use crate::when::Clock;

/// Cards first, then tasks: a task names its person by the card's uid, so
/// people pulled from the cards are there when their follow-ups come in.
pub fn run(command: VdirCommand, db: &Path, clock: &Clock) -> Result<()> {
    let (step, a) = match command {
        VdirCommand::Pull(a) => (Step::Pull, a),
        VdirCommand::Push(a) => (Step::Push, a),
        VdirCommand::Status(a) => (Step::Status, a),
    };
    let mut store = match step {
        Step::Pull => Store::open(db)?,
        Step::Push | Step::Status => Store::open_existing(db)?,
    };
    if let Some(dir) = &a.dir {
        match step {
            Step::Pull => print_pull(&cards::pull(&mut store, dir, clock.now, false)?),
            Step::Push => print_push(&cards::push(&mut store, dir, clock.now, false)?),
            Step::Status => {
                print_pull(&cards::pull(&mut store, dir, clock.now, true)?);
                print_push(&cards::push(&mut store, dir, clock.now, true)?);
            }
        }
    }
    if let Some(tasks) = &a.tasks {
        super::tasks::run(step, &mut store, tasks, clock)?;
    }
    Ok(())
}

fn names(what: &str, list: &[String]) -> Option<String> {
    if list.is_empty() {
        return None;
    }
    let shown: Vec<String> = list.iter().take(5).map(|n| one_line(n)).collect();
    let more = if list.len() > 5 {
        format!(" and {} more", list.len() - 5)
    } else {
        String::new()
    };
    Some(format!(
        "{} {what} ({}{more})",
        list.len(),
        shown.join(", ")
    ))
}

fn print_pull(r: &PullReport) {
    let verb = if r.dry_run {
        "Pull would bring"
    } else {
        "Pulled"
    };
    let mut parts: Vec<String> = [
        names("added", &r.added),
        names("updated", &r.updated),
        names("archived (card removed)", &r.archived),
        names("restored (card back)", &r.restored),
        names(
            "to remove on push (deleted or merged in Kith)",
            &r.to_remove,
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        parts.push("nothing new".into());
    }
    println!(
        "{verb} from {}: {}; {} card(s) unchanged.",
        one_line(&r.dir.display().to_string()),
        parts.join(", "),
        r.unchanged
    );
    for (who, c) in &r.conflicts {
        println!(
            "Conflict: {} — {} changed in Kith (\"{}\") and on the card (\"{}\"); the card's value was kept{}",
            one_line(who),
            c.field,
            one_line(&c.kith),
            one_line(&c.card),
            if r.dry_run { "" } else { " (kith undo takes the whole pull back)" }
        );
    }
    if r.dry_run {
        for p in &r.known_problems {
            eprintln!("{} (named before; still as it was)", one_line(p));
        }
    } else if !r.known_problems.is_empty() {
        eprintln!(
            "{} file(s) named before as not one card, passed over (kith vdir status names them).",
            r.known_problems.len()
        );
    }
    for p in &r.pairs {
        println!("Two cards, one person? {}.", one_line(&p.describe()));
    }
    for p in &r.problems {
        eprintln!("{}", one_line(p));
    }
}

fn print_push(r: &PushReport) {
    let verb = if r.dry_run {
        "Push would write"
    } else {
        "Pushed"
    };
    let mut parts: Vec<String> = [
        names("new", &r.created),
        names("rewritten", &r.rewritten),
        names("removed", &r.removed),
        names("changed since the last pull, left for the next", &r.left),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        parts.push("nothing".into());
    }
    println!(
        "{verb} to {}: {}; {} card(s) unchanged.",
        one_line(&r.dir.display().to_string()),
        parts.join(", "),
        r.unchanged
    );
    for p in &r.problems {
        eprintln!("{}", one_line(p));
    }
}
