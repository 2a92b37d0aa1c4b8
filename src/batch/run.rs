//! Grading a batch in parallel (rayon, `--jobs` threads): each input read, parsed and graded
//! on its own, so a bad file becomes an error entry and the rest go on. Results come back in
//! input order, so the output is the same whatever the number of threads.

use std::path::Path;

use rayon::prelude::*;

use super::discover::{Found, Input, Skipped};
use super::similarity::{Signature, signature};
use crate::grade::{Graded, grade_within};
use crate::rubric::Rubric;
use crate::submission::{Format, SheetLayout, Unplaced, read_submission};

/// Options of a batch run.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// Files larger than this are errors.
    pub max_bytes: u64,
    /// A file whose grading takes longer than this becomes an error entry.
    pub time_budget: std::time::Duration,
}

impl BatchOptions {
    /// The defaults for `jobs` threads (all cores when `None`).
    pub fn with_jobs(jobs: Option<usize>) -> BatchOptions {
        BatchOptions {
            jobs: jobs
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
                .max(1),
            max_bytes: crate::submission::read::DEFAULT_MAX_BYTES,
            time_budget: DEFAULT_TIME_BUDGET,
        }
    }
}

/// The default per-file time budget.
pub const DEFAULT_TIME_BUDGET: std::time::Duration = std::time::Duration::from_secs(10);

/// The outcome of one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub file: String,
    pub learner: String,
    pub result: Result<Graded, String>,
    pub unplaced: Vec<Unplaced>,
    /// A MinHash of the answers, for finding near-duplicate submissions (`None` for inputs
    /// that failed and for submissions too short to compare).
    pub signature: Option<Signature>,
}

/// All outcomes of a batch, and what was skipped.
#[derive(Debug, Clone)]
pub struct Batch {
    pub outcomes: Vec<Outcome>,
    pub skipped: Vec<Skipped>,
}

impl Batch {
    /// Learner ids that more than one file claims: (id, files).
    pub fn duplicate_learners(&self) -> Vec<(String, Vec<String>)> {
        let mut by: std::collections::BTreeMap<&str, Vec<String>> =
            std::collections::BTreeMap::new();
        for o in self.outcomes.iter().filter(|o| o.result.is_ok()) {
            by.entry(&o.learner).or_default().push(o.file.clone());
        }
        by.into_iter()
            .filter(|(_, f)| f.len() > 1)
            .map(|(l, f)| (l.to_string(), f))
            .collect()
    }

    pub fn graded(&self) -> usize {
        self.outcomes.iter().filter(|o| o.result.is_ok()).count()
    }
    pub fn failed(&self) -> usize {
        self.outcomes.len() - self.graded()
    }
    /// Mean score as a fraction of the maximum, over graded submissions.
    pub fn mean_fraction(&self) -> Option<f64> {
        let scores: Vec<f64> = self
            .outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().ok())
            .map(|g| {
                if g.max_score > 0.0 {
                    g.score / g.max_score
                } else {
                    0.0
                }
            })
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
    }
}

/// Grades everything `found` lists.
pub fn run_batch(rubric: &Rubric, found: Found, opts: &BatchOptions) -> Batch {
    run_batch_with_progress(rubric, found, opts, &|| {})
}

/// Like [`run_batch`], calling `done` after each input is graded (from worker threads).
pub fn run_batch_with_progress(
    rubric: &Rubric,
    found: Found,
    opts: &BatchOptions,
    done: &(dyn Fn() + Sync),
) -> Batch {
    let layout = rubric.layout();
    let grade = |input: &Input| {
        let o = grade_one(rubric, &layout, input, opts);
        done();
        o
    };
    // Never more threads than inputs (`--jobs 100000` spawned 100,000 threads).
    let jobs = opts.jobs.min(found.inputs.len());
    let mut outcomes: Vec<Outcome> = if jobs <= 1 {
        found.inputs.iter().map(grade).collect()
    } else {
        match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
            Ok(pool) => pool.install(|| found.inputs.par_iter().map(grade).collect()),
            Err(_) => found.inputs.iter().map(grade).collect(),
        }
    };
    for (file, message) in found.failed {
        let learner = learner_from_path(&file);
        outcomes.push(Outcome {
            result: Err(format!("{file}: {message}")),
            file,
            learner,
            unplaced: Vec::new(),
            signature: None,
        });
    }
    outcomes.sort_by(|a, b| a.file.cmp(&b.file));
    Batch {
        outcomes,
        skipped: found.skipped,
    }
}

fn learner_from_path(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string())
}

/// Reads, parses and grades one input.
pub fn grade_one(
    rubric: &Rubric,
    layout: &SheetLayout,
    input: &Input,
    opts: &BatchOptions,
) -> Outcome {
    let max_bytes = opts.max_bytes;
    let started = std::time::Instant::now();
    let learner = learner_from_path(&input.file);
    let fail = |message: String| Outcome {
        file: input.file.clone(),
        learner: learner.clone(),
        result: Err(message),
        unplaced: Vec::new(),
        signature: None,
    };
    let Some(format) = Format::of(&input.path) else {
        return fail(format!("{}: not a submission file type", input.file));
    };
    match std::fs::metadata(&input.path) {
        Ok(m) if m.len() > max_bytes => {
            return fail(format!(
                "{}: file is {} bytes, over the {max_bytes}-byte limit (--max-file-size)",
                input.file,
                m.len()
            ));
        }
        // Reading a named pipe would block forever.
        Ok(m) if !m.is_file() => {
            return fail(format!("{}: not a regular file", input.file));
        }
        Ok(_) => {}
        Err(e) => return fail(format!("{}: cannot read: {e}", input.file)),
    }
    let bytes = match std::fs::read(&input.path) {
        Ok(b) => b,
        Err(e) => return fail(format!("{}: cannot read: {e}", input.file)),
    };
    match read_submission(&bytes, format, &learner, layout) {
        Ok(sub) => match grade_within(rubric, &sub, Some(started + opts.time_budget)) {
            Ok(graded) => Outcome {
                file: input.file.clone(),
                signature: signature(sub.answers.iter().map(|a| a.text.as_str())),
                learner: sub.learner,
                result: Ok(graded),
                unplaced: sub.unplaced,
            },
            Err(_) => fail(format!(
                "{}: grading took longer than the {} s per-file budget (--time-budget)",
                input.file,
                opts.time_budget.as_secs_f64()
            )),
        },
        Err(e) => fail(e.located(&input.file)),
    }
}
