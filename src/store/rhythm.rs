//! The configured rhythms, copied into the store so that each person's
//! reconnect day (`person_touch.every`, `reconnect_on`) follows them through
//! triggers. When the config's rules differ from the copy, the copy is
//! replaced and every person recomputed in one transaction.

use rusqlite::{params, Connection};

use super::Store;
use crate::error::Result;
use crate::reconnect::CadenceRules;

/// The rules as the store keeps them: tags once each (ASCII case folded, the
/// shortest rhythm kept), sorted; only positive days.
fn normalized(rules: &CadenceRules) -> CadenceRules {
    let mut tags: Vec<(String, i64)> = Vec::new();
    for (tag, days) in rules.tags.iter().filter(|(_, d)| *d > 0) {
        match tags.iter_mut().find(|(t, _)| t.eq_ignore_ascii_case(tag)) {
            Some((_, d)) => *d = (*d).min(*days),
            None => tags.push((tag.clone(), *days)),
        }
    }
    tags.sort_by_key(|(t, _)| t.to_ascii_lowercase());
    CadenceRules {
        default_days: rules.default_days.filter(|d| *d > 0),
        met_days: rules.met_days.filter(|d| *d > 0),
        tags,
    }
}

/// The rules the store's reconnect days follow now.
pub fn stored(c: &Connection) -> Result<CadenceRules> {
    let (default_days, met_days) = c
        .prepare_cached("SELECT default_days, met_days FROM rhythm_setting WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let tags = c
        .prepare_cached("SELECT tag, days FROM rhythm_tag ORDER BY tag")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(String, i64)>>>()?;
    Ok(CadenceRules {
        default_days,
        met_days,
        tags,
    })
}

/// Whether the store's reconnect days follow `rules`: then Today may read
/// them from the index.
pub fn follows(c: &Connection, rules: &CadenceRules) -> Result<bool> {
    let want = normalized(rules);
    let have = stored(c)?;
    Ok(want.default_days == have.default_days
        && want.met_days == have.met_days
        && want.tags.len() == have.tags.len()
        && want
            .tags
            .iter()
            .zip(&have.tags)
            .all(|((a, x), (b, y))| a.eq_ignore_ascii_case(b) && x == y))
}

/// Replaces the stored rules and recomputes every person's rhythm and reconnect day.
pub fn replace(c: &Connection, rules: &CadenceRules) -> Result<()> {
    let rules = normalized(rules);
    c.prepare_cached("UPDATE rhythm_setting SET default_days = ?1, met_days = ?2 WHERE id = 1")?
        .execute(params![rules.default_days, rules.met_days])?;
    c.prepare_cached("DELETE FROM rhythm_tag")?.execute([])?;
    let mut add = c.prepare_cached("INSERT INTO rhythm_tag (tag, days) VALUES (?1, ?2)")?;
    for (tag, days) in &rules.tags {
        add.execute(params![tag, days])?;
    }
    c.prepare_cached(
        "UPDATE person_touch SET (every, reconnect_on) =
             (SELECT every, reconnect_on FROM person_reconnect_doc d WHERE d.person_id = person_touch.person_id)",
    )?
    .execute([])?;
    Ok(())
}

impl Store {
    /// Makes the store's reconnect days follow `rules` (the config's), in one
    /// transaction, when they do not already. Returns whether they follow
    /// them: a store opened for reading only keeps the rules it has, and
    /// Today then ranks everyone itself.
    pub fn follow_rhythm_rules(&mut self, rules: &CadenceRules) -> Result<bool> {
        if follows(self.conn(), rules)? {
            return Ok(true);
        }
        if self.unwritable().is_some() {
            return Ok(false);
        }
        // A copy of the config, not a change of the user's: no undo step.
        self.maintain(|tx| {
            // Another process may have written the same rules meanwhile.
            if !follows(tx, rules)? {
                replace(tx, rules)?;
            }
            Ok(())
        })?;
        Ok(true)
    }
}
