//! Grading a whole submission: every question of the rubric, in sheet order (so that error
//! carried forward sees the learner's earlier numbers), with per-exercise subtotals.

use super::number::Learned;
use super::question::{AnswerText, grade_question_within, round6};
use super::reference::referenced;
use super::result::{ExerciseTotal, QuestionResult};
use crate::rubric::Rubric;
use crate::submission::Submission;

/// A graded submission.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Graded {
    pub score: f64,
    pub max_score: f64,
    pub exercises: Vec<ExerciseTotal>,
    pub questions: Vec<QuestionResult>,
}

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

/// Grades `sub`, giving up with [`OverBudget`] once `deadline` has passed (matching stops at
/// the next sentence, and the deadline is checked after every question).
pub fn grade_within(
    rubric: &Rubric,
    sub: &Submission,
    deadline: Option<std::time::Instant>,
) -> Result<Graded, OverBudget> {
    let mut learned = Learned::new();
    let mut questions = Vec::new();
    let mut exercises = Vec::new();
    for ex in &rubric.exercises {
        let mut total = ExerciseTotal {
            exercise: ex.id.clone(),
            score: 0.0,
            max_score: 0.0,
            answered: 0,
            questions: ex.questions.len(),
        };
        for q in &ex.questions {
            let own = sub
                .answers
                .iter()
                .find(|a| a.exercise == ex.id && a.question == q.number);
            // "same as 4", "see above": graded as the answer it points to.
            let target = own.and_then(|a| referenced(rubric, sub, &ex.id, q.number, &a.text));
            let answer = target.or(own).map(|a| AnswerText {
                text: &a.text,
                line: a.line,
                column: a.column,
            });
            let mut r = grade_question_within(rubric, &ex.id, q, answer, &mut learned, deadline);
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
            if deadline.is_some_and(|d| std::time::Instant::now() > d) {
                return Err(OverBudget);
            }
            total.score += r.score;
            total.max_score += r.max_score;
            total.answered += usize::from(r.answered);
            questions.push(r);
        }
        total.score = round6(total.score);
        total.max_score = round6(total.max_score);
        exercises.push(total);
    }
    let score = round6(exercises.iter().map(|e| e.score).sum());
    let max_score = round6(exercises.iter().map(|e| e.max_score).sum());
    Ok(Graded {
        score,
        max_score,
        exercises,
        questions,
    })
}
