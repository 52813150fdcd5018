//! Matches between open needs and other people's offers, as give ideas:
//! "José is looking for a hardware investor — Ingrid invests in hardware:
//! introduce them?". Read from the derived table the store keeps current
//! (`store::needs`), never matched per query.

use crate::error::Result;
pub use crate::needs::GiveMatch;
use crate::store::needs as store_needs;
use rusqlite::Connection;

/// How many matches Today shows at most.
pub const TODAY_LIMIT: usize = 5;

/// The best matches for Today, and how many there are in all.
pub fn best(c: &Connection, limit: usize) -> Result<(Vec<GiveMatch>, usize)> {
    let (list, total) = store_needs::best(c, limit)?;
    Ok((list.into_iter().map(GiveMatch::from).collect(), total))
}

/// The matches a person is part of, for their brief and screen.
pub fn for_person(c: &Connection, person_id: i64, limit: usize) -> Result<Vec<GiveMatch>> {
    Ok(store_needs::for_person_matches(c, person_id, limit)?
        .into_iter()
        .map(GiveMatch::from)
        .collect())
}
