//! Importing a file: however many transactions it takes, one undo step.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::interop::plan::{self, Summary};
use crate::interop::Source;
use crate::store::Store;

pub fn import(
    store: &mut Store,
    file: &Path,
    source: Source,
    dry_run: bool,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u64),
) -> Result<Summary> {
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let label = format!("Imported {name}");
    store.as_one_step(&label, |store| {
        plan::import(store, source, dry_run, now, progress)
    })
}
