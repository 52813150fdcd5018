//! `i` on a match starts the introduction of its two people, the need and
//! the offer as its reason: from Today's Introduce section and from the
//! match shown on a person. The give idea leaves Today at once, the step to
//! ask the one with the need arrives there, and undo brings the idea back.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kithkin::intro::Step;
use kithkin::needs::Mark;
use kithkin::ops::{capture, needs};
use kithkin::store::{intros, Store};
use kithkin::tui::app::App;
use kithkin::tui::keys::Keymap;
use kithkin::tui::screens::person::{Part, PersonScreen};
use kithkin::tui::screens::today::{Item, TodayScreen};
use kithkin::tui::screens::View;
use kithkin::tui::theme::Theme;
use kithkin::tui::ui;
use kithkin::when::Clock;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const REASON: &str =
    "José is looking for a hardware investor; Ingrid invests in hardware and climate startups";

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

/// José (1) needs a hardware investor; Ingrid (2) invests in hardware.
fn app() -> App {
    let c = clock();
    let mut store = Store::open_in_memory().unwrap();
    let mut person = |name: &str| {
        let input = capture::PersonInput {
            name: name.into(),
            ..Default::default()
        };
        capture::add_person(&mut store, &input, &c).unwrap()
    };
    let (jose, ingrid) = (person("José García"), person("Ingrid Berg"));
    let need = "looking for a hardware investor";
    needs::log_marked(&mut store, jose, need, Mark::Need, None, &c).unwrap();
    let offer = "invests in hardware and climate startups";
    needs::log_marked(&mut store, ingrid, offer, Mark::Offer, None, &c).unwrap();
    let mut app = App::new(store, c, Theme::mono(), Keymap::default()).unwrap();
    app.reload().unwrap();
    app
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn draw(app: &mut App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    app.page = h.saturating_sub(5) as usize;
    terminal.draw(|f| ui::render(app, f)).unwrap();
    format!("{}", terminal.backend())
}

fn today(app: &mut App) -> &mut TodayScreen {
    match app.stack.last_mut() {
        Some(View::Today(t)) => t,
        _ => panic!("not on Today"),
    }
}

fn on_person(app: &mut App) -> &mut PersonScreen {
    match app.stack.last_mut() {
        Some(View::Person(p)) => p,
        _ => panic!("not on a person"),
    }
}

/// Selects the first Introduce item; false when there is none.
fn select_match(app: &mut App) -> bool {
    let t = today(app);
    match t
        .items()
        .iter()
        .position(|i| matches!(i, Item::Introduce(_)))
    {
        Some(at) => {
            t.sel = at;
            true
        }
        None => false,
    }
}

/// The only introduction: its people, step, reason, need and offer.
fn the_intro(app: &App) -> kithkin::intro::Intro {
    let list = intros::list(app.store.conn(), false, 10).unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    list[0].clone()
}

#[test]
fn i_on_a_give_idea_on_today_introduces_the_two_for_the_need() {
    let mut app = app();
    assert!(select_match(&mut app));
    key(&mut app, KeyCode::Char('i'));
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("Introduce José García to Ingrid Berg"),
        "{screen}"
    );
    assert!(
        screen.contains("José is looking for a hardware"),
        "{screen}"
    );
    insta::assert_snapshot!("intro_match_form_80x24", screen);
    insta::assert_snapshot!("intro_match_form_60x15", draw(&mut app, 60, 15));

    key(&mut app, KeyCode::Enter);
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("Introduction #1 proposed: ask José García first"),
        "{screen}"
    );
    let i = the_intro(&app);
    assert_eq!((i.a_id, i.b_id), (1, 2));
    assert_eq!(i.step, Step::Proposed);
    assert_eq!(i.reason.as_deref(), Some(REASON));
    assert_eq!((i.need_note_id, i.offer_note_id), (Some(1), Some(2)));
    // The idea leaves Today; the step to ask José is due there instead.
    assert!(!select_match(&mut app), "{screen}");
    assert!(!screen.contains("Introduce ("), "{screen}");
    assert!(
        screen.contains("Introduction #1: ask José García whether to meet"),
        "{screen}"
    );
    insta::assert_snapshot!("intro_match_proposed_80x24", screen);

    // Undo takes the proposal back, and the idea returns.
    key(&mut app, KeyCode::Char('u'));
    app.reload().unwrap();
    assert!(intros::list(app.store.conn(), false, 10)
        .unwrap()
        .is_empty());
    assert!(select_match(&mut app));
}

#[test]
fn i_on_the_match_shown_on_a_person_introduces_the_two() {
    let mut app = app();
    app.push(View::person(2));
    app.reload().unwrap();
    let p = on_person(&mut app);
    let at = p
        .parts()
        .iter()
        .position(|x| matches!(x, Part::Match(1, 2)))
        .expect("Ingrid's match is selectable");
    p.sel = at;
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("› give José is looking for"), "{screen}");
    insta::assert_snapshot!("intro_match_person_80x24", screen);

    // A changed reason and a single ask are kept.
    key(&mut app, KeyCode::Char('i'));
    for c in "a seed round".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('o'));
    key(&mut app, KeyCode::Enter);
    let i = the_intro(&app);
    assert_eq!(
        (i.a_id, i.b_id),
        (1, 2),
        "the one with the need is asked first"
    );
    assert_eq!(i.reason.as_deref(), Some("a seed round"));
    assert!(!i.double_opt_in);
    assert_eq!((i.need_note_id, i.offer_note_id), (Some(1), Some(2)));
    // The match is no longer shown (nor selectable) on Ingrid.
    let screen = draw(&mut app, 80, 24);
    assert!(!screen.contains("introduce them?"), "{screen}");
    assert!(!on_person(&mut app)
        .parts()
        .iter()
        .any(|x| matches!(x, Part::Match(..))));

    // `i` elsewhere on the person still asks whom to introduce them to.
    key(&mut app, KeyCode::Char('i'));
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("Introduce Ingrid Berg to someone"),
        "{screen}"
    );
}

#[test]
fn i_on_a_person_prompt_on_today_asks_whom_to_introduce_them_to() {
    let mut app = app();
    // José's follow-up makes him the first item on Today.
    let c = clock();
    capture::remind(&mut app.store, Some(1), "send the deck", c.today, None, &c).unwrap();
    app.reload().unwrap();
    today(&mut app).sel = 0;
    key(&mut app, KeyCode::Char('i'));
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("Introduce José García to someone"),
        "{screen}"
    );
}
