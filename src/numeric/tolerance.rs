//! Numeric tolerance semantics: when a learner's value `g` counts as the expected value `e`.
//!
//! Each variant documents its exact formula and whether its bounds are inclusive. The
//! PrairieLearn and Moodle variants reproduce those systems' own arithmetic (checked against
//! their test vectors in `tests/numeric_vectors.rs`), including Moodle's tiny `ε = 1e-14`
//! widening and the strict bounds of PrairieLearn's `sigfig` and `decdig`.
//!
//! Rules common to every variant, where assay deliberately differs from its peers:
//! - a value that is NaN or infinite is never accepted, as expected or as given value
//!   (PrairieLearn accepts `inf == inf`, and `nan == nan` for `sigfig`);
//! - a tolerance parameter that is negative, NaN or infinite makes the tolerance accept
//!   nothing ([`Tolerance::validate`] says why). A rubric cannot hold one:
//!   `rubric/validate/tolerance.rs` refuses it where the author wrote it, before any
//!   `Tolerance` is built; the check in [`Tolerance::accepts`] guards code that builds
//!   tolerances itself.
//!
//! Tolerances compare values in the same unit; convert first (see `unit::convert`).

/// Moodle's `ε`: `10^-precision` with PHP's default `precision = 14`.
pub const MOODLE_EPSILON: f64 = 1e-14;

/// How close a given value must be to the expected one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tolerance {
    /// `g == e` (IEEE equality; `-0 == 0`). Use only for values that are exact by nature,
    /// such as counts.
    Exact,
    /// `|g - e| <= tol` when `inclusive`, `|g - e| < tol` otherwise (STACK's `NumAbsolute`
    /// is the strict form), in decimal terms: float noise at the bound (four ulps of
    /// the larger value compared) is allowed for.
    Absolute {
        /// Largest accepted distance, in the unit of the values.
        tol: f64,
        /// Whether a distance of exactly `tol` is accepted.
        inclusive: bool,
    },
    /// `|g - e| <= tol * |e|` when `inclusive`, `<` otherwise. Relative to the **expected**
    /// value, so it is asymmetric: with `tol = 0.01`, 101 is accepted for 100 (distance
    /// 1 <= 1) and 100 is accepted for 101 (distance 1 <= 1.01), but with `tol = 0.0099`
    /// neither is. When `e = 0` only `g = 0` is accepted (and nothing when not `inclusive`).
    /// STACK's `NumRelative` is the inclusive form. Float noise at the bound is allowed for,
    /// as for `Absolute`.
    Relative {
        /// Largest accepted distance as a fraction of `|e|` (0.05 for 5%).
        tol: f64,
        /// Whether a distance of exactly `tol * |e|` is accepted.
        inclusive: bool,
    },
    /// PrairieLearn `relabs` (numpy `allclose`): `|g - e| <= atol + rtol * |e|`, inclusive,
    /// relative to the expected value; float noise at the bound is allowed for, as for
    /// `Absolute` (PrairieLearn rejects 0.9 for 1.1 within `atol = 0.2`: the difference is
    /// `0.20000000000000007`). PrairieLearn's element defaults are
    /// `rtol = 0.01, atol = 1e-8`.
    RelAbs {
        /// Relative part, a fraction of `|e|`.
        rtol: f64,
        /// Absolute part, in the unit of the values.
        atol: f64,
    },
    /// PrairieLearn `sigfig`: `e - ε < g < e + ε` (**strict**) with
    /// `ε = 0.51 * 10^-n`, `n = digits - 1 - floor(log10 |e|)` (`n = digits - 1` when `e = 0`).
    /// Only accuracy is checked, not the digits the learner wrote.
    SigFig {
        /// Number of significant figures.
        digits: u32,
    },
    /// PrairieLearn `decdig`: `e - ε < g < e + ε` (**strict**) with `ε = 0.51 * 10^-digits`.
    /// Only accuracy is checked, not the digits the learner wrote.
    DecDig {
        /// Number of digits after the decimal point.
        digits: u32,
    },
    /// Moodle Numerical, nominal tolerance: `A - t <= v <= A + t` (inclusive) with
    /// `t = T + ε * max(T, |A|, ε)` and `ε = 1e-14`. With `T = 0` this still accepts a
    /// relative error of about 1e-14, so float noise never rejects a right answer.
    MoodleNominal {
        /// Nominal tolerance `T`, in the unit of the values.
        tol: f64,
    },
    /// Moodle relative tolerance: `A - r <= v <= A + r` (inclusive) with `r = |A| * (T + ε)`,
    /// `ε = 1e-14`.
    MoodleRelative {
        /// Relative tolerance `T` (0.1 for 10%).
        tol: f64,
    },
    /// Moodle geometric tolerance: `A / q <= v <= A * q` (inclusive) with `q = 1 + T + ε`,
    /// `ε = 1e-14`: log-symmetric, so with `T = 1` both half and double the answer pass. For
    /// `A < 0` the interval is mirrored (`A * q <= v <= A / q`), as in current Moodle; for
    /// `A = 0` only 0 passes.
    Geometric {
        /// Tolerance `T`; `1 + T` is the largest accepted factor.
        tol: f64,
    },
}

/// The float noise allowed at an `abs`, `rel` or `relabs` bound, as a fraction of the
/// largest magnitude in the comparison (four units in the last place). Values, tolerances and
/// unit conversions are decimal numbers held in binary: `1.55 − 1.5` is `0.050000000000000044`,
/// so without it `1.55` would fail `{abs: 0.05}` around 1.5, though the bound is inclusive, and
/// `0.2` would pass `{abs: 0.1, inclusive: false}` around 0.3 (`0.09999999999999998`).
const FLOAT_NOISE: f64 = 4.0 * f64::EPSILON;

/// `d <= bound` (`inclusive`) or `d < bound`, in decimal terms: the bound moves out (inclusive)
/// or in (strict) by [`FLOAT_NOISE`] of `scale`, the largest magnitude compared.
fn at_most(d: f64, bound: f64, scale: f64, inclusive: bool) -> bool {
    let slack = FLOAT_NOISE * scale.max(bound);
    if inclusive {
        d <= bound + slack
    } else {
        d < bound - slack
    }
}

fn within(low: f64, high: f64, g: f64, inclusive: bool) -> bool {
    if inclusive {
        low <= g && g <= high
    } else {
        low < g && g < high
    }
}

/// `10^p` as Python computes `10 ** p` for an int `p` (through C `pow`).
fn pow10(p: i64) -> f64 {
    10f64.powf(p.clamp(-400, 400) as f64)
}

/// PrairieLearn's strict `e - ε < g < e + ε`.
fn pl_strict(e: f64, g: f64, eps: f64) -> bool {
    g > e - eps && g < e + eps
}

/// Formats a parameter compactly for feedback: at most 12 significant digits.
fn fmt_num(x: f64) -> String {
    let r: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    let a = r.abs();
    if r == 0.0 || (1e-4..1e15).contains(&a) {
        format!("{r}")
    } else {
        format!("{r:e}")
    }
}

impl Tolerance {
    /// Whether `given` counts as `expected` (see each variant's formula). Never true when
    /// either value is NaN or infinite, or when a parameter is negative or NaN.
    pub fn accepts(&self, expected: f64, given: f64) -> bool {
        if !expected.is_finite() || !given.is_finite() || self.validate().is_err() {
            return false;
        }
        let (e, g) = (expected, given);
        let scale = e.abs().max(g.abs());
        match *self {
            Tolerance::Exact => g == e,
            Tolerance::Absolute { tol, inclusive } => at_most((g - e).abs(), tol, scale, inclusive),
            Tolerance::Relative { tol, inclusive } => {
                // Only 0 is 0 within any relative tolerance of 0 (and nothing, strictly).
                if e == 0.0 {
                    return inclusive && g == 0.0;
                }
                at_most((g - e).abs(), tol * e.abs(), scale, inclusive)
            }
            Tolerance::RelAbs { rtol, atol } => {
                at_most((g - e).abs(), atol + rtol * e.abs(), scale, true)
            }
            Tolerance::SigFig { digits } => {
                let digits = i64::from(digits);
                let n = if e == 0.0 {
                    digits - 1
                } else {
                    digits - 1 - e.abs().log10().floor() as i64
                };
                pl_strict(e, g, 0.51 * pow10(-n))
            }
            Tolerance::DecDig { digits } => pl_strict(e, g, 0.51 * pow10(-i64::from(digits))),
            Tolerance::MoodleNominal { tol } => {
                let eps = MOODLE_EPSILON;
                let t = tol + eps * tol.max(e.abs()).max(eps);
                within(e - t, e + t, g, true)
            }
            Tolerance::MoodleRelative { tol } => {
                let r = e.abs() * (tol + MOODLE_EPSILON);
                within(e - r, e + r, g, true)
            }
            Tolerance::Geometric { tol } => {
                let q = 1.0 + tol + MOODLE_EPSILON;
                let (a, b) = (e / q, e * q);
                within(a.min(b), a.max(b), g, true)
            }
        }
    }

    /// Checks the parameters: tolerances must be finite and not negative. Returns a message
    /// for the rubric author otherwise.
    pub fn validate(&self) -> Result<(), String> {
        let check = |name: &str, v: f64| {
            if v.is_finite() && v >= 0.0 {
                Ok(())
            } else {
                Err(format!(
                    "tolerance `{name}` must be a finite number >= 0, got {v}"
                ))
            }
        };
        match *self {
            Tolerance::Exact | Tolerance::SigFig { .. } | Tolerance::DecDig { .. } => Ok(()),
            Tolerance::Absolute { tol, .. }
            | Tolerance::Relative { tol, .. }
            | Tolerance::MoodleNominal { tol }
            | Tolerance::MoodleRelative { tol }
            | Tolerance::Geometric { tol } => check("tol", tol),
            Tolerance::RelAbs { rtol, atol } => check("rtol", rtol).and(check("atol", atol)),
        }
    }

    /// Short description for feedback: `"exactly"`, `"±0.5"`, `"±5%"`, `"±(1% + 1e-8)"`,
    /// `"to 3 significant figures"`, `"to 2 decimal places"`, `"within a factor of 2"`.
    /// Exclusive bounds add `" (bounds excluded)"`.
    pub fn describe(&self) -> String {
        let excl = |inclusive: bool| if inclusive { "" } else { " (bounds excluded)" };
        let pct = |t: f64| format!("{}%", fmt_num(t * 100.0));
        let plural =
            |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        match *self {
            Tolerance::Exact => "exactly".to_string(),
            Tolerance::Absolute { tol, inclusive } => {
                format!("±{}{}", fmt_num(tol), excl(inclusive))
            }
            Tolerance::Relative { tol, inclusive } => format!("±{}{}", pct(tol), excl(inclusive)),
            Tolerance::RelAbs { rtol, atol } => format!("±({} + {})", pct(rtol), fmt_num(atol)),
            Tolerance::SigFig { digits } => {
                format!(
                    "to {}",
                    plural(digits, "significant figure", "significant figures")
                )
            }
            Tolerance::DecDig { digits } => {
                format!("to {}", plural(digits, "decimal place", "decimal places"))
            }
            Tolerance::MoodleNominal { tol } => format!("±{}", fmt_num(tol)),
            Tolerance::MoodleRelative { tol } => format!("±{}", pct(tol)),
            Tolerance::Geometric { tol } => format!("within a factor of {}", fmt_num(1.0 + tol)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_and_relative_bounds() {
        let abs_in = Tolerance::Absolute {
            tol: 0.5,
            inclusive: true,
        };
        let abs_ex = Tolerance::Absolute {
            tol: 0.5,
            inclusive: false,
        };
        assert!(abs_in.accepts(10.0, 10.5));
        assert!(!abs_ex.accepts(10.0, 10.5));
        assert!(abs_ex.accepts(10.0, 10.25));
        let rel = Tolerance::Relative {
            tol: 0.01,
            inclusive: true,
        };
        assert!(rel.accepts(100.0, 101.0));
        assert!(rel.accepts(101.0, 100.0));
        let tight = Tolerance::Relative {
            tol: 0.0099,
            inclusive: true,
        };
        assert!(!tight.accepts(100.0, 101.0));
        assert!(!tight.accepts(101.0, 100.0));
        assert!(rel.accepts(0.0, 0.0));
        assert!(!rel.accepts(0.0, 1e-300));
        assert!(
            !Tolerance::Relative {
                tol: 0.01,
                inclusive: false
            }
            .accepts(0.0, 0.0)
        );
        assert!(Tolerance::Exact.accepts(36.0, 36.0));
        assert!(!Tolerance::Exact.accepts(36.0, 36.000_000_1));
    }

    /// A value on an inclusive bound, written in decimal, is accepted though its distance in
    /// binary is a hair over the bound; one on a strict bound is refused though its distance is
    /// a hair under it; a value just past a bound is still refused.
    #[test]
    fn bounds_hold_in_decimal_terms() {
        let abs = |tol, inclusive| Tolerance::Absolute { tol, inclusive };
        let rel = |tol, inclusive| Tolerance::Relative { tol, inclusive };
        for (t, e, g) in [
            (abs(0.05, true), 1.5, 1.55),
            (abs(0.05, true), 1.5, 1.45),
            (abs(0.1, true), 0.3, 0.4),
            (abs(0.1, true), 0.3, 0.2),
            (rel(0.1, true), 0.7, 0.77),
            (rel(0.1, true), 0.7, 0.63),
            (
                Tolerance::RelAbs {
                    rtol: 0.0,
                    atol: 0.2,
                },
                1.1,
                0.9,
            ),
            (
                Tolerance::RelAbs {
                    rtol: 0.0,
                    atol: 0.2,
                },
                1.1,
                1.3,
            ),
            (abs(0.05, true), 1.5, 1550.0 * 0.001),
        ] {
            assert!(t.accepts(e, g), "{t:?} {e} {g}");
        }
        for (t, e, g) in [
            (abs(0.05, true), 1.5, 1.550_000_1),
            (abs(0.05, true), 1.5, 1.449_999_9),
            (abs(0.1, false), 0.3, 0.2),
            (abs(0.1, false), 0.3, 0.4),
            (rel(0.1, false), 0.7, 0.63),
            (rel(0.1, true), 0.7, 0.770_000_1),
            (
                Tolerance::RelAbs {
                    rtol: 0.0,
                    atol: 0.2,
                },
                1.1,
                0.899_999_9,
            ),
        ] {
            assert!(!t.accepts(e, g), "{t:?} {e} {g}");
        }
        assert!(abs(0.1, false).accepts(0.3, 0.25));
    }

    #[test]
    fn never_accepts_non_finite_or_invalid() {
        let all = [
            Tolerance::Exact,
            Tolerance::Absolute {
                tol: 1.0,
                inclusive: true,
            },
            Tolerance::Relative {
                tol: 1.0,
                inclusive: true,
            },
            Tolerance::RelAbs {
                rtol: 0.01,
                atol: 1e-8,
            },
            Tolerance::SigFig { digits: 2 },
            Tolerance::DecDig { digits: 2 },
            Tolerance::MoodleNominal { tol: 1.0 },
            Tolerance::MoodleRelative { tol: 1.0 },
            Tolerance::Geometric { tol: 1.0 },
        ];
        for t in all {
            for (e, g) in [
                (f64::INFINITY, f64::INFINITY),
                (f64::NAN, f64::NAN),
                (1.0, f64::NAN),
                (f64::NAN, 1.0),
                (1.0, f64::NEG_INFINITY),
            ] {
                assert!(!t.accepts(e, g), "{t:?} {e} {g}");
            }
            assert!(t.validate().is_ok());
        }
        let bad = Tolerance::Absolute {
            tol: -1.0,
            inclusive: true,
        };
        assert!(bad.validate().is_err());
        assert!(!bad.accepts(1.0, 1.0));
        assert!(
            Tolerance::RelAbs {
                rtol: f64::NAN,
                atol: 0.0
            }
            .validate()
            .is_err()
        );
        assert!(
            Tolerance::Geometric { tol: f64::INFINITY }
                .validate()
                .is_err()
        );
    }

    #[test]
    fn sigfig_and_decdig_are_strict() {
        let sf = Tolerance::SigFig { digits: 2 };
        assert!(sf.accepts(1.0, 1.05));
        assert!(!sf.accepts(1.0, 1.06));
        assert!(sf.accepts(12345.0, 12800.0));
        assert!(!sf.accepts(12345.0, 12900.0));
        assert!(sf.accepts(0.0, 0.05));
        assert!(!Tolerance::SigFig { digits: 0 }.accepts(5.0, 1e9));
        assert!(!Tolerance::SigFig { digits: u32::MAX }.accepts(5.0, 5.000_001));
        let dd = Tolerance::DecDig { digits: 0 };
        assert!(dd.accepts(2.5, 3.0));
        assert!(dd.accepts(2.5, 2.0));
        assert!(!dd.accepts(2.5, 3.02));
        // Exactly on the bound ε = 0.51 * 10^-2 is outside (strict), just inside is in.
        let eps = 0.51 * 10f64.powf(-2.0);
        assert!(!Tolerance::DecDig { digits: 2 }.accepts(0.0, eps));
        assert!(Tolerance::DecDig { digits: 2 }.accepts(0.0, eps * 0.999));
        let eps = 0.51 * 10f64.powf(-1.0);
        assert!(!sf.accepts(1.0, 1.0 + eps) && sf.accepts(1.0, 1.0 + eps * 0.999));
        assert!(!Tolerance::DecDig { digits: 2 }.accepts(0.0, 0.0052));
    }

    #[test]
    fn moodle_variants() {
        let nom = Tolerance::MoodleNominal { tol: 0.0 };
        assert!(nom.accepts(1234.0, 1234.0));
        assert!(!nom.accepts(1234.0, 1_234.000_001));
        assert!(nom.accepts(0.1 + 0.2, 0.3));
        let rel = Tolerance::MoodleRelative { tol: 0.1 };
        assert!(rel.accepts(7.0, 6.3) && rel.accepts(7.0, 7.7) && !rel.accepts(7.0, 7.71));
        let geo = Tolerance::Geometric { tol: 1.0 };
        assert!(geo.accepts(7.0, 3.5) && geo.accepts(7.0, 14.0) && !geo.accepts(7.0, 14.01));
        assert!(geo.accepts(-7.0, -3.5) && geo.accepts(-7.0, -14.0) && !geo.accepts(-7.0, -3.49));
        assert!(geo.accepts(0.0, 0.0) && !geo.accepts(0.0, 1e-300));
    }

    #[test]
    fn descriptions() {
        assert_eq!(Tolerance::Exact.describe(), "exactly");
        assert_eq!(
            Tolerance::Absolute {
                tol: 0.5,
                inclusive: true
            }
            .describe(),
            "±0.5"
        );
        assert_eq!(
            Tolerance::Absolute {
                tol: 0.5,
                inclusive: false
            }
            .describe(),
            "±0.5 (bounds excluded)"
        );
        assert_eq!(
            Tolerance::Relative {
                tol: 0.05,
                inclusive: true
            }
            .describe(),
            "±5%"
        );
        assert_eq!(
            Tolerance::Relative {
                tol: 0.07,
                inclusive: true
            }
            .describe(),
            "±7%"
        );
        assert_eq!(
            Tolerance::RelAbs {
                rtol: 0.01,
                atol: 1e-8
            }
            .describe(),
            "±(1% + 1e-8)"
        );
        assert_eq!(
            Tolerance::SigFig { digits: 3 }.describe(),
            "to 3 significant figures"
        );
        assert_eq!(
            Tolerance::DecDig { digits: 1 }.describe(),
            "to 1 decimal place"
        );
        assert_eq!(Tolerance::MoodleNominal { tol: 1.0 }.describe(), "±1");
        assert_eq!(Tolerance::MoodleRelative { tol: 0.1 }.describe(), "±10%");
        assert_eq!(
            Tolerance::Geometric { tol: 1.0 }.describe(),
            "within a factor of 2"
        );
        assert_eq!(
            Tolerance::Absolute {
                tol: 1e20,
                inclusive: true
            }
            .describe(),
            "±1e20"
        );
    }
}
