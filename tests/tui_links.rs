//! Links and introductions in the TUI, driven by key events on a
//! `TestBackend` with a fixed today: the link form, the Person screen's
//! links and introductions, the Introductions list and its step keys, and
//! done on an introduction's follow-up on Today.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kithkin::intro::Step;
use kithkin::ops;
use kithkin::ops::capture::PersonInput;
use kithkin::store::events::NewEvent;
use kithkin::store::{intros, links, Store};
use kithkin::tui::app::{App, Overlay};
use kithkin::tui::keys::Keymap;
use kithkin::tui::screens::today::Item;
use kithkin::tui::screens::{Screen, View};
use kithkin::tui::theme::Theme;
use kithkin::tui::ui;
use kithkin::when::Clock;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

/// Five people, three met at RustConf, with a link and an introduction.
fn app() -> App {
    let c = clock();
    let mut store = Store::open_in_memory().unwrap();
    let event = NewEvent {
        name: "RustConf 2026".into(),
        starts_on: NaiveDate::from_ymd_opt(2026, 9, 12).unwrap(),
        place: Some("Amsterdam".into()),
        ..Default::default()
    };
    ops::capture::add_event(&mut store, &event, &c).unwrap();
    for (name, company, at_event) in [
        ("Anna de Vries", "Acme", true),
        ("Ingrid Berg", "Nordic Ventures", false),
        ("José García", "Globex", true),
        ("Wouter Bakker", "Initech", true),
        ("Dirk Jansen", "Brightlane", false),
    ] {
        let input = PersonInput {
            name: name.into(),
            company: Some(company.into()),
            event: at_event.then(|| "RustConf 2026".to_string()),
            ..Default::default()
        };
        ops::capture::add_person(&mut store, &input, &c).unwrap();
    }
    // Anna #1, Ingrid #2, José #3, Wouter #4, Dirk #5.
    ops::links::link(&mut store, 1, 4, "works with", None, &c).unwrap();
    ops::intro::propose(&mut store, 3, 5, Some("José needs a hardware investor"), &c).unwrap();
    App::new(store, c, Theme::mono(), Keymap::default()).unwrap()
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn draw(app: &mut App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    app.page = h.saturating_sub(5) as usize;
    terminal.draw(|f| ui::render(app, f)).unwrap();
    format!("{}", terminal.backend())
}

fn ok(app: &App) {
    assert!(
        matches!(app.overlay, Overlay::None),
        "a form is still open: {:?}",
        app.status
    );
    assert!(
        !app.status.as_ref().is_some_and(|s| s.error),
        "{:?}",
        app.status
    );
}

fn open_anna(app: &mut App) {
    app.open(Screen::Person(1)).unwrap();
}

#[test]
fn link_from_the_person_screen_and_see_it_from_both_sides() {
    let mut app = app();
    open_anna(&mut app);
    keys(&mut app, "L");
    assert!(matches!(app.overlay, Overlay::Form(_)));
    keys(&mut app, "ingrid");
    press(&mut app, KeyCode::Tab);
    // The pre-filled "knows" is selected: typing replaces it.
    keys(&mut app, "introduced by");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "at FOSDEM 2026");
    press(&mut app, KeyCode::Enter);
    ok(&app);
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("introduced by Ingrid Berg at FOSDEM 2026"),
        "{screen}"
    );
    assert!(
        screen.contains("also met at RustConf 2026: José García, Wouter Bakker"),
        "{screen}"
    );
    insta::assert_snapshot!("person_with_links_80x24", screen);
    let ingrid = links::for_person(app.store.conn(), 2).unwrap();
    assert_eq!(
        ingrid[0].sentence(),
        "introduced you to Anna de Vries at FOSDEM 2026"
    );

    // An unknown person keeps the form open with the error.
    keys(&mut app, "L");
    keys(&mut app, "nobody at all");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::Form(_)));
    assert!(app.status.as_ref().unwrap().error);
    press(&mut app, KeyCode::Esc);

    // x on a link removes it; u brings it back.
    let before = links::for_person(app.store.conn(), 1).unwrap().len();
    press(&mut app, KeyCode::Down);
    keys(&mut app, "x");
    ok(&app);
    assert_eq!(
        links::for_person(app.store.conn(), 1).unwrap().len(),
        before - 1
    );
    keys(&mut app, "u");
    assert_eq!(
        links::for_person(app.store.conn(), 1).unwrap().len(),
        before
    );
}

#[test]
fn i_on_a_person_starts_an_introduction_and_the_list_takes_each_step() {
    let mut app = app();
    open_anna(&mut app);
    keys(&mut app, "i");
    keys(&mut app, "ingrid");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "Anna is raising a seed round");
    press(&mut app, KeyCode::Enter);
    ok(&app);
    let anna = intros::for_person(app.store.conn(), 1).unwrap();
    assert_eq!(anna.len(), 1);
    assert_eq!(anna[0].step, Step::Proposed);
    let id = anna[0].id;

    keys(&mut app, "I");
    assert_eq!(app.screen(), Screen::Intros);
    insta::assert_snapshot!("intros_80x24", draw(&mut app, 80, 24));
    // Both are due today; the newest first.
    let View::Intros(list) = app.top() else {
        panic!("not on the list");
    };
    assert_eq!(list.list[0].id, id);
    for step in [Step::AskedFirst, Step::AskedSecond, Step::Made] {
        keys(&mut app, "n");
        ok(&app);
        assert_eq!(intros::get(app.store.conn(), id).unwrap().step, step);
        // The list keeps the introduction selected as it moves.
        let View::Intros(list) = app.top() else {
            panic!("left the list");
        };
        assert_eq!(list.list[list.sel].id, id);
    }
    // Made: the next key asks how it went.
    keys(&mut app, "o");
    assert!(matches!(app.overlay, Overlay::Form(_)));
    keys(&mut app, "invested");
    press(&mut app, KeyCode::Enter);
    ok(&app);
    let i = intros::get(app.store.conn(), id).unwrap();
    assert_eq!(i.step, Step::Done);
    assert_eq!(i.outcome.as_deref(), Some("invested"));
    insta::assert_snapshot!("intros_after_steps_80x24", draw(&mut app, 80, 24));

    // Each step is one undo.
    for step in [
        Step::Made,
        Step::AskedSecond,
        Step::AskedFirst,
        Step::Proposed,
    ] {
        keys(&mut app, "u");
        assert_eq!(intros::get(app.store.conn(), id).unwrap().step, step);
    }
}

#[test]
fn done_on_an_introduction_follow_up_on_today_takes_its_next_step() {
    let mut app = app();
    let screen = draw(&mut app, 100, 30);
    assert!(
        screen.contains("Introduction #1: ask José García whether to meet Dirk Jansen"),
        "{screen}"
    );
    let reminder = intros::get(app.store.conn(), 1)
        .unwrap()
        .follow_up_id
        .unwrap();
    let View::Today(today) = app.stack.last_mut().unwrap() else {
        panic!("not on Today");
    };
    let k = today
        .data
        .due
        .iter()
        .position(|f| f.reminder.id == reminder)
        .expect("the follow-up is due today");
    let at = today
        .items()
        .iter()
        .position(|it| matches!(it, Item::Due(i) if *i == k))
        .expect("listed");
    for _ in 0..at {
        press(&mut app, KeyCode::Down);
    }
    keys(&mut app, "d");
    ok(&app);
    let i = intros::get(app.store.conn(), 1).unwrap();
    assert_eq!(i.step, Step::AskedFirst);
    assert_ne!(i.follow_up_id, Some(reminder));
}
