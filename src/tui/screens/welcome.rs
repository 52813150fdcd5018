//! The welcome of an empty store: demo data or the first person.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::Ctx;
use crate::tui::action::Action;
use crate::tui::cmd::Cmd;
use crate::tui::forms;

#[derive(Debug, Default)]
pub struct Welcome;

impl Welcome {
    pub fn handle(&mut self, cmd: Cmd) -> Action {
        match cmd {
            Cmd::Demo => Action::Demo,
            Cmd::Add => Action::form(forms::add_person()),
            _ => Action::Pass(cmd),
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        let key = |a| Span::styled(ctx.keys.key_for(a), t.key());
        let lines = vec![
            Line::from(Span::styled("Welcome to Kith", t.title())),
            Line::raw(""),
            Line::raw(
                "Kith remembers whom you met, where and when, what you learned about them \
                 and what you gave them, and tells you each morning whom to follow up and \
                 reconnect with.",
            ),
            Line::raw(""),
            Line::from(vec![
                Span::raw("  "),
                key(Cmd::Demo),
                Span::raw("  explore with demo data"),
            ]),
            Line::from(vec![
                Span::raw("  "),
                key(Cmd::Add),
                Span::raw("  add the first person you met"),
            ]),
            Line::from(vec![
                Span::raw("  "),
                key(Cmd::Help),
                Span::raw("  every key"),
            ]),
            Line::from(vec![Span::raw("  "), key(Cmd::Quit), Span::raw("  quit")]),
            Line::raw(""),
            Line::from(Span::styled(format!("Store: {}", ctx.store_path), t.dim())),
        ];
        let block = Block::default().borders(Borders::ALL);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            area,
        );
    }
}
