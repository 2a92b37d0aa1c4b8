//! Mistakes (misconceptions): a wrong belief the learner holds. Held when one of its
//! patterns matches with the wanted polarity (asserted by default: quoting the statement to
//! refute it, or negating it, is not holding it). An answer that both asserts and denies it
//! is flagged as a contradiction and not counted as holding it.

use super::answer::{Hit, Prepared, Unless, spans_overlap};
use super::concept::{best_hit, other_apart, wanted};
use super::result::MistakeResult;
use crate::rubric::MistakeRule;
use crate::text::{Polarity, Reading};

/// The outcome of one mistake rule.
pub struct MistakeOutcome {
    pub held: Option<MistakeResult>,
    pub contradiction: bool,
}

/// Does a match of `m` held in the sentence of `negated` name the negation word that negates
/// it (see `Analysis::negation_taken_by`)? With `beyond`, only a match that shares no word
/// with `negated` counts (see [`takes_negation_beyond`]).
fn negation_held(
    m: &MistakeRule,
    a: &Prepared<'_>,
    unless: &mut Unless<'_>,
    negated: &[usize],
    beyond: bool,
) -> bool {
    let sentence = |t: &[usize]| t.first().map(|&i| a.analysis.tokens[i].sentence);
    m.patterns.iter().any(|p| {
        a.matches(p).into_iter().any(|tokens| {
            sentence(&tokens) == sentence(negated)
                && !(beyond && spans_overlap(negated, &tokens))
                && !unless.in_sentence_of(a, tokens[0])
                && {
                    let r = a.reading_of(p, &tokens);
                    !r.reported && wanted(m.want, r)
                }
                && a.analysis.negation_taken_by(&tokens, negated)
        })
    })
}

/// Does a match of `m` (held, in the sentence of `negated`) name the negation word that negates
/// the words `negated` of another rule's match? Then those words say what `m` says, not the
/// other rule's point: "acknowledged writes are never lost" holds the belief that write-behind
/// is safe, and is no naming of the loss it denies.
pub fn takes_negation_of(m: &MistakeRule, a: &Prepared<'_>, negated: &[usize]) -> bool {
    negation_held(m, a, &mut Unless::new(&m.unless), negated, false)
}

/// [`takes_negation_of`], by a match of `m` whose words end before those of `negated` or
/// start after them: the negation `m` holds only reaches them. "A single strong box doesn't
/// crash as often as a fleet of cheap VMs" holds that one big box is sturdier, and denies
/// nothing of the fleet; "so there's no need for Redis", a misconception held in the very
/// words, does deny Redis.
pub fn takes_negation_beyond(m: &MistakeRule, a: &Prepared<'_>, negated: &[usize]) -> bool {
    negation_held(m, a, &mut Unless::new(&m.unless), negated, true)
}

/// The words of every match of `m` the learner denies or only reports (each ascending), for a
/// mistake the answer does not hold: the misconception refuted, as many times as it is ("a
/// common mix-up is to think that scaling up means adding more machines"). A point's words
/// among them deny nothing of the point (see `question.rs`).
pub fn refutations(m: &MistakeRule, a: &Prepared<'_>) -> Vec<Vec<usize>> {
    let mut unless = Unless::new(&m.unless);
    matches_read(m, a, Some(&mut unless), |r| {
        r.polarity == Polarity::Negated || r.reported
    })
}

/// The words of every match of `m` the learner only reports as others' words, asserted
/// (each ascending), whatever caveat stands beside them (its `unless`): a point's words among
/// them restate the misconception, and make no point. A report of it denied ("I've heard a
/// CDN alone isn't enough") restates the point instead.
pub fn reports(m: &MistakeRule, a: &Prepared<'_>) -> Vec<Vec<usize>> {
    matches_read(m, a, None, |r| {
        r.reported && r.polarity == Polarity::Asserted
    })
}

/// The words of every match of `m` whose reading `keep` accepts, outside the sentences of
/// `unless` when it is given (asked first: it settles a match without reading it).
fn matches_read(
    m: &MistakeRule,
    a: &Prepared<'_>,
    mut unless: Option<&mut Unless<'_>>,
    keep: impl Fn(Reading) -> bool,
) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for p in &m.patterns {
        for tokens in a.matches(p) {
            let caveat = unless
                .as_deref_mut()
                .is_some_and(|u| u.in_sentence_of(a, tokens[0]));
            if !caveat && keep(a.reading_of(p, &tokens)) {
                out.push(tokens);
            }
        }
    }
    out
}

/// Checks one mistake rule.
pub fn check(m: &MistakeRule, a: &Prepared<'_>) -> MistakeOutcome {
    let mut unless = Unless::new(&m.unless);
    let (mut good, other) = best_hit(a, &m.patterns, &mut unless, m.want);
    if good.is_some()
        && m.all.iter().any(|p| {
            best_hit(a, std::slice::from_ref(p), &mut unless, m.want)
                .0
                .is_none()
        })
    {
        good = None;
    }
    if good.is_some() && m.unless_anywhere.iter().any(|p| !a.matches(p).is_empty()) {
        good = None;
    }
    // A denial makes a contradiction, but not a match negated only by a negation word that a
    // held match names ("sticky sessions aren't a problem if the LB is smart enough" holds
    // the belief through "aren't a problem"; "sticky … enough" reads as negated by it). The
    // held match kept is the earliest; one in the denial's own sentence is looked for (only
    // when a contradiction is at stake, which is rare).
    // Nor does a claim only reported as others' words: "critics say a CDN is enough … for us
    // a CDN is enough" holds it.
    let denies = |h: &Hit, unless: &mut Unless<'_>| {
        h.polarity == Polarity::Negated
            && !h.reported
            && !negation_held(m, a, unless, &h.tokens, false)
    };
    let denial = match (&good, &other) {
        (Some(_), Some((h, _))) if denies(h, &mut unless) => Some(h),
        _ => None,
    };
    match (good, denial) {
        // A denial in the held match's own words ("They are *not* the same thing" read both
        // ways) is one statement read two ways: not held (a learner is not told of a belief
        // the words may deny), and a contradiction only if a denial apart from it is found
        // (see `Hit::overlaps`).
        (Some((g, _)), Some(h)) => MistakeOutcome {
            held: None,
            contradiction: !h.overlaps(&g)
                || other_apart(a, &m.patterns, &mut unless, m.want, &g, &mut |h, u| {
                    denies(h, u)
                }),
        },
        (Some((h, src)), None) => MistakeOutcome {
            held: Some(MistakeResult {
                id: m.id.clone(),
                title: m.title.clone(),
                evidence: Some(a.evidence(&h.tokens)),
                feedback: m.feedback.clone(),
                rule: Some(src.to_string()),
            }),
            contradiction: false,
        },
        (None, _) => MistakeOutcome {
            held: None,
            contradiction: false,
        },
    }
}
