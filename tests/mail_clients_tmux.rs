//! Address completion in real mail clients: neomutt (or mutt) runs in tmux
//! with `query_command` set to `kith query %s`, as the README configures it;
//! `Q` and a name list the addresses Kith has on neomutt's query screen.
//! aerc, with `address-book-cmd = kith query --no-header "%s"`, completes a
//! `To:` field from Kith.

mod common;

#[path = "common/tmux.rs"]
mod tmux;

use std::path::{Path, PathBuf};

use common::Env;
use tmux::Tmux;

/// neomutt, or else mutt; in CI a missing client fails the test (`.ci/run`
/// installs neomutt).
fn mail_client() -> Option<&'static str> {
    for name in ["neomutt", "mutt"] {
        let found = std::process::Command::new(name)
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success());
        if found {
            return Some(name);
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "neither neomutt nor mutt is installed; .ci/run installs neomutt"
    );
    eprintln!("skipping: neither neomutt nor mutt is installed");
    None
}

fn people(env: &Env) {
    env.ok(&[
        "add",
        "Anna de Vries",
        "--company",
        "Acme",
        "--email",
        "anna@acme.example",
        "--email",
        "anna.private@home.example",
        "--tag",
        "rust",
    ]);
    env.ok(&[
        "add",
        "José García",
        "--company",
        "Lisboa Labs",
        "--email",
        "jose@lisboa.example",
    ]);
    env.ok(&["add", "Evil\tTab", "--email", "evil@tab.example"]);
    env.ok(&["add", "Bob Stone", "--email", "bob@stone.example"]);
}

/// A muttrc that opens an empty mbox and asks Kith for addresses; the
/// query command is the README's line with the binary's full path.
fn muttrc(dir: &Path) -> (PathBuf, PathBuf) {
    let mbox = dir.join("empty.mbox");
    std::fs::write(&mbox, "").expect("mbox");
    let rc = dir.join("muttrc");
    let kith = assert_cmd::cargo::cargo_bin("kith");
    std::fs::write(
        &rc,
        format!(
            "set query_command = \"'{}' query %s\"\n\
             set mbox_type = mbox\n\
             set folder = \"{}\"\n\
             set spoolfile = \"{}\"\n\
             set header_cache = \"\"\n\
             set sort = date\n",
            kith.display(),
            dir.display(),
            mbox.display()
        ),
    )
    .expect("muttrc");
    (rc, mbox)
}

fn query(tmux: &Tmux, text: &str) {
    tmux.send(&["Q"]);
    tmux.wait_for("Query:");
    // A new query starts with the last one typed in: clear the line first.
    tmux.send(&["C-u"]);
    tmux.type_text(text);
    tmux.send(&["Enter"]);
}

#[test]
fn neomutt_lists_kiths_addresses_on_its_query_screen() {
    let Some(client) = mail_client() else {
        return;
    };
    let Some(tmux) = Tmux::new("mutt") else {
        return;
    };
    let env = Env::new();
    people(&env);
    let (rc, mbox) = muttrc(env.dir.path());
    tmux.start(
        120,
        30,
        &format!(
            "KITH_DB='{}' KITH_TODAY={} TERM=xterm-256color {client} -n -F '{}' -f '{}'; echo MUTT-EXITED $?; sleep 30",
            env.db.display(),
            common::TODAY,
            rc.display(),
            mbox.display()
        ),
    );
    tmux.wait_for("Msgs:0");

    // A folded accent, and neomutt's columns: name, <address>, other.
    query(&tmux, "jose");
    let screen = tmux.wait_for("jose@lisboa.example");
    let line = screen
        .lines()
        .find(|l| l.contains("jose@lisboa.example"))
        .unwrap_or_default();
    assert!(line.contains("José García"), "{screen}");
    assert!(line.contains("<jose@lisboa.example>"), "{screen}");
    assert!(line.contains("Lisboa Labs"), "{screen}");
    assert!(!screen.contains("anna@acme.example"), "{screen}");

    // Two words are one query, both of a person's addresses are listed.
    query(&tmux, "anna de");
    // neomutt cuts the address column to its width.
    let screen = tmux.wait_for("<anna.private@home");
    assert!(screen.contains("<anna@acme.example>"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Anna de Vries") && l.contains("Acme (rust)")),
        "{screen}"
    );
    assert!(
        !screen.contains("jose@lisboa.example"),
        "a new query: {screen}"
    );

    // A tab inside a name does not shift the address into the name column.
    query(&tmux, "evil");
    let screen = tmux.wait_for("evil@tab.example");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Evil Tab") && l.contains("<evil@tab.example>")),
        "{screen}"
    );

    // Nobody matching: neomutt shows Kith's message.
    query(&tmux, "zzzz");
    let screen = tmux.wait_for("no person matches");
    assert!(screen.contains("zzzz"), "{screen}");

    tmux.send(&["q"]);
    tmux.send(&["q"]);
}

/// aerc, with its config in a folder of its own; in CI a missing aerc fails
/// the test (`.ci/run` installs it).
fn aerc() -> bool {
    let found = std::process::Command::new("aerc")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "aerc is not installed; .ci/run installs it"
        );
        eprintln!("skipping: aerc is not installed");
    }
    found
}

/// An aerc config (a Maildir account that sends nothing) whose
/// `address-book-cmd` is the README's line with the binary's full path.
fn aerc_config(dir: &Path) -> PathBuf {
    let config = dir.join("config");
    let aerc = config.join("aerc");
    std::fs::create_dir_all(&aerc).expect("config folder");
    let mail = dir.join("mail");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(mail.join("INBOX").join(sub)).expect("maildir");
    }
    std::fs::write(
        aerc.join("accounts.conf"),
        format!(
            "[test]\nsource = maildir://{}\noutgoing = /bin/true\ndefault = INBOX\nfrom = Me <me@example.org>\n",
            mail.display()
        ),
    )
    .expect("accounts.conf");
    std::fs::write(
        aerc.join("aerc.conf"),
        format!(
            "[general]\nunsafe-accounts-conf = true\n[compose]\naddress-book-cmd = '{}' query --no-header \"%s\"\n",
            assert_cmd::cargo::cargo_bin("kith").display()
        ),
    )
    .expect("aerc.conf");
    config
}

#[test]
fn aerc_completes_an_address_from_kith_in_the_to_field() {
    if !aerc() {
        return;
    }
    let Some(tmux) = Tmux::new("aerc") else {
        return;
    };
    let env = Env::new();
    people(&env);
    let config = aerc_config(env.dir.path());
    tmux.start(
        120,
        30,
        &format!(
            "XDG_CONFIG_HOME='{}' KITH_DB='{}' KITH_TODAY={} TERM=xterm-256color aerc; echo AERC-EXITED $?; sleep 30",
            config.display(),
            env.db.display(),
            common::TODAY
        ),
    );
    tmux.wait_for("INBOX");
    tmux.type_text(":compose");
    tmux.send(&["Enter"]);
    tmux.wait_for("To:");
    // A folded accent: aerc runs the command after a pause in typing and
    // lists what it printed; Tab takes the first into the field.
    tmux.type_text("jose");
    tmux.wait_for("<jose@lisboa.example>");
    let to_line = |screen: &str| {
        screen
            .lines()
            .find(|l| l.starts_with("To:"))
            .unwrap_or_default()
            .to_string()
    };
    let start = std::time::Instant::now();
    let screen = loop {
        tmux.send(&["Tab"]);
        std::thread::sleep(std::time::Duration::from_millis(300));
        let screen = tmux.screen();
        if to_line(&screen).contains("<jose@lisboa.example>")
            || start.elapsed() > std::time::Duration::from_secs(10)
        {
            break screen;
        }
    };
    let to = to_line(&screen);
    assert!(
        to.contains("José García") && to.contains("<jose@lisboa.example>"),
        "the To: field holds the address Kith gave:\n{screen}"
    );
}
