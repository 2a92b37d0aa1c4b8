//! Scaling out and re-grading: `--shard K/N` + `assay merge` give what one run gives, byte for
//! byte; the results cache of `--out` gives what a fresh run gives, and regrades exactly what
//! changed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::{assay, stderr, stdout};

const RUBRIC: &str = "rubrics/scaling-workshop.yaml";
/// The samples (graded), and a folder with a broken, an empty and a non-UTF-8 file and a
/// skipped `.txt`: every kind of outcome is in the batch.
const INPUTS: [&str; 2] = ["submissions", "tests/fixtures/batch/mini"];

/// Every output file below `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    crate::util::output_files(dir)
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            let bytes = std::fs::read(&p).expect("read");
            (rel, bytes)
        })
        .collect()
}

fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (name, bytes) in &ta {
        assert!(tb[name] == *bytes, "{name} differs");
    }
    assert!(ta.len() > 20, "reports were written: {}", ta.len());
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.expect("walk");
        let target = to.join(e.path().strip_prefix(from).expect("prefix"));
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

fn grade(extra: &[&str]) -> std::process::Output {
    let mut args = vec!["grade", RUBRIC];
    args.extend(INPUTS);
    args.extend(extra);
    assay(&args)
}

/// Grades the inputs as `n` shards into `dir/s1` … `dir/sN`.
fn grade_shards(dir: &Path, n: usize) {
    for k in 1..=n {
        let out = dir.join(format!("s{k}"));
        let o = grade(&[
            "--shard",
            &format!("{k}/{n}"),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ]);
        assert!(matches!(o.status.code(), Some(0 | 2)), "{}", stderr(&o));
    }
}

#[test]
fn three_shards_merged_are_one_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |n: &str| tmp.path().join(n).display().to_string();
    let single = grade(&["--out", &dir("single"), "--format", "json", "--no-cache"]);
    assert_eq!(
        single.status.code(),
        Some(2),
        "a broken input fails the batch"
    );

    let mut sizes = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let o = grade(&["--shard", &shard, "--out", &dir(&format!("s{k}")), "-q"]);
        assert!(matches!(o.status.code(), Some(0 | 2)), "{}", stderr(&o));
        let results = std::fs::read_to_string(tmp.path().join(format!("s{k}/results.json")))
            .expect("shard results");
        assert!(
            results.contains(&format!("\"shard\": {{\n    \"index\": {k},")),
            "{k}"
        );
        sizes.push(results.matches("\"status\":").count());
    }
    let single_json = std::fs::read_to_string(tmp.path().join("single/results.json")).unwrap();
    assert_eq!(
        sizes.iter().sum::<usize>(),
        single_json.matches("\"status\":").count(),
        "every input is in exactly one shard: {sizes:?}"
    );
    assert!(
        sizes.iter().all(|&n| n > 0),
        "each shard has work: {sizes:?}"
    );

    let merged = assay(&[
        "merge",
        RUBRIC,
        &dir("s3"),
        &dir("s1"),
        &format!("{}/results.json", dir("s2")),
        "--out",
        &dir("merged"),
        "--format",
        "json",
    ]);
    assert_eq!(
        merged.status.code(),
        single.status.code(),
        "{}",
        stderr(&merged)
    );
    assert_same_tree(&tmp.path().join("single"), &tmp.path().join("merged"));
    assert_eq!(stdout(&merged), stdout(&single), "the JSON on stdout");
    assert_eq!(stderr(&merged), stderr(&single), "the summary");

    // The streamed path (--format json without --out) writes the same document too.
    let streamed = grade(&["--format", "json", "-q"]);
    assert_eq!(stdout(&streamed), single_json);
}

#[test]
fn merge_refuses_a_missing_or_repeated_shard_and_foreign_results() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |n: &str| tmp.path().join(n).display().to_string();
    grade_shards(tmp.path(), 2);
    let o = grade(&["--out", &dir("whole"), "-q"]);
    assert!(matches!(o.status.code(), Some(0 | 2)));

    let cases: [(&[String], &str); 4] = [
        (&[dir("s1")], "missing shard results: 2/2\n"),
        (
            &[dir("s1"), dir("s1"), dir("s2")],
            "shard 1/2 is given twice",
        ),
        (&[dir("s1"), dir("whole")], "not a shard's results"),
        (&[dir("s1"), dir("nowhere")], "cannot read"),
    ];
    for (paths, message) in cases {
        let mut args = vec!["merge", RUBRIC];
        args.extend(paths.iter().map(String::as_str));
        let o = assay(&args);
        assert_eq!(o.status.code(), Some(2), "{paths:?}");
        assert!(stderr(&o).contains(message), "{paths:?}: {}", stderr(&o));
    }
    // A split into very many shards: the message names the first ten missing and counts
    // the rest (it once listed every one, gigabytes for `--shard 1/4294967295`).
    let many = tmp.path().join("many");
    let o = grade(&[
        "--shard",
        "2/4294967295",
        "--out",
        &many.display().to_string(),
        "-q",
    ]);
    assert!(matches!(o.status.code(), Some(0 | 2)), "{}", stderr(&o));
    let o = assay(&["merge", RUBRIC, &many.display().to_string()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "missing shard results: 1/4294967295, 3/4294967295, 4/4294967295, 5/4294967295, \
             6/4294967295, 7/4294967295, 8/4294967295, 9/4294967295, 10/4294967295, \
             11/4294967295, … (4294967294 missing in all)\n"
        ),
        "{}",
        stderr(&o)
    );
    // The rubric left out: the first results are no rubric with nine problems, but the
    // arguments in the wrong order, said once.
    let s1 = format!("{}/results.json", dir("s1"));
    let o = assay(&["merge", &s1, &dir("s2")]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        crate::util::redact(&stderr(&o), tmp.path()),
        "error: [TMP]/s1/results.json: this is a results document written by assay, not a rubric: name the rubric first (`assay grade RUBRIC PATHS…`, `assay merge RUBRIC RESULTS…`)\n"
    );
    let other = assay(&[
        "merge",
        "calibration/saf/rubric.yaml",
        &dir("s1"),
        &dir("s2"),
    ]);
    assert_eq!(other.status.code(), Some(2));
    assert!(
        stderr(&other).contains("graded with another rubric"),
        "{}",
        stderr(&other)
    );
}

/// A shard's results edited by hand (an entry repeated or cut out, a score the rubric cannot
/// give) are refused: the merge would otherwise count a learner twice, lose one, or report an
/// impossible mean, with exit 0.
#[test]
fn merge_refuses_edited_shard_results() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |n: &str| tmp.path().join(n).display().to_string();
    grade_shards(tmp.path(), 2);
    let results = tmp.path().join("s2/results.json");
    let original = std::fs::read_to_string(&results).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&original).unwrap();
    let graded = doc["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["status"] == "graded")
        .expect("a graded submission in shard 2");
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut d = doc.clone();
        f(&mut d);
        serde_json::to_string_pretty(&d).unwrap()
    };
    let cases: [(String, &str); 7] = [
        (
            edit(&|d| d["shard"]["count"] = serde_json::json!(0)),
            "shard 2/0 is not a shard (1 <= K <= N); the results were edited",
        ),
        (
            edit(&|d| d["shard"]["index"] = serde_json::json!(9)),
            "shard 9/2 is not a shard",
        ),
        (
            edit(&|d| d["assay_version"] = serde_json::json!("0.2.0")),
            "graded by assay 0.2.0, and this is assay",
        ),
        (
            edit(&|d| {
                let first = d["submissions"][0].clone();
                d["submissions"].as_array_mut().unwrap().insert(1, first);
            }),
            "is listed twice",
        ),
        (
            edit(&|d| {
                d["submissions"].as_array_mut().unwrap().remove(0);
            }),
            "the summary counts",
        ),
        (
            edit(&|d| d["submissions"][graded]["score"] = serde_json::json!(1e9)),
            "has the score 1000000000, outside 0 to",
        ),
        (
            edit(&|d| d["submissions"][graded]["max_score"] = serde_json::json!(10)),
            "is graded out of 10",
        ),
    ];
    for (text, message) in cases {
        std::fs::write(&results, text).unwrap();
        let o = assay(&["merge", RUBRIC, &dir("s1"), &dir("s2")]);
        assert_eq!(o.status.code(), Some(2), "{message}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{message}: {}", stderr(&o));
        // Named at the file that was edited.
        assert!(
            stderr(&o).contains("s2/results.json"),
            "{message}: {}",
            stderr(&o)
        );
    }
    // The file as written merges.
    std::fs::write(&results, original).unwrap();
    let o = assay(&["merge", RUBRIC, &dir("s1"), &dir("s2"), "-q"]);
    assert!(matches!(o.status.code(), Some(0 | 2)), "{}", stderr(&o));
    assert!(!stderr(&o).contains("edited"), "{}", stderr(&o));
}

#[test]
fn a_merge_refused_part_way_writes_nothing_on_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |n: &str| tmp.path().join(n).display().to_string();
    grade_shards(tmp.path(), 2);
    // The second shard's results end part-way through its submissions: the merge finds out
    // only after it has rendered most of the cohort.
    let results = tmp.path().join("s2/results.json");
    let text = std::fs::read(&results).unwrap();
    std::fs::write(&results, &text[..text.len() * 3 / 4]).unwrap();
    for format in ["json", "csv", "human"] {
        let o = assay(&["merge", RUBRIC, &dir("s1"), &dir("s2"), "--format", format]);
        assert_eq!(o.status.code(), Some(2), "{format}");
        assert!(
            stderr(&o).contains("results.json"),
            "{format}: {}",
            stderr(&o)
        );
        let out = stdout(&o);
        assert!(
            out.is_empty(),
            "{format}: {} bytes of half a result on stdout",
            out.len()
        );
    }
    // Whole shards still merge onto stdout.
    std::fs::write(&results, &text).unwrap();
    let o = assay(&["merge", RUBRIC, &dir("s1"), &dir("s2"), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2), "mini/ holds inputs that fail");
    assert!(stdout(&o).lines().count() > 10, "{}", stdout(&o));
}

/// Gradescope results are one submission's: merged shards hold many, so `--format gradescope`
/// fails and writes nothing on stdout, and the message says where each learner's are.
#[test]
fn a_merge_of_many_submissions_as_gradescope_results_says_where_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |n: &str| tmp.path().join(n).display().to_string();
    grade_shards(tmp.path(), 2);
    let merge = |more: &[&str]| {
        let mut args = vec!["merge", RUBRIC];
        let shards = [dir("s1"), dir("s2")];
        args.extend(shards.iter().map(String::as_str));
        args.extend_from_slice(&["--format", "gradescope"]);
        args.extend_from_slice(more);
        assay(&args)
    };
    let o = merge(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("writes the results of one submission, and ")
            && stderr(&o).contains("(or use --out DIR for gradescope/<learner>.json"),
        "{}",
        stderr(&o)
    );
    // With `--out`, each learner's are written there, and the message says so instead.
    let o = merge(&["--out", &dir("merged")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let written = std::fs::read_dir(tmp.path().join("merged/gradescope"))
        .unwrap()
        .count();
    assert!(written > 5, "{written} Gradescope results under --out");
    let err = stderr(&o);
    assert!(!err.contains("use --out DIR"), "{err}");
    assert!(
        err.contains(&format!(
            "--out writes each submission's to {}: leave out --format gradescope",
            tmp.path().join("merged/gradescope").display()
        )),
        "{err}"
    );
}

#[test]
fn a_cached_rerun_equals_a_fresh_run_and_regrades_only_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let subs = tmp.path().join("subs");
    copy_dir(&crate::util::root().join("submissions"), &subs);
    let graded = std::fs::read_dir(&subs)
        .unwrap()
        .filter(|e| {
            let n = e.as_ref().unwrap().file_name();
            let n = n.to_string_lossy();
            n.ends_with(".md") || n.ends_with(".yaml")
        })
        .count();
    let (subs_s, cached, fresh) = (
        subs.display().to_string(),
        tmp.path().join("cached"),
        tmp.path().join("fresh"),
    );
    let run = |out: &Path, extra: &[&str]| {
        let out = out.display().to_string();
        let mut args = vec!["grade", RUBRIC, subs_s.as_str(), "--out", out.as_str()];
        args.extend(extra);
        let o = assay(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stderr(&o)
    };

    let first = run(&cached, &[]);
    assert!(!first.contains("reused"), "{first}");
    assert!(cached.join(".assay-cache").is_dir());
    let second = run(&cached, &[]);
    assert!(
        second.contains(&format!(
            "{graded} of {graded} results reused from the cache"
        )),
        "{second}"
    );
    run(&fresh, &["--no-cache"]);
    // The folder holds only the list of the learner files the run wrote.
    let kept: Vec<String> = std::fs::read_dir(fresh.join(".assay-cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(kept, ["learner-files"], "--no-cache writes no cache entry");
    assert_same_tree(&cached, &fresh);

    // One changed submission is graded again, and only it.
    let (name, text) = std::fs::read_dir(&subs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap()))
        .next()
        .expect("a Markdown sample");
    std::fs::write(&name, text.replace("stateless", "stateful")).unwrap();
    let third = run(&cached, &[]);
    let expect = format!("{} of {graded} results reused", graded - 1);
    assert!(third.contains(&expect), "{third}");
    run(&fresh, &["--no-cache"]);
    assert_same_tree(&cached, &fresh);

    // A changed rubric invalidates everything.
    let rubrics = tmp.path().join("rubrics");
    copy_dir(&crate::util::root().join("rubrics"), &rubrics);
    let main = rubrics.join("scaling-workshop.yaml");
    let mut src = std::fs::read_to_string(&main).unwrap();
    src.push_str("\n# an edit\n");
    std::fs::write(&main, src).unwrap();
    let (main_s, out_s) = (main.display().to_string(), cached.display().to_string());
    let o = assay(&["grade", &main_s, &subs_s, "--out", &out_s]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("reused"), "{}", stderr(&o));
}

/// A run that fails part-way (here: its reports cannot be written) leaves the cache as it
/// was: the entries of the inputs it did not grade are kept for the next run (they were
/// pruned, so the next run graded everything again).
#[test]
fn a_run_that_fails_part_way_keeps_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_s = out.display().to_string();
    let all = assay(&["grade", RUBRIC, "submissions", "--out", &out_s, "-q"]);
    assert!(matches!(all.status.code(), Some(0 | 2)), "{}", stderr(&all));
    let entries = || {
        walkdir::WalkDir::new(out.join(".assay-cache"))
            .into_iter()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "lz4")
            })
            .count()
    };
    let before = entries();
    assert!(before > 10, "{before} cache entries");
    // `reports` is a file now: the learner reports cannot be written.
    std::fs::remove_dir_all(out.join("reports")).unwrap();
    std::fs::write(out.join("reports"), "not a folder").unwrap();
    let some = assay(&[
        "grade",
        RUBRIC,
        "submissions/strong-ana.md",
        "--out",
        &out_s,
        "-q",
    ]);
    assert_eq!(some.status.code(), Some(2), "{}", stderr(&some));
    assert!(stderr(&some).contains("cannot write"), "{}", stderr(&some));
    assert_eq!(entries(), before, "the cache was pruned by a failed run");
}

/// Runs `assay` with `args` in `dir`.
fn assay_in(dir: &Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("assay")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run assay")
}

/// A copy of the inputs (`submissions/`, `mini/`) in `dir`, as a checkout of the course.
fn checkout(dir: &Path) {
    copy_dir(
        &crate::util::root().join("submissions"),
        &dir.join("submissions"),
    );
    copy_dir(
        &crate::util::root().join("tests/fixtures/batch/mini"),
        &dir.join("mini"),
    );
}

/// The `file` of every submission in a results document, sorted.
fn files_in(results: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(results).expect("results");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    let mut files: Vec<String> = doc["submissions"]
        .as_array()
        .expect("submissions")
        .iter()
        .map(|s| s["file"].as_str().expect("file").to_string())
        .collect();
    files.sort();
    files
}

/// Kubernetes pods, Actions runners and Slurm nodes check the course out at different places
/// and run from different folders: the split depends only on the paths below the ones given,
/// so the shards still hold every file exactly once.
#[test]
fn shards_graded_from_different_places_cover_every_file_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (
        tmp.path().join("a/course"),
        tmp.path().join("b/elsewhere/course"),
    );
    checkout(&a);
    checkout(&b);
    let rubric = crate::util::root().join(RUBRIC).display().to_string();
    let out = |n: &str| tmp.path().join(n).display().to_string();
    let single = assay_in(
        &a,
        &[
            "grade",
            &rubric,
            "submissions",
            "mini",
            "--out",
            &out("single"),
            "-q",
        ],
    );
    assert_eq!(single.status.code(), Some(2), "{}", stderr(&single));

    // The same relative paths from checkouts at different places: one run, byte for byte.
    for k in 1..=3 {
        let at = if k == 2 { &b } else { &a };
        let shard = format!("{k}/3");
        let o = assay_in(
            at,
            &[
                "grade",
                &rubric,
                "submissions",
                "mini",
                "--shard",
                &shard,
                "--out",
                &out(&format!("s{k}")),
                "-q",
            ],
        );
        assert!(matches!(o.status.code(), Some(0 | 2)), "{}", stderr(&o));
    }
    let merged = assay(&[
        "merge",
        RUBRIC,
        &out("s1"),
        &out("s2"),
        &out("s3"),
        "--out",
        &out("merged"),
        "-q",
    ]);
    assert_eq!(merged.status.code(), Some(2), "{}", stderr(&merged));
    assert_eq!(stderr(&merged), "", "no warning");
    assert_same_tree(&tmp.path().join("single"), &tmp.path().join("merged"));

    // Relative paths from the checkout, absolute ones, and relative from its parent folder.
    let (b_subs, b_mini) = (b.join("submissions"), b.join("mini"));
    let runs: [(&Path, Vec<String>); 3] = [
        (&a, vec!["submissions".into(), "mini".into()]),
        (
            Path::new("/"),
            vec![b_subs.display().to_string(), b_mini.display().to_string()],
        ),
        (
            b.parent().unwrap(),
            vec!["course/submissions".into(), "course/mini/".into()],
        ),
    ];
    for (k, (at, paths)) in runs.iter().enumerate() {
        let (shard, dir) = (format!("{}/3", k + 1), out(&format!("m{}", k + 1)));
        let mut args = vec!["grade", rubric.as_str()];
        args.extend(paths.iter().map(String::as_str));
        args.extend(["--shard", &shard, "--out", &dir, "-q"]);
        let o = assay_in(at, &args);
        assert!(matches!(o.status.code(), Some(0 | 2)), "{}", stderr(&o));
    }
    let merged = assay(&[
        "merge",
        RUBRIC,
        &out("m1"),
        &out("m2"),
        &out("m3"),
        "--out",
        &out("mixed"),
        "-q",
    ]);
    assert_eq!(merged.status.code(), Some(2), "{}", stderr(&merged));
    assert!(
        stderr(&merged).contains("warning: the shards were graded from different places"),
        "{}",
        stderr(&merged)
    );
    // Each file once, under the name its shard gave it.
    let below = |f: &str| {
        let f = f.strip_prefix(&format!("{}/", b.display())).unwrap_or(f);
        f.strip_prefix("course/").unwrap_or(f).to_string()
    };
    let mut mixed: Vec<String> = files_in(&tmp.path().join("mixed/results.json"))
        .iter()
        .map(|f| below(f))
        .collect();
    mixed.sort();
    assert_eq!(mixed, files_in(&tmp.path().join("single/results.json")));
}

/// A shard's results relabelled as another shard's (or graded on other paths) hold files of
/// another shard: merging refuses them, naming the results and the file, and writes nothing.
#[test]
fn merge_refuses_a_relabelled_shard_and_shards_of_other_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |n: &str| tmp.path().join(n).display().to_string();
    grade_shards(tmp.path(), 3);
    let fake = tmp.path().join("fake3");
    std::fs::create_dir(&fake).unwrap();
    let two = std::fs::read_to_string(tmp.path().join("s2/results.json")).unwrap();
    let relabelled = two.replacen("\"index\": 2,", "\"index\": 3,", 1);
    assert_ne!(two, relabelled);
    std::fs::write(fake.join("results.json"), relabelled).unwrap();

    let o = assay(&[
        "merge",
        RUBRIC,
        &dir("s1"),
        &dir("s2"),
        &dir("fake3"),
        "--out",
        &dir("merged"),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = crate::util::redact(&stderr(&o), tmp.path());
    insta::assert_snapshot!("merge_relabelled_shard", err);
    assert!(
        !tmp.path().join("merged/results.json").exists(),
        "nothing written"
    );

    // A shard graded on fewer paths split another cohort.
    let o = assay(&[
        "grade",
        RUBRIC,
        "submissions",
        "--shard",
        "3/3",
        "--out",
        &dir("other3"),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = assay(&["merge", RUBRIC, &dir("s1"), &dir("s2"), &dir("other3")]);
    assert_eq!(o.status.code(), Some(2));
    let err = crate::util::redact(&stderr(&o), tmp.path());
    insta::assert_snapshot!("merge_shards_of_other_paths", err);
}
