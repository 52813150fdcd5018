//! Events by date.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::event::EventScreen;
use super::{cell, step, Ctx, Env, View};
use crate::error::Result;
use crate::model::Event;
use crate::store::events;
use crate::tui::action::Action;
use crate::tui::cmd::Cmd;
use crate::tui::forms;

#[derive(Default)]
pub struct EventsScreen {
    /// Each event with how many people were met there.
    pub events: Vec<(Event, i64)>,
    pub sel: usize,
}

impl EventsScreen {
    pub fn load(&mut self, env: &Env) -> Result<()> {
        self.events = events::list(env.conn, 1000, 0)?;
        self.sel = self.sel.min(self.events.len().saturating_sub(1));
        Ok(())
    }

    pub fn handle(&mut self, cmd: Cmd, ctx: &Ctx) -> Action {
        if let Some(sel) = step(cmd, self.sel, self.events.len(), ctx.page) {
            self.sel = sel;
            return Action::None;
        }
        let event = self.events.get(self.sel).map(|e| e.0.clone());
        match (cmd, event) {
            (Cmd::Open, Some(e)) => Action::push(View::Event(EventScreen::new(e.id))),
            (Cmd::Capture, Some(e)) => Action::form(forms::capture(e, 0)),
            (Cmd::Capture, None) => Action::Info(format!(
                "No event yet: press {} to add one, then {} to capture.",
                ctx.keys.key_for(Cmd::AddEvent),
                ctx.keys.key_for(Cmd::Capture)
            )),
            (Cmd::AddEvent, _) => Action::form(forms::new_event()),
            (Cmd::Open, None) => Action::None,
            _ => Action::Pass(cmd),
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        if self.events.is_empty() {
            let msg = format!(
                "No events yet. Press {} to add one, then {} to capture the people you met.",
                ctx.keys.key_for(Cmd::AddEvent),
                ctx.keys.key_for(Cmd::Capture)
            );
            frame.render_widget(
                Paragraph::new(Span::styled(msg, t.dim()))
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                area,
            );
            return;
        }
        let rows: Vec<Row> = self
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
        let mut state = TableState::default().with_selected(Some(self.sel));
        frame.render_stateful_widget(table, area, &mut state);
    }
}
