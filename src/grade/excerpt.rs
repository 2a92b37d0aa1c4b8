//! The excerpt of a learner's sentence that evidence quotes, and where in it the words a rule
//! fired on stand (the `marks`), so that a report can highlight those words instead of the
//! whole sentence.
//!
//! The excerpt is the sentence on one line (every run of whitespace as one space, none at the
//! ends), cut to at most [`MAX`] characters around the match with `…` where it was cut. A mark
//! is a half-open range of characters (Unicode scalar values) of the excerpt; the words of one
//! match that stand side by side in the text (only whitespace, or one `-`, `/` or apostrophe,
//! between them) make one mark.

/// Most characters of the sentence an excerpt keeps (the `…` added where it is cut excepted).
pub const MAX: usize = 240;

/// Bytes kept before the match when a long sentence is cut (fewer characters in scripts
/// written with several bytes a character).
const BEFORE: usize = 80;
/// Bytes kept after the match when a long sentence is cut.
const AFTER: usize = 120;

/// An excerpt and its marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub text: String,
    /// Ascending, disjoint, never empty, never starting or ending on a space.
    pub marks: Vec<[u32; 2]>,
}

/// The excerpt of sentence `text[start..end]` for a match whose words are the byte ranges
/// `spans` of `text` (ascending and disjoint; those outside the excerpt are left out). The
/// cut, for a long sentence, keeps the stretch from the first span's start to the last's end.
pub fn excerpt(text: &str, start: usize, end: usize, spans: &[(usize, usize)]) -> Excerpt {
    let cut = Cut::of(text, start, end, spans);
    if is_one_line(cut.body) {
        cut.copied(spans)
    } else {
        cut.collapsed(text, spans)
    }
}

/// The part of a sentence an excerpt shows.
struct Cut<'t> {
    body: &'t str,
    /// The byte of the text `body` starts at.
    at: usize,
    /// `…` before it, after it.
    before: bool,
    after: bool,
}

impl<'t> Cut<'t> {
    fn of(text: &'t str, start: usize, end: usize, spans: &[(usize, usize)]) -> Cut<'t> {
        let sentence = text.get(start..end).unwrap_or("");
        let (from, to, long) = window(sentence, start, spans);
        let mut body = &sentence[from..to];
        // At most MAX characters (a short sentence is whole).
        let cut_short = long
            && match body.char_indices().nth(MAX) {
                Some((i, _)) => {
                    body = &body[..i];
                    true
                }
                None => false,
            };
        Cut {
            body,
            at: start + from,
            before: from > 0,
            after: cut_short || to < sentence.len(),
        }
    }

    /// The excerpt of a body that is already on one line: copied as it is.
    fn copied(&self, spans: &[(usize, usize)]) -> Excerpt {
        let mut out = String::with_capacity(self.body.len() + 6);
        if self.before {
            out.push('…');
        }
        out.push_str(self.body);
        if self.after {
            out.push('…');
        }
        let ascii = self.body.is_ascii();
        let offset = u32::from(self.before);
        // Characters of the body before its byte `b`.
        let chars = |b: usize| -> u32 {
            let n = if ascii {
                b
            } else {
                self.body[..b].chars().count()
            };
            offset + n as u32
        };
        let mut marks: Vec<[u32; 2]> = Vec::with_capacity(spans.len());
        // The body's byte where the last mark ends.
        let mut last_end = usize::MAX;
        for &(s, e) in spans {
            let s = s.max(self.at) - self.at;
            let e = e.min(self.at + self.body.len()).saturating_sub(self.at);
            if s >= e || !self.body.is_char_boundary(s) || !self.body.is_char_boundary(e) {
                continue;
            }
            // Out of order or overlapping: not what the callers pass; left out.
            debug_assert!(last_end == usize::MAX || s >= last_end, "{spans:?}");
            if last_end != usize::MAX && s < last_end {
                continue;
            }
            let next_to_last = last_end != usize::MAX
                && (last_end == s
                    || self.body[last_end..s]
                        .chars()
                        .next()
                        .is_some_and(|c| c.len_utf8() == s - last_end && joins(c)));
            match marks.last_mut() {
                Some(m) if next_to_last => m[1] = chars(e),
                _ => marks.push([chars(s), chars(e)]),
            }
            last_end = e;
        }
        Excerpt { text: out, marks }
    }

    /// The excerpt of a body with runs of whitespace: written character by character.
    fn collapsed(&self, text: &str, spans: &[(usize, usize)]) -> Excerpt {
        let mut out = Out::new(self.body.len() + 6);
        if self.before {
            out.push('…', None);
        }
        for (i, c) in self.body.char_indices() {
            out.push(c, Some(self.at + i));
        }
        if self.after {
            out.push('…', None);
        }
        out.finish(text, spans)
    }
}

/// Is `s` already as an excerpt writes it: no whitespace but single spaces, none at the ends?
fn is_one_line(s: &str) -> bool {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return true;
    };
    if first == b' ' || last == b' ' {
        return false;
    }
    // A byte pair with a space after a space, or a first byte from `\t` to `\r` (the last
    // byte's own test is below). Folded over every pair without an early exit, so that the
    // compiler tests 16 pairs an instruction: this runs for every piece of evidence, and a
    // byte at a time with exits it was most of the excerpt's cost.
    let broken = b.iter().zip(&b[1..]).fold(0u8, |acc, (&x, &y)| {
        acc | (u8::from(x == b' ') & u8::from(y == b' ')) | u8::from(x.wrapping_sub(b'\t') < 5)
    });
    if broken != 0 || last.wrapping_sub(b'\t') < 5 {
        return false;
    }
    // Whitespace beyond ASCII (a no-break space, a line separator) is looked for only in text
    // that is not all ASCII.
    s.is_ascii() || !s.chars().any(|c| !c.is_ascii() && c.is_whitespace())
}

/// Can this character stand between two words of one mark (`scale-out`, `read/write`)?
fn joins(c: char) -> bool {
    matches!(c, ' ' | '-' | '/' | '\'' | '’')
}

/// The byte range of `sentence` an excerpt shows: all of it when it is short enough, else
/// [`BEFORE`] bytes before the match and [`AFTER`] after it (on character boundaries); and
/// whether it was too long.
fn window(sentence: &str, start: usize, spans: &[(usize, usize)]) -> (usize, usize, bool) {
    // Fewer bytes than MAX: fewer characters, without counting them.
    if sentence.len() <= MAX || sentence.chars().count() <= MAX {
        return (0, sentence.len(), false);
    }
    let m_start = spans.first().map_or(start, |s| s.0);
    let m_end = spans.last().map_or(start, |s| s.1);
    let rel_s = m_start.saturating_sub(start).min(sentence.len());
    let rel_e = m_end.saturating_sub(start).min(sentence.len());
    let mut a = rel_s.saturating_sub(BEFORE);
    while !sentence.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (rel_e + AFTER).min(sentence.len()).max(a);
    while !sentence.is_char_boundary(b) {
        b += 1;
    }
    (a, b, true)
}

/// The excerpt being written: whitespace collapsed as it comes, and for each character kept
/// the byte of `text` it came from, or [`SPACE`] or [`ADDED`].
struct Out {
    text: String,
    from: Vec<usize>,
    /// Whitespace seen since the last character kept (and something was kept before it).
    space: bool,
}

/// In [`Out::from`]: a space standing for a run of whitespace.
const SPACE: usize = usize::MAX;
/// In [`Out::from`]: a `…` added where the sentence was cut.
const ADDED: usize = usize::MAX - 1;

impl Out {
    fn new(capacity: usize) -> Out {
        Out {
            text: String::with_capacity(capacity),
            from: Vec::with_capacity(capacity),
            space: false,
        }
    }

    fn push(&mut self, c: char, source: Option<usize>) {
        if c.is_whitespace() {
            self.space = !self.text.is_empty();
            return;
        }
        if self.space {
            self.text.push(' ');
            self.from.push(SPACE);
            self.space = false;
        }
        self.text.push(c);
        self.from.push(source.unwrap_or(ADDED));
    }

    fn finish(self, text: &str, spans: &[(usize, usize)]) -> Excerpt {
        // Between two words of one mark: a space, or one joining character (`scale-out`).
        let joins = |j: usize| match self.from[j] {
            SPACE => true,
            ADDED => false,
            b => text[b..].chars().next().is_some_and(joins),
        };
        let mut marks: Vec<[u32; 2]> = Vec::new();
        let mut k = 0;
        for (i, &b) in self.from.iter().enumerate() {
            if b == SPACE || b == ADDED {
                continue;
            }
            while k < spans.len() && spans[k].1 <= b {
                k += 1;
            }
            let Some(&(s, _)) = spans.get(k) else { break };
            if b < s {
                continue;
            }
            let i = i as u32;
            match marks.last_mut() {
                // The next character of the same word, or the next word after one space or
                // joining character.
                Some(m) if m[1] == i || (m[1] + 1 == i && joins(i as usize - 1)) => {
                    m[1] = i + 1;
                }
                _ => marks.push([i, i + 1]),
            }
        }
        Excerpt {
            text: self.text,
            marks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The excerpt of the whole of `text` as one sentence, with the marks shown as `[…]`.
    fn marked(text: &str, words: &[&str]) -> String {
        let spans: Vec<(usize, usize)> = words
            .iter()
            .map(|w| {
                let s = text.find(w).expect("word in text");
                (s, s + w.len())
            })
            .collect();
        show(&excerpt(text, 0, text.len(), &spans))
    }

    fn show(e: &Excerpt) -> String {
        let chars: Vec<char> = e.text.chars().collect();
        let mut out = String::new();
        let mut at = 0;
        for m in &e.marks {
            out.extend(&chars[at..m[0] as usize]);
            out.push('[');
            out.extend(&chars[m[0] as usize..m[1] as usize]);
            out.push(']');
            at = m[1] as usize;
        }
        out.extend(&chars[at..]);
        out
    }

    #[test]
    fn marks_the_matched_words_and_joins_neighbours() {
        assert_eq!(
            marked(
                "A load balancer alone is not enough.",
                &["load", "balancer"]
            ),
            "A [load balancer] alone is not enough."
        );
        assert_eq!(
            marked(
                "Cache the page, then invalidate it.",
                &["Cache", "invalidate"]
            ),
            "[Cache] the page, then [invalidate] it."
        );
        assert_eq!(
            marked("We scale-out behind it.", &["scale", "out"]),
            "We [scale-out] behind it."
        );
        assert_eq!(marked("No match here.", &[]), "No match here.");
    }

    #[test]
    fn whitespace_collapses_and_marks_count_characters() {
        let text = "  Sticky\n\n   sessions — café  ";
        let e = excerpt(text, 0, text.len(), &[(13, 21), (26, 31)]);
        assert_eq!(e.text, "Sticky sessions — café");
        assert_eq!(show(&e), "Sticky [sessions] — [café]");
        assert_eq!(marked(text, &["sessions", "café"]), show(&e));
        // Character offsets, not bytes: `—` is three bytes, one character.
        assert_eq!(e.marks, [[7, 15], [18, 22]]);
    }

    #[test]
    fn the_text_is_the_sentence_collapsed_as_split_and_join() {
        for s in [
            "",
            " ",
            "a",
            " a b",
            "a b ",
            "a  b",
            "a\nb",
            "a\u{a0}b",
            "a \t b\r\n",
        ] {
            assert_eq!(
                excerpt(s, 0, s.len(), &[]).text,
                s.split_whitespace().collect::<Vec<_>>().join(" "),
                "{s:?}"
            );
        }
    }

    #[test]
    fn a_sentence_on_one_line_is_copied_as_the_slow_path_writes_it() {
        let texts = [
            "A load balancer alone is not enough.",
            "We scale-out; read/write it’s café — naïve 36ms.",
            "x",
            "",
        ];
        for text in texts {
            // Every span of whole words, and pairs of them.
            let words: Vec<(usize, usize)> = text
                .split(' ')
                .scan(0, |at, w| {
                    let s = *at;
                    *at += w.len() + 1;
                    Some((s, s + w.len()))
                })
                .filter(|(s, e)| s < e)
                .collect();
            let mut cases: Vec<Vec<(usize, usize)>> = vec![vec![]];
            for (i, &a) in words.iter().enumerate() {
                cases.push(vec![a]);
                for &b in &words[i + 1..] {
                    cases.push(vec![a, b]);
                }
            }
            for spans in cases {
                let cut = Cut::of(text, 0, text.len(), &spans);
                assert!(is_one_line(cut.body));
                assert_eq!(
                    cut.copied(&spans),
                    cut.collapsed(text, &spans),
                    "{text:?} {spans:?}"
                );
            }
        }
        assert!(!is_one_line(" a"));
        assert!(!is_one_line("a  b"));
        assert!(!is_one_line("a\nb"));
    }

    /// `is_one_line` as first written: a byte at a time, stopping at the first break.
    fn reference_is_one_line(s: &str) -> bool {
        let b = s.as_bytes();
        if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
            return false;
        }
        let mut after_space = false;
        let mut ascii = true;
        for &c in b {
            if c == b' ' {
                if after_space {
                    return false;
                }
                after_space = true;
                continue;
            }
            after_space = false;
            if matches!(c, b'\t'..=b'\r') {
                return false;
            }
            ascii &= c.is_ascii();
        }
        ascii || !s.chars().any(|c| !c.is_ascii() && c.is_whitespace())
    }

    #[test]
    fn one_line_agrees_with_the_byte_loop() {
        // Every string of up to four characters over an alphabet of the bytes that matter
        // and their neighbours, and longer ones with each at every place (the vector loop's
        // blocks of 16 and its tail).
        let alphabet = [
            "a", " ", "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{8}", "\u{e}", "\u{1f}", "!", "é",
            "\u{a0}", "\u{2028}",
        ];
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        for len in [15, 16, 17, 31, 32, 33, 70] {
            let base = "ab cd".repeat(len).chars().take(len).collect::<String>();
            for at in 0..len {
                for c in alphabet {
                    let mut t = base.clone();
                    t.replace_range(at..at + 1, c);
                    texts.push(t.clone());
                    if at + 1 < t.len() && t.is_char_boundary(at + 1) {
                        t.insert(at + 1, ' ');
                        texts.push(t);
                    }
                }
            }
        }
        for t in &texts {
            assert_eq!(is_one_line(t), reference_is_one_line(t), "{t:?}");
        }
    }

    #[test]
    fn a_long_sentence_is_cut_around_the_match_and_its_marks_follow() {
        let text = format!("{} stateless {}", "lead ".repeat(60), "tail ".repeat(60));
        let s = text.find("stateless").unwrap();
        let e = excerpt(&text, 0, text.len(), &[(s, s + 9)]);
        assert!(
            e.text.starts_with('…') && e.text.ends_with('…'),
            "{}",
            e.text
        );
        assert!(e.text.chars().count() <= MAX + 2);
        assert!(show(&e).contains("[stateless]"), "{}", show(&e));
        let cut = Cut::of(&text, 0, text.len(), &[(s, s + 9)]);
        assert_eq!(cut.collapsed(&text, &[(s, s + 9)]), e);
        // A span outside the excerpt is left out.
        let e = excerpt(
            &text,
            0,
            text.len(),
            &[(s, s + 9), (text.len() - 4, text.len())],
        );
        assert_eq!(e.marks.len(), 1);
    }

    #[test]
    fn a_match_longer_than_the_excerpt_is_cut_with_an_ellipsis() {
        let text = "word ".repeat(100);
        let e = excerpt(&text, 0, text.len(), &[(0, text.len() - 1)]);
        assert!(e.text.ends_with('…'), "{}", e.text);
        assert_eq!(e.marks, [[0, MAX as u32 - 1]]);
    }
}
