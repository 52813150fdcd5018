//! Inline forms: Tab moves between fields, Enter saves when every field is
//! valid, Esc cancels and keeps nothing. A bad field shows red with the reason.

use chrono::{Datelike, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use ratatui_textarea::TextArea;

use crate::when::{parse_birthday, parse_date, parse_days};

use super::screens::cell;
use super::theme::Theme;

/// What a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Text,
    Required,
    Date,
    OptionalDate,
    OptionalDays,
    OptionalBirthday,
    /// An email address or a profile/web URL.
    OptionalContact,
    /// A number from 0 to 1.
    Confidence,
    /// The kind of a note: talk, met, gave, …
    NoteKind,
    /// A contact point of any kind (email, phone, URL); empty removes it.
    Point,
    /// An address: any text; empty removes it.
    Address,
}

pub struct Field {
    pub label: String,
    pub input: TextArea<'static>,
    pub check: Check,
    pub error: Option<String>,
}

impl Field {
    pub fn new(label: impl Into<String>, check: Check, value: &str, hint: &str) -> Field {
        let mut input = TextArea::new(vec![value.to_string()]);
        if !hint.is_empty() {
            input.set_placeholder_text(format!("e.g. {hint}"));
        }
        input.set_cursor_line_style(ratatui::style::Style::default());
        // A pre-filled value is selected: typing replaces it, an arrow keeps it.
        if !value.is_empty() {
            input.select_all();
        }
        input.move_cursor(ratatui_textarea::CursorMove::End);
        Field {
            label: label.into(),
            input,
            check,
            error: None,
        }
    }

    pub fn value(&self) -> String {
        self.input.lines().join(" ").trim().to_string()
    }

    fn clear(&mut self) {
        self.input.select_all();
        self.input.cut();
    }

    /// What a date field resolves to, shown as you type ("→ Fri 27 Nov").
    pub fn preview(&self, today: NaiveDate) -> Option<String> {
        if !matches!(self.check, Check::Date | Check::OptionalDate) {
            return None;
        }
        let v = self.value();
        if v.is_empty() {
            return None;
        }
        parse_date(&v, today).ok().map(|d| {
            let fmt = if d.year() == today.year() {
                "%a %-d %b"
            } else {
                "%a %-d %b %Y"
            };
            format!("→ {}", d.format(fmt))
        })
    }

    fn validate(&mut self, today: NaiveDate) -> bool {
        let v = self.value();
        self.error = match self.check {
            Check::Text => None,
            Check::Required if v.is_empty() => Some("required".into()),
            Check::Required => None,
            // Short reasons: a form line is narrower than the command line's messages.
            Check::Date | Check::OptionalDate
                if v.is_empty() && self.check == Check::OptionalDate =>
            {
                None
            }
            Check::Date | Check::OptionalDate => parse_date(&v, today).err().map(|_| {
                format!("\"{v}\" is not a date: try fri, next mon, in 2w, +3d, 2026-12-01")
            }),
            Check::OptionalDays if v.is_empty() => None,
            Check::OptionalDays => parse_days(&v)
                .err()
                .map(|_| format!("\"{v}\" is not a rhythm: try 30d, 2w, 3m, 1y")),
            Check::OptionalBirthday if v.is_empty() => None,
            Check::OptionalBirthday => parse_birthday(&v).err().map(|_| {
                format!("\"{v}\" is not a birthday: try 1990-03-15, or --03-15 without a year")
            }),
            Check::Confidence => match v.parse::<f64>() {
                Ok(c) if (0.0..=1.0).contains(&c) => None,
                _ => Some(format!("\"{v}\" is not a confidence: a number from 0 to 1")),
            },
            Check::NoteKind => crate::model::NoteKind::parse(&v).is_none().then(|| {
                format!("\"{v}\" is not a kind: note, met, talk, gave, learned, asked, promise")
            }),
            Check::OptionalContact if v.is_empty() => None,
            Check::OptionalContact => {
                let ok = (v.contains('@') && !v.contains(' '))
                    || v.contains("://")
                    || v.contains(".com/");
                (!ok).then(|| "an email address or a profile URL".into())
            }
            Check::Point | Check::Address if v.is_empty() => None,
            Check::Address => None,
            Check::Point => super::contact::parse(&v, None)
                .is_none()
                .then(|| "an email, a phone number or a URL (empty removes it)".into()),
        };
        self.error.is_none()
    }
}

pub enum Outcome {
    Continue,
    Submit,
    Cancel,
}

/// A line under a field about what was typed there ("Already here: …"), and
/// the record it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub field: usize,
    pub text: String,
    pub id: i64,
}

pub struct Form<P> {
    pub title: String,
    /// Shown under its field; Enter then acts on the record it names, and
    /// the hint line says which key does otherwise.
    pub notice: Option<Box<Notice>>,
    /// A fixed line above the fields ("at RustConf 2026 · 19 Nov · Amsterdam").
    pub context: Option<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub purpose: P,
}

impl<P> Form<P> {
    pub fn new(title: impl Into<String>, purpose: P, fields: Vec<Field>) -> Form<P> {
        Form {
            title: title.into(),
            notice: None,
            context: None,
            fields,
            focus: 0,
            purpose,
        }
    }

    pub fn with_context(mut self, context: impl Into<String>) -> Form<P> {
        self.context = Some(context.into());
        self
    }

    pub fn value(&self, i: usize) -> String {
        self.fields.get(i).map(Field::value).unwrap_or_default()
    }

    /// Validates every field; focuses the first bad one.
    pub fn validate(&mut self, today: NaiveDate) -> bool {
        let mut first_bad = None;
        for (i, f) in self.fields.iter_mut().enumerate() {
            if !f.validate(today) && first_bad.is_none() {
                first_bad = Some(i);
            }
        }
        if let Some(i) = first_bad {
            self.focus = i;
        }
        first_bad.is_none()
    }

    pub fn handle_key(&mut self, key: KeyEvent, today: NaiveDate) -> Outcome {
        let n = self.fields.len().max(1);
        match key.code {
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Enter => return Outcome::Submit,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % n,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + n - 1) % n,
            _ => {
                if let Some(f) = self.fields.get_mut(self.focus) {
                    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                    match key.code {
                        // Clears the whole field, wherever the cursor is.
                        KeyCode::Char('u') if ctrl => f.clear(),
                        // One line per field: no newlines from keys.
                        KeyCode::Char('m') if ctrl => {}
                        _ => {
                            f.input.input(key);
                        }
                    }
                    if f.error.is_some() {
                        f.validate(today);
                    }
                }
            }
        }
        Outcome::Continue
    }

    /// Height the form needs: borders, context, one row per field, errors, hint.
    pub fn height(&self) -> u16 {
        let errors = self.fields.iter().filter(|f| f.error.is_some()).count();
        (self.fields.len()
            + errors
            + 4
            + usize::from(self.context.is_some())
            + usize::from(self.notice.is_some())) as u16
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme, today: NaiveDate) {
        let h = self.height().min(area.height);
        let rect = Rect {
            x: area.x,
            y: area.y + area.height.saturating_sub(h),
            width: area.width,
            height: h,
        };
        frame.render_widget(Clear, rect);
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            format!(
                " {} ",
                cell(&self.title, rect.width.saturating_sub(4) as usize)
            ),
            theme.title(),
        ));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let label_w = self
            .fields
            .iter()
            .map(|f| f.label.chars().count())
            .max()
            .unwrap_or(0) as u16
            + 2;
        let mut y = inner.y;
        let bottom = inner.y + inner.height;
        if let Some(ctx) = &self.context {
            if y < bottom {
                frame.render_widget(
                    // Cut to the line with an ellipsis, never mid-word silently.
                    Paragraph::new(Span::styled(
                        super::screens::cell(ctx, inner.width as usize),
                        theme.dim(),
                    )),
                    Rect {
                        y,
                        height: 1,
                        ..inner
                    },
                );
                y += 1;
            }
        }
        // When not every field fits, the window of fields follows the focus.
        let rows = |f: &Field| 1 + u16::from(f.error.is_some());
        let room = bottom.saturating_sub(y).saturating_sub(1);
        let mut first = 0;
        while first < self.focus
            && self.fields[first..=self.focus.min(self.fields.len() - 1)]
                .iter()
                .map(rows)
                .sum::<u16>()
                > room
        {
            first += 1;
        }
        for (i, f) in self.fields.iter().enumerate().skip(first) {
            if y + rows(f) > bottom.saturating_sub(1) && y > inner.y {
                break;
            }
            let label_style = if f.error.is_some() {
                theme.error()
            } else if i == self.focus {
                theme.key()
            } else {
                theme.dim()
            };
            let marker = if i == self.focus { "›" } else { " " };
            let label = Rect {
                x: inner.x,
                y,
                width: label_w.min(inner.width),
                height: 1,
            };
            frame.render_widget(
                Paragraph::new(Span::styled(format!("{marker}{}", f.label), label_style)),
                label,
            );
            let mut input = Rect {
                x: inner.x + label.width,
                y,
                width: inner.width.saturating_sub(label.width),
                height: 1,
            };
            if let Some(p) = f.preview(today) {
                let w = (p.chars().count() as u16 + 1).min(input.width / 2);
                input.width -= w;
                let r = Rect {
                    x: input.x + input.width,
                    width: w,
                    ..input
                };
                frame.render_widget(
                    Paragraph::new(Span::styled(p, theme.good())).right_aligned(),
                    r,
                );
            }
            let mut ta = f.input.clone();
            let mut style = theme.field();
            if i != self.focus {
                ta.set_cursor_style(ratatui::style::Style::default());
                ta.cancel_selection();
                style = ratatui::style::Style::default();
            } else {
                ta.set_selection_style(theme.selected());
            }
            ta.set_style(style);
            ta.set_placeholder_style(theme.dim());
            frame.render_widget(&ta, input);
            y += 1;
            if let Some(n) = self.notice.as_ref().filter(|n| n.field == i) {
                if y < bottom {
                    let r = Rect {
                        x: input.x,
                        y,
                        width: inner.width.saturating_sub(label.width),
                        height: 1,
                    };
                    frame.render_widget(
                        Paragraph::new(Span::styled(format!("↳ {}", n.text), theme.good())),
                        r,
                    );
                    y += 1;
                }
            }
            if let Some(err) = &f.error {
                if y < bottom {
                    let r = Rect {
                        x: input.x,
                        y,
                        width: input.width,
                        height: 1,
                    };
                    frame.render_widget(
                        Paragraph::new(Span::styled(format!("✗ {err}"), theme.error())),
                        r,
                    );
                    y += 1;
                }
            }
        }
        if y < bottom {
            let hint = Line::from(if self.notice.is_some() {
                vec![
                    Span::styled("Enter", theme.key()),
                    Span::raw(" add to them  "),
                    Span::styled("C-n", theme.key()),
                    Span::raw(" new person  "),
                    Span::styled("Tab", theme.key()),
                    Span::raw(" next  "),
                    Span::styled("Esc", theme.key()),
                    Span::raw(" cancel"),
                ]
            } else {
                vec![
                    Span::styled("Enter", theme.key()),
                    Span::raw(" save  "),
                    Span::styled("Tab", theme.key()),
                    Span::raw(" next field  "),
                    Span::styled("Esc", theme.key()),
                    Span::raw(" cancel  "),
                    Span::styled("C-u", theme.key()),
                    Span::raw(" clear"),
                ]
            });
            frame.render_widget(
                Paragraph::new(hint),
                Rect {
                    y: bottom - 1,
                    height: 1,
                    ..inner
                },
            );
        }
    }
}
