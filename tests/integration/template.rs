//! `assay template`: the blank answer sheet maps back exactly. Filling every question slot
//! with a distinct answer places each answer at its own question.

use serde_json::Value;

use super::util::{assay, stderr, stdout};

#[test]
fn a_filled_in_template_places_every_answer_at_its_question() {
    for rubric in [
        "rubrics/scaling-workshop.yaml",
        "tests/fixtures/rubrics/valid/mini.yaml",
    ] {
        let out = assay(&["template", rubric]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let sheet = stdout(&out);
        // Fill each question with an answer naming its exercise and question.
        let mut filled = String::new();
        let mut exercise_title = String::new();
        let mut expected = Vec::new();
        for line in sheet.lines() {
            filled.push_str(line);
            filled.push('\n');
            if let Some(t) = line.strip_prefix("## ") {
                exercise_title = t.to_string();
            } else if let Some(q) = line.strip_prefix("### ") {
                let number: u32 = q.split('.').next().unwrap().parse().unwrap();
                filled.push_str("\nMy answer is written here.\n");
                let line = filled.lines().count() as u64;
                expected.push((exercise_title.clone(), number, line));
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("filled.md");
        std::fs::write(&path, &filled).unwrap();
        let out = assay(&["grade", rubric, path.to_str().unwrap(), "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let s = &v["submissions"][0];
        assert_eq!(s["learner"], "your-id");
        assert_eq!(
            s["unplaced"].as_array().unwrap().len(),
            0,
            "{}",
            s["unplaced"]
        );
        let questions = s["questions"].as_array().unwrap();
        assert_eq!(questions.len(), expected.len());
        for (q, (title, number, line)) in questions.iter().zip(&expected) {
            assert!(
                q["answered"].as_bool().unwrap(),
                "{rubric}: {} {} not answered",
                q["exercise"],
                q["question"]
            );
            assert_eq!(
                q["question"].as_u64(),
                Some(u64::from(*number)),
                "{rubric}: {title}"
            );
            assert_eq!(
                q["line"].as_u64(),
                Some(*line),
                "{rubric}: {title} {number}"
            );
        }
    }
}

#[test]
fn a_blank_template_is_not_a_submission() {
    let out = assay(&["template", "tests/fixtures/rubrics/valid/mini.yaml"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.md");
    std::fs::write(&path, stdout(&out)).unwrap();
    let out = assay(&[
        "grade",
        "tests/fixtures/rubrics/valid/mini.yaml",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["submissions"][0]["status"], "error");
}
