//! Rubric self-tests: `assay test` passes on the bundled rubrics and fails (exit 1) with a
//! useful report when an example disagrees.

use super::util::{assay, stdout};

/// `assay test` on mini.yaml with `from` replaced by `to` (which must be in it).
fn test_mini_with(from: &str, to: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let src =
        std::fs::read_to_string(super::util::root().join("tests/fixtures/rubrics/valid/mini.yaml"))
            .unwrap();
    assert!(src.contains(from), "{from:?} is not in mini.yaml");
    let path = dir.path().join("changed.yaml");
    std::fs::write(&path, src.replace(from, to)).unwrap();
    assay(&["test", path.to_str().unwrap()])
}

#[test]
fn mini_rubric_examples_pass() {
    let out = assay(&["test", "tests/fixtures/rubrics/valid/mini.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("9 passed, 0 failed"));
}

#[test]
fn workshop_rubric_examples_pass() {
    let out = assay(&["test", "rubrics/scaling-workshop.yaml"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
}

/// The calibration rubrics' own examples pass too (Mohler's "called automatically" failed
/// while the spelling fold read "called" as "caled", away from `call*`).
#[test]
fn calibration_rubric_examples_pass() {
    for rubric in [
        "calibration/mohler/rubric.yaml",
        "calibration/saf/rubric.yaml",
    ] {
        let out = assay(&["test", rubric]);
        assert_eq!(out.status.code(), Some(0), "{rubric}\n{}", stdout(&out));
    }
}

#[test]
fn a_failing_example_is_reported_with_what_fired() {
    let out = test_mini_with(
        "          - answer: Vertical is a bigger box.\n            score: 0.5",
        "          - answer: Vertical is a bigger box.\n            score: 1",
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("test basics/1 example 2 ... FAILED"),
        "{text}"
    );
    assert!(text.contains("expected: score 1"), "{text}");
    assert!(text.contains("concepts found: [vertical]"), "{text}");
    assert!(text.contains("8 passed, 1 failed"), "{text}");
}

/// An example that lists `flags` passes only with exactly those flags (here: none), and its
/// failure shows the flags expected and got; one that lists none is not checked for them.
#[test]
fn an_example_s_flags_are_checked_exactly_when_listed() {
    let example = "          - answer: Vertical is a bigger box.\n            score: 0.5";
    let out = test_mini_with(
        example,
        &format!("{example}\n            flags: [copied-prompt]"),
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("test basics/1 example 2 ... FAILED"),
        "{text}"
    );
    assert!(
        text.contains("expected: score 0.5 mistakes [] flags [copied-prompt]\n"),
        "{text}"
    );
    assert!(
        text.contains("got:      score 0.5 mistakes [] flags []\n"),
        "{text}"
    );
    let out = test_mini_with(example, &format!("{example}\n            flags: []"));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // Failures without `flags` do not show them.
    let out = test_mini_with(
        example,
        "          - answer: Vertical is a bigger box.\n            score: 1",
    );
    assert!(!stdout(&out).contains("flags ["), "{}", stdout(&out));
}

/// Every question of the workshop rubric carries examples, and every misconception label of
/// the catalogue is held by at least one example and refuted (named in the answer but not
/// expected) by another: the self-tests cover the whole marking guide.
#[test]
fn workshop_examples_cover_every_question_and_misconception() {
    let r =
        assay::rubric::load(&super::util::root().join("rubrics/scaling-workshop.yaml")).unwrap();
    let mut held = std::collections::BTreeSet::new();
    for e in &r.exercises {
        for q in &e.questions {
            assert!(
                q.examples.len() >= 2,
                "{} {} has {} examples",
                e.id,
                q.number,
                q.examples.len()
            );
            assert!(
                q.examples.iter().any(|x| x.score >= 1.0),
                "{} {} has no full-credit example",
                e.id,
                q.number
            );
            assert!(
                q.examples.iter().any(|x| x.score < 1.0),
                "{} {} has no partial or zero example",
                e.id,
                q.number
            );
            for x in &q.examples {
                held.extend(x.mistakes.iter().cloned());
            }
        }
    }
    let missing: Vec<&String> = r
        .misconceptions
        .keys()
        .filter(|l| !held.contains(*l))
        .collect();
    assert!(missing.is_empty(), "no example holds {missing:?}");
    assert_eq!(r.misconceptions.len(), 23);
}

/// An example of a question whose answers use earlier numbers fails without `given`; the
/// report says which earlier numbers it lacks and how to give them.
#[test]
fn a_failing_example_without_its_earlier_numbers_says_which() {
    let out = test_mini_with("            given: { capacity.1.peak: 25 }\n", "");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(
            "    hint:     the question's answers use earlier numbers this example does not give \
             ({capacity.1.peak}): add `given: { capacity.1.peak: VALUE }`\n"
        ),
        "{text}"
    );
    // Only the failing example gets it (the passing first one lacks `given` too).
    assert_eq!(text.matches("hint:").count(), 1, "{text}");
}

/// What no example tests is a warning, and the run still passes: a question without an
/// example, a misconception no example expects.
#[test]
fn untested_questions_and_misconceptions_are_warnings() {
    let out = assay(&["test", "tests/fixtures/rubrics/valid/latency.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains(
            "warning: question 2 of `networking` has no example: no test shows how it is graded\n"
        ),
        "{text}"
    );
    // One entry with a rule of its own that no example expects, one that nothing can find.
    let out = test_mini_with(
        "misconceptions:\n",
        "misconceptions:\n  never-tested:\n    title: Never tested\n    feedback: F.\n    match: \"zzz\"\n  never-used:\n    title: Never used\n    feedback: F.\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("warning: misconception `never-tested` is expected by no example"),
        "{text}"
    );
    assert!(
        text.contains("warning: misconception `never-used` is used by no rule"),
        "{text}"
    );
    assert_eq!(text.matches("warning:").count(), 2, "{text}");
}
