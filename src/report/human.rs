//! The short human summary on stderr: inputs found, graded, failed and skipped, the mean
//! score, and every failure with its message.

use crate::batch::{Outcome, Summary};

/// Red for errors, yellow for warnings. The text carries ANSI styles; print it through
/// `anstream`, which drops them when stderr is not a terminal or `NO_COLOR` is set.
const ERROR: anstyle::Style = anstyle::AnsiColor::Red.on_default().bold();
const WARNING: anstyle::Style = anstyle::AnsiColor::Yellow.on_default().bold();
/// `s` with control and invisible characters written as `\u{…}` escapes, so that a file
/// name or message holding a newline, a tab, a terminal escape sequence or a direction
/// override prints as one visible line.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || crate::text::is_invisible_or_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// One line per input on stdout (`--format human`): `file`, `learner`, `score/max` or `error`,
/// tab-separated.
pub fn line(o: &Outcome) -> String {
    let (file, learner) = (printable(&o.file), printable(&o.learner));
    match &o.result {
        Ok(g) => format!("{file}\t{learner}\t{}/{}\n", g.score, g.max_score),
        Err(_) => format!("{file}\t{learner}\terror\n"),
    }
}

/// The summary text (ends with a newline).
pub fn summary(batch: &dyn Summary) -> String {
    let mut s = String::new();
    for e in batch.entries() {
        if let Err(e) = e.result {
            s.push_str(&format!("{ERROR}error:{ERROR:#} {}\n", printable(e)));
        }
    }
    for (learner, files) in batch.duplicate_learners() {
        let files: Vec<String> = files.iter().map(|f| printable(f)).collect();
        s.push_str(&format!(
            "{WARNING}warning:{WARNING:#} learner id `{}` is used by {} files: {}\n",
            printable(&learner),
            files.len(),
            files.join(", ")
        ));
    }
    s.push_str(&format!(
        "assay: {} found, {} graded, {} failed, {} skipped",
        batch.found(),
        batch.graded(),
        batch.failed(),
        batch.skipped().len()
    ));
    match batch.mean_fraction() {
        Some(m) => s.push_str(&format!("; mean score {:.1} %\n", m * 100.0)),
        None => s.push('\n'),
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_invisible_characters_are_escaped() {
        assert_eq!(printable("a\tb\nc"), "a\\u{9}b\\u{a}c");
        assert_eq!(printable("\u{1b}[2J\u{202E}x"), "\\u{1b}[2J\\u{202e}x");
        assert_eq!(printable("plain ü"), "plain ü");
    }
}
