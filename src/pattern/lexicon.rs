//! The rubric's words: every stem that a pattern names gets an id, and each learner word is
//! looked up once per answer to find which of those ids it stands for, by stem or as a typo.
//! Exact words (`=word`), prefixes (`word*`) and "any number" (`#`) get ids too (atoms), so
//! that matching only ever compares integers; and each answer gets a bitset of the atoms of
//! each sentence, so that a pattern skips the sentences that lack one of its words.
//!
//! Typo tolerance (Damerau-Levenshtein on stems, first letter kept): 4-5 letters may swap
//! two adjacent letters (`cahce`), 6-8 letters one edit (`stateles`), 9 or more two edits.
//! A learner word that is itself a rubric word, or a common function word, is never read as
//! a typo of another word.

use crate::fast_hash::FastMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::compiled::CompileCache;
use super::dense::Sieve;
use crate::text::edit_distance::damerau_levenshtein;
use crate::text::{Token, TokenKind};

/// The atoms each token stands for, for every token of an answer (a flat list plus offsets),
/// and which atoms each sentence and the whole answer hold (bitsets).
#[derive(Debug, Default, Clone)]
pub struct TokenIds {
    ids: Vec<u32>,
    offsets: Vec<(u32, u32)>,
    /// Per token, the [`Sieve`] of its atoms: the matcher's filters test a word against it
    /// with two ANDs, reading one array in order, instead of reading the word's atoms.
    sieves: Vec<Sieve>,
    /// 64-bit words per bitset.
    words: usize,
    answer: Vec<u64>,
    /// One bitset per sentence, `words` each.
    sentences: Vec<u64>,
}

/// The lists of this thread's last `TokenIds`, given back when it is dropped, for the next
/// answer's lookup: each answer allocated five lists (two of them zeroed) and freed them
/// again. A thread prepares one answer at a time (`grade_question_within`), so one spare set
/// is enough.
#[derive(Default)]
struct Spare {
    ids: Vec<u32>,
    offsets: Vec<(u32, u32)>,
    sieves: Vec<Sieve>,
    answer: Vec<u64>,
    sentences: Vec<u64>,
}

thread_local! {
    static SPARE: std::cell::RefCell<Option<Spare>> = const { std::cell::RefCell::new(None) };
}

/// Lists longer than this are not kept for the next answer (a hostile answer's would stay).
const MAX_SPARE: usize = 1 << 16;

impl Drop for TokenIds {
    fn drop(&mut self) {
        if self.ids.capacity() > MAX_SPARE || self.sentences.capacity() > MAX_SPARE {
            return;
        }
        let spare = Spare {
            ids: std::mem::take(&mut self.ids),
            offsets: std::mem::take(&mut self.offsets),
            sieves: std::mem::take(&mut self.sieves),
            answer: std::mem::take(&mut self.answer),
            sentences: std::mem::take(&mut self.sentences),
        };
        // Not while the thread's locals are being torn down, or the spare is in use.
        let _ = SPARE.try_with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                *s = Some(spare);
            }
        });
    }
}

impl TokenIds {
    /// Empty lists for an answer of `tokens` tokens and `sentences` sentences over `words`
    /// 64-bit words of atoms, the bitsets zero: the thread's spare ones if it has them.
    fn empty(tokens: usize, sentences: usize, words: usize) -> TokenIds {
        let spare = SPARE
            .try_with(|s| s.try_borrow_mut().ok().and_then(|mut s| s.take()))
            .ok()
            .flatten()
            .unwrap_or_default();
        let Spare {
            mut ids,
            mut offsets,
            mut sieves,
            mut answer,
            sentences: mut sentences_bits,
        } = spare;
        ids.clear();
        offsets.clear();
        sieves.clear();
        // Room for two atoms a token: a word often stands for its stem and a prefix or typo
        // too, and growing the list cost several reallocations an answer.
        ids.reserve(2 * tokens);
        offsets.reserve(tokens);
        sieves.reserve(tokens);
        answer.clear();
        answer.resize(words, 0);
        sentences_bits.clear();
        sentences_bits.resize(words * sentences, 0);
        TokenIds {
            ids,
            offsets,
            sieves,
            words,
            answer,
            sentences: sentences_bits,
        }
    }

    /// The ids token `i` stands for.
    pub fn of(&self, i: usize) -> &[u32] {
        let (a, b) = self.offsets[i];
        &self.ids[a as usize..b as usize]
    }

    /// The [`Sieve`] of the ids token `i` stands for.
    #[inline]
    pub(super) fn sieve(&self, i: usize) -> Sieve {
        self.sieves[i]
    }

    /// The [`Sieve`]s of tokens `range`.
    #[inline]
    pub(super) fn sieves(&self, range: std::ops::Range<usize>) -> &[Sieve] {
        &self.sieves[range]
    }

    /// Does some token of the answer stand for atom `id`?
    pub fn in_answer(&self, id: u32) -> bool {
        let (w, b) = (id as usize / 64, id % 64);
        self.answer.get(w).is_some_and(|x| x >> b & 1 == 1)
    }

    /// Does some token of the answer stand for an atom of `(word, mask)` (the atoms
    /// `64 * word + b` for each bit `b` of `mask`)?
    #[inline]
    pub fn any_of_word_in_answer(&self, (word, mask): (u32, u64)) -> bool {
        self.answer
            .get(word as usize)
            .is_some_and(|x| x & mask != 0)
    }

    /// The bitset of the atoms of sentence `s` (empty past the last sentence).
    #[inline]
    pub(super) fn sentence_row(&self, s: usize) -> &[u64] {
        self.sentences
            .get(s * self.words..(s + 1) * self.words)
            .unwrap_or(&[])
    }

    /// Does some token of sentence `s` stand for atom `id`?
    pub fn in_sentence(&self, s: usize, id: u32) -> bool {
        let (w, b) = (id as usize / 64, id % 64);
        w < self.words
            && self
                .sentences
                .get(s * self.words + w)
                .is_some_and(|x| x >> b & 1 == 1)
    }
}

/// A set of atoms, as the 64-bit words of a bitset over the lexicon that are not zero
/// (sorted by word index): testing it against a sentence's or the answer's bitset costs one
/// AND per such word, however many atoms it holds (a vocabulary's atoms are interned
/// together, so they share few words).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AtomSet(Box<[(u32, u64)]>);

impl AtomSet {
    /// The set of `atoms` (any order, repeats allowed).
    pub fn new(atoms: impl IntoIterator<Item = u32>) -> AtomSet {
        let mut atoms: Vec<u32> = atoms.into_iter().collect();
        atoms.sort_unstable();
        // Sized to the words the atoms fall in: growing it and shrinking it to a box were
        // reallocations, for each of the rubric's 20,000 items and alternatives.
        let words = atoms.chunk_by(|a, b| a / 64 == b / 64).count();
        let mut bits: Vec<(u32, u64)> = Vec::with_capacity(words);
        for a in atoms {
            let (w, b) = (a / 64, a % 64);
            match bits.last_mut() {
                Some((lw, mask)) if *lw == w => *mask |= 1 << b,
                _ => bits.push((w, 1 << b)),
            }
        }
        AtomSet(bits.into_boxed_slice())
    }

    /// The set as one `(word, mask)`, when its atoms share one 64-bit word (see
    /// [`TokenIds::any_of_word_in_answer`]).
    pub fn as_one_word(&self) -> Option<(u32, u64)> {
        match *self.0 {
            [one] => Some(one),
            _ => None,
        }
    }

    /// Does the set hold atom `a`?
    #[cfg(test)]
    pub fn contains(&self, a: u32) -> bool {
        let (w, b) = (a / 64, a % 64);
        match self.0.binary_search_by_key(&w, |&(x, _)| x) {
            Ok(i) => self.0[i].1 >> b & 1 == 1,
            Err(_) => false,
        }
    }

    /// Does some token of sentence `s` stand for an atom of the set?
    #[cfg(test)]
    pub fn any_in_sentence(&self, ids: &TokenIds, s: usize) -> bool {
        let row = ids.sentences.get(s * ids.words..(s + 1) * ids.words);
        let row = row.unwrap_or(&[]);
        self.0
            .iter()
            .any(|&(w, m)| row.get(w as usize).is_some_and(|x| x & m != 0))
    }

    /// Does some token of the answer stand for an atom of the set?
    #[cfg(test)]
    pub fn any_in_answer(&self, ids: &TokenIds) -> bool {
        self.0.iter().any(|&pair| ids.any_of_word_in_answer(pair))
    }
}

/// A list of atom sets, each as in [`AtomSet`], in one allocation: the `(word, mask)` pairs of
/// every set one after the other, the last pair of each set marked by [`AtomSets::LAST`] in its
/// word. Testing every item of a pattern against a sentence reads one array instead of one per
/// item (each a cache miss when the pattern has not been tried lately).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AtomSets(Box<[(u32, u64)]>);

impl AtomSets {
    /// Marks the last pair of a set. (Word indexes are atoms / 64: far below it.)
    const LAST: u32 = 1 << 31;

    /// The list of `sets`, in order.
    pub fn new(sets: &[AtomSet]) -> AtomSets {
        let mut pairs = Vec::with_capacity(sets.iter().map(|s| s.0.len().max(1)).sum());
        for set in sets {
            match set.0.split_last() {
                Some((&(w, m), rest)) => {
                    pairs.extend_from_slice(rest);
                    pairs.push((w | Self::LAST, m));
                }
                // An empty set is in no sentence: a pair no row holds.
                None => pairs.push((u32::MAX, 0)),
            }
        }
        AtomSets(pairs.into_boxed_slice())
    }

    /// Does every set have an atom in `row` (a bitset of atoms, such as a sentence's:
    /// [`TokenIds::sentence_row`])?
    #[inline]
    pub(super) fn all_in(&self, row: &[u64]) -> bool {
        let mut pairs = self.0.iter();
        while let Some(&(w, m)) = pairs.next() {
            if row
                .get((w & !Self::LAST) as usize)
                .is_some_and(|x| x & m != 0)
            {
                // This set is in: skip the rest of its pairs.
                if w & Self::LAST == 0 {
                    for &(w, _) in pairs.by_ref() {
                        if w & Self::LAST != 0 {
                            break;
                        }
                    }
                }
            } else if w & Self::LAST != 0 {
                return false;
            }
        }
        true
    }

    /// Does every set have an atom some token of sentence `s` stands for?
    pub fn all_in_sentence(&self, ids: &TokenIds, s: usize) -> bool {
        self.all_in(ids.sentence_row(s))
    }

    /// Does every set have an atom some token of the answer stands for?
    pub fn all_in_answer(&self, ids: &TokenIds) -> bool {
        self.all_in(&ids.answer)
    }
}

/// Number words that `#` accepts besides digits.
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
];

/// What an atom stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    /// A word, by stem (with typo tolerance).
    Word,
    /// A word exactly as folded (`=word`), whatever its kind.
    Exact(String),
    /// Any word starting with this (`word*`).
    Prefix(String),
    /// Any number, in digits or words (`#`).
    Number,
}

/// The words of one rubric.
#[derive(Debug)]
pub struct Lexicon {
    ids: FastMap<String, u32>,
    exact: FastMap<String, u32>,
    prefixes: FastMap<String, u32>,
    /// The byte lengths of the prefixes, ascending.
    prefix_lens: Vec<usize>,
    number: Option<u32>,
    /// Every atom, by id.
    atoms: Vec<Atom>,
    /// Stems and folded words for typo lookup: (id, word as chars).
    stems: Vec<(u32, Vec<char>)>,
    /// For each of `stems`, the letters it has (see `letter_mask`).
    stem_letters: Vec<Option<u32>>,
    /// The folded words in `stems` that are not stems themselves, with their id. (A folded
    /// word has one stem, so one id: `intern` is given a folded word and its stem.)
    folded_forms: FastMap<String, u32>,
    /// Indexes into `stems` by first letter, each list in ascending order of the stems'
    /// lengths (in characters): a word's typo candidates are those within two characters of
    /// its own length, a stretch of the list found by binary search (the whole list was read).
    by_first: FastMap<char, Vec<usize>>,
    /// A process-unique number, so per-thread caches never mix two rubrics.
    uid: usize,
    /// Compiled vocabularies and regular expressions, for the patterns still to compile.
    pub(super) compiled: CompileCache,
}

static NEXT_UID: AtomicUsize = AtomicUsize::new(1);

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon {
            ids: FastMap::default(),
            exact: FastMap::default(),
            prefixes: FastMap::default(),
            prefix_lens: Vec::new(),
            number: None,
            atoms: Vec::new(),
            stems: Vec::new(),
            stem_letters: Vec::new(),
            folded_forms: FastMap::default(),
            by_first: FastMap::default(),
            uid: NEXT_UID.fetch_add(1, Ordering::Relaxed),
            compiled: CompileCache::default(),
        }
    }
}

impl Lexicon {
    fn new_atom(&mut self, atom: Atom) -> u32 {
        self.atoms.push(atom);
        self.changed();
        (self.atoms.len() - 1) as u32
    }

    /// A lexicon that changes after answers were looked up must not reuse their cache.
    fn changed(&mut self) {
        self.uid = NEXT_UID.fetch_add(1, Ordering::Relaxed);
    }

    /// The id of a word (given folded, and its stem), adding it if new. Typos are measured
    /// against both the stem and the folded word.
    pub fn intern(&mut self, folded: &str, stem: &str) -> u32 {
        let id = match self.ids.get(stem) {
            Some(&id) => id,
            None => {
                let id = self.new_atom(Atom::Word);
                self.ids.insert(stem.to_string(), id);
                self.push_stem(id, stem);
                id
            }
        };
        if folded != stem && self.folded_forms.get(folded) != Some(&id) {
            self.folded_forms.insert(folded.to_string(), id);
            self.push_stem(id, folded);
            self.changed();
        }
        id
    }

    fn push_stem(&mut self, id: u32, word: &str) {
        let chars: Vec<char> = word.chars().collect();
        if let Some(&c) = chars.first() {
            let stems = &self.stems;
            let list = self.by_first.entry(c).or_default();
            // After every stem as long or shorter: the list stays sorted by length.
            let at = list.partition_point(|&k| stems[k].1.len() <= chars.len());
            list.insert(at, stems.len());
        }
        self.stem_letters.push(letter_mask(&chars));
        self.stems.push((id, chars));
    }

    /// The id of an exact (folded) word.
    pub fn intern_exact(&mut self, folded: &str) -> u32 {
        if let Some(&id) = self.exact.get(folded) {
            return id;
        }
        let id = self.new_atom(Atom::Exact(folded.to_string()));
        self.exact.insert(folded.to_string(), id);
        id
    }

    /// The id of a (folded) prefix.
    pub fn intern_prefix(&mut self, folded: &str) -> u32 {
        if let Some(&id) = self.prefixes.get(folded) {
            return id;
        }
        let id = self.new_atom(Atom::Prefix(folded.to_string()));
        self.prefixes.insert(folded.to_string(), id);
        if let Err(at) = self.prefix_lens.binary_search(&folded.len()) {
            self.prefix_lens.insert(at, folded.len());
        }
        id
    }

    /// The id of "any number".
    pub fn intern_number(&mut self) -> u32 {
        match self.number {
            Some(id) => id,
            None => {
                let id = self.new_atom(Atom::Number);
                self.number = Some(id);
                id
            }
        }
    }

    /// Starts building the `re:` expression of `pattern`, if it is one, ahead of compiling it
    /// (see `expression.rs`).
    pub fn prefetch_expression(&mut self, pattern: &str) {
        if let Some(re) = super::parse::regex_source(pattern) {
            self.compiled.expressions.prefetch(re);
        }
    }

    /// The sources of the `re:` expressions met so far, sorted.
    #[cfg(test)]
    pub(crate) fn expression_sources(&self) -> Vec<&str> {
        self.compiled.expressions.sources()
    }

    /// Builds the `re:` expressions compiled so far (see `expression.rs`) and ends the helper
    /// thread that builds them.
    pub fn finish_compiling(&mut self) {
        self.compiled.expressions.finish();
    }

    /// How many atoms (words, exact words, prefixes, numbers) the lexicon holds.
    pub fn len(&self) -> usize {
        self.atoms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.atoms.is_empty()
    }

    /// The literal forms of atom `id`: for a word its stem and the folded words that have
    /// that stem; an exact word or a prefix as written; nothing for numbers.
    pub fn forms(&self, id: u32) -> Vec<String> {
        match self.atoms.get(id as usize) {
            Some(Atom::Word) => self
                .stems
                .iter()
                .filter(|(i, _)| *i == id)
                .map(|(_, w)| w.iter().collect())
                .collect(),
            Some(Atom::Exact(w) | Atom::Prefix(w)) => vec![w.clone()],
            Some(Atom::Number) | None => Vec::new(),
        }
    }

    /// The id of a stem, if a pattern names it.
    pub fn get(&self, stem: &str) -> Option<u32> {
        self.ids.get(stem).copied()
    }

    /// Looks up every token of an answer.
    pub fn lookup(&self, tokens: &[Token]) -> TokenIds {
        let words = self.atoms.len().div_ceil(64);
        let sentences = tokens.last().map_or(0, |t| t.sentence as usize + 1);
        let mut out = TokenIds::empty(tokens.len(), sentences, words);
        for t in tokens {
            let start = out.ids.len() as u32;
            // Each word form keeps the atoms this lexicon gave it (see `text::Word`).
            let mut cached = t.word.atoms.borrow_mut();
            let atoms: &[u32] = match &mut *cached {
                Some((uid, atoms)) if *uid == self.uid => atoms,
                other => {
                    &other
                        .insert((self.uid, self.atoms_of(t).into_boxed_slice()))
                        .1
                }
            };
            // Most tokens stand for no atom or one: nothing to copy for the first (the copy
            // was a `memcpy` call), and the sentence's row found once per token.
            if !atoms.is_empty() {
                let row = &mut out.sentences[t.sentence as usize * words..][..words];
                // Each id pushed here rather than the list copied after the loop: a token
                // has one or two, and `extend_from_slice` called `memcpy` for each token.
                for &id in atoms {
                    let (w, b) = (id as usize / 64, id % 64);
                    out.answer[w] |= 1 << b;
                    row[w] |= 1 << b;
                    out.ids.push(id);
                }
            }
            out.offsets.push((start, out.ids.len() as u32));
            out.sieves.push(Sieve::new(atoms));
        }
        out
    }

    /// The atoms one token stands for: a function of its folded form and kind (the stem
    /// follows from them), which is what a `text::Word` is shared by, so they are kept there.
    fn atoms_of(&self, t: &Token) -> Vec<u32> {
        let mut out = Vec::new();
        if t.kind == TokenKind::Number {
            // A number named in a pattern (`than 10`) matches as written, never as a typo.
            out.extend(self.get(t.stem()));
        } else if t.kind == TokenKind::Word {
            if let Some(id) = self.get(t.stem()) {
                out.push(id);
            } else if !t.is_stopword() && t.norm().chars().count() >= 4 {
                out.extend(self.typos_of(t.norm(), t.stem()));
            }
            // A contracted negation is the word `not` too ("isn't ~140" = "is not ~140").
            if crate::text::is_contracted_not(t.norm()) {
                if let Some(id) = self.get("not").filter(|id| !out.contains(id)) {
                    out.push(id);
                }
            }
        }
        if let Some(&id) = self.exact.get(t.norm()) {
            out.push(id);
        }
        if t.kind == TokenKind::Word {
            for &len in &self.prefix_lens {
                if len > t.norm().len() {
                    break;
                }
                if !t.norm().is_char_boundary(len) {
                    continue;
                }
                if let Some(&id) = self.prefixes.get(&t.norm()[..len]) {
                    out.push(id);
                }
            }
        }
        if let Some(id) = self.number {
            if t.kind == TokenKind::Number || NUMBER_WORDS.contains(&t.norm()) {
                out.push(id);
            }
        }
        // A number written against its unit ("200rps", "50ms") is the number and the unit
        // too: "under 200rps" matches "under .. 200" and "under .. rps". One with a
        // multiplier ("50k", "2m") is a number, but not the number its digits write.
        if let Some((number, unit)) = glued_unit(t.norm()) {
            out.extend(self.number);
            if !MULTIPLIERS.contains(&unit) {
                out.extend(self.get(number));
                out.extend(self.get(&crate::text::stem(unit)));
                out.extend(self.exact.get(unit).copied());
            }
            out.sort_unstable();
            out.dedup();
        }
        out
    }

    fn typos_of(&self, norm: &str, stem: &str) -> Vec<u32> {
        // A word that is its own stem (`cachng`) is searched once: the second search would
        // find the same ids, which the `dedup` below drops. (The search is most of the cost of
        // looking up a word form not seen before.)
        let both = [norm, stem];
        let forms = if norm == stem { &both[..1] } else { &both[..] };
        let mut found: Vec<u32> = Vec::new();
        for w in forms {
            let w: Vec<char> = w.chars().collect();
            let Some(candidates) = w.first().and_then(|c| self.by_first.get(c)) else {
                continue;
            };
            let letters = letter_mask(&w);
            // The candidates within two characters of the word's length (the list is sorted
            // by length, see `by_first`).
            let from = candidates.partition_point(|&k| self.stems[k].1.len() + 2 < w.len());
            for &k in &candidates[from..] {
                let (id, s) = &self.stems[k];
                if s.len() > w.len() + 2 {
                    break;
                }
                if !too_many_letters_apart(s.len(), self.stem_letters[k], letters) && is_typo(s, &w)
                {
                    found.push(*id);
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The set of letters of a word of lowercase ASCII letters, one bit per letter (`None` for
/// other words).
fn letter_mask(w: &[char]) -> Option<u32> {
    w.iter().try_fold(0u32, |m, &c| {
        if c.is_ascii_lowercase() {
            Some(m | 1 << (c as u32 - u32::from(b'a')))
        } else {
            None
        }
    })
}

/// A cheap test that turns away most candidates before [`is_typo`], only where it would say
/// no: do the letter sets of a stem of `n` letters and a word (`letter_mask`) differ by more
/// letters than a typo of that stem allows? A letter one word has and the other lacks counts
/// at least one in their bag distance (see [`bag_distance`]), so the larger of the two
/// counts is a lower bound of it: beyond the budget (1, or 2 from 9 letters) `is_typo`
/// says no, and a stem of at most 5 letters only takes a swap, which keeps every letter.
fn too_many_letters_apart(n: usize, stem: Option<u32>, word: Option<u32>) -> bool {
    let (Some(a), Some(b)) = (stem, word) else {
        return false;
    };
    let budget: u32 = match n {
        0..=5 => 0,
        6..=8 => 1,
        _ => 2,
    };
    more_bits_than(a & !b, budget) || more_bits_than(b & !a, budget)
}

/// Does `x` have more than `budget` (0, 1 or 2) bits set? Clearing the lowest set bit
/// `budget` times leaves a bit only then. (`count_ones` is a dozen instructions without the
/// `popcnt` instruction, which baseline x86-64 lacks, and this runs for every typo candidate
/// of every new word form.)
#[inline]
fn more_bits_than(x: u32, budget: u32) -> bool {
    let mut x = x;
    for _ in 0..budget {
        x &= x.wrapping_sub(1);
    }
    x != 0
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
        // The places where they differ: exactly two.
        let mut diff = [0usize; 2];
        let mut k = 0;
        for i in 0..n {
            if want[i] != got[i] {
                if k == 2 {
                    return false;
                }
                diff[k] = i;
                k += 1;
            }
        }
        return k == 2
            && diff[1] == diff[0] + 1
            && want[diff[0]] == got[diff[1]]
            && want[diff[1]] == got[diff[0]];
    }
    if negating_prefix(want, got) || negating_prefix(got, want) {
        return false;
    }
    let budget = if n >= 9 { 2 } else { 1 };
    // Most words that share a first letter and a length are far apart: the bag distance
    // (a lower bound of the distance) turns them away without filling the table.
    if bag_distance(want, got).is_some_and(|d| d > budget) {
        return false;
    }
    damerau_levenshtein(want, got, budget) <= budget
}

/// The bag distance of two words of lowercase ASCII letters (`None` for other words): of
/// the letters of each counted with repeats, how many of one are not matched in the other,
/// the larger of the two. A substitution changes it by at most one, an insertion or a
/// deletion by one, a swap of adjacent letters not at all: so it is never more than the
/// optimal-string-alignment distance, and a word beyond the budget by it is beyond it by
/// that distance too.
fn bag_distance(a: &[char], b: &[char]) -> Option<usize> {
    let mut counts = [0i32; 26];
    for &c in a {
        if !c.is_ascii_lowercase() {
            return None;
        }
        counts[usize::from(c as u8 - b'a')] += 1;
    }
    for &c in b {
        if !c.is_ascii_lowercase() {
            return None;
        }
        counts[usize::from(c as u8 - b'a')] -= 1;
    }
    let (mut more, mut fewer) = (0i32, 0i32);
    for n in counts {
        if n > 0 {
            more += n;
        } else {
            fewer -= n;
        }
    }
    Some(more.max(fewer) as usize)
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

/// Suffixes that multiply the number they are glued to ("50k" is 50,000), or may ("5m": five
/// minutes or five million).
const MULTIPLIERS: &[&str] = &["k", "m", "b", "bn", "mn", "mil", "kk", "g"];

/// A number glued to a unit, "200rps", "50ms", "1.5s", "5k": its digits (with a decimal
/// point or comma between them) and its letters, ASCII only. Not an ordinal ("2nd", "3rd").
fn glued_unit(norm: &str) -> Option<(&str, &str)> {
    let split = norm.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = norm.split_at(split);
    let digits = number.starts_with(|c: char| c.is_ascii_digit())
        && number.ends_with(|c: char| c.is_ascii_digit())
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    let letters = unit.chars().all(|c| c.is_ascii_alphabetic());
    let ordinal = matches!(unit, "st" | "nd" | "rd" | "th");
    (digits && letters && !ordinal).then_some((number, unit))
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

    /// A pattern's `not` matches a contracted negation: "isn't ~140" says "is not ~140".
    #[test]
    fn a_contracted_negation_is_the_word_not() {
        let l = lex(&["not", "throughput"]);
        for text in [
            "isn't", "isnt", "doesn't", "can't", "cannot", "won't", "not",
        ] {
            let a = Analysis::new(text);
            let ids = l.lookup(&a.tokens);
            assert_eq!(ids.of(0), &[l.get("not").unwrap()], "{text}");
        }
        assert_eq!(hits(&l, "is it"), 0);
        // The split form "is n't".
        let a = Analysis::new("is n't");
        assert_eq!(l.lookup(&a.tokens).of(1), &[l.get("not").unwrap()]);
        // Only where the rubric names `not`: the exact word `=not` stays exact.
        let l = lex(&["throughput"]);
        assert_eq!(hits(&l, "isn't"), 0);
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
    fn bits_beyond_a_budget_agree_with_count_ones() {
        for x in (0..1u32 << 12).chain([u32::MAX, 1 << 31, 3 << 30, 0x8000_0001]) {
            for budget in 0..=2 {
                assert_eq!(more_bits_than(x, budget), x.count_ones() > budget, "{x:b}");
            }
        }
    }

    #[test]
    fn typo_candidates_are_kept_sorted_by_length() {
        let l = lex(&[
            "stateless",
            "sticky",
            "session",
            "store",
            "scale",
            "stale",
            "server",
            "sharding",
            "st",
            "serverless",
            "s",
        ]);
        for list in l.by_first.values() {
            let lens: Vec<usize> = list.iter().map(|&k| l.stems[k].1.len()).collect();
            assert!(lens.is_sorted(), "{lens:?}");
        }
        let all: usize = l.by_first.values().map(Vec::len).sum();
        assert_eq!(all, l.stems.len());
        // Typos at the ends of the length window are still found.
        assert_eq!(hits(&l, "stateles"), 1);
        assert_eq!(hits(&l, "serverles"), 1);
        assert_eq!(hits(&l, "sesion"), 1);
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

    /// 150 atoms (three 64-bit words of them) and the ids of an answer of four sentences that
    /// holds three of them.
    fn atoms_in_four_sentences() -> (Vec<u32>, TokenIds) {
        let mut l = Lexicon::default();
        let words: Vec<String> = (0..150).map(|i| format!("word{i}x")).collect();
        let ids: Vec<u32> = words.iter().map(|w| l.intern(w, w)).collect();
        let a = Analysis::new("word3x and word70x. Word140x here. Nothing.");
        let t = l.lookup(&a.tokens);
        (ids, t)
    }

    #[test]
    fn lists_given_back_by_one_answer_serve_the_next_as_new() {
        let mut l = Lexicon::default();
        let words: Vec<String> = (0..150).map(|i| format!("word{i}x")).collect();
        for w in &words {
            l.intern(w, w);
        }
        let long = Analysis::new("word1x word2x. word80x. word149x word3x. word7x word9x.");
        let short = Analysis::new("word3x and word70x. Word140x here.");
        // While the first answer's lists are in use, the second gets new ones.
        let first = l.lookup(&long.tokens);
        let fresh = format!("{:?}", l.lookup(&short.tokens));
        drop(first);
        let reused = l.lookup(&short.tokens);
        assert_eq!(format!("{reused:?}"), fresh);
        drop(reused);
        assert_eq!(format!("{:?}", l.lookup(&short.tokens)), fresh);
        // An empty answer after a longer one.
        let empty = format!("{:?}", l.lookup(&[]));
        assert!(empty.contains("sentences: []"), "{empty}");
    }

    /// Sets of those atoms: empty, one, repeated, spread over the words, all.
    fn atom_lists(ids: &[u32]) -> Vec<Vec<u32>> {
        vec![
            vec![],
            vec![ids[3]],
            vec![ids[70], ids[3], ids[70]],
            vec![ids[4], ids[69], ids[71], ids[149]],
            vec![ids[140], ids[0]],
            vec![ids[149]],
            ids.to_vec(),
        ]
    }

    #[test]
    fn atom_sets_agree_with_the_bitsets_atom_by_atom() {
        let (ids, t) = atoms_in_four_sentences();
        assert!(t.in_sentence(0, ids[3]) && t.in_sentence(0, ids[70]));
        assert!(t.in_sentence(1, ids[140]) && !t.in_sentence(1, ids[3]));
        let sets = atom_lists(&ids);
        for atoms in sets {
            let set = AtomSet::new(atoms.iter().copied());
            for &i in &ids {
                assert_eq!(set.contains(i), atoms.contains(&i));
            }
            assert_eq!(set.any_in_answer(&t), atoms.iter().any(|&a| t.in_answer(a)));
            for s in 0..4 {
                assert_eq!(
                    set.any_in_sentence(&t, s),
                    atoms.iter().any(|&a| t.in_sentence(s, a)),
                    "{atoms:?} in sentence {s}"
                );
            }
        }
    }

    /// A list of sets in one allocation answers as its sets one by one, whatever their sizes
    /// (an empty set, sets of one and of several 64-bit words, an empty list).
    #[test]
    fn atom_set_lists_agree_with_their_sets() {
        let (ids, t) = atoms_in_four_sentences();
        let sets: Vec<AtomSet> = atom_lists(&ids).into_iter().map(AtomSet::new).collect();
        // Every list of up to three of the sets, in every order.
        let mut lists: Vec<Vec<usize>> = vec![vec![]];
        for _ in 0..3 {
            let longer: Vec<Vec<usize>> = lists
                .iter()
                .flat_map(|l| (0..sets.len()).map(move |i| [l.clone(), vec![i]].concat()))
                .collect();
            lists.extend(longer);
        }
        lists.sort();
        lists.dedup();
        for list in lists {
            let chosen: Vec<AtomSet> = list.iter().map(|&i| sets[i].clone()).collect();
            let flat = AtomSets::new(&chosen);
            assert_eq!(
                flat.all_in_answer(&t),
                chosen.iter().all(|s| s.any_in_answer(&t)),
                "{list:?}"
            );
            for s in 0..4 {
                assert_eq!(
                    flat.all_in_sentence(&t, s),
                    chosen.iter().all(|set| set.any_in_sentence(&t, s)),
                    "{list:?} in sentence {s}"
                );
            }
        }
    }

    /// `is_typo` as first written (every pair through the distance table).
    fn reference_is_typo(want: &[char], got: &[char]) -> bool {
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

    /// Every word of 1 to `n` letters over `alphabet`.
    fn words_up_to(alphabet: &[char], n: usize) -> Vec<Vec<char>> {
        let mut words: Vec<Vec<char>> = vec![vec![]];
        let mut all = Vec::new();
        for _ in 0..n {
            let next: Vec<Vec<char>> = words
                .iter()
                .flat_map(|w| {
                    alphabet.iter().map(move |&c| {
                        let mut x = w.clone();
                        x.push(c);
                        x
                    })
                })
                .collect();
            all.extend(next.iter().cloned());
            words = next;
        }
        all
    }

    #[test]
    fn typo_prefilters_change_no_answer() {
        // Every word over a small alphabet up to 6 letters against a few stems of each
        // length: swaps, edits, anagrams, far words; and some non-ASCII ones.
        let all = words_up_to(&['a', 'b', 'c', 'é'], 6);
        let stems = [
            "abca",
            "abcab",
            "abcabc",
            "aabbcc",
            "cbaabc",
            "abcabca",
            "aaaaaaaa",
            "abcabcabc",
            "abcabcab",
            "acbacbacb",
            "abécab",
            "bcaab",
        ];
        for s in stems {
            let want: Vec<char> = s.chars().collect();
            for got in &all {
                assert_eq!(
                    is_typo(&want, got),
                    reference_is_typo(&want, got),
                    "{s} / {}",
                    got.iter().collect::<String>()
                );
            }
        }
        let pairs = [
            ("stateless", "stateles"),
            ("invalidation", "invaldiaton"),
            ("cache", "cahce"),
            ("balancer", "balancr"),
            ("scale", "stale"),
            ("related", "unrelated"),
            ("consistency", "consistnecy"),
            ("replication", "replicaiton"),
        ];
        for (a, b) in pairs {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            assert_eq!(is_typo(&a, &b), reference_is_typo(&a, &b));
            assert_eq!(is_typo(&b, &a), reference_is_typo(&b, &a));
        }
    }

    #[test]
    fn the_letter_test_only_turns_away_what_is_typo_rejects() {
        // Every word over a small alphabet up to 6 letters against stems of each length.
        let all = words_up_to(&['a', 'b', 'c', 'd', 'é'], 6);
        let stems = [
            "abca",
            "abcd",
            "abcab",
            "badc",
            "abcabc",
            "aabbcc",
            "abcdab",
            "abcabca",
            "abcdabcd",
            "abcabcabc",
            "abcdabcda",
            "dddddddddd",
            "abécab",
            "bcaab",
        ];
        let mut turned_away = 0;
        for s in stems {
            let want: Vec<char> = s.chars().collect();
            for got in &all {
                if too_many_letters_apart(want.len(), letter_mask(&want), letter_mask(got)) {
                    turned_away += 1;
                    assert!(
                        !is_typo(&want, got),
                        "{s} / {}",
                        got.iter().collect::<String>()
                    );
                }
            }
        }
        assert!(turned_away > 10_000, "{turned_away}");
        let m = |w: &str| letter_mask(&w.chars().collect::<Vec<_>>());
        assert_eq!(m("abc"), Some(0b111));
        assert_eq!(m("zz"), Some(1 << 25));
        assert_eq!(m("aé"), None);
        assert_eq!(m("aB"), None);
        // Non-ASCII words are left to `is_typo`.
        assert!(!too_many_letters_apart(9, None, Some(0)));
    }
}
