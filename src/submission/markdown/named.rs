//! Labels that name the exercise as well as the question, written where a label stands:
//! "Retrieval 1 -", "Compare 2:", "Mistake check 3)", "Capacity plan 4 -", "**Cache design
//! 1:**", "Session Q2 –", "Horizontal capacity plan, question 4". The words before the
//! number must name an exercise (see `SheetIndex::exercise_named`), the number must be one
//! of its questions, and a separator must follow it: `:`, `)`, `.` or a dash, the end of
//! the emphasis it is in, or the end of the line. The number may start a group of
//! questions answered together ("Capacity Q1 & Q2:", "A2 & A3:", see `group.rs`).
//! Offsets are byte offsets into the text given; the caller adds the block's position.

use crate::submission::markdown::codes::Code;
use crate::submission::markdown::group::{group_after_code, group_at_start};
use crate::submission::markdown::line_index::line_end;
use crate::submission::markdown::sheet_index::SheetIndex;
use crate::submission::markdown::words::{is_invisible, normalise};

/// The name before the number is at most this long: a title, an alias or a part of one.
const MAX_NAME_BYTES: usize = 60;

/// An exercise-and-question label found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NamedLabel {
    pub exercise: usize,
    pub number: u32,
    /// Named by a whole title, alias or slug, not by a part of one ("Session").
    pub whole: bool,
    /// The name as written, normalised ("session").
    pub name: String,
    /// The other questions a group label names with `number` ("Capacity Q1 & Q2:").
    pub also: Vec<u32>,
    /// Where the label starts.
    pub start: usize,
    /// Where the text after the label (its separator and spaces) starts.
    pub end: usize,
}

/// The label at the start of `text` (after spaces and invisible characters), if any.
pub(super) fn named_label_at(text: &str, sheet: &SheetIndex<'_>) -> Option<NamedLabel> {
    let start = text.len() - text.trim_start_matches(is_blank).len();
    let line_end = line_end(&text[start..]).map_or(text.len(), |k| start + k);
    let line = &text[start..line_end];
    if let Some(label) = coded_label(line, sheet) {
        return Some(NamedLabel {
            start: start + label.start,
            end: start + label.end,
            ..label
        });
    }
    // The name: words, spaces and the punctuation of names, up to the number.
    let name_len = line
        .char_indices()
        .find(|&(i, c)| i > MAX_NAME_BYTES || !is_name_char(c))
        .map_or(line.len(), |(i, _)| i);
    if name_len == 0 || name_len > MAX_NAME_BYTES {
        return None;
    }
    // "Retrieval (5)": the number may be in parentheses, which set it off.
    let paren = usize::from(line[name_len..].starts_with('('));
    let rest = &line[name_len + paren..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 || (paren == 1 && rest.as_bytes().get(digits) != Some(&b')')) {
        return None;
    }
    let number: u32 = rest[..digits].parse().ok()?;
    let (name, keyword) = strip_keyword(&line[..name_len]);
    // Where the question part starts ("Q1 & Q2:"), for a group.
    let numbers_at = if keyword { name.len() } else { name_len };
    let name = name.trim_end_matches(is_blank);
    let spaced = line[..name_len].ends_with(is_blank);
    let set_off = name.ends_with([',', '-', '–', '—', ':', '/']);
    let name = name.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '`');
    if name.is_empty() || !(spaced || keyword) || (set_off && !keyword) {
        return None;
    }
    let name = strip_emphasis(name);
    let (exercise, whole) = sheet.exercise_named(&name)?;
    if number == 0 || !sheet.has_question(exercise, number) {
        return None;
    }
    let group = (paren == 0)
        .then(|| group_at_start(&line[numbers_at..]))
        .flatten()
        .filter(|g| g.numbers[0] == number && all_questions(sheet, exercise, &g.numbers));
    let (end, also) = match group {
        Some(g) => (numbers_at + g.end, g.numbers[1..].to_vec()),
        None => (
            separator(line, name_len + paren + digits + paren, paren == 1)?,
            Vec::new(),
        ),
    };
    Some(NamedLabel {
        exercise,
        number,
        whole,
        also,
        name: normalise(&name)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        start,
        end: start + end,
    })
}

/// "R1:", "**C2.**", "P3 -", "CD4.": a code the submission labels an exercise with (see
/// `codes.rs`) and one of its question numbers, then a separator.
fn coded_label(line: &str, sheet: &SheetIndex<'_>) -> Option<NamedLabel> {
    if sheet.codes.is_empty() {
        return None;
    }
    let marks = ["**", "__"]
        .into_iter()
        .find(|m| line.starts_with(m))
        .map_or(0, str::len);
    let (code, len) = Code::at_start(&line[marks..])?;
    let exercise = sheet.coded(code)?;
    let rest = &line[marks + len..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let number: u32 = rest[..digits].parse().ok()?;
    if !sheet.has_question(exercise, number) {
        return None;
    }
    // "A2 & A3:": a group, each number with the code or not.
    let group = group_after_code(rest, code.as_str())
        .filter(|g| all_questions(sheet, exercise, &g.numbers));
    let (end, also) = match group {
        Some(g) => (marks + len + g.end, g.numbers[1..].to_vec()),
        None => (separator(line, marks + len + digits, false)?, Vec::new()),
    };
    Some(NamedLabel {
        exercise,
        number,
        whole: true,
        also,
        name: code.as_str().to_string(),
        start: 0,
        end,
    })
}

/// Whether every number of a group is a question of `exercise`.
fn all_questions(sheet: &SheetIndex<'_>, exercise: usize, numbers: &[u32]) -> bool {
    numbers.iter().all(|&n| sheet.has_question(exercise, n))
}

/// The labels at the start of `text` and at the start of its later lines, in order.
pub(super) fn named_labels(text: &str, sheet: &SheetIndex<'_>) -> Vec<NamedLabel> {
    let mut found = Vec::new();
    let mut from = 0;
    loop {
        if let Some(mut label) = named_label_at(&text[from..], sheet) {
            label.start += from;
            label.end += from;
            found.push(label);
        }
        match line_end(&text[from..]) {
            Some(k) => from += k + 1,
            None => break,
        }
    }
    found
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t' || is_invisible(c)
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic()
        || is_blank(c)
        || matches!(
            c,
            '-' | '–' | '—' | '&' | '\'' | '’' | '`' | ',' | ':' | '/' | '#' | '*' | '_'
        )
}

/// `name` without a trailing question keyword ("Q", "Question", "#"), and whether
/// it had one.
fn strip_keyword(name: &str) -> (&str, bool) {
    let trimmed = name.trim_end_matches(is_blank).trim_end_matches('#');
    let trimmed = trimmed.trim_end_matches(is_blank);
    let had_hash = trimmed.len() < name.trim_end_matches(is_blank).len();
    let lower = trimmed.to_ascii_lowercase();
    for keyword in ["question", "q"] {
        if lower.ends_with(keyword) {
            let before = &trimmed[..trimmed.len() - keyword.len()];
            if before.is_empty() || before.ends_with(|c: char| !c.is_alphanumeric()) {
                return (before, true);
            }
        }
    }
    (trimmed, had_hash)
}

/// The name without emphasis marks ("**Retrieval**" → "Retrieval").
fn strip_emphasis(name: &str) -> String {
    name.chars().filter(|c| *c != '*' && *c != '_').collect()
}

/// Where the answer starts after the number ending at `at` in `line`: after a separator,
/// the end of emphasis, and spaces; None when the number goes on ("1.5", "10x") or plain
/// text follows it, unless the number was in parentheses (`enclosed`).
fn separator(line: &str, at: usize, enclosed: bool) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = at;
    if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let closing = |i: &mut usize| {
        let from = *i;
        while matches!(bytes.get(*i), Some(b'*' | b'_')) {
            *i += 1;
        }
        *i > from
    };
    let skip_blank = |i: &mut usize| {
        while let Some(c) = line[*i..].chars().next().filter(|c| is_blank(*c)) {
            *i += c.len_utf8();
        }
    };
    let closed = closing(&mut i);
    skip_blank(&mut i);
    let mut separated = enclosed || closed || i == line.len();
    if let Some(c) = line[i..]
        .chars()
        .next()
        .filter(|c| matches!(c, ':' | ')' | '.' | '-' | '–' | '—'))
    {
        let next = i + c.len_utf8();
        let then = line[next..].chars().next();
        if then.is_none_or(|t| is_blank(t) || t == '*' || t == '_') {
            i = next;
            closing(&mut i);
            separated = true;
        }
    }
    if !separated {
        return None;
    }
    skip_blank(&mut i);
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submission::markdown::test_sheet::workshop;

    #[test]
    fn labels_that_name_the_exercise() {
        let layout = workshop();
        let sheet = SheetIndex::new(&layout);
        let id = |e: usize| layout.exercises[e].id.as_str();
        let cases = [
            (
                "Retrieval 1 - vertical",
                Some(("retrieval", 1, true, "vertical")),
            ),
            ("Compare 2: sticky", Some(("compare", 2, true, "sticky"))),
            ("Mistake check 3) no", Some(("mistakes", 3, false, "no"))),
            ("Mistakes 3 - no", Some(("mistakes", 3, true, "no"))),
            (
                "Capacity plan 4 - ten",
                Some(("capacity-plan", 4, true, "ten")),
            ),
            ("Capacity 1 – 36", Some(("capacity-plan", 1, false, "36"))),
            (
                "Cache design 5. fail open",
                Some(("cache-design", 5, true, "fail open")),
            ),
            (
                "Session 3 - pick Redis",
                Some(("session-redesign", 3, false, "pick Redis")),
            ),
            (
                "Audit 2: logged out",
                Some(("audit", 2, true, "logged out")),
            ),
            (
                "Evidence 4: uploads",
                Some(("evidence", 4, true, "uploads")),
            ),
            (
                "**Retrieval 2** stateless",
                Some(("retrieval", 2, true, "stateless")),
            ),
            (
                "**Compare 2:** sticky",
                Some(("compare", 2, true, "sticky")),
            ),
            ("__Audit 1__: cookie", Some(("audit", 1, true, "cookie"))),
            (
                "Retrieval Q3: cookies",
                Some(("retrieval", 3, true, "cookies")),
            ),
            (
                "Capacity plan – Q2: 12",
                Some(("capacity-plan", 2, true, "12")),
            ),
            (
                "Horizontal capacity plan, question 4",
                Some(("capacity-plan", 4, true, "")),
            ),
            (
                "capacity-plan 3: 12/40",
                Some(("capacity-plan", 3, true, "12/40")),
            ),
            (
                "Retrieval 1\nvertical",
                Some(("retrieval", 1, true, "vertical")),
            ),
            (
                "Retrieval (5) - browser",
                Some(("retrieval", 5, true, "browser")),
            ),
            (
                "Retrieval (5) browser",
                Some(("retrieval", 5, true, "browser")),
            ),
            // Not labels.
            ("Retrieval 1.5 million", None),
            ("Capacity 36 instances", None),
            ("Capacity 36 - the peak", None),
            ("Audit 4: extra", None),
            ("Design 1: CDN", None),
            ("Layer 1: CDN", None),
            ("Step 2 - deploy", None),
            ("Retrieval1: x", None),
            ("Retrieval (5 - x", None),
            ("Retrieval, 1: x", None),
            ("Q1: x", None),
            ("1. Retrieval", None),
            ("Part 5 - caching", None),
            ("Retrieval Prompts (5 questions)", None),
        ];
        for (text, want) in cases {
            let got = named_label_at(text, &sheet).map(|l| {
                (
                    id(l.exercise),
                    l.number,
                    l.whole,
                    text[l.end..].trim_start(),
                )
            });
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn labels_at_line_starts() {
        let layout = workshop();
        let sheet = SheetIndex::new(&layout);
        let text = "Retrieval 1 - up\nRetrieval 2 - no state\nnot a label 3: x\r\nCompare 1: more";
        let got: Vec<(u32, &str)> = named_labels(text, &sheet)
            .into_iter()
            .map(|l| (l.number, &text[l.start..l.end]))
            .collect();
        assert_eq!(
            got,
            [
                (1, "Retrieval 1 - "),
                (2, "Retrieval 2 - "),
                (1, "Compare 1: ")
            ]
        );
    }

    #[test]
    fn named_and_coded_groups_name_every_question() {
        let layout = workshop();
        let mut sheet = SheetIndex::new(&layout);
        let audit = layout.exercises.iter().position(|e| e.id == "audit");
        sheet.codes = vec![(Code::at_start("A").unwrap().0, audit.unwrap())];
        let id = |e: usize| layout.exercises[e].id.as_str();
        let cases = [
            (
                "Capacity Q1 & Q2: Headroom read as",
                Some(("capacity-plan", 1, vec![2], "Headroom read as")),
            ),
            (
                "Capacity plan 1-2: 36 and 12",
                Some(("capacity-plan", 1, vec![2], "36 and 12")),
            ),
            (
                "A2 & A3: SPA – the tab",
                Some(("audit", 2, vec![3], "SPA – the tab")),
            ),
            ("A2 and 3: x", Some(("audit", 2, vec![3], "x"))),
            // A single label is read as before; a group with a question the exercise lacks
            // is no group, and then no label ("&" is no separator).
            ("A1: SPA", Some(("audit", 1, vec![], "SPA"))),
            ("Capacity 1 – 36", Some(("capacity-plan", 1, vec![], "36"))),
            ("Audit 3 & 4: x", None),
            ("A3 & A4: x", None),
            ("Capacity Q1 & Q2 are wrong", None),
        ];
        for (text, want) in cases {
            let got = named_label_at(text, &sheet).map(|l| {
                (
                    id(l.exercise),
                    l.number,
                    l.also.clone(),
                    text[l.end..].trim_start(),
                )
            });
            assert_eq!(got, want, "{text:?}");
        }
    }
}
