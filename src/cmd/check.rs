//! `assay check RUBRIC FILE... [--fail-under PERCENT]`: the CI mode. Grades the files, prints
//! one line per file, and exits 0 (every file at or above the threshold), 1 (a file below it)
//! or 2 (a file could not be graded, or the rubric is invalid). With `GITHUB_ACTIONS=true` it
//! also prints workflow-command annotations (`::error` for misconceptions, `::warning` for
//! every answered question below full credit) on the submission's file and line, and appends a
//! Markdown summary to `$GITHUB_STEP_SUMMARY`. Both say what the learner's feedback report says
//! (the learner's view: instructor-only material is left out), and where nothing a learner may
//! see explains the lost credit, [`NOT_SHOWN`].

use std::fmt::Write as _;
use std::io::Write as _;

use crate::batch::{Batch, Outcome, Summary, discover, run_batch};
use crate::cli::CheckArgs;
use crate::exit_code;
use crate::grade::Graded;
use crate::report::feedback::{LearnerReport, NumberView, PlainView, QuestionView, percent};
use crate::report::human::printable;
use crate::report::plain::push_score;
use crate::report::visibility;
use crate::rubric::Rubric;

/// At most this many annotations per file (GitHub shows only a limited number per step).
const MAX_ANNOTATIONS_PER_FILE: usize = 10;

/// At most this many lines in the message of a question's `::warning` (the step summary has
/// them all).
const MAX_WARNING_LINES: usize = 3;

/// What a question below full credit says when nothing a learner may see explains the loss:
/// all that is missing is instructor-only (or is a rule's condition, which no learner-facing
/// output shows). It names nothing that is not shown.
pub const NOT_SHOWN: &str =
    "Part of the credit for this question depends on points that are not shown to learners.";

/// Escapes an annotation message as `actions/toolkit` does.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes an annotation property value as `actions/toolkit` does.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `score / max` as a percentage, exactly (the threshold compares this).
fn exact_percent(score: f64, max: f64) -> f64 {
    if max > 0.0 { score / max * 100.0 } else { 0.0 }
}

/// `score / max (P %)`, with `P` rounded as every other output rounds it.
fn score_text(score: f64, max: f64) -> String {
    format!("{score} / {max} ({} %)", percent(score, max))
}

/// Learner-controlled text (a file name, a learner id, a message quoting the learner) for a
/// Markdown table cell or HTML: control and invisible characters as `\u{…}` (as on the
/// terminal: no line break ends the row), then every character that Markdown or HTML would
/// read (`|` that splits the row, `<`, `&`, backticks, emphasis, links) as a character
/// reference, which GitHub shows as the character.
pub fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in printable(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '~' => {
                out.push_str(&format!("&#{};", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// The GitHub annotations for a batch.
pub fn annotations(rubric: &Rubric, batch: &Batch) -> String {
    batch
        .outcomes
        .iter()
        .map(|o| outcome_annotations(rubric, o))
        .collect()
}

/// The GitHub annotations for one input: at most `MAX_ANNOTATIONS_PER_FILE`, then a notice
/// saying how many more there were. Text from the submission (its name, a failure quoting it,
/// a number as the learner wrote it) is written as on the terminal ([`printable`]) before the
/// toolkit's escaping.
pub fn outcome_annotations(rubric: &Rubric, o: &Outcome) -> String {
    outcome_annotations_in(rubric, o, &PlainView::new(rubric, o))
}

/// [`outcome_annotations`], from the outcome's learner's view.
pub fn outcome_annotations_in(rubric: &Rubric, o: &Outcome, views: &PlainView<'_>) -> String {
    let file = escape_property(&printable(&o.file));
    let g = match &o.result {
        Ok(g) => g,
        Err(e) => {
            let place = match (e.line, e.column) {
                (Some(line), Some(col)) => format!(",line={line},col={col}"),
                (Some(line), None) => format!(",line={line}"),
                _ => String::new(),
            };
            return format!(
                "::error file={file}{place},title={}::{}\n",
                escape_property("assay: not graded"),
                escape_data(&printable(&e.message))
            );
        }
    };
    let mut all = graded_annotations(rubric, &o.file, g, views.of(g));
    let more = all.len().saturating_sub(MAX_ANNOTATIONS_PER_FILE);
    all.truncate(MAX_ANNOTATIONS_PER_FILE);
    let mut out = all.concat();
    if more > 0 {
        let _ = writeln!(
            out,
            "::notice file={file},title={}::{}",
            escape_property(&format!("assay: {more} more not shown")),
            escape_data(&format!(
                "{more} more annotations for this file are not shown (at most \
                 {MAX_ANNOTATIONS_PER_FILE} per file); the step summary and the feedback \
                 report have all the feedback."
            ))
        );
    }
    out
}

/// Does a graded file answer no question (a blank answer sheet handed in unchanged)? It passes
/// a threshold of 0, so the check says so.
fn answers_nothing(g: &Graded) -> bool {
    !g.questions.iter().any(|q| q.answered)
}

/// The learner's view of the answer to question `number` of `exercise`.
fn view_question<'v>(
    view: &'v LearnerReport,
    exercise: &str,
    number: u32,
) -> Option<&'v QuestionView> {
    (view.exercises.iter())
        .filter(|e| e.id == exercise)
        .flat_map(|e| &e.questions)
        .find(|q| q.number == number)
}

/// What the learner's report says of a number check not met in full: "Number not accepted: no
/// number found; 0 of its credit." or "Number partly correct: you gave 25; 0.5 of its
/// credit.", the learner's own text passed through `quote`.
fn number_line(n: &NumberView, quote: fn(&str) -> String) -> String {
    let mut line = String::from(match n.status {
        "partial" => "Number partly correct: ",
        _ => "Number not accepted: ",
    });
    match n.given_text.as_deref().map(quote).filter(|g| !g.is_empty()) {
        Some(given) => {
            line.push_str("you gave ");
            line.push_str(&given);
        }
        None => line.push_str("no number found"),
    }
    if let Some(t) = n.tolerance.as_deref().filter(|t| !t.is_empty()) {
        line.push_str(" (tolerance ");
        line.push_str(t);
        line.push(')');
    }
    line.push_str("; ");
    push_score(&mut line, n.score);
    line.push_str(" of its credit");
    if let Some(cf) = n.carried_forward.as_deref().filter(|c| !c.is_empty()) {
        line.push_str("; error carried forward: ");
        line.push_str(&quote(cf));
    }
    line.push('.');
    line
}

/// What a learner may be told about the credit the answer `q` lost, from their view: each
/// number check not met in full, as their report says it, then the feedback sentences
/// learners may see, in order (with `mistakes`, also those of the misconceptions held, which
/// the annotations give their own `::error`). Empty when nothing a learner may see explains
/// the loss. Learner text is passed through `quote`.
fn loss_lines(q: &QuestionView, mistakes: bool, quote: fn(&str) -> String) -> Vec<String> {
    let numbers = (q.numbers.iter())
        .filter(|n| n.status != "correct")
        .map(|n| number_line(n, quote));
    let said = (q.feedback.iter())
        .filter(|f| mistakes || !q.mistakes.iter().any(|m| &&m.feedback == f))
        .cloned();
    numbers.chain(said).collect()
}

/// The message of the `::warning` of an answer below full credit: at most
/// [`MAX_WARNING_LINES`] of its [`loss_lines`]; when there are none, the misconceptions held
/// (their `::error` says why), else [`NOT_SHOWN`]. Never empty.
fn warning_lines(q: &QuestionView) -> Vec<String> {
    let mut lines = loss_lines(q, false, printable);
    lines.truncate(MAX_WARNING_LINES);
    if lines.is_empty() {
        lines = (q.mistakes.iter())
            .map(|m| format!("Misconception: {}.", m.title))
            .take(MAX_WARNING_LINES)
            .collect();
    }
    if lines.is_empty() {
        lines.push(NOT_SHOWN.to_string());
    }
    lines
}

/// The feedback of an answer below full credit in the step summary, as Markdown: all its
/// [`loss_lines`] (misconceptions included), else [`NOT_SHOWN`]. Never empty.
fn summary_feedback(q: &QuestionView) -> String {
    let lines = loss_lines(q, true, markdown_text);
    if lines.is_empty() {
        NOT_SHOWN.to_string()
    } else {
        lines.join(" ")
    }
}

/// Every annotation for a graded file, before the cap. `view` is its learner's view.
fn graded_annotations(
    rubric: &Rubric,
    file: &str,
    g: &Graded,
    view: &LearnerReport,
) -> Vec<String> {
    let file = escape_property(&printable(file));
    let mut all = Vec::new();
    if answers_nothing(g) {
        all.push(format!(
            "::warning file={file},title={}::{}\n",
            escape_property("assay: no question is answered"),
            escape_data(
                "No question of the sheet is answered: write each answer under its question."
            )
        ));
    }
    for q in g.questions.iter().filter(|q| q.answered) {
        // A CI log is for the learner: instructor-only items stay out of it.
        let Some(rq) = rubric.question(&q.exercise, q.question) else {
            continue;
        };
        let line = q.line.unwrap_or(1);
        for m in q.mistakes.iter().filter(|m| visibility::mistake(rq, m)) {
            let at = m.evidence.as_ref().map_or(line, |e| e.line);
            let title = format!("{} {}: misconception {}", q.exercise, q.question, m.id);
            all.push(format!(
                "::error file={file},line={at},title={}::{}\n",
                escape_property(&title),
                escape_data(&m.feedback)
            ));
        }
        if q.score < q.max_score - 1e-9 {
            // What the learner's report says, misconceptions left to their own annotation
            // above; never nothing, so no lost credit goes unexplained.
            let lines = view_question(view, &q.exercise, q.question)
                .map_or_else(|| vec![NOT_SHOWN.to_string()], warning_lines);
            let title = format!(
                "{} {}: {} / {}",
                q.exercise, q.question, q.score, q.max_score
            );
            all.push(format!(
                "::warning file={file},line={line},title={}::{}\n",
                escape_property(&title),
                escape_data(&lines.join("\n"))
            ));
        }
    }
    all
}

/// The Markdown step summary.
pub fn step_summary(rubric: &Rubric, batch: &Batch, fail_under: f64) -> String {
    let mut s = format!(
        "## assay: {}\n\n| file | learner | score | result |\n|---|---|---|---|\n",
        rubric.title
    );
    for o in &batch.outcomes {
        let (file, learner) = (markdown_text(&o.file), markdown_text(&o.learner));
        match &o.result {
            Ok(g) => {
                let p = exact_percent(g.score, g.max_score);
                let verdict = if p + 1e-9 >= fail_under {
                    "pass"
                } else {
                    "**below threshold**"
                };
                let _ = writeln!(
                    s,
                    "| <code>{file}</code> | {learner} | {} | {verdict} |",
                    score_text(g.score, g.max_score)
                );
            }
            Err(e) => {
                let _ = writeln!(
                    s,
                    "| <code>{file}</code> | {learner} | – | **error**: {} |",
                    markdown_text(&e.message)
                );
            }
        }
    }
    for o in &batch.outcomes {
        let Ok(g) = &o.result else { continue };
        let views = PlainView::new(rubric, o);
        let view = views.of(g);
        let _ = writeln!(
            s,
            "\n<details><summary>{}: feedback</summary>\n",
            markdown_text(&o.file)
        );
        for q in g
            .questions
            .iter()
            .filter(|q| q.answered && q.score < q.max_score - 1e-9)
        {
            let feedback = view_question(view, &q.exercise, q.question)
                .map_or_else(|| NOT_SHOWN.to_string(), summary_feedback);
            let _ = writeln!(
                s,
                "- **{} {}** ({} / {}): {}",
                q.exercise, q.question, q.score, q.max_score, feedback
            );
        }
        let more = graded_annotations(rubric, &o.file, g, view)
            .len()
            .saturating_sub(MAX_ANNOTATIONS_PER_FILE);
        if more > 0 {
            let _ = writeln!(
                s,
                "\n{more} more annotations not shown on the pull request (at most \
                 {MAX_ANNOTATIONS_PER_FILE} per file)."
            );
        }
        s.push_str("\n</details>\n");
    }
    s
}

pub fn run(args: &CheckArgs) -> u8 {
    let Some(rubric) = super::load_or_report(&args.rubric) else {
        return exit_code::ERROR;
    };
    let found = discover(&args.files);
    let batch = run_batch(rubric, found, &args.limits.batch_options());
    let mut below = false;
    let mut text = String::new();
    for o in &batch.outcomes {
        match &o.result {
            Ok(g) => {
                let ok = exact_percent(g.score, g.max_score) + 1e-9 >= args.fail_under;
                below |= !ok;
                let _ = writeln!(
                    text,
                    "{}: {} {}{}",
                    printable(&o.file),
                    score_text(g.score, g.max_score),
                    if ok { "pass" } else { "below the threshold" },
                    if answers_nothing(g) {
                        " (no question is answered)"
                    } else {
                        ""
                    }
                );
            }
            Err(e) => {
                let _ = writeln!(text, "error: {}", printable(&e.message));
            }
        }
    }
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        text.push_str(&annotations(rubric, &batch));
        if let Ok(path) = std::env::var("GITHUB_STEP_SUMMARY") {
            let summary = step_summary(rubric, &batch, args.fail_under);
            let written = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .and_then(|mut f| f.write_all(summary.as_bytes()));
            if let Err(e) = written {
                eprintln!("warning: cannot write the step summary to {path}: {e}");
            }
        }
    }
    let written = super::stdout::write(&text);
    if batch.failed() > 0 || batch.outcomes.is_empty() {
        if batch.outcomes.is_empty() {
            super::say_nothing_found(&args.files, &batch.skipped);
        }
        exit_code::ERROR
    } else if let Err(code) = written {
        code
    } else if below {
        exit_code::FINDINGS
    } else {
        exit_code::OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50% done\nnext\r"), "50%25 done%0Anext%0D");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn learner_text_is_inert_in_markdown() {
        assert_eq!(
            markdown_text("a|b</details><h1>x</h1> `tick` *b* [l](u) \\| &amp;"),
            "a&#124;b&lt;/details&gt;&lt;h1&gt;x&lt;/h1&gt; &#96;tick&#96; &#42;b&#42; \
             &#91;l&#93;(u) &#92;&#124; &amp;amp;"
        );
        assert_eq!(
            markdown_text("line\nbreak\u{1b}[31m\u{202e}"),
            "line&#92;u{a}break&#92;u{1b}&#91;31m&#92;u{202e}"
        );
        assert_eq!(markdown_text("ana-01 O'Neil é"), "ana-01 O'Neil é");
    }

    use crate::report::testing;

    /// A rubric with an instructor-only point, a number check with no feedback of its own, and
    /// a misconception that caps a question whose points are all met.
    const RUBRIC: &str = r#"
id: c
title: C
misconceptions:
  no-headroom:
    title: No headroom
    feedback: Capacity must leave headroom.
exercises:
  - id: basics
    title: Basics
    questions:
      - number: 1
        prompt: What is a stateless service?
        concepts:
          - { id: definition, match: "any server .. request", feedback: Define it. }
          - { id: secret, match: "shared store", feedback: HIDDEN-FEEDBACK, praise: HIDDEN-PRAISE, visibility: instructor }
      - number: 2
        prompt: How many instances at peak?
        numbers:
          - id: peak
            near: "(peak|instance*)"
            answers:
              - { value: 36, score: 1 }
              - { value: 25, score: 0.5 }
      - number: 3
        prompt: How many instances?
        concepts:
          - { id: count, match: "instances", feedback: Count them. }
        mistakes:
          - { id: no-headroom, match: "skip* headroom", cap: 0 }
"#;

    /// The annotations and the step summary of one answer sheet.
    fn check_of(answers: &str) -> (String, String) {
        let r = crate::rubric::load_str(RUBRIC, "c.yaml").expect("valid");
        let o = testing::outcome(
            &r,
            "kim.yaml",
            &format!("learner: kim\nanswers:\n  basics:\n{answers}"),
        );
        let summary = step_summary(
            &r,
            &Batch {
                outcomes: vec![o.clone()],
                skipped: vec![],
                shard: None,
            },
            0.0,
        );
        (outcome_annotations(&r, &o), summary)
    }

    #[test]
    fn credit_lost_only_to_instructor_only_points_is_told_without_them() {
        let (annotations, summary) = check_of("    1: \"Any server can handle any request.\"\n");
        assert_eq!(
            annotations,
            format!("::warning file=kim.yaml,line=4,title=basics 1%3A 0.5 / 1::{NOT_SHOWN}\n")
        );
        assert!(
            summary.contains(&format!("- **basics 1** (0.5 / 1): {NOT_SHOWN}\n")),
            "{summary}"
        );
        assert!(!summary.contains("HIDDEN"), "{summary}");
    }

    #[test]
    fn a_number_not_accepted_is_said_as_the_learners_report_says_it() {
        let (annotations, summary) = check_of("    2: \"36\"\n");
        assert_eq!(
            annotations,
            "::warning file=kim.yaml,line=4,title=basics 2%3A 0 / 1::Number not accepted: no \
             number found; 0 of its credit.\n"
        );
        assert!(
            summary.contains(
                "- **basics 2** (0 / 1): Number not accepted: no number found; 0 of its credit.\n"
            ),
            "{summary}"
        );
        let (annotations, _) = check_of("    2: \"25 instances at peak\"\n");
        assert!(
            annotations.ends_with(
                "title=basics 2%3A 0.5 / 1::Number partly correct: you gave 25 instances; \
                 0.5 of its credit.\n"
            ),
            "{annotations}"
        );
    }

    #[test]
    fn a_question_that_lost_credit_only_to_a_misconception_names_it() {
        let (annotations, summary) =
            check_of("    3: \"We need 30 instances; skipping headroom is fine.\"\n");
        let lines: Vec<&str> = annotations.lines().collect();
        assert_eq!(
            lines,
            [
                "::error file=kim.yaml,line=4,title=basics 3%3A misconception no-headroom::\
                 Capacity must leave headroom.",
                "::warning file=kim.yaml,line=4,title=basics 3%3A 0 / 1::Misconception: No \
                 headroom."
            ]
        );
        assert!(
            summary.contains("- **basics 3** (0 / 1): Capacity must leave headroom.\n"),
            "{summary}"
        );
    }

    /// The learner's own text in a number's line is quoted for where it goes: as on the
    /// terminal in an annotation, as inert Markdown in the step summary.
    #[test]
    fn a_number_line_quotes_the_learners_text() {
        let n = NumberView {
            id: "peak".into(),
            given: Some(25.0),
            given_text: Some("2|5\u{1b}".into()),
            expected: None,
            tolerance: Some("±10 %".into()),
            score: 0.25,
            status: "partial",
            carried_forward: None,
            evidence: None,
        };
        assert_eq!(
            number_line(&n, printable),
            "Number partly correct: you gave 2|5\\u{1b} (tolerance ±10 %); 0.25 of its credit."
        );
        assert_eq!(
            number_line(&n, markdown_text),
            "Number partly correct: you gave 2&#124;5&#92;u{1b} (tolerance ±10 %); 0.25 of its \
             credit."
        );
        let none = NumberView {
            given: None,
            given_text: None,
            tolerance: None,
            score: 0.0,
            status: "wrong",
            ..n
        };
        assert_eq!(
            number_line(&none, printable),
            "Number not accepted: no number found; 0 of its credit."
        );
    }
}
