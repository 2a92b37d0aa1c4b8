//! The pattern language (see `docs/rubric-format.md`, "Patterns"): syntax, the rubric's
//! lexicon of words, and matching against analysed learner text.

mod compiled;
mod deadline;
mod dense;
mod expression;
mod lexicon;
mod parse;
mod required;
pub mod vocabulary;

pub use compiled::{CompileError, Compiler, Pattern, Target};
pub use deadline::Deadline;
pub use lexicon::{Lexicon, TokenIds};
pub use parse::{SyntaxError, parse};
pub use required::Pairs;
