//! People: a windowed list with a live filter and three sort orders.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState};
use ratatui::Frame;
use ratatui_textarea::TextArea;

use super::{cell, short_ago, step, Ctx, Env, View};
use crate::error::Result;
use crate::model::PersonRow;
use crate::store::people::{self, Sort};
use crate::store::search;
use crate::tui::action::{Action, Focus};
use crate::tui::cmd::Cmd;

/// How many people the list keeps loaded around the selection.
pub const PEOPLE_WINDOW: usize = 200;
/// How many search results the filter shows: a screenful or two, best first;
/// another word narrows them (each result costs a keystroke time).
pub const FILTER_LIMIT: usize = 60;

pub struct PeopleScreen {
    /// Loaded rows; `start` is the list index of the first.
    pub rows: Vec<PersonRow>,
    pub start: usize,
    pub total: usize,
    pub selected: usize,
    pub sort: Sort,
    pub filter: TextArea<'static>,
    /// Keys go to the filter while it is being typed.
    pub filtering: bool,
}

fn empty_filter() -> TextArea<'static> {
    let mut filter = TextArea::default();
    filter.set_placeholder_text("type to filter: names, companies, tags, notes");
    filter.set_cursor_line_style(ratatui::style::Style::default());
    filter
}

impl Default for PeopleScreen {
    fn default() -> Self {
        PeopleScreen::new()
    }
}

impl PeopleScreen {
    pub fn new() -> PeopleScreen {
        PeopleScreen {
            rows: vec![],
            start: 0,
            total: 0,
            selected: 0,
            sort: Sort::Name,
            filter: empty_filter(),
            filtering: false,
        }
    }

    pub fn query(&self) -> String {
        self.filter.lines().join(" ").trim().to_string()
    }

    pub fn selected_row(&self) -> Option<&PersonRow> {
        self.selected
            .checked_sub(self.start)
            .and_then(|i| self.rows.get(i))
    }

    /// The rows around the selection: a filter's results, or a window of the list.
    pub fn load(&mut self, env: &Env) -> Result<()> {
        let c = env.conn;
        let q = self.query();
        if q.is_empty() {
            self.total = people::count(c)? as usize;
            self.selected = self.selected.min(self.total.saturating_sub(1));
            let start = self.selected.saturating_sub(PEOPLE_WINDOW / 2);
            self.rows = people::list(c, self.sort, PEOPLE_WINDOW, start)?;
            self.start = start;
        } else {
            // Word prefixes only: a keystroke never scans every name.
            self.rows = search::search(c, &q, FILTER_LIMIT)?;
            self.total = self.rows.len();
            self.start = 0;
            self.selected = self.selected.min(self.total.saturating_sub(1));
        }
        Ok(())
    }

    pub fn focus(&self) -> Option<Focus> {
        self.selected_row().map(|r| Focus {
            id: r.id,
            name: r.name.clone(),
            give_idea: None,
        })
    }

    /// Keys while the filter is being typed.
    pub fn text_input(&mut self, key: KeyEvent) -> Option<Action> {
        if !self.filtering {
            return None;
        }
        match key.code {
            KeyCode::Esc => {
                self.filter = empty_filter();
                self.filtering = false;
                self.selected = 0;
            }
            KeyCode::Enter | KeyCode::Down | KeyCode::Tab => {
                self.filtering = false;
                return Some(Action::None);
            }
            _ => {
                self.filter.input(key);
                self.selected = 0;
            }
        }
        Some(Action::Reload)
    }

    pub fn handle(&mut self, cmd: Cmd, ctx: &Ctx) -> Action {
        if let Some(sel) = step(cmd, self.selected, self.total, ctx.page) {
            self.selected = sel;
            let outside = sel < self.start || sel >= self.start + self.rows.len();
            return if self.query().is_empty() && outside {
                Action::Reload
            } else {
                Action::None
            };
        }
        match cmd {
            Cmd::Search => {
                self.filtering = true;
                Action::None
            }
            Cmd::Sort => {
                self.sort = match self.sort {
                    Sort::Name => Sort::LastTouch,
                    Sort::LastTouch => Sort::Overdue,
                    Sort::Overdue => Sort::Name,
                };
                self.selected = 0;
                Action::Reload
            }
            Cmd::Open => match self.selected_row() {
                Some(r) => Action::push(View::person(r.id)),
                None => Action::None,
            },
            Cmd::Add => Action::form(crate::tui::forms::add_person()),
            Cmd::Duplicates => Action::push(View::Duplicates(Box::default())),
            _ => Action::Pass(cmd),
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        let p = self;
        let [bar, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);

        let sort = match p.sort {
            Sort::Name => "name",
            Sort::LastTouch => "last touch",
            Sort::Overdue => "overdue",
        };
        // A filter lists the best matches (store order beyond 5,000), at most
        // FILTER_LIMIT of them: say so rather than a sort it does not follow.
        let count = if p.query().is_empty() {
            format!(" {} · sorted by {sort} ", p.total)
        } else if p.total >= FILTER_LIMIT {
            format!(" first {} · type more to narrow ", p.total)
        } else {
            format!(" {} · best first ", p.total)
        };
        let [input, info] = Layout::horizontal([
            Constraint::Min(10),
            Constraint::Length(crate::text_width::width(&count) as u16 + 1),
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
            let nobody = format!(
                "Nobody yet. Press {} to add a person.",
                ctx.keys.key_for(Cmd::Add)
            );
            let msg = if p.query().is_empty() {
                &nobody
            } else {
                "Nobody matches."
            };
            frame.render_widget(
                Paragraph::new(Line::from(Span::styled(msg, t.dim())))
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                body,
            );
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
                    cells.push(short_ago(r.last_touch, ctx.today));
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
}
