//! What a learner is told they got and what they missed.
//!
//! A rubric's levels name, besides the points an answer should make, concepts that mark a
//! weaker answer (`kind: weakness`: "thin", "vague definition") and alternatives of which a
//! few are enough ("2 of (sessions, local-cache, …)"). So:
//! - a found **point** is credit; a found **weakness** is never praised, and its feedback
//!   says what to improve;
//! - a point not found is **missing** only when the best level still needs it: it is named
//!   outside a `!` in a part of that level's `when` that does not hold yet (every
//!   alternative of an unmet "k of (…)" or `|`, none of a met one). A learner who answered
//!   in full is told nothing is missing, and one who named two hidden states is not told to
//!   name the other four. With additive scoring every point with weight is needed.

use crate::grade::QuestionResult;
use crate::rubric::expr::Expr;
use crate::rubric::{ConceptKind, LevelScore, Question, Scoring};

/// The points of `q` not found that the answer still needs for the best level (in the
/// question's order); `value(name)` is as in grading: 1 for a found concept or held mistake,
/// a number check's share of credit.
pub fn missing<'q>(q: &'q Question, value: &dyn Fn(&str) -> f64) -> Vec<&'q str> {
    let points = q
        .concepts
        .iter()
        .filter(|c| c.kind == ConceptKind::Point && value(&c.id) < 1.0 - 1e-9);
    match &q.scoring {
        Scoring::Additive => points
            .filter(|c| c.weight > 0.0)
            .map(|c| c.id.as_str())
            .collect(),
        Scoring::Levels(levels) => {
            let score = |l: &crate::rubric::Level| match &l.score {
                LevelScore::Fixed(x) => *x,
                LevelScore::Number(id) => value(id),
            };
            let best = levels.iter().map(score).fold(0.0, f64::max);
            let reached = levels
                .iter()
                .find(|l| l.when.eval(value))
                .map_or(0.0, score);
            let Some(top) = levels
                .iter()
                .find(|l| score(l) >= best - 1e-9)
                .filter(|_| reached < best - 1e-9)
            else {
                return Vec::new();
            };
            let mut needed = Vec::new();
            needs(&top.when, value, &mut needed);
            points
                .filter(|c| needed.contains(&c.id.as_str()))
                .map(|c| c.id.as_str())
                .collect()
        }
    }
}

/// The points of `q` still needed for the best level, read from a graded answer (see
/// [`missing`]).
pub fn missing_in<'q>(q: &'q Question, r: &QuestionResult) -> Vec<&'q str> {
    let value = |name: &str| {
        if r.concepts.iter().any(|c| c.found && c.id == name)
            || r.mistakes.iter().any(|m| m.id == name)
        {
            return 1.0;
        }
        r.numbers
            .iter()
            .find(|n| n.id == name)
            .map_or(0.0, |n| n.score)
    };
    missing(q, &value)
}

/// The names in the parts of `e` that do not hold yet, outside any `!`.
fn needs<'e>(e: &'e Expr, value: &dyn Fn(&str) -> f64, out: &mut Vec<&'e str>) {
    if e.eval(value) {
        return;
    }
    match e {
        Expr::Name(n) | Expr::Compare(n, _, _) => out.push(n),
        Expr::And(v) | Expr::Or(v) | Expr::AtLeast(_, v) => {
            v.iter().for_each(|e| needs(e, value, out))
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
        let value = |n: &str| if found.contains(&n) { 1.0 } else { 0.0 };
        missing(q, &value).into_iter().map(String::from).collect()
    }

    #[test]
    fn only_what_the_best_level_still_needs_is_missing() {
        // Nothing yet: every point of the best level, never the weakness.
        assert_eq!(
            missing_with(&[]),
            ["definition", "sessions", "cache", "disk"]
        );
        // One hidden state named: the other alternatives are still needed (one of them).
        assert_eq!(
            missing_with(&["vague", "sessions"]),
            ["definition", "cache", "disk"]
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
        use crate::grade::{AnswerText, grade_question, number::Learned};
        let r = load_str(RUBRIC, "t.yaml").expect("valid");
        let q = &r.exercises[0].questions[0];
        let feedback = |text: &str| {
            let answer = AnswerText {
                text,
                line: 1,
                column: 1,
                parts: &[],
                counted: &[],
            };
            grade_question(&r, "e", q, Some(answer), &mut Learned::new()).feedback
        };
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
    }
}
