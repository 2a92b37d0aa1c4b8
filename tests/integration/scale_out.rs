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
    for k in 1..=2 {
        let o = grade(&[
            "--shard",
            &format!("{k}/2"),
            "--out",
            &dir(&format!("s{k}")),
            "-q",
        ]);
        assert!(matches!(o.status.code(), Some(0 | 2)));
    }
    let o = grade(&["--out", &dir("whole"), "-q"]);
    assert!(matches!(o.status.code(), Some(0 | 2)));

    let cases: [(&[String], &str); 4] = [
        (&[dir("s1")], "missing shard results: 2/2"),
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
    assert!(
        !fresh.join(".assay-cache").exists(),
        "--no-cache writes no cache"
    );
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
