//! Needs and offers in the TUI: a match is a give idea on Today, and on the
//! person `N` marks a learned note a need (then an offer, then neither) and
//! `M` marks a need met — each undoable, the matches following at once.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kithkin::model::NoteKind;
use kithkin::needs::Mark;
use kithkin::ops::{capture, needs};
use kithkin::store::Store;
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

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

/// José needs a hardware investor (marked); Ingrid invests in hardware (a
/// learned note not marked yet: it reads like an offer).
fn app() -> App {
    let c = clock();
    let mut store = Store::open_in_memory().unwrap();
    let jose = person(&mut store, "José García");
    let ingrid = person(&mut store, "Ingrid Berg");
    needs::log_marked(
        &mut store,
        jose,
        "looking for a hardware investor",
        Mark::Need,
        None,
        &c,
    )
    .unwrap();
    capture::log_note(
        &mut store,
        ingrid,
        NoteKind::Learned,
        "invests in hardware and climate startups",
        None,
        None,
        &c,
    )
    .unwrap();
    let mut app = App::new(store, c, Theme::mono(), Keymap::default()).unwrap();
    app.reload().unwrap();
    app
}

fn person(store: &mut Store, name: &str) -> i64 {
    let input = capture::PersonInput {
        name: name.into(),
        ..Default::default()
    };
    capture::add_person(store, &input, &clock()).unwrap()
}

fn key(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn draw(app: &mut App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    app.page = h.saturating_sub(5) as usize;
    terminal.draw(|f| ui::render(app, f)).unwrap();
    format!("{}", terminal.backend())
}

fn today(app: &App) -> &TodayScreen {
    match app.top() {
        View::Today(t) => t,
        _ => panic!("not on Today"),
    }
}

fn on_person(app: &mut App) -> &mut PersonScreen {
    match app.stack.last_mut() {
        Some(View::Person(p)) => p,
        _ => panic!("not on a person"),
    }
}

fn introduce_items(app: &App) -> usize {
    today(app)
        .items()
        .iter()
        .filter(|i| matches!(i, Item::Introduce(_)))
        .count()
}

#[test]
fn marking_on_the_person_makes_a_give_idea_on_today() {
    let mut app = app();
    assert_eq!(introduce_items(&app), 0, "Ingrid's note is not marked yet");

    // Open Ingrid, select her learned note: it reads like an offer.
    app.push(View::person(2));
    app.reload().unwrap();
    let p = on_person(&mut app);
    let note = p
        .parts()
        .iter()
        .position(|x| matches!(x, Part::Note(_)))
        .unwrap();
    p.sel = note;
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("[offer? N]"), "{screen}");
    insta::assert_snapshot!("needs_person_proposed_80x24", screen);

    key(&mut app, 'N');
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Marked as an offer"), "{screen}");
    assert!(screen.contains("[offer]"), "{screen}");
    assert!(screen.contains("Introduce"), "{screen}");
    insta::assert_snapshot!("needs_person_marked_80x24", screen);

    // Back on Today the match is a give idea naming both.
    key(&mut app, 'q');
    app.reload().unwrap();
    assert_eq!(introduce_items(&app), 1);
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("José García ↔ Ingrid Berg"), "{screen}");
    insta::assert_snapshot!("needs_today_80x24", screen);
    insta::assert_snapshot!("needs_today_60x15", draw(&mut app, 60, 15));

    // Undo takes the mark back, and the match with it.
    key(&mut app, 'u');
    app.reload().unwrap();
    assert_eq!(introduce_items(&app), 0);
}

#[test]
fn a_need_marked_met_on_the_person_leaves_today() {
    let mut app = app();
    app.push(View::person(2));
    app.reload().unwrap();
    let p = on_person(&mut app);
    p.sel = p
        .parts()
        .iter()
        .position(|x| matches!(x, Part::Note(_)))
        .unwrap();
    key(&mut app, 'N'); // offer (as proposed)
    key(&mut app, 'M'); // not a need: says so, changes nothing
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Only a need can be met"), "{screen}");
    key(&mut app, 'q');

    app.push(View::person(1));
    app.reload().unwrap();
    let p = on_person(&mut app);
    p.sel = p
        .parts()
        .iter()
        .position(|x| matches!(x, Part::Note(_)))
        .unwrap();
    key(&mut app, 'M');
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("[need met]"), "{screen}");
    key(&mut app, 'q');
    app.reload().unwrap();
    assert_eq!(introduce_items(&app), 0);
}

/// Stats: `v` shows what each event returned, then who is all take.
#[test]
fn stats_panels_rank_events_and_list_who_is_all_take() {
    use kithkin::ops::capture::PersonInput;
    let c = clock();
    let mut store = Store::open_in_memory().unwrap();
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    for (event, on, people) in [
        (
            "FOSDEM 2026",
            "2026-02-01",
            &["Anna de Vries", "Bert Smit"][..],
        ),
        ("RustConf 2026", "2026-09-12", &["Dirk Jansen"][..]),
    ] {
        capture::add_event(
            &mut store,
            &kithkin::store::events::NewEvent {
                name: event.into(),
                starts_on: day(on),
                ends_on: None,
                place: Some("Brussels".into()),
                description: None,
            },
            &c,
        )
        .unwrap();
        for name in people {
            let input = PersonInput {
                name: name.to_string(),
                event: Some(event.into()),
                ..Default::default()
            };
            capture::add_person(&mut store, &input, &c).unwrap();
        }
    }
    let anna = 1;
    let bert = 2;
    let log = |store: &mut Store, who: i64, kind: NoteKind, text: &str, on: &str| {
        capture::log_note(store, who, kind, text, Some(day(on)), None, &c).unwrap();
    };
    log(&mut store, anna, NoteKind::Talk, "coffee", "2026-02-03");
    log(&mut store, anna, NoteKind::Talk, "call", "2026-09-01");
    log(
        &mut store,
        bert,
        NoteKind::Asked,
        "a review of my deck",
        "2026-03-01",
    );
    let mut app = App::new(store, c, Theme::mono(), Keymap::default()).unwrap();
    app.go_tab(kithkin::tui::screens::Tab::Stats);
    key(&mut app, 'v');
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("What each event returned"), "{screen}");
    let fosdem = screen.find("FOSDEM").unwrap();
    let rustconf = screen.find("RustConf").unwrap();
    assert!(fosdem < rustconf, "{screen}");
    insta::assert_snapshot!("stats_events_80x24", screen);
    key(&mut app, 'v');
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("All take"), "{screen}");
    assert!(screen.contains("Bert Smit"), "{screen}");
    insta::assert_snapshot!("stats_take_60x15", draw(&mut app, 60, 15));
    app.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(matches!(app.top(), View::Person(p) if p.id == bert));
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("all take: asked 1, gave nothing"),
        "{screen}"
    );
    key(&mut app, 'q');
    key(&mut app, 'v');
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("Touches per week"), "{screen}");
}
