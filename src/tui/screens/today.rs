//! Today: Overdue · Due today · After events · Not followed up · Reconnect ·
//! Birthdays. Each header shows the section's true count; long lines wrap.

use chrono::{Datelike, NaiveDate};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem, ListState};
use ratatui::Frame;

use super::{cell, short_ago, step, Ctx, Env, View};

/// The left column (when, or what the line is) and the space after it.
const LEFT: usize = 13;

fn left(s: &str) -> String {
    format!("{:>12} ", cell(s, 12))
}
use crate::error::Result;
use crate::reconnect::Prompt;
use crate::sanitize::one_line;
use crate::today::{self, FollowUp, Today};
use crate::tui::action::{Action, Focus, Target};
use crate::tui::cmd::Cmd;
use crate::tui::wrap::wrap;
use crate::when::relative;

/// One actionable line of Today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Overdue(usize),
    Due(usize),
    AfterEvent(usize),
    NotFollowedUp(usize),
    Reconnect(usize),
    Introduce(usize),
    Birthday(usize),
}

/// What an item is about, to find it again after a reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Reminder(i64),
    AfterEvent(i64),
    Reconnect(i64),
    Match(i64, i64),
    Birthday(i64),
}

pub struct TodayScreen {
    pub data: Today,
    pub sel: usize,
}

impl TodayScreen {
    pub fn new(today: NaiveDate) -> TodayScreen {
        TodayScreen {
            data: Today::empty(today),
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
            .chain((0..t.not_followed_up.len()).map(Item::NotFollowedUp))
            .chain((0..t.reconnect.len()).map(Item::Reconnect))
            .chain((0..t.introduce.len()).map(Item::Introduce))
            .chain((0..t.birthdays.len()).map(Item::Birthday))
            .collect()
    }

    pub fn selected(&self) -> Option<Item> {
        self.items().get(self.sel).copied()
    }

    fn key(&self, item: Item) -> Key {
        let t = &self.data;
        match item {
            Item::Overdue(i) => Key::Reminder(t.overdue[i].reminder.id),
            Item::Due(i) => Key::Reminder(t.due[i].reminder.id),
            Item::AfterEvent(i) => Key::AfterEvent(t.after_event[i].person_id),
            Item::NotFollowedUp(i) => Key::AfterEvent(t.not_followed_up[i].person_id),
            Item::Reconnect(i) => Key::Reconnect(t.reconnect[i].person_id),
            Item::Introduce(i) => {
                let m = &t.introduce[i].matched;
                Key::Match(m.need_id, m.offer_id)
            }
            Item::Birthday(i) => Key::Birthday(t.birthdays[i].person_id),
        }
    }

    /// What done and snooze act on for the selected item.
    fn target(&self) -> Option<Target> {
        let t = &self.data;
        match self.selected()? {
            Item::Overdue(i) => Some(Target::Reminder(t.overdue[i].reminder.id)),
            Item::Due(i) => Some(Target::Reminder(t.due[i].reminder.id)),
            Item::AfterEvent(i) => Some(Target::Prompt(t.after_event[i].person_id)),
            Item::NotFollowedUp(i) => Some(Target::Prompt(t.not_followed_up[i].person_id)),
            Item::Reconnect(i) => Some(Target::Prompt(t.reconnect[i].person_id)),
            Item::Introduce(_) | Item::Birthday(_) => None,
        }
    }

    pub fn focus(&self) -> Option<Focus> {
        let t = &self.data;
        let reminder = |f: &FollowUp| {
            f.reminder.person_id.map(|id| Focus {
                id,
                name: f.reminder.person.clone().unwrap_or_default(),
                give_idea: f.give_idea.clone(),
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
            Item::NotFollowedUp(i) => Some(prompt(&t.not_followed_up[i])),
            Item::Reconnect(i) => Some(prompt(&t.reconnect[i])),
            // The person who needs something; the give is the introduction.
            Item::Introduce(i) => Some(Focus {
                id: t.introduce[i].matched.need_person_id,
                name: t.introduce[i].matched.need_person.clone(),
                give_idea: Some(t.introduce[i].give_idea.clone()),
            }),
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
                None if matches!(self.selected(), Some(Item::Introduce(_))) => Action::Info(
                    "An introduction is done when you make it: log it with g, or mark the need met on the person (M).".into(),
                ),
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
            // On a match: introduce its two people; on a person: to someone.
            Cmd::Introduce => match (self.selected(), self.focus()) {
                (Some(Item::Introduce(i)), _) => {
                    Action::form(crate::tui::forms::intro_match(&self.data.introduce[i].matched))
                }
                (_, Some(f)) => Action::form(crate::tui::forms::intro(f.id, &f.name)),
                _ => Action::Info("Nothing selected to introduce.".into()),
            },
            _ => Action::Pass(cmd),
        }
    }

    fn follow_up(&self, f: &FollowUp, ctx: &Ctx, late: bool, width: usize) -> Vec<Line<'static>> {
        let t = ctx.theme;
        let r = &f.reminder;
        let when = relative(r.shows_on(), ctx.today);
        let mut pieces = vec![(left(&when), if late { t.overdue() } else { t.due() })];
        if let Some(p) = r.person.as_deref() {
            pieces.push((one_line(p), t.heading()));
            pieces.push((" \u{2014} ".into(), Style::default()));
        }
        pieces.push((one_line(&r.body), Style::default()));
        if let Some(d) = r.repeat_days {
            pieces.push((format!(" \u{21bb}{d}d"), t.dim()));
        }
        if let Some(met) = &f.met {
            let on = if met.on.year() == ctx.today.year() {
                met.on.format("%-d %b")
            } else {
                met.on.format("%-d %b %Y")
            };
            pieces.push((
                format!(" \u{b7} met at {} on {on}", one_line(&met.at)),
                t.dim(),
            ));
        }
        let mut lines = wrap(&pieces, width, LEFT);
        if let Some(idea) = &f.give_idea {
            lines.extend(wrap(
                &[(left("give"), t.good()), (one_line(idea), t.dim())],
                width,
                LEFT,
            ));
        }
        lines
    }

    fn prompt(&self, p: &Prompt, ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
        let t = ctx.theme;
        let mut lines = wrap(
            &[
                (left(&short_ago(p.last_touch, ctx.today)), t.dim()),
                (one_line(&p.person), t.heading()),
                (" \u{2014} ".into(), Style::default()),
                (one_line(&p.why), Style::default()),
            ],
            width,
            LEFT,
        );
        if !p.give_idea.is_empty() {
            lines.extend(wrap(
                &[(left("give"), t.good()), (one_line(&p.give_idea), t.dim())],
                width,
                LEFT,
            ));
        }
        lines
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        let d = &self.data;
        let n = &d.counts;
        // The highlight symbol takes a column.
        let width = (area.width as usize).saturating_sub(1);
        let items = self.items();
        let mut list: Vec<ListItem> = Vec::new();
        let mut selected_row = None;
        let mut sections: Vec<(&str, usize, usize)> = vec![
            ("Overdue", n.overdue, d.overdue.len()),
            ("Due today", n.due, d.due.len()),
            ("After events", n.after_event, d.after_event.len()),
        ];
        if n.not_followed_up > 0 || !d.not_followed_up.is_empty() {
            sections.push((
                "Not followed up",
                n.not_followed_up,
                d.not_followed_up.len(),
            ));
        }
        sections.push(("Reconnect", n.reconnect, d.reconnect.len()));
        if n.introduce > 0 || !d.introduce.is_empty() {
            sections.push(("Introduce", n.introduce, d.introduce.len()));
        }
        sections.push(("Birthdays", n.birthdays, d.birthdays.len()));
        let mut k = 0;
        for (si, (title, count, shown)) in sections.iter().enumerate() {
            let style = if si == 0 && *count > 0 {
                t.overdue()
            } else {
                t.heading()
            };
            list.push(ListItem::new(wrap(
                &[
                    (format!("{title} "), style),
                    (format!("({count})"), t.dim()),
                ],
                width,
                2,
            )));
            if *shown == 0 {
                list.push(ListItem::new(Line::styled(
                    "             \u{2014}",
                    t.dim(),
                )));
            }
            for _ in 0..*shown {
                let Some(item) = items.get(k).copied() else {
                    break;
                };
                let lines = match item {
                    Item::Overdue(i) => self.follow_up(&d.overdue[i], ctx, true, width),
                    Item::Due(i) => self.follow_up(&d.due[i], ctx, false, width),
                    Item::AfterEvent(i) => self.prompt(&d.after_event[i], ctx, width),
                    Item::NotFollowedUp(i) => self.prompt(&d.not_followed_up[i], ctx, width),
                    Item::Reconnect(i) => self.prompt(&d.reconnect[i], ctx, width),
                    Item::Introduce(i) => {
                        let m = &d.introduce[i];
                        let mut lines = wrap(
                            &[
                                (left("introduce"), t.good()),
                                (one_line(&m.matched.need_person), t.heading()),
                                (" \u{2194} ".into(), Style::default()),
                                (one_line(&m.matched.offer_person), t.heading()),
                            ],
                            width,
                            LEFT,
                        );
                        lines.extend(wrap(
                            &[(left("give"), t.good()), (one_line(&m.give_idea), t.dim())],
                            width,
                            LEFT,
                        ));
                        lines
                    }
                    Item::Birthday(i) => {
                        let b = &d.birthdays[i];
                        let turns = b.turns.map(|n| format!(", turns {n}")).unwrap_or_default();
                        wrap(
                            &[
                                (left(&b.date.format("%a %-d %b").to_string()), t.due()),
                                (one_line(&b.person), t.heading()),
                                (
                                    format!(" ({}){turns}", relative(b.date, ctx.today)),
                                    t.dim(),
                                ),
                            ],
                            width,
                            LEFT,
                        )
                    }
                };
                if k == self.sel {
                    selected_row = Some(list.len());
                }
                list.push(ListItem::new(lines));
                k += 1;
            }
            if count > shown {
                list.push(ListItem::new(Line::styled(
                    format!("{}\u{2026} and {} more", " ".repeat(LEFT), count - shown),
                    t.dim(),
                )));
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
