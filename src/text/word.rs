//! Words as written, folded and stemmed once per thread. Learners use the same few thousand
//! word forms, so a token shares its form's [`Word`] (one reference count) instead of folding,
//! stemming and allocating its own strings, and the rubric's lexicon keeps the atoms it looked
//! up for a form in that form's `Word`.

use std::cell::RefCell;
use std::rc::Rc;

use super::analysis::TokenKind;
use super::fold::{fold_word, is_stopword, stem};
use super::polarity::{Cue, cue_of, is_refuting};
use crate::fast_hash::FastMap;

/// One word form, everything about it that follows from how it is written.
#[derive(Debug)]
pub(crate) struct Word {
    /// The folded form (see `fold_word`).
    pub norm: Box<str>,
    /// The stem of the folded form (a number's is its folded form).
    pub stem: Box<str>,
    pub kind: TokenKind,
    pub(crate) cue: Cue,
    /// The folded form is a stop word (`is_stopword`) / refutes (`is_refuting`): the copy and
    /// echo checks ask this of nearly every token of every answer, so it is decided once per
    /// form instead of looked up in the word tables per token.
    pub(crate) stop: bool,
    pub(crate) refuting: bool,
    /// What one lexicon looked up for this form last (see `Lexicon::lookup`): the lexicon's
    /// uid and the atoms.
    pub(crate) atoms: RefCell<Option<(usize, Box<[u32]>)>>,
}

/// The forms seen on this thread: by how they are written, and by folded form (forms written
/// differently that fold alike, `Cache` and `cache`, share one `Word`).
#[derive(Default)]
pub(crate) struct Table {
    written: FastMap<Box<str>, Rc<Word>>,
    folded: FastMap<Box<str>, Rc<Word>>,
}

thread_local! {
    static WORDS: RefCell<Table> = RefCell::new(Table::default());
}

/// Forms kept per thread. A full table starts afresh before the next answer is read; within
/// an answer (a hostile one may have a million distinct words) the forms past it are made
/// without being kept, so the table never grows past this.
const MAX_WORDS: usize = 100_000;

/// Starts the thread's table afresh if it is full (tokens keep their own `Word`s). Called
/// before an answer is read.
pub(crate) fn trim() {
    WORDS.with(|w| {
        let mut w = w.borrow_mut();
        if w.written.len() >= MAX_WORDS {
            *w = Table::default();
        }
    });
}

/// Runs `f` with the thread's table borrowed once: an answer's analysis looks up every token
/// in it, and reaching the thread-local and its `RefCell` per token was a measurable share of
/// that lookup. `f` must not call `word` or `trim` (the table is borrowed).
pub(crate) fn with_table<R>(f: impl FnOnce(&mut Table) -> R) -> R {
    WORDS.with(|w| f(&mut w.borrow_mut()))
}

/// The `Word` for `raw`, a word or number as written.
#[cfg(test)]
pub(crate) fn word(raw: &str) -> Rc<Word> {
    with_table(|w| w.word(raw))
}

impl Table {
    /// The `Word` for `raw`, a word or number as written.
    pub(crate) fn word(&mut self, raw: &str) -> Rc<Word> {
        let w = self;
        if let Some(found) = w.written.get(raw) {
            return found.clone();
        }
        let norm = fold_word(raw);
        // A token with a letter is a word; one of digits (and `.`, `,` between them) a number.
        let kind = if raw.chars().any(char::is_alphabetic) {
            TokenKind::Word
        } else {
            TokenKind::Number
        };
        // A word and a number may fold alike (`一` and `㆒`, `3` and `3` with an alphabetic
        // combining mark): they look up different atoms, so they share no `Word`.
        if let Some(same) = w.folded.get(norm.as_str()).filter(|s| s.kind == kind) {
            let same = same.clone();
            if w.written.len() < MAX_WORDS {
                w.written.insert(raw.into(), same.clone());
            }
            return same;
        }
        let made = Rc::new(make(norm, kind));
        if w.written.len() < MAX_WORDS {
            w.folded.insert(made.norm.clone(), made.clone());
            w.written.insert(raw.into(), made.clone());
        }
        made
    }
}

fn make(norm: String, kind: TokenKind) -> Word {
    let stem = if kind == TokenKind::Word {
        stem(&norm)
    } else {
        norm.clone()
    };
    Word {
        cue: cue_of(&norm),
        stop: is_stopword(&norm),
        refuting: is_refuting(&norm),
        norm: norm.into(),
        stem: stem.into(),
        kind,
        atoms: RefCell::new(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_is_folded_and_stemmed_once_and_shared() {
        let a = word("Caching");
        let b = word("Caching");
        assert!(Rc::ptr_eq(&a, &b));
        assert_eq!(&*a.norm, "caching");
        assert_eq!(&*a.stem, stem("caching"));
        assert_eq!(a.kind, TokenKind::Word);
        assert!(!a.stop && !a.refuting);
        assert!(word("The").stop && !word("The").refuting);
        assert!(word("Doesn't").refuting && word("WRONG").refuting && !word("wrong").stop);
        assert!(word("not").stop && word("not").refuting);
        // Another spelling with the same folded form shares the word.
        assert!(Rc::ptr_eq(&a, &word("CACHING")));
        assert!(!Rc::ptr_eq(&a, &word("cached")));
    }

    #[test]
    fn a_word_and_a_number_that_fold_alike_are_two_words() {
        for (number, word_) in [("\u{3192}", "\u{4E00}"), ("3", "3\u{345}")] {
            let (n, w) = (word(number), word(word_));
            assert_eq!((n.kind, w.kind), (TokenKind::Number, TokenKind::Word));
            assert_eq!(n.norm, w.norm, "{number} and {word_} fold alike");
            assert!(!Rc::ptr_eq(&n, &w));
            // Either order.
            assert!(Rc::ptr_eq(&word(word_), &w) && Rc::ptr_eq(&word(number), &n));
        }
    }

    #[test]
    fn numbers_keep_their_folded_form_as_stem() {
        let n = word("1,000");
        assert_eq!(n.kind, TokenKind::Number);
        assert_eq!(n.stem, n.norm);
    }

    #[test]
    fn a_full_table_keeps_no_more_forms_and_starts_afresh_before_the_next_answer() {
        let kept = word("statelessness");
        WORDS.with(|w| {
            let mut w = w.borrow_mut();
            for i in w.written.len()..MAX_WORDS {
                w.written.insert(format!("filler{i}").into(), kept.clone());
            }
        });
        // Full: a new form is made but not kept; a kept one is still shared.
        let fresh = word("idempotency");
        assert_eq!(&*fresh.norm, "idempotency");
        assert!(!Rc::ptr_eq(&fresh, &word("idempotency")));
        assert!(Rc::ptr_eq(&kept, &word("statelessness")));
        assert_eq!(WORDS.with(|w| w.borrow().written.len()), MAX_WORDS);
        trim();
        assert_eq!(WORDS.with(|w| w.borrow().written.len()), 0);
        // Tokens keep their words; the form is made afresh.
        assert_eq!(&*kept.stem, stem("statelessness"));
        assert!(!Rc::ptr_eq(&kept, &word("statelessness")));
    }
}
