//! The JSON results document (`--format json`, and `results.json` in `--out`).
//! Documented field by field in `docs/output-formats.md`; field names are a contract.

use serde::Serialize;

use crate::batch::{Batch, Outcome, Skipped};
use crate::grade::{ExerciseTotal, QuestionResult};
use crate::rubric::Rubric;
use crate::submission::Unplaced;

/// Version of the JSON layout; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Document<'a> {
    pub schema_version: u32,
    pub assay_version: &'static str,
    pub rubric: RubricInfo<'a>,
    pub summary: Summary,
    pub submissions: Vec<SubmissionView<'a>>,
    pub skipped: &'a [Skipped],
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
    pub score: Option<f64>,
    pub max_score: f64,
    pub exercises: &'a [ExerciseTotal],
    pub questions: &'a [QuestionResult],
    pub unplaced: &'a [Unplaced],
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

/// The view of one outcome.
pub fn submission_view<'a>(o: &'a Outcome, rubric_max: f64) -> SubmissionView<'a> {
    match &o.result {
        Ok(g) => SubmissionView {
            file: &o.file,
            learner: &o.learner,
            status: "graded",
            error: None,
            score: Some(g.score),
            max_score: g.max_score,
            exercises: &g.exercises,
            questions: &g.questions,
            unplaced: &o.unplaced,
        },
        Err(e) => SubmissionView {
            file: &o.file,
            learner: &o.learner,
            status: "error",
            error: Some(e),
            score: None,
            max_score: rubric_max,
            exercises: &[],
            questions: &[],
            unplaced: &o.unplaced,
        },
    }
}

/// Builds the document.
pub fn document<'a>(rubric: &'a Rubric, batch: &'a Batch) -> Document<'a> {
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
        summary: Summary {
            found: batch.outcomes.len() + batch.skipped.len(),
            graded: batch.graded(),
            failed: batch.failed(),
            skipped: batch.skipped.len(),
            mean_fraction: batch.mean_fraction().map(crate::grade::question::round6),
        },
        submissions: batch
            .outcomes
            .iter()
            .map(|o| submission_view(o, max))
            .collect(),
        skipped: &batch.skipped,
    }
}

/// The document as pretty JSON, with a final newline.
pub fn to_json(rubric: &Rubric, batch: &Batch) -> String {
    let mut s = serde_json::to_string_pretty(&document(rubric, batch))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
