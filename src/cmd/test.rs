//! `assay test RUBRIC`: grades every example of the rubric as an answer to its question and
//! reports like a test runner: one line per example, expected against got with the rules that
//! fired for each failure, and a closing `N passed, M failed` line. Exit 1 on any failure.

use std::path::Path;

use crate::exit_code;
use crate::grade::number::Learned;
use crate::grade::{AnswerText, Flag, QuestionResult, grade_question};
use crate::rubric::{Example, Question, Rubric};

/// The outcome of one example.
pub struct ExampleRun<'a> {
    pub exercise: &'a str,
    pub question: &'a Question,
    pub index: usize,
    pub example: &'a Example,
    pub got: QuestionResult,
    pub passed: bool,
}

/// Runs every example of the rubric.
pub fn run_examples(r: &Rubric) -> Vec<ExampleRun<'_>> {
    let mut out = Vec::new();
    for e in &r.exercises {
        for q in &e.questions {
            for (i, x) in q.examples.iter().enumerate() {
                let mut learned = Learned::new();
                for (given, v) in &x.given {
                    learned.insert(
                        given.clone(),
                        (*v, crate::grade::number::is_full_credit(r, given, *v)),
                    );
                }
                let got = grade_question(
                    r,
                    &e.id,
                    q,
                    Some(AnswerText {
                        text: &x.answer,
                        line: 1,
                        column: 1,
                        parts: &[],
                        counted: &[],
                    }),
                    &mut learned,
                );
                let score_ok = (got.score - x.score * q.points).abs() <= 1e-6;
                let mut want: Vec<&str> = x.mistakes.iter().map(String::as_str).collect();
                let mut held: Vec<&str> = got.mistakes.iter().map(|m| m.id.as_str()).collect();
                want.sort_unstable();
                held.sort_unstable();
                let passed = score_ok && want == held;
                out.push(ExampleRun {
                    exercise: &e.id,
                    question: q,
                    index: i + 1,
                    example: x,
                    got,
                    passed,
                });
            }
        }
    }
    out
}

/// What fired, for a failure report.
pub fn explain(got: &QuestionResult) -> String {
    let found: Vec<&str> = got
        .concepts
        .iter()
        .filter(|c| c.found)
        .map(|c| c.id.as_str())
        .collect();
    let held: Vec<&str> = got.mistakes.iter().map(|m| m.id.as_str()).collect();
    let numbers: Vec<String> = got
        .numbers
        .iter()
        .map(|n| {
            format!(
                "{}={}→{}",
                n.id,
                n.given_text.as_deref().unwrap_or("none"),
                n.score
            )
        })
        .collect();
    let flags: Vec<String> = got.flags.iter().map(Flag::to_string).collect();
    format!(
        "concepts found: [{}]; numbers: [{}]; mistakes held: [{}]; level: {}; flags: [{}]",
        found.join(", "),
        numbers.join(", "),
        held.join(", "),
        got.level.as_deref().unwrap_or("-"),
        flags.join(", ")
    )
}

pub fn run(path: &Path) -> u8 {
    let Some(r) = super::load_or_report(path) else {
        return exit_code::ERROR;
    };
    let runs = run_examples(r);
    let mut failed = 0;
    for x in &runs {
        let name = x
            .example
            .name
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        if x.passed {
            println!(
                "test {}/{} example {}{} ... ok",
                x.exercise, x.question.number, x.index, name
            );
        } else {
            failed += 1;
            println!(
                "test {}/{} example {}{} ... FAILED",
                x.exercise, x.question.number, x.index, name
            );
            println!("    at {}:{}", x.example.file, x.example.line);
            println!(
                "    answer:   {}",
                x.example
                    .answer
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            println!(
                "    expected: score {} mistakes [{}]",
                x.example.score * x.question.points,
                x.example.mistakes.join(", ")
            );
            println!(
                "    got:      score {} mistakes [{}]",
                x.got.score,
                x.got
                    .mistakes
                    .iter()
                    .map(|m| m.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            println!("    fired:    {}", explain(&x.got));
        }
    }
    println!();
    println!("{} passed, {} failed", runs.len() - failed, failed);
    if failed > 0 {
        exit_code::FINDINGS
    } else {
        exit_code::OK
    }
}
