//! Crossed-out words are not graded: a learner who strikes through what they first wrote
//! (`~~sticky sessions are fine~~ No: …`) is graded as if those words had never been
//! written, as crossed-out work on a paper exam. `tests/fixtures/struck/crossed-out.md`
//! strikes through wrong claims, a whole answer, lines of a paragraph and a table cell, and
//! leaves two options of a task list unticked beside a ticked one; `withdrawn.md` is the same
//! submission with the struck words and the unticked options deleted.

use serde_json::Value;

use super::util::{assay, stderr};

/// Per answered question of `file`: (exercise, number, score, concepts found, misconceptions
/// held, numbers read).
type Question = (String, u64, f64, Vec<String>, Vec<String>, Vec<Option<f64>>);

fn graded(v: &Value, file: &str) -> Vec<Question> {
    let s = (v["submissions"].as_array().unwrap().iter())
        .find(|s| s["file"] == file)
        .unwrap_or_else(|| panic!("{file} graded"));
    let ids = |list: &Value, key: &str| -> Vec<String> {
        (list.as_array().unwrap().iter())
            .filter(|x| key != "id" || x["found"] != false)
            .map(|x| x[key].as_str().unwrap().to_string())
            .collect()
    };
    (s["questions"].as_array().unwrap().iter())
        .filter(|q| q["answered"] == true)
        .map(|q| {
            (
                q["exercise"].as_str().unwrap().to_string(),
                q["question"].as_u64().unwrap(),
                q["score"].as_f64().unwrap(),
                ids(&q["concepts"], "id"),
                ids(&q["mistakes"], "id"),
                (q["numbers"].as_array().unwrap().iter())
                    .map(|n| n["given"].as_f64())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn struck_words_are_graded_as_if_never_written() {
    let out = assay(&[
        "grade",
        "rubrics/scaling-workshop.yaml",
        "tests/fixtures/struck",
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let crossed = graded(&v, "tests/fixtures/struck/crossed-out.md");
    let withdrawn = graded(&v, "tests/fixtures/struck/withdrawn.md");
    assert_eq!(crossed, withdrawn);

    // What the struck words would have cost: the misconceptions they state are not held,
    // and the answer struck whole is not answered.
    let held: Vec<&String> = crossed.iter().flat_map(|q| &q.4).collect();
    assert!(held.is_empty(), "{held:?}");
    assert!(
        !crossed.iter().any(|q| q.0 == "retrieval" && q.1 == 3),
        "retrieval 3 is struck whole"
    );
    let score = |q: (&str, u64)| {
        crossed
            .iter()
            .find(|c| (c.0.as_str(), c.1) == q)
            .map(|c| c.2)
    };
    assert_eq!(score(("mistakes", 1)), Some(0.75));
    // The unticked "Same thing" is not the learner's answer to compare 6.
    let compare6 = crossed.iter().find(|q| q.0 == "compare" && q.1 == 6);
    assert!(
        compare6.is_some_and(|q| !q.3.iter().any(|c| c == "same-thing")),
        "{compare6:?}"
    );
    assert_eq!(score(("mistakes", 2)), Some(0.75));

    // No evidence quotes a struck word.
    let mut quoted = Vec::new();
    for s in v["submissions"].as_array().unwrap() {
        for q in s["questions"].as_array().unwrap() {
            for key in ["concepts", "numbers", "mistakes"] {
                for e in q[key].as_array().unwrap().iter().map(|x| &x["evidence"]) {
                    if let Some(t) = e["text"].as_str() {
                        quoted.push(t.to_string());
                    }
                }
            }
        }
    }
    assert!(quoted.len() > 10, "{quoted:?}");
    let text = quoted.join("\n");
    for struck in [
        "adding more machines",
        "stores nothing",
        "Sticky sessions are fine",
        "True:",
        "rarely die",
        "50 instances",
    ] {
        assert!(!text.contains(struck), "evidence quotes {struck:?}");
    }
}
