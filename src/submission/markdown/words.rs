//! Word normalisation for matching a learner's headings and restated prompts against the
//! sheet: NFKC, lowercase, invisible characters dropped, a light stemmer and a stop list.
//! It owns no thresholds: see `sheet_index.rs` for how overlaps are scored.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// At most this many bytes of a text are looked at when extracting words: headings and
/// restatements are short, and a 5 MB line must not cost more than its first words.
const MAX_TEXT: usize = 2_000;

/// Characters that are invisible in rendered text and never form or separate words.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\0'
    )
}

/// `text` in NFKC, lowercased, without invisible characters, cut to its first
/// `MAX_TEXT` bytes (at a char boundary).
pub(super) fn normalise(text: &str) -> String {
    let text = cut(text, MAX_TEXT);
    if text.is_ascii() {
        // NFKC leaves ASCII as it is, and NUL is its only invisible character.
        let mut out = text.to_ascii_lowercase();
        if memchr::memchr(0, out.as_bytes()).is_some() {
            out.retain(|c| c != '\0');
        }
        return out;
    }
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        // Already in NFKC (dashes, arrows, curly quotes…), which would leave it as it is.
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_ascii() {
                if c != '\0' {
                    out.push(c.to_ascii_lowercase());
                }
            } else if !is_invisible(c) {
                out.extend(c.to_lowercase());
            }
        }
        return out;
    }
    text.nfkc()
        .filter(|c| !is_invisible(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `text` agrees with a statement it repeats: it opens with "Yes", "True",
/// "I agree"… or closes with one standing apart ("…, yes.", "… I agree"; see
/// `crate::text::agrees_with_statement`). Then it is the learner's answer, not a copy of the
/// prompt.
pub(super) fn takes_a_stance(text: &str) -> bool {
    crate::text::agrees_with_statement(&normalise(text))
}

/// The first `max` bytes of `text`, cut back to a char boundary.
pub(super) fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The first spaced dash in `text` (" - ", " – " or " — "): where it starts and its length
/// in bytes. The same as the earliest of `text.find` for each of the three, in one pass
/// over the spaces (found many bytes at a time) instead of three substring searches.
pub(super) fn spaced_dash(text: &str) -> Option<(usize, usize)> {
    memchr::memchr_iter(b' ', text.as_bytes()).find_map(|at| {
        let rest = &text[at + 1..];
        ["- ", "– ", "— "]
            .into_iter()
            .find(|d| rest.starts_with(d))
            .map(|d| (at, d.len() + 1))
    })
}

/// The content words of `text`: normalised, stemmed, without stop words and one-letter
/// words, sorted and deduplicated (so overlaps are a linear merge).
pub(super) fn content_words(text: &str) -> Vec<String> {
    let norm = normalise(text);
    let mut kept: Vec<&str> = norm
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| is_content_word(w))
        .collect();
    // Each distinct word is stemmed (and allocated) once: the result is a set.
    kept.sort_unstable();
    kept.dedup();
    let mut words: Vec<String> = kept.into_iter().map(stem).collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// [`content_words`], or `None` as soon as `text` has more than `max` of them: a caller that
/// only wants a few words (a line that might restate a prompt) stops early in a paragraph.
/// With `known` = `(words, misses)`, also `None` as soon as more than `misses` of them are not
/// in `words` (sorted): a line that can only be a copy of a prompt if nearly all its words are
/// the prompt's is given up at its first few other words, not read to its end.
pub(super) fn content_words_within(
    text: &str,
    max: usize,
    known: Option<(&[String], usize)>,
) -> Option<Vec<String>> {
    let text = cut(text, MAX_TEXT);
    let mut picker = Picker::new(max, known);
    match ascii_words(text, |w| picker.take(w)) {
        AsciiWords::All => Some(picker.finish()),
        AsciiWords::Stopped => None,
        AsciiWords::NotAscii => {
            // Again from the start, on the whole text normalised.
            let mut picker = Picker::new(max, known);
            let norm = normalise(text);
            norm.split(|c: char| !c.is_alphanumeric())
                .all(|w| picker.take(w))
                .then(|| picker.finish())
        }
    }
}

/// The distinct content words of [`content_words_within`] as they come, stemmed.
struct Picker<'a> {
    words: Vec<String>,
    stemmed: String,
    max: usize,
    known: Option<(&'a [String], usize)>,
    missed: usize,
}

impl<'a> Picker<'a> {
    fn new(max: usize, known: Option<(&'a [String], usize)>) -> Self {
        Picker {
            // Room for the most words it keeps (a copy of a prompt has a dozen or two).
            words: Vec::with_capacity(max.min(64)),
            stemmed: String::new(),
            max,
            known,
            missed: 0,
        }
    }

    /// Takes one run of alphanumerics of the normalised text; false once past a limit.
    fn take(&mut self, w: &str) -> bool {
        if !is_content_word(w) {
            return true;
        }
        stem_into(w, &mut self.stemmed);
        if self.words.contains(&self.stemmed) {
            return true;
        }
        if self.words.len() == self.max {
            return false;
        }
        if let Some((known, misses)) = self.known
            && known.binary_search(&self.stemmed).is_err()
        {
            if self.missed == misses {
                return false;
            }
            self.missed += 1;
        }
        self.words.push(self.stemmed.clone());
        true
    }

    fn finish(mut self) -> Vec<String> {
        self.words.sort_unstable();
        self.words
    }
}

/// How [`ascii_words`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AsciiWords {
    /// The text is ASCII and every word was taken.
    All,
    /// The callback stopped it.
    Stopped,
    /// A non-ASCII character came first: the words so far are not all there is.
    NotAscii,
}

/// Calls `f` with each run of alphanumerics of [`normalise`]`(text)` (empty runs included, as
/// `split` gives them) for as long as `text` (already cut to `MAX_TEXT`) is ASCII, until `f`
/// returns false. ASCII text is lowercased a word at a time, and most words are slices of
/// `text` itself, so a caller that stops early pays for neither the rest of a long line nor
/// an allocation per word.
///
/// Only words followed by an ASCII separator are given: NFKC can join a letter to a combining
/// mark after it ("e\u{301}"), but an ASCII separator stays a separator (the only ones that
/// compose, `<`, `=` and `>` with U+0338, become symbols) and nothing composes with the
/// character before it, so these words are those of the normalised whole text.
fn ascii_words(text: &str, mut f: impl FnMut(&str) -> bool) -> AsciiWords {
    let bytes = text.as_bytes();
    let mut lowered = String::new();
    let mut start = 0;
    // Whether the current run has an upper-case letter or a NUL (which `normalise` drops,
    // joining the runs on either side of it): then it is copied, lowercased.
    let mut copy = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_alphanumeric() {
            copy |= b.is_ascii_uppercase();
            continue;
        }
        if b == 0 {
            copy = true;
            continue;
        }
        if !b.is_ascii() {
            return AsciiWords::NotAscii;
        }
        if !f(run(&text[start..i], copy, &mut lowered)) {
            return AsciiWords::Stopped;
        }
        start = i + 1;
        copy = false;
    }
    if f(run(&text[start..], copy, &mut lowered)) {
        AsciiWords::All
    } else {
        AsciiWords::Stopped
    }
}

/// An ASCII run as `normalise` gives it: itself, or when `copy`, lowercased into `buf`
/// without its NULs.
fn run<'a>(word: &'a str, copy: bool, buf: &'a mut String) -> &'a str {
    if !copy {
        return word;
    }
    buf.clear();
    buf.extend(
        word.bytes()
            .filter(|&b| b != 0)
            .map(|b| char::from(b.to_ascii_lowercase())),
    );
    buf
}

/// Is `w` (one run of alphanumerics of a normalised text) a content word: two characters or
/// more (or digits), neither a stop word nor a question label?
fn is_content_word(w: &str) -> bool {
    !w.is_empty()
        && (w.chars().nth(1).is_some() || w.bytes().all(|b| b.is_ascii_digit()))
        && !is_stop_word(w)
        && !is_question_label(w)
}

pub(super) use crate::text::strip_parens;

/// The content words of an already normalised `norm` in the order they are written (first
/// occurrence only), each with the byte offset in `norm` where it ends.
pub(super) fn words_in_order(norm: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in norm
        .char_indices()
        .chain(std::iter::once((norm.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                start = None;
                let w = &norm[s..i];
                let keep = (w.chars().count() > 1 || w.chars().all(|c| c.is_ascii_digit()))
                    && !is_stop_word(w)
                    && !is_question_label(w);
                let stemmed = stem(w);
                if keep && !out.iter().any(|(o, _)| *o == stemmed) {
                    out.push((stemmed, i));
                }
            }
            _ => {}
        }
    }
    out
}

/// How many words two sorted, deduplicated word lists share.
pub(super) fn shared(a: &[String], b: &[String]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// "q1", "q12": a question label, which says nothing about the words of a title.
fn is_question_label(w: &str) -> bool {
    w.strip_prefix('q')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Function words, question words and words every submission uses for its structure
/// ("answer", "exercise", "part"...), which say nothing about which exercise is meant.
fn is_stop_word(w: &str) -> bool {
    const STOP: &[&str] = &[
        "a",
        "about",
        "after",
        "all",
        "also",
        "am",
        "an",
        "and",
        "ans",
        "answer",
        "answered",
        "answers",
        "any",
        "are",
        "as",
        "assignment",
        "at",
        "be",
        "been",
        "being",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "each",
        "either",
        "every",
        "exercise",
        "exercises",
        "for",
        "from",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "many",
        "may",
        "me",
        "might",
        "mine",
        "more",
        "most",
        "much",
        "must",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "on",
        "one",
        "onto",
        "or",
        "other",
        "our",
        "ours",
        "over",
        "part",
        "parts",
        "practice",
        "q",
        "question",
        "questions",
        "re",
        "response",
        "responses",
        "same",
        "section",
        "sections",
        "shall",
        "she",
        "sheet",
        "should",
        "so",
        "solution",
        "solutions",
        "some",
        "submission",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "under",
        "us",
        "v",
        "very",
        "via",
        "vs",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "workshop",
        "would",
        "yes",
        "you",
        "your",
        "yours",
    ];
    // A set: this runs for every word of every line the reader classifies.
    static SET: std::sync::LazyLock<crate::text::word_set::WordSet> =
        std::sync::LazyLock::new(|| crate::text::word_set::WordSet::new(STOP));
    SET.contains(w)
}

/// A light stemmer, enough to make "planning" ~ "plan", "caches" ~ "caching" ~ "cache" and
/// "stateful" ~ "state": plural `s`/`es`/`ies`, `ing`, `ed`, `ful`, `ly`, then a final `e`.
fn stem(word: &str) -> String {
    let mut w = String::with_capacity(word.len() + 1);
    stem_into(word, &mut w);
    w
}

/// [`stem`] into `w` (cleared first), which keeps its allocation from word to word.
fn stem_into(word: &str, w: &mut String) {
    w.clear();
    w.push_str(word);
    // An ASCII word stays ASCII through every step: its characters are its bytes.
    let ascii = word.is_ascii();
    let chars = |s: &str| if ascii { s.len() } else { s.chars().count() };
    if chars(word) <= 3 || word.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    // Each step only cuts the end of the word (or turns `ies` into `y`): done in place, in
    // one string.
    if w.strip_suffix("ies").is_some_and(|b| chars(b) >= 2) {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w
        .strip_suffix("es")
        .is_some_and(|b| ["ch", "sh", "ss", "x", "z"].iter().any(|s| b.ends_with(s)))
    {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !["ss", "us", "is"].iter().any(|s| w.ends_with(s)) {
        w.pop();
    }
    for suffix in ["ing", "ed"] {
        if w.strip_suffix(suffix).is_some_and(|b| chars(b) >= 3) {
            w.truncate(w.len() - suffix.len());
            undouble(w);
            break;
        }
    }
    if w.strip_suffix("ful").is_some_and(|b| chars(b) >= 3) {
        w.truncate(w.len() - 3);
    } else if w.strip_suffix("ly").is_some_and(|b| chars(b) >= 4) {
        w.truncate(w.len() - 2);
    }
    if chars(w) > 3 && w.ends_with('e') {
        w.pop();
    }
}

/// "plann" -> "plan": drop a doubled final consonant other than l, s, z.
fn undouble(base: &mut String) {
    let mut chars = base.chars().rev();
    if let (Some(a), Some(b)) = (chars.next(), chars.next()) {
        if a == b && a.is_ascii_alphabetic() && !"aeioulsz".contains(a) {
            base.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_open_or_stand_apart_at_the_end() {
        for yes in [
            "Yes, adding a load balancer makes it scalable.",
            "**True** - we don't need any other caching",
            "I agree: write-behind is safe.",
            "Write-behind is safe because we eventually write to the DB, I agree.",
            "Sticky sessions are fine as long as the load balancer is smart, yes.",
            "Write-behind is safe — yes.",
            "Write\u{2014}behind — is safe… yes",
            "I agree",
            // the learner's own belief opening it
            "I'd say sticky sessions are fine as long as the load balancer is smart.",
            "I think write-behind is safe because we eventually write to the DB.",
            "We really believe a CDN means we don't need any other caching.",
            // a verdict of no error, opening it or standing apart at its end
            "Sticky sessions are fine if the load balancer is smart, so no error here.",
            "The cache was slow so we doubled its memory. Nothing wrong with that.",
            "No error really, the database is eventually consistent.",
        ] {
            assert!(takes_a_stance(yes), "{yes}");
        }
        for no in [
            "The signal would be the one that tells you the capacity model is wrong.",
            // Rejecting the statement quotes it: the reasons follow.
            "No, sticky sessions are fine as long as the load balancer is smart.",
            "Sticky sessions are fine as long as the load balancer is smart, no.",
            "Wrong: write-behind is safe because we eventually write to the DB.",
            "I disagree that a CDN means we need no other caching.",
            "I don't think sticky sessions are fine as long as the load balancer is smart.",
            "I think so.",
            "Sticky sessions are fine, yes?",
            "Sticky sessions are fine, not sure I agree.",
            "yes?",
            "We made the service horizontally scalable by adding a load balancer.",
            "Yesterday the cache was slow",
            // "no error" inside the statement's words, not apart
            "Sticky sessions are fine when the load balancer makes no error",
            "We doubled the memory so no error",
            "",
            "...",
        ] {
            assert!(!takes_a_stance(no), "{no}");
        }
    }

    #[test]
    fn stop_words_are_found() {
        assert!(is_stop_word("answer") && is_stop_word("vs") && is_stop_word("a"));
        for w in ["cache", "", "answe", "answerss", "assignments", "Answer"] {
            assert!(!is_stop_word(w), "{w:?}");
        }
    }

    /// The light stemmer as first written (a new string per step): `stem` must agree.
    fn reference_stem(word: &str) -> String {
        if word.chars().count() <= 3 || word.chars().any(|c| c.is_ascii_digit()) {
            return word.to_string();
        }
        let mut w = word.to_string();
        if let Some(base) = w.strip_suffix("ies").filter(|b| b.chars().count() >= 2) {
            w = format!("{base}y");
        } else if let Some(base) = w
            .strip_suffix("es")
            .filter(|b| ["ch", "sh", "ss", "x", "z"].iter().any(|s| b.ends_with(s)))
        {
            w = base.to_string();
        } else if w.ends_with('s') && !["ss", "us", "is"].iter().any(|s| w.ends_with(s)) {
            w.pop();
        }
        for suffix in ["ing", "ed"] {
            if let Some(base) = w.strip_suffix(suffix).filter(|b| b.chars().count() >= 3) {
                w = reference_undouble(base);
                break;
            }
        }
        if let Some(base) = w.strip_suffix("ful").filter(|b| b.chars().count() >= 3) {
            w = base.to_string();
        } else if let Some(base) = w.strip_suffix("ly").filter(|b| b.chars().count() >= 4) {
            w = base.to_string();
        }
        if w.chars().count() > 3 && w.ends_with('e') {
            w.pop();
        }
        w
    }

    /// "plann" -> "plan": drop a doubled final consonant other than l, s, z.
    fn reference_undouble(base: &str) -> String {
        let mut chars = base.chars().rev();
        match (chars.next(), chars.next()) {
            (Some(a), Some(b)) if a == b && a.is_ascii_alphabetic() && !"aeioulsz".contains(a) => {
                base[..base.len() - a.len_utf8()].to_string()
            }
            _ => base.to_string(),
        }
    }

    #[test]
    fn stem_in_place_agrees_with_the_stepwise_stemmer() {
        let bases = [
            "", "a", "ab", "abc", "plan", "plann", "cach", "cache", "stat", "state", "quer", "box",
            "buzz", "wish", "glass", "bus", "analys", "hop", "hopp", "fall", "kiss", "ski",
            "careful", "quick", "ré", "réé", "caféé", "naïv", "q1", "x2y", "ll", "ee",
        ];
        let suffixes = [
            "", "s", "es", "ies", "ing", "ed", "ings", "eds", "ful", "fully", "ly", "e", "es",
            "ss", "us", "is", "ches", "shes", "sses", "xes", "zes", "ingly", "edly", "fuls",
        ];
        for b in bases {
            for s in suffixes {
                for s2 in ["", "e", "s", "ly"] {
                    let w = format!("{b}{s}{s2}");
                    assert_eq!(stem(&w), reference_stem(&w), "{w}");
                }
            }
        }
    }

    #[test]
    fn stems_bring_word_forms_together() {
        let same = [
            ("planning", "plan"),
            ("planned", "plans"),
            ("caching", "cache"),
            ("caches", "cached"),
            ("stateful", "state"),
            ("mistakes", "mistake"),
            ("instances", "instance"),
            ("scaling", "scale"),
            ("strategies", "strategy"),
            ("horizontally", "horizontal"),
            ("writing", "write"),
        ];
        for (a, b) in same {
            assert_eq!(stem(a), stem(b), "{a} ~ {b}");
        }
        assert_ne!(stem("stateless"), stem("stateful"));
        assert_eq!(stem("ttl"), "ttl");
        assert_eq!(stem("p99"), "p99");
    }

    #[test]
    fn content_words_drop_stop_words_and_normalise() {
        assert_eq!(
            content_words("7. Capacity Planning!"),
            ["7", "capacity", "plan"]
        );
        assert_eq!(
            content_words("My answers to the exercise"),
            Vec::<String>::new()
        );
        assert_eq!(
            content_words("Cache\u{200B}-aside vs WRITE-through"),
            ["asid", "cach", "through", "writ"]
        );
        // Full-width letters fold to ASCII under NFKC.
        assert_eq!(content_words("ＣＤＮ"), ["cdn"]);
        assert_eq!(content_words("Little's Law"), ["law", "littl"]);
    }

    /// `normalise` and `content_words` as first written (a char at a time, every word
    /// stemmed): the versions above must agree.
    fn reference_normalise(text: &str) -> String {
        let text = cut(text, MAX_TEXT);
        if text.is_ascii() {
            text.bytes()
                .filter(|&b| b != 0)
                .map(|b| char::from(b.to_ascii_lowercase()))
                .collect()
        } else {
            text.nfkc()
                .filter(|c| !is_invisible(*c))
                .flat_map(char::to_lowercase)
                .collect()
        }
    }

    fn reference_content_words(text: &str) -> Vec<String> {
        let norm = reference_normalise(text);
        assert_eq!(normalise(text), norm);
        let mut words: Vec<String> = norm
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .filter(|w| w.chars().count() > 1 || w.chars().all(|c| c.is_ascii_digit()))
            .filter(|w| !is_stop_word(w) && !is_question_label(w))
            .map(stem)
            .collect();
        words.sort_unstable();
        words.dedup();
        words
    }

    #[test]
    fn content_words_agree_with_the_first_version() {
        let texts = [
            "",
            "\0",
            "a\0b Caches\0 cache caching CACHED",
            "7. Capacity Planning! Planning planned plans",
            "Q1 q12 q 1 2 ab a b",
            "Cache\u{200B}-aside vs WRITE-through, write-through; the writes",
            "ＣＤＮ cdn CDNs Little's Law laws",
            "Stateful stateless statefully states state, horizontally scaling scales",
            "Ünïcödé wörds ünd ÄSCII mixed: naïve naive NAÏVE",
            "cache — write-through → Redis’s “hot” keys… ﬁle ＴＴＬ ½ e\u{301} Å Ω K",
            "İstanbul ΣΊΣΥΦΟΣ straße ǅ ﬀ \u{200D}zero\u{FEFF}width\u{00AD}",
            "a\u{301}\u{300} a\u{300}\u{301} \u{1100}\u{1161} 한국어 ㄱ",
        ];
        for t in texts {
            assert_eq!(content_words(t), reference_content_words(t), "{t:?}");
        }
        let long = "Caching, sessions and a load balancer. ".repeat(100);
        assert_eq!(content_words(&long), reference_content_words(&long));
    }

    #[test]
    fn content_words_within_stops_past_max_and_else_agrees() {
        let texts = [
            "",
            "the a of",
            "Caches cache caching cached: one word",
            "7. Capacity Planning! Planning planned plans",
            "Which update pattern for each layer? We choose the update pattern for each layer.",
            "Cache\u{200B}-aside vs WRITE-through, write-through; the writes",
            "ＣＤＮ cdn CDNs Little's Law laws Ünïcödé wörds",
            "a\0b Caches\0 cache caching CACHED",
            "\0\0 ab\0\0cd \0 x\0y",
            "Caches a<\u{338}b x=\u{338}y CACHING",
            "cache e\u{301}cho and caches",
            "cache plan,\u{FF21}BC ＣＤＮ",
            "Scaling cafe\u{301} \u{212B}ngstrom caches",
            "Scaling out: caching plan ’cause",
            "Q1 q12 q 1 2 ab a b 7x x7 AB1 I/O p99 -- The THE tHe 42",
            "first, second; THIRD... fourth? fifth! sixth-seventh_eighth",
        ];
        let long = format!("{}zebra yak", "cache planning ".repeat(140));
        let long_words = format!("{} zebra", "word ".repeat(399));
        for t in texts
            .iter()
            .copied()
            .chain([long.as_str(), long_words.as_str()])
        {
            let all = content_words(t);
            for max in 0..all.len() + 2 {
                let got = content_words_within(t, max, None);
                if all.len() <= max {
                    assert_eq!(got.as_ref(), Some(&all), "{t:?} {max}");
                } else {
                    assert_eq!(got, None, "{t:?} {max}");
                }
                // Known words: every other word of the text's, then none of them.
                let known: Vec<String> = all.iter().step_by(2).cloned().collect();
                for known in [known, Vec::new()] {
                    let others = all.iter().filter(|w| !known.contains(w)).count();
                    for misses in 0..others + 2 {
                        let got = content_words_within(t, max, Some((&known, misses)));
                        if all.len() <= max && others <= misses {
                            assert_eq!(got.as_ref(), Some(&all), "{t:?} {max} {misses}");
                        } else {
                            assert_eq!(got, None, "{t:?} {max} {misses}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn normalise_agrees_with_nfkc_for_every_character_around_ascii() {
        // Each character alone, after a letter and before a combining mark: the ones already
        // in NFKC take the short path, the others NFKC's.
        let chars = (0x80..0x3400)
            .chain(0xF900..0x10000)
            .chain(0x1D400..0x1D800);
        for c in chars.filter_map(char::from_u32) {
            for t in [format!("{c}"), format!("A{c}b"), format!("e{c}\u{301}x")] {
                assert_eq!(normalise(&t), reference_normalise(&t), "{:?}", c);
            }
        }
    }

    #[test]
    fn words_in_order_keep_their_ends() {
        let norm = "my stateful audit - github";
        let got = words_in_order(norm);
        let ends: Vec<usize> = got.iter().map(|(_, end)| *end).collect();
        assert_eq!(ends, [11, 17, 26]);
        assert_eq!(got[0].0, stem("stateful"));
        let mut sorted: Vec<String> = got.into_iter().map(|(w, _)| w).collect();
        sorted.sort();
        assert_eq!(sorted, content_words(norm));
    }

    #[test]
    fn shared_counts_common_words() {
        let a = content_words("horizontal capacity plan");
        let b = content_words("capacity planning notes");
        assert_eq!(shared(&a, &b), 2);
        assert_eq!(shared(&a, &[]), 0);
    }

    #[test]
    fn spaced_dash_is_the_first_of_the_three() {
        let reference = |text: &str| {
            [" - ", " – ", " — "]
                .iter()
                .filter_map(|d| text.find(d).map(|i| (i, d.len())))
                .min()
        };
        for text in [
            "",
            " ",
            "-",
            "a - b",
            "a – b - c",
            "a — b – c - d",
            "a -b - c",
            "a  - b",
            "é — x",
            "a -",
            "a - ",
            "no dash here",
            "x –y — z",
            "trailing space ",
        ] {
            assert_eq!(spaced_dash(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn cut_respects_char_boundaries() {
        assert_eq!(cut("héllo", 2), "h");
        assert_eq!(cut("abc", 10), "abc");
        let long = "é".repeat(5_000);
        assert!(normalise(&long).len() <= MAX_TEXT);
    }
}
