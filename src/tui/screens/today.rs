//! Today: Overdue · Due today · After events · Reconnect · Birthdays.

use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};
use ratatui::Frame;

use super::{cell, short_ago, step, Ctx, Env, View};
use crate::error::Result;
use crate::model::Reminder;
use crate::reconnect::Prompt;
use crate::today::{self, Today};
use crate::tui::action::{Action, Focus, Target};
use crate::tui::cmd::Cmd;
use crate::when::relative;

/// One actionable line of Today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Overdue(usize),
    Due(usize),
    AfterEvent(usize),
    Reconnect(usize),
    Birthday(usize),
}

/// What an item is about, to find it again after a reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Reminder(i64),
    AfterEvent(i64),
    Reconnect(i64),
    Birthday(i64),
}

pub struct TodayScreen {
    pub data: Today,
    pub sel: usize,
}

impl TodayScreen {
    pub fn new(today: NaiveDate) -> TodayScreen {
        TodayScreen {
            data: Today {
                today,
                overdue: vec![],
                due: vec![],
                after_event: vec![],
                reconnect: vec![],
                birthdays: vec![],
            },
            sel: 0,
        }
    }

    /// Loads again, keeping the same item selected when it is still there.
    pub fn load(&mut self, env: &Env) -> Result<()> {
        let before = self.selected().map(|i| self.key(i));
        self.data = today::load(env.conn, env.today, env.rules)?;
        let items = self.items();
        self.sel = before
            .and_then(|k| items.iter().position(|i| self.key(*i) == k))
            .unwrap_or(self.sel)
            .min(items.len().saturating_sub(1));
        Ok(())
    }

    pub fn items(&self) -> Vec<Item> {
        let t = &self.data;
        (0..t.overdue.len())
            .map(Item::Overdue)
            .chain((0..t.due.len()).map(Item::Due))
            .chain((0..t.after_event.len()).map(Item::AfterEvent))
            .chain((0..t.reconnect.len()).map(Item::Reconnect))
            .chain((0..t.birthdays.len()).map(Item::Birthday))
            .collect()
    }

    pub fn selected(&self) -> Option<Item> {
        self.items().get(self.sel).copied()
    }

    fn key(&self, item: Item) -> Key {
        let t = &self.data;
        match item {
            Item::Overdue(i) => Key::Reminder(t.overdue[i].id),
            Item::Due(i) => Key::Reminder(t.due[i].id),
            Item::AfterEvent(i) => Key::AfterEvent(t.after_event[i].person_id),
            Item::Reconnect(i) => Key::Reconnect(t.reconnect[i].person_id),
            Item::Birthday(i) => Key::Birthday(t.birthdays[i].person_id),
        }
    }

    /// What done and snooze act on for the selected item.
    fn target(&self) -> Option<Target> {
        let t = &self.data;
        match self.selected()? {
            Item::Overdue(i) => Some(Target::Reminder(t.overdue[i].id)),
            Item::Due(i) => Some(Target::Reminder(t.due[i].id)),
            Item::AfterEvent(i) => Some(Target::Prompt(t.after_event[i].person_id)),
            Item::Reconnect(i) => Some(Target::Prompt(t.reconnect[i].person_id)),
            Item::Birthday(_) => None,
        }
    }

    pub fn focus(&self) -> Option<Focus> {
        let t = &self.data;
        let reminder = |r: &Reminder| {
            r.person_id.map(|id| Focus {
                id,
                name: r.person.clone().unwrap_or_default(),
                give_idea: None,
            })
        };
        let prompt = |p: &Prompt| Focus {
            id: p.person_id,
            name: p.person.clone(),
            give_idea: Some(p.give_idea.clone()),
        };
        match self.selected()? {
            Item::Overdue(i) => reminder(&t.overdue[i]),
            Item::Due(i) => reminder(&t.due[i]),
            Item::AfterEvent(i) => Some(prompt(&t.after_event[i])),
            Item::Reconnect(i) => Some(prompt(&t.reconnect[i])),
            Item::Birthday(i) => Some(Focus {
                id: t.birthdays[i].person_id,
                name: t.birthdays[i].person.clone(),
                give_idea: None,
            }),
        }
    }

    pub fn handle(&mut self, cmd: Cmd, ctx: &Ctx) -> Action {
        if let Some(sel) = step(cmd, self.sel, self.items().len(), ctx.page) {
            self.sel = sel;
            return Action::None;
        }
        match cmd {
            Cmd::Done => match self.target() {
                Some(t) => Action::Done(t),
                None => Action::Info("Nothing to mark done here.".into()),
            },
            Cmd::Snooze => match self.target() {
                Some(t) => Action::Snooze(t),
                None => Action::Info("Nothing to snooze here.".into()),
            },
            Cmd::Open => match self.focus() {
                Some(f) => Action::push(View::person(f.id)),
                None => Action::None,
            },
            Cmd::Add => Action::form(crate::tui::forms::add_person()),
            _ => Action::Pass(cmd),
        }
    }

    fn reminder(&self, r: &Reminder, ctx: &Ctx, late: bool, width: usize) -> Vec<Line<'static>> {
        let t = ctx.theme;
        let when = relative(r.shows_on(), ctx.today);
        let who = r.person.as_deref().map(|p| cell(p, 28)).unwrap_or_default();
        let repeat = r.repeat_days.map(|d| format!(" ↻{d}d")).unwrap_or_default();
        let body_w = width.saturating_sub(who.chars().count() + repeat.chars().count() + 17);
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

    fn prompt(&self, p: &Prompt, ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
        let t = ctx.theme;
        let who = cell(&p.person, 28);
        let why_w = width.saturating_sub(who.chars().count() + 18).max(10);
        let mut lines = vec![Line::from(vec![
            Span::styled(
                format!("{:>12} ", short_ago(p.last_touch, ctx.today)),
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

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        let d = &self.data;
        let width = area.width as usize;
        let items = self.items();
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
                    Item::Overdue(i) => self.reminder(&d.overdue[i], ctx, true, width),
                    Item::Due(i) => self.reminder(&d.due[i], ctx, false, width),
                    Item::AfterEvent(i) => self.prompt(&d.after_event[i], ctx, width),
                    Item::Reconnect(i) => self.prompt(&d.reconnect[i], ctx, width),
                    Item::Birthday(i) => {
                        let b = &d.birthdays[i];
                        let turns = b.turns.map(|n| format!(", turns {n}")).unwrap_or_default();
                        vec![Line::from(vec![
                            Span::styled(format!("{:>12} ", b.date.format("%a %-d %b")), t.due()),
                            Span::styled(cell(&b.person, 40), t.heading()),
                            Span::styled(
                                format!(" ({}){turns}", relative(b.date, ctx.today)),
                                t.dim(),
                            ),
                        ])]
                    }
                };
                if k == self.sel {
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
}
