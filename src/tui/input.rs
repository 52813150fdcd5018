//! The terminal's input, watched for its end, and the signals that end the TUI.
//!
//! crossterm reads keys in a loop that never returns once the terminal is
//! gone (its read answers 0 bytes, or EIO, forever): a window closed, an SSH
//! connection dropped or a tmux session killed left kith spinning on a core.
//! So the loop waits for input here, with poll(2), and only asks crossterm
//! for a key when bytes are there; a hang-up or an input at its end ends the
//! TUI. A watchdog thread takes the signals: it tells the loop, and if the
//! loop has not finished within [`GRACE`] (stuck somewhere), it restores the
//! terminal and ends the process itself.

use std::fs::File;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

use crate::error::{Error, Result};

/// How long the loop has to finish after a signal before the watchdog ends it.
pub const GRACE: Duration = Duration::from_millis(1000);

/// What waiting for input found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Bytes to read: crossterm may read them without blocking.
    Ready,
    /// Nothing within the time given.
    Idle,
    /// The terminal hung up, failed, or its input is at its end.
    Ended,
}

/// The file descriptor crossterm reads keys from: standard input when it is a
/// terminal, else the controlling terminal.
pub struct Input {
    fd: RawFd,
    _tty: Option<File>,
}

impl Input {
    pub fn open() -> Result<Input> {
        // SAFETY: isatty only inspects the descriptor.
        if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
            return Ok(Input {
                fd: libc::STDIN_FILENO,
                _tty: None,
            });
        }
        let tty = File::open("/dev/tty").map_err(|e| Error::io("cannot open the terminal", e))?;
        Ok(Input {
            fd: tty.as_raw_fd(),
            _tty: Some(tty),
        })
    }

    /// Waits up to `timeout` for input.
    pub fn wait(&self, timeout: Duration) -> Wait {
        let mut pfd = libc::pollfd {
            fd: self.fd,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = timeout.as_millis().min(i32::MAX as u128) as libc::c_int;
        // SAFETY: one valid pollfd, for the length given.
        let n = unsafe { libc::poll(&mut pfd, 1, ms) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            // A signal interrupted the wait: the loop looks at it next.
            return if e.kind() == std::io::ErrorKind::Interrupted {
                Wait::Idle
            } else {
                Wait::Ended
            };
        }
        if n == 0 {
            return Wait::Idle;
        }
        if pfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            return Wait::Ended;
        }
        // Readable with nothing to read is the end of the input (in raw
        // mode a terminal is readable only once a byte is there).
        let mut available: libc::c_int = 0;
        // SAFETY: FIONREAD writes one int through the pointer given.
        let r = unsafe { libc::ioctl(self.fd, libc::FIONREAD, &mut available) };
        if r < 0 || available <= 0 {
            Wait::Ended
        } else {
            Wait::Ready
        }
    }
}

/// Flags set by the watchdog and read by the loop.
#[derive(Default, Clone)]
pub struct Signals {
    /// SIGTERM or SIGHUP: quit.
    pub stop: Arc<AtomicBool>,
    /// SIGINT or SIGQUIT (only sent from outside: raw mode reads Ctrl-C and
    /// Ctrl-\ as keys): quit, unless it arrived while `$EDITOR` had the terminal.
    pub interrupt: Arc<AtomicBool>,
    /// `$EDITOR` has the terminal: a signal then waits for it to finish.
    pub editing: Arc<AtomicBool>,
}

impl Signals {
    pub fn quit(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.interrupt.load(Ordering::Relaxed)
    }
}

/// The watchdog thread; dropping it tells it the loop has finished.
pub struct Watchdog {
    done: Option<mpsc::Sender<()>>,
    handle: signal_hook::iterator::Handle,
}

impl Watchdog {
    /// Takes SIGTERM, SIGHUP, SIGINT and SIGQUIT from now on. `restore` puts
    /// the terminal back when the watchdog has to end the process itself.
    pub fn start(signals: &Signals, restore: fn()) -> Result<Watchdog> {
        let mut incoming = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])
            .map_err(|e| Error::io("cannot watch for signals", e))?;
        let handle = incoming.handle();
        let (done, finished) = mpsc::channel::<()>();
        let flags = signals.clone();
        std::thread::Builder::new()
            .name("kith-signals".into())
            .spawn(move || {
                for signal in incoming.forever() {
                    match signal {
                        SIGINT | SIGQUIT => flags.interrupt.store(true, Ordering::Relaxed),
                        _ => flags.stop.store(true, Ordering::Relaxed),
                    }
                    if flags.editing.load(Ordering::Relaxed) {
                        continue;
                    }
                    match finished.recv_timeout(GRACE) {
                        Err(mpsc::RecvTimeoutError::Timeout)
                            if !flags.editing.load(Ordering::Relaxed) =>
                        {
                            // The loop is stuck: nothing is half-written in
                            // the store (a transaction not committed is rolled
                            // back), so end here, with the terminal restored.
                            restore();
                            std::process::exit(0);
                        }
                        Err(mpsc::RecvTimeoutError::Timeout) => continue,
                        _ => return,
                    }
                }
            })
            .map_err(|e| Error::io("cannot watch for signals", e))?;
        Ok(Watchdog {
            done: Some(done),
            handle,
        })
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        // Closing wakes the thread through its pipe, so it must come while the
        // thread still holds the pipe's other end (before it is told to go):
        // a write to a pipe nobody reads would end kith with SIGPIPE.
        self.handle.close();
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
    }
}
