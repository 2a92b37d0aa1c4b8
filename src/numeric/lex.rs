//! Lexer for numbers written with digits: sign, thousands separators, decimal point,
//! `e` exponents, `×10^n` / `*10**n` / `10⁸` scientific forms and bare powers (`10^3`, `2^10`).
//!
//! Values are built by handing a canonical decimal string (`-314000000.0e-8`) to Rust's
//! correctly rounded float parser, so `314000000x10^-8` is exactly the double nearest 3.14.
//!
//! Separators: `,` or a space (normal, no-break, thin or narrow no-break) between groups of
//! exactly three digits, the first group being 1 to 3 digits not starting with `0`. A comma in
//! any other position is punctuation. With a rubric's decimal comma ([`DecimalMark::Comma`])
//! the comma and the point swap roles: `1.667,5` is 1667.5, and a point that groups no three
//! digits is still a decimal point (`0.4`).

use crate::numeric::cursor::{char_at, is_inline_space, next_pos, skip_inline_ws};
use crate::numeric::mark::DecimalMark;

/// A digit literal as written. Offsets are bytes into the scanned text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Literal {
    /// First byte (the sign, if any).
    pub start: usize,
    /// Byte after the last char of the literal.
    pub end: usize,
    negative: bool,
    /// Integer digits with separators removed (empty for `.5`).
    int_digits: String,
    /// Digits after the decimal point.
    frac_digits: String,
    /// Whether a decimal point was written (`1.` in whole-string mode counts).
    has_point: bool,
    /// Power of ten from `e`/`×10^` notation.
    exp: i64,
    /// Value of a bare power such as `2^10` (the base is kept in `int_digits`).
    pow_value: Option<f64>,
}

/// Largest exponent magnitude kept; anything larger over- or underflows `f64` anyway.
const EXP_CAP: i64 = 100_000;

impl Literal {
    /// Value with `extra` added to the power of ten (for `k`, `million`, ...). `None` when the
    /// result is not finite.
    pub fn value_scaled(&self, extra: i64) -> Option<f64> {
        let v = match self.pow_value {
            Some(p) => p * 10f64.powi(i32::try_from(extra.clamp(-400, 400)).unwrap_or(0)),
            None => {
                let exp = self.exp.saturating_add(extra).clamp(-EXP_CAP, EXP_CAP);
                match self.exact_value(exp) {
                    Some(v) => v,
                    None => self.parsed_value(exp)?,
                }
            }
        };
        v.is_finite().then_some(v)
    }

    /// The digits times `10^exp`, by writing them out as text and parsing it (correctly
    /// rounded whatever the digits); [`Self::exact_value`] gives the same where it can.
    fn parsed_value(&self, exp: i64) -> Option<f64> {
        let int = if self.int_digits.is_empty() {
            "0"
        } else {
            &self.int_digits
        };
        let frac = if self.frac_digits.is_empty() {
            "0"
        } else {
            &self.frac_digits
        };
        let sign = if self.negative { "-" } else { "" };
        format!("{sign}{int}.{frac}e{exp}").parse::<f64>().ok()
    }

    /// The value of the digits times `10^exp`, when one IEEE multiplication or division gives
    /// it exactly as the correctly rounded parse of the decimal string does (the fast path of
    /// Clinger's algorithm, which the standard library's parser takes for the same numbers):
    /// the digits as an integer of at most 2^53 and a power of ten of at most 10^22, both
    /// exact doubles, so the one operation rounds once. `None` for any other literal, whose
    /// value is parsed from its text. Nearly every number a learner writes is such a literal,
    /// and this spares building and parsing a string for each.
    fn exact_value(&self, exp: i64) -> Option<f64> {
        /// 10^0 … 10^22, each exactly representable.
        const POW10: [f64; 23] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ];
        let mut mantissa: u64 = 0;
        for b in self.int_digits.bytes().chain(self.frac_digits.bytes()) {
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(u64::from(b.wrapping_sub(b'0')))?;
            if mantissa > 1 << 53 {
                return None;
            }
        }
        let frac = i64::try_from(self.frac_digits.len()).ok()?;
        let e10 = exp.checked_sub(frac)?;
        let power = POW10[usize::try_from(e10.unsigned_abs())
            .ok()
            .filter(|&k| k < 23)?];
        // (Exact: the mantissa is at most 2^53.)
        #[allow(clippy::cast_precision_loss)]
        let m = mantissa as f64;
        let v = if e10 >= 0 { m * power } else { m / power };
        Some(if self.negative { -v } else { v })
    }

    /// Significant digits as written: leading zeros never count; trailing zeros count only
    /// when a decimal point was written (`1200` has 2, `1200.` and `12.00` have 4); zero has 1.
    /// For a bare power such as `2^10` the base's digits are counted.
    pub fn sig_digits(&self) -> u32 {
        let all: Vec<u8> = self
            .int_digits
            .bytes()
            .chain(self.frac_digits.bytes())
            .collect();
        let lead = all.iter().take_while(|&&b| b == b'0').count();
        let rest = all.get(lead..).unwrap_or(&[]);
        let n = if self.has_point && self.pow_value.is_none() {
            rest.len()
        } else {
            rest.len() - rest.iter().rev().take_while(|&&b| b == b'0').count()
        };
        u32::try_from(n.max(1)).unwrap_or(u32::MAX)
    }

    /// Digits written after the decimal point of the mantissa.
    pub fn decimals(&self) -> u32 {
        u32::try_from(self.frac_digits.len()).unwrap_or(u32::MAX)
    }

    /// The integer digits, when the literal is a plain unsigned integer without separators,
    /// point or exponent (used to recognise `x86`).
    pub fn plain_integer(&self) -> Option<&str> {
        let plain = !self.negative
            && !self.has_point
            && self.exp == 0
            && self.pow_value.is_none()
            && !self.int_digits.is_empty();
        plain.then_some(self.int_digits.as_str())
    }
}

fn is_sign(c: char) -> bool {
    matches!(c, '+' | '-' | '\u{2212}')
}

fn superscript_digit(c: char) -> Option<i64> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(i64::from(u32::from(c) - u32::from('⁴') + 4)),
        _ => None,
    }
}

/// Reads ASCII digits at `pos` into a capped exponent value.
fn read_exp_digits(text: &str, pos: usize) -> Option<(i64, usize)> {
    let bytes = text.as_bytes();
    let mut i = pos;
    let mut v: i64 = 0;
    while let Some(b) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
        v = (v * 10 + i64::from(b - b'0')).min(EXP_CAP);
        i += 1;
    }
    (i > pos).then_some((v, i))
}

/// A signed integer exponent at `pos`: ASCII (`-8`, `+2`, `−8`) or superscript (`⁻⁸`).
fn read_signed_exp(text: &str, pos: usize) -> Option<(i64, usize)> {
    let mut i = pos;
    let mut neg = false;
    if let Some(c) = char_at(text, i).filter(|&c| is_sign(c)) {
        neg = c != '+';
        i += c.len_utf8();
    }
    let (v, end) = read_exp_digits(text, i)?;
    Some((if neg { -v } else { v }, end))
}

fn read_superscript_exp(text: &str, pos: usize) -> Option<(i64, usize)> {
    let mut i = pos;
    let mut neg = false;
    if let Some(c) = char_at(text, i).filter(|&c| c == '⁻' || c == '⁺') {
        neg = c == '⁻';
        i += c.len_utf8();
    }
    let start = i;
    let mut v: i64 = 0;
    while let Some(d) = char_at(text, i).and_then(superscript_digit) {
        v = (v * 10 + d).min(EXP_CAP);
        i += char_at(text, i).map_or(1, char::len_utf8);
    }
    (i > start).then_some((if neg { -v } else { v }, i))
}

/// A power after a base: `^n`, `**n` or superscript digits. Returns (exponent, end).
fn read_power(text: &str, pos: usize) -> Option<(i64, usize)> {
    let bytes = text.as_bytes();
    match bytes.get(pos) {
        Some(b'^') => read_signed_exp(text, pos + 1),
        Some(b'*') if bytes.get(pos + 1) == Some(&b'*') => read_signed_exp(text, pos + 2),
        _ => read_superscript_exp(text, pos),
    }
}

/// `×10^n` after a mantissa (`x`, `X`, `×`, `*`, `·`, `⋅`, up to two spaces around the
/// operator). Returns (exponent, end).
fn read_times_ten_power(text: &str, pos: usize) -> Option<(i64, usize)> {
    let i = skip_inline_ws(text, pos, 2);
    let op = char_at(text, i)?;
    if !matches!(op, 'x' | 'X' | '×' | '*' | '·' | '⋅') {
        return None;
    }
    let j = skip_inline_ws(text, i + op.len_utf8(), 2);
    if text.get(j..j + 2) != Some("10") {
        return None;
    }
    read_power(text, j + 2)
}

/// Whether a space-separated digit group may end at `pos` (so `4 256MB` is not 4256).
fn space_group_may_end(text: &str, pos: usize) -> bool {
    match char_at(text, pos) {
        None => true,
        Some(c) => c.is_whitespace() || ".,;:!?)]}%\"'|…".contains(c),
    }
}

fn is_space_sep(c: char) -> bool {
    is_inline_space(c) && c != '\t'
}

/// Reads thousands groups after a first group ending at `i`. Returns the new end.
fn read_groups(text: &str, mut i: usize, digits: &mut String, mark: DecimalMark) -> usize {
    let bytes = text.as_bytes();
    let mut used: Option<char> = None;
    while let Some(sep) = char_at(text, i).filter(|&c| mark.groups_with(c) || is_space_sep(c)) {
        if used.is_some_and(|u| u != sep) {
            break;
        }
        let g = i + sep.len_utf8();
        let three = (g..g + 3).all(|k| bytes.get(k).is_some_and(u8::is_ascii_digit));
        if !three || bytes.get(g + 3).is_some_and(u8::is_ascii_digit) {
            break;
        }
        if is_space_sep(sep) && !space_group_may_end(text, g + 3) {
            break;
        }
        digits.push_str(text.get(g..g + 3).unwrap_or(""));
        i = g + 3;
        used = Some(sep);
    }
    i
}

/// Where to resume after a failed literal that started at `pos`: past the whole run of
/// digits, letters and dots, so `1.2.3` or `2xx` is skipped as one token.
fn skip_after(text: &str, pos: usize) -> usize {
    let mut i = pos;
    while let Some(c) = char_at(text, i) {
        if c.is_alphanumeric()
            || c == '_'
            || (c == '.' && char_at(text, i + 1).is_some_and(char::is_alphanumeric))
        {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i.max(next_pos(text, pos))
}

/// Lexes a digit literal at `pos`. `whole` (whole-string mode) also accepts a trailing point
/// (`1.`, `1.e-1`), as Moodle does. On failure returns the offset to resume scanning at.
pub(crate) fn lex_literal(
    text: &str,
    pos: usize,
    whole: bool,
    mark: DecimalMark,
) -> Result<Literal, usize> {
    let bytes = text.as_bytes();
    let mut i = pos;
    let mut negative = false;
    if let Some(c) = char_at(text, i).filter(|&c| is_sign(c)) {
        negative = c != '+';
        i += c.len_utf8();
    }
    let first = i;
    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let mut int_digits = text.get(first..i).unwrap_or("").to_string();
    let first_len = i - first;
    if (1..=3).contains(&first_len) && bytes.get(first) != Some(&b'0') {
        i = read_groups(text, i, &mut int_digits, mark);
    }
    let grouped = int_digits.len() != first_len;

    // A decimal comma is one directly before a digit ("1,5"; "1, 5" is two numbers).
    let is_comma_mark = |k: usize| {
        mark == DecimalMark::Comma
            && bytes.get(k) == Some(&b',')
            && bytes.get(k + 1).is_some_and(u8::is_ascii_digit)
    };
    let mut frac_digits = String::new();
    let mut has_point = false;
    if bytes.get(i) == Some(&b'.') || is_comma_mark(i) {
        let f = i + 1;
        let mut j = f;
        while bytes.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j > f {
            has_point = true;
            frac_digits = text.get(f..j).unwrap_or("").to_string();
            i = j;
            // `1.2.3` and `10.0.0.1` are versions or addresses, not numbers; with a decimal
            // comma, `1,2,3` is a list of numbers, not one.
            if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
                return Err(skip_after(text, pos));
            }
            if is_comma_mark(i) {
                let mut k = i;
                while bytes
                    .get(k)
                    .is_some_and(|b| b.is_ascii_digit() || *b == b',')
                {
                    k += 1;
                }
                return Err(k.max(skip_after(text, pos)));
            }
        } else if whole && !int_digits.is_empty() {
            has_point = true;
            i = f;
        }
    }
    if int_digits.is_empty() && frac_digits.is_empty() {
        return Err(next_pos(text, pos));
    }

    let mut exp = 0;
    let mut pow_value = None;
    let plain_int = !has_point && !grouped;
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        if let Some((e, end)) = read_signed_exp(text, i + 1) {
            exp = e;
            i = end;
        }
    } else if let Some((e, end)) = read_times_ten_power(text, i) {
        exp = e;
        i = end;
    } else if plain_int && first_len <= 3 {
        if let Some((e, end)) = read_power(text, i) {
            if int_digits == "10" {
                int_digits = "1".to_string();
                exp = e;
            } else {
                let base: f64 = int_digits.parse().unwrap_or(f64::NAN);
                let p = base.powi(i32::try_from(e.clamp(-2000, 2000)).unwrap_or(0));
                if !p.is_finite() || p == 0.0 {
                    return Err(skip_after(text, pos));
                }
                pow_value = Some(if negative { -p } else { p });
            }
            i = end;
        }
    }
    Ok(Literal {
        start: pos,
        end: i,
        negative,
        int_digits,
        frac_digits,
        has_point,
        exp,
        pow_value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(s: &str) -> Literal {
        lex_literal(s, 0, false, DecimalMark::Point).expect(s)
    }

    fn val(s: &str) -> f64 {
        lex(s).value_scaled(0).expect(s)
    }

    #[test]
    fn plain_and_grouped() {
        assert_eq!(val("36"), 36.0);
        assert_eq!(val("1,667"), 1667.0);
        assert_eq!(val("1,000,000"), 1e6);
        assert_eq!(val("1 667"), 1667.0);
        assert_eq!(val("1\u{2009}667"), 1667.0);
        assert_eq!(val("1\u{202f}667.5"), 1667.5);
        assert_eq!(lex("3,4").end, 1);
        assert_eq!(lex("1,66").end, 1);
        assert_eq!(lex("1,6670").end, 1);
        assert_eq!(lex("0,500").end, 1);
        assert_eq!(lex("12345,678").end, 5);
        assert_eq!(lex("4 256MB").end, 1);
        assert_eq!(lex("1,000 200").end, 5); // separators must not change
        assert_eq!(val("-1 000"), -1000.0);
    }

    /// With a rubric's decimal comma, a comma before a digit is the decimal mark and a point
    /// groups three digits; a point that groups none is still a decimal point.
    #[test]
    fn a_decimal_comma_swaps_the_roles_of_comma_and_point() {
        let comma = |s: &str| {
            lex_literal(s, 0, false, DecimalMark::Comma)
                .ok()
                .and_then(|l| Some((l.value_scaled(0)?, l.end)))
        };
        assert_eq!(comma("1,5 s"), Some((1.5, 3)));
        assert_eq!(comma("0,25"), Some((0.25, 4)));
        assert_eq!(comma("1,667"), Some((1.667, 5)));
        assert_eq!(comma("5.000 req/s"), Some((5000.0, 5)));
        assert_eq!(comma("1.200.000,5"), Some((1_200_000.5, 11)));
        assert_eq!(comma("1 200 000"), Some((1_200_000.0, 9)));
        assert_eq!(comma("0.4 s"), Some((0.4, 3)));
        assert_eq!(comma("1.5"), Some((1.5, 3)));
        assert_eq!(comma("0.500"), Some((0.5, 5)));
        assert_eq!(comma("12345.678"), Some((12345.678, 9)));
        // A comma before a space is punctuation; a comma list is no one number.
        assert_eq!(comma("1, 5"), Some((1.0, 1)));
        assert_eq!(comma("3,"), Some((3.0, 1)));
        assert_eq!(comma("1,2,3"), None);
        assert_eq!(comma("1.5,3"), None);
        // The same texts with a decimal point, as before.
        assert_eq!(val("1,667"), 1667.0);
        assert_eq!(lex("1,5 s").end, 1);
        assert_eq!(lex("5.000").value_scaled(0), Some(5.0));
    }

    #[test]
    #[allow(clippy::approx_constant)] // 3.14 is test data, not π
    fn decimals_and_exponents() {
        assert_eq!(val(".5"), 0.5);
        assert_eq!(val("-4"), -4.0);
        assert_eq!(val("+4"), 4.0);
        assert_eq!(val("\u{2212}4"), -4.0);
        assert_eq!(val("5e3"), 5000.0);
        assert_eq!(val("5E-2"), 0.05);
        assert_eq!(val("3x10^8"), 3e8);
        assert_eq!(val("3×10^8"), 3e8);
        assert_eq!(val("3 * 10^8"), 3e8);
        assert_eq!(val("3·10⁸"), 3e8);
        assert_eq!(val("3.00x10**-8"), 3e-8);
        assert_eq!(val("314000000x10^-8"), 3.14);
        assert_eq!(val("10^3"), 1000.0);
        assert_eq!(val("10**3"), 1000.0);
        assert_eq!(val("2^10"), 1024.0);
        assert_eq!(lex("1.").end, 1);
        assert_eq!(
            lex_literal("1.", 0, true, DecimalMark::Point).map(|l| l.end),
            Ok(2)
        );
        assert_eq!(
            lex_literal("1.e-1", 0, true, DecimalMark::Point).map(|l| l.value_scaled(0)),
            Ok(Some(0.1))
        );
        assert_eq!(lex("5em").end, 1);
        assert_eq!(lex("3 x 100").end, 1);
    }

    #[test]
    fn failures_skip_whole_tokens() {
        assert_eq!(lex_literal("1.2.3 x", 0, false, DecimalMark::Point), Err(5));
        assert_eq!(lex_literal(". x", 0, true, DecimalMark::Point), Err(1));
        assert_eq!(lex_literal("-x", 0, false, DecimalMark::Point), Err(1));
        assert!(lex("1e999").value_scaled(0).is_none());
        assert!(lex_literal("7^999", 0, false, DecimalMark::Point).is_err());
        assert_eq!(lex("1").value_scaled(i64::MAX), None);
        assert_eq!(lex("1").value_scaled(i64::MIN), Some(0.0));
    }

    /// The value of a literal through [`Literal::exact_value`] is the value its text parses
    /// to, bit for bit (the sign of zero included), and literals beyond the fast path are
    /// still parsed.
    #[test]
    fn exact_values_match_the_parsed_text() {
        let parsed = |l: &Literal, extra: i64| {
            let exp = l.exp.saturating_add(extra).clamp(-EXP_CAP, EXP_CAP);
            l.parsed_value(exp).filter(|v| v.is_finite())
        };
        let mut texts: Vec<String> = [
            "0",
            "-0",
            "-0.0",
            "+0",
            ".5",
            "36",
            "1,667",
            "1 667",
            "1,000,000",
            "0.1",
            "0.2",
            "0.3",
            "1.67",
            "-4.25",
            "3.14159",
            "12.00",
            "0.000001",
            "0.0000000000000000000001",
            "0.00000000000000000000001",
            "9007199254740992",
            "9007199254740993",
            "9007199254740991.5",
            "18446744073709551616",
            "99999999999999999999999",
            "123456789012345678901234567890",
            "5e3",
            "5E-2",
            "1e22",
            "1e23",
            "1e-22",
            "1e-23",
            "3x10^8",
            "314000000x10^-8",
            "3.00x10**-8",
            "1e308",
            "1e309",
            "1e-400",
            "4.9e-324",
            "1.7976931348623157e308",
            "2.2250738585072014e-308",
            "0.30000000000000004",
            "1.5e15",
            "1.2345678901234567",
            "00000000000000000000000001",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        texts.push(format!("0.{}1", "0".repeat(400)));
        texts.push(format!("1{}", "0".repeat(400)));
        for k in 1..=16 {
            texts.push(format!("{}.{}", "7".repeat(k), "3".repeat(17 - k)));
            texts.push(format!("-{}", "9".repeat(k)));
        }
        for t in &texts {
            let l = lex_literal(t, 0, false, DecimalMark::Point).expect(t);
            for extra in [
                0,
                1,
                3,
                6,
                9,
                12,
                -3,
                -6,
                20,
                25,
                -25,
                400,
                -400,
                i64::MAX,
                i64::MIN,
            ] {
                let got = l.value_scaled(extra);
                let want = parsed(&l, extra);
                assert_eq!(
                    got.map(f64::to_bits),
                    want.map(f64::to_bits),
                    "{t} e{extra}"
                );
            }
        }
    }

    #[test]
    fn significant_digits_and_decimals() {
        let sd = |s: &str| lex(s).sig_digits();
        assert_eq!(sd("1,667"), 4);
        assert_eq!(sd("0.05"), 1);
        assert_eq!(sd("0.050"), 2);
        assert_eq!(sd("1200"), 2);
        assert_eq!(sd("12.00"), 4);
        assert_eq!(sd("0"), 1);
        assert_eq!(sd("3x10^8"), 1);
        assert_eq!(sd("3.00x10^8"), 3);
        assert_eq!(lex("3.00x10^8").decimals(), 2);
        assert_eq!(lex("1.67").decimals(), 2);
        assert_eq!(
            lex_literal("1200.", 0, true, DecimalMark::Point).map(|l| l.sig_digits()),
            Ok(4)
        );
    }
}
