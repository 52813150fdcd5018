//! The terminal UI: one single-threaded loop of draw → key → action → update.

pub mod action;
pub mod app;
mod clipboard;
pub mod cmd;
mod commands;
pub mod contact;
mod correct;
pub mod form;
pub mod forms;
mod here;
mod input;
mod intros;
pub mod key;
pub mod keys;
mod keytable;
mod review;
pub mod screens;
mod submit;
pub mod theme;
pub mod ui;
mod wrap;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};
use input::{Input, Signals, Wait, Watchdog};

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
    let rules = config.cadence_rules()?;
    let mut app = App::with_rules(store, clock, theme::Theme::from_env(), keys, rules)?;
    if !problems.is_empty() {
        app.error(format!("config: {}", problems.join("; ")));
    }
    Ok(app)
}

/// Runs the TUI until the user quits. The terminal is restored on every exit:
/// on quitting, when the terminal goes away or its input ends, on SIGTERM,
/// SIGHUP, SIGINT or SIGQUIT (the loop notices within `TICK`; a watchdog ends
/// the process within a second if it does not), and by ratatui's panic hook
/// (plus ours, which shows the cursor) on a panic.
pub fn run(mut app: App) -> Result<()> {
    let signals = Signals::default();
    let watchdog = Watchdog::start(&signals, restore_terminal)?;
    let input = Input::open()?;
    let mut terminal =
        ratatui::try_init().map_err(|e| Error::io("cannot start the terminal UI", e))?;
    show_cursor_on_panic();
    let result = event_loop(&mut terminal, &mut app, &signals, &input);
    drop(watchdog);
    // Dropping the terminal shows the cursor it hid; then leave raw mode and the alternate screen.
    drop(terminal);
    ratatui::restore();
    result
}

/// Shows the cursor, leaves raw mode and the alternate screen (errors are
/// ignored: the terminal may be gone).
fn restore_terminal() {
    let _ = crossterm::execute!(std::io::stdout(), crossterm::cursor::Show);
    ratatui::restore();
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
    input: &Input,
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
            signals.editing.store(true, Ordering::Relaxed);
            let written = clipboard::edit_in_editor();
            signals.editing.store(false, Ordering::Relaxed);
            // A Ctrl-C (or Ctrl-\) typed in a line-mode editor reached us too;
            // it was meant for the editor.
            signals.interrupt.store(false, Ordering::Relaxed);
            if signals.quit() {
                return Ok(());
            }
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
            // crossterm is asked only when its read cannot block or spin: a
            // terminal gone or an input at its end ends the TUI.
            if input.wait(Duration::ZERO) == Wait::Ended {
                return Ok(());
            }
            if event::poll(Duration::ZERO).map_err(|e| Error::io("terminal input", e))? {
                match event::read().map_err(|e| Error::io("terminal input", e))? {
                    Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
                    _ => {}
                }
                break;
            }
            if input.wait(TICK) == Wait::Ended {
                return Ok(());
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
