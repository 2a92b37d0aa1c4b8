//! The pattern language (see `docs/rubric-format.md`, "Patterns"): syntax, the rubric's
//! lexicon of words, and matching against analysed learner text.

mod compiled;
mod dense;
mod expression;
mod lexicon;
mod literals;
mod parse;
mod required;

pub use compiled::{CompileError, Compiler, Pattern, Target};
pub use lexicon::{Lexicon, TokenIds};
pub use literals::LiteralHits;
pub use parse::{SyntaxError, parse};
