//! The generic CSV export (`--format csv`, `grades.csv` in `--out`), for spreadsheets and
//! scripts. Contract: one header row, then one row per input in the order of the results
//! (sorted by file), failed inputs included. Columns, always in this order: `learner`, `file`,
//! `status` (`graded`/`error`), `score`, `max_score`, `percent`, then for each exercise in sheet
//! order the exercise's subtotal (column `<exercise>`) followed by each of its questions
//! (`<exercise>/<number>`), then `error` (the message for a failed input). Scores are plain
//! numbers (at most three decimals); a failed input has empty score cells. Text that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
//! return) is prefixed with `'`.

use crate::batch::{Batch, Outcome};
use crate::rubric::Rubric;

use super::plain::score;

/// Neutralises spreadsheet formulas in a text cell.
pub fn text_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The header row.
pub fn header(rubric: &Rubric) -> Vec<String> {
    let mut h: Vec<String> = ["learner", "file", "status", "score", "max_score", "percent"]
        .map(String::from)
        .to_vec();
    for ex in &rubric.exercises {
        h.push(ex.id.clone());
        for q in &ex.questions {
            h.push(format!("{}/{}", ex.id, q.number));
        }
    }
    h.push("error".into());
    h
}

/// One CSV record (with its line end), as the csv crate writes it.
pub fn record<S: AsRef<[u8]>>(fields: impl IntoIterator<Item = S>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(fields);
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The number of columns of [`header`].
fn width(rubric: &Rubric) -> usize {
    let questions: usize = rubric.exercises.iter().map(|e| 1 + e.questions.len()).sum();
    6 + questions + 1
}

/// The row of one input.
pub fn row(rubric: &Rubric, o: &Outcome) -> String {
    let width = width(rubric);
    let mut row = vec![text_cell(&o.learner), text_cell(&o.file)];
    match &o.result {
        Ok(g) => {
            row.push("graded".into());
            row.push(score(g.score));
            row.push(score(g.max_score));
            row.push(super::feedback::percent(g.score, g.max_score).to_string());
            for (ex, total) in rubric.exercises.iter().zip(&g.exercises) {
                row.push(score(total.score));
                for q in &ex.questions {
                    let s = g
                        .questions
                        .iter()
                        .find(|r| r.exercise == ex.id && r.question == q.number)
                        .map_or(String::new(), |r| score(r.score));
                    row.push(s);
                }
            }
            row.push(String::new());
        }
        Err(e) => {
            let max = crate::grade::question::round6(rubric.max_score());
            row.push("error".into());
            row.push(String::new());
            row.push(score(max));
            row.resize(width - 1, String::new());
            row.push(text_cell(&e.message));
        }
    }
    record(&row)
}

/// The CSV document.
pub fn to_csv(rubric: &Rubric, batch: &Batch) -> String {
    super::document::Document::Csv.whole(rubric, batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::testing;

    #[test]
    fn the_width_is_the_header_s() {
        let r = super::super::testing::rubric();
        assert_eq!(width(&r), header(&r).len());
    }

    #[test]
    fn a_row_per_input_with_a_column_per_exercise_and_question() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let csv = to_csv(&r, &b);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "learner,file,status,score,max_score,percent,basics,basics/1,basics/2,capacity,capacity/1,capacity/2,error"
        );
        assert_eq!(
            lines[1],
            "ben,subs/ben.yaml,graded,1.25,4,31.3,0,0,0,1.25,0.5,0.75,"
        );
        assert!(
            lines[2].starts_with("broken,subs/broken.yaml,error,,4,,,,,,,,"),
            "{}",
            lines[2]
        );
        assert_eq!(lines[3], "cleo,subs/cleo.yaml,graded,4,4,100,2,1,1,2,1,1,");
    }

    #[test]
    fn formulas_are_neutralised_and_text_kept() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text_cell("-1+2"), "'-1+2");
        assert_eq!(text_cell("ana"), "ana");
    }
}
