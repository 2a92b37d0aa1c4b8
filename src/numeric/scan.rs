//! Scans one number with its scale and unit (`~`, ranges and labels are handled by the
//! callers). Shared by the prose reader (`read.rs`) and the whole-string parser (`parse.rs`).
//!
//! After the number itself (a digit literal or words), in this order:
//! 1. an attached scale letter: `k`/`K` (×10³), `M` (×10⁶), `bn` (×10⁹), and `m`/`B` read as
//!    million/billion only when a count noun or rate follows after a space (`10m users`,
//!    `1B requests/day`); otherwise `B` is bytes and a bare `m` stays unit-less in prose;
//! 2. an attached unit (`50ms`, `200rps`, `1.3x`, `30%`);
//! 3. after spaces: a scale word (`3 million`, `5 thousand`) and/or a unit (`50 ms`,
//!    `5,000 qps`), or a hyphenated unit word (`5-minute`, `3-node`).
//!
//! A digit literal followed by letters that are none of these is part of an identifier
//! (`2xx`, `3rd`, `5G`) and is not a number.

use crate::numeric::cursor::{
    alnum_run_end, ascii_word_end, char_at, next_pos, prev_char, skip_inline_ws,
};
use crate::numeric::lex::{Literal, lex_literal};
use crate::numeric::mark::DecimalMark;
use crate::numeric::unit::{Dimension, Unit, UnitTable, is_currency_sign};
use crate::numeric::words::parse_number_words;

/// Where and how numbers are scanned.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub units: &'a UnitTable,
    /// Whole-string mode: units are left to the caller, `1.` is a number, and letters glued to
    /// a number are unit text rather than an identifier.
    pub whole: bool,
    /// The decimal mark learners write.
    pub mark: DecimalMark,
}

/// What a scan may read at its start position.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Opts {
    /// A leading `+`, `-` or `−` is a sign.
    pub sign: bool,
    /// Numbers written in words.
    pub words: bool,
    /// A currency sign known to the table before the number (`$5`).
    pub money: bool,
    /// A multiplier sign before the number (`x3`, `×3`).
    pub times: bool,
}

#[derive(Debug, Clone)]
enum Base {
    Lit(Literal),
    Words(u64),
}

/// One scanned number.
#[derive(Debug, Clone)]
pub(crate) struct Num {
    /// First byte, prefix included.
    pub start: usize,
    /// Byte after the number and its scale, before any unit.
    pub num_end: usize,
    /// Byte after the whole number, unit included.
    pub end: usize,
    /// Value in the unit as written, scale applied.
    pub value: f64,
    pub sig: u32,
    pub dec: u32,
    pub unit: Option<Unit>,
    /// Power of ten applied by a scale suffix or word (0 when none).
    pub scale_exp: i64,
    base: Base,
    /// A minus before a currency sign (`-$5`): [`Num::value`] is already negative.
    negative: bool,
    /// Marked approximate by a suffix: `36ish`, `36-ish`.
    pub ish: bool,
}

impl Num {
    /// The value with an extra power of ten (to give `3` in `3-5k` the scale of `5k`).
    pub fn rescaled(&self, extra: i64) -> Option<f64> {
        let exp = self.scale_exp.saturating_add(extra);
        let sign = if self.negative { -1.0 } else { 1.0 };
        let value = match &self.base {
            Base::Lit(l) => l.value_scaled(exp),
            Base::Words(v) => {
                let x = *v as f64 * 10f64.powi(i32::try_from(exp.clamp(-400, 400)).unwrap_or(0));
                x.is_finite().then_some(x)
            }
        };
        value.map(|v| sign * v)
    }

    /// Whether the number was written in words.
    pub fn is_words(&self) -> bool {
        matches!(self.base, Base::Words(_))
    }
}

/// Whether `c` is a sign char.
pub(crate) fn is_sign(c: char) -> bool {
    matches!(c, '+' | '-' | '\u{2212}')
}

/// A minus sign at `pos` written before a currency sign (`-$5`, `−€5`): the amount is
/// negative. Gives the position of the currency sign.
pub(crate) fn minus_before_currency(text: &str, pos: usize) -> Option<usize> {
    let c = char_at(text, pos).filter(|&c| matches!(c, '-' | '\u{2212}'))?;
    let at = pos + c.len_utf8();
    char_at(text, at).filter(|&s| is_currency_sign(s))?;
    Some(at)
}

/// Whether a digit literal can start at `pos` (a digit, `.5`, or a sign when allowed).
pub(crate) fn literal_starts(text: &str, pos: usize, sign: bool) -> bool {
    let bytes = text.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let dot_digit = |i: usize| bytes.get(i) == Some(&b'.') && digit(i + 1);
    match char_at(text, pos) {
        Some(c) if c.is_ascii_digit() => true,
        Some('.') => digit(pos + 1),
        Some(c) if sign && is_sign(c) => {
            let i = pos + c.len_utf8();
            digit(i) || dot_digit(i)
        }
        _ => false,
    }
}

/// An approximation marker at `pos` (`~`, `≈`, `about`, `approx.`, `roughly`, ...); returns
/// its end. Word markers must be whole words.
pub(crate) fn approx_marker_at(text: &str, pos: usize) -> Option<usize> {
    let c = char_at(text, pos)?;
    if matches!(c, '~' | '≈' | '≃' | '∼') {
        let end = pos + c.len_utf8();
        return Some(if char_at(text, end) == Some('=') {
            end + 1
        } else {
            end
        });
    }
    let end = ascii_word_end(text, pos);
    let word = text.get(pos..end)?;
    if char_at(text, end).is_some_and(char::is_alphanumeric) {
        return None;
    }
    const WORDS: &[&str] = &[
        "about",
        "approximately",
        "approx",
        "roughly",
        "around",
        "circa",
        "ca",
    ];
    let w = WORDS.iter().find(|w| w.eq_ignore_ascii_case(word))?;
    let dotted = char_at(text, end) == Some('.');
    match *w {
        "approx" | "ca" if dotted => Some(end + 1),
        "ca" => None,
        _ => Some(end),
    }
}

/// An attached scale letter at `pos`: `k`/`K` (3), `M` (6), `bn` (9), when not followed by
/// another alphanumeric. Returns (power of ten, end).
fn scale_letter_at(text: &str, pos: usize) -> Option<(i64, usize)> {
    let (exp, len) = match text.as_bytes().get(pos..) {
        Some([b'b', b'n', ..]) => (9, 2),
        Some([b'k' | b'K', ..]) => (3, 1),
        Some([b'M', ..]) => (6, 1),
        _ => return None,
    };
    let end = pos + len;
    (!char_at(text, end).is_some_and(|c| c.is_alphanumeric() || c == '_')).then_some((exp, end))
}

/// A scale word at `pos` (`thousand`, `million`, `billion`, `trillion`, `hundred`).
fn scale_word_at(text: &str, pos: usize) -> Option<(i64, usize)> {
    let end = ascii_word_end(text, pos);
    if end == pos || char_at(text, end).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let w = text.get(pos..end)?;
    let exp = [
        ("hundred", 2),
        ("thousand", 3),
        ("million", 6),
        ("billion", 9),
        ("trillion", 12),
    ]
    .iter()
    .find(|(s, _)| s.eq_ignore_ascii_case(w))?
    .1;
    Some((exp, end))
}

/// Chars that may appear in unit text.
fn unit_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '%' | '/' | '$' | '€' | '£' | '¥' | '₹' | '×')
}

/// The longest known unit at `pos`: candidates end at token boundaries within 48 bytes and
/// four single spaces; the unit must not run into a word (`5 sheep`, `us-east`).
pub(crate) fn match_unit(ctx: &Ctx<'_>, pos: usize) -> Option<(Unit, usize)> {
    let text = ctx.text;
    if !char_at(text, pos).is_some_and(unit_char) {
        return None;
    }
    let mut ends: Vec<usize> = Vec::new();
    let mut i = pos;
    let mut spaces = 0;
    while let Some(c) = char_at(text, i) {
        if i - pos > 48 {
            break;
        }
        if c == ' ' {
            if spaces == 4 || prev_char(text, i) == Some(' ') {
                break;
            }
            spaces += 1;
            i += 1;
            continue;
        }
        if !unit_char(c) {
            break;
        }
        i += c.len_utf8();
        if !c.is_alphabetic() || !char_at(text, i).is_some_and(char::is_alphabetic) {
            ends.push(i);
        }
    }
    for &end in ends.iter().rev() {
        let Some(cand) = text.get(pos..end) else {
            continue;
        };
        let last = cand.chars().next_back();
        let next = char_at(text, end);
        if last.is_some_and(char::is_alphanumeric)
            && next.is_some_and(|n| n.is_alphanumeric() || n == '_')
        {
            continue;
        }
        if next == Some('-') && char_at(text, end + 1).is_some_and(char::is_alphanumeric) {
            continue;
        }
        let found = if ctx.whole {
            ctx.units.lookup(cand)
        } else {
            ctx.units.lookup_prose(cand).cloned()
        };
        let Some(unit) = found else { continue };
        // `3 x 4` and `3 times 4` are products, not multipliers.
        if unit.dimension == Dimension::Times {
            let j = skip_inline_ws(text, end, 2);
            if text.as_bytes().get(j).is_some_and(u8::is_ascii_digit) {
                continue;
            }
        }
        return Some((unit, end));
    }
    None
}

/// After `m` or `B` at `pos`: a space, then a count noun or rate (`10m users`).
fn count_or_rate_follows(ctx: &Ctx<'_>, pos: usize) -> Option<(Unit, usize)> {
    let j = skip_inline_ws(ctx.text, pos, 2);
    if j == pos {
        return None;
    }
    match_unit(ctx, j).filter(|(u, _)| matches!(u.dimension, Dimension::Count | Dimension::Rate))
}

/// Scans one number at `pos`. On failure returns the offset to resume scanning at.
pub(crate) fn scan_number(ctx: &Ctx<'_>, pos: usize, opts: Opts) -> Result<Num, usize> {
    let text = ctx.text;
    let mut p = pos;
    let mut unit: Option<Unit> = None;
    let mut times_prefix = false;
    let mut dollar_prefix = false;
    // `-$5`: the minus before the currency sign is the amount's.
    let mut negative = false;
    if opts.money && opts.sign {
        if let Some(at) = minus_before_currency(text, p) {
            negative = true;
            p = at;
        }
    }
    if let Some(c) = char_at(text, p) {
        let after = p + c.len_utf8();
        if opts.money && is_currency_sign(c) {
            let q = skip_inline_ws(text, after, 1);
            if let Some(u) = ctx
                .units
                .lookup_prefix(c)
                .filter(|_| literal_starts(text, q, false))
            {
                unit = Some(u.clone());
                dollar_prefix = c == '$' && q == after;
                p = q;
            } else if negative {
                // No amount follows the currency sign (or it is no currency here).
                return Err(next_pos(text, pos));
            }
        } else if opts.money
            && let Some((u, q)) = currency_code_at(ctx, p)
        {
            unit = Some(u);
            p = q;
        } else if opts.times && matches!(c, 'x' | '×') && literal_starts(text, after, false) {
            times_prefix = true;
            p = after;
        }
    }

    let base_start = p;
    // After `-$`, the amount carries no sign of its own (`-$-5` is no number).
    let (base, mut i) = if literal_starts(text, p, opts.sign && !negative) {
        let lit = lex_literal(text, p, ctx.whole, ctx.mark)?;
        let end = lit.end;
        (Base::Lit(lit), end)
    } else if opts.words && char_at(text, p).is_some_and(|c| c.is_ascii_alphabetic()) {
        match parse_number_words(text, p) {
            Some(w) => (Base::Words(w.value), w.end),
            None => return Err(alnum_run_end(text, p).max(next_pos(text, pos))),
        }
    } else {
        return Err(next_pos(text, pos));
    };

    // `$36$`, `$$12$$`: TeX math delimiters around the number, not dollars.
    if dollar_prefix && char_at(text, i) == Some('$') {
        if negative {
            return Err(next_pos(text, pos));
        }
        unit = None;
    }

    if times_prefix {
        let x86 = matches!(&base, Base::Lit(l) if matches!(l.plain_integer(), Some("86" | "64")));
        if x86 || char_at(text, i).is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return Err(alnum_run_end(text, i).max(next_pos(text, pos)));
        }
        unit = ctx
            .units
            .lookup("x")
            .or_else(|| UnitTable::builtin().lookup("x"));
    }

    // `36ish`, `36-ish`: approximately 36 (a unit may follow: `36ish instances`).
    let ish = !ctx.whole && ish_at(text, i).inspect(|&stop| i = stop).is_some();
    let mut scale_exp = 0;
    let is_lit = matches!(base, Base::Lit(_));
    // `i` is the end of the number and its scale; `end` the end of the whole mention.
    let mut end = i;
    let glued = char_at(text, i).filter(|c| c.is_alphabetic() || matches!(c, '%' | '_' | '×'));
    let hex = matches!(&base, Base::Lit(l) if l.plain_integer() == Some("0"));
    let product = matches!(glued, Some('x' | '×'))
        && char_at(text, next_pos(text, i)).is_some_and(|c| c.is_ascii_digit());
    if product && hex && glued == Some('x') {
        return Err(alnum_run_end(text, base_start).max(next_pos(text, pos)));
    }
    if let (true, Some(c), false) = (is_lit, glued, product) {
        let boundary_after = !char_at(text, i + c.len_utf8()).is_some_and(char::is_alphanumeric);
        if let Some((e, stop)) = scale_letter_at(text, i) {
            scale_exp = e;
            i = stop;
            end = stop;
        } else if matches!(c, 'm' | 'B') && boundary_after {
            if let Some((u, stop)) = count_or_rate_follows(ctx, i + 1) {
                scale_exp = if c == 'm' { 6 } else { 9 };
                i += 1;
                if unit.is_none() {
                    unit = Some(u);
                    end = stop;
                } else {
                    end = i;
                }
            }
        }
        if scale_exp == 0 && !ctx.whole {
            match (unit.is_none(), match_unit(ctx, i)) {
                (true, Some((u, stop))) => {
                    unit = Some(u);
                    end = stop;
                }
                (true, None) if c == 'm' && boundary_after => {
                    // `5m`: minutes, metres or million; keep the number, attach no unit.
                    i += 1;
                    end = i;
                }
                // A glued symbol that is no unit here ends the number; letters make an identifier.
                _ if matches!(c, '%' | '×') => {}
                _ => return Err(alnum_run_end(text, base_start).max(next_pos(text, pos))),
            }
        }
    }

    if scale_exp == 0 && is_lit {
        let j = skip_inline_ws(text, i, 3);
        if let Some((e, stop)) = scale_word_at(text, j).filter(|_| j > i) {
            scale_exp = e;
            i = stop;
            end = stop;
        }
    }
    if unit.is_none() && !ctx.whole && end == i {
        let j = skip_inline_ws(text, i, 3);
        let hyphen =
            char_at(text, i) == Some('-') && char_at(text, i + 1).is_some_and(char::is_alphabetic);
        let at = if j > i {
            Some(j)
        } else if hyphen {
            Some(i + 1)
        } else {
            None
        };
        if let Some((u, stop)) = at.and_then(|at| match_unit(ctx, at)) {
            unit = Some(u);
            end = stop;
        }
    }

    let num_end = i;
    let value = match &base {
        Base::Lit(l) => l.value_scaled(scale_exp),
        Base::Words(v) => Some(*v as f64),
    };
    let Some(value) = value.map(|v| if negative { -v } else { v }) else {
        return Err(alnum_run_end(text, base_start).max(next_pos(text, pos)));
    };
    let (sig, dec) = match &base {
        Base::Lit(l) => (l.sig_digits(), l.decimals()),
        Base::Words(v) => (word_sig_digits(*v), 0),
    };
    Ok(Num {
        start: pos,
        num_end,
        end,
        value,
        sig,
        dec,
        unit,
        scale_exp,
        base,
        negative,
        ish,
    })
}

/// A currency code written before an amount (`USD 1,200`, `EUR1200`): its unit and where the
/// amount starts. Only the upper-case code of a currency the table knows, as a word of its
/// own, so `usd` in prose is no prefix.
pub(crate) fn currency_code_at(ctx: &Ctx<'_>, pos: usize) -> Option<(Unit, usize)> {
    let text = ctx.text;
    let code = text.get(pos..pos + 3)?;
    if !code.bytes().all(|b| b.is_ascii_uppercase())
        || prev_char(text, pos).is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let q = skip_inline_ws(text, pos + 3, 1);
    if !literal_starts(text, q, false) {
        return None;
    }
    ctx.units
        .lookup(code)
        .filter(|u| u.dimension == Dimension::Currency)
        .map(|u| (u, q))
}

/// The end of an `ish` or `-ish` suffix at `pos` that ends its word.
fn ish_at(text: &str, pos: usize) -> Option<usize> {
    let at = pos + usize::from(char_at(text, pos) == Some('-'));
    let word = text.get(at..at + 3)?;
    let stop = at + 3;
    (word.eq_ignore_ascii_case("ish") && !char_at(text, stop).is_some_and(char::is_alphanumeric))
        .then_some(stop)
}

/// Significant digits of an integer written in words (trailing zeros do not count).
fn word_sig_digits(mut v: u64) -> u32 {
    if v == 0 {
        return 1;
    }
    while v % 10 == 0 {
        v /= 10;
    }
    v.ilog10() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(s: &str) -> Result<(f64, Option<String>, &str), usize> {
        let ctx = Ctx {
            text: s,
            units: UnitTable::builtin(),
            whole: false,
            mark: DecimalMark::Point,
        };
        let opts = Opts {
            sign: true,
            words: true,
            money: true,
            times: true,
        };
        scan_number(&ctx, 0, opts).map(|n| (n.value, n.unit.map(|u| u.symbol), &s[n.start..n.end]))
    }

    fn ok(s: &str) -> (f64, Option<String>, &str) {
        scan(s).unwrap_or_else(|e| panic!("{s:?} failed: {e}"))
    }

    #[test]
    fn scales_and_units() {
        assert_eq!(ok("1.67k"), (1670.0, None, "1.67k"));
        assert_eq!(
            ok("1.5K req/s"),
            (1500.0, Some("req/s".into()), "1.5K req/s")
        );
        assert_eq!(ok("2M"), (2e6, None, "2M"));
        assert_eq!(ok("2bn"), (2e9, None, "2bn"));
        assert_eq!(ok("3 million"), (3e6, None, "3 million"));
        assert_eq!(
            ok("5 thousand rps"),
            (5000.0, Some("req/s".into()), "5 thousand rps")
        );
        assert_eq!(ok("50ms"), (50.0, Some("ms".into()), "50ms"));
        assert_eq!(ok("50 ms."), (50.0, Some("ms".into()), "50 ms"));
        assert_eq!(ok("200rps"), (200.0, Some("req/s".into()), "200rps"));
        assert_eq!(ok("5,000 qps"), (5000.0, Some("req/s".into()), "5,000 qps"));
        assert_eq!(ok("30%"), (30.0, Some("%".into()), "30%"));
        assert_eq!(ok("1.3x"), (1.3, Some("x".into()), "1.3x"));
        assert_eq!(ok("x3"), (3.0, Some("x".into()), "x3"));
        assert_eq!(ok("$1,200"), (1200.0, Some("$".into()), "$1,200"));
        assert_eq!(ok("4 GB"), (4.0, Some("GB".into()), "4 GB"));
        assert_eq!(ok("2 vCPU"), (2.0, Some("vCPU".into()), "2 vCPU"));
        assert_eq!(ok("5-minute"), (5.0, Some("min".into()), "5-minute"));
        assert_eq!(ok("10m users"), (1e7, Some("users".into()), "10m users"));
        assert_eq!(
            ok("1B requests/day"),
            (1e9, Some("req/day".into()), "1B requests/day")
        );
        assert_eq!(ok("100B"), (100.0, Some("B".into()), "100B"));
        assert_eq!(ok("5m TTL"), (5.0, None, "5m"));
        assert_eq!(ok("10m/s"), (10.0, Some("m/s".into()), "10m/s"));
        assert_eq!(
            ok("thirty-six ms"),
            (36.0, Some("ms".into()), "thirty-six ms")
        );
        assert_eq!(ok("3 x 4"), (3.0, None, "3"));
        assert_eq!(ok("5 us-east"), (5.0, None, "5"));
        assert_eq!(ok("5 sheep"), (5.0, None, "5"));
    }

    #[test]
    fn identifiers_are_not_numbers() {
        for s in ["2xx", "3rd", "5G", "x86", "x64", "4_000"] {
            assert!(scan(s).is_err(), "{s}");
        }
        assert_eq!(scan("2xx z"), Err(3));
    }

    #[test]
    fn markers_and_helpers() {
        assert_eq!(approx_marker_at("~1667", 0), Some(1));
        assert_eq!(approx_marker_at("approx. 5", 0), Some(7));
        assert_eq!(approx_marker_at("Approx 5", 0), Some(6));
        assert_eq!(approx_marker_at("ca. 5", 0), Some(3));
        assert_eq!(approx_marker_at("ca 5", 0), None);
        assert_eq!(approx_marker_at("aboutness", 0), None);
        assert_eq!(word_sig_digits(120), 2);
        assert_eq!(word_sig_digits(0), 1);
        assert!(literal_starts("-.5", 0, true));
        assert!(!literal_starts("-.5", 0, false));
    }
}
