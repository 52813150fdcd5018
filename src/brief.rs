//! The brief: a paste-ready summary of a person to read before writing to them.

use chrono::NaiveDate;

use crate::model::{NoteKind, PersonDetail};
use crate::sanitize::one_line;
use crate::when::{local_date, relative};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Markdown,
}

/// How many notes of each kind the brief lists.
const PER_SECTION: usize = 5;

pub fn render(p: &PersonDetail, today: NaiveDate, style: Style) -> String {
    let md = style == Style::Markdown;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let heading = |s: &str| {
        if md {
            format!("**{s}**")
        } else {
            format!("{s}:")
        }
    };
    let item = |s: String| {
        if md {
            format!("- {s}")
        } else {
            format!("  - {s}")
        }
    };

    let person = &p.person;
    let mut who = one_line(&person.name);
    let role: Vec<String> = [person.title.as_deref(), person.company.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .map(one_line)
        .collect();
    if !role.is_empty() {
        who.push_str(&format!(" \u{2014} {}", role.join(", ")));
    }
    line(if md { format!("## {who}") } else { who });
    for cp in &p.contact_points {
        let label = cp
            .label
            .as_deref()
            .map(|l| format!(" ({})", one_line(l)))
            .unwrap_or_default();
        line(format!(
            "{}{}: {}",
            cp.kind.as_str(),
            label,
            one_line(&cp.value)
        ));
    }
    if !p.tags.is_empty() {
        line(format!(
            "tags: {}",
            p.tags
                .iter()
                .map(|t| one_line(t))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    line(String::new());
    if p.meetings.is_empty() {
        line(format!("{} no meeting recorded", heading("Met")));
    } else {
        line(heading("Met"));
        for m in &p.meetings {
            let mut s = m.met_on.to_string();
            if let Some(e) = &m.event {
                s.push_str(&format!(" at {}", one_line(e)));
            }
            if let Some(place) = m.place.as_deref().filter(|s| !s.is_empty()) {
                s.push_str(&format!(", {}", one_line(place)));
            }
            if let Some(ctx) = m.context.as_deref().filter(|s| !s.is_empty()) {
                s.push_str(&format!(" \u{2014} {}", one_line(ctx)));
            }
            line(item(s));
        }
    }

    for (kind, title) in [
        (NoteKind::Learned, "Learned"),
        (NoteKind::Gave, "Gave"),
        (NoteKind::Asked, "Asked"),
    ] {
        let notes: Vec<_> = p
            .notes
            .iter()
            .filter(|n| n.kind == kind)
            .take(PER_SECTION)
            .collect();
        if notes.is_empty() {
            continue;
        }
        line(heading(title));
        for n in notes {
            line(item(format!(
                "{} {}",
                local_date(n.happened_at),
                one_line(&n.body)
            )));
        }
    }

    let last = p
        .notes
        .iter()
        .find(|n| n.kind.is_touch())
        .map(|n| format!(" ({}: {})", n.kind.as_str(), one_line(&n.body)));
    match p.last_touch {
        Some(d) => line(format!(
            "{} {} \u{2014} {}{}",
            heading("Last touch"),
            d,
            relative(d, today),
            last.unwrap_or_default()
        )),
        None => line(format!("{} never", heading("Last touch"))),
    }
    line(format!(
        "{} gave {} \u{b7} asked {}",
        heading("Balance"),
        p.balance.gave,
        p.balance.asked
    ));
    if !p.reminders.is_empty() {
        line(heading("Open follow-ups"));
        for r in &p.reminders {
            let promise = if r.note_id.is_some() {
                " (promise)"
            } else {
                ""
            };
            line(item(format!(
                "{} {}{}",
                r.shows_on(),
                one_line(&r.body),
                promise
            )));
        }
    }
    out
}
