//! `remind` out: open follow-ups as `REM` lines on their dates (repeating
//! ones with `*N`; overdue ones every day until done), birthdays yearly.
//! Every text goes through [`msg`], so a name or a note can never become a
//! remind directive, an expression or a substitution.

use std::io::Write;

use chrono::{Datelike, NaiveDate};

use crate::error::{Error, Result};
use crate::store::interop::OpenReminder;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn io(e: std::io::Error) -> Error {
    Error::io("cannot write the reminders", e)
}

/// Text as the body of a `MSG`: on one line, control characters made
/// visible, `%` (a substitution) doubled, and `[` (an expression) and `\`
/// (a line continuation at the end) written as expressions that give them.
pub fn msg(text: &str) -> String {
    let one = crate::sanitize::one_line(text);
    let mut out = String::with_capacity(one.len());
    for c in one.trim().chars() {
        match c {
            '%' => out.push_str("%%"),
            '[' => out.push_str("[char(91)]"),
            '\\' => out.push_str("[char(92)]"),
            _ => out.push(c),
        }
    }
    out
}

pub struct Writer<W: Write> {
    w: W,
    today: NaiveDate,
}

impl<W: Write> Writer<W> {
    pub fn new(mut w: W, today: NaiveDate) -> Result<Self> {
        writeln!(
            w,
            "# Kith: open follow-ups and birthdays, written {today}.\n\
             # Overdue follow-ups show every day until they are done: export again after `kith done`."
        )
        .map_err(io)?;
        Ok(Writer { w, today })
    }

    /// An open follow-up on its date (or the end of its snooze).
    pub fn reminder(&mut self, r: &OpenReminder) -> Result<()> {
        let due = r
            .snoozed_until
            .filter(|s| *s > r.due_on)
            .unwrap_or(r.due_on);
        let text = match &r.person {
            Some(p) => format!("{}: {}", msg(p), msg(&r.body)),
            None => msg(&r.body),
        };
        let repeat = match r.repeat_days {
            Some(d) if d > 0 => format!(" *{d}"),
            _ if due < self.today => " *1".to_string(),
            _ => String::new(),
        };
        writeln!(
            self.w,
            "REM {}{repeat} MSG {text} (kith #{})",
            due.format("%Y-%m-%d"),
            r.id
        )
        .map_err(io)
    }

    /// A birthday ("1990-03-15" or "--03-15") every year.
    pub fn birthday(&mut self, name: &str, birthday: &str) -> Result<()> {
        let md = birthday.strip_prefix("--").unwrap_or(birthday);
        let md = if md.len() > 5 {
            &md[md.len() - 5..]
        } else {
            md
        };
        let Ok(date) = NaiveDate::parse_from_str(&format!("2000-{md}"), "%Y-%m-%d") else {
            return Ok(());
        };
        let month = MONTHS[date.month0() as usize];
        writeln!(
            self.w,
            "REM {month} {} MSG Birthday: {}",
            date.day(),
            msg(name)
        )
        .map_err(io)
    }

    pub fn finish(mut self) -> Result<W> {
        self.w.flush().map_err(io)?;
        Ok(self.w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_in_a_text_is_remind_syntax() {
        assert_eq!(msg("100% [sure]"), "100%% [char(91)]sure]");
        assert_eq!(
            msg("a\nREM 2026-01-01 RUN rm -rf ~"),
            "a REM 2026-01-01 RUN rm -rf ~"
        );
        assert_eq!(msg("ends in \\"), "ends in [char(92)]");
        assert_eq!(msg("\u{1b}[31m"), "\u{241b}[char(91)]31m");
    }

    #[test]
    fn follow_ups_and_birthdays() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        let mut w = Writer::new(Vec::new(), today).expect("writer");
        let r = OpenReminder {
            id: 3,
            uid: None,
            person_uid: None,
            person: Some("Anna".into()),
            body: "slides".into(),
            due_on: NaiveDate::from_ymd_opt(2026, 11, 27).expect("date"),
            snoozed_until: None,
            repeat_days: Some(90),
        };
        w.reminder(&r).expect("rem");
        w.reminder(&OpenReminder {
            repeat_days: None,
            due_on: NaiveDate::from_ymd_opt(2026, 11, 2).expect("date"),
            ..r.clone()
        })
        .expect("rem");
        w.birthday("Dirk", "--02-29").expect("bday");
        w.birthday("Eva", "1990-03-15").expect("bday");
        w.birthday("Bad", "13-45").expect("skipped");
        let text = String::from_utf8(w.finish().expect("finish")).expect("utf-8");
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            lines,
            [
                "REM 2026-11-27 *90 MSG Anna: slides (kith #3)",
                "REM 2026-11-02 *1 MSG Anna: slides (kith #3)",
                "REM Feb 29 MSG Birthday: Dirk",
                "REM Mar 15 MSG Birthday: Eva",
            ]
        );
    }
}
