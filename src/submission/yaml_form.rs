//! YAML forms (a structured web-form export):
//!
//! ```yaml
//! learner: s1234
//! answers:
//!   retrieval:
//!     1: "Vertical scaling means …"
//!   capacity-plan:
//!     1: 36
//! ```
//!
//! Values are strings or numbers; `null` or an empty string is an unanswered question.
//! Duplicate keys are errors (never keep one answer and drop the other), and so are unknown
//! top-level keys. Answers for exercises or questions the rubric does not have are reported
//! as unplaced.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::layout::SheetLayout;
use super::model::{Answer, Unplaced};
use crate::yaml::{self, Spanned};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    learner: Option<Scalar>,
    #[serde(default)]
    answers: BTreeMap<String, Spanned<RawAnswers>>,
}

/// One exercise's answers: question → answer (`null` when unanswered).
type RawAnswers = BTreeMap<Scalar, Spanned<Option<Scalar>>>;

/// A YAML scalar that may be a string or a number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Scalar(String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A YAML form, read.
#[derive(Debug)]
pub struct FormRead {
    pub learner: Option<String>,
    pub answers: Vec<Answer>,
    pub unplaced: Vec<Unplaced>,
}

/// Why a YAML form could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Reads a YAML form.
pub fn read_form(src: &str, layout: &SheetLayout) -> Result<FormRead, FormError> {
    let raw: RawForm = yaml::from_str(src).map_err(|e| FormError {
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let mut answers = Vec::new();
    let mut unplaced = Vec::new();
    for (exercise, qs) in &raw.answers {
        let ex = layout.exercise(exercise);
        for (key, value) in &qs.value {
            let (line, column) = yaml::place(value);
            let Some(Scalar(text)) = &value.value else {
                continue;
            };
            let number = key
                .0
                .trim()
                .trim_start_matches(['q', 'Q'])
                .parse::<u32>()
                .ok();
            match (ex, number) {
                (Some(ex), Some(n)) if ex.questions.iter().any(|q| q.number == n) => {
                    answers.push(Answer {
                        exercise: exercise.clone(),
                        question: n,
                        text: text.clone(),
                        line,
                        column,
                    });
                }
                (None, _) => unplaced.push(Unplaced {
                    text: text.clone(),
                    line,
                    reason: format!("exercise `{exercise}` is not in the rubric"),
                }),
                (Some(_), _) => unplaced.push(Unplaced {
                    text: text.clone(),
                    line,
                    reason: format!("exercise `{exercise}` has no question `{}`", key.0),
                }),
            }
        }
    }
    let order = |a: &Answer| {
        (
            layout
                .exercises
                .iter()
                .position(|e| e.id == a.exercise)
                .unwrap_or(usize::MAX),
            a.question,
        )
    };
    answers.sort_by_key(order);
    Ok(FormRead {
        learner: raw.learner.map(|s| s.0),
        answers,
        unplaced,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submission::layout::{ExerciseLayout, QuestionLayout};

    fn layout() -> SheetLayout {
        let q = |n| QuestionLayout {
            number: n,
            prompt: String::new(),
        };
        SheetLayout {
            exercises: vec![
                ExerciseLayout {
                    id: "retrieval".into(),
                    title: "Retrieval".into(),
                    aliases: vec![],
                    questions: vec![q(1), q(2)],
                },
                ExerciseLayout {
                    id: "capacity-plan".into(),
                    title: "Capacity".into(),
                    aliases: vec![],
                    questions: vec![q(1)],
                },
            ],
        }
    }

    #[test]
    fn reads_strings_numbers_and_places() {
        let src = "learner: s1\nanswers:\n  capacity-plan:\n    1: 36\n  retrieval:\n    2: \"two\"\n    1: one\n";
        let f = read_form(src, &layout()).unwrap();
        assert_eq!(f.learner.as_deref(), Some("s1"));
        let got: Vec<(&str, u32, &str, u32)> = f
            .answers
            .iter()
            .map(|a| (a.exercise.as_str(), a.question, a.text.as_str(), a.line))
            .collect();
        assert_eq!(
            got,
            [
                ("retrieval", 1, "one", 7),
                ("retrieval", 2, "two", 6),
                ("capacity-plan", 1, "36", 4)
            ]
        );
    }

    #[test]
    fn unknown_places_are_reported_not_dropped() {
        let f = read_form(
            "answers:\n  retrieval:\n    9: x\n  nope:\n    1: y\n",
            &layout(),
        )
        .unwrap();
        assert!(f.answers.is_empty());
        assert_eq!(f.unplaced.len(), 2);
    }

    #[test]
    fn duplicate_answers_are_errors() {
        let e = read_form("answers:\n  retrieval:\n    1: a\n    1: b\n", &layout()).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("duplicate"), "{e:?}");
    }
}
