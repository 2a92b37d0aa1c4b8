//! Folding one word to the form both patterns and learner text are compared in: Unicode NFKC,
//! lower case, accents and zero-width characters removed, apostrophes dropped, texting
//! shorthand spelled out (`u`, `ppl`), British spellings mapped to American ones; then
//! Snowball stemming.

use super::word_set::WordSet;
use std::cell::RefCell;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds one word (no spaces) to its comparison form.
pub fn fold_word(word: &str) -> String {
    let folded = fold_prefix(word);
    match spelled_out(&folded) {
        Some(full) => full.to_string(),
        None => folded,
    }
}

/// [`fold_word`] for the start of a word (a pattern's prefix, `u*`): texting shorthand is a
/// whole word, so it is not spelled out here.
pub fn fold_prefix(word: &str) -> String {
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // NFKD leaves ASCII letters and digits as they are.
        return americanize(word.to_ascii_lowercase());
    }
    let mut out = String::with_capacity(word.len());
    for c in word.nfkd() {
        if is_combining_mark(c) || is_invisible(c) || is_apostrophe(c) {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    // Re-compose what NFKD split but that is not an accent (e.g. Hangul).
    if !out.is_ascii() {
        out = out.nfkc().collect();
    }
    americanize(out)
}

/// Characters that are invisible inside a word: zero-width spaces and joiners, the word
/// joiner, the byte order mark, the soft hyphen and bidirectional controls.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// Apostrophes that may stand inside a word (`doesn't`, `doesn’t`).
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// [`fold_word`], appended to `out`: a word of ASCII letters and digits (nearly every word)
/// is folded in place, without a `String` of its own (near-duplicate signatures fold every
/// word of every answer).
pub fn fold_word_into(word: &str, out: &mut String) {
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        if let Some(full) = spelled_out(&out[start..]) {
            out.truncate(start);
            out.push_str(full);
            return;
        }
        americanize_tail(out, start);
    } else {
        out.push_str(&fold_word(word));
    }
}

/// The word a piece of texting shorthand stands for, as learners typing on a phone write it
/// ("u cant revoke it", "ppl see old prices"). Applied to patterns and learner text alike.
/// Not the shorthand for words that `polarity.rs` reads as cues ("bc", "cuz", "tho"): a
/// "though" after "people think" would cut the reported claim off its reporter, and "bc"
/// also means "backward compatible"; nor "ur", which learners write for "you're" as often as
/// for "your".
fn spelled_out(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "u" => "you",
        "thru" => "through",
        "ppl" => "people",
        "b4" => "before",
        _ => return None,
    })
}

/// Maps British spellings to American ones. Applied to patterns and learner text alike, so an
/// over-eager rewrite (`promise` → `promize`) is harmless: both sides change the same way.
fn americanize(mut w: String) -> String {
    americanize_tail(&mut w, 0);
    w
}

/// [`americanize`] of the word `buf[start..]`, in place.
fn americanize_tail(buf: &mut String, start: usize) {
    const ISE: [(&str, &str); 10] = [
        ("isations", "izations"),
        ("isation", "ization"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("isers", "izers"),
        ("iser", "izer"),
        ("ise", "ize"),
        ("yse", "yze"),
        ("ysing", "yzing"),
    ];
    let w = &buf[start..];
    if w.len() > 5 {
        for (from, to) in ISE {
            if w.ends_with(from) {
                let keep = start + w.len() - from.len();
                buf.truncate(keep);
                buf.push_str(to);
                return;
            }
        }
        // behaviour, favour, colour, honour (not four, hour, your, pour: too short).
        for (from, to) in [
            ("ours", "ors"),
            ("our", "or"),
            ("oured", "ored"),
            ("ouring", "oring"),
        ] {
            if w.ends_with(from) && w.len() >= from.len() + 3 {
                let keep = start + w.len() - from.len();
                buf.truncate(keep);
                buf.push_str(to);
                return;
            }
        }
        // travelled, modelling, canceller (not called, polling, installed: see below).
        for (from, to) in [("lled", "led"), ("lling", "ling"), ("ller", "ler")] {
            if w.ends_with(from) && doubles_its_l(&w[..w.len() - from.len() + 1]) {
                let keep = start + w.len() - from.len();
                buf.truncate(keep);
                buf.push_str(to);
                return;
            }
        }
    }
    if w.len() > 4 && w.ends_with("tre") {
        let keep = start + w.len() - 3;
        buf.truncate(keep);
        buf.push_str("ter");
    }
}

/// Whether a word ending in one `l` (`travel`, from "travelled") doubles it in British
/// spelling only: a base of several syllables whose last is unstressed. A base of one
/// syllable ends in `ll` in both spellings (`call`, `poll`, `roll`, `fill`: "called" is not
/// "caled"), and so do a few longer ones (`install`, `enroll`, `recall`).
fn doubles_its_l(base: &str) -> bool {
    const BOTH: [&str; 14] = [
        "instal", "instil", "distil", "fulfil", "enrol", "recal", "befal", "downfal", "rebil",
        "resel", "retel", "foretel", "misspel", "outsel",
    ];
    let syllables = base
        .as_bytes()
        .split(|b| !b"aeiouy".contains(b))
        .filter(|g| !g.is_empty())
        .count();
    syllables >= 2 && !BOTH.contains(&base)
}

thread_local! {
    static STEMMER: RefCell<Option<Stemmer>> = const { RefCell::new(None) };
}

/// Words longer than this (in bytes) are their own stem. No English word is that long, and
/// the Snowball stemmer takes time quadratic in a word's length: one 2 MB "word" took 6 s.
const MAX_STEMMED: usize = 64;

/// The Snowball (English) stem of a folded word. Not cached here: a learner's word forms are
/// stemmed once per thread (`word.rs`), a rubric's words once per compiled word.
pub fn stem(folded: &str) -> String {
    if folded.len() <= 3
        || folded.len() > MAX_STEMMED
        || !folded.bytes().all(|b| b.is_ascii_lowercase())
    {
        return folded.to_string();
    }
    STEMMER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let stemmer = slot.get_or_insert_with(|| Stemmer::create(Algorithm::English));
        stemmer.stem(folded).into_owned()
    })
}

/// Very common function words: never read as typos of rubric words, and not counted as
/// content when comparing an answer with its prompt.
pub fn is_stopword(folded: &str) -> bool {
    const STOP: &[&str] = &[
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
        "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "even",
        "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
        "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself",
        "just", "let", "lets", "like", "many", "may", "me", "might", "more", "most", "much",
        "must", "my", "need", "needs", "no", "nor", "not", "now", "of", "off", "on", "once", "one",
        "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so",
        "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
        "this", "those", "through", "to", "too", "under", "until", "up", "us", "use", "used",
        "very", "via", "was", "we", "were", "what", "when", "where", "which", "while", "who",
        "whom", "why", "will", "with", "would", "you", "your", "yours", "e", "g", "eg", "ie",
        "etc", "vs", "x",
    ];
    // Asked about nearly every word of every answer: see `WordSet`.
    static SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(STOP));
    SET.contains(folded)
}

/// Invisible characters and control characters (other than tab and newline): never copied
/// into reports, where they could hide or reorder text.
pub fn is_invisible_or_control(c: char) -> bool {
    is_invisible(c) || (c.is_control() && c != '\t' && c != '\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Appending folds a word as `fold_word` does, after what `out` already holds.
    #[test]
    fn folding_into_a_buffer_is_folding() {
        let words = [
            "Colour",
            "ORGANISATIONS",
            "travelled",
            "called",
            "Centre",
            "theatre",
            "behaviours",
            "four",
            "analyse",
            "doesn't",
            "doesn’t",
            "Café",
            "naïve",
            "x2",
            "CPU",
            "MODELLING",
            "installed",
            "ﬁle",
            "U",
            "ppl",
            "",
        ];
        for w in words {
            let mut out = String::from("prefix ");
            fold_word_into(w, &mut out);
            assert_eq!(out, format!("prefix {}", fold_word(w)), "{w}");
        }
    }

    /// The stemmer is not run on words past `MAX_STEMMED` (its time is quadratic in the
    /// length); real words, the longest included, are stemmed.
    #[test]
    fn very_long_words_are_their_own_stem() {
        let longest = "pneumonoultramicroscopicsilicovolcanoconioses";
        assert!(stem(longest).len() < longest.len());
        let huge = "ays".repeat(100_000);
        assert_eq!(stem(&huge), huge);
        let just_over = "a".repeat(MAX_STEMMED - 1) + "ys";
        assert_eq!(stem(&just_over), just_over);
    }

    #[track_caller]
    fn same(a: &str, b: &str) {
        assert_eq!(stem(&fold_word(a)), stem(&fold_word(b)), "{a} vs {b}");
    }

    #[test]
    fn folds_spelling_case_accents_and_apostrophes() {
        same("Normalise", "normalize");
        same("behaviour", "behavior");
        same("utilisation", "utilization");
        same("analyse", "analyze");
        same("centre", "center");
        same("modelling", "modeling");
        same("travelled", "traveled");
        same("cancelling", "canceling");
        same("labeller", "labeler");
        // Words whose base ends in `ll` in both spellings keep it.
        same("called", "call");
        same("polling", "poll");
        same("rolled", "roll");
        same("installed", "install");
        same("falling", "fall");
        assert_eq!(fold_word("called"), "called");
        same("caching", "cached");
        same("Sessions", "session");
        same("café", "cafe");
        assert_eq!(fold_word("doesn’t"), "doesnt");
        assert_eq!(fold_word("state\u{200B}less"), "stateless");
        assert_eq!(fold_word("ＴＴＬ"), "ttl");
        assert_eq!(fold_word("hour"), "hour");
        assert_eq!(fold_word("four"), "four");
    }

    #[test]
    fn spells_out_texting_shorthand() {
        assert_eq!(fold_word("u"), "you");
        assert_eq!(fold_word("U"), "you");
        assert_eq!(fold_word("\u{FF55}"), "you"); // full-width
        assert_eq!(fold_word("ppl"), "people");
        assert_eq!(fold_word("thru"), "through");
        // Only whole words: "ui" and "us" are words of their own, and a prefix (`u*`) is
        // the start of a word.
        assert_eq!(fold_word("ui"), "ui");
        assert_eq!(fold_word("us"), "us");
        assert_eq!(fold_prefix("u"), "u");
        // Cue words' shorthand is left as written (see `spelled_out`).
        assert_eq!(fold_word("tho"), "tho");
        assert_eq!(fold_word("bc"), "bc");
    }

    #[test]
    fn stopwords_are_known() {
        for w in ["the", "because", "x", "a"] {
            assert!(is_stopword(w), "{w}");
        }
        for w in ["cache", "", "The", "thee", "th", "becauses", "x\0"] {
            assert!(!is_stopword(w), "{w:?}");
        }
    }
}
