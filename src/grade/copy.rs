//! Does an answer only copy or paraphrase the prompt ([`is_copy`]), and does it give a reason
//! ([`gives_a_reason`])? A copy that gives no reason is capped at the question's `copy-cap`
//! (docs/rubric-format.md, "Scoring").

use crate::fast_hash::FastSet;
use crate::text::{Analysis, TokenKind};

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
    use crate::grade::answer::mark_echoes;
    use crate::rubric::validate::{content_stems, content_stems_by_sentence};
    use crate::text::is_stopword;

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
