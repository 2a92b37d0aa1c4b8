//! Exercises: each one's `id` (a slug, defined once in the rubric), `title` and questions,
//! whose numbers are whole, from 1 to 10000 and unique in the exercise; the rubric's points
//! must add up to at most [`MAX_TOTAL_POINTS`]. Each question is checked in `question.rs`.

use std::collections::HashMap;

use super::MAX_TOTAL_POINTS;
use super::context::{QCtx, Sheet};
use super::errs::{Errs, is_slug, named, yaml_number};
use super::number_refs::FormulaUse;
use super::patterns::RegexUse;
use crate::pattern::Lexicon;
use crate::rubric::error::RubricError;
use crate::rubric::load::RawFile;
use crate::rubric::model::Exercise;
use crate::yaml::place;

/// What checking the exercises collects, rubric-wide, beside the exercises.
pub(super) struct Collected<'a> {
    pub(super) lexicon: &'a mut Lexicon,
    /// Every `re:` pattern, with its place (see [`RegexUse`]).
    pub(super) regex_uses: &'a mut Vec<RegexUse>,
    /// Formulas to check once every number id is known (see `number_refs.rs`).
    pub(super) formulas: &'a mut Vec<FormulaUse>,
    pub(super) list: &'a mut Vec<RubricError>,
}

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
