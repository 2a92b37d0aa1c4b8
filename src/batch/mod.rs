//! A batch: finding the inputs (`discover`) and grading them in parallel (`run`).

pub mod discover;
pub mod run;

pub use discover::{Found, Input, Skipped, discover};
pub use run::{Batch, BatchOptions, DEFAULT_TIME_BUDGET, Outcome, grade_one, run_batch};
