//! The integration tests: one binary, a module per feature, driven by files in
//! `tests/fixtures/`. Snapshots live in `tests/integration/snapshots/`
//! (review with `cargo insta review`).

mod batch;
mod browser;
mod calibration;
mod check;
mod hostile;
mod human_grades;
mod judgement;
mod layouts;
mod outputs;
mod properties;
mod reports;
mod rerun;
mod restated;
mod rubric_errors;
mod samples;
mod scale_out;
mod second_course;
mod selftests;
mod struck;
mod table_labels;
mod template;
mod util;
