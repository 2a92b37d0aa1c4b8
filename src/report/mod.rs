//! Outputs. The instructor's: the JSON document (`json`), the CSV export (`csv_export`), the
//! cohort dashboard (`dashboard`, from `stats` and `flagged`). The learner's, with
//! instructor-only material left out (`visibility`): feedback reports in Markdown and HTML
//! (`feedback`, `html`; the built-in ones written by `native`), Gradescope results
//! (`gradescope`), plain-text feedback (`plain`). Gradebooks and CI: `canvas`, `moodle`,
//! `junit`, `gitlab`. Templates (`templates`), the human summary (`human`), and writing
//! `--out` (`out_dir`).

pub mod canvas;
pub(crate) mod capacity;
pub mod csv_export;
pub mod dashboard;
pub mod document;
pub mod feedback;
pub mod flagged;
pub mod gitlab;
pub mod gradescope;
pub mod html;
pub mod human;
pub mod json;
pub mod json_read;
pub mod junit;
pub mod learner_files;
pub mod moodle;
pub mod native;
pub mod out_dir;
pub mod plain;
mod score_table;
pub mod stats;
pub mod tally;
pub mod templates;
#[cfg(test)]
pub mod testing;
pub mod visibility;
