//! One pass over an answer: words and numbers with their byte spans, folded and stemmed;
//! sentences (the scope of every pattern match); clauses (the scope of negation); and which
//! words stand inside quotation marks or a Markdown block quote.

use std::rc::Rc;

use super::fold::{is_apostrophe, is_invisible};
use super::polarity::Cue;
use super::quotes::{is_one_quotation, quoted_mask};
use super::word::{Table, Word, trim, with_table};

/// Sentences longer than this many tokens are cut, so that matching stays linear in the
/// length of the answer whatever the learner writes (a 5 MB line has no full stop).
pub const MAX_SENTENCE_TOKENS: usize = 120;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
}

/// One word or number of the answer.
#[derive(Debug, Clone)]
pub struct Token {
    /// Byte span in the answer text.
    pub start: usize,
    pub end: usize,
    /// The word as written, folded and stemmed (shared by every token that folds alike and is
    /// of the same kind).
    pub(crate) word: Rc<Word>,
    pub kind: TokenKind,
    /// Index of the sentence and of the clause the token belongs to.
    pub sentence: u32,
    pub clause: u32,
    /// Index of the negation scope: a negation word inside a match reaches its last word only
    /// within one scope. A scope is one or more clauses; a new one starts at a new claim
    /// (`, that fixes …`, `, which means …`, `→`) and after a subordinate clause (`so it
    /// doesn't …,`, `if the node dies,`). See `negation_scopes`.
    pub scope: u32,
    /// Inside quotation marks or a block quote.
    pub quoted: bool,
    pub(crate) cue: Cue,
}

impl Token {
    /// The folded form (see `fold_word`).
    pub fn norm(&self) -> &str {
        &self.word.norm
    }

    /// The stem of the folded form (a number's is its folded form).
    pub fn stem(&self) -> &str {
        &self.word.stem
    }

    /// Is the folded form a stop word (`is_stopword`)? Decided once per word form.
    pub fn is_stopword(&self) -> bool {
        self.word.stop
    }

    /// Does the folded form refute (`is_refuting`)? Decided once per word form.
    pub(crate) fn is_refuting(&self) -> bool {
        self.word.refuting
    }
}

/// A sentence: a range of tokens and the byte span of its text.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub first_token: usize,
    /// One past the last token.
    pub end_token: usize,
    pub start: usize,
    pub end: usize,
    /// The sentence repeats the question's prompt (set by the grader).
    pub echo: bool,
    /// … and the answer refutes it elsewhere, so the repetition is a quotation (set by the
    /// grader). A repetition that nothing refutes is the learner agreeing with the prompt.
    pub echo_quote: bool,
    /// The sentence ends with a question mark (`Are sticky sessions fine?`): see
    /// `Analysis::reading`, where the next sentence's "No" answers it.
    pub question: bool,
}

/// An analysed answer.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// The whole text is one quotation (see `quotes::is_one_quotation`): its words are
    /// quoted unless the grader finds them the learner's own (`grade/answer.rs`).
    pub one_quotation: bool,
}

#[derive(PartialEq)]
enum Break {
    None,
    Clause,
    /// A clause break that also ends a negation scope (an arrow `->`, `→`).
    Scope,
    Sentence,
}

impl Analysis {
    /// Analyses `text`.
    pub fn new(text: &str) -> Analysis {
        trim();
        with_table(|words| Analysis::read(text, words))
    }

    /// Analyses `text`, its word forms looked up in `words` (the thread's table).
    fn read(text: &str, words: &mut Table) -> Analysis {
        // About one token per six bytes of learner text: few reallocations.
        let mut tokens: Vec<Token> = Vec::with_capacity(text.len().min(1 << 20) / 6 + 1);
        let mut sentences: Vec<Sentence> = Vec::new();
        let quoted = quoted_mask(text);
        let bytes = text.as_bytes();
        let mut sentence = 0u32;
        let mut clause = 0u32;
        let mut sentence_first = 0usize;
        let mut sentence_start: Option<usize> = None;
        let mut pending = Break::None;
        // Clauses after which a new negation scope starts (arrows), by clause index.
        let mut scope_breaks: Vec<u32> = Vec::new();
        // Parentheses open in this sentence (a `b)` inside them closes one, it is no label).
        let mut open_parens = 0usize;
        let mut i = 0usize;

        let close_sentence = |tokens: &Vec<Token>,
                              sentences: &mut Vec<Sentence>,
                              first: usize,
                              start: Option<usize>| {
            if tokens.len() > first {
                let floor = sentences.last().map_or(0, |s: &Sentence| s.end);
                let start = open_punctuation(text, start.unwrap_or(tokens[first].start), floor);
                let last_end = tokens[tokens.len() - 1].end;
                let end = close_punctuation(text, last_end);
                sentences.push(Sentence {
                    first_token: first,
                    end_token: tokens.len(),
                    start,
                    end,
                    echo: false,
                    echo_quote: false,
                    question: text[last_end..end].contains('?'),
                });
            }
        };

        while i < bytes.len() {
            if bytes[i] == b' ' {
                // A space (a sixth of an answer's bytes) is no label, word or break: every
                // test below would pass it by.
                i += 1;
                continue;
            }
            let Some(c) = char_at(text, i) else {
                break;
            };
            let len = c.len_utf8();
            // An item label, `(a)`, `(ii)`, `(3)`, or `a)`, `1)` at the start of an item (outside
            // parentheses): it starts a new sentence (one item's words never match with the next
            // one's) and is no word.
            let label = match c {
                '(' if !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric) =>
                {
                    item_label(text, i + 1).filter(|&end| !names_an_option(text, i, end))
                }
                // `may_close_label` first: it rules out nearly every word with one short byte
                // search, where `after_break` walked back over the spaces before each word.
                _ if c.is_alphanumeric()
                    && open_parens == 0
                    && may_close_label(bytes, i)
                    && after_break(text, i) =>
                {
                    item_label(text, i)
                }
                _ => None,
            };
            if let Some(end) = label {
                if !tokens.is_empty() {
                    pending = Break::Sentence;
                }
                open_parens = 0;
                i = end;
                continue;
            }
            if c.is_alphanumeric() {
                // A word or number: alphanumerics, with apostrophes and invisible characters
                // inside words, and `.`/`,` between digits.
                let start = i;
                let mut end = i + len;
                let mut has_alpha = c.is_alphabetic();
                let mut all_digits = c.is_ascii_digit();
                while end < bytes.len() {
                    // Most words are ASCII letters: taken a byte at a time. No ASCII character
                    // but `'`, `.` and `,` can join a word (no invisible one is ASCII), so the
                    // others end it at once.
                    let b = bytes[end];
                    if b.is_ascii_alphanumeric() {
                        has_alpha |= b.is_ascii_alphabetic();
                        all_digits &= b.is_ascii_digit();
                        end += 1;
                        continue;
                    }
                    if b.is_ascii() && !matches!(b, b'\'' | b'.' | b',') {
                        break;
                    }
                    let Some(d) = char_at(text, end) else {
                        break;
                    };
                    let dl = d.len_utf8();
                    if d.is_alphanumeric() {
                        has_alpha |= d.is_alphabetic();
                        all_digits &= d.is_ascii_digit();
                        end += dl;
                        continue;
                    }
                    // The character after it decides only for joiners (read only then).
                    let next = char_at(text, end + dl);
                    if ((is_apostrophe(d) || is_invisible(d))
                        && next.is_some_and(|n| n.is_alphanumeric()))
                        || ((d == '.' || d == ',')
                            && all_digits
                            && next.is_some_and(|n| n.is_ascii_digit()))
                    {
                        end += dl;
                    } else {
                        break;
                    }
                }
                if pending != Break::None && !tokens.is_empty() {
                    if pending == Break::Sentence
                        || tokens.len() - sentence_first >= MAX_SENTENCE_TOKENS
                    {
                        close_sentence(&tokens, &mut sentences, sentence_first, sentence_start);
                        sentence += 1;
                        sentence_first = tokens.len();
                        sentence_start = None;
                        open_parens = 0;
                    }
                    clause += 1;
                    if pending == Break::Scope {
                        scope_breaks.push(clause);
                    }
                }
                pending = Break::None;
                if tokens.len() - sentence_first >= MAX_SENTENCE_TOKENS {
                    close_sentence(&tokens, &mut sentences, sentence_first, sentence_start);
                    sentence += 1;
                    clause += 1;
                    sentence_first = tokens.len();
                    sentence_start = None;
                }
                let word = words.word(&text[start..end]);
                debug_assert_eq!(word.kind == TokenKind::Word, has_alpha);
                let (kind, cue) = (word.kind, word.cue);
                if cue == Cue::Boundary {
                    // `but`, `however`, `because`… start a new clause and are not matched.
                    clause += 1;
                }
                sentence_start.get_or_insert(start);
                tokens.push(Token {
                    start,
                    end,
                    word,
                    kind,
                    sentence,
                    clause,
                    scope: 0,
                    quoted: quoted[start],
                    cue,
                });
                i = end;
                continue;
            }
            match c {
                '.' | '!' | '?' | ';' => {
                    let next = text[i + len..].chars().next();
                    let ends = next.is_none_or(|n| {
                        n.is_whitespace() || n == '*' || n == '_' || n == '"' || n == ')'
                    });
                    // Not after an abbreviation (`e.g.`, `i.e.`, `etc.`, `vs.`) or in an ellipsis.
                    let abbreviation = c == '.'
                        && (text[..i].ends_with('.')
                            || tokens
                                .last()
                                .is_some_and(|t: &Token| t.end == i && is_abbreviation(t.norm())));
                    if ends && !abbreviation {
                        pending = Break::Sentence;
                    }
                }
                '\n' if starts_block(&text[i + 1..]) || line_is_table(text, i) => {
                    pending = Break::Sentence;
                }
                '→' | '⇒' | '⟶' | '⟹' if pending != Break::Sentence => {
                    pending = Break::Scope;
                }
                '-' | '=' if text[i + 1..].starts_with('>') => {
                    if pending != Break::Sentence {
                        pending = Break::Scope;
                    }
                    i += 2;
                    continue;
                }
                ',' | ':' | '(' | ')' | '—' | '–' | '|' => {
                    if c == '(' {
                        open_parens += 1;
                    } else if c == ')' {
                        open_parens = open_parens.saturating_sub(1);
                    }
                    if pending == Break::None {
                        pending = Break::Clause;
                    }
                }
                '-' => {
                    let spaced = text[i + 1..].starts_with(' ') && i > 0 && bytes[i - 1] == b' ';
                    if spaced && pending == Break::None {
                        pending = Break::Clause;
                    }
                }
                _ => {}
            }
            i += len;
        }
        close_sentence(&tokens, &mut sentences, sentence_first, sentence_start);
        super::polarity::clear_emphatic_cues(&mut tokens);
        negation_scopes(text, &mut tokens, &scope_breaks);
        Analysis {
            tokens,
            sentences,
            one_quotation: is_one_quotation(text, &quoted),
        }
    }

    /// The tokens of sentence `s`.
    pub fn sentence_tokens(&self, s: usize) -> &[Token] {
        let sent = &self.sentences[s];
        &self.tokens[sent.first_token..sent.end_token]
    }
}

/// The character starting at byte `i` of `text` (a char boundary), if any: an ASCII byte is
/// its own character, without decoding (the analysis reads most answers byte by byte).
#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text[i..].chars().next(),
        None => None,
    }
}

/// Sets every token's negation scope. A new scope starts with each sentence, after an arrow,
/// at a clause that opens a new claim about what was just said (`, that fixes the herd`,
/// `, which means …`, `, and this keeps …`, `, it's …`: a pronoun and a verb; `because …`,
/// `but …`; `, so …`, `, if …`), and at the first clause break after a subordinating word
/// (`so it doesn't all expire at once, …`, `if the node dies, …`). One pass, constant work
/// per token.
fn negation_scopes(text: &str, tokens: &mut [Token], scope_breaks: &[u32]) {
    let mut scope = 0u32;
    let mut subordinate = false;
    // A "no" before a noun ("needs no code changes") in this scope: it denies that noun, and
    // a predicate joined by "and" after it is a claim of its own (`and_new_predicate`).
    let mut no_noun = false;
    let mut breaks = scope_breaks.iter().peekable();
    for k in 0..tokens.len() {
        let new_sentence = k > 0 && tokens[k].sentence != tokens[k - 1].sentence;
        let new_clause = k > 0 && tokens[k].clause != tokens[k - 1].clause;
        let mut arrow = false;
        while let Some(&&b) = breaks.peek() {
            if b > tokens[k].clause {
                break;
            }
            arrow |= b == tokens[k].clause && new_clause;
            breaks.next();
        }
        // Asked once per token (it was asked twice at each new clause).
        let subordinator = is_subordinator(tokens, k);
        let opens = new_clause
            && (subordinate
                || tokens[k].cue == Cue::Boundary
                || subordinator
                || opens_claim(text, tokens, k));
        let joined = !new_clause && no_noun && and_new_predicate(tokens, k);
        if new_sentence || arrow || opens || joined {
            scope += 1;
            subordinate = false;
            no_noun = false;
        }
        if subordinator {
            subordinate = true;
        }
        if tokens[k].norm() == "no"
            && tokens
                .get(k + 1)
                .is_some_and(|n| n.clause == tokens[k].clause && n.kind == TokenKind::Word)
        {
            no_noun = true;
        }
        tokens[k].scope = scope;
    }
}

/// Does token `k` start a predicate joined by "and" to the clause before it: "and" then a
/// verb, perhaps after one adverb ("needs no code changes and honestly has the side benefit
/// of …", "has no failover and is a single point of failure")?
fn and_new_predicate(tokens: &[Token], k: usize) -> bool {
    const VERBS: &[&str] = &[
        "has", "have", "had", "is", "are", "was", "were", "gives", "give", "makes", "make", "adds",
        "add", "needs", "need", "means", "comes", "come", "brings", "bring", "offers", "offer",
        "gets", "get", "keeps", "keep", "lets", "let", "runs", "run", "scales", "scale", "works",
        "work", "survives", "survive", "handles", "handle", "costs", "cost",
    ];
    const ADVERBS: &[&str] = &[
        "honestly",
        "also",
        "still",
        "even",
        "usually",
        "typically",
        "generally",
        "actually",
        "then",
        "it",
        "often",
        "always",
        "just",
    ];
    let at = |i: usize| tokens.get(i).filter(|t| t.clause == tokens[k].clause);
    if k == 0 || tokens[k - 1].norm() != "and" || tokens[k - 1].clause != tokens[k].clause {
        return false;
    }
    let verb = |i: usize| at(i).is_some_and(|t| VERBS.contains(&t.norm()));
    verb(k) || (at(k).is_some_and(|t| ADVERBS.contains(&t.norm())) && verb(k + 1))
}

/// Does the clause starting at token `k` open a new claim: (`and`/`so`/`but`) + `which`, or a
/// pronoun (`that`, `this`, `it`, `they`…) + a verb (`that fixes`, `it's`, `this will`,
/// `they also lose`)?
fn opens_claim(text: &str, tokens: &[Token], k: usize) -> bool {
    let clause = tokens[k].clause;
    let at = |j: usize| tokens.get(j).filter(|t| t.clause == clause);
    let mut j = k;
    if at(j).is_some_and(|t| matches!(t.norm(), "and" | "so" | "but" | "then")) {
        j += 1;
    }
    let Some(t) = at(j) else {
        return false;
    };
    match t.norm() {
        "which" | "thats" | "thatll" | "itll" | "theyre" | "theyll" => true,
        "that" | "this" | "it" | "they" | "these" | "those" | "its" => {
            if text[t.start..t.end].contains(['\'', '’']) {
                // `it's`, `that's`: a verb is in the word.
                return true;
            }
            let mut n = j + 1;
            if at(n).is_some_and(|t| {
                matches!(
                    t.norm(),
                    "also"
                        | "just"
                        | "only"
                        | "still"
                        | "then"
                        | "actually"
                        | "really"
                        | "alone"
                        | "itself"
                        | "already"
                        | "usually"
                        | "always"
                        | "basically"
                        | "simply"
                )
            }) {
                n += 1;
            }
            at(n).is_some_and(|t| is_verb_like(t) && t.norm() != "its")
        }
        _ => false,
    }
}

/// Could the word be the verb after a pronoun (`is`, `will`, `fixes`, `solved`, `doesn't`)?
fn is_verb_like(t: &Token) -> bool {
    let w = t.norm();
    t.kind == TokenKind::Word
        && (t.cue == Cue::Negator
            || matches!(
                w,
                "is" | "was"
                    | "are"
                    | "were"
                    | "will"
                    | "would"
                    | "can"
                    | "could"
                    | "should"
                    | "must"
                    | "may"
                    | "might"
                    | "do"
                    | "does"
                    | "did"
                    | "has"
                    | "have"
                    | "had"
                    | "means"
                    | "makes"
                    | "gets"
            )
            || (w.len() >= 4 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us"))
            || (w.len() >= 4 && w.ends_with("ed")))
}

/// Does token `k` open a subordinate clause whose end closes its negations: `so` (not `so
/// much`), `so that`, `if`, `when`, `whenever`, `while`, `until`?
fn is_subordinator(tokens: &[Token], k: usize) -> bool {
    match tokens[k].norm() {
        "if" | "when" | "whenever" | "while" | "until" => true,
        "so" => !tokens.get(k + 1).is_some_and(|n| {
            n.clause == tokens[k].clause
                && matches!(
                    n.norm(),
                    "much" | "many" | "far" | "long" | "few" | "little" | "on" | "too"
                )
        }),
        _ => false,
    }
}

/// If an item label (`a)`, `ii)`, `3)`; the `(` already read) starts at byte `at`: the byte
/// after it and its following space. A label is one letter, a roman numeral up to `xii`, or a
/// number of one or two digits, closed by `)` and followed by a space.
fn item_label(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    // Only the next five bytes are looked at, so that reading stays linear.
    let body = rest
        .bytes()
        .take(5)
        .position(|b| b == b')')
        .filter(|&n| n > 0)?;
    let label = &rest[..body];
    let letter = label.len() == 1 && label.bytes().all(|b| b.is_ascii_alphabetic());
    let digits = label.len() <= 2 && label.bytes().all(|b| b.is_ascii_digit());
    let roman = matches!(
        label.to_ascii_lowercase().as_str(),
        "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii" | "ix" | "x" | "xi" | "xii"
    );
    if !(letter || digits || roman) {
        return None;
    }
    let after = at + body + 1;
    match text[after..].chars().next() {
        Some(c) if c.is_whitespace() => Some(after + c.len_utf8()),
        None => Some(after),
        _ => None,
    }
}

/// Is the one-letter label `(x)` from byte `at` to `end` (after its space) the name of an
/// option, not an item's label: joined to another one by `and`, `or`, `&` or a comma ("(a)
/// and (c) can use it", "(a), (b) or (d)")? Then its letter is a word. (An item label inside a
/// sentence stays one: "the hidden state is (a) sessions … and (b) files".)
fn names_an_option(text: &str, at: usize, end: usize) -> bool {
    if !is_letter_label(text.as_bytes(), at) {
        return false;
    }
    let joins = |w: &str| matches!(w.to_ascii_lowercase().as_str(), "and" | "or" | "&" | ",");
    // The label after: "(a) and (c)", "(a), (b)".
    let after = text[end..].trim_start();
    let (word, rest) = split_joiner(after);
    if joins(word) && is_letter_label(rest.trim_start().as_bytes(), 0) {
        return true;
    }
    // The label before: "and (c)", ", (c)".
    let before = text[..at].trim_end();
    // (After the character found, which may be wider than a byte: a no-break space.)
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == ')')
        .map_or(0, |(k, c)| k + c.len_utf8());
    let (word, rest) = match before.strip_suffix(',') {
        Some(rest) => (",", rest),
        None => (&before[word_start..], &before[..word_start]),
    };
    let rest = rest.trim_end();
    joins(word) && rest.len() >= 3 && is_letter_label(rest.as_bytes(), rest.len() - 3)
}

/// Is `(x)`, one ASCII letter in parentheses, at byte `at` of `b`?
fn is_letter_label(b: &[u8], at: usize) -> bool {
    b.get(at) == Some(&b'(')
        && b.get(at + 1).is_some_and(u8::is_ascii_alphabetic)
        && b.get(at + 2) == Some(&b')')
}

/// The joining word or comma that `text` starts with, and what follows it.
fn split_joiner(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix(',') {
        return (",", rest);
    }
    let n = text
        .find(|c: char| !(c.is_ascii_alphabetic() || c == '&'))
        .unwrap_or(text.len());
    text.split_at(n)
}

/// Could an item label start at byte `at`: is there a `)` one to four bytes after it? Every
/// label [`item_label`] accepts has one there (it looks for the `)` in the next five bytes,
/// not at `at` itself), so a `false` here is a `None` from it, found without its other tests.
#[inline]
fn may_close_label(bytes: &[u8], at: usize) -> bool {
    bytes
        .get(at + 1..bytes.len().min(at + 5))
        .is_some_and(|b| b.contains(&b')'))
}

/// Does byte `at` start a new item: at the start of the text, or after a space that follows
/// a line start, sentence or clause punctuation or another label (not after a word: "pick
/// option b) or c)" is no list)?
fn after_break(text: &str, at: usize) -> bool {
    if at > 0 && !matches!(text.as_bytes()[at - 1], b' ' | b'\t') {
        // No space before it: `f(x)`, `word(a)`.
        return false;
    }
    // The spaces and tabs before it, byte by byte (both are one byte in UTF-8, never part of
    // another character): `trim_end_matches` with a pattern decoded each character.
    let bytes = text.as_bytes();
    let mut k = at;
    while k > 0 && matches!(bytes[k - 1], b' ' | b'\t') {
        k -= 1;
    }
    match text[..k].chars().next_back() {
        None => true,
        Some(c) => matches!(
            c,
            '\n' | '.' | ';' | ':' | ',' | '!' | '?' | ')' | '*' | '_' | '|' | '-' | '—' | '–'
        ),
    }
}

/// Extends a sentence's end over closing punctuation right after its last word (`)`, `"`,
/// `%`, `.`, the `>` of a tag or an arrow), and over a currency sign written after its last
/// number (`0,42 €.`), so quoted evidence keeps them.
fn close_punctuation(text: &str, end: usize) -> usize {
    let mut end = end;
    let rest = &text[end..];
    let after_space = rest
        .strip_prefix([' ', '\u{a0}', '\u{202f}'])
        .unwrap_or(rest);
    if let Some(sign) = after_space
        .chars()
        .next()
        .filter(|c| matches!(c, '€' | '$' | '£' | '¥' | '₹'))
    {
        end += rest.len() - after_space.len() + sign.len_utf8();
    }
    let rest = &text[end..];
    let extra: usize = rest
        .chars()
        .take_while(|c| {
            matches!(
                c,
                ')' | ']' | '"' | '\'' | '”' | '’' | '%' | '.' | '!' | '?' | '*' | '`' | '>'
            )
        })
        .take(4)
        .map(char::len_utf8)
        .sum();
    end + extra
}

/// Extends a sentence's start back over opening punctuation right before its first word
/// (`(`, `[`, quotes, emphasis, a backtick, `~`, `≈`, a currency sign), never past `floor`
/// (where the sentence before it ends), so quoted evidence is balanced: "(3000/150) * 0.8",
/// "**Stateless** lets…", not "3000/150) * 0.8" or "Stateless** lets…".
fn open_punctuation(text: &str, start: usize, floor: usize) -> usize {
    const OPENERS: &str = "([{\"'“‘«*_`<~≈$€£¥₹";
    text[floor.min(start)..start]
        .chars()
        .rev()
        .take_while(|c| OPENERS.contains(*c))
        .take(4)
        .fold(start, |at, c| at - c.len_utf8())
}

/// Words that a full stop follows without ending the sentence.
fn is_abbreviation(norm: &str) -> bool {
    matches!(
        norm,
        "e" | "g"
            | "i"
            | "eg"
            | "ie"
            | "etc"
            | "vs"
            | "approx"
            | "cf"
            | "incl"
            | "esp"
            | "resp"
            | "avg"
            | "nr"
            | "fig"
            | "ca"
    )
}

/// After a newline: does a new block start (blank line, list item, heading, table row,
/// block quote, code fence)?
fn starts_block(rest: &str) -> bool {
    let line = rest.trim_start_matches([' ', '\t']);
    if line.starts_with('\n') || line.starts_with("\r\n") || line.is_empty() {
        return true;
    }
    let first = line.as_bytes()[0];
    if matches!(first, b'-' | b'*' | b'+' | b'#' | b'>' | b'|' | b'`') {
        return true;
    }
    // `1.` or `1)` list markers.
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 && matches!(line.as_bytes().get(digits), Some(b'.') | Some(b')')) {
        return true;
    }
    starts_with_name(line)
}

/// Does the line start with a short name and a colon, as the lines of a list written without
/// markers do ("redis: pro shared, con one more thing to run", "con: big cookie")? At most
/// three words of letters before the colon, and a space after it ("http://…" is no name).
fn starts_with_name(line: &str) -> bool {
    let Some(colon) = line
        .get(..32.min(line.len()))
        .and_then(|head| memchr::memchr(b':', head.as_bytes()))
    else {
        return false;
    };
    let name = &line[..colon];
    let words = name.split_whitespace().count();
    (1..=3).contains(&words)
        && name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '/')
        && line[colon + 1..].starts_with([' ', '\t'])
}

/// Is the line that ends at byte `nl` (a newline) a table row?
fn line_is_table(text: &str, nl: usize) -> bool {
    text[..nl].trim_end().ends_with('|')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(a: &Analysis) -> Vec<&str> {
        a.tokens.iter().map(|t| t.norm()).collect()
    }

    #[test]
    fn no_label_where_no_closing_parenthesis_is_near() {
        let texts = [
            "a) b) c)",
            "ii) x (iv) y xii) z 12) w 123) v",
            "word) a b)",
            "é) x ü) y",
            "a)",
            "ab",
            "x )",
            "viii)",
            "abcd) efgh)",
        ];
        for text in texts {
            for (i, c) in text.char_indices() {
                if c.is_alphanumeric() && !may_close_label(text.as_bytes(), i) {
                    assert_eq!(item_label(text, i), None, "{text:?} {i}");
                }
            }
        }
    }

    #[test]
    fn char_at_reads_the_character_at_each_boundary() {
        let text = "a’b\u{200B}c é1,5 ﬁ'x\u{10348}";
        for (i, c) in text.char_indices() {
            assert_eq!(char_at(text, i), Some(c), "{i}");
        }
        assert_eq!(char_at(text, text.len()), None);
        assert_eq!(char_at("", 0), None);
    }

    #[test]
    fn words_join_across_apostrophes_invisibles_and_digit_separators_only_before_more() {
        let spans = |t: &str| -> Vec<(usize, usize)> {
            Analysis::new(t)
                .tokens
                .iter()
                .map(|t| (t.start, t.end))
                .collect()
        };
        // ASCII and non-ASCII joiners inside words, and at their ends (where they join nothing).
        assert_eq!(
            spans("don't don’t o\u{200B}k it' 'x"),
            [(0, 5), (6, 13), (14, 19), (20, 22), (25, 26)]
        );
        assert_eq!(
            spans("1,5 1.5. 1.x a,5 1,,5 é,5 1,é"),
            [
                (0, 3),
                (4, 7),
                (9, 10),
                (11, 12),
                (13, 14),
                (15, 16),
                (17, 18),
                (20, 21),
                (22, 24),
                (25, 26),
                (27, 28),
                (29, 31)
            ]
        );
        assert_eq!(
            spans("naïve Ünïcödé x\u{10348}y ﬁ"),
            [(0, 6), (7, 18), (19, 25), (26, 29)]
        );
        let a = Analysis::new("1,5 1.5 a1 ab'1 12'");
        let kinds: Vec<TokenKind> = a.tokens.iter().map(|t| t.kind).collect();
        use TokenKind::{Number, Word};
        assert_eq!(kinds, [Number, Number, Word, Word, Number]);
    }

    #[test]
    fn splits_words_hyphens_and_numbers() {
        let a = Analysis::new("Scale-out doesn't need 1,667 req/s; e.g. 0.05 s.");
        assert_eq!(
            words(&a),
            [
                "scale", "out", "doesnt", "need", "1,667", "req", "s", "e", "g", "0.05", "s"
            ]
        );
        assert_eq!(a.tokens[4].kind, TokenKind::Number);
        assert_eq!(a.sentences.len(), 2);
        let a = Analysis::new(
            "Use a cache, e.g. Redis, i.e. shared. Then do... while loops vs. recursion etc. fine",
        );
        assert_eq!(a.sentences.len(), 2);
    }

    #[test]
    fn sentences_end_at_stops_blank_lines_and_list_items() {
        let a = Analysis::new("One two. Three\nfour\n\nFive\n- six\n| a | b |\n| c | d |");
        let s: Vec<usize> = a
            .sentences
            .iter()
            .map(|s| s.end_token - s.first_token)
            .collect();
        assert_eq!(s, [2, 2, 1, 1, 2, 2]);
    }

    /// Quoted evidence keeps what opens the sentence's first word: "(3000/150) * 0.8", not
    /// "3000/150) * 0.8", and never what ends the sentence before it.
    #[test]
    fn a_sentence_starts_at_its_opening_punctuation() {
        for (text, sentences) in [
            ("(3000/150) * 0.8 = 16", &["(3000/150) * 0.8 = 16"][..]),
            (
                "**Stateless** lets any node serve",
                &["**Stateless** lets any node serve"],
            ),
            ("\"Browser\" cache, CDN.", &["\"Browser\" cache, CDN."]),
            ("~29 instances.", &["~29 instances."]),
            ("$5 a month", &["$5 a month"]),
            ("It is fine. (Really.)", &["It is fine.", "(Really.)"]),
            ("A *b*\n\n*c* d", &["A *b*", "*c* d"]),
            ("  [x] done", &["[x] done"]),
            ("(((((deep", &["((((deep"]),
        ] {
            let a = Analysis::new(text);
            let got: Vec<&str> = a.sentences.iter().map(|s| &text[s.start..s.end]).collect();
            assert_eq!(got, sentences, "{text:?}");
        }
    }

    /// Quoted evidence keeps what closes the sentence's last word: "alert(1)</script>", not
    /// "…</script".
    #[test]
    fn a_sentence_ends_after_its_closing_punctuation() {
        for (text, end) in [
            ("it is <b>bold</b>", "</b>"),
            ("we said \"cache (aside)\".", "(aside)\"."),
            ("up 5%!", "5%!"),
            ("it costs 0,42 €.", "0,42 €."),
            ("it costs 12$", "12$"),
            ("it costs 0,42\u{a0}€.", "0,42\u{a0}€."),
        ] {
            let a = Analysis::new(text);
            let s = &a.sentences[0];
            assert!(
                text[s.start..s.end].ends_with(end),
                "{text:?}: {:?}",
                &text[s.start..s.end]
            );
        }
    }

    #[test]
    fn a_line_that_starts_with_a_name_and_a_colon_starts_a_sentence() {
        let a = Analysis::new(
            "jwt: pro stateless, logout is easy just delete it\n   redis: pro shared, if redis dies everyone is logged out\nsee http://x.io for more",
        );
        assert_eq!(a.sentences.len(), 2, "{:?}", a.sentences);
        let a = Analysis::new("Sticky sessions are fine\nbecause the LB is smart");
        assert_eq!(a.sentences.len(), 1);
    }

    #[test]
    fn clauses_split_at_commas_and_but() {
        let a = Analysis::new("not enough, the service must be stateless but fine");
        let c: Vec<u32> = a.tokens.iter().map(|t| t.clause).collect();
        assert_ne!(c[0], c[2]);
        assert_ne!(c[6], c[7]);
    }

    #[test]
    fn item_labels_start_sentences_and_are_no_words() {
        let a = Analysis::new(
            "(a) JWT: pro stateless; con cannot revoke; non-obvious: token stolen. (c) Sticky failover: pro easy.",
        );
        assert!(!words(&a).contains(&"c"));
        assert!(!words(&a).contains(&"a"));
        assert_eq!(a.tokens[0].norm(), "jwt");
        let a = Analysis::new("a) JWT: pro stateless. b) store: central 1) drain, (ii) deploy");
        assert_eq!(
            words(&a),
            [
                "jwt",
                "pro",
                "stateless",
                "store",
                "central",
                "1",
                "drain",
                "deploy"
            ]
        );
        // `1)` after a word is no label; `b)` after a full stop and `(ii)` are.
        assert_eq!(a.sentences.len(), 3);
        // Parentheses that hold words, follow a word or close an open one are no labels.
        let a = Analysis::new("Sessions (a JWT) go, per f(x) and (see option b) or 2 (c) more");
        assert_eq!(a.tokens.len(), 14);
        assert_eq!(a.sentences.len(), 2);
    }

    /// Letters in parentheses joined to each other name the prompt's options and are words:
    /// "(a) and (c) can use it"; one that starts an item is still a label, inside a sentence
    /// too.
    #[test]
    fn option_letters_joined_to_each_other_are_words() {
        let a = Analysis::new("(a) and (c) can use it, (b) cannot.");
        assert_eq!(words(&a)[..3], ["a", "and", "c"]);
        assert!(!words(&a).contains(&"b"));
        assert_eq!(a.sentences.len(), 2);
        let a = Analysis::new("Only (a) or (c) seek; (a), (b) & (d) too.");
        assert_eq!(
            words(&a),
            ["only", "a", "or", "c", "seek", "a", "b", "d", "too"]
        );
        // Wide spaces around the joining word.
        let a = Analysis::new("Queries a\u{a0}or (c) seek; (a)\u{3000}or (c) too.");
        assert!(words(&a).contains(&"c"));
        let a = Analysis::new("The hidden state is (a) sessions in memory and (b) local files.");
        assert!(!words(&a).contains(&"a"));
        assert!(!words(&a).contains(&"b"));
        assert_eq!(a.sentences.len(), 3);
    }

    #[test]
    fn many_label_like_words_stay_linear() {
        let text = "x. a ".repeat(200_000);
        let t = std::time::Instant::now();
        let a = Analysis::new(&text);
        assert_eq!(a.tokens.len(), 400_000);
        assert!(t.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn a_no_before_a_noun_does_not_reach_a_predicate_joined_by_and() {
        let scope = |t: &str, w: &str| {
            let a = Analysis::new(t);
            a.tokens.iter().find(|x| x.norm() == w).unwrap().scope
        };
        let t = "a bigger server needs no code changes and honestly has the benefit of being more reliable";
        assert_ne!(scope(t, "no"), scope(t, "reliable"));
        let t = "one box has no failover and is a single point of failure";
        assert_ne!(scope(t, "no"), scope(t, "single"));
        // A "not" still reaches it, and so does a "no" with no verb after the "and".
        let t = "it is not fast and is expensive";
        assert_eq!(scope(t, "not"), scope(t, "expensive"));
        let t = "no sessions and no caches on the node";
        assert_eq!(scope(t, "sessions"), scope(t, "caches"));
    }

    #[test]
    fn negation_scopes_end_at_new_claims_and_subordinate_clauses() {
        let scopes = |t: &str| {
            let a = Analysis::new(t);
            let s = |w: &str| a.tokens.iter().find(|t| t.norm() == w).unwrap().scope;
            (s("doesnt"), s("herd"))
        };
        let (a, b) =
            scopes("add jitter to the TTL so it doesn't all expire at once, that fixes the herd");
        assert_ne!(a, b);
        let (a, b) = scopes("jitter doesn't expire, it fixes the herd");
        assert_ne!(a, b);
        let (a, b) = scopes("jitter doesn't expire -> herd gone");
        assert_ne!(a, b);
        let (a, b) = scopes("jitter doesn't, on its own, fix the herd");
        assert_eq!(a, b);
        let (a, b) = scopes("jitter doesn't help, this herd is a hot key");
        assert_eq!(a, b);
    }

    #[test]
    fn quotes_and_block_quotes_are_marked() {
        let a = Analysis::new(
            "The claim \"sticky sessions are fine\" is wrong, it's 'bad' here\n> quoted line",
        );
        let q: Vec<(&str, bool)> = a.tokens.iter().map(|t| (t.norm(), t.quoted)).collect();
        assert!(q.contains(&("sticky", true)));
        assert!(q.contains(&("wrong", false)));
        assert!(q.contains(&("its", false)));
        assert!(q.contains(&("bad", true)));
        assert!(q.contains(&("line", true)));
    }

    #[test]
    fn long_runs_are_cut_into_bounded_sentences() {
        let text = "word ".repeat(1000);
        let a = Analysis::new(&text);
        assert!(
            a.sentences
                .iter()
                .all(|s| s.end_token - s.first_token <= MAX_SENTENCE_TOKENS)
        );
        assert_eq!(a.tokens.len(), 1000);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "",
            "\u{0}\u{0}",
            "’'\"“",
            "é\u{301}",
            "1.",
            "..",
            "'a",
            "a'",
            "\r\n\r",
            "1,2,3.",
        ] {
            let _ = Analysis::new(t);
        }
    }
}
