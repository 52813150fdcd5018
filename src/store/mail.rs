//! Which message each touch logged from mail came from.

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::Result;

/// Whether a touch with `person_id` was already logged from this message.
pub fn logged(c: &Connection, message_id: &str, person_id: i64) -> Result<bool> {
    Ok(c.prepare_cached(
        "SELECT 1 FROM mail_touch m JOIN note n ON n.id = m.note_id
             WHERE m.message_id = ?1 AND n.person_id = ?2",
    )?
    .query_row(params![message_id, person_id], |_| Ok(()))
    .optional()?
    .is_some())
}

/// Remembers that `note_id` was logged from this message.
pub fn remember(c: &Connection, note_id: i64, message_id: &str) -> Result<()> {
    c.prepare_cached("INSERT INTO mail_touch (note_id, message_id) VALUES (?1, ?2)")?
        .execute(params![note_id, message_id])?;
    Ok(())
}
