//! Text compared and sorted the way people read names: lower case, accents
//! folded ("José" → "jose", "Łukasz" → "lukasz", "Adébáyọ̀" → "adebayo").
//! Search, sorting and the identity rule all use this one fold.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Appends `c` lower-case and without its accents. Canonical decomposition
/// splits a letter from its marks for every script Unicode knows; the few
/// letters that carry their mark inside (ø, ł, đ, ß …) are spelled out here.
pub fn push_folded(out: &mut String, c: char) {
    for c in c.to_lowercase() {
        decompose_canonical(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            match d {
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'þ' => out.push_str("th"),
                'ø' => out.push('o'),
                'ł' => out.push('l'),
                'đ' | 'ð' => out.push('d'),
                'ħ' => out.push('h'),
                'ı' => out.push('i'),
                _ => out.push(d),
            }
        });
    }
}

/// Text lower-case without accents: "José" → "jose".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(&mut out, c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn every_accented_letter_folds_to_its_base() {
        const FROM: &str =
            "àáâãäåāăąǎçćčĉďèéêëēėęěĕğĝģìíîïīįıĩĭķĺľļñńňņòóôõöøōőŏŕřśšşșŝťţțùúûüūůűųũŭŵýÿŷźżžǧǐǒǔ";
        const TO: &str =
            "aaaaaaaaaaccccdeeeeeeeeegggiiiiiiiiiklllnnnnooooooooorrssssstttuuuuuuuuuuwyyyzzzgiou";
        assert_eq!(FROM.chars().count(), TO.chars().count());
        for (c, base) in FROM.chars().zip(TO.chars()) {
            assert_eq!(fold(&c.to_string()), base.to_string(), "{c}");
        }
        for (c, base) in [
            ('č', "c"),
            ('ď', "d"),
            ('ļ', "l"),
            ('ņ', "n"),
            ('ŕ', "r"),
            ('ž', "z"),
            ('ǔ', "u"),
            ('ß', "ss"),
            ('Ø', "o"),
        ] {
            assert_eq!(fold(&c.to_string()), base);
        }
    }

    #[test]
    fn letters_outside_latin_1_fold_too() {
        // Yorùbá dots below and Vietnamese stacked marks, composed or not.
        assert_eq!(fold("Olúwadámilọ́lá Adébáyọ̀"), "oluwadamilola adebayo");
        assert_eq!(fold("Nguyễn Thị Ánh"), "nguyen thi anh");
        assert_eq!(fold("Jose\u{301}"), "jose");
    }
}
