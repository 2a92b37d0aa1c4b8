//! A `[` or `{` that opens a value and is never closed. YAML reads the lines after it into
//! the list or mapping it opens, and reports the trouble where that reading fails, lines
//! later and in its own words (`illegal placement of ':' indicator`): the message is then
//! better given at the bracket. And text after a value's closing `]` (`1: [see above] and
//! more`), which YAML reports as a missing key. For the messages only.

use super::written::{closing_quote, line_text, lines, without_comment};

/// The place (1-based line and column, as the YAML reader counts them) and the bracket of a
/// `[` or `{` that is still open where line `line` starts and is never closed after it. The
/// reader itself finds the bracket: given only the lines before `line`, it stops at the end
/// of the text inside an unclosed bracket. `None` when those lines read without that error,
/// or when a closing bracket of that kind comes later (the trouble is then inside a list or
/// mapping that is closed, and the reader's own message stands).
pub fn unclosed_before(src: &str, line: u32) -> Option<(u32, u32, char)> {
    let start = line_start(src, line)?;
    let (before, after) = src.split_at(start);
    let e = super::read_with_options::<serde::de::IgnoredAny>(before).err()?;
    if !e.to_string().contains("unclosed bracket") {
        return None;
    }
    let place = e.location()?;
    let (l, c) = (place.line() as u32, place.column() as u32);
    let bracket = char_at(src, l, c).filter(|b| matches!(b, '[' | '{'))?;
    let close = if bracket == '[' { ']' } else { '}' };
    (!after.contains(close)).then_some((l, c, bracket))
}

/// The bracket the value on 1-based `line` starts with (`key: [`, `- {`), when it closes on
/// that line before 1-based `column`: where the reader stopped is after the list or mapping.
/// `None` otherwise (a quote that does not close on the line included).
pub fn closed_before(src: &str, line: u32, column: u32) -> Option<char> {
    let text = without_comment(line_text(src, line)?);
    let start = value_start(text);
    let bracket = text[start..]
        .chars()
        .next()
        .filter(|c| matches!(c, '[' | '{'))?;
    let end = start + closing(&text[start..])?;
    let closed_at = text[..end].chars().count() as u32;
    (column > closed_at).then_some(bracket)
}

/// The byte offset where line `line` (1-based) of `src` starts, lines ending as YAML ends
/// them (`\n`, `\r\n` or a lone `\r`). `None` for line 0 or past the end.
fn line_start(src: &str, line: u32) -> Option<usize> {
    let mut at = 0;
    for text in lines(src).take((line as usize).checked_sub(1)?) {
        at += text.len();
        let rest = &src[at..];
        at += if rest.starts_with("\r\n") {
            2
        } else if rest.is_empty() {
            return None;
        } else {
            1
        };
    }
    (at <= src.len()).then_some(at)
}

/// The character at 1-based `line` and `column`, as the reader counts them.
fn char_at(src: &str, line: u32, column: u32) -> Option<char> {
    line_text(src, line)?
        .chars()
        .nth((column as usize).checked_sub(1)?)
}

/// The byte offset where the value of a line starts: after its `- ` items and its `key: `.
fn value_start(text: &str) -> usize {
    let mut at = text.len() - text.trim_start().len();
    loop {
        let rest = &text[at..];
        if let Some(after) = rest.strip_prefix("- ") {
            at = text.len() - after.trim_start().len();
        } else if let Some(colon) = key_end(rest) {
            let after = &rest[colon..];
            return at + colon + (after.len() - after.trim_start().len());
        } else {
            return at;
        }
    }
}

/// In `rest` (a line from its key), the byte offset just past the `:` of a plain key that
/// `: ` ends. `None` if `rest` does not start with one.
fn key_end(rest: &str) -> Option<usize> {
    if rest.starts_with(['[', '{', '"', '\'', '|', '>', '&', '*', '!', '#']) {
        return None;
    }
    rest.find(": ").map(|colon| colon + 1)
}

/// The byte offset just past the bracket that closes the one `text` starts with; quoted
/// texts skipped (see [`closing_quote`]). `None` if it does not close on the line.
fn closing(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut prev = ' ';
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        match c {
            '"' | '\'' if matches!(prev, ' ' | '[' | '{' | ',' | ':') => {
                i += closing_quote(&text[i..], c)?;
                prev = c;
                continue;
            }
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        prev = c;
        i += c.len_utf8();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_bracket_before_the_line_is_found_at_its_place() {
        let src = "learner: s1\nanswers:\n  retrieval:\n    1: [scale out, more\n    2: \"z\"\n";
        assert_eq!(unclosed_before(src, 5), Some((4, 8, '[')));
        assert_eq!(unclosed_before(src, 4), None, "only lines before");
        assert_eq!(unclosed_before(src, 0), None);
        assert_eq!(unclosed_before(src, 99), None);
        let crlf = src.replace('\n', "\r\n");
        assert_eq!(unclosed_before(&crlf, 5), Some((4, 8, '[')));
        let map = "a:\n  - { id: a, match: x\n  - id: b\n";
        assert_eq!(unclosed_before(map, 3).map(|(.., b)| b), Some('{'));
    }

    #[test]
    fn what_the_reader_reads_or_a_later_close_is_not_unclosed() {
        for src in [
            "a: [x, y]\nb: 1\n",
            "a: [x,\n   y]\nb: c: 1\n",
            "a: \"[x\"\nb: 1\n",
            "a: see [1\nb: 1\n",
            "a: |\n  [x\nb: 1\n",
            "a: &k |\n  [x\nb: 1\n",
            "a: [the '90s approach, caching]\nb: 1\n",
            "a: \"we scale\n  [see notes\"\nb: 1\n",
            "a: we scale out\n  [see notes\nb: 1\n",
        ] {
            assert_eq!(unclosed_before(src, 3), None, "{src}");
        }
    }

    #[test]
    fn text_after_a_closed_value_is_seen_only_past_its_bracket() {
        let src = "a: [x] and more\n- {y} z\nb: see [1]\n   c: [a, b]\n";
        assert_eq!(closed_before(src, 1, 8), Some('['));
        assert_eq!(closed_before(src, 1, 4), None, "before the bracket closes");
        assert_eq!(closed_before(src, 2, 7), Some('{'));
        assert_eq!(
            closed_before(src, 3, 12),
            None,
            "not a value that starts with it"
        );
        assert_eq!(closed_before(src, 4, 4), None);
        assert_eq!(closed_before("a: [it's, x\n", 1, 20), None, "never closed");
        assert_eq!(closed_before(src, 9, 1), None);
    }
}
