//! A question's number: its `near` cue and `window`, `unit`, `pick`, `range-end`, default
//! `tolerance`, `ignore` list and answers (each checked in `answer`).

use super::context::QCtx;
use super::errs::{all_finite, named};
use crate::numeric::{Tolerance, parse_unit};
use crate::rubric::model::{Expected, NumberAnswer, NumberCheck, Pick, RangeEnd};
use crate::rubric::raw::RawNumber;
use crate::yaml::place;

/// The most words a number's `window` may reach (`near` a match).
const MAX_WINDOW: u32 = 50;

impl QCtx<'_, '_> {
    pub(super) fn number(
        &mut self,
        n: &RawNumber,
        at: (u32, u32),
        points: f64,
        count: f64,
    ) -> NumberCheck {
        self.e.missing(
            at,
            "a number",
            [("id", n.id.is_none()), ("answers", n.answers.is_none())],
        );
        // (It was cut to 50 without a word.)
        if n.window.is_some_and(|w| w > MAX_WINDOW) {
            self.e.at(
                at,
                format!(
                    "{}'s `window` is at most {MAX_WINDOW} words (a sentence's reach)",
                    named("number", n.id.as_ref())
                ),
            );
        }
        let near = n
            .near
            .as_ref()
            .map(|p| self.patterns(p, "near"))
            .unwrap_or_default();
        let unit = n.unit.as_ref().and_then(|u| {
            let parsed = parse_unit(&u.value);
            if parsed.is_none() {
                self.e.at(
                    place(u),
                    format!(
                        "unknown unit `{}` (units such as ms, GB, req/s, %, instances: the list is in docs/rubric-format.md, \"Units\")",
                        u.value
                    ),
                );
            }
            parsed
        });
        let pick = match n.pick.as_ref().map(|p| p.value.as_str()) {
            None | Some("best") => Pick::Best,
            Some("last") => Pick::Last,
            Some(other) => {
                self.e.at(
                    n.pick.as_ref().map(place).unwrap_or(at),
                    format!("unknown pick `{other}`; choose from best, last"),
                );
                Pick::Best
            }
        };
        let range_end = match n.range_end.as_ref().map(|e| e.value.as_str()) {
            None => None,
            Some("low") => Some(RangeEnd::Low),
            Some("high") => Some(RangeEnd::High),
            Some(other) => {
                self.e.at(
                    n.range_end.as_ref().map(place).unwrap_or(at),
                    format!("unknown range-end `{other}`; choose from low, high"),
                );
                None
            }
        };
        if let (Some(e), None) = (&n.range_end, &n.near) {
            self.e.at(
                place(e),
                "range-end needs a `near` cue: without one, every number is read anyway",
            );
        }
        let default_tol =
            n.tolerance
                .as_ref()
                .map(|t| self.tolerance(t))
                .unwrap_or(Tolerance::Absolute {
                    tol: 1e-9,
                    inclusive: true,
                });
        if n.answers.as_ref().is_some_and(Vec::is_empty) {
            self.e.at(
                at,
                format!("{} has no answers", named("number", n.id.as_ref())),
            );
        }
        all_finite(self.e, at, "ignore", &n.ignore);
        let answers: Vec<NumberAnswer> = n
            .answers
            .as_deref()
            .unwrap_or_default()
            .iter()
            .filter_map(|a| {
                let answer = self.answer(&a.value, place(a), &default_tol)?;
                // An ignored number is never compared: an answer of that value never matches,
                // and its feedback is never given.
                if let Expected::Values(vs) = &answer.expected {
                    if let Some(v) = vs.iter().find(|v| {
                        n.ignore.iter().any(|g| {
                            g.is_finite() && (g - *v).abs() <= 1e-9 * g.abs().max(1.0)
                        })
                    }) {
                        self.e.at(
                            place(a),
                            format!(
                                "this answer of {} ({v}) can never match: its `ignore` list names {v}, and an ignored number is never compared (remove {v} from `ignore`)",
                                named("number", n.id.as_ref())
                            ),
                        );
                    }
                }
                Some(answer)
            })
            .collect();
        NumberCheck {
            id: n.id.as_ref().map(|id| id.value.clone()).unwrap_or_default(),
            near,
            window: n.window.unwrap_or(6).min(MAX_WINDOW) as usize,
            unit,
            ignore: n.ignore.clone(),
            pick,
            range_end,
            answers,
            weight: self.weight(n.weight.as_ref(), points, count),
            feedback: n.feedback.clone().unwrap_or_default(),
            visibility: self.visibility(n.visibility.as_ref()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::placed_errors;
    use crate::rubric::load_str;

    #[test]
    fn range_end_is_low_or_high_and_needs_a_cue() {
        let src = r#"
id: r
title: R
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: HPA min?
        numbers:
          - id: min
            near: "min*"
            range-end: low
            answers: [{ range: [9, 13], score: 1 }]
"#;
        let r = load_str(src, "r.yaml").expect("valid");
        let n = &r.exercises[0].questions[0].numbers[0];
        assert_eq!(n.range_end, Some(crate::rubric::RangeEnd::Low));
        let errs = load_str(
            &src.replace("range-end: low", "range-end: bottom"),
            "r.yaml",
        )
        .expect_err("an unknown end");
        assert_eq!(
            (errs.0[0].message.as_str(), errs.0[0].line),
            ("unknown range-end `bottom`; choose from low, high", 13)
        );
        let errs = load_str(&src.replace("            near: \"min*\"\n", ""), "r.yaml")
            .expect_err("no cue");
        assert!(
            errs.0[0]
                .message
                .starts_with("range-end needs a `near` cue"),
            "{errs:?}"
        );
    }

    /// What would be ignored or cut without a word is an error: `inclusive` with a tolerance
    /// that has no bound to include, a `window` past its limit.
    #[test]
    fn settings_that_would_be_ignored_are_errors() {
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
            window: 1000
            tolerance: { sigfig: 2, inclusive: false }
            answers:
              - { value: 5, score: 1, tolerance: { abs: 1, inclusive: false } }
"#;
        let errs = placed_errors(src);
        assert_eq!(
            errs,
            [
                "11:13: number `n`'s `window` is at most 50 words (a sentence's reach)",
                "13:24: `inclusive` applies to `abs` and `rel` tolerances only; remove it",
            ]
        );
    }
}
