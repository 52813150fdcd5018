//! LinkedIn `Connections.csv` and Google Contacts CSV in; a CSV of people out.
//! Columns are found by their header names, never by position.

use std::collections::VecDeque;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::lines::{size, Line, Lines, MAX_RECORD, MAX_VALUE};
use super::text::{clean_label, decode, derived_uid, first_of, neutralise_cell, strip_nul};
use super::{Item, Problem, Record};
use crate::error::{Error, Result};
use crate::model::{ContactKind, ContactPoint, NoteKind};
use crate::ops::capture::url_point;
use crate::store::interop::{MeetingData, NoteData, PersonData};
use crate::when::parse_birthday;

/// What a LinkedIn connection's meeting says.
pub const LINKEDIN_CONTEXT: &str = "Connected on LinkedIn";
/// How far down a LinkedIn export its header may be.
const MAX_PREAMBLE: usize = 50;
/// How many lines one row may span (line breaks inside quotes).
const MAX_ROW_LINES: usize = 1000;

/// One row, decoded, with its header.
struct Row<'a> {
    headers: &'a [String],
    cells: Vec<String>,
}

impl Row<'_> {
    fn get(&self, names: &[&str]) -> &str {
        for n in names {
            if let Some(i) = self.headers.iter().position(|h| h == n) {
                if let Some(v) = self.cells.get(i) {
                    if !v.trim().is_empty() {
                        return v.trim();
                    }
                }
            }
        }
        ""
    }

    fn opt(&self, names: &[&str]) -> Option<String> {
        Some(self.get(names).to_string()).filter(|s| !s.is_empty())
    }
}

fn problem(file: &Path, line: usize, message: impl Into<String>, skipped: bool) -> Problem {
    Problem {
        file: file.to_path_buf(),
        line,
        message: message.into(),
        skipped,
    }
}

/// Where a line leaves the quoting of a CSV row: whether it ends inside a
/// quoted field, and whether a quote closed a field that went on from an
/// earlier line with something other than a comma after it (the mark of a
/// quote never closed, now pairing with the quotes of later rows).
fn scan_quotes(line: &[u8], mut in_quotes: bool) -> (bool, bool) {
    let continued = in_quotes;
    let mut at_start = !in_quotes;
    let mut bad = false;
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        if in_quotes {
            if b == b'"' {
                if line.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                in_quotes = false;
                if continued && !matches!(line.get(i + 1), None | Some(b',')) {
                    bad = true;
                }
            }
            at_start = false;
        } else {
            if b == b'"' && at_start {
                in_quotes = true;
            }
            at_start = b == b',';
        }
        i += 1;
    }
    (in_quotes, bad)
}

/// What framing found next.
enum Framed {
    Row(usize, Vec<u8>),
    Problem(Problem),
    End,
}

/// Cuts a CSV file into rows on its own, so a row is capped and a quote
/// never closed is reported on its line while the rows after it are read
/// again (the csv crate would take the rest of the file into one field).
struct Framer<R> {
    lines: Lines<R>,
    file: PathBuf,
    line: usize,
    buf: Vec<u8>,
    /// Lines read ahead for a row that turned out broken, to be read again.
    replay: VecDeque<(usize, Option<Vec<u8>>)>,
}

impl<R: BufRead> Framer<R> {
    /// The next physical line and its number; `None` text for a line too long.
    fn physical(&mut self) -> std::io::Result<Option<(usize, Option<Vec<u8>>)>> {
        if let Some(x) = self.replay.pop_front() {
            return Ok(Some(x));
        }
        let kind = self.lines.next_line(&mut self.buf)?;
        if kind == Line::End {
            return Ok(None);
        }
        self.line += 1;
        Ok(Some((
            self.line,
            (kind == Line::Text).then(|| self.buf.clone()),
        )))
    }

    fn next(&mut self) -> std::io::Result<Framed> {
        let Some((start, text)) = self.physical()? else {
            return Ok(Framed::End);
        };
        let Some(mut row) = text else {
            return Ok(Framed::Problem(problem(
                &self.file,
                start,
                format!("line is longer than {}; skipped", size(MAX_RECORD as u64)),
                true,
            )));
        };
        let (mut open, _) = scan_quotes(&row, false);
        let mut taken: Vec<(usize, Option<Vec<u8>>)> = Vec::new();
        while open {
            let next = self.physical()?;
            let fits =
                |t: &Vec<u8>| row.len() + t.len() < MAX_RECORD && taken.len() < MAX_ROW_LINES;
            match next {
                Some((n, Some(t))) if fits(&t) => {
                    let (still, bad) = scan_quotes(&t, true);
                    row.push(b'\n');
                    row.extend_from_slice(&t);
                    taken.push((n, Some(t)));
                    if bad {
                        break;
                    }
                    open = still;
                    if !open {
                        return Ok(Framed::Row(start, row));
                    }
                }
                other => {
                    taken.extend(other);
                    break;
                }
            }
        }
        if !open {
            return Ok(Framed::Row(start, row));
        }
        // A quote opened here never closes: this line goes, the rest is read again.
        for x in taken.into_iter().rev() {
            self.replay.push_front(x);
        }
        Ok(Framed::Problem(problem(
            &self.file,
            start,
            "a quote opened on this line is never closed; the line is skipped",
            true,
        )))
    }
}

/// The cells of one framed row (RFC 4180: a field in double quotes may hold
/// commas, line breaks and doubled quotes; a quote inside an unquoted field
/// is kept as it is, and so is text after a closing quote, as the csv crate
/// reads them).
fn split_row(row: &[u8]) -> Vec<Vec<u8>> {
    let mut cells = Vec::new();
    let mut cell = Vec::new();
    let mut in_quotes = false;
    let mut at_start = true;
    let mut i = 0;
    while i < row.len() {
        let b = row[i];
        if in_quotes {
            if b == b'"' {
                if row.get(i + 1) == Some(&b'"') {
                    cell.push(b'"');
                    i += 2;
                    continue;
                }
                in_quotes = false;
            } else {
                cell.push(b);
            }
        } else if b == b',' {
            cells.push(std::mem::take(&mut cell));
            at_start = true;
            i += 1;
            continue;
        } else if b == b'"' && at_start {
            in_quotes = true;
        } else {
            cell.push(b);
        }
        at_start = false;
        i += 1;
    }
    cells.push(cell);
    cells
}

/// Reads CSV rows after the header; `first_line` is the file line of the
/// header, and `map` turns a row into an item.
fn rows<R: BufRead + Send + 'static>(
    lines: Lines<R>,
    file: PathBuf,
    first_line: usize,
    headers: Vec<String>,
    map: fn(&Row, usize, &Path) -> Item,
) -> Box<dyn Iterator<Item = Item> + Send> {
    let mut framer = Framer {
        lines,
        file: file.clone(),
        line: first_line,
        buf: Vec::new(),
        replay: VecDeque::new(),
    };
    let mut done = false;
    Box::new(std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        let (line, raw) = match framer.next() {
            Ok(Framed::End) => return None,
            Ok(Framed::Problem(p)) => {
                return Some(Item {
                    record: None,
                    problems: vec![p],
                    known: None,
                })
            }
            Ok(Framed::Row(line, raw)) => (line, raw),
            Err(e) => {
                // An I/O error ends the file.
                done = true;
                return Some(Item {
                    record: None,
                    problems: vec![problem(
                        &file,
                        framer.line + 1,
                        format!("cannot read: {e}"),
                        true,
                    )],
                    known: None,
                });
            }
        };
        let rec = split_row(&raw);
        if rec.iter().all(|c| c.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let mut problems = Vec::new();
        if rec.len() != headers.len() {
            problems.push(problem(
                &file,
                line,
                format!(
                    "row has {} fields, the header {}; read by the header's names",
                    rec.len(),
                    headers.len()
                ),
                false,
            ));
        }
        let mut cells = Vec::with_capacity(rec.len());
        for (i, c) in rec.iter().enumerate() {
            if c.len() > MAX_VALUE {
                let column = headers
                    .get(i)
                    .map_or_else(|| format!("field {}", i + 1), |h| format!("\"{h}\""));
                problems.push(problem(
                    &file,
                    line,
                    format!(
                        "{column} is larger than {}; left out",
                        size(MAX_VALUE as u64)
                    ),
                    false,
                ));
                cells.push(String::new());
                continue;
            }
            let (mut s, bad) = decode(c);
            if bad.is_some() {
                problems.push(problem(
                    &file,
                    line,
                    "not valid UTF-8; read as Windows-1252",
                    false,
                ));
            }
            if strip_nul(&mut s) {
                problems.push(problem(&file, line, "NUL bytes removed", false));
            }
            cells.push(s);
        }
        let row = Row {
            headers: &headers,
            cells,
        };
        let mut item = map(&row, line, &file);
        problems.append(&mut item.problems);
        item.problems = problems;
        return Some(item);
    }))
}

fn header_cells(line: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(line);
    let text = text.trim_start_matches('\u{feff}');
    let mut r = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    r.records()
        .next()
        .and_then(|r| r.ok())
        .map(|r| r.iter().map(|h| h.trim().to_lowercase()).collect())
        .unwrap_or_default()
}

/// LinkedIn's `Connections.csv`: a few lines of notes, then the header.
pub fn linkedin<R: BufRead + Send + 'static>(
    input: R,
    file: PathBuf,
) -> Result<Box<dyn Iterator<Item = Item> + Send>> {
    let mut input = Lines::new(input);
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        let kind = input
            .next_line(&mut buf)
            .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
        if kind != Line::Text || line >= MAX_PREAMBLE {
            return Err(Error::Invalid(format!(
                "{}: no LinkedIn header (First Name,Last Name,URL,…) in the first {MAX_PREAMBLE} lines",
                file.display()
            )));
        }
        line += 1;
        let headers = header_cells(&buf);
        if headers.first().map(String::as_str) == Some("first name")
            && headers.iter().any(|h| h == "last name")
        {
            return Ok(rows(input, file, line, headers, linkedin_row));
        }
    }
}

fn linkedin_row(row: &Row, line: usize, file: &Path) -> Item {
    let mut problems = Vec::new();
    let name = format!("{} {}", row.get(&["first name"]), row.get(&["last name"]))
        .trim()
        .to_string();
    let url = row.get(&["url", "profile url"]);
    let email = row.get(&["email address", "e-mail address", "email"]);
    if name.is_empty() {
        problems.push(problem(file, line, "row has no name", true));
        return Item {
            record: None,
            problems,
            known: None,
        };
    }
    let mut r = Record {
        file: file.to_path_buf(),
        line,
        ..Record::default()
    };
    r.fields.name = name;
    r.fields.company = row.opt(&["company"]);
    r.fields.title = row.opt(&["position"]);
    if !url.is_empty() {
        r.push_point(url_point(url));
    }
    if !email.is_empty() {
        r.push_point(ContactPoint {
            kind: ContactKind::Email,
            label: None,
            value: email.to_string(),
        });
    }
    let connected = row.get(&["connected on"]);
    if !connected.is_empty() {
        match parse_connected(connected) {
            Some(d) => r.meetings.push(MeetingData {
                met_on: d,
                place: None,
                context: Some(LINKEDIN_CONTEXT.to_string()),
                event: None,
                created_at: None,
            }),
            None => problems.push(problem(
                file,
                line,
                format!("Connected On \"{connected}\" is not a date; left out"),
                false,
            )),
        }
    }
    r.uid_derived = true;
    r.uid = Some(if url.is_empty() {
        derived_uid("linkedin", &[&r.fields.name, email])
    } else {
        derived_uid("linkedin-url", &[url.trim_end_matches('/')])
    });
    Item {
        record: Some(r),
        problems,
        known: None,
    }
}

/// "12 Mar 2024" as LinkedIn writes it (and a few other spellings).
pub fn parse_connected(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    [
        "%d %b %Y",
        "%d %B %Y",
        "%Y-%m-%d",
        "%m/%d/%Y",
        "%m/%d/%y",
        "%b %d, %Y",
    ]
    .iter()
    .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// Google Contacts CSV, new layout ("First Name", "E-mail 1 - Value", "Labels")
/// or old ("Given Name", "E-mail 1 - Type", "Group Membership").
pub fn google<R: BufRead + Send + 'static>(
    input: R,
    file: PathBuf,
) -> Result<Box<dyn Iterator<Item = Item> + Send>> {
    let mut input = Lines::new(input);
    let mut buf = Vec::new();
    let kind = input
        .next_line(&mut buf)
        .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    if kind == Line::End {
        return Ok(Box::new(std::iter::empty()));
    }
    if kind == Line::TooLong {
        return Err(Error::Invalid(format!(
            "{}:1: the header line is longer than {}; not a Google Contacts CSV",
            file.display(),
            size(MAX_RECORD as u64)
        )));
    }
    let headers = header_cells(&buf);
    Ok(rows(input, file, 1, headers, google_row))
}

/// Cells Google packs several values into.
fn multi(s: &str) -> impl Iterator<Item = &str> {
    s.split(":::").map(str::trim).filter(|s| !s.is_empty())
}

/// The numbered columns of one kind ("e-mail"): (label, value) for each number.
fn numbered<'a>(row: &'a Row, kind: &str, value_names: &[&str]) -> Vec<(Option<String>, &'a str)> {
    let mut out = Vec::new();
    for (i, h) in row.headers.iter().enumerate() {
        let Some(rest) = h.strip_prefix(kind).and_then(|r| r.strip_prefix(' ')) else {
            continue;
        };
        let Some((num, field)) = rest.split_once(" - ") else {
            continue;
        };
        if !value_names.contains(&field) {
            continue;
        }
        let value = row.cells.get(i).map(|s| s.as_str()).unwrap_or("");
        if value.trim().is_empty() {
            continue;
        }
        let label = row
            .get(&[
                &format!("{kind} {num} - label"),
                &format!("{kind} {num} - type"),
            ])
            .to_string();
        let label = multi(&label).next().and_then(clean_label);
        out.push((label, value));
    }
    out
}

fn google_row(row: &Row, line: usize, file: &Path) -> Item {
    let mut problems = Vec::new();
    let mut r = Record {
        file: file.to_path_buf(),
        line,
        ..Record::default()
    };
    let parts = [
        row.get(&["name prefix"]),
        row.get(&["first name", "given name"]),
        row.get(&["middle name", "additional name"]),
        row.get(&["last name", "family name"]),
        row.get(&["name suffix"]),
    ];
    let joined = parts
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    r.fields.company = row.opt(&["organization name", "organization 1 - name"]);
    r.fields.title = row.opt(&["organization title", "organization 1 - title"]);
    for (label, value) in numbered(row, "e-mail", &["value"]) {
        for v in multi(value) {
            r.push_point(ContactPoint {
                kind: ContactKind::Email,
                label: label.clone(),
                value: v.to_string(),
            });
        }
    }
    for (label, value) in numbered(row, "phone", &["value"]) {
        for v in multi(value) {
            r.push_point(ContactPoint {
                kind: ContactKind::Phone,
                label: label.clone(),
                value: v.to_string(),
            });
        }
    }
    for (label, value) in numbered(row, "address", &["formatted"]) {
        for v in multi(value) {
            r.push_point(ContactPoint {
                kind: ContactKind::Address,
                label: label.clone(),
                value: v
                    .split('\n')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    for (label, value) in numbered(row, "website", &["value"]) {
        for v in multi(value) {
            let mut cp = url_point(v);
            if cp.kind == ContactKind::Url {
                cp.label = label.clone();
            }
            r.push_point(cp);
        }
    }
    for t in multi(row.get(&["labels", "group membership"])) {
        let t = t.trim_start_matches('*').trim();
        if !t.eq_ignore_ascii_case("myContacts") && !t.eq_ignore_ascii_case("starred") {
            r.push_tag(t);
        }
    }
    let bday = row.get(&["birthday"]);
    if !bday.is_empty() {
        match parse_birthday(bday) {
            Ok(b) => r.fields.birthday = Some(b),
            Err(_) => problems.push(problem(
                file,
                line,
                format!("Birthday \"{bday}\" is not a date; left out"),
                false,
            )),
        }
    }
    let notes = row.get(&["notes"]);
    if !notes.is_empty() {
        r.notes.push(NoteData {
            kind: NoteKind::Note,
            body: notes.to_string(),
            happened_at: None,
            created_at: None,
            event: None,
            mark: None,
            need_met_on: None,
        });
    }
    let name = [
        joined.as_str(),
        row.get(&["name"]),
        row.get(&["file as"]),
        row.get(&["nickname"]),
        r.fields.company.as_deref().unwrap_or(""),
        first_of(&r.contact_points, ContactKind::Email),
        first_of(&r.contact_points, ContactKind::Phone),
    ]
    .into_iter()
    .find(|s| !s.trim().is_empty())
    .unwrap_or("")
    .trim()
    .to_string();
    if name.is_empty() {
        problems.push(problem(file, line, "row has no name, email or phone", true));
        return Item {
            record: None,
            problems,
            known: None,
        };
    }
    r.fields.name = name;
    r.uid_derived = true;
    r.uid = Some(derived_uid(
        "google",
        &[
            &r.fields.name,
            first_of(&r.contact_points, ContactKind::Email),
            first_of(&r.contact_points, ContactKind::Phone),
        ],
    ));
    Item {
        record: Some(r),
        problems,
        known: None,
    }
}

// ---- writing ----------------------------------------------------------------

pub const EXPORT_HEADER: [&str; 13] = [
    "uid",
    "name",
    "company",
    "title",
    "birthday",
    "emails",
    "phones",
    "urls",
    "social",
    "addresses",
    "tags",
    "cadence_days",
    "created_at",
];

/// A CSV writer of people.
pub struct PeopleWriter<W: Write> {
    w: ::csv::Writer<W>,
}

impl<W: Write> PeopleWriter<W> {
    pub fn new(w: W) -> Result<Self> {
        let mut w = ::csv::Writer::from_writer(w);
        w.write_record(EXPORT_HEADER).map_err(csv_err)?;
        Ok(PeopleWriter { w })
    }

    pub fn person(&mut self, p: &PersonData) -> Result<()> {
        let join = |kind: ContactKind| {
            p.contact_points
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| c.value.as_str())
                .collect::<Vec<_>>()
                .join(" ::: ")
        };
        let cells = [
            p.uid.clone(),
            p.fields.name.clone(),
            p.fields.company.clone().unwrap_or_default(),
            p.fields.title.clone().unwrap_or_default(),
            p.fields.birthday.clone().unwrap_or_default(),
            join(ContactKind::Email),
            join(ContactKind::Phone),
            join(ContactKind::Url),
            join(ContactKind::Social),
            join(ContactKind::Address),
            p.tags.join(" ::: "),
            p.fields
                .cadence_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            p.meta.created_at.clone(),
        ];
        self.w
            .write_record(cells.iter().map(|c| neutralise_cell(c)))
            .map_err(csv_err)
    }

    pub fn finish(mut self) -> Result<()> {
        self.w
            .flush()
            .map_err(|e| Error::io("cannot write the CSV", e))
    }
}

fn csv_err(e: ::csv::Error) -> Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => Error::io("cannot write the CSV", e),
        other => Error::Invalid(format!("csv: {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::split_row;

    #[test]
    fn rows_split_like_rfc_4180() {
        let cells = |s: &str| -> Vec<String> {
            split_row(s.as_bytes())
                .into_iter()
                .map(|c| String::from_utf8(c).unwrap())
                .collect()
        };
        assert_eq!(cells("a,b,,c"), ["a", "b", "", "c"]);
        assert_eq!(
            cells("\"a, b\",\"say \"\"hi\"\"\",x"),
            ["a, b", "say \"hi\"", "x"]
        );
        assert_eq!(cells("\"two\nlines\",5\" tall"), ["two\nlines", "5\" tall"]);
        assert_eq!(cells(""), [""]);
    }
}
