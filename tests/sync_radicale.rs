//! Two devices and a phone around one CardDAV/CalDAV server: a throwaway
//! Radicale per test, each device a Kith store with its own vdirsyncer
//! config (`kith sync setup`), and `curl` writing with `If-Match` as the
//! phone. Needs radicale, vdirsyncer and curl (`.ci/run` installs them).

#[path = "common/radicale.rs"]
mod radicale;

use std::process::Stdio;
use std::time::Duration;

use radicale::{files_with_times, Device, Radicale};

/// Anna with a follow-up due today, Bo with one every 14 days (overdue).
fn device_a(server: &Radicale) -> Device {
    let a = Device::new(server);
    a.ok(&["add", "Anna de Vries", "--email", "anna@acme.example"]);
    a.ok(&["add", "Bo Li", "--phone", "+31 6 1234 5678"]);
    a.ok(&["add", "Cleo Park", "--birthday", "1990-11-23"]);
    a.ok(&[
        "remind",
        "anna",
        "send the WAL slides",
        "--on",
        "2026-11-22",
    ]);
    a.ok(&[
        "remind",
        "bo",
        "call about the job",
        "--on",
        "2026-11-20",
        "--every",
        "14d",
    ]);
    a
}

/// Device B, new: it learns A's people from their cards on its first sync.
fn device_b(server: &Radicale) -> Device {
    Device::new(server)
}

fn due(d: &Device) -> Vec<String> {
    let t = d.json(&["today", "--json"]);
    let mut out: Vec<String> = ["overdue", "due"]
        .iter()
        .flat_map(|k| t[k].as_array().unwrap().clone())
        .map(|r| {
            format!(
                "{}: {}",
                r["person"].as_str().unwrap_or("-"),
                r["body"].as_str().unwrap()
            )
        })
        .collect();
    out.sort();
    out
}

/// (uid, body, due_on, done) of every follow-up of a store.
fn follow_ups(d: &Device) -> Vec<(String, String, String, bool)> {
    let conn = rusqlite::Connection::open(&d.db).unwrap();
    let mut st = conn
        .prepare("SELECT uid, body, due_on, done_at IS NOT NULL FROM reminder ORDER BY uid")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn quiet(report: &str) -> bool {
    report.contains("In Kith: 0 added, 0 updated, 0 deleted, 0 in conflict.")
        && report.contains("Written for the server: 0 added, 0 updated, 0 deleted")
        && report.contains(
            "vdirsyncer: 0 uploaded, 0 deleted on the server; 0 downloaded, 0 deleted here.",
        )
}

/// 1 and 2: follow-ups made on A reach B once, with their UIDs, and a second
/// sync changes nothing anywhere.
#[test]
fn follow_ups_reach_the_other_device_once_and_a_second_sync_changes_nothing() {
    if !radicale::tools() {
        return;
    }
    let server = Radicale::start();
    let a = device_a(&server);
    let out = a.sync();
    assert!(out.contains("Written for the server: 5 added"), "{out}");
    assert!(out.contains("vdirsyncer: 5 uploaded"), "{out}");
    let b = device_b(&server);
    let out = b.sync();
    // Three people from their cards, two follow-ups from their tasks.
    assert!(out.contains("In Kith: 5 added"), "{out}");
    assert_eq!(due(&b), due(&a));
    assert_eq!(
        due(&b),
        [
            "Anna de Vries: send the WAL slides",
            "Bo Li: call about the job"
        ]
    );
    assert_eq!(follow_ups(&a), follow_ups(&b));
    // The server holds one task per follow-up, and no birthday.
    let phone = server.phone();
    assert_eq!(phone.list("followups").len(), 2);
    assert!(phone.find("followups", "Cleo").is_empty());
    // Again, on both: nothing uploaded, downloaded or rewritten.
    let before = (
        files_with_times(&a.tasks_dir()),
        files_with_times(&b.tasks_dir()),
    );
    std::thread::sleep(Duration::from_millis(20));
    for d in [&a, &b, &a] {
        let out = d.sync();
        assert!(quiet(&out), "{out}");
    }
    assert_eq!(
        before,
        (
            files_with_times(&a.tasks_dir()),
            files_with_times(&b.tasks_dir())
        )
    );
    assert_eq!(follow_ups(&a), follow_ups(&b));
}

/// 10: a follow-up completed on the phone leaves Today on both devices; a
/// repeating one comes back on its next date, one task for both; UIDs never collide.
#[test]
fn a_follow_up_ticked_on_the_phone_leaves_today_on_both_devices() {
    if !radicale::tools() {
        return;
    }
    let server = Radicale::start();
    let a = device_a(&server);
    a.sync();
    let b = device_b(&server);
    b.sync();
    // B adds one of its own; no UID collides with A's.
    b.ok(&["remind", "anna", "book the venue", "--on", "2026-11-22"]);
    b.sync();
    a.sync();
    let uids: Vec<String> = follow_ups(&a).into_iter().map(|f| f.0).collect();
    assert_eq!(uids.len(), 3);
    assert_eq!(follow_ups(&a), follow_ups(&b));
    // The phone ticks Anna's slides and Bo's call, as a phone does: the
    // item it read, changed, written back over its etag.
    let phone = server.phone();
    for needle in ["send the WAL slides", "call about the job"] {
        let found = phone.find("followups", needle);
        assert_eq!(found.len(), 1, "{needle}");
        let (href, text, etag) = &found[0];
        let ticked = text.replace(
            "STATUS:NEEDS-ACTION",
            "STATUS:COMPLETED\r\nCOMPLETED:20261122T101500Z\r\nX-PHONE-ONLY:kept",
        );
        assert_eq!(phone.put(href, &ticked, etag), 204, "{href}");
    }
    let out = a.sync();
    assert!(
        out.contains("In Kith: 0 added, 0 updated, 2 deleted"),
        "{out}"
    );
    assert_eq!(due(&a), ["Anna de Vries: book the venue"]);
    let out = b.sync();
    assert!(out.contains("2 deleted"), "{out}");
    assert_eq!(due(&b), ["Anna de Vries: book the venue"]);
    // Bo's call comes back 14 days on, on both, as one task.
    for d in [&a, &b] {
        let bo = d.json(&["show", "bo", "--json"]);
        let open = bo["reminders"].as_array().unwrap();
        assert_eq!(open.len(), 1, "{bo}");
        assert_eq!(open[0]["due_on"], "2026-12-06");
    }
    a.sync();
    b.sync();
    assert_eq!(follow_ups(&a), follow_ups(&b));
    let next = phone.find("followups", "20261206");
    assert_eq!(next.len(), 1, "one next task for both devices");
    assert!(next[0].1.contains("STATUS:NEEDS-ACTION"));
    // The ticked tasks stay completed on the server, with the phone's own line.
    let ticked = phone.find("followups", "X-PHONE-ONLY:kept");
    assert_eq!(ticked.len(), 2);
    assert!(ticked
        .iter()
        .all(|(_, t, _)| t.contains("STATUS:COMPLETED")));
    assert_eq!(phone.list("followups").len(), 4);
    let mut all: Vec<String> = follow_ups(&a).into_iter().map(|f| f.0).collect();
    all.dedup();
    assert_eq!(all.len(), 4, "UIDs never collide");
    for d in [&a, &b] {
        assert!(quiet(&d.sync()));
    }
}

/// 11: a push killed at any moment leaves no partial file, and the next
/// sync converges: every follow-up once on the server.
#[test]
fn a_push_killed_midway_leaves_no_partial_file_and_the_next_sync_converges() {
    if !radicale::tools() {
        return;
    }
    let server = Radicale::start();
    let a = Device::new(&server);
    a.ok(&["add", "Anna de Vries"]);
    let conn = rusqlite::Connection::open(&a.db).unwrap();
    let open = 60i64;
    for i in 0..open {
        conn.execute(
            "INSERT INTO reminder (person_id, body, due_on, created_at)
             VALUES (1, ?1, '2026-11-25', '2026-11-22T10:00:00Z')",
            [format!("follow-up {i} with a longer text to write out")],
        )
        .unwrap();
    }
    drop(conn);
    let tasks = a.tasks_dir();
    let t = tasks.to_str().unwrap();
    for delay in [5u64, 15, 40, 80] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(["vdir", "push", "--tasks", t])
            .env("KITH_DB", &a.db)
            .env("KITH_TODAY", &a.today)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        for f in std::fs::read_dir(&tasks).unwrap() {
            let p = f.unwrap().path();
            if p.extension().is_some_and(|e| e == "ics") {
                let text = std::fs::read_to_string(&p).unwrap();
                assert!(
                    text.ends_with("END:VCALENDAR\r\n"),
                    "{} is whole",
                    p.display()
                );
            }
        }
    }
    a.sync();
    let out = a.sync();
    assert!(quiet(&out), "{out}");
    let phone = server.phone();
    assert_eq!(phone.list("followups").len() as i64, open);
    let mut uids: Vec<String> = follow_ups(&a).into_iter().map(|f| f.0).collect();
    uids.dedup();
    assert_eq!(uids.len() as i64, open);
}
