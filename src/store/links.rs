//! Links between people (`person_link`), and who else was met at the same
//! events (computed from meetings, never stored).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::links::{AlsoMet, Link, LinkKind};
use crate::when::to_db;

/// A link to write: `a` and `b` as typed, already swapped for "introduced to".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLink {
    pub a: i64,
    pub b: i64,
    pub kind: LinkKind,
    pub context: Option<String>,
}

impl NewLink {
    /// The pair as stored: symmetric kinds with the smaller id first.
    fn stored(&self) -> (i64, i64) {
        if self.kind.symmetric() {
            (self.a.min(self.b), self.a.max(self.b))
        } else {
            (self.a, self.b)
        }
    }
}

/// Adds a link; `None` when the same link is already there.
pub fn insert(c: &Connection, l: &NewLink, now: DateTime<Utc>) -> Result<Option<i64>> {
    let (a, b) = l.stored();
    let context = l
        .context
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let n = c
        .prepare_cached(
            "INSERT OR IGNORE INTO person_link (a, b, kind, label, context, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            a,
            b,
            l.kind.as_db(),
            l.kind.label(),
            context,
            to_db(now)
        ])?;
    Ok((n > 0).then(|| c.last_insert_rowid()))
}

/// Removes the links between two people: of one kind (as typed, `a` and `b`
/// already swapped for "introduced to"), or every kind. Answers how many.
pub fn delete_between(c: &Connection, x: i64, y: i64, kind: Option<&LinkKind>) -> Result<usize> {
    Ok(match kind {
        Some(k) => {
            let l = NewLink {
                a: x,
                b: y,
                kind: k.clone(),
                context: None,
            };
            let (a, b) = l.stored();
            c.prepare_cached(
                "DELETE FROM person_link WHERE a = ?1 AND b = ?2 AND kind = ?3
                 AND coalesce(label, '') = coalesce(?4, '') COLLATE NOCASE",
            )?
            .execute(params![a, b, k.as_db(), k.label()])?
        }
        None => c
            .prepare_cached(
                "DELETE FROM person_link WHERE (a = ?1 AND b = ?2) OR (a = ?2 AND b = ?1)",
            )?
            .execute(params![x, y])?,
    })
}

/// A person's links, each read from their side, by the other's name.
pub fn for_person(c: &Connection, id: i64) -> Result<Vec<Link>> {
    let mut st = c.prepare_cached(
        "SELECT l.id, l.a, l.b, l.kind, l.label, l.context, substr(l.created_at, 1, 10), p.name
         FROM person_link l JOIN person p ON p.id = CASE WHEN l.a = ?1 THEN l.b ELSE l.a END
         WHERE l.a = ?1 OR l.b = ?1
         ORDER BY l.kind = 'introduced_by' DESC, p.sort_key, p.id, l.id",
    )?;
    let rows = st.query_map([id], |r| {
        let a: i64 = r.get(1)?;
        let b: i64 = r.get(2)?;
        let kind = LinkKind::from_db(&r.get::<_, String>(3)?, r.get(4)?);
        let outgoing = a == id;
        Ok(Link {
            id: r.get(0)?,
            person_id: if outgoing { b } else { a },
            person: r.get(7)?,
            phrase: kind.phrase(outgoing),
            kind: kind.as_db().to_string(),
            outgoing,
            context: r.get(5)?,
            since: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether two people are linked in any way.
pub fn linked(c: &Connection, x: i64, y: i64) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM person_link WHERE (a = ?1 AND b = ?2) OR (a = ?2 AND b = ?1))",
    )?
    .query_row(params![x, y], |r| r.get(0))?)
}

/// Whether two people are already introduced: a link says so (introduced
/// by the one or the other, or to each other by you), or an introduction
/// between them is under way or made (not dropped).
pub fn introduced(c: &Connection, x: i64, y: i64) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM person_link
                        WHERE ((a = ?1 AND b = ?2) OR (a = ?2 AND b = ?1))
                          AND kind IN ('introduced_by', 'introduced'))
             OR EXISTS (SELECT 1 FROM intro
                        WHERE ((a = ?1 AND b = ?2) OR (a = ?2 AND b = ?1)) AND step <> 'dropped')",
    )?
    .query_row(params![x, y], |r| r.get(0))?)
}

/// On a merge: the duplicate's links become the kept person's (a link
/// between the two goes, a link both had is not doubled). Run before the
/// duplicate is deleted, in the merge's transaction. Answers how many moved.
pub fn move_to(c: &Connection, keep: i64, drop: i64) -> Result<usize> {
    let moved = c
        .prepare_cached(
            "INSERT OR IGNORE INTO person_link (a, b, kind, label, context, created_at)
             SELECT CASE WHEN kind IN ('introduced_by', 'other') THEN na ELSE min(na, nb) END,
                    CASE WHEN kind IN ('introduced_by', 'other') THEN nb ELSE max(na, nb) END,
                    kind, label, context, created_at
             FROM (SELECT CASE WHEN a = ?2 THEN ?1 ELSE a END AS na,
                          CASE WHEN b = ?2 THEN ?1 ELSE b END AS nb,
                          kind, label, context, created_at
                   FROM person_link WHERE a = ?2 OR b = ?2)
             WHERE na <> nb",
        )?
        .execute(params![keep, drop])?;
    c.prepare_cached("DELETE FROM person_link WHERE a = ?1 OR b = ?1")?
        .execute([drop])?;
    Ok(moved)
}

/// The events a person was met at, newest first (at most `events`), each
/// with a few of the others met there (`per_event`, by name) and how many.
/// Archived people are left out.
pub fn also_met(c: &Connection, id: i64, events: usize, per_event: usize) -> Result<Vec<AlsoMet>> {
    let list: Vec<(i64, String)> = c
        .prepare_cached(
            "SELECT e.id, e.name FROM meeting m JOIN event e ON e.id = m.event_id
             WHERE m.person_id = ?1 GROUP BY e.id ORDER BY max(e.starts_on) DESC, e.id DESC LIMIT ?2",
        )?
        .query_map(params![id, events as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (event_id, event) in list {
        let people: Vec<String> = c
            .prepare_cached(
                "SELECT p.name FROM person p
                 WHERE p.id IN (SELECT person_id FROM meeting WHERE event_id = ?1 AND person_id <> ?2)
                   AND p.archived_at IS NULL
                 ORDER BY p.sort_key, p.id LIMIT ?3",
            )?
            .query_map(params![event_id, id, per_event as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if people.is_empty() {
            continue;
        }
        let count: i64 = c
            .prepare_cached(
                "SELECT count(*) FROM person p
                 WHERE p.id IN (SELECT person_id FROM meeting WHERE event_id = ?1 AND person_id <> ?2)
                   AND p.archived_at IS NULL",
            )?
            .query_row(params![event_id, id], |r| r.get(0))?;
        out.push(AlsoMet {
            event_id,
            event,
            people,
            count: count as usize,
        });
    }
    Ok(out)
}

// ---- export and import ---------------------------------------------------

/// A link as a dump carries it: the people by uid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkData {
    pub a: String,
    pub b: String,
    pub kind: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub context: Option<String>,
    pub created_at: String,
}

/// Every link, in the order they were made.
pub fn all(c: &Connection) -> Result<Vec<LinkData>> {
    let mut st = c.prepare_cached(
        "SELECT pa.uid, pb.uid, l.kind, l.label, l.context, l.created_at
         FROM person_link l JOIN person pa ON pa.id = l.a JOIN person pb ON pb.id = l.b
         ORDER BY l.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(LinkData {
            a: r.get(0)?,
            b: r.get(1)?,
            kind: r.get(2)?,
            label: r.get(3)?,
            context: r.get(4)?,
            created_at: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The person a uid names here: their own uid, or one merged into them.
pub fn person_by_uid(c: &Connection, uid: &str) -> Result<Option<i64>> {
    Ok(c.prepare_cached(
        "SELECT id FROM person WHERE uid = ?1
         UNION ALL SELECT person_id FROM person_alias WHERE uid = ?1 LIMIT 1",
    )?
    .query_row([uid], |r| r.get(0))
    .optional()?)
}

/// Writes a link of a dump with its stored time; `false` when it was there.
pub fn insert_data(c: &Connection, a: i64, b: i64, l: &LinkData) -> Result<bool> {
    let kind = LinkKind::from_db(&l.kind, l.label.clone());
    let (a, b) = if kind.symmetric() {
        (a.min(b), a.max(b))
    } else {
        (a, b)
    };
    Ok(c.prepare_cached(
        "INSERT OR IGNORE INTO person_link (a, b, kind, label, context, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        a,
        b,
        kind.as_db(),
        kind.label(),
        l.context,
        l.created_at
    ])? > 0)
}

/// Removes one link; answers how many rows went (0 or 1).
pub fn delete_id(c: &Connection, id: i64) -> Result<usize> {
    Ok(c.prepare_cached("DELETE FROM person_link WHERE id = ?1")?
        .execute([id])?)
}

/// The two people of a link.
pub fn people_of(c: &Connection, id: i64) -> Result<Option<(i64, i64)>> {
    Ok(
        c.prepare_cached("SELECT a, b FROM person_link WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
    )
}
