//! Writes in bulk (the demo at scale). Each note carries its UUID in
//! its own insert, so the trigger that gives a note without one its UUID
//! (an update of the row and of the UUID index, per note) does not fire.
//! The UUIDs of one batch share a random prefix that counts up, so they go
//! into the UUID index in order instead of at a random page each.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use uuid::Uuid;

use super::notes::NewNote;
use crate::error::Result;
use crate::when::to_db;

/// Version-4 UUIDs (random but for a prefix that counts up from a random start).
pub struct NoteUuids {
    next: u64,
}

impl NoteUuids {
    pub fn new() -> NoteUuids {
        let start = Uuid::new_v4().as_u64_pair().0 >> 16;
        NoteUuids { next: start }
    }

    fn next(&mut self) -> String {
        let mut bytes = *Uuid::new_v4().as_bytes();
        // The first 48 bits, where a v4 UUID has no fixed bits.
        let prefix = self.next.to_be_bytes();
        bytes[..6].copy_from_slice(&prefix[2..]);
        self.next = (self.next + 1) & 0xffff_ffff_ffff;
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }
}

impl Default for NoteUuids {
    fn default() -> Self {
        NoteUuids::new()
    }
}

/// A page cache large enough that a bulk write of a million notes keeps its
/// indexes in memory instead of spilling pages to the WAL mid-transaction
/// and reading them back (256 MiB, for this connection).
pub fn large_cache(c: &Connection) -> Result<()> {
    c.execute_batch("PRAGMA cache_size = -262144")?;
    Ok(())
}

/// Inserts a note with the next UUID of `uuids`; answers its id.
pub fn insert(
    c: &Connection,
    n: &NewNote,
    uuids: &mut NoteUuids,
    now: DateTime<Utc>,
) -> Result<i64> {
    c.prepare_cached(
        "INSERT INTO note (person_id, event_id, kind, body, happened_at, created_at, uuid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        n.person_id,
        n.event_id,
        n.kind.as_str(),
        n.body.trim(),
        to_db(n.happened_at),
        to_db(now),
        uuids.next()
    ])?;
    Ok(c.last_insert_rowid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_4_distinct_and_ascending() {
        let mut u = NoteUuids::new();
        let all: Vec<String> = (0..1000).map(|_| u.next()).collect();
        for s in &all {
            let parsed = Uuid::parse_str(s).unwrap();
            assert_eq!(parsed.get_version_num(), 4, "{s}");
        }
        let mut sorted = all.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len());
        // Ascending but where the 48-bit prefix wraps round.
        let wraps = all.windows(2).filter(|w| w[0] > w[1]).count();
        assert!(wraps <= 1, "{wraps}");
    }
}
