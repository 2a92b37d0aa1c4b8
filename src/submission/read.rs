//! From a file's bytes to a [`Submission`], or an error that names the place: size limit,
//! encoding (UTF-8, or UTF-16 with a byte order mark), binary content, then the Markdown or
//! YAML reader chosen by the file's extension.

use std::fmt;
use std::path::Path;

use super::layout::SheetLayout;
use super::markdown::{MarkdownError, read_markdown};
use super::model::Submission;
use super::yaml_form::read_form;
use crate::text::is_invisible_or_control;

/// Submissions larger than this are refused by default (`--max-file-size` changes it).
pub const DEFAULT_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// The kinds of file assay reads as submissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Yaml,
}

impl Format {
    /// The format of a file, by extension (`.md`, `.markdown`, `.yaml`, `.yml`).
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "yaml" | "yml" => Some(Format::Yaml),
            _ => None,
        }
    }
}

/// Why a file could not be graded. `Display` gives the message without the file name; the
/// place (line:col) is in `place`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for SubmissionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl SubmissionError {
    fn new(message: impl Into<String>) -> SubmissionError {
        SubmissionError {
            line: 0,
            column: 0,
            message: message.into(),
        }
    }
    /// `path:line:col: message` (`path:line: message` without a column, `path: message`
    /// without a place).
    pub fn located(&self, path: &str) -> String {
        match (self.line, self.column) {
            (0, _) => format!("{path}: {}", self.message),
            (line, 0) => format!("{path}:{line}: {}", self.message),
            (line, column) => format!("{path}:{line}:{column}: {}", self.message),
        }
    }
}

/// A YAML message, and how to write text that YAML reads as text when that was the trouble.
fn with_hint(message: &str) -> String {
    match crate::yaml::text_hint(message) {
        Some(hint) => format!("{message}; {hint}"),
        None => message.to_string(),
    }
}

/// The learner id of the blank sheet that `assay template` prints, for the learner to
/// replace. A sheet handed in with it unchanged gives no id (the file's name is used), so
/// two such sheets are not one learner.
pub const PLACEHOLDER_LEARNER: &str = "your-id";

/// Decodes a submission's bytes to text, each lone `\r` line end made a `\n` (one byte for
/// one, so every offset, line and column stays the file's): the readers and the text analysis
/// then see the lines of an old-Mac file as lines (its list items were once one sentence).
pub fn decode(bytes: &[u8]) -> Result<String, SubmissionError> {
    decode_text(bytes).map(lone_cr_as_lf)
}

/// `text` with each `\r` not followed by `\n` replaced by `\n`.
fn lone_cr_as_lf(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // An ASCII byte replaced by another: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn decode_text(bytes: &[u8]) -> Result<String, SubmissionError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, u16::from_be_bytes);
    }
    // Offsets are the file's: counted from before a byte order mark (lines and columns
    // from after it, as editors count them).
    let (bytes, mark) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    // `memchr` looks at many bytes at a time: this runs over every byte of every file.
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(SubmissionError::new(format!(
            "binary file (NUL byte at offset {}), not a text submission",
            at + mark
        )));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            // Lines end as the Markdown reader ends them (a lone `\r` too).
            let (ends, last) = crate::text::line_ends::count(&bytes[..at]);
            let line = ends as u32 + 1;
            let col = std::str::from_utf8(&bytes[last.unwrap_or(0)..at])
                .map_or(1, |s| s.chars().count() as u32 + 1);
            Err(SubmissionError {
                line,
                column: col,
                message: format!(
                    "invalid UTF-8 at byte offset {}; save the file as UTF-8",
                    at + mark
                ),
            })
        }
    }
}

fn utf16(rest: &[u8], f: fn([u8; 2]) -> u16) -> Result<String, SubmissionError> {
    if rest.len() % 2 != 0 {
        return Err(SubmissionError::new(format!(
            "UTF-16 file with an odd number of bytes: the last byte (byte offset {}) is half a \
             character; save the file as UTF-8",
            rest.len() + 1
        )));
    }
    let units: Vec<u16> = rest.chunks_exact(2).map(|c| f([c[0], c[1]])).collect();
    let mut text = String::with_capacity(units.len());
    let mut at = 2; // after the byte order mark
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            // As a NUL byte makes a UTF-8 file binary.
            Ok('\0') => {
                return Err(SubmissionError::new(format!(
                    "binary file (NUL character at byte offset {at}), not a text submission"
                )));
            }
            Ok(c) => {
                text.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) => {
                return Err(SubmissionError::new(format!(
                    "invalid UTF-16 (unpaired surrogate at byte offset {at}); save the file as UTF-8"
                )));
            }
        }
    }
    Ok(text)
}

/// A learner id as written, made fit to print: control characters (tabs, newlines, escape
/// sequences) become spaces, invisible characters (zero-width, direction overrides) go, and
/// runs of spaces become one. An id with a newline or a tab could forge a line of the
/// tab-separated output; one with a zero-width space would look like another learner's.
fn clean_id(id: &str) -> String {
    let spaced: String = id
        .chars()
        .filter(|&c| c.is_control() || !is_invisible_or_control(c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a submission from its bytes. `stem` is the file name without extension (the learner
/// id when the file names none).
pub fn read_submission(
    bytes: &[u8],
    format: Format,
    stem: &str,
    layout: &SheetLayout,
) -> Result<Submission, SubmissionError> {
    let text = decode(bytes)?;
    if text.trim().is_empty() {
        return Err(SubmissionError::new("empty file: no answers"));
    }
    let (learner, answers, unplaced) = match format {
        Format::Markdown => {
            let r = read_markdown(&text, layout).map_err(|e| match e {
                MarkdownError::FrontMatter {
                    line,
                    column,
                    message,
                } => SubmissionError {
                    line,
                    column,
                    message: format!("invalid front matter: {}", with_hint(&message)),
                },
                MarkdownError::NoAnswers { why: None } => SubmissionError::new(
                    "no recognisable answers: no text could be placed at a question of the rubric",
                ),
                // Said at the text set aside, with why: "question 2 is labelled before any
                // exercise heading" tells the learner what to change.
                MarkdownError::NoAnswers {
                    why: Some((line, reason, more)),
                } => SubmissionError {
                    line,
                    column: 0,
                    message: format!(
                        "no recognisable answers: no text could be placed at a question of the \
                         rubric ({reason}{})",
                        match more {
                            0 => String::new(),
                            1 => "; 1 more text set aside".to_string(),
                            n => format!("; {n} more texts set aside"),
                        }
                    ),
                },
            })?;
            (r.learner, r.answers, r.unplaced)
        }
        Format::Yaml => {
            let r = read_form(&text, layout).map_err(|e| SubmissionError {
                line: e.line,
                column: e.column,
                message: format!("invalid YAML form: {}", with_hint(&e.message)),
            })?;
            if r.answers.is_empty() {
                // Say why, at the first key that answers nothing ("exercise `nosuch` is not in
                // the rubric").
                return Err(match r.unplaced.first() {
                    Some(u) => SubmissionError {
                        line: u.line,
                        column: 0,
                        message: format!(
                            "no recognisable answers: the form has no answer for a question of \
                             the rubric ({}{})",
                            u.reason,
                            match r.unplaced.len() {
                                1 => String::new(),
                                n => format!("; {} more keys answer nothing", n - 1),
                            }
                        ),
                    },
                    None => SubmissionError::new(
                        "no recognisable answers: the form has no answer for a question of the \
                         rubric",
                    ),
                });
            }
            (r.learner, r.answers, r.unplaced)
        }
    };
    // The blank sheet's placeholder id is no id (two untouched sheets are two learners).
    let learner = learner
        .map(|l| clean_id(&l))
        .filter(|l| !l.is_empty() && l != PLACEHOLDER_LEARNER)
        .unwrap_or_else(|| stem.to_string());
    Ok(Submission {
        learner,
        answers,
        unplaced,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learner_ids_are_made_fit_to_print() {
        assert_eq!(clean_id("  ana  "), "ana");
        assert_eq!(
            clean_id("x\tfake.md\tbob\t4/4\nmore"),
            "x fake.md bob 4/4 more"
        );
        assert_eq!(clean_id("a\u{200B}na\u{202E}"), "ana");
        assert_eq!(clean_id("\u{1b}[2Jana"), "[2Jana");
        assert_eq!(clean_id("\u{200B}"), "");
    }

    #[test]
    fn utf16_errors_name_the_byte_offset() {
        let mut le = vec![0xFF, 0xFE, b'a', 0, 0x34, 0xD8, 0x1E, 0xDD];
        assert_eq!(decode(&le).unwrap(), "a\u{1D11E}");
        le.extend([0x00, 0xD8, b'b', 0]);
        assert_eq!(
            decode(&le).unwrap_err().message,
            "invalid UTF-16 (unpaired surrogate at byte offset 8); save the file as UTF-8"
        );
        assert!(
            decode(&[0xFE, 0xFF, 0, b'a', 0])
                .unwrap_err()
                .message
                .contains("odd number")
        );
        // A NUL character makes a UTF-16 file binary, as a NUL byte does a UTF-8 one.
        assert_eq!(
            decode(&[0xFF, 0xFE, b'a', 0, 0, 0]).unwrap_err().message,
            "binary file (NUL character at byte offset 4), not a text submission"
        );
    }

    /// Byte offsets count the byte order mark (they are the file's); lines and columns start
    /// after it.
    #[test]
    fn utf8_errors_name_the_files_byte_offset_after_a_byte_order_mark() {
        for (mark, offset) in [(&[][..], 19), (&[0xEF, 0xBB, 0xBF][..], 22)] {
            let mut bytes = mark.to_vec();
            bytes.extend(b"# Retrieval\n\n1. caf\xe9 x\n");
            let e = decode(&bytes).unwrap_err();
            assert_eq!(
                e.message,
                format!("invalid UTF-8 at byte offset {offset}; save the file as UTF-8")
            );
            assert_eq!((e.line, e.column), (3, 7));
            let mut bytes = mark.to_vec();
            bytes.extend(b"ab\0");
            assert_eq!(
                decode(&bytes).unwrap_err().message,
                format!(
                    "binary file (NUL byte at offset {}), not a text submission",
                    mark.len() + 2
                )
            );
        }
    }
}
