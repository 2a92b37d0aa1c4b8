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
//! Duplicate keys are errors (never keep one answer and drop the other), also keys written
//! differently that name the same question (`1`, `"1"`, `q1`, `01`), and so are unknown
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
    answers: BTreeMap<String, Spanned<Questions>>,
}

/// The answers of one exercise, in document order, every key kept: a map into a `BTreeMap`
/// would keep only the last of `1:` and `"1":`, which YAML holds to be different keys.
struct Questions(Vec<(Scalar, Spanned<Option<Scalar>>)>);

impl<'de> Deserialize<'de> for Questions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Questions;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from question numbers to answers")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Questions, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Questions(out))
            }
        }
        d.deserialize_map(V)
    }
}

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
        let mut seen: BTreeMap<u32, u32> = BTreeMap::new();
        for (key, value) in &qs.value.0 {
            let (line, column) = yaml::place(value);
            let number = key
                .0
                .trim()
                .trim_start_matches(['q', 'Q'])
                .parse::<u32>()
                .ok();
            if let Some(n) = number {
                if let Some(first) = seen.insert(n, line) {
                    return Err(FormError {
                        line,
                        column,
                        message: format!(
                            "question {n} of `{exercise}` is answered twice (also at line {first}); keep one answer"
                        ),
                    });
                }
            }
            let Some(Scalar(text)) = &value.value else {
                continue;
            };
            match (ex, number) {
                (Some(ex), Some(n)) if ex.questions.iter().any(|q| q.number == n) => {
                    answers.push(Answer {
                        exercise: exercise.clone(),
                        question: n,
                        text: text.clone(),
                        line,
                        column,
                        parts: Vec::new(),
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
        assert!(e.message.contains("appears twice"), "{e:?}");
    }

    #[test]
    fn keys_written_differently_for_one_question_are_errors() {
        for second in ["\"1\"", "q1", "01", "Q1"] {
            let src = format!("answers:\n  retrieval:\n    1: a\n    {second}: b\n");
            let e = read_form(&src, &layout()).unwrap_err();
            assert_eq!(
                (e.line, e.column),
                (4, 5 + second.len() as u32 + 2),
                "{src}: {e:?}"
            );
            assert_eq!(
                e.message,
                "question 1 of `retrieval` is answered twice (also at line 3); keep one answer",
                "{src}"
            );
        }
    }
}
