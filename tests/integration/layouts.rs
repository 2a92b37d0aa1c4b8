//! Layout invariance: the same answers laid out another way grade the same. Every Markdown
//! answer sheet in the repository (the bundled samples and the calibration sets, written by
//! independent writers in layouts of their own) is rewritten in ways a learner could have
//! written it (CRLF line ends, `**Q1:**` or `Question 1:` for `Q1:`, a label on its own
//! line or as a `####` heading, `1)` for `1.` and back, one heading level up or down,
//! trailing spaces), and each question must score as in the original. Reader faults found
//! this way: `### Q1a` headings left an exercise unplaced, `## 1. Layers` under `## Cache
//! Design` opened the retrieval prompts, `(c) sticky with failover —` after a `#### Q2`
//! heading was dropped as a restated prompt, and `**3.**` followed by a list `1.`, `2.`,
//! `3.` gave the list to questions 1 to 3.

use std::path::PathBuf;
use std::sync::OnceLock;

use regex::Regex;

use assay::grade::grade_submission;
use assay::rubric::Rubric;
use assay::submission::{Format, SheetLayout, read_submission};

use super::util::root;

/// A rewrite of a whole file: its name and the function.
type Rewrite = (&'static str, fn(&str) -> String);

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap()
}

/// `f` applied to each line outside fenced code blocks (a `Q1:` inside a fence is no label).
fn outside_fences(text: &str, f: impl Fn(&str) -> String) -> String {
    let mut fenced = false;
    let lines: Vec<String> = (text.split('\n'))
        .map(|line| {
            if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
                fenced = !fenced;
                return line.to_string();
            }
            if fenced { line.to_string() } else { f(line) }
        })
        .collect();
    lines.join("\n")
}

fn q_label(text: &str, to: &str) -> String {
    static Q: OnceLock<Regex> = OnceLock::new();
    let q = Q.get_or_init(|| re(r"^Q(\d+): ?"));
    outside_fences(text, |line| q.replace(line, to).into_owned())
}

fn heading(text: &str, from: &str, to: &str) -> String {
    outside_fences(text, |line| match line.strip_prefix(from) {
        Some(rest) => format!("{to}{rest}"),
        None => line.to_string(),
    })
}

/// "1. " at a line's start written "1) " (`from` ". ", `to` ") "), or back: in Markdown
/// both make an ordered list.
fn numbered(text: &str, from: &str, to: &str) -> String {
    outside_fences(text, |line| {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        match line[digits..].strip_prefix(from) {
            Some(rest) if digits > 0 => format!("{}{to}{rest}", &line[..digits]),
            _ => line.to_string(),
        }
    })
}

const REWRITES: &[Rewrite] = &[
    ("CRLF line ends", |t| t.replace('\n', "\r\n")),
    // One space, where there is none: two would make a hard line break.
    ("trailing spaces", |t| {
        outside_fences(t, |l| {
            match l.ends_with(char::is_whitespace) || l.is_empty() {
                true => l.to_string(),
                false => format!("{l} "),
            }
        })
    }),
    ("**Q1:** for Q1:", |t| q_label(t, "**Q${1}:** ")),
    ("Q1. for Q1:", |t| q_label(t, "Q${1}. ")),
    ("Question 1: for Q1:", |t| q_label(t, "Question ${1}: ")),
    ("Q1: on its own line", |t| q_label(t, "Q${1}:\n")),
    ("#### Q1 heading for Q1:", |t| q_label(t, "#### Q${1}\n\n")),
    ("1) for 1.", |t| numbered(t, ". ", ") ")),
    ("1. for 1)", |t| numbered(t, ") ", ". ")),
    ("# for ##", |t| heading(t, "## ", "# ")),
    ("### for ##", |t| heading(t, "## ", "### ")),
    ("## for ###", |t| heading(t, "### ", "## ")),
];

struct Sheet {
    rubric: Rubric,
    layout: SheetLayout,
}

/// (exercise, question, answered, score) of each question.
fn grades(sheet: &Sheet, text: &str) -> Vec<(String, u32, bool, f64)> {
    let sub = read_submission(text.as_bytes(), Format::Markdown, "learner", &sheet.layout)
        .unwrap_or_else(|e| panic!("{e}"));
    (grade_submission(&sheet.rubric, &sub).questions.into_iter())
        .map(|q| (q.exercise, q.question, q.answered, q.score))
        .collect()
}

/// The Markdown sheets: `submissions/` and `calibration/workshop-*/`.
fn sheets() -> Vec<PathBuf> {
    let mut dirs = vec![root().join("submissions")];
    for entry in std::fs::read_dir(root().join("calibration")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() && name.starts_with("workshop-") {
            dirs.push(path);
        }
    }
    let mut files = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") && !path.ends_with("README.md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn answers_laid_out_another_way_grade_the_same() {
    let rubric = assay::rubric::load(&root().join("rubrics/scaling-workshop.yaml")).unwrap();
    let sheet = Sheet {
        layout: rubric.layout(),
        rubric,
    };
    let files = sheets();
    assert!(files.len() > 200, "only {} sheets", files.len());
    let mut rewritten = [0; REWRITES.len()];
    let mut differ = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let original = grades(&sheet, &text);
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        for ((rewrite, f), count) in REWRITES.iter().zip(&mut rewritten) {
            let other = f(&text);
            if other == text {
                continue;
            }
            *count += 1;
            let got = grades(&sheet, &other);
            for (a, b) in original.iter().zip(&got) {
                if a != b {
                    differ.push(format!(
                        "{name}, {rewrite}: {}.{} {} -> {} (answered {} -> {})",
                        a.0, a.1, a.3, b.3, a.2, b.2
                    ));
                }
            }
        }
    }
    // Each rewrite changes some sheets (one that changes nothing tests nothing).
    for ((rewrite, _), count) in REWRITES.iter().zip(rewritten) {
        assert!(count >= 10, "{rewrite}: only {count} sheets rewritten");
    }
    // Known differences, each still occurring (a fixed one is taken off the list).
    for known in KNOWN_DIFFERENCES {
        assert!(
            differ.iter().any(|d| d == known),
            "known difference no longer occurs, take it off KNOWN_DIFFERENCES: {known}"
        );
    }
    differ.retain(|d| !KNOWN_DIFFERENCES.contains(&d.as_str()));
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// Differences this test found in held-out sheets, which are not opened to mend the reader
/// (that would tune it on them). fresh7's f15 (session 52, also with 0.3.28): with its
/// question labels rewritten as headings, capacity-plan 5 is no longer answered; its score
/// is 0 either way.
const KNOWN_DIFFERENCES: &[&str] = &[
    "calibration/workshop-fresh7/f15.md, #### Q1 heading for Q1:: capacity-plan.5 0 -> 0 \
     (answered true -> false)",
];
