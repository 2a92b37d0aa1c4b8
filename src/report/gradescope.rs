//! Gradescope autograder results (`results.json`): `--format gradescope` for a run with one
//! submission (what the Gradescope harness does: write stdout to
//! `/autograder/results/results.json`), and `gradescope/<learner>.json` per graded submission in
//! `--out`. Contract (gradescope-autograders.readthedocs.io, "specs"): top-level `score` (the
//! total, which overrides the sum of the tests), `output` (the learner's feedback as text),
//! `output_format` and `test_output_format` `"text"`, `visibility` `"visible"`,
//! `stdout_visibility` `"hidden"`, `tests`, and `extra_data` (`assay_version`, `rubric`,
//! `rubric_hash`, `learner`, `file`). One test per question of the rubric, in sheet order:
//! `name` (`Scaling Basics 1`), `number` (`<exercise index>.<question>`), `score`,
//! `max_score`, `status` (`passed` with full credit, else `failed`), `output` (plain text
//! from the learner's view: instructor-only material is left out), `tags` (the exercise slug)
//! and `visibility` `"visible"` (every test is visible, so learners see the total). A submission
//! that could not be graded gets score 0, no tests, and the reason as `output`.

use std::borrow::Cow;

use serde::Serialize;

use crate::batch::Outcome;
use crate::rubric::Rubric;

use super::feedback::PlainView;
use super::plain::{question_lines, question_name, report_text};

/// The results of one outcome. Texts that exist already (the rubric's, the outcome's, the
/// view's feedback text) are borrowed, not copied: the file is written once, right away.
#[derive(Debug, Serialize)]
pub struct Results<'a> {
    pub score: f64,
    pub output: Cow<'a, str>,
    pub output_format: &'static str,
    pub test_output_format: &'static str,
    pub visibility: &'static str,
    pub stdout_visibility: &'static str,
    pub tests: Vec<Test<'a>>,
    pub extra_data: Extra<'a>,
}

#[derive(Debug, Serialize)]
pub struct Test<'a> {
    pub name: String,
    pub number: String,
    pub score: f64,
    pub max_score: f64,
    pub status: &'static str,
    pub output: String,
    /// The exercise's id (one tag).
    pub tags: &'a [String],
    pub visibility: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Extra<'a> {
    pub assay_version: &'static str,
    pub rubric: &'a str,
    pub rubric_hash: &'a str,
    pub learner: &'a str,
    pub file: &'a str,
}

/// The results of one outcome, from its view.
pub fn results_in<'a>(rubric: &'a Rubric, o: &'a Outcome, views: &'a PlainView<'_>) -> Results<'a> {
    let extra = Extra {
        assay_version: env!("CARGO_PKG_VERSION"),
        rubric: &rubric.id,
        rubric_hash: &rubric.hash,
        learner: &o.learner,
        file: &o.file,
    };
    let (score, output, tests) = match &o.result {
        Ok(g) => {
            let view = views.of(g);
            let mut tests = Vec::new();
            for (i, ex) in view.exercises.iter().enumerate() {
                for q in &ex.questions {
                    tests.push(Test {
                        name: question_name(&ex.title, q),
                        number: test_number(i + 1, q.number),
                        score: q.score,
                        max_score: q.max_score,
                        status: if q.status == "full" {
                            "passed"
                        } else {
                            "failed"
                        },
                        output: question_lines(q).join("\n"),
                        tags: std::slice::from_ref(&ex.id),
                        visibility: "visible",
                    });
                }
            }
            (g.score, Cow::Borrowed(report_text(view)), tests)
        }
        Err(e) => (
            0.0,
            Cow::Owned(format!("assay could not grade this submission: {e}")),
            Vec::new(),
        ),
    };
    Results {
        score,
        output,
        output_format: "text",
        test_output_format: "text",
        visibility: "visible",
        stdout_visibility: "hidden",
        tests,
        extra_data: extra,
    }
}

/// The results of a run that found no single submission to grade (none, or several: the
/// harness uploads one learner's files): score 0, no tests, `message` as the output, so that
/// the learner reads why on Gradescope instead of an autograder failure.
pub fn not_one_submission(rubric: &Rubric, message: &str) -> String {
    let results = Results {
        score: 0.0,
        output: Cow::Borrowed(message),
        output_format: "text",
        test_output_format: "text",
        visibility: "visible",
        stdout_visibility: "hidden",
        tests: Vec::new(),
        extra_data: Extra {
            assay_version: env!("CARGO_PKG_VERSION"),
            rubric: &rubric.id,
            rubric_hash: &rubric.hash,
            learner: "",
            file: "",
        },
    };
    let mut text = serde_json::to_string_pretty(&results).unwrap_or_default();
    text.push('\n');
    text
}

/// A test's `number`: `<exercise index>.<question>`, in a `String` of the right size (one
/// per question; `format!` grows its text from an estimate).
fn test_number(exercise: usize, question: u32) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(8);
    // Writing to a `String` cannot fail.
    let _ = write!(s, "{exercise}.{question}");
    s
}

/// The results of one outcome as pretty JSON, with a final newline.
pub fn to_json(rubric: &Rubric, o: &Outcome) -> String {
    to_json_in(rubric, o, &PlainView::new(rubric, o))
}

/// [`to_json`], from the outcome's view.
pub fn to_json_in(rubric: &Rubric, o: &Outcome, views: &PlainView<'_>) -> String {
    String::from_utf8(to_json_bytes_in(rubric, o, views)).unwrap_or_else(|_| "\n".to_string())
}

/// [`to_json_in`] as the bytes of the file (serde_json writes UTF-8: not checked again).
pub fn to_json_bytes_in(rubric: &Rubric, o: &Outcome, views: &PlainView<'_>) -> Vec<u8> {
    // `serde_json::to_string_pretty`, into a buffer about as long as the last one.
    thread_local! {
        static LAST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    let mut buf = Vec::with_capacity(super::capacity::next(&LAST, 1024));
    if serde_json::to_writer_pretty(&mut buf, &results_in(rubric, o, views)).is_err() {
        buf.clear();
    }
    buf.push(b'\n');
    super::capacity::made(&LAST, buf.len());
    buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing;

    #[test]
    fn one_visible_test_per_question_with_scores() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let v: serde_json::Value = serde_json::from_str(&to_json(&r, &b.outcomes[0])).unwrap();
        let tests = v["tests"].as_array().unwrap();
        assert_eq!(tests.len(), 4);
        for t in tests {
            for key in [
                "name",
                "number",
                "score",
                "max_score",
                "output",
                "visibility",
                "status",
            ] {
                assert!(t.get(key).is_some(), "{key} missing in {t}");
            }
            assert_eq!(t["visibility"], "visible");
        }
        assert_eq!(tests[0]["name"], "Scaling Basics 1");
        assert_eq!(tests[0]["number"], "1.1");
        let sum: f64 = tests.iter().map(|t| t["score"].as_f64().unwrap()).sum();
        assert_eq!(v["score"].as_f64().unwrap(), sum);
        assert_eq!(v["extra_data"]["learner"], "ben");
    }

    #[test]
    fn a_failed_input_scores_zero_with_the_reason() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let views = PlainView::new(&r, &b.outcomes[1]);
        let res = results_in(&r, &b.outcomes[1], &views);
        assert_eq!(res.score, 0.0);
        assert!(res.tests.is_empty());
        assert!(res.output.contains("subs/broken.yaml"), "{}", res.output);
    }
}
