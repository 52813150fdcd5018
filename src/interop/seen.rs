//! Records read before. An import keeps a hash of each record it wrote (the
//! card's bytes, or a row's fields) with the person it went to; reading the
//! same record again, unchanged, skips it without parsing, matching or
//! writing it, so a re-import costs little more than reading the file.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use sha2::{Digest, Sha256};

use super::{Format, Record};

/// The first 16 bytes of a SHA-256.
pub type Hash = [u8; 16];

/// Changed whenever a reader makes something else of the same bytes, so
/// that records read by an older Kith are read again rather than skipped.
const READER_VERSION: &[u8] = b"kith import 1\0";

fn finish(h: Sha256) -> Hash {
    let full = h.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// The hash of a record as its file holds it (a vCard's bytes).
pub fn of_bytes(format: Format, bytes: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update(READER_VERSION);
    h.update(format.name().as_bytes());
    h.update([0]);
    h.update(bytes);
    finish(h)
}

/// The hash of a record as read (a CSV row, a person of a JSON dump): what
/// it says, not where in the file it is.
pub fn of_record(format: Format, r: &Record) -> Hash {
    let mut h = Sha256::new();
    h.update(READER_VERSION);
    h.update(format.name().as_bytes());
    h.update([0]);
    let content = format!(
        "{:?}",
        (
            &r.uid,
            r.uid_derived,
            &r.fields,
            &r.contact_points,
            &r.tags,
            &r.notes,
            &r.meetings,
            &r.reminders,
            &r.meta,
        )
    );
    h.update(content.as_bytes());
    finish(h)
}

/// Who a record read before went to, and the uid its source gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub person: i64,
    pub uid: Option<String>,
}

/// The records of the store read before, shared with the reading thread.
/// Set once, when the import starts; empty until then.
#[derive(Debug, Clone, Default)]
pub struct Known(Arc<OnceLock<HashMap<Hash, Seen>>>);

impl Known {
    pub fn set(&self, seen: HashMap<Hash, Seen>) {
        // Set once per source; a second set (never done) would keep the first.
        let _ = self.0.set(seen);
    }

    pub fn get(&self, hash: &Hash) -> Option<&Seen> {
        self.0.get().and_then(|m| m.get(hash))
    }

    pub fn contains(&self, hash: &Hash) -> bool {
        self.get(hash).is_some()
    }
}
