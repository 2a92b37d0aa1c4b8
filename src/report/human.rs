//! The short human summary on stderr: inputs found, graded, failed and skipped, the mean
//! score, and every failure with its message.

use crate::batch::Batch;

/// Red for errors, yellow for warnings. The text carries ANSI styles; print it through
/// `anstream`, which drops them when stderr is not a terminal or `NO_COLOR` is set.
const ERROR: anstyle::Style = anstyle::AnsiColor::Red.on_default().bold();
const WARNING: anstyle::Style = anstyle::AnsiColor::Yellow.on_default().bold();

/// The summary text (ends with a newline).
pub fn summary(batch: &Batch) -> String {
    let mut s = String::new();
    for o in &batch.outcomes {
        if let Err(e) = &o.result {
            s.push_str(&format!("{ERROR}error:{ERROR:#} {e}\n"));
        }
    }
    for (learner, files) in batch.duplicate_learners() {
        s.push_str(&format!(
            "{WARNING}warning:{WARNING:#} learner id `{learner}` is used by {} files: {}\n",
            files.len(),
            files.join(", ")
        ));
    }
    let found = batch.outcomes.len() + batch.skipped.len();
    s.push_str(&format!(
        "assay: {found} found, {} graded, {} failed, {} skipped",
        batch.graded(),
        batch.failed(),
        batch.skipped.len()
    ));
    match batch.mean_fraction() {
        Some(m) => s.push_str(&format!("; mean score {:.1} %\n", m * 100.0)),
        None => s.push('\n'),
    }
    s
}
