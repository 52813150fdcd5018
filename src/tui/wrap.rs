//! Word wrapping of styled text into lines of a given width, so a long line
//! continues below instead of being cut.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Lays out `pieces` (text, style) in lines of at most `width` columns,
/// breaking between words; continuation lines start with `indent` spaces. A
/// word longer than a line is broken where it must be.
pub fn wrap(pieces: &[(String, Style)], width: usize, indent: usize) -> Vec<Line<'static>> {
    let width = width.max(indent + 8);
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for (text, style) in pieces {
        for word in words(text) {
            let w = word.width();
            let blank = word.trim().is_empty();
            if used + w > width && used > indent {
                if blank {
                    continue; // a space at a break is dropped
                }
                lines.push(vec![Span::raw(" ".repeat(indent))]);
                used = indent;
            }
            if used + w <= width {
                push(&mut lines, word, *style);
                used += w;
                continue;
            }
            // Longer than a whole line: break it.
            let mut part = String::new();
            for ch in word.chars() {
                let cw = UnicodeWidthStr::width(ch.encode_utf8(&mut [0; 4]) as &str);
                if used + part.width() + cw > width {
                    push(&mut lines, &part, *style);
                    part.clear();
                    lines.push(vec![Span::raw(" ".repeat(indent))]);
                    used = indent;
                }
                part.push(ch);
            }
            used += part.width();
            push(&mut lines, &part, *style);
        }
    }
    for line in &mut lines {
        // A space left at the end of a broken line is not shown.
        while line.last().is_some_and(|s| s.content.trim().is_empty()) && line.len() > 1 {
            line.pop();
        }
        if let Some(last) = line.last_mut() {
            let trimmed = last.content.trim_end().to_string();
            last.content = trimmed.into();
        }
    }
    lines.into_iter().map(Line::from).collect()
}

fn push(lines: &mut [Vec<Span<'static>>], text: &str, style: Style) {
    if let Some(line) = lines.last_mut() {
        line.push(Span::styled(text.to_string(), style));
    }
}

/// Words and the runs of spaces between them, in order.
fn words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, ch) in s.char_indices() {
        let is_space = ch == ' ';
        if space.is_some_and(|sp| sp != is_space) {
            out.push(&s[start..i]);
            start = i;
        }
        space = Some(is_space);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wraps_between_words_and_indents() {
        let s = Style::default();
        let got = wrap(
            &[
                ("give ".into(), s),
                ("send something that helps with it".into(), s),
            ],
            20,
            5,
        );
        assert_eq!(
            text(&got),
            ["give send something", "     that helps with", "     it"]
        );
        for l in &got {
            assert!(l.width() <= 20);
        }
        let long = wrap(&[("x".repeat(30), s)], 20, 2);
        assert_eq!(
            text(&long),
            ["x".repeat(20), format!("  {}", "x".repeat(10))]
        );
    }
}
