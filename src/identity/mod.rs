//! Who a record is: the one rule that capture, `kith add`, every importer and
//! the duplicates review share. Pure: the store gives it facts, it decides.
//!
//! - An exact email (when the names agree) or profile URL is that person.
//! - The same name (accents folded, "Last, First", initials, titles and
//!   suffixes tolerated) or a similar one is a *candidate*, with its reasons
//!   and a confidence.
//! - Conflicting facts veto a match: different profile URLs on one network,
//!   different birthdays, different uids given by one source.

use serde::Serialize;

pub mod find;
pub mod review;

use crate::model::ContactKind;

/// Same-name blocks larger than this are a common name: name alone proves
/// nothing there, so only a shared company still makes a candidate.
pub const COMMON_BLOCK: usize = 12;

// ---- names ----------------------------------------------------------------

/// Honorifics and suffixes that say nothing about who someone is.
const NOISE: &[&str] = &[
    "dr", "drs", "prof", "mr", "mrs", "ms", "mx", "jr", "sr", "ii", "iii", "iv", "phd", "mba",
    "cfa", "md", "dott", "ing", "ir", "mag", "dipl", "esq", "msc", "bsc",
];

pub use crate::fold::fold;

/// Scripts written without spaces between given and family name: each
/// character is a word ("王伟" and "伟 王" are the same name).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in s.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() || NOISE.contains(&w) {
            continue;
        }
        if w.chars().any(is_cjk) {
            out.extend(w.chars().map(String::from));
        } else {
            out.push(w.to_string());
        }
    }
    out
}

fn without_parentheses(s: &str) -> String {
    let mut depth = 0usize;
    s.chars()
        .filter(|c| match c {
            '(' | '[' => {
                depth += 1;
                false
            }
            ')' | ']' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .collect()
}

/// A name taken apart: its words in order (initials included), and which
/// word is the family name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Given names first, family name last, folded.
    pub words: Vec<String>,
}

impl Name {
    pub fn parse(raw: &str) -> Name {
        let text = fold(&without_parentheses(raw));
        // "García, José" is José García, unless what follows the comma is a
        // suffix ("Johnson, MBA").
        if let Some((family, given)) = text.split_once(',') {
            let (f, g) = (words(family), words(given));
            if !f.is_empty() && !g.is_empty() {
                let mut all = g;
                all.extend(f);
                return Name { words: all };
            }
        }
        Name {
            words: words(&text),
        }
    }

    /// A single letter ("J." in "J. García"); a digit is a word of its own.
    fn is_initial(w: &str) -> bool {
        w.chars().count() == 1 && w.chars().all(|c| c.is_alphabetic() && !is_cjk(c))
    }

    /// The full words, sorted: the same for "José García", "Garcia, Jose" and
    /// "José F. García". Empty when the name has none.
    pub fn key(&self) -> String {
        let mut full: Vec<&str> = self
            .words
            .iter()
            .map(String::as_str)
            .filter(|w| !Name::is_initial(w))
            .collect();
        full.sort_unstable();
        full.dedup();
        full.join(" ")
    }

    /// Family name and first initial: "garcia j" for José García and J. García.
    /// Empty for one-word names and names in scripts without initials.
    pub fn short_key(&self) -> String {
        if self.words.len() < 2 || self.words.iter().any(|w| w.chars().any(is_cjk)) {
            return String::new();
        }
        let family = &self.words[self.words.len() - 1];
        match self.words[0].chars().next() {
            Some(i) if !Name::is_initial(family) => format!("{family} {i}"),
            _ => String::new(),
        }
    }
}

/// Both keys of a name, as stored for lookups: (key, short key).
pub fn name_keys(raw: &str) -> (String, String) {
    let n = Name::parse(raw);
    (n.key(), n.short_key())
}

/// Whether two names may be one person's: every word of the shorter one is
/// in the longer, an initial standing for any word it begins.
/// A name that is really an address or a number (a card without a name)
/// fits any.
pub fn names_compatible(a: &str, b: &str) -> bool {
    let placeholder = |s: &str| s.contains('@') || !s.chars().any(char::is_alphabetic);
    if placeholder(a) || placeholder(b) {
        return true;
    }
    let (a, b) = (Name::parse(a), Name::parse(b));
    if a.words.is_empty() || b.words.is_empty() {
        return true;
    }
    let (short, long) = if a.words.len() <= b.words.len() {
        (&a.words, &b.words)
    } else {
        (&b.words, &a.words)
    };
    let mut used = vec![false; long.len()];
    short.iter().all(|w| {
        let found = long.iter().enumerate().position(|(i, l)| {
            !used[i]
                && (l == w
                    || (Name::is_initial(w) && l.starts_with(w.as_str()))
                    || (Name::is_initial(l) && w.starts_with(l.as_str())))
        });
        if let Some(i) = found {
            used[i] = true;
        }
        found.is_some()
    })
}

// ---- contact points ---------------------------------------------------------

/// An email as compared: trimmed, lower-case.
pub fn email_key(email: &str) -> Option<String> {
    let e = email.trim().to_lowercase();
    let (local, domain) = e.split_once('@')?;
    (!local.is_empty() && !domain.is_empty() && !e.contains(char::is_whitespace)).then_some(e)
}

/// A URL as compared: no scheme, no `www.` or country prefix on a network, no
/// query, fragment or trailing slash, lower-case.
pub fn url_key(url: &str) -> String {
    let mut u = url.trim().to_lowercase();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = u.strip_prefix(scheme) {
            u = rest.to_string();
        }
    }
    if let Some(i) = u.find(['?', '#']) {
        u.truncate(i);
    }
    let u = u.trim_end_matches('/');
    let (host, path) = u.split_once('/').unwrap_or((u, ""));
    let mut host = host.strip_prefix("www.").unwrap_or(host);
    // de.linkedin.com, nl.linkedin.com, m.facebook.com … are the network itself.
    for net in ["linkedin.com", "facebook.com", "twitter.com", "x.com"] {
        if host.ends_with(&format!(".{net}")) {
            host = net;
        }
    }
    if host == "twitter.com" {
        host = "x.com";
    }
    if path.is_empty() {
        host.to_string()
    } else {
        format!("{host}/{}", path.trim_end_matches('/'))
    }
}

/// The network a URL is a person's profile on, if it is one: a profile URL is
/// one person's, a web page may be a whole company's.
pub fn profile_network(url: &str) -> Option<&'static str> {
    let k = url_key(url);
    let (host, path) = k.split_once('/')?;
    let first = path.split('/').next().unwrap_or("");
    if first.is_empty() {
        return None;
    }
    let net = match host {
        "linkedin.com" if first == "in" && path.len() > 3 => "linkedin",
        "github.com" => "github",
        "x.com" => "x",
        "facebook.com" => "facebook",
        "instagram.com" => "instagram",
        "bsky.app" if first == "profile" => "bluesky",
        h if first.starts_with('@') && !h.is_empty() => "mastodon",
        _ => return None,
    };
    Some(net)
}

/// The key a contact point is looked up by: `e:` and the email, `u:` and a
/// profile URL; empty for the rest (phones, addresses, web pages).
pub fn point_key(kind: ContactKind, value: &str) -> String {
    match kind {
        ContactKind::Email => email_key(value)
            .map(|e| format!("e:{e}"))
            .unwrap_or_default(),
        ContactKind::Url | ContactKind::Social => match profile_network(value) {
            Some(_) => format!("u:{}", url_key(value)),
            None => String::new(),
        },
        _ => String::new(),
    }
}

// ---- facts, vetoes, candidates --------------------------------------------

/// What is known about a person (stored or typed) that decides identity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub birthday: Option<String>,
    /// Profile URLs, as `point_key` makes them.
    pub profiles: Vec<String>,
    /// Email keys.
    pub emails: Vec<String>,
    /// A uid the person was given by a source, and which source: two people
    /// with different uids from one address book are two people.
    pub source_uid: Option<(String, String)>,
}

/// Why two records may be one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    SameEmail,
    SameProfile,
    SameNameAndCompany,
    SameName,
    SimilarName,
    SameBirthday,
}

impl Reason {
    pub fn text(self) -> &'static str {
        match self {
            Reason::SameEmail => "same email",
            Reason::SameProfile => "same profile URL",
            Reason::SameNameAndCompany => "same name and company",
            Reason::SameName => "same name",
            Reason::SimilarName => "similar name",
            Reason::SameBirthday => "same birthday",
        }
    }
}

/// What a veto was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Veto {
    OtherProfile(&'static str),
    OtherBirthday,
    OtherUid,
}

fn network_of_key(k: &str) -> Option<&'static str> {
    profile_network(k.strip_prefix("u:").unwrap_or(k))
}

/// A fact that says these are two people, if there is one.
pub fn veto(a: &Facts, b: &Facts) -> Option<Veto> {
    for pa in &a.profiles {
        let Some(net) = network_of_key(pa) else {
            continue;
        };
        let theirs: Vec<&String> = b
            .profiles
            .iter()
            .filter(|p| network_of_key(p) == Some(net))
            .collect();
        let ours = a.profiles.iter().filter(|p| network_of_key(p) == Some(net));
        if !theirs.is_empty() && !ours.clone().any(|p| theirs.contains(&p)) {
            return Some(Veto::OtherProfile(net));
        }
    }
    if let (Some(x), Some(y)) = (&a.birthday, &b.birthday) {
        let full = |s: &str| s.len() == 10 && !s.starts_with("--");
        let md = |s: &str| s.get(s.len().saturating_sub(5)..).map(str::to_string);
        if (full(x) && full(y) && x != y) || md(x) != md(y) {
            return Some(Veto::OtherBirthday);
        }
    }
    if let (Some((sa, ua)), Some((sb, ub))) = (&a.source_uid, &b.source_uid) {
        if sa == sb && !ua.eq_ignore_ascii_case(ub) {
            return Some(Veto::OtherUid);
        }
    }
    None
}

/// Two records that may be one person, why, and how sure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub id: i64,
    pub reasons: Vec<Reason>,
    pub confidence: f64,
}

fn same_text(a: &Option<String>, b: &Option<String>) -> Option<bool> {
    match (a, b) {
        (Some(x), Some(y)) if !x.trim().is_empty() && !y.trim().is_empty() => {
            Some(fold(x.trim()) == fold(y.trim()))
        }
        _ => None,
    }
}

/// Whether `b` may be `a`, and how sure: `block` is how many people share
/// the name (a name two people share is rarer evidence than one forty
/// share). None when a fact vetoes it or nothing links them.
pub fn score(a: &Facts, b: &Facts, block: usize) -> Option<Candidate> {
    if veto(a, b).is_some() {
        return None;
    }
    let mut reasons = Vec::new();
    let mut confidence: f64 = 0.0;
    let shares = |x: &[String], y: &[String]| x.iter().any(|v| y.contains(v));
    let names_fit = names_compatible(&a.name, &b.name);
    if shares(&a.emails, &b.emails) {
        reasons.push(Reason::SameEmail);
        confidence = confidence.max(if names_fit { 0.97 } else { 0.5 });
    }
    if shares(&a.profiles, &b.profiles) {
        reasons.push(Reason::SameProfile);
        confidence = confidence.max(0.97);
    }
    let (na, nb) = (Name::parse(&a.name), Name::parse(&b.name));
    let company = same_text(&a.company, &b.company);
    let same_name = !na.key().is_empty() && na.key() == nb.key();
    let similar =
        !same_name && !na.short_key().is_empty() && na.short_key() == nb.short_key() && names_fit;
    if same_name || similar {
        let rare = block <= 2;
        let by_name = match (same_name, company, rare) {
            (true, Some(true), true) => 0.95,
            (true, Some(true), false) => 0.85,
            (true, None, true) => 0.9,
            (true, None, false) => 0.6,
            (true, Some(false), true) => 0.7,
            (true, Some(false), false) => 0.45,
            (false, Some(true), _) => 0.8,
            (false, None, true) => 0.6,
            (false, _, _) => 0.4,
        };
        reasons.push(match (same_name, company) {
            (true, Some(true)) => Reason::SameNameAndCompany,
            (true, _) => Reason::SameName,
            (false, _) => Reason::SimilarName,
        });
        confidence = confidence.max(by_name);
    }
    if reasons.is_empty() {
        return None;
    }
    if let (Some(x), Some(y)) = (&a.birthday, &b.birthday) {
        if x == y {
            reasons.push(Reason::SameBirthday);
            confidence = (confidence + 0.05).min(0.99);
        }
    }
    Some(Candidate {
        id: b.id,
        reasons,
        confidence: (confidence * 100.0).round() / 100.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(id: i64, name: &str) -> Facts {
        Facts {
            id,
            name: name.into(),
            ..Facts::default()
        }
    }

    #[test]
    fn name_keys_fold_order_titles_and_initials() {
        assert_eq!(name_keys("José García").0, "garcia jose");
        assert_eq!(name_keys("Garcia, Jose").0, "garcia jose");
        assert_eq!(name_keys("Dr. José F. García (he/him)").0, "garcia jose");
        assert_eq!(name_keys("Ava Johnson, MBA").0, "ava johnson");
        assert_eq!(name_keys("Ava Johnson, MBA").1, "johnson a");
        assert_eq!(name_keys("J. García").1, "garcia j");
        assert_eq!(name_keys("王伟").0, name_keys("伟 王").0);
        assert_eq!(name_keys("Weiß").0, "weiss");
        assert_eq!(
            name_keys("Zoe\u{308} Mu\u{308}ller").0,
            name_keys("Zoë Müller").0
        );
        assert_eq!(name_keys("Cher").1, "");
        assert_ne!(name_keys("Adder 1").0, name_keys("Adder 2").0);
        assert!(!names_compatible("Adder 1", "Adder 2"));
        assert!(names_compatible("J. García", "José García"));
        assert!(!names_compatible("Juan García", "José García"));
        assert!(!names_compatible("Sofía Peña", "Sofía Pérez"));
        assert!(names_compatible("Zoë Müller", "Zoe Muller"));
        assert!(names_compatible("Smith, John", "John Smith"));
        assert!(!names_compatible("Nicolò Esposito", "Liam Kowalski"));
        assert!(names_compatible("anna@example.com", "Anna"));
    }

    #[test]
    fn urls_normalise() {
        let k = url_key("https://www.linkedin.com/in/anna/");
        assert_eq!(k, "linkedin.com/in/anna");
        assert_eq!(url_key("http://de.linkedin.com/in/Anna?trk=x"), k);
        assert_eq!(url_key("linkedin.com/in/anna"), k);
        assert_eq!(profile_network("https://twitter.com/anna"), Some("x"));
        assert_eq!(profile_network("https://www.acme.example/"), None);
        assert_eq!(
            profile_network("https://www.linkedin.com/company/acme"),
            None
        );
        assert_eq!(
            point_key(ContactKind::Email, " Anna@Acme.Example "),
            "e:anna@acme.example"
        );
    }

    #[test]
    fn vetoes_and_scores() {
        let mut a = facts(1, "David Biton");
        let mut b = facts(2, "David Biton");
        a.company = Some("Globex".into());
        b.company = Some("Globex".into());
        assert_eq!(
            score(&a, &b, 2).map(|c| c.reasons),
            Some(vec![Reason::SameNameAndCompany])
        );
        a.profiles = vec![point_key(
            ContactKind::Social,
            "https://linkedin.com/in/david-1",
        )];
        b.profiles = vec![point_key(
            ContactKind::Social,
            "https://linkedin.com/in/david-2",
        )];
        assert_eq!(veto(&a, &b), Some(Veto::OtherProfile("linkedin")));
        assert!(score(&a, &b, 2).is_none());
        b.profiles.clear();
        b.birthday = Some("1980-01-02".into());
        a.birthday = Some("1981-01-02".into());
        assert_eq!(veto(&a, &b), Some(Veto::OtherBirthday));
        a.birthday = Some("--01-02".into());
        assert_eq!(veto(&a, &b), None);
        a.source_uid = Some(("book".into(), "A".into()));
        b.source_uid = Some(("book".into(), "B".into()));
        assert_eq!(veto(&a, &b), Some(Veto::OtherUid));
        b.source_uid = Some(("other".into(), "B".into()));
        assert_eq!(veto(&a, &b), None);
        assert!(score(&facts(1, "Anna Bakker"), &facts(2, "Piet Bakker"), 2).is_none());
    }
}
