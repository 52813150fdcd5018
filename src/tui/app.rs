//! The TUI's state and its update: a key becomes an action, the action
//! changes state and calls the store, and the screens draw what was loaded.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use crate::error::Result;
use crate::model::{Event, PersonDetail, PersonRow};
use crate::reconnect::CadenceRules;
use crate::stats::Stats;
use crate::store::events::{self, Attendee};
use crate::store::people::{self, Sort};
use crate::store::{search, Store};
use crate::today::{self, Today};
use crate::when::Clock;

use super::action::Action;
use super::form::{Form, Outcome};
use super::forms::Purpose;
use super::keys::Keymap;
use super::theme::Theme;

/// How many notes the Person screen loads.
pub const PERSON_NOTES: usize = 200;
/// How many people the People list keeps loaded around the selection.
pub const PEOPLE_WINDOW: usize = 200;
/// How many search results the People filter shows.
pub const FILTER_LIMIT: usize = 200;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    Today,
    People,
    Person(i64),
    Events,
    Event(i64),
    Stats,
}

impl Screen {
    pub fn tab(self) -> Tab {
        match self {
            Screen::Welcome | Screen::Today => Tab::Today,
            Screen::People | Screen::Person(_) => Tab::People,
            Screen::Events | Screen::Event(_) => Tab::Events,
            Screen::Stats => Tab::Stats,
        }
    }
}

/// What snoozing acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Reminder(i64),
    Prompt(i64),
}

pub enum Overlay {
    None,
    Help,
    Form(Form<Purpose>),
    Snooze(Target),
    NoteKind(i64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub struct PeopleView {
    /// Loaded rows; `start` is the list index of the first.
    pub rows: Vec<PersonRow>,
    pub start: usize,
    pub total: usize,
    pub selected: usize,
    pub sort: Sort,
    pub filter: TextArea<'static>,
    pub filtering: bool,
}

impl PeopleView {
    pub fn query(&self) -> String {
        self.filter.lines().join(" ").trim().to_string()
    }
    pub fn selected_row(&self) -> Option<&PersonRow> {
        self.selected
            .checked_sub(self.start)
            .and_then(|i| self.rows.get(i))
    }
}

/// One actionable line of Today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Overdue(usize),
    Due(usize),
    AfterEvent(usize),
    Reconnect(usize),
    Birthday(usize),
}

pub struct App {
    pub store: Store,
    pub clock: Clock,
    pub theme: Theme,
    pub keys: Keymap,
    /// Keep-in-touch rhythms from the config file.
    pub rules: CadenceRules,
    pub store_path: String,
    pub screen: Screen,
    pub back: Vec<Screen>,
    pub overlay: Overlay,
    pub status: Option<Status>,
    pub quit: bool,
    /// Rows that fit in the body, kept by the loop from the terminal size.
    pub page: usize,
    pub today: Today,
    pub today_sel: usize,
    pub people: PeopleView,
    pub person: Option<PersonDetail>,
    pub person_scroll: u16,
    pub events: Vec<(Event, i64)>,
    pub events_sel: usize,
    pub event: Option<(Event, Vec<Attendee>)>,
    pub event_sel: usize,
    pub stats: Option<Stats>,
    /// Text for the loop to put on the clipboard (OSC 52) after drawing.
    pub pending_copy: Option<String>,
    /// A person whose long note the loop opens in $EDITOR.
    pub pending_editor: Option<i64>,
    data_version: i64,
}

impl App {
    pub fn new(store: Store, clock: Clock, theme: Theme, keys: Keymap) -> Result<App> {
        let store_path = store
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| ":memory:".into());
        let empty = people::count(store.conn())? == 0;
        let data_version = store.data_version()?;
        let mut filter = TextArea::default();
        filter.set_placeholder_text("type to filter: names, companies, tags, notes");
        filter.set_cursor_line_style(ratatui::style::Style::default());
        let mut app = App {
            today: Today {
                today: clock.today,
                overdue: vec![],
                due: vec![],
                after_event: vec![],
                reconnect: vec![],
                birthdays: vec![],
            },
            store,
            clock,
            theme,
            keys,
            rules: CadenceRules::default(),
            store_path,
            screen: if empty {
                Screen::Welcome
            } else {
                Screen::Today
            },
            back: Vec::new(),
            overlay: Overlay::None,
            status: None,
            quit: false,
            page: 20,
            today_sel: 0,
            people: PeopleView {
                rows: vec![],
                start: 0,
                total: 0,
                selected: 0,
                sort: Sort::Name,
                filter,
                filtering: false,
            },
            person: None,
            person_scroll: 0,
            events: vec![],
            events_sel: 0,
            event: None,
            event_sel: 0,
            stats: None,
            pending_copy: None,
            pending_editor: None,
            data_version,
        };
        app.reload()?;
        Ok(app)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
        });
    }

    pub fn error(&mut self, e: impl std::fmt::Display) {
        self.status = Some(Status {
            text: e.to_string(),
            error: true,
        });
    }

    /// Loads what the current screen shows.
    pub fn reload(&mut self) -> Result<()> {
        let c = self.store.conn();
        match self.screen {
            Screen::Welcome => {}
            Screen::Today => {
                self.today = today::load(c, self.clock.today, &self.rules)?;
                self.today_sel = self.today_sel.min(self.items().len().saturating_sub(1));
            }
            Screen::People => self.load_people()?,
            Screen::Person(id) => self.person = Some(crate::profile::load(c, id, PERSON_NOTES)?),
            Screen::Events => {
                self.events = events::list(c, 1000, 0)?;
                self.events_sel = self.events_sel.min(self.events.len().saturating_sub(1));
            }
            Screen::Event(id) => {
                self.event = Some((events::get_event(c, id)?, events::attendees(c, id)?));
                let n = self.event.as_ref().map_or(0, |e| e.1.len());
                self.event_sel = self.event_sel.min(n.saturating_sub(1));
            }
            Screen::Stats => self.stats = Some(crate::stats::load(c, self.clock.today)?),
        }
        self.data_version = self.store.data_version()?;
        Ok(())
    }

    /// Reloads when another process changed the store.
    pub fn refresh_if_changed(&mut self) {
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                if let Err(e) = self.reload() {
                    self.error(e);
                }
            }
            Ok(_) => {}
            Err(e) => self.error(e),
        }
    }

    /// The People rows around the selection: a filter's results, or a window of the list.
    fn load_people(&mut self) -> Result<()> {
        let c = self.store.conn();
        let q = self.people.query();
        if q.is_empty() {
            self.people.total = people::count(c)? as usize;
            self.people.selected = self
                .people
                .selected
                .min(self.people.total.saturating_sub(1));
            let start = self.people.selected.saturating_sub(PEOPLE_WINDOW / 2);
            self.people.rows = people::list(c, self.people.sort, PEOPLE_WINDOW, start)?;
            self.people.start = start;
        } else {
            // Word prefixes only: a keystroke never scans every name.
            let rows = search::search(c, &q, FILTER_LIMIT)?;
            self.people.total = rows.len();
            self.people.rows = rows;
            self.people.start = 0;
            self.people.selected = self
                .people
                .selected
                .min(self.people.total.saturating_sub(1));
        }
        Ok(())
    }

    fn ensure_people_window(&mut self) -> Result<()> {
        let p = &self.people;
        if p.query().is_empty() && (p.selected < p.start || p.selected >= p.start + p.rows.len()) {
            self.load_people()?;
        }
        Ok(())
    }

    pub fn items(&self) -> Vec<Item> {
        let t = &self.today;
        (0..t.overdue.len())
            .map(Item::Overdue)
            .chain((0..t.due.len()).map(Item::Due))
            .chain((0..t.after_event.len()).map(Item::AfterEvent))
            .chain((0..t.reconnect.len()).map(Item::Reconnect))
            .chain((0..t.birthdays.len()).map(Item::Birthday))
            .collect()
    }

    pub fn item_person(&self, item: Item) -> Option<i64> {
        let t = &self.today;
        match item {
            Item::Overdue(i) => t.overdue.get(i).and_then(|r| r.person_id),
            Item::Due(i) => t.due.get(i).and_then(|r| r.person_id),
            Item::AfterEvent(i) => t.after_event.get(i).map(|p| p.person_id),
            Item::Reconnect(i) => t.reconnect.get(i).map(|p| p.person_id),
            Item::Birthday(i) => t.birthdays.get(i).map(|b| b.person_id),
        }
    }

    fn selected_item(&self) -> Option<Item> {
        self.items().get(self.today_sel).copied()
    }

    /// The person the current screen is about, if any.
    pub fn focused_person(&self) -> Option<i64> {
        match self.screen {
            Screen::Today => self.selected_item().and_then(|i| self.item_person(i)),
            Screen::People => self.people.selected_row().map(|r| r.id),
            Screen::Person(id) => Some(id),
            Screen::Event(_) => self
                .event
                .as_ref()
                .and_then(|e| e.1.get(self.event_sel))
                .map(|a| a.person_id),
            _ => None,
        }
    }

    pub fn go(&mut self, screen: Screen) {
        if screen.tab() == self.screen.tab() && screen != self.screen {
            self.back.push(self.screen);
        } else if screen.tab() != self.screen.tab() {
            self.back.clear();
        }
        self.screen = screen;
        if matches!(screen, Screen::Person(_)) {
            self.person_scroll = 0;
        }
        if let Err(e) = self.reload() {
            self.error(e);
        }
    }

    fn go_back(&mut self) -> bool {
        match self.back.pop() {
            Some(s) => {
                self.screen = s;
                if let Err(e) = self.reload() {
                    self.error(e);
                }
                true
            }
            None => false,
        }
    }

    fn go_tab(&mut self, i: usize) {
        let tab = Tab::ALL[i % Tab::ALL.len()];
        let screen = match tab {
            Tab::Today => Screen::Today,
            Tab::People => Screen::People,
            Tab::Events => Screen::Events,
            Tab::Stats => Screen::Stats,
        };
        self.go(screen);
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit = true;
            return;
        }
        // A message lasts until the next key.
        self.status = None;
        match std::mem::replace(&mut self.overlay, Overlay::None) {
            Overlay::None => {}
            Overlay::Help => return,
            Overlay::Form(mut form) => {
                match form.handle_key(key, self.clock.today) {
                    Outcome::Continue => self.overlay = Overlay::Form(form),
                    Outcome::Cancel => self.info("Cancelled; nothing saved."),
                    Outcome::Submit => self.submit(form),
                }
                return;
            }
            Overlay::Snooze(target) => {
                self.snooze_key(target, key);
                return;
            }
            Overlay::NoteKind(person_id) => {
                self.note_kind_key(person_id, key);
                return;
            }
        }
        if self.screen == Screen::People && self.people.filtering {
            self.filter_key(key);
            return;
        }
        let Some(action) = self.keys.action(&key) else {
            return;
        };
        self.update(action);
    }

    fn filter_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Esc => {
                self.people.filter = TextArea::default();
                self.people
                    .filter
                    .set_cursor_line_style(ratatui::style::Style::default());
                self.people.filtering = false;
                self.people.selected = 0;
            }
            KeyCode::Enter | KeyCode::Down | KeyCode::Tab => {
                self.people.filtering = false;
                return;
            }
            _ => {
                self.people.filter.input(key);
                self.people.selected = 0;
            }
        }
        if let Err(e) = self.load_people() {
            self.error(e);
        }
    }

    fn move_selection(&mut self, delta: isize) {
        let clamp = |sel: usize, n: usize| -> usize {
            if n == 0 {
                0
            } else {
                (sel as isize + delta).clamp(0, n as isize - 1) as usize
            }
        };
        match self.screen {
            Screen::Today => self.today_sel = clamp(self.today_sel, self.items().len()),
            Screen::People => {
                self.people.selected = clamp(self.people.selected, self.people.total);
                if let Err(e) = self.ensure_people_window() {
                    self.error(e);
                }
            }
            Screen::Person(_) => {
                self.person_scroll = (self.person_scroll as isize + delta).max(0) as u16;
            }
            Screen::Events => self.events_sel = clamp(self.events_sel, self.events.len()),
            Screen::Event(_) => {
                let n = self.event.as_ref().map_or(0, |e| e.1.len());
                self.event_sel = clamp(self.event_sel, n);
            }
            Screen::Welcome | Screen::Stats => {}
        }
    }

    pub fn update(&mut self, action: Action) {
        let page = self.page.max(1) as isize;
        match action {
            Action::Quit => {
                if !self.go_back() {
                    self.quit = true;
                }
            }
            Action::ForceQuit => self.quit = true,
            Action::Back => {
                self.status = None;
                self.go_back();
            }
            Action::Help => self.overlay = Overlay::Help,
            Action::NextTab => self.go_tab(self.screen.tab() as usize + 1),
            Action::PrevTab => self.go_tab(self.screen.tab() as usize + Tab::ALL.len() - 1),
            Action::Tab(i) => self.go_tab(i),
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::PageUp => self.move_selection(-page),
            Action::PageDown => self.move_selection(page),
            Action::Top => self.move_selection(isize::MIN / 2),
            Action::Bottom => self.move_selection(isize::MAX / 2),
            Action::Search => {
                self.go(Screen::People);
                self.people.filtering = true;
            }
            Action::Open => self.open(),
            Action::Sort if self.screen == Screen::People => {
                self.people.sort = match self.people.sort {
                    Sort::Name => Sort::LastTouch,
                    Sort::LastTouch => Sort::Overdue,
                    Sort::Overdue => Sort::Name,
                };
                self.people.selected = 0;
                if let Err(e) = self.load_people() {
                    self.error(e);
                }
            }
            other => self.act(other),
        }
    }

    fn open(&mut self) {
        match self.screen {
            Screen::Events => {
                if let Some((e, _)) = self.events.get(self.events_sel) {
                    let id = e.id;
                    self.event_sel = 0;
                    self.go(Screen::Event(id));
                }
            }
            _ => {
                if let Some(id) = self.focused_person() {
                    if self.screen != Screen::Person(id) {
                        self.go(Screen::Person(id));
                    }
                }
            }
        }
    }

    /// The selected Today item (for the action handlers in `forms`).
    pub fn today_item(&self) -> Option<Item> {
        self.selected_item()
    }

    pub fn after_write(&mut self) {
        if let Err(e) = self.reload() {
            self.error(e);
        }
    }
}
