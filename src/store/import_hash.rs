//! The hashes of imported records, each with the person it went to and the
//! uid its source gave it (see `crate::interop::seen`).

use rusqlite::{params, Connection};

use crate::error::Result;

/// One record imported before: its hash, the person, the source's uid.
pub type Row = ([u8; 16], i64, Option<String>);

/// Every record imported before, for an import to skip the unchanged ones.
pub fn all(c: &Connection) -> Result<Vec<Row>> {
    let mut st = c.prepare_cached("SELECT hash, person_id, uid FROM import_hash")?;
    let rows = st.query_map([], |r| {
        let hash: String = r.get(0)?;
        Ok((hash, r.get(1)?, r.get(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (hash, person, uid) = row?;
        // A hash that is not one of Kith's never matches.
        if let Some(hash) = from_hex(&hash) {
            out.push((hash, person, uid));
        }
    }
    Ok(out)
}

/// Remembers that the record with this hash went to `person`.
pub fn remember(c: &Connection, hash: &[u8; 16], person: i64, uid: Option<&str>) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO import_hash (hash, person_id, uid) VALUES (?1, ?2, ?3)
         ON CONFLICT (hash) DO UPDATE SET person_id = excluded.person_id, uid = excluded.uid
         WHERE person_id IS NOT excluded.person_id OR uid IS NOT excluded.uid",
    )?
    .execute(params![to_hex(hash), person, uid])?;
    Ok(())
}

fn to_hex(hash: &[u8; 16]) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<[u8; 16]> {
    let bytes = text.as_bytes();
    if bytes.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, pair) in bytes.chunks(2).enumerate() {
        let pair = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(out)
}
