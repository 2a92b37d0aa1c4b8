//! One answer of a number: a `value` (numbers, or a formula over earlier numbers) or a
//! `range`, its `score`, `round`ing, `plausible` range, `mistake`, `ecf` and `tolerance`.

use super::context::QCtx;
use super::errs::{all_finite, fraction};
use super::number_refs::{FormulaUse, RefersFrom};
use crate::numeric::Tolerance;
use crate::rubric::comma_course;
use crate::rubric::formula::Formula;
use crate::rubric::model::{Expected, NumberAnswer, Round};
use crate::rubric::raw::{NumberValue, RawAnswer};
use crate::yaml::place;

impl QCtx<'_, '_> {
    pub(super) fn answer(
        &mut self,
        a: &RawAnswer,
        at: (u32, u32),
        default_tol: &Tolerance,
    ) -> Option<NumberAnswer> {
        self.e
            .missing(at, "an answer", [("score", a.score.is_none())]);
        let expected = match (&a.value, &a.range) {
            (Some(v), None) => match &v.value {
                NumberValue::One(x) if !all_finite(self.e, place(v), "value", &[*x]) => {
                    return None;
                }
                NumberValue::Many(xs) if !all_finite(self.e, place(v), "value", xs) => {
                    return None;
                }
                NumberValue::One(x) => Expected::Values(vec![*x]),
                NumberValue::Many(xs) if !xs.is_empty() => Expected::Values(xs.clone()),
                NumberValue::Many(_) => {
                    self.e.at(place(v), "`value` lists no numbers");
                    return None;
                }
                NumberValue::Formula(src) => match Formula::parse(src, self.exercise) {
                    // A formula that names no number is one value for every learner: it must
                    // be finite, as a number written as such must (`10 / 0` could never
                    // be given).
                    Ok(f) if f.refs().is_empty() && f.eval(&|_| None).is_none() => {
                        self.e.at(
                            place(v),
                            format!(
                                "formula `{src}` has no finite value (it names no other number, \
                                 so it is one value for every learner); `value` takes finite numbers"
                            ),
                        );
                        return None;
                    }
                    Ok(f) => {
                        // In an exercise without its id (reported), `{question.id}` names no
                        // exercise: its references are not checked.
                        if !self.exercise.is_empty() {
                            self.formulas.push(FormulaUse {
                                file: self.e.file.to_string(),
                                at: place(v),
                                formula: f.clone(),
                                from: RefersFrom::Formula { of: None },
                            });
                        }
                        Expected::Formula(f)
                    }
                    Err(msg) => {
                        self.e.at(
                            place(v),
                            match comma_course::comma_number_hint(src) {
                                Some(hint) => format!("invalid formula `{src}`: {msg}; {hint}"),
                                None => format!("invalid formula `{src}`: {msg}"),
                            },
                        );
                        return None;
                    }
                },
            },
            (None, Some(r)) if !all_finite(self.e, place(r), "range", &r.value) => {
                return None;
            }
            (None, Some(r)) if r.value.len() == 2 && r.value[0] <= r.value[1] => {
                Expected::Range(r.value[0], r.value[1])
            }
            (None, Some(r)) => {
                self.e
                    .at(place(r), "`range` takes [low, high] with low <= high");
                return None;
            }
            _ => {
                self.e
                    .at(at, "an answer has exactly one of `value` and `range`");
                return None;
            }
        };
        let score = fraction(self.e, a.score.as_ref(), "score").unwrap_or(0.0);
        let round = match a.round.as_ref().map(|r| r.value.as_str()) {
            None => None,
            Some("up") => Some(Round::Up),
            Some("down") => Some(Round::Down),
            Some("nearest") => Some(Round::Nearest),
            Some(other) => {
                self.e.at(
                    a.round.as_ref().map(place).unwrap_or(at),
                    format!("unknown rounding `{other}`; choose from up, down, nearest"),
                );
                None
            }
        };
        let plausible = match &a.plausible {
            Some(p) if !all_finite(self.e, place(p), "plausible", &p.value) => None,
            Some(p) if p.value.len() == 2 && p.value[0] <= p.value[1] => {
                Some((p.value[0], p.value[1]))
            }
            Some(p) => {
                self.e
                    .at(place(p), "`plausible` takes [low, high] with low <= high");
                None
            }
            None => None,
        };
        if let Some(m) = &a.mistake {
            if !self.sheet.misconceptions.contains_key(&m.value) {
                let message = self.not_in_catalogue(&m.value);
                self.e.at(place(m), message);
            }
        }
        let ecf = a
            .ecf
            .as_ref()
            .and_then(|v| fraction(self.e, Some(v), "ecf"));
        if ecf.is_some() && !matches!(expected, Expected::Formula(_)) {
            self.e
                .at(at, "`ecf` needs a `value` formula over earlier numbers");
        }
        Some(NumberAnswer {
            expected,
            tolerance: a
                .tolerance
                .as_ref()
                .map(|t| self.tolerance(t))
                .unwrap_or(*default_tol),
            round,
            score,
            rounding_score: a
                .rounding_score
                .as_ref()
                .and_then(|v| fraction(self.e, Some(v), "rounding-score"))
                .unwrap_or(score / 2.0),
            ecf,
            plausible,
            mistake: a.mistake.as_ref().map(|m| m.value.clone()),
            feedback: a.feedback.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::placed_errors;

    #[test]
    fn numbers_that_are_not_finite_are_refused_with_their_place() {
        let src = r#"
id: n
title: N
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: P
        numbers:
          - id: n
            tolerance: { rel: .inf }
            answers:
              - { range: [.nan, 3], score: 1 }
              - { value: [1, 2], score: 1, tolerance: { moodle-nominal: .nan } }
              - { value: 5, score: .nan }
              - { value: "10 / 0", score: 1 }
              - { value: "10 / 4", score: 1 }
        examples:
          - { answer: "3", score: .nan }
"#;
        let errs = placed_errors(src);
        assert_eq!(
            errs,
            [
                "12:24: tolerance `rel` must be a finite number, 0 or more, not .inf",
                "14:26: `range` takes finite numbers, not .nan",
                "15:55: tolerance `moodle-nominal` must be a finite number, 0 or more, not .nan",
                "16:36: `score` must be a fraction from 0 to 1, not .nan",
                "17:26: formula `10 / 0` has no finite value (it names no other number, so it is one value for every learner); `value` takes finite numbers",
                "20:35: an example's `score` is a fraction from 0 to 1",
            ]
        );
    }
}
