//! Bulk writes (the demo at scale): the per-row search-index triggers are
//! switched off inside the caller's transaction and the index is rebuilt once
//! at the end, so a million notes do not re-index a person a million times.

use rusqlite::Connection;

use crate::error::Result;

/// Runs `f` inside the current transaction with the search triggers dropped,
/// then rebuilds the whole search index and restores the triggers. A failure
/// anywhere rolls all of it back with the transaction.
pub fn with_search_rebuilt_after<T>(
    tx: &Connection,
    f: impl FnOnce(&Connection) -> Result<T>,
) -> Result<T> {
    let triggers: Vec<(String, String)> = tx
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%person_fts%'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        // The names come from our own schema; identifiers cannot be bound.
        tx.execute_batch(&format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\"")))?;
    }
    let out = f(tx)?;
    tx.execute_batch(
        "DELETE FROM person_fts;
         INSERT INTO person_fts (rowid, name, company, title, tags, contacts, notes) SELECT * FROM person_doc;
         INSERT INTO person_fts (person_fts) VALUES ('optimize');",
    )?;
    for (_, sql) in &triggers {
        tx.execute_batch(sql)?;
    }
    Ok(out)
}
