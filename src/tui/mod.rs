//! The terminal UI: one single-threaded loop of draw → key → action → update.

pub mod action;
pub mod app;
mod clipboard;
pub mod cmd;
mod commands;
pub mod form;
pub mod forms;
pub mod key;
pub mod keys;
mod keytable;
pub mod screens;
mod submit;
pub mod theme;
pub mod ui;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::when::Clock;

pub use app::App;

/// How often the open screen checks whether another process changed the store.
const REFRESH: Duration = Duration::from_millis(1000);
/// How long one wait for input lasts: the longest a signal waits to be noticed.
const TICK: Duration = Duration::from_millis(100);

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

/// Runs the TUI until the user quits. The terminal is restored on every exit:
/// on quitting, on SIGTERM, SIGHUP or SIGINT (the loop notices within `TICK`),
/// and by ratatui's panic hook (plus ours, which shows the cursor) on a panic.
pub fn run(mut app: App) -> Result<()> {
    let signals = Signals::default();
    for (signal, flag) in [
        (SIGTERM, &signals.stop),
        (SIGHUP, &signals.stop),
        (SIGINT, &signals.interrupt),
    ] {
        signal_hook::flag::register(signal, Arc::clone(flag))
            .map_err(|e| Error::io("cannot watch for signals", e))?;
    }
    let mut terminal =
        ratatui::try_init().map_err(|e| Error::io("cannot start the terminal UI", e))?;
    show_cursor_on_panic();
    let result = event_loop(&mut terminal, &mut app, &signals);
    // Dropping the terminal shows the cursor it hid; then leave raw mode and the alternate screen.
    drop(terminal);
    ratatui::restore();
    result
}

/// Flags set by signal handlers and read by the loop.
#[derive(Default)]
struct Signals {
    /// SIGTERM or SIGHUP: quit.
    stop: Arc<AtomicBool>,
    /// SIGINT (only sent from outside: raw mode reads Ctrl-C as a key): quit,
    /// unless it arrived while `$EDITOR` had the terminal.
    interrupt: Arc<AtomicBool>,
}

impl Signals {
    fn quit(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.interrupt.load(Ordering::Relaxed)
    }
}

/// ratatui's panic hook leaves raw mode and the alternate screen; the cursor,
/// hidden while drawing, is shown again here first.
fn show_cursor_on_panic() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = crossterm::execute!(std::io::stdout(), crossterm::cursor::Show);
            previous(info);
        }));
    });
}

/// A hidden hook for the end-to-end test that proves the terminal is restored
/// on a panic: `KITH_TEST_PANIC=1` panics on the first frame. Test (debug)
/// builds only; a release build ignores it.
fn test_panic_requested() -> bool {
    cfg!(debug_assertions) && std::env::var_os("KITH_TEST_PANIC").is_some_and(|v| v == "1")
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    signals: &Signals,
) -> Result<()> {
    let panic_now = test_panic_requested();
    let mut last_refresh = Instant::now();
    while !app.quit {
        let size = terminal.size().map_err(|e| Error::io("terminal", e))?;
        app.page = size.height.saturating_sub(5) as usize;
        terminal
            .draw(|f| ui::render(app, f))
            .map_err(|e| Error::io("cannot draw", e))?;
        if panic_now {
            panic!("KITH_TEST_PANIC: a deliberate panic to test the terminal is restored");
        }
        if let Some(text) = app.pending_copy.take() {
            if let Err(e) = clipboard::copy(&text) {
                app.error(format!("could not copy: {e}"));
            }
        }
        if let Some(person_id) = app.pending_editor.take() {
            ratatui::restore();
            let written = clipboard::edit_in_editor();
            // A Ctrl-C typed in a line-mode editor reached us too; it was meant for the editor.
            signals.interrupt.store(false, Ordering::Relaxed);
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
        // Wait for a key (or resize), the next refresh, or a signal.
        loop {
            if signals.quit() {
                // Whatever a form held is dropped, as with Esc: nothing half-written.
                return Ok(());
            }
            if event::poll(TICK).map_err(|e| Error::io("terminal input", e))? {
                match event::read().map_err(|e| Error::io("terminal input", e))? {
                    Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
                    _ => {}
                }
                break;
            }
            if last_refresh.elapsed() >= REFRESH {
                app.refresh_if_changed();
                last_refresh = Instant::now();
                break;
            }
        }
    }
    Ok(())
}
