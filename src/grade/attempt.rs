//! Is an answer a real attempt? Empty answers, "idk", "TODO", "skip" and the like are not:
//! such an answer scores nothing and gets the unanswered feedback.

/// Is the answer a real attempt? Empty answers, "idk", "TODO", "skip" and the like are not.
/// HTML tags are no words of the answer: "TODO `</details>`" is no attempt.
pub fn is_attempt(text: &str) -> bool {
    if text.contains('<') {
        return is_attempt_words(&without_tags(text));
    }
    is_attempt_words(text)
}

/// `text` without its HTML tags (`<br>`, `</details>`, `<summary class="x">`: a `<`, an
/// optional `/`, a letter, then up to the next `>` on the line); other `<` stay ("<50 ms").
/// Linear: a line with no `>` after a `<` is copied to its end at once.
fn without_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push('<');
        let after = &rest[i + 1..];
        let name = after.strip_prefix('/').unwrap_or(after);
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            rest = after;
            continue;
        }
        match after.find(['>', '\n']) {
            Some(j) if after.as_bytes()[j] == b'>' => {
                out.pop();
                out.push(' ');
                rest = &after[j + 1..];
            }
            // No `>` before the line's end: no `<` before it opens a tag either.
            Some(j) => {
                out.push_str(&after[..j]);
                rest = &after[j..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_attempt_words(text: &str) -> bool {
    // Every non-answer is at most `MAX_WORDS` words: more are an attempt.
    // (Byte by byte: an ASCII character is read without decoding.)
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < text.len() {
        let b = text.as_bytes()[i];
        let (part, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'\'', 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric() || c == '’', c.len_utf8())
        };
        if part && !in_word {
            words += 1;
            if words > MAX_WORDS {
                return true;
            }
        }
        in_word = part;
        i += len;
    }
    // At most `MAX_WORDS` words: each a run of alphanumerics and apostrophes, lower-cased
    // (ASCII letters only), joined by single spaces, and then without its apostrophes,
    // compared with the non-answers. Written into a buffer on the stack: the longest
    // non-answer has 23 bytes, so a longer text is an attempt whatever follows.
    let mut buf = [0u8; 32];
    let mut n = 0;
    let mut words = 0;
    let mut in_word = false;
    let mut long = false;
    for c in text.chars() {
        let part = c.is_alphanumeric() || c == '\'' || c == '’';
        if part && !in_word {
            words += 1;
            if words > 1 {
                long |= !push_utf8(&mut buf, &mut n, ' ');
            }
        }
        if part && c != '\'' && c != '’' {
            long |= !push_utf8(&mut buf, &mut n, c.to_ascii_lowercase());
        }
        in_word = part;
    }
    if words == 0 {
        return false;
    }
    long || !NON_ANSWERS.iter().any(|na| na.as_bytes() == &buf[..n])
}

/// What learners write instead of an answer, as `is_attempt` compares it: lower case, words
/// joined by one space, apostrophes left out. Each is at most [`MAX_WORDS`] words and fits
/// the buffer of [`is_attempt`].
const NON_ANSWERS: &[&str] = &[
    "idk",
    "i dont know",
    "dont know",
    "do not know",
    "i do not know",
    "i dont know this one",
    "dont know this one",
    "i dont know this",
    "i dont remember",
    "dont remember",
    "i cant remember",
    "cant remember",
    "no idea",
    "i have no idea",
    "no idea sorry",
    "sorry no idea",
    "sorry i dont know",
    "no idea about this one",
    "not sure",
    "not sure about this one",
    "not sure about this",
    "todo",
    "tbd",
    "tba",
    "skip",
    "skipped",
    "skipping",
    "skip this one",
    "skipping this one",
    "n a",
    "na",
    "none",
    "pass",
    "no answer",
    "unanswered",
    "todo later",
    "will do later",
    "will come back to this",
    "blank",
    "dunno",
    "not answered",
    "no clue",
    "ran out of time",
    "out of time",
    "no time",
    "didnt get to this",
    "didnt get to it",
    "idk actually",
    "idk sorry",
    "sorry idk",
    "idk tbh",
    "no idea actually",
    "not sure actually",
    "dont know actually",
];

/// The most words a non-answer has: a text with more is an attempt.
const MAX_WORDS: usize = 5;

/// Appends `c` to `buf[..*n]` as UTF-8; `false` when it does not fit (see [`is_attempt`]).
fn push_utf8(buf: &mut [u8; 32], n: &mut usize, c: char) -> bool {
    let len = c.len_utf8();
    if *n + len > buf.len() {
        return false;
    }
    c.encode_utf8(&mut buf[*n..*n + len]);
    *n += len;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_attempts() {
        for t in [
            "",
            "  ",
            "idk",
            "IDK.",
            "TODO",
            "skip",
            "I don't know",
            "N/A",
            "-",
            "?",
            "I don't know this one",
            "Not sure about this one.",
            "Ran out of time!",
            "skipping this one",
            "TODO\n\n</details>",
            "<br> idk actually",
        ] {
            assert!(!is_attempt(t), "{t:?}");
        }
        for t in [
            "36",
            "no",
            "Redis",
            "TODO: use Redis as the session store",
            "I don't know this one, maybe Redis?",
            "Out of time: 36 instances",
            "<50 ms",
            "Use <b>Redis</b>",
            "a <b c <d and 36 instances",
        ] {
            assert!(is_attempt(t), "{t:?}");
        }
        // Tags are taken out in one pass, however many `<` a line has.
        assert_eq!(without_tags("TODO <br/> x </a"), "TODO   x </a");
        assert!(is_attempt(&"<a".repeat(200_000)));
        // Every non-answer is one as written, within the word limit and the buffer.
        for na in NON_ANSWERS {
            assert!(!is_attempt(na), "{na}");
            assert!(na.split(' ').count() <= MAX_WORDS && na.len() <= 32, "{na}");
        }
    }

    /// `is_attempt` as it was before its short answers were compared on the stack.
    fn reference_is_attempt(text: &str) -> bool {
        let words = text
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|w| !w.is_empty())
            .count();
        if words > MAX_WORDS {
            return true;
        }
        let cleaned: String = text
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '\'' || c == '’' {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect();
        let words: Vec<&str> = cleaned.split_whitespace().collect();
        if words.is_empty() {
            return false;
        }
        let joined = words.join(" ").replace(['\'', '’'], "");
        !NON_ANSWERS.contains(&joined.as_str())
    }

    /// `is_attempt` agrees with [`reference_is_attempt`] on non-answers and their near misses,
    /// apostrophes alone or doubled, text outside ASCII, empty and long answers.
    #[test]
    fn attempts_agree_with_the_first_version() {
        let long = "word ".repeat(10_000);
        let texts = [
            "",
            " ",
            "'",
            "''",
            "' '",
            "’",
            "’’ ’",
            "-",
            "?",
            "...",
            "idk",
            "IDK.",
            "I.D.K",
            "i dont know",
            "I don't know",
            "I don’t know!",
            "don't  know",
            "do not know",
            "I do not know",
            "i do not know.",
            "no idea",
            "No-idea",
            "not sure",
            "TODO",
            "todo later",
            "TODO: later",
            "will do later",
            "tbd",
            "TBA",
            "skip",
            "skipped",
            "N/A",
            "n/a",
            "na",
            "NA.",
            "none",
            "None!",
            "pass",
            "no answer",
            "unanswered",
            "blank",
            "dunno",
            "not answered",
            "no clue",
            "no clue at all",
            "i'dk",
            "id'k",
            "i''dk",
            "'idk",
            "idk'",
            "idk ’",
            "ıdk",
            "İdk",
            "IDK\u{301}",
            "idk\u{200b}",
            "dont\u{a0}know",
            "nö idea",
            "no idéa",
            "café",
            "日本語",
            "ǅ",
            "Ⅰ",
            "36",
            "no",
            "Redis",
            "CDN, redis",
            "response time",
            "Single-flight per key",
            "TODO: use Redis as the session store",
            "a b c d",
            "a b c d e",
            "will do laterr",
            "i do not knowx",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "a'b'c'd'e'f'g'h'i'j'k",
            long.as_str(),
        ];
        for t in texts {
            assert_eq!(is_attempt(t), reference_is_attempt(t), "{t:?}");
        }
    }
}
