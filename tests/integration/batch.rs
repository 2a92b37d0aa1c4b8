//! A batch with good and bad inputs: every input is accounted for, bad ones become error
//! entries naming the file and the place, the good ones are graded, the exit code says that
//! something failed, and the output does not depend on `--jobs`.

use serde_json::Value;

use super::util::{assay, stderr, stdout};

const RUBRIC: &str = "tests/fixtures/rubrics/valid/mini.yaml";
const DIR: &str = "tests/fixtures/batch/mini";

fn grade_json(jobs: &str) -> (std::process::Output, Value) {
    let out = assay(&["grade", RUBRIC, DIR, "--format", "json", "--jobs", jobs]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    (out, v)
}

#[test]
fn bad_inputs_become_error_entries_and_the_rest_is_graded() {
    let (out, v) = grade_json("2");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let subs = v["submissions"].as_array().unwrap();
    let status = |name: &str| {
        let s = subs
            .iter()
            .find(|s| s["file"] == format!("{DIR}/{name}"))
            .unwrap_or_else(|| panic!("{name} missing"));
        (
            s["status"].as_str().unwrap().to_string(),
            s["error"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(status("ana.md").0, "graded");
    assert_eq!(status("ben.yaml").0, "graded");
    let (s, e) = status("empty.md");
    assert_eq!(s, "error");
    assert!(e.contains("empty.md: empty file"), "{e}");
    let (s, e) = status("invalid-utf8.md");
    assert_eq!(s, "error");
    assert!(
        e.contains("invalid-utf8.md:1:") && e.contains("invalid UTF-8 at byte offset 40"),
        "{e}"
    );
    let (s, e) = status("broken.yaml");
    assert_eq!(s, "error");
    assert!(
        e.contains("broken.yaml:4:") || e.contains("broken.yaml:5:"),
        "{e}"
    );
    let (s, e) = status("off-topic.md");
    assert_eq!(s, "error");
    assert!(e.contains("no recognisable answers"), "{e}");
    // Every path met is accounted for.
    assert_eq!(v["summary"]["found"], 7);
    assert_eq!(v["summary"]["graded"], 2);
    assert_eq!(v["summary"]["failed"], 4);
    assert_eq!(v["summary"]["skipped"], 1);
    assert_eq!(v["skipped"][0]["file"], format!("{DIR}/notes.txt"));
    assert!(
        stderr(&out).contains("7 found, 2 graded, 4 failed, 1 skipped"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn output_is_identical_for_any_number_of_jobs() {
    let (a, _) = grade_json("1");
    let (b, _) = grade_json("2");
    let (c, _) = grade_json("7");
    assert_eq!(stdout(&a), stdout(&b));
    assert_eq!(stdout(&a), stdout(&c));
}

#[test]
fn graded_submissions_list_every_question_of_the_rubric() {
    let (_, v) = grade_json("2");
    for s in v["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "graded")
    {
        let qs: Vec<(String, u64)> = s["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                (
                    q["exercise"].as_str().unwrap().to_string(),
                    q["question"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            qs,
            [
                ("basics".into(), 1),
                ("basics".into(), 2),
                ("capacity".into(), 1),
                ("capacity".into(), 2)
            ]
        );
        for q in s["questions"].as_array().unwrap() {
            for key in [
                "answered",
                "score",
                "max_score",
                "concepts",
                "mistakes",
                "feedback",
            ] {
                assert!(q.get(key).is_some(), "question lacks {key}: {q}");
            }
        }
    }
}

#[test]
fn an_invalid_rubric_exits_2_and_grades_nothing() {
    let out = assay(&[
        "grade",
        "tests/fixtures/rubrics/invalid/bad-regex.yaml",
        DIR,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("bad-regex.yaml:13:17"));
}

/// The `file` of each submission of a JSON result, in order.
fn graded_files(v: &Value) -> Vec<&str> {
    v["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect()
}

/// A course repository graded in place: its hidden folders (`.github` with a workflow and a
/// Markdown template) are not searched, and what assay wrote in the `--out` folder inside it is
/// no input, so a second run does not grade the first run's feedback reports as learners, nor
/// list the folder as skipped.
#[test]
fn a_repository_graded_in_place_skips_hidden_folders_and_its_own_out_folder() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    std::fs::create_dir_all(repo.join(".github/workflows")).unwrap();
    std::fs::write(repo.join(".github/workflows/assay.yml"), "name: grade\n").unwrap();
    std::fs::write(
        repo.join(".github/PULL_REQUEST_TEMPLATE.md"),
        "## What changed\n",
    )
    .unwrap();
    std::fs::create_dir(repo.join("answers")).unwrap();
    std::fs::copy(
        super::util::root().join("tests/fixtures/batch/mini/ana.md"),
        repo.join("answers/ana.md"),
    )
    .unwrap();
    let shown = repo.display().to_string();
    let results = repo.join("results");
    let run = || {
        let out = assay(&[
            "grade",
            RUBRIC,
            &shown,
            "--out",
            results.to_str().unwrap(),
            "--format",
            "json",
            "-q",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
        v
    };
    for _ in 0..2 {
        let v = run();
        let files = graded_files(&v);
        assert_eq!(files, [format!("{shown}/answers/ana.md")]);
        let skipped: Vec<(String, String)> = v["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let file = s["file"].as_str().unwrap().replace(&shown, "[REPO]");
                (file, s["reason"].as_str().unwrap().to_string())
            })
            .collect();
        // The second run finds the outputs of the first, and lists none of them.
        let want = [(
            "[REPO]/.github".to_string(),
            "hidden folder; not searched".to_string(),
        )];
        assert_eq!(skipped, want);
    }
    let grades = std::fs::read_to_string(results.join("grades.csv")).unwrap();
    assert_eq!(
        grades.lines().count(),
        2,
        "a header and one learner:\n{grades}"
    );
}

/// An earlier run's `--out` folder inside the graded folder is left out by later runs that write
/// elsewhere or nowhere (`grade` to stdout, `check`): its feedback reports are Markdown, and were
/// graded as a second submission of each learner (two gradebook rows, two different scores).
#[test]
fn an_earlier_out_folder_is_not_graded_by_a_later_run() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    std::fs::create_dir(&subs).unwrap();
    std::fs::copy(
        super::util::root().join("tests/fixtures/batch/mini/ana.md"),
        subs.join("ana.md"),
    )
    .unwrap();
    let shown = subs.display().to_string();
    let results = subs.join("results");
    let first = assay(&[
        "grade",
        RUBRIC,
        &shown,
        "--out",
        results.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(results.join("reports/ana.md").is_file());
    let out = assay(&["grade", RUBRIC, &shown, "--format", "json", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(graded_files(&v), [format!("{shown}/ana.md")]);
    let written = "a folder assay writes in its --out folder; not searched";
    assert_eq!(
        folders_skipped(&v, &shown),
        [
            (
                "[DIR]/results/.assay-cache".to_string(),
                "hidden folder; not searched"
            ),
            ("[DIR]/results/gradescope".to_string(), written),
            ("[DIR]/results/reports".to_string(), written),
        ]
    );
    // An earlier run into the submissions' own folder (`grade . --out .`): its learners are
    // still graded from the folder above, its reports are not.
    let course = dir.path().display().to_string();
    let again = assay(&["grade", RUBRIC, &shown, "--out", &shown, "-q"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let out = assay(&["grade", RUBRIC, &course, "--format", "json", "-q"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(graded_files(&v), [format!("{course}/subs/ana.md")]);
    let check = assay(&["check", RUBRIC, &shown, "--fail-under", "0"]);
    assert!(
        !stdout(&check).contains("reports/ana.md") && !stderr(&check).contains("reports/ana.md"),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
}

/// The folders skipped (not the files of other types), with `dir` written `[DIR]`.
fn folders_skipped<'v>(v: &'v Value, dir: &str) -> Vec<(String, &'v str)> {
    v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            !s["reason"]
                .as_str()
                .unwrap()
                .starts_with("not a submission")
        })
        .map(|s| {
            let file = s["file"].as_str().unwrap().replace(dir, "[DIR]");
            (file, s["reason"].as_str().unwrap())
        })
        .collect()
}

/// A file met under two names (named twice, or again through a linked folder or a linked
/// file) is graded once, under a name reached without a link, else the first in order; the
/// other is skipped, naming it. Hard links are two files (two learners may hand in one text).
#[cfg(unix)]
#[test]
fn a_file_met_under_two_names_is_graded_once() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    std::fs::create_dir(&subs).unwrap();
    std::fs::copy(
        super::util::root().join("tests/fixtures/batch/mini/ana.md"),
        subs.join("ana.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink("subs", dir.path().join("alias")).unwrap();
    let shown = dir.path().display().to_string();
    let file = format!("{shown}/subs/ana.md");
    let again = format!("{shown}/subs/./ana.md");
    let out = assay(&["grade", RUBRIC, &file, &again, "--format", "json", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    // `subs/./ana.md` comes first in order.
    assert_eq!(graded_files(&v), [again.as_str()]);
    assert_eq!(v["skipped"][0]["file"], file);
    assert_eq!(
        v["skipped"][0]["reason"],
        format!("the same file as {again}; graded once")
    );
    // The folder and a link to it, named as one folder: the name without a link is kept,
    // though `alias/` comes first in order; so is a file beside its link.
    std::os::unix::fs::symlink("ana.md", subs.join("a-link.md")).unwrap();
    std::fs::hard_link(subs.join("ana.md"), subs.join("zed.md")).unwrap();
    let out = assay(&["grade", RUBRIC, &shown, "--format", "json", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(
        graded_files(&v),
        [file.clone(), format!("{shown}/subs/zed.md")]
    );
    let skipped: Vec<(&str, &str)> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["file"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    let same = format!("the same file as {file}; graded once");
    let same_zed = format!("the same file as {shown}/subs/zed.md; graded once");
    let (a, b, c, d) = (
        format!("{shown}/alias/a-link.md"),
        format!("{shown}/alias/ana.md"),
        format!("{shown}/alias/zed.md"),
        format!("{shown}/subs/a-link.md"),
    );
    assert_eq!(
        skipped,
        [
            (a.as_str(), same.as_str()),
            (b.as_str(), same.as_str()),
            (c.as_str(), same_zed.as_str()),
            (d.as_str(), same.as_str())
        ]
    );
}

/// `grade . --out .`: the folder graded is the `--out` folder itself. Its own reports (Markdown)
/// and Gradescope files are not searched, so a second run grades the same learners, once each
/// (it once graded `reports/ana.md` as a learner and renamed the real report `ana-2.md`), and
/// neither they nor the results cache are listed as skipped.
#[test]
fn grading_the_out_folder_itself_leaves_out_what_assay_wrote_there() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        super::util::root().join("tests/fixtures/batch/mini/ana.md"),
        dir.path().join("ana.md"),
    )
    .unwrap();
    let shown = dir.path().display().to_string();
    for round in 0..2 {
        let out = assay(&[
            "grade", RUBRIC, &shown, "--out", &shown, "--format", "json", "-q",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
        let files = graded_files(&v);
        assert_eq!(files, [format!("{shown}/ana.md")], "round {round}");
        assert_eq!(v["skipped"], serde_json::json!([]), "round {round}");
    }
    let mut reports: Vec<String> = std::fs::read_dir(dir.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    reports.sort();
    assert_eq!(reports, ["ana.html", "ana.md"]);
}

/// A re-run into the same `--out` folder leaves only this run's learner files: the reports of
/// a learner whose file now fails, and the files of a learner no longer graded, are removed
/// (they once stayed, a stale score beside results that no longer gave it); a file of the
/// instructor's own in `reports/` stays.
#[test]
fn a_rerun_removes_the_learner_files_it_no_longer_writes() {
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    std::fs::create_dir(&subs).unwrap();
    for name in ["ana.md", "ben.yaml"] {
        std::fs::copy(
            super::util::root()
                .join("tests/fixtures/batch/mini")
                .join(name),
            subs.join(name),
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let run = || {
        assay(&[
            "grade",
            RUBRIC,
            subs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ])
    };
    let listing = |sub: &str| {
        let mut names: Vec<String> = std::fs::read_dir(out.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(run().status.code(), Some(0));
    assert_eq!(
        listing("reports"),
        ["ana.html", "ana.md", "ben.html", "ben.md"]
    );
    std::fs::write(out.join("reports/notes.txt"), "the instructor's own").unwrap();
    std::fs::remove_file(subs.join("ben.yaml")).unwrap();
    std::fs::write(subs.join("ana.md"), [0xff, 0xfe, 0x00, b'x']).unwrap();
    let second = run();
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    assert_eq!(listing("reports"), ["notes.txt"]);
    assert_eq!(listing("gradescope"), ["ana.json"]);
}

/// `--out` removes only the learner files an earlier run wrote (it lists them): files of the
/// same kind that assay did not write stay, on the first run too, and so do the files of a
/// folder a linked `reports/` leads to. Inputs in the folders it writes reports into are
/// refused before anything is written (their reports could overwrite them).
#[test]
fn out_removes_only_what_it_wrote_and_never_writes_over_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let ana = super::util::root().join("tests/fixtures/batch/mini/ana.md");
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("reports")).unwrap();
    std::fs::create_dir_all(out.join("gradescope")).unwrap();
    std::fs::write(out.join("reports/week1.md"), "my notes").unwrap();
    std::fs::write(out.join("gradescope/mine.json"), "{}").unwrap();
    let grade = |paths: &[&str], out: &std::path::Path| {
        let mut args = vec!["grade", RUBRIC];
        args.extend(paths);
        args.extend(["--out", out.to_str().unwrap(), "-q"]);
        assay(&args)
    };
    let first = grade(&[ana.to_str().unwrap()], &out);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(out.join("reports/ana.md").is_file());
    assert_eq!(
        std::fs::read_to_string(out.join("reports/week1.md")).unwrap(),
        "my notes"
    );
    assert!(out.join("gradescope/mine.json").is_file());

    // Submissions kept in a folder named reports/, graded with `--out` its parent.
    let course = dir.path().join("course");
    std::fs::create_dir_all(course.join("reports")).unwrap();
    std::fs::copy(&ana, course.join("reports/ana.md")).unwrap();
    let before = std::fs::read(course.join("reports/ana.md")).unwrap();
    let refused = grade(&[course.join("reports").to_str().unwrap()], &course);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        super::util::redact(&stderr(&refused), dir.path()),
        "error: --out [TMP]/course: the learners' reports are written into its reports/ and gradescope/ folders, where [TMP]/course/reports/ana.md would be graded: writing them could overwrite those files; choose another --out folder\n"
    );
    assert_eq!(
        std::fs::read(course.join("reports/ana.md")).unwrap(),
        before
    );
    let mut left: Vec<String> = std::fs::read_dir(&course)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["reports"], "nothing written");

    #[cfg(unix)]
    {
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("chapter1.md"), "a chapter").unwrap();
        let linked = dir.path().join("linked");
        std::fs::create_dir_all(&linked).unwrap();
        std::os::unix::fs::symlink(&elsewhere, linked.join("reports")).unwrap();
        let o = grade(&[ana.to_str().unwrap()], &linked);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(elsewhere.join("chapter1.md").is_file());

        // A submission that is a link to a file in reports/: refused as well.
        let subs = dir.path().join("subs");
        std::fs::create_dir_all(&subs).unwrap();
        std::os::unix::fs::symlink(course.join("reports/ana.md"), subs.join("ana.md")).unwrap();
        let refused = grade(&[subs.to_str().unwrap()], &course);
        assert_eq!(refused.status.code(), Some(2));
        assert!(
            stderr(&refused).contains("subs/ana.md (a link into them) would be graded"),
            "{}",
            stderr(&refused)
        );
        assert_eq!(
            std::fs::read(course.join("reports/ana.md")).unwrap(),
            before
        );
    }
}

/// A file already in `reports/` or `gradescope/` under the name of a learner file this run
/// writes, that no earlier run listed as its own (`grade . --out .` where a learner keeps
/// `reports/ana.md`), is never overwritten: the run fails naming it and writes nothing. A
/// rerun over assay's own files, and a folder of assay before 0.3.14 (no list, but its
/// `results.json` and `grades.csv`), overwrite as before.
#[test]
fn a_learner_file_assay_did_not_write_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    std::fs::create_dir_all(course.join("reports")).unwrap();
    std::fs::copy(
        super::util::root().join("tests/fixtures/batch/mini/ana.md"),
        course.join("ana.md"),
    )
    .unwrap();
    // Named with another case: the same file where case is ignored, and refused everywhere.
    std::fs::write(course.join("reports/ANA.md"), "ana's own lab report").unwrap();
    let c = course.to_str().unwrap();
    let grade = || assay(&["grade", RUBRIC, c, "--out", c, "-q"]);
    let refused = grade();
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        super::util::redact(&stderr(&refused), dir.path()),
        "error: --out [TMP]/course: reports/ANA.md is already there and no earlier assay run here wrote it; writing this run's learner files would overwrite it: move it away or choose another --out folder (the folder's outputs were left as they were)\n"
    );
    assert_eq!(
        std::fs::read_to_string(course.join("reports/ANA.md")).unwrap(),
        "ana's own lab report"
    );
    let mut reports: Vec<String> = std::fs::read_dir(course.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    reports.sort();
    assert_eq!(reports, ["ANA.md"], "nothing written");
    assert!(!course.join("results.json").exists());

    // Moved away: the run writes, and a rerun overwrites its own files.
    std::fs::remove_file(course.join("reports/ANA.md")).unwrap();
    for _ in 0..2 {
        let o = grade();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    // The list deleted (with the cache): what assay wrote can no longer be told apart.
    std::fs::remove_file(course.join(".assay-cache/learner-files")).unwrap();
    let o = grade();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "no earlier assay run here wrote it (it keeps the list of the files it wrote in .assay-cache/learner-files, which is missing: if these are assay's reports, remove them)"
        ),
        "{}",
        stderr(&o)
    );
    // A folder of assay before 0.3.14 has no list: its learner files are taken as assay's.
    let results = std::fs::read_to_string(course.join("results.json")).unwrap();
    let old = results.replacen(
        &format!("\"assay_version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"assay_version\": \"0.3.13\"",
        1,
    );
    assert_ne!(old, results);
    std::fs::write(course.join("results.json"), old).unwrap();
    let o = grade();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A learner id that changes only in case (`Ana` to `ana`) on a file system that tells case
/// apart: a listed `reports/Ana.md` does not make a learner's own `reports/ana.md` assay's,
/// and once the run writes `ana.*`, the earlier `Ana.*` go (they once stayed, stale and
/// unlisted for good).
#[cfg(target_os = "linux")]
#[test]
fn a_learner_renamed_in_case_overwrites_nothing_and_leaves_nothing_stale() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    std::fs::create_dir_all(&course).unwrap();
    let ana = std::fs::read_to_string(super::util::root().join("tests/fixtures/batch/mini/ana.md"))
        .unwrap();
    let with_id = |id: &str| ana.replacen("learner: ana", &format!("learner: {id}"), 1);
    std::fs::write(course.join("ana.md"), with_id("Ana")).unwrap();
    let c = course.to_str().unwrap();
    let grade = || assay(&["grade", RUBRIC, c, "--out", c, "-q"]);
    let listing = |sub: &str| {
        let mut names: Vec<String> = std::fs::read_dir(course.join(sub))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(grade().status.code(), Some(0));
    assert_eq!(listing("reports"), ["Ana.html", "Ana.md"]);
    std::fs::write(course.join("reports/ana.md"), "ana's own").unwrap();
    std::fs::write(course.join("ana.md"), with_id("ana")).unwrap();
    let refused = grade();
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert_eq!(
        std::fs::read_to_string(course.join("reports/ana.md")).unwrap(),
        "ana's own"
    );
    std::fs::remove_file(course.join("reports/ana.md")).unwrap();
    let o = grade();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(listing("reports"), ["ana.html", "ana.md"]);
    assert_eq!(listing("gradescope"), ["ana.json"]);
}

#[test]
fn an_out_path_that_is_a_file_is_refused_before_grading() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("results");
    std::fs::write(&file, "not a folder").unwrap();
    let out = assay(&["grade", RUBRIC, DIR, "--out", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        super::util::redact(&stderr(&out), dir.path()),
        "error: --out [TMP]/results: exists and is not a folder; name a folder (it is made if missing)\n"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
}

#[test]
fn an_out_folder_that_cannot_be_made_is_named_as_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "a file, so no folder can be made below it").unwrap();
    let below = file.join("results");
    let out = assay(&["grade", RUBRIC, DIR, "--out", below.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = super::util::redact(&stderr(&out), dir.path());
    assert!(
        err.starts_with("error: cannot make the --out folder [TMP]/plain-file/results: "),
        "{err}"
    );
}

/// A path with no submission file is a mistake (exit 2, naming what was met), not an empty
/// success; an empty shard is not: a small cohort cut in many shards leaves some empty.
#[test]
fn grading_no_submission_file_exits_2_but_an_empty_shard_does_not() {
    let notes = "tests/fixtures/batch/mini/notes.txt";
    let out = assay(&["grade", RUBRIC, notes, "--format", "json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("the document is still written");
    assert_eq!(v["summary"]["skipped"], 1);
    assert!(
        stderr(&out).contains(&format!(
            "error: no submission files found in {notes}\n  skipped {notes}: not a submission \
             file type"
        )),
        "{}",
        stderr(&out)
    );
    let out = assay(&["grade", RUBRIC, notes, "--shard", "1/2", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}
