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

use serde::Serialize;

use crate::batch::Outcome;
use crate::rubric::Rubric;

use super::feedback::PlainView;
use super::plain::{question_lines, question_name, report_text};

#[derive(Debug, Serialize)]
pub struct Results {
    pub score: f64,
    pub output: String,
    pub output_format: &'static str,
    pub test_output_format: &'static str,
    pub visibility: &'static str,
    pub stdout_visibility: &'static str,
    pub tests: Vec<Test>,
    pub extra_data: Extra,
}

#[derive(Debug, Serialize)]
pub struct Test {
    pub name: String,
    pub number: String,
    pub score: f64,
    pub max_score: f64,
    pub status: &'static str,
    pub output: String,
    pub tags: Vec<String>,
    pub visibility: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Extra {
    pub assay_version: &'static str,
    pub rubric: String,
    pub rubric_hash: String,
    pub learner: String,
    pub file: String,
}

/// The results of one outcome.
pub fn results(rubric: &Rubric, o: &Outcome) -> Results {
    results_in(rubric, o, &PlainView::new(rubric, o))
}

/// [`results`], from the outcome's view.
pub fn results_in(rubric: &Rubric, o: &Outcome, views: &PlainView<'_>) -> Results {
    let extra = Extra {
        assay_version: env!("CARGO_PKG_VERSION"),
        rubric: rubric.id.clone(),
        rubric_hash: rubric.hash.clone(),
        learner: o.learner.clone(),
        file: o.file.clone(),
    };
    let (score, output, tests) = match &o.result {
        Ok(g) => {
            let view = views.of(g);
            let mut tests = Vec::new();
            for (i, ex) in view.exercises.iter().enumerate() {
                for q in &ex.questions {
                    tests.push(Test {
                        name: question_name(&ex.title, q),
                        number: format!("{}.{}", i + 1, q.number),
                        score: q.score,
                        max_score: q.max_score,
                        status: if q.status == "full" {
                            "passed"
                        } else {
                            "failed"
                        },
                        output: question_lines(q).join("\n"),
                        tags: vec![ex.id.clone()],
                        visibility: "visible",
                    });
                }
            }
            (g.score, report_text(view).to_string(), tests)
        }
        Err(e) => (
            0.0,
            format!("assay could not grade this submission: {e}"),
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
        let res = results(&r, &b.outcomes[1]);
        assert_eq!(res.score, 0.0);
        assert!(res.tests.is_empty());
        assert!(res.output.contains("subs/broken.yaml"), "{}", res.output);
    }
}
