//! The strings a rubric's `re:` expressions cannot match without (see `required.rs`), found
//! in an answer in one pass. A sheet-wide misconception with a `re:` pattern is tried on
//! every answer of the sheet, and each search of a sentence costs the regex engine far more
//! than its length (a lazy DFA whose states were evicted from the CPU's caches by the rest
//! of grading): most answers and most sentences hold none of an expression's strings, and
//! are not searched. The result is the same: a sentence is skipped only if no match of the
//! expression can lie in it.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::required::folds_to_ascii;
use crate::text::Sentence;

/// Every required string of a rubric's expressions, by id, and one searcher for them all.
#[derive(Debug, Default)]
pub struct LiteralTable {
    strings: Vec<String>,
    ids: HashMap<String, u32>,
    /// Built at the first answer searched.
    searcher: OnceLock<Option<AhoCorasick>>,
}

impl LiteralTable {
    /// The ids of `strings`, added to the table as needed. Only before the first
    /// [`LiteralTable::scan`] (a rubric's expressions are all compiled before grading).
    pub(super) fn intern(&mut self, strings: Vec<String>) -> Box<[u32]> {
        debug_assert!(self.searcher.get().is_none(), "a string added after a scan");
        strings
            .into_iter()
            .map(|s| {
                let next = self.strings.len() as u32;
                *self.ids.entry(s).or_insert_with_key(|s| {
                    self.strings.push(s.clone());
                    next
                })
            })
            .collect()
    }

    /// Which strings `text` holds, in each of its `sentences` (byte ranges of `text`, in
    /// order) and in the answer as a whole.
    pub fn scan(&self, text: &str, sentences: &[Sentence]) -> LiteralHits {
        let words = self.strings.len().div_ceil(64);
        let mut hits = LiteralHits {
            all: folds_to_ascii(text),
            words,
            answer: vec![0; words],
            sentences: vec![0; words * sentences.len()],
        };
        if hits.all || words == 0 {
            return hits;
        }
        let searcher = self.searcher.get_or_init(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&self.strings)
                .ok()
        });
        let Some(searcher) = searcher else {
            // Cannot happen for a few hundred short strings; if it did, search everything.
            hits.all = true;
            return hits;
        };
        for m in searcher.find_overlapping_iter(text) {
            // Only a string inside one sentence counts: each sentence is searched alone.
            let s = sentences.partition_point(|s| s.start <= m.start());
            let Some(s) = s.checked_sub(1) else { continue };
            if m.end() > sentences[s].end {
                continue;
            }
            let (w, bit) = (
                m.pattern().as_usize() / 64,
                1u64 << (m.pattern().as_usize() % 64),
            );
            hits.answer[w] |= bit;
            hits.sentences[s * words + w] |= bit;
        }
        hits
    }
}

/// Which of a rubric's required strings one answer holds: see [`LiteralTable::scan`].
#[derive(Debug, Clone, Default)]
pub struct LiteralHits {
    /// The text has a character that folds to an ASCII letter (see `required.rs`): every
    /// string counts as present.
    all: bool,
    /// 64-bit words per bitset.
    words: usize,
    answer: Vec<u64>,
    /// One bitset per sentence, `words` each.
    sentences: Vec<u64>,
}

impl LiteralHits {
    /// Does some sentence of the answer hold one of the strings `ids`?
    pub fn any_in_answer(&self, ids: &[u32]) -> bool {
        self.all || any_in(&self.answer, ids)
    }

    /// Does sentence `s` hold one of the strings `ids`?
    pub fn any_in_sentence(&self, ids: &[u32], s: usize) -> bool {
        self.all
            || self
                .sentences
                .get(s * self.words..(s + 1) * self.words)
                .is_some_and(|row| any_in(row, ids))
    }
}

fn any_in(row: &[u64], ids: &[u32]) -> bool {
    ids.iter().any(|&i| {
        row.get(i as usize / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Analysis;

    fn table(sets: &[&[&str]]) -> (LiteralTable, Vec<Box<[u32]>>) {
        let mut t = LiteralTable::default();
        let ids = sets
            .iter()
            .map(|s| t.intern(s.iter().map(|x| x.to_string()).collect()))
            .collect();
        (t, ids)
    }

    #[test]
    fn strings_are_found_per_sentence_ignoring_ascii_case() {
        let (t, ids) = table(&[&["cdn", "edge"], &["pool"], &["edge"], &["thread"]]);
        assert_eq!(ids[2][..], ids[0][1..2], "a string is interned once");
        let text = "A CDN helps. The thread Pool is full. Nothing here";
        let a = Analysis::new(text);
        let hits = t.scan(text, &a.sentences);
        assert_eq!(a.sentences.len(), 3);
        assert!(hits.any_in_answer(&ids[0]) && hits.any_in_answer(&ids[1]));
        assert!(!hits.any_in_answer(&ids[2]));
        assert!(hits.any_in_sentence(&ids[0], 0) && !hits.any_in_sentence(&ids[0], 1));
        assert!(hits.any_in_sentence(&ids[1], 1) && hits.any_in_sentence(&ids[3], 1));
        assert!(!hits.any_in_sentence(&ids[1], 2) && !hits.any_in_sentence(&ids[1], 9));
    }

    #[test]
    fn overlapping_strings_are_all_found() {
        let (t, ids) = table(&[&["threads"], &["reads"], &["thread"]]);
        let text = "two threads";
        let hits = t.scan(text, &Analysis::new(text).sentences);
        assert!(ids.iter().all(|i| hits.any_in_sentence(i, 0)));
    }

    #[test]
    fn a_string_across_two_sentences_is_in_neither() {
        let (t, ids) = table(&[&["a. b"]]);
        let text = "It is a. B is next.";
        let a = Analysis::new(text);
        assert_eq!(a.sentences.len(), 2);
        assert!(!t.scan(text, &a.sentences).any_in_answer(&ids[0]));
    }

    #[test]
    fn kelvin_sign_or_long_s_let_everything_through() {
        let (t, ids) = table(&[&["keys"], &["pool"]]);
        for text in ["\u{212A}eys expire", "po\u{17F}t"] {
            let hits = t.scan(text, &Analysis::new(text).sentences);
            assert!(hits.any_in_answer(&ids[1]) && hits.any_in_sentence(&ids[1], 0));
        }
    }

    /// Every `re:` expression of the workshop rubric, on the paragraphs of 200 generated
    /// submissions: a sentence with a match always holds one of the expression's strings,
    /// and most sentences are skipped.
    #[test]
    fn the_workshop_rubric_s_expressions_never_skip_a_sentence_with_a_match() {
        use crate::cohort::{Pool, generate};
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rubrics/scaling-workshop.yaml");
        let rubric = crate::rubric::load(&path).unwrap_or_else(|e| panic!("{e:?}"));
        let layout = rubric.layout();
        let pool = Pool::embedded(&layout).unwrap();
        let expressions = &rubric.lexicon.compiled.expressions;
        let mut by_source: Vec<_> = expressions.by_source().collect();
        by_source.sort_by_key(|(source, _)| *source);
        assert!(by_source.len() > 50, "{}", by_source.len());
        let (mut searched, mut skipped, mut matched) = (0, 0, 0);
        for i in 0..200 {
            let file = generate(&pool, &layout, 1, i).content;
            for text in file.split("\n\n") {
                let analysis = Analysis::new(text);
                let hits = rubric.lexicon.scan_literals(text, &analysis.sentences);
                for (source, e) in &by_source {
                    let Some(required) = e.required() else { continue };
                    let re = e.get().unwrap();
                    for (si, sent) in analysis.sentences.iter().enumerate() {
                        let has_match = re.is_match(&text[sent.start..sent.end]);
                        let kept = hits.any_in_sentence(required, si);
                        assert!(kept || !has_match, "{source} in {:?}", &text[sent.start..sent.end]);
                        matched += usize::from(has_match);
                        searched += usize::from(kept);
                        skipped += usize::from(!kept);
                    }
                }
            }
        }
        assert!(matched > 100, "{matched} matches");
        assert!(skipped > 10 * searched, "{skipped} skipped, {searched} searched");
    }

    #[test]
    fn an_empty_table_or_answer() {
        let (t, _) = table(&[]);
        let hits = t.scan("anything", &Analysis::new("anything").sentences);
        assert!(!hits.any_in_answer(&[]));
        let (t, ids) = table(&[&["cdn"]]);
        assert!(!t.scan("", &[]).any_in_answer(&ids[0]));
    }
}
