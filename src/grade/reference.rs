//! Answers that point back to another answer of the same submission: "same as 4", "see
//! above", "as in R1", "same as retrieval 1". Such an answer is graded as the text it points
//! to, against its own question, and its feedback says so. Only a whole answer that is a
//! short reference counts ("same. TTL = invalidation by time" is an answer of its own), and a
//! reference is followed once (an answer that points to a reference is not resolved).

use crate::rubric::Rubric;
use crate::submission::{Answer, Submission};

/// The words a reference starts with (lower case).
const LEADS: [&str; 7] = ["same", "see", "as", "ditto", "like", "refer", "identical"];

/// A reference has at most this many words.
const MAX_WORDS: usize = 8;

/// Where a short answer points: an exercise (`None`: the answer's own) and a question
/// (`None`: the one before, "see above").
#[derive(Debug, PartialEq, Eq)]
struct Reference {
    exercise: Option<String>,
    question: Option<u32>,
}

/// The answer of `sub` that `text` (the answer to question `number` of exercise `exercise`)
/// refers to, if it is a reference to another, non-empty answer that is not itself one.
pub fn referenced<'s>(
    rubric: &Rubric,
    sub: &'s Submission,
    exercise: &str,
    number: u32,
    text: &str,
) -> Option<&'s Answer> {
    let r = parse(rubric, text)?;
    let ex = r.exercise.as_deref().unwrap_or(exercise);
    let q = match r.question {
        Some(q) => q,
        // "see above": the question before, in the same exercise.
        None => number.checked_sub(1).filter(|&q| q > 0 && ex == exercise)?,
    };
    if ex == exercise && q == number {
        return None;
    }
    sub.answers
        .iter()
        .find(|a| a.exercise == ex && a.question == q)
        .filter(|a| super::attempt::is_attempt(&a.text) && parse(rubric, &a.text).is_none())
}

/// Reads a reference: a leading `same`, `see`, `as`, `ditto`, `like`, `refer`, `identical`;
/// then an optional exercise (its id, a word of its title or aliases, or an initial that only
/// one exercise has: `R1`) and a question number, or `above`.
fn parse(rubric: &Rubric, text: &str) -> Option<Reference> {
    // Nearly every answer is no reference, and its first word says so: asked first, without
    // lower-casing and splitting the whole answer (every answer of every submission comes here).
    if !starts_with_lead(text) {
        return None;
    }
    parse_words(rubric, text)
}

/// Is the first word of `text` lower-cased (as [`parse_words`] splits it) one of the words a
/// reference starts with? Reads only up to the end of that word, lower-casing char by char.
///
/// This is exactly `parse_words`'s first test. `str::to_lowercase` maps each char as
/// `char::to_lowercase` does, but for `Σ`, which becomes `ς` or `σ` by its context: both are
/// alphanumeric and not ASCII, so the words found and which of them are ASCII do not change.
/// A char whose lower case is several chars is split the same way (`İ` is `i` and a combining
/// dot, which ends the word `i`), and one whose lower case is ASCII counts as that letter
/// (the Kelvin sign is `k`), as in the lowered text.
fn starts_with_lead(text: &str) -> bool {
    if let Some(lead) = ascii_lead(text) {
        return lead;
    }
    // The longest lead, `identical`, has nine letters.
    let mut buf = [0u8; 9];
    let mut n = 0;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if !c.is_ascii() || n == buf.len() {
                return false;
            }
            buf[n] = c as u8;
            n += 1;
        } else if n > 0 {
            break;
        }
    }
    LEADS.iter().any(|lead| lead.as_bytes() == &buf[..n])
}

/// [`starts_with_lead`] when the first word and what comes before it are ASCII (an ASCII
/// char is its own lower case but for A–Z, and alphanumeric exactly when it is an ASCII
/// letter or digit); `None` when a byte outside ASCII comes first or ends the first word.
fn ascii_lead(text: &str) -> Option<bool> {
    let b = text.as_bytes();
    let start = b
        .iter()
        .position(|&x| !x.is_ascii() || x.is_ascii_alphanumeric());
    let Some(start) = start else {
        // ASCII without a word: no reference.
        return Some(false);
    };
    let len = b[start..]
        .iter()
        .take_while(|x| x.is_ascii_alphanumeric())
        .count();
    let end = start + len;
    if len == 0 || b.get(end).is_some_and(|x| !x.is_ascii()) {
        return None;
    }
    let word = &b[start..end];
    Some(
        LEADS
            .iter()
            .any(|lead| word.eq_ignore_ascii_case(lead.as_bytes())),
    )
}

/// [`parse`] past its first test: the whole answer lower-cased and split into words.
fn parse_words(rubric: &Rubric, text: &str) -> Option<Reference> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_WORDS + 1)
        .collect();
    if words.is_empty() || words.len() > MAX_WORDS {
        return None;
    }
    if !LEADS.contains(&words[0]) {
        return None;
    }
    let mut above = words[0] == "ditto";
    // The exercises every name word so far could name ("cache design", "retrieval prompts":
    // each word of a title or a hyphenated id names the exercise).
    let mut exercise: Option<Vec<&str>> = None;
    let mut question = None;
    for &w in &words[1..] {
        match w {
            "as" | "in" | "for" | "per" | "to" | "answer" | "answers" | "question" | "q" | "my"
            | "the" | "exercise" | "part" | "no" | "number" | "nr" | "with" => {}
            "above" | "previous" | "before" | "earlier" => above = true,
            _ => {
                // A number, a name, or a name and a number run together ("r1", "q4").
                let split = w.find(|c: char| c.is_ascii_digit()).unwrap_or(w.len());
                let (name, digits) = w.split_at(split);
                if !digits.is_empty() {
                    if question.is_some() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    question = Some(digits.parse::<u32>().ok()?);
                }
                if !name.is_empty() && name != "q" {
                    // A word that names no exercise makes the answer no reference.
                    let named = exercises_named(rubric, name);
                    if named.is_empty() {
                        return None;
                    }
                    exercise = Some(match exercise {
                        None => named,
                        Some(was) => was.into_iter().filter(|id| named.contains(id)).collect(),
                    });
                }
            }
        }
    }
    // The name words must name one exercise together.
    let exercise = match exercise.as_deref() {
        None => None,
        Some([id]) => Some(id.to_string()),
        Some(_) => return None,
    };
    if question.is_none() && (!above || exercise.is_some()) {
        return None;
    }
    Some(Reference { exercise, question })
}

/// The exercises (ids) a learner may name with the word `name`: its id or a word of its id,
/// title or aliases (a prefix of four letters or more, either way: "mistake" for "mistakes"),
/// or an initial (one exercise, or none, as a single letter names nothing else).
fn exercises_named<'r>(rubric: &'r Rubric, name: &str) -> Vec<&'r str> {
    let words = |e: &crate::rubric::Exercise| {
        let mut all = format!("{} {}", e.id, e.title);
        for a in &e.aliases {
            all.push(' ');
            all.push_str(a);
        }
        all.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let matching: Vec<&crate::rubric::Exercise> = if name.len() == 1 {
        rubric
            .exercises
            .iter()
            .filter(|e| e.id.starts_with(name))
            .collect()
    } else {
        rubric
            .exercises
            .iter()
            .filter(|e| {
                e.id == name
                    || words(e).iter().any(|w| {
                        w == name
                            || (name.len() >= 4 && w.starts_with(name))
                            || (w.len() >= 4 && name.starts_with(w.as_str()))
                    })
            })
            .collect()
    };
    match matching.as_slice() {
        // An initial two exercises share names neither.
        [_, _, ..] if name.len() == 1 => Vec::new(),
        _ => matching.iter().map(|e| e.id.as_str()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::load_str;

    const RUBRIC: &str = r#"
id: refs
title: Refs
exercises:
  - id: retrieval
    title: Retrieval practice
    questions:
      - { number: 1, prompt: Scale up vs out?, concepts: [{ id: c, match: ["scale"], feedback: F }] }
      - { number: 2, prompt: Stateless?, concepts: [{ id: c, match: ["state"], feedback: F }] }
  - id: compare
    title: Compare and distinguish
    questions:
      - { number: 1, prompt: Scale up vs out?, concepts: [{ id: c, match: ["scale"], feedback: F }] }
  - id: cache-design
    title: Cache design
    questions:
      - { number: 1, prompt: Layers?, concepts: [{ id: c, match: ["cache"], feedback: F }] }
"#;

    fn answer(exercise: &str, question: u32, text: &str) -> Answer {
        Answer {
            exercise: exercise.into(),
            question,
            text: text.into(),
            line: 1,
            column: 1,
            parts: Vec::new(),
        }
    }

    #[test]
    fn references_point_to_earlier_answers() {
        let rubric = load_str(RUBRIC, "refs.yaml").expect("rubric");
        let sub = Submission {
            answers: vec![
                answer("retrieval", 1, "Scale up: a bigger box; out: more boxes."),
                answer("retrieval", 2, "see above"),
                answer("compare", 1, "same as R1"),
                answer("cache-design", 1, "Browser, CDN, Redis."),
            ],
            ..Submission::default()
        };
        let to = |ex: &str, n: u32, text: &str| {
            referenced(&rubric, &sub, ex, n, text).map(|a| (a.exercise.clone(), a.question))
        };
        let r1 = Some(("retrieval".to_string(), 1));
        assert_eq!(to("retrieval", 2, "see above"), r1);
        assert_eq!(to("compare", 1, "same as R1"), r1);
        assert_eq!(to("compare", 1, "Same as retrieval 1."), r1);
        assert_eq!(to("compare", 1, "as in retrieval Q1"), r1);
        assert_eq!(to("retrieval", 2, "same as 1"), r1);
        // An exercise named by several words: a hyphenated id, a title (each word once gave
        // no reference at all).
        let c1 = Some(("cache-design".to_string(), 1));
        assert_eq!(to("compare", 1, "Same as cache-design 1."), c1);
        assert_eq!(to("compare", 1, "same as Cache Design Q1"), c1);
        assert_eq!(to("compare", 1, "Same as Retrieval Practice 1"), r1);
        assert_eq!(to("compare", 1, "same as retrieval design 1"), None);
        // Not references: an answer of its own, an ambiguous initial, itself, a reference.
        assert_eq!(to("compare", 1, "same. TTL = invalidation by time"), None);
        assert_eq!(
            to(
                "compare",
                1,
                "same as before, but the cache now holds sessions too"
            ),
            None
        );
        assert_eq!(to("compare", 1, "see C1"), None);
        assert_eq!(to("retrieval", 1, "same as 1"), None);
        assert_eq!(to("retrieval", 1, "see above"), None);
        assert_eq!(to("compare", 1, "see retrieval 2"), None);
    }

    /// `parse`'s first test on the first word alone agrees with reading the whole answer,
    /// on answers whose lower case is awkward (several chars, final sigma, ASCII from outside
    /// ASCII), empty ones and long ones.
    #[test]
    fn the_first_word_test_agrees_with_the_whole_answer() {
        let rubric = load_str(RUBRIC, "refs.yaml").expect("rubric");
        let long_ref = "same ".repeat(10_000);
        let long_word = format!("{}s as 1", "i".repeat(10_000));
        let long_other = format!("{} same as 1", "word ".repeat(10_000));
        let texts = [
            "",
            " ",
            "**",
            "\n\n",
            "same as 1",
            "SAME AS 1",
            "  **Same** as R1.",
            "(see above)",
            "\u{feff}see above",
            "ditto",
            "Ditto.",
            "like Q1",
            "LI\u{212A}E 1",
            "\u{212A}ike 1",
            "İdentical to 1",
            "identical to 1",
            "IDENTICAL TO 1",
            "identicals to 1",
            "İs above",
            "ſame as 1",
            "ΣAME as 1",
            "Σ same as 1",
            "ΣΣ see above",
            "σ see above",
            "ß as 1",
            "SS as 1",
            "ǅ see above",
            "ﬁ see above",
            "1 same as 2",
            "same1 as 2",
            "refer to 2",
            "Refer: answer 2",
            "as in retrieval Q1",
            "sämé as 1",
            "see\u{301} above",
            "se\u{301}e above",
            "see\u{200b}above",
            "see above and more and more words than eight here",
            "Same as before, but the cache now holds sessions too",
            "Scale up: a bigger box; out: more boxes.",
            "日本 same as 1",
            "As the cache warms up, more of the requests are served from it",
            "As in 1, 2, 3, 4, 5, 6, 7",
            "As in 1, 2, 3, 4, 5, 6",
            "as İİİİ 1",
            "same as İ1",
            "see ΣΑΣ 1",
            "like ǅǅ 1 2 3 4 5 6",
            "samé as 1",
            "same\u{301} as 1",
            "ASé",
            "as",
            "AS",
            "  -- as",
            "--",
            "** é same",
            "Identical",
            "IDENTICALLY",
            "Ⅰ see above",
            "② see above",
            &long_ref,
            &long_word,
            &long_other,
        ];
        for t in texts {
            let lower = t.to_lowercase();
            let first = lower
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| !w.is_empty());
            let lead = matches!(
                first,
                Some("same" | "see" | "as" | "ditto" | "like" | "refer" | "identical")
            );
            assert_eq!(starts_with_lead(t), lead, "{t:?}");
            assert_eq!(parse(&rubric, t), parse_words(&rubric, t), "{t:?}");
        }
    }
}
