//! Rubrics: the YAML format as written (`raw`), loading with includes (`load`), validation
//! and compilation (`validate`) into the model the grader reads (`model`). Every unknown key
//! of a rubric is an error of its own, with its place (`load`).

pub mod comma_course;
pub mod error;
pub mod example_flag;
pub mod expr;
pub mod formula;
pub mod load;
pub mod model;
pub mod raw;
pub mod reach;
pub mod validate;

pub use error::{RubricError, RubricErrors};
pub use load::{load, load_str};
pub use model::*;
