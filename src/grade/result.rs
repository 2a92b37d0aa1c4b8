//! What grading says about one submission: per question the score, the concepts found or
//! missed with the learner's own words as evidence, the numbers read and compared, the
//! misconceptions held, flags, and feedback. These types are serialized as the JSON output
//! (documented field by field in `docs/output-formats.md`).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::raw_json::{Indented, RawCache};
use crate::text::Polarity;

/// The learner's words that a rule fired on, and where they are in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence on one line (at most 240 characters, cut around the match with `…`).
    pub text: String,
    /// 1-based line and column in the submission file.
    pub line: u32,
    pub column: u32,
    /// The words the rule fired on, as half-open ranges of characters (Unicode scalar values)
    /// of `text`; neighbouring words make one range (see `grade::excerpt`).
    #[serde(default, serialize_with = "one_line")]
    pub marks: Vec<[u32; 2]>,
}

/// Marks on one line (`[[3, 16], [30, 38]]`) even in pretty JSON, where each number would
/// take a line of its own: the document has about a hundred evidences per submission.
/// Written as a serde_json raw value, which serde_json checks by parsing it when it is made:
/// the texts are kept per thread (a few thousand distinct marks in a cohort; most evidences
/// mark one run of words near the start of their sentence), so that each is made once.
fn one_line<S: serde::Serializer>(marks: &[[u32; 2]], s: S) -> Result<S::Ok, S::Error> {
    thread_local! {
        static MARKS: std::cell::RefCell<RawCache<Box<[[u32; 2]]>>> =
            std::cell::RefCell::new(RawCache::new(4096));
    }
    let cached = MARKS
        .try_with(|cache| {
            let mut cache = cache.try_borrow_mut().ok()?;
            cache.get_or_make(marks, || Box::from(marks), || marks_text(marks).ok())
        })
        .ok()
        .flatten();
    match cached {
        Some(raw) => raw.serialize(s),
        None => marks_text(marks)
            .map_err(serde::ser::Error::custom)?
            .serialize(s),
    }
}

/// The JSON text of `marks` on one line (see [`one_line`]).
fn marks_text(marks: &[[u32; 2]]) -> Result<Box<RawValue>, serde_json::Error> {
    let mut text = String::with_capacity(2 + 12 * marks.len());
    let mut number = itoa::Buffer::new();
    text.push('[');
    for (i, [a, b]) in marks.iter().enumerate() {
        text.push_str(if i == 0 { "[" } else { ", [" });
        text.push_str(number.format(*a));
        text.push_str(", ");
        text.push_str(number.format(*b));
        text.push(']');
    }
    text.push(']');
    RawValue::from_string(text)
}

/// A concept of the rubric, found or missed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptResult {
    pub id: String,
    pub found: bool,
    /// The words that showed it (when found), or that mentioned it with the wrong polarity
    /// (when missed because negated or only quoted).
    pub evidence: Option<Evidence>,
    /// How the learner related to the matched words, when any matched.
    pub polarity: Option<Polarity>,
    /// The pattern that matched, for instructors.
    pub rule: Option<String>,
}

/// A misconception the learner holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MistakeResult {
    pub id: String,
    pub title: String,
    pub evidence: Option<Evidence>,
    pub feedback: String,
    pub rule: Option<String>,
}

/// A number criterion, read and compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberResult {
    pub id: String,
    /// The value read from the answer (in the criterion's unit), if any.
    pub given: Option<f64>,
    /// The text it was read from, e.g. `~1.67k`.
    pub given_text: Option<String>,
    /// What it was compared with, e.g. `33 (rounded up from 32.5)`.
    pub expected: Option<String>,
    /// The tolerance of the accepted answer that matched, e.g. `±5%` (none when exact).
    pub tolerance: Option<String>,
    /// Fraction of this number's credit earned.
    pub score: f64,
    /// Error carried forward: the earlier values used, when the credit depends on them.
    pub carried_forward: Option<String>,
    pub evidence: Option<Evidence>,
}

impl NumberResult {
    /// Did the two checks read the same words of the answer (the same place and marks: two
    /// numbers of one sentence share its place, not their marks)?
    pub fn reads_same_words(&self, other: &NumberResult) -> bool {
        match (&self.evidence, &other.evidence) {
            (Some(a), Some(b)) => (a.line, a.column, &a.marks) == (b.line, b.column, &b.marks),
            _ => false,
        }
    }
}

/// Something about the answer as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Flag {
    /// Only a list of terms, with no claim about why or what happens.
    KeywordList,
    /// Copies or paraphrases the question's prompt.
    CopiedPrompt,
    /// Asserts and denies the same rule.
    Contradiction { rule: String },
}

/// As the JSON results name the kind (`keyword-list`, `copied-prompt`, `contradiction`), with
/// the rule a contradiction is about: how `assay test` and `calibrate` print a flag.
impl std::fmt::Display for Flag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Flag::KeywordList => f.write_str("keyword-list"),
            Flag::CopiedPrompt => f.write_str("copied-prompt"),
            Flag::Contradiction { rule } => write!(f, "contradiction of `{rule}`"),
        }
    }
}

/// One question of the rubric, graded (serialized through [`QuestionAt`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct QuestionResult {
    pub exercise: String,
    pub question: u32,
    pub answered: bool,
    pub score: f64,
    pub max_score: f64,
    /// 1-based line of the answer in the file, when answered.
    pub line: Option<u32>,
    pub concepts: Vec<ConceptResult>,
    pub numbers: Vec<NumberResult>,
    pub mistakes: Vec<MistakeResult>,
    pub flags: Vec<Flag>,
    /// The scoring level that gave the score (`when` expression), when levels are used.
    pub level: Option<String>,
    /// Feedback for the learner, in order of importance.
    pub feedback: Vec<String>,
}

impl Serialize for QuestionResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        QuestionAt {
            question: self,
            concepts_at: None,
        }
        .serialize(s)
    }
}

/// A question as the JSON document writes it. `concepts_at`, when given, says that the
/// serializer is serde_json writing pretty JSON (two spaces) with the question's concept
/// entries `concepts_at` levels deep (the question's own braces two levels less): then the
/// entry of a concept missed without evidence (`"found": false` and three nulls, some 160
/// of the 266 entries per submission), which depends on nothing but the concept's id, is
/// written as a text serde_json made once per thread for that id and depth. Its fields are
/// [`QuestionResult`]'s, in order (its `Serialize` is this with `concepts_at: None`).
pub struct QuestionAt<'a> {
    pub question: &'a QuestionResult,
    pub(crate) concepts_at: Option<usize>,
}

impl Serialize for QuestionAt<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // Every field named, so that a field added to `QuestionResult` does not compile until
        // it is written here too.
        let QuestionResult {
            exercise,
            question,
            answered,
            score,
            max_score,
            line,
            concepts,
            numbers,
            mistakes,
            flags,
            level,
            feedback,
        } = self.question;
        let mut st = s.serialize_struct("QuestionResult", 12)?;
        st.serialize_field("exercise", exercise)?;
        st.serialize_field("question", question)?;
        st.serialize_field("answered", answered)?;
        st.serialize_field("score", score)?;
        st.serialize_field("max_score", max_score)?;
        st.serialize_field("line", line)?;
        match self.concepts_at {
            Some(depth) => st.serialize_field(
                "concepts",
                &ConceptsAt {
                    concepts,
                    level: depth,
                },
            )?,
            None => st.serialize_field("concepts", concepts)?,
        }
        st.serialize_field("numbers", numbers)?;
        st.serialize_field("mistakes", mistakes)?;
        st.serialize_field("flags", flags)?;
        st.serialize_field("level", level)?;
        st.serialize_field("feedback", feedback)?;
        st.end()
    }
}

/// A question's concept entries, `level` levels deep in pretty JSON (see [`QuestionAt`]).
struct ConceptsAt<'a> {
    concepts: &'a [ConceptResult],
    level: usize,
}

impl Serialize for ConceptsAt<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.concepts.len()))?;
        for c in self.concepts {
            match missed_entry(c, self.level) {
                Some(raw) => seq.serialize_element(&*raw)?,
                None => seq.serialize_element(c)?,
            }
        }
        seq.end()
    }
}

/// The pretty JSON text of `c`, `level` levels deep, when it is a concept missed without
/// evidence (its text then depends only on its id), from the thread's cache.
fn missed_entry(c: &ConceptResult, level: usize) -> Option<std::rc::Rc<RawValue>> {
    /// Texts of missed concepts by id, for one depth.
    struct Missed {
        level: usize,
        texts: RawCache<Box<str>>,
    }
    thread_local! {
        static MISSED: std::cell::RefCell<Missed> = std::cell::RefCell::new(Missed {
            level: 0,
            texts: RawCache::new(4096),
        });
    }
    // Every field named, so that a field added to `ConceptResult` does not compile until it
    // is known here: the cached text holds only the id.
    let ConceptResult {
        id: _,
        found,
        evidence,
        polarity,
        rule,
    } = c;
    if *found || evidence.is_some() || polarity.is_some() || rule.is_some() {
        return None;
    }
    let make = || {
        let mut text = Vec::with_capacity(64 + 4 * level + c.id.len());
        let mut ser = serde_json::Serializer::with_formatter(&mut text, Indented::new(level));
        c.serialize(&mut ser).ok()?;
        RawValue::from_string(String::from_utf8(text).ok()?).ok()
    };
    MISSED
        .try_with(|missed| {
            let mut missed = missed.try_borrow_mut().ok()?;
            if missed.level != level {
                missed.level = level;
                missed.texts.clear();
            }
            missed
                .texts
                .get_or_make(c.id.as_str(), || Box::from(c.id.as_str()), make)
        })
        .ok()
        .flatten()
}

/// Per-exercise subtotal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseTotal {
    pub exercise: String,
    pub score: f64,
    pub max_score: f64,
    pub answered: usize,
    pub questions: usize,
}

#[cfg(test)]
mod tests {

    /// A flag prints as its JSON kind (not as a Rust name, `KeywordList`), in `assay test` and
    /// `calibrate`.
    #[test]
    fn a_flag_prints_as_its_json_kind() {
        for (flag, printed) in [
            (Flag::KeywordList, "keyword-list"),
            (Flag::CopiedPrompt, "copied-prompt"),
            (
                Flag::Contradiction { rule: "r".into() },
                "contradiction of `r`",
            ),
        ] {
            let kind = serde_json::to_value(&flag).unwrap()["kind"].clone();
            assert!(printed.starts_with(kind.as_str().unwrap()), "{kind}");
            assert_eq!(flag.to_string(), printed);
        }
    }

    use super::*;

    /// The serde derive of these types as they were before their texts were cached: what the
    /// JSON document must still say, byte for byte.
    mod plain {
        use super::super::{Flag, NumberResult, Polarity};
        use serde::Serialize;

        fn marks<S: serde::Serializer>(marks: &[[u32; 2]], s: S) -> Result<S::Ok, S::Error> {
            super::super::marks_text(marks).unwrap().serialize(s)
        }

        #[derive(Serialize)]
        pub struct Evidence {
            pub text: String,
            pub line: u32,
            pub column: u32,
            #[serde(serialize_with = "marks")]
            pub marks: Vec<[u32; 2]>,
        }

        #[derive(Serialize)]
        pub struct Concept {
            pub id: String,
            pub found: bool,
            pub evidence: Option<Evidence>,
            pub polarity: Option<Polarity>,
            pub rule: Option<String>,
        }

        #[derive(Serialize)]
        pub struct Mistake {
            pub id: String,
            pub title: String,
            pub evidence: Option<Evidence>,
            pub feedback: String,
            pub rule: Option<String>,
        }

        #[derive(Serialize)]
        pub struct Question {
            pub exercise: String,
            pub question: u32,
            pub answered: bool,
            pub score: f64,
            pub max_score: f64,
            pub line: Option<u32>,
            pub concepts: Vec<Concept>,
            pub numbers: Vec<NumberResult>,
            pub mistakes: Vec<Mistake>,
            pub flags: Vec<Flag>,
            pub level: Option<String>,
            pub feedback: Vec<String>,
        }
    }

    fn plain_evidence(e: &Evidence) -> plain::Evidence {
        plain::Evidence {
            text: e.text.clone(),
            line: e.line,
            column: e.column,
            marks: e.marks.clone(),
        }
    }

    fn plain_question(q: &QuestionResult) -> plain::Question {
        plain::Question {
            exercise: q.exercise.clone(),
            question: q.question,
            answered: q.answered,
            score: q.score,
            max_score: q.max_score,
            line: q.line,
            concepts: (q.concepts.iter())
                .map(|c| plain::Concept {
                    id: c.id.clone(),
                    found: c.found,
                    evidence: c.evidence.as_ref().map(plain_evidence),
                    polarity: c.polarity,
                    rule: c.rule.clone(),
                })
                .collect(),
            numbers: q.numbers.clone(),
            mistakes: (q.mistakes.iter())
                .map(|m| plain::Mistake {
                    id: m.id.clone(),
                    title: m.title.clone(),
                    evidence: m.evidence.as_ref().map(plain_evidence),
                    feedback: m.feedback.clone(),
                    rule: m.rule.clone(),
                })
                .collect(),
            flags: q.flags.clone(),
            level: q.level.clone(),
            feedback: q.feedback.clone(),
        }
    }

    /// Texts with everything serde_json escapes (quotes, backslashes, control characters),
    /// non-ASCII, and lengths on both sides of the cache's threshold.
    fn awkward(n: usize) -> String {
        let texts = [
            "plain",
            "a \"quoted\" word and a back\\slash, long enough to be kept in the cache",
            "control \u{0}\u{1}\u{8}\u{c}\t\r\n\u{1f}\u{7f} characters, long enough to be kept",
            "non-ASCII: é ü ß 漢字 🦀 \u{200f} and then some more words to pass the threshold",
            "short \"q\" \\",
            "",
        ];
        texts[n % texts.len()].to_string()
    }

    fn evidence(n: usize) -> Evidence {
        Evidence {
            text: awkward(n + 1),
            line: 3 + n as u32,
            column: 7,
            marks: (0..n % 3)
                .map(|i| [i as u32 * 4, i as u32 * 4 + 3])
                .collect(),
        }
    }

    /// A question with every field set, and concepts of each kind: missed without evidence
    /// (the cached entries), found, and missed with evidence.
    fn question(n: usize) -> QuestionResult {
        let concept = |i: usize| {
            let id = format!("c{i}-{}", awkward(i + n));
            match i % 3 {
                0 | 2 if i % 4 != 2 => ConceptResult {
                    id,
                    found: false,
                    evidence: None,
                    polarity: None,
                    rule: None,
                },
                1 => ConceptResult {
                    id,
                    found: true,
                    evidence: Some(evidence(i)),
                    polarity: Some(Polarity::Asserted),
                    rule: Some(awkward(i + 2)),
                },
                _ => ConceptResult {
                    id,
                    found: false,
                    evidence: Some(evidence(i)),
                    polarity: Some(Polarity::Negated),
                    rule: Some(format!("{{{}}}", awkward(i))),
                },
            }
        };
        QuestionResult {
            exercise: awkward(n),
            question: n as u32,
            answered: n % 2 == 0,
            score: 0.25 * n as f64,
            max_score: 1.0,
            line: (n % 2 == 0).then_some(n as u32),
            concepts: (0..7).map(concept).collect(),
            numbers: vec![NumberResult {
                id: awkward(n + 3),
                given: Some(32.5),
                given_text: Some(awkward(n + 1)),
                expected: Some(awkward(n + 2)),
                tolerance: None,
                score: 0.75,
                carried_forward: None,
                evidence: Some(evidence(n + 2)),
            }],
            mistakes: vec![MistakeResult {
                id: awkward(n + 4),
                title: awkward(n + 1),
                evidence: (n % 2 == 1).then(|| evidence(n)),
                feedback: awkward(n + 2),
                rule: Some(awkward(n + 3)),
            }],
            flags: vec![
                Flag::KeywordList,
                Flag::Contradiction {
                    rule: awkward(n + 1),
                },
            ],
            level: (n % 3 != 0).then(|| awkward(n + 5)),
            feedback: (0..n % 4).map(|i| awkward(n + i)).collect(),
        }
    }

    /// Pretty JSON `base` levels deep, as the document's pieces are written.
    fn pretty_at(value: &impl Serialize, base: usize) -> String {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Indented::new(base));
        value.serialize(&mut ser).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn questions_are_written_as_serde_derives_their_fields() {
        for n in 0..8 {
            let q = question(n);
            let p = plain_question(&q);
            // Twice: the first time fills the per-thread caches, the second reads them.
            for _ in 0..2 {
                assert_eq!(
                    serde_json::to_string(&q).unwrap(),
                    serde_json::to_string(&p).unwrap()
                );
                assert_eq!(
                    serde_json::to_string_pretty(&q).unwrap(),
                    serde_json::to_string_pretty(&p).unwrap()
                );
                assert_eq!(
                    serde_json::to_value(&q).unwrap(),
                    serde_json::to_value(&p).unwrap()
                );
                for base in [0, 1, 4] {
                    let at = QuestionAt {
                        question: &q,
                        concepts_at: Some(base + 2),
                    };
                    assert_eq!(pretty_at(&at, base), pretty_at(&p, base), "at {base}");
                    assert_eq!(pretty_at(&q, base), pretty_at(&p, base));
                }
            }
        }
    }

    #[test]
    fn a_missed_concept_entry_is_kept_per_depth() {
        let c = ConceptResult {
            id: "a \"b\" \\ é".into(),
            found: false,
            evidence: None,
            polarity: None,
            rule: None,
        };
        for level in [3, 6, 3] {
            let raw = missed_entry(&c, level).unwrap();
            assert_eq!(raw.get(), pretty_at(&c, level));
        }
        let found = ConceptResult {
            found: true,
            ..c.clone()
        };
        assert!(missed_entry(&found, 6).is_none());
        let negated = ConceptResult {
            evidence: Some(evidence(1)),
            ..c
        };
        assert!(missed_entry(&negated, 6).is_none());
    }

    #[test]
    fn marks_are_written_on_one_line() {
        let e = evidence(2);
        for _ in 0..2 {
            let text = serde_json::to_string_pretty(&e).unwrap();
            assert!(text.contains("\"marks\": [[0, 3], [4, 7]]"), "{text}");
            assert_eq!(
                text,
                serde_json::to_string_pretty(&plain_evidence(&e)).unwrap()
            );
        }
    }
}
