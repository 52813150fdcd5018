//! The terminal UI: one single-threaded loop of draw → key → action → update.

pub mod action;
pub mod app;
mod clipboard;
pub mod form;
pub mod forms;
pub mod keys;
pub mod screens;
pub mod theme;
pub mod ui;

use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::when::Clock;

pub use app::App;

/// How often the open screen checks whether another process changed the store.
const REFRESH: Duration = Duration::from_millis(1000);

/// Builds the app for a store, with the keymap from the config.
pub fn app(store: Store, clock: Clock, config: &Config) -> Result<App> {
    let (keys, problems) = keys::Keymap::with_overrides(&config.keys);
    let mut app = App::new(store, clock, theme::Theme::from_env(), keys)?;
    app.rules = config.cadence_rules()?;
    app.reload()?;
    if !problems.is_empty() {
        app.error(format!("config: {}", problems.join("; ")));
    }
    Ok(app)
}

/// Runs the TUI until the user quits. The terminal is restored on every exit,
/// and by ratatui's panic hook on a panic.
pub fn run(mut app: App) -> Result<()> {
    let mut terminal =
        ratatui::try_init().map_err(|e| Error::io("cannot start the terminal UI", e))?;
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<()> {
    while !app.quit {
        let size = terminal.size().map_err(|e| Error::io("terminal", e))?;
        app.page = size.height.saturating_sub(5) as usize;
        terminal
            .draw(|f| ui::render(app, f))
            .map_err(|e| Error::io("cannot draw", e))?;
        if let Some(text) = app.pending_copy.take() {
            if let Err(e) = clipboard::copy(&text) {
                app.error(format!("could not copy: {e}"));
            }
        }
        if let Some(person_id) = app.pending_editor.take() {
            ratatui::restore();
            let written = clipboard::edit_in_editor();
            *terminal =
                ratatui::try_init().map_err(|e| Error::io("cannot restart the terminal UI", e))?;
            terminal.clear().map_err(|e| Error::io("terminal", e))?;
            match written {
                Ok(Some(text)) => app.save_long_note(person_id, &text),
                Ok(None) => app.info("Empty note; nothing saved."),
                Err(e) => app.error(e),
            }
            continue;
        }
        if event::poll(REFRESH).map_err(|e| Error::io("terminal input", e))? {
            match event::read().map_err(|e| Error::io("terminal input", e))? {
                Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
                _ => {}
            }
        } else {
            app.refresh_if_changed();
        }
    }
    Ok(())
}
