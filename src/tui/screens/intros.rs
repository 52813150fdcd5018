//! Introductions: the ones under way (soonest due first), then the ones
//! done or dropped. One key per step: the next step, the outcome, drop.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{cell, step, Ctx, Env, View};
use crate::error::Result;
use crate::intro::{Intro, Step};
use crate::store::intros;
use crate::tui::action::{Action, Focus};
use crate::tui::cmd::Cmd;
use crate::tui::forms;

/// How many introductions the list loads.
const LIMIT: usize = 500;

#[derive(Default)]
pub struct IntrosScreen {
    pub list: Vec<Intro>,
    pub sel: usize,
}

impl IntrosScreen {
    pub fn load(&mut self, env: &Env) -> Result<()> {
        let before = self.list.get(self.sel).map(|i| i.id);
        self.list = intros::list(env.conn, false, LIMIT)?;
        self.sel = before
            .and_then(|id| self.list.iter().position(|i| i.id == id))
            .unwrap_or(self.sel)
            .min(self.list.len().saturating_sub(1));
        Ok(())
    }

    fn selected(&self) -> Option<&Intro> {
        self.list.get(self.sel)
    }

    /// The first person of the selected introduction (for the brief and notes).
    pub fn focus(&self) -> Option<Focus> {
        self.selected().map(|i| Focus {
            id: i.a_id,
            name: i.a.clone(),
            give_idea: None,
        })
    }

    pub fn handle(&mut self, cmd: Cmd, ctx: &Ctx) -> Action {
        if let Some(sel) = step(cmd, self.sel, self.list.len(), ctx.page / 2) {
            self.sel = sel;
            return Action::None;
        }
        let Some(i) = self.selected() else {
            return match cmd {
                Cmd::NextStep | Cmd::Outcome | Cmd::DropIntro | Cmd::Open => {
                    Action::Info("No introductions yet: press i on a person to start one.".into())
                }
                _ => Action::Pass(cmd),
            };
        };
        let closed = || {
            Action::Info(format!(
                "Introduction #{} is closed ({}).",
                i.id,
                i.status()
            ))
        };
        match cmd {
            Cmd::Open => Action::push(View::person(i.a_id)),
            Cmd::NextStep if !i.step.is_open() => closed(),
            Cmd::NextStep if i.step == Step::Made => Action::form(forms::intro_outcome(i, false)),
            Cmd::NextStep => Action::IntroNext(i.id),
            Cmd::Outcome | Cmd::DropIntro if !i.step.is_open() => closed(),
            Cmd::Outcome if i.step != Step::Made => Action::Info(format!(
                "Not made yet: press {} for the next step, or {} to drop it.",
                ctx.keys.key_for(Cmd::NextStep),
                ctx.keys.key_for(Cmd::DropIntro)
            )),
            Cmd::Outcome => Action::form(forms::intro_outcome(i, false)),
            Cmd::DropIntro if i.step == Step::Made => Action::form(forms::intro_outcome(i, false)),
            Cmd::DropIntro => Action::form(forms::intro_outcome(i, true)),
            _ => Action::Pass(cmd),
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(" Introductions ", t.heading()));
        if self.list.is_empty() {
            let msg = format!(
                "No introductions yet. On a person, press {} to introduce them to someone: you ask the one, then the other, then introduce them.",
                ctx.keys.key_for(Cmd::Introduce)
            );
            frame.render_widget(
                Paragraph::new(Span::styled(msg, t.dim()))
                    .block(block)
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                area,
            );
            return;
        }
        let w = area.width.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = Vec::new();
        let mut sel_line = 0;
        let mut shown_closed = false;
        for (n, i) in self.list.iter().enumerate() {
            if !i.step.is_open() && !shown_closed {
                shown_closed = true;
                lines.push(Line::from(Span::styled("Closed", t.heading())));
            }
            if n == self.sel {
                sel_line = lines.len();
            }
            let (when, style) = match i.due_on {
                Some(d) if i.step.is_open() && d < ctx.today => (format!("{d} "), t.overdue()),
                Some(d) if i.step.is_open() => (format!("{d} "), t.due()),
                _ if i.step.is_open() => ("now        ".to_string(), t.overdue()),
                _ => (String::new(), t.dim()),
            };
            let mark = if n == self.sel { "› " } else { "  " };
            let head = Line::from(vec![
                Span::raw(mark),
                Span::styled(when, style),
                Span::styled(cell(&i.pair(), w.saturating_sub(30).max(10)), t.title()),
                Span::styled(format!("  [{}]", cell(&i.status(), 40)), t.dim()),
            ]);
            lines.push(if n == self.sel {
                head.style(t.selected())
            } else {
                head
            });
            if i.step.is_open() {
                lines.push(Line::raw(format!(
                    "    next: {}",
                    cell(&i.next_action(), w.saturating_sub(10).max(10))
                )));
            }
            if let Some(r) = i.reason.as_deref().filter(|r| !r.trim().is_empty()) {
                lines.push(Line::from(Span::styled(
                    format!("    why: {}", cell(r, w.saturating_sub(9).max(10))),
                    t.dim(),
                )));
            }
        }
        let height = area.height.saturating_sub(1) as usize;
        let scroll = (sel_line + 3).saturating_sub(height);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .scroll((scroll as u16, 0)),
            area,
        );
    }
}
