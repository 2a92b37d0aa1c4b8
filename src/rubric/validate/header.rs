//! The main file's fields about the rubric as a whole: `id`, `title`, `scale`,
//! `decimal-mark` and `defaults` ([`Header`]).

use super::errs::{Errs, fraction, is_slug};
use crate::numeric::DecimalMark;
use crate::rubric::raw::RawRubric;
use crate::yaml::place;

/// The rubric-wide settings, as validated. A field with an error (reported) reads as its
/// default, or keeps what was written (`id`), only so that validation goes on: a rubric with
/// an error is never graded.
pub(super) struct Header {
    pub(super) id: String,
    pub(super) title: String,
    /// Empty: no scale.
    pub(super) scale: Vec<f64>,
    pub(super) decimal_mark: DecimalMark,
    pub(super) proximity: usize,
    /// `list-cap` and `copy-cap` (0: none).
    pub(super) defaults: (f64, f64),
}

impl Header {
    /// Reads the header of `main`, the main file, reporting its problems in `e`.
    pub(super) fn read(main: &RawRubric, e: &mut Errs<'_>) -> Header {
        let id = match &main.id {
            Some(id) if is_slug(&id.value) => id.value.clone(),
            Some(id) => {
                e.at(
                    place(id),
                    format!(
                        "rubric id `{}` must be lowercase letters, digits and `-`",
                        id.value
                    ),
                );
                id.value.clone()
            }
            None => {
                e.at((1, 1), "missing field `id`");
                String::new()
            }
        };
        let title = match &main.title {
            Some(t) => t.value.clone(),
            None => {
                e.at((1, 1), "missing field `title`");
                String::new()
            }
        };
        let mut scale = Vec::new();
        if let Some(s) = &main.scale {
            let ok = !s.value.is_empty()
                && s.value.iter().all(|x| (0.0..=1.0).contains(x))
                && s.value.windows(2).all(|w| w[0] < w[1]);
            if ok && (s.value.first() != Some(&0.0) || s.value.last() != Some(&1.0)) {
                // Every credit is snapped to the scale: without 1 a full answer loses credit,
                // without 0 an empty one earns some.
                e.at(
                    place(s),
                    "`scale` must start at 0 and end at 1 (each question's credit is rounded to the nearest step)",
                );
            } else if ok {
                scale = s.value.clone();
            } else {
                e.at(
                    place(s),
                    "`scale` must list fractions from 0 to 1 in increasing order",
                );
            }
        }
        let mut decimal_mark = DecimalMark::Point;
        if let Some(m) = &main.decimal_mark {
            match DecimalMark::from_rubric(&m.value) {
                Some(d) => decimal_mark = d,
                None => e.at(
                    place(m),
                    format!(
                        "`decimal-mark` must be \".\" (1.5) or \",\" (1,5), not {:?}",
                        m.value
                    ),
                ),
            }
        }
        let mut proximity = 3usize;
        let mut defaults = (0.0, 0.0);
        if let Some(d) = &main.defaults {
            if let Some(p) = &d.value.proximity {
                if p.value > 20 {
                    e.at(place(p), "`proximity` must be at most 20");
                } else {
                    proximity = p.value as usize;
                }
            }
            defaults = (
                fraction(e, d.value.list_cap.as_ref(), "list-cap").unwrap_or(0.0),
                fraction(e, d.value.copy_cap.as_ref(), "copy-cap").unwrap_or(0.0),
            );
        }
        Header {
            id,
            title,
            scale,
            decimal_mark,
            proximity,
            defaults,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::placed_errors;

    /// Every problem of the header is reported, in the order of its fields, and the rest of
    /// the rubric is still checked.
    #[test]
    fn each_header_field_is_checked_and_the_rest_goes_on() {
        let src = "id: Q1\nscale: [0, 1, 0.5]\ndecimal-mark: \";\"\ndefaults:\n  proximity: 21\n  list-cap: 1.5\n  copy-cap: -0.5\nexercises:\n  - id: e\n    title: E\n    questions:\n      - { number: 0, prompt: P, concepts: [{ id: c, match: x, feedback: F }] }\n";
        assert_eq!(
            placed_errors(src),
            [
                "1:1: missing field `title`",
                "1:5: rubric id `Q1` must be lowercase letters, digits and `-`",
                "2:8: `scale` must list fractions from 0 to 1 in increasing order",
                "3:15: `decimal-mark` must be \".\" (1.5) or \",\" (1,5), not \";\"",
                "5:14: `proximity` must be at most 20",
                "6:13: `list-cap` must be a fraction from 0 to 1, not 1.5",
                "7:13: `copy-cap` must be a fraction from 0 to 1, not -0.5",
                "12:19: question number 0 must be a whole number from 1 to 10000",
            ]
        );
    }
}
