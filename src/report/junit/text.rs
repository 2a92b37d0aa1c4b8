//! The text JUnit may carry. XML 1.0 allows no control character but tab, line feed and
//! carriage return, and an ANSI colour sequence (`ESC [ 3 1 m`) left in a report shows as
//! garbage in CI, so quick-junit, the JUnit writer assay was first built on, runs every string
//! through a terminal parser (`strip-ansi-escapes`): ANSI sequences go, and so do the C0
//! controls but line feed (tab and carriage return too) and the C1 controls (U+0080–U+009F).
//! That parser writes each character with `write!`: about 200 instructions per byte, a fifth of
//! a `--out` run. [`clean`] gives the same text, byte for byte (a property test compares it
//! with the parser), and only runs the parser on a string that holds one of those
//! characters: without them the parser never leaves its ground state and copies every
//! character.

use std::borrow::Cow;

/// `s` as quick-junit would write it: ANSI escape sequences and control characters removed.
pub fn clean(s: &str) -> Cow<'_, str> {
    if is_clean(s) {
        return Cow::Borrowed(s);
    }
    let stripped = strip_ansi_escapes::strip_str(s);
    Cow::Owned(stripped.replace(
        |c| matches!(c, '\x00'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f'),
        "",
    ))
}

/// Does `s` hold no character the terminal parser changes: no C0 control but line feed, no
/// C1 control?
fn is_clean(s: &str) -> bool {
    let b = s.as_bytes();
    // A C1 control is 0xC2 then 0x80..=0x9F in UTF-8; 0xC2 is only ever a lead byte. One
    // pass without early exit (which the compiler vectorises) finds whether any byte is a
    // control but line feed or 0xC2; only then are the 0xC2 looked at one by one.
    let suspect = b.iter().fold(false, |any, &x| {
        any | ((x < 0x20) & (x != b'\n')) | (x == 0xC2)
    });
    !suspect
        || (!b.iter().any(|&x| x < 0x20 && x != b'\n')
            && !b.windows(2).any(|w| w[0] == 0xC2 && w[1] < 0xA0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What quick-junit does to a string (`XmlString::new`).
    fn reference(s: &str) -> String {
        quick_junit::XmlString::new(s).into_string()
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        for s in [
            "",
            "Scale up = larger server, 3×4 = 12 ≥ 10 → “ok” — doesn't <break> & fails\n",
            "emoji 🎓 and DEL \u{7f} and NBSP \u{a0} stay",
        ] {
            assert!(matches!(clean(s), Cow::Borrowed(_)), "{s:?}");
            assert_eq!(clean(s), reference(s));
        }
    }

    #[test]
    fn escapes_and_controls_go_as_quick_junit_removes_them() {
        for s in [
            "\x1b[31mred\x1b[0m text",
            "tab\there, cr\r\nline",
            "nul\0 bell\x07 vt\x0b ff\x0c",
            "c1 \u{85} next line and \u{9b}31m csi",
            "half an escape \x1b",
            "\x1b]8;;http://x\x07link\x1b]8;;\x07",
        ] {
            assert!(matches!(clean(s), Cow::Owned(_)), "{s:?}");
            assert_eq!(clean(s), reference(s), "{s:?}");
        }
    }

    #[test]
    fn every_character_alone_is_treated_as_quick_junit_treats_it() {
        for u in 0u32..=0x10ffff {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("a{c}b");
            assert_eq!(clean(&s), reference(&s), "U+{u:04X}");
        }
    }

    proptest! {
        #[test]
        fn any_text_is_cleaned_as_quick_junit_cleans_it(s in "(\\PC|[\\x00-\\x1f\\u{80}-\\u{9f}]|\\x1b\\[[0-9;]{0,4}[a-zA-Z]){0,40}") {
            prop_assert_eq!(clean(&s), reference(&s));
        }
    }
}
