//! Person: header, where and when met, open follow-ups, and the timeline.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{cell, Ctx, Env};
use crate::error::Result;
use crate::model::PersonDetail;
use crate::sanitize;
use crate::tui::action::{Action, Focus};
use crate::tui::cmd::Cmd;
use crate::tui::forms;
use crate::when::{local_date, relative};

/// How many notes the screen loads.
pub const PERSON_NOTES: usize = 200;

pub struct PersonScreen {
    pub id: i64,
    pub detail: Option<PersonDetail>,
    pub scroll: u16,
}

impl PersonScreen {
    pub fn new(id: i64) -> PersonScreen {
        PersonScreen {
            id,
            detail: None,
            scroll: 0,
        }
    }

    pub fn load(&mut self, env: &Env) -> Result<()> {
        self.detail = Some(crate::profile::load(env.conn, self.id, PERSON_NOTES)?);
        Ok(())
    }

    fn name(&self) -> String {
        self.detail
            .as_ref()
            .map(|d| d.person.name.clone())
            .unwrap_or_else(|| format!("#{}", self.id))
    }

    pub fn focus(&self) -> Option<Focus> {
        Some(Focus {
            id: self.id,
            name: self.name(),
            give_idea: None,
        })
    }

    pub fn handle(&mut self, cmd: Cmd, ctx: &Ctx) -> Action {
        let page = ctx.page.max(1) as u16;
        match cmd {
            Cmd::Up => self.scroll = self.scroll.saturating_sub(1),
            Cmd::Down => self.scroll = self.scroll.saturating_add(1),
            Cmd::PageUp => self.scroll = self.scroll.saturating_sub(page),
            Cmd::PageDown => self.scroll = self.scroll.saturating_add(page),
            Cmd::Top => self.scroll = 0,
            Cmd::Bottom => self.scroll = u16::MAX,
            Cmd::AddNote => return Action::NoteKind(self.id),
            Cmd::AddReminder => return Action::form(forms::reminder(self.id, &self.name())),
            Cmd::Edit => {
                return match &self.detail {
                    Some(d) => Action::form(forms::edit_person(d)),
                    None => Action::None,
                }
            }
            Cmd::EditLong => return Action::Editor(self.id),
            Cmd::Merge => return Action::form(forms::merge(self.id, &self.name())),
            _ => return Action::Pass(cmd),
        }
        Action::None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        let Some(p) = &self.detail else {
            return;
        };
        let w = area.width.saturating_sub(4) as usize;
        let pp = &p.person;
        let mut lines: Vec<Line> = Vec::new();
        let role: Vec<String> = [pp.title.as_deref(), pp.company.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .map(|s| cell(s, 40))
            .collect();
        lines.push(Line::from(vec![
            Span::styled(cell(&pp.name, 50), t.title()),
            Span::raw("  "),
            Span::raw(role.join(", ")),
        ]));
        for cp in &p.contact_points {
            let label = cp
                .label
                .as_deref()
                .map(|l| format!(" ({})", cell(l, 20)))
                .unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("{}{label}: ", cp.kind.as_str()), t.dim()),
                Span::raw(cell(&cp.value, w.saturating_sub(20).max(10))),
            ]));
        }
        let mut facts = Vec::new();
        if !p.tags.is_empty() {
            facts.push(format!(
                "tags: {}",
                p.tags
                    .iter()
                    .map(|s| cell(s, 20))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(c) = pp.cadence_days {
            facts.push(format!("every {c} days"));
        }
        if let Some(b) = &pp.birthday {
            facts.push(format!("birthday {b}"));
        }
        if !facts.is_empty() {
            lines.push(Line::from(Span::styled(facts.join(" · "), t.dim())));
        }
        let touch = p
            .last_touch
            .map(|d| relative(d, ctx.today))
            .unwrap_or_else(|| "never".into());
        lines.push(Line::from(vec![
            Span::styled("last touch ", t.dim()),
            Span::raw(touch),
            Span::styled(" · gave ", t.dim()),
            Span::styled(p.balance.gave.to_string(), t.good()),
            Span::styled(" · asked ", t.dim()),
            Span::styled(p.balance.asked.to_string(), t.chart_alt()),
        ]));

        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled("Met", t.heading())));
        if p.meetings.is_empty() {
            lines.push(Line::from(Span::styled("  no meeting recorded", t.dim())));
        }
        for m in &p.meetings {
            let mut s = format!("  {}", m.met_on);
            if let Some(e) = &m.event {
                s.push_str(&format!(" at {}", cell(e, 40)));
            }
            if let Some(pl) = m.place.as_deref().filter(|s| !s.is_empty()) {
                s.push_str(&format!(", {}", cell(pl, 30)));
            }
            lines.push(Line::raw(s));
        }
        if !p.reminders.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::from(Span::styled("Follow-ups", t.heading())));
            for r in &p.reminders {
                let late = r.shows_on() < ctx.today;
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("  {} ", r.shows_on()),
                        if late { t.overdue() } else { t.due() },
                    ),
                    Span::raw(cell(&r.body, w.saturating_sub(14).max(10))),
                ]));
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled("Timeline", t.heading())));
        if p.notes.is_empty() {
            lines.push(Line::from(Span::styled("  no notes yet: press n", t.dim())));
        }
        for n in &p.notes {
            let mut body = sanitize::for_terminal(&n.body)
                .lines()
                .map(String::from)
                .collect::<Vec<_>>()
                .into_iter();
            let first = body.next().unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("  {} ", local_date(n.happened_at)), t.dim()),
                Span::styled(
                    format!("{} {:<7} ", n.kind.symbol(), n.kind.as_str()),
                    t.kind(n.kind),
                ),
                Span::raw(cell(&first, w.saturating_sub(24).max(10))),
            ]));
            for more in body.take(5) {
                lines.push(Line::raw(format!(
                    "{:22}{}",
                    "",
                    cell(&more, w.saturating_sub(24).max(10))
                )));
            }
        }
        let max_scroll = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
        let scroll = self.scroll.min(max_scroll);
        let block = Block::default().borders(Borders::TOP);
        frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
    }
}
