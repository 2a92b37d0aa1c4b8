//! Reading a results document (`results.json`) back, for `assay merge`: first its head (schema,
//! rubric hash, shard) without reading the submissions, then the submissions one at a time,
//! in document order, so that merging the shards of a cohort of any size needs memory for a
//! few submissions per shard, not for the cohort.

use std::io::Read;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::json::SCHEMA_VERSION;
use crate::batch::shard::Shard;
use crate::batch::similarity::Signature;
use crate::batch::{Failure, Outcome, Skipped};
use crate::grade::{ExerciseTotal, Graded, QuestionResult};
use crate::submission::Unplaced;

/// What a document says before its submissions.
#[derive(Debug, Clone, Default)]
pub struct Head {
    pub schema_version: Option<u32>,
    /// The assay that wrote the document.
    pub assay_version: Option<String>,
    pub rubric_hash: Option<String>,
    pub shard: Option<Shard>,
    /// The document's own counts (after its submissions: read only by [`read_all`]), for
    /// checking that none of its entries was cut or repeated.
    pub counts: Option<Counts>,
}

/// The counts of a document's `summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
pub struct Counts {
    pub found: usize,
    pub graded: usize,
    pub failed: usize,
    pub skipped: usize,
}

#[derive(serde::Deserialize)]
struct ReadRubric {
    hash: String,
}

#[derive(serde::Deserialize)]
struct ReadSubmission {
    file: String,
    learner: String,
    status: String,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_line: Option<u32>,
    #[serde(default)]
    error_column: Option<u32>,
    score: Option<f64>,
    max_score: f64,
    exercises: Vec<ExerciseTotal>,
    questions: Vec<QuestionResult>,
    unplaced: Vec<Unplaced>,
    #[serde(default)]
    signature: Option<Signature>,
}

impl ReadSubmission {
    fn outcome(self) -> Result<Outcome, String> {
        let result = match (self.status.as_str(), self.score, self.error) {
            ("graded", Some(score), _) => Ok(Graded {
                score,
                max_score: self.max_score,
                exercises: self.exercises,
                questions: self.questions,
            }),
            ("error", _, Some(message)) => Err(Failure {
                message,
                line: self.error_line,
                column: self.error_line.and(self.error_column),
            }),
            (status, ..) => {
                return Err(format!(
                    "submission `{}`: status `{status}` without its score or error",
                    self.file
                ));
            }
        };
        Ok(Outcome {
            file: self.file,
            learner: self.learner,
            result,
            unplaced: self.unplaced,
            signature: self.signature,
        })
    }
}

/// Why a document could not be read: a message and, where the JSON reader knows it, the
/// 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub place: Option<(usize, usize)>,
    pub message: String,
}

impl ReadError {
    /// The error in the file shown as `file`: `file:line:col: message` or `file: message`.
    pub fn in_file(&self, file: impl std::fmt::Display) -> String {
        match self.place {
            Some((line, column)) => format!("{file}:{line}:{column}: {}", self.message),
            None => format!("{file}: {}", self.message),
        }
    }
}

impl From<String> for ReadError {
    fn from(message: String) -> ReadError {
        ReadError {
            place: None,
            message,
        }
    }
}

/// Stops reading at the submissions (reading only the head).
const STOP: &str = "assay: stop at the submissions";

/// Reads the head of a document.
pub fn read_head(r: impl Read) -> Result<Head, ReadError> {
    let mut none = |_: Outcome| -> Result<(), String> { Ok(()) };
    Ok(check(read(r, true, &mut none)?.0)?)
}

/// Reads a whole document, handing each submission to `each` in document order (an error
/// from `each` stops the reading); returns the head and the skipped paths.
pub fn read_all(
    r: impl Read,
    each: &mut dyn FnMut(Outcome) -> Result<(), String>,
) -> Result<(Head, Vec<Skipped>), ReadError> {
    let (head, skipped) = read(r, false, each)?;
    Ok((check(head)?, skipped))
}

/// Versions read: 1 differs from 2 only in where `summary` stands. Merging recounts the
/// summary; it reads only its counts, to check the entries against them.
const READ_VERSIONS: [u32; 2] = [1, SCHEMA_VERSION];

fn check(head: Head) -> Result<Head, String> {
    match head.schema_version {
        Some(v) if READ_VERSIONS.contains(&v) => Ok(head),
        Some(v) => Err(format!(
            "schema version {v} (this assay reads versions 1 to {SCHEMA_VERSION})"
        )),
        None => Err("not an assay results document (no schema_version)".into()),
    }
}

fn read(
    r: impl Read,
    head_only: bool,
    each: &mut dyn FnMut(Outcome) -> Result<(), String>,
) -> Result<(Head, Vec<Skipped>), ReadError> {
    let mut r = std::io::BufReader::new(r);
    starts_as_json(&mut r)?;
    let mut de = serde_json::Deserializer::from_reader(r);
    let mut head = Head::default();
    let v = DocVisitor {
        head: &mut head,
        head_only,
        each,
    };
    let read = de::Deserializer::deserialize_map(&mut de, v);
    match read {
        Ok(skipped) => {
            if !head_only {
                de.end().map_err(|e| located(&e))?;
            }
            Ok((head, skipped))
        }
        Err(e) if head_only && e.to_string().contains(STOP) => Ok((head, Vec::new())),
        Err(e) => Err(located(&e)),
    }
}

/// The error and its place, without the place serde_json appends to its message.
fn located(e: &serde_json::Error) -> ReadError {
    let (line, column) = (e.line(), e.column());
    let text = e.to_string();
    let message = text
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&text);
    ReadError {
        place: (line > 0).then_some((line, column)),
        message: message.to_string(),
    }
}

/// What a file that is no results document at all is told.
const NOT_RESULTS: &str = "merge reads the results of `assay grade --shard K/N --format json` \
                           (or the results.json of its --out folder)";

/// Skips a UTF-8 byte order mark, and refuses a file whose first character (after white
/// space) does not open a JSON object: a submission, a gradebook or an empty file named by
/// mistake is said to be no results document, at that character, instead of "expected value".
fn starts_as_json(r: &mut impl std::io::BufRead) -> Result<(), ReadError> {
    let buf = r
        .fill_buf()
        .map_err(|e| ReadError::from(format!("cannot read: {e}")))?;
    let bom = if buf.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let text = &buf[bom..];
    match text.iter().position(|b| !b.is_ascii_whitespace()) {
        Some(i) if text[i] == b'{' => {
            r.consume(bom);
            Ok(())
        }
        Some(i) => {
            let line = 1 + text[..i].iter().filter(|&&b| b == b'\n').count();
            let line_start = text[..i]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |n| n + 1);
            let shown = String::from_utf8_lossy(&text[i..(i + 16).min(text.len())])
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            Err(ReadError {
                place: Some((line, i - line_start + 1)),
                message: format!(
                    "not a results document: it begins with `{shown}`, not a JSON object; \
                     {NOT_RESULTS}"
                ),
            })
        }
        None => Err(ReadError::from(format!(
            "not a results document: the file is empty; {NOT_RESULTS}"
        ))),
    }
}

struct DocVisitor<'a> {
    head: &'a mut Head,
    head_only: bool,
    each: &'a mut dyn FnMut(Outcome) -> Result<(), String>,
}

impl<'de> Visitor<'de> for DocVisitor<'_> {
    type Value = Vec<Skipped>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an assay results document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<Skipped>, A::Error> {
        let mut skipped = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "schema_version" => self.head.schema_version = Some(map.next_value()?),
                "assay_version" => self.head.assay_version = Some(map.next_value()?),
                "rubric" => {
                    self.head.rubric_hash = Some(map.next_value::<ReadRubric>()?.hash);
                }
                "shard" => self.head.shard = map.next_value()?,
                "submissions" if self.head_only => return Err(de::Error::custom(STOP)),
                "submissions" => map.next_value_seed(Submissions(&mut *self.each))?,
                "skipped" => skipped = map.next_value()?,
                "summary" if !self.head_only => self.head.counts = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(skipped)
    }
}

struct Submissions<'a>(&'a mut dyn FnMut(Outcome) -> Result<(), String>);

impl<'de> DeserializeSeed<'de> for Submissions<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Submissions<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of submissions")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(s) = seq.next_element::<ReadSubmission>()? {
            let o = s.outcome().map_err(de::Error::custom)?;
            (self.0)(o).map_err(de::Error::custom)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{json, testing};

    #[test]
    fn a_document_reads_back_as_its_outcomes() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let text = json::to_json(&r, &b);
        let head = read_head(text.as_bytes()).unwrap();
        assert_eq!(head.rubric_hash.as_deref(), Some(r.hash.as_str()));
        assert_eq!(head.shard, None);
        let mut back = Vec::new();
        let (_, skipped) = read_all(text.as_bytes(), &mut |o| {
            back.push(o);
            Ok(())
        })
        .unwrap();
        assert_eq!(skipped, b.skipped);
        let mut expected = b.outcomes.clone();
        for o in &mut expected {
            o.signature = None;
        }
        assert_eq!(back, expected);
    }

    /// Version 1 had the summary before the submissions: it reads the same.
    #[test]
    fn a_version_1_document_reads_as_version_2() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let v2 = json::to_json(&r, &b);
        let at = v2.rfind(",\n  \"summary\": ").unwrap();
        let summary = &v2[at + 2..v2.len() - "\n}\n".len()];
        let v1 = format!("{}\n}}\n", &v2[..at])
            .replacen("\"schema_version\": 2", "\"schema_version\": 1", 1)
            .replacen(
                "  \"submissions\"",
                &format!("{summary},\n  \"submissions\""),
                1,
            );
        assert!(v1.find("\"summary\"") < v1.find("\"submissions\""), "{v1}");
        let read = |text: &str| {
            let mut back = Vec::new();
            let (head, skipped) = read_all(text.as_bytes(), &mut |o| {
                back.push(o);
                Ok(())
            })
            .unwrap();
            (head.schema_version, head.rubric_hash, skipped, back)
        };
        let (one, two) = (read(&v1), read(&v2));
        assert_eq!((one.0, two.0), (Some(1), Some(2)));
        assert_eq!((one.1, one.2, one.3), (two.1, two.2, two.3));
    }

    #[test]
    fn broken_and_foreign_documents_are_errors_with_a_place() {
        let e = read_head("{\"schema_version\": 1, \"rubric\": ".as_bytes()).unwrap_err();
        assert_eq!(e.place.map(|p| p.0), Some(1), "{e:?}");
        assert!(e.in_file("r.json").starts_with("r.json:1:"), "{e:?}");
        let e = read_head("{\"hello\": 1}".as_bytes()).unwrap_err();
        assert_eq!(
            e.in_file("r.json"),
            "r.json: not an assay results document (no schema_version)"
        );
        let e = read_head("{\"schema_version\": 9, \"submissions\": []}".as_bytes()).unwrap_err();
        assert!(e.message.contains("schema version 9"), "{e:?}");
        // A file that is not JSON at all says what merge reads, at its first character.
        let e = read_head("## Retrieval Prompts\n".as_bytes()).unwrap_err();
        assert!(
            e.in_file("ana.md").starts_with(
                "ana.md:1:1: not a results document: it begins with `##`, not a JSON object; \
                 merge reads"
            ),
            "{e:?}"
        );
        let e = read_head("\n\n  ---\nlearner: amy\n".as_bytes()).unwrap_err();
        assert!(
            e.in_file("amy.md")
                .starts_with("amy.md:3:3: not a results document: it begins with `---`"),
            "{e:?}"
        );
        let e = read_head("1. Vertical scaling".as_bytes()).unwrap_err();
        assert_eq!(e.place, Some((1, 1)), "{e:?}");
        let e = read_head(" \n".as_bytes()).unwrap_err();
        assert!(
            e.in_file("e.json")
                .starts_with("e.json: not a results document: the file is empty"),
            "{e:?}"
        );
        // A byte order mark is skipped.
        let e = read_head("\u{feff}{\"hello\": 1}".as_bytes()).unwrap_err();
        assert!(e.message.contains("no schema_version"), "{e:?}");
    }
}
