//! Grading several submissions together: one question for each of them, then the next
//! question (question-major order). Each submission's result is the one [`grade_within`]
//! gives it alone, since its grading depends on nothing else; only the order of the work
//! changes. One question's compiled patterns, vocabulary and dispatch tables then stay in the
//! processor's caches while they serve every submission of the group, instead of being
//! fetched again from memory for each submission: a whole sheet's patterns do not fit in a
//! core's cache beside the answers and the outputs. See `docs/benchmarks-history.md`,
//! session 15, for the figures.
//!
//! [`grade_within`]: super::grade_within

use std::time::{Duration, Instant};

use super::submission::{Graded, Grading, OverBudget};
use crate::rubric::Rubric;
use crate::submission::Submission;

/// Grades `subs` question by question. `budgets[i]` is the time submission `i` may still
/// take: each submission's own grading time is counted against it, not the time spent on
/// the others of the group, and a submission over its budget stops (matching stops within
/// 1,024 words of work, see [`crate::pattern::Deadline`], and the budget is checked after
/// every question) and gives
/// [`OverBudget`].
pub fn grade_many(
    rubric: &Rubric,
    subs: &[&Submission],
    budgets: &[Duration],
) -> Vec<Result<Graded, OverBudget>> {
    debug_assert_eq!(subs.len(), budgets.len());
    let mut gradings: Vec<Option<Grading<'_>>> =
        subs.iter().map(|s| Some(Grading::new(rubric, s))).collect();
    let mut left = budgets.to_vec();
    for _ in rubric.questions() {
        let mut now = Instant::now();
        for (g, left) in gradings.iter_mut().zip(&mut left) {
            let Some(grading) = g else { continue };
            grading.grade_next(Some(now + *left));
            let then = Instant::now();
            let spent = then - now;
            if spent >= *left {
                *g = None;
            } else {
                *left -= spent;
            }
            now = then;
        }
    }
    gradings
        .into_iter()
        .map(|g| g.map(Grading::finish).ok_or(OverBudget))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::grade_submission;
    use crate::rubric::load_str;
    use crate::submission::Answer;

    const RUBRIC: &str = r#"
id: many
title: Many
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Which cache?
        concepts: [{ id: c, match: "redis", feedback: F1 }]
      - number: 2
        prompt: How many servers?
        numbers: [{ id: n, answers: [{ value: 4, score: 1 }], feedback: F2 }]
  - id: f
    title: F
    questions:
      - number: 1
        prompt: Why?
        concepts: [{ id: d, match: "stateless", feedback: F3 }]
"#;

    fn sub(answers: &[(&str, u32, &str)]) -> Submission {
        Submission {
            learner: "x".into(),
            answers: answers
                .iter()
                .enumerate()
                .map(|(i, &(exercise, question, text))| Answer {
                    exercise: exercise.into(),
                    question,
                    text: text.into(),
                    line: i as u32 + 1,
                    column: 1,
                    parts: Vec::new(),
                })
                .collect(),
            unplaced: vec![],
        }
    }

    #[test]
    fn each_result_is_the_one_graded_alone() {
        let r = load_str(RUBRIC, "many.yaml").expect("valid");
        let subs = [
            sub(&[
                ("e", 1, "Redis."),
                ("e", 2, "4 servers"),
                ("f", 1, "It is stateless."),
            ]),
            sub(&[("e", 2, "5")]),
            sub(&[]),
            sub(&[("f", 1, "stateless"), ("e", 1, "memcached")]),
        ];
        let refs: Vec<&Submission> = subs.iter().collect();
        let many = grade_many(&r, &refs, &[Duration::from_secs(10); 4]);
        for (s, m) in subs.iter().zip(many) {
            assert_eq!(m.expect("within budget"), grade_submission(&r, s));
        }
        assert!(grade_many(&r, &[], &[]).is_empty());
    }

    #[test]
    fn a_submission_over_its_budget_fails_alone() {
        let r = load_str(RUBRIC, "many.yaml").expect("valid");
        let subs = [sub(&[("e", 1, "Redis.")]), sub(&[("e", 1, "Redis.")])];
        let many = grade_many(
            &r,
            &[&subs[0], &subs[1]],
            &[Duration::ZERO, Duration::from_secs(10)],
        );
        assert_eq!(many[0], Err(OverBudget));
        assert_eq!(many[1].as_ref().ok(), Some(&grade_submission(&r, &subs[1])));
    }
}
