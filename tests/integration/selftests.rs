//! Rubric self-tests: `assay test` passes on the bundled rubrics and fails (exit 1) with a
//! useful report when an example disagrees.

use super::util::{assay, stdout};

#[test]
fn mini_rubric_examples_pass() {
    let out = assay(&["test", "tests/fixtures/rubrics/valid/mini.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("9 passed, 0 failed"));
}

#[test]
fn workshop_rubric_examples_pass() {
    let out = assay(&["test", "rubrics/scaling-workshop.yaml"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
}

#[test]
fn a_failing_example_is_reported_with_what_fired() {
    let dir = tempfile::tempdir().unwrap();
    let src =
        std::fs::read_to_string(super::util::root().join("tests/fixtures/rubrics/valid/mini.yaml"))
            .unwrap();
    let broken = src.replace(
        "          - answer: Vertical is a bigger box.\n            score: 0.5",
        "          - answer: Vertical is a bigger box.\n            score: 1",
    );
    let path = dir.path().join("broken.yaml");
    std::fs::write(&path, broken).unwrap();
    let out = assay(&["test", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("test basics/1 example 2 ... FAILED"),
        "{text}"
    );
    assert!(text.contains("expected: score 1"), "{text}");
    assert!(text.contains("concepts found: [vertical]"), "{text}");
    assert!(text.contains("8 passed, 1 failed"), "{text}");
}
