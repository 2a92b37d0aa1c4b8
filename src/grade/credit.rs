//! What a learner is told they got and what they missed.
//!
//! A rubric's levels name, besides the points an answer should make, concepts that mark a
//! weaker answer (`kind: weakness`: "thin", "vague definition") and alternatives of which a
//! few are enough ("2 of (sessions, local-cache, …)"). So:
//! - a found **point** is credit; a found **weakness** is never praised, and its feedback
//!   says what to improve;
//! - a point not found is **missing** only when the best level still needs it: it is named
//!   outside a `!` in a part of that level's `when` that does not hold yet (each alternative
//!   of an unmet "k of (…)" or `|` of plain points, as a choice; of compound ways only the
//!   nearest; none of a met one). A learner who answered in full is told nothing is missing,
//!   and one who named two hidden states is not told to name the other four. With additive
//!   scoring every point with weight is needed.

use crate::grade::QuestionResult;
use crate::rubric::expr::{Expr, Name};
use crate::rubric::{Concept, ConceptKind, Level, LevelScore, Question, Scoring};

/// A point the answer still needs.
#[derive(Debug, Clone, Copy)]
pub struct Need<'q> {
    pub concept: &'q Concept,
    /// For one of several alternatives ("2 of (…)", `|`) of which only some are still
    /// needed: the choice it is part of.
    pub choice: Option<Alternatives>,
}

/// A choice among the missing points of a question: some of them are enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alternatives {
    /// How many of them are enough.
    pub needed: usize,
    /// How many there are (of those shown).
    pub of: usize,
    /// Which choice of the question it is: the same for its alternatives, another for those
    /// of another choice (an opaque key).
    pub group: usize,
}

/// The points of `q` not found that the answer still needs for the best level (in the
/// question's order). `values` are the answer's values by slot (see `Question::slot`): 1 for
/// a found concept or held mistake, a number check's share of credit; `reached` is the level
/// the answer reached (the first that holds), if any. Only points `shown` are listed, and a
/// choice counts only those ("any 1 of these 2" when a third alternative is for instructors'
/// eyes only).
pub fn missing<'q>(
    q: &'q Question,
    values: &[f64],
    reached: Option<usize>,
    shown: &dyn Fn(&Concept) -> bool,
) -> Vec<Need<'q>> {
    let points = (q.concepts.iter().zip(values))
        .filter(|&(c, &v)| c.kind == ConceptKind::Point && v < 1.0 - 1e-9 && shown(c))
        .map(|(c, _)| c);
    match &q.scoring {
        Scoring::Additive => points
            .filter(|c| c.weight > 0.0)
            .map(|concept| Need {
                concept,
                choice: None,
            })
            .collect(),
        Scoring::Levels(levels) => {
            let Some(top) = best_unreached(levels, values, reached) else {
                return Vec::new();
            };
            let mut needed = Vec::new();
            needs(&top.when, values, &|n| is_point(q, n), None, &mut needed);
            // Two points with the same feedback are asked for once.
            let mut kept: Vec<(&Concept, Option<Choice>)> = Vec::new();
            for concept in points {
                let Some(&(_, choice)) = needed.iter().find(|(n, _)| n.id == concept.id) else {
                    continue;
                };
                if !kept.iter().any(|(c, _)| c.feedback == concept.feedback) {
                    kept.push((concept, choice));
                }
            }
            // A choice counts the alternatives shown.
            kept.iter()
                .map(|&(concept, choice)| Need {
                    concept,
                    choice: choice.and_then(|(needed, group)| {
                        let of = kept
                            .iter()
                            .filter(|(_, c)| c.is_some_and(|(_, g)| g == group))
                            .count();
                        (of > needed).then_some(Alternatives { needed, of, group })
                    }),
                })
                .collect()
        }
    }
}

/// Whether the number check `id` of `q` is still needed: named by what the best level, not
/// reached, still needs (of compound ways only the nearest, as for [`missing`]); with
/// additive scoring, when it has weight and not full credit. A check that is only another way
/// to a level the answer reached, or to none it could, is not: its general feedback would
/// tell a learner who answered in full to fix what needs no fixing.
pub fn number_needed(q: &Question, values: &[f64], reached: Option<usize>, id: &str) -> bool {
    let Some(slot) = q.slot(id) else {
        return false;
    };
    match &q.scoring {
        Scoring::Additive => {
            let n = slot
                .checked_sub(q.concepts.len())
                .and_then(|i| q.numbers.get(i));
            n.is_some_and(|n| n.weight > 0.0) && values[slot] < 1.0 - 1e-9
        }
        Scoring::Levels(levels) => {
            let Some(top) = best_unreached(levels, values, reached) else {
                return false;
            };
            let mut needed = Vec::new();
            needs(&top.when, values, &|n| is_point(q, n), None, &mut needed);
            // A level that gives a number's credit needs that number in full.
            let scored_by = matches!(&top.score, LevelScore::Number(n) if n.slot == slot);
            needed.iter().any(|(n, _)| n.slot == slot) || (scored_by && values[slot] < 1.0 - 1e-9)
        }
    }
}

/// The best level, when the answer did not reach a level that scores as much.
fn best_unreached<'l>(
    levels: &'l [Level],
    values: &[f64],
    reached: Option<usize>,
) -> Option<&'l Level> {
    let reached = reached.map_or(0.0, |k| levels[k].score.of(values));
    best_level(levels)
        .map(|k| &levels[k])
        .filter(|l| reached < potential(l) - 1e-9)
}

/// Is `n` a point (a concept that is not a weakness)?
fn is_point(q: &Question, n: &Name) -> bool {
    q.concepts
        .get(n.slot)
        .is_some_and(|c| c.kind == ConceptKind::Point)
}

/// The weaknesses found in the answer that decided its level or keep it from the best:
/// - without them (one, or all found together: "weak-source | weak-second") it would have
///   reached another level (a "thin" answer that reached part credit through it);
/// - the best level, not reached, rules it out (`!chose-write-behind`).
///
/// A weakness found beside the level the answer reached by its points says nothing about it.
/// With additive scoring there are none (see `kind: weakness`). `values` and `reached` are as
/// for [`missing`].
pub fn weaknesses<'q>(q: &'q Question, values: &[f64], reached: Option<usize>) -> Vec<&'q Concept> {
    let Scoring::Levels(levels) = &q.scoring else {
        return Vec::new();
    };
    let reached_with = |values: &[f64]| levels.iter().position(|l| l.when.eval(values));
    let found: Vec<usize> = (q.concepts.iter().zip(values))
        .enumerate()
        .filter(|&(_, (c, &v))| c.kind == ConceptKind::Weakness && v >= 1.0 - 1e-9)
        .map(|(i, _)| i)
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    let mut scratch = values.to_vec();
    found.iter().for_each(|&i| scratch[i] = 0.0);
    let all_decide = reached_with(&scratch) != reached;
    let named_now = |id: &str| reached.is_some_and(|k| levels[k].when.names().contains(&id));
    let mut ruled_out = Vec::new();
    if let Some(best) = best_level(levels)
        && reached != Some(best)
    {
        negated(&levels[best].when, false, &mut ruled_out);
    }
    scratch.copy_from_slice(values);
    found
        .into_iter()
        .filter(|&i| {
            let c = &q.concepts[i];
            scratch[i] = 0.0;
            let alone = reached_with(&scratch) != reached;
            scratch[i] = values[i];
            alone || (all_decide && named_now(&c.id)) || ruled_out.contains(&c.id.as_str())
        })
        .map(|i| &q.concepts[i])
        .collect()
}

/// The index of the first level with the best score it can give (see [`potential`]).
fn best_level(levels: &[Level]) -> Option<usize> {
    let best = levels.iter().map(potential).fold(0.0, f64::max);
    levels.iter().position(|l| potential(l) >= best - 1e-9)
}

/// The most a level can give: its fixed score, or all of a number's credit (`score: peak`
/// gives up to 1, whatever this answer's peak scored).
fn potential(l: &Level) -> f64 {
    match &l.score {
        LevelScore::Fixed(x) => *x,
        LevelScore::Number(_) => 1.0,
    }
}

/// The names `e` uses under a `!`.
fn negated<'e>(e: &'e Expr, under: bool, out: &mut Vec<&'e str>) {
    match e {
        Expr::Name(n) | Expr::Compare(n, _, _) => {
            if under {
                out.push(&n.id)
            }
        }
        Expr::Not(e) => negated(e, !under, out),
        Expr::And(v) | Expr::Or(v) | Expr::AtLeast(_, v) => {
            v.iter().for_each(|e| negated(e, under, out))
        }
        Expr::Const(_) => {}
    }
}

/// The values of a graded answer by slot, as grading set them: 1 for a found concept or a
/// mistake whose rule held (one a number's answer recorded, which has no rule, does not
/// count), a number check's share of credit.
pub fn values_in(q: &Question, r: &QuestionResult) -> Vec<f64> {
    q.values_by(|name| {
        if r.concepts.iter().any(|c| c.found && c.id == name)
            || r.mistakes.iter().any(|m| m.id == name && m.rule.is_some())
        {
            return 1.0;
        }
        r.numbers
            .iter()
            .find(|n| n.id == name)
            .map_or(0.0, |n| n.score)
    })
}

/// The level an answer with `values` reaches: the first that holds (none with additive
/// scoring).
pub fn reached(q: &Question, values: &[f64]) -> Option<usize> {
    match &q.scoring {
        Scoring::Levels(levels) => levels.iter().position(|l| l.when.eval(values)),
        Scoring::Additive => None,
    }
}

/// A choice among alternatives: how many are still needed, and which group (the address of
/// its expression) they belong to.
type Choice = (usize, usize);

/// The names in the parts of `e` that do not hold yet, outside any `!`, each with the choice
/// it is part of. An unmet "k of (…)" or `|` whose unmet parts are all plain points, more of
/// them than are still needed, is a choice; any other part is needed in full.
fn needs<'e>(
    e: &'e Expr,
    values: &[f64],
    is_point: &dyn Fn(&Name) -> bool,
    choice: Option<Choice>,
    out: &mut Vec<(&'e Name, Option<Choice>)>,
) {
    if !e.eval(values) {
        unmet_needs(e, values, is_point, choice, out);
    }
}

/// [`needs`] of an `e` known not to hold (an alternation's unmet parts were found so, and
/// evaluating each again at every depth was most of the work).
fn unmet_needs<'e>(
    e: &'e Expr,
    values: &[f64],
    is_point: &dyn Fn(&Name) -> bool,
    choice: Option<Choice>,
    out: &mut Vec<(&'e Name, Option<Choice>)>,
) {
    match e {
        Expr::Name(n) | Expr::Compare(n, _, _) => out.push((n, choice)),
        Expr::And(v) => v.iter().for_each(|e| needs(e, values, is_point, None, out)),
        Expr::Or(v) | Expr::AtLeast(_, v) => {
            let k = match e {
                Expr::AtLeast(k, _) => *k,
                _ => 1,
            };
            let unmet: Vec<&Expr> = v.iter().filter(|e| !e.eval(values)).collect();
            let still = k.saturating_sub(v.len() - unmet.len());
            let plain = unmet
                .iter()
                .all(|e| matches!(e, Expr::Name(n) if is_point(n)));
            if plain || still != 1 {
                let group = std::ptr::from_ref(e) as usize;
                let choice = (plain && unmet.len() > still).then_some((still, group));
                unmet
                    .into_iter()
                    .for_each(|e| unmet_needs(e, values, is_point, choice, out));
                return;
            }
            // One of several ways, not all plain points: the way that needs the fewest
            // names, then the one with most already given (then the first). "peak >= 1 |
            // (peak-spare >= 1 & spare)" with a wrong count asks for the right count, not
            // for a spare too; with the spared count right, for the spare.
            let ways = unmet.into_iter().map(|e| {
                let mut way = Vec::new();
                unmet_needs(e, values, is_point, None, &mut way);
                let mut given = 0;
                e.each_name(&mut |n| given += usize::from(n.value(values) >= 1.0 - 1e-9));
                (way, given)
            });
            let nearest = ways.min_by_key(|(way, given)| (way.len(), std::cmp::Reverse(*given)));
            if let Some((way, _)) = nearest {
                out.extend(way);
            }
        }
        Expr::Not(_) | Expr::Const(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::load_str;

    const RUBRIC: &str = r#"
id: t
title: T
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Define a stateless service and name two kinds of hidden state.
        concepts:
          - { id: definition, match: "any instance", feedback: Define it. }
          - { id: vague, kind: weakness, match: "stores nothing", feedback: Too vague. }
          - { id: sessions, match: "sessions", feedback: Sessions. }
          - { id: cache, match: "cache", feedback: Cache. }
          - { id: disk, match: "disk", feedback: Disk. }
        scoring:
          levels:
            - score: 1
              when: definition & 2 of (sessions, cache, disk)
            - score: 0.5
              when: definition | (vague & 1 of (sessions, cache, disk))
"#;

    fn missing_with(found: &[&str]) -> Vec<String> {
        let r = load_str(RUBRIC, "t.yaml").expect("valid");
        let q = &r.exercises[0].questions[0];
        let values = q.values_by(|n| if found.contains(&n) { 1.0 } else { 0.0 });
        missing(q, &values, reached(q, &values), &|_| true)
            .into_iter()
            .map(|m| match m.choice {
                Some(Alternatives { needed, of, .. }) => {
                    format!("{} ({needed} of {of})", m.concept.id)
                }
                None => m.concept.id.clone(),
            })
            .collect()
    }

    #[test]
    fn only_what_the_best_level_still_needs_is_missing() {
        // Nothing yet: every point of the best level, never the weakness; the alternatives
        // as a choice.
        assert_eq!(
            missing_with(&[]),
            [
                "definition",
                "sessions (2 of 3)",
                "cache (2 of 3)",
                "disk (2 of 3)"
            ]
        );
        // One hidden state named: one of the other two is still needed.
        assert_eq!(
            missing_with(&["vague", "sessions"]),
            ["definition", "cache (1 of 2)", "disk (1 of 2)"]
        );
        // Two named: the alternatives are done; only the definition is missing.
        assert_eq!(missing_with(&["sessions", "disk"]), ["definition"]);
        // Full credit: nothing is missing.
        assert!(missing_with(&["definition", "sessions", "cache"]).is_empty());
    }

    /// The feedback of a graded answer: a weakness found says what to improve, a weakness
    /// not found says nothing, and of the alternatives only those still needed are asked for.
    #[test]
    fn graded_feedback_names_the_weakness_found_and_what_is_still_needed() {
        let r = load_str(RUBRIC, "t.yaml").expect("valid");
        let feedback = |text: &str| crate::grade::question::grade_text(&r, text).feedback;
        assert_eq!(
            feedback("It stores nothing. Sessions break it."),
            ["Too vague.", "Define it.", "Cache.", "Disk."]
        );
        assert_eq!(
            feedback("Any instance serves a request. Sessions and the disk break it."),
            Vec::<String>::new()
        );
        assert_eq!(
            feedback("Any instance serves a request."),
            ["Sessions.", "Cache.", "Disk."]
        );
        // A weakness beside the level the answer reached is not held against it.
        assert_eq!(
            feedback("Any instance serves a request; it stores nothing."),
            ["Sessions.", "Cache.", "Disk."]
        );
    }

    /// Of several ways to the best level, the nearest is asked for: a wrong count is not
    /// told to add a spare as well.
    #[test]
    fn of_several_ways_the_nearest_is_missing() {
        let src = r#"
id: t
title: T
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: How many instances?
        concepts:
          - { id: spare, match: "spare", feedback: Add a spare. }
          - { id: reason, match: "because", feedback: Say why. }
        numbers:
          - { id: count, answers: [{ value: 33, score: 1 }] }
          - { id: spared, answers: [{ value: 34, score: 1 }] }
        scoring:
          levels:
            - { score: 1, when: "reason & (count >= 1 | (spared >= 1 & spare))" }
"#;
        let r = load_str(src, "t.yaml").expect("valid");
        let q = &r.exercises[0].questions[0];
        let ids = |found: &[&str]| -> Vec<String> {
            let values = q.values_by(|n| if found.contains(&n) { 1.0 } else { 0.0 });
            missing(q, &values, reached(q, &values), &|_| true)
                .iter()
                .map(|m| m.concept.id.clone())
                .collect()
        };
        assert_eq!(ids(&[]), ["reason"]);
        assert_eq!(ids(&["spared"]), ["spare", "reason"]);
    }

    /// `needs` as it was before an unmet part's truth was passed down instead of evaluated
    /// again at each depth.
    fn reference_needs<'e>(
        e: &'e Expr,
        values: &[f64],
        is_point: &dyn Fn(&Name) -> bool,
        choice: Option<Choice>,
        out: &mut Vec<(&'e Name, Option<Choice>)>,
    ) {
        if e.eval(values) {
            return;
        }
        match e {
            Expr::Name(n) | Expr::Compare(n, _, _) => out.push((n, choice)),
            Expr::And(v) => v
                .iter()
                .for_each(|e| reference_needs(e, values, is_point, None, out)),
            Expr::Or(v) | Expr::AtLeast(_, v) => {
                let k = match e {
                    Expr::AtLeast(k, _) => *k,
                    _ => 1,
                };
                let unmet: Vec<&Expr> = v.iter().filter(|e| !e.eval(values)).collect();
                let still = k.saturating_sub(v.len() - unmet.len());
                let plain = unmet
                    .iter()
                    .all(|e| matches!(e, Expr::Name(n) if is_point(n)));
                if plain || still != 1 {
                    let group = std::ptr::from_ref(e) as usize;
                    let choice = (plain && unmet.len() > still).then_some((still, group));
                    unmet
                        .into_iter()
                        .for_each(|e| reference_needs(e, values, is_point, choice, out));
                    return;
                }
                let ways = unmet.into_iter().map(|e| {
                    let mut way = Vec::new();
                    reference_needs(e, values, is_point, None, &mut way);
                    let mut given = 0;
                    e.each_name(&mut |n| given += usize::from(n.value(values) >= 1.0 - 1e-9));
                    (way, given)
                });
                let nearest =
                    ways.min_by_key(|(way, given)| (way.len(), std::cmp::Reverse(*given)));
                if let Some((way, _)) = nearest {
                    out.extend(way);
                }
            }
            Expr::Not(_) | Expr::Const(_) => {}
        }
    }

    /// `needs` lists the same names with the same choices as [`reference_needs`], for nested
    /// alternations, counts, negations and comparisons under every combination of values.
    #[test]
    fn needs_agree_with_evaluating_every_depth() {
        let names = ["a", "b", "c", "d", "e", "n"];
        let sources = [
            "a & 2 of (b, c, d)",
            "a | (e & 1 of (b, c, d))",
            "e & (n >= 1 | (n >= 0.5 & d))",
            "2 of (a | b, c & !d, 1 of (e, n > 0.5), (a & (b | (c & (d | e)))))",
            "!(a & b) & (c | d | (e & (a | n <= 0.5)))",
            "3 of (a, b, c, d, e) | (a & b & 0 of (c)) | true",
            "((a | b) & (c | d)) | ((e | n >= 1) & (a | c))",
            "false | 1 of (a & b, c & d, e & n == 1)",
        ];
        for src in sources {
            let mut e = Expr::parse(src).expect(src);
            e.resolve(&|n| names.iter().position(|k| *k == n));
            for bits in 0..(1u32 << names.len()) {
                for half in [false, true] {
                    let values: Vec<f64> = (0..names.len())
                        .map(|i| match (bits >> i & 1 == 1, half && i == 5) {
                            (true, true) => 0.5,
                            (true, false) => 1.0,
                            (false, _) => 0.0,
                        })
                        .collect();
                    // Names `a`–`c` are points; the others are not.
                    let is_point = |n: &Name| n.slot < 3;
                    let (mut got, mut want) = (Vec::new(), Vec::new());
                    needs(&e, &values, &is_point, None, &mut got);
                    reference_needs(&e, &values, &is_point, None, &mut want);
                    assert_eq!(got, want, "{src} {values:?}");
                }
            }
        }
    }

    /// A question's values are its concepts, then its numbers, then its mistake rules, in
    /// the rubric's order; `when` reads them by those slots.
    #[test]
    fn slots_are_concepts_then_numbers_then_mistakes() {
        let r = load_str(
            r#"
id: s
title: S
misconceptions:
  guess:
    title: A guessed count
    feedback: Work it out.
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: How many instances?
        mistakes:
          - { id: guess, match: "guess" }
        numbers:
          - { id: count, answers: [{ value: 33, score: 1 }] }
        concepts:
          - { id: reason, match: "because", feedback: Say why. }
          - { id: spare, match: "spare", feedback: Add a spare. }
        scoring:
          levels:
            - { score: 1, when: "count & reason & !guess" }
            - { score: 0.5, when: "count" }
"#,
            "s.yaml",
        )
        .expect("valid");
        let q = &r.exercises[0].questions[0];
        let slots: Vec<Option<usize>> = ["reason", "spare", "count", "guess", "other"]
            .iter()
            .map(|id| q.slot(id))
            .collect();
        assert_eq!(slots, [Some(0), Some(1), Some(2), Some(3), None]);
        assert_eq!(q.values_by(|id| id.len() as f64), [6.0, 5.0, 5.0, 5.0]);
        // A held mistake keeps the answer from the top level, read by its slot.
        assert_eq!(reached(q, &[1.0, 0.0, 1.0, 0.0]), Some(0));
        assert_eq!(reached(q, &[1.0, 0.0, 1.0, 1.0]), Some(1));
        assert_eq!(reached(q, &[1.0, 1.0, 0.0, 0.0]), None);
    }
}
