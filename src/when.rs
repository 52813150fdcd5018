//! Human dates ("fri", "in 2w", "next month") relative to an injected today,
//! durations ("30d", "3m"), and the timestamp format of the store.

use chrono::{
    DateTime, Datelike, Days, Local, Months, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};

/// The forms `parse_date` accepts, shown with every error.
pub const DATE_FORMS: &str = "2026-12-01, 5 dec, dec 5, 5 December 2026, today, yesterday, tomorrow, \
fri, next fri, last fri, in 2w, 3d ago, +3d, -3d, next week, next month, next year (units: d, w, m, y)";

pub const DURATION_FORMS: &str = "30d, 2w, 3m, 1y (days, weeks, months of 30 days, years of 365)";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("\"{input}\" is not a date; use one of: {DATE_FORMS}")]
    BadDate { input: String },
    #[error("\"{input}\" is not a duration; use one of: {DURATION_FORMS}")]
    BadDuration { input: String },
    #[error("\"{input}\" is not a birthday; use YYYY-MM-DD, or --MM-DD when the year is unknown")]
    BadBirthday { input: String },
    #[error("\"{input}\" is {date}, outside the years {MIN_YEAR}–{MAX_YEAR} that Kith keeps")]
    OutOfRange { input: String, date: String },
}

/// The years Kith stores dates in: every entry point checks them, and the
/// store's triggers refuse any other (migrations/0006_date_range.sql).
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

/// Whether a date lies within the supported years.
pub fn in_range(d: NaiveDate) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&d.year())
}

/// `d` when it lies within the supported years; else an error naming `input`.
pub fn check_range(d: NaiveDate, input: &str) -> Result<NaiveDate, DateError> {
    if in_range(d) {
        Ok(d)
    } else {
        Err(DateError::OutOfRange {
            input: input.to_string(),
            date: d.to_string(),
        })
    }
}

/// Why a stored instant (`2026-11-22T12:00:00Z`) cannot be read, if it cannot.
pub fn check_stored_instant(s: &str) -> Result<(), String> {
    match from_db(s) {
        Some(t) if in_range(t.date_naive()) => Ok(()),
        Some(_) => Err(format!(
            "\"{s}\" is outside the years {MIN_YEAR}–{MAX_YEAR}"
        )),
        None => Err(format!("\"{s}\" is not a time")),
    }
}

/// Why a stored date (`2026-11-22`) cannot be read, if it cannot.
pub fn check_stored_date(s: &str) -> Result<(), String> {
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) if s.len() == 10 && in_range(d) => Ok(()),
        Ok(_) if s.len() == 10 => Err(format!(
            "\"{s}\" is outside the years {MIN_YEAR}–{MAX_YEAR}"
        )),
        _ => Err(format!("\"{s}\" is not a date")),
    }
}

/// Why a stored birthday (`1980-02-29` or `--02-29`) cannot be read, if it cannot.
pub fn check_stored_birthday(s: &str) -> Result<(), String> {
    match parse_birthday(s) {
        Ok(canonical) if canonical == s => Ok(()),
        Ok(_) => Err(format!("\"{s}\" is not in the stored form")),
        Err(e) => Err(e.to_string()),
    }
}

/// What "now" is. Injected everywhere so tests can fix today.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

impl Clock {
    pub fn system() -> Clock {
        let now = Utc::now();
        Clock {
            today: now.with_timezone(&Local).date_naive(),
            now,
        }
    }

    /// A clock fixed on a day, at noon local time.
    pub fn fixed(today: NaiveDate) -> Clock {
        Clock {
            today,
            now: at_noon(today),
        }
    }
}

/// Noon local time on a date, in UTC: the instant recorded for a touch given as a date.
pub fn at_noon(date: NaiveDate) -> DateTime<Utc> {
    let noon = date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
    match Local.from_local_datetime(&noon).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => Utc.from_utc_datetime(&noon),
    }
}

/// The store's text form of an instant: ISO-8601 in UTC, to the second.
/// Written field by field: chrono reads its format string again on every
/// call, a tenth of the cost of writing a note in bulk.
pub fn to_db(t: DateTime<Utc>) -> String {
    use chrono::Timelike;
    let (year, month, day) = (t.year(), t.month(), t.day());
    if !(0..=9999).contains(&year) {
        // Signed and wider years, as chrono writes them (never stored).
        return t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    }
    let (h, m, s) = (t.hour(), t.minute(), t.second());
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
}

/// Parses the store's text form back; tolerant of a missing `Z` or fractions.
pub fn from_db(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
                .ok()
                .map(|n| Utc.from_utc_datetime(&n))
        })
}

/// The local calendar date of an instant.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Local).date_naive()
}

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// The next day after `today` (1 to 7 days ahead) that falls on `wd`.
fn coming(today: NaiveDate, wd: Weekday) -> Option<NaiveDate> {
    let ahead =
        (7 + wd.num_days_from_monday() as i64 - today.weekday().num_days_from_monday() as i64 - 1)
            % 7
            + 1;
    today.checked_add_days(Days::new(ahead as u64))
}

fn month(s: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.len() < 3 {
        return None;
    }
    let i = NAMES.iter().position(|n| {
        *n == s || (s.len() == 3 && n.starts_with(s)) || (s == "sept" && *n == "september")
    })?;
    Some(i as u32 + 1)
}

/// A day of the month: "5", "05", "5th", "1st", "22nd", "3rd".
fn day_of_month(s: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix))
        .unwrap_or(s);
    if digits.is_empty() || digits.len() > 2 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// "5 dec", "dec 5", "5 December", "December 5, 2026", "5th of dec". Without
/// a year, the next time that day comes (today included): the dates typed
/// most are follow-ups and snoozes, which lie ahead, as do "fri" and birthdays;
/// a day already past takes a year ("5 dec 2025").
fn day_and_month(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let cleaned = s.replace(',', " ");
    let words: Vec<&str> = cleaned.split_whitespace().filter(|w| *w != "of").collect();
    let (day, mon, year) = match words.as_slice() {
        [a, b] | [a, b, _] => match (day_of_month(a), month(b), month(a), day_of_month(b)) {
            (Some(d), Some(m), _, _) | (_, _, Some(m), Some(d)) => (d, m, words.get(2)),
            _ => return None,
        },
        _ => return None,
    };
    match year {
        Some(y) => {
            if y.len() != 4 || !y.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            NaiveDate::from_ymd_opt(y.parse().ok()?, mon, day)
        }
        None => {
            // 29 February comes within eight years; a day no month has never does.
            (0..=8).find_map(|ahead| {
                NaiveDate::from_ymd_opt(today.year().checked_add(ahead)?, mon, day)
                    .filter(|d| *d >= today)
            })
        }
    }
}

/// A count and a unit: "3d", "2 weeks", "1m".
fn amount(s: &str) -> Option<(u32, char)> {
    let s = s.trim();
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 5 {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    let unit = s[digits.len()..].trim();
    let u = match unit {
        "d" | "day" | "days" => 'd',
        "w" | "wk" | "week" | "weeks" => 'w',
        "m" | "mo" | "month" | "months" => 'm',
        "y" | "yr" | "year" | "years" => 'y',
        _ => return None,
    };
    Some((n, u))
}

fn shift(today: NaiveDate, n: u32, unit: char, forward: bool) -> Option<NaiveDate> {
    match (unit, forward) {
        ('d', true) => today.checked_add_days(Days::new(n as u64)),
        ('d', false) => today.checked_sub_days(Days::new(n as u64)),
        ('w', true) => today.checked_add_days(Days::new(n as u64 * 7)),
        ('w', false) => today.checked_sub_days(Days::new(n as u64 * 7)),
        ('m', true) => today.checked_add_months(Months::new(n)),
        ('m', false) => today.checked_sub_months(Months::new(n)),
        ('y', true) => today.checked_add_months(Months::new(n.checked_mul(12)?)),
        ('y', false) => today.checked_sub_months(Months::new(n.checked_mul(12)?)),
        _ => None,
    }
}

/// Parses a human date relative to `today`.
/// Dates outside the supported years are refused, so "in 99999y" never
/// reaches the store.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let d = parse_inner(input, today).ok_or_else(|| DateError::BadDate {
        input: input.to_string(),
    })?;
    check_range(d, input)
}

fn parse_inner(input: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = input.trim().to_lowercase();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Ok(d) = NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
        // chrono accepts a short year ("26-01-01"); a store wants four digits.
        return (s.len() == 10).then_some(d);
    }
    match s.as_str() {
        "today" | "now" => return Some(today),
        "tomorrow" | "tmr" => return today.succ_opt(),
        "yesterday" => return today.pred_opt(),
        "next week" => return shift(today, 1, 'w', true),
        "next month" => return shift(today, 1, 'm', true),
        "next year" => return shift(today, 1, 'y', true),
        "last week" => return shift(today, 1, 'w', false),
        "last month" => return shift(today, 1, 'm', false),
        _ => {}
    }
    if let Some(wd) = weekday(&s) {
        return coming(today, wd);
    }
    if let Some(d) = day_and_month(&s, today) {
        return Some(d);
    }
    if let Some(rest) = s.strip_prefix("next ") {
        // The named day in the week after this one (weeks start on Monday).
        let wd = weekday(rest)?;
        let monday =
            today.checked_sub_days(Days::new(today.weekday().num_days_from_monday() as u64))?;
        return monday.checked_add_days(Days::new(7 + wd.num_days_from_monday() as u64));
    }
    if let Some(rest) = s.strip_prefix("last ") {
        let wd = weekday(rest)?;
        return coming(today, wd)?.checked_sub_days(Days::new(7));
    }
    if let Some(rest) = s.strip_prefix("in ") {
        let (n, u) = amount(rest)?;
        return shift(today, n, u, true);
    }
    if let Some(rest) = s.strip_suffix(" ago") {
        let (n, u) = amount(rest)?;
        return shift(today, n, u, false);
    }
    if let Some(rest) = s.strip_prefix('+') {
        let (n, u) = amount(rest)?;
        return shift(today, n, u, true);
    }
    if let Some(rest) = s.strip_prefix('-') {
        let (n, u) = amount(rest)?;
        return shift(today, n, u, false);
    }
    None
}

/// Parses a duration into days: "30d", "2w", "3m" (90 days), "1y" (365 days), or a bare number of days.
pub fn parse_days(input: &str) -> Result<u32, DateError> {
    let bad = || DateError::BadDuration {
        input: input.to_string(),
    };
    let s = input.trim().to_lowercase();
    let (n, u) = if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        (s.parse::<u32>().map_err(|_| bad())?, 'd')
    } else {
        amount(&s).ok_or_else(bad)?
    };
    let days = match u {
        'd' => Some(n),
        'w' => n.checked_mul(7),
        'm' => n.checked_mul(30),
        _ => n.checked_mul(365),
    };
    match days {
        Some(d) if d > 0 && d <= 36_500 => Ok(d),
        _ => Err(bad()),
    }
}

/// A birthday: `YYYY-MM-DD`, or `--MM-DD` (also `--MMDD`) without a year.
/// Returns the canonical stored form.
pub fn parse_birthday(input: &str) -> Result<String, DateError> {
    let bad = || DateError::BadBirthday {
        input: input.to_string(),
    };
    let s = input.trim();
    if let Some(md) = s.strip_prefix("--") {
        let md = md.replace('-', "");
        if md.len() != 4 || !md.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let (m, d) = (
            md[..2].parse::<u32>().map_err(|_| bad())?,
            md[2..].parse::<u32>().map_err(|_| bad())?,
        );
        // 2000 is a leap year, so --02-29 is accepted.
        NaiveDate::from_ymd_opt(2000, m, d).ok_or_else(bad)?;
        return Ok(format!("--{m:02}-{d:02}"));
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad())?;
    if s.len() != 10 {
        return Err(bad());
    }
    check_range(d, input)?;
    Ok(d.format("%Y-%m-%d").to_string())
}

/// The next occurrence (today included) of a stored birthday, and the age then if the year is known.
pub fn next_birthday(stored: &str, today: NaiveDate) -> Option<(NaiveDate, Option<i32>)> {
    let (year, m, d) = if let Some(md) = stored.strip_prefix("--") {
        let (m, d) = md.split_once('-')?;
        (None, m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)
    } else {
        let date = NaiveDate::parse_from_str(stored, "%Y-%m-%d").ok()?;
        (Some(date.year()), date.month(), date.day())
    };
    let on = |y: i32| NaiveDate::from_ymd_opt(y, m, d).or_else(|| NaiveDate::from_ymd_opt(y, 3, 1));
    let mut next = on(today.year())?;
    if next < today {
        next = on(today.year() + 1)?;
    }
    Some((next, year.map(|y| next.year() - y)))
}

/// "today", "yesterday", "3 days ago", "in 2 days": short relative wording for lists.
pub fn relative(date: NaiveDate, today: NaiveDate) -> String {
    let days = (date - today).num_days();
    match days {
        0 => "today".into(),
        1 => "tomorrow".into(),
        -1 => "yesterday".into(),
        d if d > 1 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn forms_relative_to_a_sunday() {
        let today = d("2026-11-22"); // a Sunday
        let cases = [
            ("2026-12-01", "2026-12-01"),
            ("today", "2026-11-22"),
            ("Tomorrow", "2026-11-23"),
            ("yesterday", "2026-11-21"),
            ("fri", "2026-11-27"),
            ("friday", "2026-11-27"),
            ("sun", "2026-11-29"),
            ("next fri", "2026-11-27"), // the Friday of next week (weeks start on Monday)
            ("next mon", "2026-11-23"),
            ("last fri", "2026-11-20"),
            ("in 2w", "2026-12-06"),
            ("in 3 days", "2026-11-25"),
            ("+3d", "2026-11-25"),
            ("-3d", "2026-11-19"),
            ("2w ago", "2026-11-08"),
            ("next month", "2026-12-22"),
            ("next week", "2026-11-29"),
            ("+1y", "2027-11-22"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input, today), Ok(d(want)), "{input}");
        }
    }

    #[test]
    fn day_and_month_forms() {
        let today = d("2026-11-22");
        let cases = [
            ("5 dec", "2026-12-05"),
            ("dec 5", "2026-12-05"),
            ("5 December", "2026-12-05"),
            ("December 5", "2026-12-05"),
            ("December 5, 2026", "2026-12-05"),
            ("5th of dec", "2026-12-05"),
            ("22 nov", "2026-11-22"), // today is the next time it comes
            ("21 nov", "2027-11-21"), // past this year: next year
            ("21 nov 2026", "2026-11-21"),
            ("1 sept", "2027-09-01"),
            ("29 feb", "2028-02-29"),
            ("may 1", "2027-05-01"),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input, today), Ok(d(want)), "{input}");
        }
        for bad in [
            "31 feb",
            "32 dec",
            "dec",
            "5 decx",
            "5 dec 26",
            "0 dec",
            "de 5",
            "5 dec 2026 x",
        ] {
            assert!(parse_date(bad, today).is_err(), "{bad}");
        }
    }

    #[test]
    fn next_fri_on_a_wednesday_is_in_the_next_week() {
        let wed = d("2026-11-18");
        assert_eq!(parse_date("fri", wed), Ok(d("2026-11-20")));
        assert_eq!(parse_date("next fri", wed), Ok(d("2026-11-27")));
        // "fri" on a Friday is a week on, never today.
        assert_eq!(parse_date("fri", d("2026-11-20")), Ok(d("2026-11-27")));
    }

    #[test]
    fn bad_dates_name_the_accepted_forms() {
        let today = d("2026-11-22");
        for bad in [
            "2026-02-31",
            "someday",
            "",
            "in 2 fortnights",
            "26-01-01",
            "+99999999d",
        ] {
            let err = parse_date(bad, today).unwrap_err();
            assert!(err.to_string().contains("in 2w"), "{bad}: {err}");
        }
    }

    #[test]
    fn dates_outside_the_supported_years_are_refused() {
        let today = d("2026-11-22");
        for far in [
            "in 99999y",
            "99999y ago",
            "+175y",
            "1899-12-31",
            "2201-01-01",
            "in 2400m",
        ] {
            let err = parse_date(far, today).unwrap_err();
            assert!(matches!(err, DateError::OutOfRange { .. }), "{far}: {err}");
            assert!(err.to_string().contains("1900–2200"), "{err}");
        }
        assert_eq!(parse_date("1900-01-01", today), Ok(d("1900-01-01")));
        assert_eq!(parse_date("2200-12-31", today), Ok(d("2200-12-31")));
        assert!(parse_birthday("1850-01-01").is_err());
        assert!(check_stored_instant("+102025-11-23T12:00:00Z").is_err());
        assert!(check_stored_instant("not a time").is_err());
        assert!(check_stored_instant("2026-11-22T12:00:00Z").is_ok());
        assert!(check_stored_date("2026-02-31").is_err());
        assert!(check_stored_birthday("1979-02-29").is_err());
        assert!(check_stored_birthday("--02-29").is_ok());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_days("30d"), Ok(30));
        assert_eq!(parse_days("2w"), Ok(14));
        assert_eq!(parse_days("3m"), Ok(90));
        assert_eq!(parse_days("1y"), Ok(365));
        assert_eq!(parse_days("45"), Ok(45));
        assert!(parse_days("0d").is_err());
        assert!(parse_days("often").is_err());
    }

    #[test]
    fn birthdays() {
        assert_eq!(parse_birthday("1990-03-15").as_deref(), Ok("1990-03-15"));
        assert_eq!(parse_birthday("--0315").as_deref(), Ok("--03-15"));
        assert_eq!(parse_birthday("--02-29").as_deref(), Ok("--02-29"));
        assert!(parse_birthday("--13-01").is_err());
        assert!(parse_birthday("1990-02-30").is_err());
        let today = d("2026-11-22");
        assert_eq!(
            next_birthday("1990-11-25", today),
            Some((d("2026-11-25"), Some(36)))
        );
        assert_eq!(
            next_birthday("--01-02", today),
            Some((d("2027-01-02"), None))
        );
        assert_eq!(next_birthday("--11-22", today), Some((today, None)));
    }
}
