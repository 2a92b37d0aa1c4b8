//! Exercises: each one's `id` (a slug, defined once in the rubric), `title` and questions,
//! whose numbers are whole, from 1 to 10000 and unique in the exercise; the rubric's points
//! must add up to at most [`MAX_TOTAL_POINTS`]. Each question is checked in `question.rs`.

use std::collections::HashMap;

use super::MAX_TOTAL_POINTS;
use super::context::{Collected, QCtx, Sheet};
use super::errs::{Errs, is_slug, named, yaml_number};
use crate::rubric::load::RawFile;
use crate::rubric::model::Exercise;
use crate::yaml::place;

/// The exercises of `files`, in order, checked against `sheet`.
pub(super) fn exercises(files: &[RawFile], sheet: &Sheet<'_>, out: Collected<'_>) -> Vec<Exercise> {
    let Collected {
        lexicon,
        regex_uses,
        formulas,
        list,
    } = out;
    let mut exercises = Vec::new();
    // The rubric's points so far, and whether their going past the limit was reported.
    let mut total_points = 0.0;
    let mut total_reported = false;
    // Each exercise id's first definition, as `file:line`.
    let mut exercise_ids: HashMap<String, String> = HashMap::new();
    for f in files {
        let mut e = Errs {
            file: &f.name,
            list: &mut *list,
        };
        for ex in &f.raw.exercises {
            e.missing(
                place(ex),
                "an exercise",
                [
                    ("id", ex.value.id.is_none()),
                    ("title", ex.value.title.is_none()),
                    ("questions", ex.value.questions.is_none()),
                ],
            );
            let exid = ex.value.id.as_ref();
            if let Some(exid) = exid {
                if !is_slug(&exid.value) {
                    e.at(
                        place(exid),
                        format!(
                            "exercise id `{}` must be lowercase letters, digits and `-`",
                            exid.value
                        ),
                    );
                }
                match exercise_ids.get(&exid.value) {
                    Some(other) => e.at(
                        place(exid),
                        format!("exercise `{}` is already defined at {other}", exid.value),
                    ),
                    None => {
                        let first = format!("{}:{}", f.name, place(exid).0);
                        exercise_ids.insert(exid.value.clone(), first);
                    }
                }
            }
            let exercise = named("exercise", exid);
            // Each question number's first line.
            let mut numbers_seen: HashMap<u32, u32> = HashMap::new();
            let mut questions = Vec::new();
            let raw_questions = ex.value.questions.as_deref().unwrap_or_default();
            if ex.value.questions.as_ref().is_some_and(Vec::is_empty) {
                e.at(place(ex), format!("{exercise} has no questions"));
            }
            for q in raw_questions {
                e.missing(
                    place(q),
                    "a question",
                    [
                        ("number", q.value.number.is_none()),
                        ("prompt", q.value.prompt.is_none()),
                    ],
                );
                // A question without its number (reported) is still checked, as question 0.
                let mut number = 0;
                if let Some(n) = &q.value.number {
                    // Read as any number, so that `2.5` gets this message and not the YAML
                    // reader's "a whole number from -9223372036854775808 to …".
                    if n.value.fract() != 0.0 || !(1.0..=10_000.0).contains(&n.value) {
                        e.at(
                            place(n),
                            format!(
                                "question number {} must be a whole number from 1 to 10000",
                                yaml_number(n.value)
                            ),
                        );
                        continue;
                    }
                    number = n.value as u32;
                    if let Some(first) = numbers_seen.get(&number) {
                        e.at(
                            place(n),
                            format!(
                                "question {number} appears twice in {exercise} (first at line {first})"
                            ),
                        );
                    } else {
                        numbers_seen.insert(number, place(n).0);
                    }
                }
                let mut ctx = QCtx {
                    e: &mut e,
                    sheet,
                    lexicon: &mut *lexicon,
                    exercise: exid.map_or("", |id| id.value.as_str()),
                    formulas: &mut *formulas,
                    regex_uses: &mut *regex_uses,
                };
                let question = ctx.question(&q.value, number, place(q));
                total_points += question.points;
                if total_points > MAX_TOTAL_POINTS && !total_reported {
                    total_reported = true;
                    let at = q.value.points.as_ref().map_or(place(q), place);
                    e.at(
                        at,
                        format!(
                            "the rubric's points add up to more than {MAX_TOTAL_POINTS} here ({}); scores are kept to 6 decimals, which a larger total cannot hold",
                            yaml_number(total_points)
                        ),
                    );
                }
                questions.push(question);
            }
            exercises.push(Exercise {
                id: exid.map(|id| id.value.clone()).unwrap_or_default(),
                title: ex.value.title.clone().unwrap_or_default(),
                aliases: ex.value.aliases.clone(),
                questions,
            });
        }
    }
    exercises
}

#[cfg(test)]
mod tests {
    use super::super::test_support::errors;

    /// Totals are checked across exercises and files: the place is the `points` that goes
    /// past the limit (`1e308` twice is infinite; `inf/inf` made the mean score NaN).
    #[test]
    fn a_total_past_the_limit_is_an_error_at_the_points_that_pass_it() {
        let src = r#"
id: t
title: T
exercises:
  - id: a
    title: A
    questions:
      - { number: 1, prompt: P, points: 999999999, concepts: [{ id: c, match: x, feedback: F }] }
      - { number: 2, prompt: P, concepts: [{ id: c, match: x, feedback: F }] }
  - id: b
    title: B
    questions:
      - { number: 1, prompt: P, points: 0.5, concepts: [{ id: c, match: x, feedback: F }] }
      - { number: 2, prompt: P, points: 2, concepts: [{ id: c, match: x, feedback: F }] }
"#;
        let errs = errors(src);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!((errs[0].0, errs[0].1), (13, 41), "{errs:?}");
        assert!(
            errs[0].2.starts_with(
                "the rubric's points add up to more than 1000000000 here (1000000000.5)"
            ),
            "{errs:?}"
        );
    }

    /// A question number is a whole number from 1 to 10000, said in the rubric's words
    /// whatever was written (`2.5` once got "a whole number from -9223372036854775808 to …").
    #[test]
    fn question_numbers_are_whole_numbers_from_1() {
        let q = |n: &str| {
            format!(
                "      - number: {n}\n        prompt: P\n        concepts: [{{ id: c, match: \"x\", feedback: F }}]\n"
            )
        };
        let src = format!(
            "id: q\ntitle: Q\nexercises:\n  - id: e\n    title: E\n    questions:\n{}{}{}{}{}{}",
            q("2.5"),
            q("0"),
            q("10001"),
            q(".nan"),
            q("3"),
            q("3.0")
        );
        let said: Vec<String> = errors(&src).into_iter().map(|(_, _, m)| m).collect();
        let whole = |n: &str| format!("question number {n} must be a whole number from 1 to 10000");
        assert_eq!(
            said,
            [
                whole("2.5"),
                whole("0"),
                whole("10001"),
                whole(".nan"),
                "question 3 appears twice in exercise `e` (first at line 19)".to_string(),
            ]
        );
    }

    /// A second definition of an id or an exercise is reported where it is, with the
    /// line of the first, which stays the one that counts.
    #[test]
    fn a_duplicate_names_the_line_of_the_first() {
        let c = |id: &str| format!("          - {{ id: {id}, match: \"x\", feedback: F }}\n");
        let src = format!(
            "id: q\ntitle: Q\nexercises:\n  - id: e\n    title: E\n    questions:\n      - number: 1\n        prompt: P\n        concepts:\n{}{}{}  - id: e\n    title: F\n    questions:\n      - number: 1\n        prompt: P\n        concepts:\n{}",
            c("a"),
            c("b"),
            c("a"),
            c("a"),
        );
        assert_eq!(
            errors(&src),
            [
                (
                    12,
                    19,
                    "id `a` is already used by a concept of this question (first at line 10)"
                        .to_string()
                ),
                (
                    13,
                    9,
                    "exercise `e` is already defined at q.yaml:4".to_string()
                ),
            ]
        );
    }
}
