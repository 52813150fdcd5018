//! Mail as touches: who a message was between, when, and about what. The
//! headers are decoded by `mail-parser` (RFC 2047 words, display names,
//! groups); nothing here writes to the store.

pub mod maildir;

use chrono::{DateTime, Utc};
use mail_parser::{Address, HeaderValue, MessageParser};

/// A message, as far as a touch needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The Message-ID, or one derived from the headers when it has none, so a
    /// rerun recognises the message either way.
    pub message_id: String,
    pub date: Option<DateTime<Utc>>,
    pub subject: String,
    pub from: Vec<Party>,
    /// To, Cc and Bcc, each address once.
    pub recipients: Vec<Party>,
    /// Sent by a machine or to a list (Auto-Submitted, Precedence: bulk,
    /// list or junk): not a touch with its sender.
    pub automated: bool,
}

/// One address of a message, with its display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub email: String,
    pub name: Option<String>,
}

/// Whose touch a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From one of your addresses: a touch with each recipient.
    Sent,
    /// From someone else: a touch with the sender.
    Received,
}

/// Why a message could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    NotAMessage,
    NoAddresses,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::NotAMessage => {
                write!(f, "not an RFC 5322 message (no header could be read)")
            }
            Unreadable::NoAddresses => write!(f, "the message has no From address"),
        }
    }
}

/// How much of a message is read at most: headers past this are left out.
pub const HEADER_LIMIT: usize = 256 * 1024;

/// The header block of a raw message: up to the first empty line.
pub fn header_block(raw: &[u8]) -> &[u8] {
    let raw = &raw[..raw.len().min(HEADER_LIMIT)];
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\n' {
            let rest = &raw[i + 1..];
            if rest.starts_with(b"\n") || rest.starts_with(b"\r\n") {
                return &raw[..=i];
            }
        }
        i += 1;
    }
    raw
}

fn parties(a: Option<&Address>, out: &mut Vec<Party>) {
    let Some(a) = a else { return };
    for addr in a.iter() {
        let Some(email) = addr.address.as_deref().map(str::trim) else {
            continue;
        };
        // An RFC 2369 URL or a bare word is not someone to write to.
        if !email.contains('@') || email.contains(char::is_whitespace) {
            continue;
        }
        if out.iter().any(|p| p.email.eq_ignore_ascii_case(email)) {
            continue;
        }
        let name = addr
            .name
            .as_deref()
            .map(str::trim)
            .map(|n| n.trim_matches(|c| c == '"' || c == '\''))
            .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case(email))
            .map(String::from);
        out.push(Party {
            email: email.to_string(),
            name,
        });
    }
}

fn header_text<'a>(m: &'a mail_parser::Message, name: &'static str) -> Option<&'a str> {
    m.header(name).and_then(HeaderValue::as_text)
}

/// Reads a message's headers.
pub fn parse(raw: &[u8]) -> Result<Mail, Unreadable> {
    let head = header_block(raw);
    let m = MessageParser::new()
        .parse_headers(head)
        .ok_or(Unreadable::NotAMessage)?;
    if m.headers().is_empty() {
        return Err(Unreadable::NotAMessage);
    }
    let mut from = Vec::new();
    parties(m.from(), &mut from);
    if from.is_empty() {
        return Err(Unreadable::NoAddresses);
    }
    let mut recipients = Vec::new();
    parties(m.to(), &mut recipients);
    parties(m.cc(), &mut recipients);
    parties(m.bcc(), &mut recipients);
    let date = m
        .date()
        .filter(|d| d.is_valid())
        .and_then(|d| DateTime::<Utc>::from_timestamp(d.to_timestamp(), 0));
    let message_id = match m.message_id().map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => id.to_string(),
        // Derived from the whole header block: the same file gives the same id.
        None => format!(
            "kith-{}@derived",
            uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, head).simple()
        ),
    };
    let automated = header_text(&m, "Auto-Submitted")
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("no"))
        || header_text(&m, "Precedence").is_some_and(|v| {
            matches!(
                v.trim().to_ascii_lowercase().as_str(),
                "bulk" | "list" | "junk"
            )
        });
    Ok(Mail {
        message_id,
        date,
        subject: m
            .subject()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default(),
        from,
        recipients,
        automated,
    })
}

/// Whether `email` is one of `mine` (compared without case).
pub fn is_mine(email: &str, mine: &[String]) -> bool {
    mine.iter()
        .any(|m| m.trim().eq_ignore_ascii_case(email.trim()))
}

impl Mail {
    pub fn direction(&self, mine: &[String]) -> Direction {
        if self.from.iter().any(|p| is_mine(&p.email, mine)) {
            Direction::Sent
        } else {
            Direction::Received
        }
    }

    /// The people a message is a touch with: the recipients of a message you
    /// sent (not yourself), the sender of one you received (unless `received`
    /// is off or a machine sent it).
    pub fn others(&self, mine: &[String], received: bool) -> Vec<&Party> {
        match self.direction(mine) {
            Direction::Sent => self
                .recipients
                .iter()
                .filter(|p| !is_mine(&p.email, mine))
                .collect(),
            Direction::Received if received && !self.automated => self
                .from
                .iter()
                .filter(|p| !is_mine(&p.email, mine))
                .collect(),
            Direction::Received => Vec::new(),
        }
    }
}

/// Addresses no person reads (no-reply, bounces, notifications): never
/// suggested or added as people.
pub fn is_machine(email: &str) -> bool {
    let local = email
        .split('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    [
        "noreply",
        "no-reply",
        "no_reply",
        "donotreply",
        "do-not-reply",
        "mailer-daemon",
        "postmaster",
        "bounce",
        "notifications",
        "notification",
    ]
    .iter()
    .any(|m| {
        local == *m || local.starts_with(&format!("{m}+")) || local.starts_with(&format!("{m}-"))
    }) || local.starts_with("bounce")
}

/// A name for someone known only by a message: the display name, else the
/// address's local part in words ("anna.de_vries" → "Anna De Vries").
pub fn name_for(p: &Party) -> String {
    if let Some(n) = &p.name {
        return n.clone();
    }
    let local = p.email.split('@').next().unwrap_or(&p.email);
    let words: Vec<String> = local
        .split(['.', '_', '-', '+'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect();
    if words.is_empty() {
        p.email.clone()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENT: &[u8] = b"From: Me <me@example.org>\r\n\
To: =?UTF-8?Q?Jos=C3=A9_Garc=C3=ADa?= <jose@lisboa.example>, anna@acme.example\r\n\
Cc: Friends: dirk@brightlane.example, Me <ME@example.org>;\r\n\
Subject: =?UTF-8?B?V0FMIHNsaWRlcw==?=\r\n\
Date: Fri, 20 Nov 2026 10:15:00 +0100\r\n\
Message-ID: <abc@example.org>\r\n\
\r\n\
Body: From: someone@else.example\r\n";

    #[test]
    fn a_sent_message_is_a_touch_with_each_recipient() {
        let m = parse(SENT).expect("parses");
        assert_eq!(m.message_id, "abc@example.org");
        assert_eq!(m.subject, "WAL slides");
        assert_eq!(
            m.date.map(|d| d.to_rfc3339()),
            Some("2026-11-20T09:15:00+00:00".into())
        );
        let mine = vec!["me@example.org".to_string()];
        assert_eq!(m.direction(&mine), Direction::Sent);
        let others: Vec<(&str, Option<&str>)> = m
            .others(&mine, true)
            .iter()
            .map(|p| (p.email.as_str(), p.name.as_deref()))
            .collect();
        assert_eq!(
            others,
            [
                ("jose@lisboa.example", Some("José García")),
                ("anna@acme.example", None),
                ("dirk@brightlane.example", None),
            ]
        );
    }

    #[test]
    fn a_received_message_is_a_touch_with_the_sender_unless_a_machine_sent_it() {
        let raw = b"From: Anna <anna@acme.example>\nTo: me@example.org\nSubject: hi\n\n";
        let m = parse(raw).expect("parses");
        let mine = vec!["me@example.org".to_string()];
        assert_eq!(m.direction(&mine), Direction::Received);
        assert_eq!(m.others(&mine, true).len(), 1);
        assert!(m.others(&mine, false).is_empty());
        let bulk = b"From: News <news@acme.example>\nPrecedence: bulk\nSubject: x\n\n";
        assert!(parse(bulk).expect("parses").others(&mine, true).is_empty());
        // No Message-ID: the same headers give the same id.
        assert_eq!(parse(raw).map(|m| m.message_id), Ok(m.message_id));
    }

    #[test]
    fn what_is_not_a_message_says_so() {
        assert_eq!(parse(b""), Err(Unreadable::NotAMessage));
        assert_eq!(parse(b"Subject: x\n\n"), Err(Unreadable::NoAddresses));
        assert!(parse(&[0xff; 100]).is_err());
    }

    #[test]
    fn machines_and_names() {
        assert!(is_machine("noreply@github.com"));
        assert!(is_machine("bounces+123@list.example"));
        assert!(!is_machine("anna@acme.example"));
        let p = Party {
            email: "anna.de_vries@acme.example".into(),
            name: None,
        };
        assert_eq!(name_for(&p), "Anna De Vries");
    }
}
