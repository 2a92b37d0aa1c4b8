//! assay grades learners' written answers against YAML rubrics.
pub mod pattern;
pub mod text;
pub mod yaml;
