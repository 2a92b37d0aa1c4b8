//! `templates/report.md.tera`, written directly (see the module's doc). Learner text is
//! escaped for Markdown here, where the template receives it escaped.

use super::{nonempty, push_float, push_int, push_score, push_score_of};
use crate::report::feedback::{EvidenceView, LearnerReport, QuestionView};
use crate::report::templates::push_escaped_markdown as escaped;
use crate::report::templates::push_escaped_markdown_message;
use crate::text::Polarity;

/// The learner's Markdown report, from the learner's view with learner text as written.
pub fn markdown(r: &LearnerReport) -> String {
    // Sized from the last report made on this thread (some 33 KB), as the HTML report is.
    thread_local! {
        static LAST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    let mut o = String::with_capacity(crate::report::capacity::next(&LAST, 16 * 1024));
    o.push_str("# Feedback: ");
    escaped(&mut o, &r.learner);
    o.push_str("\n\n**");
    o.push_str(&r.rubric.title);
    o.push_str("** · score **");
    push_score_of(&mut o, r.score, r.max_score);
    o.push_str("** (");
    push_float(&mut o, r.percent);
    o.push_str(" %)\n\n| Exercise | Score | Answered |\n|---|---|---|\n");
    for ex in &r.exercises {
        o.push_str("| ");
        o.push_str(&ex.title);
        o.push_str(" | ");
        push_score_of(&mut o, ex.score, ex.max_score);
        o.push_str(" | ");
        push_int(&mut o, ex.answered);
        o.push_str(" of ");
        push_int(&mut o, ex.questions.len());
        o.push_str(" |\n");
    }
    for ex in &r.exercises {
        o.push_str("\n## ");
        o.push_str(&ex.title);
        o.push('\n');
        for q in &ex.questions {
            question(&mut o, q);
        }
    }
    if !r.unplaced.is_empty() {
        o.push_str("\n\n## Text that could not be placed at a question\n");
        for u in &r.unplaced {
            o.push_str("\n- line ");
            push_int(&mut o, u.line);
            o.push_str(": ");
            push_escaped_markdown_message(&mut o, &u.reason);
            o.push_str("\n  > ");
            escaped(&mut o, &u.text);
        }
    }
    o.push_str("\n\n---\nGraded by assay ");
    o.push_str(r.assay_version);
    o.push_str(" with rubric `");
    o.push_str(&r.rubric.id);
    o.push_str("` (");
    o.push_str(&r.rubric.hash);
    o.push_str(").\n");
    crate::report::capacity::made(&LAST, o.len());
    o
}

fn question(o: &mut String, q: &QuestionView) {
    o.push_str("\n### ");
    push_int(o, q.number);
    o.push_str(". ");
    o.push_str(&q.prompt);
    o.push_str("\n\n");
    if !q.answered {
        o.push_str("*Not answered* · 0 / ");
        push_score(o, q.max_score);
        if !q.missed_groups.is_empty() {
            // What a full answer would cover, as the HTML report lists it.
            o.push_str(" · a full answer would:\n");
            for g in &q.missed_groups {
                let choice = g.shown_choice();
                if let Some(choice) = choice {
                    o.push_str("\n- Cover ");
                    o.push_str(choice);
                    o.push(':');
                }
                for c in &g.missed {
                    o.push_str(if choice.is_some() { "\n  - " } else { "\n- " });
                    o.push_str(&c.feedback);
                }
            }
        }
        o.push('\n');
        return;
    }
    o.push_str("**");
    push_score_of(o, q.score, q.max_score);
    o.push_str("**");
    o.push_str(match q.status {
        "full" => " · full credit",
        "partial" => " · part credit",
        _ => " · no credit",
    });
    for f in &q.flags {
        o.push_str(" · ⚑ ");
        o.push_str(f.label);
    }
    o.push('\n');
    for c in &q.found {
        o.push_str("\n- ✓ ");
        o.push_str(&c.praise);
        if let Some(e) = &c.evidence {
            o.push_str(" — you wrote: “");
            quote(o, e);
            o.push_str("” (line ");
            push_int(o, e.line);
            o.push(')');
        }
    }
    for n in &q.numbers {
        o.push_str(match n.status {
            "correct" => "\n- ✓ Number correct: ",
            "partial" => "\n- ◐ Number partly correct: ",
            _ => "\n- ✗ Number not accepted: ",
        });
        // The template tests the escaped text: escaping can leave nothing.
        let start = o.len();
        o.push_str("you gave ");
        let text = o.len();
        escaped(o, n.given_text.as_deref().unwrap_or(""));
        if o.len() == text {
            o.truncate(start);
            o.push_str("no number found");
        }
        if let Some(x) = nonempty(&n.expected) {
            o.push_str("; compared with ");
            o.push_str(x);
        }
        if let Some(t) = nonempty(&n.tolerance) {
            o.push_str(" (tolerance ");
            o.push_str(t);
            o.push(')');
        }
        if n.status != "correct" {
            o.push_str("; ");
            push_score(o, n.score);
            o.push_str(" of its credit");
        }
        if let Some(cf) = nonempty(&n.carried_forward) {
            o.push_str("; error carried forward: ");
            o.push_str(cf);
        }
    }
    for m in &q.mistakes {
        o.push_str("\n- ⚠ Misconception **");
        o.push_str(&m.title);
        o.push_str("**");
        if let Some(e) = &m.evidence {
            o.push_str(": “");
            quote(o, e);
            o.push_str("” (line ");
            push_int(o, e.line);
            o.push(')');
        }
        o.push_str(" — ");
        o.push_str(&m.feedback);
        if let Some(effect) = nonempty(&m.effect) {
            o.push_str(" **");
            o.push_str(effect);
            o.push_str("**");
        }
    }
    for c in &q.weak {
        o.push_str("\n- ◐ Held the score back: ");
        o.push_str(&c.feedback);
        if let Some(e) = &c.evidence {
            you_wrote(o, e);
            o.push(')');
        }
    }
    if q.status != "full" {
        // A choice is stated once, its alternatives nested under it.
        for g in &q.missed_groups {
            let choice = g.shown_choice();
            if let Some(choice) = choice {
                o.push_str("\n- ✗ Missing, ");
                o.push_str(choice);
                o.push(':');
            }
            for c in &g.missed {
                o.push_str(match choice {
                    Some(_) => "\n  - ",
                    None => "\n- ✗ Missing: ",
                });
                o.push_str(&c.feedback);
                if let Some(e) = &c.evidence {
                    you_wrote(o, e);
                    o.push_str(match c.polarity {
                        Some(Polarity::Quoted) => ": this only quotes it)",
                        _ => ": this denies it)",
                    });
                }
            }
        }
    }
    if !q.advice.is_empty() {
        o.push_str("\n\n**To improve:**\n");
        for f in &q.advice {
            o.push_str("\n- ");
            o.push_str(f);
        }
    }
    o.push('\n');
}

/// The learner's sentence, the words the rule fired on in bold.
fn quote(o: &mut String, e: &EvidenceView) {
    for p in &e.parts {
        if p.mark {
            o.push_str("**");
            escaped(o, &p.text);
            o.push_str("**");
        } else {
            escaped(o, &p.text);
        }
    }
}

/// ` — you wrote: “TEXT” (line N`, the closing parenthesis left to the caller.
fn you_wrote(o: &mut String, e: &EvidenceView) {
    o.push_str(" — you wrote: “");
    quote(o, e);
    o.push_str("” (line ");
    push_int(o, e.line);
}
