//! The frame: tabs on top, the screen, the status line, and any overlay.
//! Drawing reads only what `App` loaded; it never touches the store.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Tabs};
use ratatui::Frame;

use super::app::{App, Overlay};
use super::keys::Scope;
use super::screens::{self, Tab};

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < 20 || area.height < 5 {
        frame.render_widget(Paragraph::new("kith: window too small"), area);
        return;
    }
    let [top, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let ctx = app.ctx();
    render_tabs(app, frame, top);
    app.top().render(frame, body, &ctx);
    render_status(app, frame, status);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => {
            let max = screens::help::render(app.top().scope(), *scroll, frame, body, &ctx);
            app.help_max.set(max);
        }
        Overlay::Form(form) => form.render(frame, body, &app.theme, app.clock.today),
        Overlay::Snooze(_) => prompt_line(app, frame, body, "Snooze:", Scope::Snooze),
        Overlay::NoteKind(_) => prompt_line(app, frame, body, "Note kind:", Scope::NoteKind),
        Overlay::FollowUp(_) => prompt_line(app, frame, body, "What happened?", Scope::FollowUp),
        Overlay::CloseFollowUp { body: what, .. } => {
            let title = format!("Close \u{201c}{}\u{201d} too?", screens::cell(what, 40));
            prompt_line(app, frame, body, &title, Scope::Confirm)
        }
        Overlay::Confirm(c) => prompt_line(app, frame, body, &c.question, Scope::Confirm),
    }
}

/// Tab titles and the date, shortened to fit rather than cut.
fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    // Each title is padded by one column on both sides; three dividers.
    const FULL: u16 = 41;
    let full = area.width >= FULL;
    let titles: Vec<Line> = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if full || *t == app.tab() {
                Line::from(format!("{} {}", i + 1, t.title()))
            } else {
                Line::from(format!("{}", i + 1))
            }
        })
        .collect();
    let tabs = Tabs::new(titles)
        .select(app.tab() as usize)
        .style(app.theme.tab())
        .highlight_style(app.theme.tab_active())
        .divider("·");
    let room = area.width.saturating_sub(FULL + 1);
    let date = [
        app.clock.today.format("%a %-d %b %Y").to_string(),
        app.clock.today.format("%a %-d %b").to_string(),
    ]
    .into_iter()
    .find(|d| d.chars().count() as u16 <= room)
    .unwrap_or_default();
    let [left, right] = Layout::horizontal([
        Constraint::Min(10),
        Constraint::Length(date.chars().count() as u16),
    ])
    .areas(area);
    frame.render_widget(tabs, left);
    frame.render_widget(
        Paragraph::new(Span::styled(date, app.theme.dim())).right_aligned(),
        right,
    );
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    if let Some(s) = &app.status {
        let style = if s.error {
            app.theme.error()
        } else {
            app.theme.good()
        };
        let text = screens::cell(&s.text, area.width as usize);
        frame.render_widget(Paragraph::new(Span::styled(text, style)), area);
        return;
    }
    // The footer keeps the keys that fit whole; `?` lists them all.
    let lines = key_lines(app, None, app.keys.footer(app.top().scope()), area.width);
    if let Some(first) = lines.into_iter().next() {
        frame.render_widget(Paragraph::new(first), area);
    }
}

/// Keys with their words, packed into lines of `width` without cutting one.
fn key_lines(
    app: &App,
    title: Option<&str>,
    keys: Vec<(String, &'static str)>,
    width: u16,
) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let mut lines = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    if let Some(t) = title {
        // A long question wraps by words; the keys follow its last line.
        let mut parts = screens::wrap(t, width as usize).into_iter().peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_some() {
                lines.push(Line::from(Span::styled(part, app.theme.heading())));
            } else {
                used = part.width() + 1;
                spans.push(Span::styled(format!("{part} "), app.theme.heading()));
            }
        }
    }
    for (k, w) in keys {
        let word = format!(" {w}  ");
        let need = k.width() + word.trim_end().width();
        if used > 0 && used + need > width as usize {
            lines.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        used += k.width() + word.width();
        spans.push(Span::styled(k, app.theme.key()));
        spans.push(Span::raw(word));
    }
    if !spans.is_empty() {
        lines.push(Line::from(spans));
    }
    lines
}

/// A one-key prompt at the foot of the body, its keys from the key table,
/// on as many lines as it needs.
fn prompt_line(app: &App, frame: &mut Frame, body: Rect, title: &str, scope: Scope) {
    let lines = key_lines(app, Some(title), app.keys.footer(scope), body.width);
    let h = (lines.len() as u16).min(body.height);
    let r = Rect {
        y: body.y + body.height.saturating_sub(h),
        height: h,
        ..body
    };
    frame.render_widget(Clear, r);
    frame.render_widget(Paragraph::new(lines), r);
}
