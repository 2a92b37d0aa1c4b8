//! Rubric errors: each names the file and the place (`file:line:col`) and says what is wrong
//! in a lowercase sentence fragment. Loading collects all of them before failing.

use std::fmt;

/// One problem in a rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubricError {
    /// The rubric file, as given (or as included).
    pub file: String,
    /// 1-based line and column (0 when unknown).
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for RubricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: error: {}",
                self.file, self.line, self.column, self.message
            )
        } else {
            write!(f, "{}: error: {}", self.file, self.message)
        }
    }
}

/// How the message of a rubric file that could not be read begins.
pub(crate) const CANNOT_READ: &str = "cannot read the rubric";

impl RubricError {
    /// The file could not be read at all (missing, a folder, no permission): not a problem
    /// in a rubric.
    pub fn is_unreadable(&self) -> bool {
        self.line == 0 && self.message.starts_with(CANNOT_READ)
    }
}

/// Every problem found in a rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubricErrors(pub Vec<RubricError>);

impl fmt::Display for RubricErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RubricErrors {}
