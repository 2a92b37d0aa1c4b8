//! One answer prepared for grading: analysed once, looked up in the rubric's lexicon once,
//! sentences that repeat the prompt marked, and the answer-level judgements made (answered
//! at all? only a list of terms? a copy of the prompt?).

use crate::fast_hash::FastSet;

use super::excerpt::excerpt;
use super::result::Evidence;
use crate::pattern::{Lexicon, Pattern, Target, TokenIds};
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
}

/// One match of a pattern: its tokens and polarity.
#[derive(Debug, Clone)]
pub struct Hit {
    pub tokens: Vec<usize>,
    pub polarity: Polarity,
}

impl Hit {
    /// Whether the two hits' words overlap (token ranges, each ascending): words written once
    /// cannot both assert and deny a point. "one transaction never sees the … work of
    /// concurrent transactions" reads "transaction … concurrent" around the "never", and
    /// "concurrent transactions" plainly: one statement, not a contradiction.
    pub fn overlaps(&self, other: &Hit) -> bool {
        match (
            self.tokens.first(),
            self.tokens.last(),
            other.tokens.first(),
            other.tokens.last(),
        ) {
            (Some(a), Some(b), Some(c), Some(d)) => a <= d && c <= b,
            _ => false,
        }
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

/// Marks sentences that mostly repeat the prompt (a learner restating or quoting the
/// question): at least 4 content words, 80 % of them from the prompt.
fn mark_echoes(a: &mut Analysis, prompt: &FastSet<String>) {
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

/// Is the answer a real attempt? Empty answers, "idk", "TODO", "skip" and the like are not.
pub fn is_attempt(text: &str) -> bool {
    // Every non-answer below is at most four words: five words are an attempt.
    // (Byte by byte: an ASCII character is read without decoding.)
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < text.len() {
        let b = text.as_bytes()[i];
        let (part, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'\'', 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric() || c == '’', c.len_utf8())
        };
        if part && !in_word {
            words += 1;
            if words >= 5 {
                return true;
            }
        }
        in_word = part;
        i += len;
    }
    // At most four words: each a run of alphanumerics and apostrophes, lower-cased (ASCII
    // letters only), joined by single spaces, and then without its apostrophes, compared with
    // the non-answers. Written into a buffer on the stack: the longest non-answer has 13
    // bytes, so a longer text is an attempt whatever follows.
    let mut buf = [0u8; 16];
    let mut n = 0;
    let mut words = 0;
    let mut in_word = false;
    let mut long = false;
    for c in text.chars() {
        let part = c.is_alphanumeric() || c == '\'' || c == '’';
        if part && !in_word {
            words += 1;
            if words > 1 {
                long |= !push_utf8(&mut buf, &mut n, ' ');
            }
        }
        if part && c != '\'' && c != '’' {
            long |= !push_utf8(&mut buf, &mut n, c.to_ascii_lowercase());
        }
        in_word = part;
    }
    if words == 0 {
        return false;
    }
    long || !matches!(
        &buf[..n],
        b"idk"
            | b"i dont know"
            | b"dont know"
            | b"do not know"
            | b"i do not know"
            | b"no idea"
            | b"not sure"
            | b"todo"
            | b"tbd"
            | b"tba"
            | b"skip"
            | b"skipped"
            | b"n a"
            | b"na"
            | b"none"
            | b"pass"
            | b"no answer"
            | b"unanswered"
            | b"todo later"
            | b"will do later"
            | b"blank"
            | b"dunno"
            | b"not answered"
            | b"no clue"
    )
}

/// Appends `c` to `buf[..*n]` as UTF-8; `false` when it does not fit (see [`is_attempt`]).
fn push_utf8(buf: &mut [u8; 16], n: &mut usize, c: char) -> bool {
    let len = c.len_utf8();
    if *n + len > buf.len() {
        return false;
    }
    c.encode_utf8(&mut buf[*n..*n + len]);
    *n += len;
    true
}

/// Words that make a stretch of text a claim rather than a name.
const CLAIM_WORDS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "means",
    "mean",
    "makes",
    "make",
    "lets",
    "allows",
    "allow",
    "causes",
    "cause",
    "needs",
    "need",
    "requires",
    "require",
    "has",
    "have",
    "can",
    "could",
    "will",
    "would",
    "should",
    "must",
    "may",
    "might",
    "does",
    "do",
    "because",
    "so",
    "if",
    "when",
    "since",
    "which",
    "that",
    "gets",
    "get",
    "goes",
    "keeps",
    "keep",
    "loses",
    "lose",
    "breaks",
    "break",
    "fails",
    "fail",
    "holds",
    "serves",
    "serve",
    "handles",
    "sends",
    "adds",
    "reduces",
    "reduce",
    "increases",
    "increase",
    "prevents",
    "prevent",
    "avoid",
    "avoids",
    "to",
    "by",
    "than",
    "dies",
    "die",
    "crashes",
    "gives",
    "give",
    "takes",
    "take",
    "lost",
    "works",
    "work",
    "happens",
    "happen",
    "stops",
    "stop",
    "grows",
    "grow",
    "isnt",
    "arent",
    "dont",
    "doesnt",
    "cant",
    "wont",
    "not",
    "=",
    "then",
    "until",
    "without",
    "becomes",
    "become",
    "stays",
    "stay",
    "survives",
    "survive",
    "lands",
    "land",
    // A comparison ("public HTTP responses vs Varnish in our DC") or a restriction ("CDN
    // only for static") relates terms; `still`, `already` and `never` stand before a verb
    // ("rest still hits origin").
    "vs",
    "versus",
    // So does a verdict of sameness ("same thing, different name").
    "same",
    "different",
    "only",
    "still",
    "already",
    "never",
    "wouldnt",
    "shouldnt",
    "cannot",
];

/// Is `w` (lower case, UTF-8) one of [`CLAIM_WORDS`]? (A packed-word set, as the stop lists: this
/// runs for every word of every answer.)
fn is_claim_word(w: &[u8]) -> bool {
    static SET: std::sync::LazyLock<crate::text::word_set::WordSet> =
        std::sync::LazyLock::new(|| crate::text::word_set::WordSet::new(CLAIM_WORDS));
    SET.contains_bytes(w)
}

/// Is the answer only a list of terms, with no claim? The answer is cut into parts at line
/// ends, commas, semicolons, slashes and bullets; a part is a claim when it has 6 or more
/// words, or 4 or more with a claim word (`is`, `because`, `loses`, `vs`, `only`, `still`…),
/// or 3 with a verb, or 2 with a number or an arrow (`node dies -> sessions lost`) or ending
/// in a negated verb (`b cannot`). An answer
/// of three or more parts and no claim is a keyword list; so is one of two short parts (at
/// most three words each) with no claim word.
pub fn is_keyword_list(a: &Analysis, text: &str) -> bool {
    if has_six_word_part(text) {
        return false;
    }
    // One pass over the parts, without keeping them: any claim settles it. The parts and
    // their words are found byte by byte (a separator or word character outside ASCII is
    // decoded); an ASCII word is lowered into a buffer on the stack, not a `String`.
    let bytes = text.as_bytes();
    let mut parts = 0;
    let mut all_short = true;
    let mut word = String::new();
    let mut start = 0;
    while start <= bytes.len() {
        // The part runs to the next separator (see `keyword_part`).
        let (part, read) = keyword_part(&text[start..], &mut word);
        start += read;
        if part.words == 0 {
            continue;
        }
        if part.is_claim() {
            return false;
        }
        parts += 1;
        all_short &= part.words <= 3 && !part.claim_word;
    }
    if parts < 2 || a.tokens.is_empty() {
        // A single term is an answer (perhaps a poor one), not a list.
        return false;
    }
    parts >= 3 || all_short
}

/// Has `text` a part of six words or more, reading only ASCII? Then that part is a claim (six
/// words, [`KeywordPart::is_claim`]), and a claim anywhere makes the answer no keyword list.
/// Most answers are written in sentences, and this settles them in a few instructions a byte,
/// without lowering a word or looking one up. `false` says nothing: no part reached six words
/// before the end or a byte outside ASCII. (The words and separators are those of
/// [`keyword_part`], which reads the answers this does not settle.)
fn has_six_word_part(text: &str) -> bool {
    let mut words = 0;
    let mut in_word = false;
    for &b in text.as_bytes() {
        if !b.is_ascii() {
            return false;
        }
        if matches!(b, b'\n' | b',' | b';' | b'/' | b'|') {
            (words, in_word) = (0, false);
            continue;
        }
        let is_word = b.is_ascii_alphanumeric() || b == b'\'' || b == b'=';
        if is_word && !in_word {
            words += 1;
            if words == 6 {
                return true;
            }
        }
        in_word = is_word;
    }
    false
}

/// One part of an answer (see [`is_keyword_list`]): its number of words, and whether it has
/// a claim word or a verb.
struct KeywordPart {
    words: usize,
    claim_word: bool,
    verb: bool,
    /// A number states a target ("p99 < 50 ms"), not a term.
    target: bool,
    /// The last word so far is a negated verb: "b cannot", "sessions don't" deny something
    /// of their subject.
    ends_denying: bool,
}

impl KeywordPart {
    fn is_claim(&self) -> bool {
        self.words >= 6
            || (self.words >= 4 && self.claim_word)
            || (self.words == 3 && self.verb)
            || (self.words >= 2 && (self.target || self.ends_denying))
    }
}

/// Connectives alone do not make three words a claim ("stale if error" is a term).
fn is_keyword_verb(w: &[u8]) -> bool {
    !matches!(
        w,
        b"if"
            | b"to"
            | b"by"
            | b"than"
            | b"so"
            | b"when"
            | b"that"
            | b"which"
            | b"then"
            | b"until"
            | b"without"
            | b"since"
            | b"because"
            | b"not"
            | b"="
            | b"vs"
            | b"versus"
            | b"same"
            | b"different"
            | b"only"
    )
}

/// A claim word that is a negated verb ("cannot", "won't", "doesn't", folded).
fn is_negated_verb(w: &[u8]) -> bool {
    matches!(
        w,
        b"cannot"
            | b"cant"
            | b"wont"
            | b"isnt"
            | b"arent"
            | b"dont"
            | b"doesnt"
            | b"wouldnt"
            | b"shouldnt"
    )
}

/// Reads the part of an answer that starts `rest` (see [`is_keyword_list`]): up to the next
/// separator, `\n , ; / |` or `•`. Its words are the runs of alphanumerics, apostrophes and
/// `=`; each is compared lower-cased and without apostrophes (`word` is a buffer for words
/// outside ASCII). Returns the part and how many bytes of `rest` it and its separator take
/// (one more than `rest` has when no separator ends it). The separator is found in the same
/// pass as the words, so that a part stops being read at its sixth word (a claim).
fn keyword_part(rest: &str, word: &mut String) -> (KeywordPart, usize) {
    let mut part = KeywordPart {
        words: 0,
        claim_word: false,
        verb: false,
        target: false,
        ends_denying: false,
    };
    let b = rest.as_bytes();
    let (mut dash, mut equals, mut wide) = (false, false, false);
    // Where the part ends, and where the next one starts.
    let (mut end, mut next) = (b.len(), b.len() + 1);
    let mut i = 0;
    while i < b.len() {
        // Skip to the next word character (no separator is one).
        let (is_word, len) = word_char_at(rest, i);
        if !is_word {
            match b[i] {
                b'\n' | b',' | b';' | b'/' | b'|' => {
                    (end, next) = (i, i + 1);
                    break;
                }
                0xE2 if b[i + 1..].starts_with(&[0x80, 0xA2]) => {
                    (end, next) = (i, i + 3);
                    break;
                }
                b'-' => dash = true,
                // (`=` is a word character: `equals` is set in the word loop below.)
                x if x >= 0x80 => wide = true,
                _ => {}
            }
            i += len;
            continue;
        }
        let from = i;
        let mut ascii = true;
        while i < b.len() {
            let (is_word, len) = word_char_at(rest, i);
            if !is_word {
                break;
            }
            if b[i] == b'=' {
                equals = true;
            }
            ascii &= b[i] < 0x80;
            i += len;
        }
        wide |= !ascii;
        keyword_word(&rest[from..i], ascii, word, &mut part);
        if part.words >= 6 {
            // Six words make a claim whatever else the part holds (`is_claim`), and a claim
            // settles the answer: the rest of a long part, most of an answer written in
            // sentences, is not read (nor is where it ends needed).
            return (part, next);
        }
    }
    let p = &rest[..end];
    // A spaced dash between terms ("write through – slow writes") relates them, as a claim
    // word does: from four words. (Not a colon: "write-behind: latency, durability"
    // introduces a list.)
    part.claim_word |=
        (dash && p.contains(" - ")) || (wide && (p.contains(" – ") || p.contains(" — ")));
    // An arrow states a consequence ("node dies -> sessions lost", "miss → DB").
    part.target |= (dash && p.contains("->"))
        || (equals && p.contains("=>"))
        || (wide && p.contains(['→', '⇒']));
    (part, next)
}

/// Is the character at byte `i` of `p` part of a word (alphanumeric, an apostrophe or `=`),
/// and its length in bytes.
#[inline]
fn word_char_at(p: &str, i: usize) -> (bool, usize) {
    let x = p.as_bytes()[i];
    if x < 0x80 {
        return (x.is_ascii_alphanumeric() || x == b'\'' || x == b'=', 1);
    }
    match p[i..].chars().next() {
        Some(c) => (c.is_alphanumeric() || c == '’', c.len_utf8()),
        None => (false, 1),
    }
}

/// Counts word `w` of a part (`ascii`: it is all ASCII) and what it says.
fn keyword_word(w: &str, ascii: bool, word: &mut String, part: &mut KeywordPart) {
    part.words += 1;
    // A claim word has at most 15 bytes (the longest a `WordSet` holds), so a longer one
    // need not be lowered in full.
    let mut buf = [0u8; 16];
    // (Compared as UTF-8 bytes.)
    let lower: &[u8] = if ascii {
        let mut n = 0;
        for &x in w.as_bytes() {
            if x != b'\'' && n < buf.len() {
                buf[n] = x.to_ascii_lowercase();
                n += 1;
            }
        }
        &buf[..n]
    } else {
        word.clear();
        word.extend(
            w.chars()
                .flat_map(char::to_lowercase)
                .filter(|&c| c != '\'' && c != '’'),
        );
        word.as_bytes()
    };
    part.ends_denying = false;
    if is_claim_word(lower) {
        part.claim_word = true;
        part.verb |= is_keyword_verb(lower);
        part.ends_denying = is_negated_verb(lower);
    }
    // Only an ASCII digit is one in the lowered word too; `lower` is cut at 16 bytes, and no
    // word that long is `p99`.
    part.target |= w.bytes().any(|x| x.is_ascii_digit()) && lower != b"p99" && lower != b"p95";
}

/// Words that restate a question without answering it ("we choose the pattern based on…").
fn is_filler(stem: &str) -> bool {
    matches!(
        stem,
        "choos"
            | "chose"
            | "base"
            | "depend"
            | "pick"
            | "select"
            | "decid"
            | "good"
            | "best"
            | "appropri"
            | "right"
            | "correct"
            | "thing"
            | "way"
            | "question"
            | "answer"
            | "think"
            | "would"
            | "need"
            | "use"
            | "make"
            | "go"
            | "get"
            | "want"
            | "also"
            | "realli"
            | "just"
            | "well"
            | "yes"
            | "ok"
            | "okay"
    )
}

/// Does the answer only copy or paraphrase the prompt? It has at least 3 content words, none
/// of them new once filler is set aside (or every sentence repeats the prompt), and it adds no
/// negation or rejection that the prompt lacks (a negated restatement is a refutation).
///
/// Not a copy either, as they answer in the prompt's words:
/// - an answer to a question with numbers (`numeric`) that opens with a number and repeats
///   less than 60 % of the prompt's words: "40 ms, because latency is the same both ways."
///   answers "A link has a one-way latency of 40 ms. What is the minimum round-trip time?",
///   however wrongly (a whole prompt that opens with a number is still a copy);
/// - an answer that puts a number the prompt gives in one sentence into the words of another
///   (`sentences`, see `moves_a_given`): "The minimum round-trip time is 40 ms."
pub fn is_copy(
    a: &Analysis,
    prompt: &FastSet<String>,
    sentences: &[FastSet<String>],
    numeric: bool,
) -> bool {
    if prompt.is_empty() {
        return false;
    }
    let content = || {
        a.tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word && !t.is_stopword())
            .map(|t| t.stem())
    };
    if content().nth(2).is_none() {
        // Fewer than 3: too short to tell a copy from a terse answer.
        return false;
    }
    if a.tokens
        .iter()
        .any(|t| t.is_refuting() && !prompt.contains(t.stem()))
    {
        return false;
    }
    // A number the prompt does not give is an answer, not a copy ("HPA min 11, max 40").
    if a.tokens
        .iter()
        .any(|t| t.kind == TokenKind::Number && !prompt.contains(t.stem()))
    {
        return false;
    }
    if numeric
        && a.tokens
            .first()
            .is_some_and(|t| t.kind == TokenKind::Number)
        && repeated_share(a, prompt) < 600
    {
        return false;
    }
    let all_echo = a
        .sentences
        .iter()
        .all(|s| s.echo || s.end_token - s.first_token < 3)
        && a.sentences.iter().any(|s| s.echo);
    // No new word: every content word is the prompt's or filler.
    (all_echo || content().all(|w| prompt.contains(w) || is_filler(w)))
        && !moves_a_given(a, sentences)
}

/// Words that introduce a reason (stopwords, so the copy test's content words leave them
/// out).
const REASON_WORDS: &[&str] = &["because", "since", "due"];
/// Words with which a prompt may state a reason of its own.
const PROMPT_REASON_WORDS: &[&str] = &[
    "because",
    "since",
    "due",
    "as",
    "so",
    "therefore",
    "thus",
    "hence",
];

/// Does the answer give a reason where the prompt gives none? "Because the index has to be
/// updated on every insert." answers "Why can adding an index slow down INSERT and UPDATE
/// statements?" in the prompt's own words: it is no copy. The reason is the words after
/// `because`, `since` or `due` in their sentence, and must hold two content words ("…,
/// because it can" gives none). A prompt that states a reason of its own ("Write-behind is
/// safe because …", "… as the index must be updated") is copied with it.
pub fn gives_a_reason(a: &Analysis, prompt: &str) -> bool {
    if prompt
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| PROMPT_REASON_WORDS.contains(&w.to_lowercase().as_str()))
    {
        return false;
    }
    let toks = &a.tokens;
    toks.iter().enumerate().any(|(i, t)| {
        if t.kind != TokenKind::Word || !REASON_WORDS.contains(&t.norm()) {
            return false;
        }
        let mut stems: Vec<&str> = Vec::new();
        for u in toks[i + 1..]
            .iter()
            .take_while(|u| u.sentence == t.sentence)
            .filter(|u| u.kind == TokenKind::Word && !u.is_stopword())
        {
            if !stems.contains(&u.stem()) {
                stems.push(u.stem());
            }
        }
        stems.len() >= 2
    })
}

/// The share of the prompt's distinct words (content words and numbers) that the answer
/// repeats, in thousandths.
fn repeated_share(a: &Analysis, prompt: &FastSet<String>) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    for t in &a.tokens {
        let w = t.stem();
        if prompt.contains(w) && !seen.contains(&w) {
            seen.push(w);
        }
    }
    (seen.len() * 1000).checked_div(prompt.len()).unwrap_or(0)
}

/// Whether the answer puts a number the prompt gives in one sentence into the words of others:
/// at least two other words, four fifths of them only in sentences without that number. "The
/// minimum round-trip time is 40 ms." takes "40" of "A link has a one-way latency of 40 ms."
/// into "What is the minimum round-trip time?": an answer, where a copy of the prompt keeps
/// its numbers among their own sentence's words.
fn moves_a_given(a: &Analysis, sentences: &[FastSet<String>]) -> bool {
    if sentences.len() < 2 {
        return false;
    }
    let mut numbers: Vec<&str> = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for t in &a.tokens {
        let w = t.stem();
        let list = match t.kind {
            TokenKind::Number => &mut numbers,
            TokenKind::Word if !t.is_stopword() => &mut words,
            _ => continue,
        };
        if !list.contains(&w) {
            list.push(w);
        }
    }
    if words.len() < 2 {
        return false;
    }
    numbers.iter().any(|n| {
        let with: Vec<bool> = sentences.iter().map(|s| s.contains(*n)).collect();
        if !with.contains(&true) {
            return false;
        }
        // Words found only in sentences without the number.
        let apart = words
            .iter()
            .filter(|w| {
                let mut holding = sentences
                    .iter()
                    .zip(&with)
                    .filter(|(s, _)| s.contains(**w))
                    .peekable();
                holding.peek().is_some() && holding.all(|(_, &with_n)| !with_n)
            })
            .count();
        apart * 5 >= words.len() * 4
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::validate::{content_stems, content_stems_by_sentence};
    use crate::text::is_stopword;

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

    #[test]
    fn non_attempts() {
        for t in [
            "",
            "  ",
            "idk",
            "IDK.",
            "TODO",
            "skip",
            "I don't know",
            "N/A",
            "-",
            "?",
        ] {
            assert!(!is_attempt(t), "{t:?}");
        }
        for t in ["36", "no", "Redis", "TODO: use Redis as the session store"] {
            assert!(is_attempt(t), "{t:?}");
        }
    }

    /// `is_attempt` as it was before its short answers were compared on the stack.
    fn reference_is_attempt(text: &str) -> bool {
        let words = text
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|w| !w.is_empty())
            .count();
        if words >= 5 {
            return true;
        }
        let cleaned: String = text
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '\'' || c == '’' {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect();
        let words: Vec<&str> = cleaned.split_whitespace().collect();
        if words.is_empty() {
            return false;
        }
        let joined = words.join(" ").replace(['\'', '’'], "");
        !matches!(
            joined.as_str(),
            "idk"
                | "i dont know"
                | "dont know"
                | "do not know"
                | "i do not know"
                | "no idea"
                | "not sure"
                | "todo"
                | "tbd"
                | "tba"
                | "skip"
                | "skipped"
                | "n a"
                | "na"
                | "none"
                | "pass"
                | "no answer"
                | "unanswered"
                | "todo later"
                | "will do later"
                | "blank"
                | "dunno"
                | "not answered"
                | "no clue"
        )
    }

    /// `is_attempt` agrees with [`reference_is_attempt`] on non-answers and their near misses,
    /// apostrophes alone or doubled, text outside ASCII, empty and long answers.
    #[test]
    fn attempts_agree_with_the_first_version() {
        let long = "word ".repeat(10_000);
        let texts = [
            "",
            " ",
            "'",
            "''",
            "' '",
            "’",
            "’’ ’",
            "-",
            "?",
            "...",
            "idk",
            "IDK.",
            "I.D.K",
            "i dont know",
            "I don't know",
            "I don’t know!",
            "don't  know",
            "do not know",
            "I do not know",
            "i do not know.",
            "no idea",
            "No-idea",
            "not sure",
            "TODO",
            "todo later",
            "TODO: later",
            "will do later",
            "tbd",
            "TBA",
            "skip",
            "skipped",
            "N/A",
            "n/a",
            "na",
            "NA.",
            "none",
            "None!",
            "pass",
            "no answer",
            "unanswered",
            "blank",
            "dunno",
            "not answered",
            "no clue",
            "no clue at all",
            "i'dk",
            "id'k",
            "i''dk",
            "'idk",
            "idk'",
            "idk ’",
            "ıdk",
            "İdk",
            "IDK\u{301}",
            "idk\u{200b}",
            "dont\u{a0}know",
            "nö idea",
            "no idéa",
            "café",
            "日本語",
            "ǅ",
            "Ⅰ",
            "36",
            "no",
            "Redis",
            "CDN, redis",
            "response time",
            "Single-flight per key",
            "TODO: use Redis as the session store",
            "a b c d",
            "a b c d e",
            "will do laterr",
            "i do not knowx",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "a'b'c'd'e'f'g'h'i'j'k",
            long.as_str(),
        ];
        for t in texts {
            assert_eq!(is_attempt(t), reference_is_attempt(t), "{t:?}");
        }
    }

    #[test]
    fn keyword_lists() {
        let list = |t: &str| is_keyword_list(&Analysis::new(t), t);
        assert!(list("Redis, CDN, cache-aside, TTL"));
        assert!(list("- sticky sessions\n- JWT\n- Redis session store"));
        assert!(!list("CDN"));
        assert!(!list(
            "Sticky sessions lose state when the node dies, JWT cannot be revoked"
        ));
        assert!(!list("Use Redis because it is shared by all instances"));
        assert!(!list("With the database down, nothing works at all."));
        assert!(list("CDN, Redis"));
        assert!(list("circuit breaker, stale-if-error, Redis Sentinel"));
        assert!(!list("p99 < 50ms; price freshness < 60s; hit ratio > 95%"));
        assert!(!list("Redis holds sessions, JWT is stateless"));
        // Terse claims and table cells relate their terms.
        assert!(!list("CDN only for static/public, rest still hits origin"));
        assert!(!list(
            "edge POPs, public HTTP responses vs Varnish/Nginx in our DC | CDN: geographic win, coarse/slow purge"
        ));
        assert!(!list("node dies -> sessions lost, LB cant fix"));
        assert!(!list("Same thing, different name."));
        // A part that denies something of its subject is a claim.
        assert!(!list("a and c, leftmost prefix; b cannot."));
        assert!(!list("Redis, CDN, sessions don't"));
        assert!(list("a and c, leftmost prefix"));
        assert!(list("cannot scale, CDN, Redis"));
        // … but they are no verb: three words with one are a term, not a claim.
        assert!(list(
            "same thing. concurrency, contention, load spikes, DB overload"
        ));
        assert!(list("caching, CDN, load balancer, stateless"));
        assert!(list("Redis vs Memcached, CDN, LB"));
        assert!(list("- only Redis\n- CDN\n- load balancer"));
        // A spaced dash pairs a term with what it does, as a claim word would.
        assert!(!list(
            "cache aside – stale data; write through – slow writes; write behind – data loss"
        ));
        assert!(list(
            "cache aside - TTL; write through - Redis; write behind - WAL"
        ));
        // A colon introduces a list instead.
        assert!(list(
            "Cache-aside, write-through, write-behind: consistency models, latency, durability"
        ));
    }

    /// `is_keyword_list` as first written (a `String` per word, several scans per part).
    fn reference_is_keyword_list(a: &Analysis, text: &str) -> bool {
        /// One part: its number of words, and whether it has a claim word or a verb.
        struct Part {
            words: usize,
            claim_word: bool,
            verb: bool,
            /// A number states a target ("p99 < 50 ms"), not a term.
            target: bool,
            /// Ends in a negated verb ("b cannot").
            denying: bool,
        }
        // Connectives alone do not make three words a claim ("stale if error" is a term).
        let is_verb = |w: &str| {
            !matches!(
                w,
                "if" | "to"
                    | "by"
                    | "than"
                    | "so"
                    | "when"
                    | "that"
                    | "which"
                    | "then"
                    | "until"
                    | "without"
                    | "since"
                    | "because"
                    | "not"
                    | "="
                    | "vs"
                    | "versus"
                    | "same"
                    | "different"
                    | "only"
            )
        };
        let claim = |p: &Part| {
            p.words >= 6
                || (p.words >= 4 && p.claim_word)
                || (p.words == 3 && p.verb)
                || (p.words >= 2 && (p.target || p.denying))
        };
        // One pass over the parts, without keeping them: any claim settles it.
        let mut parts = 0;
        let mut all_short = true;
        let mut word = String::new();
        for p in text.split(['\n', ',', ';', '/', '|', '•']) {
            // So does a spaced dash between terms ("write through – slow writes"), as a claim word
            // does: from four words. (Not a colon: "write-behind: latency, durability" introduces
            // a list.)
            let relation = [" - ", " – ", " — "].iter().any(|d| p.contains(d));
            let mut part = Part {
                words: 0,
                claim_word: relation,
                verb: false,
                target: false,
                denying: false,
            };
            // An arrow states a consequence ("node dies -> sessions lost", "miss → DB").
            let arrow = p.contains("->") || p.contains("=>") || p.contains(['→', '⇒']);
            for w in p
                .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '=')
                .filter(|w| !w.is_empty())
            {
                part.words += 1;
                word.clear();
                word.extend(
                    w.chars()
                        .flat_map(char::to_lowercase)
                        .filter(|&c| c != '\'' && c != '’'),
                );
                part.denying = matches!(
                    word.as_str(),
                    "cannot"
                        | "cant"
                        | "wont"
                        | "isnt"
                        | "arent"
                        | "dont"
                        | "doesnt"
                        | "wouldnt"
                        | "shouldnt"
                );
                if is_claim_word(word.as_bytes()) {
                    part.claim_word = true;
                    part.verb |= is_verb(&word);
                }
                part.target |=
                    word.bytes().any(|b| b.is_ascii_digit()) && word != "p99" && word != "p95";
            }
            if part.words == 0 {
                continue;
            }
            part.target |= arrow;
            if claim(&part) {
                return false;
            }
            parts += 1;
            all_short &= part.words <= 3 && !part.claim_word;
        }
        if parts < 2 || a.tokens.is_empty() {
            // A single term is an answer (perhaps a poor one), not a list.
            return false;
        }
        parts >= 3 || all_short
    }

    #[test]
    fn keyword_lists_agree_with_the_first_version() {
        let texts = [
            "",
            ",,,",
            "Redis, CDN, cache-aside, TTL",
            "- sticky sessions\n- JWT\n- Redis session store",
            "CDN • Redis • LB",
            "CDN•Redis•LB, x",
            "p99 < 50ms; P95, p99",
            "P99, P95 latency",
            "node dies -> sessions lost, LB",
            "miss → DB, hit ⇒ fast, ok",
            "a=b, c => d, e",
            "write through – slow writes; write behind — data loss; x",
            "cache aside - TTL; write through - Redis; write behind - WAL",
            "It's, DON'T, can’t, isn’t it, won't",
            "a and c, leftmost prefix; b cannot.",
            "b cannot x, y CAN'T, z, dont, shouldn’t",
            "KEEPS state, \u{212A}EEPS, ＫＥＥＰＳ state here",
            "İS it, ẞ, ǅ, Ǆ, naïve cache, café",
            "supercalifragilisticexpialidocious, antidisestablishmentarianism, x",
            "''''''''''''''''''is, '', ' , =, x'y'z",
            "Use Redis because it is shared by all instances",
            "Cache-aside, write-through, write-behind: consistency models, latency, durability",
            "one two three, four five six seven eight nine",
            "\u{2022}\u{2022}, \u{e9}\u{301}, 1\u{660}2, ٣ items",
            "edge POPs, public HTTP responses vs Varnish/Nginx in our DC | CDN: geographic win",
            // Separators right after a sixth word, arrows past it, `•` between parts.
            "node dies -> sessions lost \u{2022} CDN \u{2022} edge",
            "one two three four five six -> seven \u{2022} a / b | c",
            "one two three four five six\u{2022}seven; a - b",
            "a b \u{2192} c \u{2022}\u{2022} d e f g h i j k",
            // Six words or fewer in a part, before or after a byte outside ASCII.
            "one two three four five",
            "one two three four five six",
            "one two three four five, six",
            "one two three four five\nsix",
            "one two three four five caf\u{e9}",
            "one two three four five \u{e9}t\u{e9}",
            "one two three four caf\u{e9} six seven",
            "one two three four five six\u{e9}, a, b",
            "\none two three four five six seven",
            ", one two three four five six seven",
            "  one  two\tthree\r\nfour five six",
            "a-b-c-d-e-f",
            "a=b=c, d=e=f=g=h=i",
            "it's a b c d e",
            "'' ' ' ' ' ' '",
            "1 2 3 4 5 6, x",
            "a.b.c.d.e.f, x",
            "CDN (edge) + Redis [cache] & LB, x",
            "one two three four five six seven eight nine ten eleven twelve",
            "a, b c, d e f, g h i j, k l m n o, p q r s t u",
            "a, b c, d e f, g h i j, k l m n o, p q r s t",
            "a; is b c d e, f g h i j k",
            "CDN caches at edge; reverse proxy caches responses at our DC",
            "CDN, Redis, caf\u{e9} one two three four five six",
            "caf\u{e9}, one two three four five six",
            "one two three four five\u{2022}six seven eight nine ten",
            "a b c d e\r\nf g h",
        ];
        let long_list = "Redis, CDN, LB, ".repeat(5_000);
        let long_claim = "Redis holds the sessions so any node serves them ".repeat(2_000);
        let long_word = format!("{}, CDN, LB", "x".repeat(100_000));
        let texts =
            texts
                .into_iter()
                .chain([long_list.as_str(), long_claim.as_str(), long_word.as_str()]);
        for t in texts {
            for t in [t.to_string(), t.to_uppercase(), t.replace(',', "\n")] {
                let a = Analysis::new(&t);
                assert_eq!(
                    is_keyword_list(&a, &t),
                    reference_is_keyword_list(&a, &t),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn claim_words_are_found_and_others_not() {
        assert!(CLAIM_WORDS.iter().all(|w| is_claim_word(w.as_bytes())));
        for w in ["", "cache", "Because", "becaus", "becausee", "vs.", "onl"] {
            assert!(!is_claim_word(w.as_bytes()), "{w:?}");
        }
    }

    #[test]
    fn copies_of_the_prompt() {
        let prompt = content_stems(
            "Which update pattern (cache-aside, write-through, write-behind, refresh-ahead) for each layer, and why?",
        );
        let copy = |t: &str| {
            let mut a = Analysis::new(t);
            mark_echoes(&mut a, &prompt);
            is_copy(&a, &prompt, &[], false)
        };
        assert!(copy(
            "Which update pattern for each layer? We choose the update pattern for each layer based on the layer."
        ));
        assert!(!copy(
            "Cache-aside for Redis with a delete on write, because writes are rare; the CDN just uses a short TTL."
        ));
        // A prompt that gives a number before its question.
        let given = "A link has a one-way latency of 40 ms. What is the minimum round-trip time?";
        let (prompt, sentences) = (content_stems(given), content_stems_by_sentence(given));
        assert_eq!(sentences.len(), 2);
        let copy = |t: &str, numeric| {
            let mut a = Analysis::new(t);
            mark_echoes(&mut a, &prompt);
            is_copy(&a, &prompt, &sentences, numeric)
        };
        assert!(copy("A link has a one-way latency of 40 ms.", true));
        assert!(copy(
            "Minimum round-trip time of a link with 40 ms one-way latency?",
            true
        ));
        // The given put into the question's words, or a number to open an answer to a
        // question with numbers: answers.
        assert!(!copy("The minimum round-trip time is 40 ms.", true));
        assert!(!copy("40 ms, because latency is the same both ways.", true));
        assert!(copy("40 ms, because latency is the same both ways.", false));
        // A whole prompt is a copy, however its sentences share words or it opens.
        for given in [
            "The cache holds sessions. The service restarts every night. What breaks when the cache restarts with the service?",
            "6000 requests per second arrive at peak. How many instances handle 6000 requests per second with headroom?",
        ] {
            let (prompt, sentences) = (content_stems(given), content_stems_by_sentence(given));
            let mut a = Analysis::new(given);
            mark_echoes(&mut a, &prompt);
            assert!(is_copy(&a, &prompt, &sentences, true), "{given}");
        }
    }

    /// `is_copy` as first written (the content words collected, the new ones counted).
    fn reference_is_copy(a: &Analysis, prompt: &FastSet<String>) -> bool {
        if prompt.is_empty() {
            return false;
        }
        let content: Vec<&str> = a
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Word && !is_stopword(t.norm()))
            .map(|t| t.stem())
            .collect();
        if content.len() < 3 {
            return false;
        }
        if a.tokens
            .iter()
            .any(|t| crate::text::is_refuting(t.norm()) && !prompt.contains(t.stem()))
        {
            return false;
        }
        if a.tokens
            .iter()
            .any(|t| t.kind == TokenKind::Number && !prompt.contains(t.stem()))
        {
            return false;
        }
        let all_echo = a
            .sentences
            .iter()
            .all(|s| s.echo || s.end_token - s.first_token < 3)
            && a.sentences.iter().any(|s| s.echo);
        let new = content
            .iter()
            .filter(|w| !prompt.contains(**w) && !is_filler(w))
            .count();
        all_echo || new == 0
    }

    #[test]
    fn copies_agree_with_the_first_version() {
        let prompt = content_stems(
            "Which update pattern (cache-aside, write-through, write-behind, refresh-ahead) for each layer, and why?",
        );
        let texts = [
            "",
            "update pattern",
            "update pattern layer",
            "the update pattern for the layer",
            "Which update pattern for each layer? We choose the update pattern for each layer based on the layer.",
            "Which update pattern for each layer? Not the update pattern for each layer.",
            "Update pattern for each layer: 3 layers.",
            "We choose the best pattern, really, for each layer.",
            "Cache-aside for Redis with a delete on write, because writes are rare.",
            "Write-through for each layer. Write-behind for each layer. Why: refresh-ahead.",
        ];
        for t in texts {
            for p in [&prompt, &FastSet::default()] {
                let mut a = Analysis::new(t);
                mark_echoes(&mut a, p);
                assert_eq!(
                    is_copy(&a, p, &[], false),
                    reference_is_copy(&a, p),
                    "{t:?}"
                );
            }
        }
    }
}
