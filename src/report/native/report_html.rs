//! `templates/report.html.tera`, written directly (see the module's doc). Every value the
//! template prints goes through its autoescaping, so every value is escaped here too
//! (`esc`), except the page's own policy, which the template marks `safe`.

use super::{escapes_to_text, push_float, push_int, push_score, push_score_of};
use crate::report::feedback::{EvidenceView, LearnerReport, QuestionView};
use crate::report::html::CSP;
use crate::report::templates::push_escaped_html as esc;
use crate::text::Polarity;

/// The learner's HTML report, from the learner's view with learner text as written; `style`
/// is the rendered `style.css.tera`.
pub fn html(r: &LearnerReport, style: &str) -> String {
    // Sized from the last report made on this thread (some 64 KB): from a fixed 32 KB most
    // reports were copied twice on the way and left with twice their length in capacity,
    // which the outcomes waiting for the writer hold.
    thread_local! {
        static LAST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    let mut o = String::with_capacity(crate::report::capacity::next(&LAST, 32 * 1024));
    o.push_str(
        "<!DOCTYPE html>\n\
         <html lang=\"en\">\n\
         <head>\n\
         <meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"",
    );
    o.push_str(CSP);
    o.push_str(
        "\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>Feedback for ",
    );
    esc(&mut o, &r.learner);
    o.push_str(": ");
    esc(&mut o, &r.rubric.title);
    o.push_str("</title>\n<style>\n");
    o.push_str(style);
    o.push_str(
        "\n</style>\n\
         </head>\n\
         <body>\n\
         <main>\n\
         <header>\n\
         <h1>Feedback for ",
    );
    esc(&mut o, &r.learner);
    o.push_str("</h1>\n<p class=\"muted\">");
    esc(&mut o, &r.rubric.title);
    if let Some(v) = escapes_to_text(r.rubric.version.as_deref()) {
        o.push_str(" (");
        esc(&mut o, v);
        o.push(')');
    }
    o.push_str("</p>\n<p class=\"total\"><strong>Score: ");
    push_score_of(&mut o, r.score, r.max_score);
    o.push_str("</strong> (");
    push_float(&mut o, r.percent);
    o.push_str(
        " %)</p>\n\
         </header>\n\
         \n\
         <section aria-labelledby=\"overview\">\n\
         <h2 id=\"overview\">Overview</h2>\n\
         <div class=\"table-wrap\">\n\
         <table>\n\
         <thead><tr><th scope=\"col\">Exercise</th><th scope=\"col\" class=\"num\">Score</th>\
         <th scope=\"col\" class=\"num\">Answered</th></tr></thead>\n\
         <tbody>",
    );
    for ex in &r.exercises {
        o.push_str("\n<tr><td><a href=\"#ex-");
        esc(&mut o, &ex.id);
        o.push_str("\">");
        esc(&mut o, &ex.title);
        o.push_str("</a></td><td class=\"num\">");
        push_score_of(&mut o, ex.score, ex.max_score);
        o.push_str("</td><td class=\"num\">");
        push_int(&mut o, ex.answered);
        o.push_str(" of ");
        push_int(&mut o, ex.questions.len());
        o.push_str("</td></tr>");
    }
    o.push_str("\n</tbody>\n</table>\n</div>\n</section>\n");
    for ex in &r.exercises {
        o.push_str("\n<section aria-labelledby=\"ex-");
        esc(&mut o, &ex.id);
        o.push_str("\">\n<h2 id=\"ex-");
        esc(&mut o, &ex.id);
        o.push_str("\">");
        esc(&mut o, &ex.title);
        o.push_str(" <span class=\"muted\">· ");
        push_score_of(&mut o, ex.score, ex.max_score);
        o.push_str("</span></h2>");
        for q in &ex.questions {
            question(&mut o, &ex.id, q);
        }
        o.push_str("\n</section>\n");
    }
    if !r.unplaced.is_empty() {
        o.push_str(
            "\n<section aria-labelledby=\"unplaced\">\n\
             <h2 id=\"unplaced\">Text that could not be placed at a question</h2>\n\
             <ul>",
        );
        for u in &r.unplaced {
            o.push_str("\n<li>Line ");
            push_int(&mut o, u.line);
            o.push_str(": ");
            esc(&mut o, &u.reason);
            o.push_str("<blockquote>");
            esc(&mut o, &u.text);
            o.push_str("</blockquote></li>");
        }
        o.push_str("\n</ul>\n</section>");
    }
    o.push_str("\n<footer class=\"page\">Graded by assay ");
    esc(&mut o, r.assay_version);
    o.push_str(" with rubric <code>");
    esc(&mut o, &r.rubric.id);
    o.push_str("</code> (");
    esc(&mut o, &r.rubric.hash);
    o.push_str(").</footer>\n</main>\n</body>\n</html>\n");
    crate::report::capacity::made(&LAST, o.len());
    o
}

fn question(o: &mut String, exercise: &str, q: &QuestionView) {
    o.push_str("\n<article class=\"question status-");
    esc(o, q.status);
    o.push_str("\" aria-labelledby=\"q-");
    esc(o, exercise);
    o.push('-');
    push_int(o, q.number);
    o.push_str("\">\n<h3 id=\"q-");
    esc(o, exercise);
    o.push('-');
    push_int(o, q.number);
    o.push_str("\">");
    push_int(o, q.number);
    o.push_str(". ");
    esc(o, &q.prompt);
    o.push_str("</h3>\n<p>");
    o.push_str(match q.status {
        "full" => "<span class=\"badge ok\"><span aria-hidden=\"true\">✓ </span>Full credit</span>",
        "partial" => {
            "<span class=\"badge part\"><span aria-hidden=\"true\">◐ </span>Part credit</span>"
        }
        "none" => "<span class=\"badge bad\"><span aria-hidden=\"true\">✗ </span>No credit</span>",
        _ => "<span class=\"badge bad\"><span aria-hidden=\"true\">– </span>Not answered</span>",
    });
    o.push_str(" <strong>");
    push_score_of(o, q.score, q.max_score);
    o.push_str("</strong>");
    for f in &q.flags {
        o.push_str(" <span class=\"badge part\"><span aria-hidden=\"true\">⚑ </span>");
        esc(o, f.label);
        o.push_str("</span>");
    }
    o.push_str("</p>");
    if q.answered {
        answered(o, q);
    } else {
        o.push_str("\n<p>Not answered.");
        if !q.missed_groups.is_empty() {
            o.push_str(" A full answer would:");
        }
        o.push_str("</p>");
        if !q.missed_groups.is_empty() {
            o.push_str("\n<ul>");
            for g in &q.missed_groups {
                let choice = escapes_to_text(g.shown_choice());
                if let Some(choice) = choice {
                    o.push_str("\n<li>Cover ");
                    esc(o, choice);
                    o.push_str(":\n<ul>");
                }
                for c in &g.missed {
                    o.push_str("\n<li>");
                    esc(o, &c.feedback);
                    o.push_str("</li>");
                }
                if choice.is_some() {
                    o.push_str("\n</ul></li>");
                }
            }
            o.push_str("\n</ul>");
        }
    }
    o.push_str("\n</article>");
}

/// `<blockquote>TEXT <span class="where">(your answer, line N)</span></blockquote>`, the words
/// the rule fired on in `<mark>`.
fn marked_quote(o: &mut String, e: &EvidenceView) {
    o.push_str("\n<blockquote>");
    quote(o, e);
    o.push_str(" <span class=\"where\">(your answer, line ");
    push_int(o, e.line);
    o.push_str(")</span></blockquote>");
}

/// The learner's sentence, the words the rule fired on in `<mark>`.
fn quote(o: &mut String, e: &EvidenceView) {
    for p in &e.parts {
        if p.mark {
            o.push_str("<mark>");
            esc(o, &p.text);
            o.push_str("</mark>");
        } else {
            esc(o, &p.text);
        }
    }
}

fn answered(o: &mut String, q: &QuestionView) {
    if !q.found.is_empty() {
        o.push_str(if q.status == "none" {
            "\n<h4>What was right (but earned no credit)</h4>\n<ul>"
        } else {
            "\n<h4>What earned credit</h4>\n<ul>"
        });
        for c in &q.found {
            o.push_str("\n<li><span class=\"ok\" aria-hidden=\"true\">✓</span> ");
            esc(o, &c.praise);
            if let Some(e) = &c.evidence {
                marked_quote(o, e);
            }
            o.push_str("</li>");
        }
        o.push_str("\n</ul>");
    }
    if !q.numbers.is_empty() {
        o.push_str("\n<h4>Numbers</h4>\n<ul>");
        for n in &q.numbers {
            o.push_str(match n.status {
                "correct" => "\n<li><span class=\"ok\"><span aria-hidden=\"true\">✓ </span>Correct:</span>\n",
                "partial" => "\n<li><span class=\"part\"><span aria-hidden=\"true\">◐ </span>Partly correct:</span>\n",
                _ => "\n<li><span class=\"bad\"><span aria-hidden=\"true\">✗ </span>Not accepted:</span>\n",
            });
            if let Some(g) = escapes_to_text(n.given_text.as_deref()) {
                o.push_str("you gave <mark>");
                esc(o, g);
                o.push_str("</mark>");
            } else {
                o.push_str("no number found");
            }
            if let Some(x) = escapes_to_text(n.expected.as_deref()) {
                o.push_str("; compared with ");
                esc(o, x);
            }
            if let Some(t) = escapes_to_text(n.tolerance.as_deref()) {
                o.push_str(" (tolerance ");
                esc(o, t);
                o.push(')');
            }
            if n.status != "correct" {
                o.push_str("; ");
                push_score(o, n.score);
                o.push_str(" of its credit");
            }
            if let Some(cf) = escapes_to_text(n.carried_forward.as_deref()) {
                o.push_str(".<br>Error carried forward: ");
                esc(o, cf);
            }
            if let Some(e) = &n.evidence {
                o.push_str("\n<blockquote>");
                quote(o, e);
                o.push_str(" <span class=\"where\">(line ");
                push_int(o, e.line);
                o.push_str(")</span></blockquote>");
            }
            o.push_str("</li>");
        }
        o.push_str("\n</ul>");
    }
    if !q.mistakes.is_empty() {
        o.push_str("\n<h4>Misconceptions</h4>\n<ul>");
        for m in &q.mistakes {
            o.push_str("\n<li><span class=\"bad\"><span aria-hidden=\"true\">⚠ </span><strong>");
            esc(o, &m.title);
            o.push_str("</strong></span>");
            if let Some(e) = &m.evidence {
                marked_quote(o, e);
            }
            o.push_str("\n<p>");
            esc(o, &m.feedback);
            if let Some(effect) = escapes_to_text(m.effect.as_deref()) {
                o.push_str(" <strong>");
                esc(o, effect);
                o.push_str("</strong>");
            }
            o.push_str("</p></li>");
        }
        o.push_str("\n</ul>");
    }
    if !q.weak.is_empty() {
        o.push_str("\n<h4>What held the score back</h4>\n<ul>");
        for c in &q.weak {
            o.push_str("\n<li><span class=\"part\" aria-hidden=\"true\">◐</span> ");
            esc(o, &c.feedback);
            if let Some(e) = &c.evidence {
                marked_quote(o, e);
            }
            o.push_str("</li>");
        }
        o.push_str("\n</ul>");
    }
    if !q.missed_groups.is_empty() && q.status != "full" {
        o.push_str("\n<h4>What was missing</h4>\n<ul>");
        // A choice is stated once, its alternatives in a list of their own under it.
        for g in &q.missed_groups {
            let choice = escapes_to_text(g.shown_choice());
            if let Some(choice) = choice {
                o.push_str("\n<li><span class=\"bad\" aria-hidden=\"true\">✗</span> Missing, ");
                esc(o, choice);
                o.push_str(":\n<ul>");
            }
            for c in &g.missed {
                o.push_str(match choice {
                    Some(_) => "\n<li>",
                    None => "\n<li><span class=\"bad\" aria-hidden=\"true\">✗</span> ",
                });
                esc(o, &c.feedback);
                if let Some(e) = &c.evidence {
                    o.push_str("\n<blockquote>");
                    quote(o, e);
                    o.push_str(" <span class=\"where\">(line ");
                    push_int(o, e.line);
                    o.push_str(match c.polarity {
                        Some(Polarity::Quoted) => ": this only quotes it)</span></blockquote>",
                        _ => ": this denies it)</span></blockquote>",
                    });
                }
                o.push_str("</li>");
            }
            if choice.is_some() {
                o.push_str("\n</ul></li>");
            }
        }
        o.push_str("\n</ul>");
    }
    if !q.advice.is_empty() {
        o.push_str("\n<h4>To improve</h4>\n<ul>");
        for f in &q.advice {
            o.push_str("\n<li>");
            esc(o, f);
            o.push_str("</li>");
        }
        o.push_str("\n</ul>");
    }
}
