//! Is an answer only a list of terms, with no claim (`Redis, CDN, cache-aside, TTL`)? Such an
//! answer is capped at the question's `list-cap` (docs/rubric-format.md, "Scoring").

use crate::text::Analysis;

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
/// in a negated verb, a modal or an auxiliary (`b cannot`, `It must, no doubt, …`). An answer
/// of three or more parts and no claim is a keyword list; so is one of two short parts (at
/// most three words each) with no claim word.
pub fn is_keyword_list(a: &Analysis, text: &str) -> bool {
    if has_six_word_part(text) || labels_two_subjects(text) {
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

/// Does `text` say something of two subjects or more, each named by a label of one or two
/// words before a colon or `=` and followed by a claim: three words or more, or fewer with a
/// claim word ("JWT: +no store -revoke | store: +any node -extra hop", "client: logged out
/// maybe | DB: is down")? Then it is a terse comparison or a table written in prose, what
/// each subject is or does, not a list of terms: the concepts decide its credit. A label
/// starts the answer or follows a line end, a full stop, a semicolon, a comma, a bar or a
/// bullet, and its value runs over commas to the next label ("Scale up: bigger box, simple,
/// limited. Scale out: more boxes, complex" characterises each side; see
/// [`LabelValue::is_claim`]). A term paired with a
/// term or two ("stateless = JWT, sticky = LB", "LB: traffic spreading, DB: bottleneck
/// risk") is still a list (graders gave such answers 0 or 0.25), and so is one label ("Pros:
/// fast, cheap", a heading over a list) or a generic one ("Option A: …", "Problem: …").
fn labels_two_subjects(text: &str) -> bool {
    // The first subject with a claim; each is noted once its value has ended, and a second
    // one settles it.
    let mut first: Option<&str> = None;
    fn note<'a>(first: &mut Option<&'a str>, label: &'a str) -> bool {
        match first {
            None => {
                *first = Some(label);
                false
            }
            Some(f) => !f.eq_ignore_ascii_case(label),
        }
    }
    for line in text.split(['\n', '.', ';', '|', '•']) {
        // The label being read, and its value so far.
        let mut open: Option<(&str, LabelValue)> = None;
        for seg in line.split(',') {
            let seg = seg.trim_start_matches([' ', '\t', '-', '*', '+', '>']);
            match label_at(seg) {
                Some((label, value)) => {
                    if let Some((l, v)) = open.take()
                        && v.is_claim()
                        && note(&mut first, l)
                    {
                        return true;
                    }
                    let mut v = LabelValue::default();
                    v.read(value, true);
                    open = Some((label, v));
                }
                None => {
                    if let Some((_, v)) = open.as_mut() {
                        v.read(seg, false);
                    }
                }
            }
        }
        if let Some((l, v)) = open
            && v.is_claim()
            && note(&mut first, l)
        {
            return true;
        }
    }
    false
}

/// The label and the value of a segment that opens with one (see [`labels_two_subjects`]):
/// one or two words, not generic, before a colon or `=`, and a value starting with a word:
/// not `//` (an address), `=` (`==`) or a digit after a digit ("10:30", "3:1").
fn label_at(seg: &str) -> Option<(&str, &str)> {
    let at = seg.find([':', '='])?;
    let (label, value) = (seg[..at].trim(), &seg[at + 1..]);
    let generic = label
        .split_whitespace()
        .next()
        .is_some_and(|w| GENERIC_LABELS.iter().any(|g| w.eq_ignore_ascii_case(g)));
    let is_label = (1..=2).contains(&label.split_whitespace().count())
        && !generic
        && label
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '\''));
    let value = value.trim_start();
    let starts_word = value.chars().next().is_some_and(|c| {
        c.is_alphanumeric() || matches!(c, '+' | '-' | '~' | '−' | '(' | '"' | '“')
    }) && !value.starts_with("//")
        && !(label.ends_with(|c: char| c.is_ascii_digit())
            && value.starts_with(|c: char| c.is_ascii_digit()));
    (is_label && starts_word).then_some((label, value))
}

/// What a label's value says so far (see [`labels_two_subjects`]): its words, a claim word
/// among them, and a judgement opening it ("pro stateless", "con size": a pro or a con of the
/// subject).
#[derive(Default)]
struct LabelValue {
    /// Words of the segment right after the label, and of all its segments.
    opening: usize,
    words: usize,
    /// A segment after a comma with two words or more ("bigger box").
    phrase: bool,
    claim_word: bool,
    judged: bool,
}

impl LabelValue {
    /// Reads one segment of the value (`opening`: the one right after the label).
    fn read(&mut self, seg: &str, opening: bool) {
        let words = seg
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric));
        let count = words.clone().count();
        self.judged |= opening
            && count >= 2
            && words.clone().next().is_some_and(|w| {
                JUDGEMENTS
                    .iter()
                    .any(|j| w.trim_end_matches(':').eq_ignore_ascii_case(j))
            });
        self.claim_word |= words.clone().any(is_claim_token);
        if opening {
            self.opening = count;
        }
        self.phrase |= count >= 2;
        self.words += count;
    }

    /// Three words or more right after the label, a claim word, a judgement, or four words
    /// or more over its segments with a phrase among them ("bigger box, simple, limited";
    /// not "nginx, HAProxy, ELB", bare terms).
    fn is_claim(&self) -> bool {
        self.opening >= 3 || self.judged || self.claim_word || (self.words >= 4 && self.phrase)
    }
}

/// Is the whitespace-separated token `w`, without its punctuation and lower-cased, one of
/// [`CLAIM_WORDS`]?
fn is_claim_token(w: &str) -> bool {
    let lower: String = w
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    is_claim_word(lower.as_bytes())
}

/// Words that open a judgement of the subject a label names ("JWT: pro stateless").
const JUDGEMENTS: &[&str] = &["pro", "pros", "con", "cons", "upside", "downside"];

/// Labels that name no subject of the answer: a heading over what follows.
const GENERIC_LABELS: &[&str] = &[
    "option",
    "options",
    "problem",
    "problems",
    "fix",
    "fixes",
    "solution",
    "pros",
    "pro",
    "cons",
    "con",
    "step",
    "steps",
    "mechanism",
    "backup",
    "answer",
    "note",
    "example",
];

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
    /// The last word so far is a negated verb ("b cannot", "sessions don't" deny something
    /// of their subject) or a modal or auxiliary that a parenthesis cut from its verb ("It
    /// must, no doubt, be stateless"): a claim about its subject either way.
    ends_open: bool,
}

impl KeywordPart {
    fn is_claim(&self) -> bool {
        self.words >= 6
            || (self.words >= 4 && self.claim_word)
            || (self.words == 3 && self.verb)
            || (self.words >= 2 && (self.target || self.ends_open))
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

/// A claim word that ends a claim about its subject: a negated verb ("cannot", "won't",
/// "doesn't", folded), a modal or an auxiliary ("must", "is", "will").
fn ends_a_claim(w: &[u8]) -> bool {
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
            | b"must"
            | b"should"
            | b"can"
            | b"could"
            | b"will"
            | b"would"
            | b"may"
            | b"might"
            | b"is"
            | b"are"
            | b"was"
            | b"were"
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
        ends_open: false,
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
    part.ends_open = false;
    if is_claim_word(lower) {
        part.claim_word = true;
        part.verb |= is_keyword_verb(lower);
        part.ends_open = ends_a_claim(lower);
    }
    // Only an ASCII digit is one in the lowered word too; `lower` is cut at 16 bytes, and no
    // word that long is `p99`.
    part.target |= w.bytes().any(|x| x.is_ascii_digit()) && lower != b"p99" && lower != b"p95";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_lists() {
        let list = |t: &str| is_keyword_list(&Analysis::new(t), t);
        assert!(list("Redis, CDN, cache-aside, TTL"));
        assert!(list("- sticky sessions\n- JWT\n- Redis session store"));
        // A number states a target or a measure ("5-minute TTL").
        assert!(!list(
            "purge the CDN path, delete the Redis key, 5-minute TTL as backstop"
        ));
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
        // So is one whose modal a parenthesis cuts from its verb.
        assert!(!list("It must, no doubt, be stateless."));
        assert!(!list("Sessions are, of course, external"));
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
        assert!(list("Pros: fast, cheap, simple"));
        assert!(list("see https://a.io, http://b.io, CDN"));
        assert!(list("a: b: c, Redis, LB"), "one label");
        // … but labels naming two subjects say what each is or does.
        assert!(!list(
            "JWT: +no store -revoke | store: +any node -extra hop"
        ));
        assert!(!list(
            "client: logged out maybe | CDN: slower | DB: is down"
        ));
        assert!(!list(
            "JWT: pro stateless, con size. Store: pro shared, con hop. Sticky: pro simple"
        ));
        assert!(
            list("JWT: pro, store: con, sticky: pro"),
            "a judgement of nothing"
        );
        assert!(
            list("CDN: edge cache here, CDN: short TTL there, LB"),
            "one subject twice"
        );
        // A term paired with a term or two is still a list, and so are generic labels.
        assert!(list("stateless = JWT, sticky = LB, external = Redis"));
        assert!(list(
            "LB: traffic spreading, app: stateless design, DB: bottleneck risk"
        ));
        assert!(list("up=bigger box, out=more boxes"));
        assert!(list(
            "Option A: JWT tokens here, Option B: sticky sessions there, Option C: Redis here"
        ));
        assert!(list(
            "JWT: stateless/scalable/revocation. Redis: centralised/latency/SPOF."
        ));
        assert!(list("cdn = edge, rp = nginx, app = redis"));
        // A label's value runs over commas to the next label: each side characterised.
        assert!(!list(
            "Scale up: bigger box, simple, limited. Scale out: more boxes, more complex, unlimited."
        ));
        assert!(list("up: bigger, out: more"));
        // … but bare terms after each label are still a list.
        assert!(list("LB: nginx, HAProxy, ELB. App: stateless, Redis, JWT."));
        assert!(list(
            "Cache-aside: lazy, read, miss. Write-through: sync, write, latency."
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
            /// Ends in a negated verb ("b cannot"), a modal or an auxiliary ("It must").
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
                        | "must"
                        | "should"
                        | "can"
                        | "could"
                        | "will"
                        | "would"
                        | "may"
                        | "might"
                        | "is"
                        | "are"
                        | "was"
                        | "were"
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
            "It must, no doubt, be stateless.",
            "Sessions are, of course, in Redis; LB, CDN",
            "b cannot x, y CAN'T, z, dont, shouldn’t",
            "KEEPS state, \u{212A}EEPS, ＫＥＥＰＳ state here",
            "İS it, ẞ, ǅ, Ǆ, naïve cache, café",
            "supercalifragilisticexpialidocious, antidisestablishmentarianism, x",
            "''''''''''''''''''is, '', ' , =, x'y'z",
            "Use Redis because it is shared by all instances",
            "invalidation deletes it, ttl expires it",
            "purge the CDN path, 5-minute TTL as backstop, 12-factor",
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
                // (The labels of two subjects came later, and are their own test.)
                assert_eq!(
                    is_keyword_list(&a, &t),
                    reference_is_keyword_list(&a, &t) && !labels_two_subjects(&t),
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
}
