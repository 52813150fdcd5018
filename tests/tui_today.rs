//! The Today loop in the TUI, driven by key events through `App`: prompts
//! stay until you act, `d` asks what happened and the row leaves at once,
//! and a touch offers to close an open follow-up.

use chrono::{Days, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kithkin::store::Store;
use kithkin::tui::app::{App, Overlay};
use kithkin::tui::keys::Keymap;
use kithkin::tui::screens::today::{Item, TodayScreen};
use kithkin::tui::screens::View;
use kithkin::tui::theme::Theme;
use kithkin::tui::ui;
use kithkin::when::Clock;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The demo written on 22 Nov 2026, opened `later` days on, with the
/// rhythm for people met at an event.
fn demo_on(later: u64) -> App {
    let written = Clock::fixed(day("2026-11-22"));
    let mut store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut store, 40, &written).unwrap();
    let clock = Clock::fixed(written.today.checked_add_days(Days::new(later)).unwrap());
    let rules = kithkin::reconnect::CadenceRules {
        met_days: Some(kithkin::reconnect::MET_DAYS),
        ..Default::default()
    };
    App::with_rules(store, clock, Theme::mono(), Keymap::default(), rules).unwrap()
}

fn today(app: &App) -> &TodayScreen {
    match app.top() {
        View::Today(t) => t,
        _ => panic!("not on Today: {:?}", app.screen()),
    }
}

fn select(app: &mut App, want: impl Fn(&Item) -> bool) -> Item {
    let items = today(app).items();
    let pos = items.iter().position(want).expect("such an item on Today");
    match app.stack.last_mut() {
        Some(View::Today(t)) => t.sel = pos,
        _ => panic!("not on Today"),
    }
    items[pos]
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
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
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), draw(app, w, h));
    }
}

fn person_of(app: &App, item: Item) -> String {
    let t = &today(app).data;
    match item {
        Item::AfterEvent(i) => t.after_event[i].person.clone(),
        Item::NotFollowedUp(i) => t.not_followed_up[i].person.clone(),
        Item::Reconnect(i) => t.reconnect[i].person.clone(),
        other => panic!("not a prompt: {other:?}"),
    }
}

fn shown(app: &App, name: &str) -> bool {
    let t = &today(app).data;
    t.after_event
        .iter()
        .chain(&t.not_followed_up)
        .chain(&t.reconnect)
        .any(|p| p.person == name)
}

#[test]
fn a_person_met_at_an_event_20_days_ago_is_still_on_today() {
    // Anna was met at RustConf three days before the demo's day.
    let mut app = demo_on(17);
    let t = &today(&app).data;
    let anna = t
        .not_followed_up
        .iter()
        .find(|p| p.person == "Anna de Vries")
        .expect("Anna not followed up");
    assert_eq!(
        anna.why,
        "met at RustConf 2026 20 days ago, not followed up"
    );
    assert_eq!(t.counts.not_followed_up, t.not_followed_up.len());
    select(&mut app, |i| matches!(i, Item::NotFollowedUp(_)));
    snap("today_not_followed_up", &mut app);
}

#[test]
fn d_on_any_prompt_removes_its_row_at_once() {
    // RustConf 8 days ago (After events), Utrecht 15 (Not followed up).
    let mut app = demo_on(5);
    let kinds: [fn(&Item) -> bool; 3] = [
        |i| matches!(i, Item::AfterEvent(_)),
        |i| matches!(i, Item::NotFollowedUp(_)),
        |i| matches!(i, Item::Reconnect(_)),
    ];
    for (n, kind) in kinds.iter().enumerate() {
        let item = select(&mut app, kind);
        let name = person_of(&app, item);
        let before = today(&app).data.counts.clone();
        keys(&mut app, "d");
        assert!(matches!(app.overlay, Overlay::FollowUp(_)), "{item:?}");
        if n == 0 {
            snap("today_done_on_a_prompt", &mut app);
        }
        // Followed up, or dismissed: either way the row goes.
        keys(&mut app, if n == 1 { "x" } else { "d" });
        assert!(!shown(&app, &name), "{name} still on Today after d");
        let after = &today(&app).data.counts;
        let total = |c: &kithkin::today::Counts| c.after_event + c.not_followed_up + c.reconnect;
        assert_eq!(total(after), total(&before) - 1, "{name}");
        let status = app.status.clone().expect("a message").text;
        assert!(status.contains(&name), "{status}");
        // A follow-up logged a touch; an open follow-up of theirs may be closed too.
        if matches!(app.overlay, Overlay::CloseFollowUp { .. }) {
            keys(&mut app, "n");
            assert!(matches!(app.overlay, Overlay::None));
        }
    }
    // Esc keeps the prompt.
    let item = select(&mut app, |i| matches!(i, Item::Reconnect(_)));
    let name = person_of(&app, item);
    keys(&mut app, "d");
    key(&mut app, KeyCode::Esc);
    assert!(shown(&app, &name));
}

#[test]
fn logging_a_touch_offers_to_close_an_open_follow_up() {
    let mut app = demo_on(0);
    select(&mut app, |i| matches!(i, Item::Overdue(_)));
    let overdue = today(&app).data.counts.overdue;
    let first = today(&app).data.overdue[0].reminder.body.clone();
    keys(&mut app, "l");
    keys(&mut app, "lunch, he liked the intro");
    key(&mut app, KeyCode::Enter);
    match &app.overlay {
        Overlay::CloseFollowUp { body, .. } => assert_eq!(body, &first),
        _ => panic!("no offer to close the follow-up"),
    }
    let screen = draw(&mut app, 80, 24);
    assert!(
        screen.contains("Close “send him the intro to Ingrid” too?"),
        "{screen}"
    );
    keys(&mut app, "y");
    assert_eq!(today(&app).data.counts.overdue, overdue - 1);
    assert!(today(&app)
        .data
        .overdue
        .iter()
        .all(|f| f.reminder.body != first));
}

#[test]
fn overdue_items_say_where_you_met_and_what_to_give_and_wrap() {
    let mut app = demo_on(0);
    let f = &today(&app).data.overdue[0];
    assert_eq!(
        f.met.as_ref().map(|m| m.at.as_str()),
        Some("Web Summit 2026")
    );
    assert!(f.give_idea.is_some());
    for (w, h) in [(60, 15), (80, 24), (100, 30)] {
        let screen = draw(&mut app, w, h);
        // The give idea is never cut: its last words are on screen, wrapped.
        let words = screen
            .replace('"', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            words.contains("José is looking for a seed investor with hardware experience — Ingrid invests in hardware and climate startups: introduce them?"),
            "{w}x{h}:\n{screen}"
        );
        assert!(!screen.contains('…'), "{w}x{h}:\n{screen}");
    }
}
