//! The real binary in a real terminal (tmux): add a person from the keyboard,
//! quit, and find them in the store with `kith show --json`.

mod common;

#[path = "common/tmux.rs"]
mod tmux;

use common::Env;
use tmux::Tmux;

fn kith_command(env: &Env, after: &str) -> String {
    tmux::kith_command(&env.db, "", after)
}

#[test]
fn add_a_person_from_the_keyboard_then_quit() {
    let Some(tmux) = Tmux::new("add") else { return };
    let env = Env::new();
    tmux.start(
        100,
        30,
        &kith_command(
            &env,
            "echo KITH-EXITED $?; stty -a; echo STTY-DONE; sleep 30",
        ),
    );
    tmux.wait_for("Welcome to Kith");
    tmux.send(&["a"]);
    tmux.wait_for("Add a person");
    tmux.type_text("Ana Lima");
    tmux.send(&["Tab"]);
    tmux.type_text("Nubank");
    tmux.send(&["Tab"]);
    tmux.type_text("ana@nubank.example");
    tmux.send(&["Tab"]);
    tmux.type_text("open banking APIs");
    tmux.send(&["Enter"]);
    tmux.wait_for("Saved Ana Lima");
    tmux.send(&["2"]);
    tmux.wait_for("Ana Lima");
    tmux.send(&["q"]);
    let screen = tmux.wait_for("STTY-DONE");
    assert!(screen.contains("KITH-EXITED 0"), "{screen}");
    tmux::assert_terminal_restored(&tmux, &screen);

    let show = env.json(&["show", "ana lima", "--json"]);
    assert_eq!(show["name"], "Ana Lima");
    assert_eq!(show["company"], "Nubank");
    assert_eq!(show["contact_points"][0]["value"], "ana@nubank.example");
    assert_eq!(show["notes"][0]["kind"], "met");
    assert_eq!(show["notes"][0]["body"], "open banking APIs");
}

#[test]
fn a_long_note_in_the_editor() {
    let Some(tmux) = Tmux::new("editor") else {
        return;
    };
    let env = Env::new();
    env.ok(&["add", "Ana Lima", "--company", "Nubank"]);
    let editor = env.dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Long note\\nsecond line about open banking\\n' > \"$1\"\n",
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let cmd = tmux::kith_command(
        &env.db,
        &format!("EDITOR='{}'", editor.display()),
        "echo KITH-EXITED $?; sleep 30",
    );
    tmux.start(100, 30, &cmd);
    tmux.wait_for("1 Today");
    tmux.send(&["2"]);
    tmux.wait_for("Ana Lima");
    tmux.send(&["Enter"]);
    tmux.wait_for("Timeline");
    tmux.send(&["E"]);
    tmux.wait_for("second line about open banking");
    tmux.send(&["q"]);
    tmux.send(&["q"]);
    tmux.wait_for("KITH-EXITED 0");
    let show = env.json(&["show", "ana", "--json"]);
    assert_eq!(show["notes"][0]["kind"], "note");
    assert_eq!(
        show["notes"][0]["body"],
        "Long note\nsecond line about open banking"
    );
}

/// Esc and q on an opened screen go back to where it was opened from, with
/// the same item selected; q quits only from a tab's first screen.
#[test]
fn esc_and_q_go_back_and_q_quits_only_from_a_top_screen() {
    let Some(tmux) = Tmux::new("back") else {
        return;
    };
    let env = Env::new();
    env.ok(&["add", "Ana Lima", "--company", "Nubank"]);
    env.ok(&["add", "Bo Chen", "--company", "Initech"]);
    env.ok(&[
        "remind",
        "ana",
        "send the open banking deck",
        "--on",
        "2026-11-20",
    ]);
    env.ok(&[
        "remind",
        "bo",
        "ask Bo about the meetup",
        "--on",
        "2026-11-21",
    ]);
    tmux.start(80, 24, &kith_command(&env, "echo KITH-EXITED $?; sleep 30"));
    tmux.wait_for("send the open banking deck");
    tmux.send(&["j"]);
    let today = tmux.wait_for("›");
    let selected = |s: &str| {
        s.lines()
            .find(|l| l.contains('›'))
            .map(str::to_string)
            .unwrap_or_default()
    };
    assert!(selected(&today).contains("Bo Chen"), "{today}");
    tmux.send(&["Enter"]);
    tmux.wait_for("Timeline");
    tmux.send(&["Escape"]);
    let back = tmux.wait_for("Overdue");
    assert!(selected(&back).contains("Bo Chen"), "{back}");
    tmux.send(&["Enter"]);
    tmux.wait_for("Timeline");
    tmux.send(&["q"]);
    let back = tmux.wait_for("Overdue");
    assert!(!back.contains("KITH-EXITED"), "{back}");
    assert!(selected(&back).contains("Bo Chen"), "{back}");
    tmux.send(&["q"]);
    tmux.wait_for("KITH-EXITED 0");
}
