//! The JSON results document (`--format json`, and `results.json` in `--out`).
//! Documented field by field in `docs/output-formats.md`; field names are a contract.

use serde::Serialize;

use crate::batch::Summary as BatchSummary;
use crate::batch::shard::Shard;
use crate::batch::similarity::Signature;
use crate::batch::{Batch, Outcome, Skipped};
use crate::grade::result::QuestionAt;
use crate::grade::{ExerciseTotal, QuestionResult};
use crate::raw_json::Indented;
use crate::rubric::Rubric;
use crate::submission::Unplaced;

/// Version of the JSON layout; bumped when a field changes meaning, place or disappears.
/// Version 2 moved `summary` from before `submissions` to the end; version 1 documents read
/// the same (see `json_read`).
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
pub struct Document<'a> {
    pub schema_version: u32,
    pub assay_version: &'static str,
    pub rubric: RubricInfo<'a>,
    /// The shard graded (`--shard K/N`): only in a shard's results, for `assay merge`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    pub submissions: Vec<SubmissionView<'a>>,
    pub skipped: &'a [Skipped],
    /// Last, so that everything before it is known before the first submission is graded:
    /// the document is written as the submissions come (see [`document_head`]).
    pub summary: Summary,
}

#[derive(Serialize)]
pub struct RubricInfo<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub version: Option<&'a str>,
    pub hash: &'a str,
    pub max_score: f64,
}

#[derive(Serialize)]
pub struct Summary {
    /// Every path met: graded + failed + skipped.
    pub found: usize,
    pub graded: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Mean score as a fraction of the maximum over graded submissions (null when none).
    pub mean_fraction: Option<f64>,
}

#[derive(Serialize)]
pub struct SubmissionView<'a> {
    pub file: &'a str,
    pub learner: &'a str,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'a str>,
    /// Where in the file the error was found (1-based), when the reader knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_column: Option<u32>,
    pub score: Option<f64>,
    pub max_score: f64,
    pub exercises: &'a [ExerciseTotal],
    pub questions: Questions<'a>,
    pub unplaced: &'a [Unplaced],
    /// The MinHash of the answers: only in a shard's results, so that `assay merge` finds
    /// near-duplicates across shards.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<&'a Signature>,
}

impl Serialize for Unplaced {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Unplaced", 3)?;
        st.serialize_field("line", &self.line)?;
        st.serialize_field("reason", &self.reason)?;
        st.serialize_field("text", &self.text)?;
        st.end()
    }
}

/// The questions of a [`SubmissionView`]; `concepts_at` as for [`QuestionAt`] (the view
/// written pretty at its place in the document, see [`submission_fragment_bytes`]).
pub struct Questions<'a> {
    pub list: &'a [QuestionResult],
    pub concepts_at: Option<usize>,
}

impl Serialize for Questions<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.list.len()))?;
        for question in self.list {
            seq.serialize_element(&QuestionAt {
                question,
                concepts_at: self.concepts_at,
            })?;
        }
        seq.end()
    }
}

/// The view of one outcome (with its signature in a shard's results).
pub fn submission_view<'a>(o: &'a Outcome, rubric_max: f64, shard: bool) -> SubmissionView<'a> {
    let signature = if shard { o.signature.as_ref() } else { None };
    match &o.result {
        Ok(g) => SubmissionView {
            file: &o.file,
            learner: &o.learner,
            status: "graded",
            error: None,
            error_line: None,
            error_column: None,
            score: Some(g.score),
            max_score: g.max_score,
            exercises: &g.exercises,
            questions: Questions {
                list: &g.questions,
                concepts_at: None,
            },
            unplaced: &o.unplaced,
            signature,
        },
        Err(e) => SubmissionView {
            file: &o.file,
            learner: &o.learner,
            status: "error",
            error: Some(&e.message),
            error_line: e.line,
            error_column: e.column,
            score: None,
            max_score: rubric_max,
            exercises: &[],
            questions: Questions {
                list: &[],
                concepts_at: None,
            },
            unplaced: &o.unplaced,
            signature,
        },
    }
}

/// Builds the document.
pub fn document<'a>(rubric: &'a Rubric, batch: &'a Batch) -> Document<'a> {
    let max = crate::grade::question::round6(rubric.max_score());
    let submissions = batch
        .outcomes
        .iter()
        .map(|o| submission_view(o, max, batch.shard.is_some()))
        .collect();
    document_with(rubric, batch, submissions)
}

/// The document with the given submission views; the summary comes from `batch`.
fn document_with<'a>(
    rubric: &'a Rubric,
    batch: &'a dyn BatchSummary,
    submissions: Vec<SubmissionView<'a>>,
) -> Document<'a> {
    let max = crate::grade::question::round6(rubric.max_score());
    Document {
        schema_version: SCHEMA_VERSION,
        assay_version: env!("CARGO_PKG_VERSION"),
        rubric: RubricInfo {
            id: &rubric.id,
            title: &rubric.title,
            version: rubric.version.as_deref(),
            hash: &rubric.hash,
            max_score: max,
        },
        shard: batch.shard(),
        submissions,
        skipped: batch.skipped(),
        summary: Summary {
            found: batch.found(),
            graded: batch.graded(),
            failed: batch.failed(),
            skipped: batch.skipped().len(),
            mean_fraction: batch.mean_fraction().map(crate::grade::question::round6),
        },
    }
}

/// One submission of the document, pretty-printed at its place in it (indented by two
/// levels), for writing the document piece by piece (see [`document_head`]); `shard` as for
/// [`submission_view`].
pub fn submission_fragment(o: &Outcome, rubric: &Rubric, shard: bool) -> String {
    String::from_utf8(submission_fragment_bytes(o, rubric, shard)).unwrap_or_default()
}

/// [`submission_fragment`] as the bytes it is written as (a `--out` or stdout piece): serde_json
/// writes UTF-8, so the text is not checked again (some 100 KB per submission).
pub fn submission_fragment_bytes(o: &Outcome, rubric: &Rubric, shard: bool) -> Vec<u8> {
    let max = crate::grade::question::round6(rubric.max_score());
    // About as long as the last one made on this thread (some 100 KB for a full sheet), so
    // that the text does not grow by doubling, copying as it goes.
    thread_local! {
        static LAST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    // The view is two levels deep in the document (in `"submissions": [`); its questions'
    // concept entries four levels below it: in `"questions": [`, in a question, in
    // `"concepts": [`.
    const BASE: usize = 2;
    let mut view = submission_view(o, max, shard);
    view.questions.concepts_at = Some(BASE + 4);
    let text = pretty_in(&view, BASE, super::capacity::next(&LAST, 4096));
    super::capacity::made(&LAST, text.len());
    text
}

/// Each of `values` as pretty JSON (two spaces) at its place `base` levels deep in a
/// document (every line, the first included, indented by `base` levels), with `separator`
/// between two of them; as bytes (serde_json writes UTF-8: not checked again).
pub fn pretty_each_bytes_at<T: Serialize>(values: &[T], base: usize, separator: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(512 * values.len());
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(separator.as_bytes());
        }
        pretty_into(&mut out, value, base);
    }
    out
}

/// `value` as pretty JSON `base` levels deep, in a buffer of `capacity` bytes to start with.
fn pretty_in(value: &impl Serialize, base: usize, capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    pretty_into(&mut out, value, base);
    out
}

/// Appends `value` as pretty JSON `base` levels deep to `out`; a value that cannot be
/// serialized becomes `{"error": "…"}` in its place.
fn pretty_into(out: &mut Vec<u8>, value: &impl Serialize, base: usize) {
    let start = out.len();
    out.resize(start + 2 * base, b' ');
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, Indented::new(base));
    if let Err(e) = value.serialize(&mut ser) {
        out.truncate(start + 2 * base);
        out.extend_from_slice(format!("{{\"error\": \"{e}\"}}").as_bytes());
    }
}

/// The document's text around its submissions: up to `"submissions": [` and from the `]`
/// after them. A document with submissions is the head, a newline, the
/// [`submission_fragment`]s of every outcome in order separated by `",\n"`, a newline and two
/// spaces, then the tail; without submissions it is the head and the tail. The bytes are
/// those of [`to_json`].
fn around_submissions(
    rubric: &Rubric,
    batch: &dyn BatchSummary,
) -> std::io::Result<(String, String)> {
    let mut text = serde_json::to_string_pretty(&document_with(rubric, batch, Vec::new()))
        .map_err(std::io::Error::other)?;
    const EMPTY: &str = "\n  \"submissions\": []";
    let at = text
        .find(EMPTY)
        .ok_or_else(|| std::io::Error::other("no submissions key in the document"))?;
    let mut tail = text.split_off(at + EMPTY.len() - 1);
    tail.push('\n');
    Ok((text, tail))
}

/// What comes before the submissions of a document: it depends on the rubric and the shard
/// only, so it is written before the first submission is graded.
pub fn document_head(rubric: &Rubric, shard: Option<Shard>) -> std::io::Result<String> {
    let start = Batch {
        outcomes: Vec::new(),
        skipped: Vec::new(),
        shard,
    };
    Ok(around_submissions(rubric, &start)?.0)
}

/// What comes after the submissions of the document of the batch that `batch` summarises
/// (its skipped inputs and summary).
pub fn document_tail(rubric: &Rubric, batch: &dyn BatchSummary) -> std::io::Result<String> {
    Ok(around_submissions(rubric, batch)?.1)
}

/// The document as pretty JSON, with a final newline.
pub fn to_json(rubric: &Rubric, batch: &Batch) -> String {
    let mut s = serde_json::to_string_pretty(&document(rubric, batch))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::Graded;

    fn rubric() -> Rubric {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/scaling-workshop.yaml");
        crate::rubric::load(&path).unwrap_or_else(|e| panic!("{e:?}"))
    }

    /// The document written piece by piece is the document serialized at once.
    #[test]
    fn the_streamed_document_is_the_document() {
        let rubric = rubric();
        let graded = |score: f64| Graded {
            score,
            max_score: rubric.max_score(),
            exercises: Vec::new(),
            questions: Vec::new(),
        };
        let outcomes = [
            Outcome {
                file: "a.md".into(),
                learner: "a".into(),
                result: Ok(graded(3.5)),
                unplaced: Vec::new(),
                signature: None,
            },
            Outcome {
                file: "b.md".into(),
                learner: "b\"q".into(),
                result: Err(crate::batch::Failure::whole("b.md: broken")),
                unplaced: Vec::new(),
                signature: None,
            },
        ];
        for n in 0..=outcomes.len() {
            let batch = Batch {
                outcomes: outcomes[..n].to_vec(),
                skipped: vec![Skipped {
                    file: "x.txt".into(),
                    reason: "not a submission".into(),
                }],
                shard: None,
            };
            let mut out = document_head(&rubric, None).unwrap();
            if n > 0 {
                out.push('\n');
                let pieces: Vec<String> = batch
                    .outcomes
                    .iter()
                    .map(|o| submission_fragment(o, &rubric, false))
                    .collect();
                out.push_str(&pieces.join(",\n"));
                out.push_str("\n  ");
            }
            out.push_str(&document_tail(&rubric, &batch).unwrap());
            assert_eq!(out, to_json(&rubric, &batch));
        }
    }
}
