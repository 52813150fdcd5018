//! Property tests of the words needs and offers are matched on: accents and
//! case never matter, stop words never count, and the overlap is the same
//! seen from either side.

use kithkin::fold::fold;
use kithkin::needs::{give_idea, is_stop_word, overlap, propose, words, MAX_WORDS};
use proptest::prelude::*;

/// Words with accents, capitals and stop words mixed in.
fn text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("Hardware".to_string()),
        Just("investor".to_string()),
        Just("invests".to_string()),
        Just("Zürich".to_string()),
        Just("ÉCOLE".to_string()),
        Just("looking".to_string()),
        Just("for".to_string()),
        Just("the".to_string()),
        Just("can".to_string()),
        Just("help".to_string()),
        Just("Łódź".to_string()),
        Just("design".to_string()),
        "[a-zA-Zàéîõüßø]{1,12}",
    ];
    proptest::collection::vec(word, 0..30).prop_map(|w| w.join(" "))
}

proptest! {
    #[test]
    fn words_are_folded_without_stop_words_each_once(t in text()) {
        let ws = words(&t);
        prop_assert!(ws.len() <= MAX_WORDS);
        for (i, w) in ws.iter().enumerate() {
            prop_assert_eq!(&fold(w), w);
            prop_assert!(!is_stop_word(w), "{} is a stop word", w);
            prop_assert!(!ws[..i].contains(w), "{} twice", w);
        }
    }

    #[test]
    fn accents_and_case_never_change_the_words(t in text()) {
        prop_assert_eq!(words(&t), words(&fold(&t)));
        prop_assert_eq!(words(&t), words(&t.to_uppercase()));
    }

    #[test]
    fn the_overlap_is_the_same_from_either_side(a in text(), b in text()) {
        let (wa, wb) = (words(&a), words(&b));
        let ab = overlap(&wa, &wb);
        let ba = overlap(&wb, &wa);
        prop_assert_eq!(ab.is_some(), ba.is_some());
        if let (Some((sa, mut xa)), Some((sb, mut xb))) = (ab, ba) {
            prop_assert!((sa - sb).abs() < 1e-9);
            xa.sort();
            xb.sort();
            prop_assert_eq!(xa, xb);
        }
    }

    #[test]
    fn a_note_matches_itself_and_stop_words_never_match(t in text()) {
        let w = words(&t);
        prop_assert_eq!(overlap(&w, &w).is_some(), !w.is_empty());
        let stop = words("looking for the one who can help with it");
        prop_assert!(overlap(&w, &stop).is_none());
    }

    #[test]
    fn any_text_is_read_without_panic(a in "\\PC{0,200}", b in "\\PC{0,200}") {
        let _ = propose(&a);
        let _ = words(&a);
        let idea = give_idea(&a, &b, &b, &a);
        prop_assert!(idea.ends_with("introduce them?"));
    }
}
