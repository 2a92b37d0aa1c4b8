//! `assay grade RUBRIC PATH...`: grade a batch, print the chosen format on stdout and the
//! summary on stderr, write `--out`, and exit 0 (all graded) or 2 (something failed).

use std::io::Write;

use crate::batch::{BatchOptions, discover, run_batch};
use crate::cli::{Format, GradeArgs};
use crate::exit_code;
use crate::report::{human, json, out_dir, templates};

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
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let found = discover(&args.paths);
    let batch = run_batch(
        &rubric,
        found,
        &BatchOptions {
            jobs,
            max_bytes: args.max_file_size,
            time_budget: std::time::Duration::from_secs_f64(
                args.time_budget.clamp(0.001, 86_400.0),
            ),
        },
    );
    let stdout = match args.format {
        Format::Json => json::to_json(&rubric, &batch),
        Format::Human => {
            let mut s = String::new();
            for o in &batch.outcomes {
                match &o.result {
                    Ok(g) => s.push_str(&format!(
                        "{}\t{}\t{}/{}\n",
                        o.file, o.learner, g.score, g.max_score
                    )),
                    Err(_) => s.push_str(&format!("{}\t{}\terror\n", o.file, o.learner)),
                }
            }
            s
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
        if let Err(e) = out_dir::write_out(dir, &rubric, &batch, &tera) {
            eprintln!("error: {e:#}");
            code = exit_code::ERROR;
        }
    }
    if !args.quiet {
        eprint!("{}", human::summary(&batch));
    }
    code
}
