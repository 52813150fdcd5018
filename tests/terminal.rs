//! The real binary in tmux: the terminal is restored after a panic and after
//! SIGTERM/SIGHUP; a read-only store or a full disk is reported on the status
//! line while the TUI stays up; and the TUI and a CLI writer share a store.

mod common;
#[path = "common/limits.rs"]
mod limits;
#[path = "common/tmux.rs"]
mod tmux;

use std::process::Command;
use std::time::Duration;

use common::Env;
use tmux::{assert_terminal_restored, kith_command, Tmux};

const AFTER: &str = "echo KITH-EXITED $?; stty -a; sleep 60";

#[test]
fn a_panic_restores_the_terminal() {
    let Some(tmux) = Tmux::new("panic") else {
        return;
    };
    let env = Env::new();
    env.ok(&["add", "Anna"]);
    tmux.start(120, 40, &kith_command(&env.db, "KITH_TEST_PANIC=1", AFTER));
    let screen = tmux.wait_for("KITH-EXITED 101");
    assert!(screen.contains("KITH_TEST_PANIC"), "{screen}");
    assert_terminal_restored(&tmux, &screen);
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_keep_nothing_half_written() {
    for signal in ["TERM", "HUP", "INT", "QUIT"] {
        let Some(tmux) = Tmux::new(&format!("sig{signal}")) else {
            return;
        };
        let env = Env::new();
        env.ok(&["add", "Anna"]);
        let before = env.counts();
        tmux.start(120, 40, &kith_command(&env.db, "", AFTER));
        tmux.wait_for("1 Today");
        // A form half filled in when the signal comes.
        tmux.send(&["2"]);
        tmux.send(&["a"]);
        tmux.wait_for("Add a person");
        tmux.type_text("Half Written");
        tmux.wait_for("Half Written");
        let pid = tmux.child_pid();
        let ok = Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{signal} {pid}");
        tmux.wait_for_secs("KITH-EXITED 0", 5);
        // `stty -a` has printed all of its settings (it ends with extproc).
        let screen = tmux.wait_for("extproc");
        assert_terminal_restored(&tmux, &screen);
        assert_eq!(
            env.counts(),
            before,
            "SIG{signal} saved a half-written form"
        );
    }
}

/// CPU time (user + system, in clock ticks) a process has used so far.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// Whether a process is gone (or a zombie waiting to be reaped).
fn gone(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |s| {
        s.rsplit_once(')')
            .is_some_and(|(_, r)| r.trim_start().starts_with('Z'))
    })
}

/// The terminal goes away (the window closed, SSH dropped, the tmux session
/// killed): kith ends within a couple of seconds instead of spinning on a
/// closed input, in the list, in a form and in search.
#[test]
fn kith_ends_when_its_terminal_goes_away() {
    for (state, keys) in [
        ("list", vec!["2"]),
        ("form", vec!["2", "a"]),
        ("search", vec!["2", "/"]),
    ] {
        let Some(tmux) = Tmux::new(&format!("orphan-{state}")) else {
            return;
        };
        let env = Env::new();
        env.ok(&["add", "Anna de Vries"]);
        // `exec`: the pane runs kith itself, as a terminal window would.
        tmux.start(
            100,
            30,
            &format!("exec env {}", kith_command(&env.db, "", "true")),
        );
        tmux.wait_for("1 Today");
        tmux.send(&keys);
        std::thread::sleep(Duration::from_millis(300));
        let pid: u32 = tmux.display("#{pane_pid}").parse().expect("the pane's pid");
        let before = cpu_ticks(pid).expect("kith runs");
        let killed = std::time::Instant::now();
        let ok = tmux
            .cmd()
            .args(["kill-session", "-t", "t"])
            .status()
            .unwrap()
            .success();
        assert!(ok, "tmux kill-session");
        while !gone(pid) && killed.elapsed() < Duration::from_secs(3) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let after = cpu_ticks(pid);
        if !gone(pid) {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!(
                "kith ({state}) still runs 3 s after its terminal went away, having used {} ticks of CPU since",
                after.unwrap_or(0).saturating_sub(before)
            );
        }
        // It did not spin on the way out either (100 ticks a second).
        if let Some(after) = after {
            assert!(
                after - before < 100,
                "kith ({state}) spun: {} ticks",
                after - before
            );
        }
    }
}

#[test]
fn a_read_only_store_is_reported_and_the_tui_stays_up() {
    let Some(tmux) = Tmux::new("ro") else {
        return;
    };
    let env = Env::new();
    env.ok(&["add", "Anna de Vries"]);
    let before = env.counts();
    let Some(ro) = limits::ReadOnly::new(env.db.parent().unwrap()) else {
        return;
    };
    tmux.start(200, 40, &kith_command(&ro.dir.join("kith.db"), "", AFTER));
    tmux.wait_for("1 Today");
    tmux.send(&["2"]);
    tmux.wait_for("Anna de Vries");
    tmux.send(&["a"]);
    tmux.wait_for("Add a person");
    tmux.type_text("Bob Builder");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("read-only");
    assert!(screen.contains("nothing was saved"), "{screen}");
    // Still up: the other screens work, and it quits normally.
    tmux.send(&["Escape", "3"]);
    tmux.wait_for("No events yet");
    tmux.send(&["2"]);
    tmux.wait_for("Anna de Vries");
    tmux.send(&["q"]);
    let screen = tmux.wait_for("KITH-EXITED 0");
    assert_terminal_restored(&tmux, &screen);
    drop(ro);
    assert_eq!(env.counts(), before);
}

#[test]
fn a_full_disk_is_reported_and_the_tui_stays_up() {
    let Some(tmux) = Tmux::new("full") else {
        return;
    };
    let env = Env::new();
    let Some(disk) = limits::TinyDisk::new(env.dir.path(), "4m") else {
        return;
    };
    let db = disk.dir.join("kith.db");
    env.kith()
        .arg("--db")
        .arg(&db)
        .args(["add", "Anna de Vries", "--note", "met at RustConf"])
        .assert()
        .success();
    tmux.start(200, 40, &kith_command(&db, "", AFTER));
    tmux.wait_for("1 Today");
    tmux.send(&["2"]);
    tmux.wait_for("Anna de Vries");
    // The disk fills while the TUI has the store open.
    let filler = disk.fill(0);
    tmux.send(&["a"]);
    tmux.wait_for("Add a person");
    tmux.type_text("Bob Builder");
    tmux.send(&["Tab", "Tab", "Tab"]);
    tmux.type_text(&"a long first note ".repeat(40));
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("is full");
    assert!(screen.contains("nothing was saved"), "{screen}");
    // Room again: the same form saves, and the TUI never went down.
    std::fs::remove_file(filler).unwrap();
    tmux.send(&["Enter"]);
    tmux.wait_for("Saved Bob Builder");
    tmux.send(&["Escape", "q"]);
    let screen = tmux.wait_for("KITH-EXITED 0");
    assert_terminal_restored(&tmux, &screen);
    let counts = common::counts(&db);
    assert_eq!(counts[0], ("person".to_string(), 2), "{counts:?}");
}

/// The TUI open on a store while a CLI process writes 200 notes and then adds a
/// person: no write fails, the TUI saves its own person in between, and shows
/// the CLI's person on its next refresh without a key being pressed.
#[test]
fn the_tui_and_a_cli_writer_share_the_store() {
    let Some(tmux) = Tmux::new("share") else {
        return;
    };
    let env = Env::new();
    env.ok(&["demo"]);
    let anna_notes = notes_of(&env.db, "Anna de Vries");
    tmux.start(160, 60, &kith_command(&env.db, "", AFTER));
    tmux.wait_for("1 Today");
    tmux.send(&["2"]);
    tmux.wait_for("Anna de Vries");

    let writer = {
        let db = env.db.clone();
        std::thread::spawn(move || {
            let kith = |args: &[&str]| {
                let out = assert_cmd::Command::cargo_bin("kith")
                    .unwrap()
                    .env("KITH_DB", &db)
                    .env("KITH_TODAY", common::TODAY)
                    .args(args)
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "kith {args:?} failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            };
            for i in 0..200 {
                kith(&["log", "anna de vries", &format!("cli write {i}")]);
            }
            kith(&["add", "Aaron Concurrent", "--company", "Elsewhere"]);
        })
    };
    // The TUI writes too, while the CLI does.
    std::thread::sleep(Duration::from_millis(300));
    tmux.send(&["a"]);
    tmux.wait_for("Add a person");
    tmux.type_text("Tui Writer");
    tmux.send(&["Enter"]);
    tmux.wait_for("Saved Tui Writer");
    tmux.send(&["Escape"]);
    writer.join().unwrap();
    // No key pressed: the TUI notices the other process's change by itself.
    let screen = tmux.wait_for_secs("Aaron Concurrent", 5);
    assert!(screen.contains("Tui Writer"), "{screen}");

    assert_eq!(notes_of(&env.db, "Anna de Vries"), anna_notes + 200);
    env.ok(&["show", "tui writer"]);
    tmux.send(&["q"]);
    tmux.wait_for("KITH-EXITED 0");
}

fn notes_of(db: &std::path::Path, name: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT count(*) FROM note JOIN person p ON p.id = note.person_id WHERE p.name = ?1",
        [name],
        |r| r.get(0),
    )
    .unwrap()
}

/// Search over a note of a megabyte answers at once and keeps hearing
/// signals (it once froze for minutes, deaf to Ctrl-C and SIGTERM).
#[test]
fn search_over_a_huge_note_stays_responsive() {
    let Some(tmux) = Tmux::new("bignote") else {
        return;
    };
    let env = Env::new();
    env.ok(&["add", "Anna de Vries", "--note", "short one"]);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute(
        "INSERT INTO note (person_id, kind, body, happened_at, created_at)
         SELECT id, 'note', ?1, '2026-11-01T10:00:00Z', '2026-11-01T10:00:00Z' FROM person",
        [format!("start {}end", "edge case ".repeat(100_000))],
    )
    .unwrap();
    drop(conn);
    tmux.start(120, 40, &kith_command(&env.db, "", AFTER));
    tmux.wait_for("1 Today");
    tmux.send(&["2", "/"]);
    tmux.type_text("edge");
    let screen = tmux.wait_for_secs("/ edge ", 5);
    assert!(screen.contains("Anna de Vries"), "{screen}");
    tmux.type_text(" cas");
    let screen = tmux.wait_for_secs("/ edge cas ", 5);
    assert!(screen.contains("Anna de Vries"), "{screen}");
    let pid = tmux.child_pid();
    let ok = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    tmux.wait_for_secs("KITH-EXITED 0", 3);
    let screen = tmux.wait_for("extproc");
    assert_terminal_restored(&tmux, &screen);
}
