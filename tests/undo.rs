//! Undo through the real binary: every kind of change, then as many undos,
//! leaves the JSON export byte-identical — each command a fresh process, so
//! the undo log is read back from the store after every restart.

mod common;

use common::Env;

/// A small seeded generator (xorshift), so a failing run can be replayed
/// with the same KITH_UNDO_SEED.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<T: Clone>(&mut self, xs: &[T]) -> Option<T> {
        if xs.is_empty() {
            None
        } else {
            Some(xs[self.below(xs.len())].clone())
        }
    }
}

fn ids(env: &Env, sql: &str) -> Vec<i64> {
    let conn = rusqlite::Connection::open(&env.db).expect("open store");
    let mut st = conn.prepare(sql).expect("prepare");
    let rows = st.query_map([], |r| r.get(0)).expect("query");
    rows.map(|r| r.expect("row")).collect()
}

fn steps(env: &Env) -> i64 {
    ids(env, "SELECT count(*) FROM undo_step")[0]
}

fn export(env: &Env) -> String {
    env.ok(&["export", "--format", "json"])
}

const KINDS: [&str; 7] = ["note", "met", "talk", "gave", "learned", "asked", "promise"];

/// One random change of kind `which`, as the arguments of a `kith` command;
/// `None` when there is nothing to apply it to yet.
fn change(env: &Env, rng: &mut Rng, which: usize, n: usize) -> Option<Vec<String>> {
    let live = ids(
        env,
        "SELECT id FROM person WHERE archived_at IS NULL ORDER BY id",
    );
    let person = |rng: &mut Rng| rng.pick(&live).map(|id| format!("#{id}"));
    let open = ids(
        env,
        "SELECT id FROM reminder WHERE done_at IS NULL ORDER BY id",
    );
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let day = |rng: &mut Rng| format!("2026-12-{:02}", 1 + rng.below(27));
    Some(match which {
        0 => {
            let events = ids(env, "SELECT id FROM event ORDER BY id");
            let mut a = s(&["add", &format!("Person {n} Random"), "--email"]);
            a.push(format!("p{n}@example.org"));
            if let Some(e) = rng.pick(&events) {
                let name = env.ok(&["event", "list", "--json"]);
                let v: serde_json::Value = serde_json::from_str(&name).ok()?;
                let ev = v.as_array()?.iter().find(|x| x["event"]["id"] == e)?;
                a.extend(s(&["--event", ev["event"]["name"].as_str()?]));
                a.extend(s(&[
                    "--note",
                    "talked about undo",
                    "--follow-up",
                    &day(rng),
                ]));
            }
            a
        }
        1 => {
            let kind = KINDS[rng.below(KINDS.len())];
            s(&["log", &person(rng)?, &format!("note {n}"), "--kind", kind])
        }
        2 => {
            let mut a = s(&[
                "remind",
                &person(rng)?,
                &format!("follow-up {n}"),
                "--on",
                &day(rng),
            ]);
            if rng.below(2) == 0 {
                a.extend(s(&["--every", "2w"]));
            }
            a
        }
        3 => {
            let id = rng.pick(&open)?.to_string();
            if rng.below(2) == 0 {
                s(&["done", &id, "--gave"])
            } else {
                s(&["done", &id])
            }
        }
        4 => match rng.below(2) {
            0 => s(&[
                "snooze",
                &rng.pick(&open)?.to_string(),
                "--until",
                &day(rng),
            ]),
            _ => s(&["snooze", &person(rng)?, "--until", &day(rng)]),
        },
        5 => {
            let note = rng
                .pick(&ids(env, "SELECT id FROM note ORDER BY id"))?
                .to_string();
            let kind = KINDS[rng.below(KINDS.len())];
            s(&[
                "edit",
                "note",
                &note,
                "--body",
                &format!("edited {n}"),
                "--kind",
                kind,
            ])
        }
        6 => s(&[
            "edit",
            "reminder",
            &rng.pick(&open)?.to_string(),
            "--text",
            &format!("changed {n}"),
            "--on",
            &day(rng),
            "--every",
            "none",
        ]),
        7 => {
            let m = rng
                .pick(&ids(env, "SELECT id FROM meeting ORDER BY id"))?
                .to_string();
            s(&[
                "edit",
                "meeting",
                &m,
                "--at",
                &format!("Place {n}"),
                "--on",
                &day(rng),
            ])
        }
        8 => {
            let e = rng
                .pick(&ids(env, "SELECT id FROM event ORDER BY id"))?
                .to_string();
            s(&[
                "edit",
                "event",
                &e,
                "--name",
                &format!("Event {n}"),
                "--at",
                "",
            ])
        }
        9 => {
            let c = rng
                .pick(&ids(env, "SELECT id FROM contact_point ORDER BY id"))?
                .to_string();
            s(&["edit", "contact", &c, "--label", &format!("label {n}")])
        }
        10 => s(&[
            "edit",
            "person",
            &person(rng)?,
            "--title",
            &format!("Title {n}"),
            "--tags",
            "undo,test",
            "--add-phone",
            &format!("+31 6 {n:04}"),
        ]),
        11 => match rng.below(6) {
            0 => s(&[
                "rm",
                "note",
                &rng.pick(&ids(env, "SELECT id FROM note"))?.to_string(),
            ]),
            1 => s(&[
                "rm",
                "reminder",
                &rng.pick(&ids(env, "SELECT id FROM reminder"))?.to_string(),
            ]),
            2 => s(&[
                "rm",
                "meeting",
                &rng.pick(&ids(env, "SELECT id FROM meeting"))?.to_string(),
            ]),
            3 => s(&[
                "rm",
                "event",
                &rng.pick(&ids(env, "SELECT id FROM event"))?.to_string(),
            ]),
            4 => s(&[
                "rm",
                "contact",
                &rng.pick(&ids(env, "SELECT id FROM contact_point"))?
                    .to_string(),
            ]),
            _ => s(&["rm", "person", &person(rng)?, "--yes"]),
        },
        12 => {
            let archived = ids(env, "SELECT id FROM person WHERE archived_at IS NOT NULL");
            match rng.pick(&archived) {
                Some(id) if rng.below(2) == 0 => s(&["unarchive", &format!("#{id}")]),
                _ => s(&["archive", &person(rng)?]),
            }
        }
        13 => {
            let keep = person(rng)?;
            let dup = person(rng)?;
            if keep == dup {
                return None;
            }
            s(&["merge", &keep, &dup])
        }
        14 => {
            let every = ["30d", "2w", "3m", "none"][rng.below(4)];
            s(&["cadence", &person(rng)?, every])
        }
        15 => s(&["bump", &person(rng)?]),
        16 => {
            // Cards for new people and for people already in the store (updated).
            let path = env.dir.path().join(format!("import-{n}.vcf"));
            let mut vcf = String::new();
            for i in 0..3 {
                vcf.push_str(&format!(
                    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Imported {n} {i}\r\nEMAIL:imp{n}.{i}@example.net\r\nORG:Corp {i}\r\nEND:VCARD\r\n"
                ));
            }
            let known = env.json(&["list", "--json", "--limit", "200"]);
            if let Some(p) = known.as_array().and_then(|a| rng.pick(a)) {
                vcf.push_str(&format!(
                    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nTEL:+49 30 {n:05}\r\nTITLE:Imported title\r\nEND:VCARD\r\n",
                    p["name"].as_str()?
                ));
            }
            std::fs::write(&path, vcf).ok()?;
            vec!["import".into(), path.display().to_string()]
        }
        _ => s(&[
            "event",
            "add",
            &format!("Meetup {n}"),
            "--on",
            &day(rng),
            "--at",
            "Berlin",
        ]),
    })
}

const CHANGES: usize = 30;
const KIND_COUNT: usize = 18;

#[test]
fn thirty_random_changes_then_thirty_undos_leave_the_export_byte_identical() {
    let seed = std::env::var("KITH_UNDO_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026_u64);
    let env = Env::new();
    env.ok(&["demo", "--people", "12"]);
    env.ok(&[
        "event",
        "add",
        "RustConf",
        "--on",
        "2026-11-01",
        "--at",
        "Amsterdam",
    ]);
    let before = export(&env);
    let base = steps(&env);
    let mut rng = Rng(seed);
    let mut done: Vec<Vec<String>> = Vec::new();
    let mut kinds_seen = [false; KIND_COUNT];
    let mut n = 0;
    // Every kind once (in a random order), then random kinds.
    let mut order: Vec<usize> = (0..KIND_COUNT).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    while done.len() < CHANGES {
        n += 1;
        assert!(n < 500, "could not make {CHANGES} changes (seed {seed})");
        // Kinds that could not be applied yet (nothing to apply them to, or
        // refused) come first until each has been done once.
        let unseen: Vec<usize> = (0..KIND_COUNT).filter(|k| !kinds_seen[*k]).collect();
        let which = match order.get(n - 1) {
            Some(k) => *k,
            None if !unseen.is_empty() => unseen[rng.below(unseen.len())],
            None => rng.below(KIND_COUNT),
        };
        let Some(args) = change(&env, &mut rng, which, n) else {
            continue;
        };
        let steps_before = steps(&env);
        let out = env.kith().args(&args).output().expect("run kith");
        // A refused change (a follow-up already done) writes nothing: no step.
        if !out.status.success() {
            assert_eq!(steps(&env), steps_before, "failed {args:?} left a step");
            continue;
        }
        if steps(&env) == steps_before + 1 {
            kinds_seen[which] = true;
            done.push(args);
        }
    }
    let missing: Vec<usize> = (0..KIND_COUNT).filter(|k| !kinds_seen[*k]).collect();
    assert!(
        missing.is_empty(),
        "kinds never applied: {missing:?} (seed {seed})"
    );
    assert_eq!(steps(&env), base + CHANGES as i64);
    for _ in 0..CHANGES {
        let said = env.ok(&["undo"]);
        assert!(said.starts_with("Undid: "), "{said}");
    }
    let after = export(&env);
    assert!(
        before == after,
        "export differs after undoing {done:#?} (seed {seed})"
    );
    env.kith().arg("check").assert().success();
}

/// Each kind of record is changed and deleted through the binary by the id
/// `kith show --json` gives it; an archived person is absent from Today,
/// search and lists until restored; `kith rm person` asks unless --yes.
#[test]
fn each_record_is_edited_and_deleted_and_an_archived_person_is_hidden() {
    let env = Env::new();
    env.ok(&[
        "event",
        "add",
        "RustConf",
        "--on",
        "2026-11-01",
        "--at",
        "Amsterdam",
    ]);
    env.ok(&[
        "add",
        "Anna de Vries",
        "--email",
        "anna@acme.example",
        "--event",
        "RustConf",
        "--note",
        "talked about SQLite",
        "--follow-up",
        "2026-11-20",
        "--follow-up-note",
        "send slides",
    ]);
    let show = env.json(&["show", "anna", "--json"]);
    let id = |key: &str| show[key][0]["id"].as_i64().expect(key).to_string();
    let (note, meeting, contact, reminder) = (
        id("notes"),
        id("meetings"),
        id("contact_points"),
        id("reminders"),
    );
    let event = env.json(&["event", "list", "--json"])[0]["event"]["id"].to_string();
    env.ok(&[
        "edit",
        "note",
        &note,
        "--body",
        "talked about WAL",
        "--kind",
        "learned",
    ]);
    env.ok(&["edit", "meeting", &meeting, "--at", "Utrecht"]);
    env.ok(&["edit", "contact", &contact, "--value", "anna@new.example"]);
    env.ok(&["edit", "reminder", &reminder, "--text", "send the deck"]);
    env.ok(&["edit", "event", &event, "--name", "RustConf EU"]);
    env.ok(&["edit", "person", "anna", "--title", "CTO"]);
    let show = env.json(&["show", "anna", "--json"]);
    assert_eq!(show["notes"][0]["body"], "talked about WAL");
    assert_eq!(show["notes"][0]["kind"], "learned");
    assert_eq!(show["meetings"][0]["place"], "Utrecht");
    assert_eq!(show["meetings"][0]["event"], "RustConf EU");
    assert_eq!(show["contact_points"][0]["value"], "anna@new.example");
    assert_eq!(show["reminders"][0]["body"], "send the deck");
    assert_eq!(show["title"], "CTO");
    // An archived person is on no list, in no search and not on Today.
    assert!(env.ok(&["today"]).contains("Anna"));
    env.ok(&["archive", "anna"]);
    assert!(!env.ok(&["today"]).contains("Anna"));
    assert!(!env.ok(&["list"]).contains("Anna"));
    assert!(!env.ok(&["search", "anna"]).contains("Anna"));
    assert!(env.ok(&["list", "--archived"]).contains("Anna"));
    env.ok(&["unarchive", "anna"]);
    assert!(env.ok(&["list"]).contains("Anna"));
    assert!(env.ok(&["search", "wal"]).contains("Anna"));
    for (what, id) in [
        ("note", &note),
        ("meeting", &meeting),
        ("contact", &contact),
        ("reminder", &reminder),
        ("event", &event),
    ] {
        env.ok(&["rm", what, id]);
        env.kith()
            .args(["rm", what, id.as_str()])
            .assert()
            .failure();
    }
    let show = env.json(&["show", "anna", "--json"]);
    for key in ["notes", "meetings", "contact_points", "reminders"] {
        assert_eq!(show[key].as_array().map(Vec::len), Some(0), "{key}");
    }
    // Without a terminal, deleting a person asks for --yes and keeps them.
    env.kith().args(["rm", "person", "anna"]).assert().failure();
    assert!(env.ok(&["list"]).contains("Anna"));
    env.ok(&["rm", "person", "anna", "--yes"]);
    assert!(!env.ok(&["list"]).contains("Anna"));
    assert!(env
        .ok(&["undo"])
        .starts_with("Undid: Deleted Anna de Vries."));
    assert!(env.ok(&["list"]).contains("Anna"));
}

/// Undoing the demo says so, and leaves the store empty again.
#[test]
fn undoing_the_demo_names_it() {
    let env = Env::new();
    env.ok(&["demo", "--people", "30"]);
    let said = env.ok(&["undo"]);
    assert!(
        said.starts_with("Undid: Added the demo (30 people)."),
        "{said}"
    );
    let people = common::counts(&env.db)
        .into_iter()
        .find(|(t, _)| t == "person")
        .map(|(_, n)| n);
    assert_eq!(people, Some(0));
}
