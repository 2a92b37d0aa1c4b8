//! The main file's fields about the rubric as a whole: `id`, `title`, `scale`,
//! `decimal-mark` and `defaults` ([`Header`]).

use super::errs::{Errs, fraction, is_slug};
use crate::numeric::DecimalMark;
use crate::rubric::raw::RawRubric;
use crate::yaml::place;

/// The rubric-wide settings, as validated: a field with an error (reported) reads as its
/// default, or as written where the grader never reads it (`id`).
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
