//! Grading: a pure function of (rubric, submission). One file per rule kind (`concept`,
//! `number`, `mistake`), the answer prepared for matching (`answer`), the answer-level judgements (`attempt`,
//! `keyword_list`, `copy`), scoring (`question`), the
//! whole submission (`submission`) and several submissions question by question (`many`).

pub mod answer;
pub mod attempt;
pub mod concept;
pub mod copy;
pub mod credit;
pub mod excerpt;
pub mod keyword_list;
pub mod many;
pub mod mistake;
pub mod number;
pub mod question;
pub mod reference;
pub mod result;
pub mod submission;

pub use many::grade_many;
pub use question::{AnswerText, grade_question};
pub use result::*;
pub use submission::{Graded, Grading, OverBudget, grade_submission, grade_within};
