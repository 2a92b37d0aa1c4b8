//! `assay calibrate` on human-grades fixtures with one defect each (or several, in
//! `many-problems.csv`): each is refused before grading, with exit code 2 and every problem
//! named by the file and line; the messages are pinned by snapshots.

use super::util::{assay, stderr, stdout};

const RUBRIC: &str = "rubrics/scaling-workshop.yaml";

#[test]
fn each_invalid_grades_file_reports_its_defect_with_its_place() {
    insta::glob!(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/human-grades/invalid"
        ),
        "*.csv",
        |path| {
            let rel = path
                .strip_prefix(super::util::root())
                .expect("inside the project")
                .to_string_lossy()
                .replace('\\', "/");
            let out = assay(&["calibrate", RUBRIC, "submissions", "--human", &rel]);
            assert_eq!(out.status.code(), Some(2), "{rel} must be refused");
            assert_eq!(stdout(&out), "", "{rel}: no report on refused grades");
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
    let out = assay(&[
        "calibrate",
        RUBRIC,
        "submissions",
        "--human",
        "tests/fixtures/human-grades/invalid/many-problems.csv",
    ]);
    let err = stderr(&out);
    assert_eq!(
        err.lines().filter(|l| l.contains(": error: ")).count(),
        5,
        "{err}"
    );
}

/// The bundled grades meet no impossible threshold: exit 1, with the figures printed.
#[test]
fn a_threshold_not_met_exits_1() {
    let out = assay(&[
        "calibrate",
        RUBRIC,
        "submissions",
        "--human",
        "submissions/human-grades.csv",
        "--max-mae",
        "0.0001",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("calibrate: below threshold: MAE"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains("NaN"), "{}", stdout(&out));
}

/// A threshold that is not a finite number is a usage error: `NaN` would be met by nothing
/// or by everything.
#[test]
fn a_threshold_must_be_a_finite_number() {
    for flag in ["--max-mae", "--min-qwk"] {
        for value in ["NaN", "inf"] {
            let out = assay(&[
                "calibrate",
                RUBRIC,
                "submissions",
                "--human",
                "submissions/human-grades.csv",
                flag,
                value,
            ]);
            assert_eq!(out.status.code(), Some(2), "{flag} {value}");
            assert!(
                stderr(&out).contains(&format!("`{value}` is not a finite number")),
                "{}",
                stderr(&out)
            );
        }
    }
}
