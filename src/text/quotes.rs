//! Which bytes of an answer stand inside quotation marks or a Markdown block quote: the
//! words there are quoted, not asserted (see `polarity.rs`).

/// For every byte of `text`: is it inside quotation marks or a block quote line?
pub(super) fn quoted_mask(text: &str) -> Vec<bool> {
    let mut mask = vec![false; text.len() + 1];
    // Block quotes: lines whose first non-blank character is `>`. Most answers have no `>`
    // at all (one `memchr`), and then no line is read.
    if memchr::memchr(b'>', text.as_bytes()).is_some() {
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            if line.trim_start().starts_with('>') {
                mask[line_start..line_start + line.len()]
                    .iter_mut()
                    .for_each(|b| *b = true);
            }
            line_start += line.len();
        }
    }
    // Quotation marks: "…", “…”, «…», and '…' when the quotes stand at word boundaries.
    // Only quotation marks and newlines change anything, and each starts with one of these
    // bytes (`“”„‘’` with 0xE2, `«»` with 0xC2): the characters between are skipped.
    let bytes = text.as_bytes();
    let mut open: Option<(usize, char)> = None;
    let mut i = 0;
    while let Some(k) = next_mark(&bytes[i..]) {
        i += k;
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let next = text[i + c.len_utf8()..].chars().next();
        match open {
            None => {
                let opens = match c {
                    '"' | '“' | '«' | '„' => true,
                    '\'' | '‘' => {
                        text[..i]
                            .chars()
                            .next_back()
                            .is_none_or(|p| !p.is_alphanumeric())
                            && next.is_some_and(|n| n.is_alphanumeric())
                    }
                    _ => false,
                };
                if opens {
                    open = Some((i, c));
                }
            }
            Some((start, q)) => {
                let closes = match (q, c) {
                    ('"', '"') | ('“', '”') | ('“', '"') | ('"', '”') | ('«', '»') | ('„', '“') => {
                        true
                    }
                    ('\'' | '‘', '\'' | '’') => next.is_none_or(|n| !n.is_alphanumeric()),
                    _ => false,
                };
                if closes {
                    mask[start..i + c.len_utf8()]
                        .iter_mut()
                        .for_each(|b| *b = true);
                    open = None;
                } else if c == '\n' && next == Some('\n') {
                    // A quote never spans paragraphs: an unbalanced quote mark quotes nothing.
                    open = None;
                }
            }
        }
        i += c.len_utf8();
    }
    mask
}

/// Is `text` one quotation from its first character to its last, but for the punctuation
/// after it and a short lead-in before it that ends in a colon or a dash ("Pitch: "…"",
/// "My 60-second version — "…"") (`mask` is its [`quoted_mask`])? Then it may be the
/// learner's own words put in quotation marks ("the one-sentence argument you'd give"): see
/// `grade/answer.rs`, which decides with the prompt. A block quote is not such a quotation.
pub(super) fn is_one_quotation(text: &str, mask: &[bool]) -> bool {
    let start = text.len() - text.trim_start().len();
    let start = start + lead_in(&text[start..]);
    let end = text
        .trim_end()
        .trim_end_matches(['.', '!', '?', ';', ':', ',', ')', '…'])
        .len();
    start < end
        && text[start..].starts_with(['"', '“', '«', '„', '\'', '‘'])
        && text[..end].ends_with(['"', '”', '»', '“', '\'', '’'])
        && mask[start..end].iter().all(|&q| q)
        && !text.lines().any(|l| l.trim_start().starts_with('>'))
}

/// The length of a lead-in at the start of `text` before a quotation: at most four words on
/// the first line that name the learner's own text (`pitch`, `answer`, `version`, `summary`,
/// …), then a colon or a dash (inside bold or not) and spaces, then a quotation mark
/// ("Pitch: ", "**My 60-second pitch** — "). Zero when there is none: "The usual argument:",
/// "Someone on our Slack:" introduce someone else's words.
fn lead_in(text: &str) -> usize {
    /// Names of the learner's own text.
    const OWN: &[&str] = &[
        "pitch",
        "answer",
        "response",
        "reply",
        "version",
        "summary",
        "script",
        "draft",
        "tldr",
        "elevator",
        "corrected",
        "correction",
        "rewrite",
        "rewritten",
        "improved",
        "mine",
    ];
    /// Words that report someone else's words: what follows is theirs, quoted.
    const REPORTING: &[&str] = &[
        "say",
        "says",
        "said",
        "claim",
        "claims",
        "claimed",
        "told",
        "tells",
        "think",
        "thinks",
        "thought",
        "argue",
        "argues",
        "argued",
        "argument",
        "wrote",
        "writes",
        "believe",
        "believes",
        "statement",
        "quote",
        "quoted",
        "asked",
        "asks",
        "according",
        "colleague",
        "manager",
        "boss",
        "myth",
        "misconception",
        "wrong",
        "original",
        "someone",
        "they",
        "their",
        "devil",
        "advocate",
        "view",
        "usual",
        "common",
    ];
    let Some(at) = text.find(['"', '“', '«', '„', '‘']) else {
        return 0;
    };
    let lead = text[..at]
        .trim_end()
        .trim_end_matches(['*', '_'])
        .trim_end();
    let Some(words) = lead
        .strip_suffix(':')
        .or_else(|| lead.strip_suffix('—'))
        .or_else(|| lead.strip_suffix('–'))
        .or_else(|| lead.strip_suffix(" -"))
    else {
        return 0;
    };
    let n = words.split_whitespace().count();
    let plain = words
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '*' | '_' | '\''));
    let lower: Vec<String> = (words.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let own = lower.iter().any(|w| OWN.contains(&w.as_str()));
    let reports = lower.iter().any(|w| REPORTING.contains(&w.as_str()));
    if (1..=4).contains(&n) && plain && own && !reports {
        at
    } else {
        0
    }
}

/// Can byte `b` start a quotation mark or a newline (see [`quoted_mask`])?
#[inline]
fn is_mark(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b'\n' | 0xC2 | 0xE2)
}

/// The index of the first byte of `bytes` that [`is_mark`]. Most of an answer is none of
/// these, and a byte at a time this scan was most of `quoted_mask`'s cost: eight bytes are
/// tested at once (a word has a zero byte exactly when `(x - 0x01…) & !x & 0x80…` is not
/// zero; `x` is the word XOR one mark repeated), and the word that has a mark is read a byte
/// at a time to find the first.
fn next_mark(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x;
    let mut at = 0;
    for c in bytes.chunks_exact(8) {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        let found = zero_in(v ^ (ONES * u64::from(b'"')))
            | zero_in(v ^ (ONES * u64::from(b'\'')))
            | zero_in(v ^ (ONES * u64::from(b'\n')))
            | zero_in(v ^ (ONES * 0xC2))
            | zero_in(v ^ (ONES * 0xE2));
        if found & HIGHS != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..].iter().position(|&b| is_mark(b)).map(|k| at + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_mark_finds_the_first_mark_at_every_place() {
        let naive = |b: &[u8]| b.iter().position(|&x| is_mark(x));
        // Every mark, and bytes next to them in value (`!`, `#`, `&`, `(`, 0x0B, 0xC1, 0xC3,
        // 0xE1, 0xE3, 0x80 and 0x00), at each place of texts of 0 to 20 bytes.
        let marks = [b'"', b'\'', b'\n', 0xC2, 0xE2];
        let near = [
            b'!', b'#', b'&', b'(', 0x0B, 0xC1, 0xC3, 0xE1, 0xE3, 0x80, 0x00, 0xFF,
        ];
        for len in 0..=20 {
            let base = vec![b'a'; len];
            assert_eq!(next_mark(&base), None);
            for at in 0..len {
                for &m in marks.iter().chain(&near) {
                    let mut t = base.clone();
                    t[at] = m;
                    assert_eq!(next_mark(&t), naive(&t), "{t:?}");
                    // A second mark later, and a near byte before.
                    for &n in &marks {
                        let mut u = t.clone();
                        u[len - 1] = n;
                        if at > 0 {
                            u[at - 1] = 0x01;
                        }
                        assert_eq!(next_mark(&u), naive(&u), "{u:?}");
                    }
                }
            }
        }
    }

    /// `quoted_mask` as first written (every character looked at).
    fn reference_quoted_mask(text: &str) -> Vec<bool> {
        let mut mask = vec![false; text.len() + 1];
        let bytes = text.as_bytes();
        // Block quotes: lines whose first non-blank character is `>`.
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            if line.trim_start().starts_with('>') {
                mask[line_start..line_start + line.len()]
                    .iter_mut()
                    .for_each(|b| *b = true);
            }
            line_start += line.len();
        }
        // Quotation marks: "…", “…”, «…», and '…' when the quotes stand at word boundaries.
        let mut open: Option<(usize, char)> = None;
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            let next = text[i + c.len_utf8()..].chars().next();
            match open {
                None => {
                    let opens = match c {
                        '"' | '“' | '«' | '„' => true,
                        '\'' | '‘' => {
                            prev.is_none_or(|p| !p.is_alphanumeric())
                                && next.is_some_and(|n| n.is_alphanumeric())
                        }
                        _ => false,
                    };
                    if opens {
                        open = Some((i, c));
                    }
                }
                Some((start, q)) => {
                    let closes = match (q, c) {
                        ('"', '"')
                        | ('“', '”')
                        | ('“', '"')
                        | ('"', '”')
                        | ('«', '»')
                        | ('„', '“') => true,
                        ('\'' | '‘', '\'' | '’') => next.is_none_or(|n| !n.is_alphanumeric()),
                        _ => false,
                    };
                    if closes {
                        mask[start..i + c.len_utf8()]
                            .iter_mut()
                            .for_each(|b| *b = true);
                        open = None;
                    } else if c == '\n' && next == Some('\n') {
                        // A quote never spans paragraphs: an unbalanced quote mark quotes nothing.
                        open = None;
                    }
                }
            }
            prev = Some(c);
        }
        let _ = bytes;
        mask
    }

    /// A whole answer in quotation marks is one quotation; a quotation beside other words,
    /// one of two, or a block quote is not.
    #[test]
    fn a_whole_answer_in_quotes_is_one_quotation() {
        let one = |text: &str| is_one_quotation(text, &quoted_mask(text));
        assert!(one("\"Any instance can serve any request.\""));
        assert!(one("  “Any instance can serve any request”.\n"));
        assert!(one("'stateless wins'"));
        assert!(!one("\"Sticky is fine\" is wrong: the node dies."));
        assert!(!one("I'd say \"stateless\""));
        assert!(!one("\"a\" and \"b\""));
        assert!(!one("> \"a block quote\""));
        assert!(!one("\"a\n> b\""));
        assert!(!one("no quotes at all"));
        assert!(!one(""));
        // A short lead-in that ends in a colon or a dash: the quotation is still the answer.
        assert!(one("Pitch: \"Any instance can serve any request.\""));
        assert!(one("**My 60-second pitch** — “stateless wins”"));
        assert!(!one("He told me: \"sticky is fine\" and I agree."));
        assert!(!one(
            "The vendor's whitepaper for this product says: \"sticky is fine\""
        ));
        assert!(!one("Pitch \"no colon\""));
        // Someone else's words, reported: quoted.
        assert!(!one("My manager says: \"sticky sessions are fine\""));
        assert!(!one("The myth: \"a load balancer makes it scale\""));
        assert!(!one("Someone on our Slack: \"sticky sessions are fine\""));
        assert!(!one("Devil's advocate view - \"sticky sessions are fine\""));
        assert!(!one("The usual argument: \"sticky sessions are fine\""));
        // A bold lead-in.
        assert!(one("**Pitch:** \"Any instance can serve any request.\""));
    }

    #[test]
    fn agrees_with_the_first_version() {
        let texts = [
            "",
            "plain text without quotes",
            "He said \"use a cache\" and 'no'.",
            "doesn't 'quoted' it's 'unclosed",
            "“curly” and «guillemets» and „low“ and ‘single’ ’stray‘",
            "\"open across\n\nparagraphs\" then \"closed\"",
            "> a block quote\nnot quoted \"but this\"\n  > and this",
            "mixed \"“ quotes ”\" «» „” ‘’ '' \"\"",
            "é\"à\" ü'ö' ÿ‘x’ — – … ½ ‘’x",
            "'a' 'b'c d'e' \"x\"y\"z\"",
        ];
        for t in texts {
            assert_eq!(quoted_mask(t), reference_quoted_mask(t), "{t:?}");
        }
        // Every short string over an alphabet of quote marks, letters and separators.
        let alphabet = [
            '"', '\'', '“', '”', '„', '«', '»', '‘', '’', 'a', ' ', '\n', 'é',
        ];
        let mut s = String::new();
        for n in 0..alphabet.len().pow(5) {
            s.clear();
            let mut k = n;
            for _ in 0..5 {
                s.push(alphabet[k % alphabet.len()]);
                k /= alphabet.len();
            }
            assert_eq!(quoted_mask(&s), reference_quoted_mask(&s), "{s:?}");
        }
    }
}
