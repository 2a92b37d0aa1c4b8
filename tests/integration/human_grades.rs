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

/// An instructor who graded a sample: submissions with no human row at all are left out of
/// every figure and named, instead of counting each answered question as a human 0.
#[test]
fn submissions_with_no_human_row_are_left_out_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let all =
        std::fs::read_to_string(super::util::root().join("submissions/human-grades.csv")).unwrap();
    let sample: String = all
        .lines()
        .filter(|l| l.starts_with("file,") || l.starts_with("strong-ana.md,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let csv = dir.path().join("sample.csv");
    std::fs::write(&csv, sample).unwrap();
    let out = assay(&[
        "calibrate",
        RUBRIC,
        "submissions",
        "--human",
        csv.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // strong-ana answers all 37 questions; the other 13 graded files are left out.
    assert_eq!(v["pooled"]["n"], 37, "{}", stdout(&out));
    let unrated = v["unrated"].as_array().unwrap();
    assert_eq!(unrated.len(), 13);
    assert!(unrated.iter().all(|f| f != "strong-ana.md"));
    let human = assay(&[
        "calibrate",
        RUBRIC,
        "submissions",
        "--human",
        csv.to_str().unwrap(),
    ]);
    assert!(
        stdout(&human).contains(
            "left out, graded by assay but with no human grade (no row at all): 13 files: "
        ),
        "{}",
        stdout(&human)
    );
}
