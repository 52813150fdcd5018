//! SQL for identity: the lookup keys of people and contact points, the facts
//! that decide who someone is, the blocks of people sharing a key, and the
//! pairs kept apart. The rule itself is in `crate::identity`.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;
use crate::identity::{name_keys, point_key, Facts};
use crate::model::ContactKind;
use crate::when::to_db;

/// Computes the keys of people and contact points written without them (by
/// an older path, or changed since). Run it in a write transaction before
/// looking anyone up; returns how many rows it filled in.
pub fn refresh_keys(c: &Connection) -> Result<usize> {
    let stale: Vec<(i64, String)> = {
        let mut st = c.prepare_cached("SELECT id, name FROM person WHERE name_key IS NULL")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut n = stale.len() + super::people::fill_sort_keys(c)?;
    {
        let mut up =
            c.prepare_cached("UPDATE person SET name_key = ?2, short_key = ?3 WHERE id = ?1")?;
        for (id, name) in stale {
            let (key, short) = name_keys(&name);
            up.execute(params![id, key, short])?;
        }
    }
    let points: Vec<(i64, String, String)> = {
        let mut st =
            c.prepare_cached("SELECT id, kind, value FROM contact_point WHERE norm IS NULL")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    n += points.len();
    let mut up = c.prepare_cached("UPDATE contact_point SET norm = ?2 WHERE id = ?1")?;
    for (id, kind, value) in points {
        let norm = ContactKind::parse(&kind)
            .map(|k| point_key(k, &value))
            .unwrap_or_default();
        up.execute(params![id, norm])?;
    }
    Ok(n)
}

/// Whether some rows still lack their keys (a read-only store cannot fill
/// them in; lookups then miss those rows).
pub fn keys_stale(c: &Connection) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM person WHERE name_key IS NULL)
                 OR EXISTS (SELECT 1 FROM contact_point WHERE norm IS NULL)",
    )?
    .query_row([], |r| r.get(0))?)
}

/// name, company, birthday, uid, uid source
type PersonRow = (
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
);

/// The facts of one person that decide identity.
pub fn facts(c: &Connection, id: i64) -> Result<Option<Facts>> {
    let row: Option<PersonRow> = c
        .prepare_cached(
            "SELECT name, company, birthday, uid, uid_source FROM person WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((name, company, birthday, uid, source)) = row else {
        return Ok(None);
    };
    let mut f = Facts {
        id,
        name,
        company,
        birthday,
        source_uid: source.map(|s| (s, uid)),
        ..Facts::default()
    };
    // Comparisons, not `kind IN (…)`: a list of three builds a temporary
    // table each time the statement runs, once per candidate of each card
    // an import reads (a fifth of this lookup).
    let mut st = c.prepare_cached(
        "SELECT kind, value, norm FROM contact_point
         WHERE person_id = ?1 AND (kind = 'email' OR kind = 'url' OR kind = 'social')",
    )?;
    let rows = st.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (kind, value, norm) = row?;
        let key = match norm {
            Some(k) => k,
            None => ContactKind::parse(&kind)
                .map(|k| point_key(k, &value))
                .unwrap_or_default(),
        };
        if key.starts_with("e:") {
            f.emails.push(key);
        } else if key.starts_with("u:") {
            f.profiles.push(key);
        }
    }
    Ok(Some(f))
}

/// People (not archived) with a contact point of this key (`e:…`, `u:…`).
pub fn with_point(c: &Connection, key: &str) -> Result<Vec<i64>> {
    let mut st = c.prepare_cached(
        "SELECT DISTINCT cp.person_id FROM contact_point cp JOIN person p ON p.id = cp.person_id
         WHERE cp.norm = ?1 AND p.archived_at IS NULL LIMIT 50",
    )?;
    let rows = st.query_map([key], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// People (not archived) whose name has this key; at most `limit`.
pub fn with_name_key(c: &Connection, key: &str, limit: usize) -> Result<Vec<i64>> {
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let mut st = c.prepare_cached(
        "SELECT id FROM person WHERE name_key = ?1 AND archived_at IS NULL ORDER BY id LIMIT ?2",
    )?;
    let rows = st.query_map(params![key, limit as i64], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many people (not archived) have this name key.
pub fn name_key_count(c: &Connection, key: &str) -> Result<usize> {
    if key.is_empty() {
        return Ok(0);
    }
    let n: i64 = c
        .prepare_cached("SELECT count(*) FROM person WHERE name_key = ?1 AND archived_at IS NULL")?
        .query_row([key], |r| r.get(0))?;
    Ok(n as usize)
}

/// People (not archived) whose family name and first initial are these.
pub fn with_short_key(c: &Connection, key: &str, limit: usize) -> Result<Vec<i64>> {
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let mut st = c.prepare_cached(
        "SELECT id FROM person WHERE short_key = ?1 AND archived_at IS NULL ORDER BY id LIMIT ?2",
    )?;
    let rows = st.query_map(params![key, limit as i64], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// People sharing a key, each with their folded company (name blocks only).
pub type Block = (BlockKind, Vec<(i64, String)>);

/// Every group of two or more people sharing a key: names, family name and
/// initial, emails and profile URLs. Read in key order off the key indexes
/// (no pairwise scan); each member comes with their company (folded; for
/// name blocks only), which splits a common name.
pub fn blocks(c: &Connection) -> Result<Vec<Block>> {
    let mut out = Vec::new();
    let sources: [(BlockKind, &str); 3] = [
        (
            BlockKind::Name,
            "SELECT name_key, id, company FROM person INDEXED BY person_name_company
             WHERE name_key <> '' AND archived_at IS NULL ORDER BY name_key",
        ),
        (
            BlockKind::Short,
            "SELECT short_key, id, NULL FROM person INDEXED BY person_short_key
             WHERE short_key <> '' AND archived_at IS NULL ORDER BY short_key",
        ),
        (
            BlockKind::Point,
            "SELECT norm, person_id, NULL FROM contact_point INDEXED BY contact_point_norm
             WHERE norm > '' ORDER BY norm, person_id",
        ),
    ];
    for (kind, sql) in sources {
        let mut st = c.prepare(sql)?;
        let mut rows = st.query([])?;
        let mut key = String::new();
        let mut group: Vec<(i64, String)> = Vec::new();
        let mut flush = |group: &mut Vec<(i64, String)>| {
            group.sort_unstable();
            group.dedup_by_key(|m| m.0);
            if group.len() > 1 {
                out.push((kind, std::mem::take(group)));
            } else {
                group.clear();
            }
        };
        while let Some(r) = rows.next()? {
            let k: String = r.get(0)?;
            let id: i64 = r.get(1)?;
            let company: Option<String> = r.get(2)?;
            if k != key {
                flush(&mut group);
                key = k;
            }
            let company = company
                .map(|co| crate::fold::fold(co.trim()))
                .unwrap_or_default();
            group.push((id, company));
        }
        flush(&mut group);
    }
    Ok(out)
}

/// What a block of people shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Name,
    Short,
    Point,
}

fn ordered(a: i64, b: i64) -> (i64, i64) {
    (a.min(b), a.max(b))
}

/// Remembers that `a` and `b` are two people.
pub fn keep_apart(c: &Connection, a: i64, b: i64, now: DateTime<Utc>) -> Result<()> {
    let (a, b) = ordered(a, b);
    c.prepare_cached("INSERT OR IGNORE INTO person_pair (a, b, decided_at) VALUES (?1, ?2, ?3)")?
        .execute(params![a, b, to_db(now)])?;
    Ok(())
}

pub fn kept_apart(c: &Connection, a: i64, b: i64) -> Result<bool> {
    let (a, b) = ordered(a, b);
    Ok(
        c.prepare_cached("SELECT EXISTS (SELECT 1 FROM person_pair WHERE a = ?1 AND b = ?2)")?
            .query_row(params![a, b], |r| r.get(0))?,
    )
}

/// Every pair kept apart.
pub fn kept_apart_pairs(c: &Connection) -> Result<HashSet<(i64, i64)>> {
    let mut st = c.prepare_cached("SELECT a, b FROM person_pair")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A merge keeps the duplicate's "keep apart" decisions for the person kept.
pub fn move_pairs(c: &Connection, keep: i64, drop: i64) -> Result<()> {
    c.prepare_cached(
        "INSERT OR IGNORE INTO person_pair (a, b, decided_at)
         SELECT min(?1, other), max(?1, other), decided_at FROM (
             SELECT CASE WHEN a = ?2 THEN b ELSE a END AS other, decided_at
             FROM person_pair WHERE a = ?2 OR b = ?2)
         WHERE other <> ?1",
    )?
    .execute(params![keep, drop])?;
    Ok(())
}

/// Where a person was last met, for telling them apart: an event's name or a
/// place, with the day when there is no event.
pub fn last_met(c: &Connection, id: i64) -> Result<Option<String>> {
    let row: Option<(Option<String>, Option<String>, String)> = c
        .prepare_cached(
            "SELECT e.name, m.place, m.met_on FROM meeting m LEFT JOIN event e ON e.id = m.event_id
             WHERE m.person_id = ?1 ORDER BY m.met_on DESC, m.id DESC LIMIT 1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    Ok(row.map(|(event, place, on)| match (event, place) {
        (Some(e), _) => format!("met at {e}"),
        (None, Some(p)) => format!("met at {p} on {on}"),
        (None, None) => format!("met on {on}"),
    }))
}

/// A field of a person a merge may take from the duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Company,
    Title,
    Birthday,
}

/// Gives `keep` the duplicate's value of a field (before a merge).
pub fn take_field(c: &Connection, keep: i64, drop: i64, field: Field) -> Result<()> {
    // One fixed statement per field: no column name is ever formatted into SQL.
    let sql = match field {
        Field::Name => {
            "UPDATE person SET (name, name_key, short_key) =
                 (SELECT name, name_key, short_key FROM person WHERE id = ?2) WHERE id = ?1"
        }
        Field::Company => {
            "UPDATE person SET company = (SELECT company FROM person WHERE id = ?2) WHERE id = ?1"
        }
        Field::Title => {
            "UPDATE person SET title = (SELECT title FROM person WHERE id = ?2) WHERE id = ?1"
        }
        Field::Birthday => {
            "UPDATE person SET birthday = (SELECT birthday FROM person WHERE id = ?2) WHERE id = ?1"
        }
    };
    c.prepare_cached(sql)?.execute(params![keep, drop])?;
    Ok(())
}

/// How many notes a person has.
pub fn note_count(c: &Connection, id: i64) -> Result<i64> {
    Ok(
        c.prepare_cached("SELECT count(*) FROM note WHERE person_id = ?1")?
            .query_row([id], |r| r.get(0))?,
    )
}
