//! assay grades learners' written answers against YAML rubrics.
pub mod batch;
pub mod cli;
pub mod cmd;
pub mod exit_code;
pub mod grade;
pub mod numeric;
pub mod report;
pub mod pattern;
pub mod rubric;
pub mod submission;
pub mod text;
pub mod yaml;
