//! `assay lint` on rubric fixtures with one defect each: every defect is reported with
//! `file:line:col`, and the messages are pinned by snapshots.

use super::util::{assay, stderr};

#[test]
fn each_invalid_rubric_reports_its_defect_with_its_place() {
    insta::glob!(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/rubrics/invalid"
        ),
        "*.yaml",
        |path| {
            let rel = path
                .strip_prefix(super::util::root())
                .expect("inside the project")
                .to_string_lossy()
                .replace('\\', "/");
            let out = assay(&["lint", &rel]);
            assert_eq!(out.status.code(), Some(2), "{rel} must fail lint");
            let err = stderr(&out);
            assert!(
                err.lines()
                    .next()
                    .is_some_and(|l| l.starts_with(&format!("{rel}:"))),
                "{err}"
            );
            insta::assert_snapshot!(err);
        }
    );
}

#[test]
fn many_problems_are_all_reported_in_one_run() {
    let out = assay(&["lint", "tests/fixtures/rubrics/invalid/many-problems.yaml"]);
    let err = stderr(&out);
    assert_eq!(
        err.lines().filter(|l| l.contains(": error: ")).count(),
        7,
        "{err}"
    );
}

#[test]
fn a_valid_rubric_lints_clean() {
    let out = assay(&["lint", "tests/fixtures/rubrics/valid/mini.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
