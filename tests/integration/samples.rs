//! The bundled sample submissions graded with the workshop rubric: every one graded, and
//! the per-question scores agree with the instructor's grades in `submissions/human-grades.csv`
//! (written by the marking guide, independently of the rubric) within the bounds below.

use std::collections::HashMap;

use serde_json::Value;

use super::util::{assay, stderr};

fn human_grades() -> HashMap<(String, String, u64), f64> {
    let mut rdr =
        csv::Reader::from_path(super::util::root().join("submissions/human-grades.csv")).unwrap();
    let mut out = HashMap::new();
    for r in rdr.records() {
        let r = r.unwrap();
        out.insert(
            (r[0].to_string(), r[1].to_string(), r[2].parse().unwrap()),
            r[3].parse().unwrap(),
        );
    }
    out
}

#[test]
fn every_sample_submission_is_graded_and_agrees_with_the_instructor() {
    let out = assay(&[
        "grade",
        "rubrics/scaling-workshop.yaml",
        "submissions",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let human = human_grades();
    let mut diffs = Vec::new();
    for s in v["submissions"].as_array().unwrap() {
        assert_eq!(s["status"], "graded", "{}", s["error"]);
        let file = s["file"]
            .as_str()
            .unwrap()
            .trim_start_matches("submissions/")
            .to_string();
        for q in s["questions"].as_array().unwrap() {
            let key = (
                file.clone(),
                q["exercise"].as_str().unwrap().to_string(),
                q["question"].as_u64().unwrap(),
            );
            let got = q["score"].as_f64().unwrap();
            let want = human.get(&key).copied().unwrap_or(0.0);
            diffs.push((got - want).abs());
        }
    }
    let n = diffs.len() as f64;
    let within_quarter = diffs.iter().filter(|d| **d <= 0.25 + 1e-9).count() as f64 / n;
    let mae = diffs.iter().sum::<f64>() / n;
    eprintln!(
        "samples: {} question scores, {:.1} % within 0.25, MAE {:.3}",
        diffs.len(),
        within_quarter * 100.0,
        mae
    );
    assert!(
        within_quarter >= 0.85,
        "only {:.1} % of question scores within 0.25 of the instructor's",
        within_quarter * 100.0
    );
    assert!(mae <= 0.06, "mean absolute error {mae:.3}");
}

/// The expected per-question scores of every sample submission, pinned: a rubric or engine
/// change that moves any of them shows up here for review.
#[test]
fn sample_scores_per_question_are_pinned() {
    let out = assay(&[
        "grade",
        "rubrics/scaling-workshop.yaml",
        "submissions",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut table = String::new();
    for s in v["submissions"].as_array().unwrap() {
        table.push_str(&format!(
            "{} ({}): {} / {}\n",
            s["file"].as_str().unwrap(),
            s["learner"].as_str().unwrap(),
            s["score"],
            s["max_score"]
        ));
        for q in s["questions"].as_array().unwrap() {
            let mistakes: Vec<&str> = q["mistakes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_str().unwrap())
                .collect();
            table.push_str(&format!(
                "  {}.{} {}{}\n",
                q["exercise"].as_str().unwrap(),
                q["question"],
                if q["answered"].as_bool().unwrap() {
                    q["score"].to_string()
                } else {
                    "-".to_string()
                },
                if mistakes.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", mistakes.join(", "))
                }
            ));
        }
    }
    insta::assert_snapshot!(table);
}

/// Every piece of evidence is at its place: the first word the rule fired on stands in the
/// file at the evidence's line and column, in the bundled samples (Markdown and YAML forms)
/// in a form of quoted, escaped, folded and multi-line texts, and in answers written in a
/// Markdown block quote. (A quoted YAML answer's
/// places once pointed at the quote, and drifted after each escape; a folded one's kept the
/// first line for every line.) The quoted sentence keeps the punctuation that opens it, so
/// it reads balanced: "~36 (5000 / 140)", not "36 (5000 / 140)" (it once started at the first
/// word).
#[test]
fn every_piece_of_evidence_is_at_its_place_in_the_file() {
    let out = assay(&[
        "grade",
        "rubrics/scaling-workshop.yaml",
        "submissions",
        "tests/fixtures/places",
        "tests/fixtures/struck",
        "--format",
        "json",
    ]);
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    let mut checked = 0;
    let mut wrong = Vec::new();
    let mut quoted = std::collections::HashSet::new();
    for s in v["submissions"].as_array().unwrap() {
        if s["status"] != "graded" {
            continue;
        }
        let file = s["file"].as_str().unwrap();
        let text = std::fs::read_to_string(super::util::root().join(file)).unwrap();
        let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        let lines: Vec<&str> = text.split('\n').collect();
        for q in s["questions"].as_array().unwrap() {
            let found = (q["concepts"].as_array().unwrap().iter())
                .filter(|c| c["found"] == true)
                .chain(q["numbers"].as_array().unwrap())
                .chain(q["mistakes"].as_array().unwrap());
            for e in found.map(|c| &c["evidence"]).filter(|e| e.is_object()) {
                quoted.insert(e["text"].as_str().unwrap().to_string());
                let Some([from, to]) = e["marks"][0].as_array().map(|m| {
                    [
                        m[0].as_u64().unwrap() as usize,
                        m[1].as_u64().unwrap() as usize,
                    ]
                }) else {
                    continue;
                };
                let marked: String = e["text"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .skip(from)
                    .take(to - from)
                    .collect();
                let word = marked.split_whitespace().next().unwrap_or("");
                let (line, column) = (e["line"].as_u64().unwrap(), e["column"].as_u64().unwrap());
                let at: String = (lines.get(line as usize - 1).unwrap_or(&""))
                    .chars()
                    .skip(column as usize - 1)
                    .take(word.chars().count())
                    .collect();
                checked += 1;
                if at != word {
                    wrong.push(format!(
                        "{file}:{line}:{column}: {word:?}, the file has {at:?}"
                    ));
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} pieces of evidence");
    for sentence in [
        "~36 (5000 / 140)",
        "(Honourable mention: files written to local disk.)",
        "\"Eventually\" ≠ durable.",
    ] {
        assert!(quoted.contains(sentence), "no evidence quotes {sentence:?}");
    }
    // The first exercise of strong-ana.md written in a block quote is graded as it is without.
    let score = |file: &str| {
        v["submissions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["file"] == file)
            .unwrap()["score"]
            .clone()
    };
    assert_eq!(
        score("tests/fixtures/places/quoted-answers.md"),
        score("submissions/strong-ana.md")
    );
    assert!(
        wrong.is_empty(),
        "{} of {checked}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
