//! The error collector of one file ([`Errs`]) and the small checks and message helpers every
//! rule kind shares: how a message names what it is about, a number as YAML writes it, a
//! fraction, finite numbers, a slug, a score off the rubric's `scale`.

use crate::rubric::error::RubricError;
use crate::yaml::{Spanned, place};

/// Collects errors for one file.
pub(super) struct Errs<'a> {
    pub(super) file: &'a str,
    pub(super) list: &'a mut Vec<RubricError>,
}

impl Errs<'_> {
    pub(super) fn at(&mut self, (line, column): (u32, u32), message: impl Into<String>) {
        self.list.push(RubricError {
            file: self.file.to_string(),
            line,
            column,
            message: message.into(),
        });
    }

    /// Each `(field, absent)` whose field is absent from the mapping at `at`, a `what` (`a
    /// concept`): a missing required field is one more problem of the rubric, reported with
    /// the others (see `raw.rs`).
    pub(super) fn missing<const N: usize>(
        &mut self,
        at: (u32, u32),
        what: &str,
        fields: [(&str, bool); N],
    ) {
        for (field, absent) in fields {
            if absent {
                self.at(at, format!("missing field `{field}` ({what} needs one)"));
            }
        }
    }
}

/// How messages name a concept, number, mistake or exercise: by its id, or, if it has none
/// (a missing field, reported), as the one at the message's place.
pub(super) fn named(kind: &str, id: Option<&Spanned<String>>) -> String {
    match id {
        Some(id) => format!("{kind} `{}`", id.value),
        None => format!("this {kind}"),
    }
}

pub(super) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

pub(super) fn fraction(e: &mut Errs<'_>, v: Option<&Spanned<f64>>, what: &str) -> Option<f64> {
    let v = v?;
    if !(0.0..=1.0).contains(&v.value) {
        e.at(
            place(v),
            format!(
                "`{what}` must be a fraction from 0 to 1, not {}",
                yaml_number(v.value)
            ),
        );
        return None;
    }
    Some(v.value)
}

/// A number as YAML writes it: `.nan`, `.inf` and `-.inf` for the values that are not finite.
pub(super) fn yaml_number(x: f64) -> String {
    if x.is_nan() {
        ".nan".into()
    } else if x.is_infinite() {
        (if x > 0.0 { ".inf" } else { "-.inf" }).into()
    } else if x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// Whether every number of `xs` is finite; reports the first that is not at `at`.
pub(super) fn all_finite(e: &mut Errs<'_>, at: (u32, u32), what: &str, xs: &[f64]) -> bool {
    match xs.iter().find(|x| !x.is_finite()) {
        Some(x) => {
            e.at(
                at,
                format!("`{what}` takes finite numbers, not {}", yaml_number(*x)),
            );
            false
        }
        None => true,
    }
}

/// `message`, and the character (1-based) at `offset` of the pattern or entry it is about.
pub(super) fn with_offset(message: &str, offset: Option<usize>) -> String {
    match offset {
        Some(o) => format!("{message} (at character {})", o + 1),
        None => message.to_string(),
    }
}

/// Why `x` is not a step of `scale` ("0.6 is not a step of the rubric's `scale` (…): it
/// would be given as 0.5"), or `None` when it is one or there is no scale. Every question's
/// credit is rounded to the scale.
pub(super) fn off_scale(x: f64, scale: &[f64]) -> Option<String> {
    if scale.is_empty() || scale.iter().any(|s| (s - x).abs() < 1e-9) {
        return None;
    }
    let steps: Vec<String> = scale.iter().map(f64::to_string).collect();
    Some(format!(
        "{x} is not a step of the rubric's `scale` ({}): it would be given as {}",
        steps.join(", "),
        crate::grade::question::snap(x, scale)
    ))
}
