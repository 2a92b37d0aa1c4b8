//! Reports: the JSON document and the Markdown feedback report for sample submissions,
//! pinned by snapshots; learner text cannot break the report; templates can be overridden.

use super::util::{assay, redact, stderr};

const RUBRIC: &str = "tests/fixtures/rubrics/valid/mini.yaml";

#[test]
fn json_and_feedback_reports_for_sample_submissions() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = assay(&[
        "grade",
        RUBRIC,
        "tests/fixtures/batch/mini/ana.md",
        "tests/fixtures/batch/mini/ben.yaml",
        "--out",
        out_dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = std::fs::read_to_string(out_dir.join("results.json")).unwrap();
    insta::assert_snapshot!("results_json", redact(&json, dir.path()));
    for learner in ["ana", "ben"] {
        let md =
            std::fs::read_to_string(out_dir.join("reports").join(format!("{learner}.md"))).unwrap();
        insta::assert_snapshot!(format!("report_{learner}"), md);
    }
}

#[test]
fn learner_text_is_escaped_in_markdown_reports() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("eve.yaml");
    std::fs::write(&sub, "learner: \"<img src=x onerror=alert(1)>\"\nanswers:\n  basics:\n    1: \"Vertical means a bigger machine <script>alert(1)</script> [x](javascript:alert(1)) and horizontal means adding more machines\"\n").unwrap();
    let out_dir = dir.path().join("out");
    let out = assay(&[
        "grade",
        RUBRIC,
        sub.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reports: Vec<_> = std::fs::read_dir(out_dir.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    assert_eq!(reports.len(), 1);
    let name = reports[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert_eq!(name, "_img_src_x_onerror_alert_1__.md");
    let md = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(!md.contains("<script>") && !md.contains("<img"), "{md}");
    assert!(md.contains("&lt;script&gt;"), "{md}");
    assert!(!md.contains("](javascript:"), "{md}");
}

/// Text assay could not place at a question is shown to the learner, with its line and
/// why, in both reports: nothing they wrote disappears silently. In Markdown the reason's
/// `code` stays code, and the learner's text is escaped.
#[test]
fn unplaced_text_is_quoted_in_both_reports() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("kim.md");
    let out_dir = dir.path().join("out");
    // Grades `text` as kim.md; the Markdown and HTML reports.
    let reports = |text: &str| {
        std::fs::write(&sub, text).unwrap();
        let out = assay(&[
            "grade",
            RUBRIC,
            sub.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let read =
            |name: &str| std::fs::read_to_string(out_dir.join("reports").join(name)).unwrap();
        (read("kim.md"), read("kim.html"))
    };
    let (md, html) = reports(
        "# Scaling Basics\n\nQ1: Vertical means a bigger machine, horizontal means more machines.\n\nQ7: my *extra* thoughts on caching\n",
    );
    assert!(
        md.contains("- line 5: exercise `basics` has no question 7 (its questions are 1, 2)\n  > Q7: my \\*extra\\* thoughts on caching\n"),
        "{md}"
    );
    assert!(
        html.contains("<blockquote>Q7: my *extra* thoughts on caching</blockquote>"),
        "{html}"
    );
    // A long stray text is quoted by its first 1,000 characters.
    let (md, _) = reports(&format!(
        "# Scaling Basics\n\nQ1: Vertical means a bigger machine.\n\nQ7: {}\n",
        "x".repeat(50_000)
    ));
    assert!(
        md.contains(&format!("  > Q7: {}…\n", "x".repeat(996))),
        "{}",
        md.len()
    );
    assert!(md.len() < 5_000, "{}", md.len());
}

#[test]
fn a_template_override_wins_and_a_broken_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    std::fs::create_dir(&tpl).unwrap();
    std::fs::write(
        tpl.join("report.md.tera"),
        "Custom report for {{ learner }}: {{ score }}/{{ max_score }}\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = assay(&[
        "grade",
        RUBRIC,
        "tests/fixtures/batch/mini/ana.md",
        "--out",
        out_dir.to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(out_dir.join("reports/ana.md")).unwrap();
    assert!(md.starts_with("Custom report for ana: "), "{md}");

    std::fs::write(
        tpl.join("report.md.tera"),
        "line one\n{% if score %}\nunclosed\n",
    )
    .unwrap();
    let out = assay(&[
        "grade",
        RUBRIC,
        "tests/fixtures/batch/mini/ana.md",
        "--out",
        out_dir.to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = redact(&stderr(&out), dir.path());
    assert!(err.contains("template `report.md.tera`"), "{err}");
    insta::assert_snapshot!("broken_template", err);
}

/// A run whose report rendering fails for one learner leaves the earlier results untouched:
/// nothing is renamed until every output was produced, and no temporary file is left behind.
#[test]
fn a_failed_run_never_replaces_earlier_results() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let first = assay(&[
        "grade",
        RUBRIC,
        "tests/fixtures/batch/mini/ana.md",
        "tests/fixtures/batch/mini/ben.yaml",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let results = std::fs::read_to_string(out_dir.join("results.json")).unwrap();
    let report = std::fs::read_to_string(out_dir.join("reports/ben.md")).unwrap();
    // A template that fails only when it renders ben's report.
    let tpl = dir.path().join("tpl");
    std::fs::create_dir(&tpl).unwrap();
    std::fs::write(
        tpl.join("report.md.tera"),
        "{% if learner == \"ben\" %}{{ no_such_variable }}{% endif %}ok\n",
    )
    .unwrap();
    let second = assay(&[
        "grade",
        RUBRIC,
        "tests/fixtures/batch/mini/ana.md",
        "tests/fixtures/batch/mini/ben.yaml",
        "--out",
        out_dir.to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
    ]);
    assert_eq!(second.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(out_dir.join("results.json")).unwrap(),
        results
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("reports/ben.md")).unwrap(),
        report
    );
    assert_ne!(
        std::fs::read_to_string(out_dir.join("reports/ana.md")).unwrap(),
        "ok\n"
    );
    for sub in ["", "reports", "gradescope"] {
        for e in std::fs::read_dir(out_dir.join(sub)).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.contains(".tmp-"), "left behind: {name}");
        }
    }

    // Into a new folder, the same failure leaves no visible file or folder: only the hidden
    // results cache, which a re-run with a working template reuses.
    let fresh = dir.path().join("fresh");
    let third = assay(&[
        "grade",
        RUBRIC,
        "tests/fixtures/batch/mini/ana.md",
        "tests/fixtures/batch/mini/ben.yaml",
        "--out",
        fresh.to_str().unwrap(),
        "--templates",
        tpl.to_str().unwrap(),
    ]);
    assert_eq!(third.status.code(), Some(2));
    let left: Vec<String> = std::fs::read_dir(&fresh)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, [".assay-cache"]);
}
