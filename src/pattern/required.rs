//! The words a `re:` expression cannot match without: a gate for expressions, as the
//! gates of a pattern's items are for sequences.
//!
//! Most expressions tried on an answer match nothing in it (97.5 % of some 350 tries per
//! full sheet), and an expression is run sentence by sentence. Yet most expressions name
//! words that every match contains: `\bcdns?\s+(does|do|handles)…` cannot match an answer
//! without "cdn" and one of "do" or "handle". [`Required`] keeps those words, found once
//! per expression from its syntax, as clauses: every clause must have one of its
//! alternatives in the answer. An answer that fails a clause is passed over without running
//! the expression at all.
//!
//! The test never turns away an answer the expression matches in. Expressions are
//! case-insensitive, so the words are kept in lower case, and the answer is read lowered the
//! same way. Only ASCII is kept: the only characters other than ASCII letters that an ASCII
//! letter matches case-insensitively are the Kelvin sign (`k`) and the long s (`s`), which
//! lowering maps to those letters; the case variants of other characters are many, so words
//! are cut where a character other than ASCII stands (the ASCII stretches on either side are
//! still required). A repetition that may be absent, a class and an assertion require
//! nothing; an alternation requires one of its branches' words, and nothing if one branch
//! requires nothing.
//!
//! A word is looked for by its pairs of adjacent bytes, in a set of the answer's pairs
//! ([`Pairs`], made once per answer in one pass): a word whose pairs are not all there is
//! not in the answer. (A word whose pairs are all there may still be absent; the expression
//! then runs, as it did without the gate.) Searching the text for each word cost more than
//! the expressions it saved.

use std::cell::OnceCell;

use regex_syntax::hir::{Class, Hir, HirKind};

/// Most clauses kept per expression: the most selective (longest shortest word).
const MAX_CLAUSES: usize = 4;

/// What every match of one expression contains (see the module).
#[derive(Debug, Default)]
pub struct Required {
    /// Each clause's alternatives, as the places of their byte pairs in a [`PairSet`]; the
    /// most selective clause first.
    clauses: Box<[Box<[Word]>]>,
    /// The words, for tests.
    #[cfg(test)]
    words: Vec<Vec<String>>,
}

/// One clause: one of these words, in lower case.
type Clause = Vec<Vec<u8>>;

/// A word, as the places of its byte pairs in a [`PairSet`].
type Word = Box<[u16]>;

impl Required {
    /// The words that every match of the expression `hir` (parsed case-insensitively, as
    /// expressions are) contains.
    pub fn of(hir: &Hir) -> Required {
        let mut clauses = clauses(hir);
        for clause in &mut clauses {
            minimal(clause);
        }
        // A word of one byte has no pair to look for.
        clauses.retain(|c| c.iter().all(|w| w.len() >= 2));
        clauses.sort();
        clauses.dedup();
        clauses.sort_by_key(selectivity);
        clauses.truncate(MAX_CLAUSES);
        Required {
            clauses: clauses
                .iter()
                .map(|c| c.iter().map(|w| pairs_of(w)).collect())
                .collect(),
            #[cfg(test)]
            words: clauses
                .iter()
                .map(|c| {
                    c.iter()
                        .map(|w| String::from_utf8_lossy(w).into_owned())
                        .collect()
                })
                .collect(),
        }
    }

    /// Whether an answer's pairs hold every clause: when not, the expression matches
    /// nowhere in it.
    pub fn met_by(&self, pairs: &PairSet) -> bool {
        self.clauses
            .iter()
            .all(|c| c.iter().any(|w| w.iter().all(|&p| pairs.has(p))))
    }

    /// The clauses, as text.
    #[cfg(test)]
    fn words(&self) -> Vec<Vec<String>> {
        self.words.clone()
    }
}

/// The clauses every match of `hir` satisfies (none: it requires nothing we can test).
fn clauses(hir: &Hir) -> Vec<Clause> {
    match hir.kind() {
        HirKind::Literal(_) | HirKind::Class(_) => words_in(std::slice::from_ref(hir)),
        HirKind::Concat(subs) => words_in(subs),
        HirKind::Alternation(subs) => {
            let mut one = Clause::new();
            for sub in subs {
                let Some(best) = clauses(sub).into_iter().min_by_key(selectivity) else {
                    return Vec::new();
                };
                one.extend(best);
            }
            vec![one]
        }
        HirKind::Repetition(rep) if rep.min >= 1 => clauses(&rep.sub),
        HirKind::Capture(cap) => clauses(&cap.sub),
        HirKind::Repetition(_) | HirKind::Empty | HirKind::Look(_) => Vec::new(),
    }
}

/// The clauses of a sequence: its stretches of literal text (caseless characters and the
/// classes of one letter's cases, which case-insensitive parsing makes of letters) each a
/// word, and the clauses of its other parts.
fn words_in(seq: &[Hir]) -> Vec<Clause> {
    let mut out = Vec::new();
    let mut run = Vec::new();
    for hir in seq {
        match hir.kind() {
            HirKind::Literal(lit) => run.extend_from_slice(&lit.0),
            HirKind::Class(class) => match letter(class) {
                Some(l) => run.push(l),
                None => end_run(&mut run, &mut out),
            },
            _ => {
                end_run(&mut run, &mut out);
                out.extend(clauses(hir));
            }
        }
    }
    end_run(&mut run, &mut out);
    out
}

/// Ends a stretch of literal text: its ASCII stretches become words.
fn end_run(run: &mut Vec<u8>, out: &mut Vec<Clause>) {
    out.extend(
        run.split(|b| !b.is_ascii())
            .filter(|w| !w.is_empty())
            .map(|w| vec![w.to_ascii_lowercase()]),
    );
    run.clear();
}

/// The ASCII letter, in lower case, whose cases are exactly the class: `[Aa]`, and
/// `[Kk\u{212A}]` and `[Ss\u{17F}]` for the two letters with a third case.
fn letter(class: &Class) -> Option<u8> {
    let Class::Unicode(u) = class else {
        return None;
    };
    let mut chars = Vec::with_capacity(3);
    for r in u.ranges() {
        if r.start() != r.end() || chars.len() == 3 {
            return None;
        }
        chars.push(r.start());
    }
    let l = chars
        .iter()
        .find(|c| c.is_ascii_lowercase())?
        .to_ascii_lowercase();
    let mut cases = vec![l.to_ascii_uppercase(), l];
    match l {
        'k' => cases.push('\u{212A}'),
        's' => cases.push('\u{17F}'),
        _ => {}
    }
    cases.sort_unstable();
    (chars == cases).then_some(l as u8)
}

/// Smaller is more selective: the longest shortest word, then the fewest words.
fn selectivity(c: &Clause) -> (std::cmp::Reverse<usize>, usize) {
    let shortest = c.iter().map(Vec::len).min().unwrap_or(0);
    (std::cmp::Reverse(shortest), c.len())
}

/// Drops the words of a clause that hold another of its words: "do" is in every text that
/// holds "does", so "does" tests nothing "do" does not.
fn minimal(clause: &mut Clause) {
    clause.sort_by_key(Vec::len);
    clause.dedup();
    let mut kept: Clause = Vec::with_capacity(clause.len());
    for w in clause.drain(..) {
        if !kept.iter().any(|k| memchr::memmem::find(&w, k).is_some()) {
            kept.push(w);
        }
    }
    kept.sort();
    *clause = kept;
}

/// The places in a [`PairSet`] of a word's byte pairs, without repeats.
fn pairs_of(word: &[u8]) -> Word {
    let mut out: Vec<u16> = word.windows(2).map(|w| place(w[0], w[1])).collect();
    out.sort_unstable();
    out.dedup();
    out.into_boxed_slice()
}

/// Where the pair `a`, `b` (lowered) stands in a [`PairSet`]: the low six bits of each byte.
/// Pairs that share a place only let more answers through (a set of every pair of ASCII
/// characters would be four times as large to clear, for each answer, and it turned away no
/// more expressions on the benchmark's cohort).
fn place(a: u8, b: u8) -> u16 {
    (u16::from(a & 63) << 6) | u16::from(b & 63)
}

/// Words of a [`PairSet`].
const WORDS: usize = (1 << 12) / 64;

/// The pairs of adjacent bytes of an answer's text, lowered (see the module), made the
/// first time an expression asks. One per answer: every later call must pass the same text.
#[derive(Debug, Default)]
pub struct Pairs(OnceCell<(usize, PairSet)>);

impl Pairs {
    /// The set of `text`'s pairs.
    pub fn of(&self, text: &str) -> &PairSet {
        let (made_from, set) = self
            .0
            .get_or_init(|| (text.as_ptr() as usize, PairSet::of(text.as_bytes())));
        debug_assert_eq!(*made_from, text.as_ptr() as usize, "one text per `Pairs`");
        set
    }
}

/// A set of byte pairs, by [`place`].
#[derive(Debug, PartialEq)]
pub struct PairSet([u64; WORDS]);

impl PairSet {
    /// The pairs of `bytes`, lowered (see [`lowered_at`]).
    fn of(bytes: &[u8]) -> PairSet {
        let mut set = PairSet([0; WORDS]);
        let mut prev: Option<u8> = None;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let (c, width) = if b.is_ascii() {
                (b.to_ascii_lowercase(), 1)
            } else {
                lowered_at(bytes, i)
            };
            if let Some(p) = prev {
                set.add(place(p, c));
            }
            prev = Some(c);
            i += width;
        }
        set
    }

    fn add(&mut self, place: u16) {
        self.0[usize::from(place >> 6)] |= 1 << (place & 63);
    }

    fn has(&self, place: u16) -> bool {
        self.0[usize::from(place >> 6)] & (1 << (place & 63)) != 0
    }
}

/// The byte at `i`, lowered, and how many bytes it stands for: ASCII letters in lower case,
/// the Kelvin sign as `k` and the long s as `s`, every other byte as it is.
fn lowered_at(bytes: &[u8], i: usize) -> (u8, usize) {
    match bytes[i..] {
        // U+212A KELVIN SIGN
        [0xE2, 0x84, 0xAA, ..] => (b'k', 3),
        // U+017F LATIN SMALL LETTER LONG S
        [0xC5, 0xBF, ..] => (b's', 2),
        [b, ..] => (b.to_ascii_lowercase(), 1),
        [] => (0, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Hir {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(source)
            .unwrap()
    }

    fn words(source: &str) -> Vec<Vec<String>> {
        Required::of(&parse(source)).words()
    }

    #[test]
    fn words_every_match_contains() {
        assert_eq!(
            words(r"\bcdns?\s+(does|do|handles|handle)\s+(it\s+)?(all|everything)\b"),
            [vec!["cdn"], vec!["all", "everything"], vec!["do", "handle"]]
        );
        // A branch that requires nothing makes the alternation require nothing.
        assert_eq!(
            words(r"\b(lbs?|[a-z]+)\s*scal(able|es)"),
            [vec!["scal"], vec!["able", "es"]]
        );
        // Optional parts require nothing; `+` requires its part.
        assert_eq!(words(r"(the\s+)?(redis)+\s*(cluster)?"), [vec!["redis"]]);
        assert_eq!(words(r"^[\s*(-]*(just|only)\s"), [vec!["just", "only"]]);
        // Written in capitals, looked for in lower case.
        assert_eq!(words("JWT"), [vec!["jwt"]]);
        // Cut where a character other than ASCII stands.
        assert_eq!(
            words("cach\u{e9}d \u{2192} db"),
            [vec!["cach"], vec![" db"], vec!["d "]]
        );
        // Classes other than one letter's cases require nothing.
        assert_eq!(words(r"\d+\s*ms"), [vec!["ms"]]);
        assert_eq!(words(r"p9[59]"), [vec!["p9"]]);
        assert!(words(r"[a-z]{3}").is_empty());
        // Every letter is read as a letter.
        for l in 'a'..='z' {
            assert_eq!(words(&format!("x{l}")), [vec![format!("x{l}")]]);
        }
    }

    #[test]
    fn at_most_the_most_selective_clauses() {
        // One literal is one clause.
        assert_eq!(words("a b cc"), [vec!["a b cc"]]);
        let r = words(r"a\s+b\s+cc\s+dddd\s+eeeee\s+fff");
        assert_eq!(r, [vec!["eeeee"], vec!["dddd"], vec!["fff"], vec!["cc"]]);
    }

    #[test]
    fn lowering_maps_every_case_variant_of_ascii_letters() {
        // Every character that a case-insensitive ASCII letter matches, lowered, is the
        // letter itself: so a lowered word found in the lowered text is the test.
        let any_letter = regex::RegexBuilder::new("^[a-z]$")
            .case_insensitive(true)
            .build()
            .unwrap();
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            if any_letter.is_match(s) {
                let (l, width) = lowered_at(s.as_bytes(), 0);
                assert_eq!(width, s.len(), "{c:?}");
                let l = char::from(l);
                assert!(l.is_ascii_lowercase(), "{c:?}");
                let own = regex::RegexBuilder::new(&format!("^{l}$"))
                    .case_insensitive(true)
                    .build()
                    .unwrap();
                assert!(own.is_match(s), "{c:?}");
            }
        }
        let pairs = |t: &str| PairSet::of(t.as_bytes());
        assert_eq!(
            pairs("Caf\u{e9} \u{212a}B \u{17f}ite"),
            pairs("caf\u{e9} kb site")
        );
    }

    /// The gate never turns away a text the expression matches in.
    #[test]
    fn a_text_the_expression_matches_meets_the_gate() {
        let cases = [
            (
                r"\bcdns?\s+(does|do|handles)\s+(it\s+)?(all|everything)\b",
                "The CDN Does It ALL.",
            ),
            (r"^\s*(just|only)\s+(a\s+)?cdn\s*$", "  Only a CDN"),
            (r"\bhot\s+keys?\b", "HOT \u{212a}EYS"),
            (r"write.behind", "WRITE-BEHIND"),
            (r"\bjwts?\b", "jwt"),
            (
                r"sessions?\s+(\u{2192}|->)\s+redis",
                "Sessions \u{2192} REDIS",
            ),
            (r"\bmi\u{17f}s\b", "MISS"),
        ];
        for (source, text) in cases {
            let re = regex::RegexBuilder::new(source)
                .case_insensitive(true)
                .build()
                .unwrap();
            assert!(re.is_match(text), "{source} on {text}");
            let required = Required::of(&parse(source));
            assert!(!required.words().is_empty(), "{source}");
            assert!(
                required.met_by(Pairs::default().of(text)),
                "{source} on {text}"
            );
        }
        let r = Required::of(&parse(r"\bcdns?\s+(does|do)\s+(all|everything)\b"));
        assert!(!r.met_by(Pairs::default().of("the cache does everything")));
        assert!(!r.met_by(Pairs::default().of("a CDN covers everything")));
    }
}
