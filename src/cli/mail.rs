//! `kith mail log` and `kith mail scan`: touches from mail.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use anyhow::{Context, Result};

use super::args::{MailArgs, MailCommand};
use super::print::safe;
use crate::error::Error;
use crate::mail::{self, Party};
use crate::ops::mail::{self as ops, Options, Outcome};
use crate::when::Clock;
use crate::{config, store::Store};

/// Unknown addresses and problems printed in full; the rest are counted.
const SHOWN: usize = 20;
/// The most of standard input read: a message's headers are well within it.
const STDIN_LIMIT: u64 = 64 * 1024 * 1024;

pub fn run(command: MailCommand, path: &Path, clock: &Clock) -> Result<()> {
    let config = config::Config::load(config::config_path().as_deref())?;
    let (args, maildirs) = match command {
        MailCommand::Log(a) => (a, None),
        MailCommand::Scan { maildirs, args } => (args, Some(maildirs)),
    };
    let opts = options(&args, &config);
    if opts.mine.is_empty() {
        eprintln!(
            "kith: no address of yours is known (`[me] emails = [...]` in the config, or --me), \
             so every message counts as received"
        );
    }
    match maildirs {
        None => {
            let mut raw = Vec::new();
            std::io::stdin()
                .take(STDIN_LIMIT)
                .read_to_end(&mut raw)
                .context("cannot read the message on standard input")?;
            let m =
                mail::parse(&raw).map_err(|e| Error::Invalid(format!("standard input: {e}")))?;
            let mut store = Store::open(path)?;
            let out = ops::log_one(&mut store, &m, &opts, clock)?;
            if args.json {
                println!("{}", super::print::json(&report_json(&out))?);
            } else {
                report_one(&out);
            }
        }
        Some(dirs) => {
            let mut store = Store::open(path)?;
            let bar = indicatif::ProgressBar::hidden();
            if std::io::stderr().is_terminal() {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} reading mail {bar:30} {pos}/{len} ({eta})",
            ) {
                bar.set_style(style);
            }
            let out = ops::scan(
                &mut store,
                &dirs,
                &opts,
                clock,
                &mut |n| bar.set_length(n),
                &mut |n| bar.set_position(n),
            )?;
            bar.finish_and_clear();
            if args.json {
                println!("{}", super::print::json(&report_json(&out))?);
            } else {
                report_scan(&out);
            }
        }
    }
    Ok(())
}

fn options(args: &MailArgs, config: &config::Config) -> Options {
    let mut mine: Vec<String> = config
        .me
        .emails
        .iter()
        .chain(args.me.iter())
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty())
        .collect();
    mine.dedup();
    Options {
        mine,
        received: config.mail.log_received && !args.sent_only,
        add: args.add,
    }
}

/// A word for the shell, whatever it holds: single-quoted, one line.
fn shell_word(s: &str) -> String {
    let s = safe(s);
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "@.-_+".contains(c))
    {
        return s;
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn suggestion(p: &Party) -> String {
    format!(
        "kith add {} --email {}",
        shell_word(&mail::name_for(p)),
        shell_word(&p.email)
    )
}

fn report_common(out: &mut impl Write, o: &Outcome) -> std::io::Result<()> {
    for (id, name, email) in &o.added {
        writeln!(out, "Added {} <{}> (#{id}).", safe(name), safe(email))?;
    }
    for (p, ids) in &o.maybe_here {
        let ids: Vec<String> = ids.iter().map(|i| format!("#{i}")).collect();
        writeln!(
            out,
            "Not added: {} may be {} already; add the address with kith edit person {} --add-email {}, or {} --new",
            safe(&p.email),
            ids.join(" or "),
            shell_word(ids.first().map(String::as_str).unwrap_or_default()),
            shell_word(&p.email),
            suggestion(p)
        )?;
    }
    for (email, ids) in &o.shared {
        let ids: Vec<String> = ids.iter().map(|i| format!("#{i}")).collect();
        writeln!(
            out,
            "Not logged: {} belongs to {}; merge them first (kith duplicates).",
            safe(email),
            ids.join(", ")
        )?;
    }
    let mut unknown = o.unknown.clone();
    unknown.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.email.cmp(&b.0.email)));
    for (p, n) in unknown.iter().take(SHOWN) {
        let times = if *n > 1 {
            format!(" ({n} messages)")
        } else {
            String::new()
        };
        writeln!(
            out,
            "Not in Kith: {}{times} \u{2014} {}",
            safe(&p.email),
            suggestion(p)
        )?;
    }
    if unknown.len() > SHOWN {
        writeln!(
            out,
            "\u{2026} and {} more addresses not in Kith (--add adds them).",
            unknown.len() - SHOWN
        )?;
    }
    Ok(())
}

/// The whole report for scripts: every list in full, each address with
/// the person it is (`id`, `name`) or the `kith add` that would add it.
fn report_json(o: &Outcome) -> serde_json::Value {
    use serde_json::json;
    let mut unknown = o.unknown.clone();
    unknown.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.email.cmp(&b.0.email)));
    json!({
        "messages": o.messages,
        "logged": o.logged.iter().map(|t| json!({
            "id": t.person_id, "name": t.name, "email": t.email, "body": t.body,
        })).collect::<Vec<_>>(),
        "already": o.already,
        "unknown": unknown.iter().map(|(p, n)| json!({
            "email": p.email, "name": p.name, "messages": n, "add": suggestion(p),
        })).collect::<Vec<_>>(),
        "added": o.added.iter().map(|(id, name, email)| json!({
            "id": id, "name": name, "email": email,
        })).collect::<Vec<_>>(),
        "maybe_here": o.maybe_here.iter().map(|(p, ids)| json!({
            "email": p.email, "name": p.name, "ids": ids,
        })).collect::<Vec<_>>(),
        "shared": o.shared.iter().map(|(email, ids)| json!({
            "email": email, "ids": ids,
        })).collect::<Vec<_>>(),
        "problems": o.problems.iter().map(|(where_, why)| json!({
            "where": where_, "why": why,
        })).collect::<Vec<_>>(),
    })
}

fn report_one(o: &Outcome) {
    // A closed pipe must not panic: write errors are ignored.
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = (|| -> std::io::Result<()> {
        for t in &o.logged {
            writeln!(
                out,
                "Logged talk for {} <{}>: {}",
                safe(&t.name),
                safe(&t.email),
                safe(&t.body)
            )?;
        }
        if o.already > 0 {
            writeln!(
                out,
                "Already logged from this message: {} touch{}.",
                o.already,
                if o.already == 1 { "" } else { "es" }
            )?;
        }
        report_common(&mut out, o)?;
        if o.logged.is_empty() && o.already == 0 && o.unknown.is_empty() && o.added.is_empty() {
            writeln!(out, "Nothing to log: nobody in this message is a touch.")?;
        }
        Ok(())
    })();
}

fn report_scan(o: &Outcome) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = (|| -> std::io::Result<()> {
        let mut people: Vec<i64> = o.logged.iter().map(|t| t.person_id).collect();
        people.sort_unstable();
        people.dedup();
        writeln!(
            out,
            "Read {} messages: logged {} touches with {} people ({} already logged).",
            o.messages,
            o.logged.len(),
            people.len(),
            o.already
        )?;
        report_common(&mut out, o)?;
        Ok(())
    })();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for (where_, why) in o.problems.iter().take(SHOWN) {
        let _ = writeln!(err, "kith: {}: {}; skipped", safe(where_), safe(why));
    }
    if o.problems.len() > SHOWN {
        let _ = writeln!(
            err,
            "kith: \u{2026} and {} more messages skipped",
            o.problems.len() - SHOWN
        );
    }
}
