//! From raw rubric files to a validated [`Rubric`]: names resolved, patterns compiled once,
//! numbers checked. Every problem is collected (with its `file:line:col`) before failing.
//!
//! `validate` runs the steps in order, each in a file of its own: `catalogue` reads the
//! vocabularies and the misconception catalogue of every file (and reports the vocabularies'
//! own problems), `header` the main file's `id`, `title`, `scale`, `decimal-mark` and
//! `defaults`; with these (the `Sheet` of `context`), `catalogue` checks the catalogue's
//! sheet-wide rules, then `exercise` the exercises and their question numbers, each question
//! by the files of its rule kinds: `question`, `levels`, `examples`, `concept`, `mistake`,
//! `number`, `answer`, `tolerance`, `patterns`; last, `number_refs` checks the formulas and
//! `given` that name numbers. Errors go to the collector of `errs`, with its message helpers.
//! `stems` gives a prompt's content stems.

mod answer;
mod catalogue;
mod concept;
mod context;
mod errs;
mod examples;
mod exercise;
mod header;
mod levels;
mod mistake;
mod number;
mod number_refs;
mod patterns;
mod question;
mod stems;
#[cfg(test)]
mod test_support;
mod tolerance;

pub use stems::{content_stems, content_stems_by_sentence};

use self::catalogue::Catalogue;
use self::context::{Collected, Sheet};
use self::errs::Errs;
use self::header::Header;
use self::number_refs::FormulaUse;
use self::patterns::RegexUse;
use super::error::{RubricError, RubricErrors};
use super::load::RawFile;
use super::model::*;
use crate::pattern::{Lexicon, vocabulary};

/// Validates the rubric made of `files` (the main file first).
pub fn validate(files: Vec<RawFile>, hash: String) -> Result<Rubric, RubricErrors> {
    let mut list = Vec::new();
    let main_name = files[0].name.clone();
    let mut catalogue = Catalogue::read(&files, &mut list);
    // Every `re:` expression starts building on a helper thread now, while the rest is
    // validated (see `pattern/expression.rs`).
    let mut lexicon = Lexicon::default();
    patterns::prefetch(&files, &mut lexicon);
    let checked = vocabulary::check(&catalogue.vocabulary);
    catalogue.report(&checked, &mut list);
    let header = Header::read(
        &files[0].raw,
        &mut Errs {
            file: &main_name,
            list: &mut list,
        },
    );
    let sheet = Sheet {
        vocabulary: &catalogue.vocabulary,
        broken: &checked.broken,
        parsed: &checked.parsed,
        misconceptions: &catalogue.misconceptions,
        defaults: header.defaults,
        scale: &header.scale,
    };
    // Every `re:` pattern, with its place: its expression is built later (see `RegexUse`).
    let mut regex_uses: Vec<RegexUse> = Vec::new();
    let rules = catalogue::rules(
        &files,
        &sheet,
        Collected {
            lexicon: &mut lexicon,
            regex_uses: &mut regex_uses,
            // A misconception's rule names no number.
            formulas: &mut Vec::new(),
            list: &mut list,
        },
    );
    let mut formulas: Vec<FormulaUse> = Vec::new();
    let exercises = exercise::exercises(
        &files,
        &sheet,
        Collected {
            lexicon: &mut lexicon,
            regex_uses: &mut regex_uses,
            formulas: &mut formulas,
            list: &mut list,
        },
    );
    // `re:` expressions that cannot be built (too large): their syntax was checked in place,
    // so these come after the errors found in the rubric's rules.
    lexicon.finish_compiling();
    patterns::unbuilt(&regex_uses, &mut list);
    if exercises.is_empty() && list.is_empty() {
        list.push(RubricError {
            file: main_name.clone(),
            line: 1,
            column: 1,
            message: "the rubric has no exercises".into(),
        });
    }
    // Error-carried-forward formulas and examples' `given` must name numbers that exist, and
    // a formula only numbers graded before its own (in the order the rubric lists exercises,
    // questions and numbers): the learner's value of its own or of a later number is not
    // known when it is computed, so the formula would never carry an error forward.
    number_refs::check(&exercises, &formulas, &mut list);
    if !list.is_empty() {
        return Err(RubricErrors(list));
    }
    catalogue.set_rules(rules);
    let Catalogue {
        vocabulary,
        misconceptions,
        ..
    } = catalogue;
    let rubric = Rubric {
        id: header.id,
        title: header.title,
        version: files[0].raw.version.clone(),
        scale: header.scale,
        exercises,
        misconceptions,
        lexicon,
        hash,
        proximity: header.proximity,
        decimal_mark: header.decimal_mark,
    };
    free_elsewhere((files, checked, vocabulary));
    Ok(rubric)
}

/// Frees `what` on a helper thread: freeing the files as read and the parsed vocabularies
/// was some 3 % of the main thread's work loading the workshop rubric, work the grading need
/// not wait for.
fn free_elsewhere<T: Send + 'static>(what: T) {
    // When no thread can be started, the closure, and `what` in it, is freed here.
    let _ = std::thread::Builder::new()
        .name("assay-free".into())
        .spawn(move || drop(what));
}

/// The most points a rubric may add up to: scores are kept to 6 decimals (`round6`), which a
/// larger total cannot hold (and `1e308` twice is infinite).
pub const MAX_TOTAL_POINTS: f64 = 1e9;

#[cfg(test)]
mod tests {
    use super::test_support::errors;
    use crate::rubric::load_str;

    /// A YAML syntax error an author usually makes carries how to mend it; a misspelt
    /// vocabulary name is offered the likely one, never the vocabulary it is written in.
    #[test]
    fn yaml_mistakes_and_misspellings_come_with_a_hint() {
        let src = "id: q\ntitle: Q\nexercises:\n  - id: e\n    title: E\n    questions:\n      - number: 1\n        prompt: P\n        concepts: [{ id: c, match: \"x\", feedback: F }]\n";
        let colon = src.replace("prompt: P", "prompt: Note: a colon");
        let (line, _, message) = errors(&colon).remove(0);
        assert_eq!(line, 8);
        assert!(message.contains("put the text in quotes"), "{message}");
        let brace = src.replace("match: \"x\"", "match: {x}");
        let (_, _, message) = errors(&brace).remove(0);
        assert!(message.contains("must be in quotes"), "{message}");
        let vocab = src.replace(
            "exercises:",
            "vocabulary:\n  horizontal: [\"horizontal*\", \"{horizontl}\"]\n  scale: [\"{horizontl} scal*\"]\nexercises:",
        );
        let said: Vec<String> = errors(&vocab).into_iter().map(|(_, _, m)| m).collect();
        assert_eq!(
            said,
            [
                "vocabulary `horizontal`, entry `{horizontl}`: unknown vocabulary `horizontl` (at character 1)",
                "vocabulary `scale`, entry `{horizontl} scal*`: unknown vocabulary `horizontl`; did you mean `horizontal`? (at character 1)",
            ]
        );
    }

    /// Rules that load but can never count: a scale without 1, a level or an example off
    /// the scale, `N of` more conditions than listed, an answer that its `ignore` hides.
    #[test]
    fn rules_that_can_never_count_are_errors() {
        let src = r#"
id: q
title: Q
scale: [0, 0.5, 1]
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: A link has a one-way latency of 40 ms. What is the round trip?
        concepts:
          - { id: a, match: "twice", feedback: F }
          - { id: b, match: "double", feedback: F }
        numbers:
          - id: rtt
            ignore: [40]
            answers:
              - { value: 80, score: 1 }
              - { value: 40, score: 0, feedback: There and back. }
        scoring:
          levels:
            - { score: 1, when: "3 of (a, b)" }
            - { score: 0.6, when: a }
        examples:
          - { answer: "twice", score: 0.25 }
"#;
        let got = errors(src);
        let want = [
            (
                19,
                17,
                "this answer of number `rtt` (40) can never match: its `ignore` list names 40, and an ignored number is never compared (remove 40 from `ignore`)",
            ),
            (
                22,
                33,
                "invalid `when` expression: `3 of (…)` names only 2 conditions: it can never hold (at character 12 of the expression)",
            ),
            (
                23,
                24,
                "a level's `score` 0.6 is not a step of the rubric's `scale` (0, 0.5, 1): it would be given as 0.5",
            ),
            (
                25,
                39,
                "an example's `score` 0.25 is not a step of the rubric's `scale` (0, 0.5, 1): it would be given as 0, so the example can never pass",
            ),
        ];
        let want: Vec<(u32, u32, String)> = want
            .iter()
            .map(|(l, c, m)| (*l, *c, m.to_string()))
            .collect();
        assert_eq!(got, want);
        let no_one = errors(&src.replace("scale: [0, 0.5, 1]", "scale: [0, 0.5, 0.7]"));
        assert!(
            no_one.contains(&(
                4,
                8,
                "`scale` must start at 0 and end at 1 (each question's credit is rounded to the nearest step)".to_string()
            )),
            "{no_one:?}"
        );
    }

    /// A rubric with every mapping that has required fields, each field on its own line.
    const COMPLETE: &str = "\
id: c
title: C
misconceptions:
  m:
    title: M
    feedback: Why M is wrong.
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: P
        concepts:
          - id: c
            match: c
            feedback: F
        mistakes:
          - id: m
            match: m
        numbers:
          - id: n
            answers:
              - value: 3
                score: 1
        scoring:
          levels:
            - score: 1
              when: c & n
        examples:
          - answer: c 3
            score: 1
";

    /// Each required field left out is one problem, at the mapping that lacks it (the rest is
    /// read and checked: the `when` that names a concept whose `id` is missing says so).
    #[test]
    fn each_missing_required_field_is_a_problem_at_the_mapping_that_lacks_it() {
        assert!(load_str(COMPLETE, "q.yaml").is_ok());
        let missing =
            |field: &str, what: &str| format!("missing field `{field}` ({what} needs one)");
        // (text replaced, its replacement, the problems said of the result)
        type Case<'a> = (&'a str, &'a str, Vec<(u32, u32, String)>);
        let cases: Vec<Case> = vec![
            ("id: c\n", "", vec![(1, 1, "missing field `id`".into())]),
            (
                "title: C\n",
                "",
                vec![(1, 1, "missing field `title`".into())],
            ),
            (
                "    title: M\n",
                "",
                vec![(5, 5, missing("title", "a misconception"))],
            ),
            (
                "    feedback: Why M is wrong.\n",
                "",
                vec![(5, 5, missing("feedback", "a misconception"))],
            ),
            (
                "  - id: e\n    title: E\n",
                "  - title: E\n",
                vec![(8, 5, missing("id", "an exercise"))],
            ),
            (
                "    title: E\n",
                "",
                vec![(8, 5, missing("title", "an exercise"))],
            ),
            (
                "      - number: 1\n        prompt: P\n",
                "      - prompt: P\n",
                vec![(11, 9, missing("number", "a question"))],
            ),
            (
                "        prompt: P\n",
                "",
                vec![(11, 9, missing("prompt", "a question"))],
            ),
            (
                "          - id: c\n            match: c\n",
                "          - match: c\n",
                vec![
                    (14, 13, missing("id", "a concept")),
                    (
                        27,
                        21,
                        "`when` names `c`, which is not a concept, number or mistake of this \
                         question (known: m, n)"
                            .into(),
                    ),
                ],
            ),
            (
                "            feedback: F\n",
                "",
                vec![(14, 13, missing("feedback", "a concept"))],
            ),
            (
                "          - id: m\n            match: m\n",
                "          - match: m\n",
                vec![(18, 13, missing("id", "a mistake"))],
            ),
            (
                "            match: m\n",
                "",
                vec![(18, 13, missing("match", "a mistake"))],
            ),
            (
                "          - id: n\n            answers:\n",
                "          - answers:\n",
                vec![
                    (21, 13, missing("id", "a number")),
                    (
                        27,
                        21,
                        "`when` names `n`, which is not a concept, number or mistake of this \
                         question (known: c, m)"
                            .into(),
                    ),
                ],
            ),
            (
                "            answers:\n              - value: 3\n                score: 1\n",
                "",
                vec![(21, 13, missing("answers", "a number"))],
            ),
            (
                "                score: 1\n",
                "",
                vec![(23, 17, missing("score", "an answer"))],
            ),
            (
                "        scoring:\n          levels:\n            - score: 1\n              when: c & n\n",
                "        scoring: {}\n",
                vec![(25, 18, missing("levels", "`scoring`"))],
            ),
            (
                "            - score: 1\n              when: c & n\n",
                "            - when: c & n\n",
                vec![(27, 15, missing("score", "a level"))],
            ),
            (
                "              when: c & n\n",
                "",
                vec![(27, 15, missing("when", "a level"))],
            ),
            (
                "          - answer: c 3\n            score: 1\n",
                "          - score: 1\n",
                vec![(30, 13, missing("answer", "an example"))],
            ),
            (
                "          - answer: c 3\n            score: 1\n",
                "          - answer: c 3\n",
                vec![(30, 13, missing("score", "an example"))],
            ),
        ];
        for (from, to, want) in cases {
            assert!(COMPLETE.contains(from), "{from}");
            let src = COMPLETE.replacen(from, to, 1);
            assert_eq!(errors(&src), want, "{from:?} → {to:?}");
        }
        let src = &COMPLETE[..COMPLETE.find("    questions:").unwrap()];
        assert_eq!(errors(src), [(8, 5, missing("questions", "an exercise"))]);
    }

    /// A missing required field does not stop the reading: the unknown keys after it and the
    /// problems of the parts that could be read come in the same run (`assay lint` once
    /// reported the first missing field and nothing after it).
    #[test]
    fn a_missing_required_field_is_reported_with_every_other_problem() {
        let src = "\
id: r
title: R
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: What?
        pointz: 2
        concepts:
          - id: a
            match: foo
            feedbak: f
          - id: b
            match: \"bar (\"
            colour: red
            feedback: g
        numbers:
          - id: n
            answers: [{ value: 3 }]
            unit: parsecs per fortnight
";
        let errs = load_str(src, "r.yaml").expect_err("invalid").0;
        let said: Vec<String> = errs
            .iter()
            .map(|e| {
                let m = e.message.split(", expected one of").next().unwrap();
                format!("{}:{}: {m}", e.line, e.column)
            })
            .collect();
        assert_eq!(
            said,
            [
                "9:9: unknown field `pointz`",
                "11:13: missing field `feedback` (a concept needs one)",
                "13:13: unknown field `feedbak`",
                "15:20: invalid pattern `bar (` in `match`: unclosed `(` (at character 5)",
                "16:13: unknown field `colour`",
                "20:23: missing field `score` (an answer needs one)",
                "21:19: unknown unit `parsecs per fortnight` (units such as ms, GB, req/s, %, instances: the list is in docs/rubric-format.md, \"Units\")",
            ]
        );
    }

    /// Only an absent key is a missing field: a required key written with an empty value, or a
    /// value of the wrong kind, is refused by the reader, as it was before.
    #[test]
    fn a_required_field_written_empty_or_of_the_wrong_kind_is_refused_by_the_reader() {
        let empty = COMPLETE.replace("feedback: F\n", "feedback:\n");
        assert_eq!(
            errors(&empty),
            [(
                16,
                21,
                "`feedback`: expected a string, found no value".to_string()
            )]
        );
        let list = COMPLETE.replace("prompt: P\n", "prompt: [P]\n");
        assert_eq!(
            errors(&list),
            [(
                12,
                17,
                "`prompt`: expected a single value, found `[P]`".to_string()
            )]
        );
    }
}
