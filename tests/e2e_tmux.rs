//! The real binary in a real terminal (tmux): add a person from the keyboard,
//! quit, and find them in the store with `kith show --json`.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::Env;

struct Tmux {
    socket: String,
}

impl Tmux {
    fn new(name: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is missing; .ci/run installs it"
            );
            eprintln!("skipping: tmux is not installed");
            return None;
        }
        Some(Tmux {
            socket: format!("kith-test-{name}-{}", std::process::id()),
        })
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    fn start(&self, width: u16, height: u16, shell_command: &str) {
        let ok = self
            .cmd()
            .args([
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .arg(shell_command)
            .status()
            .expect("tmux new-session")
            .success();
        assert!(ok, "tmux new-session failed");
    }

    fn send(&self, keys: &[&str]) {
        for k in keys {
            self.cmd()
                .args(["send-keys", "-t", "t", k])
                .status()
                .expect("send-keys");
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn type_text(&self, text: &str) {
        self.cmd()
            .args(["send-keys", "-t", "t", "-l", text])
            .status()
            .expect("send-keys");
        std::thread::sleep(Duration::from_millis(60));
    }

    fn screen(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", "t"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {text:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
    }
}

fn kith_command(env: &Env, after: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("kith");
    format!(
        "KITH_DB='{}' KITH_TODAY=2026-11-22 TERM=xterm-256color '{}'; {after}",
        env.db.display(),
        bin.display()
    )
}

#[test]
fn add_a_person_from_the_keyboard_then_quit() {
    let Some(tmux) = Tmux::new("add") else { return };
    let env = Env::new();
    tmux.start(
        100,
        30,
        &kith_command(&env, "echo KITH-EXITED $?; sleep 30"),
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
    let screen = tmux.wait_for("KITH-EXITED 0");
    // The terminal is restored: the alternate screen is gone.
    assert!(!screen.contains("1 Today"), "{screen}");

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
    let cmd = kith_command(&env, "echo KITH-EXITED $?; sleep 30");
    tmux.start(100, 30, &format!("EDITOR='{}' {cmd}", editor.display()));
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
