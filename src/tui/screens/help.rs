use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::action::Action;
use crate::tui::app::{App, Screen};

/// Every key of the current screen, then the global ones.
pub fn keys_of(screen: Screen) -> Vec<(Action, &'static str)> {
    use Action::*;
    let mut keys = match screen {
        Screen::Welcome => vec![(Done, "load the demo data"), (Add, "add the first person")],
        Screen::Today => vec![
            (Up, "previous item"),
            (Down, "next item"),
            (Done, "done (a follow-up), or mark a prompt followed up"),
            (Snooze, "snooze: 1 day, 1 week, or pick a date"),
            (LogTouch, "log a touch (talk, call, email)"),
            (LogGive, "log something you gave"),
            (CopyBrief, "copy the brief of the person"),
            (Open, "open the person"),
            (Add, "add a person"),
        ],
        Screen::People => vec![
            (Search, "filter: names, companies, tags, notes"),
            (Up, "previous"),
            (Down, "next"),
            (PageDown, "page down"),
            (PageUp, "page up"),
            (Top, "first"),
            (Bottom, "last"),
            (Sort, "sort: name, last touch, overdue"),
            (Open, "open the person"),
            (Add, "add a person"),
            (CopyBrief, "copy the brief"),
            (LogTouch, "log a touch"),
        ],
        Screen::Person(_) => vec![
            (AddNote, "add a note (then n m t g l a p for its kind)"),
            (AddReminder, "add a follow-up"),
            (LogTouch, "log a touch"),
            (LogGive, "log a give"),
            (Edit, "edit name, company, tags, rhythm, birthday"),
            (EditLong, "write a long note in $EDITOR"),
            (CopyBrief, "copy the brief"),
            (Merge, "merge a duplicate into this person"),
            (Down, "scroll down"),
            (Up, "scroll up"),
        ],
        Screen::Events => vec![
            (Up, "previous"),
            (Down, "next"),
            (Open, "open the event"),
            (Capture, "capture people met at the event"),
            (Add, "new event"),
        ],
        Screen::Event(_) => vec![
            (Capture, "capture more people met here"),
            (Open, "open the person"),
            (CopyBrief, "copy the brief"),
            (LogTouch, "log a touch"),
        ],
        Screen::Stats => vec![],
    };
    keys.extend([
        (Search, "search people from anywhere"),
        (NextTab, "next tab (1-4 jump)"),
        (PrevTab, "previous tab"),
        (Back, "back"),
        (Quit, "quit (or back)"),
        (ForceQuit, "quit from anywhere"),
        (Help, "close this help"),
    ]);
    keys
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let mut lines: Vec<Line> = keys_of(app.screen)
        .into_iter()
        .map(|(a, what)| {
            Line::from(vec![
                Span::styled(format!("{:>7}  ", app.keys.key_for(a)), t.key()),
                Span::raw(what),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        "In forms: Tab next field · Enter save · Esc cancel. Dates: 2026-12-01, tomorrow, fri, in 2w, +3d",
        t.dim(),
    )));
    frame.render_widget(Clear, area);
    // The store's path sits on the border, so it shows however many keys there are.
    let store = format!(" Store: {} ", crate::sanitize::one_line(&app.store_path));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(" Keys ", t.title()))
        .title_bottom(Span::styled(store, t.dim()));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
