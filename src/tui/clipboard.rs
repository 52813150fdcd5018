//! The clipboard by OSC 52 (works over SSH and in tmux), and long notes in $EDITOR.

use std::io::Write;

use crate::error::{Error, Result};

/// Text reaches the clipboard through the same sanitising as the screen:
/// whatever is pasted from it carries no escape sequences.
pub fn copy(text: &str) -> std::io::Result<()> {
    let text = crate::sanitize::for_terminal(text);
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
    edit_with(&editor)
}

/// The note is written in a private folder (0700, a name nobody can guess,
/// created exclusively) holding one 0600 file; the folder goes when this
/// returns, whatever happened, and a quitting signal lets it return first.
fn edit_with(editor: &str) -> Result<Option<String>> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("kith-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let dir = builder
        .tempdir()
        .map_err(|e| Error::io("cannot create a private folder for the note", e))?;
    let file = dir.path().join("note.md");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(&file)
        .map_err(|e| Error::io("cannot create a file for the note", e))?;
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(&file)
        .status()
        .map_err(|e| Error::io(format!("cannot run the editor \"{editor}\""), e))?;
    let text =
        std::fs::read_to_string(&file).map_err(|e| Error::io("cannot read the note back", e));
    drop(dir);
    if !status.success() {
        return Err(Error::Invalid(format!(
            "the editor exited with {status}; nothing saved"
        )));
    }
    let text = text?;
    Ok((!text.trim().is_empty()).then_some(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_is_private_unguessable_and_removed() {
        let work = tempfile::tempdir().unwrap();
        let seen = work.path().join("seen");
        // The old, predictable name: a planted link there must stay untouched.
        let planted = std::env::temp_dir().join(format!("kith-note-{}.md", std::process::id()));
        let victim = work.path().join("victim");
        std::fs::write(&victim, "keep me").unwrap();
        let _ = std::fs::remove_file(&planted);
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let script = work.path().join("editor.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nstat -c '%a %n' \"$1\" \"$(dirname \"$1\")\" > {}\nprintf 'met at the fair' > \"$1\"\n",
                seen.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .unwrap();
        let text = edit_with(script.to_str().unwrap()).unwrap();
        let _ = std::fs::remove_file(&planted);
        assert_eq!(text.as_deref(), Some("met at the fair"));
        let seen = std::fs::read_to_string(&seen).unwrap();
        let lines: Vec<&str> = seen.lines().collect();
        assert!(lines[0].starts_with("600 "), "{seen}");
        assert!(lines[1].starts_with("700 "), "{seen}");
        let file = lines[0].split_once(' ').unwrap().1;
        assert!(!file.contains(&std::process::id().to_string()), "{file}");
        assert!(!std::path::Path::new(file).exists(), "left behind");
        assert!(!std::path::Path::new(lines[1].split_once(' ').unwrap().1).exists());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    }
}
