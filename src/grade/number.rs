//! Numbers: read every number the learner wrote, keep the candidates (right unit, near the
//! `near` words, not a given), compare them with the ordered answers (tolerance, rounding,
//! error carried forward) and keep the best (or the last) candidate.

use std::collections::HashMap;

use super::answer::Prepared;
use super::result::NumberResult;
use crate::numeric::{NumberMention, convert};
use crate::rubric::formula::NumberRef;
use crate::rubric::{Expected, NumberAnswer, NumberCheck, Pick, RangeEnd, Round};

/// The learner's own earlier numbers, for error carried forward: value and whether it was
/// fully correct.
pub type Learned = HashMap<NumberRef, (f64, bool)>;

/// The outcome of a number criterion.
pub struct NumberOutcome {
    pub result: NumberResult,
    /// The learner's value for this number (for later error carried forward).
    pub value: Option<f64>,
    /// A misconception recorded by the matched answer.
    pub mistake: Option<String>,
    /// Below full credit: the matched answer's feedback, or the criterion's when the answer
    /// has none or nothing matched. At full credit only the answer's own feedback, and only
    /// when the credit was carried forward from a wrong earlier value (an answer's feedback
    /// may have been written for the learners it shares with a lower `rounding-score`).
    pub feedback: Option<String>,
    /// `feedback` is the criterion's, not the matched answer's.
    pub general: bool,
}

/// A candidate's matching answer: (score, answer index, expected text, carried-forward
/// note).
type Hit = (f64, usize, String, Option<String>);

/// How a value satisfies one answer (see [`judge`]).
struct Judged {
    score: f64,
    expected: String,
    /// The carried-forward note, when worked from a wrong earlier value.
    note: Option<String>,
    /// Matched only as a rounding slip (unrounded, or rounded the wrong way).
    slip: bool,
}

struct Candidate<'m> {
    value: f64,
    mention: &'m NumberMention,
}

/// The criterion's own feedback, if it has one.
fn general(n: &NumberCheck) -> Option<String> {
    (!n.feedback.is_empty()).then(|| n.feedback.clone())
}

/// The tokens of the answer that match the check's `near` cue (none without a cue).
pub fn cue_tokens(n: &NumberCheck, a: &Prepared<'_>) -> Vec<usize> {
    n.near.iter().flat_map(|p| a.matches(p)).flatten().collect()
}

/// Grades one number criterion. `near_tokens` are its cue's tokens ([`cue_tokens`]);
/// `rivals` those of the question's other number checks with another cue. A number that
/// stands closer to a rival cue than to its own belongs to that one ("min 11, max 33": 11 is
/// the minimum, even within the maximum's window), unless every candidate does (then the
/// learner wrote the numbers apart from their cues, "min and max: 11 and 40").
pub fn check(
    n: &NumberCheck,
    a: &Prepared<'_>,
    learned: &Learned,
    near_tokens: &[usize],
    rivals: &[usize],
    rubric: &crate::rubric::Rubric,
) -> NumberOutcome {
    let mut out = check_in_points(n, a, learned, near_tokens, rivals, rubric);
    // The values feedback shows, as the learners write them (`decimal-mark`); the rubric's
    // own feedback and the learner's words are kept as written.
    let mark = rubric.decimal_mark;
    for text in [&mut out.result.expected, &mut out.result.tolerance]
        .into_iter()
        .flatten()
    {
        if let std::borrow::Cow::Owned(o) = mark.localize(text) {
            *text = o;
        }
    }
    if mark == crate::numeric::DecimalMark::Comma
        && out.result.score < 1.0
        && let Some(given) = &mut out.result.given_text
        && reads_like_thousands(given)
    {
        given.push_str(" (comma read as the decimal mark)");
    }
    out
}

/// Whether the number `step` is working towards the later number `result` of `text`: an
/// operation follows it (`20 ms + 20 ms`, `20 ms × 2`, `= `, `→`), or a conclusion stands
/// between them (`so`, `therefore`, `thus`, `hence`, `=`, `→`, `gives`, `means`).
fn is_working_towards(
    text: &str,
    step: &crate::numeric::NumberMention,
    result: &crate::numeric::NumberMention,
) -> bool {
    if result.start < step.end {
        return false;
    }
    let after = text.get(step.end..).unwrap_or("").trim_start();
    if after.starts_with(['+', '-', '−', '×', '*', '/', '=', '→', '⇒']) || after.starts_with("->")
    {
        return true;
    }
    let between = text.get(step.end..result.start).unwrap_or("");
    between.contains(['=', '→', '⇒'])
        || between.contains("->")
        || between.split(|c: char| !c.is_alphanumeric()).any(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "so" | "therefore" | "thus" | "hence" | "gives" | "means"
            )
        })
}

/// Whether the number `m` of `text` is an operand: an arithmetic operator and another
/// number follow it ("25 × 0.7", "25 x 1.3", "6500 / 200").
fn is_operand(text: &str, m: &crate::numeric::NumberMention) -> bool {
    let after = text.get(m.end..).unwrap_or("").trim_start();
    let Some(op) = after.chars().next() else {
        return false;
    };
    if !matches!(op, '+' | '−' | '×' | '*' | 'x' | '/' | '÷') {
        return false;
    }
    after[op.len_utf8()..]
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit() || c == '(')
}

/// Whether a number written `500,000` (a comma, three digits, no more) stands in `raw`: read
/// with a decimal comma it is 500, while a learner who writes a decimal point meant 500 000.
fn reads_like_thousands(raw: &str) -> bool {
    let b = raw.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    (0..b.len()).any(|i| {
        // The whole part before the comma: digits not starting with 0 (`0,250` is a decimal
        // to everyone), no point group before them (`1.000,250` is one too).
        let whole = b[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        b[i] == b','
            && whole > 0
            && b[i - whole] != b'0'
            && (i - whole == 0 || b[i - whole - 1] != b'.')
            && (1..=3).all(|k| digit(i + k))
            && !digit(i + 4)
    })
}

/// [`check`], its values written with a decimal point.
fn check_in_points(
    n: &NumberCheck,
    a: &Prepared<'_>,
    learned: &Learned,
    near_tokens: &[usize],
    rivals: &[usize],
    rubric: &crate::rubric::Rubric,
) -> NumberOutcome {
    let earlier = |r: &NumberRef, v: f64| earlier_answer(rubric, r, v);
    let at_correct = at_correct_targets(n, rubric);
    let mentions = a.numbers();
    let suffix = unit_suffix(n);
    let shown = Shown {
        sign: money_sign(n),
        suffix: &suffix,
    };
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    // An ignored number written in the check's own unit: what the learner's answer was when
    // nothing else is ("6000 / 200 = 30 instances", where 30 is ignored as the sheet's 30 %).
    let mut ignored_in_unit: Option<Candidate<'_>> = None;
    for m in mentions {
        // "25 instances, not 36": a number the learner rejects is not their answer.
        if m.rejected {
            continue;
        }
        // (On the stack: this runs for every number of the answer in every check.)
        let (ends, single) = ([m.low, m.high], [m.value]);
        let values: &[f64] = if m.is_range { &ends } else { &single };
        for (k, &v) in values.iter().enumerate() {
            // Which end of a range this value is.
            let end = match (m.is_range, k) {
                (false, _) => None,
                (true, 0) => Some(RangeEnd::Low),
                (true, _) => Some(RangeEnd::High),
            };
            let v = match (&n.unit, &m.unit) {
                (Some(want), Some(got)) => match convert(v, got, want) {
                    Some(x) => x,
                    None => continue,
                },
                _ => v,
            };
            if n.ignore
                .iter()
                .any(|g| (g - v).abs() <= 1e-9 * g.abs().max(1.0))
            {
                if n.unit.is_some() && m.unit.is_some() {
                    ignored_in_unit = Some(Candidate {
                        value: v,
                        mention: m,
                    });
                }
                continue;
            }
            if !n.near.is_empty() && !is_near(a, m, near_tokens, n.window) {
                // "HPA 12–45": a range with no cue near it gives this check its own end.
                if end.is_none() || end != n.range_end {
                    continue;
                }
            }
            candidates.push(Candidate {
                value: v,
                mention: m,
            });
        }
    }
    if !rivals.is_empty() && !n.near.is_empty() {
        let claimed: Vec<bool> = candidates
            .iter()
            .map(|c| {
                let (own, own_before) = nearest(a, c.mention, near_tokens);
                let (rival, rival_before) = nearest(a, c.mention, rivals);
                // At equal distance the cue written before the number names it ("min 11,
                // max 33": 11 is one word from each).
                rival < own || (rival == own && rival_before && !own_before)
            })
            .collect();
        if claimed.iter().any(|&c| !c) {
            let mut keep = claimed.iter().map(|&c| !c);
            candidates.retain(|_| keep.next().unwrap_or(true));
        }
    }

    let chosen: Vec<usize> = match n.pick {
        Pick::Best => (0..candidates.len()).collect(),
        Pick::Last => candidates.len().checked_sub(1).into_iter().collect(),
    };
    // Each chosen candidate's first matching answer, except that a value matched only as a
    // rounding slip of one answer and as written by a later one with no less credit is that
    // later one: 10 instances is a peak of 30 divided by 3 (carried forward), not 10.8
    // rounded down. And a value an anticipated answer takes for less, which the learner works
    // out from their own wrong earlier answer, is the carried-forward one: "26 / 3 = 8.7 → 9"
    // after a peak of 26 is 26 divided by 3, not the mean count without headroom.
    let mut judged: Vec<(usize, Option<Hit>)> = chosen
        .iter()
        .map(|&ci| {
            let g = candidates[ci].value;
            let mut hits = n.answers.iter().enumerate().filter_map(|(ai, ans)| {
                judge(ans, g, learned, shown, &earlier, at_correct[ai]).map(|j| (ai, j))
            });
            let first = hits.next();
            let hit = match first {
                Some((_, ref j)) if j.slip => {
                    let floor = j.score - 1e-12;
                    hits.find(|(_, o)| !o.slip && o.score >= floor).or(first)
                }
                Some((_, ref j)) if j.note.is_none() => {
                    let floor = j.score + 1e-12;
                    let before = candidates[ci].mention.start;
                    hits.find(|(ai, o)| {
                        o.note.is_some()
                            && o.score > floor
                            && works_from_own(&n.answers[*ai], learned, mentions, before, rubric)
                    })
                    .or(first)
                }
                other => other,
            };
            (ci, hit.map(|(ai, j)| (j.score, ai, j.expected, j.note)))
        })
        .collect();
    // A range given as the answer ("25-36", "between 8 and 12") commits to neither end: when
    // both ends match answers, it counts as its weaker end, so a learner cannot hedge between
    // a wrong and a right value. A check with a `near` cue still reads each end on its own
    // ("min/max: 12-45" gives the minimum and the maximum).
    if n.near.is_empty() {
        for k in 1..judged.len() {
            let (a, b) = (judged[k - 1].0, judged[k].0);
            let same_range = candidates[a].mention.is_range
                && std::ptr::eq(candidates[a].mention, candidates[b].mention);
            if let (true, Some(x), Some(y)) = (same_range, &judged[k - 1].1, &judged[k].1) {
                let drop = if x.0 > y.0 + 1e-12 {
                    k - 1
                } else if y.0 > x.0 + 1e-12 {
                    k
                } else {
                    continue;
                };
                judged[drop].1 = None;
            }
        }
    }
    // The learner's own value, when no number earns credit: the last written in the check's
    // unit, else the last ignored one in that unit, else the last.
    let last = (candidates.iter().rev())
        .find(|c| n.unit.is_some() && c.mention.unit.is_some())
        .or(ignored_in_unit.as_ref())
        .or(candidates.last());
    // What the learner's own value earns, when it matches an answer, and the values they
    // computed on before it ("25 × 0.7 = 17.5": 25).
    let last_score = last.and_then(|l| {
        (judged.iter())
            .filter(|(ci, _)| std::ptr::eq(candidates[*ci].mention, l.mention))
            .filter_map(|(_, hit)| hit.as_ref().map(|h| h.0))
            .reduce(f64::max)
    });
    let operands: Vec<f64> = match last {
        Some(l) if last_score.is_some() => (candidates.iter())
            .filter(|c| {
                c.mention.end <= l.mention.start
                    && is_operand(a.text, c.mention)
                    && is_working_towards(a.text, c.mention, l.mention)
            })
            .map(|c| c.value)
            .collect(),
        _ => Vec::new(),
    };
    // (score, answer index, candidate index, expected text, carried-forward note)
    let mut best: Option<(f64, usize, usize, String, Option<String>)> = None;
    for (ci, hit) in judged {
        let Some((score, ai, expected, note)) = hit else {
            continue;
        };
        // A partly credited value the learner computes on towards their own value is a step
        // of the working, not their answer, when that value is one the rubric anticipates for
        // less: "5000 / 200 = 25 instances; 25 × 0.7 = 17.5, so 18" answers 18 (headroom the
        // wrong way), not 25 (headroom forgotten). A right value stays the answer whatever
        // the learner goes on to compute from it ("36 instances, 36 / 2 = 18 per AZ").
        let c = &candidates[ci];
        if let (Some(l), Some(own)) = (last, last_score)
            && score < 1.0 - 1e-9
            && own < score - 1e-12
            && c.mention.end <= l.mention.start
            && operands
                .iter()
                .any(|v| (v - c.value).abs() <= 1e-9 * v.abs().max(1.0))
        {
            continue;
        }
        // An answer without credit (an anticipated wrong one: "20 ms", the one-way latency
        // taken for the round trip) is not what the learner answered where it is a step of
        // their working towards their own value: "RTT = 20 ms + 20 ms + 10 ms = 30 ms",
        // "one-way is 20 ms, so the RTT is 50 ms". "The RTT is 20 ms (plus 1 ms of
        // processing)" still answers 20 ms.
        if score <= 1e-12
            && let Some(l) = last
            && !std::ptr::eq(l.mention, candidates[ci].mention)
            && is_working_towards(a.text, candidates[ci].mention, l.mention)
        {
            continue;
        }
        let better = match &best {
            None => true,
            Some((s, bai, bci, _, _)) => {
                score > *s + 1e-12
                    || ((score - s).abs() <= 1e-12 && (ai < *bai || (ai == *bai && ci > *bci)))
            }
        };
        if better {
            best = Some((score, ai, ci, expected, note));
        }
    }
    match best {
        Some((score, ai, ci, expected, note)) => {
            let c = &candidates[ci];
            let ans = &n.answers[ai];
            // Advice for a number short of full credit, or credited through a wrong earlier
            // value ("check that count").
            let (short, carried) = (score < 1.0 - 1e-9, note.is_some());
            // Short of full credit, what earns it is shown instead of the value matched; the
            // tolerance is then shown only when the matched answer is itself a full-credit one
            // (rounded the wrong way, or carried forward): an anticipated wrong answer's
            // tolerance says nothing about the right one.
            let instead = short
                .then(|| full_credit(n, learned, shown, &at_correct))
                .flatten();
            let own_tolerance = instead.is_none() || ans.score >= 1.0 - 1e-9;
            NumberOutcome {
                result: NumberResult {
                    id: n.id.clone(),
                    given: Some(c.value),
                    given_text: Some(c.mention.raw.clone()),
                    expected: instead.or(Some(expected)),
                    // A range is compared without a tolerance.
                    tolerance: match ans.expected {
                        Expected::Range(..) => None,
                        _ if !own_tolerance => None,
                        _ => describe_tolerance(&ans.tolerance, shown.suffix, shown.sign),
                    },
                    score,
                    carried_forward: note,
                    evidence: Some(evidence_at(a, c.mention)),
                },
                value: Some(c.value),
                mistake: ans.mistake.clone(),
                // Worked from a wrong earlier value: the check's general advice ("Divide one
                // second by the round-trip time") is what the learner did; say where the
                // credit went instead.
                feedback: (short || carried)
                    .then(|| ans.feedback.clone())
                    .flatten()
                    .or_else(|| {
                        (short && carried).then(|| {
                            "Worked correctly from your earlier answer, which was wrong: the \
                             credit lost here is for that earlier error."
                                .to_string()
                        })
                    })
                    .or_else(|| short.then(|| general(n)).flatten()),
                general: ans.feedback.is_none() && !(short && carried),
            }
        }
        None => {
            // No number earned credit: the one reported (and carried forward to the questions
            // that build on it) is the learner's own value (`last`).
            NumberOutcome {
                result: NumberResult {
                    id: n.id.clone(),
                    given: last.map(|c| c.value),
                    given_text: last.map(|c| c.mention.raw.clone()),
                    expected: full_credit(n, learned, shown, &at_correct),
                    tolerance: None,
                    score: 0.0,
                    carried_forward: None,
                    evidence: last.map(|c| evidence_at(a, c.mention)),
                },
                value: last.map(|c| c.value),
                mistake: None,
                feedback: general(n),
                general: true,
            }
        }
    }
}

/// The tolerance as shown to people, or `None` when the answer must be exact (the default
/// tolerance is an absolute 1e-9, which is exactness for people); an absolute one in the
/// check's unit (`unit` as [`unit_suffix`] writes it): "±1 ms", "±(5% + 2 instances)", or
/// after the check's money `sign` (as [`money_sign`] gives it): "±$10", "±(5% + $10)".
fn describe_tolerance(t: &crate::numeric::Tolerance, unit: &str, sign: &str) -> Option<String> {
    use crate::numeric::Tolerance;
    match t {
        Tolerance::Exact => None,
        Tolerance::Absolute { tol, .. } if *tol <= 1e-9 => None,
        Tolerance::Absolute { .. } | Tolerance::MoodleNominal { .. } if !sign.is_empty() => {
            let d = t.describe();
            Some(match d.strip_prefix('±') {
                Some(rest) => format!("±{sign}{rest}"),
                None => d,
            })
        }
        Tolerance::RelAbs { .. } if !sign.is_empty() => {
            let d = t.describe();
            Some(match d.rfind("+ ") {
                Some(at) => format!("{}{sign}{}", &d[..at + 2], &d[at + 2..]),
                None => d,
            })
        }
        // "±1" or "±1 (bounds excluded)": the unit goes after the number; "±5" of a
        // percentage is points, not 5 %: "±5 percentage points".
        Tolerance::Absolute { .. } | Tolerance::MoodleNominal { .. } if !unit.is_empty() => {
            let one = matches!(t, Tolerance::Absolute { tol, .. } | Tolerance::MoodleNominal { tol } if *tol == 1.0);
            let unit = if unit == "%" {
                if one {
                    " percentage point"
                } else {
                    " percentage points"
                }
                .into()
            } else if one {
                count_of_one(unit)
            } else {
                unit.into()
            };
            let unit = &*unit;
            let d = t.describe();
            Some(match d.find(" (") {
                Some(at) => format!("{}{unit}{}", &d[..at], &d[at..]),
                None => d + unit,
            })
        }
        Tolerance::RelAbs { .. } if !unit.is_empty() => {
            let d = t.describe();
            Some(match d.strip_suffix(')') {
                Some(inner) => format!("{inner}{unit})"),
                None => d,
            })
        }
        t => Some(t.describe()),
    }
}

/// A count noun `unit` (" instances", as [`unit_suffix`] writes it) after the number 1:
/// " instance", so that a learner reads "±1 instance". Any other unit as it is.
fn count_of_one(unit: &str) -> std::borrow::Cow<'_, str> {
    let noun = unit
        .strip_prefix(' ')
        .and_then(crate::numeric::unit_table::singular_noun);
    match noun {
        Some(one) => format!(" {one}").into(),
        None => unit.into(),
    }
}

/// The sign written before a value of the check in money (`$`, `€`), else nothing.
fn money_sign(n: &NumberCheck) -> &str {
    match n.unit.as_ref() {
        Some(u) if u.dimension == crate::numeric::Dimension::Currency => &u.symbol,
        _ => "",
    }
}

/// The check's unit as written after a value in feedback: " ms", " instances", "%", "x";
/// empty without a unit, and for money (its sign goes before the number, which a suffix
/// cannot write: "500", not "500 $"). A learner who gave "0.08 s" reads "compared with 80
/// ms", not "80".
fn unit_suffix(n: &NumberCheck) -> std::borrow::Cow<'static, str> {
    use crate::numeric::Dimension;
    match n.unit.as_ref() {
        None => "".into(),
        Some(u) if u.dimension == Dimension::Currency || u.symbol.is_empty() => "".into(),
        Some(u) if matches!(u.symbol.as_str(), "%" | "x") => u.symbol.clone().into(),
        Some(u) => format!(" {}", u.symbol).into(),
    }
}

/// How feedback writes a check's values: its money sign before each ("$500"), its unit
/// after ("80 ms", [`unit_suffix`]).
#[derive(Debug, Clone, Copy)]
struct Shown<'u> {
    sign: &'u str,
    suffix: &'u str,
}

impl Shown<'_> {
    /// A value alone: no sign, no unit.
    const PLAIN: Shown<'static> = Shown {
        sign: "",
        suffix: "",
    };

    /// "$500", "80 ms", "36 instances".
    fn value(self, v: f64) -> String {
        format!("{}{}", self.signed(v), self.suffix)
    }

    /// `v` with the money sign after its minus: "$500", "-$5".
    fn signed(self, v: f64) -> String {
        let text = fmt(v);
        if self.sign.is_empty() {
            return text;
        }
        match text.strip_prefix('-') {
            Some(abs) => format!("-{}{abs}", self.sign),
            None => format!("{}{text}", self.sign),
        }
    }

    /// "25 to 36 ms", "$500 to $600".
    fn range(self, lo: f64, hi: f64) -> String {
        format!("{} to {}{}", self.signed(lo), self.signed(hi), self.suffix)
    }

    /// `v` rounded by `r`, and from what: "36 instances (rounded up from 35.7)"; `v` alone
    /// when rounding leaves it as it is.
    fn rounded(self, r: Round, v: f64) -> String {
        let target = r.apply(v);
        if (target - v).abs() < 1e-9 {
            return self.value(v);
        }
        let how = match r {
            Round::Up => "rounded up",
            Round::Down => "rounded down",
            Round::Nearest => "rounded",
        };
        format!("{} ({how} from {})", self.value(target), self.signed(v))
    }
}

fn evidence_at(a: &Prepared<'_>, m: &NumberMention) -> super::result::Evidence {
    let tok = a
        .analysis
        .tokens
        .iter()
        .position(|t| t.end > m.start)
        .unwrap_or(0);
    if a.analysis.tokens.is_empty() {
        let (line, column) = a.place(m.start);
        return super::result::Evidence {
            text: m.raw.clone(),
            line,
            column,
            marks: match m.raw.chars().count() {
                0 => Vec::new(),
                n => vec![[0, n as u32]],
            },
        };
    }
    let mut evidence = a.evidence_of(tok, &[(m.start, m.end)]);
    // At the number as written, which may start before its token (`~12`, `$5`): the place is
    // that of the marked words (within the sentence, as the marks are).
    let token = &a.analysis.tokens[tok];
    let start = m
        .start
        .max(a.analysis.sentences[token.sentence as usize].start);
    if start < token.start {
        (evidence.line, evidence.column) = a.place(start);
    }
    evidence
}

/// The tokens that stand for a number: its own (the first token ending after its start), or,
/// when the text analysis has no token for it, the words on both sides. A parenthesised
/// number of one or two digits after a space (`max (45) for spikes`, `pool of (30)`) is an
/// item label to the analysis: it is no word, and it starts a new sentence, so the words
/// after it alone would part the number from the cue written before it.
fn spots(a: &Prepared<'_>, m: &NumberMention) -> std::ops::Range<usize> {
    let toks = &a.analysis.tokens;
    match toks.iter().position(|t| t.end > m.start) {
        Some(i) if toks[i].start < m.end || i == 0 => i..i + 1,
        Some(i) => i - 1..i + 1,
        None => toks.len().saturating_sub(1)..toks.len(),
    }
}

/// Is the number `m` within `window` words of a `near` match, in its sentence?
fn is_near(a: &Prepared<'_>, m: &NumberMention, near: &[usize], window: usize) -> bool {
    let toks = &a.analysis.tokens;
    spots(a, m).any(|i| {
        near.iter()
            .any(|&j| toks[j].sentence == toks[i].sentence && i.abs_diff(j) <= window)
    })
}

/// How many words separate the number `m` from the nearest of `tokens` in its sentence
/// (`usize::MAX` for none), and whether a nearest one stands before it.
fn nearest(a: &Prepared<'_>, m: &NumberMention, tokens: &[usize]) -> (usize, bool) {
    let toks = &a.analysis.tokens;
    let mut best = (usize::MAX, false);
    for i in spots(a, m) {
        for &j in tokens
            .iter()
            .filter(|&&j| toks[j].sentence == toks[i].sentence)
        {
            // A word left of the number stands before it, even where it is the number's
            // left-hand neighbour standing in for it.
            let (d, before) = (i.abs_diff(j), j < i || (j == i && toks[j].end <= m.start));
            if d < best.0 {
                best = (d, before);
            } else if d == best.0 {
                best.1 |= before;
            }
        }
    }
    best
}

/// A value as feedback shows it: an integer as one, else to at most four decimals; from
/// 10,000 on with its thousands grouped ("1,200,000 rows", "1667 rows").
fn fmt(x: f64) -> String {
    let s = if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if x.abs() < 10_000.0 {
        return s;
    }
    let (sign, rest) = s.split_at(usize::from(s.starts_with('-')));
    let (int, frac) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
    let mut grouped = String::with_capacity(s.len() + int.len() / 3);
    grouped.push_str(sign);
    for (k, d) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(d);
    }
    grouped.push_str(frac);
    grouped
}

/// The number check `r` names.
fn number_check<'r>(rubric: &'r crate::rubric::Rubric, r: &NumberRef) -> Option<&'r NumberCheck> {
    rubric
        .question(&r.exercise, r.question)
        .and_then(|q| q.numbers.iter().find(|n| n.id == r.id))
}

/// Would `v` earn full credit (without carried-forward error) for the number `r` of `rubric`?
pub fn is_full_credit(rubric: &crate::rubric::Rubric, r: &NumberRef, v: f64) -> bool {
    let Some(n) = number_check(rubric, r) else {
        return false;
    };
    n.answers
        .iter()
        .filter(|a| a.score >= 1.0 - 1e-9 && !matches!(a.expected, Expected::Formula(_)))
        .any(|a| {
            judge(
                a,
                v,
                &Learned::new(),
                Shown::PLAIN,
                &|_, _| String::new(),
                None,
            )
            .is_some_and(|j| j.score >= 1.0 - 1e-9)
        })
}

/// What earns full credit, for feedback: "33 or 36", "12 (rounded up from 11.9)", each value
/// written as the check's are ([`Shown`]); a formula at the learner's earlier values, else at
/// their correct ones (`at_correct`, see [`at_correct_targets`]).
fn full_credit(
    n: &NumberCheck,
    learned: &Learned,
    shown: Shown<'_>,
    at_correct: &[Option<f64>],
) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for (a, &at_correct) in n.answers.iter().zip(at_correct) {
        if a.score < 1.0 - 1e-9 {
            continue;
        }
        let show = |v: f64| match a.round {
            Some(r) => shown.rounded(r, v),
            None => shown.value(v),
        };
        match &a.expected {
            Expected::Values(vs) => parts.extend(vs.iter().map(|v| show(*v))),
            Expected::Range(lo, hi) => parts.push(shown.range(*lo, *hi)),
            Expected::Formula(f) => match f.eval(&|r| learned.get(r).map(|x| x.0)) {
                Some(v) => parts.push(format!("{} from your earlier answers", show(v))),
                None => parts.extend(at_correct.map(show)),
            },
        }
    }
    parts.dedup();
    (!parts.is_empty()).then(|| parts.join(" or "))
}

/// An earlier answer `r` of value `v` as a learner knows it: "your 25 rps (Capacity Plan,
/// question 1)", by the exercise's title and the number's unit (the rubric's ids,
/// `capacity.1.peak`, mean nothing to a learner).
fn earlier_answer(rubric: &crate::rubric::Rubric, r: &NumberRef, v: f64) -> String {
    let title = rubric
        .exercises
        .iter()
        .find(|x| x.id == r.exercise)
        .map_or(r.exercise.as_str(), |x| x.title.as_str());
    let check = number_check(rubric, r);
    let unit = check.map(unit_suffix).unwrap_or_default();
    let unit = if v == 1.0 {
        count_of_one(&unit)
    } else {
        unit.as_ref().into()
    };
    let sign = check.map_or("", money_sign);
    format!(
        "your {sign}{}{unit} ({title}, question {})",
        rubric.decimal_mark.localize(&fmt(v)),
        r.question
    )
}

/// For each answer of `n`: a full-credit formula's value at the earlier numbers' correct
/// value ([`at_correct_value`]), else `None`.
fn at_correct_targets(n: &NumberCheck, rubric: &crate::rubric::Rubric) -> Vec<Option<f64>> {
    let correct = |r: &NumberRef| correct_values(rubric, r, 0);
    (n.answers.iter())
        .map(|a| match &a.expected {
            Expected::Formula(f) if a.score >= 1.0 - 1e-9 => at_correct_value(f, &correct),
            _ => None,
        })
        .collect()
}

/// The values of the earlier number `r` that earn its full credit, as the rubric writes
/// them: each value of an answer with full credit (rounded as that answer rounds), and a
/// formula over still earlier numbers at their correct value. Ranges give none.
fn correct_values(rubric: &crate::rubric::Rubric, r: &NumberRef, depth: u8) -> Vec<f64> {
    let Some(check) = number_check(rubric, r) else {
        return Vec::new();
    };
    let mut out: Vec<f64> = Vec::new();
    for a in check.answers.iter().filter(|a| a.score >= 1.0 - 1e-9) {
        let rounded = |v: f64| a.round.map_or(v, |r| r.apply(v));
        match &a.expected {
            Expected::Values(vs) => out.extend(vs.iter().map(|&v| rounded(v))),
            // A range is no one value.
            Expected::Range(..) => return Vec::new(),
            // (The rubric refuses a cycle: a formula names only numbers graded before its own; the
            // depth bounds the work of a long chain.)
            Expected::Formula(f) if depth < 4 => {
                let inner = |r: &NumberRef| correct_values(rubric, r, depth + 1);
                out.extend(at_correct_value(f, &inner).map(rounded));
            }
            Expected::Formula(_) => {}
        }
    }
    out.sort_by(f64::total_cmp);
    out.dedup();
    out
}

/// `f` at its earlier numbers' correct values (see [`correct_values`]), when each has exactly
/// one: where the sheet can be read two ways (a peak of 33 or 36), a value right for one
/// reading may be what the rubric marks down for the other, so none is taken.
fn at_correct_value(
    f: &crate::rubric::formula::Formula,
    correct: &dyn Fn(&NumberRef) -> Vec<f64>,
) -> Option<f64> {
    let mut known: Vec<(&NumberRef, f64)> = Vec::new();
    for r in f.refs() {
        if known.iter().any(|(k, _)| *k == r) {
            continue;
        }
        match correct(r).as_slice() {
            [one] => known.push((r, *one)),
            _ => return None,
        }
    }
    f.eval(&|r| known.iter().find(|(k, _)| *k == r).map(|(_, v)| *v))
}

/// Does `g` satisfy this answer? Returns the score, what was expected, the carried-forward
/// note and whether it matched only as a rounding slip.
/// `shown`: how the check's values are written ([`Shown`]); `earlier` names an
/// earlier answer for the note ([`earlier_answer`]); `at_correct` is a full-credit formula's
/// value at the earlier numbers' correct value ([`at_correct_targets`]): an answer computed
/// from it is right whatever the learner answered there (or if they left it out).
fn judge(
    ans: &NumberAnswer,
    g: f64,
    learned: &Learned,
    shown: Shown<'_>,
    earlier: &dyn Fn(&NumberRef, f64) -> String,
    at_correct: Option<f64>,
) -> Option<Judged> {
    let plain = |(score, expected, slip)| Judged {
        score,
        expected,
        note: None,
        slip,
    };
    match &ans.expected {
        Expected::Range(lo, hi) => (g >= *lo && g <= *hi).then(|| Judged {
            score: ans.score,
            expected: shown.range(*lo, *hi),
            note: None,
            slip: false,
        }),
        Expected::Values(vs) => vs
            .iter()
            .find_map(|&v| against(ans, v, g, shown).map(plain)),
        Expected::Formula(f) => {
            let own = by_own_values(ans, f, g, learned, shown, earlier);
            // A full-credit formula is also right at the earlier numbers' correct value
            // (`at_correct`): for the learner who left the earlier answer out, missed it, or
            // had it accepted within its tolerance, and then gave the right value. The better
            // of the two counts; at equal credit, the one without a carried-forward note.
            let right = at_correct
                .and_then(|t| against(ans, t, g, shown))
                .map(plain);
            match (own, right) {
                (Some(o), Some(r)) => Some(if o.score > r.score + 1e-12 { o } else { r }),
                (o, r) => o.or(r),
            }
        }
    }
}

/// Does the learner write each earlier value that answer `ans`'s formula takes, as they gave
/// it, before `before` (the working "26 / 3" of a carried-forward 26), each a slip rather than
/// an error the earlier check anticipates (a peak of 25 without headroom, divided by 3, is
/// the same error again)?
fn works_from_own(
    ans: &NumberAnswer,
    learned: &Learned,
    mentions: &[NumberMention],
    before: usize,
    rubric: &crate::rubric::Rubric,
) -> bool {
    let Expected::Formula(f) = &ans.expected else {
        return false;
    };
    let same = |x: f64, v: f64| (x - v).abs() <= 1e-9 * v.abs().max(1.0);
    let anticipated = |r: &NumberRef, v: f64| {
        number_check(rubric, r).is_some_and(|check| {
            (check.answers.iter()).any(|a| match &a.expected {
                Expected::Values(vs) => vs.iter().any(|&x| same(x, v)),
                Expected::Range(lo, hi) => v >= *lo && v <= *hi,
                Expected::Formula(_) => false,
            })
        })
    };
    let refs = f.refs();
    !refs.is_empty()
        && refs.iter().all(|r| {
            learned.get(*r).is_some_and(|&(v, _)| {
                !anticipated(r, v) && mentions.iter().any(|m| m.end <= before && same(m.value, v))
            })
        })
}

/// Does `g` satisfy the formula `f` of answer `ans` at the learner's own earlier values
/// (`learned`)? Full credit when those were right; `ecf` credit, with a note naming them,
/// when they were wrong but `plausible`; nothing when one is missing.
fn by_own_values(
    ans: &NumberAnswer,
    f: &crate::rubric::formula::Formula,
    g: f64,
    learned: &Learned,
    shown: Shown<'_>,
    earlier: &dyn Fn(&NumberRef, f64) -> String,
) -> Option<Judged> {
    let refs = f.refs();
    let mut all_correct = true;
    for r in &refs {
        let (_, ok) = learned.get(*r)?;
        all_correct &= *ok;
    }
    let target = f.eval(&|r| learned.get(r).map(|x| x.0))?;
    let (score, expected, slip) = against(ans, target, g, shown)?;
    if all_correct {
        return Some(Judged {
            score,
            expected,
            note: None,
            slip,
        });
    }
    // Error carried forward: the earlier value is wrong; credit only if plausible.
    if let Some((lo, hi)) = ans.plausible {
        if refs
            .iter()
            .any(|r| learned.get(*r).is_none_or(|(v, _)| *v < lo || *v > hi))
        {
            return None;
        }
    }
    // (Every ref is in `learned`: the loop above returned otherwise.)
    let used: Vec<String> = refs
        .iter()
        .filter_map(|r| learned.get(*r).map(|(v, _)| earlier(r, *v)))
        .collect();
    let ecf = ans.ecf.unwrap_or(ans.score);
    let scaled = if ans.score > 0.0 {
        ecf * score / ans.score
    } else {
        0.0
    };
    Some(Judged {
        score: scaled,
        expected,
        note: Some(format!(
            "{}: consistent with your earlier answer{}",
            used.join(", "),
            if used.len() > 1 { "s" } else { "" }
        )),
        slip,
    })
}

/// Compares `g` with the expected value `v` under the answer's tolerance and rounding rule:
/// the score, the expected text, and whether `g` matched only as a rounding slip
/// (unrounded, or rounded the wrong way: `rounding-score`).
fn against(ans: &NumberAnswer, v: f64, g: f64, shown: Shown<'_>) -> Option<(f64, String, bool)> {
    match ans.round {
        None => ans
            .tolerance
            .accepts(v, g)
            .then(|| (ans.score, shown.value(v), false)),
        Some(r) => {
            let target = r.apply(v);
            let (score, slip) = if ans.tolerance.accepts(target, g) {
                (ans.score, false)
            } else {
                // Unrounded, or rounded the wrong way.
                let near_unrounded =
                    (g - v).abs() <= 0.051 * v.abs().max(1.0) / 10.0 || (g - v).abs() < 0.051;
                let wrong_way = [v.floor(), v.ceil(), v.round()]
                    .iter()
                    .any(|w| (g - w).abs() < 1e-9);
                if !(near_unrounded || wrong_way) {
                    return None;
                }
                (ans.rounding_score, true)
            };
            // Written only for a value that earns the answer: most values tried are not
            // (every number of the answer against every rounded answer), and formatting a
            // fraction to four places costs more than the whole comparison.
            Some((score, shown.rounded(r, v), slip))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::grade::question::grade_text;
    use crate::grade::result::QuestionResult;

    /// Questions 1 and 2 of the first exercise of `r` graded in turn, the second after what
    /// the first taught (its numbers, for error carried forward).
    fn in_turn(
        r: &crate::rubric::Rubric,
        first: &str,
        second: &str,
    ) -> (QuestionResult, QuestionResult) {
        let mut learned = super::Learned::new();
        let a = crate::grade::question::grade_text_at(r, 0, first, &mut learned);
        let b = crate::grade::question::grade_text_at(r, 1, second, &mut learned);
        (a, b)
    }

    /// Feedback groups the thousands of a value from 10,000 on.
    #[test]
    fn values_from_ten_thousand_have_their_thousands_grouped() {
        assert_eq!(super::fmt(1667.0), "1667");
        assert_eq!(super::fmt(12000.0), "12,000");
        assert_eq!(super::fmt(1_200_000.0), "1,200,000");
        assert_eq!(super::fmt(-123_456.5), "-123,456.5");
        assert_eq!(super::fmt(0.0001), "0.0001");
        assert_eq!(super::fmt(99_999.25), "99,999.25");
    }

    /// A tolerance of one counted thing is singular; other counts and units are as written.
    #[test]
    fn a_tolerance_of_one_counts_one_thing() {
        use crate::numeric::Tolerance;
        let abs = |tol| Tolerance::Absolute {
            tol,
            inclusive: true,
        };
        let said = |tol, unit| super::describe_tolerance(&abs(tol), unit, "").unwrap_or_default();
        assert_eq!(said(1.0, " instances"), "±1 instance");
        assert_eq!(said(1.0, " processes"), "±1 process");
        assert_eq!(said(1.0, " queries"), "±1 query");
        assert_eq!(said(1.0, " databases"), "±1 database");
        assert_eq!(said(1.0, " people"), "±1 person");
        assert_eq!(said(2.0, " instances"), "±2 instances");
        assert_eq!(said(1.0, " ms"), "±1 ms");
        assert_eq!(said(1.0, "%"), "±1 percentage point");
        assert_eq!(said(5.0, "%"), "±5 percentage points");
    }

    /// A formula's answer computed from the earlier number's correct value is right whatever
    /// the learner answered there, or if they left it out; one computed from their own wrong
    /// value is carried forward.
    #[test]
    fn a_formula_also_accepts_the_answer_from_correct_earlier_values() {
        let r = crate::rubric::load_str(
            r#"
id: f
title: F
exercises:
  - id: plans
    title: Plans
    questions:
      - number: 1
        prompt: How many rows match?
        numbers:
          - id: rows
            unit: rows
            tolerance: { rel: 0.1 }
            answers:
              - { value: 12000, score: 1 }
      - number: 2
        prompt: How long do the fetches take, at 0.1 ms each?
        numbers:
          - id: fetch
            unit: s
            ignore: [0.1]
            tolerance: { rel: 0.05 }
            answers:
              - value: "{1.rows} * 0.0001"
                score: 1
                ecf: 0.75
                plausible: [100, 5000000]
"#,
            "f.yaml",
        )
        .expect("valid");
        let grade = |q: usize, text: &str, learned: &mut super::Learned| {
            crate::grade::question::grade_text_at(&r, q - 1, text, learned)
        };
        let second = |first: Option<&str>, text: &str| {
            let mut learned = super::Learned::new();
            if let Some(first) = first {
                grade(1, first, &mut learned);
            }
            let out = grade(2, text, &mut learned);
            (out.score, out.numbers[0].carried_forward.clone())
        };
        assert_eq!(second(None, "12,000 x 0.1 ms = 1.2 s"), (1.0, None));
        assert_eq!(second(Some("1.2M rows"), "1.2 s"), (1.0, None));
        assert_eq!(second(Some("12000 rows"), "1.2 s"), (1.0, None));
        // An earlier answer accepted within its tolerance: the learner's own value and the
        // correct one both give full credit.
        assert_eq!(second(Some("13,000 rows"), "1.3 s"), (1.0, None));
        assert_eq!(second(Some("13,000 rows"), "1.2 s"), (1.0, None));
        let (score, note) = second(Some("1.2M rows"), "120 s");
        assert_eq!(score, 0.75);
        assert!(note.is_some_and(|n| n.contains("1,200,000 rows")));
        assert_eq!(second(None, "120 s"), (0.0, None));
        // Without an earlier answer, the expected value is computed from the correct one.
        let mut learned = super::Learned::new();
        let out = grade(2, "3 s", &mut learned);
        assert_eq!(out.numbers[0].expected.as_deref(), Some("1.2 s"));
    }

    /// A value that is one answer rounded the wrong way but exactly a later answer with as
    /// much credit is that later answer: 10 after a peak of 30 is the peak divided by 3
    /// (carried forward), not the mean's 10.8 rounded down; after the right peak it is.
    #[test]
    fn a_rounding_slip_gives_way_to_an_exact_later_answer() {
        let r = crate::rubric::load_str(
            r#"
id: f
title: F
exercises:
  - id: plans
    title: Plans
    questions:
      - number: 1
        prompt: How many instances at peak?
        numbers:
          - id: peak
            unit: instances
            answers:
              - { value: 33, score: 1 }
      - number: 2
        prompt: How many at the mean?
        numbers:
          - id: mean
            unit: instances
            answers:
              - { value: 10.8333333, round: up, score: 1, rounding-score: 0.75 }
              - value: "{1.peak} / 3"
                round: up
                score: 1
                ecf: 0.75
                plausible: [15, 150]
              - { value: 10, score: 0.5 }
"#,
            "f.yaml",
        )
        .expect("valid");
        let second = |peak: &str, mean: &str| {
            let (_, out) = in_turn(&r, peak, mean);
            let n = &out.numbers[0];
            (out.score, n.carried_forward.is_some(), n.expected.clone())
        };
        let (score, carried, _) = second("30 instances", "10 instances");
        assert_eq!((score, carried), (0.75, true));
        // After the right peak (33 / 3 = 11), 10 is the slip: the later answer 10 has less
        // credit and does not take over.
        let (score, carried, expected) = second("33 instances", "10 instances");
        assert_eq!((score, carried), (0.75, false));
        assert!(expected.is_some_and(|e| e.contains("rounded up")));
        assert_eq!(second("33 instances", "11 instances").0, 1.0);
    }

    /// A rubric whose learners write decimal commas reads "1,2 s" as 1.2 and "12.000" as
    /// 12,000, and shows its values as they write them.
    #[test]
    fn a_decimal_comma_rubric_reads_and_shows_commas() {
        const RUBRIC: &str = r#"
id: f
title: F
decimal-mark: ","
exercises:
  - id: plans
    title: Plans
    questions:
      - number: 1
        prompt: How many rows match?
        numbers:
          - id: rows
            unit: rows
            tolerance: { rel: 0.1 }
            answers:
              - { value: 12000, score: 1 }
      - number: 2
        prompt: How long do the fetches take, at 0.1 ms each?
        numbers:
          - id: fetch
            unit: s
            ignore: [0.1]
            tolerance: { abs: 0.05 }
            answers:
              - value: "{1.rows} * 0.0001"
                score: 1
                ecf: 0.75
                plausible: [100, 5000000]
"#;
        let r = crate::rubric::load_str(RUBRIC, "f.yaml").expect("valid");
        let grade = |r: &crate::rubric::Rubric, k: usize, text: &str, l: &mut super::Learned| {
            crate::grade::question::grade_text_at(r, k, text, l)
        };
        let mut learned = super::Learned::new();
        assert_eq!(grade(&r, 0, "12.000 rows", &mut learned).score, 1.0);
        assert_eq!(grade(&r, 1, "1,2 s", &mut learned).score, 1.0);
        // Shown as the learner writes: a decimal comma, thousands apart by a no-break space.
        let mut learned = super::Learned::new();
        grade(&r, 0, "1.200.000 rows", &mut learned);
        let out = grade(&r, 1, "3,5 s", &mut learned);
        assert_eq!((out.score, out.numbers[0].given), (0.0, Some(3.5)));
        assert_eq!(
            out.numbers[0].expected.as_deref(),
            Some("120 s from your earlier answers")
        );
        let out = grade(&r, 1, "120 s", &mut learned);
        assert_eq!(out.score, 0.75);
        assert_eq!(out.numbers[0].tolerance.as_deref(), Some("\u{b1}0,05 s"));
        let note = out.numbers[0].carried_forward.clone().unwrap_or_default();
        assert!(note.contains("your 1\u{a0}200\u{a0}000 rows"), "{note}");
        // "12,000" is 12 here, as a decimal-point writer would not expect: the feedback says so.
        let out = grade(&r, 0, "12,000 rows", &mut super::Learned::new());
        assert_eq!((out.score, out.numbers[0].given), (0.0, Some(12.0)));
        assert_eq!(
            out.numbers[0].given_text.as_deref(),
            Some("12,000 rows (comma read as the decimal mark)")
        );
        for plain in ["12,5 rows", "0,250 rows", "1.000,250 rows"] {
            let out = grade(&r, 0, plain, &mut super::Learned::new());
            assert_eq!(out.numbers[0].given_text.as_deref(), Some(plain));
        }
        // At full credit the comma was read as meant.
        let out = grade(&r, 1, "0,120 s", &mut super::Learned::new());
        assert_eq!(out.numbers[0].given_text.as_deref(), Some("0,120 s"));
        // Without the setting, "1,2 s" is the numbers 1 and 2, and "12.000" is 12.
        let point = RUBRIC.replace("decimal-mark: \",\"\n", "");
        let p = crate::rubric::load_str(&point, "f.yaml").expect("valid");
        let mut learned = super::Learned::new();
        assert_eq!(grade(&p, 0, "12.000 rows", &mut learned).score, 0.0);
        assert_eq!(grade(&p, 1, "1,2 s", &mut super::Learned::new()).score, 0.0);
        let out = grade(&p, 0, "12,000 rows", &mut super::Learned::new());
        assert_eq!(out.numbers[0].given_text.as_deref(), Some("12,000 rows"));
    }

    /// An anticipated wrong answer's tolerance is not shown beside the right value; a
    /// full-credit answer rounded the wrong way keeps its own.
    #[test]
    fn only_the_right_answers_tolerance_is_shown() {
        let r = crate::rubric::load_str(
            r#"
id: t
title: T
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: How many rows match?
        numbers:
          - id: rows
            unit: rows
            tolerance: { rel: 0.02 }
            answers:
              - { value: 12.5, round: up, score: 1, rounding-score: 0.5 }
              - { value: 1200000, score: 0, feedback: "0.25 % is 0.0025." }
"#,
            "t.yaml",
        )
        .expect("valid");
        let number = |text: &str| grade_text(&r, text).numbers[0].clone();
        let wrong = number("1,200,000 rows");
        assert_eq!(
            wrong.expected.as_deref(),
            Some("13 rows (rounded up from 12.5)")
        );
        assert_eq!(wrong.tolerance, None);
        let unrounded = number("12.5 rows");
        assert_eq!(unrounded.score, 0.5);
        assert_eq!(unrounded.tolerance.as_deref(), Some("±2%"));
        assert_eq!(number("13 rows").tolerance.as_deref(), Some("±2%"));
    }

    /// An anticipated wrong answer is the learner's only where it is their own value: a
    /// given restated on the way to another result is working; a number called wrong is not
    /// their answer.
    #[test]
    fn an_anticipated_wrong_answer_in_the_working_is_not_the_answer() {
        let r = crate::rubric::load_str(
            r#"
id: f
title: F
misconceptions:
  one-way-as-rtt:
    title: One-way latency taken as the round-trip time
    feedback: The round trip crosses the link twice.
exercises:
  - id: net
    title: Net
    questions:
      - number: 1
        prompt: The one-way latency is 20 ms. What is the round-trip time?
        numbers:
          - id: rtt
            unit: ms
            answers:
              - { value: 40, score: 1 }
              - { value: 20, score: 0, mistake: one-way-as-rtt }
"#,
            "f.yaml",
        )
        .expect("valid");
        let grade = |text: &str| {
            let out = grade_text(&r, text);
            let held: Vec<String> = out.mistakes.iter().map(|m| m.id.clone()).collect();
            (out.score, out.numbers[0].given, held)
        };
        let none: Vec<String> = Vec::new();
        let held = vec!["one-way-as-rtt".to_string()];
        assert_eq!(
            grade("RTT = 20 ms + 20 ms + 10 ms processing = 30 ms"),
            (0.0, Some(30.0), none.clone())
        );
        assert_eq!(
            grade("One-way is 20 ms, so the RTT is 50 ms"),
            (0.0, Some(50.0), none.clone())
        );
        assert_eq!(
            grade("20 ms is wrong, that is only one way. My RTT: 45 ms"),
            (0.0, Some(45.0), none.clone())
        );
        assert_eq!(grade("The RTT is 20 ms."), (0.0, Some(20.0), held.clone()));
        assert_eq!(grade("40 ms (2 x 20 ms)"), (1.0, Some(40.0), none));
        assert_eq!(
            grade("One way 20 ms, so RTT 20 ms"),
            (0.0, Some(20.0), held.clone())
        );
        // A later number that is no result of it leaves the wrong answer the learner's.
        assert_eq!(
            grade("The RTT is 20 ms (plus about 1 ms of processing)."),
            (0.0, Some(20.0), held.clone())
        );
        assert_eq!(grade("RTT: 20 ms, over 3 ms hops"), (0.0, Some(20.0), held));
    }

    /// A partly credited value the learner computes on ("25 × 0.7") is a step of their working
    /// when they end on a value the rubric anticipates for less; a value they only mention
    /// later ("max 45, above the 36-instance peak") or reject leaves the best one theirs.
    #[test]
    fn a_step_computed_on_towards_an_anticipated_answer_is_not_the_answer() {
        let r = crate::rubric::load_str(
            r#"
id: f
title: F
exercises:
  - id: cap
    title: Capacity
    questions:
      - number: 1
        prompt: How many instances at peak, with 30 % headroom?
        numbers:
          - id: peak
            unit: instances
            ignore: [5000, 200, 0.7]
            answers:
              - { value: 36, score: 1 }
              - { value: 25, score: 0.5 }
              - { value: 17.5, round: up, score: 0 }
"#,
            "f.yaml",
        )
        .expect("valid");
        let grade = |text: &str| {
            let out = grade_text(&r, text);
            (out.score, out.numbers[0].given)
        };
        assert_eq!(
            grade("5000 / 200 = 25 instances, and 25 x 0.7 = 17.5, so 18 instances"),
            (0.0, Some(18.0))
        );
        assert_eq!(
            grade("5000 / 200 = 25 instances, so with headroom 18 instances"),
            (0.5, Some(25.0))
        );
        assert_eq!(
            grade("5000 / 200 = 25 instances x 1.44 = 36 instances"),
            (1.0, Some(36.0))
        );
        // A right value the learner goes on to compute from stays their answer.
        assert_eq!(
            grade("36 instances at peak. Split over 2 AZs that is 36 / 2 = 18 instances per AZ."),
            (1.0, Some(36.0))
        );
        // An operand whose computation does not lead to the final value is no step towards it.
        assert_eq!(
            grade("5000 / 200 = 25 instances, and 25 x 2 is a spare pair. Later: 18 instances"),
            (0.5, Some(25.0))
        );
    }

    /// Feedback writes a money amount with its sign before each value, a unit after it.
    #[test]
    fn values_are_shown_with_their_sign_or_unit() {
        use crate::rubric::Round;
        let money = super::Shown {
            sign: "$",
            suffix: "",
        };
        assert_eq!(money.value(500.0), "$500");
        assert_eq!(money.value(12_000.5), "$12,000.5");
        assert_eq!(money.range(500.0, 600.0), "$500 to $600");
        assert_eq!(money.range(-5.0, 5.0), "-$5 to $5");
        assert_eq!(
            money.rounded(Round::Up, 11.2),
            "$12 (rounded up from $11.2)"
        );
        let ms = super::Shown {
            sign: "",
            suffix: " ms",
        };
        assert_eq!(ms.range(25.0, 36.0), "25 to 36 ms");
        assert_eq!(ms.rounded(Round::Nearest, 80.0), "80 ms");
        assert_eq!(
            ms.rounded(Round::Down, 80.7),
            "80 ms (rounded down from 80.7)"
        );
    }

    /// A money tolerance carries its sign where the learner reads an amount: "±$10".
    #[test]
    fn a_money_tolerance_shows_its_sign() {
        use crate::numeric::Tolerance;
        let money = |t: Tolerance| super::describe_tolerance(&t, "", "$").unwrap_or_default();
        let abs = |tol, inclusive| Tolerance::Absolute { tol, inclusive };
        assert_eq!(money(abs(10.0, true)), "±$10");
        assert_eq!(money(abs(10.0, false)), "±$10 (bounds excluded)");
        assert_eq!(money(Tolerance::MoodleNominal { tol: 2.5 }), "±$2.5");
        assert_eq!(
            money(Tolerance::RelAbs {
                rtol: 0.05,
                atol: 10.0
            }),
            "±(5% + $10)"
        );
        assert_eq!(
            money(Tolerance::Relative {
                tol: 0.05,
                inclusive: true
            }),
            "±5%"
        );
        assert_eq!(money(abs(1e-12, true)), "");
    }

    fn rubric() -> crate::rubric::Rubric {
        crate::rubric::load_str(
            r#"
id: n
title: N
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: How many instances at peak, and what HPA min and max?
        numbers:
          - id: peak
            ignore: [5000, 200]
            answers:
              - { value: [33, 36], score: 1 }
              - { value: [34, 37], score: 0.75 }
              - { value: 25, score: 0.5 }
          - id: hpa-min
            near: "(min*)"
            answers: [{ range: [9, 13], score: 1 }, { range: [14, 60], score: 0.5 }]
          - id: hpa-max
            near: "(max*)"
            answers: [{ range: [37, 60], score: 1 }, { range: [2, 36], score: 0.5 }]
          - id: hpa-min-end
            near: "(min*)"
            range-end: low
            answers: [{ range: [9, 13], score: 1 }, { range: [14, 60], score: 0.5 }]
          - id: hpa-max-end
            near: "(max*)"
            range-end: high
            answers: [{ range: [37, 60], score: 1 }, { range: [2, 36], score: 0.5 }]
"#,
            "n.yaml",
        )
        .expect("valid")
    }

    /// The score of each number check, in the rubric's order.
    fn all_scores(text: &str) -> Vec<f64> {
        grade_text(&rubric(), text)
            .numbers
            .iter()
            .map(|n| n.score)
            .collect()
    }

    /// The scores of `peak`, `hpa-min` and `hpa-max` (the checks without `range-end`).
    fn scores(text: &str) -> Vec<f64> {
        all_scores(text)[..3].to_vec()
    }

    /// `against` as it was before a rounded answer's expected text was written only on a hit.
    fn reference_against(
        ans: &crate::rubric::NumberAnswer,
        v: f64,
        g: f64,
    ) -> Option<(f64, String)> {
        use super::fmt;
        use crate::rubric::Round;
        match ans.round {
            None => ans.tolerance.accepts(v, g).then(|| (ans.score, fmt(v))),
            Some(r) => {
                let target = match r {
                    Round::Up => v.ceil(),
                    Round::Down => v.floor(),
                    Round::Nearest => v.round(),
                };
                let how = match r {
                    Round::Up => "rounded up",
                    Round::Down => "rounded down",
                    Round::Nearest => "rounded",
                };
                let expected = if (target - v).abs() < 1e-9 {
                    fmt(v)
                } else {
                    format!("{} ({how} from {})", fmt(target), fmt(v))
                };
                if ans.tolerance.accepts(target, g) {
                    return Some((ans.score, expected));
                }
                let near_unrounded =
                    (g - v).abs() <= 0.051 * v.abs().max(1.0) / 10.0 || (g - v).abs() < 0.051;
                let wrong_way = [v.floor(), v.ceil(), v.round()]
                    .iter()
                    .any(|w| (g - w).abs() < 1e-9);
                (near_unrounded || wrong_way).then_some((ans.rounding_score, expected))
            }
        }
    }

    /// `against` gives the same score and expected text as [`reference_against`] for every
    /// rounding rule and tolerance, on values just off, on and between the rounded ones.
    #[test]
    fn against_agrees_with_formatting_first() {
        use crate::numeric::Tolerance;
        use crate::rubric::{Expected, NumberAnswer, Round};
        let tolerances = [
            Tolerance::Exact,
            Tolerance::Absolute {
                tol: 1e-9,
                inclusive: true,
            },
            Tolerance::Absolute {
                tol: 0.5,
                inclusive: false,
            },
            Tolerance::Relative {
                tol: 0.05,
                inclusive: true,
            },
        ];
        let expected = [11.9, 12.0, 12.5, -3.25, 0.0, 1666.6667, 1e-7, 33.0, 0.049];
        for tolerance in tolerances {
            for round in [
                None,
                Some(Round::Up),
                Some(Round::Down),
                Some(Round::Nearest),
            ] {
                let ans = NumberAnswer {
                    expected: Expected::Values(Vec::new()),
                    tolerance,
                    round,
                    score: 1.0,
                    rounding_score: 0.5,
                    ecf: None,
                    plausible: None,
                    mistake: None,
                    feedback: None,
                };
                for &v in &expected {
                    let mut given = vec![v, -v, v + 0.04, v - 0.06, v * 1.04, 1e9, f64::NAN];
                    given.extend(
                        [v.floor(), v.ceil(), v.round()]
                            .iter()
                            .flat_map(|w| [*w, w + 1e-10, w - 1e-10, w + 0.5, w - 1.0]),
                    );
                    for g in given {
                        assert_eq!(
                            super::against(&ans, v, g, super::Shown::PLAIN).map(|(s, e, _)| (s, e)),
                            reference_against(&ans, v, g),
                            "{tolerance:?} {round:?} {v} {g}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_number_the_learner_rejects_earns_nothing() {
        assert_eq!(scores("We need 25 instances, not 36.")[0], 0.5);
        assert_eq!(scores("25 instead of 36")[0], 0.5);
        assert_eq!(scores("Not 25: 36 instances.")[0], 1.0);
        assert_eq!(scores("36 instances, not 25.")[0], 1.0);
    }

    /// `(45)` after a space is an item label to the text analysis: the number still stands
    /// next to the cue written before it.
    #[test]
    fn a_parenthesised_number_keeps_its_cue() {
        assert_eq!(
            scores("36. min (12), max (45) for spikes"),
            vec![1.0, 1.0, 1.0]
        );
        assert_eq!(scores("36. min (12), max (45)"), vec![1.0, 1.0, 1.0]);
        assert_eq!(scores("36. min 12, max (45)."), vec![1.0, 1.0, 1.0]);
    }

    /// `range-end`: a range with no cue near it ("HPA 12-45") is the low end for one check
    /// and the high end for the other; a cue still decides when there is one, and a lone
    /// number with no cue is read by neither.
    #[test]
    fn a_range_with_no_cue_gives_each_check_its_end() {
        let s = all_scores("36 at peak. HPA 12-45 replicas.");
        assert_eq!(
            s[1..],
            [0.0, 0.0, 1.0, 1.0],
            "without range-end no check reads it"
        );
        assert_eq!(
            all_scores("36 at peak. HPA between 12 and 45.")[3..],
            [1.0, 1.0]
        );
        assert_eq!(all_scores("36 at peak. HPA 45.")[3..], [0.0, 0.0]);
        assert_eq!(all_scores("36 at peak. Max 45, min 12.")[3..], [1.0, 1.0]);
    }

    /// When no number earns credit, the one reported and carried forward is the last written
    /// in the check's unit, even an ignored one ("6000 / 200 = 30 instances", 30 ignored as
    /// the sheet's 30 %): a later answer built on it gets its error carried forward.
    #[test]
    fn a_wrong_answer_in_the_checks_unit_is_carried_forward() {
        let r = crate::rubric::load_str(
            r#"
id: n
title: N
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: How many instances at peak?
        numbers:
          - id: peak
            unit: instances
            ignore: [5000, 200, 30, 2]
            answers: [{ value: 33, score: 1 }]
      - number: 2
        prompt: What HPA maximum?
        numbers:
          - id: max
            unit: instances
            tolerance: { abs: 12 }
            answers:
              - { value: "{e.1.peak} + 13", score: 1, ecf: 0.75, plausible: [15, 150] }
"#,
            "n.yaml",
        )
        .expect("valid");
        let graded = |first: &str, second: &str| {
            let (a, b) = in_turn(&r, first, second);
            (a.numbers[0].given_text.clone(), b.numbers[0].score)
        };
        // (32 is 30 + 13 within 12, but not 33 + 13: carried forward from 30.)
        assert_eq!(
            graded("5000 x 1.3 = 6000 -> 6000 / 200 = 30 instances", "max 32"),
            (Some("30 instances".to_string()), 0.75)
        );
        // 36 is 33 + 13 within 12: right, whatever the peak given.
        assert_eq!(
            graded("5000 x 1.3 = 6000 -> 6000 / 200 = 30 instances", "max 36"),
            (Some("30 instances".to_string()), 1.0)
        );
        // A number in the unit that is not ignored comes first: "lose 2 instances" is no peak.
        assert_eq!(
            graded(
                "5000 / 125 = 40 instances, so we can lose 2 instances",
                "max 63"
            ),
            (Some("40 instances".to_string()), 0.75)
        );
    }

    /// A value an anticipated answer takes for less is the carried-forward one when the
    /// learner works it out from their own wrong earlier answer: "26 / 3 = 8.7 -> 9" after a
    /// peak of 26 is the method applied (ECF), not the mean count without headroom; a bare 9
    /// stays the anticipated answer.
    #[test]
    fn working_from_the_own_earlier_answer_is_carried_forward() {
        let r = crate::rubric::load_str(
            r#"
id: n
title: N
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: How many instances at peak?
        numbers:
          - id: peak
            unit: instances
            ignore: [5000, 200, 1.3]
            answers: [{ value: 33, score: 1 }, { value: 25, score: 0.5 }]
      - number: 2
        prompt: How many at the mean?
        numbers:
          - id: mean
            unit: instances
            ignore: [5000, 200, 3]
            answers:
              - { value: 11, score: 1 }
              - { value: 9, score: 0.5 }
              - { value: "{e.1.peak} / 3", round: up, score: 1, ecf: 0.75, plausible: [15, 400] }
"#,
            "n.yaml",
        )
        .expect("valid");
        let graded = |first: &str, second: &str| in_turn(&r, first, second).1.numbers[0].score;
        let slip = "5000 / 200 x 1.3 = 26 instances";
        assert_eq!(graded(slip, "26 / 3 = 8.7 -> 9 instances"), 0.75);
        assert_eq!(graded(slip, "9 instances"), 0.5);
        // A peak the rubric anticipates (no headroom): its error carried on is that error.
        assert_eq!(
            graded("5000 / 200 = 25 instances", "25 / 3 = 8.3 -> 9 instances"),
            0.5
        );
    }

    #[test]
    fn a_range_counts_as_its_weaker_end() {
        assert_eq!(scores("25-36 instances")[0], 0.5);
        assert_eq!(scores("between 25 and 36")[0], 0.5);
        assert_eq!(scores("36-37")[0], 0.75);
        assert_eq!(scores("33-36 depending on the reading")[0], 1.0);
        // An end that matches no answer is not a hedge between answers.
        assert_eq!(scores("30-36")[0], 1.0);
        // A check with a cue reads each end: the minimum and the maximum of one range.
        assert_eq!(
            scores("36 at peak. HPA min/max: 12-45"),
            vec![1.0, 1.0, 1.0]
        );
    }
}
