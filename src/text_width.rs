//! Text measured as a terminal draws it: by grapheme cluster, so an emoji
//! sequence joined by ZWJ (👩‍👩‍👧‍👦) takes two cells and a letter with combining
//! marks (ọ̀) one, where counting characters would be off by several.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The cells `s` takes on a terminal.
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// `s` in at most `max` cells: whole clusters only, ending in "…" when cut.
pub fn cut(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let room = max.saturating_sub(1);
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w > room {
            break;
        }
        used += w;
        out.push_str(g);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// `s` cut to `cells` and padded with spaces to exactly that width.
pub fn fit(s: &str, cells: usize) -> String {
    let mut out = cut(s, cells);
    let used = width(&out);
    out.push_str(&" ".repeat(cells.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_are_measured_whole() {
        assert_eq!(width("👩\u{200d}👩\u{200d}👧\u{200d}👦"), 2);
        assert_eq!(width("Ọ̀ṣun"), 4);
        assert_eq!(width("漢字"), 4);
        assert_eq!(
            fit("👩\u{200d}👩\u{200d}👧 ab", 6),
            "👩\u{200d}👩\u{200d}👧 ab "
        );
        assert_eq!(width(&fit("Adébáyọ̀ Ọláolúwa", 10)), 10);
        assert_eq!(cut("漢字漢字", 5), "漢字…");
        assert_eq!(width(&cut("漢字漢字", 5)), 5);
        assert_eq!(cut("short", 10), "short");
    }
}
