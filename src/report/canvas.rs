//! The Canvas gradebook import CSV (`--format canvas`, `canvas.csv` in `--out`). Contract, as
//! Canvas imports it: the header `Student,ID,SIS User ID,SIS Login ID,Section,<assignment>`,
//! then the pseudo-row `    Points Possible,,,,,<max>` (four leading spaces; not a student),
//! then one row per graded submission, in the order of the results. The learner id fills
//! `Student` and `SIS Login ID` (Canvas matches rows on `ID`, `SIS User ID` or `SIS Login ID`,
//! so learner ids must be SIS login ids); `ID`, `SIS User ID` and `Section` stay empty.
//! `<assignment>` is `--assignment` or the rubric's title: a header of the form
//! `Homework 3 (123456)` updates that existing assignment, any other creates a new one.
//! Failed inputs have no row (an empty cell could clear a grade); the dashboard lists them.

use crate::batch::Batch;
use crate::rubric::Rubric;

use super::csv_export::text_cell;
use super::plain::score;

/// The CSV document.
pub fn to_csv(rubric: &Rubric, batch: &Batch, assignment: &str) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let max = crate::grade::question::round6(rubric.max_score());
    let mut rows: Vec<Vec<String>> = vec![
        [
            "Student",
            "ID",
            "SIS User ID",
            "SIS Login ID",
            "Section",
            assignment,
        ]
        .map(text_cell)
        .to_vec(),
        vec![
            "    Points Possible".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            score(max),
        ],
    ];
    for o in &batch.outcomes {
        let Ok(g) = &o.result else { continue };
        let id = text_cell(&o.learner);
        rows.push(vec![
            id.clone(),
            String::new(),
            String::new(),
            id,
            String::new(),
            score(g.score),
        ]);
    }
    for r in rows {
        let _ = w.write_record(&r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
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
