//! A batch: finding the inputs (`discover`), taking a shard of them (`shard`), grading them in
//! parallel (`run`) with a results cache (`cache`), holding rendered outcomes until a document
//! can be written (`spool`), and finding near-duplicate submissions (`similarity`) among
//! signatures kept out of memory (`signature_store`).

pub mod cache;
pub mod discover;
pub mod failure;
pub mod run;
pub mod shard;
pub mod signature_store;
pub mod similarity;
pub mod spool;
pub mod summary;

pub use discover::{Found, Input, Skipped, discover, discover_outside};
pub use failure::Failure;
pub use run::{
    Batch, BatchOptions, DEFAULT_TIME_BUDGET, HELD_BYTES_PER_JOB, Outcome, run_batch, stream_batch,
};
pub use summary::{Entry, Ledger, Summary};
