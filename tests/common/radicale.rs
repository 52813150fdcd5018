//! A throwaway Radicale (CardDAV/CalDAV) on a free loopback port for one
//! test, with an address book and a task list; devices (each a Kith store
//! with its own vdirsyncer config, set up by `kith sync setup`); and a phone
//! (`curl`, writing with `If-Match` as a real client does).
//!
//! Radicale, vdirsyncer and curl come from `.ci/run`. Where one is missing a
//! test is skipped, except under CI, where it fails.
#![allow(dead_code)]

/// The day every device believes it is.
pub const TODAY: &str = "2026-11-22";

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const USER: &str = "t";

fn on_path(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Whether Radicale, vdirsyncer and curl are here. Under CI a missing one
/// fails the test; elsewhere the test says so and is skipped.
pub fn tools() -> bool {
    let missing: Vec<&str> = ["radicale", "vdirsyncer", "curl"]
        .into_iter()
        .filter(|t| !on_path(t))
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{missing:?} missing: .ci/run installs them (python3 -m pip install radicale vdirsyncer)");
    }
    eprintln!("skipped: {missing:?} not installed");
    false
}

/// An address book and a task list on a server, by collection name.
#[derive(Debug, Clone)]
pub struct Books {
    pub cards: String,
    pub tasks: String,
}

/// A Radicale for one test, stopped when dropped.
pub struct Radicale {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Child,
}

impl Radicale {
    pub fn start() -> Radicale {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let config = dir.path().join("config");
        std::fs::write(
            &config,
            format!(
                "[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n[storage]\nfilesystem_folder = {}\n[logging]\nlevel = warning\n",
                dir.path().join("collections").display()
            ),
        )
        .unwrap();
        let log = std::fs::File::create(dir.path().join("log")).unwrap();
        let child = Command::new("radicale")
            .arg("--config")
            .arg(&config)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start radicale");
        let mut server = Radicale { dir, port, child };
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if start.elapsed() > Duration::from_secs(30) {
                let log =
                    std::fs::read_to_string(server.dir.path().join("log")).unwrap_or_default();
                panic!("radicale did not start: {log}");
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                let log =
                    std::fs::read_to_string(server.dir.path().join("log")).unwrap_or_default();
                panic!("radicale exited ({status}): {log}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        server.add_books("kith", "followups");
        server
    }

    /// A new address book and task list on the server, so several cases can
    /// share one server without seeing each other's items.
    pub fn add_books(&self, cards: &str, tasks: &str) -> Books {
        self.mkcol(
            cards,
            r#"<?xml version="1.0"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><D:set><D:prop><D:resourcetype><D:collection/><C:addressbook/></D:resourcetype></D:prop></D:set></D:mkcol>"#,
        );
        self.mkcol(
            tasks,
            r#"<?xml version="1.0"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:resourcetype><D:collection/><C:calendar/></D:resourcetype><C:supported-calendar-component-set><C:comp name="VTODO"/></C:supported-calendar-component-set></D:prop></D:set></D:mkcol>"#,
        );
        Books {
            cards: cards.to_string(),
            tasks: tasks.to_string(),
        }
    }

    fn mkcol(&self, name: &str, body: &str) {
        let out = Command::new("curl")
            .args(["-sf", "-o", "/dev/null", "-u", "t:t", "-X", "MKCOL"])
            .args(["-H", "Content-Type: application/xml", "--data-binary", body])
            .arg(self.url(name))
            .output()
            .unwrap();
        assert!(out.status.success(), "MKCOL {name}: {out:?}");
    }

    /// A collection's URL: "kith" (the address book) or "followups" (the task list).
    pub fn url(&self, collection: &str) -> String {
        format!("http://127.0.0.1:{}/{USER}/{collection}/", self.port)
    }

    pub fn phone(&self) -> Phone {
        Phone {
            base: format!("http://127.0.0.1:{}", self.port),
        }
    }
}

impl Drop for Radicale {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One device: a Kith store and config of its own, synced with the server.
pub struct Device {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub today: String,
}

impl Device {
    /// A new device set up with `kith sync setup` for the server's address
    /// book and task list.
    pub fn new(server: &Radicale) -> Device {
        Device::on(
            server,
            &Books {
                cards: "kith".into(),
                tasks: "followups".into(),
            },
        )
    }

    /// A new device set up for an address book and task list of the server.
    pub fn on(server: &Radicale, books: &Books) -> Device {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("data").join("kith.db");
        let d = Device {
            dir,
            db,
            today: TODAY.to_string(),
        };
        d.ok(&[
            "sync",
            "setup",
            "--contacts-url",
            &server.url(&books.cards),
            "--tasks-url",
            &server.url(&books.tasks),
            "--username",
            USER,
            "--password-command",
            "echo t",
        ]);
        d
    }

    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn tasks_dir(&self) -> PathBuf {
        self.db.parent().unwrap().join("vdir").join("tasks")
    }

    pub fn contacts_dir(&self) -> PathBuf {
        self.db.parent().unwrap().join("vdir").join("contacts")
    }

    pub fn kith(&self) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::cargo_bin("kith").expect("binary");
        c.env("KITH_DB", &self.db)
            .env("KITH_CONFIG", self.config_dir().join("config.toml"))
            .env("KITH_TODAY", &self.today)
            .env("NO_COLOR", "1");
        c
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.kith().args(args).output().expect("run kith");
        assert!(
            out.status.success(),
            "kith {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).expect("json output")
    }

    /// `kith sync`; its report.
    pub fn sync(&self) -> String {
        self.ok(&["sync"])
    }
}

/// A phone: reads and writes the server's items as a CardDAV/CalDAV client.
pub struct Phone {
    base: String,
}

fn curl(args: &[&str]) -> (u16, String, String) {
    let out = Command::new("curl")
        .args(["-s", "-u", "t:t", "-D", "-"])
        .args(args)
        .output()
        .expect("run curl");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .map(|(h, b)| (h.to_string(), b.to_string()))
        .unwrap_or((text.clone(), String::new()));
    let code = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let etag = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("etag").then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    (code, etag, body)
}

impl Phone {
    /// The items of a collection: (href, etag).
    pub fn list(&self, collection: &str) -> Vec<(String, String)> {
        let (code, _, body) = curl(&[
            "-X",
            "PROPFIND",
            "-H",
            "Depth: 1",
            "--data",
            r#"<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>"#,
            &format!("{}/{USER}/{collection}/", self.base),
        ]);
        assert_eq!(code, 207, "PROPFIND {collection}: {body}");
        let mut out = Vec::new();
        for response in body.split("<response>").skip(1) {
            let href = between(response, "<href>", "</href>");
            let etag = between(response, "<getetag>", "</getetag>");
            if !href.ends_with('/') {
                out.push((href.to_string(), etag.to_string()));
            }
        }
        out.sort();
        out
    }

    /// An item's text and etag.
    pub fn get(&self, href: &str) -> (String, String) {
        let (code, etag, body) = curl(&[&format!("{}{href}", self.base)]);
        assert_eq!(code, 200, "GET {href}");
        (body, etag)
    }

    /// Every item of a collection whose text contains `needle`: (href, text, etag).
    pub fn find(&self, collection: &str, needle: &str) -> Vec<(String, String, String)> {
        self.list(collection)
            .into_iter()
            .map(|(href, _)| {
                let (text, etag) = self.get(&href);
                (href, text, etag)
            })
            .filter(|(_, text, _)| text.contains(needle))
            .collect()
    }

    /// Writes an item over the version it read (`If-Match`); the status code.
    pub fn put(&self, href: &str, text: &str, etag: &str) -> u16 {
        let ctype = if href.ends_with(".vcf") {
            "Content-Type: text/vcard; charset=utf-8"
        } else {
            "Content-Type: text/calendar; charset=utf-8"
        };
        let (code, _, _) = curl(&[
            "-X",
            "PUT",
            "-H",
            ctype,
            "-H",
            &format!("If-Match: {etag}"),
            "--data-binary",
            text,
            &format!("{}{href}", self.base),
        ]);
        code
    }

    /// Creates a new item (`If-None-Match: *`); the status code.
    pub fn create(&self, collection: &str, name: &str, text: &str) -> u16 {
        let ctype = if name.ends_with(".vcf") {
            "Content-Type: text/vcard; charset=utf-8"
        } else {
            "Content-Type: text/calendar; charset=utf-8"
        };
        let (code, _, _) = curl(&[
            "-X",
            "PUT",
            "-H",
            ctype,
            "-H",
            "If-None-Match: *",
            "--data-binary",
            text,
            &format!("{}/{USER}/{collection}/{name}", self.base),
        ]);
        code
    }

    /// Deletes an item if it is the version read (`If-Match`); the status code.
    pub fn delete(&self, href: &str, etag: &str) -> u16 {
        let (code, _, _) = curl(&[
            "-X",
            "DELETE",
            "-H",
            &format!("If-Match: {etag}"),
            &format!("{}{href}", self.base),
        ]);
        code
    }
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> &'a str {
    s.split_once(open)
        .and_then(|(_, rest)| rest.split_once(close))
        .map_or("", |(v, _)| v)
}

/// Every file of a folder with its modification time: a fingerprint to
/// prove nothing was rewritten.
pub fn files_with_times(dir: &Path) -> Vec<(String, std::time::SystemTime)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        e.metadata().unwrap().modified().unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}
