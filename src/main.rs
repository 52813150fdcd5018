use std::process::ExitCode;

fn main() -> ExitCode {
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
