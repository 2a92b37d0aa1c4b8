//! `assay lint` on rubric fixtures with one defect each: every defect is reported with
//! `file:line:col`, and the messages are pinned by snapshots.

use super::util::{assay, root, stderr, stdout};

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

/// Unknown keys at every depth (the rubric, a misconception, an exercise, a question, a concept,
/// a mistake, a tolerance) are all reported in one run, each at its place and in the order
/// written, with the rubric's other problems; and the rubric is not graded.
#[test]
fn every_unknown_key_is_reported_in_one_run_with_the_other_problems() {
    let rel = "tests/fixtures/rubrics/invalid/unknown-keys.yaml";
    let out = assay(&["lint", rel]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let places: Vec<&str> = err
        .lines()
        .filter(|l| l.contains(": error: unknown field `"))
        .filter_map(|l| l.strip_prefix(rel)?.split(": error: ").next())
        .collect();
    assert_eq!(
        places,
        [
            ":4:1", ":9:5", ":13:5", ":17:9", ":21:13", ":30:13", ":36:38"
        ],
        "{err}"
    );
    assert!(
        err.contains(":25:23: error: unknown polarity `sometimes`"),
        "{err}"
    );
    let out = assay(&["grade", rel, "submissions/average-ben.md"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unknown field `pointz`"),
        "{}",
        stderr(&out)
    );
}

/// A pattern naming two vocabularies the rubric lacks: both are reported, in the order
/// written, each at the pattern's place and with its character in the pattern (the optional
/// parts `[ ]` compile absent first, which once made the second name the one reported).
#[test]
fn every_unknown_vocabulary_name_of_a_pattern_is_reported_in_the_order_written() {
    let rel = "tests/fixtures/rubrics/invalid/unknown-vocabulary-names.yaml";
    let out = assay(&["lint", rel]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    let pattern = "invalid pattern `[{nosuch}] load_balancer [{nosuch2}] spread*` in `match`";
    assert_eq!(
        errors,
        [
            format!("{rel}:13:20: error: {pattern}: unknown vocabulary `nosuch` (at character 2)"),
            format!(
                "{rel}:13:20: error: {pattern}: unknown vocabulary `nosuch2` (at character 27)"
            ),
        ],
        "{err}"
    );
    // `grade` loads the rubric the same way.
    let out = assay(&["grade", rel, "submissions/average-ben.md"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("unknown vocabulary `nosuch` (at character 2)"));
}

#[test]
fn a_valid_rubric_lints_clean() {
    let out = assay(&["lint", "tests/fixtures/rubrics/valid/mini.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// A rubric named without a folder (`rubric.yaml`, from inside its folder) finds its includes
/// beside it.
#[test]
fn a_rubric_named_from_its_own_folder_finds_its_includes() {
    let out = assert_cmd::Command::cargo_bin("assay")
        .expect("binary")
        .current_dir(root().join("rubrics"))
        .args(["lint", "scaling-workshop.yaml"])
        .output()
        .expect("run assay");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("scaling-workshop.yaml: ok:"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_rubric_file_that_cannot_be_read_is_said_once_not_counted_as_a_problem() {
    for cmd in ["lint", "grade"] {
        let mut args = vec![cmd, "tests/fixtures/rubrics/no-such-rubric.yaml"];
        if cmd == "grade" {
            args.push("submissions/average-ben.md");
        }
        let out = assay(&args);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        assert_eq!(
            stderr(&out),
            "tests/fixtures/rubrics/no-such-rubric.yaml: error: cannot read the rubric: No such \
             file or directory (os error 2)\n",
            "{cmd}"
        );
    }
}

/// A question without examples is warned of at its place, in the file that holds it: an
/// included file's question is not said to be in the main file.
#[test]
fn a_warning_names_the_file_and_place_of_its_question() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("inc")).unwrap();
    let question = "    questions:\n      - number: 1\n        prompt: P\n        concepts:\n          - { id: c, match: cache, feedback: F }\n";
    std::fs::write(
        dir.path().join("rubric.yaml"),
        format!("id: r\ntitle: R\ninclude: [inc/two.yaml]\nexercises:\n  - id: one\n    title: One\n{question}"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("inc/two.yaml"),
        format!("exercises:\n  - id: two\n    title: Two\n{question}"),
    )
    .unwrap();
    let main = dir.path().join("rubric.yaml");
    let out = assay(&["lint", main.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let warnings: Vec<String> = stderr(&out)
        .lines()
        .map(|l| l.replace(&dir.path().display().to_string(), "DIR"))
        .collect();
    assert_eq!(
        warnings,
        [
            "DIR/rubric.yaml:8:9: warning: question one.1 has no examples",
            "DIR/inc/two.yaml:5:9: warning: question two.1 has no examples",
        ]
    );
}

/// A rubric's problems are listed by file (the main file, then `include` order) and by place
/// within each, whichever check found them: an unknown key, an unreadable include, a missing
/// field, a bad pattern, a duplicate id.
#[test]
fn problems_are_listed_in_file_and_place_order() {
    let rel = "tests/fixtures/rubrics/problem-order/main.yaml";
    let out = assay(&["lint", rel]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let dir = "tests/fixtures/rubrics/problem-order/";
    let places: Vec<(usize, u32, u32)> = err
        .lines()
        .filter_map(|l| l.split_once(": error: ").map(|(at, _)| at))
        .map(|at| {
            let mut parts = at.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
            let line = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
            let file = parts.next().unwrap_or("");
            let rank = ["main.yaml", "first.yaml", "second.yaml"]
                .iter()
                .position(|f| file == format!("{dir}{f}"))
                .unwrap_or_else(|| panic!("unexpected file in {at:?}"));
            (rank, line, col)
        })
        .collect();
    assert_eq!(places.len(), 10, "{err}");
    assert!(places.is_sorted(), "{err}");
    assert!(
        [0, 1, 2].iter().all(|r| places.iter().any(|p| p.0 == *r)),
        "{err}"
    );
}
