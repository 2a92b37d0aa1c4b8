//! The rubric loader: YAML, validation, pattern and formula compilation. A rubric that loads
//! must give a layout, a template and a self-test run, and grade a short answer to every
//! question with scores in [0, max].
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rubric) = assay::rubric::load_str(src, "fuzz.yaml") else {
        return;
    };
    let layout = rubric.layout();
    let _ = assay::cmd::test::run_examples(&rubric);
    let answers = layout
        .exercises
        .iter()
        .flat_map(|e| {
            e.questions.iter().map(|q| assay::submission::Answer {
                exercise: e.id.clone(),
                question: q.number,
                text: format!(
                    "{} is not 36 ms, because 12 instances share the load.",
                    q.prompt
                ),
                line: 1,
                column: 1,
            })
        })
        .collect();
    let sub = assay::submission::Submission {
        learner: "fuzz".into(),
        answers,
        unplaced: Vec::new(),
    };
    common::check(&rubric, &assay::grade::grade_submission(&rubric, &sub));
});
