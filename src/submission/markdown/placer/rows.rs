//! Tables with one row per question: the first cell names the question, the cells after
//! it are the answer ("| Q | Answer |" / "| 1 | peak is 36 |"). Tables with a column per
//! question are `columns.rs`; tables whose rows name the exercise too are `named.rs`.
//!
//! A first cell names its row's question when it is:
//! - a label alone or leading the cell: "1", "Q1", "1.", "(1)", "Q1 peak", "1. peak";
//! - a group label alone, "1–2", "Q3-4", "1 & 2" (see `groups.rs`): the row answers each
//!   of its questions, numbered as by its first;
//! - a number then words, "1 peak", "3 HPA": only as a whole column, two such rows or
//!   more whose numbers go up, all questions of the current exercise, where the words of
//!   at least one row name its own question alone among the exercise's prompts ("peak" is
//!   only in question 1's) and no row's words name another one ("| 1 instance | 200 rps |"
//!   "| 2 instances | 400 rps |" is a capacity table: "instances" is in two prompts);
//! - a restated prompt ("| scale up vs scale out | … |");
//! - a dotted number alone, "7.1" (or "**7.1**"), see below ("7.1.", "7.1)", "Q7.1" are
//!   labels of their own).
//!
//! Rows whose first cell names nothing continue the answer above them (the header row
//! excepted). Bare numbers (all but "Q" labels) are the learner's own data as often as
//! labels, so they name questions only when:
//! - the header's first cell says the column holds questions: empty, a word for a
//!   question or its number ("Q", "#", "No.", "Question", "Item"…), a label itself, or
//!   the name of an exercise ("| hour | rps |" over "| 1 | 1,667 |" is data);
//! - no question is open, or the table's first number comes right after the open one
//!   ("1. 36" then "| 2 | 12 |"). Inside an answer a heading or a "Q" label opened, the
//!   numbers must also go up, each naming a question not labelled yet ("Q1: 33" then
//!   "| Q | Answer |", "| 2 | 11 |", "| 3 | min 11 |"); inside an answer whose table starts
//!   at its own number or lower ("| 1 | 1,667 rps |" under "1.", "| # | Step |" and
//!   "| 1 | drain |" under "Q3:"), the table is the answer's. "Q" labels in the first
//!   column always name their questions.
//!
//! A dotted number alone ("| 7.1 | 36 |") names question 1 of the seventh exercise, as
//! "7.1)" does, only when every such first cell of the table names a question the rubric
//! has, each a different one, and either the header's first cell says in words that the
//! column holds questions (as above, or "Part"; not an empty cell) or there are two of them
//! or more, all questions of the exercise under way (the table is under its heading,
//! "## 7 Capacity plan"). Otherwise none of them names anything: "| 2.5 | 500 rps |" under a
//! "| Load | p99 |" header is a measurement, and so is any dotted number that is not a
//! question of the sheet ("| 7.9 | … |", "| 1.50 | … |").

use std::ops::Range;

use crate::submission::markdown::blocks::Row;
use crate::submission::markdown::group::{Group, group_at_start};
use crate::submission::markdown::heading::Target;
use crate::submission::markdown::label::{Place, dotted_alone, label_at_start};
use crate::submission::markdown::placer::named::QUESTION_HEADERS;
use crate::submission::markdown::placer::{Ask, Placed, Placer, Sink, Source};
use crate::submission::markdown::sheet_index::Strictness;
use crate::submission::markdown::words::{content_words, normalise};

/// How a row's first cell names its question, before the table as a whole is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    /// A label; `explicit` for "Q" labels and "5.3".
    Label {
        target: Target,
        number: u32,
        explicit: bool,
    },
    /// "1 peak": a number then words, and the question the words alone name, if one.
    Worded { number: u32, names: Option<u32> },
    /// A restated prompt.
    Restated { target: Target, number: u32 },
    /// "7.1" alone: a question of the sheet (exercise 7, counting from 1, is `exercise` 6),
    /// named only when the table as a whole says so (`Placer::dotted_column`).
    Dotted { exercise: usize, number: u32 },
}

impl Named {
    /// A bare number: a label that is not explicit, or a number then words.
    fn bare_number(self) -> Option<u32> {
        match self {
            Named::Label {
                number,
                explicit: false,
                ..
            }
            | Named::Worded { number, .. } => Some(number),
            _ => None,
        }
    }
}

impl Placer<'_> {
    /// A table whose first column names questions: one answer per row. Otherwise (and
    /// when it is neither of the other kinds of tables of answers) it is text.
    pub(super) fn table(&mut self, rows: &[Row], range: Range<usize>) {
        if self.named_table(rows) || self.column_table(rows) {
            return;
        }
        let labels = self.row_questions(rows);
        if labels.iter().all(Option::is_none) {
            return self.extend(range);
        }
        let headed = headed_columns(rows);
        // The last row that named a question was written cell by cell after the headers.
        let mut led = false;
        for (k, (row, label)) in rows.iter().zip(&labels).enumerate() {
            match label {
                Some((target, number, source)) => {
                    let (start, end) = self.row_answer(row);
                    let restated = matches!(target, Target::Exercise(_)) && *source == Source::Bare;
                    let also = (self.row_group(row))
                        .filter(|g| g.numbers[0] == *number)
                        .map(|g| g.numbers[1..].to_vec())
                        .unwrap_or_default();
                    let opened = self.question(Ask {
                        restated,
                        also,
                        ..Ask::new(*target, *number, *source, row.range.start, start)
                    });
                    self.skip_prompt_cell(row);
                    led = headed && opened && self.headed_cells(rows, row);
                    if !led {
                        self.extend(start..end);
                    }
                }
                None if k == 0 => {}
                // Only a row whose first cell is empty goes on with the row above cell by
                // cell: one with text there ("| also | … |", "| Summary: … |") is read whole.
                None if led && row.first_text.trim().is_empty() && self.headed_cells(rows, row) => {
                }
                None => self.extend(row.range.clone()),
            }
        }
    }

    /// In a table whose answer columns are headed by what they answer about ([`headed_columns`]):
    /// each non-empty cell of `row` after the first, as a text of its own written after its
    /// column's header ("CDN: already stateless"), for the question under way (as
    /// `columns.rs` writes a cell after its row's name). False, with nothing placed, when no
    /// question is under way or the answer has begun before the table.
    fn headed_cells(&mut self, rows: &[Row], row: &Row) -> bool {
        let Sink::Answer {
            exercise,
            question,
            start,
            end,
            copy_end,
            also,
        } = &mut self.sink
        else {
            return false;
        };
        if !self.src[*start..*end].trim().is_empty() {
            return false;
        }
        // A first cell that copies the prompt is left out (`skip_prompt_cell`), unless
        // nothing follows it: then the row is read as any row is (a copy with no answer is
        // said to be one).
        let copied = copy_end.unwrap_or(0);
        let mut cells: Vec<(usize, Range<usize>)> = (row.cells.iter().enumerate().skip(1))
            .filter(|(_, c)| c.end > copied && !is_placeholder(&self.src[(*c).clone()]))
            .map(|(j, c)| (j, c.clone()))
            .collect();
        // Cells past the header's last column, which the table parser leaves out: one more
        // text, without a lead.
        if let Some(tail) = row.cells.last().map(|c| c.end..row.range.end) {
            let text = &self.src[tail.clone()];
            let trimmed = text.trim_matches(|c: char| c == '|' || c.is_whitespace());
            if !trimmed.is_empty() {
                let from = tail.start + text.find(trimmed).unwrap_or(0);
                cells.push((usize::MAX, from..from + trimmed.len()));
            }
        }
        if cells.is_empty() {
            return false;
        }
        *copy_end = None;
        let (exercise, questions) = (*exercise, std::iter::once(*question).chain(also.clone()));
        // What follows the table goes on from the row's end.
        (*start, *end) = (row.range.end, row.range.end);
        let header = &rows[0];
        for question in questions {
            for (j, cell) in &cells {
                // A cell past the header's last column is written without a lead.
                let lead = (header.cells.get(*j))
                    .filter(|h| !self.src[(*h).clone()].trim().is_empty())
                    .cloned();
                self.out.answers.push(Placed {
                    exercise,
                    question,
                    range: cell.clone(),
                    lead,
                });
            }
        }
        true
    }

    /// The question each row names, once the table is judged as a whole (see the module
    /// documentation).
    fn row_questions(&self, rows: &[Row]) -> Vec<Option<(Target, u32, Source)>> {
        let mut named: Vec<Option<Named>> = rows.iter().map(|r| self.row_named(r)).collect();
        let dotted = self.dotted_column(rows, &named);
        for n in &mut named {
            if let Some(Named::Dotted { exercise, number }) = *n {
                *n = dotted.then_some(Named::Label {
                    target: Target::Exercise(exercise),
                    number,
                    explicit: true,
                });
            }
        }
        if !self.worded_column(&named) {
            for n in &mut named {
                if matches!(n, Some(Named::Worded { .. })) {
                    *n = None;
                }
            }
        }
        let explicit = named
            .iter()
            .flatten()
            .any(|n| matches!(n, Named::Label { explicit: true, .. }));
        if self.strong_active() && !explicit && !self.opens_later(rows, &named) {
            return vec![None; rows.len()];
        }
        let first_bare = named.iter().flatten().find_map(|n| n.bare_number());
        if let Some(first) = first_bare.filter(|_| !explicit) {
            let open = self
                .section
                .as_ref()
                .and_then(|s| s.active.as_ref())
                .map(|a| a.number);
            let counts_on = open.is_none_or(|open| first == open + 1);
            let header = rows.first().is_some_and(|h| self.questions_header(h));
            if !(counts_on && header) {
                for n in &mut named {
                    if n.is_some_and(|n| n.bare_number().is_some()) {
                        *n = None;
                    }
                }
            }
        }
        named
            .into_iter()
            .map(|n| {
                n.map(|n| match n {
                    Named::Label {
                        target,
                        number,
                        explicit,
                    } => {
                        let source = if explicit {
                            Source::Explicit
                        } else {
                            Source::Bare
                        };
                        (target, number, source)
                    }
                    Named::Worded { number, .. } => (Target::Current, number, Source::Bare),
                    Named::Restated { target, number } => (target, number, Source::Bare),
                    // Made labels (or nothing) by `dotted_column` above.
                    Named::Dotted { exercise, number } => {
                        (Target::Exercise(exercise), number, Source::Explicit)
                    }
                })
            })
            .collect()
    }

    /// After a heading or an explicit label, whether the table's bare numbers name later
    /// questions all the same: its header says in words that the column holds questions
    /// ("Q", "#", "Question"; not an empty cell), and its numbers
    /// go up from one after the open question, each a question of the exercise not labelled
    /// yet ("Q1: …" then "| Q | Answer |", "| 2 | … |", "| 3 | … |"). A table of the answer's
    /// own numbered rows starts at 1 ("| # | Step |", "| 1 | drain the node |").
    fn opens_later(&self, rows: &[Row], named: &[Option<Named>]) -> bool {
        let Some(section) = self.section.as_ref() else {
            return false;
        };
        let Some(active) = section.active.as_ref() else {
            return false;
        };
        let numbers: Vec<u32> = named
            .iter()
            .flatten()
            .filter_map(|n| n.bare_number())
            .collect();
        // An empty header cell is too weak here ("| | rps |" over "| 3 | 1,667 |" is data).
        rows.first()
            .is_some_and(|h| !h.first_text.trim().is_empty() && self.questions_header(h))
            && numbers.first() == Some(&(active.number + 1))
            && numbers.windows(2).all(|w| w[0] < w[1])
            && numbers.iter().all(|n| {
                !section.labelled.contains(n) && self.sheet.has_question(section.exercise, *n)
            })
    }

    /// What a row's first cell names, read on its own.
    fn row_named(&self, row: &Row) -> Option<Named> {
        if let Some(group) = self.row_group(row) {
            return Some(Named::Label {
                target: Target::Current,
                number: group.numbers[0],
                explicit: group.explicit,
            });
        }
        if let Some(l) = label_at_start(&self.src[row.first.clone()], Place::Cell) {
            return Some(Named::Label {
                target: self.target_of(&l),
                number: l.number,
                explicit: l.is_explicit(),
            });
        }
        if let Some((exercise, number)) = dotted_alone(&self.src[row.first.clone()]) {
            let exercise = usize::try_from(exercise).ok()?.checked_sub(1)?;
            let real = self.sheet.has_question(exercise, number);
            return real.then_some(Named::Dotted { exercise, number });
        }
        if let Some((number, words)) = number_then_words(&row.first_text) {
            let words = content_words(words);
            let names = self
                .current()
                .and_then(|e| self.sheet.only_question_sharing(e, &words));
            return Some(Named::Worded { number, names });
        }
        self.restatement(&row.first_text, Strictness::Prefix)
            .map(|(target, number)| Named::Restated { target, number })
    }

    /// A first cell that is a group label alone ("| 1–2 | … |", "| Q3-4 | … |", see
    /// `groups.rs`) whose numbers are all questions of the exercise it belongs to: the row
    /// answers each of them.
    fn row_group(&self, row: &Row) -> Option<Group> {
        let cell = &self.src[row.first.clone()];
        group_at_start(cell).filter(|g| cell[g.end..].trim().is_empty() && self.group_fits(g))
    }

    /// Whether the rows written "N words" name questions (see the module documentation).
    fn worded_column(&self, named: &[Option<Named>]) -> bool {
        let Some(exercise) = self.current() else {
            return false;
        };
        let worded: Vec<(u32, Option<u32>)> = named
            .iter()
            .filter_map(|n| match n {
                Some(Named::Worded { number, names }) => Some((*number, *names)),
                _ => None,
            })
            .collect();
        worded.len() >= 2
            && worded.windows(2).all(|w| w[0].0 < w[1].0)
            && worded
                .iter()
                .all(|&(n, _)| self.sheet.has_question(exercise, n))
            && worded.iter().any(|&(n, names)| names == Some(n))
            && worded
                .iter()
                .all(|&(n, names)| names.is_none_or(|m| m == n))
    }

    /// Whether the rows written "7.1" name their questions (see the module documentation):
    /// the rubric has each (`row_named`), each a different one, and the header names the
    /// column as one of questions or parts, or two or more are all of the exercise under way.
    fn dotted_column(&self, rows: &[Row], named: &[Option<Named>]) -> bool {
        let mut dotted: Vec<(usize, u32)> = named
            .iter()
            .filter_map(|n| match n {
                Some(Named::Dotted { exercise, number }) => Some((*exercise, *number)),
                _ => None,
            })
            .collect();
        let header = || {
            // In words: an empty header cell is too weak ("| | p99 |" over "| 2.5 | 180 ms |").
            rows.first().is_some_and(|h| {
                !h.first_text.trim().is_empty()
                    && (self.questions_header(h)
                        || matches!(normalise(h.first_text.trim()).as_str(), "part" | "parts"))
            })
        };
        let under_way = dotted.iter().all(|&(e, _)| self.current() == Some(e));
        let all = dotted.len();
        dotted.sort_unstable();
        dotted.dedup();
        all > 0 && dotted.len() == all && (header() || (all >= 2 && under_way))
    }

    /// Whether a header row's first cell says its column holds questions: empty, words
    /// for a question or its number, a label, or the name of an exercise.
    fn questions_header(&self, header: &Row) -> bool {
        self.names_question_column(&header.first_text)
    }

    /// Whether a column headed `text` holds questions (see `questions_header`); also for
    /// tables drawn in code blocks (`code.rs`).
    pub(super) fn names_question_column(&self, text: &str) -> bool {
        let text = text.trim();
        if label_at_start(text, Place::Cell).is_some() {
            return true;
        }
        let norm = normalise(text);
        let words: Vec<&str> = norm
            .split(|c: char| !(c.is_alphanumeric() || c == '#'))
            .filter(|w| !w.is_empty())
            .collect();
        words.iter().all(|w| {
            QUESTION_HEADERS.contains(w)
                || QUESTION_HEADERS.contains(&format!("{w}.").as_str())
                || matches!(*w, "qn" | "qs" | "questions" | "num" | "task" | "exercise")
        }) || self.sheet.exercise_named(text).is_some()
    }

    /// A row's answer: from its second cell to its last non-empty one (empty when none).
    fn row_answer(&self, row: &Row) -> (usize, usize) {
        self.row_answer_from(row, 1)
    }

    /// A row's answer from its first non-empty cell at or after `first` to its last
    /// non-empty one (empty when none).
    pub(super) fn row_answer_from(&self, row: &Row, first: usize) -> (usize, usize) {
        let filled = |c: &Range<usize>| !self.src[c.clone()].trim().is_empty();
        let start = row.cells.iter().skip(first).position(filled);
        let last = row.cells.iter().rposition(filled);
        match (start, last) {
            (Some(start), Some(last)) => (row.cells[first + start].start, row.cells[last].end),
            _ => (row.range.end, row.range.end),
        }
    }

    /// "| 1 | How many instances at peak? | 36 |": the answer starts after the prompt cell.
    fn skip_prompt_cell(&mut self, row: &Row) {
        self.skip_prompt_cell_at(row, 1);
    }

    /// When cell `at` (the first of the answer) copies the prompt and a cell follows it,
    /// the answer starts at that next cell.
    pub(super) fn skip_prompt_cell_at(&mut self, row: &Row, at: usize) {
        if let (Some(cell), Some(next)) = (row.cells.get(at), row.cells.get(at + 1)) {
            let (cell, next) = (cell.clone(), next.start);
            self.skip_prompt_copy(cell.start, cell.end);
            self.move_copy_end(next);
        }
    }
}

/// Whether the answer columns of a table with a row per question (every column after the
/// first) are each headed by what their cells answer about, three or more of them: the
/// hops of an audit ("| Q | Phone app | CDN | API | Feed service | DB |"), the layers of a
/// cache. Not when a header is empty or only says the column holds answers, prompts,
/// reasons or working ("| Q | Answer | Why |"): those cells are one answer, read on.
fn headed_columns(rows: &[Row]) -> bool {
    /// Headers that name no subject of their own.
    const GENERIC: &[&str] = &[
        "answer",
        "answers",
        "response",
        "responses",
        "reply",
        "question",
        "questions",
        "prompt",
        "note",
        "notes",
        "comment",
        "comments",
        "reason",
        "reasons",
        "why",
        "working",
        "workings",
        "explanation",
        "value",
        "values",
        "result",
        "results",
        "detail",
        "details",
        "my",
        "your",
        "yes",
        "no",
        "short",
        "long",
        "text",
        // what an answer says about its subject, not a subject: "| # | Difference | Trade-off |"
        "difference",
        "differences",
        "differ",
        "trade",
        "tradeoff",
        "tradeoffs",
        "off",
        "pro",
        "pros",
        "con",
        "cons",
        "advantage",
        "advantages",
        "disadvantage",
        "disadvantages",
        "benefit",
        "benefits",
        "drawback",
        "drawbacks",
        "cost",
        "costs",
        "risk",
        "risks",
        "definition",
        "definitions",
        "meaning",
        "what",
        "how",
        "example",
        "examples",
        "characterisation",
        "characterization",
        "verdict",
        "justification",
        "summary",
        "item",
        "items",
        "option",
        "options",
        "key",
        "main",
        "real",
        "calculation",
        "calc",
        "formula",
        "math",
        "maths",
        "computation",
        "number",
        "count",
        "estimate",
        "total",
        "fix",
        "fixes",
        "problem",
        "issue",
    ];
    let Some(header) = rows.first() else {
        return false;
    };
    let heads = &header.texts[1.min(header.texts.len())..];
    heads.len() >= 3
        && heads.iter().all(|h| {
            let norm = normalise(h);
            let mut words = norm
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty());
            words.clone().next().is_some()
                && words.any(|w| !GENERIC.contains(&w) && !QUESTION_HEADERS.contains(&w))
        })
}

/// A cell that only marks a gap: "-", "—", "n/a".
fn is_placeholder(cell: &str) -> bool {
    let t = cell.trim().trim_matches(['*', '_']);
    t.is_empty()
        || t.chars()
            .all(|c| matches!(c, '-' | '–' | '—' | '/' | '.' | '?'))
        || matches!(
            t.to_ascii_lowercase().as_str(),
            "n/a" | "na" | "none yet" | "tbd"
        )
}

/// "1 peak", "3 HPA": a number from 1 to 99, a space, then text starting with a letter;
/// the number and that text.
fn number_then_words(cell: &str) -> Option<(u32, &str)> {
    let cell = cell.trim();
    let digits = cell.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let number: u32 = cell[..digits].parse().ok().filter(|&n| n > 0)?;
    let rest = cell[digits..].strip_prefix([' ', '\t'])?.trim_start();
    rest.starts_with(char::is_alphabetic)
        .then_some((number, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submission::markdown::test_sheet::placed;

    fn owned(want: &[(&str, u32, &str)]) -> Vec<(String, u32, String)> {
        want.iter()
            .map(|(e, q, t)| (e.to_string(), *q, t.to_string()))
            .collect()
    }

    #[test]
    fn answer_cells_under_headers_of_their_own_are_written_after_them() {
        // A row per question, a column per hop: each cell is about its column's hop.
        let src = "\
## Stateful-Component Audit

| Q | Phone app | CDN | DB |
|---|---|---|---|
| 1 | login token, drafts | nothing per user | yes, the system of record |
|   | and the cached feed |  |  |
| 3 | can't, it owns its state | already stateless | replicate it |
";
        let (answers, unplaced) = placed(src);
        assert_eq!(
            answers,
            owned(&[
                (
                    "audit",
                    1,
                    "Phone app: login token, drafts\n\nCDN: nothing per user\n\nDB: yes, the system of record\n\nPhone app: and the cached feed"
                ),
                (
                    "audit",
                    3,
                    "Phone app: can't, it owns its state\n\nCDN: already stateless\n\nDB: replicate it"
                ),
            ])
        );
        assert!(unplaced.is_empty(), "{unplaced:?}");
        // A row with text in its first cell is read whole; a placeholder cell is no text; a
        // cell past the header's last column has no lead.
        let src = "\
## Stateful-Component Audit

| Q | Client | CDN | DB |
|---|---|---|---|
| 1 | login token | - | yes | DB: replicated |
| also | drafts | n/a | |
";
        let (answers, unplaced) = placed(src);
        assert_eq!(
            answers,
            owned(&[(
                "audit",
                1,
                "Client: login token\n\nDB: yes\n\nDB: replicated\n\n| also | drafts | n/a | |"
            )])
        );
        assert!(unplaced.is_empty(), "{unplaced:?}");
        // Headers that say what the answer says about its subject, or only two columns: one
        // answer per row, read on.
        let src = "\
## Compare

| # | Difference | Trade-off | Example |
|---|---|---|---|
| 5 | deletes on change vs expires | fresher vs simpler | prices |
";
        let (answers, _) = placed(src);
        assert_eq!(
            answers,
            owned(&[(
                "compare",
                5,
                "deletes on change vs expires | fresher vs simpler | prices"
            )])
        );
        // Headers that only say the cells are an answer and its reason: one answer, read on.
        let src = "\
## Capacity Plan

| Q | Answer | Why |
|---|---|---|
| 1 | 36 | 5000 / 140 |
";
        let (answers, _) = placed(src);
        assert_eq!(answers, owned(&[("capacity-plan", 1, "36 | 5000 / 140")]));
    }

    #[test]
    fn rows_labelled_with_a_dotted_number_answer_that_question() {
        let want = owned(&[
            ("capacity-plan", 1, "36 instances"),
            ("capacity-plan", 2, "12 instances"),
            ("capacity-plan", 3, "min 12, max 45"),
        ]);
        for src in [
            // Under the exercise's heading, whatever the header says.
            "## 7 Capacity plan\n\n| Part | Answer |\n|---|---|\n| 7.1 | 36 instances |\n| 7.2 | 12 instances |\n| 7.3 | min 12, max 45 |\n",
            "## 7 Capacity plan\n\n| Step | Value |\n|---|---|\n| **7.1** | 36 instances |\n| 7.2 | 12 instances |\n| 7.3 | min 12, max 45 |\n",
            // Every shape of dotted label in one column, and in any order.
            "## 7 Capacity plan\n\n| Part | Answer |\n|---|---|\n| 7.1. | 36 instances |\n| Q7.2 | 12 instances |\n| 7.3) | min 12, max 45 |\n",
            "## 7 Capacity plan\n\n| Part | Answer |\n|---|---|\n| 7.2 | 12 instances |\n| 7.1 | 36 instances |\n| 7.3 | min 12, max 45 |\n",
            // No heading: the header names the column.
            "| Part | Answer |\n|---|---|\n| 7.1 | 36 instances |\n| 7.2 | 12 instances |\n| 7.3 | min 12, max 45 |\n",
            "| Question | Answer |\n|---|---|\n| 7.1 | 36 instances |\n| 7.2 | 12 instances |\n| 7.3 | min 12, max 45 |\n",
        ] {
            let (mut got, unplaced) = placed(src);
            got.sort();
            assert_eq!((got, unplaced), (want.clone(), vec![]), "{src}");
        }
        // One row is enough when the header names the column; it may name another exercise.
        let (got, _) = placed(
            "## 7 Capacity plan\n\n| Q | Answer |\n|---|---|\n| 8.3 | 36 instances with headroom |\n",
        );
        assert_eq!(got, owned(&[("evidence", 3, "36 instances with headroom")]));
    }

    #[test]
    fn dotted_numbers_that_are_data_stay_where_they_are() {
        // In an answer: a measurement ("2.5" is also question 5 of the second exercise), a
        // number that is no question of the sheet, a dotted number alone under a header of
        // data, the same question twice, and a bare number.
        for table in [
            "| Load | p99 |\n|---|---|\n| 2.5 | 180 ms |\n| 3 | 200 ms |",
            "| Part | Answer |\n|---|---|\n| 7.9 | 180 ms |\n| 7.12 | 200 ms |",
            "| Factor | p99 |\n|---|---|\n| 7.5 | 180 ms |",
            "| | p99 |\n|---|---|\n| 2.5 | 180 ms |",
            "| Version | p99 |\n|---|---|\n| 7.4 | 180 ms |\n| 7.4 | 200 ms |",
        ] {
            let src = format!("## 7 Capacity plan\n\nQ1: 36, as measured:\n\n{table}\n");
            let (got, unplaced) = placed(&src);
            let text = format!("36, as measured:\n\n{table}");
            assert_eq!(got, owned(&[("capacity-plan", 1, &text)]), "{src}");
            assert!(unplaced.is_empty(), "{src}");
        }
    }

    #[test]
    fn numbers_then_words() {
        assert_eq!(number_then_words("1 peak"), Some((1, "peak")));
        assert_eq!(
            number_then_words(" 4  Little's law "),
            Some((4, "Little's law"))
        );
        assert_eq!(number_then_words("1"), None);
        assert_eq!(number_then_words("1,667 rps"), None);
        assert_eq!(number_then_words("100 ms"), None);
        assert_eq!(number_then_words("0 errors"), None);
        assert_eq!(number_then_words("2 / 3"), None);
        assert_eq!(number_then_words("1peak"), None);
    }

    #[test]
    fn a_row_labelled_with_a_group_answers_each_of_its_questions() {
        let src = "## Capacity Plan\n\n| Q | Answer |\n|---|---|\n| 1–2 | peak 33, mean 11 |\n\
                   | 3 | min 11, max 40 |\n| Q4-5 | L = 10; p99 climbing |\n";
        let (answers, unplaced) = placed(src);
        assert_eq!(
            answers,
            owned(&[
                ("capacity-plan", 1, "peak 33, mean 11"),
                ("capacity-plan", 2, "peak 33, mean 11"),
                ("capacity-plan", 3, "min 11, max 40"),
                ("capacity-plan", 4, "L = 10; p99 climbing"),
                ("capacity-plan", 5, "L = 10; p99 climbing"),
            ])
        );
        assert!(unplaced.is_empty(), "{unplaced:?}");
        // Numbers that are not all questions of the exercise: a row of data, not a label.
        let (answers, _) =
            placed("## Capacity Plan\n\nQ1: by hour\n\n| hour | rps |\n|---|---|\n| 1-6 | 900 |\n");
        assert_eq!(answers.len(), 1);
        assert!(answers[0].2.contains("| 1-6 | 900 |"), "{answers:?}");
    }
}
