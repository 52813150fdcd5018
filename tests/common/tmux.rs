//! A real terminal for the end-to-end tests: a private tmux server, driven by
//! keys, read by `capture-pane` and asked about its state with `display-message`.
//! Include with `#[path = "common/tmux.rs"] mod tmux;`.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A new tmux server, or None (with a message) when tmux is not installed
    /// outside CI; in CI a missing tmux fails the test.
    pub fn new(name: &str) -> Option<Tmux> {
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

    pub fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    pub fn start(&self, width: u16, height: u16, shell_command: &str) {
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

    pub fn send(&self, keys: &[&str]) {
        for k in keys {
            self.cmd()
                .args(["send-keys", "-t", "t", k])
                .status()
                .expect("send-keys");
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    pub fn type_text(&self, text: &str) {
        self.cmd()
            .args(["send-keys", "-t", "t", "-l", text])
            .status()
            .expect("send-keys");
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn screen(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", "t"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A tmux format of the pane: `#{alternate_on}`, `#{cursor_flag}`, `#{pane_pid}`.
    pub fn display(&self, format: &str) -> String {
        let out = self
            .cmd()
            .args(["display-message", "-p", "-t", "t", format])
            .output()
            .expect("display-message");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait_for_secs(text, 15)
    }

    pub fn wait_for_secs(&self, text: &str, secs: u64) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "timed out waiting for {text:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The pid of the first child of the pane's shell (the program it runs).
    pub fn child_pid(&self) -> u32 {
        let shell = self.display("#{pane_pid}");
        let start = Instant::now();
        loop {
            let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
                .unwrap_or_default();
            if let Some(pid) = children.split_whitespace().next() {
                return pid.parse().expect("a pid");
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "no child of the pane's shell {shell}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
    }
}

/// The shell command that runs kith on `db` with a fixed today, then `after`
/// (e.g. `echo KITH-EXITED $?; stty -a; sleep 30`). `env` is prepended (`A=1 B=2`).
pub fn kith_command(db: &Path, env: &str, after: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("kith");
    format!(
        "{env} KITH_DB='{}' KITH_TODAY=2026-11-22 TERM=xterm-256color '{}'; {after}",
        db.display(),
        bin.display()
    )
}

/// Asserts the terminal is back to normal after kith exited: not in the
/// alternate screen, cursor visible, and (from `stty -a` printed after the
/// exit) canonical mode and echo on.
pub fn assert_terminal_restored(tmux: &Tmux, screen: &str) {
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "still in the alternate screen:\n{screen}"
    );
    assert_eq!(
        tmux.display("#{cursor_flag}"),
        "1",
        "the cursor is hidden:\n{screen}"
    );
    let words: Vec<&str> = screen.split_whitespace().collect();
    for flag in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(
            words.contains(&flag),
            "`stty -a` does not show {flag} (raw mode left on):\n{screen}"
        );
    }
}
