//! The frame: tabs on top, the screen, the status line, and any overlay.
//! Drawing reads only what `App` loaded; it never touches the store.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Tabs};
use ratatui::Frame;

use super::action::Action;
use super::app::{App, Overlay, Screen, Tab};
use super::screens;

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
    render_tabs(app, frame, top);
    match app.screen {
        Screen::Welcome => screens::welcome::render(app, frame, body),
        Screen::Today => screens::today::render(app, frame, body),
        Screen::People => screens::people::render(app, frame, body),
        Screen::Person(_) => screens::person::render(app, frame, body),
        Screen::Events => screens::events::render_list(app, frame, body),
        Screen::Event(_) => screens::events::render_event(app, frame, body),
        Screen::Stats => screens::stats::render(app, frame, body),
    }
    render_status(app, frame, status);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help => screens::help::render(app, frame, body),
        Overlay::Form(form) => form.render(frame, body, &app.theme),
        Overlay::Snooze(_) => prompt_line(
            app,
            frame,
            body,
            "Snooze:",
            &[
                ("1", "tomorrow"),
                ("w", "a week"),
                ("p", "pick a date"),
                ("Esc", "cancel"),
            ],
        ),
        Overlay::NoteKind(_) => prompt_line(
            app,
            frame,
            body,
            "Note kind:",
            &[
                ("n", "note"),
                ("m", "met"),
                ("t", "talk"),
                ("g", "gave"),
                ("l", "learned"),
                ("a", "asked"),
                ("p", "promise"),
            ],
        ),
    }
}

fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let titles: Vec<Line> = Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| Line::from(format!("{} {}", i + 1, t.title())))
        .collect();
    let tabs = Tabs::new(titles)
        .select(app.screen.tab() as usize)
        .style(app.theme.tab())
        .highlight_style(app.theme.tab_active())
        .divider("·");
    let [left, right] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(22)]).areas(area);
    frame.render_widget(tabs, left);
    let date = app.clock.today.format("%a %-d %b %Y").to_string();
    frame.render_widget(
        Paragraph::new(Span::styled(date, app.theme.dim())).right_aligned(),
        right,
    );
}

fn hint<'a>(app: &App, action: Action, what: &'a str) -> [Span<'a>; 2] {
    [
        Span::styled(app.keys.key_for(action), app.theme.key()),
        Span::raw(format!(" {what}  ")),
    ]
}

/// The few keys that matter on the current screen.
pub fn status_keys(app: &App) -> Vec<(Action, &'static str)> {
    use Action::*;
    match app.screen {
        Screen::Welcome => vec![(Done, "demo data"), (Add, "add a person"), (Quit, "quit")],
        Screen::Today => vec![
            (Done, "done"),
            (Snooze, "snooze"),
            (LogTouch, "log"),
            (LogGive, "give"),
            (CopyBrief, "brief"),
            (Open, "open"),
            (Help, "help"),
        ],
        Screen::People => vec![
            (Search, "filter"),
            (Open, "open"),
            (Add, "add"),
            (Sort, "sort"),
            (CopyBrief, "brief"),
            (Help, "help"),
        ],
        Screen::Person(_) => vec![
            (AddNote, "note"),
            (AddReminder, "follow-up"),
            (Edit, "edit"),
            (CopyBrief, "brief"),
            (Back, "back"),
            (Help, "help"),
        ],
        Screen::Events => vec![
            (Open, "open"),
            (Capture, "capture"),
            (Add, "new event"),
            (Help, "help"),
        ],
        Screen::Event(_) => vec![
            (Capture, "capture"),
            (Open, "person"),
            (Back, "back"),
            (Help, "help"),
        ],
        Screen::Stats => vec![(NextTab, "next tab"), (Quit, "quit"), (Help, "help")],
    }
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    if let Some(s) = &app.status {
        let style = if s.error {
            app.theme.error()
        } else {
            app.theme.good()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(crate::sanitize::one_line(&s.text), style)),
            area,
        );
        return;
    }
    let spans: Vec<Span> = status_keys(app)
        .into_iter()
        .flat_map(|(a, w)| hint(app, a, w))
        .collect();
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn prompt_line(app: &App, frame: &mut Frame, body: Rect, title: &str, choices: &[(&str, &str)]) {
    let r = Rect {
        y: body.y + body.height.saturating_sub(1),
        height: 1.min(body.height),
        ..body
    };
    let mut spans = vec![Span::styled(format!("{title} "), app.theme.heading())];
    for (k, w) in choices {
        spans.push(Span::styled(*k, app.theme.key()));
        spans.push(Span::raw(format!(" {w}  ")));
    }
    frame.render_widget(Clear, r);
    frame.render_widget(Paragraph::new(Line::from(spans)), r);
}
