//! The brief: a paste-ready summary of a person to read before writing to
//! them: where you met, what you talked about, learned and gave, and what is
//! still open — lines to paste into an email, never the program's counters.

use chrono::NaiveDate;

use crate::model::{Note, NoteKind, PersonDetail};
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
        // Meeting someone twice at one event on one day (captured twice) is
        // one line, with what was said each time, oldest first.
        let mut met: Vec<(String, Vec<String>)> = Vec::new();
        for m in &p.meetings {
            let mut s = m.met_on.to_string();
            if let Some(e) = &m.event {
                s.push_str(&format!(" at {}", one_line(e)));
            }
            if let Some(place) = m.place.as_deref().filter(|s| !s.is_empty()) {
                s.push_str(&format!(", {}", one_line(place)));
            }
            let ctx = m.context.as_deref().filter(|s| !s.is_empty()).map(one_line);
            match met.last_mut() {
                Some((head, said)) if *head == s => {
                    if let Some(c) = ctx.filter(|c| !said.contains(c)) {
                        said.insert(0, c);
                    }
                }
                _ => met.push((s, ctx.into_iter().collect())),
            }
        }
        for (head, said) in met {
            if said.is_empty() {
                line(item(head));
            } else {
                line(item(format!("{head} \u{2014} {}", said.join("; "))));
            }
        }
    }

    let (links, intros) = crate::links::brief_lines(p);
    for (title, list) in [("Links", links), ("Introductions", intros)] {
        if !list.is_empty() {
            line(heading(title));
            for s in list {
                line(item(one_line(&s)));
            }
        }
    }

    // What you talked about: talk and plain notes, and what was noted on
    // meeting them unless the meeting line above already says it.
    let said_at_meeting = |body: &str| {
        p.meetings
            .iter()
            .any(|m| m.context.as_deref().map(str::trim) == Some(body.trim()))
    };
    let talked: Vec<&Note> = p
        .notes
        .iter()
        .filter(|n| match n.kind {
            NoteKind::Talk | NoteKind::Note => true,
            NoteKind::Met => !said_at_meeting(&n.body),
            _ => false,
        })
        .take(PER_SECTION)
        .collect();
    let sections = [
        ("Talked about", talked),
        ("Learned", of_kind(p, NoteKind::Learned)),
        ("Gave", of_kind(p, NoteKind::Gave)),
        ("Asked of them", of_kind(p, NoteKind::Asked)),
    ];
    for (title, notes) in sections {
        if notes.is_empty() {
            continue;
        }
        line(heading(title));
        for n in notes {
            line(item(format!(
                "{} {}{}",
                local_date(n.happened_at),
                mark_of(p, n),
                one_line(&n.body)
            )));
        }
    }

    // Their open needs and offers matched with other people's: the best
    // gift is often an introduction.
    if !p.matches.is_empty() {
        line(heading("Introduce"));
        for m in p.matches.iter().take(PER_SECTION) {
            line(item(one_line(&m.give_idea)));
        }
    }

    if !p.reminders.is_empty() {
        line(heading("Open follow-ups"));
        for r in &p.reminders {
            let on = r.shows_on();
            let when = if on < today {
                let late = format!("OVERDUE since {on} ({})", relative(on, today));
                if md {
                    format!("**{late}**")
                } else {
                    late
                }
            } else if on == today {
                format!("due today ({on})")
            } else {
                format!("due {on} ({})", relative(on, today))
            };
            let what = if r.note_id.is_some() {
                "you promised: "
            } else {
                ""
            };
            line(item(format!("{when}: {what}{}", one_line(&r.body))));
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
    out
}

/// "needs: ", "offers: " or "needed (met): " before a marked learned note.
fn mark_of(p: &PersonDetail, n: &Note) -> &'static str {
    use crate::needs::Mark;
    match p.needs.iter().find(|m| m.note_id == n.id) {
        Some(m) if m.mark == Mark::Need && m.met_on.is_some() => "needed (met): ",
        Some(m) if m.mark == Mark::Need => "needs: ",
        Some(_) => "offers: ",
        None => "",
    }
}

/// The newest notes of one kind, a few.
fn of_kind(p: &PersonDetail, kind: NoteKind) -> Vec<&Note> {
    p.notes
        .iter()
        .filter(|n| n.kind == kind)
        .take(PER_SECTION)
        .collect()
}
