//! `assay check`: the CI mode's exit codes, GitHub annotations and step summary.

use super::util::{root, stderr, stdout};

const RUBRIC: &str = "tests/fixtures/rubrics/valid/mini.yaml";

fn check(args: &[&str], github: Option<&std::path::Path>) -> std::process::Output {
    let mut cmd = assert_cmd::Command::cargo_bin("assay").unwrap();
    cmd.current_dir(root())
        .arg("check")
        .arg(RUBRIC)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY");
    if let Some(summary) = github {
        cmd.env("GITHUB_ACTIONS", "true")
            .env("GITHUB_STEP_SUMMARY", summary);
    }
    cmd.output().unwrap()
}

#[test]
fn exit_codes_follow_the_threshold() {
    let ana = "tests/fixtures/batch/mini/ana.md";
    let ben = "tests/fixtures/batch/mini/ben.yaml";
    assert_eq!(
        check(&[ana, "--fail-under", "90"], None).status.code(),
        Some(0)
    );
    let out = check(&[ben, "--fail-under", "50"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("ben.yaml: 1.25 / 4 (31.3 %) below the threshold"),
        "{}",
        stdout(&out)
    );
    assert!(
        !stdout(&out).contains("::"),
        "no annotations outside GitHub Actions"
    );
    // A threshold that is no percentage is a usage error, not a failing file.
    for bad in ["150", "-1", "NaN", "half"] {
        let out = check(&[ana, &format!("--fail-under={bad}")], None);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).contains("is not a percentage from 0 to 100"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(
        check(&["tests/fixtures/batch/mini/broken.yaml"], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn on_github_actions_it_annotates_and_writes_the_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = check(
        &["tests/fixtures/batch/mini/ben.yaml", "--fail-under", "50"],
        Some(&summary),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let annotations: Vec<&str> = text.lines().filter(|l| l.starts_with("::")).collect();
    assert!(!annotations.is_empty());
    for a in &annotations {
        // ::level file=…,line=N,title=…::message — no raw newline, `:` or `,` inside properties.
        let (head, message) = a[2..].split_once("::").expect("two parts");
        let (level, props) = head.split_once(' ').unwrap();
        assert!(level == "error" || level == "warning", "{a}");
        for prop in props.split(',') {
            let (k, v) = prop.split_once('=').unwrap();
            assert!(["file", "line", "title"].contains(&k), "{a}");
            assert!(!v.contains(':'), "{a}");
        }
        assert!(!message.is_empty());
    }
    assert!(annotations.iter().any(|a| a.starts_with("::error file=tests/fixtures/batch/mini/ben.yaml,line=5,title=basics 2%3A misconception sticky-is-fine::")));
    assert!(
        annotations.iter().any(|a| a.contains("30 %25 headroom")),
        "% is escaped"
    );
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("earlier step\n## assay: Mini Scaling Quiz"),
        "appended: {written}"
    );
    assert!(written.contains("| <code>tests/fixtures/batch/mini/ben.yaml</code> | ben | 1.25 / 4 (31.3 %) | **below threshold** |"), "{written}");
}

/// The percentage is rounded as in every other output (the docs' Moodle example: 31.3 %).
#[test]
fn percentages_round_as_the_other_outputs_do() {
    let ben = "tests/fixtures/batch/mini/ben.yaml";
    let out = check(&[ben], None);
    assert!(stdout(&out).contains("(31.3 %)"), "{}", stdout(&out));
    let moodle = super::util::assay(&["grade", RUBRIC, ben, "--format", "moodle"]);
    assert!(stdout(&moodle).contains("(31.3 %)"), "{}", stdout(&moodle));
}

/// A failure with a place is annotated at it.
#[test]
fn a_file_not_graded_is_annotated_at_the_place_of_the_failure() {
    let dir = tempfile::tempdir().unwrap();
    let out = check(
        &["tests/fixtures/batch/mini"],
        Some(&dir.path().join("s.md")),
    );
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(
        text.contains("::error file=tests/fixtures/batch/mini/broken.yaml,line=4,col=8,title=assay%3A not graded::"),
        "{text}"
    );
    assert!(
        text.contains(
            "::error file=tests/fixtures/batch/mini/empty.md,title=assay%3A not graded::"
        ),
        "no place, no line: {text}"
    );
}

/// More than ten annotations for a file: ten, then a notice saying how many more.
#[test]
fn annotations_past_the_cap_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("s.md");
    let out = assert_cmd::Command::cargo_bin("assay")
        .unwrap()
        .current_dir(root())
        .args([
            "check",
            "rubrics/scaling-workshop.yaml",
            "submissions/weak-eli.md",
        ])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let text = stdout(&out);
    let shown = text
        .lines()
        .filter(|l| l.starts_with("::error ") || l.starts_with("::warning "))
        .count();
    assert_eq!(shown, 10, "{text}");
    let notice = text
        .lines()
        .find(|l| l.starts_with("::notice file=submissions/weak-eli.md,title=assay%3A "))
        .expect("a notice");
    let more: usize = notice
        .split("assay%3A ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(more > 0, "{notice}");
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.contains(&format!(
            "{more} more annotations not shown on the pull request"
        )),
        "{written}"
    );
}

/// File names and learner ids are the learner's: on the terminal they are written as `grade`
/// writes them (`\u{…}`), in the step summary as inert Markdown text.
#[cfg(unix)]
#[test]
fn learner_text_is_escaped_in_the_log_and_the_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    std::fs::create_dir(&subs).unwrap();
    let answers = std::fs::read_to_string(root().join("tests/fixtures/batch/mini/ana.md")).unwrap();
    let body = answers
        .split_once("\n---\n")
        .map_or(answers.as_str(), |(_, b)| b);
    std::fs::write(
        subs.join("id.md"),
        format!("---\nlearner: \"a|b</details><h1>x</h1> `tick` \u{202e}\"\n---\n{body}"),
    )
    .unwrap();
    std::fs::write(subs.join("e\u{1b}[31mred.md"), &answers).unwrap();
    std::fs::write(subs.join("rtl\u{202e}dm.md"), &answers).unwrap();
    std::fs::write(subs.join("new\nline|x.md"), "broken: [\n").unwrap();
    let summary = dir.path().join("summary.md");
    let out = check(&[&subs.display().to_string()], Some(&summary));
    let text = stdout(&out);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text}"
    );
    assert!(
        !text.lines().any(|l| l.starts_with("line|x.md")),
        "a newline in a name stays in its line: {text}"
    );
    let written = std::fs::read_to_string(&summary).unwrap();
    let table: Vec<&str> = written.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), 6, "a header, a rule and four rows: {written}");
    for row in &table {
        assert_eq!(row.matches('|').count(), 5, "four cells: {row}");
    }
    assert!(
        !written.contains("<h1>") && !written.contains("</details><h1>"),
        "{written}"
    );
    insta::assert_snapshot!(
        "learner_text_escaped",
        format!(
            "stdout:\n{}\nsummary:\n{}",
            super::util::redact(&text, dir.path()),
            super::util::redact(&written, dir.path())
        )
    );
}

/// A learner who committed `notes.txt` is told why nothing was checked.
#[test]
fn no_submission_file_names_what_was_met() {
    let out = check(&["tests/fixtures/batch/mini/notes.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: no submission files found in tests/fixtures/batch/mini/notes.txt\n  skipped \
         tests/fixtures/batch/mini/notes.txt: not a submission file type (.md, .markdown, \
         .yaml, .yml)\n"
    );
}

#[test]
fn check_takes_the_batch_limits_of_grade() {
    let ana = "tests/fixtures/batch/mini/ana.md";
    // Over the size limit: the file is an error (exit 2) in the verdicts on stdout, named
    // with the limit's flag.
    let out = check(&[ana, "--max-file-size", "10", "--jobs", "1"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "error: tests/fixtures/batch/mini/ana.md: file is 369 bytes, over the 10-byte limit \
         (--max-file-size)\n"
    );
    // Within it, graded as before.
    let out = check(&[ana, "--max-file-size", "100000", "-j", "2"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // No thread is a usage error, not a run on one thread.
    for bad in ["0", "-1", "two"] {
        let out = check(&[ana, &format!("--jobs={bad}")], None);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).contains("is not a number of threads, 1 or more"),
            "{}",
            stderr(&out)
        );
    }
}

/// An untouched answer sheet passes the default threshold of 0 (it is no error), but the
/// verdict and, on GitHub Actions, a warning say that no question is answered.
#[test]
fn a_sheet_with_no_answer_passes_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("sheet.md");
    std::fs::write(&sheet, stdout(&super::util::assay(&["template", RUBRIC]))).unwrap();
    let sheet = sheet.to_str().unwrap();
    let out = check(&[sheet], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with("pass (no question is answered)\n"),
        "{}",
        stdout(&out)
    );
    let summary = dir.path().join("summary.md");
    let out = check(&[sheet], Some(&summary));
    assert!(
        stdout(&out).contains(",title=assay%3A no question is answered::No question of the sheet"),
        "{}",
        stdout(&out)
    );
    // A sheet with an answer has no such warning.
    let ana = "tests/fixtures/batch/mini/ana.md";
    let out = check(&[ana], Some(&summary));
    assert!(
        !stdout(&out).contains("no question is answered"),
        "{}",
        stdout(&out)
    );
}

/// Every answered question below full credit is explained, in its annotation and in the step
/// summary, with what the learner may see: a number not accepted as the learner's report says
/// it (the check has no feedback of its own), and credit lost only to instructor-only points
/// with a neutral line that names none of them. Before, both got no annotation and an empty
/// summary line.
#[test]
fn every_answer_below_full_credit_is_explained_with_what_learners_may_see() {
    let rubric = "tests/fixtures/rubrics/valid/hidden-points.yaml";
    let cara = "tests/fixtures/batch/hidden/cara.yaml";
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let out = assert_cmd::Command::cargo_bin("assay")
        .unwrap()
        .current_dir(root())
        .args(["check", rubric, cara, "--fail-under", "90"])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let written = std::fs::read_to_string(&summary).unwrap();
    for shown in [&text, &written] {
        assert!(!shown.contains("INSTRUCTOR-ONLY"), "{shown}");
    }
    let warnings: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("::warning "))
        .collect();
    assert_eq!(
        warnings.len(),
        2,
        "one per question below full credit: {text}"
    );
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "::warning file=tests/fixtures/batch/hidden/cara.yaml,line=6,title=capacity 1%3A \
             0 / 2::Number not accepted: no number found; 0 of its credit."
        )),
        "{text}"
    );
    assert!(
        warnings.iter().any(|w| w.ends_with(
            "title=basics 1%3A 0.5 / 1::Part of the credit for this question depends on points \
             that are not shown to learners."
        )),
        "{text}"
    );
    let bullets: Vec<&str> = written.lines().filter(|l| l.starts_with("- ")).collect();
    assert_eq!(bullets.len(), 2, "{written}");
    for b in &bullets {
        assert!(!b.ends_with(": "), "no empty line: {written}");
    }
    // The learner's own report says the same of the number.
    let out_dir = dir.path().join("out");
    let graded = super::util::assay(&[
        "grade",
        rubric,
        cara,
        "--out",
        out_dir.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(graded.status.code(), Some(0), "{}", stderr(&graded));
    let report = std::fs::read_to_string(out_dir.join("reports/cara.md")).unwrap();
    assert!(
        report.contains("✗ Number not accepted: no number found; 0 of its credit"),
        "{report}"
    );
    assert!(!report.contains("INSTRUCTOR-ONLY"), "{report}");
    // `grade --format github` prints the same annotations.
    let github = super::util::assay(&["grade", rubric, cara, "--format", "github"]);
    assert_eq!(
        stdout(&github),
        text.lines()
            .filter(|l| l.starts_with("::"))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    );
    insta::assert_snapshot!(
        "below_full_credit_explained",
        format!(
            "stdout:\n{}\nsummary:\n{}",
            super::util::redact(&text, dir.path()),
            super::util::redact(&written, dir.path())
        )
    );
}
