//! Helpers of the tests of several files of `validate`: a rubric of one question, and the
//! errors of a rubric that does not load.

use crate::rubric::load_str;

/// One question worth `points`, with a concept matched by `pattern`.
pub(super) fn one_question(points: &str, pattern: &str) -> String {
    format!(
        r#"
id: q
title: Q
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: P
        points: {points}
        concepts:
          - {{ id: c, match: '{pattern}', feedback: F }}
"#
    )
}

/// The errors of `src` as `line:col: message`.
#[track_caller]
pub(super) fn placed_errors(src: &str) -> Vec<String> {
    errors(src)
        .into_iter()
        .map(|(l, c, m)| format!("{l}:{c}: {m}"))
        .collect()
}

#[track_caller]
pub(super) fn errors(src: &str) -> Vec<(u32, u32, String)> {
    load_str(src, "q.yaml")
        .expect_err("invalid")
        .0
        .into_iter()
        .map(|e| (e.line, e.column, e.message))
        .collect()
}
