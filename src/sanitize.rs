//! Text from imports and other people is untrusted: before it reaches a
//! terminal, control characters become visible and bidi overrides are dropped.

/// Makes `s` safe to print on a terminal, keeping newlines and tabs.
pub fn for_terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\n' | '\t' => out.push(ch),
            // C0 controls and DEL shown as their Unicode "control picture".
            '\u{0}'..='\u{1f}' => {
                out.push(char::from_u32(0x2400 + ch as u32).unwrap_or('\u{fffd}'))
            }
            '\u{7f}' => out.push('\u{2421}'),
            // C1 controls (a raw CSI or OSC among them).
            '\u{80}'..='\u{9f}' => out.push('\u{fffd}'),
            // Bidirectional embeddings, overrides and isolates would reorder the line.
            c if is_bidi_control(c) => {}
            _ => out.push(ch),
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

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
