//! The return-on-relationship panels of Stats: what each event returned,
//! ranked, and the people whose balance is all take. `v` on Stats cycles
//! the overview, these two, and back; Enter opens the event or the person.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState};
use ratatui::Frame;

use super::{cell, step, Ctx, Env, View};
use crate::error::Result;
use crate::returns::{self, AllTake, EventReturns};
use crate::tui::action::Action;
use crate::tui::cmd::Cmd;

/// How many all-take people the panel lists.
const TAKE_LIMIT: usize = 200;

/// Which Stats panel shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Panel {
    #[default]
    Overview,
    Events,
    Take,
}

#[derive(Default)]
pub struct Returns {
    pub panel: Panel,
    pub events: Option<EventReturns>,
    pub take: Option<AllTake>,
    pub sel: usize,
}

impl Returns {
    /// Loads what the shown panel needs (the others wait until shown).
    pub fn load(&mut self, env: &Env) -> Result<()> {
        match self.panel {
            Panel::Overview => {}
            Panel::Events => self.events = Some(returns::events(env.conn)?),
            Panel::Take => self.take = Some(returns::all_take(env.conn, TAKE_LIMIT)?),
        }
        self.sel = self.sel.min(self.len().saturating_sub(1));
        Ok(())
    }

    fn len(&self) -> usize {
        match self.panel {
            Panel::Overview => 0,
            Panel::Events => self.events.as_ref().map_or(0, |e| e.events.len()),
            Panel::Take => self.take.as_ref().map_or(0, |t| t.people.len()),
        }
    }

    pub fn handle(&mut self, cmd: Cmd, ctx: &Ctx) -> Action {
        if cmd == Cmd::StatsPanel {
            self.panel = match self.panel {
                Panel::Overview => Panel::Events,
                Panel::Events => Panel::Take,
                Panel::Take => Panel::Overview,
            };
            self.sel = 0;
            return Action::Reload;
        }
        if self.panel == Panel::Overview {
            return Action::Pass(cmd);
        }
        if let Some(sel) = step(cmd, self.sel, self.len(), ctx.page) {
            self.sel = sel;
            return Action::None;
        }
        match (cmd, self.panel) {
            (Cmd::Open, Panel::Events) => {
                match self.events.as_ref().and_then(|e| e.events.get(self.sel)) {
                    Some(e) => {
                        Action::push(View::Event(super::event::EventScreen::new(e.event_id)))
                    }
                    None => Action::None,
                }
            }
            (Cmd::Open, Panel::Take) => {
                match self.take.as_ref().and_then(|t| t.people.get(self.sel)) {
                    Some(p) => Action::push(View::person(p.id)),
                    None => Action::None,
                }
            }
            _ => Action::Pass(cmd),
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        let key = ctx.keys.key_for(Cmd::StatsPanel);
        let w = area.width.saturating_sub(3) as usize;
        let (title, header, rows): (String, Option<String>, Vec<ListItem>) = match self.panel {
            Panel::Overview => return,
            Panel::Events => {
                let list = self.events.as_ref().map_or(&[][..], |e| &e.events[..]);
                let name_w = w.saturating_sub(39).max(12);
                // A column for the selection mark, as the rows have.
                let header = format!(
                    " {:<name_w$} {:>4} {:>4} {:>3} {:>3} {:>4} {:>5} {:>4} {:>4}",
                    "Event", "met", "14d", "3m", "6m", "gave", "intro", "ask", "lrn"
                );
                let rows = list
                    .iter()
                    .map(|e| {
                        ListItem::new(Line::raw(format!(
                            "{:<name_w$} {:>4} {:>4} {:>3} {:>3} {:>4} {:>5} {:>4} {:>4}",
                            cell(&format!("{} {}", e.on, e.name), name_w),
                            e.met,
                            e.followed_up_14d,
                            e.in_touch_3m,
                            e.in_touch_6m,
                            e.gave,
                            e.intros,
                            e.asked,
                            e.learned
                        )))
                    })
                    .collect();
                (
                    format!(" What each event returned, best first · {key} next panel "),
                    Some(header),
                    rows,
                )
            }
            Panel::Take => {
                let take = self.take.as_ref();
                let rows = take
                    .map_or(&[][..], |t| &t.people[..])
                    .iter()
                    .map(|p| {
                        let last = p.last_touch.as_deref().unwrap_or("never");
                        ListItem::new(Line::from(vec![
                            Span::raw(cell(&p.name, w.saturating_sub(34).max(12))),
                            Span::styled(
                                format!("  asked {} · last touch {last}", p.asked),
                                t.dim(),
                            ),
                        ]))
                    })
                    .collect();
                (
                    format!(
                        " All take: asked of, never given to ({}) · {key} next panel ",
                        take.map_or(0, |t| t.count)
                    ),
                    None,
                    rows,
                )
            }
        };
        let block = Block::default().borders(Borders::ALL).title(title);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut list_area = inner;
        if let Some(h) = header {
            frame.render_widget(Line::styled(h, t.heading()), inner);
            list_area.y = list_area.y.saturating_add(1);
            list_area.height = list_area.height.saturating_sub(1);
        }
        if rows.is_empty() {
            let empty = match self.panel {
                Panel::Events => "No event has anyone met there yet.",
                _ => "Nobody is all take: everyone you asked something of, you also gave to.",
            };
            frame.render_widget(Line::styled(empty, t.dim()), list_area);
            return;
        }
        let mut state = ListState::default().with_selected(Some(self.sel));
        frame.render_stateful_widget(
            List::new(rows)
                .highlight_style(t.selected())
                .highlight_symbol("›"),
            list_area,
            &mut state,
        );
    }
}
