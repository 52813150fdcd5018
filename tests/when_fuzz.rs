//! Fuzzing the date parser: 10,000 cases each of random bytes, random Unicode
//! text, and mutations of every form the parser accepts, against any "today"
//! chrono can represent (near its limits, where date arithmetic overflows).
//! The parser must answer Ok or Err, never panic.

use chrono::{Datelike, NaiveDate};
use kithkin::when::{parse_birthday, parse_date, parse_days};
use proptest::prelude::*;

/// Every form the parser accepts (README, "Dates accept …").
const VALID: &[&str] = &[
    "2026-12-01",
    "today",
    "tomorrow",
    "yesterday",
    "fri",
    "friday",
    "next fri",
    "last fri",
    "in 2w",
    "3d ago",
    "+3d",
    "-3d",
    "next week",
    "next month",
    "next year",
    "in 3m",
    "+1y",
    "30d",
    "2w",
    "--03-15",
    "1984-02-29",
    "now",
];

fn any_today() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        // Anywhere chrono can go, including its very edges.
        (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
            .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).unwrap()),
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        (1900i32..2200, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
    ]
}

fn parse_all(s: &str, today: NaiveDate) {
    let _ = parse_date(s, today);
    let _ = parse_days(s);
    let _ = parse_birthday(s);
}

/// One random edit of `s`'s bytes: insert, delete, replace, duplicate or swap
/// case; the result read back as (lossy) UTF-8, as text from a file would be.
fn mutate(s: &str, ops: &[(u8, usize, u8)]) -> String {
    let mut b = s.as_bytes().to_vec();
    for &(op, at, byte) in ops {
        let at = if b.is_empty() { 0 } else { at % (b.len() + 1) };
        match op % 6 {
            0 => b.insert(at, byte),
            1 if at < b.len() => {
                b.remove(at);
            }
            2 if at < b.len() => b[at] = byte,
            3 => {
                let tail = b[at..].to_vec();
                b.splice(at..at, tail);
            }
            4 if at < b.len() => b[at] = b[at].to_ascii_uppercase(),
            _ => b.insert(at, b"0123456789 -+dwmy"[byte as usize % 17]),
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64), today in any_today()) {
        parse_all(&String::from_utf8_lossy(&bytes), today);
    }

    #[test]
    fn random_text_never_panics(s in any::<String>(), today in any_today()) {
        parse_all(&s, today);
    }

    #[test]
    fn mutated_valid_dates_never_panic(
        i in 0..VALID.len(),
        ops in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<u8>()), 1..6),
        today in any_today(),
    ) {
        parse_all(&mutate(VALID[i], &ops), today);
    }

    #[test]
    fn huge_numbers_never_panic(n in any::<u64>(), unit in "[dwmy]|days?|weeks?|months?|years?", today in any_today()) {
        for form in [format!("in {n}{unit}"), format!("+{n}{unit}"), format!("-{n}{unit}"), format!("{n}{unit} ago"), format!("{n}{unit}")] {
            parse_all(&form, today);
        }
    }
}

#[test]
fn every_valid_form_parses_on_an_ordinary_day() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    for s in VALID {
        assert!(
            parse_date(s, today).is_ok() || parse_days(s).is_ok() || parse_birthday(s).is_ok(),
            "{s} no longer parses"
        );
    }
}
