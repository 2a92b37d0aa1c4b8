//! `assay grade RUBRIC PATH...`: grade a batch, print the chosen format on stdout and the
//! summary on stderr, write `--out`, and exit 0 (all graded) or 2 (something failed).
//!
//! `--format json` and `human` without `--out` are streamed (`batch::stream_batch`): each
//! submission's JSON is rendered on the thread that graded it and handed over in output
//! order, and only its file, learner and score are kept for the summary. The JSON document
//! names the summary before the submissions, so their JSON waits in a spool (compressed in
//! memory, then a temporary file). Memory stays flat however large the cohort. The other
//! formats and `--out` hold every outcome until the batch is done.

use std::io::Write;

use crate::batch::cache::ResultsCache;
use crate::batch::spool::{self, DEFAULT_MEMORY, Spool};
use crate::batch::{Batch, BatchOptions, Outcome, discover, run_batch_with_progress, stream_batch};
use crate::cli::{GradeArgs, GradeFormat, OutputArgs};
use crate::exit_code;
use crate::grade::Graded;
use crate::report::{canvas, csv_export, gitlab, gradescope, human, json, junit, moodle};
use crate::report::{out_dir, templates};
use crate::rubric::Rubric;
use std::sync::Arc;

pub fn run(args: &GradeArgs) -> u8 {
    let Some(rubric) = super::load_or_report(&args.rubric) else {
        return exit_code::ERROR;
    };
    let out = &args.output;
    let tera = match templates::load(out.templates.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return exit_code::ERROR;
        }
    };
    let cache = match (&out.out, args.no_cache) {
        (Some(dir), false) => Some(Arc::new(ResultsCache::open(dir, &rubric.hash))),
        _ => None,
    };
    let opts = BatchOptions {
        max_bytes: args.max_file_size,
        time_budget: std::time::Duration::from_secs_f64(args.time_budget.clamp(0.001, 86_400.0)),
        cache: cache.clone(),
        ..BatchOptions::with_jobs(args.jobs)
    };
    let mut found = discover(&args.paths);
    if let Some(shard) = args.shard {
        found = shard.select(found);
    }
    let progress = super::progress::bar(found.inputs.len(), out.quiet);
    let done = || progress.inc(1);
    if out.out.is_none() && matches!(out.format, GradeFormat::Json | GradeFormat::Human) {
        let streamed = stream(args, &rubric, found, &opts, &done);
        progress.finish_and_clear();
        return match streamed {
            Some(batch) => {
                if !out.quiet {
                    anstream::eprint!("{}", human::summary(&batch));
                }
                verdict(&batch)
            }
            None => exit_code::ERROR,
        };
    }
    let mut batch = run_batch_with_progress(&rubric, found, &opts, &done);
    batch.shard = args.shard;
    progress.finish_and_clear();
    let code = emit(&rubric, &batch, &tera, out, opts.jobs);
    if let Some(cache) = cache {
        cache.prune();
        if !out.quiet && cache.hits() > 0 {
            eprintln!(
                "assay: {} of {} results reused from the cache (--no-cache to grade all afresh)",
                cache.hits(),
                batch.outcomes.len()
            );
        }
    }
    code
}

/// Writes a graded batch: the chosen format on stdout, `--out`, the summary on stderr.
/// Returns the exit code.
pub(super) fn emit(
    rubric: &Rubric,
    batch: &Batch,
    tera: &tera::Tera,
    out: &OutputArgs,
    jobs: usize,
) -> u8 {
    let assignment = out
        .assignment
        .clone()
        .unwrap_or_else(|| rubric.title.clone());
    let stdout = match stdout_text(out.format, rubric, batch, &assignment) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return exit_code::ERROR;
        }
    };
    let mut stdout_lock = std::io::stdout().lock();
    if stdout_lock
        .write_all(stdout.as_bytes())
        .and_then(|_| stdout_lock.flush())
        .is_err()
    {
        return exit_code::ERROR;
    }
    let mut code = verdict(batch);
    if let Some(dir) = &out.out {
        let opts = out_dir::OutOptions { assignment, jobs };
        if let Err(e) = out_dir::write_out(dir, rubric, batch, tera, &opts) {
            let e = match e.downcast::<templates::TemplateError>() {
                Ok(t) => anyhow::Error::new(templates::locate(t, out.templates.as_deref())),
                Err(e) => e,
            };
            eprintln!("error: {e:#}");
            code = exit_code::ERROR;
        }
    }
    if !out.quiet {
        anstream::eprint!("{}", human::summary(batch));
    }
    code
}

fn verdict(batch: &Batch) -> u8 {
    if batch.failed() > 0 {
        exit_code::ERROR
    } else {
        exit_code::OK
    }
}

/// `--format json` or `human` without `--out`, in flat memory. Returns the batch of light
/// outcomes (see [`light`]) for the summary, or `None` when stdout or the spool failed.
fn stream(
    args: &GradeArgs,
    rubric: &Rubric,
    found: crate::batch::Found,
    opts: &BatchOptions,
    done: &(dyn Fn() + Sync),
) -> Option<Batch> {
    let json_wanted = args.output.format == GradeFormat::Json;
    let shard = args.shard.is_some();
    // On the grading thread: the JSON (compressed) or the human line, and the light outcome.
    let render = |o: Outcome| {
        done();
        let text = if json_wanted {
            spool::block(json::submission_fragment(&o, rubric, shard).as_bytes())
        } else {
            human::line(&o).into_bytes()
        };
        (light(o), text)
    };
    let mut stdout = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let mut stdout_ok = true;
    let mut spool = Spool::new(DEFAULT_MEMORY);
    let mut spool_error: Option<std::io::Error> = None;
    let mut batch = Batch {
        outcomes: Vec::new(),
        skipped: Vec::new(),
        shard: args.shard,
    };
    batch.skipped = stream_batch(rubric, found, opts, render, |(light, text)| {
        if json_wanted {
            if let Err(e) = spool.push(&text) {
                spool_error.get_or_insert(e);
            }
        } else if stdout_ok {
            stdout_ok = stdout.write_all(&text).is_ok();
        }
        batch.outcomes.push(light);
    });
    if let Some(e) = spool_error {
        eprintln!("error: cannot hold the results in a temporary file: {e}");
        return None;
    }
    if json_wanted && stdout_ok {
        let count = batch.outcomes.len();
        stdout_ok = json::write_document(&mut stdout, rubric, &batch, count, &mut |w| {
            spool.copy_to(w, b",\n", opts.jobs)
        })
        .is_ok();
    }
    if !stdout_ok || stdout.flush().is_err() {
        return None;
    }
    Some(batch)
}

/// What the summary needs of an outcome: file, learner, score or error.
fn light(o: Outcome) -> Outcome {
    Outcome {
        file: o.file,
        learner: o.learner,
        result: o.result.map(|g| Graded {
            score: g.score,
            max_score: g.max_score,
            exercises: Vec::new(),
            questions: Vec::new(),
        }),
        unplaced: Vec::new(),
        signature: None,
    }
}

/// What `--format` prints on stdout.
fn stdout_text(
    format: GradeFormat,
    rubric: &Rubric,
    batch: &Batch,
    assignment: &str,
) -> anyhow::Result<String> {
    Ok(match format {
        GradeFormat::Json => json::to_json(rubric, batch),
        GradeFormat::Csv => csv_export::to_csv(rubric, batch),
        GradeFormat::Canvas => canvas::to_csv(rubric, batch, assignment),
        GradeFormat::Moodle => moodle::to_csv(rubric, batch, assignment),
        GradeFormat::Junit => junit::to_xml(rubric, batch)?,
        GradeFormat::Gitlab => gitlab::to_json(rubric, batch),
        GradeFormat::Github => crate::cmd::check::annotations(rubric, batch),
        GradeFormat::Gradescope => match batch.outcomes.as_slice() {
            [one] => gradescope::to_json(rubric, one),
            all => anyhow::bail!(
                "--format gradescope writes the results of one submission, and {} were found; \
                 use --out DIR for gradescope/<learner>.json per submission",
                all.len()
            ),
        },
        GradeFormat::Human => human::lines(batch),
    })
}
