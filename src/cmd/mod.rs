//! What each subcommand does, at the edge: reading arguments, printing, exit codes.

pub mod calibrate;
pub mod check;
pub mod emit;
pub mod generate;
pub mod grade;
pub mod lint;
pub mod merge;
pub mod progress;
pub mod stdout;
pub mod template;
pub mod test;

use std::path::{Path, PathBuf};

use crate::batch::Skipped;
use crate::report::human::printable;
use crate::rubric::{Rubric, load};

/// Says on stderr that `paths` held no submission file, and what was met there instead (so
/// that a learner sees why `answers.txt` was not read), for `grade` and `check`, which then
/// exit 2: a run that graded nothing is a mistaken path, not a success.
pub fn say_nothing_found(paths: &[PathBuf], skipped: &[Skipped]) {
    let given: Vec<String> = paths
        .iter()
        .map(|f| printable(&f.display().to_string()))
        .collect();
    eprintln!("error: no submission files found in {}", given.join(", "));
    for sk in skipped {
        eprintln!("  skipped {}: {}", printable(&sk.file), sk.reason);
    }
    if skipped.is_empty() {
        eprintln!("  (submissions are .md, .markdown, .yaml or .yml files)");
    }
}

/// Loads a rubric, printing every problem on stderr when it is invalid. Each command loads
/// one rubric and keeps it to the end, so the rubric is never freed: freeing its many small
/// allocations (compiled patterns, vocabularies, expressions) took about 21 M instructions
/// for the workshop rubric, 7 % of a CI check of one submission, only to delay the exit.
/// Whether the file at `path` is a results document of assay (its head reads as one, see
/// `report::json_read::read_head`): read only when it did not load as a rubric.
fn is_results_document(path: &Path) -> bool {
    std::fs::File::open(path)
        .ok()
        .is_some_and(|f| crate::report::json_read::read_head(f).is_ok())
}

pub fn load_or_report(path: &Path) -> Option<&'static Rubric> {
    match load(path) {
        Ok(r) => Some(Box::leak(Box::new(r))),
        Err(errs) => {
            if is_results_document(path) {
                // Not a rubric with problems: the arguments are in the wrong order.
                eprintln!(
                    "error: {}: this is a results document written by assay, not a rubric: name the rubric first (`assay grade RUBRIC PATHS…`, `assay merge RUBRIC RESULTS…`)",
                    path.display()
                );
                return None;
            }
            for e in &errs.0 {
                eprintln!("{e}");
            }
            // A file that could not be read is said once, not counted as a rubric's problem.
            if errs.0.iter().all(|e| e.is_unreadable()) {
                return None;
            }
            eprintln!(
                "assay: the rubric has {} problem{}",
                errs.0.len(),
                if errs.0.len() == 1 { "" } else { "s" }
            );
            None
        }
    }
}
