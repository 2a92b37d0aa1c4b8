//! The Moodle grade-import CSV (`--format moodle`, `moodle.csv` in `--out`; Grades → Import →
//! CSV file). Contract: the header `Learner ID,<assignment>,<assignment> feedback`, then one
//! row per graded submission in the order of the results: the learner id (map it to
//! username, ID number or email address under "Identify user by"), the score, and the
//! learner's feedback as plain text (the total, then every question without full credit with
//! what was credited, missing, or held as a misconception; instructor-only material left out).
//! Map the second column to the grade item and the third to its feedback. `<assignment>` is
//! `--assignment` or the rubric's title. Comma-separated, UTF-8, fields quoted when needed
//! (feedback spans several lines). Failed inputs have no row.

use crate::batch::{Batch, Outcome};
use crate::rubric::Rubric;

use super::csv_export::{record, text_cell};
use super::feedback::PlainView;
use super::plain::{report_text, score};

/// The header.
pub fn head(assignment: &str) -> String {
    let name = text_cell(assignment);
    record([
        "Learner ID".to_string(),
        name.clone(),
        format!("{name} feedback"),
    ])
}

/// The row of one input (none for an input that failed).
pub fn row(rubric: &Rubric, o: &Outcome) -> String {
    row_in(o, &PlainView::new(rubric, o))
}

/// [`row`], from the outcome's view.
pub fn row_in(o: &Outcome, views: &PlainView<'_>) -> String {
    let Ok(g) = &o.result else {
        return String::new();
    };
    let view = views.of(g);
    record([
        text_cell(&o.learner),
        score(g.score),
        text_cell(report_text(view)),
    ])
}

/// The CSV document.
pub fn to_csv(rubric: &Rubric, batch: &Batch, assignment: &str) -> String {
    super::document::Document::Moodle(assignment.to_string()).whole(rubric, batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing;

    #[test]
    fn identifier_grade_and_feedback_per_graded_learner() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let csv = to_csv(&r, &b, "Quiz 1");
        let mut rdr = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(
            rdr.headers().unwrap().iter().collect::<Vec<_>>(),
            ["Learner ID", "Quiz 1", "Quiz 1 feedback"]
        );
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!((&rows[0][0], &rows[0][1]), ("ben", "1.25"));
        assert!(
            rows[0][2].contains("Capacity Plan 1 (0.5 / 1)"),
            "{}",
            &rows[0][2]
        );
        assert_eq!(
            &rows[1][2], "Mini Scaling Quiz: 4 / 4 (100 %)",
            "full credit: the total only"
        );
    }
}
