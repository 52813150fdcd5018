//! `kith today --count`: one number (or waybar's JSON) for prompts and bars;
//! `kith notify`: today's items as a desktop notification or an ntfy post.

use std::path::Path;

use anyhow::Result;

use super::args::{CountFormat, SectionArg};
use crate::status::{self, Section, DEFAULT_SECTIONS};
use crate::when::Clock;
use crate::{config, count_cache, notify, today};

fn section(s: SectionArg) -> Section {
    match s {
        SectionArg::Overdue => Section::Overdue,
        SectionArg::Due => Section::Due,
        SectionArg::AfterEvent => Section::AfterEvent,
        SectionArg::NotFollowedUp => Section::NotFollowedUp,
        SectionArg::Reconnect => Section::Reconnect,
        SectionArg::Birthdays => Section::Birthdays,
        SectionArg::Introduce => Section::Introduce,
    }
}

pub fn count(
    sections: &[SectionArg],
    format: Option<CountFormat>,
    path: &Path,
    clock: &Clock,
) -> Result<()> {
    let sections: Vec<Section> = if sections.is_empty() {
        DEFAULT_SECTIONS.to_vec()
    } else {
        sections.iter().copied().map(section).collect()
    };
    let rules = config::Config::load(config::config_path().as_deref())?.cadence_rules()?;
    let counts = count_cache::counts(path, clock.today, &rules)?;
    match format.unwrap_or(CountFormat::Text) {
        CountFormat::Text => println!("{}", status::total(&counts, &sections)),
        CountFormat::Json => println!(
            "{}",
            serde_json::to_string(&status::waybar(&counts, &sections))?
        ),
    }
    Ok(())
}

pub fn notify(ntfy: Option<&str>, print: bool, path: &Path, clock: &Clock) -> Result<()> {
    let rules = config::Config::load(config::config_path().as_deref())?.cadence_rules()?;
    let mut store = super::open_to_read(path)?;
    store.follow_rhythm_rules(&rules)?;
    let t = store.read(|c| today::load(c, clock.today, &rules))?;
    let nudge = notify::nudge(&t);
    if nudge.total == 0 {
        println!("Nothing due today.");
        return Ok(());
    }
    let printed = || {
        println!("{}", nudge.title);
        for l in &nudge.lines {
            println!("  {l}");
        }
    };
    if print {
        printed();
        return Ok(());
    }
    if let Some(url) = ntfy {
        notify::ntfy(url, &nudge).map_err(crate::error::Error::Invalid)?;
        println!(
            "Posted {} to {}.",
            nudge.title.trim_start_matches("Kith: "),
            super::print::safe(url)
        );
        return Ok(());
    }
    if let Err(why) = notify::desktop(&nudge) {
        eprintln!(
            "kith: no desktop notification ({}); printing instead",
            super::print::safe(&why)
        );
        printed();
    }
    Ok(())
}
