//! A number's or an answer's `tolerance`: exactly one kind, with finite, non-negative
//! values and digits a double can hold.

use super::context::QCtx;
use super::errs::{Errs, yaml_number};
use crate::numeric::Tolerance;
use crate::rubric::raw::RawTolerance;
use crate::yaml::{Spanned, place};

/// The most digits a `sigfig` or `decdig` tolerance may ask for.
const MAX_DIGITS: u64 = 15;

impl QCtx<'_, '_> {
    pub(super) fn tolerance(&mut self, t: &Spanned<RawTolerance>) -> Tolerance {
        let r = &t.value;
        let inclusive = r.inclusive.unwrap_or(true);
        let mut kinds: Vec<Tolerance> = Vec::new();
        // `.nan` and `.inf` are numbers to YAML, not tolerances.
        let at = place(t);
        let check = |e: &mut Errs<'_>, what: &str, x: f64| {
            if !(x.is_finite() && x >= 0.0) {
                e.at(
                    at,
                    format!(
                        "tolerance `{what}` must be a finite number, 0 or more, not {}",
                        yaml_number(x)
                    ),
                )
            }
        };
        for (what, x) in [
            ("abs", r.abs),
            ("rel", r.rel),
            ("moodle-nominal", r.moodle_nominal),
            ("moodle-relative", r.moodle_relative),
            ("geometric", r.geometric),
        ] {
            if let Some(x) = x {
                check(self.e, what, x);
            }
        }
        if let Some(x) = r.abs {
            kinds.push(Tolerance::Absolute { tol: x, inclusive });
        }
        if let Some(x) = r.rel {
            kinds.push(Tolerance::Relative { tol: x, inclusive });
        }
        if let Some(v) = &r.relabs {
            if v.len() != 2 || v.iter().any(|x| !(x.is_finite() && *x >= 0.0)) {
                self.e.at(
                    place(t),
                    "`relabs` takes [rtol, atol], both finite numbers, 0 or more",
                );
                return Tolerance::Exact;
            } else {
                kinds.push(Tolerance::RelAbs {
                    rtol: v[0],
                    atol: v[1],
                });
            }
        }
        // Past the digits a double holds, a tolerance is 0 and an exact answer fails it.
        for (key, d) in [("sigfig", r.sigfig), ("decdig", r.decdig)] {
            if d.is_some_and(|d| u64::from(d) > MAX_DIGITS) {
                self.e.at(
                    place(t),
                    format!(
                        "`{key}` is at most {MAX_DIGITS} digits: a number is compared with about \
                         15 significant digits, and a tolerance finer than that could never be met"
                    ),
                );
            }
        }
        // No significant digit would accept anything within half the next power of ten.
        if r.sigfig == Some(0) {
            self.e.at(
                place(t),
                "`sigfig` is at least 1: 0 significant digits would accept nearly anything (for \
                 36, anything from -15 to 87)",
            );
        }
        if let Some(d) = r.sigfig {
            kinds.push(Tolerance::SigFig { digits: d });
        }
        if let Some(d) = r.decdig {
            kinds.push(Tolerance::DecDig { digits: d });
        }
        if let Some(x) = r.moodle_nominal {
            kinds.push(Tolerance::MoodleNominal { tol: x });
        }
        if let Some(x) = r.moodle_relative {
            kinds.push(Tolerance::MoodleRelative { tol: x });
        }
        if let Some(x) = r.geometric {
            kinds.push(Tolerance::Geometric { tol: x });
        }
        if kinds.len() != 1 {
            self.e.at(place(t), "a tolerance has exactly one of abs, rel, relabs, sigfig, decdig, moodle-nominal, moodle-relative, geometric");
            return Tolerance::Exact;
        }
        // Only `abs` and `rel` have a bound to include or not: elsewhere it would be ignored.
        if r.inclusive.is_some() && r.abs.is_none() && r.rel.is_none() {
            self.e.at(
                place(t),
                "`inclusive` applies to `abs` and `rel` tolerances only; remove it",
            );
        }
        kinds.remove(0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::placed_errors;

    /// A tolerance finer than a double's digits could never be met: refused, at the
    /// tolerance (it loaded, and an exact answer scored 0).
    #[test]
    fn a_tolerance_of_more_digits_than_a_number_holds_is_refused() {
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
            answers:
              - { value: 36, score: 1, tolerance: { sigfig: 400 } }
              - { value: 12, score: 1, tolerance: { decdig: 16 } }
              - { value: 7, score: 1, tolerance: { sigfig: 15 } }
              - { value: 36, score: 1, tolerance: { sigfig: 0 } }
              - { value: 36, score: 1, tolerance: { decdig: 0 } }
"#;
        let errs = placed_errors(src);
        assert_eq!(
            errs,
            [
                "13:51: `sigfig` is at most 15 digits: a number is compared with about 15 significant digits, and a tolerance finer than that could never be met",
                "14:51: `decdig` is at most 15 digits: a number is compared with about 15 significant digits, and a tolerance finer than that could never be met",
                "16:51: `sigfig` is at least 1: 0 significant digits would accept nearly anything (for 36, anything from -15 to 87)",
            ]
        );
    }
}
