//! `--tsv`: one person a line, tab-separated, for pipelines — `fzf
//! --with-nth 2.. --preview 'kith show {1}'`, `cut -f2`, `awk -F'\t'`.
//!
//! The first column is `#id`, which every command taking a person accepts.
//! A value never spans a tab or a line: a tab, a newline, a carriage return
//! and a backslash are written `\t`, `\n`, `\r`, `\\` (as PostgreSQL's COPY
//! and most TSV readers do), and other control characters are shown as
//! their Unicode pictures, so nothing raw reaches a terminal.

use std::io::Write;

use crate::model::PersonRow;
use crate::sanitize;

/// The columns, as `--header` names them.
const COLUMNS: [&str; 7] = [
    "id",
    "name",
    "company",
    "last_touch",
    "next_follow_up",
    "gave",
    "asked",
];

/// One value, escaped so it stays within its column and line.
pub fn field(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push_str(&sanitize::for_terminal(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map(|v| field(&v.to_string()))
        .unwrap_or_default()
}

/// Writes `rows`; with `snippet`, a last column holds search's snippet.
pub fn people(rows: &[PersonRow], header: bool, snippet: bool) -> std::io::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if header {
        let mut names = COLUMNS.join("\t");
        if snippet {
            names.push_str("\tsnippet");
        }
        writeln!(out, "{names}")?;
    }
    for r in rows {
        write!(
            out,
            "#{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.id,
            field(&r.name),
            opt(&r.company),
            opt(&r.last_touch),
            opt(&r.next_follow_up),
            r.gave,
            r.asked
        )?;
        if snippet {
            write!(out, "\t{}", opt(&r.snippet))?;
        }
        writeln!(out)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_stays_in_its_column_and_line() {
        assert_eq!(field("a\tb\nc\\d\re"), "a\\tb\\nc\\\\d\\re");
        assert_eq!(field("\u{1b}[31mred"), "\u{241b}[31mred");
        assert_eq!(field("José \"Pepe\""), "José \"Pepe\"");
    }
}
