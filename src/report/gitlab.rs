//! GitLab Code Quality report (`--format gitlab`, `gl-code-quality-report.json` in `--out`),
//! shown in merge requests. Contract (docs.gitlab.com, "Code Quality report format"): a JSON
//! array of issues `{description, check_name, fingerprint, severity, location: {path, lines:
//! {begin}}}`. For each question that lost points: one issue per missed concept, or per
//! choice among missing alternatives (`assay/missed-concept`, minor), number not fully
//! accepted (`assay/number`, minor), misconception held (`assay/misconception`, major), flag
//! (`assay/keyword-list`, `assay/copied-prompt`, `assay/contradiction`, minor), or, when
//! nothing learner-visible explains the loss, one `assay/partial-credit` (minor); an
//! unanswered question is one `assay/unanswered` (major); an input that could not be graded is
//! `assay/unreadable` (blocker). `path` is the submission's path; `begin` the line of the
//! learner's words, else of the answer, else 1. `fingerprint` is the FNV-1a 64 hash (hex) of
//! check, path, question and item (a concept's id; a choice's place among the question's
//! choices), so it is stable across runs and releases and unique within the report.
//! Descriptions come from the learner's view (instructor-only material is left out). Issues
//! follow the order of the results, then sheet order.

use serde::Serialize;

use crate::batch::{Batch, Outcome};
use crate::fast_hash::FastSet;
use crate::rubric::Rubric;
use crate::rubric::load::Fnv;

use super::feedback::{MissedGroup, PlainView, QuestionView};
use super::plain::{push_score, score};

#[derive(Debug, Serialize)]
pub struct Issue {
    pub description: String,
    pub check_name: String,
    pub fingerprint: String,
    pub severity: &'static str,
    pub location: Location,
}

#[derive(Debug, Serialize)]
pub struct Location {
    pub path: String,
    pub lines: Lines,
}

#[derive(Debug, Serialize)]
pub struct Lines {
    pub begin: u32,
}

struct Issues {
    list: Vec<Issue>,
    /// The fingerprints given, as numbers.
    seen: FastSet<u64>,
}

impl Issues {
    fn push(
        &mut self,
        check: &str,
        severity: &'static str,
        path: &str,
        key: &str,
        line: u32,
        description: String,
    ) {
        let mut n = 0u32;
        let fingerprint = loop {
            let mut h = Fnv::new();
            // The first try (nearly always the one kept) without formatting its number.
            let number = if n == 0 {
                "0".into()
            } else {
                std::borrow::Cow::Owned(n.to_string())
            };
            for part in [check, path, key, &number] {
                h.write(part.as_bytes());
            }
            if self.seen.insert(h.value()) {
                break h.hex();
            }
            n += 1;
        };
        self.list.push(Issue {
            description,
            check_name: ["assay/", check].concat(),
            fingerprint,
            severity,
            location: Location {
                path: path.to_string(),
                lines: Lines { begin: line.max(1) },
            },
        });
    }
}

/// The issues of a batch.
pub fn issues(rubric: &Rubric, batch: &Batch) -> Vec<Issue> {
    batch
        .outcomes
        .iter()
        .flat_map(|o| outcome_issues(rubric, o))
        .collect()
}

/// The issues of one input. Fingerprints hash the path, so they are unique across inputs.
pub fn outcome_issues(rubric: &Rubric, o: &Outcome) -> Vec<Issue> {
    outcome_issues_in(o, &PlainView::new(rubric, o))
}

/// [`outcome_issues`], from the outcome's view.
pub fn outcome_issues_in(o: &Outcome, views: &PlainView<'_>) -> Vec<Issue> {
    // Writing to a `String` cannot fail.
    use std::fmt::Write;
    let mut out = Issues {
        list: Vec::new(),
        seen: FastSet::default(),
    };
    {
        let g = match &o.result {
            Ok(g) => g,
            Err(e) => {
                out.push(
                    "unreadable",
                    "blocker",
                    &o.file,
                    "",
                    e.line.unwrap_or(1),
                    format!("assay could not grade this submission: {e}"),
                );
                return out.list;
            }
        };
        let view = views.of(g);
        for ex in &view.exercises {
            for q in &ex.questions {
                if q.status == "full" {
                    continue;
                }
                let line = answer_line(g, q);
                // `question_name`, then the scores (no `format!`: it grows its text from an
                // estimate).
                let mut head = String::with_capacity(ex.title.len() + 32);
                head.push_str(&ex.title);
                head.push(' ');
                let _ = write!(head, "{} (", q.number);
                push_score(&mut head, q.score);
                head.push_str(" / ");
                push_score(&mut head, q.max_score);
                head.push(')');
                let mut qkey = String::with_capacity(q.exercise.len() + 8);
                qkey.push_str(&q.exercise);
                let _ = write!(qkey, "/{}", q.number);
                if !q.answered {
                    out.push(
                        "unanswered",
                        "major",
                        &o.file,
                        &qkey,
                        1,
                        [&head, ": not answered"].concat(),
                    );
                    continue;
                }
                let before = out.list.len();
                for m in &q.mistakes {
                    let l = m.evidence.as_ref().map_or(line, |e| e.line);
                    out.push(
                        "misconception",
                        "major",
                        &o.file,
                        &[&qkey, "/", &m.id].concat(),
                        l,
                        [&head, ": misconception: ", &m.title, ". ", &m.feedback].concat(),
                    );
                }
                for n in q.numbers.iter().filter(|n| n.status != "correct") {
                    let l = n.evidence.as_ref().map_or(line, |e| e.line);
                    let given = n
                        .given_text
                        .as_deref()
                        .map_or("no number found".to_string(), |g| format!("you gave {g}"));
                    out.push(
                        "number",
                        "minor",
                        &o.file,
                        &format!("{qkey}/{}", n.id),
                        l,
                        format!(
                            "{head}: number {}: {given}, {} of its credit",
                            n.id,
                            score(n.score)
                        ),
                    );
                }
                // A choice is keyed by its place among the question's choices ("choice-1"),
                // not by the alternatives still missing: meeting one of them changes the
                // issue's text, not its fingerprint.
                let mut choices = 0;
                for g in &q.missed_groups {
                    match g.shown_choice() {
                        Some(choice) => {
                            choices += 1;
                            let key = format!("{qkey}/choice-{choices}");
                            let description = choice_issue(&head, choice, g);
                            out.push("missed-concept", "minor", &o.file, &key, line, description);
                        }
                        None => {
                            for c in &g.missed {
                                out.push(
                                    "missed-concept",
                                    "minor",
                                    &o.file,
                                    &[&qkey, "/", &c.id].concat(),
                                    line,
                                    [&head, ": missing: ", &c.feedback].concat(),
                                );
                            }
                        }
                    }
                }
                for f in &q.flags {
                    out.push(
                        f.kind,
                        "minor",
                        &o.file,
                        &qkey,
                        line,
                        [&head, ": ", f.label].concat(),
                    );
                }
                if out.list.len() == before {
                    out.push("partial-credit", "minor", &o.file, &qkey, line, head);
                }
            }
        }
    }
    out.list
}

/// The description of a choice among missing alternatives, one issue for the whole choice
/// ("Q2.6: missing, any 1 of these 2: (1) … (2) …").
fn choice_issue(head: &str, choice: &str, g: &MissedGroup) -> String {
    let mut text = [head, ": missing, ", choice, ":"].concat();
    for (i, c) in g.missed.iter().enumerate() {
        text.push_str(&format!(" ({}) ", i + 1));
        text.push_str(&c.feedback);
    }
    text
}

/// The line of the answer to `q`, else 1.
fn answer_line(g: &crate::grade::Graded, q: &QuestionView) -> u32 {
    g.questions
        .iter()
        .find(|r| r.exercise == q.exercise && r.question == q.number)
        .and_then(|r| r.line)
        .unwrap_or(1)
}

/// The issues of one input as they stand in the report's array (pretty JSON, one level deep,
/// separated by `",\n"`; empty when it has none), from the outcome's view, as the bytes of a
/// piece (serde_json writes UTF-8: not checked again).
pub fn row_bytes_in(o: &Outcome, views: &PlainView<'_>) -> Vec<u8> {
    super::json::pretty_each_bytes_at(&outcome_issues_in(o, views), 1, ",\n")
}

/// The report as pretty JSON, with a final newline.
pub fn to_json(rubric: &Rubric, batch: &Batch) -> String {
    super::document::Document::Gitlab.whole(rubric, batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing;
    use std::collections::BTreeSet;

    #[test]
    fn issues_have_the_code_quality_keys_and_unique_stable_fingerprints() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let list = issues(&r, &b);
        assert!(!list.is_empty());
        let prints: BTreeSet<_> = list.iter().map(|i| i.fingerprint.clone()).collect();
        assert_eq!(prints.len(), list.len());
        assert_eq!(to_json(&r, &b), to_json(&r, &b));
        let whole = format!("{}\n", serde_json::to_string_pretty(&list).unwrap());
        assert_eq!(to_json(&r, &b), whole, "streamed as written at once");
        assert!(
            list.iter().any(
                |i| i.check_name == "assay/misconception" && i.location.path == "subs/ben.yaml"
            )
        );
        assert!(
            list.iter()
                .any(|i| i.check_name == "assay/unreadable" && i.severity == "blocker")
        );
        assert!(
            list.iter()
                .all(|i| ["info", "minor", "major", "critical", "blocker"].contains(&i.severity))
        );
        assert!(
            list.iter().all(|i| i.location.path != "subs/cleo.yaml"),
            "cleo has full credit"
        );
    }

    #[test]
    fn an_input_that_failed_points_at_the_line_its_error_names() {
        let r = testing::rubric();
        let o = testing::outcome(
            &r,
            "subs/late.yaml",
            "learner: x\nanswers:\n  basics:\n    1: ok\n    1: twice\n",
        );
        let failure = o.result.as_ref().unwrap_err();
        assert!(
            failure.message.starts_with("subs/late.yaml:5:"),
            "{failure}"
        );
        let batch = Batch {
            outcomes: vec![o],
            skipped: Vec::new(),
            shard: None,
        };
        let list = issues(&r, &batch);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].check_name, "assay/unreadable");
        assert_eq!(list[0].location.lines.begin, 5);
    }

    /// A choice among missing alternatives is one issue, as the reports state it once, whose
    /// fingerprint stays when the learner meets one of its alternatives; a point needed in
    /// full is one issue of its own.
    #[test]
    fn a_choice_among_missing_alternatives_is_one_issue() {
        let r = crate::rubric::load_str(
            r#"
id: g
title: G
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Why?
        concepts:
          - { id: def, match: "define", feedback: Define it. }
          - { id: a, match: "alpha", feedback: Say alpha. }
          - { id: b, match: "beta", feedback: Say beta. }
          - { id: c, match: "gamma", feedback: Say gamma. }
        scoring:
          levels:
            - { score: 1, when: "def & 2 of (a, b, c)" }
            - { score: 0.5, when: "def" }
"#,
            "g.yaml",
        )
        .expect("valid");
        let missed = |answer: &str| -> Vec<(String, String)> {
            let yaml = format!("learner: kim\nanswers:\n  e:\n    1: \"{answer}\"\n");
            let o = testing::outcome(&r, "kim.yaml", &yaml);
            let list = outcome_issues(&r, &o);
            let prints: BTreeSet<_> = list.iter().map(|i| i.fingerprint.clone()).collect();
            assert_eq!(prints.len(), list.len());
            list.into_iter()
                .filter(|i| i.check_name == "assay/missed-concept")
                .map(|i| (i.description, i.fingerprint))
                .collect()
        };
        let before = missed("Delta.");
        let after = missed("Alpha.");
        let texts: Vec<&str> = before
            .iter()
            .chain(&after)
            .map(|(d, _)| d.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "E 1 (0 / 1): missing: Define it.",
                "E 1 (0 / 1): missing, any 2 of these 3: (1) Say alpha. (2) Say beta. (3) Say gamma.",
                "E 1 (0 / 1): missing: Define it.",
                "E 1 (0 / 1): missing, any 1 of these 2: (1) Say beta. (2) Say gamma.",
            ]
        );
        assert_eq!(
            before[0].1, after[0].1,
            "the same point, the same fingerprint"
        );
        assert_eq!(
            before[1].1, after[1].1,
            "the same choice, the same fingerprint"
        );
        assert_ne!(before[0].1, before[1].1);
    }
}
