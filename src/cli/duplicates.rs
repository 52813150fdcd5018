//! `kith duplicates`: the review of people who may be one person.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use super::args::DuplicatesArgs;
use super::print::{json, safe};
use crate::error::Error;
use crate::identity::review::{self, Pair};
use crate::identity::Reason;
use crate::resolve;
use crate::store::{people, Store};
use crate::when::Clock;

#[derive(Serialize)]
struct Side {
    id: i64,
    name: String,
    company: Option<String>,
}

#[derive(Serialize)]
struct PairOut {
    a: Side,
    b: Side,
    reasons: Vec<Reason>,
    confidence: f64,
}

fn side(store: &Store, id: i64) -> Result<Side, Error> {
    let p = people::get_person(store.conn(), id)?;
    Ok(Side {
        id,
        name: p.name,
        company: p.company,
    })
}

pub fn run(a: DuplicatesArgs, path: &Path, clock: &Clock) -> Result<()> {
    if !(0.0..=1.0).contains(&a.min_confidence) {
        return Err(Error::Invalid(format!(
            "--min-confidence {} is not between 0 and 1",
            a.min_confidence
        ))
        .into());
    }
    let mut store = Store::open(path)?;
    if let [x, y] = a.keep_apart.as_slice() {
        let (x, y) = (
            resolve::person(store.conn(), x)?,
            resolve::person(store.conn(), y)?,
        );
        crate::ops::duplicates::keep_apart(&mut store, x, y, clock)?;
        println!(
            "Keeping {} and {} apart: they will not be proposed as one again.",
            safe(&people::label(store.conn(), x)?),
            safe(&people::label(store.conn(), y)?)
        );
        return Ok(());
    }
    if a.merge_all {
        let done =
            crate::ops::duplicates::merge_all(&mut store, a.min_confidence, a.dry_run, clock)?;
        let verb = if a.dry_run { "Would merge" } else { "Merged" };
        println!(
            "{verb} {} pair(s) at confidence {} or more; {} left as they are.",
            done.merged.len(),
            a.min_confidence,
            done.skipped
        );
        if a.dry_run {
            for (keep, drop) in done.merged.iter().take(50) {
                println!(
                    "  {}  \u{2190}  {}",
                    safe(&people::label(store.conn(), *keep)?),
                    safe(&people::label(store.conn(), *drop)?)
                );
            }
        }
        return Ok(());
    }
    review::refresh(&mut store)?;
    let found = review::candidates(store.conn(), a.min_confidence)?;
    if a.json {
        let out = found
            .pairs
            .iter()
            .map(|p| {
                Ok(PairOut {
                    a: side(&store, p.a)?,
                    b: side(&store, p.b)?,
                    reasons: p.reasons.clone(),
                    confidence: p.confidence,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        println!("{}", json(&out)?);
        return Ok(());
    }
    print_pairs(&store, &found.pairs, found.common)
}

fn print_pairs(store: &Store, pairs: &[Pair], common: usize) -> Result<()> {
    // A closed pipe (`| head`) must not panic: write errors end the listing.
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if pairs.is_empty() {
        let _ = writeln!(out, "No likely duplicates.");
    }
    for p in pairs {
        let reasons: Vec<&str> = p.reasons.iter().map(|r| r.text()).collect();
        let line = format!(
            "{:.2}  {}  \u{21c4}  {}  \u{2014} {}",
            p.confidence,
            safe(&people::label(store.conn(), p.a)?),
            safe(&people::label(store.conn(), p.b)?),
            reasons.join(", ")
        );
        if writeln!(out, "{line}").is_err() {
            return Ok(());
        }
    }
    if !pairs.is_empty() {
        let _ = writeln!(
            out,
            "{} pair(s). Merge one: kith merge #A #B · keep apart: kith duplicates --keep-apart #A #B\n\
             Merge all at a confidence: kith duplicates --merge-all --min-confidence 0.9 [--dry-run]",
            pairs.len()
        );
    }
    if common > 0 {
        let _ = writeln!(
            out,
            "{common} people share a name or address with many others and are only paired when the company matches too."
        );
    }
    Ok(())
}
