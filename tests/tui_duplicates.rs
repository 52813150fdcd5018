//! The duplicates review and the merge picker in the TUI, driven by key
//! events through `App` and drawn on a `TestBackend` with a fixed today.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kithkin::ops::capture::{self, PersonInput};
use kithkin::store::people;
use kithkin::store::Store;
use kithkin::tui::app::{App, Overlay};
use kithkin::tui::keys::Keymap;
use kithkin::tui::screens::{Screen, View};
use kithkin::tui::theme::Theme;
use kithkin::tui::ui;
use kithkin::when::Clock;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

fn person(name: &str, company: &str, email: &str) -> PersonInput {
    PersonInput {
        name: name.into(),
        company: (!company.is_empty()).then(|| company.into()),
        emails: if email.is_empty() {
            vec![]
        } else {
            vec![email.into()]
        },
        ..Default::default()
    }
}

/// José García twice (one typed without accents, with a title), Anna Bakker
/// twice by email, and someone unrelated.
fn app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    let c = clock();
    for p in [
        person("José García", "Globex", "jose@globex.example"),
        PersonInput {
            title: Some("CTO".into()),
            ..person("Jose Garcia", "Globex", "")
        },
        person("Anna Bakker", "", "anna@bakker.example"),
        person("A. Bakker", "Acme", "ANNA@bakker.example"),
        person("Dirk Jansen", "Initech", ""),
    ] {
        capture::add_person(&mut store, &p, &c).unwrap();
    }
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

fn pairs(app: &App) -> Vec<(i64, i64)> {
    match app.top() {
        View::Duplicates(d) => d.pairs.iter().map(|p| (p.a, p.b)).collect(),
        _ => panic!("not on Duplicates: {:?}", app.screen()),
    }
}

fn count(app: &App) -> i64 {
    people::count(app.store.conn()).unwrap()
}

#[test]
fn the_review_shows_pairs_side_by_side() {
    let mut app = app();
    keys(&mut app, "2D");
    assert_eq!(app.screen(), Screen::Duplicates);
    // The same email first (0.97), then the same name and company (0.95).
    assert_eq!(pairs(&app), vec![(3, 4), (1, 2)], "each pair once");
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = draw(&mut app, w, h);
        assert!(screen.contains("Pair 1 of 2"), "{screen}");
        assert!(screen.contains("m merge"), "the footer: {screen}");
        insta::assert_snapshot!(format!("duplicates_{w}x{h}"), screen);
    }
    // Esc goes back to People.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::People);
}

#[test]
fn merge_with_a_picked_value_keep_apart_and_skip() {
    let mut app = app();
    keys(&mut app, "2D");
    // Skip: the second pair (José García), then round and back to it.
    keys(&mut app, "s");
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("Pair 2 of 2") && screen.contains("Jose Garcia"),
        "{screen}"
    );
    keys(&mut app, "ss");
    // The right side's name wins (Space on the Name row), then merge.
    keys(&mut app, " ");
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains('▸'), "{screen}");
    keys(&mut app, "m");
    assert_eq!(count(&app), 4);
    let kept = people::get_person(app.store.conn(), 1).unwrap();
    assert_eq!(kept.name, "Jose Garcia", "the picked value won");
    assert_eq!(
        kept.title.as_deref(),
        Some("CTO"),
        "an empty field was filled"
    );
    assert_eq!(pairs(&app), vec![(3, 4)]);
    // Keep apart: never proposed again.
    keys(&mut app, "x");
    assert_eq!(pairs(&app), Vec::<(i64, i64)>::new());
    assert_eq!(count(&app), 4);
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("No likely duplicates"), "{screen}");
}

#[test]
fn merge_all_says_how_many_first() {
    let mut app = app();
    keys(&mut app, "2DA");
    let Overlay::Form(form) = &app.overlay else {
        panic!("no form");
    };
    let context = form.context.clone().unwrap_or_default();
    assert!(context.contains("≥0.9: 2"), "{context}");
    // 0.95 and up: the two pairs.
    press(&mut app, KeyCode::Enter);
    assert_eq!(count(&app), 3);
    assert!(pairs(&app).is_empty());
}

#[test]
fn the_merge_picker_offers_a_duplicate_never_the_person() {
    let mut app = app();
    app.open(Screen::Person(1)).unwrap();
    keys(&mut app, "m");
    let Overlay::Form(form) = &app.overlay else {
        panic!("no merge form");
    };
    assert_eq!(form.value(0), "#2", "the likeliest duplicate is filled in");
    let context = form.context.clone().unwrap_or_default();
    assert!(context.contains("Jose Garcia #2"), "{context}");
    assert!(!context.contains("#1"), "never the person: {context}");
    // Typing the person's own name finds the other one.
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    keys(&mut app, "garcia");
    press(&mut app, KeyCode::Enter);
    assert_eq!(count(&app), 4, "{:?}", app.status);
    assert!(people::get_person(app.store.conn(), 2).is_err());
}

#[test]
fn values_are_whole_or_end_in_an_ellipsis_at_60x15() {
    let mut app = app();
    keys(&mut app, "2D");
    let screen = draw(&mut app, 60, 15);
    let emails = screen
        .lines()
        .find(|l| l.contains("Emails"))
        .unwrap_or_else(|| panic!("no Emails row: {screen}"));
    assert!(emails.contains("anna@bakker.example"), "{screen}");
    assert!(emails.contains("ANNA@bakker.example"), "{screen}");
}
