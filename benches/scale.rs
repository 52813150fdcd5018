//! Kith at scale: 100,000 people and 1,000,000 notes (`cargo bench`), with
//! the README's own config (a default rhythm, the one for people met at an
//! event, rhythms per tag), as a real user runs it.
//!
//! The store is `kith demo` at that size (20,000 follow-ups, rhythms on a
//! third of the people, tags with rhythms, events over eight years),
//! generated once into target/kith-bench/ and reused while the schema is
//! unchanged. KITH_BENCH_PEOPLE and KITH_BENCH_NOTES choose another size.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kithkin::config::Config;
use kithkin::reconnect::{rank, CadenceRules, Candidate};
use kithkin::store::people::{self, Sort};
use kithkin::store::{search, Store, MIGRATIONS};
use kithkin::tui::app::App;
use kithkin::tui::keys::Keymap;
use kithkin::tui::theme::Theme;
use kithkin::when::Clock;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn main() {
    divan::main();
}

const TODAY: &str = "2026-11-22";

fn clock() -> Clock {
    Clock::fixed(NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap_or_default())
}

fn size() -> (usize, usize) {
    let n = |var: &str, default: usize| {
        std::env::var(var)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    (
        n("KITH_BENCH_PEOPLE", 100_000),
        n("KITH_BENCH_NOTES", 1_000_000),
    )
}

/// Which demo the store holds (a new one when its generator changes).
const DEMO: u32 = 3;

/// The generated store, made on first use.
fn store_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let (people, notes) = size();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/kith-bench");
        let path = dir.join(format!(
            "kith-{people}-{notes}-v{}-demo{DEMO}.db",
            MIGRATIONS.len()
        ));
        if !path.exists() {
            let _ = std::fs::create_dir_all(&dir);
            let partial = dir.join("partial.db");
            let _ = std::fs::remove_file(&partial);
            eprintln!(
                "generating {people} people and {notes} notes into {}",
                path.display()
            );
            let mut store = Store::open(&partial).expect("bench store");
            kithkin::demo::fill_with(
                &mut store,
                people,
                kithkin::demo::Notes::Total(notes),
                &clock(),
            )
            .expect("demo");
            drop(store);
            std::fs::rename(&partial, &path).expect("keep the bench store");
        }
        path
    })
}

/// The config example of the README (the toml block with `[cadence]`),
/// written to target/kith-bench/config.toml.
fn config_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
        let block = readme
            .split("```toml")
            .skip(1)
            .filter_map(|b| b.split("```").next())
            .find(|b| b.contains("[cadence]"))
            .expect("the README's config example");
        let dir = root.join("target/kith-bench");
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("config.toml");
        std::fs::write(&path, block).expect("write the config");
        path
    })
}

fn rules() -> CadenceRules {
    let rules = Config::load(Some(config_path()))
        .and_then(|c| c.cadence_rules())
        .expect("the README's config");
    assert!(
        rules.default_days.is_some() && !rules.tags.is_empty(),
        "the README's config has a default and tag rhythms: {rules:?}"
    );
    rules
}

/// The bench store, following the README's rhythms (recomputed once, the
/// first time).
fn open() -> Store {
    let mut store = Store::open(store_path()).expect("open the bench store");
    store.follow_rhythm_rules(&rules()).expect("rules");
    store
}

#[divan::bench(sample_count = 20)]
fn open_store() -> Store {
    open()
}

#[divan::bench(sample_count = 20)]
fn today(bencher: divan::Bencher) {
    let store = open();
    let rules = rules();
    bencher
        .bench_local(|| kithkin::today::load(store.conn(), clock().today, &rules).expect("today"));
}

/// A search keystroke: the prefix typed so far, over names and over note text.
#[divan::bench(args = ["a", "an", "ann", "anna", "anna d", "anna de", "m", "ma", "mar", "mara", "marat", "marath"])]
fn search_keystroke(bencher: divan::Bencher, prefix: &str) {
    let store = open();
    bencher.bench_local(|| {
        search::search(
            store.conn(),
            prefix,
            kithkin::tui::screens::people::FILTER_LIMIT,
        )
        .expect("search")
    });
}

/// A page of People, 500 rows in and 90,000 rows in.
#[divan::bench(args = ["name", "last touch", "overdue", "overdue at 90000"])]
fn people_page(bencher: divan::Bencher, sort_arg: &str) {
    let store = open();
    let sort = match sort_arg {
        "name" => Sort::Name,
        "last touch" => Sort::LastTouch,
        _ => Sort::Overdue,
    };
    let offset = if sort_arg.ends_with("90000") {
        90_000
    } else {
        500
    };
    bencher.bench_local(|| {
        people::list(
            store.conn(),
            sort,
            kithkin::tui::screens::people::PEOPLE_WINDOW,
            offset,
        )
        .expect("page")
    });
}

/// The demo gives the first generated person a thousandth of the notes (1,000 at 1M).
#[divan::bench]
fn open_person_with_1000_notes(bencher: divan::Bencher) {
    let store = open();
    let id: i64 = store
        .conn()
        .query_row(
            "SELECT person_id FROM note GROUP BY person_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a person with many notes");
    bencher.bench_local(|| {
        kithkin::profile::load(
            store.conn(),
            id,
            kithkin::tui::screens::person::PERSON_NOTES,
        )
        .expect("person")
    });
}

/// From opening the store to the first frame of the TUI, drawn on a TestBackend.
#[divan::bench(sample_count = 20)]
fn tui_first_frame() {
    let store = open();
    let app =
        App::with_rules(store, clock(), Theme::mono(), Keymap::default(), rules()).expect("app");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal
        .draw(|f| kithkin::tui::ui::render(&app, f))
        .expect("draw");
}

/// A search keystroke in the TUI, key to frame: on People with "marat" in
/// the filter, each iteration types `h` or erases it (in turn), which runs
/// the search, and draws the frame.
#[divan::bench(sample_count = 50)]
fn tui_search_keystroke(bencher: divan::Bencher) {
    let store = open();
    let mut app =
        App::with_rules(store, clock(), Theme::mono(), Keymap::default(), rules()).expect("app");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let press = |app: &mut App, code| app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    for c in "2/marat".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let mut typed = false;
    bencher.bench_local(|| {
        let key = if typed {
            KeyCode::Backspace
        } else {
            KeyCode::Char('h')
        };
        press(&mut app, key);
        typed = !typed;
        terminal
            .draw(|f| kithkin::tui::ui::render(&app, f))
            .expect("draw");
    });
}

/// The pure ranking over 100,000 candidates.
#[divan::bench]
fn reconnect_ranking_100k(bencher: divan::Bencher) {
    let today = clock().today;
    let candidates: Vec<Candidate> = (0..100_000u64)
        .map(|i| Candidate {
            person_id: i as i64,
            name: format!("Person {i}"),
            cadence_days: [None, Some(30), Some(90), Some(365)][(i % 4) as usize],
            tags: vec![],
            last_touch: today.checked_sub_days(Days::new(i % 900)),
            bumped_on: None,
            snoozed_until: None,
            touches: (i % 7) as i64,
            met_at_event: false,
        })
        .collect();
    bencher.bench_local(|| rank(&candidates, &CadenceRules::default(), today));
}

/// A command's arguments: `search` takes the rest as one query.
fn split(args: &str) -> Vec<&str> {
    match args.strip_prefix("search ") {
        Some(query) => vec!["search", query],
        None => args.split(' ').collect(),
    }
}

/// Whole commands, as a user runs them (with the README's config): process
/// start, open, query, print.
#[divan::bench(args = ["today", "list --sort overdue --offset 90000", "search anna", "search marathon", "search sqlite edge"], sample_count = 20)]
fn command(bencher: divan::Bencher, args: &str) {
    // Following the README's rules already: no command pays the recompute.
    drop(open());
    let path = store_path();
    let bin = env!("CARGO_BIN_EXE_kith");
    bencher.bench_local(|| {
        let out = Command::new(bin)
            .args(split(args))
            .env("KITH_DB", path)
            .env("KITH_TODAY", TODAY)
            .env("KITH_CONFIG", config_path())
            .output()
            .expect("run kith");
        assert!(out.status.success());
        out
    });
}

/// 10,000 vCards as a phone would export them, written once.
fn vcards_10k() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/kith-bench");
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("cards-10000.vcf");
        if !path.exists() {
            let first = ["Anna", "José", "Zoë", "Søren", "Aiko", "Łukasz", "Priya", "Chloé", "Mehmet", "Ingrid"];
            let last = ["de Vries", "García", "Müller", "Nielsen", "Tanaka", "Nowak", "Raman", "Dubois", "Yılmaz", "Berg"];
            let mut text = String::new();
            for i in 0..10_000usize {
                let (f, l) = (first[i % 10], last[(i / 10) % 10]);
                text.push_str(&format!(
                    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:bench-{i}\r\nFN:{f} {l} {i}\r\nN:{l};{f};;;\r\nORG:Company {}\r\n\
                     TITLE:Engineer\r\nEMAIL;TYPE=work:p{i}@company{}.example\r\nEMAIL;TYPE=home:p{i}@mail.example\r\n\
                     TEL;TYPE=cell:+31 6 {i:08}\r\nADR;TYPE=home:;;Street {i};Amsterdam;;1000 AA;Netherlands\r\n\
                     CATEGORIES:friends,conference\r\nNOTE:met at a conference\\, talked about Rust\r\nEND:VCARD\r\n",
                    i % 300,
                    i % 300
                ));
            }
            std::fs::write(&path, text).expect("write the cards");
        }
        path
    })
}

/// Importing 10,000 vCards into an empty store.
#[divan::bench(sample_count = 5)]
fn import_10k_vcards(bencher: divan::Bencher) {
    let file = vcards_10k();
    bencher
        .with_inputs(|| tempfile::tempdir().expect("temp dir"))
        .bench_local_values(|dir| {
            let mut store = Store::open(&dir.path().join("kith.db")).expect("store");
            let source =
                kithkin::interop::open(file, kithkin::interop::Format::Vcard).expect("open");
            let summary =
                kithkin::interop::plan::import(&mut store, source, false, clock().now, &mut |_| {})
                    .expect("import");
            assert_eq!(summary.added, 10_000);
            dir
        });
}
