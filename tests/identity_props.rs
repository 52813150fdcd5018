//! Property tests of the identity rule: name keys fold accents, case, word
//! order, "Last, First", titles and initials; URL keys fold the ways one
//! profile is written; vetoes and scores do not depend on argument order.

use kithkin::identity::{
    name_keys, names_compatible, point_key, score, url_key, veto, Facts, Name,
};
use kithkin::model::ContactKind;
use proptest::prelude::*;

/// A plain word of 2–9 lower-case letters (not a title or suffix).
fn word() -> impl Strategy<Value = String> {
    const NOISE: &[&str] = &[
        "dr", "drs", "prof", "mr", "mrs", "ms", "mx", "jr", "sr", "ii", "iii", "iv", "phd", "mba",
        "cfa", "md", "dott", "ing", "ir", "mag", "dipl", "esq", "msc", "bsc",
    ];
    "[a-z]{2,9}".prop_filter("a title", |w| !NOISE.contains(&w.as_str()))
}

/// The same word with some letters accented or upper-case.
fn decorate(w: &str, accents: &[bool], upper: &[bool]) -> String {
    w.chars()
        .enumerate()
        .map(|(i, c)| {
            let c = if accents.get(i).copied().unwrap_or(false) {
                match c {
                    'a' => 'á',
                    'e' => 'ë',
                    'i' => 'î',
                    'o' => 'ø',
                    'u' => 'ü',
                    'n' => 'ñ',
                    'c' => 'ç',
                    's' => 'š',
                    'z' => 'ž',
                    other => other,
                }
            } else {
                c
            };
            if upper.get(i).copied().unwrap_or(false) {
                c.to_uppercase().next().unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

proptest! {
    #[test]
    fn a_name_key_ignores_accents_case_order_titles_and_initials(
        given in word(),
        family in word(),
        accents in prop::collection::vec(any::<bool>(), 9),
        upper in prop::collection::vec(any::<bool>(), 9),
        title in prop::sample::select(vec!["", "Dr. ", "Prof. ", "Mr "]),
        suffix in prop::sample::select(vec!["", ", PhD", " Jr.", " (she/her)", ", MBA"]),
        middle in "[A-Z]",
    ) {
        let plain = format!("{given} {family}");
        let key = name_keys(&plain).0;
        let fancy = format!(
            "{title}{} {middle}. {}{suffix}",
            decorate(&given, &accents, &upper),
            decorate(&family, &accents, &upper)
        );
        prop_assert_eq!(&name_keys(&fancy).0, &key, "{}", fancy);
        let reversed = format!("{}, {}", decorate(&family, &accents, &upper), given);
        prop_assert_eq!(&name_keys(&reversed).0, &key, "{}", reversed);
        // Decomposed accents (combining marks) fold the same.
        let nfd: String = fancy.chars().flat_map(|c| match c {
            'ë' => vec!['e', '\u{308}'],
            'á' => vec!['a', '\u{301}'],
            other => vec![other],
        }).collect();
        prop_assert_eq!(&name_keys(&nfd).0, &key);
        // The short key is the family name and the first initial, however written.
        let initial = format!("{}. {}", given.chars().next().unwrap_or('x'), family);
        prop_assert_eq!(name_keys(&initial).1, name_keys(&plain).1);
        prop_assert!(names_compatible(&initial, &plain));
        prop_assert!(names_compatible(&fancy, &plain));
    }

    #[test]
    fn compatibility_is_symmetric_and_reflexive(a in "[A-Za-zé .,]{0,30}", b in "[A-Za-zé .,]{0,30}") {
        prop_assert_eq!(names_compatible(&a, &b), names_compatible(&b, &a));
        prop_assert!(names_compatible(&a, &a));
        let n = Name::parse(&a);
        prop_assert_eq!(Name::parse(&n.words.join(" ")).key(), n.key());
    }

    #[test]
    fn different_family_names_are_not_compatible(g in word(), f1 in word(), f2 in word()) {
        prop_assume!(f1 != f2 && g != f1 && g != f2);
        let (x, y) = (format!("{g} {f1}"), format!("{g} {f2}"));
        prop_assert!(!names_compatible(&x, &y));
    }

    #[test]
    fn one_profile_written_many_ways_has_one_key(
        slug in "[a-z0-9-]{1,20}",
        https in any::<bool>(),
        www in prop::sample::select(vec!["", "www.", "de.", "nl."]),
        slash in any::<bool>(),
        upper in any::<bool>(),
        query in any::<bool>(),
    ) {
        let canonical = url_key(&format!("https://www.linkedin.com/in/{slug}"));
        let mut u = format!(
            "{}{www}linkedin.com/in/{slug}{}{}",
            if https { "https://" } else { "http://" },
            if slash { "/" } else { "" },
            if query { "?trk=profile" } else { "" },
        );
        if upper {
            u = u.to_uppercase();
        }
        prop_assert_eq!(url_key(&u), canonical.clone());
        prop_assert_eq!(url_key(&canonical), canonical);
        prop_assert_eq!(
            point_key(ContactKind::Social, &u),
            point_key(ContactKind::Url, &format!("linkedin.com/in/{slug}"))
        );
    }

    #[test]
    fn emails_fold_case_and_space(local in "[a-z0-9.]{1,12}", domain in "[a-z]{2,10}\\.[a-z]{2,3}") {
        let e = format!("{local}@{domain}");
        prop_assert_eq!(
            point_key(ContactKind::Email, &format!("  {}  ", e.to_uppercase())),
            point_key(ContactKind::Email, &e)
        );
    }

    #[test]
    fn vetoes_and_scores_do_not_depend_on_order(
        n1 in "[A-Z][a-z]{1,6} [A-Z][a-z]{1,6}",
        n2 in "[A-Z][a-z]{1,6} [A-Z][a-z]{1,6}",
        b1 in prop::option::of("19[5-9][0-9]-0[1-9]-1[0-9]"),
        b2 in prop::option::of("19[5-9][0-9]-0[1-9]-1[0-9]"),
        p1 in prop::option::of("[a-c]"),
        p2 in prop::option::of("[a-c]"),
        block in 2usize..20,
    ) {
        let facts = |id, name: &str, b: &Option<String>, p: &Option<String>| Facts {
            id,
            name: name.into(),
            birthday: b.clone(),
            profiles: p
                .iter()
                .map(|s| point_key(ContactKind::Social, &format!("https://linkedin.com/in/{s}")))
                .collect(),
            ..Facts::default()
        };
        let a = facts(1, &n1, &b1, &p1);
        let b = facts(2, &n2, &b2, &p2);
        prop_assert_eq!(veto(&a, &b), veto(&b, &a));
        let ab = score(&a, &b, block);
        let ba = score(&b, &a, block);
        prop_assert_eq!(ab.as_ref().map(|c| (&c.reasons, c.confidence)), ba.as_ref().map(|c| (&c.reasons, c.confidence)));
        if veto(&a, &b).is_some() {
            prop_assert!(ab.is_none());
        }
        if let Some(c) = ab {
            prop_assert!((0.0..=1.0).contains(&c.confidence));
        }
        // Different birthdays with years are always a veto; different profiles too.
        if b1.is_some() && b2.is_some() && b1 != b2 {
            prop_assert!(veto(&a, &b).is_some());
        }
        if p1.is_some() && p2.is_some() && p1 != p2 {
            prop_assert!(veto(&a, &b).is_some());
        }
    }
}
