//! `kith backup` and `kith check`.

use std::path::Path;

use anyhow::Result;

use crate::error::Error;
use crate::store::{maintenance, Store};

/// A store that must be there already: backing up or repairing a path
/// typed wrong must not create an empty store (and its folders) there.
fn existing(path: &Path) -> Result<()> {
    if !path.is_file() {
        return Err(Error::Invalid(format!("there is no store at {}", path.display())).into());
    }
    Ok(())
}

pub fn backup(path: &Path, dir: Option<&Path>, keep: u32) -> Result<()> {
    existing(path)?;
    let store = Store::open(path)?;
    let dir = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| maintenance::default_backup_dir(path));
    let report = maintenance::backup_to_dir(
        store.conn(),
        path,
        &dir,
        chrono::Local::now(),
        keep as usize,
    )?;
    println!(
        "Backed up to {} ({} KiB).",
        report.path.display(),
        report.bytes.div_ceil(1024)
    );
    if !report.removed.is_empty() {
        println!(
            "Removed {} older backup(s), keeping the newest {keep}.",
            report.removed.len()
        );
    }
    Ok(())
}

pub fn check(path: &Path, repair: bool) -> Result<()> {
    if repair {
        existing(path)?;
        let mut store = crate::store::Store::open(path)?;
        let done = store.maintain(|tx| maintenance::repair(tx))?;
        println!(
            "Matched the {} marked notes again from scratch, summed up the touches of {} people and the activity per day again, and built the search indexes again.",
            done.marked_notes, done.summaries
        );
    }
    let report = maintenance::check(path)?;
    if report.ok() {
        println!(
            "Store OK: {} (schema v{}, {} people, {} notes, {} pages). Integrity, foreign keys, the search index, every stored date, links, introductions, the matches of needs and offers and the kept summaries check out.",
            path.display(),
            report.schema_version,
            report.people,
            report.notes,
            report.pages
        );
        let current = crate::store::MIGRATIONS.len() as i64;
        if report.schema_version < current {
            // Each step commits with its version: an earlier one is whole.
            println!(
                "Its schema is older than this Kith's (left by an interrupted migration or an older Kith); the next kith command migrates it to v{current}."
            );
        }
        return Ok(());
    }
    println!("Problems in {}:", path.display());
    for p in &report.problems {
        println!("  {}", crate::sanitize::one_line(p));
    }
    let derived = report.problems.iter().all(|p| maintenance::is_derived(p));
    let advice = if derived {
        "only derived data is off: kith check --repair matches every need and offer again, sums up the kept summaries again and builds the search indexes again"
    } else {
        "restore a backup (kith backup writes them) or copy the store before changing it"
    };
    Err(Error::Invalid(format!(
        "the store failed its check ({} problem(s)); {advice}",
        report.problems.len()
    ))
    .into())
}
