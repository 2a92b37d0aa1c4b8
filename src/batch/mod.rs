//! A batch: finding the inputs (`discover`), grading them in parallel (`run`), and holding
//! rendered outcomes until a document can be written (`spool`).

pub mod discover;
pub mod run;
pub mod spool;

pub use discover::{Found, Input, Skipped, discover};
pub use run::{
    Batch, BatchOptions, DEFAULT_TIME_BUDGET, Outcome, grade_one, run_batch, stream_batch,
};
