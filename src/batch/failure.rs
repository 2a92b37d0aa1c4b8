//! Why an input was not graded: the message as printed (it starts with the file's name, and
//! with the place when the reader knows it: `path:line:col: message`) and that place as
//! numbers, for the outputs that point at a line (GitHub annotations, GitLab Code Quality,
//! the JSON document's `error_line` and `error_column`).

use std::fmt;

use crate::submission::SubmissionError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The whole message, file name first.
    pub message: String,
    /// The line the failure was found at (1-based), when known.
    pub line: Option<u32>,
    /// The column (1-based, in characters), when known; only with a line.
    pub column: Option<u32>,
}

impl Failure {
    /// A failure with no place in the file (a size limit, an unreadable path).
    pub fn whole(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            line: None,
            column: None,
        }
    }

    /// A reader's error in the file `path`: its message located (`path:line:col: …`), and
    /// its place.
    pub fn read(path: &str, e: &SubmissionError) -> Failure {
        let line = (e.line > 0).then_some(e.line);
        Failure {
            message: e.located(path),
            line,
            column: line.and((e.column > 0).then_some(e.column)),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(line: u32, column: u32) -> SubmissionError {
        SubmissionError {
            line,
            column,
            message: "expected a mapping".into(),
        }
    }

    #[test]
    fn a_reader_error_keeps_its_place_as_numbers_and_in_the_message() {
        let f = Failure::read("d/a.yaml", &error(3, 7));
        assert_eq!(f.message, "d/a.yaml:3:7: expected a mapping");
        assert_eq!((f.line, f.column), (Some(3), Some(7)));
    }

    #[test]
    fn a_line_without_a_column_and_no_place_at_all() {
        let f = Failure::read("a.md", &error(4, 0));
        assert_eq!(
            (f.message.as_str(), f.line, f.column),
            ("a.md:4: expected a mapping", Some(4), None)
        );
        let f = Failure::read("a.md", &error(0, 9));
        assert_eq!(
            (f.message.as_str(), f.line, f.column),
            ("a.md: expected a mapping", None, None)
        );
    }
}
