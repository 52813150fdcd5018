//! Text from imports and other people is untrusted: before it reaches a
//! terminal, control characters become visible and bidi overrides are dropped.

/// Makes `s` safe to print on a terminal, keeping newlines and tabs.
pub fn for_terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        push_safe(&mut out, ch);
    }
    out
}

fn push_safe(out: &mut String, ch: char) {
    match ch {
        '\n' | '\t' => out.push(ch),
        // C0 controls and DEL shown as their Unicode "control picture".
        '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + ch as u32).unwrap_or('\u{fffd}')),
        '\u{7f}' => out.push('\u{2421}'),
        // C1 controls (a raw CSI or OSC among them).
        '\u{80}'..='\u{9f}' => out.push('\u{fffd}'),
        // Bidirectional embeddings, overrides and isolates would reorder the line.
        c if is_bidi_control(c) => {}
        _ => out.push(ch),
    }
}

/// Bidirectional embeddings, overrides, isolates and marks: they would reorder a line.
pub fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// Serialized JSON made safe for a terminal without changing its meaning:
/// serde_json escapes C0 controls already; DEL, C1 controls and bidi controls
/// become `\uXXXX` escapes too. (They can only occur inside JSON strings.)
pub fn json_for_terminal(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for ch in json.chars() {
        if ch == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&ch) || is_bidi_control(ch) {
            out.push_str(&format!("\\u{:04x}", ch as u32));
        } else {
            out.push(ch);
        }
    }
    out
}

/// Like `for_terminal`, and also on one line.
pub fn one_line(s: &str) -> String {
    for_terminal(s).replace(['\n', '\t'], " ")
}

/// How a [`Writer`] makes its output safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Text formats (vCard, CSV, iCalendar): as [`for_terminal`], and a
    /// carriage return is kept only as part of a CRLF line end.
    Text,
    /// Serialized JSON: as [`json_for_terminal`], lossless.
    Json,
}

/// A writer that sanitises everything passing through it, for exports to
/// standard output and to files alike. Characters split across writes are
/// held back until they are whole.
pub struct Writer<W: std::io::Write> {
    inner: W,
    mode: Mode,
    /// An incomplete UTF-8 sequence, or a CR waiting to see if LF follows.
    pending: Vec<u8>,
}

impl<W: std::io::Write> Writer<W> {
    pub fn new(inner: W, mode: Mode) -> Self {
        Writer {
            inner,
            mode,
            pending: Vec::new(),
        }
    }

    /// Writes what is held back (a lone CR made visible) and flushes.
    pub fn finish(mut self) -> std::io::Result<W> {
        let rest = std::mem::take(&mut self.pending);
        let safe = self.clean(&String::from_utf8_lossy(&rest));
        self.inner.write_all(safe.as_bytes())?;
        self.inner.flush()?;
        Ok(self.inner)
    }

    fn clean(&self, s: &str) -> String {
        match self.mode {
            Mode::Json => json_for_terminal(s),
            Mode::Text => {
                // CRLF survives as a pair; any other CR is shown as ␍.
                let mut out = String::with_capacity(s.len());
                let mut chars = s.chars().peekable();
                while let Some(ch) = chars.next() {
                    if ch == '\r' && chars.peek() == Some(&'\n') {
                        out.push('\r');
                    } else {
                        push_safe(&mut out, ch);
                    }
                }
                out
            }
        }
    }
}

impl<W: std::io::Write> std::io::Write for Writer<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(s) => s.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            // Not UTF-8 at all: replaced, never passed raw.
            Err(_) => self.pending.len(),
        };
        let mut take = valid;
        // A CR at the end may be the first half of a CRLF.
        if take > 0 && self.pending[take - 1] == b'\r' {
            take -= 1;
        }
        let chunk: Vec<u8> = self.pending.drain(..take).collect();
        let text = String::from_utf8_lossy(&chunk);
        let safe = self.clean(&text);
        self.inner.write_all(safe.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_cleans_across_split_writes_and_keeps_crlf() {
        use std::io::Write;
        let input = "BEGIN\r\nN:\x1b]52;c;eA==\x07\u{9b}J\u{202e}é\rX\r\n";
        let bytes = input.as_bytes();
        for split in 0..bytes.len() {
            let mut w = Writer::new(Vec::new(), Mode::Text);
            w.write_all(&bytes[..split]).unwrap();
            w.write_all(&bytes[split..]).unwrap();
            let out = String::from_utf8(w.finish().unwrap()).unwrap();
            assert_eq!(
                out, "BEGIN\r\nN:␛]52;c;eA==␇\u{fffd}Jé␍X\r\n",
                "split at {split}"
            );
        }
        let mut w = Writer::new(Vec::new(), Mode::Json);
        w.write_all("{\"n\":\"a\u{85}\u{202e}\"}".as_bytes())
            .unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(out, "{\"n\":\"a\\u0085\\u202e\"}");
        let mut w = Writer::new(Vec::new(), Mode::Text);
        w.write_all(b"end\r").unwrap();
        assert_eq!(w.finish().unwrap(), "end␍".as_bytes());
    }

    #[test]
    fn escapes_never_pass() {
        let hostile = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\u{9b}31m\u{202e}evil";
        let safe = for_terminal(hostile);
        assert!(
            !safe
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{safe:?}"
        );
        assert!(!safe.contains('\u{202e}'));
        assert!(safe.contains("]52;c;ZXZpbA=="));
        assert_eq!(for_terminal("José\nline"), "José\nline");
    }
}
