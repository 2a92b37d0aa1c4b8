//! What a submission is once read: who wrote it, and each answer placed at its question,
//! with the place in the file it came from.

/// A learner's submission, read from one file.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    /// The learner id (front matter / YAML `learner`, else the file stem).
    pub learner: String,
    /// The answers, at most one per (exercise, question), in sheet order.
    pub answers: Vec<Answer>,
    /// Content that could not be placed at any question (reported, never dropped silently).
    pub unplaced: Vec<Unplaced>,
}

/// One answer, placed at a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Exercise slug.
    pub exercise: String,
    /// Question number as on the sheet.
    pub question: u32,
    /// The learner's text, verbatim from the file (Markdown syntax included), without the
    /// question label or heading that introduced it.
    pub text: String,
    /// 1-based line of the first character of `text` in the file.
    pub line: u32,
    /// 1-based column (in characters) of the first character of `text`.
    pub column: u32,
    /// Where `text` is made of stretches from several places of the file (an answer given
    /// in parts, joined by a blank line; a restated prompt before it): from byte `.0` of
    /// `text` on, the file's line `.1` and column `.2`, ascending. Empty when `text` is one
    /// stretch starting at `line` and `column`.
    pub parts: Vec<(usize, u32, u32)>,
}

/// Content of a submission that could not be placed at any question.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct Unplaced {
    pub text: String,
    pub line: u32,
    /// Why it could not be placed, e.g. "no exercise heading before this text". The
    /// learner's words in it are in `code` spans, written with [`in_code`].
    pub reason: String,
}

/// The learner's `text` for a `code` span of a reason: a backtick would end the span (a
/// Markdown report keeps a reason's spans as code, see
/// `report::templates::push_escaped_markdown_message`).
pub fn in_code(text: &str) -> String {
    text.replace('`', "'")
}
