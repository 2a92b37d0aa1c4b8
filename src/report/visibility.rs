//! What learners may see. A rubric marks each concept, number check and mistake
//! `visibility: learner` (the default) or `instructor`; learner-facing outputs (feedback reports,
//! Gradescope, the Moodle feedback column, JUnit, GitLab Code Quality) ask this module and leave
//! instructor-only items out entirely: their feedback, praise, titles, the learner's words they
//! matched, and any feedback sentence that names them. Patterns, vocabularies and `when`
//! expressions are never part of a learner-facing output at all.

use crate::grade::question::contradiction_feedback;
use crate::grade::{Flag, MistakeResult, QuestionResult};
use crate::rubric::{Concept, Question, Visibility};

/// Is the concept `id` of `q` for learners?
pub fn concept(q: &Question, id: &str) -> bool {
    q.concepts.iter().find(|c| c.id == id).is_some_and(shown)
}

/// Is concept `c` for learners?
pub fn shown(c: &Concept) -> bool {
    c.visibility == Visibility::Learner
}

/// Is the number check `id` of `q` for learners?
pub fn number(q: &Question, id: &str) -> bool {
    q.numbers
        .iter()
        .find(|n| n.id == id)
        .is_some_and(|n| n.visibility == Visibility::Learner)
}

/// Is the misconception `m`, as held in an answer to `q`, for learners? A mistake rule of the
/// question decides; one found by a sheet-wide rule of the rubric's misconception catalogue
/// (which has no visibility of its own) is for learners; one recorded by a number's answer
/// follows that number.
pub fn mistake(q: &Question, m: &MistakeResult) -> bool {
    if q.mistakes.iter().any(|own| own.id == m.id) {
        return own_mistake(q, &m.id);
    }
    if m.rule.is_some() {
        // Only pattern rules name a rule, and the question has none for this id: the
        // catalogue's sheet-wide rule found it.
        return true;
    }
    let recorders: Vec<_> = q
        .numbers
        .iter()
        .filter(|n| {
            n.answers
                .iter()
                .any(|a| a.mistake.as_deref() == Some(m.id.as_str()))
        })
        .collect();
    !recorders.is_empty()
        && recorders
            .iter()
            .all(|n| n.visibility == Visibility::Learner)
}

/// Is the question's own mistake rule `id` for learners?
fn own_mistake(q: &Question, id: &str) -> bool {
    q.mistakes
        .iter()
        .find(|m| m.id == id)
        .is_some_and(|m| m.visibility == Visibility::Learner)
}

/// Is a flag for learners? A contradiction names a rule, which must itself be for learners.
pub fn flag(q: &Question, f: &Flag) -> bool {
    match f {
        Flag::Contradiction { rule } => concept(q, rule) || own_mistake(q, rule),
        Flag::KeywordList | Flag::CopiedPrompt => true,
    }
}

/// The texts and ids of the instructor-only items of `q`: no learner-facing sentence may
/// contain them.
fn hidden(q: &Question, r: &QuestionResult) -> (Vec<String>, Vec<String>) {
    let mut texts = Vec::new();
    let mut ids = Vec::new();
    for c in &q.concepts {
        if c.visibility == Visibility::Instructor {
            texts.push(c.feedback.clone());
            texts.extend(c.praise.clone());
            texts.push(contradiction_feedback(q, &c.id));
            ids.push(c.id.clone());
        }
    }
    for n in &q.numbers {
        if n.visibility == Visibility::Instructor {
            texts.push(n.feedback.clone());
            texts.extend(n.answers.iter().filter_map(|a| a.feedback.clone()));
            ids.push(n.id.clone());
        }
    }
    for m in &q.mistakes {
        if m.visibility == Visibility::Instructor {
            texts.push(m.feedback.clone());
            texts.push(contradiction_feedback(q, &m.id));
            ids.push(m.id.clone());
        }
    }
    for m in &r.mistakes {
        if !mistake(q, m) {
            texts.push(m.feedback.clone());
            ids.push(m.id.clone());
        }
    }
    (texts, ids)
}

/// The question's feedback sentences that learners may see, in their order: a sentence that is
/// the text of an instructor-only item (its feedback, praise, or a contradiction flag's
/// sentence naming it), or names one (`` `id` ``), is left out.
pub fn feedback(q: &Question, r: &QuestionResult) -> Vec<String> {
    let (texts, ids) = hidden(q, r);
    r.feedback
        .iter()
        .filter(|f| !texts.iter().any(|t| t == *f))
        .filter(|f| !ids.iter().any(|id| f.contains(&format!("`{id}`"))))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::grade_submission;
    use crate::rubric::load_str;
    use crate::submission::{Answer, Submission};

    const RUBRIC: &str = r#"
id: vis
title: Visibility
misconceptions:
  secret-belief:
    title: Secret belief
    feedback: CATALOGUE-EXPLANATION
  open-belief:
    title: Open belief
    feedback: CATALOGUE-OPEN
    match: "delta"
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Explain caching.
        concepts:
          - { id: shown, match: "alpha", feedback: SHOWN-FEEDBACK }
          - { id: hidden-concept, match: "beta", feedback: HIDDEN-FEEDBACK, praise: HIDDEN-PRAISE, visibility: instructor }
        numbers:
          - id: n
            visibility: instructor
            answers:
              - { value: 3, score: 1 }
              - { value: 4, score: 0.5, mistake: secret-belief, feedback: HIDDEN-NUMBER-ANSWER }
            feedback: HIDDEN-NUMBER
        mistakes:
          - { id: secret-belief, match: "gamma", visibility: instructor, feedback: HIDDEN-MISTAKE }
"#;

    fn graded(text: &str) -> (crate::rubric::Rubric, QuestionResult) {
        let r = load_str(RUBRIC, "vis.yaml").expect("valid");
        let sub = Submission {
            learner: "x".into(),
            answers: vec![Answer {
                exercise: "e".into(),
                question: 1,
                text: text.into(),
                line: 1,
                column: 1,
                parts: Vec::new(),
            }],
            unplaced: vec![],
        };
        let g = grade_submission(&r, &sub);
        let q = g.questions[0].clone();
        (r, q)
    }

    #[test]
    fn instructor_only_items_are_not_for_learners() {
        let (r, _) = graded("alpha");
        let q = &r.exercises[0].questions[0];
        assert!(concept(q, "shown"));
        assert!(!concept(q, "hidden-concept"));
        assert!(!number(q, "n"));
        let held = |id: &str, rule: Option<&str>| MistakeResult {
            id: id.into(),
            title: String::new(),
            evidence: None,
            feedback: String::new(),
            rule: rule.map(str::to_string),
        };
        assert!(!mistake(q, &held("secret-belief", Some("gamma"))));
        assert!(!mistake(q, &held("secret-belief", None)));
        assert!(!concept(q, "no-such-id"));
    }

    #[test]
    fn a_misconception_found_by_the_catalogue_rule_is_for_learners() {
        let (r, res) = graded("I think delta is how it works");
        let q = &r.exercises[0].questions[0];
        let m = res
            .mistakes
            .iter()
            .find(|m| m.id == "open-belief")
            .expect("the catalogue rule fires");
        assert!(mistake(q, m), "{m:?}");
    }

    #[test]
    fn feedback_of_hidden_items_is_left_out() {
        let (r, res) = graded("gamma is true, and the answer is 4");
        let q = &r.exercises[0].questions[0];
        assert!(res.feedback.iter().any(|f| f.contains("HIDDEN")), "{res:?}");
        let fb = feedback(q, &res);
        assert!(fb.iter().all(|f| !f.contains("HIDDEN")), "{fb:?}");
        assert!(fb.iter().any(|f| f == "SHOWN-FEEDBACK"), "{fb:?}");
    }

    #[test]
    fn a_contradiction_on_a_hidden_concept_is_left_out() {
        let (r, res) = graded("We use beta here. We do not use beta at all.");
        let q = &r.exercises[0].questions[0];
        let said = |f: &String| f.contains("asserts and denies");
        assert!(res.feedback.iter().any(said), "{:?}", res.feedback);
        assert!(!feedback(q, &res).iter().any(said));
        // One on a shown concept names it as learners see it, never by its id.
        let (r, res) = graded("We use alpha here. We do not use alpha at all.");
        let q = &r.exercises[0].questions[0];
        let fb = feedback(q, &res);
        assert!(
            fb.iter().any(|f| f.contains("same point (Shown)")),
            "{fb:?}"
        );
    }
}
