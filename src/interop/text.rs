//! Small text helpers shared by the readers and writers.

use crate::model::ContactKind;

/// A stable uid for a record that has none, from what identifies it, so that
/// importing the same file again finds the same person.
pub fn derived_uid(kind: &str, parts: &[&str]) -> String {
    // A fixed namespace of Kith's own.
    const NS: uuid::Uuid = uuid::Uuid::from_u128(0x6b69_7468_2d69_6d70_6f72_742d_7569_6400);
    let mut key = String::from(kind);
    for p in parts {
        key.push('\u{1f}');
        key.push_str(&p.trim().to_lowercase());
    }
    uuid::Uuid::new_v5(&NS, key.as_bytes()).to_string()
}

/// The first contact point of a kind, for keys.
pub fn first_of(points: &[crate::model::ContactPoint], kind: ContactKind) -> &str {
    points
        .iter()
        .find(|c| c.kind == kind)
        .map(|c| c.value.as_str())
        .unwrap_or("")
}

/// A label as people write it: Apple's `_$!<HomePage>!$_` becomes `homepage`,
/// Google's `* Home` becomes `home`.
pub fn clean_label(raw: &str) -> Option<String> {
    let s = raw.trim();
    let s = s
        .strip_prefix("_$!<")
        .and_then(|s| s.strip_suffix(">!$_"))
        .unwrap_or(s);
    let s = s.trim_start_matches('*').trim();
    if s.is_empty() {
        None
    } else {
        Some(s.to_lowercase())
    }
}

/// Bytes in Windows-1252 (a superset of Latin-1 in practice) as text.
pub fn from_windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

/// Text as UTF-8, or as Windows-1252 when it is not; the offset of the first
/// invalid byte is returned in the second case.
pub fn decode(bytes: &[u8]) -> (String, Option<usize>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(e) => (from_windows_1252(bytes), Some(e.valid_up_to())),
    }
}

/// Drops NUL characters; true if there were any.
pub fn strip_nul(s: &mut String) -> bool {
    if s.contains('\0') {
        s.retain(|c| c != '\0');
        true
    } else {
        false
    }
}

/// A spreadsheet would run a cell starting with `=`, `+`, `-` or `@` (or a
/// tab or carriage return before one) as a formula: such a cell is prefixed
/// with an apostrophe.
pub fn neutralise_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Splits "Anna de Vries" into ("de Vries", "Anna") for a vCard N: the
/// family name is the last word, with particles before it.
pub fn split_name(name: &str) -> (String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 {
        return (String::new(), name.trim().to_string());
    }
    let particles = [
        "de", "van", "von", "der", "den", "da", "di", "del", "della", "le", "la", "du", "dos",
        "ter", "te", "'t", "al", "bin", "ibn",
    ];
    let mut split = words.len() - 1;
    while split > 1 && particles.contains(&words[split - 1].to_lowercase().as_str()) {
        split -= 1;
    }
    (words[split..].join(" "), words[..split].join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_names() {
        assert_eq!(clean_label("_$!<HomePage>!$_").as_deref(), Some("homepage"));
        assert_eq!(clean_label("* Home").as_deref(), Some("home"));
        assert_eq!(clean_label("  ").as_deref(), None);
        assert_eq!(
            split_name("Anna de Vries"),
            ("de Vries".into(), "Anna".into())
        );
        assert_eq!(split_name("Cher"), ("".into(), "Cher".into()));
        assert_eq!(neutralise_cell("=1+1"), "'=1+1");
        assert_eq!(neutralise_cell("Anna"), "Anna");
        assert_eq!(from_windows_1252(b"caf\xe9 \x80"), "café €");
        assert_eq!(
            derived_uid("x", &["Anna", "a@b"]),
            derived_uid("x", &["anna ", "A@B"])
        );
    }
}
