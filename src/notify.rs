//! Today's due items as a nudge: a desktop notification over D-Bus, a post
//! to an ntfy topic, or printed lines when neither is there.

use std::sync::mpsc;
use std::time::Duration;

use crate::status::{self, DEFAULT_SECTIONS};
use crate::text_width;
use crate::today::Today;

/// Lines a notification lists; the rest are counted.
pub const SHOWN: usize = 10;
/// How long the desktop and ntfy get to answer.
const TIMEOUT: Duration = Duration::from_secs(10);

/// What a nudge says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nudge {
    /// "Kith: 3 to do today"
    pub title: String,
    /// One line per item, the first [`SHOWN`] of them.
    pub lines: Vec<String>,
    /// How many items in all.
    pub total: usize,
}

fn one_line(s: &str, width: usize) -> String {
    text_width::cut(crate::sanitize::one_line(s).trim(), width)
}

/// The nudge for a day: follow-ups overdue and due, after-event follow-ups,
/// reconnects and birthdays, in Today's order.
pub fn nudge(t: &Today) -> Nudge {
    let mut lines: Vec<String> = Vec::new();
    for f in &t.overdue {
        lines.push(format!(
            "Overdue: {} \u{2014} {} (#{}, {})",
            one_line(f.reminder.person.as_deref().unwrap_or("\u{2014}"), 40),
            one_line(&f.reminder.body, 80),
            f.reminder.id,
            f.reminder.shows_on().format("%-d %b")
        ));
    }
    for f in &t.due {
        lines.push(format!(
            "Due: {} \u{2014} {} (#{})",
            one_line(f.reminder.person.as_deref().unwrap_or("\u{2014}"), 40),
            one_line(&f.reminder.body, 80),
            f.reminder.id
        ));
    }
    for p in &t.after_event {
        lines.push(format!(
            "Follow up: {} \u{2014} {}",
            one_line(&p.person, 40),
            one_line(&p.why, 80)
        ));
    }
    for p in &t.reconnect {
        lines.push(format!(
            "Reconnect: {} \u{2014} {}",
            one_line(&p.person, 40),
            one_line(&p.why, 80)
        ));
    }
    let total = status::total(&t.counts, &DEFAULT_SECTIONS);
    for b in &t.birthdays {
        lines.push(format!(
            "Birthday: {}, {}",
            one_line(&b.person, 40),
            b.date.format("%a %-d %b")
        ));
    }
    let all = total + t.counts.birthdays;
    let title = match total {
        0 => "Kith: nothing due today".to_string(),
        1 => "Kith: 1 to do today".to_string(),
        n => format!("Kith: {n} to do today"),
    };
    let shown_total = all.max(lines.len());
    lines.truncate(SHOWN);
    if shown_total > lines.len() {
        lines.push(format!(
            "\u{2026} and {} more (kith today)",
            shown_total - lines.len()
        ));
    }
    Nudge {
        title,
        lines,
        total: all,
    }
}

/// Text for a notification body, which servers read as markup.
fn markup_escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Shows the nudge on the desktop (org.freedesktop.Notifications over the
/// session bus). An error says why not: no bus, no notification daemon, or
/// no answer within the timeout.
pub fn desktop(n: &Nudge) -> Result<(), String> {
    let summary = n.title.clone();
    let body = markup_escaped(&n.lines.join("\n"));
    let (tx, rx) = mpsc::channel();
    // A bus that never answers must not hang a morning timer: the call runs
    // on its own thread and is given up after the timeout.
    std::thread::spawn(move || {
        let shown = notify_rust::Notification::new()
            .appname("kith")
            .summary(&summary)
            .body(&body)
            .icon("contact-new")
            .timeout(notify_rust::Timeout::Milliseconds(15_000))
            .show()
            .map(|_| ())
            .map_err(|e| e.to_string());
        let _ = tx.send(shown);
    });
    match rx.recv_timeout(TIMEOUT) {
        Ok(r) => r,
        Err(_) => Err("the notification service did not answer".into()),
    }
}

/// Posts the nudge to an ntfy topic (`https://ntfy.sh/TOPIC` or a server of
/// your own): the title as ntfy's Title, the lines as the message.
pub fn ntfy(url: &str, n: &Nudge) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(format!(
            "{url} is not an ntfy topic URL (https://ntfy.sh/TOPIC, or http(s)://your-server/TOPIC)"
        ));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .build()
        .into();
    // Header values must be ASCII: the title is, the lines go in the body.
    agent
        .post(url)
        .header("Title", &n.title)
        .header("Tags", "busts_in_silhouette")
        .header("Content-Type", "text/plain; charset=utf-8")
        .send(n.lines.join("\n"))
        .map(|_| ())
        .map_err(|e| format!("posting to {url} failed: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_name_stays_text() {
        assert_eq!(
            markup_escaped("<b>Anna</b> & <a href=x>"),
            "&lt;b&gt;Anna&lt;/b&gt; &amp; &lt;a href=x&gt;"
        );
    }

    #[test]
    fn an_empty_day_says_so() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        let n = nudge(&Today::empty(day));
        assert_eq!(n.title, "Kith: nothing due today");
        assert!(n.lines.is_empty());
        assert!(ntfy("ftp://x", &n).is_err());
    }
}
