//! The Canvas gradebook import CSV (`--format canvas`, `canvas.csv` in `--out`). Contract, as
//! Canvas imports it: the header `Student,ID,SIS User ID,SIS Login ID,Section,<assignment>`,
//! then the pseudo-row `    Points Possible,,,,,<max>` (four leading spaces; not a student),
//! then one row per graded submission, in the order of the results. The learner id fills
//! `Student` and `SIS Login ID` (Canvas matches rows on `ID`, `SIS User ID` or `SIS Login ID`,
//! so learner ids must be SIS login ids); `ID`, `SIS User ID` and `Section` stay empty.
//! `<assignment>` is `--assignment` or the rubric's title: a header of the form
//! `Homework 3 (123456)` updates that existing assignment, any other creates a new one.
//! Failed inputs have no row (an empty cell could clear a grade); the dashboard lists them.

use crate::batch::{Batch, Outcome};
use crate::rubric::Rubric;

use super::csv_export::{record, text_cell};
use super::plain::score;

/// The header and the points-possible row.
pub fn head(rubric: &Rubric, assignment: &str) -> String {
    let max = crate::grade::question::round6(rubric.max_score());
    let header = [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        assignment,
    ]
    .map(text_cell);
    let points = ["    Points Possible", "", "", "", ""].map(String::from);
    let mut s = record(header);
    s.push_str(&record(points.into_iter().chain([score(max)])));
    s
}

/// The row of one input (none for an input that failed).
pub fn row(o: &Outcome) -> String {
    let Ok(g) = &o.result else {
        return String::new();
    };
    let id = text_cell(&o.learner);
    record([
        id.clone(),
        String::new(),
        String::new(),
        id,
        String::new(),
        score(g.score),
    ])
}

/// The CSV document.
pub fn to_csv(rubric: &Rubric, batch: &Batch, assignment: &str) -> String {
    super::document::Document::Canvas(assignment.to_string()).whole(rubric, batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing;

    #[test]
    fn header_points_possible_then_one_row_per_graded_learner() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let csv = to_csv(&r, &b, "Quiz 1 (4242)");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (4242)"
        );
        assert_eq!(lines[1], "    Points Possible,,,,,4");
        assert_eq!(lines[2], "ben,,,ben,,1.25");
        assert_eq!(lines[3], "cleo,,,cleo,,4");
        assert_eq!(lines.len(), 4, "the broken input has no row");
    }
}
