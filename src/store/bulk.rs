//! Bulk writes (an import batch, the demo at scale): the per-row search-index
//! triggers (of both indexes, `person_fts` and `person_key_fts`) stand aside
//! inside the caller's transaction and the people written are indexed once
//! at the end, so a million notes do not re-index a
//! person a million times. The triggers stay in the schema (they skip while
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
    /// statement each for all of them: every statement that writes the index
    /// makes it flush, so per-person statements would cost a segment each.
    pub fn resume(self, c: &Connection, reindex: Reindex) -> Result<()> {
        match reindex {
            Reindex::All => c.execute_batch(
                "DELETE FROM person_fts;
                 INSERT INTO person_fts (rowid, name, company, title, tags, contacts, notes) SELECT * FROM person_doc;
                 INSERT INTO person_fts (person_fts) VALUES ('optimize');
                 DELETE FROM person_key_fts;
                 INSERT INTO person_key_fts (rowid, name, company, tags, contacts) SELECT * FROM person_key_doc;
                 INSERT INTO person_key_fts (person_key_fts) VALUES ('optimize');",
            )?,
            Reindex::People(ids) => {
                let ids = serde_json::to_string(ids)?;
                c.prepare_cached("DELETE FROM person_fts WHERE rowid IN (SELECT value FROM json_each(?1))")?
                    .execute([&ids])?;
                c.prepare_cached(
                    "INSERT INTO person_fts (rowid, name, company, title, tags, contacts, notes)
                     SELECT * FROM person_doc WHERE id IN (SELECT value FROM json_each(?1))",
                )?
                .execute([&ids])?;
                c.prepare_cached(
                    "DELETE FROM person_key_fts WHERE rowid IN (SELECT value FROM json_each(?1))",
                )?
                .execute([&ids])?;
                c.prepare_cached(
                    "INSERT INTO person_key_fts (rowid, name, company, tags, contacts)
                     SELECT * FROM person_key_doc WHERE id IN (SELECT value FROM json_each(?1))",
                )?
                .execute([&ids])?;
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
