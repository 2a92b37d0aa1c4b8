//! Reads a learner's free-form Markdown submission into answers placed at (exercise,
//! question) of a practice sheet, plus the content that could not be placed.
//!
//! The steps, one submodule each:
//! - `front_matter`: YAML front matter at the top (the learner id);
//! - `struck`: struck-through words (`~~…~~`) blanked, as crossed out;
//! - `blocks` and `run`: block structure and byte offsets from pulldown-cmark
//!   (`blocks::new_parser` owns the parser options: CommonMark plus tables);
//! - `label`: question labels written in the text ("Q1:", "1)", "(1)", "**1.**"...);
//! - `named`: labels that name the exercise too ("Retrieval 1 -", "Mistake check 3)");
//! - `continued`: continuation labels ("4 cont.)", "Q4 (cont.)", "(cont'd) 4:");
//! - `group`: labels naming several questions ("1–3:", "Q1 & Q2:");
//! - `marker`: markers pointing at a question ("… ← answer Q1", "→ Q4: …");
//! - `codes`: the letters a submission codes its exercises with ("R1:", "C2:");
//! - `heading`, `sheet_index` and `words`: what a heading or restatement names, by slug,
//!   number and word overlap with titles, aliases and prompts;
//! - `placer`: the walk that assigns each stretch of text to a question, or sets it aside
//!   as unplaced with a reason (nothing is dropped silently);
//! - `line_index`: offsets to lines and columns.
//!
//! No input makes it panic, and its cost is linear in the size of the input: block
//! structure is walked without recursion and only bounded prefixes of long text are
//! matched against the sheet.
//!
//! What this module owns: turning the placer's ranges into `Answer`s and `Unplaced`.
//! An answer's text is the exact source slice after its label or heading, trimmed; a cell
//! of a table whose columns are the questions is written after its row's name ("CDN: none"). When a
//! question is answered more than once, the texts are joined with a blank line, in document
//! order, and the answer keeps the position of the first. A text whose label names several
//! questions ("1–3:", "Q1 & Q2:", see `placer/groups.rs`) is placed at each of them, the
//! same text and position every time: each question grades it as its own answer, so it
//! scores there what it says about that question. Answers come in sheet order.
//! A file where nothing can be placed and no question of the sheet is named (an off-topic
//! file, a recipe) is `MarkdownError::NoAnswers` (with the reason one of its texts was set aside); the blank sheet, its questions named and
//! none answered, is read with no answers. It does not decide the learner id fallback (the file stem):
//! that is the caller's.

mod blocks;
mod codes;
mod continued;
mod cursor;
mod front_matter;
mod group;
mod heading;
mod label;
mod line_index;
mod marker;
mod named;
mod placer;
mod run;
mod sheet_index;
mod struck;
mod sub_label;
#[cfg(test)]
mod test_sheet;
#[cfg(test)]
mod tests;
mod words;

use std::collections::BTreeMap;
use std::fmt;

use crate::submission::layout::SheetLayout;
use crate::submission::markdown::line_index::LineIndex;
use crate::submission::markdown::placer::Why;
use crate::submission::markdown::sheet_index::SheetIndex;
use crate::submission::model::{Answer, Unplaced};

/// A Markdown submission, read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MarkdownRead {
    /// The learner id from the front matter, if it gives one.
    pub learner: Option<String>,
    /// At most one answer per (exercise, question), in sheet order.
    pub answers: Vec<Answer>,
    /// Content that could not be placed, in document order, each with a reason.
    pub unplaced: Vec<Unplaced>,
}

/// Why a Markdown submission could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkdownError {
    /// The YAML front matter is broken; `line` and `column` (1-based) are in the file.
    FrontMatter {
        line: u32,
        column: u32,
        message: String,
    },
    /// Nothing in the file could be placed at any question of the sheet. `why`: the line and
    /// the reason of the text set aside that says most (a question's label, else the first),
    /// and how many other texts were set aside.
    NoAnswers { why: Option<(u32, String, usize)> },
}

impl fmt::Display for MarkdownError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MarkdownError::FrontMatter {
                line,
                column,
                message,
            } => {
                write!(f, "invalid front matter at {line}:{column}: {message}")
            }
            MarkdownError::NoAnswers { why } => {
                f.write_str("no answer in the file could be placed at a question of the sheet")?;
                match why {
                    Some((line, reason, 0)) => write!(f, " (line {line}: {reason})"),
                    Some((line, reason, 1)) => {
                        write!(f, " (line {line}: {reason}; 1 more text set aside)")
                    }
                    Some((line, reason, more)) => {
                        write!(f, " (line {line}: {reason}; {more} more texts set aside)")
                    }
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for MarkdownError {}

/// Reads `src` against the sheet `layout`.
pub fn read_markdown(src: &str, layout: &SheetLayout) -> Result<MarkdownRead, MarkdownError> {
    let front = front_matter::read(src)?;
    // Crossed-out words are not read (see `struck`); places are counted in the text as
    // written (the same bytes, but a blanked character may have been wider than a space).
    let written = src;
    let unstruck = struck::blank_struck(src, front.body_start);
    let src: &str = &unstruck;
    let mut sheet = SheetIndex::new(layout);
    let pieces = blocks::pieces(src, front.body_start);
    sheet.codes = codes::exercise_codes(src, front.body_start, &pieces, &sheet);
    let placement = placer::place(src, &pieces, &sheet);
    let lines = LineIndex::new(written);

    // Per question: where its text starts in the file, the text, and its parts (see
    // `Answer::parts`) as (offset in the text, offset in the file).
    type Merged = (usize, String, Vec<(usize, usize)>);
    let mut merged: BTreeMap<(usize, u32), Merged> = BTreeMap::new();
    for placed in &placement.answers {
        let (mut start, body) = trimmed(src, placed.range.clone());
        // An answer opened inside a block quote (by a label or a prompt there, not by a
        // heading above the quote) is written in it: its lines there are not quoted (what
        // follows the quote is read as it is), and it starts at its first word.
        let unquoted = inside_one(&placement.own_quotes, placed.range.start).then(|| {
            let mut own = String::new();
            push_unquoted(&mut own, body, start, &placement.own_quotes);
            let lead = own.len() - own.trim_start().len();
            start += lead;
            own.drain(..lead);
            own
        });
        let body = unquoted.as_deref().unwrap_or(body);
        let mut text = String::new();
        let mut parts = Vec::new();
        if let Some(lead) = &placed.lead {
            let (lead_start, lead) = trimmed(src, lead.clone());
            parts.push((0, lead_start));
            text.push_str(lead);
            text.push_str(": ");
        }
        parts.push((text.len(), start));
        text.push_str(body);
        merged
            .entry((placed.exercise, placed.question))
            .and_modify(|(_, joined, joined_parts)| {
                joined.push_str("\n\n");
                let at = joined.len();
                joined_parts.extend(parts.iter().map(|&(o, f)| (at + o, f)));
                joined.push_str(&text);
            })
            .or_insert_with(|| (start, text, parts));
    }
    // Nothing placed: a file that names no question of the sheet is not a submission for it;
    // one that names its questions and answers none (the blank sheet of `assay template`
    // handed in as it is) is graded with every question unanswered.
    if merged.is_empty() && !placement.named_question {
        let strays = &placement.unplaced;
        let why = strays
            .iter()
            .find(|u| matches!(u.reason, Why::EarlyLabel(_)))
            .or(strays.first())
            .map(|u| {
                let (start, _) = trimmed(src, u.range.clone());
                (lines.line(start), u.reason.text(&sheet), strays.len() - 1)
            });
        return Err(MarkdownError::NoAnswers { why });
    }
    let answers = merged
        .into_iter()
        .map(|((exercise, question), (start, text, parts))| {
            let (line, column) = lines.position(written, start);
            // One stretch starting where the answer does needs no parts.
            let parts = if parts.len() == 1 {
                Vec::new()
            } else {
                parts
                    .into_iter()
                    .map(|(at, from)| {
                        let (l, c) = lines.position(written, from);
                        (at, l, c)
                    })
                    .collect()
            };
            Answer {
                exercise: layout.exercises[exercise].id.clone(),
                question,
                text,
                line,
                column,
                parts,
            }
        })
        .collect();
    let unplaced = placement
        .unplaced
        .into_iter()
        .map(|stray| {
            let (start, text) = trimmed(src, stray.range);
            Unplaced {
                text: text.to_string(),
                line: lines.line(start),
                reason: stray.reason.text(&sheet),
            }
        })
        .collect();
    Ok(MarkdownRead {
        learner: front.learner,
        answers,
        unplaced,
    })
}

/// Pushes `body` (an answer starting at byte `at` of the file, written in a block quote),
/// with the marker of each of its lines inside a quote of `own` (the first `>`, after any
/// blanks) turned into a space: the learner's own words, which the grader would otherwise read
/// as quoted (not asserted, see `text::quotes`). A quote inside it (`> > …`) stays one, and so
/// do its lines outside those quotes. Same length, so every byte keeps its place in the file.
fn push_unquoted(text: &mut String, body: &str, at: usize, own: &[std::ops::Range<usize>]) {
    let mut offset = at;
    for line in body.split_inclusive('\n') {
        let blanks = line.len() - line.trim_start_matches([' ', '\t']).len();
        let in_own = inside_one(own, offset);
        offset += line.len();
        match line[blanks..].strip_prefix('>').filter(|_| in_own) {
            Some(rest) => {
                text.push_str(&line[..blanks]);
                text.push(' ');
                text.push_str(rest);
            }
            None => text.push_str(line),
        }
    }
}

/// Whether byte `at` lies in one of `ranges` (in document order, not overlapping).
fn inside_one(ranges: &[std::ops::Range<usize>], at: usize) -> bool {
    ranges[..ranges.partition_point(|r| r.start <= at)]
        .last()
        .is_some_and(|r| r.contains(&at))
}

/// `src[range]` without surrounding whitespace, and where that starts.
fn trimmed(src: &str, range: std::ops::Range<usize>) -> (usize, &str) {
    let slice = &src[range.clone()];
    let text = slice.trim_start();
    let start = range.start + (slice.len() - text.len());
    (start, text.trim_end())
}
