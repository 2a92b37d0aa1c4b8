//! Re-running `assay grade RUBRIC DIR --out OUT` with `OUT` inside `DIR` (or `DIR` itself):
//! what the first run wrote at the top of `OUT` (the cohort files, the dashboard, `reports/`,
//! `gradescope/`, the results cache) is no input of the second, not even a skipped path, so
//! the second run finds, grades and writes byte for byte what the first did. Files in `OUT`
//! that assay does not write, and files named like its outputs further down, are inputs as
//! usual.

use std::path::Path;

use serde_json::Value;

use super::util::{assay, output_files, stderr};

const RUBRIC: &str = "tests/fixtures/rubrics/valid/mini.yaml";
const MINI: &str = "tests/fixtures/batch/mini";

/// A folder of submissions: the mini batch (graded, failing and skipped inputs), a learner's
/// file and a note inside the `--out` folder to be (`out`, relative to `subs`), and names of
/// outputs one folder down.
fn submissions(subs: &Path, out: &str) {
    std::fs::create_dir_all(subs.join(out)).unwrap();
    for e in std::fs::read_dir(super::util::root().join(MINI)).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), subs.join(e.file_name())).unwrap();
    }
    let ana = std::fs::read_to_string(subs.join("ana.md")).unwrap();
    let out = subs.join(out);
    std::fs::write(
        out.join("dan.md"),
        ana.replace("learner: ana", "learner: dan"),
    )
    .unwrap();
    std::fs::write(out.join("notes.txt"), "to do: grade the late ones\n").unwrap();
    std::fs::create_dir_all(subs.join("old")).unwrap();
    std::fs::write(subs.join("old/results.json"), "{}\n").unwrap();
    std::fs::create_dir_all(subs.join("late/reports")).unwrap();
    std::fs::write(
        subs.join("late/reports/cy.md"),
        ana.replace("learner: ana", "learner: cy"),
    )
    .unwrap();
}

/// One run: its exit code, stdout (the JSON document) and the summary line on stderr.
fn grade(subs: &Path, out: &Path) -> (Option<i32>, Value, String) {
    let o = assay(&[
        "grade",
        RUBRIC,
        subs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    let summary = stderr(&o)
        .lines()
        .find(|l| l.starts_with("assay: ") && l.contains(" found, "))
        .unwrap_or_else(|| panic!("no summary: {}", stderr(&o)))
        .to_string();
    (o.status.code(), v, summary)
}

/// Every output file (but the results cache) with its bytes, by its path below `out`.
fn outputs(out: &Path) -> Vec<(String, Vec<u8>)> {
    output_files(out)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(out).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// The summary's found, graded, failed and skipped counts.
fn counts(v: &Value) -> [u64; 4] {
    ["found", "graded", "failed", "skipped"].map(|k| v["summary"][k].as_u64().unwrap())
}

fn files(v: &Value, key: &str, base: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap().replace(base, "[SUBS]"))
        .collect()
}

#[test]
fn a_rerun_with_out_inside_the_submissions_is_byte_identical() {
    // `--out` below the folder graded, and the folder graded itself (`grade . --out .`).
    for (out_in_subs, skipped) in [
        (
            "out",
            &["notes.txt", "old/results.json", "out/notes.txt"][..],
        ),
        ("", &["notes.txt", "old/results.json"][..]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let subs = dir.path().join("subs");
        submissions(&subs, out_in_subs);
        let out = subs.join(out_in_subs);
        let base = subs.display().to_string();
        let first = grade(&subs, &out);
        let first_files = outputs(&out);
        // Some inputs fail: exit 2, and the same the second time.
        assert_eq!(first.0, Some(2), "{out_in_subs:?}");
        let mut graded: Vec<String> = first.1["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["status"] == "graded")
            .map(|s| s["file"].as_str().unwrap().replace(&base, "[SUBS]"))
            .collect();
        graded.sort();
        let dan = format!(
            "[SUBS]/{}dan.md",
            if out_in_subs.is_empty() { "" } else { "out/" }
        );
        let mut want = vec![
            "[SUBS]/ana.md".to_string(),
            "[SUBS]/ben.yaml".to_string(),
            "[SUBS]/late/reports/cy.md".to_string(),
            dan,
        ];
        want.sort();
        assert_eq!(graded, want, "{out_in_subs:?}");
        let want: Vec<String> = skipped.iter().map(|s| format!("[SUBS]/{s}")).collect();
        assert_eq!(files(&first.1, "skipped", &base), want, "{out_in_subs:?}");
        let found = 8 + skipped.len() as u64;
        assert_eq!(
            counts(&first.1),
            [found, 4, 4, skipped.len() as u64],
            "{out_in_subs:?}"
        );

        let second = grade(&subs, &out);
        assert_eq!(second.0, first.0, "{out_in_subs:?}");
        assert_eq!(counts(&second.1), counts(&first.1), "{out_in_subs:?}");
        assert_eq!(second.2, first.2, "{out_in_subs:?}: the summary line");
        assert_eq!(second.1, first.1, "{out_in_subs:?}: the JSON document");
        let second_files = outputs(&out);
        let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&second_files), names(&first_files), "{out_in_subs:?}");
        for ((name, a), (_, b)) in first_files.iter().zip(&second_files) {
            assert!(a == b, "{out_in_subs:?}: {name} differs on the second run");
        }
        // The files compared include every kind of output.
        for name in [
            "results.json",
            "grades.csv",
            "canvas.csv",
            "moodle.csv",
            "junit.xml",
            "gl-code-quality-report.json",
            "index.html",
            "reports/ana.md",
            "reports/ana.html",
            "gradescope/ana.json",
        ] {
            assert!(
                first_files.iter().any(|(n, _)| n == name),
                "{out_in_subs:?}: {name} missing"
            );
        }
    }
}

/// Outputs assay did not write this time are no inputs either: a hidden temporary file that
/// a killed run left at the top of the `--out` folder is neither listed nor kept.
#[test]
fn a_killed_runs_temporary_file_is_no_input() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    submissions(&subs, "out");
    let out = subs.join("out");
    let first = grade(&subs, &out);
    std::fs::write(out.join(".results.json.tmp-99999"), "{").unwrap();
    let second = grade(&subs, &out);
    assert_eq!(second.1, first.1);
    assert!(!out.join(".results.json.tmp-99999").exists());
}

/// A hidden `--out` folder is not searched (as any hidden folder), and while it holds only
/// what assay wrote it is not listed either: the second run says what the first said.
#[test]
fn a_hidden_out_folder_holding_only_outputs_is_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    submissions(&subs, "out");
    let out = subs.join(".results");
    let first = grade(&subs, &out);
    let second = grade(&subs, &out);
    assert_eq!(second.1, first.1);
    assert_eq!(second.2, first.2);
    // A file of the instructor's there: the folder is met, and skipped as hidden.
    std::fs::write(out.join("notes.md"), "mine\n").unwrap();
    let third = grade(&subs, &out);
    let base = subs.display().to_string();
    assert!(
        files(&third.1, "skipped", &base).contains(&"[SUBS]/.results".to_string()),
        "{}",
        third.1["skipped"]
    );
}

/// `grade R * --out .` run twice: the second time the shell also names what the first wrote
/// (`results.json`, `reports`, …), which is no input either; the run is not refused for
/// grading its own reports, and finds and writes what the first did.
#[test]
fn outputs_named_on_the_command_line_are_no_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    submissions(&subs, "");
    // As the shell expands `*`: every visible name in the folder, sorted.
    let star = || {
        let mut names: Vec<String> = std::fs::read_dir(&subs)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    };
    let rubric = super::util::root().join(RUBRIC);
    let run = |names: &[String]| {
        let mut args = vec!["grade", rubric.to_str().unwrap()];
        args.extend(names.iter().map(String::as_str));
        args.extend(["--out", ".", "--format", "json"]);
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_assay"))
            .args(&args)
            .current_dir(&subs)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(!err.contains("choose another --out folder"), "{err}");
        let v = serde_json::from_slice::<Value>(&o.stdout).expect("JSON on stdout");
        (o.status.code(), v)
    };
    let first_names = star();
    let first = run(&first_names);
    let first_files = outputs(&subs);
    let second_names = star();
    assert!(second_names.len() > first_names.len(), "{second_names:?}");
    assert!(
        second_names.iter().any(|n| n == "reports"),
        "{second_names:?}"
    );
    let second = run(&second_names);
    assert_eq!(counts(&second.1), counts(&first.1));
    assert_eq!(second, first);
    assert!(
        outputs(&subs) == first_files,
        "the outputs differ on the second run"
    );
}

/// A `reports/` folder in the `--out` folder that holds a file assay did not write (a
/// learner's own `reports/ana.md`) is no output of assay's: it is accounted for, skipped as a
/// folder assay writes in, on every run.
#[test]
fn a_reports_folder_holding_a_learners_file_is_still_listed() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    submissions(&subs, "");
    std::fs::create_dir_all(subs.join("reports")).unwrap();
    std::fs::write(subs.join("reports/notes.md"), "my own notes\n").unwrap();
    let base = subs.display().to_string();
    for run in 1..=2 {
        let (_, v, _) = grade(&subs, &subs);
        let skipped = files(&v, "skipped", &base);
        assert!(
            skipped.iter().any(|f| f == "[SUBS]/reports"),
            "run {run}: {skipped:?}"
        );
    }
}
