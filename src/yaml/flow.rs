//! A `[` or `{` that opens a value and is never closed. YAML reads the lines after it into
//! the list or mapping it opens, and reports the trouble where that reading fails, lines
//! later and in its own words (`illegal placement of ':' indicator`): the message is then
//! better given at the bracket. Read from the text itself, for messages only.

use super::written::{lines, without_comment};

/// The 1-based line and column (in characters) of the `[` or `{` that opens a value on a
/// line before `line` and is still open where `line` starts, with the bracket. `None` when
/// no such bracket is open there (or the text is not plainly `key: [` / `- [`).
pub fn unclosed_before(src: &str, line: u32) -> Option<(u32, u32, char)> {
    let mut open: Option<(u32, u32, char)> = None;
    let mut depth = 0usize;
    // The indentation of a `key: |` line while its block text lasts (its lines are text).
    let mut block: Option<usize> = None;
    for (i, text) in lines(src)
        .enumerate()
        .take((line as usize).saturating_sub(1))
    {
        let indent = text.len() - text.trim_start_matches(' ').len();
        if let Some(b) = block {
            if text.trim().is_empty() || indent > b {
                continue;
            }
            block = None;
        }
        let text = without_comment(text);
        if depth > 0 {
            depth = scan(text, depth);
            if depth == 0 {
                open = None;
            }
            continue;
        }
        let start = value_start(text);
        let value = text[start..].trim_end();
        if value.starts_with(['|', '>']) {
            block = Some(indent);
            continue;
        }
        if let Some(bracket) = value.chars().next().filter(|c| matches!(c, '[' | '{')) {
            depth = scan(value, 0);
            if depth > 0 {
                let column = text[..start].chars().count() as u32 + 1;
                open = Some((i as u32 + 1, column, bracket));
            }
        }
    }
    open.filter(|_| depth > 0)
}

/// The bracket the value on 1-based `line` starts with (`key: [`, `- {`), if any.
pub fn opens_value(src: &str, line: u32) -> Option<char> {
    let text = without_comment(lines(src).nth((line as usize).checked_sub(1)?)?);
    text[value_start(text)..]
        .chars()
        .next()
        .filter(|c| matches!(c, '[' | '{'))
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
            at += colon + (after.len() - after.trim_start().len());
            return at;
        } else {
            return at;
        }
    }
}

/// In `rest` (a line from its key), the byte offset just past the `:` that ends a plain or
/// quoted key: `: ` or a `:` ending the line. `None` if `rest` does not start with a key.
fn key_end(rest: &str) -> Option<usize> {
    if rest.starts_with(['[', '{', '"', '\'', '|', '>', '&', '*', '!', '#']) {
        // A quoted key (`"a b": [`) is rare in forms and rubrics: not read.
        return None;
    }
    let colon = rest
        .find(": ")
        .or_else(|| rest.ends_with(':').then(|| rest.len() - 1))?;
    Some(colon + 1)
}

/// The depth of brackets after `text`, starting at `depth`; quoted texts skipped (`\"` in
/// double quotes and `''` in single quotes are no end).
fn scan(text: &str, mut depth: usize) -> usize {
    let mut quote = None;
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some('\''), '\'') if chars.peek() == Some(&'\'') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if matches!(prev, ' ' | '[' | '{' | ',' | ':') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_bracket_before_the_line_is_found_at_its_place() {
        let src = "learner: s1\nanswers:\n  retrieval:\n    1: [scale out, more\n    2: \"z\"\n";
        assert_eq!(unclosed_before(src, 5), Some((4, 8, '[')));
        assert_eq!(unclosed_before(src, 4), None, "only lines before");
        let list = "concepts:\n  - { id: a, match: x\n  - id: b\n";
        assert_eq!(unclosed_before(list, 3), Some((2, 5, '{')));
    }

    #[test]
    fn a_value_that_starts_with_a_bracket_is_seen() {
        let src = "a: [x] and more\n- {y}\nb: see [1]\n";
        assert_eq!(opens_value(src, 1), Some('['));
        assert_eq!(opens_value(src, 2), Some('{'));
        assert_eq!(opens_value(src, 3), None);
        assert_eq!(opens_value(src, 9), None);
    }

    #[test]
    fn closed_quoted_and_block_brackets_are_not_open() {
        for src in [
            "a: [x, y]\nb: 1\n",
            "a: [x,\n   y]\nb: 1\n",
            "a: \"[x\"\nb: 1\n",
            "a: [\"]\", x]\nb: 1\n",
            "a: see [1\nb: 1\n",
            "a: |\n  [x\nb: 1\n",
            "a: [x] # [\nb: 1\n",
            "a: ['it''s [', x]\nb: 1\n",
        ] {
            assert_eq!(unclosed_before(src, 3), None, "{src}");
        }
    }
}
