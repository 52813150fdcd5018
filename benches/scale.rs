//! Kith at scale: 100,000 people and 1,000,000 notes (`cargo bench`).
//!
//! The store is generated once into target/kith-bench/ (about a minute) and
//! reused while the schema is unchanged. KITH_BENCH_PEOPLE and
//! KITH_BENCH_NOTES choose another size.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
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

/// The generated store, made on first use.
fn store_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let (people, notes) = size();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/kith-bench");
        let path = dir.join(format!("kith-{people}-{notes}-v{}.db", MIGRATIONS.len()));
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

fn open() -> Store {
    Store::open(store_path()).expect("open the bench store")
}

#[divan::bench(sample_count = 20)]
fn open_store() -> Store {
    open()
}

#[divan::bench(sample_count = 20)]
fn today(bencher: divan::Bencher) {
    let store = open();
    bencher.bench_local(|| {
        kithkin::today::load(store.conn(), clock().today, &CadenceRules::default()).expect("today")
    });
}

/// A search keystroke: the prefix typed so far, over names and over note text.
#[divan::bench(args = ["a", "an", "ann", "anna", "anna d", "anna de", "m", "ma", "mar", "mara", "marat", "marath"])]
fn search_keystroke(bencher: divan::Bencher, prefix: &str) {
    let store = open();
    bencher.bench_local(|| {
        search::search(store.conn(), prefix, kithkin::tui::app::FILTER_LIMIT).expect("search")
    });
}

#[divan::bench(args = ["name", "last touch", "overdue"])]
fn people_page(bencher: divan::Bencher, sort: &str) {
    let store = open();
    let sort = match sort {
        "name" => Sort::Name,
        "last touch" => Sort::LastTouch,
        _ => Sort::Overdue,
    };
    bencher.bench_local(|| {
        people::list(store.conn(), sort, kithkin::tui::app::PEOPLE_WINDOW, 500).expect("page")
    });
}

/// The demo gives the first generated person 200 notes.
#[divan::bench]
fn open_person_with_200_notes(bencher: divan::Bencher) {
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
        kithkin::profile::load(store.conn(), id, kithkin::tui::app::PERSON_NOTES).expect("person")
    });
}

/// From opening the store to the first frame of the TUI, drawn on a TestBackend.
#[divan::bench(sample_count = 20)]
fn tui_first_frame() {
    let store = open();
    let app = App::new(store, clock(), Theme::mono(), Keymap::default()).expect("app");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal
        .draw(|f| kithkin::tui::ui::render(&app, f))
        .expect("draw");
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
        })
        .collect();
    bencher.bench_local(|| rank(&candidates, &CadenceRules::default(), today));
}

/// Whole commands, as a user runs them: process start, open, query, print.
#[divan::bench(args = ["today", "search anna", "search marathon", "search sqlite edge"], sample_count = 20)]
fn command(bencher: divan::Bencher, args: &str) {
    let path = store_path();
    let bin = env!("CARGO_BIN_EXE_kith");
    bencher.bench_local(|| {
        let out = Command::new(bin)
            .args(args.splitn(2, ' '))
            .env("KITH_DB", path)
            .env("KITH_TODAY", TODAY)
            .env("KITH_CONFIG", "/nonexistent")
            .output()
            .expect("run kith");
        assert!(out.status.success());
        out
    });
}
