//! The rubric's words: every stem that a pattern names gets an id, and each learner word is
//! looked up once per answer to find which of those ids it stands for, by stem or as a typo.
//!
//! Typo tolerance (Damerau-Levenshtein on stems, first letter kept): 4-5 letters may swap
//! two adjacent letters (`cahce`), 6-8 letters one edit (`stateles`), 9 or more two edits.
//! A learner word that is itself a rubric word, or a common function word, is never read as
//! a typo of another word.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::text::{Token, TokenKind, is_stopword};

/// The ids a token stands for, for every token of an answer (a flat list plus offsets).
#[derive(Debug, Default, Clone)]
pub struct TokenIds {
    ids: Vec<u32>,
    offsets: Vec<(u32, u32)>,
}

impl TokenIds {
    /// The ids token `i` stands for.
    pub fn of(&self, i: usize) -> &[u32] {
        let (a, b) = self.offsets[i];
        &self.ids[a as usize..b as usize]
    }
}

/// The words of one rubric.
#[derive(Debug)]
pub struct Lexicon {
    ids: HashMap<String, u32>,
    /// Stems by (first letter, length) for typo lookup: (id, stem as chars).
    stems: Vec<(u32, Vec<char>)>,
    /// A process-unique number, so per-thread caches never mix two rubrics.
    uid: usize,
}

static NEXT_UID: AtomicUsize = AtomicUsize::new(1);

thread_local! {
    static TYPO_CACHE: RefCell<HashMap<(usize, String), Vec<u32>>> = RefCell::new(HashMap::new());
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon {
            ids: HashMap::new(),
            stems: Vec::new(),
            uid: NEXT_UID.fetch_add(1, Ordering::Relaxed),
        }
    }
}

impl Lexicon {
    /// The id of a word (given folded, and its stem), adding it if new. Typos are measured
    /// against both the stem and the folded word.
    pub fn intern(&mut self, folded: &str, stem: &str) -> u32 {
        let id = match self.ids.get(stem) {
            Some(&id) => id,
            None => {
                let id = self.ids.len() as u32;
                self.ids.insert(stem.to_string(), id);
                self.stems.push((id, stem.chars().collect()));
                id
            }
        };
        if folded != stem
            && !self
                .stems
                .iter()
                .any(|(i, w)| *i == id && w.iter().copied().eq(folded.chars()))
        {
            self.stems.push((id, folded.chars().collect()));
        }
        id
    }

    /// The forms of word `id`: its stem and the folded words that have that stem.
    pub fn forms(&self, id: u32) -> impl Iterator<Item = String> + '_ {
        self.stems
            .iter()
            .filter(move |(i, _)| *i == id)
            .map(|(_, w)| w.iter().collect())
    }

    /// The id of a stem, if a pattern names it.
    pub fn get(&self, stem: &str) -> Option<u32> {
        self.ids.get(stem).copied()
    }

    /// Looks up every token of an answer.
    pub fn lookup(&self, tokens: &[Token]) -> TokenIds {
        let mut out = TokenIds {
            ids: Vec::with_capacity(tokens.len()),
            offsets: Vec::with_capacity(tokens.len()),
        };
        for t in tokens {
            let start = out.ids.len() as u32;
            if t.kind == TokenKind::Number {
                // A number named in a pattern (`than 10`) matches as written, never as a typo.
                out.ids.extend(self.get(&t.stem));
            } else if t.kind == TokenKind::Word {
                if let Some(id) = self.get(&t.stem) {
                    out.ids.push(id);
                } else if !is_stopword(&t.norm) && t.norm.chars().count() >= 4 {
                    out.ids.extend(self.typos_of(&t.norm, &t.stem));
                }
            }
            out.offsets.push((start, out.ids.len() as u32));
        }
        out
    }

    fn typos_of(&self, norm: &str, stem: &str) -> Vec<u32> {
        let key = (self.uid, norm.to_string());
        if let Some(hit) = TYPO_CACHE.with(|c| c.borrow().get(&key).cloned()) {
            return hit;
        }
        let forms: [Vec<char>; 2] = [norm.chars().collect(), stem.chars().collect()];
        let mut found: Vec<u32> = self
            .stems
            .iter()
            .filter(|(_, s)| {
                forms.iter().any(|w| {
                    s.first() == w.first() && s.len().abs_diff(w.len()) <= 2 && is_typo(s, w)
                })
            })
            .map(|(id, _)| *id)
            .collect();
        found.sort_unstable();
        found.dedup();
        TYPO_CACHE.with(|c| {
            let mut cache = c.borrow_mut();
            if cache.len() > 200_000 {
                cache.clear();
            }
            cache.insert(key, found.clone());
        });
        found
    }
}

/// Is `got` a tolerated misspelling of the rubric stem `want`?
fn is_typo(want: &[char], got: &[char]) -> bool {
    let n = want.len();
    if n < 4 || want == got {
        return false;
    }
    if n <= 5 {
        // Only two adjacent letters swapped.
        if got.len() != n {
            return false;
        }
        let diff: Vec<usize> = (0..n).filter(|&i| want[i] != got[i]).collect();
        return diff.len() == 2
            && diff[1] == diff[0] + 1
            && want[diff[0]] == got[diff[1]]
            && want[diff[1]] == got[diff[0]];
    }
    if negating_prefix(want, got) || negating_prefix(got, want) {
        return false;
    }
    let budget = if n >= 9 { 2 } else { 1 };
    damerau_levenshtein(want, got, budget) <= budget
}

/// Is `long` the word `short` with a negating prefix (`unavailable`, `inconsistent`,
/// `nonblocking`)? Such a pair is an opposite, never a typo.
fn negating_prefix(long: &[char], short: &[char]) -> bool {
    const PREFIXES: &[&str] = &[
        "un", "in", "im", "il", "ir", "dis", "non", "de", "a", "anti", "mis",
    ];
    long.len() > short.len()
        && long.ends_with(short)
        && PREFIXES.iter().any(|p| {
            p.len() == long.len() - short.len() && long.iter().take(p.len()).copied().eq(p.chars())
        })
}

/// Optimal-string-alignment distance, giving up (returning `budget + 1`) once it exceeds
/// `budget`.
fn damerau_levenshtein(a: &[char], b: &[char], budget: usize) -> usize {
    if a.len().abs_diff(b.len()) > budget {
        return budget + 1;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        let mut row_min = usize::MAX;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > budget {
            return budget + 1;
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{Analysis, fold_word, stem};

    fn lex(words: &[&str]) -> Lexicon {
        let mut l = Lexicon::default();
        for w in words {
            let f = fold_word(w);
            l.intern(&f, &stem(&f));
        }
        l
    }

    #[track_caller]
    fn hits(l: &Lexicon, text: &str) -> usize {
        let a = Analysis::new(text);
        let ids = l.lookup(&a.tokens);
        (0..a.tokens.len())
            .filter(|&i| !ids.of(i).is_empty())
            .count()
    }

    #[test]
    fn typos_within_budget_are_read_as_the_word() {
        let l = lex(&["stateless", "cache", "invalidation", "balancer"]);
        assert_eq!(hits(&l, "stateles"), 1);
        assert_eq!(hits(&l, "cahce"), 1);
        assert_eq!(hits(&l, "invaldiaton"), 1);
        assert_eq!(hits(&l, "balancr"), 1);
    }

    #[test]
    fn other_words_are_not_typos() {
        let l = lex(&["scale", "server", "stale"]);
        assert_eq!(hits(&l, "stale"), 1); // itself
        let l = lex(&["scale"]);
        assert_eq!(hits(&l, "stale"), 0);
        assert_eq!(hits(&l, "scalable"), 0);
        let l = lex(&["cache"]);
        assert_eq!(hits(&l, "catch"), 0);
        let l = lex(&["related", "available", "definitely"]);
        assert_eq!(hits(&l, "unrelated"), 0);
        assert_eq!(hits(&l, "unavailable"), 0);
        assert_eq!(hits(&l, "indefinitely"), 0);
    }

    #[test]
    fn distance_is_bounded() {
        let a: Vec<char> = "abcdefghij".chars().collect();
        let b: Vec<char> = "abdcefghij".chars().collect();
        assert_eq!(damerau_levenshtein(&a, &b, 2), 1);
        let c: Vec<char> = "zzzzzzzzzz".chars().collect();
        assert_eq!(damerau_levenshtein(&a, &c, 2), 3);
    }
}
