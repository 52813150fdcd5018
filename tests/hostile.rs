//! Hostile text: names, notes, tags, events and follow-ups full of escape
//! sequences (OSC 52 clipboard writes, screen clears, C1 controls, BEL),
//! bidirectional overrides, and 10,000-character names and notes. None of it
//! reaches the terminal raw, in the TUI or in any command's output, and the
//! layout holds.

mod common;

use chrono::NaiveDate;
use common::Env;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kithkin::model::NoteKind;
use kithkin::ops::capture::{self, PersonInput};
use kithkin::store::events::NewEvent;
use kithkin::store::Store;
use kithkin::tui::app::App;
use kithkin::tui::keys::Keymap;
use kithkin::tui::screens::Screen;
use kithkin::tui::theme::Theme;
use kithkin::tui::ui;
use kithkin::when::Clock;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

const OSC52: &str = "\x1b]52;c;ZXZpbA==\x07";
const CLEAR: &str = "\x1b[2J";

/// Hostile strings: every kind of escape a crafted vCard or CSV could carry.
fn hostile() -> Vec<String> {
    vec![
        format!("{OSC52}Eve Osc"),
        format!("{CLEAR}Mallory Clear"),
        "\u{9b}31mCsi C1 \u{9d}0;title\u{9c}".into(),
        "Bell\x07 and \x08backspace\r and \x00nul".into(),
        "\u{202e}evil\u{202c} \u{2066}iso\u{2069} \u{200f}rlm \u{61c}alm".into(),
        "\x1bP+q544e\x1b\\ DCS and \x1b_APC\x1b\\ and \x1b^PM\x1b\\".into(),
        "tab\there and newline\nthere and del\x7f".into(),
    ]
}

fn long(prefix: &str) -> String {
    let mut s = prefix.to_string();
    while s.len() < 10_000 {
        s.push_str("Wolfeschlegelsteinhausenbergerdorff\u{202e}\x1b[5m ");
    }
    s
}

fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

// ---------------------------------------------------------------- the TUI

fn clock() -> Clock {
    Clock::fixed(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
}

/// A store with hostile people, notes, tags, an event and follow-ups.
fn hostile_store() -> (Store, Vec<i64>) {
    let mut store = Store::open_in_memory().unwrap();
    let c = clock();
    let h = hostile();
    capture::add_event(
        &mut store,
        &NewEvent {
            name: format!("{OSC52}Evil Conf{CLEAR}"),
            starts_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            ends_on: None,
            place: Some(format!("\u{202e}madretsmA{}", long(" "))),
            description: Some(h[3].clone()),
        },
        &c,
    )
    .unwrap();
    let mut ids = Vec::new();
    for (i, name) in h.iter().chain([&long("Longname ")]).enumerate() {
        let id = capture::add_person(
            &mut store,
            &PersonInput {
                name: name.clone(),
                company: Some(h[(i + 1) % h.len()].clone()),
                title: Some(h[(i + 2) % h.len()].clone()),
                emails: vec![format!("x{i}@example.org{CLEAR}")],
                tags: vec![h[(i + 3) % h.len()].clone()],
                event: Some(format!("{OSC52}Evil Conf{CLEAR}")),
                note: Some(h[(i + 4) % h.len()].clone()),
                follow_up: Some((c.today, h[(i + 5) % h.len()].clone())),
                cadence_days: Some(7),
                ..Default::default()
            },
            &c,
        )
        .unwrap();
        for kind in [NoteKind::Learned, NoteKind::Gave, NoteKind::Promise] {
            capture::log_note(&mut store, id, kind, &long(name), None, None, &c).unwrap();
        }
        ids.push(id);
    }
    (store, ids)
}

fn app(store: Store) -> App {
    let mut app = App::new(store, clock(), Theme::mono(), Keymap::default()).unwrap();
    app.reload().unwrap();
    app
}

fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    app.page = h.saturating_sub(5) as usize;
    terminal.draw(|f| ui::render(app, f)).unwrap();
    terminal.backend().buffer().clone()
}

fn row(b: &Buffer, y: u16) -> String {
    (0..b.area.width)
        .map(|x| b[(x, y)].symbol().to_string())
        .collect()
}

fn assert_clean(b: &Buffer, what: &str) {
    for y in 0..b.area.height {
        for x in 0..b.area.width {
            let sym = b[(x, y)].symbol();
            assert!(
                !sym.chars().any(is_forbidden),
                "{what}: raw control or bidi {sym:?} at ({x},{y}) in row {:?}",
                row(b, y)
            );
        }
    }
}

fn show(app: &mut App, screen: Screen) {
    app.open(screen).unwrap();
}

#[test]
fn hostile_text_in_the_tui_is_shown_safely_and_keeps_the_layout() {
    let (store, ids) = hostile_store();
    let mut bad = app(store);
    // The same screens over a benign store: their tabs and status lines are the reference.
    let mut good_store = Store::open_in_memory().unwrap();
    kithkin::demo::fill(&mut good_store, 40, &clock()).unwrap();
    let mut good = app(good_store);

    let mut screens = vec![
        ("today", Screen::Today, Screen::Today),
        ("people", Screen::People, Screen::People),
        ("events", Screen::Events, Screen::Events),
        ("event", Screen::Event(1), Screen::Event(1)),
        ("stats", Screen::Stats, Screen::Stats),
    ];
    for id in &ids {
        screens.push(("person", Screen::Person(*id), Screen::Person(1)));
    }
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        for (what, bad_screen, good_screen) in &screens {
            show(&mut bad, *bad_screen);
            show(&mut good, *good_screen);
            let b = draw(&mut bad, w, h);
            let g = draw(&mut good, w, h);
            let what = format!("{what} at {w}x{h}");
            assert_clean(&b, &what);
            assert_eq!(row(&b, 0), row(&g, 0), "{what}: the tabs line moved");
            assert_eq!(
                row(&b, h - 1),
                row(&g, h - 1),
                "{what}: the status line changed"
            );
        }
    }

    // Typing hostile text into the filter and forms, and the help overlay.
    show(&mut bad, Screen::People);
    for ch in "/\u{202e}evil".chars() {
        bad.handle_key(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE));
    }
    assert_clean(&draw(&mut bad, 100, 30), "people filter");
    bad.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    show(&mut bad, Screen::Person(ids[0]));
    bad.handle_key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE));
    assert_clean(&draw(&mut bad, 100, 30), "help");
}

// ---------------------------------------------------------------- the commands

fn assert_clean_output(out: &str, what: &str) {
    // A tab in a note is kept in `show` and the brief: it moves the cursor, nothing more.
    if let Some(c) = out.chars().find(|c| *c != '\t' && is_forbidden(*c)) {
        let at = out.find(c).unwrap_or(0);
        let near: String = out[at.saturating_sub(40)..].chars().take(80).collect();
        panic!("{what}: raw {c:?} in the output near {near:?}");
    }
}

#[test]
fn hostile_text_never_reaches_the_terminal_from_a_command() {
    let env = Env::new();
    let h = hostile();
    env.ok(&[
        "event",
        "add",
        &format!("{OSC52}Evil Conf"),
        "--on",
        "2026-11-20",
        "--at",
        &h[4],
    ]);
    let mut names = h.clone();
    names.retain(|n| !n.contains('\0'));
    names.push(long("Longname "));
    for (i, name) in names.iter().enumerate() {
        env.ok(&[
            "add",
            name,
            "--company",
            &h[(i + 1) % h.len()].replace('\0', ""),
            "--tag",
            &h[(i + 3) % h.len()].replace('\0', ""),
            "--event",
            &format!("{OSC52}Evil Conf"),
            "--note",
            &long(&h[(i + 4) % h.len()].replace('\0', "")),
            "--follow-up",
            "today",
            "--follow-up-note",
            &h[(i + 5) % h.len()].replace('\0', ""),
        ]);
        let id = format!("#{}", i + 1);
        env.ok(&[
            "log",
            &id,
            &long(&h[(i + 2) % h.len()].replace('\0', "")),
            "--kind",
            "learned",
        ]);
        env.ok(&["cadence", &id, "7d"]);
    }
    let mut commands: Vec<Vec<String>> = vec![
        vec!["today".into()],
        vec!["today".into(), "--json".into()],
        vec!["list".into()],
        vec!["list".into(), "--json".into()],
        vec!["event".into(), "list".into()],
        vec!["event".into(), "list".into(), "--json".into()],
        vec!["search".into(), "evil".into()],
        vec!["search".into(), "evil".into(), "--json".into()],
        vec!["search".into(), "longname".into()],
        vec!["stats".into()],
    ];
    for i in 1..=names.len() {
        for cmd in [
            vec!["show", "--json"],
            vec!["show"],
            vec!["brief"],
            vec!["brief", "--markdown"],
        ] {
            let mut c: Vec<String> = vec![cmd[0].into(), format!("#{i}")];
            c.extend(cmd[1..].iter().map(|s| s.to_string()));
            commands.push(c);
        }
    }
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = env.ok(&args);
        assert_clean_output(&out, &format!("kith {args:?}"));
        // Lists cut long names and notes: no line runs away.
        if ["today", "list", "search", "event"].contains(&args[0]) && !args.contains(&"--json") {
            for line in out.lines() {
                assert!(
                    line.chars().count() <= 240,
                    "kith {args:?}: a line of {} characters",
                    line.chars().count()
                );
            }
        }
        if args.contains(&"--json") {
            // Still the same data for scripts: the escapes are JSON escapes.
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert!(!v.is_null());
        }
    }
    // Exports, to standard output or a file, go through the same sanitising;
    // CRLF line ends are the formats' own. JSON escapes C1 and bidi controls.
    for format in ["csv", "vcard", "ics", "json"] {
        let out = env.ok(&["export", "--format", format]);
        assert_clean_output(&out.replace("\r\n", "\n"), &format!("export {format}"));
        let file = env.dir.path().join(format!("out.{format}"));
        env.ok(&["export", "--format", format, "-o", file.to_str().unwrap()]);
        let written = std::fs::read_to_string(&file).unwrap();
        assert_clean_output(
            &written.replace("\r\n", "\n"),
            &format!("export {format} -o"),
        );
        // The same text either way (iCalendar stamps its alarms with the time).
        if format != "ics" {
            assert!(
                written == out,
                "export {format}: the file differs from standard output"
            );
        }
    }
    let dump: serde_json::Value =
        serde_json::from_str(&env.ok(&["export", "--format", "json"])).unwrap();
    assert!(dump["people"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == h[2]));

    // JSON keeps the text exactly, for scripts, while the terminal sees escapes.
    let show = env.json(&["show", "#4", "--json"]);
    assert_eq!(show["name"], h[4]);

    // Errors that echo a hostile argument are safe too.
    let out = env
        .kith()
        .args(["show", &format!("{OSC52}nobody{CLEAR}\u{9b}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_clean_output(&String::from_utf8_lossy(&out.stderr), "an error");
}

#[test]
fn a_huge_name_is_cut_in_show() {
    let env = Env::new();
    env.ok(&[
        "add",
        &long("Longname "),
        "--company",
        &long("Co "),
        "--tag",
        &long("tag"),
    ]);
    let out = env.ok(&["show", "#1"]);
    for line in out.lines() {
        assert!(
            line.chars().count() <= 240,
            "a line of {} characters in show",
            line.chars().count()
        );
    }
    assert!(out.starts_with("Longname Wolfe"), "{}", &out[..80]);
}

/// The display width of a line as a terminal draws it (grapheme clusters).
fn cells(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

#[test]
fn emoji_sequences_and_combining_marks_keep_the_columns() {
    let env = Env::new();
    let names = [
        "Plain Name",
        "Family 👩\u{200d}👩\u{200d}👧\u{200d}👦 Ade",
        "Adébáyọ̀ Ọláolúwa Ọ̀ṣun",
        "Thumbs 👍🏽 ❤\u{fe0f} 🇳🇬",
        "Zoë Ìyá Àṣẹ",
        "漢字の名前 Wide",
    ];
    for (i, n) in names.iter().enumerate() {
        env.ok(&["add", n, "--company", &format!("Co{i}")]);
    }
    let out = env.ok(&["list"]);
    let mut at = Vec::new();
    for line in out.lines() {
        // Where the company column starts, in terminal cells.
        let co = line.find("Co").expect("company column");
        at.push(cells(&line[..co]));
    }
    assert_eq!(at.len(), names.len(), "{out}");
    assert!(
        at.iter().all(|c| *c == at[0]),
        "columns drift: {at:?}\n{out}"
    );
}
