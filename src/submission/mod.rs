//! Learner submissions: Markdown written free-form (`markdown`) and YAML forms (`yaml_form`, each
//! answer's places in the file in `yaml_places`), read into answers placed at (exercise,
//! question) (`model`), from bytes (`read`).

pub mod layout;
mod learner_id;
pub mod markdown;
pub mod model;
pub mod read;
pub mod yaml_form;
mod yaml_places;

pub use layout::SheetLayout;
pub use model::{Answer, Submission, Unplaced};
pub use read::{Format, SubmissionError, read_submission};
