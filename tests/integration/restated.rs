//! Answers written in the prompt's own words: a learner who restates the given and answers
//! ("The one-way latency is 40 ms, so the round trip is 80 ms.") or answers wrongly with a
//! given number ("The minimum round-trip time is 40 ms.") has answered, and is graded and told
//! why; only a copy of the prompt with nothing of the learner's is set aside.

use serde_json::Value;

use super::util::{assay, stderr};

const RUBRIC: &str = "tests/fixtures/rubrics/valid/latency.yaml";
const DIR: &str = "tests/fixtures/batch/restated";

/// Per file: (name, score of question 1, answered, its flags, its feedback, the unplaced
/// reasons).
type Graded = (String, f64, bool, Vec<String>, Vec<String>, Vec<String>);

fn graded() -> Vec<Graded> {
    let out = assay(&["grade", RUBRIC, DIR, "--format", "json", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let texts = |v: &Value, key: &str| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| {
                if key.is_empty() {
                    x.as_str().unwrap().to_string()
                } else {
                    x[key].as_str().unwrap().to_string()
                }
            })
            .collect()
    };
    v["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let q = &s["questions"][0];
            (
                s["file"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                q["score"].as_f64().unwrap(),
                q["answered"].as_bool().unwrap(),
                texts(&q["flags"], "kind"),
                texts(&q["feedback"], ""),
                texts(&s["unplaced"], "reason"),
            )
        })
        .collect()
}

#[test]
fn answers_in_the_prompts_words_are_graded_and_copies_set_aside() {
    let got = graded();
    let file = |name: &str| {
        got.iter()
            .find(|g| g.0 == name)
            .unwrap_or_else(|| panic!("{name} not graded: {got:?}"))
    };
    let copy_reason = |n: u32| {
        format!("a copy of the prompt of question {n} of `networking`, with no answer after it")
    };

    // The given restated, then the answer on the same line: full credit, nothing set aside.
    let g = file("given-then-answer.md");
    assert_eq!((g.1, g.2), (1.0, true), "{g:?}");
    assert!(g.3.is_empty() && g.5.is_empty(), "{g:?}");

    // A wrong number in the question's words, and a wrong number with a reason: answered,
    // not flagged as repeating the question, and told why the number is wrong.
    for name in ["wrong-in-prompt-words.md", "because.md"] {
        let g = file(name);
        assert_eq!((g.1, g.2), (0.0, true), "{g:?}");
        assert!(g.3.is_empty(), "not a copy: {g:?}");
        assert!(
            g.4.iter().any(|f| f.contains("twice the one-way latency")),
            "{g:?}"
        );
        assert!(g.5.is_empty(), "{g:?}");
    }

    // The prompts copied with nothing after them: set aside, each with its reason.
    let g = file("copies-only.md");
    assert!(!g.2, "{g:?}");
    assert_eq!(g.5, [copy_reason(1), copy_reason(2)], "{g:?}");

    // The given copied and the answer below it: the answer is graded. A statement of the
    // question without its reason is still a copy.
    let g = file("copy-then-answer.md");
    assert_eq!((g.1, g.2), (1.0, true), "{g:?}");
    assert_eq!(g.5, [copy_reason(2)], "{g:?}");
}
