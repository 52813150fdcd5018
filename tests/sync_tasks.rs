//! Follow-ups as tasks in a task folder (`kith vdir pull|push|status --tasks`),
//! through the real binary, with the folder edited as a phone or todoman
//! (by way of vdirsyncer) would edit it.

mod common;
#[path = "common/vdir_files.rs"]
mod vdir_files;

use std::fs;
use std::path::{Path, PathBuf};

use common::Env;

fn task_files(dir: &Path) -> Vec<PathBuf> {
    vdir_files::item_files(dir, "ics")
}

/// The task file whose text contains `needle`.
fn task_with(dir: &Path, needle: &str) -> PathBuf {
    vdir_files::item_with(dir, "ics", needle)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} in {text}");
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn due_bodies(env: &Env) -> Vec<String> {
    let t = env.json(&["today", "--json"]);
    let mut out: Vec<String> = ["overdue", "due"]
        .iter()
        .flat_map(|k| t[k].as_array().unwrap().clone())
        .map(|r| r["body"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

fn uids(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT uid FROM reminder WHERE done_at IS NULL ORDER BY uid")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Anna with a follow-up due today, Bo with one every 14 days, overdue, and
/// Cleo with a birthday and nothing to follow up.
fn store_with_follow_ups() -> Env {
    let env = Env::new();
    env.ok(&["add", "Anna de Vries", "--email", "anna@acme.example"]);
    env.ok(&["add", "Bo Li", "--phone", "+31 6 1234 5678"]);
    env.ok(&["add", "Cleo Park", "--birthday", "1990-11-23"]);
    env.ok(&[
        "remind",
        "anna",
        "send the WAL slides",
        "--on",
        "2026-11-22",
    ]);
    env.ok(&[
        "remind",
        "bo",
        "call about the job",
        "--on",
        "2026-11-20",
        "--every",
        "14d",
    ]);
    env
}

#[test]
fn push_writes_a_task_per_follow_up_once_and_never_a_birthday() {
    let env = store_with_follow_ups();
    let tasks = env.dir.path().join("tasks");
    let out = env.ok(&["vdir", "push", "--tasks", tasks.to_str().unwrap()]);
    assert!(out.contains("2 added"), "{out}");
    let files = task_files(&tasks);
    assert_eq!(files.len(), 2);
    let all: String = files
        .iter()
        .map(|f| fs::read_to_string(f).unwrap())
        .collect();
    assert!(
        !all.contains("Cleo"),
        "no birthday in the task list:\n{all}"
    );
    assert!(!all.contains("kith-follow-up-"), "UIDs are UUIDs:\n{all}");
    let bo = fs::read_to_string(task_with(&tasks, "Bo Li")).unwrap();
    assert!(bo.contains("RRULE:FREQ=WEEKLY;INTERVAL=2\r\n"), "{bo}");
    assert!(bo.contains("DUE;VALUE=DATE:20261120\r\n"), "{bo}");
    assert!(bo.contains("X-KITH-PERSON:"), "{bo}");
    // Files are named after their UID and private to their user.
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        let stem = f.file_stem().unwrap().to_str().unwrap();
        assert!(text.contains(&format!("UID:{stem}\r\n")), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(f).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
    // A second push and a pull change nothing: no file is rewritten.
    let before: Vec<_> = files
        .iter()
        .map(|f| fs::metadata(f).unwrap().modified().unwrap())
        .collect();
    let counts = env.counts();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = env.ok(&["vdir", "push", "--tasks", tasks.to_str().unwrap()]);
    assert!(out.contains("0 added, 0 updated, 0 deleted"), "{out}");
    let out = env.ok(&["vdir", "pull", "--tasks", tasks.to_str().unwrap()]);
    assert!(out.contains("0 added, 0 updated, 0 deleted"), "{out}");
    let after: Vec<_> = files
        .iter()
        .map(|f| fs::metadata(f).unwrap().modified().unwrap())
        .collect();
    assert_eq!(before, after);
    assert_eq!(counts, env.counts());
    let out = env.ok(&["vdir", "status", "--tasks", tasks.to_str().unwrap()]);
    assert_eq!(
        out.matches("0 added, 0 updated, 0 deleted, 0 in conflict")
            .count(),
        2,
        "{out}"
    );
}

#[test]
fn a_task_ticked_elsewhere_is_done_and_a_repeating_one_comes_back_on_its_next_date() {
    let env = store_with_follow_ups();
    let tasks = env.dir.path().join("tasks");
    let t = tasks.to_str().unwrap();
    env.ok(&["vdir", "push", "--tasks", t]);
    assert_eq!(
        due_bodies(&env),
        ["call about the job", "send the WAL slides"]
    );
    // A phone ticks Anna's task with STATUS, todoman ticks Bo's with COMPLETED only.
    edit(
        &task_with(&tasks, "Anna"),
        "STATUS:NEEDS-ACTION",
        "STATUS:COMPLETED",
    );
    edit(
        &task_with(&tasks, "Bo Li"),
        "END:VALARM\r\n",
        "END:VALARM\r\nCOMPLETED:20261122T093000Z\r\n",
    );
    let out = env.ok(&["vdir", "pull", "--tasks", t]);
    assert!(out.contains("2 deleted"), "{out}");
    assert!(out.contains("next on 2026-12-06"), "{out}");
    assert!(due_bodies(&env).is_empty());
    // Bo's next one is due 14 days on, as `d` on Today would schedule it.
    let show = env.json(&["show", "bo", "--json"]);
    let open: Vec<_> = show["reminders"].as_array().unwrap().iter().collect();
    assert_eq!(open.len(), 1, "{show}");
    assert_eq!(open[0]["due_on"], "2026-12-06");
    // The push writes the next one as a new task, and the done ones stay completed.
    let out = env.ok(&["vdir", "push", "--tasks", t]);
    assert!(out.contains("1 added"), "{out}");
    assert_eq!(task_files(&tasks).len(), 3);
    let next = task_with(&tasks, "DUE;VALUE=DATE:20261206");
    assert!(fs::read_to_string(next)
        .unwrap()
        .contains("STATUS:NEEDS-ACTION"));
    // Pulled again: nothing more happens.
    let out = env.ok(&["vdir", "pull", "--tasks", t]);
    assert!(out.contains("0 added, 0 updated, 0 deleted"), "{out}");
    // Undo brings both back.
    env.ok(&["undo"]);
    assert_eq!(
        due_bodies(&env),
        ["call about the job", "send the WAL slides"]
    );
}

#[test]
fn a_moved_due_date_snoozes_and_a_deleted_task_is_done() {
    let env = store_with_follow_ups();
    let tasks = env.dir.path().join("tasks");
    let t = tasks.to_str().unwrap();
    env.ok(&["vdir", "push", "--tasks", t]);
    edit(
        &task_with(&tasks, "Anna"),
        "DUE;VALUE=DATE:20261122",
        "DUE:20261201T090000Z",
    );
    fs::remove_file(task_with(&tasks, "Bo Li")).unwrap();
    let out = env.ok(&["vdir", "pull", "--tasks", t]);
    assert!(out.contains("now shows on 2026-12-01"), "{out}");
    assert!(out.contains("its task was deleted"), "{out}");
    assert!(due_bodies(&env).is_empty());
    let anna = env.json(&["show", "anna", "--json"]);
    assert_eq!(
        anna["reminders"][0]["snoozed_until"], "2026-12-01",
        "{anna}"
    );
    // A deleted repeating task ends its series: it does not come back.
    let bo = env.json(&["show", "bo", "--json"]);
    assert_eq!(bo["reminders"].as_array().unwrap().len(), 0, "{bo}");
    // The push leaves the phone's DATE-TIME as it is (same day).
    let out = env.ok(&["vdir", "push", "--tasks", t]);
    assert!(out.contains("0 added, 0 updated, 0 deleted"), "{out}");
    assert_eq!(task_files(&tasks).len(), 1);
}

#[test]
fn a_push_edits_the_task_it_saw_and_keeps_a_phones_own_lines() {
    let env = store_with_follow_ups();
    let tasks = env.dir.path().join("tasks");
    let t = tasks.to_str().unwrap();
    env.ok(&["vdir", "push", "--tasks", t]);
    let anna = task_with(&tasks, "Anna");
    edit(
        &anna,
        "STATUS:NEEDS-ACTION\r\n",
        "STATUS:NEEDS-ACTION\r\nCATEGORIES:work,slides\r\nX-APPLE-SORT-ORDER:12345\r\nX-TASKS-ORG-ORDER:\r\n 9\r\n",
    );
    env.ok(&["vdir", "pull", "--tasks", t]);
    // Done in Kith: the task is written completed, with every line it had.
    let id = env.json(&["show", "anna", "--json"])["reminders"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    env.ok(&["done", &id]);
    let out = env.ok(&["vdir", "push", "--tasks", t]);
    assert!(out.contains("1 updated"), "{out}");
    let text = fs::read_to_string(&anna).unwrap();
    for kept in [
        "CATEGORIES:work,slides\r\n",
        "X-APPLE-SORT-ORDER:12345\r\n",
        "X-TASKS-ORG-ORDER:\r\n 9\r\n",
        "TRIGGER;RELATED=END:PT9H\r\n",
    ] {
        assert!(text.contains(kept), "{kept:?} kept in\n{text}");
    }
    assert!(text.contains("STATUS:COMPLETED\r\n"), "{text}");
    assert!(text.contains("PERCENT-COMPLETE:100\r\n"), "{text}");
    assert!(!text.contains("NEEDS-ACTION"), "{text}");
    assert_eq!(task_files(&tasks).len(), 2, "never renamed, never removed");
}

#[test]
fn follow_ups_reach_a_second_store_with_the_same_uids_and_no_duplicate() {
    let a = store_with_follow_ups();
    let tasks_a = a.dir.path().join("tasks");
    a.ok(&["vdir", "push", "--tasks", tasks_a.to_str().unwrap()]);
    // Device B knows the same people (their cards carry the same UIDs).
    let export = a.dir.path().join("people.json");
    a.ok(&["export", "--format", "json", "-o", export.to_str().unwrap()]);
    let b = Env::new();
    b.ok(&["import", export.to_str().unwrap()]);
    let conn = rusqlite::Connection::open(&b.db).unwrap();
    conn.execute("DELETE FROM reminder", []).unwrap();
    drop(conn);
    // vdirsyncer copies the task files to B's folder.
    let tasks_b = b.dir.path().join("tasks");
    fs::create_dir_all(&tasks_b).unwrap();
    for f in task_files(&tasks_a) {
        fs::copy(&f, tasks_b.join(f.file_name().unwrap())).unwrap();
    }
    let out = b.ok(&["vdir", "pull", "--tasks", tasks_b.to_str().unwrap()]);
    assert!(out.contains("2 added"), "{out}");
    assert_eq!(
        due_bodies(&b),
        ["call about the job", "send the WAL slides"]
    );
    assert_eq!(uids(&a.db), uids(&b.db));
    let bo = b.json(&["show", "bo", "--json"]);
    assert_eq!(bo["reminders"][0]["repeat_days"], 14, "{bo}");
    // Nothing doubles, and B has nothing to write back.
    let out = b.ok(&["vdir", "pull", "--tasks", tasks_b.to_str().unwrap()]);
    assert!(out.contains("0 added, 0 updated, 0 deleted"), "{out}");
    let out = b.ok(&["vdir", "push", "--tasks", tasks_b.to_str().unwrap()]);
    assert!(out.contains("0 added, 0 updated, 0 deleted"), "{out}");
    assert_eq!(due_bodies(&b).len(), 2);
}

#[test]
fn a_new_task_for_a_known_person_becomes_a_follow_up_and_other_tasks_are_left_alone() {
    let env = store_with_follow_ups();
    let tasks = env.dir.path().join("tasks");
    let t = tasks.to_str().unwrap();
    env.ok(&["vdir", "push", "--tasks", t]);
    let anna_uid: String = rusqlite::Connection::open(&env.db)
        .unwrap()
        .query_row(
            "SELECT uid FROM person WHERE name = 'Anna de Vries'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let task = |uid: &str, extra: &str| {
        format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//EN\r\nBEGIN:VTODO\r\nUID:{uid}\r\nDTSTAMP:20261122T080000Z\r\n{extra}END:VTODO\r\nEND:VCALENDAR\r\n")
    };
    fs::write(
        tasks.join("phone-1.ics"),
        task("phone-1", &format!("SUMMARY:ask about the offsite\r\nDUE;VALUE=DATE:20261125\r\nX-KITH-PERSON:{anna_uid}\r\n")),
    )
    .unwrap();
    fs::write(
        tasks.join("phone-2.ics"),
        task(
            "phone-2@example.com",
            "SUMMARY:Bo Li: thank for the intro\r\n",
        ),
    )
    .unwrap();
    fs::write(
        tasks.join("groceries.ics"),
        task("groceries", "SUMMARY:buy milk\r\n"),
    )
    .unwrap();
    fs::write(
        tasks.join("old.ics"),
        task("old", "SUMMARY:Bo Li: long done\r\nSTATUS:COMPLETED\r\n"),
    )
    .unwrap();
    fs::write(
        tasks.join("broken.ics"),
        "BEGIN:VCALENDAR\r\nnot a task\r\n",
    )
    .unwrap();
    let out = env
        .kith()
        .args(["vdir", "pull", "--tasks", t])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("2 added"), "{stdout}");
    assert!(stderr.contains("broken.ics: no VTODO in it"), "{stderr}");
    let anna = env.json(&["show", "anna", "--json"]);
    let bodies: Vec<&str> = anna["reminders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["body"].as_str().unwrap())
        .collect();
    assert!(bodies.contains(&"ask about the offsite"), "{anna}");
    let bo = env.json(&["show", "bo", "--json"]);
    assert!(bo.to_string().contains("thank for the intro"), "{bo}");
    assert_eq!(
        env.json(&["search", "milk", "--json"]),
        serde_json::json!([])
    );
    assert!(!bo.to_string().contains("long done"));
    // Kith's push does not rewrite the phone's new tasks, nor touch the others.
    let milk = fs::read_to_string(tasks.join("groceries.ics")).unwrap();
    let out = env.ok(&["vdir", "push", "--tasks", t]);
    assert!(out.contains("0 added"), "{out}");
    assert_eq!(
        fs::read_to_string(tasks.join("groceries.ics")).unwrap(),
        milk
    );
    assert!(tasks.join("broken.ics").exists());
}

#[test]
fn a_task_changed_between_pull_and_push_waits_for_the_next_run() {
    let env = store_with_follow_ups();
    let tasks = env.dir.path().join("tasks");
    let t = tasks.to_str().unwrap();
    env.ok(&["vdir", "push", "--tasks", t]);
    env.ok(&["vdir", "pull", "--tasks", t]);
    // Kith moves Anna's follow-up while the phone ticks it.
    let id = env.json(&["show", "anna", "--json"])["reminders"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    env.ok(&["snooze", &id, "--until", "2026-11-30"]);
    let anna = task_with(&tasks, "Anna");
    edit(&anna, "STATUS:NEEDS-ACTION", "STATUS:COMPLETED");
    let out = env
        .kith()
        .args(["vdir", "push", "--tasks", t])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("changed since the last pull"), "{stderr}");
    assert!(fs::read_to_string(&anna)
        .unwrap()
        .contains("STATUS:COMPLETED"));
    // The next run takes the phone's tick in.
    env.ok(&["vdir", "pull", "--tasks", t]);
    assert_eq!(due_bodies(&env), ["call about the job"]);
    env.ok(&["vdir", "push", "--tasks", t]);
    let out = env.ok(&["vdir", "status", "--tasks", t]);
    assert_eq!(
        out.matches("0 added, 0 updated, 0 deleted").count(),
        2,
        "{out}"
    );
}

#[test]
fn a_deleted_follow_up_or_person_takes_its_task_away_and_an_archive_closes_nothing() {
    let env = store_with_follow_ups();
    let tasks = env.dir.path().join("tasks");
    let t = tasks.to_str().unwrap();
    env.ok(&["vdir", "push", "--tasks", t]);
    // Archived, Anna keeps her open follow-up: it is hidden in Kith, not done.
    env.ok(&["archive", "anna"]);
    let out = env.ok(&["vdir", "push", "--tasks", t]);
    assert!(out.contains("0 added, 0 updated, 0 deleted"), "{out}");
    env.ok(&["unarchive", "anna"]);
    // Deleted for good, Bo's task goes; a follow-up removed, Anna's too.
    env.ok(&["rm", "person", "bo", "--yes"]);
    let id = env.json(&["show", "anna", "--json"])["reminders"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    env.ok(&["rm", "follow-up", &id]);
    let out = env.ok(&["vdir", "push", "--tasks", t]);
    assert!(out.contains("2 deleted"), "{out}");
    assert!(task_files(&tasks).is_empty());
    // Undone, it comes back under its own UID.
    env.ok(&["undo"]);
    env.ok(&["vdir", "push", "--tasks", t]);
    assert_eq!(task_files(&tasks).len(), 1);
    let out = env.ok(&["vdir", "pull", "--tasks", t]);
    assert!(out.contains("0 added, 0 updated, 0 deleted"), "{out}");
    assert_eq!(due_bodies(&env), ["send the WAL slides"]);
}

/// `kith sync setup` in a config folder of its own, with a stand-in for vdirsyncer.
fn set_up(env: &Env, vdirsyncer: &str) -> PathBuf {
    let config = env.dir.path().join("config");
    let out = env
        .kith()
        .env("KITH_CONFIG", config.join("config.toml"))
        .env("KITH_VDIRSYNCER", vdirsyncer)
        .args([
            "sync",
            "setup",
            "--tasks-url",
            "https://dav.example/me/follow-ups/",
            "--username",
            "me",
            "--password-command",
            "pass show 'dav/my kith'",
            "--no-discover",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    config
}

fn script(env: &Env, name: &str, body: &str) -> String {
    let path = env.dir.path().join(name);
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.to_str().unwrap().to_string()
}

#[test]
fn sync_setup_writes_a_private_config_with_a_password_command_and_no_password() {
    let env = store_with_follow_ups();
    let config = set_up(&env, "vdirsyncer");
    let text = fs::read_to_string(config.join("vdirsyncer.conf")).unwrap();
    assert!(
        text.contains(r#"password.fetch = ["command", "pass", "show", "dav/my kith"]"#),
        "{text}"
    );
    assert!(
        text.contains(r#"url = "https://dav.example/me/follow-ups/""#),
        "{text}"
    );
    assert!(text.contains(r#"item_types = ["VTODO"]"#), "{text}");
    assert!(
        !text.contains("carddav"),
        "no contacts pair without a contacts URL:\n{text}"
    );
    let tasks = env.db.parent().unwrap().join("vdir").join("tasks");
    assert!(
        text.contains(&format!("path = \"{}/\"", tasks.display())),
        "{text}"
    );
    assert!(tasks.is_dir());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in ["vdirsyncer.conf", "sync.toml"] {
            let mode = fs::metadata(config.join(f)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{f}");
        }
        assert_eq!(
            fs::metadata(&tasks).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }
    // Set up already: replaced only with --force; a bad URL is refused.
    let again = env
        .kith()
        .env("KITH_CONFIG", config.join("config.toml"))
        .args([
            "sync",
            "setup",
            "--tasks-url",
            "https://x.example/",
            "--no-discover",
        ])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let bad = env
        .kith()
        .env("KITH_CONFIG", config.join("config.toml"))
        .args([
            "sync",
            "setup",
            "--tasks-url",
            "dav.example",
            "--force",
            "--no-discover",
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not an http(s) URL"));
}

#[test]
fn sync_says_clearly_when_vdirsyncer_is_missing_or_fails_or_nothing_is_set_up() {
    let env = store_with_follow_ups();
    let none = env
        .kith()
        .env(
            "KITH_CONFIG",
            env.dir.path().join("none").join("config.toml"),
        )
        .arg("sync")
        .output()
        .unwrap();
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("run kith sync setup first"));

    let config = set_up(&env, "vdirsyncer");
    let run = |vdirsyncer: &str| {
        env.kith()
            .env("KITH_CONFIG", config.join("config.toml"))
            .env("KITH_VDIRSYNCER", vdirsyncer)
            .arg("sync")
            .output()
            .unwrap()
    };
    let missing = run("/nonexistent/vdirsyncer");
    assert!(!missing.status.success());
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(err.contains("is not installed or not on the PATH"), "{err}");
    let failing = script(
        &env,
        "failing",
        "echo 'error: Unknown error occurred: 401 Unauthorized' >&2\nexit 1",
    );
    let failed = run(&failing);
    assert!(!failed.status.success());
    let err = String::from_utf8_lossy(&failed.stderr);
    assert!(err.contains("vdirsyncer sync failed"), "{err}");
    assert!(
        err.contains("401 Unauthorized"),
        "vdirsyncer's words are shown: {err}"
    );
    // The first step ran before it: the follow-ups wait in the folder.
    assert!(err.contains("kith sync 2/5"), "{err}");
    // A working vdirsyncer (here one that carries nothing): the rest runs.
    let ok = run(&script(&env, "ok", "echo 'Syncing kith_tasks' >&2"));
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(out.contains("Written for the server: 2 added"), "{out}");
    assert!(String::from_utf8_lossy(&ok.stderr).contains("kith sync 5/5"));
}

#[test]
fn a_second_sync_waits_for_the_first() {
    let env = store_with_follow_ups();
    let slow = script(&env, "slow", "sleep 1");
    let config = set_up(&env, &slow);
    let start = |name: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
            .env("KITH_DB", &env.db)
            .env("KITH_TODAY", common::TODAY)
            .env("KITH_CONFIG", config.join("config.toml"))
            .env("KITH_VDIRSYNCER", &slow)
            .arg("sync")
            .stdout(std::process::Stdio::piped())
            .stderr(fs::File::create(env.dir.path().join(name)).unwrap())
            .spawn()
            .unwrap()
    };
    let first = start("first.err");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let second = start("second.err");
    let (a, b) = (
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    );
    assert!(a.status.success() && b.status.success());
    let said = fs::read_to_string(env.dir.path().join("second.err")).unwrap();
    assert!(said.contains("Another kith sync is running"), "{said}");
    // One of them wrote the tasks, the other found nothing left to write.
    let outs = [
        String::from_utf8_lossy(&a.stdout),
        String::from_utf8_lossy(&b.stdout),
    ];
    assert!(
        outs[0].contains("Written for the server: 2 added"),
        "{}",
        outs[0]
    );
    assert!(
        outs[1].contains("Written for the server: 0 added"),
        "{}",
        outs[1]
    );
    assert_eq!(
        task_files(&env.db.parent().unwrap().join("vdir").join("tasks")).len(),
        2
    );
}
