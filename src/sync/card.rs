//! A person as a card in a vdir carries them, and the card edited in place.
//!
//! [`View`] is what of a person a card carries, field by field, read the same
//! way from a card's text ([`parse`]) and from the store, so the two compare.
//! [`edit`] changes a card's text to show another view, touching only the
//! lines whose field changed: every line Kith does not know (PHOTO,
//! `itemN.X-ABLabel`, X-ANDROID-*, related names, …) stays byte for byte.
//! Kith's own data (rhythm, bump, snooze, notes, meetings and their events)
//! travels in `X-KITH-*` lines.

use std::collections::HashSet;

use calcard::{Entry, Parser};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::interop::text::{decode, split_name};
use crate::interop::vcard::{escape, line, point_line, raw_bday, to_record};
use crate::interop::Record;
use crate::model::{ContactKind, ContactPoint, NoteKind};
use crate::store::interop::EventData;
use crate::when::{check_stored_birthday, check_stored_date, check_stored_instant};

pub use crate::store::sync::{SyncMeeting as KMeeting, SyncNote as KNote};

/// Kith's own data in a card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KithPart {
    /// The card has `X-KITH-*` lines. A card without any (a client dropped
    /// them) says nothing about Kith's data, which is then left as it is.
    pub present: bool,
    pub rhythm: Option<i64>,
    pub bump: Option<String>,
    pub snooze: Option<String>,
    pub notes: Vec<KNote>,
    pub meetings: Vec<KMeeting>,
    pub events: Vec<EventData>,
}

/// What of a person a card carries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub name: String,
    pub company: Option<String>,
    pub title: Option<String>,
    pub birthday: Option<String>,
    pub points: Vec<ContactPoint>,
    pub tags: Vec<String>,
    /// The card's NOTE, which shows one Kith note.
    pub card_note: Option<String>,
    pub kith: KithPart,
}

/// A card read from a file.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub uid: Option<String>,
    pub view: View,
    /// Fields left out, and why (a birthday that is not a date, …).
    pub warnings: Vec<String>,
    /// The card as an import reads it (without its NOTE, which maps to one
    /// note of its own): for the identity rule.
    pub record: Record,
}

/// The key a contact point is compared by: its kind and its value as the
/// identity rule normalises it (emails, profiles), else folded (case and,
/// for phone numbers, everything but digits and `+`).
pub fn point_id(cp: &ContactPoint) -> String {
    let norm = crate::identity::point_key(cp.kind, &cp.value);
    let norm = if !norm.is_empty() {
        norm
    } else if cp.kind == ContactKind::Phone {
        cp.value
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    } else {
        cp.value.trim().to_lowercase()
    };
    format!("{}:{norm}", cp.kind.as_str())
}

pub fn tag_id(t: &str) -> String {
    t.trim().to_lowercase()
}

/// Text as a card file holds it (UTF-8, or Windows-1252 when it is not).
pub fn text_of(bytes: &[u8]) -> String {
    decode(bytes).0
}

/// Reads a card. An error says why it is not one.
pub fn parse(text: &str) -> std::result::Result<Parsed, String> {
    let mut warnings = Vec::new();
    let lines = raw_lines(text);
    let cards = lines
        .iter()
        .filter(|l| l.name == "BEGIN" && l.value.trim().eq_ignore_ascii_case("VCARD"))
        .count();
    if cards > 1 {
        return Err(format!(
            "holds {cards} cards, and an item of a vdir is one card"
        ));
    }
    let card = match Parser::new(text).entry() {
        Entry::VCard(v) => v,
        other => return Err(format!("not a vCard ({})", short_debug(&other))),
    };
    let mut warn = |_prop: &str, message: String| warnings.push(message);
    let mut record = to_record(&card, 1, raw_bday(text).as_deref(), &mut warn)
        .ok_or_else(|| "the card has no name, email or phone".to_string())?;
    quoted_labels(&lines, &mut record.contact_points);
    let mut kith = KithPart::default();
    for l in &lines {
        if l.name.starts_with("X-KITH-") {
            kith.present = true;
            if let Err(why) = read_kith(l, &mut kith) {
                warnings.push(format!("{}: {why}; left out", l.name));
            }
        }
    }
    let notes: Vec<&str> = record.notes.iter().map(|n| n.body.as_str()).collect();
    let view = View {
        name: record.fields.name.clone(),
        company: record.fields.company.clone(),
        title: record.fields.title.clone(),
        birthday: record.fields.birthday.clone(),
        points: record.contact_points.clone(),
        tags: record.tags.clone(),
        card_note: (!notes.is_empty()).then(|| notes.join("\n\n")),
        kith,
    };
    record.notes.clear();
    Ok(Parsed {
        uid: record.uid.clone().filter(|_| !record.uid_derived),
        view,
        warnings,
        record,
    })
}

/// A label quoted because it holds `,` or `;` (`TYPE="work: main; home,
/// too"`, as Kith writes one) is read whole from the line: the vCard reader
/// splits it, or drops it.
fn quoted_labels(lines: &[Raw], points: &mut [ContactPoint]) {
    for l in lines {
        let kind = match l.name.as_str() {
            "EMAIL" => ContactKind::Email,
            "TEL" => ContactKind::Phone,
            "URL" => ContactKind::Url,
            "X-SOCIALPROFILE" => ContactKind::Social,
            _ => continue,
        };
        let Some(label) = l.param("TYPE").filter(|t| t.contains([',', ';'])) else {
            continue;
        };
        if l.group.is_some() {
            continue; // labelled by its group's X-ABLabel
        }
        let id = point_id(&ContactPoint {
            kind,
            label: None,
            value: unescape(&l.value).trim().to_string(),
        });
        if let Some(p) = points.iter_mut().find(|p| point_id(p) == id) {
            p.label = Some(label.trim().to_lowercase());
        }
    }
}

fn short_debug(e: &Entry) -> String {
    let s = format!("{e:?}");
    s.chars().take(60).collect()
}

// ---- content lines ----------------------------------------------------------

/// One content line of a card: its bytes as written (folded lines and line
/// end included) and what it says.
#[derive(Debug, Clone)]
pub struct Raw<'a> {
    pub text: &'a str,
    pub unfolded: String,
    pub group: Option<String>,
    /// Upper case.
    pub name: String,
    /// Names upper case; values unquoted and decoded (RFC 6868).
    pub params: Vec<(String, String)>,
    /// The value as written (escaped).
    pub value: String,
}

impl Raw<'_> {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The content lines of a card's text.
pub fn raw_lines(text: &str) -> Vec<Raw<'_>> {
    // (start, end, whether the line so far is QUOTED-PRINTABLE and ends in a
    // soft line break, so the next physical line continues it).
    let mut spans: Vec<(usize, usize, bool)> = Vec::new();
    let mut at = 0;
    for piece in text.split_inclusive('\n') {
        let start = at;
        at += piece.len();
        let folded = piece.starts_with([' ', '\t']);
        let soft = piece.trim_end_matches(['\n', '\r']).ends_with('=');
        match spans.last_mut() {
            Some(last) if folded || last.2 => {
                last.1 = at;
                last.2 = last.2 && soft;
            }
            _ => {
                let head = piece.split(':').next().unwrap_or("");
                let qp = head.to_ascii_uppercase().contains("QUOTED-PRINTABLE");
                spans.push((start, at, qp && soft));
            }
        }
    }
    spans
        .into_iter()
        .map(|(s, e, _)| {
            let text = &text[s..e];
            let mut unfolded = String::with_capacity(text.len());
            for (i, piece) in text.split_inclusive('\n').enumerate() {
                let piece = piece.trim_end_matches(['\n', '\r']);
                if i == 0 {
                    unfolded.push_str(piece);
                } else if let Some(rest) = piece.strip_prefix([' ', '\t']) {
                    unfolded.push_str(rest);
                } else {
                    // A QUOTED-PRINTABLE soft line break: calcard joins it.
                    unfolded.push('\n');
                    unfolded.push_str(piece);
                }
            }
            let (group, name, params, value) = split_line(&unfolded);
            Raw {
                text,
                unfolded,
                group,
                name,
                params,
                value,
            }
        })
        .collect()
}

type Split = (Option<String>, String, Vec<(String, String)>, String);

fn split_line(l: &str) -> Split {
    // The head ends at the first colon outside quotes.
    let mut quoted = false;
    let mut cut = l.len();
    for (i, ch) in l.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            ':' if !quoted => {
                cut = i;
                break;
            }
            _ => {}
        }
    }
    let head = &l[..cut];
    let value = l.get(cut + 1..).unwrap_or("").to_string();
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    quoted = false;
    for ch in head.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                cur.push(ch);
            }
            ';' if !quoted => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(ch),
        }
    }
    parts.push(cur);
    let first = parts.remove(0);
    let (group, name) = match first.rsplit_once('.') {
        Some((g, n)) => (Some(g.to_string()), n.trim().to_ascii_uppercase()),
        None => (None, first.trim().to_ascii_uppercase()),
    };
    let params = parts
        .into_iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), param_value(v)),
            None => (String::from("TYPE"), param_value(&p)),
        })
        .collect();
    (group, name, params, value)
}

/// A parameter value unquoted, with RFC 6868's `^n`, `^'` and `^^` decoded.
fn param_value(v: &str) -> String {
    let v = v.trim();
    let v = v
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .unwrap_or(v);
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '^' {
            match chars.peek() {
                Some('n') => {
                    out.push('\n');
                    chars.next();
                }
                Some('\'') => {
                    out.push('"');
                    chars.next();
                }
                Some('^') => {
                    out.push('^');
                    chars.next();
                }
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A parameter value written with RFC 6868 escapes, quoted when it holds
/// `:`, `;`, `,` or a space (a server such as Radicale mangles it otherwise).
fn kith_param(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '^' => out.push_str("^^"),
            '"' => out.push_str("^'"),
            '\n' => out.push_str("^n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    if out.chars().any(|c| matches!(c, ',' | ';' | ':' | ' ')) || out.is_empty() {
        format!("\"{out}\"")
    } else {
        out
    }
}

fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ---- Kith's own lines ---------------------------------------------------------

fn opt(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

fn read_kith(l: &Raw, k: &mut KithPart) -> std::result::Result<(), String> {
    let value = unescape(&l.value);
    let date = |s: &str| -> std::result::Result<NaiveDate, String> {
        check_stored_date(s.trim())?;
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|e| e.to_string())
    };
    let id = || {
        opt(l.param("X-ID"))
            .filter(|u| u.len() <= 200)
            .ok_or_else(|| "no X-ID".to_string())
    };
    match l.name.as_str() {
        "X-KITH-RHYTHM" => {
            let days: i64 = value
                .trim()
                .parse()
                .map_err(|_| format!("\"{}\" is not a number of days", value.trim()))?;
            if !(1..=36_500).contains(&days) {
                return Err(format!("{days} days is not a rhythm"));
            }
            k.rhythm = Some(days);
        }
        "X-KITH-BUMP" => {
            check_stored_instant(value.trim())?;
            k.bump = Some(value.trim().to_string());
        }
        "X-KITH-SNOOZE" => {
            date(&value)?;
            k.snooze = Some(value.trim().to_string());
        }
        "X-KITH-NOTE" => {
            let at = l.param("X-DATE").unwrap_or("").trim().to_string();
            check_stored_instant(&at)?;
            let kind = NoteKind::parse(l.param("X-KIND").unwrap_or("note"))
                .ok_or_else(|| "X-KIND is not a kind of note".to_string())?;
            if value.trim().is_empty() {
                return Err("an empty note".into());
            }
            let uuid = id()?;
            // A mark only on a learned note, a met day only on a need.
            let mark = opt(l.param("X-MARK"))
                .map(|m| m.to_ascii_lowercase())
                .filter(|m| kind == NoteKind::Learned && (m == "need" || m == "offer"));
            let met_on = match opt(l.param("X-MET")).filter(|_| mark.as_deref() == Some("need")) {
                Some(d) => Some(date(&d)?.to_string()),
                None => None,
            };
            if !k.notes.iter().any(|n| n.uuid == uuid) {
                k.notes.push(KNote {
                    uuid,
                    kind,
                    at,
                    body: value,
                    event: opt(l.param("X-EVENT")),
                    mark,
                    met_on,
                });
            }
        }
        "X-KITH-MEETING" => {
            let met_on = date(l.param("X-DATE").unwrap_or(""))?;
            let uuid = id()?;
            if !k.meetings.iter().any(|m| m.uuid == uuid) {
                k.meetings.push(KMeeting {
                    uuid,
                    met_on,
                    place: opt(l.param("X-PLACE")),
                    context: opt(Some(&value)),
                    event: opt(l.param("X-EVENT")),
                });
            }
        }
        "X-KITH-EVENT" => {
            let starts_on = date(l.param("X-START").unwrap_or(""))?;
            let ends_on = match l.param("X-END") {
                Some(e) => Some(date(e)?),
                None => None,
            };
            if value.trim().is_empty() {
                return Err("an event without a name".into());
            }
            let uid = id()?;
            if !k.events.iter().any(|e| e.uid == uid) {
                k.events.push(EventData {
                    uid,
                    name: value.trim().to_string(),
                    starts_on,
                    ends_on,
                    place: opt(l.param("X-PLACE")),
                    description: None,
                    created_at: None,
                });
            }
        }
        _ => {} // a later Kith's line: kept out of the view, rewritten away
    }
    Ok(())
}

/// Kith's lines for a view, in a fixed order so an unchanged view writes the
/// same bytes. What would not read back (a date out of range) is not written.
/// Whether Kith has anything of its own to write into a card.
pub fn has_kith_data(k: &KithPart) -> bool {
    k.rhythm.is_some()
        || k.bump.is_some()
        || k.snooze.is_some()
        || !k.notes.is_empty()
        || !k.meetings.is_empty()
}

fn kith_lines(out: &mut String, k: &KithPart, marked: bool) {
    // In every card that carries Kith's data, and stays once there: a card
    // with the marker but without a note's line says that note was deleted
    // (by Kith on another device), while a card without any X-KITH line (a
    // client dropped them, or there never was any) says nothing. A card Kith
    // has nothing to add to is left as it is.
    if !marked && !has_kith_data(k) {
        return;
    }
    line(out, "X-KITH-VERSION:1");
    if let Some(d) = k.rhythm.filter(|d| *d > 0) {
        line(out, &format!("X-KITH-RHYTHM:{d}"));
    }
    if let Some(b) = k
        .bump
        .as_deref()
        .filter(|b| check_stored_instant(b).is_ok())
    {
        line(out, &format!("X-KITH-BUMP:{b}"));
    }
    if let Some(s) = k.snooze.as_deref().filter(|s| check_stored_date(s).is_ok()) {
        line(out, &format!("X-KITH-SNOOZE:{s}"));
    }
    let mut events: Vec<&EventData> = k.events.iter().collect();
    events.sort_by(|a, b| a.uid.cmp(&b.uid));
    for e in events {
        if check_stored_date(&e.starts_on.to_string()).is_err() || e.name.trim().is_empty() {
            continue;
        }
        let mut head = format!(
            "X-KITH-EVENT;X-ID={};X-START={}",
            kith_param(&e.uid),
            e.starts_on
        );
        if let Some(end) = e
            .ends_on
            .filter(|d| check_stored_date(&d.to_string()).is_ok())
        {
            head.push_str(&format!(";X-END={end}"));
        }
        if let Some(p) = e.place.as_deref().filter(|p| !p.trim().is_empty()) {
            head.push_str(&format!(";X-PLACE={}", kith_param(p)));
        }
        line(out, &format!("{head}:{}", escape(&e.name)));
    }
    let mut meetings: Vec<&KMeeting> = k.meetings.iter().collect();
    meetings.sort_by(|a, b| (a.met_on, &a.uuid).cmp(&(b.met_on, &b.uuid)));
    for m in meetings {
        if check_stored_date(&m.met_on.to_string()).is_err() {
            continue;
        }
        let mut head = format!(
            "X-KITH-MEETING;X-ID={};X-DATE={}",
            kith_param(&m.uuid),
            m.met_on
        );
        if let Some(e) = &m.event {
            head.push_str(&format!(";X-EVENT={}", kith_param(e)));
        }
        if let Some(p) = m.place.as_deref().filter(|p| !p.trim().is_empty()) {
            head.push_str(&format!(";X-PLACE={}", kith_param(p)));
        }
        line(
            out,
            &format!("{head}:{}", escape(m.context.as_deref().unwrap_or(""))),
        );
    }
    let mut notes: Vec<&KNote> = k.notes.iter().collect();
    notes.sort_by(|a, b| (&a.at, &a.uuid).cmp(&(&b.at, &b.uuid)));
    for n in notes {
        if check_stored_instant(&n.at).is_err() || n.body.trim().is_empty() {
            continue;
        }
        let mut head = format!(
            "X-KITH-NOTE;X-ID={};X-KIND={};X-DATE={}",
            kith_param(&n.uuid),
            n.kind.as_str(),
            kith_param(&n.at)
        );
        if let Some(e) = &n.event {
            head.push_str(&format!(";X-EVENT={}", kith_param(e)));
        }
        if let Some(m) = &n.mark {
            head.push_str(&format!(";X-MARK={}", kith_param(m)));
        }
        if let Some(d) = n.met_on.as_deref().filter(|d| check_stored_date(d).is_ok()) {
            head.push_str(&format!(";X-MET={d}"));
        }
        line(out, &format!("{head}:{}", escape(&n.body)));
    }
}

// ---- editing a card -------------------------------------------------------------

const POINT_PROPS: [&str; 7] = [
    "EMAIL",
    "TEL",
    "URL",
    "ADR",
    "X-SOCIALPROFILE",
    "SOCIALPROFILE",
    "IMPP",
];

/// CATEGORIES values Kith does not take as tags, kept when it rewrites them.
const KEPT_CATEGORIES: [&str; 2] = ["myContacts", "starred"];

/// The keys of the contact points one line holds, read as a card would be.
fn line_keys(l: &Raw, version: &str) -> Vec<String> {
    let text = format!(
        "BEGIN:VCARD\nVERSION:{version}\nFN:x\n{}\nEND:VCARD\n",
        l.unfolded
    );
    let Entry::VCard(card) = Parser::new(&text).entry() else {
        return Vec::new();
    };
    let mut ignore = |_: &str, _: String| {};
    to_record(&card, 1, None, &mut ignore)
        .map(|r| r.contact_points.iter().map(point_id).collect())
        .unwrap_or_default()
}

fn name_lines(out: &mut String, name: &str, fn_line: bool) {
    if fn_line {
        line(out, &format!("FN:{}", escape(name)));
    } else {
        let (family, given) = split_name(name);
        line(out, &format!("N:{};{};;;", escape(&family), escape(&given)));
    }
}

/// A birthday as BDAY writes it, if it is a real date in range (a Feb 29 of
/// a year that has none is never written).
fn bday_value(b: &str) -> Option<String> {
    check_stored_birthday(b).ok()?;
    Some(match b.strip_prefix("--") {
        Some(md) => format!("--{}", md.replace('-', "")),
        None => b.replace('-', ""),
    })
}

fn tag_set(tags: &[String]) -> Vec<String> {
    let mut v: Vec<String> = tags.iter().map(|t| tag_id(t)).collect();
    v.sort();
    v.dedup();
    v
}

/// A new card for a person: the few lines every card has, then the view.
pub fn fresh(uid: &str, view: &View) -> String {
    let mut text = String::new();
    line(&mut text, "BEGIN:VCARD");
    line(&mut text, "VERSION:4.0");
    line(&mut text, "PRODID:-//Kith//kith//EN");
    line(&mut text, &format!("UID:{}", escape(uid)));
    line(&mut text, "END:VCARD");
    edit(&text, &View::default(), view)
}

/// `text` (a card showing `old`) changed to show `new`. Only the lines of
/// fields that differ are rewritten, removed or added; the rest stay as they
/// were, byte for byte. The REV is left alone: see [`with_rev`].
pub fn edit(text: &str, old: &View, new: &View) -> String {
    let lines = raw_lines(text);
    let version = lines
        .iter()
        .find(|l| l.name == "VERSION")
        .map_or_else(|| "4.0".to_string(), |l| l.value.trim().to_string());
    let name_changed = old.name != new.name && !new.name.trim().is_empty();
    let want: HashSet<String> = new.points.iter().map(point_id).collect();
    let mut to_add: Vec<&ContactPoint> = Vec::new();
    {
        let mut seen = HashSet::new();
        for cp in &new.points {
            if seen.insert(point_id(cp)) {
                to_add.push(cp);
            }
        }
    }
    let tags_changed = tag_set(&old.tags) != tag_set(&new.tags);
    let note_changed = old.card_note != new.card_note;
    // Kith's lines are written again only when what they say changed: a
    // server that sorts lines or parameters (Radicale does) is not a change.
    let kith_changed = !same_kith(&old.kith, &new.kith);
    // Which lines stay; which groups lost a contact point and kept none.
    let mut keep = vec![true; lines.len()];
    let mut replaced: Vec<Option<String>> = vec![None; lines.len()];
    let mut kept_groups: HashSet<String> = HashSet::new();
    let mut dropped_groups: HashSet<String> = HashSet::new();
    let mut kept_categories: Vec<String> = Vec::new();
    let mut kith_at: Option<usize> = None;
    let (mut has_fn, mut has_n, mut has_org, mut has_title, mut has_bday) =
        (false, false, false, false, false);
    for (i, l) in lines.iter().enumerate() {
        let group = l.group.as_ref().map(|g| g.to_lowercase());
        match l.name.as_str() {
            "FN" => {
                if has_fn {
                    continue;
                }
                has_fn = true;
                if name_changed {
                    let mut s = String::new();
                    name_lines(&mut s, &new.name, true);
                    replaced[i] = Some(s);
                }
            }
            "N" => {
                if has_n {
                    continue;
                }
                has_n = true;
                if name_changed {
                    let mut s = String::new();
                    name_lines(&mut s, &new.name, false);
                    replaced[i] = Some(s);
                }
            }
            "ORG" | "TITLE" | "BDAY" => {
                let (seen, was, now) = match l.name.as_str() {
                    "ORG" => (&mut has_org, &old.company, &new.company),
                    "TITLE" => (&mut has_title, &old.title, &new.title),
                    _ => (&mut has_bday, &old.birthday, &new.birthday),
                };
                if *seen {
                    continue;
                }
                *seen = true;
                if was != now {
                    let value = match (l.name.as_str(), now) {
                        (_, None) => None,
                        ("BDAY", Some(b)) => bday_value(b),
                        (_, Some(v)) => Some(escape(v)),
                    };
                    match value {
                        Some(v) => {
                            let mut s = String::new();
                            line(&mut s, &format!("{}:{v}", l.name));
                            replaced[i] = Some(s);
                        }
                        None => keep[i] = false,
                    }
                }
            }
            n if POINT_PROPS.contains(&n) => {
                let keys = line_keys(l, &version);
                if keys.iter().any(|k| want.contains(k)) {
                    to_add.retain(|cp| !keys.contains(&point_id(cp)));
                    if let Some(g) = group {
                        kept_groups.insert(g);
                    }
                } else if !keys.is_empty() {
                    keep[i] = false;
                    if let Some(g) = group {
                        dropped_groups.insert(g);
                    }
                }
            }
            "CATEGORIES" if tags_changed => {
                keep[i] = false;
                for v in unescape(&l.value).split(',') {
                    if KEPT_CATEGORIES
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(v.trim()))
                    {
                        kept_categories.push(v.trim().to_string());
                    }
                }
            }
            "NOTE" if note_changed => keep[i] = false,
            // Rewritten where the first of them was, so an unchanged block
            // is the same bytes in the same place.
            n if n.starts_with("X-KITH-") && kith_changed => {
                keep[i] = false;
                kith_at.get_or_insert(i);
            }
            _ => {}
        }
    }
    // A label (`itemN.X-ABLabel`) goes with the last line of its group.
    for (i, l) in lines.iter().enumerate() {
        if let Some(g) = l.group.as_ref().map(|g| g.to_lowercase()) {
            if dropped_groups.contains(&g)
                && !kept_groups.contains(&g)
                && l.name.starts_with("X-AB")
            {
                keep[i] = false;
            }
        }
    }
    let mut out = String::with_capacity(text.len() + 256);
    for (i, l) in lines.iter().enumerate() {
        if l.name == "END" && l.value.trim().eq_ignore_ascii_case("VCARD") {
            // A card without FN or N (a few writers leave them out) gets
            // them when the name changes, and not otherwise.
            let name_due = (name_changed || old.name.is_empty()) && !new.name.trim().is_empty();
            if !has_fn && name_due {
                name_lines(&mut out, &new.name, true);
            }
            if !has_n && name_due {
                name_lines(&mut out, &new.name, false);
            }
            if let Some(c) = new.company.as_deref().filter(|_| !has_org) {
                line(&mut out, &format!("ORG:{}", escape(c)));
            }
            if let Some(t) = new.title.as_deref().filter(|_| !has_title) {
                line(&mut out, &format!("TITLE:{}", escape(t)));
            }
            if let Some(b) = new
                .birthday
                .as_deref()
                .filter(|_| !has_bday)
                .and_then(bday_value)
            {
                line(&mut out, &format!("BDAY:{b}"));
            }
            for cp in &to_add {
                point_line(&mut out, cp);
            }
            if tags_changed && (!new.tags.is_empty() || !kept_categories.is_empty()) {
                let mut all: Vec<String> = new.tags.iter().map(|t| escape(t)).collect();
                all.extend(kept_categories.iter().map(|t| escape(t)));
                line(&mut out, &format!("CATEGORIES:{}", all.join(",")));
            }
            if note_changed {
                if let Some(n) = new.card_note.as_deref().filter(|n| !n.trim().is_empty()) {
                    line(&mut out, &format!("NOTE:{}", escape(n)));
                }
            }
            if kith_at.is_none() && kith_changed {
                kith_lines(&mut out, &new.kith, old.kith.present);
            }
            out.push_str(l.text);
            continue;
        }
        if kith_at == Some(i) {
            kith_lines(&mut out, &new.kith, old.kith.present);
        }
        if let Some(r) = &replaced[i] {
            out.push_str(r);
        } else if keep[i] {
            out.push_str(l.text);
            if !l.text.ends_with('\n') {
                out.push_str("\r\n");
            }
        }
    }
    out
}

/// Whether two views say the same, whatever the order of their contact
/// points, tags, notes and meetings.
pub fn same_view(a: &View, b: &View) -> bool {
    fn points(v: &View) -> Vec<(String, Option<String>)> {
        let mut p: Vec<_> = v
            .points
            .iter()
            .map(|c| (point_id(c), c.label.clone()))
            .collect();
        p.sort();
        p
    }
    a.name == b.name
        && a.company == b.company
        && a.title == b.title
        && a.birthday == b.birthday
        && a.card_note == b.card_note
        && tag_set(&a.tags) == tag_set(&b.tags)
        && (a.points == b.points || points(a) == points(b))
        && same_kith(&a.kith, &b.kith)
}

/// Whether two cards' Kith data say the same, whatever the order of their lines.
pub fn same_kith(a: &KithPart, b: &KithPart) -> bool {
    fn sorted<T: Clone, K: Ord>(v: &[T], key: impl Fn(&T) -> K) -> Vec<T> {
        let mut v = v.to_vec();
        v.sort_by_key(|x| key(x));
        v
    }
    a.present == b.present
        && a.rhythm == b.rhythm
        && a.bump == b.bump
        && a.snooze == b.snooze
        && (a.notes == b.notes
            || sorted(&a.notes, |n| n.uuid.clone()) == sorted(&b.notes, |n| n.uuid.clone()))
        && (a.meetings == b.meetings
            || sorted(&a.meetings, |m| m.uuid.clone()) == sorted(&b.meetings, |m| m.uuid.clone()))
        && (a.events == b.events
            || sorted(&a.events, |e| e.uid.clone()) == sorted(&b.events, |e| e.uid.clone()))
}

/// The card with its REV set to `rev` (replacing the REV it had).
pub fn with_rev(text: &str, rev: &str) -> String {
    let lines = raw_lines(text);
    let mut out = String::with_capacity(text.len() + 32);
    let mut done = false;
    for l in &lines {
        if l.name == "REV" {
            if !done {
                line(&mut out, &format!("REV:{rev}"));
                done = true;
            }
            continue;
        }
        if l.name == "END" && l.value.trim().eq_ignore_ascii_case("VCARD") && !done {
            line(&mut out, &format!("REV:{rev}"));
            done = true;
        }
        out.push_str(l.text);
    }
    out
}

/// The card's REV, if it has one.
pub fn rev_of(text: &str) -> Option<String> {
    raw_lines(text)
        .into_iter()
        .find(|l| l.name == "REV")
        .map(|l| l.value.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHONE: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\nN:Vries;Anna;;;\r\nFN:Anna de Vries\r\nitem1.TEL;type=pref:+31 6 1234 5678\r\nitem1.X-ABLabel:_$!<Mobile>!$_\r\nEMAIL;type=INTERNET:anna@acme.example\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQN\r\n DBsSEw8UHR8eHRwcHCAkLicgIiwjHBwoNyksMDE0NDQfJzk9ODI8LjM0Mv/bAEMBCQkJDAsM\r\nX-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Bob;1;;;;;;;;;;;;;\r\nNOTE:met at the booth\r\nUID:4A2B:ABPerson\r\nEND:VCARD\r\n";

    #[test]
    fn reading_a_phone_card() {
        let p = parse(PHONE).unwrap();
        assert_eq!(p.uid.as_deref(), Some("4A2B:ABPerson"));
        assert_eq!(p.view.name, "Anna de Vries");
        assert_eq!(p.view.points.len(), 2);
        assert_eq!(p.view.card_note.as_deref(), Some("met at the booth"));
        assert!(!p.view.kith.present);
    }

    #[test]
    fn an_unchanged_view_changes_no_byte() {
        let p = parse(PHONE).unwrap();
        assert_eq!(edit(PHONE, &p.view, &p.view), PHONE);
    }

    #[test]
    fn a_removed_number_goes_with_its_label_and_the_rest_stays() {
        let p = parse(PHONE).unwrap();
        let mut new = p.view.clone();
        new.points.retain(|c| c.kind != ContactKind::Phone);
        new.company = Some("Acme, Inc.".into());
        new.kith.rhythm = Some(30);
        new.kith.present = true;
        new.kith.notes.push(KNote {
            uuid: "n1".into(),
            kind: NoteKind::Talk,
            at: "2026-11-20T10:00:00Z".into(),
            body: "WAL: the slides; \"quoted\"\nline two".into(),
            event: Some("ev:1,2".into()),
            mark: None,
            met_on: None,
        });
        let out = edit(PHONE, &p.view, &new);
        assert!(!out.contains("item1."), "{out}");
        assert!(out.contains("PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQN\r\n DBsSEw8UHR8eHRwcHCAkLicgIiwjHBwoNyksMDE0NDQfJzk9ODI8LjM0Mv/bAEMBCQkJDAsM\r\n"));
        assert!(out
            .contains("X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Bob;1;;;;;;;;;;;;;\r\n"));
        assert!(out.contains("X-EVENT=\"ev:1"), "{out}");
        let back = parse(&out).unwrap();
        assert_eq!(back.view, new);
        // Writing the same view again changes nothing.
        assert_eq!(edit(&out, &back.view, &new), out);
    }

    #[test]
    fn a_fresh_card_reads_back_as_its_view() {
        let view = View {
            name: "José García".into(),
            company: Some("Globex".into()),
            birthday: Some("--02-29".into()),
            points: vec![ContactPoint {
                kind: ContactKind::Email,
                label: Some("work".into()),
                value: "jose@globex.example".into(),
            }],
            tags: vec!["rust".into(), "nl".into()],
            kith: KithPart {
                present: true,
                rhythm: Some(90),
                ..KithPart::default()
            },
            ..View::default()
        };
        let text = fresh("a/b@c:d", &view);
        let back = parse(&text).unwrap();
        assert_eq!(back.uid.as_deref(), Some("a/b@c:d"));
        assert_eq!(back.view, view);
        let with = with_rev(&text, "20261123T090000Z");
        assert_eq!(rev_of(&with).as_deref(), Some("20261123T090000Z"));
        assert_eq!(
            with_rev(&with, "20261123T090001Z").matches("REV:").count(),
            1
        );
    }

    #[test]
    fn an_impossible_birthday_is_never_written() {
        let view = View {
            name: "X".into(),
            birthday: Some("2023-02-29".into()),
            ..View::default()
        };
        assert!(!fresh("u", &view).contains("BDAY"));
    }
}
