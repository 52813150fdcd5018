//! Property tests for the date parser: it never panics, and its forms agree.

use chrono::{Datelike, Days, NaiveDate, Timelike};
use kithkin::when::{from_db, parse_birthday, parse_date, parse_days, to_db};
use proptest::prelude::*;

fn any_day() -> impl Strategy<Value = NaiveDate> {
    (1970i32..2100, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_any_text(s in "\\PC{0,40}", today in any_day()) {
        let _ = parse_date(&s, today);
        let _ = parse_days(&s);
        let _ = parse_birthday(&s);
    }

    #[test]
    fn never_panics_on_near_misses(n in any::<u64>(), unit in "[dwmy]|days|weeks|xyz", sign in "\\+|-|in |") {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let _ = parse_date(&format!("{sign}{n}{unit}"), today);
        let _ = parse_date(&format!("{n}{unit} ago"), today);
    }

    #[test]
    fn stored_instants_are_chronos_text_and_read_back(secs in -70_000_000_000i64..250_000_000_000, nanos in 0u32..1_000_000_000) {
        let t = chrono::DateTime::from_timestamp(secs, nanos).unwrap();
        prop_assert_eq!(to_db(t), t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        if (1900..=2200).contains(&t.year()) {
            prop_assert_eq!(from_db(&to_db(t)), Some(t.with_nanosecond(0).unwrap()));
        }
    }

    #[test]
    fn iso_dates_round_trip(d in any_day(), today in any_day()) {
        prop_assert_eq!(parse_date(&d.format("%Y-%m-%d").to_string(), today), Ok(d));
    }

    #[test]
    fn offsets_agree(n in 0u64..3000, today in any_day()) {
        let later = today.checked_add_days(Days::new(n)).unwrap();
        let earlier = today.checked_sub_days(Days::new(n)).unwrap();
        prop_assert_eq!(parse_date(&format!("+{n}d"), today), Ok(later));
        prop_assert_eq!(parse_date(&format!("in {n} days"), today), Ok(later));
        prop_assert_eq!(parse_date(&format!("-{n}d"), today), Ok(earlier));
        prop_assert_eq!(parse_date(&format!("{n}d ago"), today), Ok(earlier));
        let weeks = today.checked_add_days(Days::new(n * 7)).unwrap();
        prop_assert_eq!(parse_date(&format!("in {n}w"), today), Ok(weeks));
    }

    #[test]
    fn weekdays_are_within_a_week_ahead(today in any_day(), i in 0usize..7) {
        let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let d = parse_date(names[i], today).unwrap();
        let ahead = (d - today).num_days();
        prop_assert!((1..=7).contains(&ahead));
        prop_assert_eq!(d.weekday().num_days_from_monday() as usize, i);
        let next = parse_date(&format!("next {}", names[i]), today).unwrap();
        prop_assert!(next > today && (next - today).num_days() <= 13);
        prop_assert_eq!(next.weekday().num_days_from_monday() as usize, i);
    }

    #[test]
    fn invalid_calendar_days_are_errors(y in 1970i32..2100, m in 1u32..=12, d in 29u32..=35) {
        let s = format!("{y:04}-{m:02}-{d:02}");
        let valid = NaiveDate::from_ymd_opt(y, m, d).is_some();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        prop_assert_eq!(parse_date(&s, today).is_ok(), valid);
        prop_assert_eq!(parse_birthday(&s).is_ok(), valid);
    }

    #[test]
    fn day_and_month_is_the_next_time_it_comes(d in any_day(), today in any_day()) {
        let short = d.format("%-d %b").to_string();
        let got = parse_date(&short, today).unwrap();
        prop_assert_eq!((got.month(), got.day()), (d.month(), d.day()));
        prop_assert!(got >= today && (got - today).num_days() < 366, "{} on {}: {}", short, today, got);
        for form in ["%b %-d", "%-d %B", "%B %-d", "%B %-d,", "%-d %b."] {
            let text = d.format(form).to_string();
            prop_assert_eq!(parse_date(&text, today), Ok(got), "{}", text);
        }
        for form in ["%-d %b %Y", "%B %-d, %Y", "%-d %B %Y"] {
            let text = d.format(form).to_string();
            prop_assert_eq!(parse_date(&text, today), Ok(d), "{}", text);
        }
    }
}
