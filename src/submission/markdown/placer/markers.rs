//! Markers pointing at a question (see `marker.rs`).
//!
//! At the start of a paragraph or a list item ("→ Q4: …", "(answer to 3) …") a marker is a
//! label like "Q4:": the text after it answers that question, up to the next label.
//!
//! At the end of a line ("→ 37   ← answer Q1", "36 instances <- Q2") a marker closes an
//! answer: the text from the start of the block, or from the line after the previous
//! marker, up to the marker, answers that question. This holds in paragraphs and list items
//! whether or not a question is open, and in code blocks when none is (under an open
//! question a code block is its answer, see `code.rs`). What follows the last marker of a
//! block goes on with the question it named, as text after a label does; the marker's
//! question counts like a bare number, so "3." after "← answer Q2" is question 3.
//! A marker naming no question of the exercise under way (or of the "Q7.1" it names) is
//! text.

use std::ops::Range;

use crate::submission::markdown::blocks::Run;
use crate::submission::markdown::heading::Target;
use crate::submission::markdown::label::{Label, Shape};
use crate::submission::markdown::line_index::line_end;
use crate::submission::markdown::marker::{Marker, leading_marker, trailing_marker};
use crate::submission::markdown::placer::{Ask, Placer, Source};

/// A line that a marker ends: where its marker starts and where the line ends (in the
/// source), and the question.
pub(super) struct Marked {
    target: Target,
    number: u32,
    marker: usize,
    line_end: usize,
}

impl Placer<'_> {
    /// A run opening with a marker: read like a run opening with "Q4:". Returns whether it
    /// was one.
    pub(super) fn marker_lead(&mut self, run: &Run, block_end: usize) -> bool {
        let text = &self.src[run.range.clone()];
        let Some(marker) = leading_marker(text) else {
            return false;
        };
        let Some(target) = self.marker_target(&marker) else {
            return false;
        };
        let base = run.range.start;
        let stand_in = Label::stand_in(marker.number, Shape::Q, marker.start..marker.end);
        self.run_opened_by(run, stand_in, block_end, |p| {
            p.question(Ask::new(
                target,
                marker.number,
                Source::Explicit,
                base + marker.start,
                base + marker.end,
            ));
        });
        true
    }

    /// A run with lines that markers end: each stretch up to a marker answers its
    /// question. Returns whether there was one.
    pub(super) fn marked_run(&mut self, run: &Run, block: Range<usize>) -> bool {
        let marks = self.marked_lines(run.range.clone());
        if marks.is_empty() {
            return false;
        }
        self.place_marked(&marks, block.start, block.end);
        true
    }

    /// The lines of `range` that markers end, in order.
    pub(super) fn marked_lines(&self, range: Range<usize>) -> Vec<Marked> {
        let text = &self.src[range.clone()];
        let mut marks = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let end = line_end(&text[at..]).map_or(text.len(), |k| at + k);
            if let Some(marker) = trailing_marker(&text[at..end]) {
                if let Some(target) = self.marker_target(&marker) {
                    marks.push(Marked {
                        target,
                        number: marker.number,
                        marker: range.start + at + marker.start,
                        line_end: range.start + end,
                    });
                }
            }
            at = end + 1;
        }
        marks
    }

    /// Places the stretches `marks` close, from `start`; the rest, up to `end`, goes on
    /// with the last one.
    pub(super) fn place_marked(&mut self, marks: &[Marked], start: usize, end: usize) {
        let mut from = start;
        for mark in marks {
            let ask = Ask::new(mark.target, mark.number, Source::Bare, from, from);
            self.question(ask);
            self.extend(from..mark.marker);
            from = mark.line_end;
        }
        // The markers are left out of the answers: the rest is a stretch of its own.
        if let Some(last) = marks
            .last()
            .filter(|_| !self.src[from..end].trim().is_empty())
        {
            let ask = Ask {
                continued: true,
                ..Ask::new(last.target, last.number, Source::Bare, from, from)
            };
            self.question(ask);
            self.extend(from..end);
        }
    }

    /// The exercise a marker's question belongs to, when it has that question.
    fn marker_target(&self, marker: &Marker) -> Option<Target> {
        let (target, exercise) = match marker.exercise.map(|e| e as usize) {
            Some(e) if (1..=self.sheet.len()).contains(&e) => (Target::Exercise(e - 1), e - 1),
            Some(_) => return None,
            None => (Target::Current, self.current()?),
        };
        self.sheet
            .has_question(exercise, marker.number)
            .then_some(target)
    }
}
