//! Grading a whole submission: every question of the rubric, in sheet order (so that error
//! carried forward sees the learner's earlier numbers), with per-exercise subtotals.

use super::number::Learned;
use super::question::{AnswerText, grade_question_within, round6};
use super::reference::referenced;
use super::result::{ExerciseTotal, QuestionResult};
use crate::rubric::{Exercise, Question, Rubric};
use crate::submission::Submission;

/// A graded submission.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Graded {
    pub score: f64,
    pub max_score: f64,
    pub exercises: Vec<ExerciseTotal>,
    pub questions: Vec<QuestionResult>,
}

/// A stretch of the learner's words: its line, column and text.
type Words<'a> = (u32, u32, &'a str);

/// Grades `sub` against `rubric`: a pure function of the two.
pub fn grade_submission(rubric: &Rubric, sub: &Submission) -> Graded {
    match grade_within(rubric, sub, None) {
        Ok(g) => g,
        Err(OverBudget) => unreachable!("no deadline, no timeout"),
    }
}

/// Grading took longer than the per-file time budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverBudget;

/// Grades `sub`, giving up with [`OverBudget`] once `deadline` has passed (matching stops
/// within 1,024 words of matching, see [`crate::pattern::Deadline`], and the deadline is
/// checked after every question).
pub fn grade_within(
    rubric: &Rubric,
    sub: &Submission,
    deadline: Option<std::time::Instant>,
) -> Result<Graded, OverBudget> {
    let mut grading = Grading::new(rubric, sub);
    while grading.grade_next(deadline) {
        if deadline.is_some_and(|d| std::time::Instant::now() > d) {
            return Err(OverBudget);
        }
    }
    Ok(grading.finish())
}

/// One submission being graded question by question, in sheet order (each question once):
/// what its grading carries from one question to the next. [`grade_within`] grades every
/// question of one submission in turn; [`grade_many`](super::many::grade_many) grades one
/// question for several submissions before the next.
pub struct Grading<'a> {
    rubric: &'a Rubric,
    sub: &'a Submission,
    /// The learner's numbers so far, for error carried forward.
    learned: Learned,
    /// Per stretch of the learner's words graded so far (its place and text): the
    /// misconceptions found in it, so that words answering several questions count once.
    held_in: Vec<(Words<'a>, Vec<String>)>,
    questions: Vec<QuestionResult>,
    /// The next question to grade: its exercise's index, and its index in the exercise.
    next: (usize, usize),
}

impl<'a> Grading<'a> {
    pub fn new(rubric: &'a Rubric, sub: &'a Submission) -> Grading<'a> {
        Grading {
            rubric,
            sub,
            learned: Learned::new(),
            held_in: Vec::new(),
            questions: Vec::with_capacity(rubric.exercises.iter().map(|e| e.questions.len()).sum()),
            next: (0, 0),
        }
    }

    /// Grades the next question in sheet order (matching stops soon after `deadline` has
    /// passed, see [`crate::pattern::Deadline`]); false when every question has been graded.
    pub fn grade_next(&mut self, deadline: Option<std::time::Instant>) -> bool {
        let rubric = self.rubric;
        while let Some(ex) = rubric.exercises.get(self.next.0) {
            if let Some(q) = ex.questions.get(self.next.1) {
                self.next.1 += 1;
                self.grade(ex, q, deadline);
                return true;
            }
            self.next = (self.next.0 + 1, 0);
        }
        false
    }

    /// Grades question `q` of exercise `ex`.
    fn grade(&mut self, ex: &Exercise, q: &Question, deadline: Option<std::time::Instant>) {
        let (rubric, sub) = (self.rubric, self.sub);
        let own = sub
            .answers
            .iter()
            .find(|a| a.exercise == ex.id && a.question == q.number);
        // "same as 4", "see above": graded as the answer it points to.
        let target = own.and_then(|a| referenced(rubric, sub, &ex.id, q.number, &a.text));
        let words = target.or(own).map(|a| (a.line, a.column, a.text.as_str()));
        let counted = words
            .and_then(|w| self.held_in.iter().find(|(k, _)| *k == w))
            .map_or(&[][..], |(_, ids)| ids.as_slice());
        let answer = target.or(own).map(|a| AnswerText {
            text: &a.text,
            line: a.line,
            column: a.column,
            parts: &a.parts,
            counted,
        });
        let mut r = grade_question_within(rubric, &ex.id, q, answer, &mut self.learned, deadline);
        if let Some(w) = words.filter(|_| !r.mistakes.is_empty()) {
            let ids = r.mistakes.iter().map(|m| m.id.clone());
            match self.held_in.iter_mut().find(|(k, _)| *k == w) {
                Some((_, held)) => held.extend(ids),
                None => self.held_in.push((w, ids.collect())),
            }
        }
        if let Some(t) = target {
            let title = rubric
                .exercises
                .iter()
                .find(|e| e.id == t.exercise)
                .map_or(t.exercise.as_str(), |e| e.title.as_str());
            r.feedback.insert(
                0,
                format!(
                    "This answer refers to your answer to {title}, question {}: that answer was graded for this question.",
                    t.question
                ),
            );
        }
        self.questions.push(r);
    }

    /// The graded submission, with per-exercise subtotals (of the questions graded: all of
    /// them once [`grade_next`](Self::grade_next) has said false).
    pub fn finish(self) -> Graded {
        let mut rest = self.questions.as_slice();
        let mut exercises = Vec::with_capacity(self.rubric.exercises.len());
        for ex in &self.rubric.exercises {
            let (own, later) = rest.split_at(ex.questions.len().min(rest.len()));
            rest = later;
            let mut total = ExerciseTotal {
                exercise: ex.id.clone(),
                score: 0.0,
                max_score: 0.0,
                answered: 0,
                questions: ex.questions.len(),
            };
            for r in own {
                total.score += r.score;
                total.max_score += r.max_score;
                total.answered += usize::from(r.answered);
            }
            total.score = round6(total.score);
            total.max_score = round6(total.max_score);
            exercises.push(total);
        }
        let score = round6(exercises.iter().map(|e| e.score).sum());
        let max_score = round6(exercises.iter().map(|e| e.max_score).sum());
        Graded {
            score,
            max_score,
            exercises,
            questions: self.questions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::load_str;
    use crate::submission::Answer;

    const RUBRIC: &str = r#"
id: shared
title: Shared words
misconceptions:
  cdn-is-enough:
    title: A CDN is enough
    feedback: F
    match: "cdn .. (enough|all you need)"
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Which caches?
        concepts: [{ id: c, match: "redis", feedback: F1 }]
      - number: 2
        prompt: Which layers?
        concepts: [{ id: d, match: "browser", feedback: F2 }]
"#;

    fn held(answers: &[(u32, u32)]) -> Vec<Vec<String>> {
        let r = load_str(RUBRIC, "shared.yaml").expect("valid");
        let sub = Submission {
            learner: "x".into(),
            answers: answers
                .iter()
                .map(|&(question, line)| Answer {
                    exercise: "e".into(),
                    question,
                    text: "A CDN is all you need.".into(),
                    line,
                    column: 1,
                    parts: Vec::new(),
                })
                .collect(),
            unplaced: vec![],
        };
        grade_submission(&r, &sub)
            .questions
            .iter()
            .map(|q| q.mistakes.iter().map(|m| m.id.clone()).collect())
            .collect()
    }

    #[test]
    fn words_answering_several_questions_hold_a_misconception_once() {
        // "1–2: A CDN is all you need." (the reader gives both questions the same words).
        assert_eq!(held(&[(1, 3), (2, 3)]), [vec!["cdn-is-enough"], vec![]]);
        // The same sentence written twice, once per question, counts twice.
        assert_eq!(
            held(&[(1, 3), (2, 5)]),
            [vec!["cdn-is-enough"], vec!["cdn-is-enough"]]
        );
    }
}
