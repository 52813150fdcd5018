//! One file per screen. A screen is a struct that owns what it shows and its
//! selection: `load` reads the store, `handle` turns a key's command into an
//! `Action`, `render` draws what was loaded and never touches the store.

pub mod duplicates;
pub mod event;
pub mod events;
pub mod help;
pub mod intros;
pub mod people;
pub mod person;
mod person_links;
pub mod returns;
pub mod stats;
pub mod today;
pub mod welcome;

use chrono::NaiveDate;
use ratatui::layout::Rect;
use ratatui::Frame;
use rusqlite::Connection;

use crate::error::Result;
use crate::reconnect::CadenceRules;
use crate::sanitize;

use super::action::{Action, Focus};
use super::cmd::Cmd;
use super::keys::{Keymap, Scope};
use super::theme::Theme;

/// What loading a screen may read.
pub struct Env<'a> {
    pub conn: &'a Connection,
    pub today: NaiveDate,
    pub rules: &'a CadenceRules,
}

/// What handling a key and drawing may read: never the store.
pub struct Ctx<'a> {
    pub theme: &'a Theme,
    pub keys: &'a Keymap,
    pub today: NaiveDate,
    /// Rows that fit in the body.
    pub page: usize,
    pub store_path: &'a str,
}

/// The tabs along the top; each is the root of a stack of screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Today,
    People,
    Events,
    Stats,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Today, Tab::People, Tab::Events, Tab::Stats];
    pub fn title(self) -> &'static str {
        match self {
            Tab::Today => "Today",
            Tab::People => "People",
            Tab::Events => "Events",
            Tab::Stats => "Stats",
        }
    }
}

/// Which screen, without its state: for tests and the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    Today,
    People,
    Person(i64),
    Events,
    Event(i64),
    Stats,
    Duplicates,
    Intros,
}

/// A screen with its state.
pub enum View {
    Welcome(welcome::Welcome),
    Today(today::TodayScreen),
    People(Box<people::PeopleScreen>),
    Person(Box<person::PersonScreen>),
    Events(events::EventsScreen),
    Event(event::EventScreen),
    Stats(stats::StatsScreen),
    Duplicates(Box<duplicates::DuplicatesScreen>),
    Intros(intros::IntrosScreen),
}

impl View {
    /// A tab's first screen, empty until loaded.
    pub fn root(tab: Tab, today: NaiveDate) -> View {
        match tab {
            Tab::Today => View::Today(today::TodayScreen::new(today)),
            Tab::People => View::People(Box::default()),
            Tab::Events => View::Events(events::EventsScreen::default()),
            Tab::Stats => View::Stats(stats::StatsScreen::default()),
        }
    }

    pub fn person(id: i64) -> View {
        View::Person(Box::new(person::PersonScreen::new(id)))
    }

    pub fn screen(&self) -> Screen {
        match self {
            View::Welcome(_) => Screen::Welcome,
            View::Today(_) => Screen::Today,
            View::People(_) => Screen::People,
            View::Person(s) => Screen::Person(s.id),
            View::Events(_) => Screen::Events,
            View::Event(s) => Screen::Event(s.id),
            View::Stats(_) => Screen::Stats,
            View::Duplicates(_) => Screen::Duplicates,
            View::Intros(_) => Screen::Intros,
        }
    }

    /// The tab a stack starting with this screen belongs to.
    pub fn tab(&self) -> Tab {
        match self {
            View::Welcome(_) | View::Today(_) => Tab::Today,
            View::People(_) | View::Person(_) | View::Duplicates(_) | View::Intros(_) => {
                Tab::People
            }
            View::Events(_) | View::Event(_) => Tab::Events,
            View::Stats(_) => Tab::Stats,
        }
    }

    pub fn scope(&self) -> Scope {
        match self {
            View::Welcome(_) => Scope::Welcome,
            View::Today(_) => Scope::Today,
            View::People(_) => Scope::People,
            View::Person(_) => Scope::Person,
            View::Events(_) => Scope::Events,
            View::Event(_) => Scope::Event,
            View::Stats(_) => Scope::Stats,
            View::Duplicates(_) => Scope::Duplicates,
            View::Intros(_) => Scope::Intros,
        }
    }

    pub fn load(&mut self, env: &Env) -> Result<()> {
        match self {
            View::Welcome(_) => Ok(()),
            View::Today(s) => s.load(env),
            View::People(s) => s.load(env),
            View::Person(s) => s.load(env),
            View::Events(s) => s.load(env),
            View::Event(s) => s.load(env),
            View::Stats(s) => s.load(env),
            View::Duplicates(s) => s.load(env),
            View::Intros(s) => s.load(env),
        }
    }

    pub fn handle(&mut self, cmd: Cmd, ctx: &Ctx) -> Action {
        match self {
            View::Welcome(s) => s.handle(cmd),
            View::Today(s) => s.handle(cmd, ctx),
            View::People(s) => s.handle(cmd, ctx),
            View::Person(s) => s.handle(cmd, ctx),
            View::Events(s) => s.handle(cmd, ctx),
            View::Event(s) => s.handle(cmd, ctx),
            View::Stats(s) => s.returns.handle(cmd, ctx),
            View::Duplicates(s) => s.handle(cmd, ctx),
            View::Intros(s) => s.handle(cmd, ctx),
        }
    }

    /// A screen that takes text (the People filter) sees raw keys first.
    pub fn text_input(&mut self, key: crossterm::event::KeyEvent) -> Option<Action> {
        match self {
            View::People(s) => s.text_input(key),
            _ => None,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        match self {
            View::Welcome(s) => s.render(frame, area, ctx),
            View::Today(s) => s.render(frame, area, ctx),
            View::People(s) => s.render(frame, area, ctx),
            View::Person(s) => s.render(frame, area, ctx),
            View::Events(s) => s.render(frame, area, ctx),
            View::Event(s) => s.render(frame, area, ctx),
            View::Stats(s) => s.render(frame, area, ctx),
            View::Duplicates(s) => s.render(frame, area, ctx),
            View::Intros(s) => s.render(frame, area, ctx),
        }
    }

    /// The person the screen is about, if any.
    pub fn focus(&self) -> Option<Focus> {
        match self {
            View::Today(s) => s.focus(),
            View::People(s) => s.focus(),
            View::Person(s) => s.focus(),
            View::Event(s) => s.focus(),
            View::Intros(s) => s.focus(),
            _ => None,
        }
    }

    /// Nothing listed: keys that create things wait for a deliberate gesture.
    pub fn is_empty(&self) -> bool {
        match self {
            View::Welcome(_) => true,
            View::Today(s) => s.items().is_empty(),
            View::People(s) => s.total == 0,
            View::Events(s) => s.events.is_empty(),
            _ => false,
        }
    }
}

/// Stored text made safe and cut to `max` characters for one cell or line.
pub fn cell(s: &str, max: usize) -> String {
    crate::reconnect::one_line(&sanitize::one_line(s), max)
}

/// "3d ago" style: short relative wording for narrow columns.
pub fn short_ago(date: Option<NaiveDate>, today: NaiveDate) -> String {
    match date {
        None => "never".into(),
        Some(d) => {
            let days = (today - d).num_days();
            match days {
                0 => "today".into(),
                d if d < 0 => format!("in {}d", -d),
                d if d < 60 => format!("{d}d ago"),
                d if d < 730 => format!("{}mo ago", d / 30),
                d => format!("{}y ago", d / 365),
            }
        }
    }
}

/// Where a movement command takes a selection among `n` rows, if it is one.
pub fn step(cmd: Cmd, sel: usize, n: usize, page: usize) -> Option<usize> {
    let page = page.max(1) as isize;
    let delta = match cmd {
        Cmd::Up => -1,
        Cmd::Down => 1,
        Cmd::PageUp => -page,
        Cmd::PageDown => page,
        Cmd::Top => isize::MIN / 2,
        Cmd::Bottom => isize::MAX / 2,
        _ => return None,
    };
    if n == 0 {
        return Some(0);
    }
    Some(
        (sel as isize)
            .saturating_add(delta)
            .clamp(0, n as isize - 1) as usize,
    )
}

/// Plain text in lines of at most `width` columns, broken between words
/// (the styled [`crate::tui::wrap::wrap`] with one piece and no indent).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::tui::wrap::wrap(&[(words, ratatui::style::Style::default())], width, 0)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}
