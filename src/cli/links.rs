//! `kith link`, `kith unlink`, `kith intro`, and the links part of `kith show`.

use std::path::Path;

use anyhow::Result;

use super::args::{IntroArgs, IntroCommand, LinkArgs};
use super::print::{json, safe};
use super::{date_arg, open, open_to_read};
use crate::error::Error;
use crate::intro::Intro;
use crate::model::PersonDetail;
use crate::ops;
use crate::ops::intro::Proposal;
use crate::resolve;
use crate::store::{intros, people};
use crate::when::Clock;

pub fn link(a: LinkArgs, path: &Path, clock: &Clock) -> Result<()> {
    if a.remove {
        return unlink(&a.person, &a.other, Some(&a.as_), path);
    }
    // The link is read before the store is touched: a bad one writes nothing.
    ops::links::parse_kind(&a.as_)?;
    let mut store = open(path)?;
    let x = resolve::person(store.conn(), &a.person)?;
    let y = resolve::person(store.conn(), &a.other)?;
    let linked = ops::links::link(&mut store, x, y, &a.as_, a.context.as_deref(), clock)?;
    let name = people::get_person(store.conn(), x)?.name;
    match linked.id {
        Some(_) => println!("Linked: {} {}.", safe(&name), safe(&linked.sentence)),
        None => println!(
            "Already linked: {} {}.",
            safe(&name),
            safe(&linked.sentence)
        ),
    }
    Ok(())
}

pub fn unlink(a: &str, b: &str, as_: Option<&str>, path: &Path) -> Result<()> {
    if let Some(k) = as_ {
        ops::links::parse_kind(k)?;
    }
    let mut store = open(path)?;
    let x = resolve::person(store.conn(), a)?;
    let y = resolve::person_except(store.conn(), b, Some(x))?;
    let n = ops::links::unlink(&mut store, x, y, as_)?;
    let (nx, ny) = (
        people::get_person(store.conn(), x)?.name,
        people::get_person(store.conn(), y)?.name,
    );
    let what = if n == 1 { "link" } else { "links" };
    println!(
        "Removed {n} {what} between {} and {}.",
        safe(&nx),
        safe(&ny)
    );
    Ok(())
}

pub fn intro(a: IntroArgs, path: &Path, clock: &Clock) -> Result<()> {
    let Some(command) = a.command else {
        let (Some(pa), Some(pb)) = (&a.a, &a.b) else {
            return Err(Error::Invalid("name the two people to introduce".into()).into());
        };
        let ask_on = date_arg(&a.on, clock)?;
        let mut store = open(path)?;
        let x = resolve::person(store.conn(), pa)?;
        let y = resolve::person_except(store.conn(), pb, Some(x))?;
        let mut p = Proposal::new(x, y, a.why.as_deref());
        p.double_opt_in = !a.single;
        p.ask_on = ask_on;
        let id = ops::intro::propose_with(&mut store, &p, clock)?;
        let i = intros::get(store.conn(), id)?;
        println!("Introduction #{id} proposed: {}.", safe(&i.pair()));
        follow_up_line(&i);
        return Ok(());
    };
    match command {
        IntroCommand::List {
            all,
            limit,
            json: as_json,
        } => {
            let store = open_to_read(path)?;
            let list = intros::list(store.conn(), !all, limit)?;
            if as_json {
                println!("{}", json(&list)?);
            } else if list.is_empty() && all {
                println!("No introductions yet. Propose one: kith intro A B --why TEXT");
            } else if list.is_empty() {
                println!("No introductions under way (kith intro list --all shows the closed ones). Propose one: kith intro A B --why TEXT");
            } else {
                for i in &list {
                    println!("{}", intro_line(i, clock));
                }
            }
        }
        IntroCommand::Next { id } => {
            let mut store = open(path)?;
            let s = ops::intro::next(&mut store, id, clock)?;
            let i = &s.intro;
            let did = match i.step {
                crate::intro::Step::AskedFirst => {
                    format!("asked {} (logged a talk)", safe(&i.a))
                }
                crate::intro::Step::AskedSecond => {
                    format!("asked {} (logged a talk)", safe(&i.b))
                }
                _ => format!(
                    "introduced {} and {} (logged a give for both, linked them)",
                    safe(&i.a),
                    safe(&i.b)
                ),
            };
            println!("Introduction #{id}: {did}.");
            follow_up_line(i);
        }
        IntroCommand::Outcome { id, text } => {
            let mut store = open(path)?;
            let i = ops::intro::outcome(&mut store, id, &text, clock)?;
            println!(
                "Introduction #{id} of {}: {}.",
                safe(&i.pair()),
                safe(&i.status())
            );
        }
        IntroCommand::Drop { id, why } => {
            let mut store = open(path)?;
            let i = ops::intro::drop(&mut store, id, &why, clock)?;
            println!(
                "Introduction #{id} of {}: {}.",
                safe(&i.pair()),
                safe(&i.status())
            );
        }
    }
    Ok(())
}

/// `kith done ID` on the follow-up of an introduction's step takes the
/// next step (as `kith intro next`); false for any other follow-up, and for
/// a made introduction's (closed as a plain follow-up, with how to say how it went).
pub fn done_intro(
    store: &mut crate::store::Store,
    reminder_id: i64,
    clock: &Clock,
) -> Result<bool> {
    let Some(id) = intros::by_reminder(store.conn(), reminder_id)? else {
        return Ok(false);
    };
    let i = intros::get(store.conn(), id)?;
    if i.step == crate::intro::Step::Made {
        println!("Introduction #{id} is made; say how it went: kith intro outcome {id} TEXT");
        return Ok(false);
    }
    if !i.step.is_open() {
        return Ok(false);
    }
    let s = ops::intro::next(store, id, clock)?;
    println!(
        "Done: follow-up {reminder_id}, the step of introduction #{id}: it is now {}.",
        s.intro.step.label()
    );
    follow_up_line(&s.intro);
    Ok(true)
}

/// The open follow-up of an introduction, and what comes next.
fn follow_up_line(i: &Intro) {
    let Some((r, due)) = i.follow_up_id.zip(i.due_on) else {
        return;
    };
    let then = if i.step == crate::intro::Step::Made {
        format!("then: kith intro outcome {} \"how it went\"", i.id)
    } else {
        format!("when done: kith intro next {}", i.id)
    };
    println!(
        "Next: {} \u{2014} follow-up #{r} on {due}; {then}",
        safe(&i.next_action())
    );
}

fn intro_line(i: &Intro, clock: &Clock) -> String {
    let when = match i.due_on {
        Some(d) if i.step.is_open() && d < clock.today => format!("overdue since {d}"),
        Some(d) if i.step.is_open() => format!("due {d}"),
        _ if i.step.is_open() => "due now".to_string(),
        _ => String::new(),
    };
    let when = if when.is_empty() {
        when
    } else {
        format!(" {when}")
    };
    let next = if i.step.is_open() {
        format!(" \u{2014} next: {}", safe(&i.next_action()))
    } else {
        String::new()
    };
    let reason = i
        .reason
        .as_deref()
        .map(|r| format!("\n         why: {}", safe(r)))
        .unwrap_or_default();
    format!(
        "  #{:<5} {}  [{}]{when}{next}{reason}",
        i.id,
        safe(&i.pair()),
        safe(&i.status())
    )
}

/// The links, "also met at" and introductions of `kith show`.
pub fn print_person(p: &PersonDetail) {
    if !p.links.is_empty() || !p.also_met.is_empty() {
        println!("\nLinks");
        for l in &p.links {
            println!("  #{:<5} {}", l.id, safe(&l.sentence()));
        }
        for m in &p.also_met {
            println!("         {}", safe(&m.sentence()));
        }
    }
    if !p.intros.is_empty() {
        println!("\nIntroductions");
        for i in &p.intros {
            let next = if i.step.is_open() {
                format!(" \u{2014} next: {}", safe(&i.next_action()))
            } else {
                String::new()
            };
            println!(
                "  #{:<5} to {} [{}]{next}",
                i.id,
                safe(i.other(p.person.id)),
                safe(&i.status())
            );
        }
    }
}
