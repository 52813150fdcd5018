use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::tui::action::Action;
use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.theme;
    let key = |a| Span::styled(app.keys.key_for(a), t.key());
    let lines = vec![
        Line::from(Span::styled("Welcome to Kith", t.title())),
        Line::raw(""),
        Line::raw("Kith remembers whom you met, where and when, what you learned"),
        Line::raw("about them and what you gave them, and tells you each morning"),
        Line::raw("whom to follow up and reconnect with."),
        Line::raw(""),
        Line::from(vec![
            Span::raw("  "),
            key(Action::Done),
            Span::raw("  explore with demo data"),
        ]),
        Line::from(vec![
            Span::raw("  "),
            key(Action::Add),
            Span::raw("  add the first person you met"),
        ]),
        Line::from(vec![
            Span::raw("  "),
            key(Action::Help),
            Span::raw("  every key"),
        ]),
        Line::from(vec![
            Span::raw("  "),
            key(Action::Quit),
            Span::raw("  quit"),
        ]),
        Line::raw(""),
        Line::from(Span::styled(format!("Store: {}", app.store_path), t.dim())),
    ];
    let block = Block::default().borders(Borders::ALL);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
