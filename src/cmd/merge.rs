//! `assay merge RUBRIC RESULTS...`: combine the results of `assay grade --shard K/N` runs
//! into one cohort result and its reports. Each shard's `results.json` carries its shard and
//! each submission's near-duplicate signature. Merging first reads every shard's head and
//! checks that every shard of the same rubric and the same paths is there exactly once; then
//! it reads the shards side by side (a thread each, a few submissions ahead), checks that each
//! file belongs to the shard whose results hold it (so that every file is there exactly once,
//! see `batch::shard`), and takes their submissions in the order of a single run (each shard's
//! are sorted by file, and a file is in one shard only),
//! rendering them as `assay grade` does: byte for byte the outputs of one run, in memory that
//! does not grow with the cohort.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use rayon::prelude::*;

use super::emit::{Emitter, Plan, StdoutMode};
use crate::batch::shard::Shard;
use crate::batch::{Outcome, Skipped};
use crate::cli::MergeArgs;
use crate::exit_code;
use crate::report::human::printable;
use crate::report::json_read::{Counts, read_all, read_head};
use crate::report::templates;

/// Submissions read ahead per shard.
const READ_AHEAD: usize = 64;

pub fn run(args: &MergeArgs) -> u8 {
    let Some(rubric) = super::load_or_report(&args.rubric) else {
        return exit_code::ERROR;
    };
    let templates = match templates::load(args.output.templates.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return exit_code::ERROR;
        }
    };
    let mut parts = Vec::new();
    let mut ok = true;
    for path in &args.results {
        match read_part(path, &rubric.hash) {
            Ok(part) => parts.push(part),
            Err(e) => {
                eprintln!("error: {e}");
                ok = false;
            }
        }
    }
    if !ok {
        return exit_code::ERROR;
    }
    match check_split(&mut parts) {
        Ok(Some(warning)) => eprintln!("warning: {warning}"),
        Ok(None) => {}
        Err(e) => {
            eprintln!("error: {e}");
            return exit_code::ERROR;
        }
    }
    let jobs = crate::batch::BatchOptions::with_jobs(args.jobs).jobs;
    let plan = Plan::new(rubric, &templates, &args.output, jobs, None);
    let mut emitter = match Emitter::new(&plan, &args.output, jobs, None, StdoutMode::Held) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e:#}");
            return exit_code::ERROR;
        }
    };
    let rubric_max = rubric.max_score();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build();
    let read = std::thread::scope(|scope| {
        let mut streams = Vec::new();
        for part in &parts {
            let (tx, rx) = mpsc::sync_channel::<Outcome>(READ_AHEAD);
            let (file, shard) = (part.file.clone(), part.shard.clone());
            let reader = scope.spawn(move || -> Result<Vec<Skipped>, String> {
                let shown = file.display().to_string();
                let f =
                    std::fs::File::open(&file).map_err(|e| format!("{shown}: cannot read: {e}"))?;
                let mut last = String::new();
                let (mut graded, mut failed) = (0, 0);
                let mut send = |o: Outcome| {
                    check_entry(&shard, &o.file, Some(&last))?;
                    match &o.result {
                        Ok(g) => {
                            check_score(&o.file, g.score, g.max_score, rubric_max)?;
                            graded += 1;
                        }
                        Err(_) => failed += 1,
                    }
                    last.clone_from(&o.file);
                    tx.send(o).map_err(|_| "merge stopped".to_string())
                };
                let (head, skipped) = read_all(f, &mut send).map_err(|e| e.in_file(&shown))?;
                for s in &skipped {
                    check_entry(&shard, &s.file, None)
                        .map_err(|e| format!("{shown}: skipped path: {e}"))?;
                }
                let entries = Counts {
                    found: graded + failed + skipped.len(),
                    graded,
                    failed,
                    skipped: skipped.len(),
                };
                check_counts(head.counts, entries).map_err(|e| format!("{shown}: {e}"))?;
                Ok(skipped)
            });
            streams.push((rx, reader));
        }
        let mut heads: Vec<Option<Outcome>> =
            streams.iter().map(|(rx, _)| rx.recv().ok()).collect();
        loop {
            // The next chunk in single-run order: the smallest file among the shards' heads.
            let mut chunk = Vec::with_capacity(READ_AHEAD * jobs);
            while chunk.len() < READ_AHEAD * jobs {
                let next = heads
                    .iter()
                    .enumerate()
                    .filter_map(|(i, h)| h.as_ref().map(|o| (i, o.file.as_str())))
                    .min_by(|a, b| a.1.cmp(b.1))
                    .map(|(i, _)| i);
                let Some(i) = next else { break };
                let o = heads[i].take();
                heads[i] = streams[i].0.recv().ok();
                chunk.extend(o);
            }
            if chunk.is_empty() {
                break;
            }
            let rendered: Vec<_> = match &pool {
                Ok(pool) => {
                    pool.install(|| chunk.into_par_iter().map(|o| plan.render(o)).collect())
                }
                Err(_) => chunk.into_iter().map(|o| plan.render(o)).collect(),
            };
            rendered.into_iter().for_each(|r| emitter.add(r));
        }
        let mut skipped = Vec::new();
        let mut errors = Vec::new();
        for (rx, reader) in streams {
            drop(rx);
            match reader.join() {
                Ok(Ok(s)) => skipped.extend(s),
                Ok(Err(e)) => errors.push(e),
                Err(_) => errors.push("a reading thread panicked".into()),
            }
        }
        (skipped, errors)
    });
    let (mut skipped, errors) = read;
    if !errors.is_empty() {
        for e in errors {
            eprintln!("error: {e}");
        }
        emitter.abort();
        return exit_code::ERROR;
    }
    skipped.sort();
    emitter.batch.skipped = skipped;
    emitter.finish()
}

/// How many missing shards an error names (it says how many there are in all).
const SHOWN_MISSING: usize = 10;

/// A shard's results file, checked against the rubric.
struct Part {
    file: PathBuf,
    shard: Shard,
}

fn read_part(path: &Path, rubric_hash: &str) -> Result<Part, String> {
    let file = if path.is_dir() {
        path.join("results.json")
    } else {
        path.to_path_buf()
    };
    let shown = file.display();
    let reader = std::fs::File::open(&file).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let head = read_head(reader).map_err(|e| e.in_file(&shown))?;
    let shard = head.shard.ok_or_else(|| {
        format!("{shown}: not a shard's results (graded without --shard K/N): nothing to merge")
    })?;
    // A shard no `--shard K/N` could have written (edited by hand): merging it could leave
    // inputs out or take them twice.
    if shard.index == 0 || shard.index > shard.count {
        return Err(format!(
            "{shown}: shard {}/{} is not a shard (1 <= K <= N); the results were edited, \
             grade this shard again",
            shard.index, shard.count
        ));
    }
    // Grading changes between versions (the results cache starts again on a new one): the
    // merge is one run's results only if this assay graded every shard.
    let version = head.assay_version.as_deref().unwrap_or("unknown");
    if version != env!("CARGO_PKG_VERSION") {
        return Err(format!(
            "{shown}: graded by assay {version}, and this is assay {}; grade every shard with \
             the assay that merges them",
            env!("CARGO_PKG_VERSION")
        ));
    }
    let hash = head.rubric_hash.unwrap_or_default();
    if hash != rubric_hash {
        return Err(format!(
            "{shown}: graded with another rubric (hash {hash}, the rubric given has \
             {rubric_hash}); grade every shard with the same rubric"
        ));
    }
    Ok(Part { file, shard })
}

/// Every shard of one split, each once, of the same paths; sorts `parts` by shard. Returns a
/// warning when the shards were graded from different places (their files' names differ from
/// one run's, though the split is the same).
fn check_split(parts: &mut [Part]) -> Result<Option<String>, String> {
    let Some(first) = parts.first() else {
        return Err("no results to merge".into());
    };
    let count = first.shard.count;
    if let Some(p) = parts.iter().find(|p| p.shard.count != count) {
        return Err(format!(
            "{}: shard {} does not belong with shards of {count}",
            p.file.display(),
            p.shard
        ));
    }
    parts.sort_by_key(|p| p.shard.index);
    for w in parts.windows(2) {
        if w[0].shard.index == w[1].shard.index {
            return Err(format!(
                "shard {} is given twice: {} and {}",
                w[0].shard,
                w[0].file.display(),
                w[1].file.display()
            ));
        }
    }
    // The shards missing, found between the ones given (sorted, each once): a split into
    // millions of shards of which few are given must not list, or even count one by one,
    // every missing one.
    let given = parts.len() as u64;
    if given < u64::from(count) {
        let mut missing = Vec::new();
        let mut next = 1;
        // (In u64: `count + 1` is past the largest u32 for `K/4294967295`.)
        let given_indices = parts.iter().map(|p| u64::from(p.shard.index));
        for k in given_indices.chain([u64::from(count) + 1]) {
            missing.extend((next..k).take(SHOWN_MISSING - missing.len().min(SHOWN_MISSING)));
            next = k + 1;
        }
        let mut shown: Vec<String> = missing.iter().map(|k| format!("{k}/{count}")).collect();
        let all = u64::from(count) - given;
        if all > shown.len() as u64 {
            shown.push(format!("… ({all} missing in all)"));
        }
        return Err(format!("missing shard results: {}", shown.join(", ")));
    }
    let first = &parts[0];
    if let Some(p) = parts.iter().find(|p| p.shard.paths != first.shard.paths) {
        return Err(format!(
            "{}: shard {} was graded on other paths ({}) than {}, shard {} ({}); grade every \
             shard with the same paths and the same assay",
            p.file.display(),
            p.shard,
            paths_shown(&p.shard),
            first.file.display(),
            first.shard,
            paths_shown(&first.shard),
        ));
    }
    Ok(parts
        .iter()
        .find(|p| p.shard.root != first.shard.root)
        .map(|p| {
            format!(
                "the shards were graded from different places ({} below `{}`, {} below `{}`): \
                 every file is in exactly one shard, and keeps the name its shard gave it",
                first.file.display(),
                printable(first.shard.root.as_deref().unwrap_or_default()),
                p.file.display(),
                printable(p.shard.root.as_deref().unwrap_or_default()),
            )
        }))
}

/// The paths a shard was graded on, as `root` joined with each.
fn paths_shown(shard: &Shard) -> String {
    let root = shard.root.as_deref().unwrap_or(".");
    match &shard.paths {
        Some(paths) => paths
            .iter()
            .map(|p| match (root, p.as_str()) {
                (".", p) | (p, ".") => p.to_string(),
                ("/", p) => format!("/{p}"),
                (root, p) => format!("{root}/{p}"),
            })
            .map(|p| format!("`{}`", printable(&p)))
            .collect::<Vec<_>>()
            .join(", "),
        None => "not recorded: an assay before shards recorded their paths".into(),
    }
}

/// A graded entry's score must be one the rubric can give: from 0 to the rubric's maximum,
/// out of that maximum.
fn check_score(file: &str, score: f64, max: f64, rubric_max: f64) -> Result<(), String> {
    // The results round scores to 6 decimals (a maximum of 0.1 + 0.2 points is written 0.3).
    let slack = 1e-6 * rubric_max.abs().max(1.0);
    if max.is_nan() || (max - rubric_max).abs() > slack {
        return Err(format!(
            "`{}` is graded out of {max}, and the rubric's maximum is {rubric_max}: were the \
             results edited, or graded with another rubric?",
            printable(file)
        ));
    }
    if !(-slack..=max + slack).contains(&score) {
        return Err(format!(
            "`{}` has the score {score}, outside 0 to {max}: were the results edited?",
            printable(file)
        ));
    }
    Ok(())
}

/// A shard's entries must be those its own summary counts (an entry cut out or repeated by
/// hand would otherwise go unnoticed). Results without a summary (cut short) were refused
/// while reading; `None` only for a document that has none at all.
fn check_counts(summary: Option<Counts>, entries: Counts) -> Result<(), String> {
    let Some(summary) = summary else {
        return Err("the results have no summary: were they cut short?".into());
    };
    if summary == entries {
        return Ok(());
    }
    let shown = |c: Counts| {
        format!(
            "{} found ({} graded, {} failed, {} skipped)",
            c.found, c.graded, c.failed, c.skipped
        )
    };
    Err(format!(
        "the summary counts {}, the entries are {}: were the results edited? Grade the shard \
         again",
        shown(summary),
        shown(entries)
    ))
}

/// An entry of `shard`'s results (a submission, after `last` in file order, or a skipped
/// path) must belong to that shard: the merge then has every file exactly once.
fn check_entry(shard: &Shard, file: &str, last: Option<&str>) -> Result<(), String> {
    let owner = shard.owner(file);
    if owner != shard.index {
        return Err(format!(
            "`{}` belongs to shard {owner}/{}, not to shard {shard} that these results claim \
             (were they relabelled, or graded on other paths?)",
            printable(file),
            shard.count
        ));
    }
    match last {
        Some(last) if file == last => Err(format!(
            "`{}` is listed twice: were the results edited?",
            printable(file)
        )),
        Some(last) if file < last => Err(format!(
            "`{}` comes after `{}`: the submissions are not in the order assay writes them",
            printable(file),
            printable(last)
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The results round to 6 decimals: a rubric of 0.1 + 0.2 points has the maximum
    /// 0.30000000000000004, and its results say 0.3.
    #[test]
    fn scores_are_compared_as_the_results_round_them() {
        let max = 0.1 + 0.2;
        assert!(check_score("a.md", 0.3, 0.3, max).is_ok());
        assert!(check_score("a.md", 0.0, 0.3, max).is_ok());
        assert!(check_score("a.md", 0.31, 0.3, max).is_err());
        assert!(check_score("a.md", -0.01, 0.3, max).is_err());
        assert!(check_score("a.md", 0.2, 10.0, max).is_err());
        assert!(check_score("a.md", 0.2, f64::NAN, max).is_err());
        assert!(check_score("a.md", f64::NAN, 0.3, max).is_err());
    }
}
