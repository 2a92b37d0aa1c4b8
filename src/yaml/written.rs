//! What an author wrote at a place in a YAML file: the key a value belongs to and the value as
//! written, for the messages about a value of the wrong kind (see `wrong_kind` in the parent
//! module). Read from the text itself, with lines counted as YAML counts them (`\n`, `\r\n` or
//! a lone `\r`). Messages only: where the place is not plainly `key: value` (a block mapping, an
//! anchor or a tag before the value), the key or the value is left out rather than guessed.

/// The key and the value as written at a place.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written<'a> {
    pub key: Option<&'a str>,
    /// At most [`MAX_CHARS`] characters, then `…`; none for a block list or mapping.
    pub value: Option<String>,
    /// Nothing is written there: the place is the `:` of a `key:` with nothing after it on its
    /// line (where the reader places the value it did not find), or the end of a `-` item.
    pub nothing: bool,
}

/// Characters of a value quoted in a message.
const MAX_CHARS: usize = 40;

/// What was written at the 1-based `line` and `column` (a character count, as the YAML reader
/// gives it).
pub fn written_at(src: &str, line: u32, column: u32) -> Written<'_> {
    let Some(text) = line_text(src, line) else {
        return Written::default();
    };
    let index = line as usize - 1;
    let at = text
        .char_indices()
        .nth((column as usize).saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let (before, rest) = text.split_at(at);
    let flow = in_flow(before);
    if before.trim().is_empty() {
        // A value that starts its own line belongs to the `key:` line above it (comments
        // and blank lines between are skipped). A list or a mapping there is no value as
        // written.
        let key = lines(src)
            .take(index)
            .map(|l| without_comment(l).trim_end())
            .filter(|l| !l.trim().is_empty())
            .last()
            .and_then(|l| key_of(l).or_else(|| key_of(without_block_header(l)?)));
        let rest = without_comment(rest).trim();
        return Written {
            key,
            value: block_kind(rest)
                .is_none()
                .then(|| value_of(rest, false))
                .flatten(),
            nothing: false,
        };
    }
    // `key:` with nothing after it: the reader places the missing value at the `:`.
    if let Some(after) = rest.strip_prefix(':') {
        let key = key_of(&text[..at + 1]);
        if key.is_some() && without_comment(after).trim().is_empty() {
            return Written {
                key,
                value: None,
                nothing: true,
            };
        }
    }
    Written {
        key: key_of(before),
        value: value_of(rest, flow),
        nothing: !flow
            && without_comment(rest).trim().is_empty()
            && before.trim_end().ends_with('-'),
    }
}

/// The `key: value` entry that starts at 1-based `line` and `column` of `src` (where the reader
/// places some errors about the value, such as a null where a pattern must stand): its key,
/// and its value as written, `None` when nothing follows the `:` on its line.
pub fn entry_at(src: &str, line: u32, column: u32) -> Option<(&str, Option<String>)> {
    let text = line_text(src, line)?;
    let at = text
        .char_indices()
        .nth((column as usize).checked_sub(1)?)?
        .0;
    let rest = without_comment(&text[at..]).trim_end();
    let (head, value) = match rest.split_once(": ") {
        Some((head, value)) => (head, value.trim()),
        None => (rest.strip_suffix(':')?, ""),
    };
    let key = key_of(&text[at..at + head.len() + 1])?;
    Some((key, value_of(value, false)))
}

/// The text of 1-based `line` of `src`, its columns as the reader counts them: a byte order
/// mark that starts the file is no column. `None` for line 0 or past the end.
pub(super) fn line_text(src: &str, line: u32) -> Option<&str> {
    let text = lines(src).nth((line as usize).checked_sub(1)?)?;
    Some(if line == 1 {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    })
}

/// The lines of `src` as YAML counts them.
pub(super) fn lines(src: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(src);
    std::iter::from_fn(move || {
        let text = rest?;
        match text.find(['\n', '\r']) {
            Some(i) => {
                let skip = if text[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = Some(&text[i + skip..]);
                Some(&text[..i])
            }
            None => {
                rest = None;
                Some(text)
            }
        }
    })
}

/// The key that `before` (the text of a line before a value) ends with: `points:`,
/// `- number:`, `{ score:`, `"points":`.
fn key_of(before: &str) -> Option<&str> {
    let head = before.trim_end().strip_suffix(':')?;
    let start = head.rfind(['{', '[', ',']).map_or(0, |i| i + 1);
    let key = head[start..].trim().trim_start_matches("- ").trim();
    let key = unquoted(key);
    let plain = !key.is_empty()
        && !key.starts_with(['#', '&', '!', '*', '-'])
        && !key.contains([':', '{', '[', ']', '}']);
    plain.then_some(key)
}

/// `line` without the block scalar header it ends with (`text: |`, `text: >-`, `text: |2`):
/// the value on the lines below is that key's. `None` when it ends with none.
fn without_block_header(line: &str) -> Option<&str> {
    let (head, last) = line.trim_end().rsplit_once([' ', '\t'])?;
    let mut indicators = last.chars();
    let header = matches!(indicators.next(), Some('|' | '>'))
        && indicators.clone().count() <= 2
        && indicators.all(|c| matches!(c, '+' | '-' | '1'..='9'));
    header.then_some(head)
}

/// `key` without the quotes around it, if it has them.
fn unquoted(key: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = key.strip_prefix(q).and_then(|k| k.strip_suffix(q)) {
            return inner;
        }
    }
    key
}

/// Is the end of `before` inside a flow collection (`{ … }` or `[ … ]`)?
fn in_flow(before: &str) -> bool {
    let mut depth = 0usize;
    let mut quote = None;
    for c in before.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, '}' | ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth > 0
}

/// `text` up to its comment: a `#` at its start or after a space or a tab, outside quotes.
/// A quote opens a quoted text only where a value can start (at the start, after a space, a
/// tab, `[`, `{`, `,` or `:`): the `'` of `it's` is a letter, and the `#` after it still
/// starts a comment. In single quotes, `''` is a quote mark, not the end.
pub fn without_comment(text: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') if chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if matches!(prev, ' ' | '\t' | '[' | '{' | ',' | ':') => {
                quote = Some(c)
            }
            (None, '#') if matches!(prev, ' ' | '\t') => return &text[..i],
            _ => {}
        }
        prev = c;
    }
    text
}

/// Does `text` start a block mapping (`key: value` or `key:`)?
/// The block collection at 1-based `line` and `column` of `src`: `a list` (`- item` lines) or
/// `a mapping` (`key: value` lines); `None` where neither starts there.
pub fn block_at(src: &str, line: u32, column: u32) -> Option<&'static str> {
    let text = line_text(src, line)?;
    let at = text
        .char_indices()
        .nth((column as usize).checked_sub(1)?)?
        .0;
    block_kind(without_comment(&text[at..]).trim())
}

/// The block collection the text of a line (from a value's place) starts: see [`block_at`].
fn block_kind(rest: &str) -> Option<&'static str> {
    if rest == "-" || rest.starts_with("- ") {
        Some("a list")
    } else if is_mapping_entry(rest) {
        Some("a mapping")
    } else {
        None
    }
}

fn is_mapping_entry(text: &str) -> bool {
    let text = without_comment(text).trim_end();
    text.ends_with(':') || text.contains(": ")
}

/// The value that `rest` (the text of a line from the value's first character) starts with:
/// a quoted text through its closing quote, anything else up to a comment (and, in a flow
/// collection, up to the next `,`, `]` or `}`).
fn value_of(rest: &str, flow: bool) -> Option<String> {
    let value = match rest.chars().next()? {
        q @ ('"' | '\'') => match closing_quote(rest, q) {
            Some(end) => &rest[..end],
            // It goes on past this line: what is on it, then `…`.
            None => return Some(shown(rest.trim_end(), true)),
        },
        // In a flow collection, a list or mapping value runs to its own closing bracket
        // (`[a, b]` in `{x: [a, b]}`), not to the first `,` or `]`.
        open @ ('[' | '{') if flow => {
            let close = if open == '[' { ']' } else { '}' };
            let mut depth = 0usize;
            let end = rest.char_indices().find_map(|(i, c)| {
                if c == open {
                    depth += 1;
                } else if c == close {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                None
            });
            match end {
                Some(end) => &rest[..end],
                None => return Some(shown(without_comment(rest).trim_end(), true)),
            }
        }
        _ => {
            let v = without_comment(rest);
            let v = if flow {
                v.find([',', ']', '}']).map_or(v, |i| &v[..i])
            } else {
                v
            };
            v.trim()
        }
    };
    (!value.is_empty()).then(|| shown(value, false))
}

/// The byte offset just past the quote that closes the text `rest` opens with quote `q`
/// (`\"` inside double quotes and `''` inside single quotes are no end).
pub(super) fn closing_quote(rest: &str, q: char) -> Option<usize> {
    let mut chars = rest.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if q == '"' && c == '\\' {
            chars.next();
        } else if c == q {
            if q == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
            } else {
                return Some(i + c.len_utf8());
            }
        }
    }
    None
}

/// `value` cut to [`MAX_CHARS`] characters, with `…` when cut or when `more` follows.
fn shown(value: &str, more: bool) -> String {
    let mut v: String = value.chars().take(MAX_CHARS).collect();
    if more || v.len() < value.len() {
        v.push('…');
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_starts_at_a_hash_after_a_space_outside_quotes() {
        assert_eq!(without_comment("# only a comment"), "");
        assert_eq!(without_comment("points: 2 # two"), "points: 2 ");
        assert_eq!(without_comment("points: 2\t# two"), "points: 2\t");
        assert_eq!(without_comment("id: c#"), "id: c#");
        assert_eq!(without_comment("text: 'a # b' # c"), "text: 'a # b' ");
        assert_eq!(
            without_comment("values: [\"1 # 5\", 2] # c"),
            "values: [\"1 # 5\", 2] "
        );
        // The apostrophe of a word opens no quote: the comment after it is still one.
        assert_eq!(without_comment("note: it's fine # yes"), "note: it's fine ");
        assert_eq!(without_comment("a: 'it''s # x' # c"), "a: 'it''s # x' ");
        assert_eq!(
            without_comment("{\"points\":\"1 # 2\"} # c"),
            "{\"points\":\"1 # 2\"} "
        );
    }

    /// A value in a block scalar (`include: |`) belongs to the key of the line that opens it.
    #[test]
    fn a_block_scalar_belongs_to_the_key_above() {
        for header in ["|", ">", "|-", ">+", "|2", "|2-"] {
            let src = format!("title: T\ninclude: {header}\n  a.yaml\n");
            assert_eq!(
                at(&src, 3, 3),
                (Some("include"), Some("a.yaml".into())),
                "{header}"
            );
        }
        // A comment after the indicator is no part of it.
        let src = "include: |-2 # the files\n  a.yaml\n";
        assert_eq!(at(src, 2, 3).0, Some("include"));
        // Not a header: `|b` is a word, and in `x: a |` the header ends a value, not a key.
        assert_eq!(at("x: a |b\n  c\n", 2, 3).0, None);
        assert_eq!(at("x: a |\n  c\n", 2, 3).0, None);
    }

    fn at(src: &str, line: u32, column: u32) -> (Option<&str>, Option<String>) {
        let w = written_at(src, line, column);
        (w.key, w.value)
    }

    #[test]
    fn a_plain_key_and_value() {
        assert_eq!(
            at("a: 1\npoints: two  # words\n", 2, 9),
            (Some("points"), Some("two".into()))
        );
        assert_eq!(
            at("  - number: x\n", 1, 13),
            (Some("number"), Some("x".into()))
        );
        assert_eq!(
            at("\"points\": two\n", 1, 11),
            (Some("points"), Some("two".into()))
        );
        assert_eq!(
            at("points: two\t# a comment after a tab\n", 1, 9),
            (Some("points"), Some("two".into()))
        );
    }

    #[test]
    fn lines_are_counted_as_yaml_counts_them() {
        // A lone carriage return ends a line too.
        let src = "a: 1\r# one\r# two\r\npoints: two\n";
        assert_eq!(lines(src).count(), 5);
        assert_eq!(at(src, 4, 9), (Some("points"), Some("two".into())));
        // A byte order mark is not a column.
        assert_eq!(
            at("\u{feff}points: two\n", 1, 9),
            (Some("points"), Some("two".into()))
        );
    }

    #[test]
    fn flow_collections_give_their_own_key_and_item() {
        assert_eq!(
            at("- { score: one, value: [33, 36] }\n", 1, 12),
            (Some("score"), Some("one".into()))
        );
        assert_eq!(
            at("- {number: x, prompt: Why?}\n", 1, 12),
            (Some("number"), Some("x".into()))
        );
        assert_eq!(at("scale: [0, x]\n", 1, 12), (None, Some("x".into())));
        assert_eq!(
            at("given: { capacity.1.peak: x }\n", 1, 27),
            (Some("capacity.1.peak"), Some("x".into()))
        );
        // A list or a mapping inside one runs to its own closing bracket (it was cut at
        // its first `,` or `]`: `[a`).
        assert_eq!(
            at("answers: {compare: {1: ok}, retrieval: [a, [b]]}\n", 1, 40),
            (Some("retrieval"), Some("[a, [b]]".into()))
        );
        assert_eq!(
            at("x: {a: {b: 1, c: 2}}\n", 1, 8),
            (Some("a"), Some("{b: 1, c: 2}".into()))
        );
        assert_eq!(
            at("x: {a: [b,\n  c]}\n", 1, 8),
            (Some("a"), Some("[b,…".into()))
        );
    }

    #[test]
    fn quoted_values_are_shown_whole() {
        assert_eq!(
            at("points: \"a #1\"  # c\n", 1, 9),
            (Some("points"), Some("\"a #1\"".into()))
        );
        assert_eq!(
            at("points: 'two # three'\n", 1, 9),
            (Some("points"), Some("'two # three'".into()))
        );
        assert_eq!(
            at("points: 'it''s'\n", 1, 9),
            (Some("points"), Some("'it''s'".into()))
        );
        assert_eq!(
            at("points: \"two\n  lines\"\n", 1, 9),
            (Some("points"), Some("\"two…".into()))
        );
    }

    #[test]
    fn a_value_on_the_lines_after_its_key() {
        let src = "points:  # as a list\n  # really\n\n  - 1\n";
        assert_eq!(at(src, 4, 3), (Some("points"), None));
        assert_eq!(at("points:\n  a: b\n", 2, 3), (Some("points"), None));
        assert_eq!(
            at("points:\n  two\n", 2, 3),
            (Some("points"), Some("two".into()))
        );
    }

    #[test]
    fn places_that_are_not_key_and_value_give_what_they_can() {
        assert_eq!(at("points: &a two\n", 1, 12), (None, Some("two".into())));
        assert_eq!(at("a: 1\n", 0, 1), (None, None));
        assert_eq!(at("a: 1\n", 7, 1), (None, None));
        assert_eq!(at("a: 1\n", 1, 99), (None, None));
        let long = format!("points: {}\n", "é".repeat(60));
        assert_eq!(
            at(&long, 1, 9).1,
            Some(format!("{}…", "é".repeat(MAX_CHARS)))
        );
    }
}
