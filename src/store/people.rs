//! People, their contact points and tags.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::model::{Balance, ContactKind, ContactPoint, Person, PersonRow};
use crate::when::{from_db, local_date, to_db};

/// A new person as the user typed them.
#[derive(Debug, Clone, Default)]
pub struct NewPerson {
    pub uid: Option<String>,
    pub name: String,
    pub company: Option<String>,
    pub title: Option<String>,
    pub cadence_days: Option<i64>,
    pub birthday: Option<String>,
}

/// SQL for the last touch of `p`: the newest touch note or meeting, as stored text
/// (an instant or a date; both sort as text by day first), kept by triggers.
pub(crate) const LAST_TOUCH_SQL: &str =
    "coalesce((SELECT t.last_touch FROM person_touch t WHERE t.person_id = p.id), '')";

/// SQL for the next open follow-up of `p`.
pub(crate) const NEXT_FOLLOW_UP_SQL: &str =
    "(SELECT min(max(r.due_on, coalesce(r.snoozed_until, r.due_on)))
    FROM reminder r WHERE r.person_id = p.id AND r.done_at IS NULL)";

/// SQL for the give/ask counts of `p`.
pub(crate) const BALANCE_SQL: &str = "
    coalesce((SELECT t.gave FROM person_touch t WHERE t.person_id = p.id), 0),
    coalesce((SELECT t.asked FROM person_touch t WHERE t.person_id = p.id), 0)";

/// Reads a stored instant; a malformed one is a conversion error, not a panic.
pub(crate) fn instant(row: &Row, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = row.get(idx)?;
    from_db(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("bad time {s:?}").into(),
        )
    })
}

pub(crate) fn opt_instant(row: &Row, idx: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let s: Option<String> = row.get(idx)?;
    Ok(s.as_deref().and_then(from_db))
}

/// The local day of a stored touch (an instant or a plain date).
pub(crate) fn touch_day(s: &str) -> Option<NaiveDate> {
    if s.len() == 10 {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    } else {
        from_db(s).map(local_date)
    }
}

const PERSON_COLS: &str = "p.id, p.uid, p.name, p.company, p.title, p.cadence_days, p.birthday, \
     p.archived_at, p.bumped_at, p.created_at, p.updated_at";

fn person_from_row(r: &Row) -> rusqlite::Result<Person> {
    Ok(Person {
        id: r.get(0)?,
        uid: r.get(1)?,
        name: r.get(2)?,
        company: r.get(3)?,
        title: r.get(4)?,
        cadence_days: r.get(5)?,
        birthday: r.get(6)?,
        archived_at: opt_instant(r, 7)?,
        bumped_at: opt_instant(r, 8)?,
        created_at: instant(r, 9)?,
        updated_at: instant(r, 10)?,
    })
}

/// How lists sort a name: lower case, accents folded ("Łukasz" → "lukasz").
pub fn sort_key(name: &str) -> String {
    crate::fold::fold(name.trim())
}

/// Computes the sort keys of people written without one (by another tool,
/// or renamed without it); returns how many.
pub fn fill_sort_keys(c: &Connection) -> Result<usize> {
    let stale: Vec<(i64, String)> = {
        let mut st = c.prepare_cached(
            "SELECT id, name FROM person INDEXED BY person_sort_key_stale WHERE sort_key IS NULL",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut up = c.prepare_cached("UPDATE person SET sort_key = ?2 WHERE id = ?1")?;
    for (id, name) in &stale {
        up.execute(params![id, sort_key(name)])?;
    }
    Ok(stale.len())
}

pub fn insert_person(c: &Connection, p: &NewPerson, now: DateTime<Utc>) -> Result<i64> {
    let uid = p
        .uid
        .clone()
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let now = to_db(now);
    let (key, short) = crate::identity::name_keys(&p.name);
    c.prepare_cached(
        "INSERT INTO person (uid, name, company, title, cadence_days, birthday, created_at, updated_at,
                             name_key, short_key, sort_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![uid, p.name.trim(), p.company, p.title, p.cadence_days, p.birthday, now, key, short, sort_key(&p.name)])?;
    Ok(c.last_insert_rowid())
}

/// Fills a person's empty fields (company, title, rhythm, birthday) from `p`;
/// what is there stays.
pub fn fill_empty(c: &Connection, id: i64, p: &NewPerson, now: DateTime<Utc>) -> Result<()> {
    let n = c
        .prepare_cached(
            "UPDATE person SET
                 company = coalesce(nullif(company, ''), ?2),
                 title = coalesce(nullif(title, ''), ?3),
                 cadence_days = coalesce(cadence_days, ?4),
                 birthday = coalesce(birthday, ?5),
                 updated_at = ?6
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            p.company,
            p.title,
            p.cadence_days,
            p.birthday,
            to_db(now)
        ])?;
    if n == 0 {
        return Err(Error::NotFound { what: "person", id });
    }
    Ok(())
}

pub fn get_person(c: &Connection, id: i64) -> Result<Person> {
    c.prepare_cached(&format!(
        "SELECT {PERSON_COLS} FROM person p WHERE p.id = ?1"
    ))?
    .query_row([id], person_from_row)
    .optional()?
    .ok_or(Error::NotFound { what: "person", id })
}

pub fn add_contact_point(c: &Connection, person_id: i64, cp: &ContactPoint) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO contact_point (person_id, kind, label, value, norm) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        person_id,
        cp.kind.as_str(),
        cp.label,
        cp.value.trim(),
        crate::identity::point_key(cp.kind, &cp.value)
    ])?;
    Ok(())
}

pub fn contact_points(c: &Connection, person_id: i64) -> Result<Vec<ContactPoint>> {
    let mut st = c.prepare_cached(
        "SELECT kind, label, value FROM contact_point WHERE person_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([person_id], |r| {
        let kind: String = r.get(0)?;
        Ok(ContactPoint {
            kind: ContactKind::parse(&kind).unwrap_or(ContactKind::Url),
            label: r.get(1)?,
            value: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Tags a person (creating the tag); answers whether they were not tagged yet.
pub fn add_tag(c: &Connection, person_id: i64, tag: &str) -> Result<bool> {
    c.prepare_cached("INSERT INTO tag (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
        .execute([tag.trim()])?;
    let added = c
        .prepare_cached("INSERT OR IGNORE INTO person_tag (person_id, tag_id) SELECT ?1, id FROM tag WHERE name = ?2")?
        .execute(params![person_id, tag.trim()])?;
    Ok(added > 0)
}

pub fn tags(c: &Connection, person_id: i64) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.person_id = ?1 ORDER BY t.name",
    )?;
    let rows = st.query_map([person_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn set_cadence(
    c: &Connection,
    person_id: i64,
    days: Option<i64>,
    now: DateTime<Utc>,
) -> Result<()> {
    let n = c
        .prepare_cached("UPDATE person SET cadence_days = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![person_id, days, to_db(now)])?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "person",
            id: person_id,
        });
    }
    Ok(())
}

/// Resets the reconnect clock without recording a touch.
pub fn bump(c: &Connection, person_id: i64, now: DateTime<Utc>) -> Result<()> {
    let n = c
        .prepare_cached("UPDATE person SET bumped_at = ?2, prompt_snoozed_until = NULL, updated_at = ?2 WHERE id = ?1")?
        .execute(params![person_id, to_db(now)])?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "person",
            id: person_id,
        });
    }
    Ok(())
}

/// Hides the reconnect prompt of a person until a date.
pub fn snooze_prompt(c: &Connection, person_id: i64, until: NaiveDate) -> Result<()> {
    c.prepare_cached("UPDATE person SET prompt_snoozed_until = ?2 WHERE id = ?1")?
        .execute(params![person_id, until])?;
    Ok(())
}

/// The last touch of a person, as a local date.
pub fn last_touch(c: &Connection, person_id: i64) -> Result<Option<NaiveDate>> {
    let s: String = c
        .prepare_cached(&format!(
            "SELECT {LAST_TOUCH_SQL} FROM person p WHERE p.id = ?1"
        ))?
        .query_row([person_id], |r| r.get(0))?;
    Ok(touch_day(&s))
}

pub fn balance(c: &Connection, person_id: i64) -> Result<Balance> {
    Ok(
        c.prepare_cached("SELECT gave, asked FROM person_touch WHERE person_id = ?1")?
            .query_row([person_id], |r| {
                Ok(Balance {
                    gave: r.get(0)?,
                    asked: r.get(1)?,
                })
            })?,
    )
}

/// People whose name or an email equals `text`, ignoring case.
pub fn exact_matches(c: &Connection, text: &str) -> Result<Vec<i64>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM person WHERE name = ?1 COLLATE NOCASE AND archived_at IS NULL
         UNION
         SELECT cp.person_id FROM contact_point cp JOIN person p ON p.id = cp.person_id
         WHERE cp.kind = 'email' AND cp.value = ?1 COLLATE NOCASE AND p.archived_at IS NULL
         LIMIT 50",
    )?;
    let rows = st.query_map([text.trim()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// People whose name, company or contact points contain every word of `text`
/// as a word prefix (diacritics folded), best first.
/// With `prefix` false, every word must be a whole word.
pub fn word_matches(c: &Connection, text: &str, prefix: bool, limit: usize) -> Result<Vec<i64>> {
    let q = if prefix {
        super::search::fts_query(text)
    } else {
        super::search::fts_query(text).map(|q| q.replace("\"*", "\""))
    };
    let Some(q) = q else {
        return Ok(Vec::new());
    };
    let q = format!("{{name company contacts}} : ({q})");
    let mut st = c.prepare_cached(
        "SELECT f.rowid FROM person_key_fts f JOIN person p ON p.id = f.rowid
         WHERE person_key_fts MATCH ?1 AND p.archived_at IS NULL
         ORDER BY bm25(person_key_fts, 10.0, 4.0, 2.0, 3.0) LIMIT ?2",
    )?;
    let rows = st.query_map(params![q, limit as i64], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// People whose name or email contains `text` anywhere (a slower fallback).
pub fn substring_matches(c: &Connection, text: &str, limit: usize) -> Result<Vec<i64>> {
    let escaped = super::like_escape(text);
    let pattern = format!("%{escaped}%");
    let mut st = c.prepare_cached(
        "SELECT id FROM person WHERE name LIKE ?1 ESCAPE '\\' AND archived_at IS NULL
         UNION
         SELECT cp.person_id FROM contact_point cp JOIN person p ON p.id = cp.person_id
         WHERE cp.kind = 'email' AND cp.value LIKE ?1 ESCAPE '\\' AND p.archived_at IS NULL
         LIMIT ?2",
    )?;
    let rows = st.query_map(params![pattern, limit as i64], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn row_from(r: &Row) -> rusqlite::Result<PersonRow> {
    let touch: String = r.get(3)?;
    Ok(PersonRow {
        id: r.get(0)?,
        name: r.get(1)?,
        company: r.get(2)?,
        last_touch: touch_day(&touch),
        next_follow_up: r.get(4)?,
        gave: r.get(5)?,
        asked: r.get(6)?,
        snippet: None,
    })
}

/// List rows for the given people, in the given order.
pub fn rows_for(c: &Connection, ids: &[i64]) -> Result<Vec<PersonRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT p.id, p.name, p.company, {LAST_TOUCH_SQL}, {NEXT_FOLLOW_UP_SQL}, {BALANCE_SQL}
         FROM person p WHERE p.id = ?1"
    ))?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(row) = st.query_row([id], row_from).optional()? {
            out.push(row);
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Name,
    LastTouch,
    /// Soonest (most overdue) follow-up first; people without one last.
    Overdue,
}

/// One page of the people list. Each order is read off one index (the
/// inner query), so rows before the offset are skipped without reading a
/// person; only the page's rows are looked up.
pub fn list(c: &Connection, sort: Sort, limit: usize, offset: usize) -> Result<Vec<PersonRow>> {
    let sql = match sort {
        Sort::Name => format!(
            "SELECT p.id, p.name, p.company, {LAST_TOUCH_SQL}, {NEXT_FOLLOW_UP_SQL}, {BALANCE_SQL}
             FROM (SELECT person_id, sort_key FROM person_touch INDEXED BY person_touch_live_name
                   WHERE live = 1 ORDER BY sort_key, person_id LIMIT ?1 OFFSET ?2) o
             JOIN person p ON p.id = o.person_id
             ORDER BY o.sort_key, o.person_id"
        ),
        Sort::LastTouch => format!(
            "SELECT p.id, p.name, p.company, o.last_touch, {NEXT_FOLLOW_UP_SQL}, {BALANCE_SQL}
             FROM (SELECT person_id, last_touch FROM person_touch INDEXED BY person_touch_live_last
                   WHERE live = 1 ORDER BY last_touch DESC, person_id DESC LIMIT ?1 OFFSET ?2) o
             JOIN person p ON p.id = o.person_id
             ORDER BY o.last_touch DESC, o.person_id DESC"
        ),
        Sort::Overdue => return list_overdue(c, limit, offset),
    };
    let mut st = c.prepare_cached(&sql)?;
    let rows = st.query_map(params![limit as i64, offset as i64], row_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// People with open follow-ups, soonest first; then everyone else by name.
/// Both parts are ranges of an index of the touch summary (migration 0023).
fn list_overdue(c: &Connection, limit: usize, offset: usize) -> Result<Vec<PersonRow>> {
    let mut out: Vec<PersonRow> = c
        .prepare_cached(&format!(
            "SELECT p.id, p.name, p.company, {LAST_TOUCH_SQL}, o.next_follow_up, {BALANCE_SQL}
             FROM (SELECT person_id, next_follow_up, sort_key
                   FROM person_touch INDEXED BY person_touch_next_follow_up
                   WHERE live = 1 AND next_follow_up IS NOT NULL
                   ORDER BY next_follow_up, sort_key, person_id LIMIT ?1 OFFSET ?2) o
             JOIN person p ON p.id = o.person_id
             ORDER BY o.next_follow_up, o.sort_key, o.person_id"
        ))?
        .query_map(params![limit as i64, offset as i64], row_from)?
        .collect::<rusqlite::Result<_>>()?;
    if out.len() == limit {
        return Ok(out);
    }
    let with_follow_ups: i64 = c
        .prepare_cached(
            "SELECT count(*) FROM person_touch INDEXED BY person_touch_next_follow_up
             WHERE live = 1 AND next_follow_up IS NOT NULL",
        )?
        .query_row([], |r| r.get(0))?;
    let rest_offset = offset.saturating_sub(usize::try_from(with_follow_ups).unwrap_or(0));
    let rest: Vec<PersonRow> = c
        .prepare_cached(&format!(
            "SELECT p.id, p.name, p.company, {LAST_TOUCH_SQL}, NULL, {BALANCE_SQL}
             FROM (SELECT person_id, sort_key FROM person_touch INDEXED BY person_touch_no_follow_up
                   WHERE live = 1 AND next_follow_up IS NULL
                   ORDER BY sort_key, person_id LIMIT ?1 OFFSET ?2) o
             JOIN person p ON p.id = o.person_id
             ORDER BY o.sort_key, o.person_id"
        ))?
        .query_map(
            params![(limit - out.len()) as i64, rest_offset as i64],
            row_from,
        )?
        .collect::<rusqlite::Result<_>>()?;
    out.extend(rest);
    Ok(out)
}

/// Whether anyone is here (not archived): one index entry read, where
/// [`count`] reads them all.
pub fn any_live(c: &Connection) -> Result<bool> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM person WHERE archived_at IS NULL)",
        [],
        |r| r.get(0),
    )?)
}

pub fn count(c: &Connection) -> Result<i64> {
    Ok(c.query_row(
        "SELECT count(*) FROM person WHERE archived_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

/// A one-line label to tell people apart: "Anna de Vries (Acme) <anna@acme.example> #12".
pub fn label(c: &Connection, person_id: i64) -> Result<String> {
    let (name, company, email): (String, Option<String>, Option<String>) = c
        .prepare_cached(
            "SELECT p.name, p.company,
                    (SELECT value FROM contact_point WHERE person_id = p.id AND kind = 'email' ORDER BY id LIMIT 1)
             FROM person p WHERE p.id = ?1",
        )?
        .query_row([person_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let mut s = name;
    if let Some(co) = company.filter(|c| !c.is_empty()) {
        s.push_str(&format!(" ({co})"));
    }
    if let Some(e) = email {
        s.push_str(&format!(" <{e}>"));
    }
    s.push_str(&format!(" #{person_id}"));
    Ok(s)
}

/// The fields of a person the edit form changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonEdit {
    pub name: String,
    pub company: Option<String>,
    pub title: Option<String>,
    pub cadence_days: Option<i64>,
    pub birthday: Option<String>,
    pub tags: Vec<String>,
}

/// Updates a person's fields and replaces their tags.
pub fn update_person(c: &Connection, id: i64, e: &PersonEdit, now: DateTime<Utc>) -> Result<()> {
    let keys = crate::identity::name_keys(&e.name);
    let n = c
        .prepare_cached(
            "UPDATE person SET name = ?2, company = ?3, title = ?4, cadence_days = ?5, birthday = ?6, updated_at = ?7,
                name_key = ?8, short_key = ?9, sort_key = ?10
             WHERE id = ?1",
        )?
        .execute(params![id, e.name.trim(), e.company, e.title, e.cadence_days, e.birthday, to_db(now), keys.0, keys.1, sort_key(&e.name)])?;
    if n == 0 {
        return Err(Error::NotFound { what: "person", id });
    }
    c.prepare_cached("DELETE FROM person_tag WHERE person_id = ?1")?
        .execute([id])?;
    for t in e.tags.iter().filter(|t| !t.trim().is_empty()) {
        add_tag(c, id, t)?;
    }
    Ok(())
}

/// One page of archived people, by name.
pub fn list_archived(c: &Connection, limit: usize, offset: usize) -> Result<Vec<PersonRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT p.id, p.name, p.company, {LAST_TOUCH_SQL}, {NEXT_FOLLOW_UP_SQL}, {BALANCE_SQL}
         FROM (SELECT person_id, sort_key FROM person_touch INDEXED BY person_touch_live_name
               WHERE live = 0 ORDER BY sort_key, person_id LIMIT ?1 OFFSET ?2) o
         JOIN person p ON p.id = o.person_id
         ORDER BY o.sort_key, o.person_id"
    ))?;
    let rows = st.query_map(params![limit as i64, offset as i64], row_from)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Archived people whose name or an email contains `text`.
pub fn archived_matches(c: &Connection, text: &str, limit: usize) -> Result<Vec<i64>> {
    let escaped = super::like_escape(text);
    let pattern = format!("%{escaped}%");
    let mut st = c.prepare_cached(
        "SELECT id FROM person WHERE archived_at IS NOT NULL AND name LIKE ?1 ESCAPE '\\'
         UNION
         SELECT p.id FROM contact_point cp JOIN person p ON p.id = cp.person_id
         WHERE p.archived_at IS NOT NULL AND cp.kind = 'email' AND cp.value LIKE ?1 ESCAPE '\\'
         LIMIT ?2",
    )?;
    let rows = st.query_map(params![pattern, limit as i64], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Archived people whose name or an email equals `text`, ignoring case.
pub fn archived_exact(c: &Connection, text: &str) -> Result<Vec<i64>> {
    let mut st = c.prepare_cached(
        "SELECT id FROM person WHERE name = ?1 COLLATE NOCASE AND archived_at IS NOT NULL
         UNION
         SELECT cp.person_id FROM contact_point cp JOIN person p ON p.id = cp.person_id
         WHERE cp.kind = 'email' AND cp.value = ?1 COLLATE NOCASE AND p.archived_at IS NOT NULL
         LIMIT 50",
    )?;
    let rows = st.query_map([text.trim()], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
