//! The Today loop in the real binary in a real terminal (tmux): a person met
//! at an event 20 days ago is on Today, and `d` removes the row at once.

mod common;

#[path = "common/tmux.rs"]
mod tmux;

use common::Env;
use tmux::Tmux;

fn met_20_days_ago(env: &Env) {
    env.ok(&["event", "add", "RustConf 2026", "--on", "2026-11-02"]);
    env.ok(&[
        "add",
        "Łukasz Wójcik",
        "--event",
        "RustConf 2026",
        "--note",
        "is hiring Rust developers",
    ]);
    env.ok(&["add", "Anna de Vries", "--event", "RustConf 2026"]);
}

#[test]
fn d_on_a_prompt_removes_its_row_in_the_real_terminal() {
    for (w, h) in [(80, 24), (60, 15)] {
        let Some(tmux) = Tmux::new(&format!("today-{w}")) else {
            return;
        };
        let env = Env::new();
        met_20_days_ago(&env);
        tmux.start(
            w,
            h,
            &tmux::kith_command(&env.db, "", "echo KITH-EXITED $?; sleep 30"),
        );
        let screen = tmux.wait_for("Not followed up (2)");
        assert!(
            screen.contains("Anna de Vries — met at RustConf 2026 20 days"),
            "{w}x{h}:\n{screen}"
        );
        // Anna, the first and selected: followed up.
        let anna_first = screen
            .lines()
            .find(|l| l.contains('›'))
            .is_some_and(|l| l.contains("Anna"));
        assert!(anna_first, "{w}x{h}:\n{screen}");
        tmux.send(&["d"]);
        tmux.wait_for("What happened?");
        tmux.send(&["d"]);
        let screen = tmux.wait_for("Followed up with Anna de Vries");
        assert!(screen.contains("Not followed up (1)"), "{w}x{h}:\n{screen}");
        assert!(
            !screen.contains("Anna de Vries — met at"),
            "{w}x{h}:\n{screen}"
        );
        // Łukasz: dismissed; the group is gone.
        tmux.send(&["d", "x"]);
        let screen = tmux.wait_for("Dismissed Łukasz Wójcik");
        assert!(!screen.contains("Not followed up"), "{w}x{h}:\n{screen}");
        assert!(!screen.contains("Łukasz Wójcik —"), "{w}x{h}:\n{screen}");
        tmux.send(&["q"]);
        let screen = tmux.wait_for("KITH-EXITED");
        assert!(screen.contains("KITH-EXITED 0"), "{screen}");

        // The command line agrees: the talk was logged, nobody left to follow up.
        let today = env.ok(&["today"]);
        assert!(!today.contains("Not followed up"), "{today}");
        let anna = env.json(&["show", "anna", "--json"]);
        assert_eq!(anna["notes"][0]["body"], "followed up after RustConf 2026");
    }
}
