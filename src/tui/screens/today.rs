//! Today: Overdue · Due today · After events · Reconnect · Birthdays.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};
use ratatui::Frame;

use super::{cell, short_ago};
use crate::model::Reminder;
use crate::reconnect::Prompt;
use crate::tui::app::{App, Item};
use crate::when::relative;

fn reminder(r: &Reminder, app: &App, late: bool, width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let when = relative(r.shows_on(), app.clock.today);
    let who = r.person.as_deref().map(|p| cell(p, 28)).unwrap_or_default();
    let repeat = r.repeat_days.map(|d| format!(" ↻{d}d")).unwrap_or_default();
    let body_w = width.saturating_sub(who.chars().count() + when.len() + 12);
    vec![Line::from(vec![
        Span::styled(
            format!("{when:>12} "),
            if late { t.overdue() } else { t.due() },
        ),
        Span::styled(who, t.heading()),
        Span::raw(" — "),
        Span::raw(cell(&r.body, body_w.max(10))),
        Span::styled(repeat, t.dim()),
    ])]
}

fn prompt(p: &Prompt, app: &App, width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let who = cell(&p.person, 28);
    let why_w = width.saturating_sub(who.chars().count() + 18).max(10);
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!("{:>12} ", short_ago(p.last_touch, app.clock.today)),
            t.dim(),
        ),
        Span::styled(who, t.heading()),
        Span::raw(" — "),
        Span::raw(cell(&p.why, why_w)),
    ])];
    if !p.give_idea.is_empty() {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>12} ", "give"), t.good()),
            Span::styled(
                cell(&p.give_idea, width.saturating_sub(17).max(10)),
                t.dim(),
            ),
        ]));
    }
    lines
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let d = &app.today;
    let width = area.width as usize;
    let items = app.items();
    let mut list: Vec<ListItem> = Vec::new();
    let mut selected_row = None;
    let sections: [(&str, usize); 5] = [
        ("Overdue", d.overdue.len()),
        ("Due today", d.due.len()),
        ("After events", d.after_event.len()),
        ("Reconnect", d.reconnect.len()),
        ("Birthdays", d.birthdays.len()),
    ];
    let mut k = 0;
    for (si, (title, n)) in sections.iter().enumerate() {
        let style = if si == 0 && *n > 0 {
            t.overdue()
        } else {
            t.heading()
        };
        list.push(ListItem::new(Line::from(vec![
            Span::styled(format!("{title} "), style),
            Span::styled(format!("({n})"), t.dim()),
        ])));
        if *n == 0 {
            list.push(ListItem::new(Line::from(Span::styled(
                "             —",
                t.dim(),
            ))));
        }
        for _ in 0..*n {
            let item = items[k];
            let lines = match item {
                Item::Overdue(i) => reminder(&d.overdue[i], app, true, width),
                Item::Due(i) => reminder(&d.due[i], app, false, width),
                Item::AfterEvent(i) => prompt(&d.after_event[i], app, width),
                Item::Reconnect(i) => prompt(&d.reconnect[i], app, width),
                Item::Birthday(i) => {
                    let b = &d.birthdays[i];
                    let turns = b.turns.map(|n| format!(", turns {n}")).unwrap_or_default();
                    vec![Line::from(vec![
                        Span::styled(format!("{:>12} ", b.date.format("%a %-d %b")), t.due()),
                        Span::styled(cell(&b.person, 40), t.heading()),
                        Span::styled(
                            format!(" ({}){turns}", relative(b.date, app.clock.today)),
                            t.dim(),
                        ),
                    ])]
                }
            };
            if k == app.today_sel {
                selected_row = Some(list.len());
            }
            list.push(ListItem::new(lines));
            k += 1;
        }
    }
    let mut state = ListState::default().with_selected(selected_row);
    let widget = List::new(list)
        .highlight_style(t.selected())
        .highlight_symbol("›")
        .style(Style::default());
    frame.render_stateful_widget(widget, area, &mut state);
}
