//! Grading: a pure function of (rubric, submission). One file per rule kind (`concept`,
//! `number`, `mistake`), the answer-level judgements (`answer`), scoring (`question`) and the
//! whole submission (`submission`).

pub mod answer;
pub mod concept;
pub mod credit;
pub mod excerpt;
pub mod mistake;
pub mod number;
pub mod question;
pub mod reference;
pub mod result;
pub mod submission;

pub use question::{AnswerText, grade_question};
pub use result::*;
pub use submission::{Graded, OverBudget, grade_submission, grade_within};
