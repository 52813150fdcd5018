//! The TUI driven by key events through `App`, drawn on a `TestBackend` with a fixed today.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kithkin::store::people;
use kithkin::store::Store;
use kithkin::tui::app::{App, Overlay};
use kithkin::tui::keys::Keymap;
use kithkin::tui::screens::people::PeopleScreen;
use kithkin::tui::screens::person::PersonScreen;
use kithkin::tui::screens::today::{Item, TodayScreen};
use kithkin::tui::screens::{Screen, View};
use kithkin::tui::theme::Theme;
use kithkin::tui::ui;
use kithkin::when::Clock;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

fn demo_app() -> App {
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 40, &clock()).unwrap();
    App::new(store, clock(), Theme::mono(), Keymap::default()).unwrap()
}

fn empty_app() -> App {
    App::new(
        Store::open_in_memory().unwrap(),
        clock(),
        Theme::mono(),
        Keymap::default(),
    )
    .unwrap()
}

fn today(app: &App) -> &TodayScreen {
    match app.top() {
        View::Today(t) => t,
        _ => panic!("not on Today: {:?}", app.screen()),
    }
}

fn today_mut(app: &mut App) -> &mut TodayScreen {
    match app.stack.last_mut() {
        Some(View::Today(t)) => t,
        _ => panic!("not on Today"),
    }
}

fn people_screen(app: &App) -> &PeopleScreen {
    match app.top() {
        View::People(p) => p,
        _ => panic!("not on People: {:?}", app.screen()),
    }
}

fn person(app: &App) -> &PersonScreen {
    match app.top() {
        View::Person(p) => p,
        _ => panic!("not on a person: {:?}", app.screen()),
    }
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

fn snap(name: &str, app: &mut App) {
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = draw(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

#[test]
fn snapshots_of_every_screen() {
    let mut app = demo_app();
    snap("today", &mut app);
    press(&mut app, KeyCode::Char('?'));
    snap("today_help", &mut app);
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "2");
    snap("people", &mut app);
    keys(&mut app, "/jose");
    snap("people_filtered", &mut app);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Person(_)));
    snap("person", &mut app);
    keys(&mut app, "n");
    snap("person_note_kind", &mut app);
    keys(&mut app, "l");
    snap("person_note_form", &mut app);
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "3");
    snap("events", &mut app);
    press(&mut app, KeyCode::Enter);
    snap("event", &mut app);
    keys(&mut app, "c");
    snap("capture", &mut app);
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "4");
    snap("stats", &mut app);
    let mut empty = empty_app();
    snap("welcome", &mut empty);
}

#[test]
fn tiny_and_odd_sizes_never_panic() {
    let mut app = demo_app();
    for screen in ["1", "2", "3", "4"] {
        keys(&mut app, screen);
        for (w, h) in [
            (1, 1),
            (10, 3),
            (20, 5),
            (40, 10),
            (60, 15),
            (79, 23),
            (200, 60),
        ] {
            draw(&mut app, w, h);
        }
    }
    keys(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "r");
    for (w, h) in [(20, 5), (30, 8), (50, 12)] {
        draw(&mut app, w, h);
    }
}

#[test]
fn capture_three_people_at_an_event() {
    let mut app = demo_app();
    keys(&mut app, "3");
    // The newest event is RustConf 2026.
    keys(&mut app, "c");
    for (name, company, contact, talk) in [
        (
            "Bram Peeters",
            "Ferrous",
            "bram@ferrous.example",
            "embedded Rust",
        ),
        (
            "Lena Vogel",
            "",
            "https://www.linkedin.com/in/lenavogel",
            "",
        ),
        ("Kofi Mensah", "Accra Labs", "", "SQLite replication"),
    ] {
        keys(&mut app, name);
        press(&mut app, KeyCode::Tab);
        keys(&mut app, company);
        press(&mut app, KeyCode::Tab);
        keys(&mut app, contact);
        press(&mut app, KeyCode::Tab);
        keys(&mut app, talk);
        press(&mut app, KeyCode::Enter);
        assert!(
            matches!(app.overlay, Overlay::Form(_)),
            "capture goes on with a blank form"
        );
    }
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.overlay, Overlay::None));

    let c = app.store.conn();
    for name in ["Bram Peeters", "Lena Vogel", "Kofi Mensah"] {
        let ids = people::exact_matches(c, name).unwrap();
        assert_eq!(ids.len(), 1, "{name}");
        let p = kithkin::profile::load(c, ids[0], 10).unwrap();
        assert_eq!(p.meetings.len(), 1);
        assert_eq!(p.meetings[0].event.as_deref(), Some("RustConf 2026"));
        assert_eq!(p.meetings[0].met_on.to_string(), "2026-11-19");
        assert_eq!(p.meetings[0].place.as_deref(), Some("Amsterdam"));
    }
    let lena =
        kithkin::profile::load(c, people::exact_matches(c, "Lena Vogel").unwrap()[0], 10).unwrap();
    assert_eq!(lena.contact_points[0].label.as_deref(), Some("linkedin"));
    let bram = kithkin::profile::load(c, people::exact_matches(c, "Bram Peeters").unwrap()[0], 10)
        .unwrap();
    assert_eq!(bram.notes[0].body, "embedded Rust");
    // The event screen shows them, still to follow up.
    press(&mut app, KeyCode::Enter);
    let screen = draw(&mut app, 100, 30);
    assert!(screen.contains("Bram Peeters"), "{screen}");
}

#[test]
fn done_and_snooze_remove_items_from_today() {
    let mut app = demo_app();
    let overdue = today(&app).data.overdue.len();
    let first = today(&app).data.overdue[0].reminder.body.clone();
    keys(&mut app, "d");
    assert_eq!(today(&app).data.overdue.len(), overdue - 1);
    assert!(today(&app)
        .data
        .overdue
        .iter()
        .all(|r| r.reminder.body != first));
    let second = today(&app).data.overdue[0].reminder.body.clone();
    keys(&mut app, "s");
    keys(&mut app, "w");
    assert_eq!(today(&app).data.overdue.len(), overdue - 2);
    assert!(today(&app)
        .data
        .overdue
        .iter()
        .all(|r| r.reminder.body != second));
    // Snoozing a prompt hides it too.
    let after = today(&app).data.after_event.len();
    let items = today(&app).items();
    let pos = items
        .iter()
        .position(|i| matches!(i, Item::AfterEvent(_)))
        .unwrap();
    today_mut(&mut app).sel = pos;
    keys(&mut app, "s1");
    assert_eq!(today(&app).data.after_event.len(), after - 1);
    // Logging a give from Today clears an after-event prompt.
    let name = today(&app).data.after_event[0].person.clone();
    let pos = today(&app)
        .items()
        .iter()
        .position(|i| matches!(i, Item::AfterEvent(_)))
        .unwrap();
    today_mut(&mut app).sel = pos;
    keys(&mut app, "g");
    keys(&mut app, "sent the talk recording");
    press(&mut app, KeyCode::Enter);
    assert!(
        today(&app)
            .data
            .after_event
            .iter()
            .all(|p| p.person != name),
        "{name} still after events"
    );
}

#[test]
fn a_form_with_a_bad_date_saves_nothing() {
    let mut app = demo_app();
    let before = people::count(app.store.conn()).unwrap();
    keys(&mut app, "a");
    keys(&mut app, "Nina Berg");
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "someday");
    press(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.overlay, Overlay::Form(_)),
        "the form stays open"
    );
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("\"someday\" is not a date"), "{screen}");
    assert_eq!(people::count(app.store.conn()).unwrap(), before);
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        people::count(app.store.conn()).unwrap(),
        before,
        "Esc keeps nothing"
    );
}

#[test]
fn copy_brief_from_today_is_one_key() {
    let mut app = demo_app();
    keys(&mut app, "y");
    let text = app.pending_copy.clone().expect("a brief to copy");
    assert!(text.starts_with("José García"), "{text}");
    assert!(app
        .status
        .as_ref()
        .unwrap()
        .text
        .contains("Copied the brief of José García"));
}

#[test]
fn the_welcome_screen_loads_the_demo_in_one_key() {
    let mut app = empty_app();
    assert_eq!(app.screen(), Screen::Welcome);
    keys(&mut app, "d");
    assert_eq!(app.screen(), Screen::Today);
    assert!(!today(&app).data.overdue.is_empty());
    // Undoing the demo leaves the store empty: the welcome again, and the
    // demo one key away as before.
    keys(&mut app, "u");
    assert_eq!(app.screen(), Screen::Welcome);
    keys(&mut app, "d");
    assert_eq!(app.screen(), Screen::Today);
    assert!(!today(&app).data.overdue.is_empty());
}

#[test]
fn another_process_writing_shows_on_the_next_refresh() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    kithkin::demo::fill(&mut store, 12, &clock()).unwrap();
    let mut app = App::new(store, clock(), Theme::mono(), Keymap::default()).unwrap();
    let due = today(&app).data.due.len();
    let mut other = Store::open(&path).unwrap();
    kithkin::ops::capture::remind(
        &mut other,
        Some(1),
        "call Anna back",
        clock().today,
        None,
        &clock(),
    )
    .unwrap();
    app.refresh_if_changed();
    assert_eq!(today(&app).data.due.len(), due + 1);
}

#[test]
fn people_sort_cycles_and_the_window_follows_the_selection() {
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 600, &clock()).unwrap();
    // The demo archives a few people; the list shows the rest.
    let live = people::count(store.conn()).unwrap() as usize;
    assert!((550..600).contains(&live), "{live} people not archived");
    let mut app = App::new(store, clock(), Theme::mono(), Keymap::default()).unwrap();
    keys(&mut app, "2");
    assert_eq!(people_screen(&app).total, live);
    assert!(people_screen(&app).rows.len() <= kithkin::tui::screens::people::PEOPLE_WINDOW);
    press(&mut app, KeyCode::End);
    assert_eq!(people_screen(&app).selected, live - 1);
    assert!(
        people_screen(&app).selected_row().is_some(),
        "the window moved to the end"
    );
    keys(&mut app, "o");
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("sorted by last touch"), "{screen}");
}

#[test]
fn no_color_draws_without_colors() {
    let mut app = demo_app();
    for tab in ["1", "2", "3", "4"] {
        keys(&mut app, tab);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal.draw(|f| ui::render(&app, f)).unwrap();
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            assert_eq!(cell.fg, ratatui::style::Color::Reset, "tab {tab}: {cell:?}");
            assert_eq!(cell.bg, ratatui::style::Color::Reset, "tab {tab}: {cell:?}");
        }
    }
}

#[test]
fn remapped_keys_work_and_show_in_the_footer_help_and_prompts() {
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 40, &clock()).unwrap();
    let mut overrides = std::collections::HashMap::new();
    for (name, key) in [
        ("done", "x"),
        ("snooze", "z"),
        ("snooze_week", "n"),
        ("kind_talk", "v"),
    ] {
        overrides.insert(name.to_string(), key.to_string());
    }
    let (keymap, problems) = Keymap::with_overrides(&overrides);
    assert!(problems.is_empty());
    let mut app = App::new(store, clock(), Theme::mono(), keymap).unwrap();
    let before = today(&app).data.overdue.len();
    keys(&mut app, "d");
    assert_eq!(
        today(&app).data.overdue.len(),
        before,
        "d is no longer done"
    );
    keys(&mut app, "x");
    assert_eq!(today(&app).data.overdue.len(), before - 1);
    keys(&mut app, "j");
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("x done  z snooze"), "{screen}");
    keys(&mut app, "k");
    keys(&mut app, "?");
    let help = draw(&mut app, 120, 40);
    assert!(help.contains("x  done: close the follow-up"), "{help}");
    assert!(help.contains("n  a week"), "{help}");
    press(&mut app, KeyCode::Esc);
    // The snooze prompt shows and takes the remapped choice.
    keys(&mut app, "z");
    let prompt = draw(&mut app, 80, 24);
    assert!(prompt.contains("n a week"), "{prompt}");
    keys(&mut app, "n");
    assert_eq!(today(&app).data.overdue.len(), before - 2);
    // The note kinds too.
    keys(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "n");
    let prompt = draw(&mut app, 80, 24);
    assert!(prompt.contains("v talk"), "{prompt}");
    keys(&mut app, "t");
    assert!(
        matches!(app.overlay, Overlay::NoteKind(_)),
        "t is no longer talk"
    );
    keys(&mut app, "v");
    let form = draw(&mut app, 80, 24);
    assert!(form.contains("talk — "), "{form}");
}

#[test]
fn merge_a_duplicate_from_the_person_screen() {
    let mut app = demo_app();
    let input = kithkin::ops::capture::PersonInput {
        name: "A. de Vries".into(),
        emails: vec!["anna.private@home.example".into()],
        note: Some("met her again at a meetup".into()),
        ..Default::default()
    };
    let dup = kithkin::ops::capture::add_person(&mut app.store, &input, &clock()).unwrap();
    let before = people::count(app.store.conn()).unwrap();
    keys(&mut app, "2/anna de vries");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Person(1));
    keys(&mut app, "m");
    keys(&mut app, &format!("#{dup}"));
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
    assert_eq!(people::count(app.store.conn()).unwrap(), before - 1);
    let anna = person(&app).detail.as_ref().unwrap();
    assert!(anna
        .notes
        .iter()
        .any(|n| n.body == "met her again at a meetup"));
    assert!(anna
        .contact_points
        .iter()
        .any(|c| c.value == "anna.private@home.example"));
    // Merging someone into themselves is refused and keeps the form open.
    keys(&mut app, "m#1");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::Form(_)));
    assert!(app.status.as_ref().unwrap().error);
}

#[test]
fn esc_from_a_person_opened_from_today_returns_to_today_on_that_item() {
    let mut app = demo_app();
    keys(&mut app, "jjj");
    let item = today(&app).selected();
    let who = today(&app).focus().expect("a person on the item");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), Screen::Person(who.id));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("1 Today"), "{screen}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Today);
    assert_eq!(today(&app).sel, 3);
    assert_eq!(today(&app).selected(), item);
    snap("today_back_from_person", &mut app);
    // q on an opened screen goes back too; on Today it quits.
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "q");
    assert_eq!(app.screen(), Screen::Today);
    assert!(!app.quit);
    keys(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn esc_from_a_person_opened_from_an_event_returns_to_the_event() {
    let mut app = demo_app();
    keys(&mut app, "3");
    press(&mut app, KeyCode::Enter);
    let Screen::Event(event) = app.screen() else {
        panic!("not on an event: {:?}", app.screen());
    };
    keys(&mut app, "j");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Person(_)));
    // Writing on the person keeps the way back.
    keys(&mut app, "nt");
    keys(&mut app, "coffee after the talk");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Person(_)));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Event(event));
    let View::Event(e) = app.top() else {
        unreachable!()
    };
    assert_eq!(e.sel, 1, "the same attendee is selected");
    snap("event_back_from_person", &mut app);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Events);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::Events, "Esc on a tab's root stays");
    assert!(!app.quit);
}

#[test]
fn esc_from_a_person_opened_from_people_returns_to_people() {
    let mut app = demo_app();
    keys(&mut app, "2jjjj");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Person(_)));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), Screen::People);
    assert_eq!(people_screen(&app).selected, 4);
    // Ctrl-C quits from anywhere, even an opened screen with a form.
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "r");
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit);
}

#[test]
fn typing_on_an_empty_screen_creates_nothing() {
    for start_empty in [true, false] {
        let mut app = empty_app();
        if !start_empty {
            // People, but nothing on Today.
            kithkin::ops::capture::add_person(
                &mut app.store,
                &kithkin::ops::capture::PersonInput {
                    name: "Ana Lima".into(),
                    ..Default::default()
                },
                &clock(),
            )
            .unwrap();
            app.open(Screen::Today).unwrap();
            assert!(today(&app).items().is_empty());
        }
        keys(&mut app, "someday");
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.overlay, Overlay::None));
        let n = people::count(app.store.conn()).unwrap();
        assert_eq!(n, i64::from(!start_empty), "nothing created");
        // After Enter the keys work again.
        keys(&mut app, "a");
        assert!(matches!(app.overlay, Overlay::Form(_)));
    }
}

fn form_value(app: &App, field: usize) -> String {
    match &app.overlay {
        Overlay::Form(f) => f.value(field),
        _ => panic!("no form open"),
    }
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

#[test]
fn a_prefilled_value_is_replaced_ctrl_u_clears_and_dates_preview() {
    let mut app = demo_app();
    keys(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "r");
    keys(&mut app, "send the slides");
    press(&mut app, KeyCode::Tab);
    assert_eq!(form_value(&app, 1), "tomorrow");
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("→ Mon 23 Nov"), "{screen}");
    keys(&mut app, "fri");
    assert_eq!(
        form_value(&app, 1),
        "fri",
        "typing replaced the pre-filled value"
    );
    snap("reminder_form_date_preview", &mut app);
    keys(&mut app, " after next");
    let screen = draw(&mut app, 80, 24);
    assert!(!screen.contains("→"), "no preview for a non-date: {screen}");
    ctrl(&mut app, 'u');
    assert_eq!(form_value(&app, 1), "", "Ctrl-U clears the whole field");
    keys(&mut app, "5 dec");
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("→ Sat 5 Dec"), "{screen}");
    // The first field keeps what was typed; Ctrl-U there clears it too.
    press(&mut app, KeyCode::BackTab);
    assert_eq!(form_value(&app, 0), "send the slides");
    ctrl(&mut app, 'u');
    assert_eq!(form_value(&app, 0), "");
    press(&mut app, KeyCode::Esc);

    // An arrow key keeps a pre-filled value and types after it.
    keys(&mut app, "e");
    let name = form_value(&app, 0);
    press(&mut app, KeyCode::End);
    keys(&mut app, " Jr");
    assert_eq!(form_value(&app, 0), format!("{name} Jr"));
    press(&mut app, KeyCode::Esc);
}

#[test]
fn leaving_capture_says_how_many_were_saved() {
    let mut app = demo_app();
    keys(&mut app, "3c");
    for name in ["Bram Peeters", "Lena Vogel"] {
        keys(&mut app, name);
        press(&mut app, KeyCode::Enter);
    }
    press(&mut app, KeyCode::Esc);
    let status = app.status.clone().unwrap().text;
    assert_eq!(status, "Saved 2 people at RustConf 2026.");
    keys(&mut app, "c");
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.status.clone().unwrap().text,
        "Cancelled; nothing saved."
    );
}

/// Rows whose text runs into the right edge (of the screen or of a box) with
/// a word that the same screen drawn wide never shows whole: text cut
/// mid-word without an ellipsis.
fn cut_rows(narrow: &str, wide: &str) -> Vec<String> {
    let whole = |word: &str| {
        wide.match_indices(word).any(|(i, _)| {
            let before = wide[..i].chars().next_back();
            let after = wide[i + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    };
    let mut bad = Vec::new();
    for line in narrow.lines() {
        let row: Vec<char> = line.trim_matches('"').chars().collect();
        let mut end = row.len();
        // Inside a box, the edge is the column before the border.
        while end > 0 && matches!(row[end - 1], '│' | '┐' | '┘' | '┤' | '─') {
            end -= 1;
        }
        if end == 0 || !row[end - 1].is_alphanumeric() {
            continue;
        }
        let start = row[..end]
            .iter()
            .rposition(|c| c.is_whitespace() || matches!(c, '│' | '─' | '·'))
            .map_or(0, |i| i + 1);
        let word: String = row[start..end].iter().collect();
        if !whole(&word) {
            bad.push(format!("{line}   <- {word:?}"));
        }
    }
    bad
}

#[test]
fn nothing_is_cut_mid_word_at_60x15() {
    let mut app = demo_app();
    let mut seen = Vec::new();
    let mut check = |app: &mut App, what: &str| {
        let wide = draw(app, 250, 60);
        let screen = draw(app, 60, 15);
        let bad = cut_rows(&screen, &wide);
        if !bad.is_empty() {
            seen.push(format!("{what}:\n{}\n{screen}", bad.join("\n")));
        }
    };
    check(&mut app, "today");
    let tabs = draw(&mut app, 60, 15);
    assert!(
        tabs.contains("4 Stats ") && tabs.contains("Sun 22 Nov 2026"),
        "{tabs}"
    );
    let tabs = draw(&mut app, 30, 15);
    assert!(tabs.contains(" 1 Today · 2 · 3 · 4 "), "{tabs}");
    keys(&mut app, "?");
    check(&mut app, "help");
    let top = draw(&mut app, 60, 15);
    assert!(top.contains("↓ more"), "help says there is more: {top}");
    for _ in 0..40 {
        keys(&mut app, "j");
    }
    check(&mut app, "help, scrolled to its end");
    let end = draw(&mut app, 60, 15);
    assert!(
        end.contains("5 dec"),
        "help scrolls to its last line: {end}"
    );
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "s");
    check(&mut app, "snooze prompt");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "g");
    check(&mut app, "give form");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    check(&mut app, "person from today");
    keys(&mut app, "n");
    check(&mut app, "note kinds");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "e");
    check(&mut app, "edit form");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "r");
    check(&mut app, "follow-up form");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "2");
    check(&mut app, "people");
    keys(&mut app, "/an");
    check(&mut app, "people filtered");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "a");
    check(&mut app, "add form");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "3");
    check(&mut app, "events");
    press(&mut app, KeyCode::Enter);
    check(&mut app, "event");
    keys(&mut app, "c");
    check(&mut app, "capture");
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "4");
    check(&mut app, "stats");
    let stats = draw(&mut app, 60, 15);
    for label in ["<1m", "<3m", "<6m", "<1y", ">1y", "—", "20"] {
        assert!(stats.contains(label), "the chart lost {label}:\n{stats}");
    }
    let mut empty = empty_app();
    check(&mut empty, "welcome");
    assert!(seen.is_empty(), "{}", seen.join("\n\n"));
}

#[test]
fn the_person_screen_selects_meetings_follow_ups_and_notes() {
    use kithkin::tui::screens::person::Part;
    let mut app = demo_app();
    keys(&mut app, "y");
    // José García: a meeting, a follow-up, notes.
    press(&mut app, KeyCode::Enter);
    assert!(matches!(person(&app).selected(), Some(Part::Meeting(_))));
    keys(&mut app, "j");
    assert!(matches!(person(&app).selected(), Some(Part::Reminder(_))));
    // The last part is José's match (to introduce), just after his last note.
    press(&mut app, KeyCode::End);
    assert!(matches!(person(&app).selected(), Some(Part::Match(..))));
    keys(&mut app, "k");
    let Some(Part::Note(last)) = person(&app).selected() else {
        panic!("the part before the match is a note");
    };
    let body = person(&app)
        .detail
        .as_ref()
        .unwrap()
        .notes
        .iter()
        .find(|n| n.id == last)
        .unwrap()
        .body
        .clone();
    // The selected note is in sight however small the screen.
    let screen = draw(&mut app, 60, 15);
    let first_words: String = body.chars().take(12).collect();
    let line = screen.lines().find(|l| l.contains('›')).unwrap_or_default();
    assert!(line.contains(&first_words), "{screen}");
    // Adding a note keeps the selection on the same note.
    keys(&mut app, "nt");
    keys(&mut app, "called about the intro");
    press(&mut app, KeyCode::Enter);
    assert_eq!(person(&app).selected(), Some(Part::Note(last)));
}

#[test]
fn a_question_runs_its_change_only_on_yes() {
    use kithkin::tui::action::Action;
    use kithkin::tui::app::Confirm;
    let mut app = demo_app();
    let ask = |app: &mut App| {
        app.run(Action::Confirm(Confirm {
            question: "Delete José García for good, with 3 notes, 1 meeting and 1 follow-up?"
                .into(),
            yes: Box::new(|app: &mut App| app.info("deleted")),
        }))
    };
    ask(&mut app);
    let screen = draw(&mut app, 60, 15);
    assert!(
        screen.contains("Delete José García for good, with 3"),
        "{screen}"
    );
    assert!(screen.contains("follow-up? y yes  n no"), "{screen}");
    keys(&mut app, "x");
    assert!(
        matches!(app.overlay, Overlay::Confirm(_)),
        "other keys keep asking"
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.status.clone().unwrap().text, "Nothing changed.");
    ask(&mut app);
    keys(&mut app, "y");
    assert_eq!(app.status.clone().unwrap().text, "deleted");
    assert!(matches!(app.overlay, Overlay::None));
}

#[test]
fn contact_points_are_added_changed_and_removed_in_the_person_form() {
    use kithkin::model::ContactKind;
    let mut app = demo_app();
    keys(&mut app, "2/jose garcia");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let before = person(&app).detail.as_ref().unwrap().contact_points.clone();
    assert_eq!(before.len(), 2, "{before:?}");
    assert_eq!(before[0].kind, ContactKind::Email);
    keys(&mut app, "e");
    snap("person_form_contacts", &mut app);
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    // The email, pre-filled and selected: typing replaces it.
    keys(&mut app, "jose@lisboa.example");
    press(&mut app, KeyCode::Tab);
    // The LinkedIn profile: emptied, it goes.
    ctrl(&mut app, 'u');
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "+351 912 345 678");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::None), "{:?}", app.status);
    let after = &person(&app).detail.as_ref().unwrap().contact_points;
    let values: Vec<(ContactKind, &str)> =
        after.iter().map(|c| (c.kind, c.value.as_str())).collect();
    assert_eq!(
        values,
        [
            (ContactKind::Email, "jose@lisboa.example"),
            (ContactKind::Phone, "+351 912 345 678")
        ]
    );
    assert_eq!(after[0].label.as_deref(), Some("work"), "the label stays");
    // A value that is no contact point keeps the form open and saves nothing.
    keys(&mut app, "e");
    for _ in 0..8 {
        press(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "call her sometime");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Overlay::Form(_)));
    let screen = draw(&mut app, 80, 24);
    assert!(screen.contains("not"), "{screen}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        person(&app).detail.as_ref().unwrap().contact_points.len(),
        2
    );
}

#[test]
fn a_person_deleted_elsewhere_sends_the_screen_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    kithkin::demo::fill(&mut store, 12, &clock()).unwrap();
    let mut app = App::new(store, clock(), Theme::mono(), Keymap::default()).unwrap();
    keys(&mut app, "2jj");
    press(&mut app, KeyCode::Enter);
    let Screen::Person(id) = app.screen() else {
        panic!("not on a person")
    };
    let mut other = Store::open(&path).unwrap();
    kithkin::ops::correct::delete_person(&mut other, id).unwrap();
    app.refresh_if_changed();
    assert_eq!(app.screen(), Screen::People);
    assert_eq!(app.status.clone().unwrap().text, "That person is gone.");
    assert_eq!(people_screen(&app).selected, 2);
}
