//! Plain-text feedback for the learner-facing exports (Gradescope test output, the Moodle
//! feedback column, JUnit failure text). Built from the learner's view ([`LearnerReport`]), so
//! instructor-only material is already left out; no markup, because each consumer shows it as
//! text. Learner text is quoted as written (each writer escapes for its own format).

use super::feedback::{LearnerReport, QuestionView};

/// A score for people: at most three decimals, no trailing zeros (`0.5`, `1`, `2.75`).
///
/// Written from the whole number of thousandths: the reports print a dozen scores per question,
/// and `format!("{:.3}")` of a float takes about 2,000 instructions (its exact, arbitrary
/// precision path). Beyond a billion, and for NaN and the infinities, it is still used.
pub fn score(x: f64) -> String {
    let mut out = String::new();
    push_score(&mut out, x);
    out
}

/// `n` in decimal, appended to `out`: what `write!(out, "{n}")` writes, through `itoa`
/// instead of `core::fmt` (its arguments, padding and `dyn Write` calls cost some 150
/// instructions for a line number or a score's whole part; the reports, JUnit, Gradescope and
/// Moodle texts write a few hundred of them per learner).
pub fn push_uint(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// [`score`], appended to `out`.
pub fn push_score(out: &mut String, x: f64) {
    let thousandths = (x * 1000.0).round();
    // Below 1e12 the nearest float to `thousandths / 1000` is within 2^-22 of it, so printing
    // that float to three places gives these digits exactly.
    if thousandths.is_nan() || thousandths.abs() >= 1e12 {
        out.push_str(&score_by_format(x));
        return;
    }
    let t = thousandths as i64;
    let (whole, part) = (t.unsigned_abs() / 1000, t.unsigned_abs() % 1000);
    if t < 0 {
        out.push('-');
    }
    push_uint(out, whole);
    if part != 0 {
        let digits = [part / 100, part / 10 % 10, part % 10];
        let used = if digits[2] != 0 {
            3
        } else if digits[1] != 0 {
            2
        } else {
            1
        };
        out.push('.');
        for d in &digits[..used] {
            out.push(char::from(b'0' + *d as u8));
        }
    }
}

/// [`score`] through float formatting.
fn score_by_format(x: f64) -> String {
    let s = format!("{:.3}", (x * 1000.0).round() / 1000.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// `Scaling Basics 1`.
pub fn question_name(exercise_title: &str, q: &QuestionView) -> String {
    let mut s = String::with_capacity(exercise_title.len() + 8);
    s.push_str(exercise_title);
    s.push(' ');
    push_uint(&mut s, q.number.into());
    s
}

/// What a learner should know about one answer, one entry per point (made once per view); a
/// choice among alternatives is one entry of several lines, the alternatives indented.
pub fn question_lines(q: &QuestionView) -> &[String] {
    q.lines.get_or_init(|| lines_of(q))
}

/// The lines of `q`. Each line is written into one `String` (no `format!` per piece): the
/// exports of `--out` ask for them for every question without full credit.
fn lines_of(q: &QuestionView) -> Vec<String> {
    let mut out = Vec::new();
    if !q.answered {
        out.push("Not answered.".to_string());
        return out;
    }
    // " (you wrote “…”, line N)" after a line, when there are the learner's words.
    let you_wrote = |line: &mut String, e: &Option<super::feedback::EvidenceView>| {
        if let Some(e) = e {
            line.push_str(" (you wrote “");
            line.push_str(&e.text);
            line.push_str("”, line ");
            push_uint(line, e.line.into());
            line.push(')');
        }
    };
    for c in &q.found {
        let mut line = String::with_capacity(64 + c.praise.len());
        line.push_str("Credited: ");
        line.push_str(&c.praise);
        you_wrote(&mut line, &c.evidence);
        out.push(line);
    }
    for n in &q.numbers {
        let mut line = String::with_capacity(64);
        match &n.given_text {
            Some(g) => {
                line.push_str("Number: you gave ");
                line.push_str(g);
            }
            None => line.push_str("Number: none found"),
        }
        line.push_str(match n.status {
            "correct" => ", correct",
            "partial" => ", partly correct",
            _ => ", not accepted",
        });
        if let Some(x) = &n.expected {
            line.push_str("; compared with ");
            line.push_str(x);
        }
        if let Some(t) = &n.tolerance {
            line.push_str(" (tolerance ");
            line.push_str(t);
            line.push(')');
        }
        if let Some(cf) = &n.carried_forward {
            line.push_str("; error carried forward: ");
            line.push_str(cf);
        }
        out.push(line);
    }
    for m in &q.mistakes {
        let mut line = String::with_capacity(64 + m.title.len() + m.feedback.len());
        line.push_str("Misconception: ");
        line.push_str(&m.title);
        line.push_str(". ");
        line.push_str(&m.feedback);
        you_wrote(&mut line, &m.evidence);
        out.push(line);
    }
    // A choice is one entry: its line, then each alternative on an indented line.
    for g in &q.missed_groups {
        match g.shown_choice() {
            Some(choice) => {
                let mut line = ["Missing, ", choice, ":"].concat();
                for c in &g.missed {
                    line.push_str("\n  - ");
                    line.push_str(&c.feedback);
                }
                out.push(line);
            }
            None => out.extend(g.missed.iter().map(|c| ["Missing: ", &c.feedback].concat())),
        }
    }
    for f in &q.advice {
        out.push(["To improve: ", f].concat());
    }
    for c in &q.weak {
        let mut line = String::with_capacity(64 + c.feedback.len());
        line.push_str("To improve: ");
        line.push_str(&c.feedback);
        you_wrote(&mut line, &c.evidence);
        out.push(line);
    }
    out
}

/// The learner's whole feedback as text: the total, then each question that did not get full
/// credit, with its lines. Made once per view: the Moodle feedback and the Gradescope output
/// both print it.
pub fn report_text(r: &LearnerReport) -> &str {
    r.text.get_or_init(|| report_text_of(r))
}

fn report_text_of(r: &LearnerReport) -> String {
    use std::fmt::Write;
    thread_local! {
        static LAST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    let mut s = String::with_capacity(super::capacity::next(&LAST, 256));
    s.push_str(&r.rubric.title);
    s.push_str(": ");
    push_score(&mut s, r.score);
    s.push_str(" / ");
    push_score(&mut s, r.max_score);
    // Writing to a `String` cannot fail.
    let _ = write!(s, " ({} %)", r.percent);
    for ex in &r.exercises {
        for q in &ex.questions {
            if q.status == "full" {
                continue;
            }
            // `question_name`, then the scores.
            s.push_str("\n\n");
            s.push_str(&ex.title);
            s.push(' ');
            push_uint(&mut s, q.number.into());
            s.push_str(" (");
            push_score(&mut s, q.score);
            s.push_str(" / ");
            push_score(&mut s, q.max_score);
            s.push(')');
            for line in question_lines(q) {
                s.push_str("\n- ");
                s.push_str(line);
            }
        }
    }
    super::capacity::made(&LAST, s.len());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsigned_integers_print_as_display_does() {
        let mut values = vec![0, 1, 9, 10, 99, 100, 101, 999, 1_000, 65_535, u64::MAX];
        values.extend((0..64).map(|k| 1u64 << k));
        values.extend((0..20).map(|k| 10u64.pow(k) - 1));
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..1_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push(x >> (x % 64));
        }
        for n in values {
            let mut out = String::from("a");
            push_uint(&mut out, n);
            assert_eq!(out, format!("a{n}"));
        }
    }

    #[test]
    fn scores_print_without_noise() {
        assert_eq!(score(0.5), "0.5");
        assert_eq!(score(1.0), "1");
        assert_eq!(score(2.75), "2.75");
        assert_eq!(score(1.0 / 3.0), "0.333");
        assert_eq!(score(0.0), "0");
        assert_eq!(score(-0.0), "0");
        assert_eq!(score(-0.0004), "0");
        assert_eq!(score(-1.5), "-1.5");
        assert_eq!(score(0.0005), "0.001");
        assert_eq!(score(2.0625), "2.063");
        assert_eq!(score(f64::NAN), "NaN");
        assert_eq!(score(f64::INFINITY), "inf");
        assert_eq!(score(1e13), "10000000000000");
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn scores_are_what_float_formatting_prints(
            x in prop_oneof![
                -1e3..1e3f64,
                -2e9..2e9f64,
                (0u32..40_000).prop_map(|n| f64::from(n) / 8.0),
                (0u32..1_000_000).prop_map(|n| f64::from(n) / 1000.0),
                proptest::num::f64::ANY,
            ]
        ) {
            prop_assert_eq!(score(x), score_by_format(x));
        }
    }
}
