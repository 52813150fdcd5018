//! The duplicates review: every pair of people who may be one, found through
//! the key indexes (people sharing a name, a family name and initial, an
//! email or a profile URL) rather than by comparing everyone with everyone.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde::Serialize;

use super::{score, Facts, Reason};
use crate::error::{Error, Result};
use crate::store::identity::{self as db, BlockKind};
use crate::store::Store;

/// A key shared by more people than this says little (a common name, a
/// role address): such a block only yields pairs that also share a company,
/// and only in groups of at most [`SMALL_GROUP`].
pub const BLOCK_LIMIT: usize = 6;
pub const SMALL_GROUP: usize = 3;

/// Two people who may be one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub a: i64,
    pub b: i64,
    pub reasons: Vec<Reason>,
    pub confidence: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Review {
    /// Most likely first.
    pub pairs: Vec<Pair>,
    /// People left out because the key they share is too common.
    pub common: usize,
}

/// Fills in missing keys when the store can be written; a read-only store is
/// reviewed with what it has.
pub fn refresh(store: &mut Store) -> Result<()> {
    // Reading first: no write transaction when every key is there.
    if !db::keys_stale(store.conn())? {
        return Ok(());
    }
    match store.maintain(|tx| db::refresh_keys(tx)) {
        Ok(_) => Ok(()),
        Err(Error::Unwritable(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

struct FactsCache<'c> {
    c: &'c Connection,
    cache: HashMap<i64, Facts>,
}

impl FactsCache<'_> {
    fn get(&mut self, id: i64) -> Result<Option<&Facts>> {
        if !self.cache.contains_key(&id) {
            match db::facts(self.c, id)? {
                Some(f) => {
                    self.cache.insert(id, f);
                }
                None => return Ok(None),
            }
        }
        Ok(self.cache.get(&id))
    }
}

/// Every candidate pair at or above `min_confidence`, each once, most
/// likely first; pairs kept apart are left out.
pub fn candidates(c: &Connection, min_confidence: f64) -> Result<Review> {
    let mut review = Review::default();
    // Each pair with the size of the smallest block it was found in.
    let mut found: HashMap<(i64, i64), usize> = HashMap::new();
    let mut add_pairs = |ids: &[i64], block: usize| {
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                let key = (*a.min(b), *a.max(b));
                let e = found.entry(key).or_insert(block);
                *e = (*e).min(block);
            }
        }
    };
    let mut common: HashSet<i64> = HashSet::new();
    for (kind, members) in db::blocks(c)? {
        let ids: Vec<i64> = members.iter().map(|m| m.0).collect();
        if ids.len() <= BLOCK_LIMIT {
            add_pairs(&ids, ids.len());
            continue;
        }
        if kind != BlockKind::Name {
            common.extend(ids);
            continue;
        }
        // A common name: only people who also share a company, in small groups.
        let mut by_company: HashMap<&str, Vec<i64>> = HashMap::new();
        for (id, co) in &members {
            if co.is_empty() {
                common.insert(*id);
            } else {
                by_company.entry(co.as_str()).or_default().push(*id);
            }
        }
        for group in by_company.values() {
            if group.len() > 1 && group.len() <= SMALL_GROUP {
                add_pairs(group, ids.len());
            } else {
                common.extend(group);
            }
        }
    }
    review.common = common.len();
    let kept = db::kept_apart_pairs(c)?;
    let mut facts = FactsCache {
        c,
        cache: HashMap::new(),
    };
    for ((a, b), block) in found {
        if kept.contains(&(a, b)) {
            continue;
        }
        let Some(fa) = facts.get(a)?.cloned() else {
            continue;
        };
        let Some(fb) = facts.get(b)? else { continue };
        if let Some(cand) = score(&fa, fb, block) {
            if cand.confidence >= min_confidence {
                review.pairs.push(Pair {
                    a,
                    b,
                    reasons: cand.reasons,
                    confidence: cand.confidence,
                });
            }
        }
    }
    review.pairs.sort_by(|x, y| {
        y.confidence
            .total_cmp(&x.confidence)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    Ok(review)
}
