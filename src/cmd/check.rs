//! `assay check RUBRIC FILE... [--fail-under PERCENT]`: the CI mode. Grades the files, prints
//! one line per file, and exits 0 (every file at or above the threshold), 1 (a file below it)
//! or 2 (a file could not be graded, or the rubric is invalid). With `GITHUB_ACTIONS=true` it
//! also prints workflow-command annotations (`::error` for misconceptions, `::warning` for
//! missed concepts and numbers) on the submission's file and line, and appends a Markdown
//! summary to `$GITHUB_STEP_SUMMARY`.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::batch::{Batch, Outcome, Summary, discover, run_batch};
use crate::cli::CheckArgs;
use crate::exit_code;
use crate::grade::Graded;
use crate::report::feedback::percent;
use crate::report::human::printable;
use crate::report::visibility;
use crate::rubric::Rubric;

/// At most this many annotations per file (GitHub shows only a limited number per step).
const MAX_ANNOTATIONS_PER_FILE: usize = 10;

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

/// The GitHub annotations for one input: at most [`MAX_ANNOTATIONS_PER_FILE`], then a notice
/// saying how many more there were. Text from the submission (its name, a failure quoting it)
/// is written as on the terminal ([`printable`]) before the toolkit's escaping.
pub fn outcome_annotations(rubric: &Rubric, o: &Outcome) -> String {
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
    let mut all = graded_annotations(rubric, &o.file, g);
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

/// Every annotation for a graded file, before the cap.
fn graded_annotations(rubric: &Rubric, file: &str, g: &Graded) -> Vec<String> {
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
            // Misconceptions have their own annotation above.
            let missed: Vec<String> = visibility::feedback(rq, q)
                .into_iter()
                .filter(|f| !q.mistakes.iter().any(|m| &m.feedback == f))
                .take(3)
                .collect();
            if !missed.is_empty() {
                let title = format!(
                    "{} {}: {} / {}",
                    q.exercise, q.question, q.score, q.max_score
                );
                all.push(format!(
                    "::warning file={file},line={line},title={}::{}\n",
                    escape_property(&title),
                    escape_data(&missed.join("\n"))
                ));
            }
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
            let feedback = rubric
                .question(&q.exercise, q.question)
                .map(|rq| visibility::feedback(rq, q))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "- **{} {}** ({} / {}): {}",
                q.exercise,
                q.question,
                q.score,
                q.max_score,
                feedback.join(" ")
            );
        }
        let more = graded_annotations(rubric, &o.file, g)
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
    print!("{text}");
    let _ = std::io::stdout().flush();
    if batch.failed() > 0 || batch.outcomes.is_empty() {
        if batch.outcomes.is_empty() {
            // Say what was met instead, so a learner sees why `answers.txt` was not checked.
            let given: Vec<String> = args
                .files
                .iter()
                .map(|f| printable(&f.display().to_string()))
                .collect();
            eprintln!("error: no submission files found in {}", given.join(", "));
            for sk in &batch.skipped {
                eprintln!("  skipped {}: {}", printable(&sk.file), sk.reason);
            }
            if batch.skipped.is_empty() {
                eprintln!("  (submissions are .md, .markdown, .yaml or .yml files)");
            }
        }
        exit_code::ERROR
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
}
