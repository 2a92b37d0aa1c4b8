//! `assay grade RUBRIC PATH...`: grade a batch, print the chosen format on stdout and the
//! summary on stderr, write `--out`, and exit 0 (all graded) or 2 (something failed, or no
//! submission file was found outside a shard).
//!
//! The batch is streamed (`batch::stream_batch`): each submission is graded and rendered for
//! every output on a worker thread and handed over in output order to the writers
//! (`cmd::emit`), which keep only its file, learner and score. Memory stays flat however
//! large the cohort.

use std::io::Write;
use std::sync::Arc;

use super::emit::{Emitter, Plan, Rendered, StdoutMode};
use crate::batch::cache::ResultsCache;
use crate::batch::{BatchOptions, Summary, discover_outside, stream_batch};
use crate::cli::{GradeArgs, GradeFormat};
use crate::exit_code;
use crate::report::templates;

pub fn run(args: &GradeArgs) -> u8 {
    let Some(rubric) = super::load_or_report(&args.rubric) else {
        return exit_code::ERROR;
    };
    let out = &args.output;
    if let Some(dir) = out.out.as_deref().filter(|d| d.exists() && !d.is_dir()) {
        eprintln!(
            "error: --out {}: exists and is not a folder; name a folder (it is made if missing)",
            dir.display()
        );
        return exit_code::ERROR;
    }
    // Only `--out` renders templates (parsing them costs about 90 M instructions); templates
    // named with `--templates` are still checked before anything is graded.
    let templates = if out.out.is_some() || out.templates.is_some() {
        match templates::load(out.templates.as_deref()) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {e}");
                return exit_code::ERROR;
            }
        }
    } else {
        templates::Templates::none()
    };
    let mut found = discover_outside(&args.paths, out.out.as_deref());
    // The shard keeps the files by their path below the paths given (see `batch::shard`).
    let shard = args.shard.as_ref().map(|s| s.over(&args.paths));
    if let Some(shard) = &shard {
        found = shard.select(found);
    }
    if let Some(dir) = &out.out {
        let inside = crate::report::learner_files::inputs_in_out_folders(&found, dir);
        if let Some(first) = inside.first() {
            let more = match inside.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            eprintln!(
                "error: --out {}: the learners' reports are written into its reports/ and gradescope/ folders, where {first}{more} would be graded: writing them could overwrite those files; choose another --out folder",
                dir.display()
            );
            return exit_code::ERROR;
        }
    }
    let cache = match (&out.out, args.no_cache) {
        // Keyed by the options that can change an outcome too (`batch::cache`).
        (Some(dir), false) => Some(Arc::new(ResultsCache::open(
            dir,
            &rubric.hash,
            args.limits.batch_options().time_budget,
        ))),
        _ => None,
    };
    let opts = BatchOptions {
        cache: cache.clone(),
        // Only `--out` (the dashboard, the cache) and a shard's results use signatures.
        signatures: out.out.is_some() || args.shard.is_some(),
        ..args.limits.batch_options()
    };
    let inputs = found.inputs.len() + found.failed.len();
    if out.format == GradeFormat::Gradescope && inputs != 1 {
        // Said before grading: the answer does not depend on it. The results say it too, for
        // the learner: without them Gradescope shows only that the autograder failed.
        let message = super::emit::gradescope_needs_one(&found);
        let hint = super::emit::gradescope_hint(inputs, out.out.as_deref());
        eprintln!("error: {message}{hint}");
        let results = crate::report::gradescope::not_one_submission(rubric, &message);
        // A closed stdout is not worth a message (as for every other document).
        let mut stdout = std::io::stdout().lock();
        let _ = stdout
            .write_all(results.as_bytes())
            .and_then(|()| stdout.flush());
        return exit_code::ERROR;
    }
    let plan = Plan::new(rubric, &templates, out, opts.jobs, shard.clone());
    let mut emitter = match Emitter::new(&plan, out, opts.jobs, shard, StdoutMode::Streamed) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e:#}");
            return exit_code::ERROR;
        }
    };
    emitter.expect(found.inputs.len());
    if let Some(cache) = &cache {
        cache.expect(found.inputs.len());
    }
    let progress = super::progress::bar(found.inputs.len(), out.quiet);
    let render = |o| {
        let r = plan.render(o);
        progress.inc(1);
        r
    };
    emitter.batch.skipped = stream_batch(rubric, found, &opts, render, Rendered::held_bytes, |r| {
        emitter.add(r)
    });
    progress.finish_and_clear();
    let graded = emitter.batch.len();
    // Nothing to grade is a mistaken path (exit 2, as for `check`), except in a shard: a
    // small cohort cut in many shards leaves some of them empty, and `merge` reads them.
    let nothing = (inputs == 0 && args.shard.is_none()).then(|| emitter.batch.skipped.clone());
    let (mut code, out_written) = emitter.finish_with_out();
    if let Some(skipped) = nothing {
        super::say_nothing_found(&args.paths, &skipped);
        code = exit_code::ERROR;
    }
    if let Some(cache) = cache {
        // Only after a run that wrote its folder: a run that failed part-way leaves it (and
        // its cache) as it was, entries of the inputs it did not reach included.
        if out_written {
            cache.prune();
        }
        if !out.quiet && cache.hits() > 0 {
            eprintln!(
                "assay: {} of {graded} results reused from the cache (--no-cache to grade all afresh)",
                cache.hits(),
            );
        }
    }
    code
}
