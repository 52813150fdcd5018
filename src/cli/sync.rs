//! `kith sync setup` and `kith sync`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Result;

use super::args::SyncSetupArgs;
use super::tasks::print as print_report;
use crate::error::Error;
use crate::store::Store;
use crate::sync::{run, setup};
use crate::when::Clock;

fn config_dir() -> Result<std::path::PathBuf> {
    crate::config::config_path()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .ok_or_else(|| {
            Error::Invalid("cannot find Kith's config folder; set KITH_CONFIG".into()).into()
        })
}

pub fn setup(a: SyncSetupArgs, store: &Path) -> Result<()> {
    let store = std::path::absolute(store)
        .map_err(|e| Error::io(format!("cannot find {}", store.display()), e))?;
    let password_command = match &a.password_command {
        Some(c) => setup::split_command(c)?,
        None => Vec::new(),
    };
    let s = setup::Setup {
        contacts_url: a.contacts_url,
        tasks_url: a.tasks_url,
        username: a.username,
        password_command,
        folders: a.dir.unwrap_or_else(|| setup::default_folders(&store)),
        store,
        config_dir: config_dir()?,
    };
    let w = setup::write(&s, a.force)?;
    println!("Wrote {}", w.config.vdirsyncer_config.display());
    println!("  and {}", w.sync_file.display());
    for (what, dir) in [
        ("Contacts", &w.config.contacts),
        ("Follow-ups", &w.config.tasks),
    ] {
        if let Some(dir) = dir {
            println!("{what} sync through {}", dir.display());
        }
    }
    if !a.no_discover {
        let program = run::vdirsyncer_program();
        run::discover(&program, &w.config.vdirsyncer_config)?;
        println!("vdirsyncer reached the server. Run kith sync to sync.");
    }
    Ok(())
}

pub fn sync(store_path: &Path, clock: &Clock) -> Result<()> {
    let cfg = setup::load(&config_dir()?)?;
    let _lock = run::lock(store_path, || {
        eprintln!("Another kith sync is running on this store; waiting for it to end…");
    })?;
    let mut store = Store::open(store_path)?;
    let tty = std::io::stderr().is_terminal();
    let progress = |step: usize, what: &str| {
        let mut err = std::io::stderr();
        if tty {
            let _ = write!(err, "\r\x1b[2Kkith sync {step}/5: {what}…");
            if step == 5 {
                let _ = writeln!(err);
            }
        } else {
            let _ = writeln!(err, "kith sync {step}/5: {what}");
        }
        let _ = err.flush();
    };
    let out = run::sync(
        &mut store,
        &cfg,
        clock,
        &run::vdirsyncer_program(),
        progress,
    );
    if tty {
        eprintln!();
    }
    let r = out?;
    print_report("In Kith", &r.pulled);
    print_report("Written for the server", &r.pushed);
    let c = r.carried;
    println!(
        "vdirsyncer: {} uploaded, {} deleted on the server; {} downloaded, {} deleted here.",
        c.uploaded, c.deleted_on_server, c.downloaded, c.deleted_here
    );
    Ok(())
}
