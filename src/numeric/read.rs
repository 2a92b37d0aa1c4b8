//! Reads every number a learner wrote in running text, in order, with byte offsets.
//!
//! What is read: digits (`36`, `1,667`, `1 667`, `.5`, `-4`, `5e3`, `3×10^8`, `10^3`), scaled
//! numbers (`1.67k`, `2M`, `3 million`), words (`thirty-six`, `one hundred and twenty`,
//! `a dozen`), approximations (`~1667`, `≈ 1,667`, `about`, `roughly`, `approx.`, `36ish`),
//! units (`50 ms`, `200rps`, `30%`, `1.3x`, `x3`, `$1,200`, `USD 1,200`, `2 vCPU`, `4 GB`)
//! and ranges (`33–36`,
//! `33-36`, `33 - 36`, `33 to 36`, `between 33 and 36`).
//!
//! What is not: digits inside identifiers (`p99`, `IPv4`, `2xx`, `S3`, `ec2`, `H2O`,
//! `HTTP/2`, `utf-8`, `x86`), versions and addresses (`1.2.3`, `10.0.0.1`), list labels at
//! the start of a line (`1.`, `1)`, `(1)` or `1:` followed by a space and text, `1 -`
//! followed by text that is not a number; `Q1:` is an identifier), and the pronoun "one" (`the one that`, `no one`, `one another`, `one-off`).
//!
//! Conventions and limits:
//! - A comma is a thousands separator only before exactly three digits that end the group
//!   (`1,667`); otherwise it is punctuation, so `3,4` is two numbers. Decimal commas
//!   (`3,14`) are **not** supported. A space separates thousands under the same rule, when
//!   the group is not glued to letters (`4 256MB` is 4 and 256 MB).
//! - `3:1` is two numbers (a ratio), as are `12:30` and `24/7`; dates are out of scope.
//! - `12/45` (no spaces, the first smaller, no `=` after it: `100/200 = 0.5` is working) is
//!   a pair read as a range, as a question asking for "min/max" is answered; `1,667 / 140`
//!   (spaced) and `6000/200` are two numbers.
//! - A dash between two numbers is a range only when the first is smaller and no `=`
//!   follows (`100 - 36 = 64` is three numbers); `from 5 to 10` is two numbers (a change).
//! - In a range the unit written on the high end applies to both (`33-36 ms`), and a scale
//!   too (`3-5k` is 3000 to 5000).
//! - A bare `m` after a number is not attached as a unit: it may mean minutes, metres or
//!   million. It is million when a count noun or rate follows (`10m users`).

use crate::numeric::cursor::{
    alnum_run_end, char_at, is_inline_space, next_pos, next_word, prev_char, prev_word,
    skip_inline_ws, token_run_end, word_is,
};
use crate::numeric::mark::DecimalMark;
use crate::numeric::scan::{
    Ctx, Num, Opts, approx_marker_at, currency_code_at, is_sign, literal_starts,
    minus_before_currency, scan_number,
};
use crate::numeric::unit::{Unit, UnitTable, convert, is_currency_sign};
use crate::numeric::words::starts_number;

/// One number as the learner wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMention {
    /// The value in the unit as written (50 for "50 ms", 1500 for "1.5K"). For a range, the
    /// low end.
    pub value: f64,
    /// Low end of a range; equal to `value` otherwise.
    pub low: f64,
    /// High end of a range; equal to `value` otherwise.
    pub high: f64,
    /// Whether the mention is a range (`33–36`, `33 to 36`, `between 33 and 36`).
    pub is_range: bool,
    /// Whether the learner marked the value as approximate (`~`, `≈`, `about`, `roughly`,
    /// `around`, `approx.`, `approximately`, `circa`).
    pub approx: bool,
    /// The recognised unit right after the number (or a currency sign before it).
    pub unit: Option<Unit>,
    /// Byte offset of the start of the mention in the text (approximation marker included).
    pub start: usize,
    /// Byte offset just after the mention (unit included).
    pub end: usize,
    /// The text of the mention, `text[start..end]`.
    pub raw: String,
    /// Significant digits as written (of the low end for a range): leading zeros never
    /// count, trailing zeros only after a decimal point (`1200` has 2, `12.00` has 4).
    pub sig_digits: u32,
    /// Digits written after the decimal point (of the low end for a range).
    pub decimals: u32,
    /// Whether the learner rejects the number in the words right before it (`not 36`,
    /// `isn't 25`, `never 1`, `instead of 12`, `rather than 10`): it is not their answer.
    /// `if not 40`, `or not` and `why not 36` are not rejections.
    pub rejected: bool,
}

/// Reads every number in `text` with the built-in unit table, written with a decimal point.
pub fn read_numbers(text: &str) -> Vec<NumberMention> {
    read_numbers_with(text, UnitTable::builtin(), DecimalMark::Point)
}

/// Reads every number in `text`, recognising the units of `units`, written with `mark`.
pub fn read_numbers_with(text: &str, units: &UnitTable, mark: DecimalMark) -> Vec<NumberMention> {
    let ctx = Ctx {
        text,
        units,
        whole: false,
        mark,
    };
    let mut out = Vec::new();
    let mut pos = 0;
    let labels = std::cell::OnceCell::new();
    while pos < text.len() {
        let next = match try_mention(&ctx, pos, &labels) {
            Ok(m) => {
                let end = m.end;
                out.push(m);
                end
            }
            Err(resume) => resume,
        };
        pos = if next > pos {
            next
        } else {
            next_pos(text, pos)
        };
    }
    out
}

/// Whether a sign at `pos` can be a sign (not `5-3`, `a-1`, `)-2`).
fn sign_allowed(text: &str, pos: usize) -> bool {
    !prev_char(text, pos)
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | ')' | ']' | '.' | '%'))
}

/// Whether `pos` starts a line, ignoring indentation and Markdown list, quote, heading and
/// emphasis marks.
fn at_line_start(text: &str, pos: usize) -> bool {
    let mut i = pos;
    loop {
        match prev_char(text, i) {
            None | Some('\n' | '\r') => return true,
            Some(c) if is_inline_space(c) || matches!(c, '*' | '#' | '>' | '_' | '-' | '+') => {
                i -= c.len_utf8();
            }
            Some(_) => return false,
        }
    }
}

/// Whether `pos` follows a heading's `#` marks on its line ("## 7. Capacity").
fn in_heading(text: &str, pos: usize) -> bool {
    let line = &text[text[..pos].rfind(['\n', '\r']).map_or(0, |i| i + 1)..pos];
    line.trim_start().starts_with('#')
}

/// Whether non-space text follows on the same line after `pos`; `no_digit` rejects text
/// that starts with a digit.
fn text_follows(text: &str, pos: usize, no_digit: bool) -> bool {
    let j = skip_inline_ws(text, pos, usize::MAX);
    j > pos
        && char_at(text, j)
            .is_some_and(|c| !(c.is_whitespace() || (no_digit && c.is_ascii_digit())))
}

/// The numbers of the list labels at line starts in `text` ("1.", "2)", "(3)", "4:",
/// "5 -"), sorted. One pass over the text.
fn line_labels(text: &str) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    let mut line_start = 0;
    // Lines end at `\n` or `\r`, as in `at_line_start`.
    for line in text.split_inclusive(['\n', '\r']) {
        let digits = line
            .char_indices()
            .find(|&(_, c)| {
                !(is_inline_space(c) || matches!(c, '*' | '#' | '>' | '_' | '-' | '+' | '('))
            })
            .map(|(i, _)| line_start + i);
        if let Some(pos) = digits.filter(|&p| text.as_bytes()[p].is_ascii_digit()) {
            if let Some((_, n, _)) = label_end(text, pos) {
                out.push(n);
            }
        }
        line_start += line.len();
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A list label at `pos` (digits at a line start): where the labelled text starts, the
/// label's number, and whether it is written `N.` or `N)` (the shapes an answer may start
/// with: "36. Rounded up").
fn label_end(text: &str, pos: usize) -> Option<(usize, u32, bool)> {
    let bytes = text.as_bytes();
    let mut d = pos;
    while bytes.get(d).is_some_and(u8::is_ascii_digit) {
        d += 1;
    }
    if d - pos > 3 || d == pos {
        return None;
    }
    let n: u32 = text[pos..d].parse().ok()?;
    let paren = prev_char(text, pos) == Some('(');
    if paren {
        if !at_line_start(text, pos - 1) || bytes.get(d) != Some(&b')') {
            return None;
        }
        let after = d + 1;
        let ok = char_at(text, after).is_none_or(char::is_whitespace);
        return ok.then_some((after, n, false));
    }
    if !at_line_start(text, pos) {
        return None;
    }
    let skip_marks = |mut k: usize| {
        while matches!(bytes.get(k), Some(b'*' | b'_')) {
            k += 1;
        }
        k
    };
    match bytes.get(d) {
        Some(b'.' | b')') => {
            let k = skip_marks(d + 1);
            text_follows(text, k, false).then_some((k, n, true))
        }
        Some(b':') => {
            // `1: text` is a label; `3:1` (no space) is a ratio.
            let k = skip_marks(d + 1);
            text_follows(text, k, false).then_some((k, n, false))
        }
        Some(_) => {
            let j = skip_inline_ws(text, d, 3);
            let dash = char_at(text, j).filter(|c| matches!(c, '-' | '–' | '—'))?;
            let k = j + dash.len_utf8();
            (j > d && text_follows(text, k, true)).then_some((k, n, false))
        }
        None => None,
    }
}

/// Whether a digit at `pos` continues an identifier (`HTTP/2`, `utf-8`, `v1.2`).
fn glued_to_identifier(text: &str, pos: usize) -> bool {
    match prev_char(text, pos) {
        Some(c) if (c.is_alphanumeric() || c == '_') && c != 'x' => true,
        Some('x') => !prev_char(text, pos - 1).is_some_and(|p| p.is_ascii_digit()),
        Some(c @ ('/' | '-' | '.')) => prev_char(text, pos - c.len_utf8())
            .is_some_and(|p| p.is_alphabetic() || (c == '.' && p.is_alphanumeric())),
        _ => false,
    }
}

fn try_mention(
    ctx: &Ctx<'_>,
    pos: usize,
    labels: &std::cell::OnceCell<Vec<u32>>,
) -> Result<NumberMention, usize> {
    let text = ctx.text;
    let Some(c) = char_at(text, pos) else {
        return Err(pos + 1);
    };
    if c.is_ascii_digit() {
        if let Some((k, n, dotted)) = label_end(text, pos) {
            // A label, unless it reads as an answer: "36. Rounded up from 35.7" or "12) that
            // is 1,667 / 140" alone, a number of two digits or more that no other label
            // stands next to. A sheet's question numbers, "3: …" and "3 - …" stay labels.
            let as_answer = dotted && n >= 10 && {
                let list = labels.get_or_init(|| line_labels(text));
                let listed = |m: u32| list.binary_search(&m).is_ok();
                !listed(n - 1) && !listed(n + 1) && !in_heading(text, pos)
            };
            if !as_answer {
                return Err(k);
            }
        }
        if glued_to_identifier(text, pos) {
            return Err(token_run_end(text, pos));
        }
        return scan_mention(ctx, pos);
    }
    if c.is_ascii_uppercase() && currency_code_at(ctx, pos).is_some() {
        return scan_mention(ctx, pos).map_err(|e| e.max(pos + 1));
    }
    if c.is_alphanumeric() || c == '_' {
        // Only computed when skipping: a hyphenated chain can be as long as the text.
        let skip = || Err(token_run_end(text, pos));
        let word = text.get(pos..alnum_run_end(text, pos)).unwrap_or("");
        let x_prefix = word.len() > 1
            && word.starts_with('x')
            && word.bytes().skip(1).all(|b| b.is_ascii_digit());
        if x_prefix && prev_char(text, pos).is_some_and(|p| p.is_ascii_digit()) {
            return Err(pos + 1); // `2x3`: a product; read the 3 next
        }
        if word.bytes().any(|b| b.is_ascii_digit()) && !x_prefix {
            return skip();
        }
        let wanted = x_prefix
            || approx_marker_at(text, pos).is_some()
            || word.eq_ignore_ascii_case("between")
            || starts_number(word);
        if !wanted {
            return skip();
        }
        return scan_mention(ctx, pos).map_err(|e| e.max(pos + 1));
    }
    let starts = match c {
        '.' => {
            literal_starts(text, pos, false)
                && !prev_char(text, pos).is_some_and(|p| p.is_alphanumeric() || p == '.')
        }
        _ if is_sign(c) => {
            (literal_starts(text, pos, true) || minus_before_currency(text, pos).is_some())
                && sign_allowed(text, pos)
        }
        '~' | '≈' | '≃' | '∼' => true,
        '×' => !prev_char(text, pos).is_some_and(char::is_alphanumeric),
        _ => is_currency_sign(c),
    };
    if starts {
        scan_mention(ctx, pos)
    } else {
        Err(next_pos(text, pos))
    }
}

fn prose_opts(text: &str, pos: usize) -> Opts {
    Opts {
        sign: sign_allowed(text, pos),
        words: true,
        money: true,
        times: true,
    }
}

/// Whether the single word "one" at `n` is a pronoun rather than a number.
fn pronoun_one(text: &str, n: &Num) -> bool {
    if !n.is_words()
        || !text
            .get(n.start..n.num_end)
            .is_some_and(|w| w.eq_ignore_ascii_case("one"))
    {
        return false;
    }
    const BEFORE: &[&str] = &[
        "the", "no", "any", "every", "each", "some", "this", "that", "which", "a",
    ];
    if prev_word(text, n.start).is_some_and(|w| BEFORE.iter().any(|b| b.eq_ignore_ascii_case(w))) {
        return true;
    }
    if n.unit.is_none() && char_at(text, n.num_end) == Some('-') {
        return true;
    }
    next_word(text, n.num_end).is_some_and(|w| w.eq_ignore_ascii_case("another"))
}

fn scan_mention(ctx: &Ctx<'_>, pos: usize) -> Result<NumberMention, usize> {
    let text = ctx.text;
    let mut p = pos;
    let mut approx = false;
    if let Some(e) = approx_marker_at(text, pos) {
        // `≈ **1,667**`: Markdown emphasis may sit between the marker and the number.
        let mut q = skip_inline_ws(text, e, 3);
        while q - e < 8 && matches!(text.as_bytes().get(q), Some(b'*' | b'_')) {
            q += 1;
        }
        approx = true;
        p = q;
        let number_follows = literal_starts(text, q, true)
            || word_is(text, q, "between")
            || char_at(text, q).is_some_and(|c| is_currency_sign(c) || c.is_ascii_alphabetic());
        if !number_follows {
            return Err(e);
        }
    }
    if word_is(text, p, "between") {
        let after = p + "between".len();
        return scan_between(ctx, pos, after, approx).ok_or(after);
    }
    let first = scan_number(ctx, p, prose_opts(text, p)).map_err(|e| if approx { p } else { e })?;
    if pronoun_one(text, &first) {
        return Err(first.num_end);
    }
    if let Some(m) = try_range(ctx, pos, &first, approx) {
        return Ok(m);
    }
    Ok(mention(text, pos, &first, None, approx))
}

fn mention(
    text: &str,
    start: usize,
    first: &Num,
    range: Option<(f64, Num)>,
    approx: bool,
) -> NumberMention {
    let approx = approx || first.ish || range.as_ref().is_some_and(|(_, second)| second.ish);
    let (value, high, unit, end, is_range) = match range {
        Some((low, second)) => (low, second.value, second.unit.clone(), second.end, true),
        None => (
            first.value,
            first.value,
            first.unit.clone(),
            first.end,
            false,
        ),
    };
    NumberMention {
        value,
        low: value,
        high,
        is_range,
        approx,
        unit,
        start,
        end,
        raw: text.get(start..end).unwrap_or("").to_string(),
        sig_digits: first.sig,
        decimals: first.dec,
        rejected: rejected_before(text, start) || rejected_after(text, end),
    }
}

/// The ASCII word after `pos`, skipping spaces and Markdown emphasis marks (`**36** is
/// wrong`), lower-cased, with its end offset.
fn word_after(text: &str, pos: usize) -> Option<(String, usize)> {
    let mut start = pos;
    while let Some(c) = char_at(text, start) {
        if is_inline_space(c) || matches!(c, '*' | '_') {
            start += c.len_utf8();
        } else {
            break;
        }
    }
    let end = crate::numeric::cursor::ascii_word_end(text, start);
    let w = text.get(start..end).filter(|w| !w.is_empty())?;
    (!char_at(text, end).is_some_and(char::is_alphanumeric)).then(|| (w.to_ascii_lowercase(), end))
}

/// Whether the words right after a number ending at `end` take it back: `20 ms is wrong`,
/// `25 was incorrect`, `25 is not right`, `25 would be wrong`, `20 ms is a mistake`. A
/// judgement of the value (`95 % is too high`, `25 is not enough`) keeps it the learner's.
fn rejected_after(text: &str, end: usize) -> bool {
    let Some((w1, e1)) = word_after(text, end) else {
        return false;
    };
    let (w2, e2) = match w1.as_str() {
        "is" | "was" | "seems" | "looks" => match word_after(text, e1) {
            Some(w) => w,
            None => return false,
        },
        "would" => match word_after(text, e1) {
            Some((be, e)) if be == "be" => match word_after(text, e) {
                Some(w) => w,
                None => return false,
            },
            _ => return false,
        },
        _ => return false,
    };
    let w3 = || word_after(text, e2).map(|(w, _)| w);
    match w2.as_str() {
        "wrong" | "incorrect" => true,
        "not" => matches!(w3().as_deref(), Some("right" | "correct")),
        "a" => matches!(w3().as_deref(), Some("mistake")),
        _ => false,
    }
}

/// The ASCII word before `pos`, skipping spaces and Markdown emphasis marks (`not **36**`),
/// with its start offset.
fn word_before(text: &str, pos: usize) -> Option<(usize, &str)> {
    let mut end = pos;
    while let Some(c) = prev_char(text, end) {
        if is_inline_space(c) || matches!(c, '*' | '_') {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    let w = prev_word(text, end)?;
    Some((end - w.len(), w))
}

/// Whether the words right before a number at `start` reject it: `not 36`, `never 1`,
/// `isn't 25` (also with `’`), `instead of 12`, `rather than 10`. `if not 40`, `or not 36`
/// ("whether or not") and `why not 36` hedge or propose rather than reject.
fn rejected_before(text: &str, start: usize) -> bool {
    let Some((at, w)) = word_before(text, start) else {
        return false;
    };
    let before = || word_before(text, at).map(|(_, v)| v.to_ascii_lowercase());
    match w.to_ascii_lowercase().as_str() {
        "not" => !matches!(before().as_deref(), Some("if" | "or" | "why")),
        "never" | "isnt" | "arent" | "wasnt" | "werent" => true,
        // "isn't", "aren't": the word before the apostrophe ends in "n"
        "t" => {
            let head = &text[..at];
            let head = head
                .strip_suffix('\'')
                .or_else(|| head.strip_suffix('\u{2019}'));
            head.is_some_and(|h| {
                let h = h.to_ascii_lowercase();
                ["isn", "aren", "wasn", "weren"].iter().any(|x| {
                    h.ends_with(x)
                        && !h[..h.len() - x.len()]
                            .chars()
                            .next_back()
                            .is_some_and(char::is_alphanumeric)
                })
            })
        }
        "of" => before().as_deref() == Some("instead"),
        "than" => before().as_deref() == Some("rather"),
        _ => false,
    }
}

/// The low end of `first`–`second` in the high end's unit, if they form a range.
fn range_low(first: &Num, second: &Num) -> Option<f64> {
    let low = match (&first.unit, &second.unit) {
        (None, _) if first.scale_exp == 0 && second.scale_exp != 0 => {
            first.rescaled(second.scale_exp)?
        }
        (None, _) => first.value,
        (Some(a), Some(b)) => convert(first.value, a, b)?,
        (Some(_), None) => return None,
    };
    (low < second.value).then_some(low)
}

#[derive(PartialEq)]
enum Connector {
    Dash,
    To,
    /// `12/45`, written without spaces: a pair such as a question's "min/max" asks for.
    Slash,
}

fn try_range(ctx: &Ctx<'_>, start: usize, first: &Num, approx: bool) -> Option<NumberMention> {
    let text = ctx.text;
    let q = skip_inline_ws(text, first.end, 3);
    // A `/` with a digit right after it.
    let slash_digit = |at: usize| {
        char_at(text, at) == Some('/')
            && text.as_bytes().get(at + 1).is_some_and(u8::is_ascii_digit)
    };
    let (kind, after) = match char_at(text, q)? {
        c @ ('-' | '–' | '—') => (Connector::Dash, q + c.len_utf8()),
        _ if q > first.end && word_is(text, q, "to") => (Connector::To, q + 2),
        '/' if q == first.end && slash_digit(q) => (Connector::Slash, q + 1),
        _ => return None,
    };
    if kind == Connector::To
        && prev_word(text, first.start).is_some_and(|w| w.eq_ignore_ascii_case("from"))
    {
        return None;
    }
    let r = skip_inline_ws(text, after, 3);
    // An em dash with a space beside it sets a clause apart ("12 — 1,667 rps / 140"); only
    // "5—10" is a range.
    if char_at(text, q) == Some('—') && (q > first.end || r > after) {
        return None;
    }
    let opts = match kind {
        Connector::Dash | Connector::Slash => {
            let digit_or_money = text.as_bytes().get(r).is_some_and(u8::is_ascii_digit)
                || char_at(text, r).is_some_and(is_currency_sign);
            if !digit_or_money {
                return None;
            }
            Opts {
                sign: false,
                words: false,
                money: true,
                times: false,
            }
        }
        Connector::To => {
            if r == after {
                return None;
            }
            Opts {
                sign: true,
                words: true,
                money: true,
                times: false,
            }
        }
    };
    let second = scan_number(ctx, r, opts).ok()?;
    if kind != Connector::To && char_at(text, skip_inline_ws(text, second.end, 3)) == Some('=') {
        return None;
    }
    // `3/12/2024` is a date, not a pair (nor is its `12/2024`).
    if kind == Connector::Slash && (slash_digit(second.end) || prev_char(text, start) == Some('/'))
    {
        return None;
    }
    let low = range_low(first, &second)?;
    Some(mention(text, start, first, Some((low, second)), approx))
}

fn scan_between(ctx: &Ctx<'_>, start: usize, after: usize, approx: bool) -> Option<NumberMention> {
    let text = ctx.text;
    let a_pos = skip_inline_ws(text, after, 3);
    if a_pos == after {
        return None;
    }
    let a = scan_number(ctx, a_pos, prose_opts(text, a_pos)).ok()?;
    let q = skip_inline_ws(text, a.end, 3);
    if q == a.end || !word_is(text, q, "and") {
        return None;
    }
    let b_pos = skip_inline_ws(text, q + 3, 3);
    if b_pos == q + 3 {
        return None;
    }
    let b = scan_number(ctx, b_pos, prose_opts(text, b_pos)).ok()?;
    let low = range_low(&a, &b)?;
    Some(mention(text, start, &a, Some((low, b)), approx))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (value, unit symbol, raw) of every mention.
    fn read(s: &str) -> Vec<(f64, Option<String>, String)> {
        read_numbers(s)
            .into_iter()
            .map(|m| (m.value, m.unit.map(|u| u.symbol), m.raw))
            .collect()
    }

    fn values(s: &str) -> Vec<f64> {
        read_numbers(s).into_iter().map(|m| m.value).collect()
    }

    fn one(s: &str) -> NumberMention {
        let mut v = read_numbers(s);
        assert_eq!(v.len(), 1, "{s:?} -> {v:?}");
        v.remove(0)
    }

    /// A course that writes decimal commas (`decimal-mark: ","`): values, units, ranges and
    /// approximations as with a point.
    #[test]
    fn reads_decimal_commas_when_the_rubric_sets_them() {
        let read = |s: &str| -> Vec<(f64, Option<String>)> {
            read_numbers_with(s, UnitTable::builtin(), DecimalMark::Comma)
                .into_iter()
                .map(|m| (m.value, m.unit.map(|u| u.symbol)))
                .collect()
        };
        assert_eq!(read("about 1,5 s per request"), [(1.5, Some("s".into()))]);
        assert_eq!(read("peak 5.000 req/s"), [(5000.0, Some("req/s".into()))]);
        assert_eq!(read("~0,4 s"), [(0.4, Some("s".into()))]);
        assert_eq!(read("0.4 s"), [(0.4, Some("s".into()))]);
        assert_eq!(read("we need 35,7, so 36 instances")[0].0, 35.7);
        assert_eq!(read("between 1,5 and 2,5 GB").len(), 1);
        assert_eq!(read("1,2,3 go").len(), 0);
    }

    #[test]
    fn reads_the_forms_learners_write() {
        let cases: &[(&str, f64)] = &[
            ("36", 36.0),
            ("1,667", 1667.0),
            ("1 667", 1667.0),
            ("1\u{2009}667", 1667.0),
            ("1.67k", 1670.0),
            ("1.5K", 1500.0),
            ("2M", 2e6),
            ("3 million", 3e6),
            ("5 thousand", 5000.0),
            ("~1667", 1667.0),
            ("≈ 1,667", 1667.0),
            ("≈1667", 1667.0),
            ("approx 1667", 1667.0),
            ("thirty-six", 36.0),
            ("thirty six", 36.0),
            ("one hundred and twenty", 120.0),
            ("twelve", 12.0),
            ("a dozen", 12.0),
            ("5e3", 5000.0),
            ("5E-2", 0.05),
            ("3x10^8", 3e8),
            ("3×10^8", 3e8),
            ("3*10^8", 3e8),
            ("10^3", 1000.0),
            ("-4", -4.0),
            ("+4", 4.0),
            (".5", 0.5),
            ("0.05 s", 0.05),
            ("50 ms", 50.0),
            ("50ms", 50.0),
            ("200 req/s", 200.0),
            ("200rps", 200.0),
            ("5,000 qps", 5000.0),
            ("30%", 30.0),
            ("1.3x", 1.3),
            ("2 vCPU", 2.0),
            ("4 GB", 4.0),
            ("3x", 3.0),
            ("x3", 3.0),
        ];
        for &(s, v) in cases {
            let m = one(s);
            assert_eq!(m.value, v, "{s}");
            assert_eq!(m.raw, s, "{s}");
            assert_eq!((m.start, m.end), (0, s.len()), "{s}");
        }
    }

    #[test]
    fn units_and_approximation() {
        assert_eq!(one("50 ms").unit.map(|u| u.symbol), Some("ms".into()));
        assert_eq!(one("0.05 s").unit.map(|u| u.factor), Some(1.0));
        assert_eq!(one("200rps").unit.map(|u| u.symbol), Some("req/s".into()));
        assert_eq!(one("30%").unit.map(|u| u.factor), Some(0.01));
        assert_eq!(one("1.3x").unit.map(|u| u.symbol), Some("x".into()));
        assert_eq!(one("x3").unit.map(|u| u.symbol), Some("x".into()));
        assert_eq!(
            one("2 vCPU")
                .unit
                .and_then(|u| u.noun().map(str::to_string)),
            Some("vCPU".into())
        );
        assert_eq!(one("16 GiB").unit.map(|u| u.factor), Some(1_073_741_824.0));
        assert_eq!(
            one("12 instances").unit.map(|u| u.symbol),
            Some("instances".into())
        );
        for s in [
            "~1667",
            "≈ 1,667",
            "≈1667",
            "approx 1667",
            "approx. 1667",
            "about 1667",
            "roughly 1667",
            "around 1667",
            "approximately 1667",
        ] {
            let m = one(s);
            assert!(m.approx, "{s}");
            assert_eq!(m.value, 1667.0, "{s}");
        }
        assert!(!one("1667").approx);
    }

    #[test]
    fn ranges() {
        for s in [
            "33–36",
            "33-36",
            "33 - 36",
            "33 to 36",
            "between 33 and 36",
            "between thirty-three and thirty-six",
        ] {
            let m = one(s);
            assert!(m.is_range, "{s}");
            assert_eq!((m.value, m.low, m.high), (33.0, 33.0, 36.0), "{s}");
            assert_eq!(m.raw, s);
        }
        let m = one("33-36 ms");
        assert_eq!(
            (m.low, m.high, m.unit.map(|u| u.symbol)),
            (33.0, 36.0, Some("ms".into()))
        );
        let m = one("500 ms to 2 s");
        assert_eq!(
            (m.low, m.high, m.unit.map(|u| u.symbol)),
            (0.5, 2.0, Some("s".into()))
        );
        let m = one("3-5k rps");
        assert_eq!((m.low, m.high), (3000.0, 5000.0));
        let m = one("~33-36");
        assert!(m.approx && m.is_range);
        assert_eq!(values("100 - 36 = 64"), vec![100.0, 36.0, 64.0]);
        assert_eq!(values("33 - 36 = -3"), vec![33.0, 36.0, -3.0]);
        assert_eq!(values("from 5 to 10 servers"), vec![5.0, 10.0]);
        assert_eq!(values("between 36 and 33"), vec![36.0, 33.0]);
        assert_eq!(values("5 ms - 3 GB"), vec![5.0, 3.0]);
        assert!(!one("-4").is_range);
        // An em dash is a range only when it joins the numbers; spaced, it sets a clause
        // apart.
        assert!(one("33—36").is_range);
        assert_eq!(values("12 — 1,667 rps / 140"), vec![12.0, 1667.0, 140.0]);
        assert_eq!(values("12 —1,667 rps"), vec![12.0, 1667.0]);
    }

    #[test]
    fn inline_arithmetic_and_ratios() {
        assert_eq!(values("5000/200 = 25"), vec![5000.0, 200.0, 25.0]);
        assert_eq!(values("32.5 → 33"), vec![32.5, 33.0]);
        assert_eq!(values("3:1"), vec![3.0, 1.0]);
        assert_eq!(values("3,4"), vec![3.0, 4.0]);
        assert_eq!(values("3 x 4 = 12"), vec![3.0, 4.0, 12.0]);
        assert_eq!(values("1667*3"), vec![1667.0, 3.0]);
        assert_eq!(
            values("a 2x3 grid, 1.5x2, 2×3"),
            vec![2.0, 3.0, 1.5, 2.0, 2.0, 3.0]
        );
        assert_eq!(read("pool 2–4× the load")[0].1, Some("x".into()));
        let m = one("≈ **1,667 req/s**");
        assert!(m.approx && m.raw == "≈ **1,667 req/s");
        assert_eq!(read("2x3")[1].1, None);
        assert_eq!(values("200 × 50 = 10,000"), vec![200.0, 50.0, 10000.0]);
    }

    /// `36ish` is approximately 36, and a currency code before an amount is its unit, as
    /// after it; neither in a longer word.
    #[test]
    fn ish_suffixes_and_currency_codes() {
        let m = one("36ish instances");
        assert_eq!(
            (m.value, m.approx, m.raw.as_str()),
            (36.0, true, "36ish instances")
        );
        assert_eq!(m.unit.map(|u| u.symbol), Some("instances".to_string()));
        for (text, low, high) in [("30-40ish ms", 30.0, 40.0), ("thirty-ish", 30.0, 30.0)] {
            let m = one(text);
            assert_eq!((m.low, m.high, m.approx), (low, high, true), "{text:?}");
        }
        assert!(values("36ishy").is_empty());
        for text in ["USD 1,200,000", "USD1,200,000", "1,200,000 USD"] {
            let m = one(text);
            assert_eq!(m.value, 1_200_000.0, "{text:?}");
            assert_eq!(m.raw, text);
            assert_eq!(m.unit.map(|u| u.symbol), Some("$".to_string()), "{text:?}");
        }
        assert_eq!(one("EUR 300").unit.map(|u| u.symbol), Some("€".to_string()));
        for text in ["usd 300", "XUSD 300", "the USD is strong, 300"] {
            assert!(
                read_numbers(text).iter().all(|m| m.unit.is_none()),
                "{text:?}"
            );
        }
    }

    /// `12/45` answers "min/max" as a range does; spaced, larger first, or followed by `=`
    /// or another `/` (a date), the numbers stay apart.
    #[test]
    fn a_slash_pair_is_a_range() {
        let m = one("12/45 replicas");
        assert!(m.is_range, "{m:?}");
        assert_eq!(
            (m.low, m.high, m.raw.as_str()),
            (12.0, 45.0, "12/45 replicas")
        );
        for (text, want) in [
            ("24/7", vec![24.0, 7.0]),
            ("1,667 / 140", vec![1667.0, 140.0]),
            ("100/200 = 0.5", vec![100.0, 200.0, 0.5]),
            ("6000/200", vec![6000.0, 200.0]),
            ("on 3/12/2024", vec![3.0, 12.0, 2024.0]),
        ] {
            assert_eq!(values(text), want, "{text:?}");
            assert!(read_numbers(text).iter().all(|m| !m.is_range), "{text:?}");
        }
    }

    #[test]
    fn skips_identifiers_versions_and_labels() {
        for s in [
            "p99",
            "P99",
            "v2",
            "IPv4",
            "2xx",
            "4xx",
            "S3",
            "ec2",
            "H2O",
            "1.2.3",
            "10.0.0.1",
            "HTTP/2",
            "HTTP/1.1",
            "utf-8",
            "SHA-256",
            "x86",
            "x86_64",
            "k8s",
            "Q1:",
            "3rd",
            "0x1F",
            "us-east-1",
        ] {
            assert_eq!(read(s), vec![], "{s}");
        }
        assert_eq!(values("1. 5 servers"), vec![5.0]);
        assert_eq!(values("1) 5 servers"), vec![5.0]);
        assert_eq!(values("(1) 5 servers"), vec![5.0]);
        assert_eq!(values("Q1: 36"), vec![36.0]);
        assert_eq!(values("  2. twelve\n3) 4 GB"), vec![12.0, 4.0]);
        assert_eq!(values("- 1. use 3 pods"), vec![3.0]);
        assert_eq!(values("## 7. Capacity: 36"), vec![36.0]);
        assert_eq!(values("**1.** 36 servers"), vec![36.0]);
        assert_eq!(values("1 - we need 36"), vec![36.0]);
        assert_eq!(values("1: 36\n2:12 instances"), vec![36.0, 2.0, 12.0]);
        assert_eq!(values("3:1"), vec![3.0, 1.0]);
        assert_eq!(values("36."), vec![36.0]);
        assert_eq!(values("36"), vec![36.0]);
        assert_eq!(values("1.5 ms is fine"), vec![1.5]);
        assert_eq!(values("x 1. 5"), vec![1.0, 5.0]);
        // "N." and "N)" of two digits or more, alone (no label next to it, not in a
        // heading), are the answer; anything else at a line start is a label.
        assert_eq!(values("36. Rounded up from 35.7"), vec![36.0, 35.7]);
        assert_eq!(values("12) that is 1,667 / 140"), vec![12.0, 1667.0, 140.0]);
        assert_eq!(values("2. peak 36\n3. mean 12"), vec![36.0, 12.0]);
        assert_eq!(values("3: the minimum is 11"), vec![11.0]);
        assert_eq!(values("3 - min 11"), vec![11.0]);
        assert_eq!(values("2. We need 40 instances"), vec![40.0]);
        assert_eq!(values("12. mean\n13. peak 36"), vec![36.0]);
        assert_eq!(values("# 12. Capacity: 36"), vec![36.0]);
        assert_eq!(values("11. x\r12. y 5"), vec![5.0]);
        assert_eq!(values("the p99 is 200 ms"), vec![200.0]);
    }

    /// The words after a number can reject it too; a claim about it that is no rejection
    /// keeps it.
    #[test]
    fn a_number_called_wrong_right_after_it_is_rejected() {
        for s in [
            "15 µs is wrong, it is bytes",
            "**20 ms** is wrong",
            "25 was incorrect",
            "25 instances is not right",
            "25 would be wrong",
            "20 ms is a mistake",
        ] {
            assert!(read_numbers(s)[0].rejected, "{s}");
        }
        for s in [
            "36 is right",
            "36 is not wrong",
            "36 is the answer",
            "12 is enough",
            "95% is too high to sustain",
            "The config's 25 is not enough",
            "the answer 25 is too low a bound",
            "25 is too",
            "20 ms is, I think, wrong",
        ] {
            assert!(!read_numbers(s)[0].rejected, "{s}");
        }
    }

    /// Whether each mention is rejected by the words before it.
    fn rejected(s: &str) -> Vec<(f64, bool)> {
        read_numbers(s)
            .into_iter()
            .map(|m| (m.value, m.rejected))
            .collect()
    }

    #[test]
    fn numbers_the_learner_rejects() {
        assert_eq!(
            rejected("We need 25 instances, not 36."),
            vec![(25.0, false), (36.0, true)]
        );
        assert_eq!(rejected("(Not 36.)"), vec![(36.0, true)]);
        assert_eq!(rejected("not **36**"), vec![(36.0, true)]);
        assert_eq!(rejected("not ~36"), vec![(36.0, true)]);
        assert_eq!(
            rejected("9 instead of 12"),
            vec![(9.0, false), (12.0, true)]
        );
        assert_eq!(
            rejected("250 rather than 10"),
            vec![(250.0, false), (10.0, true)]
        );
        assert_eq!(rejected("it isn't 25"), vec![(25.0, true)]);
        assert_eq!(rejected("it isn\u{2019}t 25"), vec![(25.0, true)]);
        assert_eq!(rejected("never 1 replica"), vec![(1.0, true)]);
        // Bounds, hedges and proposals are not rejections.
        for s in [
            "not more than 36",
            "no fewer than 36",
            "33, if not 36",
            "whether or not 36 is enough",
            "why not 36?",
            "36",
            "cannot 36",
            "knot 36",
            "rather 36",
            "instead 36",
            "it isnt",
        ] {
            assert!(read_numbers(s).iter().all(|m| !m.rejected), "{s}");
        }
    }

    /// A minus before the currency sign is the amount's (it once fell away: `-$5` was read as
    /// $5 and earned the credit of a positive answer).
    #[test]
    fn a_minus_before_a_currency_sign_makes_the_amount_negative() {
        for s in ["-$5", "−$5", "a loss of -$5.", "(-$5)", "-$5k"] {
            let m = one(s);
            assert!(m.value < 0.0, "{s}: {m:?}");
            assert_eq!(m.unit.map(|u| u.symbol), Some("$".into()), "{s}");
        }
        assert_eq!(one("-$5k").value, -5000.0);
        assert_eq!(one("-$5").raw, "-$5");
        // Not a sign: after a word or a number, or with a space before the currency.
        assert_eq!(one("x-$5").value, 5.0);
        assert!(read_numbers("$5-$10").iter().all(|m| m.value > 0.0));
        assert!(read_numbers("-$").is_empty());
        assert!(read_numbers("-$-5").iter().all(|m| m.raw != "-$-5"));
        assert!(read_numbers("-$36$").iter().all(|m| m.value > 0.0));
    }

    #[test]
    fn tex_math_delimiters_are_not_dollars() {
        for s in ["$36$", "$$36$$", "$36$ instances"] {
            let ms = read_numbers(s);
            assert_eq!(ms.len(), 1, "{s}: {ms:?}");
            assert_eq!((ms[0].value, ms[0].unit.clone()), (36.0, None), "{s}");
        }
        assert_eq!(one("$36").unit.map(|u| u.symbol), Some("$".into()));
        assert_eq!(one("$ 36").unit.map(|u| u.symbol), Some("$".into()));
    }

    #[test]
    fn pronoun_one() {
        assert_eq!(values("the one that fails"), Vec::<f64>::new());
        assert_eq!(values("no one knows"), Vec::<f64>::new());
        assert_eq!(values("a one-off job"), Vec::<f64>::new());
        assert_eq!(values("one server"), vec![1.0]);
        assert_eq!(values("one"), vec![1.0]);
    }

    #[test]
    fn offsets_and_order() {
        let s = "We need ~12 instances (1,667 req/s mean), p99 < 50 ms.";
        let ms = read_numbers(s);
        let raws: Vec<&str> = ms.iter().map(|m| m.raw.as_str()).collect();
        assert_eq!(raws, vec!["~12 instances", "1,667 req/s", "50 ms"]);
        for m in &ms {
            assert_eq!(&s[m.start..m.end], m.raw);
        }
        let m = one("« 1,667 »");
        assert_eq!(m.start, "« ".len());
        assert_eq!(m.sig_digits, 4);
        assert_eq!(one("0.050").sig_digits, 2);
        assert_eq!(one("0.050").decimals, 3);
        assert_eq!(one("1.67k").decimals, 2);
        assert_eq!(one("thirty-six").sig_digits, 2);
    }

    #[test]
    fn custom_units_in_prose() {
        let t = UnitTable::empty().with_unit(
            "shards",
            Unit::new(crate::numeric::unit::Dimension::Count, 1.0, "shards"),
        );
        let m = read_numbers_with("use 12 shards, 50 ms", &t, DecimalMark::Point);
        assert_eq!(m.len(), 2);
        assert_eq!(
            m[0].unit.as_ref().map(|u| u.symbol.as_str()),
            Some("shards")
        );
        assert_eq!(m[1].unit, None);
        assert_eq!(m[1].raw, "50");
    }

    fn check_invariants(s: &str) {
        let mut prev_end = 0;
        for m in read_numbers(s) {
            assert!(
                m.start >= prev_end && m.start < m.end && m.end <= s.len(),
                "{s:?}: {m:?}"
            );
            assert_eq!(s.get(m.start..m.end), Some(m.raw.as_str()));
            assert!(
                m.low <= m.high && m.value == m.low && m.value.is_finite(),
                "{s:?}: {m:?}"
            );
            assert_eq!(m.is_range, m.low < m.high);
            prev_end = m.end;
        }
    }

    #[test]
    fn never_panics_and_keeps_invariants() {
        let odd = [
            "",
            "-",
            ".",
            "..",
            "1.",
            "1e",
            "1e+",
            "x",
            "×",
            "$",
            "$ ",
            "~",
            "≈",
            "between",
            "between 1 and",
            "1-",
            "1 to",
            "10^",
            "10^-",
            "2^99999",
            "1e99999",
            "1,",
            "1,00",
            "1 00",
            "½",
            "١٢٣",
            "１２３",
            "(1",
            "1)",
            "\n1.",
            "a-",
            "−",
            "—5",
            "5—",
            "1e-400",
            "0x",
            "x0",
            "5m",
            "5B",
            "1.2.",
            "1..2",
            "~-",
            "≈≈1",
            "3 x",
            "3 times",
            "one-",
            "\u{2009}1",
            "1\u{2009}",
            "9-",
            "-9-",
            "1\r\n2. a",
            "(1)",
            "( 1)",
            "Q",
            "#1",
        ];
        let long = "9".repeat(400);
        for s in odd.iter().copied().chain([long.as_str()]) {
            check_invariants(s);
            let _ = crate::numeric::parse_quantity(s);
        }
        // Every substring (on char boundaries) of a dense sample.
        let dense = "Q1: ~1,667 req/s (≈ 1 667); 3×10^8 m/s; between 33 and 36 ms; 1.2.3; \
                     $1.2M; x3; thirty-six; 5m users; 10^3; -4; .5; 2xx; «1 000»; 1.e-1cm; 3-5k";
        let cuts: Vec<usize> = dense
            .char_indices()
            .map(|(i, _)| i)
            .chain([dense.len()])
            .collect();
        for (k, &a) in cuts.iter().enumerate() {
            for &b in &cuts[k..] {
                let s = &dense[a..b];
                check_invariants(s);
                let _ = crate::numeric::parse_quantity(s);
            }
        }
    }

    #[test]
    fn long_adversarial_inputs_finish() {
        // Each input is ~100 KB; a quadratic scan would not finish in reasonable time.
        let pieces = [
            "1 ", "~ ", "1.", "1,000,", "1 000 ", "between ", "a ", "one ", "x", "-", "1-2-",
            "9-8-", "((1) ", "\n1. ", "        ", "abc1 ", "1e", "5m ", "thirty-", "$", "≈", "- ",
            "*", "1.1.", "twenty ", "and ",
        ];
        for p in pieces {
            let s = p.repeat(100_000 / p.len());
            check_invariants(&s);
            let _ = crate::numeric::parse_quantity(&s);
        }
    }
}
