//! `assay grade RUBRIC PATH...`: grade a batch, print the chosen format on stdout and the
//! summary on stderr, write `--out`, and exit 0 (all graded) or 2 (something failed).

use std::io::Write;

use crate::batch::Batch;
use crate::batch::{BatchOptions, discover, run_batch_with_progress};
use crate::cli::{GradeArgs, GradeFormat};
use crate::exit_code;
use crate::report::{canvas, csv_export, gitlab, gradescope, human, json, junit, moodle};
use crate::report::{out_dir, templates};
use crate::rubric::Rubric;

pub fn run(args: &GradeArgs) -> u8 {
    let Some(rubric) = super::load_or_report(&args.rubric) else {
        return exit_code::ERROR;
    };
    let tera = match templates::load(args.templates.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return exit_code::ERROR;
        }
    };
    let opts = BatchOptions {
        max_bytes: args.max_file_size,
        time_budget: std::time::Duration::from_secs_f64(args.time_budget.clamp(0.001, 86_400.0)),
        ..BatchOptions::with_jobs(args.jobs)
    };
    let jobs = opts.jobs;
    let found = discover(&args.paths);
    let progress = super::progress::bar(found.inputs.len(), args.quiet);
    let batch = run_batch_with_progress(&rubric, found, &opts, &|| progress.inc(1));
    progress.finish_and_clear();
    let assignment = args
        .assignment
        .clone()
        .unwrap_or_else(|| rubric.title.clone());
    let stdout = match stdout_text(args.format, &rubric, &batch, &assignment) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return exit_code::ERROR;
        }
    };
    let mut out = std::io::stdout().lock();
    if out
        .write_all(stdout.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return exit_code::ERROR;
    }
    let mut code = if batch.failed() > 0 {
        exit_code::ERROR
    } else {
        exit_code::OK
    };
    if let Some(dir) = &args.out {
        let opts = out_dir::OutOptions { assignment, jobs };
        if let Err(e) = out_dir::write_out(dir, &rubric, &batch, &tera, &opts) {
            let e = match e.downcast::<templates::TemplateError>() {
                Ok(t) => anyhow::Error::new(templates::locate(t, args.templates.as_deref())),
                Err(e) => e,
            };
            eprintln!("error: {e:#}");
            code = exit_code::ERROR;
        }
    }
    if !args.quiet {
        anstream::eprint!("{}", human::summary(&batch));
    }
    code
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
