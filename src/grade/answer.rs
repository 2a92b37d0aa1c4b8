//! One answer prepared for grading: analysed once, looked up in the rubric's lexicon once,
//! sentences that repeat the prompt marked. The answer-level judgements made on it are each in
//! their own file: [`super::attempt`] (answered at all?), [`super::keyword_list`] (only a list
//! of terms?) and [`super::copy`] (a copy of the prompt?).

use crate::fast_hash::FastSet;

use super::excerpt::excerpt;
use super::result::Evidence;
use crate::pattern::{Lexicon, Pairs, Pattern, Target, TokenIds};
use crate::text::{Analysis, Polarity, Reading, TokenKind};

/// An answer ready for matching.
pub struct Prepared<'a> {
    pub text: &'a str,
    pub analysis: Analysis,
    pub ids: TokenIds,
    /// 1-based place of the answer's first character in the file.
    pub line: u32,
    pub column: u32,
    /// Where the text continues elsewhere in the file (`submission::Answer::parts`).
    pub parts: &'a [(usize, u32, u32)],
    pub proximity: usize,
    /// Matching stops once this has passed (see `grade_question_within`).
    pub deadline: crate::pattern::Deadline,
    /// How the learner writes the decimal mark (the rubric's `decimal-mark`).
    pub decimal_mark: crate::numeric::DecimalMark,
    /// Every number the answer gives, read once for all the question's number criteria.
    numbers: std::cell::OnceCell<Vec<crate::numeric::NumberMention>>,
    /// The text's byte pairs, for the gates of `re:` expressions.
    pairs: Pairs,
}

/// One match of a pattern: its tokens and polarity.
#[derive(Debug, Clone)]
pub struct Hit {
    pub tokens: Vec<usize>,
    pub polarity: Polarity,
    /// Only reported as a third party's words (see `Reading::reported`): neither a belief
    /// held nor a denial.
    pub reported: bool,
}

impl Hit {
    /// Whether the two hits' words overlap (token ranges, each ascending): words written once
    /// cannot both assert and deny a point. "one transaction never sees the … work of
    /// concurrent transactions" reads "transaction … concurrent" around the "never", and
    /// "concurrent transactions" plainly: one statement, not a contradiction.
    pub fn overlaps(&self, other: &Hit) -> bool {
        spans_overlap(&self.tokens, &other.tokens)
    }
}

/// Whether the spans of two matches' words (token indices, each ascending) overlap: from the
/// first word to the last of each.
pub fn spans_overlap(a: &[usize], b: &[usize]) -> bool {
    match (a.first(), a.last(), b.first(), b.last()) {
        (Some(a0), Some(a1), Some(b0), Some(b1)) => a0 <= b1 && b0 <= a1,
        _ => false,
    }
}

/// The sentences in which some of a rule's `unless` patterns match, found the first time a
/// hit asks (most rules have no `unless`, and most answers give no hit to ask about) and then
/// kept for every further hit of the rule: asking pattern by pattern, hit by hit, matched
/// the same `unless` patterns again for every hit.
pub struct Unless<'p> {
    patterns: &'p [Pattern],
    /// The sentence of each match's first word, once found.
    sentences: Option<Vec<u32>>,
}

impl<'p> Unless<'p> {
    pub fn new(patterns: &'p [Pattern]) -> Unless<'p> {
        Unless {
            patterns,
            sentences: None,
        }
    }

    /// Does one of the patterns match in the sentence of token `tok`?
    pub fn in_sentence_of(&mut self, a: &Prepared<'_>, tok: usize) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let tokens = &a.analysis.tokens;
        let sentences = self.sentences.get_or_insert_with(|| {
            self.patterns
                .iter()
                .flat_map(|p| a.matches(p))
                .map(|m| tokens[m[0]].sentence)
                .collect()
        });
        sentences.contains(&tokens[tok].sentence)
    }
}

impl<'a> Prepared<'a> {
    pub fn new(
        text: &'a str,
        line: u32,
        column: u32,
        lexicon: &Lexicon,
        prompt: &FastSet<String>,
        proximity: usize,
    ) -> Prepared<'a> {
        let mut analysis = Analysis::new(text);
        mark_echoes(&mut analysis, prompt);
        own_words(&mut analysis, prompt);
        let ids = lexicon.lookup(&analysis.tokens);
        Prepared {
            text,
            analysis,
            ids,
            line,
            column,
            parts: &[],
            proximity,
            deadline: Default::default(),
            decimal_mark: Default::default(),
            numbers: std::cell::OnceCell::new(),
            pairs: Pairs::default(),
        }
    }

    /// Every number the answer gives (see `numeric::read_numbers`), written with
    /// [`Self::decimal_mark`].
    pub fn numbers(&self) -> &[crate::numeric::NumberMention] {
        self.numbers.get_or_init(|| {
            crate::numeric::read_numbers_with(
                self.text,
                crate::numeric::UnitTable::builtin(),
                self.decimal_mark,
            )
        })
    }

    /// Every match of `pattern` (see [`Pattern::find_all`]), without polarities: most callers
    /// need only the words, or the polarity of a few matches ([`Self::reading_of`]).
    pub fn matches(&self, pattern: &Pattern) -> Vec<Vec<usize>> {
        let t = Target {
            text: self.text,
            analysis: &self.analysis,
            ids: &self.ids,
            proximity: self.proximity,
            deadline: &self.deadline,
            pairs: &self.pairs,
        };
        pattern.find_all(&t)
    }

    /// The polarity of `tokens`, a match of `pattern`.
    pub fn reading_of(&self, pattern: &Pattern, tokens: &[usize]) -> Reading {
        // A regex match covers whole stretches of words: only its ends count as the
        // pattern's own words, so a negation inside it still counts.
        if pattern.is_regex() && tokens.len() > 2 {
            self.analysis
                .reading(&[tokens[0], tokens[tokens.len() - 1]])
        } else {
            self.analysis.reading(tokens)
        }
    }

    /// The evidence for a match: its sentence and place in the file, its words marked.
    pub fn evidence(&self, tokens: &[usize]) -> Evidence {
        let span = |&i: &usize| (self.analysis.tokens[i].start, self.analysis.tokens[i].end);
        let first = tokens.first().copied().unwrap_or(0);
        // A match is a few words: their spans on the stack, without a `Vec` per evidence.
        let mut few = [(0, 0); 8];
        if tokens.len() <= few.len() {
            for (s, t) in few.iter_mut().zip(tokens) {
                *s = span(t);
            }
            self.evidence_of(first, &few[..tokens.len()])
        } else {
            let spans: Vec<(usize, usize)> = tokens.iter().map(span).collect();
            self.evidence_of(first, &spans)
        }
    }

    /// The evidence for the words at byte ranges `spans` of the answer (ascending), in the
    /// sentence of token `first` and placed at its start.
    pub fn evidence_of(&self, first: usize, spans: &[(usize, usize)]) -> Evidence {
        let tok = &self.analysis.tokens[first];
        let sent = &self.analysis.sentences[tok.sentence as usize];
        let (line, column) = self.place(tok.start);
        let e = excerpt(self.text, sent.start, sent.end, spans);
        Evidence {
            text: e.text,
            line,
            column,
            marks: e.marks,
        }
    }

    /// The 1-based line and column in the file of byte `offset` of the answer.
    pub fn place(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        // The stretch of the file that `offset` is in.
        let (from, line, column) = self
            .parts
            .iter()
            .rev()
            .find(|p| p.0 <= offset)
            .copied()
            .unwrap_or((0, self.line, self.column));
        let before = self.text.get(from..offset).unwrap_or("");
        // The last line end by `memrchr`, and the ones before it only when there is one: most
        // answers are one line, and this runs for every piece of evidence (counting the line
        // ends byte by byte, then `rfind`, read the text twice a byte at a time). Only `\n`
        // ends a line here: a submission's lone `\r` was made a `\n` when it was decoded
        // (`submission::read::decode`), and a `\r\n` ends with one.
        match memchr::memrchr(b'\n', before.as_bytes()) {
            Some(nl) => {
                let newlines = 1 + memchr::memchr_iter(b'\n', &before.as_bytes()[..nl]).count();
                (
                    line + newlines as u32,
                    before[nl + 1..].chars().count() as u32 + 1,
                )
            }
            None => (line, column + before.chars().count() as u32),
        }
    }
}

/// Reads an answer that is one quotation (`Analysis::one_quotation`) as the learner's own
/// words in quotation marks (the pitch they would give), unless it restates the prompt: at
/// least half of its content words are the prompt's. (The mistakes exercise quotes the
/// statements a learner corrects; one quoted back, even reworded, is not held.)
pub(super) fn own_words(a: &mut Analysis, prompt: &FastSet<String>) {
    if !a.one_quotation {
        return;
    }
    let (mut content, mut inside) = (0, 0);
    for t in &a.tokens {
        if t.kind == TokenKind::Word && !t.is_stopword() {
            content += 1;
            inside += usize::from(prompt.contains(t.stem()));
        }
    }
    if content > 0 && inside * 2 < content {
        for t in &mut a.tokens {
            t.quoted = false;
        }
    }
}

/// Marks sentences that mostly repeat the prompt (a learner restating or quoting the
/// question): at least 4 content words, 80 % of them from the prompt.
pub(super) fn mark_echoes(a: &mut Analysis, prompt: &FastSet<String>) {
    if prompt.is_empty() {
        return;
    }
    for s in 0..a.sentences.len() {
        let toks = a.sentence_tokens(s);
        let content = || {
            toks.iter()
                .filter(|t| t.kind == TokenKind::Word && !t.is_stopword())
                .map(|t| t.stem())
        };
        let n = content().count();
        if n >= 4 {
            // An echo has at least four fifths of its content words in the prompt
            // (`inside * 5 >= n * 4`), so at most `allowed` outside it: the count stops at the
            // miss past that, which in most sentences comes within the first few words (each
            // word is a hash lookup).
            let allowed = echo_misses_allowed(n);
            let mut misses = 0;
            let echo = content().all(|w| {
                misses += usize::from(!prompt.contains(w));
                misses <= allowed
            });
            if echo {
                a.sentences[s].echo = true;
            }
        }
    }
    // A repeated prompt is a quotation only when the answer refutes it somewhere else.
    let refuted = a
        .tokens
        .iter()
        .any(|t| !a.sentences[t.sentence as usize].echo && t.is_refuting());
    for s in &mut a.sentences {
        s.echo_quote = s.echo && refuted;
    }
}

/// The most of `n` content words that may be outside the prompt in a sentence that echoes
/// it: `n - inside <= echo_misses_allowed(n)` exactly when `inside * 5 >= n * 4`.
fn echo_misses_allowed(n: usize) -> usize {
    n - (4 * n).div_ceil(5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_misses_allowed_agrees_with_four_fifths_inside() {
        for n in 4..200 {
            for inside in 0..=n {
                assert_eq!(
                    n - inside <= echo_misses_allowed(n),
                    inside * 5 >= n * 4,
                    "{n} {inside}"
                );
            }
        }
    }

    #[test]
    fn places_follow_the_part_an_offset_is_in() {
        let lexicon = crate::pattern::Lexicon::default();
        let text = "First part.\n\nSecond, from elsewhere.";
        let second = text.find("Second").unwrap();
        let parts = [(0, 3, 4), (second, 9, 10)];
        let mut a = Prepared::new(text, 3, 4, &lexicon, &FastSet::default(), 3);
        assert_eq!(a.place(text.find("part").unwrap()), (3, 10));
        // Without parts, the text is read as one stretch of the file.
        assert_eq!(a.place(text.find("from").unwrap()), (5, 9));
        a.parts = &parts;
        assert_eq!(a.place(text.find("part").unwrap()), (3, 10));
        assert_eq!(a.place(second), (9, 10));
        assert_eq!(a.place(text.find("from").unwrap()), (9, 18));
    }
}
