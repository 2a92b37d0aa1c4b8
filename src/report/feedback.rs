//! Per-learner feedback reports: the template context for one graded submission (learner
//! text escaped for the report's format before it reaches any template) and its rendering.

use serde_json::{Value, json};
use tera::{Context, Tera};

use super::templates::{TemplateError, chain, escape_markdown};
use crate::batch::Outcome;
use crate::grade::{Evidence, Graded};
use crate::rubric::Rubric;

/// The template context of one graded submission. `escape` is applied to every piece of
/// learner text (evidence, numbers as written, unplaced text).
pub fn context(
    rubric: &Rubric,
    outcome: &Outcome,
    graded: &Graded,
    escape: fn(&str) -> String,
) -> Value {
    let ev = |e: &Option<Evidence>| {
        e.as_ref()
            .map(|e| json!({ "text": escape(&e.text), "line": e.line, "column": e.column }))
    };
    let mut exercises = Vec::new();
    for (ex, total) in rubric.exercises.iter().zip(&graded.exercises) {
        let mut questions = Vec::new();
        for q in &ex.questions {
            let Some(r) = graded
                .questions
                .iter()
                .find(|r| r.exercise == ex.id && r.question == q.number)
            else {
                continue;
            };
            let found: Vec<Value> = r
                .concepts
                .iter()
                .filter(|c| c.found)
                .filter_map(|c| {
                    let concept = q.concepts.iter().find(|x| x.id == c.id)?;
                    Some(json!({ "id": c.id, "praise": concept.praise.clone().unwrap_or_else(|| humanize(&c.id)), "evidence": ev(&c.evidence) }))
                })
                .collect();
            let missed: Vec<Value> = r
                .concepts
                .iter()
                .filter(|c| !c.found)
                .filter_map(|c| {
                    Some(json!({ "id": c.id, "feedback": q.concepts.iter().find(|x| x.id == c.id)?.feedback }))
                })
                .collect();
            let numbers: Vec<Value> = r
                .numbers
                .iter()
                .map(|n| json!({ "id": n.id, "given": n.given, "given_text": n.given_text.as_deref().map(escape), "expected": n.expected, "score": n.score, "carried_forward": n.carried_forward, "evidence": ev(&n.evidence) }))
                .collect();
            let mistakes: Vec<Value> = r
                .mistakes
                .iter()
                .map(|m| json!({ "id": m.id, "title": m.title, "feedback": m.feedback, "evidence": ev(&m.evidence) }))
                .collect();
            questions.push(json!({
                "number": q.number,
                "prompt": q.prompt,
                "answered": r.answered,
                "score": r.score,
                "max_score": r.max_score,
                "found": found,
                "missed": missed,
                "numbers": numbers,
                "mistakes": mistakes,
                "flags": r.flags,
                "feedback": r.feedback,
            }));
        }
        exercises.push(json!({ "id": ex.id, "title": ex.title, "score": total.score, "max_score": total.max_score, "answered": total.answered, "questions": questions }));
    }
    let percent = if graded.max_score > 0.0 {
        (graded.score / graded.max_score * 1000.0).round() / 10.0
    } else {
        0.0
    };
    json!({
        "assay_version": env!("CARGO_PKG_VERSION"),
        "rubric": { "id": rubric.id, "title": rubric.title, "version": rubric.version, "hash": rubric.hash },
        "learner": escape(&outcome.learner),
        "file": escape(&outcome.file),
        "score": graded.score,
        "max_score": graded.max_score,
        "percent": percent,
        "exercises": exercises,
        "unplaced": outcome.unplaced.iter().map(|u| json!({ "line": u.line, "reason": escape(&u.reason), "text": escape(&u.text) })).collect::<Vec<_>>(),
    })
}

/// `horizontal-defined` → `Horizontal defined`.
fn humanize(id: &str) -> String {
    let s = id.replace('-', " ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Renders the Markdown feedback report of one graded submission.
pub fn render_markdown(
    tera: &Tera,
    rubric: &Rubric,
    outcome: &Outcome,
    graded: &Graded,
) -> Result<String, TemplateError> {
    let value = context(rubric, outcome, graded, escape_markdown);
    let ctx = Context::from_value(value).map_err(|e| TemplateError {
        template: "report.md.tera".into(),
        message: chain(&e),
    })?;
    tera.render("report.md.tera", &ctx)
        .map_err(|e| TemplateError {
            template: "report.md.tera".into(),
            message: chain(&e),
        })
}
