//! Parses a whole string as one value: a YAML answer such as `"1,667"`, a rubric's expected
//! quantity such as `"50 ms"`, or a Moodle-style response such as `"$ 1332"` or `"1.cm"`.
//!
//! Uses the same number scanner as the prose reader, so `1,667`, `1 667`, `1.67k`,
//! `3 million`, `~1667`, `thirty-six`, `3x10^8` and `5e3` all parse. Differences from prose:
//! - a trailing decimal point is part of the number (`1.`, `1.e-1`, `$100.`), as in Moodle;
//! - the unit is everything before or after the number (`3.14 frogs` has the unit text
//!   `frogs`, which no table knows); text on both sides, or unit text containing a digit
//!   (`3,14159`, `33-36`), makes the string invalid;
//! - ranges are not single values and do not parse.

use crate::numeric::cursor::{char_at, prev_char};
use crate::numeric::scan::{Ctx, Opts, approx_marker_at, is_sign, scan_number};
use crate::numeric::unit::{Unit, UnitTable};

/// Which side of the number the unit text was written on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitSide {
    /// Before the number (`$5`).
    Before,
    /// After the number (`5 ms`).
    After,
}

/// A whole string read as one number with an optional unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The value in the unit as written.
    pub value: f64,
    /// Whether an approximation marker was written (`~1667`, `about 36`).
    pub approx: bool,
    /// The unit, when the unit text is known to the table (or a multiplier `x3` was written).
    pub unit: Option<Unit>,
    /// The unit text as written, trimmed and with white space collapsed; empty when none.
    pub unit_text: String,
    /// Where the unit text was written; `None` when there is none.
    pub unit_side: Option<UnitSide>,
    /// Significant digits as written (see `NumberMention::sig_digits`).
    pub sig_digits: u32,
    /// Digits written after the decimal point.
    pub decimals: u32,
}

/// Parses `s` as exactly one number with no unit (white space and an approximation marker
/// allowed): `"1,667"`, `" 36 "`, `"~1667"`, `"1.67k"`, `"thirty-six"`, `"-1e-20"`.
/// `None` for anything else, including `"50 ms"`, `"3,14"` (decimal comma), `"inf"`, `"NaN"`.
pub fn parse_number(s: &str) -> Option<f64> {
    parse_quantity_with(s, &UnitTable::empty())
        .filter(|q| q.unit_text.is_empty() && q.unit.is_none())
        .map(|q| q.value)
}

/// Parses `s` as one number with optional unit text, using the built-in unit table.
pub fn parse_quantity(s: &str) -> Option<Quantity> {
    parse_quantity_with(s, UnitTable::builtin())
}

/// Parses `s` as one number with optional unit text before or after it, recognising the
/// units of `units` (for instance a question's own units, Moodle-style).
pub fn parse_quantity_with(s: &str, units: &UnitTable) -> Option<Quantity> {
    let t = s.trim();
    let ctx = Ctx {
        text: t,
        units,
        whole: true,
        // A rubric's own values are written with a point.
        mark: crate::numeric::DecimalMark::Point,
    };
    let mut p = 0;
    let mut approx = false;
    if let Some(e) = approx_marker_at(t, 0) {
        approx = true;
        p = e + (t.get(e..)?.len() - t.get(e..)?.trim_start().len());
    }
    // Unit text before the number (`$`, `frog`) is handled below, for any table.
    let opts = Opts {
        sign: true,
        words: true,
        money: false,
        times: true,
    };
    let (num, prefix) = match scan_number(&ctx, p, opts) {
        Ok(n) => (n, ""),
        Err(_) => {
            let digit = p + t.get(p..)?.find(|c: char| c.is_ascii_digit())?;
            let mut start = digit;
            if prev_char(t, start) == Some('.') {
                start -= 1;
            }
            if let Some(c) = prev_char(t, start).filter(|&c| is_sign(c)) {
                start -= c.len_utf8();
            }
            let prefix = t.get(p..start)?.trim();
            let before = prev_char(t, start)?;
            if prefix.is_empty() || before.is_alphanumeric() || matches!(before, '.' | ',' | '_') {
                return None;
            }
            (scan_number(&ctx, start, opts).ok()?, prefix)
        }
    };
    let rest = t.get(num.end..)?.trim();
    let (text, side) = match (prefix.is_empty(), rest.is_empty()) {
        (true, true) => ("", None),
        (false, true) => (prefix, Some(UnitSide::Before)),
        (true, false) => (rest, Some(UnitSide::After)),
        (false, false) => return None,
    };
    if text.contains(|c: char| c.is_ascii_digit()) || (num.unit.is_some() && !text.is_empty()) {
        return None;
    }
    if side == Some(UnitSide::After)
        && char_at(text, 0).is_some_and(|c| matches!(c, '-' | '–' | '—' | ',' | '.'))
    {
        return None;
    }
    let unit_text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let unit = match num.unit {
        Some(u) => Some(u),
        None if unit_text.is_empty() => None,
        None => units.lookup(&unit_text),
    };
    Some(Quantity {
        value: num.value,
        approx,
        unit,
        unit_text,
        unit_side: side,
        sig_digits: num.sig,
        decimals: num.dec,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::unit::Dimension;

    fn q(s: &str) -> Quantity {
        parse_quantity(s).unwrap_or_else(|| panic!("{s:?}"))
    }

    #[test]
    fn whole_numbers() {
        for (s, v) in [
            ("1,667", 1667.0),
            (" 36 ", 36.0),
            ("~1667", 1667.0),
            ("≈ 1,667", 1667.0),
            ("about 36", 36.0),
            ("1.67k", 1670.0),
            ("3 million", 3e6),
            ("thirty-six", 36.0),
            ("one hundred and twenty", 120.0),
            ("-1e-20", -1e-20),
            ("0.9999999e-20", 0.9999999e-20),
            ("1 667", 1667.0),
            ("-1 000", -1000.0),
            ("1.", 1.0),
            ("1.e-1", 0.1),
            ("+1.0", 1.0),
            (".2e+2", 20.0),
            ("3.00x10**-8", 3e-8),
            ("0.001×10**7", 10000.0),
            ("0001.000", 1.0),
        ] {
            assert_eq!(parse_number(s), Some(v), "{s}");
        }
        for s in [
            "", "   ", ",", ".", ". m", ".e8 m", "frog", "3,14159", "50 ms", "36%", "inf", "NaN",
            "33-36", "1.2.3", "(1+2j)", "x3", "3 x 10", "p99", "1 2",
        ] {
            assert_eq!(parse_number(s), None, "{s}");
        }
    }

    #[test]
    #[allow(clippy::approx_constant)] // 3.14 is test data, not π
    fn quantities_with_units() {
        let x = q("50 ms");
        assert_eq!(
            (x.value, x.unit.map(|u| u.symbol), x.unit_text.as_str()),
            (50.0, Some("ms".into()), "ms")
        );
        assert_eq!(q("1m").unit.map(|u| u.dimension), Some(Dimension::Length));
        assert_eq!(q("0.1kft").unit.map(|u| u.factor), Some(304.8));
        assert_eq!(q("1.2 kilofeet").value, 1.2);
        assert_eq!(q("5k req/s").value, 5000.0);
        assert_eq!(q("x3").unit.map(|u| u.symbol), Some("x".into()));
        let f = q("3.14 frogs");
        assert_eq!(
            (f.value, f.unit, f.unit_text.as_str(), f.unit_side),
            (3.14, None, "frogs", Some(UnitSide::After))
        );
        let d = q("$ 1,332");
        assert_eq!(
            (d.value, d.unit.map(|u| u.symbol), d.unit_side),
            (1332.0, Some("$".into()), Some(UnitSide::Before))
        );
        assert_eq!(q("frog 1332").unit_text, "frog");
        assert_eq!(q("$100.").value, 100.0);
        assert_eq!(q("£1,234.56").decimals, 2);
        assert_eq!(q("1.0   cm").unit_text, "cm");
        assert_eq!(
            q("requests   per  second 5").unit_text,
            "requests per second"
        );
        assert_eq!(parse_quantity("$5 USD"), None);
        assert_eq!(parse_quantity("5 ms later 3"), None);
        assert!(q("~36 ms").approx);
    }

    #[test]
    #[allow(clippy::approx_constant)] // 3.14 is test data, not π
    fn custom_tables() {
        let t = UnitTable::empty()
            .with_unit("m", Unit::new(Dimension::Length, 1.0, "m"))
            .with_unit("cm", Unit::new(Dimension::Length, 0.01, "cm"));
        let c = parse_quantity_with("314cm", &t).expect("314cm");
        assert_eq!((c.value, c.unit.map(|u| u.factor)), (314.0, Some(0.01)));
        assert_eq!(parse_quantity_with("1.cm", &t).map(|q| q.value), Some(1.0));
        assert_eq!(parse_quantity_with("3 ms", &t).map(|q| q.unit), Some(None));
        assert_eq!(
            parse_quantity_with("314000000x10^-8m", &t).map(|q| q.value),
            Some(3.14)
        );
    }
}
