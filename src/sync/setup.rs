//! `kith sync setup`: a vdirsyncer config for a CardDAV address book and a
//! CalDAV task list, the local vdir folders it syncs, and Kith's own note of
//! which folders belong to which store (`sync.toml`). Kith never stores a
//! password: vdirsyncer runs the password command each time it needs one.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The file, in Kith's config folder, that says what `kith sync` syncs.
pub const SYNC_FILE: &str = "sync.toml";
/// The vdirsyncer config Kith writes, beside it.
pub const VDIRSYNCER_FILE: &str = "vdirsyncer.conf";

/// What `kith sync` syncs, as `kith sync setup` wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncConfig {
    /// The store these folders belong to.
    pub store: PathBuf,
    pub vdirsyncer_config: PathBuf,
    /// The contacts vdir (one .vcf per person).
    pub contacts: Option<PathBuf>,
    /// The task vdir (one .ics per follow-up).
    pub tasks: Option<PathBuf>,
}

/// What to set up.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The CardDAV address book (a collection URL).
    pub contacts_url: Option<String>,
    /// The CalDAV task list (a collection URL).
    pub tasks_url: Option<String>,
    pub username: Option<String>,
    /// The command that prints the password (e.g. `pass show dav/kith`).
    pub password_command: Vec<String>,
    /// Where the local folders go.
    pub folders: PathBuf,
    pub store: PathBuf,
    /// Kith's config folder.
    pub config_dir: PathBuf,
}

/// The folder the vdirs go in when none is given: `vdir` beside the store.
pub fn default_folders(store: &Path) -> PathBuf {
    store
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("vdir")
}

/// Splits a password command as a shell would split simple words: spaces
/// separate, quotes ('…' or "…") keep spaces, a backslash keeps the next character.
pub fn split_command(s: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    while let Some(ch) = chars.next() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') | (None, '\\') => {
                if let Some(next) = chars.next() {
                    word.push(next);
                }
                in_word = true;
            }
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(ch);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err(Error::Invalid(format!(
            "the password command {s:?} has a quote that is not closed"
        )));
    }
    if in_word {
        out.push(word);
    }
    Ok(out)
}

/// A value as vdirsyncer's config reads it (JSON).
fn json(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn check_url(what: &str, url: &str) -> Result<()> {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "{what} {url:?} is not an http(s) URL (give the collection's address, e.g. https://cloud.example/remote.php/dav/addressbooks/users/me/contacts/)"
        )))
    }
}

/// The vdirsyncer config text for a setup.
pub fn vdirsyncer_config(s: &Setup) -> String {
    let folders = s.folders.to_string_lossy();
    let mut out = format!(
        "# Written by `kith sync setup`. Kith never stores a password: vdirsyncer\n\
         # runs the password command each time it needs one.\n\
         [general]\nstatus_path = {}\n",
        json(&format!("{folders}/status/"))
    );
    let pairs = [
        ("contacts", &s.contacts_url, "carddav", ".vcf", None),
        ("tasks", &s.tasks_url, "caldav", ".ics", Some("[\"VTODO\"]")),
    ];
    for (name, url, kind, ext, items) in pairs {
        let Some(url) = url else { continue };
        // Kith merges both sides itself before every upload. vdirsyncer sees
        // an item changed on both sides only after a send that did not finish;
        // Kith's version then goes up ("b wins" would make the next pull take
        // Kith's unsent changes for changes undone on the server, and no
        // resolution would stop every later sync at that item).
        out.push_str(&format!(
            "\n[pair kith_{name}]\na = \"kith_{name}_local\"\nb = \"kith_{name}_remote\"\n\
             collections = null\nconflict_resolution = \"a wins\"\n\
             \n[storage kith_{name}_local]\ntype = \"filesystem\"\npath = {}\nfileext = \"{ext}\"\n\
             \n[storage kith_{name}_remote]\ntype = \"{kind}\"\nurl = {}\n",
            json(&format!("{folders}/{name}/")),
            json(url)
        ));
        if let Some(items) = items {
            out.push_str(&format!("item_types = {items}\n"));
        }
        if let Some(user) = &s.username {
            out.push_str(&format!("username = {}\n", json(user)));
        }
        if !s.password_command.is_empty() {
            let words: Vec<String> = std::iter::once("command")
                .chain(s.password_command.iter().map(String::as_str))
                .map(json)
                .collect();
            out.push_str(&format!("password.fetch = [{}]\n", words.join(", ")));
        }
    }
    out
}

/// What `write` made.
#[derive(Debug, Clone)]
pub struct Written {
    pub sync_file: PathBuf,
    pub config: SyncConfig,
}

/// Writes the vdirsyncer config and `sync.toml` (0600) and makes the folders
/// (0700). An existing setup is replaced only with `force`.
pub fn write(s: &Setup, force: bool) -> Result<Written> {
    if s.contacts_url.is_none() && s.tasks_url.is_none() {
        return Err(Error::Invalid(
            "give --contacts-url (a CardDAV address book), --tasks-url (a CalDAV task list) or both".into(),
        ));
    }
    for (what, url) in [
        ("--contacts-url", &s.contacts_url),
        ("--tasks-url", &s.tasks_url),
    ] {
        if let Some(url) = url {
            check_url(what, url)?;
        }
    }
    let sync_file = s.config_dir.join(SYNC_FILE);
    if sync_file.exists() && !force {
        return Err(Error::Invalid(format!(
            "{} already sets up a sync; pass --force to replace it",
            sync_file.display()
        )));
    }
    crate::files::create_private_dir(&s.config_dir)?;
    crate::files::create_private_dir(&s.folders)?;
    let folders = std::fs::canonicalize(&s.folders)
        .map_err(|e| Error::io(format!("cannot open {}", s.folders.display()), e))?;
    let s = Setup {
        folders: folders.clone(),
        ..s.clone()
    };
    let mut config = SyncConfig {
        store: s.store.clone(),
        vdirsyncer_config: s.config_dir.join(VDIRSYNCER_FILE),
        contacts: None,
        tasks: None,
    };
    if s.contacts_url.is_some() {
        let dir = folders.join("contacts");
        crate::files::create_private_dir(&dir)?;
        config.contacts = Some(dir);
    }
    if s.tasks_url.is_some() {
        let dir = folders.join("tasks");
        crate::files::create_private_dir(&dir)?;
        config.tasks = Some(dir);
    }
    let text = vdirsyncer_config(&s);
    crate::files::write_whole(&config.vdirsyncer_config, |w| {
        w.write_all(text.as_bytes())
            .map_err(|e| Error::io("cannot write the vdirsyncer config", e))
    })?;
    let toml = toml::to_string(&config)
        .map_err(|e| Error::Invalid(format!("cannot write {}: {e}", sync_file.display())))?;
    crate::files::write_whole(&sync_file, |w| {
        w.write_all(toml.as_bytes())
            .map_err(|e| Error::io(format!("cannot write {}", sync_file.display()), e))
    })?;
    Ok(Written { sync_file, config })
}

/// The sync set up in Kith's config folder.
pub fn load(config_dir: &Path) -> Result<SyncConfig> {
    let path = config_dir.join(SYNC_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::Invalid(format!(
                "no sync is set up ({} is missing): run kith sync setup first",
                path.display()
            )))
        }
        Err(e) => return Err(Error::io(format!("cannot read {}", path.display()), e)),
    };
    toml::from_str(&text).map_err(|e| Error::Invalid(format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_commands_split_like_a_shell() {
        assert_eq!(
            split_command("pass show 'dav/my kith'").unwrap(),
            ["pass", "show", "dav/my kith"]
        );
        assert_eq!(
            split_command(r#"sh -c "echo \"x y\"""#).unwrap(),
            ["sh", "-c", "echo \"x y\""]
        );
        assert_eq!(split_command("  ").unwrap(), Vec::<String>::new());
        assert!(split_command("pass 'open").is_err());
    }

    #[test]
    fn the_config_quotes_every_value_and_holds_no_password() {
        let s = Setup {
            contacts_url: Some("https://dav.example/u/contacts/".into()),
            tasks_url: Some("https://dav.example/u/tasks/".into()),
            username: Some("me\"@example".into()),
            password_command: vec!["pass".into(), "show".into(), "dav \"k\"".into()],
            folders: PathBuf::from("/home/me/.local/share/kith/vdir"),
            store: PathBuf::from("/home/me/.local/share/kith/kith.db"),
            config_dir: PathBuf::from("/home/me/.config/kith"),
        };
        let text = vdirsyncer_config(&s);
        assert!(text.contains("username = \"me\\\"@example\"\n"), "{text}");
        assert!(
            text.contains(
                "password.fetch = [\"command\", \"pass\", \"show\", \"dav \\\"k\\\"\"]\n"
            ),
            "{text}"
        );
        assert!(text.contains("item_types = [\"VTODO\"]\n"), "{text}");
        assert!(
            text.contains("path = \"/home/me/.local/share/kith/vdir/tasks/\"\n"),
            "{text}"
        );
        assert!(!text.contains("password ="), "{text}");
    }
}
