//! Every output of `assay grade`: the files `--out` writes for the sample submissions (pinned
//! by snapshots), the gradebook and CI shapes their consumers need (Canvas, Moodle,
//! Gradescope, JUnit read back by quick-junit, GitLab), `--format` on stdout, learner text that
//! stays text, instructor-only material that never reaches learners, and template overrides.

use std::path::Path;

use serde_json::Value;

use super::util::{assay, redact, stderr, stdout};

const RUBRIC: &str = "tests/fixtures/rubrics/valid/mini.yaml";
const ANA: &str = "tests/fixtures/batch/mini/ana.md";
const BEN: &str = "tests/fixtures/batch/mini/ben.yaml";

/// Replaces assay's version, which changes with every release, by `[VERSION]`.
fn unversioned(text: &str) -> String {
    text.replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Grades `inputs` with `--out`; returns the temporary folder and the output folder.
fn grade_out(
    inputs: &[&str],
    extra: &[&str],
) -> (tempfile::TempDir, std::path::PathBuf, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let mut args = vec!["grade", RUBRIC];
    args.extend_from_slice(inputs);
    let out_s = out_dir.to_str().unwrap().to_string();
    args.extend_from_slice(&["--out", &out_s, "-q"]);
    args.extend_from_slice(extra);
    let out = assay(&args);
    (dir, out_dir, out)
}

#[test]
fn every_output_file_for_the_sample_submissions() {
    let (dir, out_dir, out) = grade_out(&[ANA, BEN], &[]);
    // 0 when every input is graded; 2 when one is not (the others are still reported).
    assert!(
        matches!(out.status.code(), Some(0) | Some(2)),
        "{}",
        stderr(&out)
    );
    let mut files: Vec<String> = crate::util::output_files(&out_dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(&out_dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    assert!(files.iter().all(|f| !f.contains(".tmp-")), "{files:?}");
    insta::assert_snapshot!("out_files", files.join("\n"));
    for f in &files {
        let text = unversioned(&redact(&read(&out_dir, f), dir.path()));
        insta::assert_snapshot!(format!("out_{}", f.replace('/', "__")), text);
    }
}

#[test]
fn canvas_csv_has_the_header_and_points_possible_rows_canvas_imports() {
    let out = assay(&[
        "grade",
        RUBRIC,
        BEN,
        "--format",
        "canvas",
        "--assignment",
        "Quiz 1 (4242)",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(
        rows[0].iter().collect::<Vec<_>>(),
        [
            "Student",
            "ID",
            "SIS User ID",
            "SIS Login ID",
            "Section",
            "Quiz 1 (4242)"
        ]
    );
    assert_eq!(
        rows[1].iter().collect::<Vec<_>>(),
        ["    Points Possible", "", "", "", "", "4"]
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[2][0], "ben");
    assert_eq!(&rows[2][3], "ben");
    assert_eq!(&rows[2][5], "1.25");
    assert!(rows.iter().all(|r| r.len() == 6));
}

#[test]
fn moodle_csv_has_identifier_grade_and_feedback_columns() {
    let out = assay(&["grade", RUBRIC, BEN, "--format", "moodle"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "Learner ID",
            "Mini Scaling Quiz",
            "Mini Scaling Quiz feedback"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "ben");
    assert_eq!(rows[0][1].parse::<f64>().unwrap(), 1.25);
    assert!(
        rows[0][2].starts_with("Mini Scaling Quiz: 1.25 / 4"),
        "{}",
        &rows[0][2]
    );
    assert!(rows[0][2].contains("Misconception: Sticky sessions are unproblematic"));
}

#[test]
fn generic_csv_has_a_column_per_exercise_and_question_in_sheet_order() {
    let out = assay(&[
        "grade",
        RUBRIC,
        BEN,
        "tests/fixtures/batch/mini/broken.yaml",
        "--format",
        "csv",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "learner",
            "file",
            "status",
            "score",
            "max_score",
            "percent",
            "basics",
            "basics/1",
            "basics/2",
            "capacity",
            "capacity/1",
            "capacity/2",
            "error"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][2], "graded");
    assert_eq!(&rows[1][2], "error");
    assert!(rows[1][12].contains("broken.yaml:4:8"), "{:?}", rows[1]);
}

#[test]
fn gradescope_results_have_the_keys_gradescope_reads() {
    let out = assay(&["grade", RUBRIC, BEN, "--format", "gradescope"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["score", "output", "tests", "visibility", "output_format"] {
        assert!(v.get(key).is_some(), "{key} missing");
    }
    assert_eq!(v["score"].as_f64(), Some(1.25));
    let tests = v["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 4, "one test per question");
    for t in tests {
        for key in ["name", "score", "max_score", "output", "visibility"] {
            assert!(t.get(key).is_some(), "{key} missing in {t}");
        }
        assert!(
            ["visible", "hidden", "after_due_date", "after_published"]
                .contains(&t["visibility"].as_str().unwrap())
        );
        assert!(t["score"].as_f64().unwrap() <= t["max_score"].as_f64().unwrap());
    }
    // Gradescope runs one submission at a time: several are an error (exit 2), said on stderr
    // and in results the learner reads on Gradescope (without them, Gradescope shows only that
    // the autograder failed).
    let out = assay(&["grade", RUBRIC, BEN, ANA, "--format", "gradescope"]);
    assert_eq!(out.status.code(), Some(2));
    let message = format!(
        "--format gradescope grades one submission file, and 2 were found ({ANA}, {BEN}): \
         upload your answers as one file"
    );
    // Said before grading (no summary line follows), with the instructor's way on stderr.
    assert_eq!(
        stderr(&out),
        format!(
            "error: {message} (or use --out DIR for gradescope/<learner>.json per submission)\n"
        )
    );
    // With `--out`, the instructor is told that it writes each learner's already.
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let with_out = assay(&[
        "grade",
        RUBRIC,
        BEN,
        ANA,
        "--format",
        "gradescope",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(with_out.status.code(), Some(2));
    assert_eq!(
        stderr(&with_out),
        format!(
            "error: {message} (--out writes each submission's to {}: leave out --format \
             gradescope)\n",
            out_dir.join("gradescope").display()
        )
    );
    let v: Value = serde_json::from_str(&stdout(&out)).expect("Gradescope results");
    assert_eq!(v["score"], 0.0);
    assert_eq!(v["output"], message.as_str());
    assert_eq!(v["tests"], serde_json::json!([]));
    // An upload without a submission file: the learner is told what was found.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("answers.txt"), "1. scale out\n").unwrap();
    let shown = dir.path().display().to_string();
    let out = assay(&["grade", RUBRIC, &shown, "--format", "gradescope"]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_str(&stdout(&out)).expect("Gradescope results");
    assert_eq!(v["score"], 0.0);
    assert_eq!(
        v["output"].as_str().unwrap().replace(&shown, "[DIR]"),
        "assay found no submission file to grade, only [DIR]/answers.txt (not a submission \
         file type (.md, .markdown, .yaml, .yml)): upload your answers as one Markdown (.md) \
         or YAML (.yaml) file"
    );
}

#[test]
fn junit_output_reads_back_with_quick_junit() {
    let out = assay(&[
        "grade",
        RUBRIC,
        BEN,
        "tests/fixtures/batch/mini/broken.yaml",
        "--format",
        "junit",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let xml = stdout(&out);
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("valid JUnit XML");
    assert_eq!(report.test_suites.len(), 2);
    let ben = &report.test_suites[0];
    assert_eq!(ben.name.as_str(), "ben");
    assert_eq!(ben.tests, 4);
    assert_eq!(ben.failures, 4, "every question of ben missed some credit");
    let case = &ben.test_cases[0];
    assert_eq!(case.name.as_str(), "basics/1");
    assert_eq!(case.classname.as_ref().map(|c| c.as_str()), Some("ben"));
    assert!(matches!(
        case.status,
        quick_junit::TestCaseStatus::NonSuccess {
            kind: quick_junit::NonSuccessKind::Failure,
            ..
        }
    ));
    let broken = &report.test_suites[1];
    assert_eq!((broken.tests, broken.errors), (1, 1));
    assert_eq!(report.tests, 5);
    assert_eq!(report.failures + report.errors + report.skipped, 5);
}

#[test]
fn unanswered_questions_are_skipped_in_junit() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("dee.yaml");
    std::fs::write(
        &sub,
        "learner: dee\nanswers:\n  capacity:\n    1: \"33 instances\"\n",
    )
    .unwrap();
    let out = assay(&["grade", RUBRIC, sub.to_str().unwrap(), "--format", "junit"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = quick_junit::Report::deserialize_from_str(&stdout(&out)).unwrap();
    let s = &report.test_suites[0];
    assert_eq!((s.tests, s.skipped, s.failures), (4, 3, 0));
}

#[test]
fn gitlab_code_quality_issues_have_the_required_fields() {
    let out = assay(&["grade", RUBRIC, BEN, "--format", "gitlab"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let issues = v.as_array().unwrap();
    assert!(!issues.is_empty());
    let mut prints = std::collections::BTreeSet::new();
    for i in issues {
        assert!(i["description"].is_string() && i["check_name"].is_string());
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&i["severity"].as_str().unwrap())
        );
        assert_eq!(i["location"]["path"], BEN);
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(
            prints.insert(i["fingerprint"].as_str().unwrap().to_string()),
            "fingerprints are unique"
        );
    }
    // Stable: the same run gives the same fingerprints.
    let again = assay(&["grade", RUBRIC, BEN, "--format", "gitlab"]);
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn stdout_formats_match_the_files_of_out() {
    let (_dir, out_dir, _) = grade_out(&[BEN], &[]);
    for (format, file) in [
        ("json", "results.json"),
        ("csv", "grades.csv"),
        ("canvas", "canvas.csv"),
        ("moodle", "moodle.csv"),
        ("junit", "junit.xml"),
        ("gitlab", "gl-code-quality-report.json"),
        ("gradescope", "gradescope/ben.json"),
    ] {
        let out = assay(&["grade", RUBRIC, BEN, "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert_eq!(stdout(&out), read(&out_dir, file), "{format}");
    }
}

/// `--format F --out DIR` in one run: stdout holds what the folder's file of that format
/// holds (the piece is rendered once and shared: it must stay the same bytes).
#[test]
fn a_format_beside_out_prints_what_its_file_holds() {
    for (format, file) in [
        ("json", "results.json"),
        ("junit", "junit.xml"),
        ("moodle", "moodle.csv"),
        ("gitlab", "gl-code-quality-report.json"),
    ] {
        let (_dir, out_dir, out) = grade_out(&[ANA, BEN], &["--format", format]);
        assert!(
            matches!(out.status.code(), Some(0) | Some(2)),
            "{format}: {}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), read(&out_dir, file), "{format}");
    }
}

/// `--format gradescope --out DIR` for one input prints its `gradescope/<learner>.json`.
#[test]
fn gradescope_beside_out_prints_the_learners_file() {
    let (_dir, out_dir, out) = grade_out(&[BEN], &["--format", "gradescope"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), read(&out_dir, "gradescope/ben.json"));
}

const EVIL: &str = "learner: \"<img src=x onerror=alert(1)>\"\nanswers:\n  basics:\n    1: \"Vertical means a bigger machine <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(2)> and horizontal means adding more machines\"\n    2: \"Sticky sessions are fine <a href='javascript:alert(3)'>click</a>\"\n";

#[test]
fn learner_text_shows_as_text_in_every_html_and_markdown_output() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("eve.yaml");
    std::fs::write(&sub, EVIL).unwrap();
    let (_d, out_dir, out) = grade_out(&[sub.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let name = "_img_src_x_onerror_alert_1__";
    for f in [format!("reports/{name}.html"), "index.html".to_string()] {
        let html = read(&out_dir, &f);
        let scripts = html.matches("<script").count();
        assert_eq!(
            scripts,
            usize::from(f == "index.html"),
            "{f}: only the dashboard's own script"
        );
        assert!(!html.contains("<img"), "{f}");
        assert!(!html.contains("<a href='javascript"), "{f}");
        assert!(!html.contains("href=\"javascript:"), "{f}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{f}: the learner id shows as text"
        );
        assert!(html.contains("Content-Security-Policy"), "{f}");
    }
    let report = read(&out_dir, &format!("reports/{name}.html"));
    assert!(
        report.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || report.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{report}"
    );
    let md = read(&out_dir, &format!("reports/{name}.md"));
    assert!(
        !md.contains("<script>") && !md.contains("<img") && !md.contains("](javascript:"),
        "{md}"
    );
}

const VIS_RUBRIC: &str = r#"id: vis
title: Visibility Quiz
misconceptions:
  secret-belief:
    title: SECRET-TITLE
    feedback: SECRET-CATALOGUE-FEEDBACK
  open-belief:
    title: Open belief
    feedback: Why the open belief is wrong.
exercises:
  - id: e
    title: Exercise
    questions:
      - number: 1
        prompt: Explain caching.
        concepts:
          - id: shown
            match: "cache .. (memory|ram)"
            feedback: Say where a cache keeps its data.
            praise: Says where a cache keeps its data.
          - id: hidden-concept
            match: "invalidat*"
            feedback: SECRET-CONCEPT-FEEDBACK
            praise: SECRET-CONCEPT-PRAISE
            visibility: instructor
        numbers:
          - id: ttl
            visibility: instructor
            answers:
              - { value: 60, score: 1 }
              - { value: 30, score: 0.5, mistake: secret-belief, feedback: SECRET-NUMBER-ANSWER }
            feedback: SECRET-NUMBER-FEEDBACK
        mistakes:
          - id: open-belief
            match: "caches never (fail|expire)"
          - id: secret-belief
            match: "stale .. (fine|ok)"
            visibility: instructor
            feedback: SECRET-MISTAKE-FEEDBACK
"#;

#[test]
fn learner_facing_outputs_never_show_instructor_only_material() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = dir.path().join("vis.yaml");
    std::fs::write(&rubric, VIS_RUBRIC).unwrap();
    let sub = dir.path().join("kim.yaml");
    // Credits the hidden concept, holds both misconceptions, gives the hidden number.
    std::fs::write(
        &sub,
        "learner: kim\nanswers:\n  e:\n    1: \"A cache keeps data in memory. Invalidation is hard. Caches never fail. Stale data is fine. The TTL is 30 seconds.\"\n",
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = assay(&[
        "grade",
        rubric.to_str().unwrap(),
        sub.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The instructor sees everything.
    let results = read(&out_dir, "results.json");
    for secret in ["hidden-concept", "SECRET-MISTAKE-FEEDBACK", "secret-belief"] {
        assert!(results.contains(secret), "results.json must keep {secret}");
    }
    assert!(
        read(&out_dir, "index.html").contains("SECRET-TITLE"),
        "the dashboard is for instructors"
    );
    // Learners see none of it, in any learner-facing output.
    for f in [
        "reports/kim.html",
        "reports/kim.md",
        "gradescope/kim.json",
        "moodle.csv",
        "junit.xml",
        "gl-code-quality-report.json",
    ] {
        let text = read(&out_dir, f);
        assert!(
            !text.contains("SECRET"),
            "{f} shows hidden material:\n{text}"
        );
        assert!(
            !text.contains("hidden-concept") && !text.contains("secret-belief"),
            "{f}"
        );
        assert!(
            !text.contains("invalidat*") && !text.contains("cache .. (memory|ram)"),
            "{f}: no patterns"
        );
    }
    let html = read(&out_dir, "reports/kim.html");
    assert!(
        html.contains("Says where a cache keeps its data."),
        "{html}"
    );
    assert!(html.contains("Open belief"), "{html}");
    // A CI log is learner-facing too: GitHub annotations and `assay check`'s step summary.
    let github = assay(&[
        "grade",
        rubric.to_str().unwrap(),
        sub.to_str().unwrap(),
        "--format",
        "github",
        "-q",
    ]);
    let annotations = stdout(&github);
    assert!(
        annotations.contains("misconception open-belief"),
        "{annotations}"
    );
    let summary_file = dir.path().join("summary.md");
    let check = assert_cmd::Command::cargo_bin("assay")
        .unwrap()
        .args(["check", rubric.to_str().unwrap(), sub.to_str().unwrap()])
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary_file)
        .output()
        .unwrap();
    let summary = std::fs::read_to_string(&summary_file).unwrap_or_default();
    assert!(summary.contains("kim.yaml"), "{summary}");
    for text in [annotations, stdout(&check), summary] {
        assert!(
            !text.contains("SECRET"),
            "hidden material in a CI log:\n{text}"
        );
        assert!(!text.contains("secret-belief"), "{text}");
    }
}

#[test]
fn near_duplicate_submissions_are_flagged_on_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let text = "  basics:\n    1: \"Vertical scaling means moving the service to a bigger machine with more RAM and faster cores; horizontal scaling means adding more machines behind a load balancer.\"\n    2: \"Sticky sessions are not fine: when the node dies, every session on it is lost, and the load spreads unevenly across the pool.\"\n";
    let a = dir.path().join("a.yaml");
    let b = dir.path().join("b.yaml");
    std::fs::write(&a, format!("learner: amy\nanswers:\n{text}")).unwrap();
    std::fs::write(
        &b,
        format!(
            "learner: bob\nanswers:\n{}",
            text.replace("faster cores", "quicker cores")
        ),
    )
    .unwrap();
    let (_d, out_dir, out) = grade_out(&[a.to_str().unwrap(), b.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = read(&out_dir, "index.html");
    let section = &html[html.find("Near-duplicate submissions").expect("listed")..];
    assert!(
        section.contains("reports/amy.html") && section.contains("reports/bob.html"),
        "{section}"
    );
}

#[test]
fn html_template_overrides_win_and_broken_ones_are_named_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let tpl = dir.path().join("tpl");
    std::fs::create_dir(&tpl).unwrap();
    std::fs::write(
        tpl.join("report.html.tera"),
        "<p>Custom {{ learner }}: {{ score | score }}</p>\n",
    )
    .unwrap();
    std::fs::write(
        tpl.join("index.html.tera"),
        "{% extends \"builtin/index.html.tera\" %}",
    )
    .unwrap();
    std::fs::write(
        tpl.join("style.css.tera"),
        "body { color: #000; } /* custom style */\n",
    )
    .unwrap();
    let tpl_s = tpl.to_str().unwrap();
    let (_d, out_dir, out) = grade_out(&[BEN], &["--templates", tpl_s]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read(&out_dir, "reports/ben.html"),
        "<p>Custom ben: 1.25</p>\n"
    );
    let index = read(&out_dir, "index.html");
    assert!(
        index.contains("/* custom style */"),
        "the dashboard includes the overridden style"
    );
    assert!(
        index.contains("cohort dashboard"),
        "extending the built-in keeps it"
    );

    std::fs::write(
        tpl.join("index.html.tera"),
        "<h1>ok</h1>\n<p>{{ summary.graded }</p>\n",
    )
    .unwrap();
    let (_d, _o, out) = grade_out(&[BEN], &["--templates", tpl_s]);
    assert_eq!(out.status.code(), Some(2));
    let err = redact(&stderr(&out), dir.path());
    assert!(err.contains("template `index.html.tera`"), "{err}");
    assert!(err.contains("2:"), "names the line: {err}");
    insta::assert_snapshot!("broken_html_template", err);

    std::fs::write(
        tpl.join("index.html.tera"),
        "<p>{{ no_such_variable }}</p>\n",
    )
    .unwrap();
    let (_d, _o, out) = grade_out(&[BEN], &["--templates", tpl_s]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("template `index.html.tera`") && err.contains("no_such_variable"),
        "{err}"
    );
    assert!(err.contains("(line 1 uses `no_such_variable`)"), "{err}");
}

#[test]
fn learner_ids_that_clash_or_climb_out_get_distinct_safe_files() {
    let dir = tempfile::tempdir().unwrap();
    let answer = "answers:\n  basics:\n    1: \"Vertical scaling means a bigger machine.\"\n";
    let a = dir.path().join("a.yaml");
    let b = dir.path().join("b.yaml");
    std::fs::write(&a, format!("learner: \"../../escape\"\n{answer}")).unwrap();
    std::fs::write(&b, format!("learner: \"..\\\\..\\\\Escape\"\n{answer}")).unwrap();
    let (_d, out_dir, out) = grade_out(&[a.to_str().unwrap(), b.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(out_dir.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want = [
        "_.._escape.html",
        "_.._escape.md",
        "_.._Escape-2.html",
        "_.._Escape-2.md",
    ];
    want.sort();
    assert_eq!(names, want);
    assert!(
        !dir.path().join("escape").exists()
            && !out_dir.parent().unwrap().join("escape.md").exists()
    );
    let index = read(&out_dir, "index.html");
    assert!(
        index.contains("href=\"reports/_.._escape.html\""),
        "{index}"
    );
    assert!(
        index.contains("href=\"reports/_.._Escape-2.html\""),
        "{index}"
    );
}
