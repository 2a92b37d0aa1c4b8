//! What a heading, or a line used as one, names: an exercise, a question, or nothing.
//! Headings are matched by slug, by number prefix ("7. Capacity planning", "Part 5 -
//! caching") and by word overlap with titles, aliases and prompts (see `sheet_index.rs`).

use crate::submission::markdown::label::{Place, label_at_start};
use crate::submission::markdown::named::named_label_at;
use crate::submission::markdown::sheet_index::{SheetIndex, Strictness};
use crate::submission::markdown::words::{content_words, normalise, spaced_dash, strip_parens};

/// Which exercise a question belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    /// The current exercise (or the one numbering implies, see the placer).
    Current,
    Exercise(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Exercise(usize),
    /// `restated`: named by restating the prompt rather than by a number.
    Question {
        target: Target,
        number: u32,
        restated: bool,
    },
    Nothing,
}

/// The kind of line being classified, which sets how much evidence is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// A real heading. `section`: at or above the level of the current exercise's heading
    /// (or there is none), so naming an exercise is the likely intent. `after`: the number
    /// of the current exercise's question under way, if any ("## 6. SLIs" after question 5
    /// of an exercise with six questions goes on with them).
    Heading { section: bool, after: Option<u32> },
    /// A paragraph or list item that is all bold or italic: exercise or restated prompt.
    Emphasis,
    /// A short plain line: only an exercise, and only on a strong match.
    Plain,
    /// The text of ordered list item `n`: an exercise when its words name exercise `n`.
    Item(u64),
}

/// Classifies `text` given the current exercise. Each text is worked out once per thread
/// and layout (see `sheet_index::ClassMemo`): learners copy the sheet's headings.
pub(super) fn classify(
    text: &str,
    form: Form,
    current: Option<usize>,
    sheet: &SheetIndex<'_>,
) -> Class {
    // An item's number counts only when it is an exercise's (see the end of
    // `classify_text`): every other number classifies alike, so the memo keeps them as one
    // (a long list numbered past the sheet's exercises adds one entry, not one per item).
    let key = match form {
        Form::Item(n) if n == 0 || n > sheet.len() as u64 => Form::Item(0),
        other => other,
    };
    if let Some(class) = sheet.known_class(text, key, current) {
        return class;
    }
    let class = classify_text(text, form, current, sheet);
    sheet.remember_class(text, key, current, class);
    class
}

/// [`classify`], worked out.
fn classify_text(text: &str, form: Form, current: Option<usize>, sheet: &SheetIndex<'_>) -> Class {
    let norm = normalise(text);
    // "== Cache Design ==", "~~ Audit ~~": wiki-style decoration around a plain line.
    let norm = norm.trim().trim_matches(['=', '~']).trim();
    if matches!(form, Form::Heading { .. } | Form::Emphasis) {
        // "Capacity plan 4", "Retrieval 2: stateless": the exercise and the question (a
        // group, "Capacity Q1 & Q2", is left to the readings below, as before groups).
        if let Some(label) = named_label_at(norm, sheet).filter(|l| l.also.is_empty()) {
            return Class::Question {
                target: Target::Exercise(label.exercise),
                number: label.number,
                restated: false,
            };
        }
    }
    // Exercise names are matched without parenthesised remarks ("Audit (app: Netflix)").
    let bare = strip_parens(norm);
    // The name's content words, when it is the bare text (kept: they are compared below).
    let bare_words = content_words(bare.trim());
    let (name, name_words) = if bare_words.is_empty() {
        (norm, None)
    } else {
        (bare.trim(), Some(bare_words))
    };
    if let Some(e) = sheet.slug_in(name) {
        return Class::Exercise(e);
    }
    // … or before a remark after a spaced dash ("Audit – app: YouTube", "Cache Design — my
    // shop"), when what comes before the dash names an exercise on its own, other than the
    // one under way (inside it, "Compare – scale up is …" is a line of an answer).
    if let Some(e) = spaced_dash(name)
        .and_then(|(at, _)| sheet.slug_in(name[..at].trim()))
        .filter(|&e| Some(e) != current)
    {
        return Class::Exercise(e);
    }
    if let Some(class) = exercise_prefix(norm, form, sheet) {
        return class;
    }
    if matches!(form, Form::Heading { .. } | Form::Emphasis) {
        if let Some((e, q)) =
            exercise_dot_question(norm).filter(|(e, _)| (1..=sheet.len()).contains(e))
        {
            return Class::Question {
                target: Target::Exercise(e - 1),
                number: q,
                restated: false,
            };
        }
        if let (Some((number, rest)), Form::Heading { .. }) = (spaced_number(norm), form) {
            // "## 2 Compare", "## 7 Capacity": the exercise's number and a name word, with
            // no delimiter; only read as the exercise its words name ("## 3 instances" is no
            // exercise 3).
            let strict = Form::Heading {
                section: false,
                after: None,
            };
            if let class @ Class::Exercise(_) =
                numbered(number, false, rest, strict, current, sheet)
            {
                return class;
            }
        }
        if let Some(label) = label_at_start(norm, Place::Cell) {
            return numbered(
                label.number,
                label.is_explicit(),
                &norm[label.end..],
                form,
                current,
                sheet,
            );
        }
    }
    // Without a parenthesised remark the bare text is `norm` itself, whose words were read.
    let read;
    let words: &[String] = match &name_words {
        Some(bare_words) if bare.trim() == norm => bare_words,
        _ => {
            read = content_words(norm);
            &read
        }
    };
    // `name` is `norm` when the bare text has no content words.
    let best = sheet.best_exercise(name_words.as_deref().unwrap_or(words));
    let accepted = best.filter(|(_, o)| o.names_exercise()).map(|(e, _)| e);
    let strong = best
        .filter(|(_, o)| o.strongly_names_exercise())
        .map(|(e, _)| e);
    // A title or alias with words after it: "Stateful audit - GitHub".
    let leading = |strict: bool| sheet.leading_name(name, strict);
    let restated = |exercise| {
        sheet
            .restated_question(exercise, words, Strictness::Heading)
            .map(|(e, number)| Class::Question {
                target: Target::Exercise(e),
                number,
                restated: true,
            })
    };
    let in_current = || current.and_then(|c| restated(Some(c)));
    if let (Some(e), Form::Heading { .. } | Form::Emphasis) = (accepted, form) {
        if let Some(number) = trailing_question(norm) {
            return Class::Question {
                target: Target::Exercise(e),
                number,
                restated: false,
            };
        }
    }
    let found = match form {
        Form::Heading { section: true, .. } => accepted
            .or_else(|| leading(false))
            .map(Class::Exercise)
            .or_else(in_current)
            .or_else(|| restated(None)),
        Form::Heading { section: false, .. } => strong
            .map(Class::Exercise)
            .or_else(in_current)
            .or_else(|| accepted.map(Class::Exercise))
            .or_else(|| restated(None)),
        Form::Emphasis => strong
            .map(Class::Exercise)
            .or_else(in_current)
            .or_else(|| accepted.or_else(|| leading(true)).map(Class::Exercise))
            .or_else(|| restated(None)),
        Form::Plain => strong.or_else(|| leading(true)).map(Class::Exercise),
        Form::Item(n) => accepted
            .filter(|e| (*e as u64) + 1 == n)
            .map(Class::Exercise),
    };
    found.unwrap_or(Class::Nothing)
}

/// A heading that starts with a question label or a bare number ("Q3", "3.", "3. How many
/// instances at peak?", "7. Capacity planning").
fn numbered(
    number: u32,
    explicit: bool,
    rest: &str,
    form: Form,
    current: Option<usize>,
    sheet: &SheetIndex<'_>,
) -> Class {
    let question = Class::Question {
        target: Target::Current,
        number,
        restated: false,
    };
    let words = content_words(rest);
    if explicit || words.is_empty() {
        return question;
    }
    let nth = (number as usize)
        .checked_sub(1)
        .filter(|n| *n < sheet.len());
    // Under an exercise with a question `number`, a number that does not go on to the next
    // exercise, or that goes on from the question under way, numbers that question, unless
    // the words name exercise `number` strongly: with one heading level for everything,
    // "## 1. Layers" after "## Cache Design" is its first question (not the retrieval
    // prompts that mention layers), and "## 6. SLIs" after its "## 5." its sixth.
    let goes_on = matches!(form, Form::Heading { after: Some(a), .. } if a + 1 == number);
    let own_question =
        current.is_some_and(|c| (nth != Some(c + 1) || goes_on) && sheet.has_question(c, number));
    let name_words = Some(content_words(&strip_parens(rest)))
        .filter(|w| !w.is_empty())
        .unwrap_or_else(|| words.clone());
    if let Some((e, o)) = sheet.best_exercise(&name_words)
        && o.names_exercise()
        && (Some(e) == nth && !own_question || o.strongly_names_exercise())
    {
        return Class::Exercise(e);
    }
    if own_question
        || current.is_some_and(|c| {
            sheet
                .restated_question(Some(c), &words, Strictness::Heading)
                .is_some()
        })
    {
        return question;
    }
    match nth {
        Some(n) if sheet.exercise_overlap(n, &words).shared > 0 => Class::Exercise(n),
        Some(n) if matches!(form, Form::Heading { section: true, .. }) => Class::Exercise(n),
        _ => question,
    }
}

/// "2 Compare": a number of one or two digits, one space, then a word starting with a
/// letter; the number and the text after the space.
fn spaced_number(norm: &str) -> Option<(u32, &str)> {
    let digits = norm.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let rest = norm[digits..].strip_prefix(' ')?;
    if !rest.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    Some((norm[..digits].parse().ok()?, rest))
}

/// "Exercise 3", "Part 5 - caching", "Section 3: common mistakes", "Part three", "Ex. IV",
/// and "Exercise 7, Q3" (a question of that exercise).
fn exercise_prefix(norm: &str, form: Form, sheet: &SheetIndex<'_>) -> Option<Class> {
    const KEYWORDS: &[&str] = &[
        "exercise", "section", "chapter", "module", "part", "sec", "ex",
    ];
    let keyword = KEYWORDS.iter().find(|k| norm.starts_with(*k))?;
    let after = &norm[keyword.len()..];
    if after.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let after = after.trim_start_matches(|c: char| c == '.' || c == '#' || c.is_whitespace());
    let token_len = after
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(after.len());
    let n = number_token(&after[..token_len])?;
    let rest = after[token_len..].trim_start_matches(|c: char| !c.is_alphanumeric());
    let words = content_words(rest);
    let nth = n.checked_sub(1).filter(|i| *i < sheet.len());
    let label =
        label_at_start(rest, Place::Cell).filter(|l| l.is_explicit() && form != Form::Plain);
    if let (Some(e), Some(label)) = (nth, label) {
        return Some(Class::Question {
            target: Target::Exercise(e),
            number: label.number,
            restated: false,
        });
    }
    let named = sheet
        .best_exercise(&words)
        .filter(|(_, o)| o.names_exercise())
        .map(|(e, _)| e);
    let class = match (nth, named) {
        (Some(n), Some(e)) if e != n && sheet.exercise_overlap(n, &words).shared == 0 => {
            Class::Exercise(e)
        }
        (Some(n), _) => Class::Exercise(n),
        (None, Some(e)) => Class::Exercise(e),
        (None, None) => Class::Nothing,
    };
    Some(class)
}

/// "Capacity plan – Q2", "Capacity plan, question 2": a question label ending the text.
fn trailing_question(norm: &str) -> Option<u32> {
    let mut tokens = norm
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .rev();
    let number = |t: &str| {
        t.parse::<u32>()
            .ok()
            .filter(|n| (1..100).contains(n) && t.len() <= 2)
    };
    let last = tokens.next()?;
    match last.strip_prefix('q') {
        Some(n) if !n.is_empty() => number(n),
        _ => number(last).filter(|_| tokens.next() == Some("question")),
    }
}

/// "7.3" at the start: exercise 7, question 3.
fn exercise_dot_question(norm: &str) -> Option<(usize, u32)> {
    let (e, rest) = norm.split_once('.')?;
    let q_len = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let after = &rest[q_len..];
    let ends = after.is_empty()
        || after.starts_with(|c: char| c == '.' || c == ')' || c == ':' || c.is_whitespace());
    let short = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !(short(e) && short(&rest[..q_len]) && ends) {
        return None;
    }
    Some((e.parse().ok()?, rest[..q_len].parse().ok()?))
}

/// "3", "three", "iii".
fn number_token(token: &str) -> Option<usize> {
    const WORDS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    const ROMAN: &[&str] = &[
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    if !token.is_empty() && token.len() <= 3 && token.bytes().all(|b| b.is_ascii_digit()) {
        return token.parse().ok();
    }
    WORDS
        .iter()
        .chain(ROMAN)
        .position(|w| *w == token)
        .map(|i| i % WORDS.len() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submission::markdown::test_sheet::workshop;

    const SECTION: Form = Form::Heading {
        section: true,
        after: None,
    };
    const SUB: Form = Form::Heading {
        section: false,
        after: None,
    };

    fn q(target: Target, number: u32, restated: bool) -> Class {
        Class::Question {
            target,
            number,
            restated,
        }
    }

    #[test]
    fn headings_are_classified() {
        let layout = workshop();
        let sheet = SheetIndex::new(&layout);
        let cap = Some(6);
        let cases = [
            (
                "Horizontal capacity plan",
                SECTION,
                None,
                Class::Exercise(6),
            ),
            ("Capacity Plan", SECTION, None, Class::Exercise(6)),
            ("7. Capacity planning", SECTION, None, Class::Exercise(6)),
            ("Part 5 - caching", SECTION, None, Class::Exercise(4)),
            ("Part five", SECTION, None, Class::Exercise(4)),
            (
                "Section 3: common mistakes",
                SECTION,
                None,
                Class::Exercise(2),
            ),
            (
                "Exercise 2 — Capacity plan",
                SECTION,
                None,
                Class::Exercise(6),
            ),
            (
                "Exercise 7, Q3",
                SECTION,
                None,
                q(Target::Exercise(6), 3, false),
            ),
            ("capacity-plan", SECTION, None, Class::Exercise(6)),
            ("`cache-design`", SUB, cap, Class::Exercise(4)),
            (
                "Cache design exercise",
                Form::Plain,
                None,
                Class::Exercise(4),
            ),
            (
                "Scaling Design Workshop — answers",
                SECTION,
                None,
                Class::Nothing,
            ),
            ("My submission", SECTION, None, Class::Nothing),
            ("Q3", SUB, cap, q(Target::Current, 3, false)),
            ("Question 3", SECTION, cap, q(Target::Current, 3, false)),
            ("3.", SUB, cap, q(Target::Current, 3, false)),
            ("3", SUB, cap, q(Target::Current, 3, false)),
            ("7.3", SUB, None, q(Target::Exercise(6), 3, false)),
            (
                "1. How many instances at peak?",
                SUB,
                cap,
                q(Target::Current, 1, false),
            ),
            ("2. Some thoughts", SUB, cap, q(Target::Current, 2, false)),
            (
                "How many instances at peak?",
                SUB,
                cap,
                q(Target::Exercise(6), 1, true),
            ),
            (
                "How many instances at peak?",
                SECTION,
                None,
                q(Target::Exercise(6), 1, true),
            ),
            (
                "Sticky sessions",
                SUB,
                Some(1),
                q(Target::Exercise(1), 2, true),
            ),
            ("Calculation", SUB, cap, Class::Nothing),
            (
                "Session management",
                Form::Item(6),
                None,
                Class::Exercise(5),
            ),
            ("Session management", Form::Item(2), None, Class::Nothing),
            ("34 instances", Form::Plain, cap, Class::Nothing),
            ("Capacity", Form::Plain, cap, Class::Exercise(6)),
            ("Audit notes", SECTION, None, Class::Nothing),
            (
                "Capacity plan – Q2",
                SECTION,
                None,
                q(Target::Exercise(6), 2, false),
            ),
            (
                "Horizontal capacity plan, question 4",
                SUB,
                None,
                q(Target::Exercise(6), 4, false),
            ),
            ("Q1–Q5: Retrieval", SECTION, None, Class::Exercise(0)),
            (
                "Capacity plan 4",
                SECTION,
                None,
                q(Target::Exercise(6), 4, false),
            ),
            (
                "Compare 2: sticky pins users",
                SUB,
                cap,
                q(Target::Exercise(1), 2, false),
            ),
        ];
        for (text, form, current, want) in cases {
            assert_eq!(
                classify(text, form, current, &sheet),
                want,
                "{text:?} {form:?}"
            );
        }
    }

    #[test]
    fn numbers_and_prefixes() {
        assert_eq!(number_token("iv"), Some(4));
        assert_eq!(number_token("twelve"), Some(12));
        assert_eq!(number_token("x1"), None);
        assert_eq!(exercise_dot_question("7.3 peak"), Some((7, 3)));
        assert_eq!(exercise_dot_question("1.5million"), None);
        assert_eq!(exercise_dot_question("2024.1"), None);
    }

    /// Items numbered past the sheet's exercises (or 0) classify alike and share one entry
    /// of the memo: a long numbered list adds one entry per text, not one per item.
    #[test]
    fn item_numbers_past_the_sheet_share_one_entry() {
        let layout = workshop();
        let sheet = SheetIndex::new(&layout);
        let text = "Retrieval prompts unique to this test";
        for n in (0..5_000).chain([u64::MAX]) {
            assert_eq!(
                classify(text, Form::Item(n), None, &sheet),
                classify_text(text, Form::Item(n), None, &sheet),
                "{n}"
            );
        }
        let past = sheet.len() as u64 + 1;
        assert!(sheet.known_class(text, Form::Item(0), None).is_some());
        assert_eq!(sheet.known_class(text, Form::Item(past), None), None);
        // Each number of an exercise has its own entry.
        assert!(sheet.known_class(text, Form::Item(1), None).is_some());
    }

    /// A class looked up in the memo is the class worked out, for every form and current
    /// exercise, the second time as the first, with codes or without.
    #[test]
    fn kept_classes_are_the_classes_worked_out() {
        let layout = workshop();
        let mut sheet = SheetIndex::new(&layout);
        let texts = [
            "Horizontal capacity plan",
            "## 3. Common Mistake Check",
            "Exercise 4 — Stateful-Component Audit",
            "Cache Design Exercise: Product Catalog",
            "R1",
            "Retrieval 2: stateless",
            "Q3",
            "3. How many instances at peak?",
            "How many instances at peak?",
            "Evidence Check",
            "my notes",
        ];
        let forms = [SECTION, SUB, Form::Emphasis, Form::Plain, Form::Item(7)];
        for codes in [
            Vec::new(),
            vec![(
                crate::submission::markdown::codes::Code::at_start("r")
                    .unwrap()
                    .0,
                0,
            )],
        ] {
            sheet.codes = codes;
            for _ in 0..2 {
                for text in texts {
                    for form in forms {
                        for current in [None, Some(0), Some(6)] {
                            assert_eq!(
                                classify(text, form, current, &sheet),
                                classify_text(text, form, current, &sheet),
                                "{text:?} {form:?} {current:?}"
                            );
                        }
                    }
                }
            }
        }
    }
}
