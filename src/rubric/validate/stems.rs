//! The content stems of a text (a prompt's, and each of its sentences'): the words that are
//! not stopwords, folded and stemmed.

use crate::fast_hash::FastSet;
use crate::text::{Analysis, fold_word, is_stopword, stem};

/// Stems of the content words of a text.
pub fn content_stems(text: &str) -> FastSet<String> {
    stems_of(&Analysis::new(text).tokens)
}

/// The stems of the `tokens` that are not stopwords.
fn stems_of(tokens: &[crate::text::Token]) -> FastSet<String> {
    tokens
        .iter()
        .filter(|t| !is_stopword(t.norm()))
        .map(|t| stem(&fold_word(t.norm())))
        .collect()
}

/// [`content_stems`] per sentence of `text` outside its parentheses (the options a prompt
/// offers, "(CDN? Reverse proxy?)", are not sentences of it); empty for a text of one
/// sentence.
pub fn content_stems_by_sentence(text: &str) -> Vec<FastSet<String>> {
    let a = Analysis::new(&crate::text::strip_parens(text));
    if a.sentences.len() < 2 {
        return Vec::new();
    }
    (0..a.sentences.len())
        .map(|s| stems_of(a.sentence_tokens(s)))
        .collect()
}
