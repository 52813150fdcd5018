//! The clipboard by OSC 52 (works over SSH and in tmux), and long notes in $EDITOR.

use std::io::Write;

use crate::error::{Error, Result};

pub fn copy(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout();
    crossterm::execute!(
        out,
        crossterm::clipboard::CopyToClipboard::to_clipboard_from(text.as_bytes())
    )?;
    out.flush()
}

/// Opens $VISUAL or $EDITOR (else vi) on an empty file; returns what was written.
pub fn edit_in_editor() -> Result<Option<String>> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let file = tempfile_path();
    std::fs::write(&file, "").map_err(|e| Error::io("cannot create a file for the note", e))?;
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(&file)
        .status()
        .map_err(|e| Error::io(format!("cannot run the editor \"{editor}\""), e))?;
    let text =
        std::fs::read_to_string(&file).map_err(|e| Error::io("cannot read the note back", e));
    let _ = std::fs::remove_file(&file);
    if !status.success() {
        return Err(Error::Invalid(format!(
            "the editor exited with {status}; nothing saved"
        )));
    }
    let text = text?;
    Ok((!text.trim().is_empty()).then_some(text))
}

fn tempfile_path() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("kith-note-{}.md", std::process::id()))
}
