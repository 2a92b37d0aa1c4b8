//! Code blocks. Learners put a whole exercise in one ("```\nQ1: …\nQ2: …\n```"), or their
//! working before the answers, one line per quantity ("peak: 5000 / 140 = 36",
//! "mean = 5000 / 3 = 1667 req/s"). With no question open, a code block is split at lines
//! that start with a "Q" label, or with a short name before `:` or `=` whose words are in
//! the prompt of exactly one question of the current exercise; each part goes to that
//! question, and lines before the first such line are unplaced as before. Lines that start
//! with bare labels ("1)", "2.", "(3)") split it too when they count up from 1 in steps of
//! one over questions of the current exercise, at least two of them ("1) 5000 / 140 = 36"
//! "2) 1667 / 140 = 12") and are indented alike; then those labels alone split it, and
//! named quantities do not.
//! With no question open, lines that a marker ends ("→ 37   ← answer Q1") split it first,
//! each stretch up to a marker answering its question (see `markers.rs`).
//! Tables drawn as text count as lines with labels: a row whose first cell is a label alone
//! ("| 1 | yes | stateless |", "│ Q2 │ …", "3 | move to Redis") starts an answer after
//! that cell's closing bar, bare numbers counting from 1 as above and only when the
//! table's first row (its header) heads that column with a word for questions ("#", "Q",
//! nothing…, see `rows.rs`) or is itself such a row; "| servers | rps |" over "| 1 | 200 |"
//! is data. The header and rule lines before the first row are unplaced like other lines
//! before the first label.
//! Under an open question, a code block is part of its answer.

use std::ops::Range;

use crate::submission::markdown::blocks::Run;
use crate::submission::markdown::heading::Target;
use crate::submission::markdown::label::{Label, Place, label_at_start};
use crate::submission::markdown::line_index::line_end;
use crate::submission::markdown::placer::{Ask, Placer, Source};
use crate::submission::markdown::words::content_words;

/// A name before `:` or `=` is at most this long, and has at most `MAX_NAME_WORDS` words.
const MAX_NAME_BYTES: usize = 40;
const MAX_NAME_WORDS: usize = 4;

/// A line of a code block that starts an answer.
struct Cut {
    target: Target,
    number: u32,
    source: Source,
    /// Where the line starts, and where its answer starts (after a label; the line itself
    /// for a named quantity, which is working).
    line: usize,
    answer: usize,
}

impl Placer<'_> {
    pub(super) fn code(&mut self, run: &Run, range: Range<usize>) {
        let open = self.section.as_ref().is_some_and(|s| s.active.is_some());
        if !open {
            let marks = self.marked_lines(run.range.clone());
            if !marks.is_empty() {
                return self.place_marked(&marks, run.range.start, run.range.end);
            }
        }
        let cuts = if open { Vec::new() } else { self.cuts(run) };
        let Some(first) = cuts.first() else {
            return self.extend(range);
        };
        if !self.src[run.range.start..first.line].trim().is_empty() {
            self.extend(range.start..first.line);
        }
        for (k, cut) in cuts.iter().enumerate() {
            // The closing fence is left out of the last answer.
            let end = cuts.get(k + 1).map_or(run.range.end, |next| next.line);
            let ask = Ask::new(cut.target, cut.number, cut.source, cut.line, cut.answer);
            if self.question(ask) && cut.answer > cut.line {
                self.skip_prompt_copy(cut.answer, end);
            }
            self.extend(cut.answer..end);
        }
    }

    /// The lines of the code block that start answers, in order.
    fn cuts(&self, run: &Run) -> Vec<Cut> {
        let numbered = self.numbered_cuts(run);
        if numbered.iter().filter(|c| c.source == Source::Bare).count() >= 2 {
            return numbered;
        }
        self.named_cuts(run)
    }

    /// Cuts at "Q" labels and at bare labels counting 1, 2, 3… over the current exercise's
    /// questions (a bare label out of that sequence is a line of the answer above it).
    fn numbered_cuts(&self, run: &Run) -> Vec<Cut> {
        let mut cuts = Vec::new();
        let Some(exercise) = self.current() else {
            return cuts;
        };
        let mut next = 1;
        // Bare labels line up: one indented deeper is a step inside an answer.
        let mut indent = None;
        let header = self.drawn_header_names_questions(run);
        for (start, line) in lines(&self.src[run.range.clone()], run.range.start) {
            let (label, row) = match row_label(line) {
                Some(label) => (label, true),
                None => match self.block_label(line) {
                    Some(label) => (label, false),
                    None => continue,
                },
            };
            // The label's column in the file: an indented code block's text starts after the
            // first line's indentation, and at the start of each later line.
            let column = start - self.src[..start].rfind('\n').map_or(0, |i| i + 1) + label.start;
            let source = if label.is_explicit() {
                Source::Explicit
            } else if (header || !row)
                && label.delimited
                && label.number == next
                && self.sheet.has_question(exercise, next)
                && indent.is_none_or(|i| i == column)
            {
                indent = Some(column);
                next += 1;
                Source::Bare
            } else {
                continue;
            };
            cuts.push(Cut {
                target: self.target_of(&label),
                number: label.number,
                source,
                line: start,
                answer: start + label.end,
            });
        }
        cuts
    }

    /// Cuts at "Q" labels and at named quantities.
    fn named_cuts(&self, run: &Run) -> Vec<Cut> {
        let mut cuts: Vec<Cut> = Vec::new();
        for (start, line) in lines(&self.src[run.range.clone()], run.range.start) {
            let label = row_label(line).or_else(|| self.block_label(line));
            if let Some(label) = label.filter(Label::is_explicit) {
                cuts.push(Cut {
                    target: self.target_of(&label),
                    number: label.number,
                    source: Source::Explicit,
                    line: start,
                    answer: start + label.end,
                });
            } else if let Some(number) = self.named_quantity(line) {
                let same = cuts
                    .last()
                    .is_some_and(|c| c.target == Target::Current && c.number == number);
                if !same {
                    cuts.push(Cut {
                        target: Target::Current,
                        number,
                        source: Source::Bare,
                        line: start,
                        answer: start,
                    });
                }
            }
        }
        cuts
    }

    /// Whether the first line of a table drawn in the block (the first line with a bar
    /// that is not a rule) heads its first column as questions, or is a labelled row
    /// itself; true when there is no such line.
    fn drawn_header_names_questions(&self, run: &Run) -> bool {
        let text = &self.src[run.range.clone()];
        let Some(first) = lines(text, 0)
            .map(|(_, line)| line)
            .find(|line| line.contains(BARS) && !is_rule(line))
        else {
            return true;
        };
        if row_label(first).is_some() {
            return true;
        }
        let first = first.trim_start();
        let first = first.strip_prefix(BARS).unwrap_or(first);
        let cell = first.split(BARS).next().unwrap_or_default();
        self.names_question_column(cell)
    }

    /// "peak: 5000 / 140", "mean = 1667 req/s", "peak with headroom = 6500": the question
    /// of the current exercise whose prompt, alone of its prompts, has a word of the name.
    fn named_quantity(&self, line: &str) -> Option<u32> {
        let exercise = self.current()?;
        let line = line.trim_start();
        let name = line[..line.find([':', '='])?].trim();
        let wordy = name
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'');
        if name.is_empty() || name.len() > MAX_NAME_BYTES || !wordy {
            return None;
        }
        let words = content_words(name);
        if words.is_empty() || words.len() > MAX_NAME_WORDS {
            return None;
        }
        self.sheet.only_question_sharing(exercise, &words)
    }
}

/// The bars that separate the cells of a table drawn as text.
const BARS: [char; 3] = ['|', '│', '┃'];

/// "| 1 | yes | stateless |", "│ Q2 │ …", "3 | move to Redis": a row of a table drawn as
/// text whose first cell is a label alone; the label, starting at the row's first
/// character and ending after that cell's closing bar and the spaces after it.
fn row_label(line: &str) -> Option<Label> {
    let start = line.len() - line.trim_start().len();
    let rest = &line[start..];
    let lead = rest.strip_prefix(BARS).map_or(0, |r| rest.len() - r.len());
    let at = start + lead;
    let cell_len = line[at..].find(BARS)?;
    let cell = &line[at..at + cell_len];
    let label = label_at_start(cell, Place::Cell).filter(|l| cell[l.end..].trim().is_empty())?;
    let bar = at + cell_len;
    let after = bar + line[bar..].chars().next().map_or(0, char::len_utf8);
    let end = line.len() - line[after..].trim_start_matches([' ', '\t']).len();
    Some(Label {
        delimited: true,
        start,
        end,
        emphasis_tail: None,
        ..label
    })
}

/// "|---|---|", "+----+----+", "├────┼────┤": a rule line of a table drawn as text.
fn is_rule(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.chars().all(|c| {
            matches!(
                c,
                '-' | '+' | '=' | ':' | ' ' | '|' | '─' | '━' | '┼' | '├' | '┤' | '│'
            )
        })
}

/// The lines of `text` (without their ends) and where each starts in the source, `text`
/// itself starting at `offset`.
fn lines(text: &str, offset: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let end = line_end(&text[at..]).map_or(text.len(), |k| at + k);
        let line = (offset + at, &text[at..end]);
        at = end + 1;
        Some(line)
    })
}
