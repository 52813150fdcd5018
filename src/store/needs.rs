//! Needs and offers in the store: the mark on a learned note, and the
//! matches between open needs and other people's offers, kept as derived
//! data. Triggers (migration 0013) queue every marked note that changes in
//! `need_stale`; [`refresh`] computes those notes' words and matches again
//! before the same transaction commits, so Today reads matches by index.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::needs::{self, Mark, Marked, Match};

/// The best offers kept for each open need.
pub const MATCHES_PER_NEED: usize = 5;
/// At most this many notes are read per shared word when looking for
/// candidates (the newest): a word thousands of notes use says little.
const CANDIDATES_PER_WORD: i64 = 2_000;
/// Of those, the ones sharing the most words (newest first among equals)
/// are scored exactly: this many offers for a need, and four times as many
/// needs for an offer (each need keeping its best).
const EXAMINED: usize = 50;

/// Sets (or clears, with `None`) the mark of a note, reopening a need.
pub fn set_mark(c: &Connection, note_id: i64, mark: Option<Mark>) -> Result<()> {
    let n = c
        .prepare_cached("UPDATE note SET mark = ?2, need_met_on = NULL WHERE id = ?1")?
        .execute(params![note_id, mark.map(Mark::as_str)])?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "note",
            id: note_id,
        });
    }
    Ok(())
}

/// Marks a need met on `on` (or open again with `None`).
pub fn set_met(c: &Connection, note_id: i64, on: Option<NaiveDate>) -> Result<()> {
    let n = c
        .prepare_cached("UPDATE note SET need_met_on = ?2 WHERE id = ?1")?
        .execute(params![note_id, on.map(|d| d.to_string())])?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "note",
            id: note_id,
        });
    }
    Ok(())
}

/// A note's person, kind, body, mark and met day, as stored.
type NoteRow = (i64, String, String, Option<String>, Option<String>);

fn note_row(c: &Connection, note_id: i64) -> Result<Option<NoteRow>> {
    Ok(
        c.prepare_cached(
            "SELECT person_id, kind, body, mark, need_met_on FROM note WHERE id = ?1",
        )?
        .query_row([note_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?,
    )
}

/// A note's kind and mark; `None` when there is no such note.
pub fn get(c: &Connection, note_id: i64) -> Result<Option<(String, Option<Marked>)>> {
    Ok(
        note_row(c, note_id)?.map(|(person_id, kind, body, mark, met)| {
            let marked = mark.as_deref().and_then(Mark::parse).map(|mark| Marked {
                note_id,
                person_id,
                mark,
                body,
                met_on: met.and_then(|d| d.parse().ok()),
            });
            (kind, marked)
        }),
    )
}

/// The note of the person named `name` with this text, if any (the demo's).
pub fn note_of(c: &Connection, name: &str, body: &str) -> Result<Option<i64>> {
    Ok(c.prepare_cached(
        "SELECT n.id FROM note n JOIN person p ON p.id = n.person_id
         WHERE p.name = ?1 AND n.body = ?2 ORDER BY n.id LIMIT 1",
    )?
    .query_row(params![name, body], |r| r.get(0))
    .optional()?)
}

/// The first person with exactly this name, if any (the demo's).
pub fn person_named(c: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(
        c.prepare_cached("SELECT id FROM person WHERE name = ?1 ORDER BY id LIMIT 1")?
            .query_row([name], |r| r.get(0))
            .optional()?,
    )
}

/// The marked notes of a person, newest first.
pub fn for_person(c: &Connection, person_id: i64) -> Result<Vec<Marked>> {
    let mut st = c.prepare_cached(
        "SELECT id, mark, body, need_met_on FROM note
         WHERE person_id = ?1 AND mark IS NOT NULL AND kind = 'learned'
         ORDER BY happened_at DESC, id DESC",
    )?;
    let rows = st.query_map([person_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (note_id, mark, body, met) = row?;
        if let Some(mark) = Mark::parse(&mark) {
            out.push(Marked {
                note_id,
                person_id,
                mark,
                body,
                met_on: met.and_then(|d| d.parse().ok()),
            });
        }
    }
    Ok(out)
}

/// Whether two people already know each other through Kith: linked in any
/// way, or an introduction between them proposed, under way or made (not
/// dropped). The one place that decides it; such pairs are left out when
/// matches are computed, and triggers (migration 0019) match both people's
/// notes again when a link or an introduction comes or goes.
pub fn already_linked(c: &Connection, a: i64, b: i64) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM person_link WHERE a = ?1 AND b = ?2)
             OR EXISTS (SELECT 1 FROM person_link WHERE a = ?2 AND b = ?1)
             OR EXISTS (SELECT 1 FROM intro WHERE a = ?1 AND b = ?2 AND step <> 'dropped')
             OR EXISTS (SELECT 1 FROM intro WHERE a = ?2 AND b = ?1 AND step <> 'dropped')",
    )?
    .query_row(params![a, b], |r| r.get(0))?)
}

/// Computes again the words and matches of every queued note. Called by the
/// store before each write transaction commits.
pub fn refresh(c: &Connection) -> Result<()> {
    let stale: Vec<i64> = {
        let mut st = c.prepare_cached("SELECT note_id FROM need_stale ORDER BY note_id")?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if stale.is_empty() {
        return Ok(());
    }
    for &id in &stale {
        forget(c, id)?;
    }
    for &id in &stale {
        compute(c, id)?;
    }
    c.prepare_cached("DELETE FROM need_stale")?.execute([])?;
    Ok(())
}

/// Whether any marked note waits to be matched.
pub fn any_stale(c: &Connection) -> Result<bool> {
    Ok(
        c.prepare_cached("SELECT EXISTS (SELECT 1 FROM need_stale)")?
            .query_row([], |r| r.get(0))?,
    )
}

fn forget(c: &Connection, note_id: i64) -> Result<()> {
    c.prepare_cached("DELETE FROM need_word WHERE note_id = ?1")?
        .execute([note_id])?;
    c.prepare_cached("DELETE FROM need_match WHERE need_id = ?1")?
        .execute([note_id])?;
    c.prepare_cached("DELETE FROM need_match WHERE offer_id = ?1")?
        .execute([note_id])?;
    Ok(())
}

/// An open need or offer: a learned note, marked, and (a need) not met.
fn open_marked(c: &Connection, note_id: i64) -> Result<Option<(i64, Mark, String)>> {
    Ok(
        note_row(c, note_id)?.and_then(|(person, kind, body, mark, met)| {
            let mark = Mark::parse(mark.as_deref()?)?;
            let open = kind == "learned" && !(mark == Mark::Need && met.is_some());
            open.then_some((person, mark, body))
        }),
    )
}

/// The person of a note, when they are not archived.
fn person_of(c: &Connection, note_id: i64) -> Result<Option<i64>> {
    Ok(c.prepare_cached(
        "SELECT n.person_id FROM note n JOIN person p ON p.id = n.person_id
             WHERE n.id = ?1 AND p.archived_at IS NULL",
    )?
    .query_row([note_id], |r| r.get(0))
    .optional()?)
}

fn words_of(c: &Connection, note_id: i64) -> Result<Vec<String>> {
    let mut st = c.prepare_cached("SELECT word FROM need_word WHERE note_id = ?1")?;
    let rows = st.query_map([note_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The notes on `side` sharing a word with `words`, by how many they share.
fn candidates(c: &Connection, side: Mark, words: &[String]) -> Result<Vec<i64>> {
    let mut shared: HashMap<i64, usize> = HashMap::new();
    let mut st = c.prepare_cached(
        "SELECT note_id FROM need_word WHERE side = ?1 AND word = ?2 ORDER BY note_id DESC LIMIT ?3",
    )?;
    for w in words {
        let rows = st.query_map(params![side.as_str(), w, CANDIDATES_PER_WORD], |r| {
            r.get::<_, i64>(0)
        })?;
        for id in rows {
            *shared.entry(id?).or_default() += 1;
        }
    }
    let mut ids: Vec<(i64, usize)> = shared.into_iter().collect();
    ids.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
    Ok(ids.into_iter().map(|(id, _)| id).collect())
}

fn insert_match(
    c: &Connection,
    need: (i64, i64),
    offer: (i64, i64),
    score: f64,
    shared: &[String],
) -> Result<()> {
    c.prepare_cached(
        "INSERT OR REPLACE INTO need_match (need_id, offer_id, need_person, offer_person, score, shared)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![need.0, offer.0, need.1, offer.1, score, shared.join(" ")])?;
    Ok(())
}

/// Words and matches of one note, from scratch (its old ones are gone).
fn compute(c: &Connection, note_id: i64) -> Result<()> {
    let Some((person, mark, words)) = store_words(c, note_id)? else {
        return Ok(());
    };
    match mark {
        Mark::Need => match_need(c, note_id, person, &words),
        Mark::Offer => match_offer(c, note_id, person, &words),
    }
}

/// Stores the words of an open need or offer of someone not archived, and
/// answers its person, mark and words; `None` for any other note.
fn store_words(c: &Connection, note_id: i64) -> Result<Option<(i64, Mark, Vec<String>)>> {
    let Some((person, mark, body)) = open_marked(c, note_id)? else {
        return Ok(None);
    };
    if person_of(c, note_id)?.is_none() {
        return Ok(None); // archived: matched again when restored
    }
    let words = needs::words(&body);
    let mut st = c.prepare_cached(
        "INSERT OR IGNORE INTO need_word (side, word, note_id) VALUES (?1, ?2, ?3)",
    )?;
    for w in &words {
        st.execute(params![mark.as_str(), w, note_id])?;
    }
    Ok(Some((person, mark, words)))
}

/// A need's best offers, among those sharing the most words with it.
fn match_need(c: &Connection, note_id: i64, person: i64, words: &[String]) -> Result<()> {
    let mut found: Vec<(f64, i64, i64, Vec<String>)> = Vec::new();
    for offer in candidates(c, Mark::Offer, words)?
        .into_iter()
        .take(EXAMINED)
    {
        let Some(offer_person) = person_of(c, offer)? else {
            continue;
        };
        if offer_person == person || already_linked(c, person, offer_person)? {
            continue;
        }
        if let Some((score, shared)) = needs::overlap(words, &words_of(c, offer)?) {
            found.push((score, offer, offer_person, shared));
        }
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    for (score, offer, offer_person, shared) in found.into_iter().take(MATCHES_PER_NEED) {
        insert_match(c, (note_id, person), (offer, offer_person), score, &shared)?;
    }
    Ok(())
}

/// An offer put among the best of the needs sharing the most words with it.
fn match_offer(c: &Connection, note_id: i64, person: i64, words: &[String]) -> Result<()> {
    for need in candidates(c, Mark::Need, words)?
        .into_iter()
        .take(EXAMINED * 4)
    {
        let Some(need_person) = person_of(c, need)? else {
            continue;
        };
        if need_person == person || already_linked(c, need_person, person)? {
            continue;
        }
        let Some((score, shared)) = needs::overlap(&words_of(c, need)?, words) else {
            continue;
        };
        offer_to_need(c, (need, need_person), (note_id, person), score, &shared)?;
    }
    Ok(())
}

/// Computes every match again from the notes (`kith check --repair`): the
/// words of every open need and offer first, then each need's best offers.
/// Answers how many marked notes there are.
pub fn rebuild(c: &Connection) -> Result<usize> {
    c.prepare_cached("DELETE FROM need_match")?.execute([])?;
    c.prepare_cached("DELETE FROM need_word")?.execute([])?;
    c.prepare_cached("DELETE FROM need_stale")?.execute([])?;
    let marked: Vec<i64> = {
        let mut st = c.prepare_cached("SELECT id FROM note WHERE mark IS NOT NULL ORDER BY id")?;
        let rows = st.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut needs_found = Vec::new();
    for &id in &marked {
        if let Some((person, Mark::Need, words)) = store_words(c, id)? {
            needs_found.push((id, person, words));
        }
    }
    for (id, person, words) in &needs_found {
        match_need(c, *id, *person, words)?;
    }
    Ok(marked.len())
}

/// Puts a new offer among a need's best, when it is better than the worst kept.
fn offer_to_need(
    c: &Connection,
    need: (i64, i64),
    offer: (i64, i64),
    score: f64,
    shared: &[String],
) -> Result<()> {
    let kept: Vec<(i64, f64)> = {
        let mut st = c.prepare_cached(
            "SELECT offer_id, score FROM need_match WHERE need_id = ?1 ORDER BY score, offer_id",
        )?;
        let rows = st.query_map([need.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if kept.len() >= MATCHES_PER_NEED {
        let (worst, worst_score) = kept[0];
        if worst_score >= score {
            return Ok(());
        }
        c.prepare_cached("DELETE FROM need_match WHERE need_id = ?1 AND offer_id = ?2")?
            .execute(params![need.0, worst])?;
    }
    insert_match(c, need, offer, score, shared)
}

const MATCH_SELECT: &str = "SELECT m.need_id, m.offer_id, m.need_person, np.name, nn.body,
            m.offer_person, op.name, onn.body, m.shared, m.score,
            (np.archived_at IS NOT NULL OR op.archived_at IS NOT NULL)
     FROM need_match m
     JOIN person np ON np.id = m.need_person
     JOIN person op ON op.id = m.offer_person
     JOIN note nn ON nn.id = m.need_id
     JOIN note onn ON onn.id = m.offer_id";

fn match_row(r: &rusqlite::Row) -> rusqlite::Result<(Match, bool)> {
    let shared: String = r.get(8)?;
    let np_archived: bool = r.get(10)?;
    Ok((
        Match {
            need_id: r.get(0)?,
            offer_id: r.get(1)?,
            need_person_id: r.get(2)?,
            need_person: r.get(3)?,
            need: r.get(4)?,
            offer_person_id: r.get(5)?,
            offer_person: r.get(6)?,
            offer: r.get(7)?,
            shared: shared.split_whitespace().map(str::to_string).collect(),
            score: r.get(9)?,
        },
        np_archived,
    ))
}

/// The best match of each open need, best first: at most `limit`, and how
/// many needs have one. Reads the score index; archived people and people
/// who already know each other are left out when matches are computed, so
/// the count is one index count.
pub fn best(c: &Connection, limit: usize) -> Result<(Vec<Match>, usize)> {
    let mut st = c.prepare_cached(&format!(
        "{MATCH_SELECT}
         ORDER BY m.score DESC, m.need_id, m.offer_id"
    ))?;
    let mut rows = st.query([])?;
    let mut out: Vec<Match> = Vec::new();
    while out.len() < limit {
        let Some(r) = rows.next()? else { break };
        let (m, archived) = match_row(r)?;
        if archived || out.iter().any(|o| o.need_id == m.need_id) {
            continue;
        }
        out.push(m);
    }
    drop(rows);
    // count(DISTINCT) reads the small offer index (a temporary b-tree of
    // need ids): at 2,500 matched needs 4.8 M instructions, against 7.3 M
    // for grouping along the primary key, which reads whole rows.
    let needs: i64 = c
        .prepare_cached("SELECT count(DISTINCT need_id) FROM need_match")?
        .query_row([], |r| r.get(0))?;
    let total = (needs.max(0) as usize).max(out.len());
    Ok((out, total))
}

/// The best match between two people, either one's need and the other's
/// offer; `None` when their notes do not match (or they know each other).
pub fn between(c: &Connection, x: i64, y: i64) -> Result<Option<Match>> {
    let mut st = c.prepare_cached(&format!(
        "{MATCH_SELECT}
         WHERE m.need_person = ?1 AND m.offer_person = ?2
         UNION ALL
         {MATCH_SELECT}
         WHERE m.need_person = ?2 AND m.offer_person = ?1
         ORDER BY 10 DESC, 1, 2 LIMIT 1"
    ))?;
    let m = st.query_row(params![x, y], match_row).optional()?;
    Ok(m.filter(|(_, archived)| !archived).map(|(m, _)| m))
}

/// A person's best match: for a need of theirs, else for an offer of theirs.
pub fn best_for(c: &Connection, person_id: i64) -> Result<Option<Match>> {
    for sql in [
        "WHERE m.need_person = ?1 ORDER BY m.score DESC, m.need_id, m.offer_id LIMIT 3",
        "WHERE m.offer_person = ?1 ORDER BY m.score DESC, m.need_id, m.offer_id LIMIT 3",
    ] {
        let mut st = c.prepare_cached(&format!("{MATCH_SELECT} {sql}"))?;
        let mut rows = st.query([person_id])?;
        while let Some(r) = rows.next()? {
            let (m, archived) = match_row(r)?;
            if !archived {
                return Ok(Some(m));
            }
        }
    }
    Ok(None)
}

/// The matches a person is part of (their needs, or their offers), best first.
pub fn for_person_matches(c: &Connection, person_id: i64, limit: usize) -> Result<Vec<Match>> {
    let mut st = c.prepare_cached(&format!(
        "{MATCH_SELECT}
         WHERE m.need_person = ?1 OR m.offer_person = ?1
         ORDER BY m.score DESC, m.need_id, m.offer_id"
    ))?;
    let mut rows = st.query([person_id])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let (m, archived) = match_row(r)?;
        if archived {
            continue;
        }
        out.push(m);
        if out.len() == limit {
            break;
        }
    }
    Ok(out)
}
