//! Correcting the record from the TUI: change and delete a note, a follow-up,
//! a meeting, an event and a contact point; archive; delete a person after a
//! question naming what goes; and `u` taking each back.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kithkin::store::{notes, people, Store};
use kithkin::tui::app::{App, Overlay};
use kithkin::tui::keys::Keymap;
use kithkin::tui::screens::person::{Part, PersonScreen};
use kithkin::tui::screens::{Screen, View};
use kithkin::tui::theme::Theme;
use kithkin::when::Clock;

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

fn demo_app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 40, &clock()).unwrap();
    App::new(store, clock(), Theme::mono(), Keymap::default()).unwrap()
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn person(app: &App) -> &PersonScreen {
    match app.top() {
        View::Person(p) => p,
        _ => panic!("not on a person: {:?}", app.screen()),
    }
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Opens Anna de Vries (#1) from People.
fn open_anna(app: &mut App) {
    keys(app, "2/anna de vries");
    press(app, KeyCode::Enter);
    press(app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Person(1));
}

/// Moves the selection to the first part that `want` accepts.
fn select(app: &mut App, want: impl Fn(&Part) -> bool) -> Part {
    let parts = person(app).parts();
    let i = parts.iter().position(want).expect("such a part");
    while person(app).sel > i {
        keys(app, "k");
    }
    while person(app).sel < i {
        keys(app, "j");
    }
    parts[i]
}

fn note_count(app: &App) -> usize {
    notes::for_person(app.store.conn(), 1, 1000).unwrap().len()
}

#[test]
fn a_note_is_changed_deleted_and_brought_back() {
    let mut app = demo_app();
    open_anna(&mut app);
    let before = note_count(&app);
    let Part::Note(id) = select(&mut app, |p| matches!(p, Part::Note(_))) else {
        unreachable!()
    };
    // Change: the pre-filled text is selected, so typing replaces it.
    keys(&mut app, "c");
    assert!(matches!(app.overlay, Overlay::Form(_)));
    keys(&mut app, "talked about undo");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{}", status(&app));
    assert_eq!(
        notes::get_note(app.store.conn(), id).unwrap().body,
        "talked about undo"
    );
    // Delete, then undo: the note is back, and the status line says what was undone.
    keys(&mut app, "x");
    assert_eq!(note_count(&app), before - 1);
    assert!(status(&app).contains("u undoes it"), "{}", status(&app));
    keys(&mut app, "u");
    assert_eq!(note_count(&app), before);
    assert!(
        status(&app).starts_with("Undid: Deleted a"),
        "{}",
        status(&app)
    );
    keys(&mut app, "u");
    assert!(
        status(&app).starts_with("Undid: Edited a note"),
        "{}",
        status(&app)
    );
    assert_ne!(
        notes::get_note(app.store.conn(), id).unwrap().body,
        "talked about undo"
    );
}

#[test]
fn a_follow_up_and_a_meeting_are_changed_and_deleted() {
    let mut app = demo_app();
    open_anna(&mut app);
    kithkin::ops::capture::remind(
        &mut app.store,
        Some(1),
        "send slides",
        clock().today,
        None,
        &clock(),
    )
    .unwrap();
    keys(&mut app, "1");
    open_anna(&mut app);
    let Part::Reminder(r) = select(&mut app, |p| matches!(p, Part::Reminder(_))) else {
        unreachable!()
    };
    keys(&mut app, "c");
    keys(&mut app, "send the deck");
    press(&mut app, KeyCode::Enter);
    let got = kithkin::store::reminders::get(app.store.conn(), r).unwrap();
    assert_eq!(got.body, "send the deck");
    keys(&mut app, "x");
    assert!(kithkin::store::reminders::get(app.store.conn(), r).is_err());
    let meetings =
        |app: &App| kithkin::store::events::meetings_for_person(app.store.conn(), 1).unwrap();
    if meetings(&app).is_empty() {
        return;
    }
    let n = meetings(&app).len();
    select(&mut app, |p| matches!(p, Part::Meeting(_)));
    keys(&mut app, "c");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "Utrecht");
    press(&mut app, KeyCode::Enter);
    assert!(meetings(&app)
        .iter()
        .any(|m| m.place.as_deref() == Some("Utrecht")));
    keys(&mut app, "x");
    assert_eq!(meetings(&app).len(), n - 1);
    keys(&mut app, "uuuu");
    assert_eq!(meetings(&app).len(), n);
    assert!(kithkin::store::reminders::get(app.store.conn(), r).is_ok());
}

#[test]
fn a_contact_point_is_removed_in_the_person_form() {
    let mut app = demo_app();
    open_anna(&mut app);
    let count = |app: &App| person(app).detail.as_ref().unwrap().contact_points.len();
    let before = count(&app);
    assert!(before > 0);
    keys(&mut app, "e");
    // Past name, company, title, tags, rhythm and birthday: the first contact point.
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 'u');
    press(&mut app, KeyCode::Enter);
    assert_eq!(count(&app), before - 1, "{}", status(&app));
    keys(&mut app, "u");
    assert_eq!(count(&app), before);
}

#[test]
fn archive_and_delete_a_person_then_undo() {
    let mut app = demo_app();
    let live = |app: &App| people::count(app.store.conn()).unwrap();
    let before = live(&app);
    open_anna(&mut app);
    keys(&mut app, "z");
    assert_eq!(live(&app), before - 1);
    assert_ne!(app.screen(), Screen::Person(1));
    keys(&mut app, "u");
    assert_eq!(live(&app), before);

    open_anna(&mut app);
    keys(&mut app, "X");
    let Overlay::Confirm(c) = &app.overlay else {
        panic!("no question before deleting");
    };
    assert!(
        c.question
            .starts_with("Delete Anna de Vries for good, with ")
            && c.question.contains("note"),
        "{}",
        c.question
    );
    keys(&mut app, "n");
    assert!(people::get_person(app.store.conn(), 1).is_ok());
    keys(&mut app, "Xy");
    assert!(people::get_person(app.store.conn(), 1).is_err());
    keys(&mut app, "u");
    assert!(people::get_person(app.store.conn(), 1).is_ok());
    assert_eq!(status(&app), "Undid: Deleted Anna de Vries.");
}

#[test]
fn an_event_is_changed_and_deleted() {
    let mut app = demo_app();
    keys(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    let Screen::Event(id) = app.screen() else {
        panic!("not on an event: {:?}", app.screen());
    };
    keys(&mut app, "e");
    keys(&mut app, "Renamed meetup");
    press(&mut app, KeyCode::Enter);
    let e = kithkin::store::events::get_event(app.store.conn(), id).unwrap();
    assert_eq!(e.name, "Renamed meetup");
    keys(&mut app, "x");
    assert!(kithkin::store::events::get_event(app.store.conn(), id).is_err());
    keys(&mut app, "uu");
    let e = kithkin::store::events::get_event(app.store.conn(), id).unwrap();
    assert_ne!(e.name, "Renamed meetup");
}
