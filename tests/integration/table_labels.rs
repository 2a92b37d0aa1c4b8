//! Tables of answers whose first column holds bare dotted question numbers ("| 7.1 | … |"),
//! graded against the bundled workshop rubric: each row answers the question it names, as
//! "| Q1 | … |" does, while a dotted number that is a measurement stays in its answer.

use serde_json::Value;

use super::util::{assay, stderr};

const RUBRIC: &str = "rubrics/scaling-workshop.yaml";
const DIR: &str = "tests/fixtures/table-labels";

/// Per file name: its answered questions as (exercise, question, line), and the texts
/// set aside as unplaced.
type Placed = (String, Vec<(String, u64, u64)>, Vec<String>);

fn graded() -> Vec<Placed> {
    let out = assay(&["grade", RUBRIC, DIR, "--format", "json", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let name = s["file"].as_str().unwrap().rsplit('/').next().unwrap();
            let answered = s["questions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|q| q["answered"].as_bool().unwrap())
                .map(|q| {
                    (
                        q["exercise"].as_str().unwrap().to_string(),
                        q["question"].as_u64().unwrap(),
                        q["line"].as_u64().unwrap(),
                    )
                })
                .collect();
            let unplaced = s["unplaced"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["text"].as_str().unwrap().to_string())
                .collect();
            (name.to_string(), answered, unplaced)
        })
        .collect()
}

fn at(rows: &[(&str, u64, u64)]) -> Vec<(String, u64, u64)> {
    rows.iter()
        .map(|&(e, q, l)| (e.to_string(), q, l))
        .collect()
}

#[test]
fn rows_labelled_with_a_dotted_number_answer_their_question() {
    let got = graded();
    let file = |name: &str| {
        got.iter()
            .find(|g| g.0 == name)
            .unwrap_or_else(|| panic!("{name} not graded: {got:?}"))
    };
    let capacity_plan = |first_line: u64| {
        at(&(1..=5)
            .map(|q| ("capacity-plan", q, first_line + q - 1))
            .collect::<Vec<_>>())
    };

    // "| 7.1 | … |" under "## 7 Capacity plan": each row is its question's answer.
    let g = file("section-table.md");
    assert_eq!(g.1, capacity_plan(10), "{g:?}");
    assert!(g.2.is_empty(), "{g:?}");

    // "7.1.", "Q7.2", "7.3)", "**7.4**" and "7.5" in one column.
    let g = file("mixed-shapes.md");
    assert_eq!(g.1, capacity_plan(8), "{g:?}");
    assert!(g.2.is_empty(), "{g:?}");

    // No heading: the header "Question" says the column holds questions, which may be of
    // several exercises.
    let g = file("no-heading.md");
    assert_eq!(
        g.1,
        at(&[
            ("capacity-plan", 1, 6),
            ("capacity-plan", 2, 7),
            ("evidence", 3, 8)
        ]),
        "{g:?}"
    );
    assert!(g.2.is_empty(), "{g:?}");

    // A table of measurements in an answer ("2.5" is also question 5 of the second
    // exercise, "3" a question of this one; "7.9" is no question): it stays in the answer.
    let g = file("measurements.md");
    assert_eq!(
        g.1,
        at(&[("capacity-plan", 1, 6), ("capacity-plan", 5, 8)]),
        "{g:?}"
    );
    assert!(g.2.is_empty(), "{g:?}");
}

/// The rows are graded where they are placed: the peak count of "| 7.1 | … 36 |" earns
/// question 1 its full credit.
#[test]
fn a_dotted_row_is_graded_at_its_question() {
    let out = assay(&[
        "grade",
        RUBRIC,
        &format!("{DIR}/section-table.md"),
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let q = &v["submissions"][0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["exercise"] == "capacity-plan" && q["question"] == 1)
        .cloned()
        .unwrap();
    assert_eq!(q["score"], q["max_score"], "{q}");
}
