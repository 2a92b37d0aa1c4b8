//! Which bytes of an answer stand inside quotation marks or a Markdown block quote: the
//! words there are quoted, not asserted (see `polarity.rs`).

/// For every byte of `text`: is it inside quotation marks or a block quote line?
pub(super) fn quoted_mask(text: &str) -> Vec<bool> {
    let mut mask = vec![false; text.len() + 1];
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
    // Only quotation marks and newlines change anything, and each starts with one of these
    // bytes (`“”„‘’` with 0xE2, `«»` with 0xC2): the characters between are skipped.
    let bytes = text.as_bytes();
    let mut open: Option<(usize, char)> = None;
    let mut i = 0;
    while let Some(k) = bytes[i..]
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b'\n' | 0xC2 | 0xE2))
    {
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

#[cfg(test)]
mod tests {
    use super::*;

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
