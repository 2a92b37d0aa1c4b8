//! Is a stretch of the learner's words asserted, negated, or only quoted?
//!
//! The rules, documented for rubric authors in `docs/rubric-format.md`:
//! - negation words (`not`, `never`, `n't` words, `without`, `avoid`, `instead of`, …) within
//!   six words before the match, in the clauses the match covers, flip it (an even number
//!   cancels out); a negation word that the pattern itself names does not count, nor one
//!   inside the match whose negation scope ends before the match's last word (a subordinate
//!   clause `so it doesn't …,`, or a new claim `, that fixes …`, `→`);
//! - an attribution before it in the sentence (`assume`, `the claim that`, `wrongly`, …)
//!   marks a belief the learner reports rather than holds, unless a contrast (`but`) comes
//!   between them;
//! - a rejecting phrase shortly after it (`is wrong`, `is a myth`, `is not true`) refutes it,
//!   in its own clause or in a later one that only points back at it (`, which is a myth`);
//! - in "neither A nor B" each item is denied once;
//! - words inside quotation marks or a block quote, or a sentence that repeats the prompt,
//!   are only quoted.

use std::sync::LazyLock;

use super::analysis::{Analysis, Token};
use super::word_set::WordSet;

/// How the learner relates to a matched claim.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Polarity {
    /// The learner states it.
    Asserted,
    /// The learner denies, rejects or attributes it to someone else.
    Negated,
    /// The learner quotes it (quotation marks, block quote, or repeating the prompt).
    Quoted,
}

/// A match's polarity, and whether the learner denies it outright with a frame before it
/// (`it is not true that …`, `it's false that …`, `it is a myth that …`). A negation word
/// (`doesn't keep state`) or a rejecting phrase after it (`… the assumption is wrong`, as in
/// "if P99 climbs, the throughput assumption is wrong") negates without such a denial: a
/// rule with `polarity: any` credits those, not a denial.
///
/// `reported`: the learner reports it as a third party's words with a verb of saying
/// ("critics say a CDN is enough"), neither endorsing nor rejecting it; `polarity` is then
/// that of the claim reported. It is not the learner's claim, and no denial either: it earns
/// nothing and holds nothing, and the same claim in their own words elsewhere is held, not
/// contradicted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub polarity: Polarity,
    pub refuted: bool,
    pub reported: bool,
}

/// The role a word can play in deciding polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    None,
    Negator,
    /// `instead`, `rather`: a negator when followed by `of` / `than`.
    Contrast,
    /// `but`, `however`, `because`…: a clause boundary.
    Boundary,
    Attribution,
    Reject,
}

/// Negation words (see `Cue::Negator`), with the contracted ones of [`CONTRACTED_NOTS`].
const NEGATORS: &[&str] = &[
    "not", "no", "never", "neither", "nor", "none", "nothing", "nobody", "without", "avoid",
    "avoids", "avoided", "avoiding", "unlike",
];
/// The negation words that are `not` run into another word (`isn't`, `can't`, `cannot`, as
/// folded: apostrophes dropped), misspellings included, and `nt` of the split form `is n't`.
/// A pattern's word `not` matches them
/// (see `pattern::lexicon`): "rps isn't ~140" says what "rps is not ~140" does.
const CONTRACTED_NOTS: &[&str] = &[
    "cannot", "cant", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont",
    "wouldnt", "shouldnt", "couldnt", "hasnt", "havent", "hadnt", "mustnt", "neednt", "aint",
    "dosent", "doesent", "dosnt", "isint", "nt",
];

/// Is the folded word `norm` a contracted `not` (`isnt`, `cant`, `cannot`, …)?
pub fn is_contracted_not(norm: &str) -> bool {
    CONTRACTED_NOTS.contains(&norm)
}

/// See `Cue::Contrast`.
const CONTRASTS: &[&str] = &["instead", "rather"];
/// See `Cue::Boundary`.
const BOUNDARIES: &[&str] = &[
    "but",
    "however",
    "although",
    "though",
    "whereas",
    "because",
    "since",
    "unless",
    "otherwise",
];
/// See `Cue::Attribution`.
const ATTRIBUTIONS: &[&str] = &[
    "assume",
    "assumes",
    "assumed",
    "assuming",
    "assumption",
    "believe",
    "believes",
    "believed",
    "believing",
    "belief",
    "think",
    "thinks",
    "thinking",
    "claim",
    "claims",
    "claimed",
    "claiming",
    "wrongly",
    "mistakenly",
    "misconception",
    "myth",
    "fallacy",
    "pretend",
    "pretends",
    "naively",
    "implies",
    "implying",
    "saying",
];
/// See `Cue::Reject`.
const REJECTS: &[&str] = &[
    "wrong",
    "false",
    "incorrect",
    "untrue",
    "mistaken",
    "misleading",
    "flawed",
    "unnecessary",
    "needless",
    "pointless",
    "bogus",
    "naive",
    // "…, but that's backwards", "which is nonsense" (session 52)
    "backwards",
    "nonsense",
];
/// Words naming an error, or turning against what was said, that refute without being a
/// cue (see [`is_refuting`]).
const ERROR_WORDS: &[&str] = &[
    "error",
    "mistake",
    "problem",
    "issue",
    "flaw",
    "however",
    "but",
    "nope",
    "misses",
    "ignores",
    "overlooks",
    "forgets",
];

/// The cue of a folded word.
pub(crate) fn cue_of(norm: &str) -> Cue {
    // The lists share no word; each is a `WordSet`, asked in this order.
    static CUES: LazyLock<[(WordSet, Cue); 5]> = LazyLock::new(|| {
        [
            (
                WordSet::new(&[NEGATORS, CONTRACTED_NOTS].concat()),
                Cue::Negator,
            ),
            (WordSet::new(CONTRASTS), Cue::Contrast),
            (WordSet::new(BOUNDARIES), Cue::Boundary),
            (WordSet::new(ATTRIBUTIONS), Cue::Attribution),
            (WordSet::new(REJECTS), Cue::Reject),
        ]
    });
    CUES.iter()
        .find(|(set, _)| set.contains(norm))
        .map_or(Cue::None, |&(_, cue)| cue)
}

/// Does the folded word, opening an answer, agree with a statement ("Yes, …", "True: …",
/// "I agree, …" after its "I")? A learner who agrees with a quoted statement repeats its
/// words, and that is their answer (holding the belief), not a copy of the prompt. One who
/// rejects it ("No, …", "Wrong: …") states it only to reject it: that stays a quotation.
fn agrees_opening(norm: &str) -> bool {
    matches!(
        norm,
        "yes" | "yeah" | "yep" | "true" | "correct" | "right" | "agree" | "agreed"
    )
}

/// Does the folded word, closing an answer apart from it ("…, yes.", "…, I agree."), agree
/// with the statement before it? See [`agrees_opening`].
fn agrees_closing(norm: &str) -> bool {
    matches!(norm, "yes" | "agree")
}

/// Does the folded word, opening an answer, reject a statement ("No, …", "Wrong: …", "I
/// disagree, …")?
fn rejects_opening(norm: &str) -> bool {
    matches!(
        norm,
        "no" | "nope" | "false" | "wrong" | "incorrect" | "disagree" | "untrue"
    )
}

/// The words of lower-cased `text`, each with where it starts.
fn words_of(text: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            words.push((s, &text[s..i]));
        }
    }
    if let Some(s) = start {
        words.push((s, &text[s..]));
    }
    words
}

/// The word a verdict opens with: the first, or the second after an "I" ("I agree, …").
fn opening<'a>(words: &[(usize, &'a str)]) -> Option<&'a str> {
    match words {
        [(_, "i"), (_, w), ..] | [(_, w), ..] => Some(w),
        [] => None,
    }
}

/// Does `text` agree with a statement it repeats: it opens with an agreeing word (after
/// one "I": "I agree, …") or closes with one standing apart ("…, yes.", "…, I agree."), and
/// does not end as a question ("Yes, …?", "…, yes?")? See [`agrees_opening`].
pub(crate) fn agrees_with_statement(text: &str) -> bool {
    let lower = text.to_lowercase();
    if lower.trim_end().ends_with('?') {
        return false;
    }
    let words = words_of(&lower);
    if opening(&words).is_some_and(agrees_opening)
        || opens_with_own_belief(&words)
        || no_error_at(&words, 0)
        || closes_with_no_error(&lower, &words)
    {
        return true;
    }
    let [.., (_, before), (_, last)] = words.as_slice() else {
        return false;
    };
    // The closing word (with its "I") stands apart when punctuation comes before it.
    let closing = words.len() - 1 - usize::from(*before == "i");
    stands_apart(&lower, &words, closing) && agrees_closing(last)
}

/// Whether punctuation stands between word `k` of lower-cased `lower` and the word before
/// it (never for the first word).
fn stands_apart(lower: &str, words: &[(usize, &str)], k: usize) -> bool {
    let Some(&(at, w)) = k.checked_sub(1).and_then(|p| words.get(p)) else {
        return false;
    };
    words.get(k).is_some_and(|&(start, _)| {
        lower
            .get(at + w.len()..start)
            .is_some_and(|gap| gap.chars().any(|c| !c.is_whitespace()))
    })
}

/// Whether a verdict of no error, two words, stands at word `k`: "no error", "no mistake",
/// "no problem", "nothing wrong" (the statement is right).
fn no_error_at(words: &[(usize, &str)], k: usize) -> bool {
    let w = |i: usize| words.get(i).map_or("", |&(_, w)| w);
    matches!(
        (w(k), w(k + 1)),
        (
            "no",
            "error" | "errors" | "mistake" | "mistakes" | "problem" | "issue"
        ) | ("nothing", "wrong")
    )
}

/// Does the text close with a verdict of no error standing apart ("…, so no error here.",
/// "… — nothing wrong with it")?
fn closes_with_no_error(lower: &str, words: &[(usize, &str)]) -> bool {
    let mut n = words.len();
    // What may follow the verdict: "here", "really", "with it", "at all".
    loop {
        let w = |i: usize| words.get(i).map_or("", |&(_, w)| w);
        match (n.checked_sub(2).map(w), n.checked_sub(1).map(w)) {
            (_, Some("here" | "there" | "really")) => n -= 1,
            (Some("with"), Some("it" | "that" | "this")) | (Some("at"), Some("all")) => n -= 2,
            _ => break,
        }
    }
    let Some(k) = n.checked_sub(2).filter(|&k| no_error_at(words, k)) else {
        return false;
    };
    // Apart: after "so", or after punctuation.
    let k = if k > 0 && words[k - 1].1 == "so" {
        k - 1
    } else {
        k
    };
    stands_apart(lower, words, k)
}

/// Does the text open with the learner's own belief, not negated: "I'd say …", "I think …",
/// "I believe …", "We'd argue …", "I reckon …" (then what it repeats is what they hold)?
fn opens_with_own_belief(words: &[(usize, &str)]) -> bool {
    let w = |k: usize| words.get(k).map_or("", |&(_, w)| w);
    if !matches!(w(0), "i" | "we") {
        return false;
    }
    // "I'd", "I would", "I really"
    let k = 1 + usize::from(matches!(w(1), "d" | "would" | "do" | "really" | "honestly"));
    matches!(
        w(k),
        "say" | "think" | "believe" | "reckon" | "guess" | "feel" | "argue"
    ) && words.len() > k + 2
}

/// Does `text` open by rejecting a statement ("No, …", "Wrong: …", "I disagree, …")?
pub(crate) fn rejects_statement(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words = words_of(&lower);
    // "No error really, …" agrees.
    opening(&words).is_some_and(rejects_opening) && !no_error_at(&words, 0)
}

/// Does the token refute or reject something: a negation, rejection or attribution word, or
/// a word naming an error?
pub(crate) fn is_refuting(norm: &str) -> bool {
    // Asked about most words of an answer (the copy and refutation checks): one set of the
    // negators, rejections, attributions and error words.
    static REFUTING: LazyLock<WordSet> = LazyLock::new(|| {
        WordSet::new(
            &[
                NEGATORS,
                CONTRACTED_NOTS,
                REJECTS,
                ATTRIBUTIONS,
                ERROR_WORDS,
            ]
            .concat(),
        )
    });
    REFUTING.contains(norm)
}

/// Does the word at `i` report the claim at `first` as a third party's words: a verb of
/// saying just after the third party in its clause ("people sometimes say", "some would
/// argue", "my team lead says", "a colleague told me"; not "I'd say", nor the "say" of an
/// example, "with, say, three instances", nor one that ends its clause and points back, "…
/// like people say, you just …", nor one the learner cites in agreement, "as my manager says
/// …")? A report is neither the learner's claim nor a denial of it (see `Reading::reported`).
/// It reports nothing the learner goes on to endorse ("some would say X, and I agree", "they
/// say X, and they are right", "…, which makes sense to me", or a short next sentence: "She's
/// right.") or to act on ("…, so that's our invalidation", "that's why we scale up", or a
/// short next sentence: "We doubled it."), nor
/// what follows a subordinator after it ("people say a service is stateless when it still
/// keeps sessions in memory": the `when` clause is the learner's; "critics say a CDN is
/// enough, and honestly for us a CDN is enough": so is the clause after `, and`). Hearsay
/// whose source goes unnamed reports too (see [`hearsay`]: "I was told X", "I've heard X",
/// "it is often said that X"); the learner's own "I'd say", "we say" does not.
fn reports(
    toks: &[Token],
    i: usize,
    (from, first, end): (usize, usize, usize),
    next_question: bool,
) -> bool {
    let saying = matches!(
        toks[i].norm(),
        "say" | "says" | "said" | "argue" | "argues" | "argued" | "told"
    ) && toks.get(i + 1).is_some_and(|n| n.clause == toks[i].clause)
        // A word's use, not a claim: "people also say it for clients retrying at once".
        && !(toks.get(i + 1).is_some_and(|n| matches!(n.norm(), "it" | "this" | "that"))
            && toks
                .get(i + 2)
                .is_some_and(|n| matches!(n.norm(), "for" | "about" | "of" | "when")));
    let party = |j: usize| toks[j].clause == toks[i].clause && is_third_party(toks[j].norm());
    // "as my manager says", "my lead rightly says": cited in agreement.
    let cited = |j: usize| matches!(toks[j].norm(), "as" | "like" | "rightly" | "correctly");
    let before = i.saturating_sub(2).max(from)..i;
    let said_by_another = saying
        && before.clone().any(party)
        && !before.clone().any(|j| is_first_person(toks[j].norm()));
    (said_by_another || hearsay(toks, from, i))
        && !(i.saturating_sub(4).max(from)..i).any(cited)
        && !(i + 1..first).any(|j| {
            matches!(
                toks[j].norm(),
                "when" | "while" | "whilst" | "if" | "though" | "although" | "whereas"
            ) || (toks[j].norm() == "and" && toks[j].clause != toks[i].clause)
                // "I heard the arguments and I still think X": the learner's own belief
                || (matches!(toks[j].norm(), "think" | "believe" | "reckon")
                    && is_first_person(toks[j - 1].norm()))
        })
        && !(i + 1..end).any(|j| endorses(toks, i + 1, j) || acts_on(toks, i + 1, j))
        && (next_question
            || !next_short(toks, end, |j| {
                endorses(toks, end, j) || acts_on(toks, end, j) || opens_acting(toks, end, j)
            }))
}

/// Is the word at `i` the verb of hearsay whose source goes unnamed: "I was told", "we've
/// been told", "we're told", "I got told" (not "told to …", an instruction), "I've heard",
/// "I heard (from a friend) that", "we've all heard" (not "heard of"), "I keep hearing",
/// "it is often said", "it's said", "rumor has it" (not "I've read that …": a source read is
/// the learner's own knowledge)?
fn hearsay(toks: &[Token], from: usize, i: usize) -> bool {
    let at = |back: usize| (i >= from + back).then(|| toks[i - back].norm());
    let next = toks.get(i + 1).map_or("", Token::norm);
    // An adverb may stand before the verb: "it is often said", "I've always heard".
    let adverb = matches!(
        at(1),
        Some(
            "often"
                | "sometimes"
                | "commonly"
                | "widely"
                | "frequently"
                | "generally"
                | "usually"
                | "also"
                | "always"
                | "once"
                | "all"
                | "even"
        )
    );
    let aux = if adverb { at(2) } else { at(1) };
    // The subject, within `n` words before the verb, and not in a clause of time, cause or
    // object before it ("once we heard the cache was slow, we …", "from what I heard, …").
    let subject_within = |n: usize, subject: fn(&str) -> bool| {
        (i.saturating_sub(n).max(from)..i).any(|j| {
            subject(toks[j].norm())
                && !(j > from
                    && matches!(
                        toks[j - 1].norm(),
                        "once"
                            | "when"
                            | "after"
                            | "since"
                            | "because"
                            | "as"
                            | "if"
                            | "until"
                            | "before"
                            | "what"
                            | "whatever"
                    ))
        })
    };
    // "We're told": the subject folded into the auxiliary (written longer than its fold).
    // (`aux` is only read when it stands within the sentence, so `k` is a token of it.)
    let contracted_we = || {
        aux == Some("were") && {
            let k = if adverb { i - 2 } else { i - 1 };
            toks[k].end - toks[k].start > toks[k].norm().len()
        }
    };
    match toks[i].norm() {
        // (not "told to …", an instruction, nor "told by nobody")
        "told" => {
            matches!(
                aux,
                Some("was" | "were" | "been" | "got" | "get" | "am" | "are")
            ) && (subject_within(4, is_first_person) || contracted_we())
                && next != "to"
                && !(next == "by"
                    && toks
                        .get(i + 2)
                        .is_some_and(|t| matches!(t.norm(), "nobody" | "no" | "noone" | "none")))
        }
        // (not "heard of …", "heard nothing bad", "heard the arguments")
        "heard" => {
            subject_within(3, is_first_person)
                && !matches!(
                    next,
                    "of" | "about" | "back" | "nothing" | "no" | "none" | "both"
                )
                && !toks
                    .get(i + 2)
                    .is_some_and(|t| matches!(t.norm(), "arguments" | "argument" | "case"))
        }
        // "I keep hearing", "we've been hearing" (not "hearing about …")
        "hearing" => {
            matches!(at(1), Some("keep" | "keeps" | "kept" | "been"))
                && subject_within(4, is_first_person)
                && !matches!(next, "of" | "about" | "back" | "nothing")
        }
        "said" => {
            matches!(aux, Some("is" | "its" | "s" | "been"))
                && subject_within(4, |w| matches!(w, "it" | "its"))
        }
        // "Rumor has it", "word has it"
        "has" => matches!(at(1), Some("rumor" | "rumour" | "word" | "legend")) && next == "it",
        _ => false,
    }
}

/// Is the verb at `i` (from `from` on) the learner's own: right after "I", "we", "I've" …,
/// or with one adverb between ("I really think", "I've always believed"; not "people I've
/// met think", whose subject is the people)?
fn voiced_by_learner(toks: &[Token], from: usize, i: usize) -> bool {
    let at = |back: usize| (i >= from + back).then(|| toks[i - back].norm());
    at(1).is_some_and(is_first_person)
        || (at(2).is_some_and(is_first_person)
            && matches!(
                at(1),
                Some(
                    "always"
                        | "actually"
                        | "generally"
                        | "definitely"
                        | "certainly"
                        | "frankly"
                        | "totally"
                        | "mostly"
                        | "somewhat"
                        | "probably"
                        | "really"
                        | "honestly"
                        | "also"
                        | "long"
                        | "never"
                        | "just"
                        | "truly"
                        | "genuinely"
                        | "still"
                        | "firmly"
                        | "personally"
                        | "strongly"
                        | "do"
                        | "did"
                        | "dont"
                        | "didnt"
                        | "kinda"
                        | "sort"
                        | "would"
                        | "will"
                        | "should"
                        | "can"
                        | "could"
                        | "might"
                        | "may"
                        | "must"
                )
            ))
}

/// Is the folded word the learner's own voice ("I", "we", "I'd", "we'd", "I've", "we've")?
fn is_first_person(norm: &str) -> bool {
    matches!(norm, "i" | "we" | "id" | "wed" | "ive" | "weve")
}

/// Does the word at `j` dispute what was said before it (from `from`): a rejecting word
/// ("wrong", "mistaken", "nonsense"), "disagree", or a negated "right", "correct", "true",
/// "agree", "buy", "believe", "think" ("I don't buy that", "but I don't believe it")?
fn disputes(toks: &[Token], from: usize, j: usize) -> bool {
    let negated = negated_before(toks, from, j);
    toks[j].cue == Cue::Reject
        || match toks[j].norm() {
            "disagree" | "disagrees" | "disagreed" => !negated,
            "right" | "correct" | "true" | "agree" | "buy" | "believe" | "think" => negated,
            _ => false,
        }
}

/// Is the word at `j` negated by one of the two words before it (from `from` on)?
fn negated_before(toks: &[Token], from: usize, j: usize) -> bool {
    (j.saturating_sub(2).max(from)..j).any(|k| toks[k].cue == Cue::Negator)
}

/// Does the word at `j` endorse what was said before it (from `from`): "agree", "trust", a
/// non-negated "right", "correct", "true", "makes sense", "go with that", "knows what …",
/// "and rightly so", "I believe it", "I think so", "which matches my experience"?
fn endorses(toks: &[Token], from: usize, j: usize) -> bool {
    let negated = negated_before(toks, from, j);
    let after = |words: &[&str]| j > from && words.contains(&toks[j - 1].norm());
    !negated
        && match toks[j].norm() {
            "agree" | "agreed" | "trust" | "right" | "correct" | "true" => true,
            // "and rightly so", "and I believe it", "I think so too", "which matches my
            // experience"
            "rightly" => after(&["and"]),
            "believe" | "believed" => after(&["i", "we"]),
            "so" => after(&["think", "believe", "guess", "reckon"]),
            "matches" | "matched" => after(&["which", "that", "this", "it"]),
            "sense" => after(&["makes", "made"]),
            "with" => after(&["go", "going", "went"]),
            "what" => after(&["knows", "know"]),
            _ => false,
        }
}

/// The verbs of a learner acting on what was said ("so we doubled it", "so I set …").
const ACTIONS: &[&str] = &[
    "use", "used", "chose", "choose", "run", "went", "go", "rely", "picked", "pick", "keep",
    "kept", "do", "did", "just", "will", "treat", "set", "put", "doubled", "removed", "added",
    "skip", "skipped", "only", "built", "designed", "add", "can",
];

/// Does the learner act on what was said before the word at `j` (from `from`): "that's why
/// we …", "so that's our (the, what) …", "so we (I) use, add, set, doubled, can …" ("…, so
/// that's our invalidation", "so that's what we run"; not "so I tested it: …", which may
/// well refute it)?
fn acts_on(toks: &[Token], from: usize, j: usize) -> bool {
    let at = |back: usize| (j >= from + back).then(|| toks[j - back].norm());
    let so = |w: Option<&str>| matches!(w, Some("so" | "hence" | "therefore" | "thus"));
    let w = toks[j].norm();
    let why = matches!(w, "we" | "our" | "i") && at(1) == Some("why");
    let thats = matches!(w, "our" | "my" | "the" | "what")
        && matches!(at(1), Some("thats" | "that"))
        && so(at(2));
    let we_do = ACTIONS.contains(&w) && matches!(at(1), Some("we" | "i")) && so(at(2));
    why || thats || we_do
}

/// Does the sentence starting at token `start` open with the learner acting on what was
/// said, its verb at `j`: "We doubled it.", "We use them everywhere.", "I just set that up."
/// (the object pointing back; not "We can test it.", "We removed them." or "We use Redis
/// instead.", which do otherwise)?
fn opens_acting(toks: &[Token], start: usize, j: usize) -> bool {
    let norm = |k: usize| toks.get(k).map_or("", Token::norm);
    let subject = |k: usize| matches!(norm(k), "we" | "i");
    let adverb = |k: usize| matches!(norm(k), "just" | "then" | "also" | "simply");
    let opens = (j == start + 1 && subject(start))
        || (j == start + 2 && subject(start) && adverb(start + 1));
    // The object right after the verb, or after its particle ("rely on it", "went with it").
    let object = match norm(j + 1) {
        "on" | "with" => j + 2,
        _ => j + 1,
    };
    opens
        && matches!(
            norm(j),
            "use"
                | "used"
                | "chose"
                | "picked"
                | "run"
                | "went"
                | "kept"
                | "set"
                | "put"
                | "doubled"
                | "added"
                | "built"
                | "designed"
                | "rely"
                | "relied"
                | "treat"
        )
        && matches!(
            norm(object),
            "it" | "them" | "that" | "this" | "those" | "these"
        )
        && (object + 1..object + 4).all(|k| {
            toks.get(k)
                .is_none_or(|t| t.sentence != toks[j].sentence || t.norm() != "instead")
        })
}

/// Is the sentence starting at token `start` short (six words at most) with a word `at`
/// accepts ("She's right.", "Makes sense to me.", "He's mistaken.")?
fn next_short(toks: &[Token], start: usize, at: impl Fn(usize) -> bool) -> bool {
    let Some(sentence) = toks.get(start).map(|t| t.sentence) else {
        return false;
    };
    let len = toks[start..]
        .iter()
        .take_while(|t| t.sentence == sentence)
        .count();
    len <= 6 && (start..start + len).any(at)
}

/// Can the word name the third party whose words a verb of saying reports ("people say",
/// "my team lead says", "a colleague once told me")? Not a source cited as an authority: "the
/// lecture said", "the docs say" give the learner's own view.
fn is_third_party(norm: &str) -> bool {
    matches!(
        norm,
        "people"
            | "some"
            | "many"
            | "others"
            | "they"
            | "he"
            | "she"
            | "folks"
            | "someone"
            | "somebody"
            | "everyone"
            | "everybody"
            | "critics"
            | "lead"
            | "manager"
            | "boss"
            | "colleague"
            | "colleagues"
            | "coworker"
            | "coworkers"
            | "teammate"
            | "teammates"
            | "team"
            | "architect"
            | "architects"
            | "senior"
            | "seniors"
            | "engineers"
            | "developers"
            | "devs"
            | "friend"
            | "friends"
            | "vendor"
            | "consultant"
            | "startup"
    )
}

/// Does the word turn from what was said before to the learner's own view (`but`, `however`)?
fn is_contrast(norm: &str) -> bool {
    matches!(
        norm,
        "but" | "however" | "although" | "though" | "whereas" | "yet"
    )
}

/// Can the word stand in a clause that rejects what came before it ("which is a total
/// myth", "that's just plain wrong", "and this is not true")?
fn is_pointer_word(norm: &str) -> bool {
    matches!(
        norm,
        "which"
            | "that"
            | "this"
            | "it"
            | "thats"
            | "its"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "s"
            | "and"
            | "so"
            | "also"
            | "a"
            | "an"
            | "the"
            | "just"
            | "simply"
            | "plain"
            | "totally"
            | "completely"
            | "clearly"
            | "obviously"
            | "absolutely"
            | "entirely"
            | "quite"
            | "very"
            | "dead"
            | "total"
            | "complete"
            | "common"
            | "classic"
            | "big"
            | "huge"
            | "sounds"
            | "seems"
            | "not"
    )
}

/// Clears the cue of a negation or rejecting word that, with the words after it, affirms
/// (`no doubt`, `without a doubt`, `no question that`, `no wonder`, `no other way than`,
/// `never forget`, `don't forget`, `not only`, `not just`, `needless to say`): "No doubt
/// sticky sessions are fine" holds the claim. Run once per answer, after its tokens are read.
pub(crate) fn clear_emphatic_cues(tokens: &mut [Token]) {
    for k in 0..tokens.len() {
        let cue = tokens[k].cue;
        if cue != Cue::Negator && cue != Cue::Reject {
            continue;
        }
        let sentence = tokens[k].sentence;
        let after = |n: usize| {
            tokens
                .get(k + n)
                .filter(|t| t.sentence == sentence)
                .map_or("", Token::norm)
        };
        let emphatic = match (tokens[k].norm(), after(1)) {
            ("needless", "to") => after(2) == "say",
            (_, _) if cue == Cue::Reject => false,
            ("no" | "without", "doubt" | "doubts") => true,
            ("without", "a") => after(2) == "doubt",
            ("no", "wonder") => true,
            ("no", "question") => after(2) == "that",
            ("no", "other") => matches!(after(2), "way" | "option" | "choice" | "alternative"),
            ("not", "only" | "just") => true,
            (_, "forget" | "forgetting") => true,
            _ => false,
        };
        if emphatic {
            tokens[k].cue = Cue::None;
        }
    }
}

/// Does sentence `s` open by answering "no" to a question before it: `No`, `Nope`, `Wrong`,
/// `False`, `Not necessarily`, `Not really`, `Not on its own`, `Absolutely not`, `Of course
/// not`…, standing apart (a comma, colon or dash after it, or the sentence's end: "No
/// instance keeps state" answers nothing)?
fn answers_no(a: &Analysis, s: usize) -> bool {
    let Some(sent) = a.sentences.get(s) else {
        return false;
    };
    let words = &a.tokens[sent.first_token..sent.end_token];
    let norm = |i: usize| words.get(i).map_or("", Token::norm);
    // The answer stands apart after its `len` words.
    let apart = |len: usize| {
        words
            .get(len)
            .is_none_or(|next| next.clause != words[len - 1].clause)
    };
    let turns_back = |len: usize| {
        is_contrast(norm(len))
            && !(len + 1..len + 5).any(|k| {
                matches!(
                    norm(k),
                    "once" | "if" | "when" | "provided" | "after" | "until" | "unless"
                )
            })
    };
    let len = match (norm(0), norm(1)) {
        (w, _) if rejects_opening(w) && w != "disagree" => 1,
        ("not", "necessarily" | "really" | "always" | "quite" | "exactly" | "so" | "true") => 2,
        ("not", "at") if norm(2) == "all" => 3,
        // "Not on its own", "Not by itself", "Not alone": not as the question puts it,
        // unless a "but" right after it turns back to it ("Not on its own, but for us yes, a
        // CDN is enough"; not "…, but yes once the servers are stateless", a condition).
        ("not", "on") if matches!(norm(2), "its" | "their") && norm(3) == "own" => {
            return apart(4) && !turns_back(4);
        }
        ("not", "by") if matches!(norm(2), "itself" | "themselves") => {
            return apart(3) && !turns_back(3);
        }
        ("not", "alone") => return apart(2) && !turns_back(2),
        ("absolutely" | "definitely" | "certainly" | "surely", "not") => 2,
        ("of", "course") if norm(2) == "not" => 3,
        _ => return false,
    };
    apart(len)
}

/// How many words before a match a negation word may stand.
const NEGATION_REACH: usize = 6;
/// How many words after a match a rejecting phrase may stand.
const REJECT_REACH: usize = 10;

/// A denial framing a claim (see `Analysis::denial_frame`): the first word of its head, and
/// the negation word that denies the frame itself, if one does.
#[derive(Debug, Clone, Copy)]
struct Frame {
    head: usize,
    negated_by: Option<usize>,
}

impl Frame {
    /// Does the frame deny the claim (it is not itself denied)?
    fn denies(&self) -> bool {
        self.negated_by.is_none()
    }

    /// Is token `i` one of the frame's own words that polarity must not count again: the
    /// head (`not` of `not true that`, `myth`) or the negation denying the frame?
    fn owns(&self, i: usize) -> bool {
        i == self.head || Some(i) == self.negated_by
    }
}

/// Words after a denial's head that make it a frame around a claim: `that`, or `to` and a
/// verb of saying or thinking (`it is wrong to say that …`).
const FRAME_VERBS: &[&str] = &[
    "say", "think", "claim", "believe", "assume", "suggest", "state", "argue",
];

impl Analysis {
    /// The polarity of a match whose matched tokens are `matched` (ascending indexes, all in
    /// one sentence).
    pub fn polarity(&self, matched: &[usize]) -> Polarity {
        self.reading(matched).polarity
    }

    /// The denial framing the claim that starts at `first`, in the sentence from `from`: `not true that`, `not the case that`, `false that`, `wrong to say that`,
    /// `a myth that`, `a misconception that`. Nothing but the frame's own words stands
    /// between its head and `that` (so "the false positive rate shows that" is no frame),
    /// and head and claim stand in one clause (a `but` or `because`, a comma or a colon
    /// between them ends the frame).
    fn denial_frame(&self, from: usize, first: usize) -> Option<Frame> {
        let toks = &self.tokens;
        let norm = |i: usize| if i < first { toks[i].norm() } else { "" };
        let head = (from..first).rev().find(|&i| {
            // Head, `that` and claim in one clause: in "it is false that X, so Y" only X is
            // denied.
            if toks[i].clause != toks[first].clause {
                return false;
            }
            // The words of the head: a rejecting word, `myth`-like nouns, or a negation
            // and what it says is not so.
            let after = match toks[i].cue {
                Cue::Reject => i + 1,
                Cue::Attribution if matches!(norm(i), "myth" | "misconception" | "fallacy") => {
                    i + 1
                }
                Cue::Negator => match norm(i + 1) {
                    "true" | "correct" | "right" | "valid" | "accurate" => i + 2,
                    "the" if norm(i + 2) == "case" => i + 3,
                    _ => return false,
                },
                _ => return false,
            };
            let claim_from = match norm(after) {
                "that" => after + 1,
                "to" if FRAME_VERBS.contains(&norm(after + 1)) => {
                    if norm(after + 2) == "that" {
                        after + 3
                    } else {
                        after + 2
                    }
                }
                _ => return false,
            };
            // (A boundary word, `but` or `because`, starts a clause of its own: the clause
            // test above leaves it out.)
            claim_from <= first
        })?;
        // "It is not a myth that …", "it's not wrong to say that …": the frame is itself
        // denied (a negation word just before its head, in its clause), and the claim stands.
        let negated_by = (head.saturating_sub(3).max(from)..head)
            .rev()
            .find(|&j| toks[j].cue == Cue::Negator && toks[j].clause == toks[head].clause);
        Some(Frame { head, negated_by })
    }

    /// Does the match `held` name a negation word that stands where it negates the match
    /// `negated` (from `NEGATION_REACH` words before its first word to its last word)? Then
    /// the two are one reading of the same words, not a claim and its denial: in "sticky
    /// sessions aren't a problem if the LB is smart enough" a rule's pattern names "aren't a
    /// problem" (held), and its other pattern "sticky … enough" reads as negated by it.
    pub fn negation_taken_by(&self, held: &[usize], negated: &[usize]) -> bool {
        let (Some(&first), Some(&last)) = (negated.first(), negated.last()) else {
            return false;
        };
        held.iter().any(|&i| {
            self.tokens[i].cue == Cue::Negator
                && i + NEGATION_REACH >= first
                && i < last
                && self.tokens[i].sentence == self.tokens[first].sentence
        })
    }

    /// Does the match starting at token `first` stand in a condition: after `if`, `when`,
    /// `unless` or `whenever` in its own clause ("the statistics could be stale if nobody ran
    /// ANALYZE")? A negation there states a condition, not a denial of the point.
    pub fn in_condition(&self, first: usize) -> bool {
        let toks = &self.tokens;
        let Some(t) = toks.get(first) else {
            return false;
        };
        toks[..first]
            .iter()
            .rev()
            .take_while(|p| p.sentence == t.sentence && p.clause == t.clause)
            .any(|p| matches!(p.norm(), "if" | "when" | "unless" | "whenever"))
    }

    /// The polarity of a match whose matched tokens are `matched` (ascending indexes, all in
    /// one sentence), and whether the learner refutes it (see [`Reading`]).
    pub fn reading(&self, matched: &[usize]) -> Reading {
        let (Some(&first), Some(&last)) = (matched.first(), matched.last()) else {
            return Reading {
                polarity: Polarity::Asserted,
                refuted: false,
                reported: false,
            };
        };
        let toks = &self.tokens;
        let sentence = toks[first].sentence;
        if matched.iter().all(|&i| toks[i].quoted) || self.sentences[sentence as usize].echo_quote {
            return Reading {
                polarity: Polarity::Quoted,
                refuted: false,
                reported: false,
            };
        }
        let sent = &self.sentences[sentence as usize];
        let is_negator = |i: usize| match toks[i].cue {
            Cue::Negator => true,
            Cue::Contrast => toks
                .get(i + 1)
                .is_some_and(|n| n.norm() == "of" || n.norm() == "than"),
            _ => false,
        };
        // Negation words shortly before or inside the match, in the clause of its first word or
        // of its last word (a negation in a clause the match only spans over, as in "bigger,
        // no code changes, and more fault tolerant", belongs to that clause alone).
        let from = first.saturating_sub(NEGATION_REACH).max(sent.first_token);
        let (first_clause, last_clause) = (toks[first].clause, toks[last].clause);
        // A negation word inside the match reaches its last word only within one negation
        // scope: in "add jitter so it doesn't all expire at once, that fixes the herd" the
        // "doesn't" ends with its subordinate clause, and "that fixes the herd" is asserted.
        // "Neither A nor B" denies each item once: the "nor" before B stands for the
        // "neither", which then does not count for B.
        let neither_answered = |i: usize| {
            toks[i].norm() == "neither" && (i + 1..first).any(|j| toks[j].norm() == "nor")
        };
        // A denial framing the claim ("it is not true that …") refutes it once, and a denied
        // one ("it is not a myth that …") not at all: their own words are not counted again
        // below.
        let frame = self.denial_frame(sent.first_token, first);
        let owned = |i: usize| frame.is_some_and(|f| f.owns(i));
        let denies = frame.is_some_and(|f| f.denies());
        // (The negation test first: it settles nearly every word with one load, and the tests
        // have no effects, so their order does not change the count.)
        let mut flips = (from..last)
            .filter(|&i| {
                is_negator(i)
                    && !owned(i)
                    && (toks[i].clause == first_clause || toks[i].clause == last_clause)
                    && (i < first || toks[i].scope == toks[last].scope)
                    && matched.binary_search(&i).is_err()
                    && !neither_answered(i)
            })
            .count();
        // "I think …" is the learner's own belief; "they assume …" is not, and "people say
        // …" only reports a claim. An attribution or a report ends at a contrast: in "people
        // say you can't revoke them, but you can just delete the cookie" the words after
        // "but" are the learner's own.
        let ends_before =
            |i: usize| !owned(i) && !(i + 1..first).any(|j| is_contrast(toks[j].norm()));
        // A past belief of the learner's that the next sentence rejects ("I've always
        // assumed X. Wrong: …") is refuted as another's would be.
        let own = |i: usize| {
            ends_before(i)
                && (!voiced_by_learner(toks, sent.first_token, i)
                    || (matches!(toks[i].norm(), "assumed" | "believed")
                        && answers_no(self, sentence as usize + 1)))
        };
        let attributed =
            (sent.first_token..first).any(|i| toks[i].cue == Cue::Attribution && own(i));
        // (A question next is no endorsement: "Are they right? No: …".)
        let next_question = (self.sentences.get(sentence as usize + 1)).is_some_and(|s| s.question);
        let span = (sent.first_token, first, sent.end_token);
        let said = !attributed
            && (sent.first_token..first)
                .any(|i| reports(toks, i, span, next_question) && ends_before(i));
        // A report the learner disputes after it ("…, but I disagree", "He's mistaken.")
        // refutes the claim, as a rejecting predicate does.
        let disputed = said
            && ((last + 1..sent.end_token).any(|j| disputes(toks, last + 1, j))
                || (!next_question
                    && next_short(toks, sent.end_token, |j| disputes(toks, sent.end_token, j))));
        let end = (last + 1 + REJECT_REACH).min(sent.end_token);
        // A rejecting predicate: "… is wrong", "… which is a myth", "… — wrong", "… is not true".
        let predicate = |i: usize| {
            toks[i].clause != toks[i - 1].clause
                || (i.saturating_sub(3).max(last + 1)..i).any(|j| {
                    matches!(
                        toks[j].norm(),
                        "is" | "are"
                            | "was"
                            | "were"
                            | "be"
                            | "s"
                            | "thats"
                            | "its"
                            | "which"
                            | "sounds"
                            | "seems"
                    )
                })
        };
        // In a later clause, only the rejection itself or words pointing back at the claim
        // may come before the rejecting word ("…, which is a myth", "— wrong"), after a
        // contrast opening the clause when the rejecting word ends it ("…, but that's
        // backwards."; not "…, but it's wrong to think …"): in "fail closed — a price could
        // be wrong otherwise" the price is what is wrong.
        let about_the_claim = |i: usize| {
            let clause = toks[i].clause;
            let before = || (last + 1..i).filter(|&j| toks[j].clause == clause);
            let contrast = before().next().is_some_and(|j| is_contrast(toks[j].norm()));
            let ends_clause = toks
                .get(i + 1)
                .is_none_or(|n| n.clause != clause || i + 1 >= sent.end_token);
            clause == toks[last].clause
                || before().enumerate().all(|(k, j)| {
                    let w = toks[j].norm();
                    is_pointer_word(w) || (k == 0 && contrast && ends_clause)
                })
        };
        // A token's cue is `cue_of` its folded form: `myth`, `misconception` and `fallacy` are
        // attributions and `not` a negator, so any other cue settles a word without comparing
        // its text (see the test `rejecting_words_have_the_cues_polarity_asks_first`).
        let rejected = (last + 1..end).any(|i| {
            let (cue, norm) = (toks[i].cue, toks[i].norm());
            let word = cue == Cue::Reject
                || (cue == Cue::Attribution
                    && matches!(norm, "myth" | "misconception" | "fallacy"));
            // "… is not true", "…, not the case", "which is not the right way to see it": a
            // bare "not the" after a comma is a contrast ("the keys are sorted, not the
            // rows"), not a rejection.
            let not_true = cue == Cue::Negator
                && norm == "not"
                && toks.get(i + 1).is_some_and(|n| match n.norm() {
                    "true" | "correct" | "right" | "valid" => true,
                    "the" => toks.get(i + 2).is_some_and(|c| {
                        matches!(c.norm(), "case" | "truth" | "right" | "correct" | "true")
                    }),
                    _ => false,
                });
            // "… — no: the state is pinned": a "no" alone in its clause after the claim (not
            // "— no server keeps state").
            let bare_no = matches!(norm, "no" | "nope")
                && toks[i].clause != toks[i - 1].clause
                && toks.get(i + 1).is_none_or(|n| n.clause != toks[i].clause);
            ((word || not_true) && predicate(i) || bare_no) && about_the_claim(i)
        });
        // A question answered "no" by the next sentence ("Are sticky sessions fine? No: …",
        // "Write-behind is safe? Not necessarily.") puts the claim only to reject it, as a
        // denial framing it does. The "no" rejects what the question says of its subject: a
        // match reaching the question's last words ("sessions fine", "safe", "memory fixes
        // it"), or one spread over it ("caching everything … good idea"); not a thing it
        // only names ("a CDN" in "Is a CDN enough? No: Redis sits behind it").
        let answered_no = sent.question
            && ((last + 1..sent.end_token).all(|i| is_pointer_word(toks[i].norm()))
                || last - first + 1 > matched.len())
            && answers_no(self, sentence as usize + 1);
        // Only reported: by a verb of saying, and neither rejected nor denied ("people say X,
        // which is wrong" refutes X once). A report leaves the claim's own polarity.
        let reported = said && !(rejected || denies || answered_no || disputed);
        // "Thinking X is wrong": attribution and rejection refute the same claim once.
        if attributed || rejected || denies || answered_no || disputed {
            flips += 1;
        }
        Reading {
            polarity: if flips % 2 == 1 {
                Polarity::Negated
            } else {
                Polarity::Asserted
            },
            refuted: denies || (answered_no && flips % 2 == 1),
            reported,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cue_of` as first written (one `match`): the sets must agree with it.
    fn reference_cue_of(norm: &str) -> Cue {
        match norm {
            "not" | "no" | "never" | "neither" | "nor" | "none" | "nothing" | "nobody"
            | "without" | "cannot" | "cant" | "dont" | "doesnt" | "didnt" | "isnt" | "arent"
            | "wasnt" | "werent" | "wont" | "wouldnt" | "shouldnt" | "couldnt" | "hasnt"
            | "havent" | "hadnt" | "mustnt" | "neednt" | "aint" | "dosent" | "doesent"
            | "dosnt" | "isint" | "avoid" | "avoids" | "avoided" | "avoiding" | "unlike" | "nt" => {
                Cue::Negator
            }
            "instead" | "rather" => Cue::Contrast,
            "but" | "however" | "although" | "though" | "whereas" | "because" | "since"
            | "unless" | "otherwise" => Cue::Boundary,
            "assume" | "assumes" | "assumed" | "assuming" | "assumption" | "believe"
            | "believes" | "believed" | "believing" | "belief" | "think" | "thinks"
            | "thinking" | "claim" | "claims" | "claimed" | "claiming" | "wrongly"
            | "mistakenly" | "misconception" | "myth" | "fallacy" | "pretend" | "pretends"
            | "naively" | "implies" | "implying" | "saying" => Cue::Attribution,
            "wrong" | "false" | "incorrect" | "untrue" | "mistaken" | "misleading" | "flawed"
            | "unnecessary" | "needless" | "pointless" | "bogus" | "naive" | "backwards"
            | "nonsense" => Cue::Reject,
            _ => Cue::None,
        }
    }

    /// `is_refuting` as first written.
    fn reference_is_refuting(norm: &str) -> bool {
        matches!(
            reference_cue_of(norm),
            Cue::Negator | Cue::Reject | Cue::Attribution
        ) || matches!(
            norm,
            "error"
                | "mistake"
                | "problem"
                | "issue"
                | "flaw"
                | "however"
                | "but"
                | "nope"
                | "misses"
                | "ignores"
                | "overlooks"
                | "forgets"
        )
    }

    #[test]
    fn cue_sets_agree_with_the_first_match() {
        let lists = [
            NEGATORS,
            CONTRACTED_NOTS,
            CONTRASTS,
            BOUNDARIES,
            ATTRIBUTIONS,
            REJECTS,
            ERROR_WORDS,
        ];
        let others = [
            "",
            "x",
            "Not",
            "nots",
            "no\u{0}",
            "cache",
            "yes",
            "which",
            "nothings",
            "naiv",
            "misconceptions",
            "errors",
            "but't",
        ];
        for w in lists.iter().flat_map(|l| l.iter()).chain(others.iter()) {
            assert_eq!(cue_of(w), reference_cue_of(w), "{w:?}");
            assert_eq!(is_refuting(w), reference_is_refuting(w), "{w:?}");
        }
        // The cue lists share no word (so their order does not matter).
        let cues = &lists[..6];
        let all: Vec<&str> = cues.iter().flat_map(|l| l.iter().copied()).collect();
        let distinct: std::collections::HashSet<&str> = all.iter().copied().collect();
        assert_eq!(all.len(), distinct.len());
    }

    /// `Analysis::polarity` as it was before its tests were reordered to ask each word's cue
    /// first (session 18): the two must agree on every span.
    fn reference_polarity(a: &Analysis, matched: &[usize]) -> Polarity {
        let (Some(&first), Some(&last)) = (matched.first(), matched.last()) else {
            return Polarity::Asserted;
        };
        let toks = &a.tokens;
        let sentence = toks[first].sentence;
        if matched.iter().all(|&i| toks[i].quoted) || a.sentences[sentence as usize].echo_quote {
            return Polarity::Quoted;
        }
        let sent = &a.sentences[sentence as usize];
        let is_negator = |i: usize| match toks[i].cue {
            Cue::Negator => true,
            Cue::Contrast => toks
                .get(i + 1)
                .is_some_and(|n| n.norm() == "of" || n.norm() == "than"),
            _ => false,
        };
        // Negation words shortly before or inside the match, in the clause of its first word or
        // of its last word (a negation in a clause the match only spans over, as in "bigger,
        // no code changes, and more fault tolerant", belongs to that clause alone).
        let from = first.saturating_sub(NEGATION_REACH).max(sent.first_token);
        let (first_clause, last_clause) = (toks[first].clause, toks[last].clause);
        // A negation word inside the match reaches its last word only within one negation
        // scope: in "add jitter so it doesn't all expire at once, that fixes the herd" the
        // "doesn't" ends with its subordinate clause, and "that fixes the herd" is asserted.
        // "Neither A nor B" denies each item once: the "nor" before B stands for the
        // "neither", which then does not count for B.
        let neither_answered = |i: usize| {
            toks[i].norm() == "neither" && (i + 1..first).any(|j| toks[j].norm() == "nor")
        };
        let mut flips = (from..last)
            .filter(|&i| {
                (toks[i].clause == first_clause || toks[i].clause == last_clause)
                    && (i < first || toks[i].scope == toks[last].scope)
                    && matched.binary_search(&i).is_err()
                    && is_negator(i)
                    && !neither_answered(i)
            })
            .count();
        // "I think …" is the learner's own belief; "they assume …" is not. An attribution
        // ends at a contrast: in "people say you can't revoke them, but you can just delete
        // the cookie" the words after "but" are the learner's own.
        let attributed = (sent.first_token..first).any(|i| {
            toks[i].cue == Cue::Attribution
                && !(i.saturating_sub(2).max(sent.first_token)..i)
                    .any(|j| matches!(toks[j].norm(), "i" | "we" | "id" | "wed"))
                && !(i + 1..first).any(|j| is_contrast(toks[j].norm()))
        });
        let end = (last + 1 + REJECT_REACH).min(sent.end_token);
        // A rejecting predicate: "… is wrong", "… which is a myth", "… — wrong", "… is not true".
        let predicate = |i: usize| {
            toks[i].clause != toks[i - 1].clause
                || (i.saturating_sub(3).max(last + 1)..i).any(|j| {
                    matches!(
                        toks[j].norm(),
                        "is" | "are"
                            | "was"
                            | "were"
                            | "be"
                            | "s"
                            | "thats"
                            | "its"
                            | "which"
                            | "sounds"
                            | "seems"
                    )
                })
        };
        // In a later clause, only the rejection itself or words pointing back at the claim
        // may come before the rejecting word ("…, which is a myth", "— wrong"), after a
        // contrast opening the clause ("…, but that's backwards"): in "fail closed — a price
        // could be wrong otherwise" the price is what is wrong.
        let about_the_claim = |i: usize| {
            let clause = toks[i].clause;
            clause == toks[last].clause
                || (last + 1..i)
                    .filter(|&j| toks[j].clause == clause)
                    .enumerate()
                    .all(|(k, j)| {
                        let w = toks[j].norm();
                        is_pointer_word(w) || (k == 0 && is_contrast(w))
                    })
        };
        let rejected = (last + 1..end).any(|i| {
            let word = toks[i].cue == Cue::Reject
                || matches!(toks[i].norm(), "myth" | "misconception" | "fallacy");
            let not_true = toks[i].norm() == "not"
                && toks.get(i + 1).is_some_and(|n| match n.norm() {
                    "true" | "correct" | "right" | "valid" => true,
                    "the" => toks.get(i + 2).is_some_and(|c| {
                        matches!(c.norm(), "case" | "truth" | "right" | "correct" | "true")
                    }),
                    _ => false,
                });
            // "… — no: the state is pinned": a "no" alone in its clause after the claim (not
            // "— no server keeps state").
            let bare_no = matches!(toks[i].norm(), "no" | "nope")
                && toks[i].clause != toks[i - 1].clause
                && toks.get(i + 1).is_none_or(|n| n.clause != toks[i].clause);
            ((word || not_true) && predicate(i) || bare_no) && about_the_claim(i)
        });
        let next_question = (a.sentences.get(sentence as usize + 1)).is_some_and(|s| s.question);
        let said = !attributed
            && (sent.first_token..first).any(|i| {
                reports(
                    toks,
                    i,
                    (sent.first_token, first, sent.end_token),
                    next_question,
                ) && !(i + 1..first).any(|j| is_contrast(toks[j].norm()))
            });
        let disputed = said
            && ((last + 1..sent.end_token).any(|j| disputes(toks, last + 1, j))
                || (!next_question
                    && next_short(toks, sent.end_token, |j| disputes(toks, sent.end_token, j))));
        // "Thinking X is wrong": attribution and rejection refute the same claim once.
        if attributed || rejected || disputed {
            flips += 1;
        }
        if flips % 2 == 1 {
            Polarity::Negated
        } else {
            Polarity::Asserted
        }
    }

    /// A token's cue is `cue_of` its folded form, and the words `polarity` compares by text
    /// after its cue test have the cue it asks for.
    #[test]
    fn rejecting_words_have_the_cues_polarity_asks_first() {
        for w in ["myth", "misconception", "fallacy"] {
            assert_eq!(cue_of(w), Cue::Attribution, "{w}");
        }
        assert_eq!(cue_of("not"), Cue::Negator);
        let a = Analysis::new("A MYTH, a Misconception and a fallacy? NOT true, not.");
        assert!(!a.tokens.is_empty());
        for t in &a.tokens {
            assert_eq!(t.cue, cue_of(t.norm()), "{:?}", t.norm());
        }
    }

    /// `polarity` agrees with [`reference_polarity`] on every span of up to six tokens in one
    /// sentence, and on every pair of tokens, of texts full of cues.
    #[test]
    fn polarity_agrees_with_the_first_order_of_tests() {
        let texts = [
            "Sticky sessions are fine if the LB is smart.",
            "I think sticky sessions are fine, but they assume the node never dies.",
            "Neither blind fail-open nor fail-closed works here, which is a myth.",
            "People say you can't revoke them, but you can just delete the cookie - wrong.",
            "It is not true that caching is free; that's just plain wrong, not the point.",
            "The keys are sorted, not the rows; sharding helps, which is not the case.",
            "We don't avoid a cache instead of the DB rather than a queue: no, never, not.",
            "Add jitter so it doesn't all expire at once, that fixes the herd → misconception.",
            "They wrongly claim that TTL is enough. This is a fallacy and not correct.",
            "\"Scaling up is unlimited\" is a myth; > quoted not wrong",
            "",
            "not",
            "Myth: not not not wrong wrong.",
        ];
        for t in texts {
            let a = Analysis::new(t);
            let n = a.tokens.len();
            let mut spans: Vec<Vec<usize>> = vec![Vec::new()];
            for i in 0..n {
                for j in i..n.min(i + 6) {
                    if a.tokens[j].sentence == a.tokens[i].sentence {
                        spans.push((i..=j).collect());
                        spans.push(if i == j { vec![i] } else { vec![i, j] });
                    }
                }
            }
            for s in &spans {
                assert_eq!(a.polarity(s), reference_polarity(&a, s), "{t:?} {s:?}");
            }
        }
    }

    /// The reading of the words `needle` (consecutive) in `text`.
    #[track_caller]
    fn reading(text: &str, needle: &[&str]) -> Reading {
        let a = Analysis::new(text);
        let start = a
            .tokens
            .windows(needle.len())
            .position(|w| w.iter().zip(needle).all(|(t, n)| t.norm() == *n))
            .expect("needle in text");
        let idx: Vec<usize> = (start..start + needle.len()).collect();
        a.reading(&idx)
    }

    /// The polarity of the words `needle` (consecutive) in `text`.
    #[track_caller]
    fn pol(text: &str, needle: &[&str]) -> Polarity {
        reading(text, needle).polarity
    }

    #[test]
    fn plain_statements_are_asserted() {
        assert_eq!(
            pol(
                "Sticky sessions are fine if the LB is smart.",
                &["sticky", "sessions", "are", "fine"]
            ),
            Polarity::Asserted
        );
        assert_eq!(
            pol(
                "I think sticky sessions are fine.",
                &["sticky", "sessions", "are", "fine"]
            ),
            Polarity::Asserted
        );
    }

    /// A question answered "no" by the next sentence puts its claim only to reject it; one
    /// answered otherwise, or not at all, still states it.
    #[test]
    fn a_question_answered_no_is_rejected() {
        for (text, needle) in [
            (
                "Are sticky sessions fine? No: sessions are lost when the instance dies.",
                &["sticky", "sessions", "fine"][..],
            ),
            (
                "Is a CDN enough? No: Redis sits behind it.",
                &["cdn", "enough"],
            ),
            (
                "Write-behind is safe? No. The write is acknowledged first.",
                &["safe"],
            ),
            (
                "Doubling memory fixes it? Not necessarily: only if the working set fits.",
                &["fixes"],
            ),
            (
                "Is a CDN enough? Of course not, the API still hits the DB.",
                &["enough"],
            ),
            ("Is caching everything fine? Nope.", &["fine"]),
            (
                "Does adding an LB make it scalable? Not on its own.",
                &["make", "it", "scalable"],
            ),
            (
                "Is a CDN enough? Not by itself: the API still hits the DB.",
                &["enough"],
            ),
            (
                "Is a CDN enough? Not on its own, but yes once the API responses are cached.",
                &["enough"],
            ),
        ] {
            let r = reading(text, needle);
            assert_eq!(r.polarity, Polarity::Negated, "{text:?}");
            assert!(r.refuted, "{text:?}");
        }
        for (text, needle) in [
            (
                "Are sticky sessions fine? Yes, if the LB is smart.",
                &["sticky", "sessions", "fine"][..],
            ),
            (
                "Are sticky sessions fine? No instance keeps state anyway.",
                &["sticky", "sessions", "fine"],
            ),
            (
                "Sticky sessions are fine. No: they are lost.",
                &["sticky", "sessions", "are", "fine"],
            ),
            ("Are sticky sessions fine?", &["sticky", "sessions", "fine"]),
            // "Not on its own, but …" turning back to it, and "Not alone in …"
            (
                "Is a CDN enough? Not on its own, but for us yes, a CDN is enough.",
                &["cdn", "enough"],
            ),
            (
                "Is a CDN enough? Not alone in that, teams use one everywhere.",
                &["cdn", "enough"],
            ),
            // What the question only names stands.
            ("Is a CDN enough? No: Redis sits behind it.", &["cdn"]),
            ("Is the load balancer enough? No.", &["load", "balancer"]),
        ] {
            let r = reading(text, needle);
            assert_eq!(r.polarity, Polarity::Asserted, "{text:?}");
            assert!(!r.refuted, "{text:?}");
        }
        // A match spread over the question is what it asks.
        let a = Analysis::new("Is caching everything a good idea? No: stale data.");
        let at = |w: &str| a.tokens.iter().position(|t| t.norm() == w).unwrap();
        let spread = [at("caching"), at("everything"), at("good")];
        assert_eq!(a.polarity(&spread), Polarity::Negated);
    }

    /// `No doubt`, `never forget`, `not only`, `needless to say`… affirm what follows.
    #[test]
    fn emphatic_negations_affirm() {
        for (text, needle) in [
            (
                "No doubt sticky sessions are fine.",
                &["sticky", "sessions", "are", "fine"][..],
            ),
            (
                "There's no doubt that a CDN is enough.",
                &["cdn", "is", "enough"],
            ),
            ("Without a doubt it must be stateless.", &["stateless"]),
            ("Never forget that it must be stateless.", &["stateless"]),
            ("Don't forget to keep it stateless.", &["stateless"]),
            (
                "Needless to say that caching everything is fine.",
                &["caching", "everything", "is", "fine"],
            ),
            ("Not only is it stateless, it also scales.", &["stateless"]),
            ("No wonder sessions are lost.", &["sessions", "are", "lost"]),
            ("There is no question that it is stateless.", &["stateless"]),
            ("There's no other way than stateless.", &["stateless"]),
        ] {
            assert_eq!(pol(text, needle), Polarity::Asserted, "{text:?}");
        }
        for text in [
            "It is not stateless.",
            "It is never stateless, no doubt.",
            "There is no question of it being stateless.",
        ] {
            assert_eq!(pol(text, &["stateless"]), Polarity::Negated, "{text:?}");
        }
    }

    #[test]
    fn neither_nor_denies_each_item_once() {
        let text = "Neither blind fail-open nor fail-closed works here.";
        assert_eq!(pol(text, &["fail", "open"]), Polarity::Negated);
        assert_eq!(pol(text, &["fail", "closed"]), Polarity::Negated);
        assert_eq!(
            pol(
                "I'd pick neither of them, nor sticky sessions.",
                &["sticky", "sessions"]
            ),
            Polarity::Negated
        );
    }

    #[test]
    fn an_attribution_ends_at_a_contrast() {
        let text = "People think you can't revoke them, but you can just delete the cookie.";
        assert_eq!(pol(text, &["delete", "the", "cookie"]), Polarity::Asserted);
        assert_eq!(
            pol("People think write-behind is safe.", &["safe"]),
            Polarity::Negated
        );
        assert_eq!(
            pol(
                "They assume it scales because the LB spreads load.",
                &["spreads", "load"]
            ),
            Polarity::Negated
        );
    }

    /// A verb of saying reports the claim after it as the words of the third party just
    /// before it: neither the learner's claim nor a denial, with the claim's own polarity
    /// ("my lead says X is not fine" reports a negated X). The learner's own "I'd say", the
    /// "say" of an example, a citation in agreement, an endorsement, the learner acting on it,
    /// and a clause after a subordinator or `, and` are no report.
    #[test]
    fn a_third_party_saying_reports() {
        for text in [
            "Some would argue sticky sessions are fine.",
            "People sometimes say sticky sessions are fine.",
            "Many say sticky sessions are fine.",
            "Critics say sticky sessions are fine.",
            "My team lead actually says sticky sessions are fine.",
            "A colleague once told me sticky sessions are fine.",
            // hearsay, its source unnamed
            "I was told sticky sessions are fine.",
            "We've been told that sticky sessions are fine.",
            "I've heard sticky sessions are fine.",
            "I heard from a friend that sticky sessions are fine.",
            "It is often said that sticky sessions are fine.",
            "It's said sticky sessions are fine.",
            "We're told sticky sessions are fine.",
            "We’re often told sticky sessions are fine.",
            "We are told sticky sessions are fine.",
            "I keep hearing that sticky sessions are fine.",
            "We've been hearing sticky sessions are fine.",
            "Rumour has it that sticky sessions are fine.",
        ] {
            let r = reading(text, &["fine"]);
            assert_eq!(
                (r.polarity, r.reported),
                (Polarity::Asserted, true),
                "{text}"
            );
        }
        for text in [
            "My lead says sticky sessions are not fine.",
            "Many say sticky sessions are never fine.",
        ] {
            let r = reading(text, &["fine"]);
            assert_eq!(
                (r.polarity, r.reported),
                (Polarity::Negated, true),
                "{text}"
            );
        }
        for text in [
            "I'd say sticky sessions are fine.",
            "With, say, three instances sticky sessions are fine.",
            "Let's say sticky sessions are fine.",
            "Sessions aren't a problem like people say, sticky sessions are fine.",
            "As my manager says sticky sessions are fine.",
            "According to our architect, sticky sessions are fine.",
            // endorsed, acted on, or the learner's own clause after a subordinator
            "Some would say sticky sessions are fine, and I agree.",
            "They say sticky sessions are fine, and they are right.",
            "A colleague told me sticky sessions are fine, which makes sense to me.",
            "The team said sticky sessions are fine, so that's our design.",
            "My lead said sticky sessions are fine, so that's the plan.",
            "My lead rightly says sticky sessions are fine.",
            "The vendor told us sticky sessions are fine, and we trust them.",
            "She said sticky sessions are fine, and she knows what she's doing.",
            "People say it is stateless when sticky sessions are fine.",
            "Critics say it is enough, and for us sticky sessions are fine.",
            "As I said, sticky sessions are fine.",
            "We say sticky sessions are fine.",
            "I was told to check that sticky sessions are fine.",
            "I've heard of teams for which sticky sessions are fine.",
            // a source read is the learner's own knowledge
            "I read that sticky sessions are fine, so we use them.",
            "I've read that sticky sessions are fine.",
            "I've heard sticky sessions are fine, and it's true.",
            "It was said earlier that sticky sessions are fine.",
            // hearsay in another sense, or the learner's own belief after it
            "I heard the arguments against them and I still think sticky sessions are fine.",
            "I heard nothing bad about it: sticky sessions are fine.",
            "From what I heard in the meeting, I believe sticky sessions are fine.",
            "Once we heard the cache was slow, we decided sticky sessions are fine.",
            "We were told by nobody, we found out ourselves: sticky sessions are fine.",
            "I keep hearing about teams whose sticky sessions are fine.",
            "Were told sticky sessions are fine.",
            "Told: sticky sessions are fine.",
            // hearsay endorsed or acted on
            "I've heard sticky sessions are fine, and I believe it.",
            "I've heard sticky sessions are fine, and rightly so.",
            "I've heard sticky sessions are fine, which matches my experience.",
            "We've been told sticky sessions are fine, so that's what we run.",
            "I was told sticky sessions are fine, so we add them everywhere.",
            "I was told sticky sessions are fine. We use them everywhere.",
            "I've heard sticky sessions are fine. We just set them up.",
            // an authority cited, a word's use
            "The lecture said sticky sessions are fine.",
            "People also say it for sticky sessions that are fine.",
        ] {
            let r = reading(text, &["fine"]);
            assert_eq!(
                (r.polarity, r.reported),
                (Polarity::Asserted, false),
                "{text}"
            );
        }
        // A short endorsement in the next sentence.
        for text in [
            "My lead says sticky sessions are fine. She's right.",
            "My lead says sticky sessions are fine. Makes sense to me.",
            "My lead says sticky sessions are fine. I'd go with that.",
            "My lead says sticky sessions are fine; that's why we use them.",
        ] {
            assert!(!reading(text, &["fine"]).reported, "{text}");
        }
        // A question next is none; nor is the learner's testing it.
        for text in [
            "People say sticky sessions are fine. Are they right? No: nodes die.",
            "Some say sticky sessions are fine, so I tested it: a node died.",
            "I was told sticky sessions are fine. We can test it.",
            "I was told sticky sessions are fine. Users set their own.",
            "I was told sticky sessions are fine. We removed them.",
            "I was told sticky sessions are fine. We use Redis instead.",
        ] {
            assert!(reading(text, &["fine"]).reported, "{text}");
        }
        // A rejection or a dispute refutes the claim once; an attribution word is no report.
        for text in [
            "They say sticky sessions are fine, which is not true.",
            "Our architect says sticky sessions are fine, but I disagree.",
            "My lead says sticky sessions are fine. He's mistaken.",
            "My lead says sticky sessions are fine. I don't buy that.",
            "They assume sticky sessions are fine.",
            "People think sticky sessions are fine.",
        ] {
            let r = reading(text, &["fine"]);
            assert_eq!(
                (r.polarity, r.reported),
                (Polarity::Negated, false),
                "{text}"
            );
        }
    }

    /// "X, not the Y" corrects which thing X is about; "X, not the case" and "X, not true"
    /// reject X.
    #[test]
    fn a_contrast_with_not_the_is_no_rejection() {
        let sorted = &["keys", "are", "sorted"];
        assert_eq!(
            pol("The keys are sorted, not the values.", sorted),
            Polarity::Asserted
        );
        assert_eq!(
            pol("The keys are sorted, not the whole rows.", sorted),
            Polarity::Asserted
        );
        assert_eq!(
            pol("The keys are sorted, which is not the case.", sorted),
            Polarity::Negated
        );
        assert_eq!(
            pol("The keys are sorted, not true.", sorted),
            Polarity::Negated
        );
        for rejection in [
            "The keys are sorted, which is not the right way to see it.",
            "The keys are sorted, not the correct picture.",
            "The keys are sorted, which is not the truth.",
        ] {
            assert_eq!(pol(rejection, sorted), Polarity::Negated, "{rejection}");
        }
    }

    /// A match after `if` in its own clause is a condition; one before it, or after a clause
    /// break, is not.
    #[test]
    fn conditions_are_found_in_the_clause() {
        let a = Analysis::new("Stats could be stale if nobody ran ANALYZE. Nobody ran it, if so.");
        let at = |w: &str| a.tokens.iter().position(|t| t.norm() == w).expect(w);
        assert!(a.in_condition(at("analyze")));
        assert!(a.in_condition(at("nobody")));
        assert!(!a.in_condition(at("stale")));
        assert!(!a.in_condition(at("it")));
        assert!(!a.in_condition(a.tokens.len()));
    }

    #[test]
    fn a_rejection_in_a_later_clause_must_be_about_the_claim() {
        assert_eq!(
            pol(
                "Fail closed — a price could be wrong otherwise.",
                &["fail", "closed"]
            ),
            Polarity::Asserted
        );
        assert_eq!(
            pol(
                "Sticky sessions are fine, which is a total myth.",
                &["fine"]
            ),
            Polarity::Negated
        );
        assert_eq!(
            pol("A CDN is all you need — wrong.", &["all", "you", "need"]),
            Polarity::Negated
        );
        assert_eq!(
            pol(
                "A CDN is all you need, that's just plain wrong.",
                &["all", "you", "need"]
            ),
            Polarity::Negated
        );
    }

    #[test]
    fn negation_flips() {
        assert_eq!(
            pol("Sticky sessions are NOT fine.", &["fine"]),
            Polarity::Negated
        );
        assert_eq!(
            pol("Write-behind isn't safe at all.", &["safe"]),
            Polarity::Negated
        );
        assert_eq!(
            pol("It never makes it scalable.", &["scalable"]),
            Polarity::Negated
        );
        assert_eq!(
            pol(
                "Use a shared store instead of sticky sessions.",
                &["sticky", "sessions"]
            ),
            Polarity::Negated
        );
    }

    #[test]
    fn negation_stays_in_its_clause() {
        let a = Analysis::new(
            "Scale up: bigger machine, simple, no code changes, and it's more fault tolerant.",
        );
        let first = a.tokens.iter().position(|t| t.norm() == "scale").unwrap();
        let last = a
            .tokens
            .iter()
            .position(|t| t.norm() == "tolerant")
            .unwrap();
        assert_eq!(a.polarity(&[first, last]), Polarity::Asserted);
        let a = Analysis::new("An LB doesn't, by itself, make it scalable.");
        let first = a.tokens.iter().position(|t| t.norm() == "lb").unwrap();
        let last = a
            .tokens
            .iter()
            .position(|t| t.norm() == "scalable")
            .unwrap();
        assert_eq!(a.polarity(&[first, last]), Polarity::Negated);
        assert_eq!(
            pol(
                "An LB is not enough, the service must be stateless.",
                &["stateless"]
            ),
            Polarity::Asserted
        );
        assert_eq!(
            pol("It is not cheap but it is fast.", &["fast"]),
            Polarity::Asserted
        );
    }

    #[test]
    fn negation_stops_at_a_new_claim_or_the_end_of_a_subordinate_clause() {
        let span = |text: &str, from: &str, to: &str| {
            let a = Analysis::new(text);
            let first = a.tokens.iter().position(|t| t.norm() == from).unwrap();
            let last = a.tokens.iter().rposition(|t| t.norm() == to).unwrap();
            a.polarity(&[first, last])
        };
        let jitter = "add jitter to the TTL so it doesn't all expire at once, that fixes the herd";
        assert_eq!(span(jitter, "jitter", "fixes"), Polarity::Asserted);
        assert_eq!(span(jitter, "jitter", "expire"), Polarity::Negated);
        assert_eq!(
            span(
                "Sticky sessions don't scale, if a node dies its users lose their state",
                "sticky",
                "lose"
            ),
            Polarity::Asserted
        );
        assert_eq!(
            span(
                "sessions aren't shared -> every deploy logs users out",
                "sessions",
                "logs"
            ),
            Polarity::Asserted
        );
        // The claim itself negated, and "not X, Y" contrasts, as before.
        assert_eq!(
            span(
                "Jitter spreads expiries but that doesn't fix the herd on one key",
                "that",
                "fix"
            ),
            Polarity::Negated
        );
        assert_eq!(
            span(
                "Not the load balancer, it's the stateless app that scales",
                "load",
                "scales"
            ),
            Polarity::Negated
        );
        assert_eq!(
            span(
                "An LB doesn't, by itself, make it scalable.",
                "lb",
                "scalable"
            ),
            Polarity::Negated
        );
    }

    #[test]
    fn attribution_and_rejection_refute() {
        assert_eq!(
            pol(
                "They assume the load balancer makes it scalable.",
                &["scalable"]
            ),
            Polarity::Negated
        );
        assert_eq!(
            pol("Saying write-behind is safe is wrong.", &["safe"]),
            Polarity::Negated
        );
        assert_eq!(
            pol("That sticky sessions are fine is not true.", &["fine"]),
            Polarity::Negated
        );
        assert_eq!(
            pol(
                "People say scaling up is safer, but that's backwards.",
                &["safer"]
            ),
            Polarity::Negated
        );
        assert_eq!(
            pol("A bigger box is safer, but that is wrong.", &["safer"]),
            Polarity::Negated
        );
        // "I'd think …", "I've always believed …" are the learner's own belief, as "I think
        // …" is.
        for text in [
            "I'd think sticky sessions are fine.",
            "I've always believed sticky sessions are fine.",
            "We've assumed sticky sessions are fine.",
            "I actually think sticky sessions are fine.",
        ] {
            assert_eq!(pol(text, &["fine"]), Polarity::Asserted, "{text}");
        }
        // … unless a past belief is rejected by the next sentence.
        for text in [
            "We've assumed sticky sessions are fine. Wrong: the session dies with its node.",
            "I always believed sticky sessions are fine. Not true: nodes die.",
        ] {
            assert_eq!(pol(text, &["fine"]), Polarity::Negated, "{text}");
        }
        // … but not other people's belief after a first person ("people I've met").
        for text in [
            "Most people I've met think sticky sessions are fine.",
            "Managers I had believe sticky sessions are fine.",
        ] {
            assert_eq!(pol(text, &["fine"]), Polarity::Negated, "{text}");
        }
        // After a contrast the rejecting word must end its clause: what follows it says
        // what else is wrong ("to think it scales forever", "for the client").
        assert_eq!(
            pol(
                "Scaling up is more fault tolerant, but it's wrong to think it scales forever.",
                &["fault", "tolerant"]
            ),
            Polarity::Asserted
        );
        assert_eq!(
            pol(
                "Scaling up is safer, but that's backwards compared to what vendors preach.",
                &["safer"]
            ),
            Polarity::Asserted
        );
        assert_eq!(
            pol("A bigger box is safer, but a price is wrong.", &["safer"]),
            Polarity::Asserted
        );
        assert_eq!(
            pol("A bigger box is safer, which is nonsense.", &["safer"]),
            Polarity::Negated
        );
        // "— no:" answers the claim quoted before it; "— no server …" is a new claim.
        assert_eq!(
            pol(
                "Sticky sessions are fine — no: the state is pinned.",
                &["fine"]
            ),
            Polarity::Negated
        );
        assert_eq!(
            pol(
                "Sticky sessions are fine — no server keeps state.",
                &["fine"]
            ),
            Polarity::Asserted
        );
    }

    /// Every contracted `not` is a negation word to polarity too.
    #[test]
    fn contracted_nots_are_negators() {
        for w in CONTRACTED_NOTS {
            assert_eq!(cue_of(w), Cue::Negator, "{w}");
        }
    }

    #[test]
    fn a_denial_framing_the_claim_refutes_it_once() {
        let claim = ["any", "instance", "can", "serve"];
        for text in [
            "It is not true that any instance can serve any request.",
            "It's not true that any instance can serve any request.",
            "It is false that any instance can serve any request.",
            "It is not the case that any instance can serve any request.",
            "It is wrong to say that any instance can serve any request.",
            "It's a myth that any instance can serve any request.",
        ] {
            let r = reading(text, &claim);
            assert_eq!((r.polarity, r.refuted), (Polarity::Negated, true), "{text}");
        }
        // Denying a negated claim asserts it, and still refutes what the words say.
        let r = reading(
            "It is not true that the instance doesn't keep state.",
            &["keep", "state"],
        );
        assert_eq!((r.polarity, r.refuted), (Polarity::Asserted, true));
        // A negation word alone, or a rejecting phrase after the claim, negates without a
        // denial (the capacity question asks when an assumption "is wrong").
        let r = reading("The instance does not keep state.", &["keep", "state"]);
        assert_eq!((r.polarity, r.refuted), (Polarity::Negated, false));
        let r = reading(
            "If P99 climbs at 120 rps, the throughput assumption is wrong.",
            &["throughput"],
        );
        assert_eq!((r.polarity, r.refuted), (Polarity::Negated, false));
        // Not frames: words between the head and `that`, or a new clause before the claim.
        for (text, needle) in [
            (
                "The false positive rate shows that any instance can serve.",
                &claim[..],
            ),
            (
                "It is not true that it scales, but any instance can serve any request.",
                &claim[..],
            ),
            (
                "That is not right: any instance can serve any request.",
                &claim[..],
            ),
            // The frame's clause ends before the claim.
            (
                "It is false that sticky sessions are needed, so any instance can serve.",
                &claim[..],
            ),
            (
                "It is false that sticky sessions are needed: any instance can serve.",
                &claim[..],
            ),
            (
                "It is a myth that you need sticky sessions, with a store any instance can serve.",
                &claim[..],
            ),
        ] {
            let r = reading(text, needle);
            assert!(!r.refuted, "{text}: {r:?}");
        }
        // A denied frame denies nothing: the claim stands.
        for text in [
            "It is not a myth that any instance can serve any request.",
            "It's not wrong to say that any instance can serve any request.",
            "It isn't false that any instance can serve any request.",
        ] {
            let r = reading(text, &claim);
            assert_eq!(
                (r.polarity, r.refuted),
                (Polarity::Asserted, false),
                "{text}"
            );
        }
        assert_eq!(
            pol("Nothing says that any instance can serve.", &claim),
            Polarity::Negated,
            "a plain negation still flips"
        );
    }

    #[test]
    fn a_negation_named_by_one_match_is_not_a_denial_of_another() {
        let a = Analysis::new("Sticky sessions aren't a problem if the LB is smart enough.");
        let at = |w: &str| a.tokens.iter().position(|t| t.norm() == w).unwrap();
        let held = [at("sticky"), at("arent"), at("problem")];
        let other = [at("sticky"), at("enough")];
        assert_eq!(a.polarity(&other), Polarity::Negated);
        assert!(a.negation_taken_by(&held, &other));
        // A negation the held match does not name is a denial.
        let a =
            Analysis::new("Expiry is invalidation. They are not the same thing as invalidation.");
        let at = |w: &str| a.tokens.iter().position(|t| t.norm() == w).unwrap();
        let held = [at("expiry"), at("is")];
        let other = [at("same"), at("thing")];
        assert!(!a.negation_taken_by(&held, &other));
        // A negation the held match names, but in another sentence or after the negated
        // match, does not negate it.
        let a =
            Analysis::new("Sticky is not a problem. Sticky works when the LB is smart. Not bad.");
        let all = |w: &str| -> Vec<usize> {
            (0..a.tokens.len())
                .filter(|&i| a.tokens[i].norm() == w)
                .collect()
        };
        let (sticky, not) = (all("sticky"), all("not"));
        let other = [sticky[1], all("smart")[0]];
        assert!(!a.negation_taken_by(&[sticky[0], not[0]], &other));
        assert!(!a.negation_taken_by(&[not[1], all("bad")[0]], &other));
        assert!(a.negation_taken_by(&[not[0]], &[sticky[0], all("problem")[0]]));
    }

    #[test]
    fn quotation_is_not_assertion() {
        assert_eq!(
            pol("\"Sticky sessions are fine\" - no.", &["fine"]),
            Polarity::Quoted
        );
        assert_eq!(
            pol("> Sticky sessions are fine\n\nNo.", &["fine"]),
            Polarity::Quoted
        );
    }
}
