//! `assay test RUBRIC`: grades every example of the rubric as an answer to its question and
//! reports like a test runner: one line per example, expected against got (score,
//! misconceptions, and the flags where the example lists them) with the rules that
//! fired for each failure, warnings for what no example tests, and a closing `N passed, M
//! failed` line. Exit 1 on any failure.

use std::fmt::Write as _;
use std::path::Path;

use crate::exit_code;
use crate::grade::number::Learned;
use crate::grade::{AnswerText, Flag, QuestionResult, grade_question};
use crate::rubric::formula::NumberRef;
use crate::rubric::{Example, Expected, Question, Rubric};

/// The outcome of one example.
pub struct ExampleRun<'a> {
    pub exercise: &'a str,
    pub question: &'a Question,
    pub index: usize,
    pub example: &'a Example,
    pub got: QuestionResult,
    pub passed: bool,
}

impl ExampleRun<'_> {
    /// The earlier numbers the formulas of the number checks that fell short use and the
    /// example does not give: with none given, a formula has nothing to work from and its
    /// answer never matches. (A check that earned full credit is not where the failure is.)
    pub fn missing_given(&self) -> Vec<&NumberRef> {
        let mut out: Vec<&NumberRef> = Vec::new();
        let full = |id: &str| {
            self.got
                .numbers
                .iter()
                .any(|r| r.id == id && r.score >= 1.0 - 1e-9)
        };
        for n in self.question.numbers.iter().filter(|n| !full(&n.id)) {
            for a in &n.answers {
                if let Expected::Formula(f) = &a.expected {
                    for r in f.refs() {
                        let given = self.example.given.iter().any(|(g, _)| g == r);
                        if !given && !out.contains(&r) {
                            out.push(r);
                        }
                    }
                }
            }
        }
        out
    }
}

/// What the examples leave untested: a question without an example, a misconception of the
/// catalogue that no example expects (so no test shows its rule fires), and one that no rule
/// can find. Warnings: the run still passes.
pub fn coverage_gaps(r: &Rubric) -> Vec<String> {
    let mut gaps = Vec::new();
    for (e, q) in r.questions() {
        if q.examples.is_empty() {
            gaps.push(format!(
                "question {} of `{}` has no example: no test shows how it is graded",
                q.number, e.id
            ));
        }
    }
    let expected: std::collections::BTreeSet<&str> = r
        .questions()
        .flat_map(|(_, q)| &q.examples)
        .flat_map(|x| x.mistakes.iter().map(String::as_str))
        .collect();
    // The labels some rule can hold: a question's mistake rule, a number's answer, or the
    // catalogue entry's own rule.
    let used: std::collections::BTreeSet<&str> = r
        .questions()
        .flat_map(|(_, q)| {
            let rules = q.mistakes.iter().map(|m| m.id.as_str());
            let answers = q
                .numbers
                .iter()
                .flat_map(|n| &n.answers)
                .filter_map(|a| a.mistake.as_deref());
            rules.chain(answers)
        })
        .collect();
    for (label, m) in &r.misconceptions {
        if !used.contains(label.as_str()) && m.rule.is_none() {
            gaps.push(format!(
                "misconception `{label}` is used by no rule (no mistake, number answer or \
                 `match` of its own names it), so nothing can find it"
            ));
        } else if !expected.contains(label.as_str()) {
            gaps.push(format!(
                "misconception `{label}` is expected by no example: add one whose `mistakes` \
                 lists it, so that a test shows its rule fires"
            ));
        }
    }
    gaps
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
                let passed = score_ok && want == held && flags_as_expected(x, &got);
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

/// Whether the answer got exactly the flags the example expects, in any order (any flags
/// when it expects none in particular: no `flags` key).
fn flags_as_expected(x: &Example, got: &QuestionResult) -> bool {
    let Some(want) = &x.flags else {
        return true;
    };
    let mut want: Vec<&str> = want.iter().map(String::as_str).collect();
    let mut flagged: Vec<String> = got.flags.iter().map(Flag::to_string).collect();
    want.sort_unstable();
    flagged.sort_unstable();
    want == flagged
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
    let mut out = String::new();
    let mut failed = 0;
    for x in &runs {
        let name = x
            .example
            .name
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        if x.passed {
            let _ = writeln!(
                out,
                "test {}/{} example {}{} ... ok",
                x.exercise, x.question.number, x.index, name
            );
        } else {
            failed += 1;
            let _ = writeln!(
                out,
                "test {}/{} example {}{} ... FAILED",
                x.exercise, x.question.number, x.index, name
            );
            let _ = writeln!(out, "    at {}:{}", x.example.file, x.example.line);
            let _ = writeln!(
                out,
                "    answer:   {}",
                x.example
                    .answer
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            // Flags are shown where the example expects some (or none): else they are not
            // part of what it tests.
            let (want_flags, got_flags) = match &x.example.flags {
                Some(want) => {
                    let got: Vec<String> = x.got.flags.iter().map(Flag::to_string).collect();
                    (
                        format!(" flags [{}]", want.join(", ")),
                        format!(" flags [{}]", got.join(", ")),
                    )
                }
                None => (String::new(), String::new()),
            };
            let _ = writeln!(
                out,
                "    expected: score {} mistakes [{}]{want_flags}",
                x.example.score * x.question.points,
                x.example.mistakes.join(", ")
            );
            let _ = writeln!(
                out,
                "    got:      score {} mistakes [{}]{got_flags}",
                x.got.score,
                x.got
                    .mistakes
                    .iter()
                    .map(|m| m.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let _ = writeln!(out, "    fired:    {}", explain(&x.got));
            let missing = x.missing_given();
            if !missing.is_empty() {
                let names: Vec<String> = missing.iter().map(|r| format!("{{{r}}}")).collect();
                let given: Vec<String> = missing.iter().map(|r| format!("{r}: VALUE")).collect();
                let _ = writeln!(
                    out,
                    "    hint:     the question's answers use earlier numbers this example does \
                     not give ({}): add `given: {{ {} }}`",
                    names.join(", "),
                    given.join(", ")
                );
            }
        }
    }
    let gaps = coverage_gaps(r);
    if !gaps.is_empty() {
        out.push('\n');
    }
    for gap in &gaps {
        let _ = writeln!(out, "warning: {gap}");
    }
    out.push('\n');
    let _ = writeln!(out, "{} passed, {} failed", runs.len() - failed, failed);
    if let Err(code) = super::stdout::write(&out) {
        return code;
    }
    if failed > 0 {
        exit_code::FINDINGS
    } else {
        exit_code::OK
    }
}
