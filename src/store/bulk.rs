//! Bulk writes (an import batch, the demo at scale): the per-row search-index
//! triggers (of both indexes, `person_fts` and `person_key_fts`) stand aside
//! inside the caller's transaction and the people written are indexed once
//! at the end, so a million notes do not re-index a person a million times.
//! The triggers stay in the schema (they skip while
//! `search_pause` holds a row): dropping and recreating them changed the
//! schema under other processes, which then failed to find their tables
//! while reloading it. The row is inserted and deleted in the same
//! transaction, so no other connection ever sees it, and a failure rolls all
//! of it back.

use rusqlite::Connection;

use crate::error::Result;

/// The search-index triggers, set aside until [`SearchPause::resume`].
#[derive(Debug)]
#[must_use = "the search triggers stay off until resumed"]
pub struct SearchPause {
    _private: (),
}

/// The search indexes, each with the view of its documents and their columns
/// (the triggers of migrations 0001 and 0028 write the same).
const INDEXES: [(&str, &str, &str); 2] = [
    (
        "person_fts",
        "person_doc",
        "name, company, title, tags, contacts, notes",
    ),
    (
        "person_key_fts",
        "person_key_doc",
        "name, company, tags, contacts",
    ),
];

/// Which people to index when the triggers come back.
pub enum Reindex<'a> {
    All,
    People(&'a [i64]),
}

impl SearchPause {
    /// Sets the search-index triggers aside for the rest of the transaction.
    pub fn start(c: &Connection) -> Result<SearchPause> {
        c.prepare_cached("INSERT INTO search_pause (id) VALUES (1)")?
            .execute([])?;
        Ok(SearchPause { _private: () })
    }

    /// Indexes the given people afresh and puts the triggers back. One
    /// statement each for all of them: every statement that writes an index
    /// makes it flush, so per-person statements would cost a segment each.
    pub fn resume(self, c: &Connection, reindex: Reindex) -> Result<()> {
        let ids = match reindex {
            Reindex::All => None,
            Reindex::People(ids) => Some(serde_json::to_string(ids)?),
        };
        for (index, doc, columns) in INDEXES {
            let insert = format!("INSERT INTO {index} (rowid, {columns}) SELECT * FROM {doc}");
            match &ids {
                None => c.execute_batch(&format!(
                    "DELETE FROM {index}; {insert}; INSERT INTO {index} ({index}) VALUES ('optimize');"
                ))?,
                Some(ids) => {
                    c.prepare_cached(&format!(
                        "DELETE FROM {index} WHERE rowid IN (SELECT value FROM json_each(?1))"
                    ))?
                    .execute([ids])?;
                    c.prepare_cached(&format!(
                        "{insert} WHERE id IN (SELECT value FROM json_each(?1))"
                    ))?
                    .execute([ids])?;
                }
            }
        }
        c.prepare_cached("DELETE FROM search_pause")?.execute([])?;
        Ok(())
    }
}

/// Runs `f` with the search triggers set aside, then rebuilds the whole index.
pub fn with_search_rebuilt_after<T>(
    tx: &Connection,
    f: impl FnOnce(&Connection) -> Result<T>,
) -> Result<T> {
    let pause = SearchPause::start(tx)?;
    let out = f(tx)?;
    pause.resume(tx, Reindex::All)?;
    Ok(out)
}
