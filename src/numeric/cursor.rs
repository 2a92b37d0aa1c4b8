//! Small, panic-free helpers for walking a `&str` by byte offset.
//!
//! Every offset handed around the numeric module is a char boundary. These helpers use
//! `str::get`, so an offset that is not a boundary yields `None` instead of a panic.

/// The char that starts at byte `pos`, if any.
pub(crate) fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// The char that ends at byte `pos`, if any.
pub(crate) fn prev_char(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// The byte offset just after the char at `pos` (or `pos + 1` past the end).
pub(crate) fn next_pos(text: &str, pos: usize) -> usize {
    pos + char_at(text, pos).map_or(1, char::len_utf8)
}

/// Whether `c` is horizontal white space (never a line break).
pub(crate) fn is_inline_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{a0}' | '\u{2009}' | '\u{202f}' | '\u{2002}' | '\u{2003}'
    )
}

/// Skips at most `max` horizontal white-space chars from `pos`.
pub(crate) fn skip_inline_ws(text: &str, pos: usize, max: usize) -> usize {
    let mut i = pos;
    let mut n = 0;
    while n < max {
        match char_at(text, i) {
            Some(c) if is_inline_space(c) => {
                i += c.len_utf8();
                n += 1;
            }
            _ => break,
        }
    }
    i
}

/// End of the run of alphanumeric chars and `_` that starts at `pos`.
pub(crate) fn alnum_run_end(text: &str, pos: usize) -> usize {
    let mut i = pos;
    while let Some(c) = char_at(text, i) {
        if c.is_alphanumeric() || c == '_' {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// End of an identifier-like token: alphanumerics, `_`, and `.` or `-` when followed by an
/// alphanumeric (so `HTTP/1.1`, `1.2.3` and `us-east-1` are skipped whole).
pub(crate) fn token_run_end(text: &str, pos: usize) -> usize {
    let mut i = pos;
    while let Some(c) = char_at(text, i) {
        if c.is_alphanumeric() || c == '_' {
            i += c.len_utf8();
        } else if (c == '.' || c == '-') && char_at(text, i + 1).is_some_and(char::is_alphanumeric)
        {
            i += 1;
        } else {
            break;
        }
    }
    i.max(next_pos(text, pos))
}

/// End of the run of ASCII letters that starts at `pos`.
pub(crate) fn ascii_word_end(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = pos;
    while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        i += 1;
    }
    i
}

/// Whether the ASCII word starting at `pos` is exactly `word` (case-insensitive) and is not
/// followed by another alphanumeric char.
pub(crate) fn word_is(text: &str, pos: usize, word: &str) -> bool {
    let end = ascii_word_end(text, pos);
    end - pos == word.len()
        && text
            .get(pos..end)
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
        && !char_at(text, end).is_some_and(char::is_alphanumeric)
}

/// The ASCII word (at most 20 letters) that ends just before `pos`, skipping up to three
/// horizontal spaces. `None` if the previous token is not a whole ASCII word.
pub(crate) fn prev_word(text: &str, pos: usize) -> Option<&str> {
    let mut end = pos;
    for _ in 0..3 {
        match prev_char(text, end) {
            Some(c) if is_inline_space(c) => end -= c.len_utf8(),
            _ => break,
        }
    }
    let bytes = text.as_bytes();
    let mut start = end;
    while start > 0 && end - start < 20 && bytes.get(start - 1).is_some_and(u8::is_ascii_alphabetic)
    {
        start -= 1;
    }
    if start == end || prev_char(text, start).is_some_and(char::is_alphanumeric) {
        return None;
    }
    text.get(start..end)
}

/// The ASCII word that starts after up to three horizontal spaces from `pos`.
pub(crate) fn next_word(text: &str, pos: usize) -> Option<&str> {
    let start = skip_inline_ws(text, pos, 3);
    let end = ascii_word_end(text, start);
    if end == start {
        return None;
    }
    text.get(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_helpers_are_boundary_safe() {
        let s = "a×b";
        assert_eq!(char_at(s, 1), Some('×'));
        assert_eq!(char_at(s, 2), None); // inside the multi-byte char
        assert_eq!(prev_char(s, 3), Some('×'));
        assert_eq!(prev_char(s, 2), None);
        assert_eq!(next_pos(s, 1), 3);
        assert_eq!(next_pos(s, 99), 100);
    }

    #[test]
    fn runs_and_words() {
        assert_eq!(alnum_run_end("p99 x", 0), 3);
        assert_eq!(token_run_end("1.1.1 z", 0), 5);
        assert_eq!(token_run_end("us-east-1 z", 0), 9);
        assert!(word_is("Between 3", 0, "between"));
        assert!(!word_is("betweenness", 0, "between"));
        assert_eq!(prev_word("from  33", 6), Some("from"));
        assert_eq!(prev_word("x9 33", 3), None);
        assert_eq!(next_word("1 another", 1), Some("another"));
        assert_eq!(skip_inline_ws("a \u{2009}\tb", 1, 3), 6);
    }
}
