//! `kith import`, `kith export` and `kith merge`.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use super::args::{ExportFormat, ImportFormat};
use super::print::safe;
use crate::interop::{self, csv, ics, json, plan, remind, vcard, Format};
use crate::store::interop as db;
use crate::store::{people, Store};
use crate::when::Clock;
use crate::{files, resolve, sanitize};

/// Problems printed in full; the rest are counted.
const SHOWN_PROBLEMS: usize = 50;
/// A progress bar shows once an import has run this long.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);

pub fn import(
    file: &Path,
    format: Option<ImportFormat>,
    dry_run: bool,
    db_path: &Path,
    clock: &Clock,
) -> Result<()> {
    let format = match format {
        Some(ImportFormat::Vcard) => Format::Vcard,
        Some(ImportFormat::Linkedin) => Format::Linkedin,
        Some(ImportFormat::Google) => Format::Google,
        Some(ImportFormat::Json) => Format::Json,
        None => interop::guess(file)?,
    };
    let source = interop::open(file, format)?;
    let total = source.total;
    let mut store = Store::open(db_path)?;

    let started = Instant::now();
    let bar = indicatif::ProgressBar::hidden();
    bar.set_length(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} importing {bar:30} {bytes}/{total_bytes} ({eta})",
    ) {
        bar.set_style(style);
    }
    let interactive = std::io::stderr().is_terminal();
    let mut shown = false;
    let mut progress = |read: u64| {
        if interactive && !shown && started.elapsed() >= PROGRESS_AFTER {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            shown = true;
        }
        bar.set_position(read);
    };
    let summary =
        crate::ops::import::import(&mut store, file, source, dry_run, clock.now, &mut progress)?;
    bar.finish_and_clear();
    report(file, format, &summary);
    if summary.stopped {
        bail!(
            "stopped reading {} before its end (see the problem above); what was read before is kept",
            safe(&file.display().to_string())
        );
    }
    Ok(())
}

fn report(file: &Path, format: Format, s: &plan::Summary) {
    // A closed pipe (`| head`) must not panic: write errors are ignored.
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let verb = if s.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    let _ = writeln!(
        out,
        "{verb} {} ({}): {} added, {} updated, {} unchanged, {} skipped.",
        safe(&file.display().to_string()),
        format.name(),
        s.added,
        s.updated,
        s.unchanged,
        s.skipped
    );
    if s.dry_run {
        let _ = writeln!(out, "Dry run: nothing was written.");
    }
    if s.problems_total() > 0 {
        let _ = writeln!(
            err,
            "{} problem(s): {} record(s) skipped, {} field(s) left out:",
            s.problems_total(),
            s.skipped,
            s.warnings
        );
        for p in s.problems.iter().take(SHOWN_PROBLEMS) {
            let _ = writeln!(err, "  {}", safe(&p.to_string()));
        }
        if s.problems_total() > SHOWN_PROBLEMS {
            let _ = writeln!(err, "  … and {} more", s.problems_total() - SHOWN_PROBLEMS);
        }
    }
    if s.candidates > 0 {
        let _ = writeln!(
            out,
            "{} of the people added may be someone already here (same or similar name); {}",
            s.candidates,
            if s.dry_run {
                "after importing, review them with: kith duplicates (or D on People in kith)"
            } else {
                "review them with: kith duplicates (or D on People in kith)"
            }
        );
    }
}

/// Where an export goes: standard output, a file, or a vdir folder.
pub struct Target<'a> {
    pub output: Option<&'a Path>,
    pub vdir: Option<&'a Path>,
    /// Replace files that already exist (never the store).
    pub force: bool,
}

/// Writes to `output`, or standard output, through the same sanitising
/// either way; a file is written whole or not at all (see `files`).
fn with_output(
    output: Option<&Path>,
    mode: sanitize::Mode,
    f: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let fill = |w: &mut dyn Write| -> crate::Result<Option<anyhow::Error>> {
        let mut safe = sanitize::Writer::new(w, mode);
        if let Err(e) = f(&mut safe) {
            return Ok(Some(e));
        }
        safe.finish()
            .map_err(|e| crate::Error::io("cannot write the export", e))?;
        Ok(None)
    };
    let failed = match output {
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            let failed = fill(&mut w)?;
            w.flush().context("cannot write to standard output")?;
            failed
        }
        Some(path) => files::write_whole(path, fill)?,
    };
    match failed {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

pub fn export(
    format: Option<ExportFormat>,
    target: Target,
    db_path: &Path,
    clock: &Clock,
) -> Result<()> {
    if let Some(path) = target.output {
        files::check_target(path, db_path, target.force)?;
    }
    let store = Store::open_existing(db_path)?;
    let c = store.conn();
    if let Some(dir) = target.vdir {
        if format.is_some_and(|f| f != ExportFormat::Vcard) {
            bail!("--vdir writes vCards; leave out --format or give --format vcard");
        }
        let n = export_vdir(&store, dir, db_path, target.force)?;
        eprintln!("Wrote {n} cards to {}.", safe(&dir.display().to_string()));
        return Ok(());
    }
    let Some(format) = format else {
        bail!("give --format vcard, json, csv, ics or remind (or --vdir DIR)");
    };
    let mode = if format == ExportFormat::Json {
        sanitize::Mode::Json
    } else {
        sanitize::Mode::Text
    };
    let mut count = 0usize;
    with_output(target.output, mode, |w| {
        match format {
            ExportFormat::Vcard => db::for_each_person(c, |p| {
                count += 1;
                vcard::write(w, &p).map_err(|e| crate::Error::io("cannot write the vCards", e))
            })?,
            ExportFormat::Json => {
                let mut jw = json::Writer::new(w, &db::events(c)?)?;
                db::for_each_person(c, |p| {
                    count += 1;
                    jw.person(&p)
                })?;
                let relations = json::Relations {
                    links: crate::store::links::all(c)?,
                    intros: crate::store::intros::all(c)?,
                };
                jw.finish(&db::loose_reminders(c)?, &relations)?;
            }
            ExportFormat::Csv => {
                let mut cw = csv::PeopleWriter::new(w)?;
                db::for_each_person(c, |p| {
                    count += 1;
                    cw.person(&p)
                })?;
                cw.finish()?;
            }
            ExportFormat::Ics => {
                let mut iw = ics::Writer::new(w, clock.now)?;
                for r in db::open_reminders(c)? {
                    count += 1;
                    iw.reminder(&r)?;
                }
                db::for_each_person(c, |p| match &p.fields.birthday {
                    Some(b) if p.meta.archived_at.is_none() => {
                        count += 1;
                        iw.birthday(&p.uid, &p.fields.name, b)
                    }
                    _ => Ok(()),
                })?;
                iw.finish()?;
            }
            ExportFormat::Remind => {
                let mut rw = remind::Writer::new(w, clock.today)?;
                for r in db::open_reminders(c)? {
                    count += 1;
                    rw.reminder(&r)?;
                }
                db::for_each_person(c, |p| match &p.fields.birthday {
                    Some(b) if p.meta.archived_at.is_none() => {
                        count += 1;
                        rw.birthday(&p.fields.name, b)
                    }
                    _ => Ok(()),
                })?;
                rw.finish()?;
            }
        }
        Ok(())
    })?;
    if let Some(path) = target.output {
        let what = if matches!(format, ExportFormat::Ics | ExportFormat::Remind) {
            "entries"
        } else {
            "people"
        };
        eprintln!(
            "Wrote {count} {what} to {}.",
            safe(&path.display().to_string())
        );
    }
    Ok(())
}

/// One card per person in `dir` (created 0700), each written whole and 0600.
/// A card already there is replaced only with `force`, and checked before
/// anything is written, so a refusal leaves the folder as it was.
fn export_vdir(store: &Store, dir: &Path, db_path: &Path, force: bool) -> Result<usize> {
    if dir.exists() && !dir.is_dir() {
        bail!("{} is not a folder", safe(&dir.display().to_string()));
    }
    files::create_private_dir(dir)?;
    // Both passes read one snapshot, so they see the same people in the same order.
    let snapshot = store.conn().unchecked_transaction()?;
    let mut names = Vec::new();
    let mut seen = std::collections::HashSet::new();
    db::for_each_person(store.conn(), |p| {
        let mut name = vcard::file_name(&p.uid);
        // Two uids that differ only in unsafe characters must not share a file.
        while !seen.insert(name.clone()) {
            name = format!("{}-{}.vcf", name.trim_end_matches(".vcf"), seen.len());
        }
        files::check_target(&dir.join(&name), db_path, force)?;
        names.push(name);
        Ok(())
    })?;
    let mut n = 0;
    let mut names = names.into_iter();
    db::for_each_person(store.conn(), |p| {
        let Some(name) = names.next() else {
            return Ok(());
        };
        let path = dir.join(&name);
        files::write_whole(&path, |w| {
            let mut safe = sanitize::Writer::new(w, sanitize::Mode::Text);
            safe.write_all(vcard::to_vcard(&p).as_bytes())
                .and_then(|_| safe.finish().map(|_| ()))
                .map_err(|e| crate::Error::io(format!("cannot write {}", path.display()), e))
        })?;
        n += 1;
        Ok(())
    })?;
    snapshot.finish()?;
    Ok(n)
}

pub fn merge(person: &str, duplicate: &str, db_path: &Path, clock: &Clock) -> Result<()> {
    let mut store = Store::open(db_path)?;
    let keep = resolve::person(store.conn(), person)?;
    let drop = resolve::person(store.conn(), duplicate)?;
    if keep == drop {
        bail!(
            "\"{}\" and \"{}\" are the same person",
            safe(person),
            safe(duplicate)
        );
    }
    let keep_label = people::label(store.conn(), keep)?;
    let drop_label = people::label(store.conn(), drop)?;
    let m = crate::ops::duplicates::merge_people(&mut store, keep, drop, &[], clock)?;
    println!(
        "Merged {} into {}: {} notes, {} meetings, {} follow-ups, {} contact points, {} tags, {} links, {} introductions moved.",
        safe(&drop_label),
        safe(&keep_label),
        m.notes,
        m.meetings,
        m.reminders,
        m.contact_points,
        m.tags,
        m.links,
        m.intros
    );
    Ok(())
}
