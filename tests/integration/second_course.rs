//! A second course, written from the documentation alone by an acceptance tester
//! (`tests/fixtures/second-course/`): its rubric self-tests pass, and its learners' answers get
//! the scores the tester expected before any run (see the fixture's README).

use super::util::{assay, stdout};

const DIR: &str = "tests/fixtures/second-course";

#[test]
fn the_second_course_rubric_lints_and_its_examples_pass() {
    let out = assay(&["test", &format!("{DIR}/db-indexing.yaml")]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("27 passed, 0 failed"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_second_course_submissions_get_the_expected_scores() {
    let out = assay(&[
        "grade",
        &format!("{DIR}/db-indexing.yaml"),
        &format!("{DIR}/submissions"),
        "--format",
        "json",
        "-q",
    ]);
    assert!(out.status.success(), "{}", super::util::stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let subs = json["submissions"].as_array().expect("submissions");
    assert_eq!(subs.len(), 8, "every file graded");
    let expected =
        std::fs::read_to_string(super::util::root().join(DIR).join("expected-scores.csv"))
            .expect("expected scores");
    for row in expected.lines().skip(1) {
        let cols: Vec<&str> = row.split(',').collect();
        let [file, exercise, question, score] = cols[..] else {
            panic!("bad row {row}");
        };
        let number: u64 = question.parse().expect("question number");
        let sub = subs
            .iter()
            .find(|s| s["file"].as_str().is_some_and(|f| f.ends_with(file)))
            .unwrap_or_else(|| panic!("{file} graded"));
        assert!(
            sub["unplaced"].as_array().is_some_and(Vec::is_empty),
            "{file}: {}",
            sub["unplaced"]
        );
        let q = sub["questions"]
            .as_array()
            .and_then(|qs| {
                qs.iter()
                    .find(|q| q["exercise"] == exercise && q["question"].as_u64() == Some(number))
            })
            .unwrap_or_else(|| panic!("{file} {exercise} {question}"));
        let want: f64 = score.parse().expect("score");
        assert_eq!(
            q["score"].as_f64(),
            Some(want),
            "{file} {exercise} {question}: {q}"
        );
        assert!(
            q["flags"].as_array().is_some_and(Vec::is_empty),
            "{file} {exercise} {question}: {}",
            q["flags"]
        );
    }
}
