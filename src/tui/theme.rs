//! Every style of the TUI, in one place. With NO_COLOR set, only bold,
//! reverse and underline remain, so the screen stays readable in monochrome.

use ratatui::style::{Color, Modifier, Style};

use crate::model::NoteKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    pub fn mono() -> Theme {
        Theme { color: false }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn heading(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn tab(&self) -> Style {
        self.fg(Color::Gray)
    }
    pub fn tab_active(&self) -> Style {
        self.fg(Color::Cyan)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn overdue(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn due(&self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn good(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn error(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }
    pub fn field(&self) -> Style {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
    pub fn kind(&self, k: NoteKind) -> Style {
        self.fg(match k {
            NoteKind::Note => Color::Gray,
            NoteKind::Met => Color::Cyan,
            NoteKind::Talk => Color::Blue,
            NoteKind::Gave => Color::Green,
            NoteKind::Learned => Color::Magenta,
            NoteKind::Asked => Color::Yellow,
            NoteKind::Promise => Color::Red,
        })
    }
    pub fn chart(&self) -> Style {
        self.fg(Color::Cyan)
    }
    pub fn chart_alt(&self) -> Style {
        self.fg(Color::Yellow)
    }
}
