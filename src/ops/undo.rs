//! Taking changes back, newest first, one step at a time.

use crate::error::Result;
use crate::store::undo::{self, Step};
use crate::store::Store;

/// Undoes the newest change and says what it was; `None` when there is none.
pub fn undo(store: &mut Store) -> Result<Option<String>> {
    store.undo_last()
}

/// The changes that can be undone, newest first.
pub fn history(store: &Store, limit: usize) -> Result<Vec<Step>> {
    undo::steps(store.conn(), limit)
}
