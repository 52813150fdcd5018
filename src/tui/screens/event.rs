//! One event with the people met there, and who still needs a follow-up.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{cell, step, Ctx, Env, View};
use crate::error::Result;
use crate::model::Event;
use crate::store::events::{self, Attendee};
use crate::tui::action::{Action, Focus};
use crate::tui::cmd::Cmd;
use crate::tui::forms;

pub struct EventScreen {
    pub id: i64,
    pub data: Option<(Event, Vec<Attendee>)>,
    pub sel: usize,
}

impl EventScreen {
    pub fn new(id: i64) -> EventScreen {
        EventScreen {
            id,
            data: None,
            sel: 0,
        }
    }

    pub fn load(&mut self, env: &Env) -> Result<()> {
        let before = self.selected().map(|a| a.person_id);
        let people = events::attendees(env.conn, self.id)?;
        self.sel = before
            .and_then(|id| people.iter().position(|a| a.person_id == id))
            .unwrap_or(self.sel)
            .min(people.len().saturating_sub(1));
        self.data = Some((events::get_event(env.conn, self.id)?, people));
        Ok(())
    }

    fn selected(&self) -> Option<&Attendee> {
        self.data.as_ref().and_then(|d| d.1.get(self.sel))
    }

    pub fn focus(&self) -> Option<Focus> {
        self.selected().map(|a| Focus {
            id: a.person_id,
            name: a.name.clone(),
            give_idea: None,
        })
    }

    pub fn handle(&mut self, cmd: Cmd, ctx: &Ctx) -> Action {
        let n = self.data.as_ref().map_or(0, |d| d.1.len());
        if let Some(sel) = step(cmd, self.sel, n, ctx.page) {
            self.sel = sel;
            return Action::None;
        }
        match cmd {
            Cmd::Open => match self.selected() {
                Some(a) => Action::push(View::person(a.person_id)),
                None => Action::None,
            },
            Cmd::Capture => match &self.data {
                Some((e, _)) => Action::form(forms::capture(e.clone(), 0)),
                None => Action::None,
            },
            Cmd::Edit => match &self.data {
                Some((e, _)) => Action::form(forms::edit_event(e)),
                None => Action::None,
            },
            Cmd::Delete => Action::Delete(crate::tui::action::Deletion::Event(self.id)),
            _ => Action::Pass(cmd),
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        let Some((e, people)) = &self.data else {
            return;
        };
        let [head, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
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
                Paragraph::new(Span::styled(
                    format!(
                        "Nobody yet: press {} to capture.",
                        ctx.keys.key_for(Cmd::Capture)
                    ),
                    t.dim(),
                ))
                .wrap(ratatui::widgets::Wrap { trim: true }),
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
        let mut state = TableState::default().with_selected(Some(self.sel));
        frame.render_stateful_widget(table, body, &mut state);
    }
}
