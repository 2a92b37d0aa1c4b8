//! The cohort-wide documents (`--format` on stdout, and the cohort files of `--out`), written
//! one input at a time so that a cohort of any size needs no more memory than a few inputs.
//! Each input's part (a [`Piece`]) is rendered on the thread that graded it; a [`Writer`]
//! takes the pieces in output order. JUnit, whose beginning depends on the whole batch (its
//! totals), keeps its pieces in a spool (compressed, in memory, then in a temporary file)
//! until the end; the others are written as the pieces come (the JSON summary comes last for
//! that). Writing the pieces of a whole batch gives the document byte for byte
//! ([`Document::whole`]), which is how the `to_*` functions of each format module make it.

use std::io::Write;

use super::feedback::PlainView;
use super::junit::Totals;
use super::{canvas, csv_export, gitlab, human, json, junit, moodle};
use crate::batch::shard::Shard;
use crate::batch::spool::{self, Spool};
use crate::batch::{Batch, Outcome, Summary};
use crate::rubric::Rubric;

/// Compressed bytes a spool keeps in memory before it moves to a temporary file.
const SPOOL_MEMORY: usize = 4 * 1024 * 1024;

/// A cohort-wide document.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// One line per input (`--format human`).
    Human,
    /// The JSON results (`json`); a shard's (`--shard K/N`) name it and carry signatures.
    Json { shard: Option<Shard> },
    /// The generic CSV (`csv_export`).
    Csv,
    /// The Canvas import for the named assignment (`canvas`).
    Canvas(String),
    /// The Moodle import for the named assignment (`moodle`).
    Moodle(String),
    /// JUnit XML (`junit`).
    Junit,
    /// GitLab Code Quality (`gitlab`).
    Gitlab,
    /// GitHub annotations (`cmd::check::annotations`).
    Github,
}

/// One input's part of a document.
#[derive(Debug, Default, Clone)]
pub struct Piece {
    /// The text, compressed for the spool when the document is spooled.
    bytes: Vec<u8>,
    /// The input has no part in this document (a failed input in a gradebook import).
    empty: bool,
    /// What it adds to JUnit's totals.
    totals: Totals,
}

impl Piece {
    /// The bytes its text holds (a waiting outcome's weight, `batch::stream_batch`).
    pub fn held_bytes(&self) -> usize {
        self.bytes.capacity()
    }
}

impl Document {
    /// Are the pieces held until the end?
    fn spooled(&self) -> bool {
        matches!(self, Document::Junit)
    }

    /// Between two pieces.
    fn separator(&self) -> &'static [u8] {
        match self {
            Document::Json { .. } | Document::Gitlab => b",\n",
            _ => b"",
        }
    }

    /// The piece of `o`.
    pub fn piece(&self, rubric: &Rubric, o: &Outcome) -> anyhow::Result<Piece> {
        self.piece_in(rubric, o, &PlainView::new(rubric, o))
    }

    /// The piece of `o`, from its learner's view (built once for all the documents).
    pub fn piece_in(
        &self,
        rubric: &Rubric,
        o: &Outcome,
        views: &PlainView<'_>,
    ) -> anyhow::Result<Piece> {
        // The serde_json and quick-xml pieces come as bytes (they write UTF-8).
        let (text, totals) = match self {
            Document::Human => (human::line(o).into_bytes(), Totals::default()),
            Document::Json { shard } => (
                json::submission_fragment_bytes(o, rubric, shard.is_some()),
                Totals::default(),
            ),
            Document::Csv => (csv_export::row(rubric, o).into_bytes(), Totals::default()),
            Document::Canvas(_) => (canvas::row(o).into_bytes(), Totals::default()),
            Document::Moodle(_) => (moodle::row_in(o, views).into_bytes(), Totals::default()),
            Document::Junit => junit::suite_xml_in(rubric, o, views)?,
            Document::Gitlab => (gitlab::row_bytes_in(o, views), Totals::default()),
            Document::Github => (
                crate::cmd::check::outcome_annotations_in(rubric, o, views).into_bytes(),
                Totals::default(),
            ),
        };
        let empty = text.is_empty() && !matches!(self, Document::Json { .. } | Document::Junit);
        let bytes = if self.spooled() {
            spool::block(&text)
        } else {
            text
        };
        Ok(Piece {
            bytes,
            empty,
            totals,
        })
    }

    /// What comes before the first piece of a document written as the pieces come.
    fn head(&self, rubric: &Rubric) -> std::io::Result<String> {
        Ok(match self {
            Document::Csv => csv_export::record(csv_export::header(rubric)),
            Document::Canvas(assignment) => canvas::head(rubric, assignment),
            Document::Moodle(assignment) => moodle::head(assignment),
            Document::Gitlab => "[\n".into(),
            Document::Json { shard } => json::document_head(rubric, shard.clone())?,
            _ => String::new(),
        })
    }

    /// The whole document of `batch`.
    pub fn try_whole(&self, rubric: &Rubric, batch: &Batch) -> anyhow::Result<String> {
        let mut w = Writer::new(self.clone(), Vec::new());
        for o in &batch.outcomes {
            w.push(rubric, self.piece(rubric, o)?)?;
        }
        let bytes = w.finish(rubric, batch, 1)?;
        Ok(String::from_utf8(bytes)?)
    }

    /// The whole document of `batch`, for documents that cannot fail (all but JUnit, which
    /// fails only if quick-xml's layout changes).
    pub fn whole(&self, rubric: &Rubric, batch: &Batch) -> String {
        self.try_whole(rubric, batch)
            .unwrap_or_else(|e| format!("error: {e:#}\n"))
    }
}

/// Writes a document piece by piece, in output order.
pub struct Writer<W: Write> {
    doc: Document,
    out: W,
    spool: Option<Spool>,
    pieces: usize,
    totals: Totals,
}

impl<W: Write> Writer<W> {
    pub fn new(doc: Document, out: W) -> Writer<W> {
        let spool = doc.spooled().then(|| Spool::new(SPOOL_MEMORY));
        Writer {
            doc,
            out,
            spool,
            pieces: 0,
            totals: Totals::default(),
        }
    }

    /// Adds the next input's piece.
    pub fn push(&mut self, rubric: &Rubric, piece: Piece) -> std::io::Result<()> {
        if piece.empty {
            return Ok(());
        }
        self.totals.add(piece.totals);
        match &mut self.spool {
            Some(spool) => spool.push(&piece.bytes)?,
            None => {
                if self.pieces == 0 {
                    self.out.write_all(self.doc.head(rubric)?.as_bytes())?;
                    if matches!(self.doc, Document::Json { .. }) {
                        self.out.write_all(b"\n")?;
                    }
                } else {
                    self.out.write_all(self.doc.separator())?;
                }
                self.out.write_all(&piece.bytes)?;
            }
        }
        self.pieces += 1;
        Ok(())
    }

    /// Ends the document; `summary` summarises the batch whose outcomes were pushed (for the
    /// JSON summary). `threads` decompress the spool.
    pub fn finish(
        mut self,
        rubric: &Rubric,
        summary: &dyn Summary,
        threads: usize,
    ) -> anyhow::Result<W> {
        let sep = self.doc.separator();
        let n = self.pieces;
        match (&self.doc, &mut self.spool) {
            (Document::Json { .. }, _) => {
                if n == 0 {
                    self.out.write_all(self.doc.head(rubric)?.as_bytes())?;
                } else {
                    self.out.write_all(b"\n  ")?;
                }
                self.out
                    .write_all(json::document_tail(rubric, summary)?.as_bytes())?;
            }
            (Document::Junit, Some(spool)) => {
                let (head, tail) = junit::envelope(self.totals)?;
                self.out.write_all(head.as_bytes())?;
                spool.copy_to(&mut self.out, sep, threads)?;
                self.out.write_all(tail.as_bytes())?;
            }
            (Document::Gitlab, _) => {
                self.out
                    .write_all(if n == 0 { b"[]\n" } else { b"\n]\n" })?;
            }
            (doc, _) => {
                if n == 0 {
                    self.out.write_all(doc.head(rubric)?.as_bytes())?;
                }
            }
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing;

    /// The JSON document is written as the submissions come: everything before a submission
    /// is out once it is pushed, and the whole is the document written at once.
    #[test]
    fn json_is_written_as_the_submissions_come() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        assert!(b.outcomes.len() >= 2);
        let doc = Document::Json { shard: None };
        let mut w = Writer::new(doc.clone(), Vec::new());
        for (i, o) in b.outcomes.iter().enumerate() {
            w.push(&r, doc.piece(&r, o).unwrap()).unwrap();
            let so_far = String::from_utf8(w.out.clone()).unwrap();
            assert!(so_far.starts_with("{\n  \"schema_version\""), "{so_far}");
            assert!(so_far.ends_with(&json::submission_fragment(o, &r, false)));
            assert_eq!(so_far.matches("\"learner\":").count(), i + 1);
            assert!(!so_far.contains("\"summary\""));
        }
        let whole = String::from_utf8(w.finish(&r, &b, 1).unwrap()).unwrap();
        assert_eq!(whole, json::to_json(&r, &b));
        assert_eq!(whole, doc.whole(&r, &b));
        // Without submissions, the document is still whole.
        let empty = Batch {
            outcomes: Vec::new(),
            skipped: b.skipped.clone(),
            shard: None,
        };
        assert_eq!(doc.whole(&r, &empty), json::to_json(&r, &empty));
    }
}
