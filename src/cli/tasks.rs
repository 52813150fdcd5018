//! `kith vdir pull|push|status --tasks TASKDIR`: follow-ups as tasks.

use std::path::Path;

use anyhow::Result;

use super::print::safe;
use crate::store::Store;
use crate::sync::tasks::{self, Report};
use crate::when::Clock;

/// What to do with a task folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Pull,
    Push,
    Status,
}

/// Runs one step over a task folder and prints what it did.
pub fn run(step: Step, store: &mut Store, dir: &Path, clock: &Clock) -> Result<Report> {
    let report = match step {
        Step::Pull => tasks::pull(store, dir, clock)?,
        Step::Push => tasks::push(store, dir, clock, false)?,
        Step::Status => {
            let incoming = tasks::incoming(store, dir)?;
            print(&format!("To pull from {}", dir.display()), &incoming);
            let outgoing = tasks::push(store, dir, clock, true)?;
            print(&format!("To push to {}", dir.display()), &outgoing);
            let mut both = incoming;
            both.extend(outgoing);
            return Ok(both);
        }
    };
    let what = match step {
        Step::Pull => format!("Pulled follow-ups from {}", dir.display()),
        _ => format!("Pushed follow-ups to {}", dir.display()),
    };
    print(&what, &report);
    Ok(report)
}

/// "Pulled follow-ups from DIR: 1 added, 2 updated, 0 done or deleted, 0 in conflict."
/// then one line per item, and problems on standard error.
pub fn print(what: &str, r: &Report) {
    println!(
        "{}: {} added, {} updated, {} deleted, {} in conflict.",
        safe(what),
        r.added.len(),
        r.updated.len(),
        r.deleted.len(),
        r.conflicts.len()
    );
    for (mark, lines) in [
        ("+", &r.added),
        ("~", &r.updated),
        ("-", &r.deleted),
        ("!", &r.conflicts),
    ] {
        for line in lines {
            println!("  {mark} {}", safe(line));
        }
    }
    for p in &r.problems {
        eprintln!("warning: {}", safe(p));
    }
}
