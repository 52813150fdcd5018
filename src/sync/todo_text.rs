//! A follow-up's task as iCalendar text (one VTODO in a VCALENDAR): read the
//! fields Kith keeps, write a new task, and edit the text of a task Kith saw
//! before so that every line it does not keep (alarms, categories, a phone's
//! own properties) stays byte for byte. Pure: no files, no store.

use chrono::{DateTime, NaiveDate, Utc};

/// Lines are folded at this many octets (RFC 5545), never inside a character.
const FOLD_AT: usize = 75;

/// Where a task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    Done,
    Cancelled,
}

/// What Kith reads from a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Todo {
    pub uid: String,
    pub summary: String,
    pub due: Option<NaiveDate>,
    pub status: Status,
    pub repeat_days: Option<i64>,
    pub person_uid: Option<String>,
    /// Written by Kith (a follow-up of no one carries this mark).
    pub kith: bool,
}

/// What Kith wants a task to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub uid: String,
    pub summary: String,
    pub due: NaiveDate,
    pub done_at: Option<DateTime<Utc>>,
    pub repeat_days: Option<i64>,
    pub person_uid: Option<String>,
}

/// One logical line (unfolded) and where its raw text lies.
struct Line {
    start: usize,
    end: usize,
    name: String,
    value: String,
    /// Nesting: components open around this line (VCALENDAR, VTODO, VALARM…).
    depth_in_todo: Option<usize>,
}

fn split_lines(text: &str) -> Vec<Line> {
    // Physical lines with their spans; a line starting with space or tab continues the last.
    let mut logical: Vec<(usize, usize, String)> = Vec::new();
    let mut pos = 0;
    for piece in text.split_inclusive('\n') {
        let start = pos;
        pos += piece.len();
        let content = piece.trim_end_matches(['\n', '\r']);
        match (content.chars().next(), logical.last_mut()) {
            (Some(' ' | '\t'), Some(last)) => {
                last.1 = pos;
                last.2.push_str(&content[1..]);
            }
            _ => logical.push((start, pos, content.to_string())),
        }
    }
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (start, end, content) in logical {
        let (name, _params, value) = split_content(&content);
        let upper_value = value.trim().to_ascii_uppercase();
        if name == "BEGIN" {
            stack.push(upper_value.clone());
        }
        let depth_in_todo = stack
            .iter()
            .position(|c| c == "VTODO")
            .map(|i| stack.len() - 1 - i);
        if name == "END" {
            stack.pop();
        }
        out.push(Line {
            start,
            end,
            name,
            value,
            depth_in_todo,
        });
    }
    out
}

/// "NAME;PARAM=x:value" → (NAME upper-cased, params, value). A colon inside
/// a quoted parameter value does not end the parameters.
fn split_content(line: &str) -> (String, String, String) {
    let mut quoted = false;
    let mut name_end = None;
    for (i, ch) in line.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            ';' if name_end.is_none() && !quoted => name_end = Some(i),
            ':' if !quoted => {
                let n = name_end.unwrap_or(i);
                let params = if n < i { &line[n + 1..i] } else { "" };
                return (
                    line[..n].trim().to_ascii_uppercase(),
                    params.to_string(),
                    line[i + 1..].to_string(),
                );
            }
            _ => {}
        }
    }
    (
        line.trim().to_ascii_uppercase(),
        String::new(),
        String::new(),
    )
}

/// The lines that are properties of the first VTODO itself (not of an alarm in it).
fn todo_props(lines: &[Line]) -> impl Iterator<Item = (usize, &Line)> {
    let first_end = lines
        .iter()
        .position(|l| l.name == "END" && l.value.trim().eq_ignore_ascii_case("VTODO"))
        .unwrap_or(lines.len());
    lines
        .iter()
        .enumerate()
        .take(first_end)
        .filter(|(_, l)| l.depth_in_todo == Some(0) && l.name != "BEGIN" && l.name != "END")
}

fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            // Control characters never leave Kith raw.
            c if c.is_control() || crate::sanitize::is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A DATE or DATE-TIME value's day ("20261201", "20261201T090000Z").
pub fn parse_day(value: &str) -> Option<NaiveDate> {
    let digits = value.trim().get(..8)?;
    NaiveDate::parse_from_str(digits, "%Y%m%d").ok()
}

/// An RRULE as a number of days between occurrences (Kith repeats by days).
pub fn rrule_days(value: &str) -> Option<i64> {
    let mut freq = None;
    let mut interval = 1i64;
    for part in value.trim().split(';') {
        let (k, v) = part.split_once('=')?;
        match k.trim().to_ascii_uppercase().as_str() {
            "FREQ" => {
                freq = Some(match v.trim().to_ascii_uppercase().as_str() {
                    "DAILY" => 1,
                    "WEEKLY" => 7,
                    "MONTHLY" => 30,
                    "YEARLY" => 365,
                    _ => return None,
                })
            }
            "INTERVAL" => interval = v.trim().parse().ok().filter(|n| (1..=1000).contains(n))?,
            _ => {}
        }
    }
    freq.map(|f: i64| f * interval)
}

fn rrule_of(days: i64) -> String {
    match days {
        7 => "FREQ=WEEKLY".to_string(),
        d if d % 7 == 0 => format!("FREQ=WEEKLY;INTERVAL={}", d / 7),
        1 => "FREQ=DAILY".to_string(),
        d => format!("FREQ=DAILY;INTERVAL={d}"),
    }
}

fn status_of(value: &str) -> Status {
    match value.trim().to_ascii_uppercase().as_str() {
        "COMPLETED" => Status::Done,
        "CANCELLED" => Status::Cancelled,
        _ => Status::Open,
    }
}

/// Reads a task file's text. The error says what is wrong.
pub fn parse(text: &str) -> Result<Todo, String> {
    let lines = split_lines(text);
    if !lines
        .iter()
        .any(|l| l.name == "BEGIN" && l.value.trim().eq_ignore_ascii_case("VTODO"))
    {
        return Err("no VTODO in it".into());
    }
    let mut todo = Todo {
        uid: String::new(),
        summary: String::new(),
        due: None,
        status: Status::Open,
        repeat_days: None,
        person_uid: None,
        kith: false,
    };
    let mut completed = false;
    for (_, l) in todo_props(&lines) {
        match l.name.as_str() {
            "UID" => todo.uid = unescape(l.value.trim()),
            "SUMMARY" => todo.summary = unescape(&l.value),
            "DUE" => {
                todo.due = Some(
                    parse_day(&l.value)
                        .ok_or_else(|| format!("DUE {:?} is not a date", l.value))?,
                )
            }
            "STATUS" => todo.status = status_of(&l.value),
            // Some clients mark a task done only with COMPLETED.
            "COMPLETED" => completed = true,
            "RRULE" => todo.repeat_days = rrule_days(&l.value),
            "X-KITH-PERSON" => {
                todo.person_uid = Some(unescape(l.value.trim())).filter(|u| !u.is_empty())
            }
            "X-KITH-FOLLOW-UP" => todo.kith = true,
            _ => {}
        }
    }
    if completed && todo.status == Status::Open {
        todo.status = Status::Done;
    }
    if todo.uid.trim().is_empty() {
        return Err("its VTODO has no UID".into());
    }
    Ok(todo)
}

fn stamp_value(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// One content line, folded, with the line end given.
fn content_line(name_params: &str, value: &str, eol: &str) -> String {
    let line = format!("{name_params}:{value}");
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > FOLD_AT {
            out.push_str(eol);
            out.push(' ');
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    out.push_str(eol);
    out
}

/// What Kith wants of one property.
enum Want {
    Set(String),
    /// Gone, or (`RemoveIf`) gone when it says this.
    Remove,
    RemoveIf(&'static str),
    /// Whatever the task says.
    Leave,
}

fn set_or_remove(v: Option<String>) -> Want {
    v.map_or(Want::Remove, Want::Set)
}

/// The properties Kith keeps, as they should read: (name, params, want).
fn wanted_props(w: &Wanted, stamp: DateTime<Utc>) -> Vec<(&'static str, &'static str, Want)> {
    let due = w.due.format("%Y%m%d").to_string();
    let done = w.done_at.is_some();
    vec![
        ("UID", "", Want::Set(escape(&w.uid))),
        ("SUMMARY", "", Want::Set(escape(&w.summary))),
        ("DUE", ";VALUE=DATE", Want::Set(due.clone())),
        // A repeating task is anchored on its start (RFC 5545): the due day.
        // Another task's start is the user's own.
        (
            "DTSTART",
            ";VALUE=DATE",
            match w.repeat_days {
                Some(_) => Want::Set(due),
                None => Want::Leave,
            },
        ),
        ("RRULE", "", set_or_remove(w.repeat_days.map(rrule_of))),
        (
            "STATUS",
            "",
            Want::Set(if done { "COMPLETED" } else { "NEEDS-ACTION" }.into()),
        ),
        (
            "COMPLETED",
            "",
            set_or_remove(w.done_at.map(|t| stamp_value(t.min(stamp)))),
        ),
        (
            "PERCENT-COMPLETE",
            "",
            if done {
                Want::Set("100".into())
            } else {
                Want::RemoveIf("100")
            },
        ),
        (
            "X-KITH-PERSON",
            "",
            set_or_remove(w.person_uid.as_deref().map(escape)),
        ),
        ("X-KITH-FOLLOW-UP", "", Want::Set("TRUE".into())),
    ]
}

/// The text of a new task.
pub fn render(w: &Wanted, stamp: DateTime<Utc>) -> String {
    let eol = "\r\n";
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Kith//kith//EN\r\nBEGIN:VTODO\r\n",
    );
    out.push_str(&content_line("DTSTAMP", &stamp_value(stamp), eol));
    out.push_str(&content_line("LAST-MODIFIED", &stamp_value(stamp), eol));
    for (name, params, want) in wanted_props(w, stamp) {
        if let Want::Set(v) = want {
            out.push_str(&content_line(&format!("{name}{params}"), &v, eol));
        }
    }
    // An alert on the morning of the due day.
    out.push_str("BEGIN:VALARM\r\nACTION:DISPLAY\r\n");
    out.push_str(&content_line("DESCRIPTION", &escape(&w.summary), eol));
    out.push_str("TRIGGER;RELATED=END:PT9H\r\nEND:VALARM\r\nEND:VTODO\r\nEND:VCALENDAR\r\n");
    out
}

/// Whether a line already says what Kith wants, read as its meaning (a
/// DATE-TIME on the wanted day is that day; IN-PROCESS is open).
fn same(name: &str, have: &Line, want: &str) -> bool {
    match name {
        "UID" | "X-KITH-PERSON" => unescape(have.value.trim()) == unescape(want),
        "SUMMARY" => unescape(&have.value) == unescape(want),
        "DUE" | "DTSTART" => {
            parse_day(&have.value).is_some() && parse_day(&have.value) == parse_day(want)
        }
        "RRULE" => rrule_days(&have.value) == rrule_days(want),
        "STATUS" => status_of(&have.value) == status_of(want),
        // The time it was done, once written, stays.
        "COMPLETED" | "X-KITH-FOLLOW-UP" => true,
        _ => have.value.trim() == want,
    }
}

/// The text of a task Kith saw before, edited to say what Kith wants; `None`
/// when it already does. Lines Kith does not keep are left as they are.
pub fn edit(text: &str, w: &Wanted, stamp: DateTime<Utc>) -> Option<String> {
    let lines = split_lines(text);
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let props: Vec<(usize, &Line)> = todo_props(&lines).collect();
    // Where new properties go: before the first alarm (or the end) of the VTODO.
    let insert_at = lines
        .iter()
        .enumerate()
        .skip_while(|(_, l)| !(l.name == "BEGIN" && l.value.trim().eq_ignore_ascii_case("VTODO")))
        .skip(1)
        .find(|(_, l)| {
            (l.name == "BEGIN" && l.depth_in_todo == Some(1))
                || (l.name == "END" && l.depth_in_todo == Some(0))
        })
        .map(|(i, _)| i)?;
    // Per line index: None keeps it, Some(text) replaces it ("" removes it).
    let mut replace: Vec<Option<String>> = vec![None; lines.len()];
    let mut added = String::new();
    let mut changed = false;
    for (name, params, want) in wanted_props(w, stamp) {
        let have: Vec<usize> = props
            .iter()
            .filter(|(_, l)| l.name == name)
            .map(|(i, _)| *i)
            .collect();
        let remove = match &want {
            Want::Leave => false,
            Want::Remove => true,
            Want::RemoveIf(v) => have.iter().any(|&i| lines[i].value.trim() == *v),
            Want::Set(_) => false,
        };
        if remove && !have.is_empty() {
            for &i in &have {
                replace[i] = Some(String::new());
            }
            changed = true;
        }
        let Want::Set(v) = want else {
            continue;
        };
        match have.first() {
            None => {
                added.push_str(&content_line(&format!("{name}{params}"), &v, eol));
                changed = true;
            }
            Some(&first) => {
                if !same(name, &lines[first], &v) {
                    replace[first] = Some(content_line(&format!("{name}{params}"), &v, eol));
                    changed = true;
                }
                // One of each: a second copy would say something else.
                for &i in &have[1..] {
                    replace[i] = Some(String::new());
                    changed = true;
                }
            }
        }
    }
    if !changed {
        return None;
    }
    // A changed task says when: clients and vdirsyncer see a new version.
    for name in ["DTSTAMP", "LAST-MODIFIED"] {
        let line = content_line(name, &stamp_value(stamp), eol);
        match props.iter().find(|(_, l)| l.name == name) {
            Some((i, _)) => replace[*i] = Some(line),
            None => added.push_str(&line),
        }
    }
    let mut out = String::with_capacity(text.len() + added.len());
    for (i, l) in lines.iter().enumerate() {
        if i == insert_at {
            out.push_str(&added);
        }
        match &replace[i] {
            Some(new) => out.push_str(new),
            None => {
                out.push_str(&text[l.start..l.end]);
                // A last line without its end gets one, so nothing is glued to it.
                if !text[l.start..l.end].ends_with('\n') {
                    out.push_str(eol);
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted() -> Wanted {
        Wanted {
            uid: "3b1f-uid".into(),
            summary: "Anna de Vries: send the WAL slides, today; really".into(),
            due: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            done_at: None,
            repeat_days: None,
            person_uid: Some("anna-uid".into()),
        }
    }

    fn stamp() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_new_task_reads_back_as_written() {
        let text = render(&wanted(), stamp());
        let t = parse(&text).unwrap();
        assert_eq!(t.uid, "3b1f-uid");
        assert_eq!(
            t.summary,
            "Anna de Vries: send the WAL slides, today; really"
        );
        assert_eq!(t.due, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(t.status, Status::Open);
        assert_eq!(t.person_uid.as_deref(), Some("anna-uid"));
        assert!(t.kith);
        assert!(text.contains("SUMMARY:Anna de Vries: send the WAL slides\\, today\\; really\r\n"));
        assert_eq!(edit(&text, &wanted(), stamp()), None, "nothing to change");
    }

    #[test]
    fn long_lines_fold_between_characters() {
        let mut w = wanted();
        w.summary = "é".repeat(100);
        let text = render(&w, stamp());
        for line in text.split("\r\n") {
            assert!(line.len() <= FOLD_AT + 1, "{line:?}");
        }
        assert_eq!(parse(&text).unwrap().summary, w.summary);
    }

    #[test]
    fn an_edit_keeps_every_line_kith_does_not_keep() {
        let phone = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Phone//EN\nBEGIN:VTODO\nUID:3b1f-uid\n\
            DTSTAMP:20261120T080000Z\nSUMMARY:Anna de Vries: send the WAL slides\\, today\\; really\n\
            DUE:20261201T090000Z\nSTATUS:IN-PROCESS\nX-KITH-PERSON:anna-uid\nX-KITH-FOLLOW-UP:TRUE\n\
            CATEGORIES:work\nX-APPLE-SORT-ORDER:123456\nBEGIN:VALARM\nTRIGGER:-PT15M\nACTION:DISPLAY\n\
            DESCRIPTION:x\nEND:VALARM\nEND:VTODO\nEND:VCALENDAR\n";
        // Same meaning: nothing is rewritten.
        assert_eq!(edit(phone, &wanted(), stamp()), None);
        let mut done = wanted();
        done.done_at = Some(stamp());
        done.repeat_days = Some(14);
        let text = edit(phone, &done, stamp()).unwrap();
        for kept in [
            "PRODID:-//Phone//EN\n",
            "CATEGORIES:work\n",
            "X-APPLE-SORT-ORDER:123456\n",
            "DUE:20261201T090000Z\n",
            "TRIGGER:-PT15M\n",
        ] {
            assert!(text.contains(kept), "{kept:?} kept in\n{text}");
        }
        assert!(text.contains("STATUS:COMPLETED\n"), "{text}");
        assert!(text.contains("COMPLETED:20261123T100000Z\n"), "{text}");
        assert!(text.contains("DTSTAMP:20261123T100000Z\n"), "{text}");
        assert!(text.contains("RRULE:FREQ=WEEKLY;INTERVAL=2\n"), "{text}");
        // New lines go into the VTODO, before its alarm.
        assert!(text.find("RRULE").unwrap() < text.find("BEGIN:VALARM").unwrap());
        let t = parse(&text).unwrap();
        assert_eq!((t.status, t.repeat_days), (Status::Done, Some(14)));
        // Opened again: COMPLETED goes, the rest stays.
        let open = edit(&text, &wanted(), stamp()).unwrap();
        assert!(!open.contains("COMPLETED:"), "{open}");
        assert!(!open.contains("RRULE"), "{open}");
        assert!(open.contains("X-APPLE-SORT-ORDER:123456\n"));
    }

    #[test]
    fn completed_alone_marks_a_task_done_and_bad_tasks_say_why() {
        let t = "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nSUMMARY:a\r\nCOMPLETED:20261123T100000Z\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
        assert_eq!(parse(t).unwrap().status, Status::Done);
        assert!(parse("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").is_err());
        let no_uid =
            "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:a\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
        assert!(parse(no_uid).unwrap_err().contains("UID"));
        let bad_due = "BEGIN:VTODO\r\nUID:x\r\nDUE:tomorrow\r\nEND:VTODO\r\n";
        assert!(parse(bad_due).unwrap_err().contains("DUE"));
    }

    #[test]
    fn rules_in_days() {
        assert_eq!(rrule_days("FREQ=DAILY;INTERVAL=3"), Some(3));
        assert_eq!(rrule_days("FREQ=WEEKLY"), Some(7));
        assert_eq!(rrule_days("FREQ=MONTHLY;INTERVAL=3"), Some(90));
        assert_eq!(rrule_days("FREQ=HOURLY"), None);
        assert_eq!(rrule_days(&rrule_of(30)), Some(30));
        assert_eq!(rrule_days(&rrule_of(21)), Some(21));
    }
}
