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
        // The placeholder id, left as it is, is no id: the file's name stands instead.
        assert_eq!(s["learner"], "filled");
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

/// Grades `text` as a Markdown file against `rubric`: the exit code and the JSON result.
fn grade_md(rubric: &str, text: &str) -> (Option<i32>, Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.md");
    std::fs::write(&path, text).unwrap();
    let out = assay(&["grade", rubric, path.to_str().unwrap(), "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code(), v)
}

/// A learner who hands in the blank sheet unchanged, or with only some answers filled in, is
/// graded: every unanswered question scores 0 (the sheet names every question). A file that
/// names no question of the rubric is still no submission.
#[test]
fn a_blank_template_is_graded_with_every_question_unanswered() {
    for rubric in [
        "rubrics/scaling-workshop.yaml",
        "tests/fixtures/rubrics/valid/mini.yaml",
    ] {
        let blank = stdout(&assay(&["template", rubric]));
        let (code, v) = grade_md(rubric, &blank);
        assert_eq!(code, Some(0), "{rubric}: {v}");
        let s = &v["submissions"][0];
        assert_eq!(s["status"], "graded", "{rubric}: {s}");
        assert_eq!(s["score"].as_f64(), Some(0.0), "{rubric}");
        // The placeholder id is no id: the learner is named after the file.
        assert_eq!(s["learner"], "sheet", "{rubric}: {s}");
        let questions = s["questions"].as_array().unwrap();
        assert!(!questions.is_empty());
        assert!(
            questions.iter().all(|q| q["answered"] == false),
            "{rubric}: {s}"
        );
        assert_eq!(v["summary"]["failed"], 0);

        // Only the first question filled in: that one is answered, the others are not.
        let first = blank.find("\n### ").unwrap();
        let end = blank[first + 1..].find('\n').unwrap() + first + 2;
        let partly = format!(
            "{}\nMy answer is written here.\n{}",
            &blank[..end],
            &blank[end..]
        );
        let (code, v) = grade_md(rubric, &partly);
        assert_eq!(code, Some(0), "{rubric}: {v}");
        let answered: Vec<bool> = v["submissions"][0]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["answered"].as_bool().unwrap())
            .collect();
        assert!(answered[0], "{rubric}");
        assert!(answered[1..].iter().all(|a| !a), "{rubric}: {answered:?}");
    }
    // Not a submission for this rubric: still a failed input.
    let (code, v) = grade_md(
        "tests/fixtures/rubrics/valid/mini.yaml",
        "# Banana bread\n\n## Method\n\n1. Mash the bananas.\n2. Bake for 60 minutes.\n",
    );
    assert_eq!(code, Some(2));
    assert_eq!(v["submissions"][0]["status"], "error");
}
