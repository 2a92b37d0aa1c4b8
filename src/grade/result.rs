//! What grading says about one submission: per question the score, the concepts found or
//! missed with the learner's own words as evidence, the numbers read and compared, the
//! misconceptions held, flags, and feedback. These types are serialized as the JSON output
//! (documented field by field in `docs/output-formats.md`).

use serde::{Deserialize, Serialize};

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
fn one_line<S: serde::Serializer>(marks: &[[u32; 2]], s: S) -> Result<S::Ok, S::Error> {
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
    let raw = serde_json::value::RawValue::from_string(text).map_err(serde::ser::Error::custom)?;
    raw.serialize(s)
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

/// One question of the rubric, graded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// Per-exercise subtotal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseTotal {
    pub exercise: String,
    pub score: f64,
    pub max_score: f64,
    pub answered: usize,
    pub questions: usize,
}
