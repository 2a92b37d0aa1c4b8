//! A batch: finding the inputs (`discover`), grading them in parallel (`run`), and finding
//! near-duplicate submissions (`similarity`).

pub mod discover;
pub mod run;
pub mod similarity;
pub mod spool;

pub use discover::{Found, Input, Skipped, discover};
pub use run::{
    Batch, BatchOptions, DEFAULT_TIME_BUDGET, Outcome, grade_one, run_batch,
    run_batch_with_progress, stream_batch,
};
