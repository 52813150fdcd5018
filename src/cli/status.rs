//! `kith today --count`: one number (or waybar's JSON) for prompts and bars.

use std::path::Path;

use anyhow::Result;

use super::args::{CountFormat, SectionArg};
use crate::status::{self, Section, DEFAULT_SECTIONS};
use crate::when::Clock;
use crate::{config, today};

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
    let mut store = super::open_to_read(path)?;
    // As `kith today` does, so both count the same (a read-only store ranks
    // by the rules it was last written with).
    store.follow_rhythm_rules(&rules)?;
    let counts = today::count(store.conn(), clock.today, &rules)?;
    match format.unwrap_or(CountFormat::Text) {
        CountFormat::Text => println!("{}", status::total(&counts, &sections)),
        CountFormat::Json => println!(
            "{}",
            serde_json::to_string(&status::waybar(&counts, &sections))?
        ),
    }
    Ok(())
}
