//! Events by date, and one event with the people met there.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::cell;
use crate::tui::app::App;

pub fn render_list(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    if app.events.is_empty() {
        let msg = "No events yet. Press a to add one, then c to capture the people you met.";
        frame.render_widget(Paragraph::new(Span::styled(msg, t.dim())), area);
        return;
    }
    let rows: Vec<Row> = app
        .events
        .iter()
        .map(|(e, n)| {
            Row::new(vec![
                e.starts_on.to_string(),
                cell(&e.name, 40),
                e.place.as_deref().map(|p| cell(p, 20)).unwrap_or_default(),
                format!("{n} met"),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(10),
        Constraint::Min(16),
        Constraint::Length(14),
        Constraint::Length(8),
    ];
    let table = Table::new(rows, widths)
        .header(Row::new(["Date", "Event", "Place", "People"]).style(t.heading()))
        .row_highlight_style(t.selected())
        .highlight_symbol("›");
    let mut state = TableState::default().with_selected(Some(app.events_sel));
    frame.render_stateful_widget(table, area, &mut state);
}

pub fn render_event(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let Some((e, people)) = &app.event else {
        return;
    };
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let pending = people.iter().filter(|a| !a.followed_up).count();
    let place = e
        .place
        .as_deref()
        .map(|p| format!(" · {}", cell(p, 30)))
        .unwrap_or_default();
    let lines = vec![
        Line::from(vec![
            Span::styled(cell(&e.name, 50), t.title()),
            Span::styled(format!("  {}{place}", e.starts_on), t.dim()),
        ]),
        Line::from(Span::styled(
            format!("{} met · {pending} not followed up yet", people.len()),
            if pending > 0 { t.due() } else { t.good() },
        )),
    ];
    frame.render_widget(Paragraph::new(lines), head);
    if people.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("Nobody yet: press c to capture.", t.dim())),
            body,
        );
        return;
    }
    let rows: Vec<Row> = people
        .iter()
        .map(|a| {
            let mark = if a.followed_up {
                "✓ followed up"
            } else {
                "✗ follow up"
            };
            Row::new(vec![
                cell(&a.name, 40),
                a.company
                    .as_deref()
                    .map(|c| cell(c, 30))
                    .unwrap_or_default(),
                mark.to_string(),
            ])
            .style(if a.followed_up { t.good() } else { t.due() })
        })
        .collect();
    let widths = [
        Constraint::Min(18),
        Constraint::Min(12),
        Constraint::Length(14),
    ];
    let table = Table::new(rows, widths)
        .header(Row::new(["Name", "Company", ""]).style(t.heading()))
        .row_highlight_style(t.selected())
        .highlight_symbol("›");
    let mut state = TableState::default().with_selected(Some(app.event_sel));
    frame.render_stateful_widget(table, body, &mut state);
}
