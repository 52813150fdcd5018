//! `kith query`: address completion in the format mutt's and neomutt's
//! `query_command` read — a status line, then `email<TAB>name<TAB>other` per
//! address — or, with `--no-header`, the lines alone, as aerc's
//! `address-book-cmd` reads them.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::addressbook;
use crate::error::Error;
use crate::sanitize;

/// A field on one line, without the tabs that separate fields: mutt splits
/// on every tab and newline, so one inside a name would shift the columns.
fn field(s: &str) -> String {
    sanitize::one_line(s).trim().to_string()
}

/// One address as `--json` gives it.
#[derive(serde::Serialize)]
struct JsonAddress<'a> {
    id: i64,
    name: &'a str,
    email: &'a str,
    company: Option<&'a str>,
    tags: Vec<&'a str>,
}

pub fn run(text: &str, no_header: bool, json: bool, path: &Path) -> Result<()> {
    let store = super::open_to_read(path)?;
    let found = store.read(|c| addressbook::lookup(c, text))?;
    if json {
        // Nobody matching is an empty list, as `search --json` gives it.
        let list: Vec<JsonAddress> = found
            .iter()
            .map(|a| JsonAddress {
                id: a.person_id,
                name: &a.name,
                email: &a.email,
                company: a.company.as_deref(),
                tags: a.tags.split_whitespace().collect(),
            })
            .collect();
        println!("{}", super::print::json(&list)?);
        return Ok(());
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let shown = field(text);
    if found.is_empty() {
        // mutt shows the status line as the error when the command fails.
        if !no_header {
            writeln!(out, "kith: nobody with an email matches \"{shown}\"")?;
        }
        out.flush()?;
        return Err(Error::PersonNotFound(shown).into());
    }
    if !no_header {
        let people = {
            let mut ids: Vec<i64> = found.iter().map(|a| a.person_id).collect();
            ids.dedup();
            ids.len()
        };
        let s = if found.len() == 1 { "" } else { "es" };
        let p = if people == 1 { "person" } else { "people" };
        writeln!(
            out,
            "kith: {} address{s} of {people} {p} for \"{shown}\"",
            found.len()
        )?;
    }
    for a in &found {
        let other = field(&addressbook::other(a));
        let line = if other.is_empty() {
            format!("{}\t{}", field(&a.email), field(&a.name))
        } else {
            format!("{}\t{}\t{other}", field(&a.email), field(&a.name))
        };
        writeln!(out, "{line}")?;
    }
    Ok(())
}
