//! vCard 2.1, 3.0 and 4.0 in, vCard 4.0 out.
//!
//! Reading is in two steps. [`Reader`] frames cards line by line, streaming:
//! it knows line numbers, leaves out PHOTO-like blobs without holding them,
//! drops an oversized value, and reports a card without END. Each card's text
//! then goes to calcard, which unfolds lines and decodes QUOTED-PRINTABLE,
//! charsets and escapes; [`to_record`] maps its properties onto a person.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use calcard::common::PartialDateTime;
use calcard::vcard::{
    VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty, VCardType,
    VCardValue,
};
use calcard::{Entry, Parser};
use chrono::NaiveDate;

use super::lines::{size, Line, Lines, MAX_RECORD};
use super::seen::{self, Known};
use super::text::{clean_label, decode, derived_uid, first_of, split_name, strip_nul};
use super::{Format, Item, Problem, Record};
use crate::model::{ContactKind, ContactPoint, NoteKind};
use crate::ops::capture::url_point;
use crate::store::interop::{NoteData, PersonData};

/// A single property value larger than this is left out (with a message).
pub const MAX_VALUE: usize = super::lines::MAX_VALUE;
/// Properties Kith keeps one of: a repeat is reported, the first kept.
const SINGLE: [&str; 6] = ["FN", "N", "BDAY", "UID", "ORG", "TITLE"];
/// Properties that carry blobs Kith does not keep.
const BLOBS: [&str; 4] = ["PHOTO", "LOGO", "SOUND", "KEY"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    No,
    /// A blob: its continuation lines (folded, or bare base64 in 2.1) go too.
    Blob,
    /// An oversized value: its folded continuation lines go too.
    Oversize,
}

struct Card {
    start: usize,
    buf: Vec<u8>,
    /// For each line of `buf`, its line in the file.
    lines: Vec<usize>,
    /// Upper-case property names (without group) and their lines.
    props: Vec<(String, usize)>,
    prop_start: usize,
    prop_line: usize,
    prop_name: String,
    qp: bool,
    soft_break: bool,
    skip: Skip,
    /// Past [`MAX_RECORD`]: the rest is read to its END without being kept.
    too_big: bool,
    problems: Vec<Problem>,
}

/// Streams the cards of one file.
pub struct Reader<R> {
    input: Lines<R>,
    file: PathBuf,
    line: usize,
    buf: Vec<u8>,
    card: Option<Card>,
    junk_reported: bool,
    /// Bytes outside any card since the last card: past [`MAX_RECORD`] the
    /// file is not a vCard file, and reading stops.
    junk: usize,
    stopped: Arc<AtomicBool>,
    done: bool,
    /// Cards imported before: one of them, unchanged, is not parsed again.
    known: Known,
}

impl<R: BufRead> Reader<R> {
    /// `stopped` is set when the reader gives up on the file before its end.
    pub fn new(input: R, file: PathBuf, stopped: Arc<AtomicBool>, known: Known) -> Self {
        Reader {
            input: Lines::new(input),
            file,
            line: 0,
            buf: Vec::with_capacity(256),
            card: None,
            junk_reported: false,
            junk: 0,
            stopped,
            done: false,
            known,
        }
    }

    fn problem(&self, line: usize, message: impl Into<String>, skipped: bool) -> Problem {
        Problem {
            file: self.file.clone(),
            line,
            message: message.into(),
            skipped,
        }
    }

    fn start_card(&mut self) {
        self.card = Some(Card {
            start: self.line,
            buf: b"BEGIN:VCARD".to_vec(),
            lines: vec![self.line],
            props: Vec::new(),
            prop_start: 0,
            prop_line: self.line,
            prop_name: String::new(),
            qp: false,
            soft_break: false,
            skip: Skip::No,
            too_big: false,
            problems: Vec::new(),
        });
    }

    fn finish(&mut self, mut card: Card) -> Item {
        if card.too_big {
            let mut problems = card.problems;
            problems.push(self.problem(
                card.start,
                format!("card is larger than {}; skipped", size(MAX_RECORD as u64)),
                true,
            ));
            return Item {
                record: None,
                problems,
                known: None,
            };
        }
        // Kith keeps one of these: a second one is named, not silently dropped.
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (name, line) in &card.props {
            if let Some(single) = SINGLE.iter().find(|s| **s == name.as_str()) {
                match first.get(single) {
                    Some(at) => card.problems.push(problem_at(
                        &self.file,
                        *line,
                        format!("{single} given again (first at line {at}); the first is kept"),
                        false,
                    )),
                    None => {
                        first.insert(single, *line);
                    }
                }
            }
        }
        let hash = seen::of_bytes(Format::Vcard, &card.buf);
        if card.problems.is_empty() && self.known.contains(&hash) {
            return Item {
                record: None,
                problems: Vec::new(),
                known: Some(hash),
            };
        }
        card.buf.extend_from_slice(b"\nEND:VCARD\n");
        let mut text = String::with_capacity(card.buf.len());
        for (nth, piece) in card.buf.split(|b| *b == b'\n').enumerate() {
            let (mut s, bad) = decode(piece);
            let line = card.lines.get(nth).copied().unwrap_or(card.start);
            if bad.is_some() {
                card.problems.push(self.problem(
                    line,
                    "not valid UTF-8; read as Windows-1252",
                    false,
                ));
            }
            if strip_nul(&mut s) {
                card.problems
                    .push(self.problem(line, "NUL bytes removed", false));
            }
            if nth > 0 {
                text.push('\n');
            }
            text.push_str(&s);
        }
        let mut problems = card.problems;
        let mut parser = Parser::new(&text);
        let record = match parser.entry() {
            Entry::VCard(vcard) => {
                let file = self.file.clone();
                let mut warn = |prop: &str, message: String| {
                    let line = card
                        .props
                        .iter()
                        .find(|(n, _)| n == prop)
                        .map(|(_, l)| *l)
                        .unwrap_or(card.start);
                    problems.push(Problem {
                        file: file.clone(),
                        line,
                        message,
                        skipped: false,
                    });
                };
                match to_record(&vcard, card.start, raw_bday(&text).as_deref(), &mut warn) {
                    Some(mut r) => {
                        r.file = self.file.clone();
                        // Only a card read without a problem is skipped next
                        // time: the others say again what is wrong with them.
                        r.hash = Some(hash);
                        Some(r)
                    }
                    None => {
                        problems.push(self.problem(
                            card.start,
                            "card has no name, email or phone",
                            true,
                        ));
                        None
                    }
                }
            }
            other => {
                problems.push(self.problem(
                    card.start,
                    format!("unreadable card: {other:?}"),
                    true,
                ));
                None
            }
        };
        Item {
            record,
            problems,
            known: None,
        }
    }
}

enum Step {
    Line,
    End,
    Begin,
}

fn problem_at(file: &Path, line: usize, message: impl Into<String>, skipped: bool) -> Problem {
    Problem {
        file: file.to_path_buf(),
        line,
        message: message.into(),
        skipped,
    }
}

/// Takes one line inside a card.
fn card_line(card: &mut Card, raw: &[u8], line_no: usize, file: &Path) -> Step {
    if card.too_big {
        return match structural(raw) {
            Some(step) => step,
            None => Step::Line,
        };
    }
    let folded = matches!(raw.first(), Some(b' ' | b'\t'));
    let blob_tail = card.skip == Skip::Blob && !raw.is_empty() && !raw.contains(&b':');
    // A soft line break never runs over the end of a card.
    let qp_tail = card.qp && card.soft_break && structural(raw).is_none();
    if folded || blob_tail || qp_tail {
        if card.skip != Skip::No {
            // A value left out still ends where its soft line breaks do,
            // so the cards after it are read again.
            if qp_tail {
                card.soft_break = raw.last() == Some(&b'=');
            }
            return Step::Line;
        }
        card.soft_break = card.qp && raw.last() == Some(&b'=');
        if qp_tail {
            // calcard joins QUOTED-PRINTABLE soft line breaks itself.
            card.buf.push(b'\n');
            card.buf.extend_from_slice(raw);
            card.lines.push(line_no);
        } else {
            // Unfolded here, on bytes, so a fold inside a UTF-8 character
            // (a bug of some writers) joins it back whole.
            card.buf.extend_from_slice(&raw[1..]);
        }
        check_size(card, file);
        return Step::Line;
    }
    card.skip = Skip::No;
    card.soft_break = false;
    if raw.iter().all(|b| b.is_ascii_whitespace()) {
        return Step::Line;
    }
    if let Some(step) = structural(raw) {
        return step;
    }
    let head_end = raw
        .iter()
        .position(|b| *b == b':' || *b == b';')
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..head_end]).to_ascii_uppercase();
    let name = head.rsplit('.').next().unwrap_or("").trim().to_string();
    if BLOBS.contains(&name.as_str()) {
        card.skip = Skip::Blob;
        return Step::Line;
    }
    let colon = raw.iter().position(|b| *b == b':').unwrap_or(raw.len());
    card.qp = raw[..colon]
        .windows(16)
        .any(|w| w.eq_ignore_ascii_case(b"QUOTED-PRINTABLE"));
    card.soft_break = card.qp && raw.last() == Some(&b'=');
    card.buf.push(b'\n');
    card.prop_start = card.buf.len();
    card.prop_line = line_no;
    card.buf.extend_from_slice(raw);
    card.lines.push(line_no);
    card.props.push((name.clone(), line_no));
    card.prop_name = name;
    check_size(card, file);
    Step::Line
}

/// END:VCARD or BEGIN:VCARD.
fn structural(raw: &[u8]) -> Option<Step> {
    if raw.len() > 16 {
        return None;
    }
    let trimmed = String::from_utf8_lossy(raw).trim().to_ascii_uppercase();
    match trimmed.as_str() {
        "END:VCARD" => Some(Step::End),
        "BEGIN:VCARD" => Some(Step::Begin),
        _ => None,
    }
}

fn check_size(card: &mut Card, file: &Path) {
    if card.buf.len() > MAX_RECORD {
        // Nothing more of it is kept; it is reported when it ends.
        card.too_big = true;
        card.buf = Vec::new();
        card.lines = Vec::new();
        card.props = Vec::new();
        return;
    }
    if card.buf.len() - card.prop_start > MAX_VALUE {
        card.buf.truncate(card.prop_start.saturating_sub(1));
        while card.lines.len() > 1 && card.lines.last().is_some_and(|l| *l >= card.prop_line) {
            card.lines.pop();
        }
        card.props.pop();
        card.skip = Skip::Oversize;
        card.problems.push(problem_at(
            file,
            card.prop_line,
            format!(
                "{} is larger than {}; left out",
                card.prop_name,
                size(MAX_VALUE as u64)
            ),
            false,
        ));
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            let kind = match self.input.next_line(&mut self.buf) {
                Ok(kind) => kind,
                Err(e) => {
                    self.done = true;
                    self.stopped.store(true, Ordering::Relaxed);
                    let mut problems = self.card.take().map(|c| c.problems).unwrap_or_default();
                    problems.push(self.problem(self.line + 1, format!("cannot read: {e}"), true));
                    return Some(Item {
                        record: None,
                        problems,
                        known: None,
                    });
                }
            };
            if kind == Line::End {
                self.done = true;
                if let Some(card) = self.card.take() {
                    let mut problems = card.problems;
                    problems.push(self.problem(
                        card.start,
                        "card has no END:VCARD (the file ends first)",
                        true,
                    ));
                    return Some(Item {
                        record: None,
                        problems,
                        known: None,
                    });
                }
                return None;
            }
            self.line += 1;
            let kind_too_long = kind == Line::TooLong;
            if kind_too_long {
                let cap = size(MAX_RECORD as u64);
                match self.card.as_mut() {
                    Some(card) => {
                        if !card.too_big {
                            card.problems.push(problem_at(
                                &self.file,
                                self.line,
                                format!("line is longer than {cap}; left out"),
                                false,
                            ));
                        }
                        card.skip = Skip::Oversize;
                        card.soft_break = false;
                        continue;
                    }
                    None => {
                        // Not a card: a file like this is not a vCard file.
                        self.done = true;
                        self.stopped.store(true, Ordering::Relaxed);
                        let p = self.problem(
                            self.line,
                            format!("line is longer than {cap} outside any card; stopped reading (is this a vCard file?)"),
                            true,
                        );
                        return Some(Item {
                            record: None,
                            problems: vec![p],
                            known: None,
                        });
                    }
                }
            }
            match self.card.take() {
                Some(mut card) => {
                    let buf = std::mem::take(&mut self.buf);
                    let step = card_line(&mut card, &buf, self.line, &self.file);
                    self.buf = buf;
                    match step {
                        Step::Line => self.card = Some(card),
                        Step::End => return Some(self.finish(card)),
                        Step::Begin => {
                            let mut problems = card.problems;
                            problems.push(self.problem(
                                card.start,
                                format!(
                                    "card has no END:VCARD (a new card begins at line {})",
                                    self.line
                                ),
                                true,
                            ));
                            self.start_card();
                            return Some(Item {
                                record: None,
                                problems,
                                known: None,
                            });
                        }
                    }
                }
                None => {
                    let text = String::from_utf8_lossy(&self.buf);
                    let t = text.trim_start_matches('\u{feff}').trim();
                    if t.eq_ignore_ascii_case("BEGIN:VCARD") {
                        self.junk_reported = false;
                        self.junk = 0;
                        self.start_card();
                        continue;
                    }
                    self.junk += self.buf.len() + 1;
                    if self.junk > MAX_RECORD {
                        self.done = true;
                        self.stopped.store(true, Ordering::Relaxed);
                        let p = self.problem(
                            self.line,
                            format!(
                                "more than {} of text outside any card; stopped reading (is this a vCard file?)",
                                size(MAX_RECORD as u64)
                            ),
                            true,
                        );
                        return Some(Item {
                            record: None,
                            problems: vec![p],
                            known: None,
                        });
                    }
                    if !t.is_empty() && !self.junk_reported {
                        self.junk_reported = true;
                        let p = self.problem(self.line, "text outside a card", true);
                        return Some(Item {
                            record: None,
                            problems: vec![p],
                            known: None,
                        });
                    }
                }
            }
        }
        None
    }
}

// ---- mapping a parsed card onto a person ----------------------------------

fn texts(e: &VCardEntry) -> Vec<String> {
    let mut out = Vec::new();
    for v in &e.values {
        match v {
            VCardValue::Text(s) => out.push(s.clone()),
            VCardValue::Component(parts) => out.push(parts.join(",")),
            VCardValue::Integer(i) => out.push(i.to_string()),
            VCardValue::Float(f) => out.push(f.to_string()),
            VCardValue::PartialDateTime(d) => out.push(date_text(d)),
            _ => {}
        }
    }
    out
}

fn first_text(e: &VCardEntry) -> String {
    texts(e)
        .into_iter()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn date_text(d: &PartialDateTime) -> String {
    match (d.year, d.month, d.day) {
        (Some(y), Some(m), Some(day)) => format!("{y:04}-{m:02}-{day:02}"),
        (None, Some(m), Some(day)) => format!("--{m:02}-{day:02}"),
        _ => String::new(),
    }
}

fn has_param(e: &VCardEntry, name: &str) -> bool {
    e.params.iter().any(|p| match &p.name {
        VCardParameterName::Other(n) => n.eq_ignore_ascii_case(name),
        _ => false,
    })
}

fn type_label(e: &VCardEntry, ignore: &[&str]) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for p in &e.params {
        if p.name != VCardParameterName::Type {
            continue;
        }
        let t = match &p.value {
            VCardParameterValue::Type(t) => type_name(t).to_string(),
            VCardParameterValue::Text(s) => s.to_lowercase(),
            _ => continue,
        };
        for t in t.split(',') {
            let t = t.trim().to_string();
            if !t.is_empty() && !ignore.contains(&t.as_str()) && !parts.contains(&t) {
                parts.push(t);
            }
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(" "))
    }
}

fn type_name(t: &VCardType) -> &'static str {
    match t {
        VCardType::Work => "work",
        VCardType::Home => "home",
        VCardType::Cell => "cell",
        VCardType::Fax => "fax",
        VCardType::Pager => "pager",
        VCardType::Voice => "voice",
        VCardType::Text => "text",
        VCardType::Video => "video",
        VCardType::Textphone => "textphone",
        VCardType::MainNumber => "main",
        VCardType::Billing => "billing",
        VCardType::Delivery => "delivery",
        _ => "other",
    }
}

const IGNORED_TYPES: [&str; 6] = ["internet", "pref", "voice", "x400", "other", "uri"];

/// The raw value of the first BDAY line of a card's text.
pub(crate) fn raw_bday(text: &str) -> Option<String> {
    let mut lines = text.split('\n').peekable();
    while let Some(l) = lines.next() {
        let head_end = l.find([':', ';']).unwrap_or(l.len());
        let name = l[..head_end].rsplit('.').next().unwrap_or("");
        if name.trim().eq_ignore_ascii_case("BDAY") {
            let mut value = l.split_once(':').map(|(_, v)| v.to_string())?;
            while let Some(next) = lines.peek().and_then(|n| n.strip_prefix([' ', '\t'])) {
                value.push_str(next);
                lines.next();
            }
            return Some(value.trim().to_string());
        }
    }
    None
}

/// A usable birthday from a BDAY value, or why not.
fn birthday(e: &VCardEntry, raw: Option<&str>) -> Result<Option<String>, String> {
    let omit_year = has_param(e, "X-APPLE-OMIT-YEAR");
    let raw_value = raw.map(|r| VCardValue::Text(r.to_string()));
    for v in raw_value.iter().chain(e.values.iter()) {
        let (y, m, d) = match v {
            VCardValue::PartialDateTime(p) => (p.year, p.month, p.day),
            VCardValue::Text(s) => match parse_date_text(s) {
                Some(t) => t,
                None if s.trim().is_empty() => continue,
                None => return Err(format!("BDAY \"{}\" is not a date; left out", s.trim())),
            },
            _ => continue,
        };
        let (Some(m), Some(d)) = (m, d) else {
            return Err("BDAY has no month and day; left out".into());
        };
        let year = y.filter(|y| !omit_year && *y != 1604 && *y != 0);
        return match year {
            Some(y) if !(crate::when::MIN_YEAR..=crate::when::MAX_YEAR).contains(&i32::from(y)) => {
                Err(format!(
                    "BDAY {y:04}-{m:02}-{d:02} is outside the years {}–{}; left out",
                    crate::when::MIN_YEAR,
                    crate::when::MAX_YEAR
                ))
            }
            Some(y) => NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                .map(|dt| Some(dt.format("%Y-%m-%d").to_string()))
                .ok_or_else(|| format!("BDAY {y:04}-{m:02}-{d:02} is not a date; left out")),
            None => NaiveDate::from_ymd_opt(2000, u32::from(m), u32::from(d))
                .map(|_| Some(format!("--{m:02}-{d:02}")))
                .ok_or_else(|| format!("BDAY --{m:02}-{d:02} is not a date; left out")),
        };
    }
    Ok(None)
}

/// YYYY-MM-DD, YYYYMMDD, --MMDD, --MM-DD (and a time after a T, ignored).
fn parse_date_text(s: &str) -> Option<(Option<u16>, Option<u8>, Option<u8>)> {
    let s = s.trim();
    let s = s.split(['T', 't']).next()?;
    let digits: String = s.chars().filter(|c| *c != '-').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| digits.get(r).and_then(|x| x.parse::<u16>().ok());
    if s.starts_with("--") && digits.len() == 4 {
        return Some((None, num(0..2).map(|v| v as u8), num(2..4).map(|v| v as u8)));
    }
    if digits.len() == 8 {
        return Some((
            num(0..4),
            num(4..6).map(|v| v as u8),
            num(6..8).map(|v| v as u8),
        ));
    }
    None
}

fn address(e: &VCardEntry) -> String {
    // pobox; extended; street; locality; region; code; country
    let parts = texts(e);
    let get = |i: usize| parts.get(i).map(|s| s.trim()).unwrap_or("");
    let mut out: Vec<String> = Vec::new();
    for i in [0, 1, 2] {
        if !get(i).is_empty() {
            out.push(get(i).to_string());
        }
    }
    let city = [get(5), get(3)]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if !city.is_empty() {
        out.push(city);
    }
    for i in [4, 6] {
        if !get(i).is_empty() {
            out.push(get(i).to_string());
        }
    }
    out.join(", ")
}

/// Maps a parsed card onto a person. `None` when it names nobody.
pub fn to_record(
    card: &VCard,
    line: usize,
    raw_bday: Option<&str>,
    warn: &mut dyn FnMut(&str, String),
) -> Option<Record> {
    let mut r = Record {
        line,
        ..Record::default()
    };
    // Apple's item groups: `item1.EMAIL` is labelled by `item1.X-ABLabel`.
    let mut group_labels: Vec<(String, String)> = Vec::new();
    for e in &card.entries {
        if let (Some(g), VCardProperty::Other(n)) = (&e.group, &e.name) {
            if n.eq_ignore_ascii_case("X-ABLabel") {
                if let Some(l) = clean_label(&first_text(e)) {
                    group_labels.push((g.to_lowercase(), l));
                }
            }
        }
    }
    let label_of = |e: &VCardEntry, ignore: &[&str]| -> Option<String> {
        e.group
            .as_ref()
            .and_then(|g| {
                let g = g.to_lowercase();
                group_labels
                    .iter()
                    .find(|(k, _)| *k == g)
                    .map(|(_, l)| l.clone())
            })
            .or_else(|| type_label(e, ignore))
    };

    let mut full_name = String::new();
    let mut n_name = String::new();
    let mut nickname = String::new();
    let mut bday_done = false;
    for e in &card.entries {
        match &e.name {
            VCardProperty::Fn if full_name.is_empty() => full_name = first_text(e),
            VCardProperty::N if n_name.is_empty() => {
                let parts = texts(e);
                let get = |i: usize| {
                    parts
                        .get(i)
                        .map(|s| s.replace(',', " "))
                        .unwrap_or_default()
                };
                n_name = [get(3), get(1), get(2), get(0), get(4)]
                    .iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
            }
            VCardProperty::Nickname if nickname.is_empty() => nickname = first_text(e),
            VCardProperty::Org if r.fields.company.is_none() => {
                let org = texts(e).into_iter().next().unwrap_or_default();
                if !org.trim().is_empty() {
                    r.fields.company = Some(org.trim().to_string());
                }
            }
            VCardProperty::Title if r.fields.title.is_none() => {
                let t = first_text(e);
                if !t.is_empty() {
                    r.fields.title = Some(t);
                }
            }
            VCardProperty::Uid if r.uid.is_none() => {
                let u = first_text(e);
                if !u.is_empty() {
                    r.uid = Some(u);
                }
            }
            VCardProperty::Bday if !bday_done => match birthday(e, raw_bday) {
                Ok(Some(b)) => {
                    r.fields.birthday = Some(b);
                    bday_done = true;
                }
                Ok(None) => {}
                Err(msg) => warn("BDAY", msg),
            },
            VCardProperty::Email => {
                for v in texts(e) {
                    let v = v.trim().trim_start_matches("mailto:").to_string();
                    r.push_point(ContactPoint {
                        kind: ContactKind::Email,
                        label: label_of(e, &IGNORED_TYPES),
                        value: v,
                    });
                }
            }
            VCardProperty::Tel => {
                for v in texts(e) {
                    let v = v.trim();
                    let v = v
                        .strip_prefix("tel:")
                        .or_else(|| v.strip_prefix("TEL:"))
                        .unwrap_or(v);
                    r.push_point(ContactPoint {
                        kind: ContactKind::Phone,
                        label: label_of(e, &IGNORED_TYPES),
                        value: v.to_string(),
                    });
                }
            }
            VCardProperty::Adr => {
                let a = address(e);
                r.push_point(ContactPoint {
                    kind: ContactKind::Address,
                    label: label_of(e, &IGNORED_TYPES),
                    value: a,
                });
            }
            VCardProperty::Url => {
                for v in texts(e) {
                    let mut cp = url_point(&v);
                    if cp.kind == ContactKind::Url {
                        cp.label = label_of(e, &IGNORED_TYPES);
                    }
                    r.push_point(cp);
                }
            }
            VCardProperty::Socialprofile | VCardProperty::Impp => {
                push_social(&mut r, e, label_of(e, &IGNORED_TYPES));
            }
            VCardProperty::Other(n) if n.eq_ignore_ascii_case("X-SOCIALPROFILE") => {
                push_social(&mut r, e, label_of(e, &IGNORED_TYPES));
            }
            VCardProperty::Categories => {
                for v in &e.values {
                    let items: Vec<String> = match v {
                        VCardValue::Text(s) => s.split(',').map(String::from).collect(),
                        VCardValue::Component(p) => p.clone(),
                        _ => continue,
                    };
                    for t in items {
                        if !t.trim().eq_ignore_ascii_case("myContacts")
                            && !t.trim().eq_ignore_ascii_case("starred")
                        {
                            r.push_tag(&t);
                        }
                    }
                }
            }
            VCardProperty::Note => {
                let body = texts(e).join(",").trim().to_string();
                if !body.is_empty() && !r.notes.iter().any(|n| n.body == body) {
                    r.notes.push(NoteData {
                        kind: NoteKind::Note,
                        body,
                        happened_at: None,
                        created_at: None,
                        event: None,
                        mark: None,
                        need_met_on: None,
                    });
                }
            }
            _ => {}
        }
    }
    let name = [&full_name, &n_name]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .cloned()
        .or_else(|| r.fields.company.clone())
        .or_else(|| Some(nickname.clone()).filter(|s| !s.trim().is_empty()))
        .or_else(|| {
            r.contact_points
                .iter()
                .find(|c| matches!(c.kind, ContactKind::Email | ContactKind::Phone))
                .map(|c| c.value.clone())
        });
    let name = name?;
    if full_name.trim().is_empty() && n_name.trim().is_empty() {
        warn("FN", format!("card has no FN or N; named \"{name}\""));
    }
    r.fields.name = name.trim().to_string();
    if r.uid.is_none() {
        r.uid_derived = true;
        r.uid = Some(derived_uid(
            "vcard",
            &[
                &r.fields.name,
                first_of(&r.contact_points, ContactKind::Email),
                first_of(&r.contact_points, ContactKind::Phone),
            ],
        ));
    }
    Some(r)
}

fn push_social(r: &mut Record, e: &VCardEntry, label: Option<String>) {
    for v in texts(e) {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let mut cp = url_point(v);
        cp.kind = ContactKind::Social;
        if cp.label.is_none() {
            cp.label = label.clone().or_else(|| {
                v.split_once(':')
                    .map(|(scheme, _)| scheme.to_lowercase())
                    .filter(|s| s != "http" && s != "https")
            });
        }
        r.push_point(cp);
    }
}

// ---- writing vCard 4.0 ------------------------------------------------------

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(ch),
        }
    }
    out
}

pub(crate) fn param(s: &str) -> String {
    // Parameter values are quoted; quotes and line breaks cannot appear.
    let clean: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    if clean.chars().any(|c| matches!(c, ',' | ';' | ':' | ' ')) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Writes a contact point as its content line (its label as TYPE).
pub(crate) fn point_line(out: &mut String, cp: &ContactPoint) {
    let label = cp
        .label
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!(";TYPE={}", param(l)))
        .unwrap_or_default();
    let v = escape(&cp.value);
    let text = match cp.kind {
        ContactKind::Email => format!("EMAIL{label}:{v}"),
        ContactKind::Phone => format!("TEL{label}:{v}"),
        ContactKind::Url => format!("URL{label}:{v}"),
        ContactKind::Social => format!("X-SOCIALPROFILE{label}:{v}"),
        ContactKind::Address => format!("ADR{label}:;;{v};;;;"),
    };
    line(out, &text);
}

/// Writes one content line, folded at 75 octets without splitting a character.
pub(crate) fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for ch in content.chars() {
        let n = ch.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += n;
    }
    out.push_str("\r\n");
}

/// A person as a vCard 4.0.
pub fn to_vcard(p: &PersonData) -> String {
    let mut out = String::with_capacity(512);
    line(&mut out, "BEGIN:VCARD");
    line(&mut out, "VERSION:4.0");
    line(&mut out, "PRODID:-//Kith//kith//EN");
    line(&mut out, &format!("UID:{}", escape(&p.uid)));
    line(&mut out, &format!("FN:{}", escape(&p.fields.name)));
    let (family, given) = split_name(&p.fields.name);
    line(
        &mut out,
        &format!("N:{};{};;;", escape(&family), escape(&given)),
    );
    if let Some(c) = p.fields.company.as_deref().filter(|s| !s.is_empty()) {
        line(&mut out, &format!("ORG:{}", escape(c)));
    }
    if let Some(t) = p.fields.title.as_deref().filter(|s| !s.is_empty()) {
        line(&mut out, &format!("TITLE:{}", escape(t)));
    }
    if let Some(b) = &p.fields.birthday {
        let v = match b.strip_prefix("--") {
            Some(md) => format!("--{}", md.replace('-', "")),
            None => b.replace('-', ""),
        };
        line(&mut out, &format!("BDAY:{v}"));
    }
    for cp in &p.contact_points {
        point_line(&mut out, cp);
    }
    if !p.tags.is_empty() {
        let tags: Vec<String> = p.tags.iter().map(|t| escape(t)).collect();
        line(&mut out, &format!("CATEGORIES:{}", tags.join(",")));
    }
    if let Some(rev) = crate::when::from_db(&p.meta.updated_at) {
        line(&mut out, &format!("REV:{}", rev.format("%Y%m%dT%H%M%SZ")));
    }
    line(&mut out, "END:VCARD");
    out
}

/// A file name for a person's card in a vdir: the uid, made safe.
pub fn file_name(uid: &str) -> String {
    let safe: String = uid
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    format!("{}.vcf", if safe.is_empty() { "card" } else { safe })
}

/// Writes a card to a writer.
pub fn write(w: &mut dyn Write, p: &PersonData) -> std::io::Result<()> {
    w.write_all(to_vcard(p).as_bytes())
}
