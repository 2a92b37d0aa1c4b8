//! Outputs: the JSON document (`json`), per-learner feedback reports from templates
//! (`feedback`, `templates`), the human summary (`human`), and writing `--out` (`out_dir`).

pub mod feedback;
pub mod human;
pub mod json;
pub mod out_dir;
pub mod templates;
