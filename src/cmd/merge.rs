//! `assay merge RUBRIC RESULTS...`: combine the results of `assay grade --shard K/N` runs
//! into one cohort result and its reports. Each shard's `results.json` carries its shard and
//! each submission's near-duplicate signature; merging checks that every shard of the same
//! rubric is there exactly once, puts the outcomes and skipped paths back in the order one
//! run would have them, and writes the outputs as `assay grade` does, byte for byte.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::emit::{Emitter, Plan};
use crate::batch::Batch;
use crate::batch::shard::Shard;
use crate::cli::MergeArgs;
use crate::exit_code;
use crate::report::json::{ReadBack, read_document};
use crate::report::templates;

pub fn run(args: &MergeArgs) -> u8 {
    let Some(rubric) = super::load_or_report(&args.rubric) else {
        return exit_code::ERROR;
    };
    let tera = match templates::load(args.output.templates.as_deref()) {
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
    let batch = match combine(parts) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return exit_code::ERROR;
        }
    };
    let jobs = crate::batch::BatchOptions::with_jobs(args.jobs).jobs;
    let plan = Plan::new(&rubric, &tera, &args.output, jobs, false);
    let mut emitter = match Emitter::new(&plan, &args.output, jobs, None) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e:#}");
            return exit_code::ERROR;
        }
    };
    emitter.batch.skipped = batch.skipped;
    // Rendered in parallel, a chunk at a time, and written in order.
    let mut outcomes = batch.outcomes.into_iter().peekable();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build();
    while outcomes.peek().is_some() {
        let chunk: Vec<_> = outcomes.by_ref().take(64 * jobs).collect();
        let rendered: Vec<_> = match &pool {
            Ok(pool) => pool.install(|| chunk.into_par_iter().map(|o| plan.render(o)).collect()),
            Err(_) => chunk.into_iter().map(|o| plan.render(o)).collect(),
        };
        rendered.into_iter().for_each(|r| emitter.add(r));
    }
    emitter.finish()
}

/// A shard's results, checked against the rubric.
struct Part {
    file: PathBuf,
    shard: Shard,
    results: ReadBack,
}

fn read_part(path: &Path, rubric_hash: &str) -> Result<Part, String> {
    let file = if path.is_dir() {
        path.join("results.json")
    } else {
        path.to_path_buf()
    };
    let shown = file.display();
    let reader = std::fs::File::open(&file).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let results = read_document(reader).map_err(|e| format!("{shown}: {e}"))?;
    let shard = results.shard.ok_or_else(|| {
        format!("{shown}: not a shard's results (graded without --shard K/N): nothing to merge")
    })?;
    if results.rubric_hash != rubric_hash {
        return Err(format!(
            "{shown}: graded with another rubric (hash {}, the rubric given has {rubric_hash}); \
             grade every shard with the same rubric",
            results.rubric_hash
        ));
    }
    Ok(Part {
        file,
        shard,
        results,
    })
}

/// One batch from every shard of one split, in the order of a single run.
fn combine(mut parts: Vec<Part>) -> Result<Batch, String> {
    let Some(count) = parts.first().map(|p| p.shard.count) else {
        return Err("no results to merge".into());
    };
    if let Some(p) = parts.iter().find(|p| p.shard.count != count) {
        return Err(format!(
            "{}: shard {} does not belong with shards of {count}",
            p.file.display(),
            p.shard
        ));
    }
    parts.sort_by_key(|p| p.shard.index);
    for w in parts.windows(2) {
        if w[0].shard == w[1].shard {
            return Err(format!(
                "shard {} is given twice: {} and {}",
                w[0].shard,
                w[0].file.display(),
                w[1].file.display()
            ));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|k| !parts.iter().any(|p| p.shard.index == *k))
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(format!("missing shard results: {}", missing.join(", ")));
    }
    let mut outcomes = Vec::new();
    let mut skipped = Vec::new();
    for p in parts {
        outcomes.extend(p.results.outcomes);
        skipped.extend(p.results.skipped);
    }
    // A file is in one shard only, so a stable sort by file is the single run's order.
    outcomes.sort_by(|a, b| a.file.cmp(&b.file));
    skipped.sort();
    Ok(Batch {
        outcomes,
        skipped,
        shard: None,
    })
}
