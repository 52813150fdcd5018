use std::process::ExitCode;

fn main() -> ExitCode {
    // Like other Unix tools, stop quietly when the reader of our output goes
    // away (`kith list | head`) instead of failing on every later write.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal at start-up,
    // before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // SQLite keeps no count of its memory: the count takes a global mutex
    // on every allocation (some 6 % of a command's instructions) and Kith
    // sets no heap limit that would read it.
    // SAFETY: configuration before SQLite is initialised, which happens at
    // the first connection, later on this same thread.
    unsafe {
        rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int);
    }
    match kithkin::cli::main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = match e.downcast_ref::<kithkin::Error>() {
                Some(k) => k.exit_code(),
                None => 1,
            };
            eprintln!(
                "kith: {}",
                kithkin::sanitize::for_terminal(&format!("{e:#}"))
            );
            ExitCode::from(code as u8)
        }
    }
}
