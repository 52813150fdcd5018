//! Duplicates: each pair of people who may be one, side by side. `m` merges
//! (Space picks which value wins where they differ), `x` keeps them apart
//! for good, `s` skips; `A` merges every pair above a confidence.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;

use super::{cell, Ctx, Env};
use crate::error::Result;
use crate::identity::review::{self, Pair};
use crate::model::ContactKind;
use crate::store::identity::{self as idb, Field};
use crate::store::people;
use crate::tui::action::Action;
use crate::tui::cmd::Cmd;

/// One person of the pair, as shown.
#[derive(Debug, Clone, Default)]
pub struct Side {
    pub id: i64,
    pub values: Vec<String>,
}

/// The rows: the four that a merge can take from either side, then facts.
pub const ROWS: [&str; 9] = [
    "Name", "Company", "Title", "Birthday", "Emails", "Profiles", "Phones", "Notes", "Met",
];
const FIELDS: [Field; 4] = [Field::Name, Field::Company, Field::Title, Field::Birthday];

#[derive(Default)]
pub struct DuplicatesScreen {
    pub pairs: Vec<Pair>,
    /// People left out for sharing a very common name or address.
    pub common: usize,
    /// The pair shown.
    pub index: usize,
    pub sides: Option<(Side, Side)>,
    /// The row selected, and for each of the first four whether the right
    /// side's value wins.
    pub row: usize,
    pub take_right: [bool; 4],
}

fn side(env: &Env, id: i64) -> Result<Side> {
    let p = people::get_person(env.conn, id)?;
    let points = people::contact_points(env.conn, id)?;
    let of = |kinds: &[ContactKind]| {
        points
            .iter()
            .filter(|c| kinds.contains(&c.kind))
            .map(|c| c.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let dash = |s: Option<String>| s.filter(|s| !s.is_empty()).unwrap_or_default();
    Ok(Side {
        id,
        values: vec![
            p.name,
            dash(p.company),
            dash(p.title),
            dash(p.birthday),
            of(&[ContactKind::Email]),
            of(&[ContactKind::Social, ContactKind::Url]),
            of(&[ContactKind::Phone]),
            idb::note_count(env.conn, id)?.to_string(),
            idb::last_met(env.conn, id)?.unwrap_or_default(),
        ],
    })
}

impl DuplicatesScreen {
    pub fn load(&mut self, env: &Env) -> Result<()> {
        let shown = self.pair().map(|p| (p.a, p.b));
        let found = review::candidates(env.conn, 0.0)?;
        self.pairs = found.pairs;
        self.common = found.common;
        self.index = self.index.min(self.pairs.len().saturating_sub(1));
        self.sides = match self.pair().map(|p| (p.a, p.b)) {
            Some((a, b)) => Some((side(env, a)?, side(env, b)?)),
            None => None,
        };
        if self.pair().map(|p| (p.a, p.b)) != shown {
            self.take_right = [false; 4];
        }
        Ok(())
    }

    pub fn pair(&self) -> Option<&Pair> {
        self.pairs.get(self.index)
    }

    /// How many pairs are at or above each of a few confidences.
    pub fn counts(&self) -> Vec<(f64, usize)> {
        [0.95, 0.9, 0.8, 0.6]
            .into_iter()
            .map(|t| (t, self.pairs.iter().filter(|p| p.confidence >= t).count()))
            .collect()
    }

    pub fn handle(&mut self, cmd: Cmd, _ctx: &Ctx) -> Action {
        let Some(p) = self.pair().cloned() else {
            return match cmd {
                Cmd::Merge | Cmd::KeepApart | Cmd::Skip | Cmd::MergeAll => {
                    Action::Info("No likely duplicates.".into())
                }
                _ => Action::Pass(cmd),
            };
        };
        match cmd {
            Cmd::Up => self.row = self.row.saturating_sub(1),
            Cmd::Down => self.row = (self.row + 1).min(ROWS.len() - 1),
            Cmd::PickSide => match self.take_right.get_mut(self.row) {
                Some(t) => *t = !*t,
                None => return Action::Info("Only name, company, title and birthday have a side to pick; the rest is kept from both.".into()),
            },
            Cmd::Skip => {
                self.index = (self.index + 1) % self.pairs.len();
                self.take_right = [false; 4];
                return Action::Reload;
            }
            Cmd::Merge => {
                let take = FIELDS
                    .iter()
                    .zip(self.take_right)
                    .filter(|(_, t)| *t)
                    .map(|(f, _)| *f)
                    .collect();
                return Action::MergePair {
                    keep: p.a,
                    drop: p.b,
                    take,
                };
            }
            Cmd::KeepApart => return Action::KeepApart(p.a, p.b),
            Cmd::MergeAll => return Action::MergeAll(self.counts()),
            _ => return Action::Pass(cmd),
        }
        Action::None
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        let (Some(p), Some((a, b))) = (self.pair(), self.sides.as_ref()) else {
            let mut msg = "No likely duplicates: nobody here shares a name, an email or a profile with someone else.".to_string();
            if self.common > 0 {
                msg.push_str(&format!(
                    " ({} people share a very common name and are paired only when the company matches too.)",
                    self.common
                ));
            }
            frame.render_widget(
                Paragraph::new(Span::styled(msg, t.dim()))
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                area,
            );
            return;
        };
        let [head, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
        let reasons: Vec<&str> = p.reasons.iter().map(|r| r.text()).collect();
        let lines = vec![
            Line::from(vec![
                Span::styled(
                    format!("Pair {} of {}", self.index + 1, self.pairs.len()),
                    t.heading(),
                ),
                Span::raw(format!(" · {:.2} · {}", p.confidence, reasons.join(", "))),
            ]),
            Line::from(Span::styled(
                "left is kept, gaps filled from the right; Space picks which value wins",
                t.dim(),
            )),
        ];
        frame.render_widget(Paragraph::new(lines), head);
        // Label 9, mark 1, highlight 1 and three column gaps leave the rest
        // to the two values; values are cut to the very width they get.
        let w = (body.width.saturating_sub(14) / 2).max(8) as usize;
        let rows: Vec<Row> = ROWS
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let (l, r) = (&a.values[i], &b.values[i]);
                let right = self.take_right.get(i).copied().unwrap_or(false);
                let mark = if i < 4 && l != r && !l.is_empty() && !r.is_empty() {
                    if right {
                        "▸"
                    } else {
                        "◂"
                    }
                } else {
                    " "
                };
                let show = |s: &str| {
                    if s.is_empty() {
                        "—".to_string()
                    } else {
                        cell(s, w)
                    }
                };
                Row::new(vec![label.to_string(), show(l), mark.to_string(), show(r)])
            })
            .collect();
        let widths = [
            Constraint::Length(9),
            Constraint::Length(w as u16),
            Constraint::Length(1),
            Constraint::Length(w as u16),
        ];
        let header = Row::new(vec![
            String::new(),
            format!("#{} (kept)", a.id),
            String::new(),
            format!("#{}", b.id),
        ])
        .style(t.heading());
        let table = Table::new(rows, widths)
            .header(header)
            .row_highlight_style(t.selected())
            .highlight_symbol("›");
        let mut state = TableState::default().with_selected(Some(self.row));
        frame.render_stateful_widget(table, body, &mut state);
    }
}
