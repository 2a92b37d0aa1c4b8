//! TEMPORARY stub.
use super::layout::SheetLayout;
use super::model::{Answer, Unplaced};
pub struct MarkdownRead {
    pub learner: Option<String>,
    pub answers: Vec<Answer>,
    pub unplaced: Vec<Unplaced>,
}
#[derive(Debug)]
pub enum MarkdownError {
    FrontMatter {
        line: u32,
        column: u32,
        message: String,
    },
    NoAnswers,
}
pub fn read_markdown(_src: &str, _layout: &SheetLayout) -> Result<MarkdownRead, MarkdownError> {
    Err(MarkdownError::NoAnswers)
}
