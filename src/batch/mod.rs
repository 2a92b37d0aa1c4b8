//! A batch: finding the inputs (`discover`) and grading them in parallel (`run`).

pub mod discover;
pub mod run;

pub use discover::{discover, Found, Input, Skipped};
pub use run::{grade_one, run_batch, Batch, BatchOptions, Outcome};
