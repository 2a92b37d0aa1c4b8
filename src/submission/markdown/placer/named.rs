//! Labels that name the exercise as well as the question (see `named.rs`). Learners who
//! write no exercise headings start each answer with one ("Retrieval 1 - …", "Compare
//! 2: …"), at the start of a paragraph, a list item or a line of a paragraph; or answer
//! the whole sheet in one table whose first columns hold the exercise and the question
//! number ("| Retrieval | 1 | … |"), or both in the first ("| Retrieval 1 | … |").
//!
//! A label that names the exercise by a part of its name ("Session 2 -") may also be a
//! line of an answer ("Component 2: the CDN" in an audit): while a question of that
//! exercise is open, it is text unless that question was opened by a label that used
//! the same name ("Session 1 -" before "Session 2 -").

use crate::submission::markdown::blocks::{Row, Run};
use crate::submission::markdown::heading::Target;
use crate::submission::markdown::label::{Place, label_at_start};
use crate::submission::markdown::named::{NamedLabel, named_label_at, named_labels};
use crate::submission::markdown::placer::{Ask, Placer, Source, Why};
use crate::submission::markdown::words::normalise;

/// Header cells that say a column holds the exercise, or the question number.
const EXERCISE_HEADERS: &[&str] = &[
    "exercise", "section", "part", "task", "topic", "ex", "ex.", "module",
];
pub(super) const QUESTION_HEADERS: &[&str] = &[
    "q", "q.", "q#", "question", "#", "no", "no.", "nr", "number", "item", "prompt",
];

/// What one row of a table of answers names: its exercise and question, whether the
/// exercise is named by a whole name, and the cell its answer starts at.
#[derive(Debug, Clone, Copy)]
struct RowName {
    exercise: usize,
    number: u32,
    whole: bool,
    answer: usize,
}

impl Placer<'_> {
    /// A run whose labels name their exercise. `at_start`: only when one opens the run
    /// (else the run is left to the other readings); otherwise also when one opens a
    /// later line, the text before it going where text goes. Returns whether it placed
    /// the run.
    pub(super) fn named_run(&mut self, run: &Run, block_end: usize, at_start: bool) -> bool {
        let text = &self.src[run.range.clone()];
        let labels = named_labels(text, self.sheet);
        let Some(first) = labels.first() else {
            return false;
        };
        let opens = text[..first.start].trim().is_empty();
        if (at_start && !opens) || !self.accepts_named(first) {
            return false;
        }
        if !opens {
            self.extend(run.range.start..run.range.start + first.start);
        }
        self.named_segments(run, &labels, block_end);
        true
    }

    /// Where the first label that names its exercise starts in the run, if one opens a
    /// line of it.
    pub(super) fn first_named(&self, run: &Run) -> Option<usize> {
        let text = &self.src[run.range.clone()];
        named_labels(text, self.sheet)
            .first()
            .filter(|l| self.accepts_named(l))
            .map(|l| l.start)
    }

    fn named_segments(&mut self, run: &Run, labels: &[NamedLabel], block_end: usize) {
        let base = run.range.start;
        for (k, label) in labels.iter().enumerate() {
            let end = labels
                .get(k + 1)
                .map_or(block_end, |next| base + next.start);
            let label_start = base + label.start;
            let answer_start = base + label.end;
            if !self.accepts_named(label) {
                self.extend(label_start..end);
                continue;
            }
            let ask = Ask {
                also: label.also.clone(),
                ..Ask::new(
                    Target::Exercise(label.exercise),
                    label.number,
                    Source::Named,
                    label_start,
                    answer_start,
                )
            };
            if self.question(ask) {
                self.named_by = Some(label.name.clone());
                self.skip_prompt_copy(answer_start, end);
            }
            self.extend(answer_start..end);
        }
    }

    /// See the module documentation. A group ("Retrieval 1 and 2: …") never goes back to an
    /// exercise before the one under way: there it is a note pointing back.
    fn accepts_named(&self, label: &NamedLabel) -> bool {
        if !label.also.is_empty() && self.current().is_some_and(|c| label.exercise < c) {
            return false;
        }
        let open = self
            .section
            .as_ref()
            .filter(|s| s.exercise == label.exercise)
            .and_then(|s| s.active.as_ref());
        label.whole
            || open.is_none_or(|a| {
                a.source == Source::Named && self.named_by.as_ref() == Some(&label.name)
            })
    }

    /// A table whose rows name their exercise and question: one answer per row. It
    /// qualifies when its rows name two exercises or more, or name theirs by whole names,
    /// or its header says which columns hold the exercise and the question, or they all
    /// name the exercise under way while none of its questions is open. Rows that
    /// name nothing continue the answer above them when their naming cells are empty, and
    /// are set aside otherwise. Returns whether it placed the table.
    pub(super) fn named_table(&mut self, rows: &[Row]) -> bool {
        let mut carried = None;
        let names: Vec<Option<RowName>> = rows
            .iter()
            .map(|row| {
                let name = self.row_name(row, carried);
                if let Some(n) = name {
                    carried = Some(n.exercise);
                }
                name
            })
            .collect();
        let named: Vec<&RowName> = names.iter().flatten().collect();
        let Some(first) = named.first() else {
            return false;
        };
        let several = named.iter().any(|n| n.exercise != first.exercise);
        let whole = named.iter().all(|n| n.whole);
        let header = rows.first().is_some_and(names_columns);
        // "## Cache design" then "| Cache | 1 | CDN |": the exercise under way, by a part
        // of its name, with no question open (inside an answer it is the answer's table).
        let current = self
            .section
            .as_ref()
            .is_some_and(|s| s.active.is_none() && named.iter().all(|n| n.exercise == s.exercise));
        if !(several || whole || header || current) {
            return false;
        }
        for (k, (row, name)) in rows.iter().zip(&names).enumerate() {
            match name {
                Some(n) => {
                    let (start, end) = self.row_answer_from(row, n.answer);
                    let ask = Ask::new(
                        Target::Exercise(n.exercise),
                        n.number,
                        Source::Named,
                        row.range.start,
                        start,
                    );
                    if self.question(ask) {
                        self.skip_prompt_cell_at(row, n.answer);
                    }
                    self.extend(start..end);
                }
                None if k == 0 => {}
                None if naming_cells_empty(row) => {
                    let (_, end) = self.row_answer_from(row, 0);
                    self.extend(row.range.start..end);
                }
                None => {
                    let reason = "a row of a table of answers that names no exercise and question of the sheet";
                    self.open_stray(row.range.start, Why::Said(reason.to_string()));
                    if let Some(s) = &mut self.section {
                        s.active = None;
                    }
                    self.extend(row.range.clone());
                }
            }
        }
        true
    }

    /// "| Retrieval 1 | … |", or "| Retrieval | 1 | … |" (the exercise cell may be left
    /// blank under a row that named it: `carried`).
    fn row_name(&self, row: &Row, carried: Option<usize>) -> Option<RowName> {
        let text = |i: usize| row.texts.get(i).map_or("", |t| t.trim());
        let first = text(0);
        if let Some(l) = named_label_at(first, self.sheet)
            .filter(|l| first[l.end..].trim().is_empty() && l.also.is_empty())
        {
            return Some(RowName {
                exercise: l.exercise,
                number: l.number,
                whole: l.whole,
                answer: 1,
            });
        }
        let second = text(1);
        let label = label_at_start(second, Place::Cell)
            .filter(|l| l.exercise.is_none() && second[l.end..].trim().is_empty())?;
        let (exercise, whole) = if first.is_empty() {
            (carried?, true)
        } else {
            self.sheet.exercise_named(first)?
        };
        Some(RowName {
            exercise,
            number: label.number,
            whole,
            answer: 2,
        })
    }
}

/// Whether a header row's first two cells say "exercise" and "question" (in any of the
/// usual words for them).
fn names_columns(header: &Row) -> bool {
    let cell = |i: usize| {
        header.texts.get(i).map_or(String::new(), |t| {
            normalise(t).trim().trim_end_matches(':').to_string()
        })
    };
    EXERCISE_HEADERS.contains(&cell(0).as_str()) && QUESTION_HEADERS.contains(&cell(1).as_str())
}

/// A row whose first two cells are empty: more of the answer in the row above.
fn naming_cells_empty(row: &Row) -> bool {
    row.texts.iter().take(2).all(|t| t.trim().is_empty())
}
