//! The TUI's state: a stack of screens per tab, an overlay (help, a form, a
//! one-key prompt) and the status line. A key goes to the overlay or the top
//! screen; what the screen returns as an `Action` runs here.

use std::cell::Cell;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::error::Result;
use crate::reconnect::CadenceRules;
use crate::store::{people, Store};
use crate::when::Clock;

use super::action::{Action, Target};
use super::cmd::Cmd;
use super::form::{Form, Outcome};
use super::forms::{self, Purpose};
use super::keys::{Keymap, Scope};
use super::screens::{Ctx, Env, Screen, Tab, View};
use super::theme::Theme;

pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    Form(Form<Purpose>),
    Snooze(Target),
    NoteKind(i64),
    /// What happened with a person's prompt: followed up, or dismissed.
    FollowUp(i64),
    /// A touch was logged for someone with this open follow-up: close it too?
    CloseFollowUp {
        id: i64,
        body: String,
    },
    /// A yes/no question; `yes` runs on yes.
    Confirm(Confirm),
}

/// A question before a change that should not happen by a slip of the key.
pub struct Confirm {
    pub question: String,
    pub yes: Box<dyn FnOnce(&mut App)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub store: Store,
    pub clock: Clock,
    pub theme: Theme,
    pub keys: Keymap,
    /// Keep-in-touch rhythms from the config file.
    pub rules: CadenceRules,
    pub store_path: String,
    /// The screens of the current tab; the last is shown. Never empty.
    pub stack: Vec<View>,
    pub overlay: Overlay,
    pub status: Option<Status>,
    pub quit: bool,
    /// Rows that fit in the body, kept by the loop from the terminal size.
    pub page: usize,
    /// Text for the loop to put on the clipboard (OSC 52) after drawing.
    pub pending_copy: Option<String>,
    /// A person whose long note the loop opens in $EDITOR.
    pub pending_editor: Option<i64>,
    /// A key that means nothing came on an empty screen: the user may be
    /// typing text, so keys that create things wait for Enter or Esc.
    typing: bool,
    /// How far help can scroll at the last drawn size.
    pub(super) help_max: Cell<u16>,
    data_version: i64,
}

impl App {
    /// The app without configured rhythms.
    pub fn new(store: Store, clock: Clock, theme: Theme, keys: Keymap) -> Result<App> {
        App::with_rules(store, clock, theme, keys, CadenceRules::default())
    }

    /// The app with the config's rhythm rules: the store's reconnect days
    /// follow them from now on (one recompute when they changed), and the
    /// first screen is loaded once.
    pub fn with_rules(
        mut store: Store,
        clock: Clock,
        theme: Theme,
        keys: Keymap,
        rules: CadenceRules,
    ) -> Result<App> {
        store.keep_pages_for_a_session()?;
        let rules = if store.follow_rhythm_rules(&rules)? {
            rules
        } else {
            // Read-only: Today follows the rules the store has.
            crate::store::rhythm::stored(store.conn())?
        };
        let store_path = store
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| ":memory:".into());
        let root = home(people::any_live(store.conn())?, clock.today);
        let data_version = store.data_version()?;
        let mut app = App {
            store,
            clock,
            theme,
            keys,
            rules,
            store_path,
            stack: vec![root],
            overlay: Overlay::None,
            status: None,
            quit: false,
            page: 20,
            pending_copy: None,
            pending_editor: None,
            typing: false,
            help_max: Cell::new(0),
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

    /// The screen shown.
    pub fn top(&self) -> &View {
        self.stack.last().expect("the stack is never empty")
    }

    pub fn screen(&self) -> Screen {
        self.top().screen()
    }

    pub fn tab(&self) -> Tab {
        self.stack[0].tab()
    }

    /// What drawing and key handling may read.
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            theme: &self.theme,
            keys: &self.keys,
            today: self.clock.today,
            page: self.page,
            store_path: &self.store_path,
        }
    }

    /// Loads what the top screen shows.
    pub fn reload(&mut self) -> Result<()> {
        let (today, rules, stack) = (self.clock.today, &self.rules, &mut self.stack);
        // One snapshot for everything the screen reads.
        self.store.read(|conn| {
            let env = Env { conn, today, rules };
            match stack.last_mut() {
                Some(top) => top.load(&env),
                None => Ok(()),
            }
        })?;
        self.data_version = self.store.data_version()?;
        Ok(())
    }

    fn reload_or_show(&mut self) {
        match self.reload() {
            // What the screen showed is gone (deleted, merged away, perhaps
            // by another process): back to where it was opened from.
            Err(crate::Error::NotFound { what, .. }) if self.stack.len() > 1 => {
                self.stack.pop();
                self.reload_or_show();
                self.info(format!("That {what} is gone."));
            }
            Err(e) => self.error(e),
            Ok(()) => {}
        }
    }

    /// Reloads when another process changed the store.
    pub fn refresh_if_changed(&mut self) {
        match self.store.data_version() {
            Ok(v) if v != self.data_version => self.reload_or_show(),
            Ok(_) => {}
            Err(e) => self.error(e),
        }
    }

    /// Opens a screen on top of the current one.
    pub fn push(&mut self, view: View) {
        if matches!(view, View::Duplicates(_)) {
            self.prepare_lookups();
        }
        self.stack.push(view);
        if let Err(e) = self.reload() {
            self.stack.pop();
            self.error(e);
        }
    }

    /// Back to the screen below, as it was left; false on a tab's root.
    pub fn pop(&mut self) -> bool {
        if self.stack.len() < 2 {
            return false;
        }
        self.stack.pop();
        self.reload_or_show();
        true
    }

    /// Shows a screen directly, over its tab's root (for `kith` opening on a
    /// person, and tests).
    pub fn open(&mut self, screen: Screen) -> Result<()> {
        let today = self.clock.today;
        self.stack = match screen {
            Screen::Welcome => vec![View::Welcome(Default::default())],
            Screen::Today => vec![View::root(Tab::Today, today)],
            Screen::People => vec![View::root(Tab::People, today)],
            Screen::Events => vec![View::root(Tab::Events, today)],
            Screen::Stats => vec![View::root(Tab::Stats, today)],
            Screen::Duplicates => vec![
                View::root(Tab::People, today),
                View::Duplicates(Box::default()),
            ],
            Screen::Person(id) => vec![View::root(Tab::People, today), View::person(id)],
            Screen::Intros => vec![
                View::root(Tab::People, today),
                View::Intros(Default::default()),
            ],
            Screen::Event(id) => vec![
                View::root(Tab::Events, today),
                View::Event(super::screens::event::EventScreen::new(id)),
            ],
        };
        self.reload()
    }

    pub fn go_tab(&mut self, tab: Tab) {
        self.stack = vec![View::root(tab, self.clock.today)];
        self.reload_or_show();
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
            Overlay::Help { scroll } => return self.help_key(scroll, &key),
            Overlay::Form(mut form) => {
                let person_form = super::here::is_person_form(&form);
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                if person_form && ctrl && key.code == KeyCode::Char('n') {
                    // A new person, whoever may already be here.
                    form.notice = None;
                    self.submit(form);
                    return;
                }
                let who = |f: &Form<Purpose>| (f.value(0), f.value(1), f.value(2));
                let before = who(&form);
                match form.handle_key(key, self.clock.today) {
                    Outcome::Continue => {
                        if person_form && who(&form) != before {
                            self.look_up(&mut form);
                        }
                        self.overlay = Overlay::Form(form)
                    }
                    Outcome::Cancel => self.cancelled(form),
                    Outcome::Submit => self.submit(form),
                }
                return;
            }
            Overlay::Snooze(target) => return self.snooze_key(target, &key),
            Overlay::NoteKind(person_id) => return self.note_kind_key(person_id, &key),
            Overlay::FollowUp(person_id) => return self.follow_up_key(person_id, &key),
            Overlay::CloseFollowUp { id, body } => return self.close_follow_up_key(id, body, &key),
            Overlay::Confirm(c) => {
                match self.keys.cmd(Scope::Confirm, &key) {
                    Some(Cmd::Yes) => (c.yes)(self),
                    Some(Cmd::No | Cmd::Back) => self.info("Nothing changed."),
                    _ => self.overlay = Overlay::Confirm(c),
                }
                return;
            }
        }
        let top = self.stack.last_mut().expect("the stack is never empty");
        if let Some(action) = top.text_input(key) {
            return self.run(action);
        }
        let scope = self.top().scope();
        let empty = self.top().is_empty();
        let cmd = self.keys.cmd(scope, &key);
        if matches!(key.code, KeyCode::Enter | KeyCode::Esc) || cmd.is_some_and(Cmd::moves) {
            self.typing = false;
        } else if empty && matches!(key.code, KeyCode::Char(_)) {
            if cmd.is_some_and(Cmd::creates) && self.typing {
                return self.info(format!(
                    "Nothing created while typing: press {} first, then {} again.",
                    self.keys.key_for(Cmd::Back),
                    super::keys::Key::from_event(&key).label()
                ));
            }
            // A letter that does nothing here: the user may be typing text.
            self.typing = !cmd.is_some_and(Cmd::creates);
        }
        let Some(cmd) = cmd else {
            if self.typing {
                self.info(format!(
                    "Not a key here: press {} for the keys.",
                    self.keys.key_for(Cmd::Help)
                ));
            }
            return;
        };
        let ctx = Ctx {
            theme: &self.theme,
            keys: &self.keys,
            today: self.clock.today,
            page: self.page,
            store_path: &self.store_path,
        };
        let top = self.stack.last_mut().expect("the stack is never empty");
        let action = top.handle(cmd, &ctx);
        self.run(action);
    }

    fn help_key(&mut self, scroll: u16, key: &KeyEvent) {
        let max = self.help_max.get();
        let page = self.page.max(1) as u16;
        let scroll = match self.keys.cmd(Scope::Help, key) {
            Some(Cmd::Down) => scroll.saturating_add(1).min(max),
            Some(Cmd::Up) => scroll.saturating_sub(1),
            Some(Cmd::PageDown) => scroll.saturating_add(page).min(max),
            Some(Cmd::PageUp) => scroll.saturating_sub(page),
            Some(Cmd::Top) => 0,
            Some(Cmd::Bottom) => max,
            // Any other key closes help.
            _ => return,
        };
        self.overlay = Overlay::Help { scroll };
    }

    /// Runs what a screen asked for.
    pub fn run(&mut self, action: Action) {
        match action {
            Action::None => {}
            Action::Pass(cmd) => self.global(cmd),
            Action::Reload => self.reload_or_show(),
            Action::Push(view) => self.push(*view),
            Action::Form(mut form) => {
                if super::here::is_person_form(&form) {
                    self.prepare_lookups();
                }
                if let Purpose::Merge { person_id } = form.purpose {
                    self.suggest_duplicates(&mut form, person_id);
                }
                self.overlay = Overlay::Form(*form)
            }
            Action::Snooze(t) => self.overlay = Overlay::Snooze(t),
            Action::NoteKind(id) => self.overlay = Overlay::NoteKind(id),
            Action::Done(t) => self.done(t),
            Action::Demo => self.load_demo(),
            Action::Editor(id) => self.pending_editor = Some(id),
            Action::Info(text) => self.info(text),
            Action::Confirm(c) => self.overlay = Overlay::Confirm(c),
            Action::MergePair { keep, drop, take } => self.merge_pair(keep, drop, &take),
            Action::KeepApart(a, b) => self.keep_apart(a, b),
            Action::Delete(what) => self.delete(what),
            Action::Archive(id) => self.archive(id),
            Action::Mark(note, how) => self.mark_note(note, how),
            Action::DeletePerson(id) => self.ask_delete_person(id),
            Action::IntroNext(id) => self.intro_next(id),
            Action::MergeAll(counts) => {
                self.overlay = Overlay::Form(forms::merge_all(&counts));
            }
        }
    }

    /// The keys every screen shares, and the person keys on the focused person.
    fn global(&mut self, cmd: Cmd) {
        let tab = self.tab() as usize;
        let n = Tab::ALL.len();
        match cmd {
            // On an opened screen q goes back; it quits from a tab's root.
            Cmd::Quit if !self.pop() => self.quit = true,
            Cmd::ForceQuit => self.quit = true,
            Cmd::Back => {
                self.pop();
            }
            Cmd::Help => self.overlay = Overlay::Help { scroll: 0 },
            Cmd::Intros if self.screen() != Screen::Intros => {
                self.push(View::Intros(Default::default()));
            }
            Cmd::Undo => self.undo(),
            Cmd::NextTab => self.go_tab(Tab::ALL[(tab + 1) % n]),
            Cmd::PrevTab => self.go_tab(Tab::ALL[(tab + n - 1) % n]),
            Cmd::Tab(i) => self.go_tab(Tab::ALL[i % n]),
            Cmd::Search => {
                if self.screen() != Screen::People {
                    self.go_tab(Tab::People);
                }
                if let Some(View::People(p)) = self.stack.last_mut() {
                    p.filtering = true;
                }
            }
            Cmd::LogTouch | Cmd::LogGive | Cmd::CopyBrief => {
                let Some(f) = self.top().focus() else {
                    return self.info("Select a person first.");
                };
                match cmd {
                    Cmd::LogTouch => {
                        let form = forms::note(f.id, &f.name, crate::model::NoteKind::Talk, None);
                        self.overlay = Overlay::Form(form);
                    }
                    Cmd::LogGive => {
                        let kind = crate::model::NoteKind::Gave;
                        self.overlay = Overlay::Form(forms::note(f.id, &f.name, kind, f.give_idea));
                    }
                    _ => self.copy_brief(f.id),
                }
            }
            _ => {}
        }
    }

    /// After a write the screen reloads; at the start of the Today tab, the
    /// welcome gives way to Today once someone is here, and comes back when
    /// the store is left empty (the demo undone, the last person deleted).
    pub fn after_write(&mut self) {
        let welcome = matches!(self.top(), View::Welcome(_));
        if self.stack.len() == 1 && (welcome || matches!(self.top(), View::Today(_))) {
            match people::any_live(self.store.conn()) {
                // Only a change of screen: Today keeps its place otherwise.
                Ok(any) if any == welcome => self.stack = vec![home(any, self.clock.today)],
                Ok(_) => {}
                Err(e) => self.error(e),
            }
        }
        self.reload_or_show();
    }
}

/// The start of the Today tab: the welcome for a store with nobody in it,
/// else Today.
fn home(anyone: bool, today: NaiveDate) -> View {
    if anyone {
        View::root(Tab::Today, today)
    } else {
        View::Welcome(Default::default())
    }
}
