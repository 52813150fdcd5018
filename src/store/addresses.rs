//! Email addresses of the people matching a few typed letters, for mail
//! clients' address completion (`kith query`).

use rusqlite::{params, Connection};

use crate::error::Result;

/// One address of one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub person_id: i64,
    pub email: String,
    pub name: String,
    pub company: Option<String>,
    /// Tags, space-separated as the search index holds them.
    pub tags: String,
}

/// Above this many people matching, ranking them all by bm25 costs more than
/// a completion may: name matches come first, unranked, as in search.
const RANK_AT_MOST: i64 = 2_000;

/// The addresses of the people (not archived, with an email) whose name,
/// company, tags or contact points match every word of `fts` (an FTS5
/// query, see [`super::search::fts_query`]), the best `limit` people first,
/// each person's addresses in the order they were added.
pub fn matching(c: &Connection, fts: &str, limit: usize) -> Result<Vec<Address>> {
    // The small index holds just name, company, tags and contact points: the
    // notes are neither matched nor read.
    let many: i64 = c
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM person_key_fts WHERE person_key_fts MATCH ?1 LIMIT ?2)",
        )?
        .query_row(params![fts, RANK_AT_MOST + 1], |r| r.get(0))?;
    // Name weighs most, then an email, then company and tags; title and
    // notes are not matched at all, nor count in a person's length.
    let (query, ranked) = if many <= RANK_AT_MOST {
        (fts.to_string(), true)
    } else {
        (format!("{{name}} : ({fts})"), false)
    };
    let score = if ranked {
        "bm25(person_key_fts, 10.0, 3.0, 3.0, 5.0)"
    } else {
        "0.0"
    };
    // The tags are read for the people listed only.
    let sql = format!(
        "WITH hit AS MATERIALIZED (
             SELECT rowid AS id, {score} AS score FROM person_key_fts
             WHERE person_key_fts MATCH ?1
               AND EXISTS (SELECT 1 FROM contact_point e WHERE e.person_id = person_key_fts.rowid AND e.kind = 'email')
             ORDER BY score LIMIT ?2
         )
         SELECT p.id, cp.value, p.name, p.company,
                (SELECT group_concat(t.name, ' ') FROM person_tag pt JOIN tag t ON t.id = pt.tag_id
                 WHERE pt.person_id = p.id)
         FROM hit JOIN person p ON p.id = hit.id
         JOIN contact_point cp ON cp.person_id = p.id AND cp.kind = 'email'
         WHERE p.archived_at IS NULL
         ORDER BY hit.score, p.id, cp.id"
    );
    let mut st = c.prepare_cached(&sql)?;
    let rows = st.query_map(params![query, limit as i64], |r| {
        Ok(Address {
            person_id: r.get(0)?,
            email: r.get(1)?,
            name: r.get(2)?,
            company: r.get(3)?,
            tags: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
