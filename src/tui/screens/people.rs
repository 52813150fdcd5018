//! People: a windowed list with a live filter and three sort orders.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{cell, short_ago};
use crate::store::people::Sort;
use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let p = &app.people;
    let [bar, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);

    let sort = match p.sort {
        Sort::Name => "name",
        Sort::LastTouch => "last touch",
        Sort::Overdue => "overdue",
    };
    let count = format!(" {} · sorted by {sort} ", p.total);
    let [input, info] = Layout::horizontal([
        Constraint::Min(10),
        Constraint::Length(count.len() as u16 + 1),
    ])
    .areas(bar);
    let mut filter = p.filter.clone();
    filter.set_placeholder_style(t.dim());
    if p.filtering {
        filter.set_style(t.field());
    } else {
        filter.set_cursor_style(ratatui::style::Style::default());
    }
    let [slash, field] =
        Layout::horizontal([Constraint::Length(2), Constraint::Min(1)]).areas(input);
    frame.render_widget(Paragraph::new(Span::styled("/ ", t.key())), slash);
    frame.render_widget(&filter, field);
    frame.render_widget(
        Paragraph::new(Span::styled(count, t.dim())).right_aligned(),
        info,
    );

    if p.total == 0 {
        let msg = if p.query().is_empty() {
            "Nobody yet. Press a to add a person."
        } else {
            "Nobody matches."
        };
        frame.render_widget(Paragraph::new(Line::from(Span::styled(msg, t.dim()))), body);
        return;
    }
    // Narrow terminals drop columns from the right.
    let wide = area.width >= 100;
    let medium = area.width >= 70;
    let mut header = vec!["Name", "Company"];
    let mut widths = vec![Constraint::Min(18), Constraint::Min(12)];
    if medium {
        header.extend(["Last touch", "Next"]);
        widths.extend([Constraint::Length(10), Constraint::Length(10)]);
    }
    if wide {
        header.push("Give/ask");
        widths.push(Constraint::Length(8));
    }
    let rows: Vec<Row> = p
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                cell(&r.name, 40),
                r.company
                    .as_deref()
                    .map(|c| cell(c, 30))
                    .unwrap_or_default(),
            ];
            if medium {
                cells.push(short_ago(r.last_touch, app.clock.today));
                cells.push(
                    r.next_follow_up
                        .map(|d| d.format("%-d %b").to_string())
                        .unwrap_or_default(),
                );
            }
            if wide {
                cells.push(format!("{}/{}", r.gave, r.asked));
            }
            Row::new(cells)
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(t.heading()))
        .row_highlight_style(t.selected())
        .highlight_symbol("›");
    let mut state = TableState::default().with_selected(p.selected.checked_sub(p.start));
    frame.render_stateful_widget(table, body, &mut state);
}
