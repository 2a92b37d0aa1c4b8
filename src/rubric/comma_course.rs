//! A rubric for learners who write decimal commas (`decimal-mark: ","`) is written by an
//! author who writes them too, and YAML does not: `[0,42]` is two numbers to YAML, 0 and 42,
//! `{abs: 0,5}` an `abs` of 0 and a key `5`, and `1.200` is 1.2, not 1200. Nothing in the
//! parsed rubric shows these: [`misread_values`] reads the rubric's text for them. The other
//! functions say how to mend the `decimal-mark` key itself, and a value written with a decimal
//! comma where YAML wanted one number.

use super::error::RubricError;
use crate::yaml::without_comment;

/// The keys whose values are numbers.
const NUMBER_KEYS: &[&str] = &[
    "value",
    "range",
    "ignore",
    "plausible",
    "abs",
    "rel",
    "relabs",
    "moodle-nominal",
    "moodle-relative",
    "geometric",
    "score",
    "rounding-score",
    "ecf",
    "points",
    "weight",
    "cap",
    "penalty",
    "list-cap",
    "copy-cap",
    "scale",
];

/// What a rubric's own values are, said in each message.
const KEEP_THE_POINT: &str =
    "a rubric's own values keep their decimal point (`decimal-mark` is how learners write)";

/// The values in `src` (the rubric file `file`) that YAML reads otherwise than an author who
/// writes decimal commas meant, each an error at its place: in a flow list or mapping, digits
/// joined by a comma (`[0,42]`, `{abs: 0,5}`, `[1,2, 0,35]`; two numbers there are written
/// with a space, `[30, 40]`), and anywhere a number of one to three digits, a point and three
/// more ending in 0 (`1.200`, `5.000`: thousands grouped by a point).
pub fn misread_values(file: &str, src: &str) -> Vec<RubricError> {
    let mut errors = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let line = without_comment(line);
        for (start, end, in_flow) in number_values(line) {
            let value = &line[start..end];
            for (at, message) in misread_in(value, in_flow) {
                errors.push(RubricError {
                    file: file.to_string(),
                    line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    column: column(line, start + at),
                    message,
                });
            }
        }
    }
    errors
}

/// A `decimal-mark` key YAML does not read as the author meant: with no value (YAML's null,
/// which would leave the decimal point in force). An error at its place, else `None`.
pub fn empty_mark(file: &str, src: &str) -> Option<RubricError> {
    src.lines().enumerate().find_map(|(i, line)| {
        let rest = without_comment(line).strip_prefix("decimal-mark:")?.trim();
        matches!(rest, "" | "~" | "null" | "Null" | "NULL").then(|| RubricError {
            file: file.to_string(),
            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            column: 1,
            message: "`decimal-mark` has no value: write `decimal-mark: \",\"` (1,5) or leave \
                      the key out for a decimal point (1.5)"
                .to_string(),
        })
    })
}

/// How to mend a YAML syntax error at `line` of `src` that an unquoted `decimal-mark: ,`
/// causes (to YAML a lone `,` there ends nothing it began). `None` for other lines.
pub fn syntax_hint(src: &str, line: u32) -> Option<&'static str> {
    let text = src
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let rest = without_comment(text).strip_prefix("decimal-mark:")?.trim();
    (rest == ",").then_some("a lone `,` must be in quotes: write `decimal-mark: \",\"`")
}

/// How to mend a value YAML could not read as one number (`value: 0,42`, read as a text, a
/// formula that cannot be), when it is digits joined by commas. `None` for other values.
pub fn comma_number_hint(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.trim().split(',').collect();
    let digits = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let first = parts[0].strip_prefix('-').unwrap_or(parts[0]);
    (parts.len() == 2 && digits(&first) && digits(&parts[1])).then(|| {
        format!(
            "{KEEP_THE_POINT}: write `{}`",
            value.trim().replacen(',', ".", 1)
        )
    })
}

/// The 1-based column of byte offset `at` in `line`, in characters as YAML's places count.
fn column(line: &str, at: usize) -> u32 {
    u32::try_from(line[..at].chars().count() + 1).unwrap_or(u32::MAX)
}

/// The values of number keys on `line`, as byte ranges, each with whether it stands in a flow
/// list or mapping (`[…]`, `{…}`), where a comma separates items. A quoted value is a text,
/// not one of these.
fn number_values(line: &str) -> Vec<(usize, usize, bool)> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut depth = 0usize; // open `{` or `[` before the place
    let mut quote = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == q {
                    quote = None;
                }
                i += 1;
                continue;
            }
            None if b == b'"' || b == b'\'' => {
                quote = Some(b);
                i += 1;
                continue;
            }
            None => {}
        }
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let key_start = i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'{' | b',' | b'-');
        if key_start && b.is_ascii_alphabetic() {
            let end = i + bytes[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                .count();
            let key = &line[i..end];
            let after = &line[end..];
            if let Some(rest) = after
                .strip_prefix(':')
                .filter(|r| r.is_empty() || r.starts_with([' ', '\t']))
            {
                if NUMBER_KEYS.contains(&key) {
                    let start = end + 1 + (rest.len() - rest.trim_start().len());
                    if let Some((stop, in_list)) = value_end(line, start) {
                        found.push((start, stop, depth > 0 || in_list));
                    }
                }
            }
            i = end;
            continue;
        }
        i += 1;
    }
    found
}

/// Where the value starting at `start` ends, and whether it is a flow list: at the `]` that
/// closes a list it opens, else before the next `, key:` of a flow mapping, a `}` or the line's
/// end. `None` for a quoted value or none.
fn value_end(line: &str, start: usize) -> Option<(usize, bool)> {
    let rest = &line[start..];
    if rest.is_empty() || rest.starts_with(['"', '\'']) {
        return None;
    }
    if rest.starts_with('[') {
        let close = rest.find(']').map_or(line.len(), |c| start + c + 1);
        return Some((close, true));
    }
    let bytes = rest.as_bytes();
    let mut stop = rest.len();
    for (k, &b) in bytes.iter().enumerate() {
        if b == b'}' {
            stop = k;
            break;
        }
        if b == b',' {
            // `, key:` begins the mapping's next entry.
            let next = rest[k + 1..].trim_start();
            let word = next
                .bytes()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-')
                .count();
            if word > 0 && next.as_bytes()[0].is_ascii_alphabetic() && next[word..].starts_with(':')
            {
                stop = k;
                break;
            }
        }
    }
    Some((start + stop, false))
}

/// The misread numbers in one value (`in_flow`: it stands in a flow list or mapping), each
/// with its byte offset in the value and the message.
fn misread_in(value: &str, in_flow: bool) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts_token =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.');
        if !(starts_token && bytes[i].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let len = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || matches!(b, b'.' | b','))
            .count();
        let token = value[i..i + len].trim_end_matches(['.', ',']);
        let parts: Vec<&str> = token.split(',').collect();
        if in_flow && parts.len() > 1 && parts.iter().all(|p| !p.is_empty()) {
            out.push((
                i,
                format!(
                    "`{token}` is {} to YAML, {}: {KEEP_THE_POINT}, so write one number as \
                     `{}`, and a list's items with a space after each comma (`{}`)",
                    how_many(parts.len()),
                    listed(&parts),
                    token.replacen(',', ".", 1),
                    parts.join(", "),
                ),
            ));
        } else if let Some(whole) = grouped_thousands(token) {
            out.push((
                i,
                format!(
                    "`{token}` is {short} to YAML, not {whole}: {KEEP_THE_POINT} and group no \
                     thousands, so write `{whole}` (or `{short}`, if {short} is meant)",
                    short = trimmed(token),
                ),
            ));
        }
        i += len.max(1);
    }
    out
}

/// `1.200` or `5.000` (one to three digits, not starting with 0, a point and three digits
/// ending in 0: a thousands group to an author who writes decimal commas): the whole number
/// meant (`1200`). `None` for other numbers (`1.25`, `0.125`, `1.125`).
fn grouped_thousands(token: &str) -> Option<String> {
    let (int, frac) = token.split_once('.')?;
    let ok = (1..=3).contains(&int.len())
        && !int.starts_with('0')
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() == 3
        && frac.bytes().all(|b| b.is_ascii_digit())
        && frac.ends_with('0');
    ok.then(|| format!("{int}{frac}"))
}

/// `two numbers`, `three numbers`, …
fn how_many(n: usize) -> String {
    match n {
        2 => "two numbers".to_string(),
        3 => "three numbers".to_string(),
        4 => "four numbers".to_string(),
        _ => format!("{n} numbers"),
    }
}

/// `0 and 42`, `1, 2 and 3`.
fn listed(parts: &[&str]) -> String {
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => parts.join(""),
    }
}

/// A decimal as YAML reads it, without trailing zeros: `1.200` → `1.2`, `5.000` → `5`.
fn trimmed(token: &str) -> &str {
    token.trim_end_matches('0').trim_end_matches('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(src: &str) -> Vec<(u32, u32, String)> {
        misread_values("r.yaml", src)
            .into_iter()
            .map(|e| (e.line, e.column, e.message))
            .collect()
    }

    fn places(src: &str) -> Vec<(u32, u32)> {
        found(src).into_iter().map(|(l, c, _)| (l, c)).collect()
    }

    /// Digits joined by a comma in a flow list or mapping are misread; so is a point that
    /// groups thousands; each is found where it is written.
    #[test]
    fn values_yaml_misreads_are_found_at_their_place() {
        assert_eq!(places("  - value: [0,42]\n"), [(1, 13)]);
        assert_eq!(places("  - { value: 0,42, score: 1 }\n"), [(1, 14)]);
        assert_eq!(
            places("    tolerance: {abs: 0,5}\n    ignore: [1,2, 0,35]\n"),
            [(1, 22), (2, 14), (2, 19)]
        );
        assert_eq!(
            places("value: 1.200\nplausible: [1, 5.000]\n"),
            [(1, 8), (2, 16)]
        );
        let (_, _, m) = &found("range: [0,4, 0,5]")[0];
        assert_eq!(
            m,
            "`0,4` is two numbers to YAML, 0 and 4: a rubric's own values keep their decimal \
             point (`decimal-mark` is how learners write), so write one number as `0.4`, and a \
             list's items with a space after each comma (`0, 4`)"
        );
        let (_, _, m) = &found("value: 1.200")[0];
        assert!(m.starts_with("`1.200` is 1.2 to YAML, not 1200:"), "{m}");
        assert!(
            m.ends_with("so write `1200` (or `1.2`, if 1.2 is meant)"),
            "{m}"
        );
        let (_, _, m) = &found("ignore: [1,2,3]")[0];
        assert!(
            m.starts_with("`1,2,3` is three numbers to YAML, 1, 2 and 3:"),
            "{m}"
        );
    }

    /// What YAML reads as the author meant is no error: lists with spaces, decimals, texts,
    /// comments, keys that are no numbers, block values (YAML's own error names those).
    #[test]
    fn values_read_as_meant_are_not_errors() {
        for src in [
            "range: [30, 40]",
            "value: [0.42, 1.5]",
            "value: 1.25",
            "value: 0.125",
            "value: 1.125",
            "prompt: Handle 1,000 users at 1.200 s",
            "feedback: \"[0,42] is wrong\"",
            "value: \"{a.1.peak} * 1,5\"",
            "value: 42 # was [0,42]",
            "value: 0,42",
            "  - { value: 0.42, score: 1, feedback: \"Use 1,5 s\" }",
            "given: { net.1.t: 0.42 }",
        ] {
            assert_eq!(found(src), [], "{src}");
        }
    }

    #[test]
    fn a_mark_with_no_value_or_a_lone_comma_is_explained() {
        assert_eq!(
            empty_mark("r.yaml", "id: a\ndecimal-mark:\n").map(|e| e.line),
            Some(2)
        );
        assert_eq!(
            empty_mark("r.yaml", "decimal-mark: ~ # none").map(|e| e.line),
            Some(1)
        );
        assert_eq!(empty_mark("r.yaml", "decimal-mark: \",\""), None);
        assert_eq!(empty_mark("r.yaml", "id: decimal-mark:"), None);
        assert!(syntax_hint("id: a\ndecimal-mark: ,\n", 2).is_some());
        assert!(syntax_hint("id: a\ndecimal-mark: \",\"\n", 2).is_none());
        assert!(syntax_hint("id: a\n", 9).is_none());
        assert!(syntax_hint("id: a\n", 0).is_none());
    }

    #[test]
    fn a_value_with_a_decimal_comma_is_told_to_keep_the_point() {
        assert_eq!(
            comma_number_hint("0,42").as_deref(),
            Some(
                "a rubric's own values keep their decimal point (`decimal-mark` is how \
                 learners write): write `0.42`"
            )
        );
        assert_eq!(
            comma_number_hint("-1,5")
                .as_deref()
                .map(|h| h.ends_with("`-1.5`")),
            Some(true)
        );
        assert_eq!(comma_number_hint("1,2,3"), None);
        assert_eq!(comma_number_hint("abc"), None);
        assert_eq!(comma_number_hint(",5"), None);
    }
}
