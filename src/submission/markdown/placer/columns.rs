//! Tables whose columns are the questions: an audit answered hop by hop, one row per hop
//! and one column per question ("| hop | 1. per-user state? | 2. instance disappears |
//! 3. make it stateless |"). Under an exercise with no question open, a table whose header
//! cells after the first carry labels of two or more of its questions ("1.", "Q2", "(3)",
//! "b)") gives each question its column: every non-empty cell, written after its row's
//! first cell ("CDN: none per user"), one paragraph per row.

use crate::submission::markdown::blocks::Row;
use crate::submission::markdown::label::{Place, label_at_start, letter_label_at};
use crate::submission::markdown::placer::{Placed, Placer};

impl Placer<'_> {
    /// Places a table of question columns; returns whether it was one.
    pub(super) fn column_table(&mut self, rows: &[Row]) -> bool {
        let Some(section) = self.section.as_ref().filter(|s| s.active.is_none()) else {
            return false;
        };
        let exercise = section.exercise;
        let Some((header, body)) = rows.split_first() else {
            return false;
        };
        let columns: Vec<(usize, u32)> = header
            .texts
            .iter()
            .enumerate()
            .skip(1)
            .filter_map(|(k, text)| {
                let number = label_at_start(text, Place::Cell)
                    .filter(|l| l.exercise.is_none())
                    .or_else(|| letter_label_at(text))?
                    .number;
                self.sheet
                    .has_question(exercise, number)
                    .then_some((k, number))
            })
            .collect();
        let mut numbers: Vec<u32> = columns.iter().map(|&(_, n)| n).collect();
        numbers.sort_unstable();
        numbers.dedup();
        if numbers.len() < 2 || numbers.len() != columns.len() || body.is_empty() {
            return false;
        }
        self.close();
        for &(k, number) in &columns {
            for row in body {
                let Some(cell) = row.cells.get(k) else {
                    continue;
                };
                if self.src[cell.clone()].trim().is_empty() {
                    continue;
                }
                let lead = row
                    .cells
                    .first()
                    .filter(|first| !self.src[(*first).clone()].trim().is_empty())
                    .cloned();
                self.out.answers.push(Placed {
                    exercise,
                    question: number,
                    range: cell.clone(),
                    lead,
                });
            }
            if let Some(s) = &mut self.section {
                s.labelled.insert(number);
            }
        }
        true
    }
}
