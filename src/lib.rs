//! assay grades learners' written answers against YAML rubrics.
pub mod batch;
pub mod calibrate;
pub mod cli;
pub mod cmd;
pub mod cohort;
pub mod exit_code;
pub mod fast_hash;
pub mod grade;
pub mod numeric;
pub mod pattern;
pub mod raw_json;
pub mod report;
pub mod rubric;
pub mod submission;
pub mod text;
pub mod yaml;
