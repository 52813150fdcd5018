//! Full-text search over the per-person FTS5 document.

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::model::PersonRow;

/// Turns what the user typed into an FTS5 query: every word quoted (so no
/// character of the input is FTS syntax) and taken as a prefix, all required.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Above this many matches, ranking every match by bm25 costs more than a
/// keystroke may (about a microsecond each); such unspecific queries list name
/// matches first, in store order, and narrow as the user types on.
const RANK_AT_MOST: i64 = 5_000;

/// People matching every word of `text`, best first, with a snippet of the match.
pub fn search(c: &Connection, text: &str, limit: usize) -> Result<Vec<PersonRow>> {
    let Some(q) = fts_query(text) else {
        return Ok(Vec::new());
    };
    let many: i64 = c
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM person_fts WHERE person_fts MATCH ?1 LIMIT ?2)",
        )?
        .query_row(params![q, RANK_AT_MOST + 1], |r| r.get(0))?;
    let matches = |query: &str, ranked: bool| -> Result<Vec<(i64, String)>> {
        let order = if ranked {
            "ORDER BY bm25(person_fts, 10.0, 5.0, 3.0, 4.0, 3.0, 1.0)"
        } else {
            ""
        };
        let sql = format!(
            "SELECT f.rowid, snippet(person_fts, -1, '[', ']', '…', 10)
             FROM person_fts f JOIN person p ON p.id = f.rowid
             WHERE person_fts MATCH ?1 AND p.archived_at IS NULL {order} LIMIT ?2"
        );
        let mut st = c.prepare_cached(&sql)?;
        let rows = st.query_map(params![query, limit as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let hits = if many <= RANK_AT_MOST {
        matches(&q, true)?
    } else {
        // Name matches first, then the rest, each in store order.
        let mut hits = matches(&format!("{{name company tags}} : ({q})"), false)?;
        if hits.len() < limit {
            for h in matches(&q, false)? {
                if hits.len() >= limit {
                    break;
                }
                if !hits.iter().any(|x| x.0 == h.0) {
                    hits.push(h);
                }
            }
        }
        hits
    };
    let ids: Vec<i64> = hits.iter().map(|h| h.0).collect();
    let mut rows = super::people::rows_for(c, &ids)?;
    for (row, (_, snippet)) in rows.iter_mut().zip(hits) {
        row.snippet = Some(snippet);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn query_words_are_quoted_prefixes() {
        assert_eq!(
            fts_query("sqlite edge").as_deref(),
            Some("\"sqlite\"* \"edge\"*")
        );
        assert_eq!(
            fts_query("a\"b OR c*").as_deref(),
            Some("\"a\"* \"b\"* \"OR\"* \"c\"*")
        );
        assert_eq!(fts_query("  -- "), None);
    }
}
