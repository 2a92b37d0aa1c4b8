//! Learner text as the matcher sees it: words folded and stemmed, sentences and clauses,
//! quotation, and whether a stretch of words is asserted or negated.

mod analysis;
pub mod edit_distance;
mod fold;
pub mod line_ends;
mod polarity;
mod quotes;
mod remarks;
mod word;
pub(crate) mod word_set;

pub use analysis::{Analysis, Sentence, Token, TokenKind};
pub use fold::{
    fold_prefix, fold_word, fold_word_into, is_invisible_or_control, is_stopword, stem,
};
/// Grading asks `Token::is_refuting` (decided once per word form); the tests compare with this.
#[cfg(test)]
pub(crate) use polarity::is_refuting;
pub use polarity::{Polarity, Reading, is_contracted_not};
pub(crate) use polarity::{agrees_with_statement, rejects_statement};
pub use remarks::strip_parens;
