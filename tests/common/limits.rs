//! Hostile filesystems for the tests: a read-only view of a folder and a tiny
//! disk. Include with `#[path = "common/limits.rs"] mod limits;`.
//!
//! As an ordinary user, "read-only" is `chmod`; as root (who ignores file
//! modes) it is a read-only bind mount. The tiny disk is a tmpfs and needs
//! root. When a mount is not allowed the test says so and is skipped, except
//! in CI (`CI` set), where the protection must be proven: the test fails.
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

fn mount(args: &[&str]) -> bool {
    Command::new("mount")
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Skips a test that cannot run here, or fails it in CI.
fn skip(why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{why}; CI must run this test (as root, with mount)"
    );
    eprintln!("skipping: {why}");
}

fn umount(path: &Path) {
    let _ = Command::new("umount").arg(path).status();
}

/// Whether file modes bind us (false for root).
fn modes_apply(dir: &Path) -> bool {
    let probe = dir.join(".mode-probe");
    std::fs::write(&probe, "x").expect("probe");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    let writable = std::fs::OpenOptions::new().write(true).open(&probe).is_ok();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    std::fs::remove_file(&probe).expect("rm probe");
    !writable
}

/// A read-only view of a folder holding a store.
pub struct ReadOnly {
    pub dir: PathBuf,
    source: PathBuf,
    mounted: bool,
}

impl ReadOnly {
    /// Makes `dir` read-only (as a user) or mounts a read-only view of it next
    /// to it (as root). None when neither is possible.
    pub fn new(dir: &Path) -> Option<ReadOnly> {
        if modes_apply(dir) {
            for entry in std::fs::read_dir(dir).expect("read dir") {
                let p = entry.expect("entry").path();
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o400))
                    .expect("chmod file");
            }
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o500))
                .expect("chmod dir");
            return Some(ReadOnly {
                dir: dir.to_path_buf(),
                source: dir.to_path_buf(),
                mounted: false,
            });
        }
        let view = dir.with_file_name(format!(
            "{}-ro",
            dir.file_name().expect("name").to_string_lossy()
        ));
        std::fs::create_dir_all(&view).expect("mount point");
        let (src, dst) = (dir.to_string_lossy(), view.to_string_lossy());
        if !mount(&["--bind", &src, &dst]) {
            skip("running as root and a bind mount is not allowed here");
            return None;
        }
        if !mount(&["-o", "remount,bind,ro", &dst]) {
            umount(&view);
            skip("running as root and a read-only remount is not allowed here");
            return None;
        }
        Some(ReadOnly {
            dir: view,
            source: dir.to_path_buf(),
            mounted: true,
        })
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.mounted {
            umount(&self.dir);
        } else {
            let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700));
            if let Ok(entries) = std::fs::read_dir(&self.source) {
                for e in entries.flatten() {
                    let _ =
                        std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o600));
                }
            }
        }
    }
}

/// A tmpfs of a few hundred KiB, unmounted on drop.
pub struct TinyDisk {
    pub dir: PathBuf,
}

impl TinyDisk {
    pub fn new(parent: &Path, size: &str) -> Option<TinyDisk> {
        let dir = parent.join("tiny");
        std::fs::create_dir_all(&dir).expect("mount point");
        if !mount(&[
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size},mode=0700"),
            "tmpfs",
            &dir.to_string_lossy(),
        ]) {
            skip("a tiny tmpfs cannot be mounted here (needs root)");
            return None;
        }
        Some(TinyDisk { dir })
    }

    /// Fills the disk with a file until writing fails, leaving at most `leave` bytes.
    pub fn fill(&self, leave: usize) -> PathBuf {
        use std::io::Write;
        let filler = self.dir.join("filler");
        let mut f = std::fs::File::create(&filler).expect("filler");
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).is_ok() {}
        drop(f);
        if leave > 0 {
            let len = std::fs::metadata(&filler).expect("filler").len();
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(&filler)
                .expect("filler");
            f.set_len(len.saturating_sub(leave as u64))
                .expect("truncate");
        }
        filler
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        umount(&self.dir);
    }
}
