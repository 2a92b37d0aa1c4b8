//! Concepts: an idea the answer must show. Found when one of its `match` patterns matches
//! with the wanted polarity (asserted by default; a claim the learner reports as others'
//! words shows the idea too, "my lead says a crash before the flush loses writes", unless it
//! restates a misconception, see `question.rs`), every `all` pattern matches somewhere, and
//! no `unless` pattern matches in the same sentence.

use super::answer::{Hit, Prepared, Unless};
use super::result::ConceptResult;
use crate::rubric::{Concept, Want};
use crate::text::{Polarity, Reading};

/// The outcome of one concept: the result, and whether the answer both asserts and denies it.
pub struct ConceptOutcome {
    pub result: ConceptResult,
    pub contradiction: bool,
    /// The words of a found concept's hit when they are negated (a `polarity: any` rule): a
    /// misconception held in them may take its negation (see [`check_except`]).
    pub negated_hit: Option<Vec<usize>>,
    /// The words of a found concept's hit when the learner only reports them as others'
    /// words: a misconception reported in them may claim them (see [`check_except`]).
    pub reported_hit: Option<Vec<usize>>,
}

/// Which wanted matches a check sets aside (counts as ones with another polarity), by their
/// reading and words.
pub type Aside<'f> = &'f dyn Fn(Reading, &[usize]) -> bool;

/// A hit and the source of the pattern that made it.
pub type SourcedHit<'p> = (Hit, &'p str);

/// Does a hit have the polarity the rule wants? `any` takes a negated match (the negation
/// can be part of the idea: "the instance doesn't keep session state"), but not one the
/// learner denies outright ("it is not true that any instance can serve any request").
pub fn wanted(want: Want, r: Reading) -> bool {
    match want {
        Want::Asserted => r.polarity == Polarity::Asserted,
        Want::Negated => r.polarity == Polarity::Negated,
        Want::Any => r.polarity != Polarity::Quoted && !r.refuted,
    }
}

/// The hit of `patterns` with the wanted polarity and no `unless` in its sentence that stands
/// in the answer's first sentence with one (whichever pattern made it: the evidence quotes where
/// the learner first made the point, not a later sentence that an earlier-listed pattern also
/// matches; within that sentence, the first pattern's first hit), and the
/// first hit with another polarity, in the order of the patterns (for explaining a miss). A
/// match's polarity is worked out only while it could still be one of the two. For holding
/// a belief: a claim the learner only reports as others' words is none they hold.
pub fn best_hit<'p>(
    a: &Prepared<'_>,
    patterns: &'p [crate::pattern::Pattern],
    unless: &mut Unless<'_>,
    want: Want,
) -> (Option<SourcedHit<'p>>, Option<SourcedHit<'p>>) {
    best_hit_except(a, patterns, unless, want, &|r, _| r.reported)
}

/// [`best_hit`], where a wanted match that `aside` claims counts as one with another
/// polarity (see [`check_except`]).
fn best_hit_except<'p>(
    a: &Prepared<'_>,
    patterns: &'p [crate::pattern::Pattern],
    unless: &mut Unless<'_>,
    want: Want,
    aside: Aside<'_>,
) -> (Option<SourcedHit<'p>>, Option<SourcedHit<'p>>) {
    let mut good: Option<SourcedHit<'p>> = None;
    let mut other = None;
    let sentence = |t: &[usize]| t.first().map(|&i| a.analysis.tokens[i].sentence);
    for p in patterns {
        for tokens in a.matches(p) {
            // Only a hit in an earlier sentence replaces the one kept (in one sentence, the
            // patterns' order still chooses the words marked).
            let earlier = good
                .as_ref()
                .is_none_or(|(h, _)| sentence(&tokens) < sentence(&h.tokens));
            if !earlier && other.is_some() {
                continue;
            }
            if unless.in_sentence_of(a, tokens[0]) {
                continue;
            }
            let reading = a.reading_of(p, &tokens);
            let polarity = reading.polarity;
            let hit = |tokens| Hit {
                tokens,
                polarity,
                reported: reading.reported,
            };
            if wanted(want, reading) && !aside(reading, &tokens) {
                if earlier {
                    good = Some((hit(tokens), p.source.as_str()));
                }
            } else if other.is_none() {
                other = Some((hit(tokens), p.source.as_str()));
            }
        }
    }
    (good, other)
}

/// Whether some hit of `patterns` that `apart` accepts (its words not those of `kept`, see
/// `Hit::overlaps`) has a polarity the rule does not want: a second statement, for telling a
/// contradiction from one statement read two ways. Asked only when the first such hit
/// [`best_hit`] found overlaps the kept one, which is rare.
pub fn other_apart(
    a: &Prepared<'_>,
    patterns: &[crate::pattern::Pattern],
    unless: &mut Unless<'_>,
    want: Want,
    kept: &Hit,
    apart: &mut dyn FnMut(&Hit, &mut Unless<'_>) -> bool,
) -> bool {
    patterns.iter().any(|p| {
        a.matches(p).into_iter().any(|tokens| {
            if unless.in_sentence_of(a, tokens[0]) {
                return false;
            }
            let reading = a.reading_of(p, &tokens);
            let hit = Hit {
                tokens,
                polarity: reading.polarity,
                reported: reading.reported,
            };
            !wanted(want, reading) && !hit.overlaps(kept) && apart(&hit, unless)
        })
    })
}

/// Grades one concept.
pub fn check(c: &Concept, a: &Prepared<'_>) -> ConceptOutcome {
    check_with(c, a, &|_, _| false, &|_| false)
}

/// Grades one concept without the matches `aside` claims: negated ones in the words of a
/// misconception the answer holds ("writes are never lost" holds one, and names no loss), or
/// reported ones in the words of a misconception reported ("my lead says adding an LB makes
/// it scalable" names no error). A match elsewhere can still make the point; a claimed one is
/// shown only as the words that mentioned it the wrong way. A negated hit whose words
/// `denials_aside` claims denies nothing (see `contradicted_apart`).
pub fn check_except(
    c: &Concept,
    a: &Prepared<'_>,
    aside: Aside<'_>,
    denials_aside: &dyn Fn(&[usize]) -> bool,
) -> ConceptOutcome {
    check_with(c, a, aside, denials_aside)
}

/// Whether the answer both asserts and denies `c` once the denials whose words `aside`
/// claims are set aside: a negation that a misconception the answer holds takes ("a single
/// strong box doesn't crash as often as a fleet of cheap VMs" holds that one big box is
/// sturdier, and denies nothing of what horizontal scaling is), or words that a match of a
/// misconception the learner refutes reads ("a common mix-up is to think that scaling up
/// means adding more machines" denies the mix-up, not that horizontal scaling is more
/// machines).
pub fn contradicted_apart(c: &Concept, a: &Prepared<'_>, aside: &dyn Fn(&[usize]) -> bool) -> bool {
    check_with(c, a, &|_, _| false, aside).contradiction
}

/// [`check_except`], where a negated hit whose words `aside` claims denies nothing.
fn check_with(
    c: &Concept,
    a: &Prepared<'_>,
    taken: Aside<'_>,
    aside: &dyn Fn(&[usize]) -> bool,
) -> ConceptOutcome {
    let mut unless = Unless::new(&c.unless);
    let (good, other) = if c.patterns.is_empty() {
        (None, None)
    } else {
        best_hit_except(a, &c.patterns, &mut unless, c.want, taken)
    };
    let mut found = good.is_some() || c.patterns.is_empty();
    let mut first_all = None;
    for p in &c.all {
        let (hit, _) = best_hit_except(a, std::slice::from_ref(p), &mut unless, c.want, taken);
        match hit {
            Some((h, src)) => {
                first_all.get_or_insert((h, src));
            }
            None => found = false,
        }
    }
    let shown = good.as_ref().or(first_all.as_ref());
    // One statement read two ways (the first other hit shares words with the kept one) is
    // no contradiction; a second statement elsewhere still is.
    // A negation in a condition ("stale if nobody ran ANALYZE") denies nothing.
    // Nor does a negation whose words `aside` claims (see `contradicted_apart`), nor a claim
    // only reported as others' words ("critics say …").
    let denies = |h: &Hit| match h.polarity {
        _ if h.reported => false,
        Polarity::Quoted => false,
        Polarity::Negated => {
            !h.tokens
                .first()
                .is_some_and(|&i| a.analysis.in_condition(i))
                && !aside(&h.tokens)
        }
        Polarity::Asserted => true,
    };
    // (A first other hit that denies nothing, a quotation or a condition, leaves a later one
    // to be looked for.)
    let contradiction = c.want != Want::Any
        && match (&good, &other) {
            (Some((g, _)), Some((h, _))) => {
                (denies(h) && !h.overlaps(g))
                    || other_apart(a, &c.patterns, &mut unless, c.want, g, &mut |h, _| {
                        denies(h)
                    })
            }
            _ => false,
        };
    let negated_hit = match (found, shown) {
        (true, Some((h, _))) if h.polarity == Polarity::Negated => Some(h.tokens.clone()),
        _ => None,
    };
    let reported_hit = match (found, shown) {
        (true, Some((h, _))) if h.reported => Some(h.tokens.clone()),
        _ => None,
    };
    let result = match (found, shown) {
        (true, Some((h, src))) => ConceptResult {
            id: c.id.clone(),
            found: true,
            evidence: Some(a.evidence(&h.tokens)),
            polarity: Some(h.polarity),
            rule: Some(src.to_string()),
        },
        _ => {
            // Missed: show the words that mentioned it the wrong way, if any.
            let near = other
                .as_ref()
                .map(|(h, src)| (a.evidence(&h.tokens), h.polarity, src.to_string()));
            ConceptResult {
                id: c.id.clone(),
                found: false,
                evidence: near.as_ref().map(|n| n.0.clone()),
                polarity: near.as_ref().map(|n| n.1),
                rule: near.map(|n| n.2),
            }
        }
    };
    ConceptOutcome {
        result,
        contradiction,
        negated_hit,
        reported_hit,
    }
}

#[cfg(test)]
mod tests {
    use crate::grade::question::grade_text;

    /// A rubric of one question whose `concepts:` are `concepts` (YAML, indented two spaces).
    fn one_question(concepts: &str) -> crate::rubric::Rubric {
        let src = format!(
            "id: u\ntitle: U\nexercises:\n  - id: e\n    title: E\n    questions:\n      \
             - number: 1\n        prompt: What?\n        concepts:\n{}",
            concepts
                .lines()
                .map(|l| format!("        {l}\n"))
                .collect::<String>()
        );
        crate::rubric::load_str(&src, "u.yaml").expect("valid")
    }

    /// `polarity: any` credits a negated match but not one the learner denies outright.
    #[test]
    fn any_polarity_takes_a_negation_but_not_a_refutation() {
        let r = one_question(
            r#"
  - id: definition
    polarity: any
    match: ["any instance .. serve .. request"]
    feedback: Say it.
"#,
        );
        let found = |text: &str| grade_text(&r, text).concepts[0].found;
        assert!(found("Any instance can serve any request."));
        assert!(found("Nothing stops any instance from serving a request."));
        assert!(!found(
            "It is not true that any instance can serve any request."
        ));
        assert!(!found(
            "It's a myth that any instance can serve any request."
        ));
        // A rejecting phrase after the claim negates it without a denial frame.
        assert!(found("That any instance can serve any request is wrong."));
        assert!(!found(
            "\"Any instance can serve any request\" is the claim."
        ));
    }

    /// A point asserted in one sentence and denied in another is a contradiction; one
    /// statement that two patterns read around a negation of something else is not, nor is a
    /// negation in a condition.
    #[test]
    fn a_contradiction_needs_two_statements() {
        let r = one_question(
            r#"
  - id: concurrent
    match: ["concurren* .. transaction*", "transaction* .. concurren*"]
    feedback: Say it.
"#,
        );
        let flagged = |text: &str| {
            let out = grade_text(&r, text);
            assert!(out.concepts[0].found, "{text}");
            !out.flags.is_empty()
        };
        assert!(!flagged(
            "Isolation: one transaction never sees the partial, uncommitted work of concurrent transactions."
        ));
        assert!(flagged(
            "Concurrent transactions interleave. Transactions are not concurrent."
        ));
        // A negation in a condition states the condition, not a denial; a plain denial after
        // it still is one.
        assert!(!flagged(
            "Concurrent transactions interleave. Locks are cheap if no transaction is concurrent."
        ));
        assert!(flagged(
            "Transactions are concurrent. Locks are cheap if no transactions are concurrent. Transactions are never concurrent."
        ));
    }

    /// Whether the concept `stateless` (`unless` a mention of sticky sessions) is found in
    /// `text`, through a `match` or an `all` pattern.
    fn found(text: &str) -> (bool, bool) {
        let r = one_question(
            r#"
  - id: by-match
    match: ["stateless"]
    unless: ["sticky"]
    feedback: Say it.
  - id: by-all
    match: ["server"]
    all: ["stateless"]
    unless: ["sticky"]
    feedback: Say it.
"#,
        );
        let out = grade_text(&r, text);
        let found = |id: &str| out.concepts.iter().any(|c| c.id == id && c.found);
        (found("by-match"), found("by-all"))
    }

    /// The evidence quotes the first sentence that makes the point, whichever of the
    /// concept's patterns matched it: the JWT pro on the line before the store's "stateless
    /// app tier", though `stateless` is listed first (strong-ana's session-redesign 2).
    #[test]
    fn evidence_quotes_the_first_hit_in_the_answer() {
        let r = one_question(
            r#"
  - id: jwt-pro
    polarity: any
    match: ["stateless", "(no|without) .. server_side .. state"]
    feedback: Say it.
"#,
        );
        let text = "(a) JWT: pro: no server-side state.\n(b) Store: pro: stateless app tier.";
        let out = grade_text(&r, text);
        let ev = out.concepts[0].evidence.as_ref().expect("found");
        assert_eq!(
            (ev.line, ev.text.as_str()),
            (1, "JWT: pro: no server-side state.")
        );
        assert_eq!(
            out.concepts[0].rule.as_deref(),
            Some("(no|without) .. server_side .. state")
        );
    }

    /// `unless` blocks a hit in its own sentence only: a sticky session mentioned in another
    /// sentence, before or after, leaves the hit standing, for `match` and `all` patterns.
    #[test]
    fn unless_blocks_a_hit_in_its_own_sentence_only() {
        assert_eq!(found("The server is stateless."), (true, true));
        assert_eq!(
            found("The server is stateless, not sticky."),
            (false, false)
        );
        assert_eq!(
            found("No sticky sessions. The server is stateless."),
            (true, true)
        );
        assert_eq!(
            found("The server is stateless. Sticky sessions come later."),
            (true, true)
        );
        // A second hit in a sentence of its own stands when the first is blocked.
        assert_eq!(
            found("Stateless but sticky. The server is stateless."),
            (true, true)
        );
    }
}
