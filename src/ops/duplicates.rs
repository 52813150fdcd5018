//! Folding duplicates together and keeping look-alikes apart: `kith merge`,
//! `kith duplicates` and the TUI's merge picker and Duplicates view. Each merge
//! is one transaction, remembered so a re-import lands on the person kept.

use std::collections::HashMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::identity::review::{candidates, refresh};
use crate::identity::{score, veto};
use crate::store::identity::{self as db, Field};
use crate::store::merge::{self, Merged};
use crate::store::Store;
use crate::when::Clock;

/// Folds `duplicate` into `keep` in one transaction, remembered like every
/// merge; the fields in `take` get the duplicate's value where the two differ.
pub fn merge_people(
    store: &mut Store,
    keep: i64,
    duplicate: i64,
    take: &[Field],
    clock: &Clock,
) -> Result<Merged> {
    if keep == duplicate {
        return Err(Error::Invalid(
            "that is the same person; name the duplicate to fold in".into(),
        ));
    }
    let label = format!(
        "Merged {} into {}",
        super::name_of(store, duplicate),
        super::name_of(store, keep)
    );
    store.change(&label, |tx| {
        for f in take {
            db::take_field(tx, keep, duplicate, *f)?;
        }
        merge::merge(tx, keep, duplicate, clock.now)
    })
}

/// Remembers that two people are two: never proposed again.
pub fn keep_apart(store: &mut Store, a: i64, b: i64, clock: &Clock) -> Result<()> {
    if a == b {
        return Err(Error::Invalid(
            "that is one person; name two to keep apart".into(),
        ));
    }
    let label = format!(
        "Kept {} and {} apart",
        super::name_of(store, a),
        super::name_of(store, b)
    );
    store.change(&label, |tx| {
        for id in [a, b] {
            if db::facts(tx, id)?.is_none() {
                return Err(Error::NotFound { what: "person", id });
            }
        }
        db::keep_apart(tx, a, b, clock.now)
    })
}

/// What merging every pair above a confidence did (or would do).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MergedAll {
    /// (kept, folded in) per merge, in the order done.
    pub merged: Vec<(i64, i64)>,
    /// Pairs no longer one person once others were merged (a merge brought
    /// in a conflicting fact), or already merged.
    pub skipped: usize,
}

/// Merges every candidate pair at or above `min_confidence`, most likely
/// first, as one undo step; each pair in its own transaction and remembered
/// like every merge. The older person is kept. Each pair is checked again
/// just before its merge, against what earlier merges made. With `dry_run`,
/// nothing is written.
pub fn merge_all(
    store: &mut Store,
    min_confidence: f64,
    dry_run: bool,
    clock: &Clock,
) -> Result<MergedAll> {
    if dry_run {
        return merge_each(store, min_confidence, true, clock);
    }
    store.as_one_step("Merged likely duplicates", |store| {
        refresh(store)?;
        merge_each(store, min_confidence, false, clock)
    })
}

fn merge_each(
    store: &mut Store,
    min_confidence: f64,
    dry_run: bool,
    clock: &Clock,
) -> Result<MergedAll> {
    let review = candidates(store.conn(), min_confidence)?;
    let mut out = MergedAll::default();
    // Who each folded-in person now is.
    let mut now_in: HashMap<i64, i64> = HashMap::new();
    let resolve = |m: &HashMap<i64, i64>, mut id: i64| {
        while let Some(next) = m.get(&id) {
            id = *next;
        }
        id
    };
    for p in review.pairs {
        let (a, b) = (resolve(&now_in, p.a), resolve(&now_in, p.b));
        if a == b {
            out.skipped += 1;
            continue;
        }
        let (keep, drop) = (a.min(b), a.max(b));
        let done = dry_run
            || store.write(|tx| {
                let (Some(fk), Some(fd)) = (db::facts(tx, keep)?, db::facts(tx, drop)?) else {
                    return Ok(false);
                };
                if db::kept_apart(tx, keep, drop)? {
                    return Ok(false);
                }
                match score(&fk, &fd, 2) {
                    Some(c) if veto(&fk, &fd).is_none() && !c.reasons.is_empty() => {
                        merge::merge(tx, keep, drop, clock.now)?;
                        Ok(true)
                    }
                    _ => Ok(false),
                }
            })?;
        if done {
            out.merged.push((keep, drop));
            now_in.insert(drop, keep);
        } else {
            out.skipped += 1;
        }
    }
    Ok(out)
}
