//! A contact point as typed in a form: an email, a phone number or a web or
//! profile URL, its kind told from its shape.

use crate::model::{ContactKind, ContactPoint};
use crate::ops::capture::url_point;

/// The point a typed value names; `previous` (the point the field was
/// filled from) keeps its label, and an address stays an address.
pub fn parse(value: &str, previous: Option<&ContactPoint>) -> Option<ContactPoint> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let keep_label = |kind: ContactKind| {
        previous
            .filter(|p| p.kind == kind)
            .and_then(|p| p.label.clone())
    };
    let point = |kind: ContactKind| ContactPoint {
        kind,
        label: keep_label(kind),
        value: v.to_string(),
    };
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if v.contains('@') && !v.contains(char::is_whitespace) && !v.contains('/') {
        Some(point(ContactKind::Email))
    } else if v.contains("://") || v.starts_with("www.") || v.contains(".com/") {
        let mut p = url_point(v);
        if p.label.is_none() {
            p.label = keep_label(p.kind);
        }
        Some(p)
    } else if digits >= 5
        && v.chars()
            .all(|c| c.is_ascii_digit() || "+-. ()/".contains(c))
    {
        Some(point(ContactKind::Phone))
    } else if previous.is_some_and(|p| p.kind == ContactKind::Address) {
        Some(point(ContactKind::Address))
    } else {
        None
    }
}

/// The label of a form field for a point: "Email", "Phone (work)", "LinkedIn".
pub fn field_label(p: &ContactPoint) -> String {
    let kind = match p.kind {
        ContactKind::Email => "Email",
        ContactKind::Phone => "Phone",
        ContactKind::Url => "Web",
        ContactKind::Social => "Profile",
        ContactKind::Address => "Address",
    };
    match p.label.as_deref().filter(|l| !l.is_empty()) {
        Some("linkedin") => "LinkedIn".into(),
        Some("github") => "GitHub".into(),
        Some(l) if p.kind == ContactKind::Social => {
            let mut c = l.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_else(|| kind.into())
        }
        Some(l) => format!("{kind} ({})", crate::tui::screens::cell(l, 10)),
        None => kind.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_follows_the_shape() {
        let k = |v: &str| parse(v, None).map(|p| p.kind);
        assert_eq!(k("anna@acme.example"), Some(ContactKind::Email));
        assert_eq!(k("+31 6 1234 5678"), Some(ContactKind::Phone));
        assert_eq!(k("https://acme.example"), Some(ContactKind::Url));
        assert_eq!(
            k("https://www.linkedin.com/in/anna"),
            Some(ContactKind::Social)
        );
        assert_eq!(k("next tuesday"), None);
        assert_eq!(k("   "), None);
        let work = ContactPoint {
            kind: ContactKind::Email,
            label: Some("work".into()),
            value: "a@b.example".into(),
        };
        let p = parse("anna@new.example", Some(&work)).unwrap();
        assert_eq!(p.label.as_deref(), Some("work"));
        assert_eq!(field_label(&work), "Email (work)");
        let home = ContactPoint {
            kind: ContactKind::Address,
            label: None,
            value: "Keizersgracht 1".into(),
        };
        assert_eq!(
            parse("Prinsengracht 2, Amsterdam", Some(&home)).map(|p| p.kind),
            Some(ContactKind::Address)
        );
    }
}
