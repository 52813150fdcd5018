//! The import's short cut through the name lookup: "is anyone here perhaps
//! this person?" answers what the full candidate list would, on stores full
//! of shared names, initials, birthdays and uids.

use chrono::{TimeZone, Utc};
use kithkin::identity::find::{any_by_name, by_name};
use kithkin::identity::Facts;
use kithkin::store::interop::{insert_person, Fields};
use kithkin::store::Store;
use proptest::prelude::*;

/// Few names, so that keys collide often: full names, initials, order.
fn name() -> impl Strategy<Value = String> {
    let given = prop::sample::select(vec!["Anna", "Ana", "A.", "Jo", "J.", "Jon"]);
    let family = prop::sample::select(vec!["Berg", "Berg-Lund", "Lund", "Müller", "Muller"]);
    (given, family, any::<bool>()).prop_map(|(g, f, reversed)| {
        if reversed {
            format!("{f}, {g}")
        } else {
            format!("{g} {f}")
        }
    })
}

fn birthday() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(vec![
        "1980-05-01".to_string(),
        "1981-05-01".to_string(),
        "--05-01".to_string(),
        "1990-12-24".to_string(),
    ]))
}

fn person() -> impl Strategy<Value = (String, Option<String>)> {
    (name(), birthday())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_by_name_answers_whether_by_name_finds_anyone(
        people in prop::collection::vec(person(), 0..40),
        probe in person(),
        source_uid in prop::option::of(prop::sample::select(vec!["u1", "u2"])),
    ) {
        let store = Store::open_in_memory().expect("store");
        let c = store.conn();
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 9, 0, 0).unwrap();
        for (i, (name, birthday)) in people.iter().enumerate() {
            let f = Fields { name: name.clone(), birthday: birthday.clone(), ..Fields::default() };
            insert_person(c, &format!("uid-{i}"), &f, now).expect("insert");
        }
        let facts = Facts {
            name: probe.0.clone(),
            birthday: probe.1.clone(),
            source_uid: source_uid.map(|u| ("cards.vcf".to_string(), u.to_string())),
            ..Facts::default()
        };
        let all = by_name(c, &facts).expect("by_name");
        prop_assert_eq!(any_by_name(c, &facts).expect("any_by_name"), !all.is_empty());
    }
}
