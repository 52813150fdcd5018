//! Full-text search over the per-person FTS5 document.

use rusqlite::{params, Connection, OptionalExtension};

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
    let words = query_words(text);
    let first_word = words.first().cloned().unwrap_or_default();
    // The first matches in store order, enough to tell a query to rank from
    // one too unspecific to. A prefix query makes FTS5 build the prefix's
    // whole list of documents each time it runs, so these ids also serve as
    // the unranked rest below instead of running the query again.
    let first: Vec<i64> = c
        .prepare_cached("SELECT rowid FROM person_fts WHERE person_fts MATCH ?1 LIMIT ?2")?
        .query_map(params![q, RANK_AT_MOST + 1], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let many = first.len() as i64 > RANK_AT_MOST;
    let columns = |r: &rusqlite::Row| -> rusqlite::Result<(i64, String)> {
        let mut columns: Vec<String> = Vec::with_capacity(6);
        for i in 1..=6 {
            columns.push(r.get::<_, Option<String>>(i)?.unwrap_or_default());
        }
        let cut: bool = r.get(7)?;
        Ok((r.get(0)?, snippet(&columns, &words, cut)))
    };
    let matches = |query: &str, ranked: bool| -> Result<Vec<(i64, String)>> {
        let order = if ranked {
            "ORDER BY bm25(person_fts, 10.0, 5.0, 3.0, 4.0, 3.0, 1.0)"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {} FROM person_fts f
             WHERE person_fts MATCH ?1 AND f.rowid NOT IN ({ARCHIVED}) {order} LIMIT ?2",
            hit_columns("?3")
        );
        let mut st = c.prepare_cached(&sql)?;
        let rows = st.query_map(params![query, limit as i64, first_word], columns)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let hits = if !many {
        matches(&q, true)?
    } else {
        // Name matches first, then the rest, each in store order. The names
        // come from the small index, which does not read the 65,000 people
        // whose notes say "marathon" to find the few so named.
        let named: Vec<i64> = c
            .prepare_cached(&format!(
                "SELECT rowid FROM person_key_fts
                 WHERE person_key_fts MATCH ?1 AND rowid NOT IN ({ARCHIVED}) LIMIT ?2"
            ))?
            .query_map(
                params![format!("{{name company tags}} : ({q})"), limit as i64],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut hits: Vec<(i64, String)> = Vec::with_capacity(limit);
        let mut one = c.prepare_cached(&format!(
            "SELECT {} FROM person_fts f
             WHERE f.rowid = ?1
               AND NOT EXISTS (SELECT 1 FROM person_touch WHERE person_id = ?1 AND live = 0)",
            hit_columns("?2")
        ))?;
        let rest: Vec<i64> = if limit < first.len() {
            first
        } else {
            // More wanted than were read: the query once more, whole.
            matches(&q, false)?.into_iter().map(|h| h.0).collect()
        };
        for id in named.into_iter().chain(rest) {
            if hits.len() >= limit {
                break;
            }
            if hits.iter().any(|x| x.0 == id) {
                continue;
            }
            if let Some(hit) = one.query_row(params![id, first_word], columns).optional()? {
                hits.push(hit);
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

/// What a hit reads: its id, the short columns and a window of the notes.
/// FTS5's snippet() is quadratic in the matches of a column (a note of 20,000
/// matching words took seconds); the snippet is made here instead, from the
/// short columns and a window of the notes around the first place the first
/// word (the parameter `word`) appears (found by instr, in C).
fn hit_columns(word: &str) -> String {
    format!(
        "f.rowid, f.name, f.company, f.title, f.tags, f.contacts,
         substr(f.notes, max(1, instr(lower(f.notes), {word}) - {SNIPPET_BEFORE}), {SNIPPET_WINDOW}),
         instr(lower(f.notes), {word}) > {SNIPPET_BEFORE} + 1"
    )
}

/// The archived people, from the touch summary's index: a set built once per
/// query, where a join would read the row of `person` of every match.
const ARCHIVED: &str =
    "SELECT person_id FROM person_touch INDEXED BY person_touch_live_name WHERE live = 0";

/// Characters of a note read around its first match for the snippet.
const SNIPPET_BEFORE: usize = 120;
const SNIPPET_WINDOW: usize = 400;
/// Words a snippet shows.
const SNIPPET_WORDS: usize = 10;

/// The words of a query, folded as the index folds them.
fn query_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(crate::fold::fold)
        .collect()
}

/// A few words around the first match, matches in [brackets], "…" where
/// text was left out: from the first column with a match (name, company,
/// title, tags, contact points, notes). `cut`: the notes given start mid-way.
/// Linear in the text given.
pub fn snippet(columns: &[String], words: &[String], cut: bool) -> String {
    let matches = |token: &str| {
        let t = crate::fold::fold(token);
        words.iter().any(|w| t.starts_with(w.as_str()))
    };
    for (col, text) in columns.iter().enumerate() {
        let mut tokens: Vec<(usize, usize)> = Vec::new();
        let mut start = None;
        for (i, ch) in text.char_indices() {
            match (ch.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    tokens.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            tokens.push((s, text.len()));
        }
        let Some(first) = tokens.iter().position(|&(a, b)| matches(&text[a..b])) else {
            continue;
        };
        let from = first.saturating_sub(2);
        let to = (from + SNIPPET_WORDS).min(tokens.len());
        let mut out = String::new();
        if from > 0 || (col == columns.len() - 1 && cut) {
            out.push('…');
        }
        let mut at = tokens[from].0;
        for &(a, b) in &tokens[from..to] {
            out.push_str(&text[at..a]);
            if matches(&text[a..b]) {
                out.push('[');
                out.push_str(&text[a..b]);
                out.push(']');
            } else {
                out.push_str(&text[a..b]);
            }
            at = b;
        }
        if to < tokens.len() {
            out.push('…');
        }
        return out;
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::{fts_query, snippet};

    #[test]
    fn snippets_mark_matches_and_stay_linear() {
        let cols = |notes: &str| {
            vec![
                "José García".to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                notes.to_string(),
            ]
        };
        assert_eq!(snippet(&cols(""), &["jose".into()], false), "[José] García");
        assert_eq!(
            snippet(
                &cols("one two three four five six seven sqlite eight nine ten eleven twelve"),
                &["sqli".into()],
                false
            ),
            "…six seven [sqlite] eight nine ten eleven twelve"
        );
        assert_eq!(
            snippet(&cols("a b c d e f g h i j k l m n"), &["c".into()], true),
            "…a b [c] d e f g h i j…"
        );
        // 200,000 matching words: well under a second even unoptimised.
        let big = "edge ".repeat(200_000);
        let start = std::time::Instant::now();
        let s = snippet(&cols(&big), &["edge".into()], false);
        assert!(s.starts_with("[edge] [edge]"), "{s}");
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }

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
