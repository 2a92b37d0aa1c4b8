//! A question: its `points`, the ids its criteria claim, its concepts, numbers and mistakes
//! (each checked in its own file), what its scoring forbids (a weakness under additive
//! scoring, a `weight` under levels), its caps, and each criterion's `weight`.

use std::collections::HashMap;

use super::MAX_TOTAL_POINTS;
use super::context::QCtx;
use super::errs::{Errs, fraction, named, yaml_number};
use super::number_refs::RefersFrom;
use super::stems::{content_stems, content_stems_by_sentence};
use crate::rubric::example_flag;
use crate::rubric::formula::NumberRef;
use crate::rubric::model::{Concept, ConceptKind, Question, Scoring, Want};
use crate::rubric::raw::RawQuestion;
use crate::yaml::{Spanned, place};

impl QCtx<'_, '_> {
    /// Question `number` as written at `at` (its problems reported, the rest kept).
    pub(super) fn question(&mut self, q: &RawQuestion, number: u32, at: (u32, u32)) -> Question {
        let points = match &q.points {
            Some(p) if p.value > 0.0 && p.value <= MAX_TOTAL_POINTS => p.value,
            Some(p) if !p.value.is_finite() => {
                self.e.at(
                    place(p),
                    format!(
                        "points must be a finite number greater than 0, not {}",
                        yaml_number(p.value)
                    ),
                );
                1.0
            }
            Some(p) if p.value > 0.0 => {
                self.e.at(
                    place(p),
                    format!(
                        "points must be at most {MAX_TOTAL_POINTS}, not {}",
                        yaml_number(p.value)
                    ),
                );
                1.0
            }
            Some(p) => {
                self.e.at(
                    place(p),
                    format!(
                        "points must be greater than 0, not {}",
                        yaml_number(p.value)
                    ),
                );
                1.0
            }
            None => 1.0,
        };
        // Each id's first claim: its kind and line.
        let mut ids: HashMap<String, (&'static str, u32)> = HashMap::new();
        let mut claim = |e: &mut Errs<'_>, id: Option<&Spanned<String>>, kind: &'static str| {
            // Without an id (reported) there is nothing to claim.
            let Some(id) = id else { return };
            if id.value.trim().is_empty() {
                // Reports, results and `when` expressions name it by its id.
                e.at(
                    place(id),
                    format!("a {kind}'s `id` is empty: give it a name (reports and `when` use it)"),
                );
                return;
            }
            match ids.get(&id.value) {
                Some((prev, line)) => e.at(
                    place(id),
                    format!(
                        "id `{}` is already used by a {prev} of this question (first at line {line})",
                        id.value
                    ),
                ),
                None => {
                    ids.insert(id.value.clone(), (kind, place(id).0));
                }
            }
        };
        let n_criteria = (q.concepts.len() + q.numbers.len()).max(1) as f64;
        let mut concepts = Vec::new();
        for c in &q.concepts {
            claim(self.e, c.value.id.as_ref(), "concept");
            concepts.push(self.concept(&c.value, place(c), points, n_criteria));
        }
        let mut numbers = Vec::new();
        for n in &q.numbers {
            claim(self.e, n.value.id.as_ref(), "number");
            let first = self.formulas.len();
            let check = self.number(&n.value, place(n), points, n_criteria);
            if !check.id.is_empty() {
                for u in &mut self.formulas[first..] {
                    u.from = RefersFrom::Formula {
                        of: Some(NumberRef {
                            exercise: self.exercise.to_string(),
                            question: number,
                            id: check.id.clone(),
                        }),
                    };
                }
            }
            numbers.push(check);
        }
        let mut mistakes = Vec::new();
        for m in &q.mistakes {
            claim(self.e, m.value.id.as_ref(), "mistake");
            if let Some(m) = self.mistake(&m.value, place(m)) {
                mistakes.push(m);
            }
        }
        if q.scoring.is_none() {
            // Additive scoring sums what is found: a weakness would earn credit there.
            for (raw, c) in q.concepts.iter().zip(&concepts) {
                if c.kind == ConceptKind::Weakness {
                    let at = raw.value.kind.as_ref().map_or(place(raw), place);
                    self.e.at(
                        at,
                        format!(
                            "{} is a weakness, which only `scoring: levels` can use (additive scoring would add it as credit)",
                            named("concept", raw.value.id.as_ref())
                        ),
                    );
                }
            }
        }
        if q.scoring.is_some() {
            // Levels set the credit themselves: a weight there would be ignored.
            let concepts = q
                .concepts
                .iter()
                .map(|c| (c.value.weight.as_ref(), "concept", c.value.id.as_ref()));
            let numbers = q
                .numbers
                .iter()
                .map(|n| (n.value.weight.as_ref(), "number", n.value.id.as_ref()));
            for (weight, kind, id) in concepts.chain(numbers) {
                if let Some(w) = weight {
                    self.e.at(
                        place(w),
                        format!(
                            "{} has a `weight`, which this question's `scoring: levels` ignores (each level's `score` sets the credit): remove it",
                            named(kind, id)
                        ),
                    );
                }
            }
        }
        // Where each level's `when` is, for the levels kept.
        let mut when_places = Vec::new();
        let scoring = match &q.scoring {
            None => Scoring::Additive,
            Some(s) => Scoring::Levels(self.levels(s, &ids, &mut when_places)),
        };
        let list_cap = q
            .list_cap
            .as_ref()
            .and_then(|v| fraction(self.e, Some(v), "list-cap"))
            .unwrap_or(self.sheet.defaults.0);
        let copy_cap = q
            .copy_cap
            .as_ref()
            .and_then(|v| fraction(self.e, Some(v), "copy-cap"))
            .unwrap_or(self.sheet.defaults.1);
        // What an example's `contradiction of ID` may name: the concepts (a weakness, or a
        // point taken with either polarity, is never flagged) and the mistakes as written
        // (one whose rule was refused is reported once, there).
        let never = |c: &Concept| match (c.kind, c.want) {
            (ConceptKind::Weakness, _) => Some("a weakness"),
            (_, Want::Any) => Some("a point with `polarity: any`"),
            _ => None,
        };
        let ids = example_flag::Ids {
            ids: (concepts.iter().map(|c| (c.id.as_str(), never(c))))
                .chain(
                    (q.mistakes.iter())
                        .filter_map(|m| m.value.id.as_ref())
                        .map(|id| (id.value.as_str(), None)),
                )
                .collect(),
        };
        let examples = self.examples(q, &ids);
        let prompt = q.prompt.clone().unwrap_or_default();
        let prompt_stems = content_stems(&prompt);
        let prompt_sentences = content_stems_by_sentence(&prompt);
        let mut question = Question {
            number,
            written_at: (self.e.file.to_string(), at.0, at.1),
            prompt,
            points,
            concepts,
            numbers,
            mistakes,
            scoring: Scoring::Additive,
            list_cap,
            copy_cap,
            examples,
            prompt_stems,
            prompt_sentences,
        };
        // The levels read the answer's values by slot (see `Question::slot`).
        let mut scoring = scoring;
        if let Scoring::Levels(levels) = &mut scoring {
            self.resolve_levels(levels, &question, &when_places);
        }
        question.scoring = scoring;
        question
    }

    /// The weight of a concept or number of a question worth `points` that has `n` criteria:
    /// its `weight` out of the points, or else an even share.
    pub(super) fn weight(&mut self, w: Option<&Spanned<f64>>, points: f64, n: f64) -> f64 {
        match w {
            Some(w) if w.value >= 0.0 && w.value.is_finite() => w.value / points,
            Some(w) => {
                self.e.at(
                    place(w),
                    format!(
                        "weight must be a finite number, 0 or more, not {}",
                        yaml_number(w.value)
                    ),
                );
                0.0
            }
            None => 1.0 / n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{errors, one_question, placed_errors};
    use crate::rubric::load_str;

    #[test]
    fn a_weakness_needs_levels() {
        let src = r#"
id: w
title: W
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Define it.
        concepts:
          - id: definition
            match: "any instance"
            feedback: Define it.
          - id: vague
            kind: weakness
            match: "stores nothing"
            feedback: Too vague.
"#;
        let errs = load_str(src, "w.yaml").expect_err("a weakness under additive scoring");
        let e = &errs.0[0];
        assert!(e.message.contains("concept `vague` is a weakness"), "{e:?}");
        assert_eq!(e.line, 15);
        let bad = src.replace("kind: weakness", "kind: flaw");
        let errs = load_str(&bad, "w.yaml").expect_err("an unknown kind");
        assert!(
            errs.0[0].message.contains("unknown concept kind `flaw`"),
            "{errs:?}"
        );
    }

    /// Under `scoring: levels` a criterion's `weight` would count for nothing: an error at it.
    #[test]
    fn a_weight_under_levels_is_an_error() {
        let src = r#"
id: w
title: W
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Define it.
        concepts:
          - id: definition
            match: "any instance"
            feedback: Define it.
            weight: 0.5
        scoring:
          levels:
            - score: 1
              when: definition
"#;
        assert_eq!(
            errors(src),
            [(
                14,
                21,
                "concept `definition` has a `weight`, which this question's `scoring: levels` \
                 ignores (each level's `score` sets the credit): remove it"
                    .to_string()
            )]
        );
        let additive = src.split("        scoring:").next().unwrap_or_default();
        assert!(load_str(additive, "w.yaml").is_ok());
    }

    /// A question that could never score, or a concept nothing could name, is an error.
    #[test]
    fn empty_levels_and_empty_ids_are_errors() {
        let src = one_question("1", "x").replace(
            "          - { id: c, match: 'x', feedback: F }\n",
            "          - { id: c, match: 'x', feedback: F }\n          - { id: '', match: 'y', feedback: G }\n        scoring: { levels: [] }\n",
        );
        let errs = placed_errors(&src);
        assert_eq!(
            errs,
            [
                "13:19: a concept's `id` is empty: give it a name (reports and `when` use it)",
                "14:18: `levels` lists no level, so the question could never score: list at least one (`- { when: …, score: … }`), or remove `scoring`",
            ]
        );
    }

    #[test]
    fn points_must_be_finite_and_at_most_the_limit() {
        for (points, said) in [
            (
                ".inf",
                "points must be a finite number greater than 0, not .inf",
            ),
            (
                ".nan",
                "points must be a finite number greater than 0, not .nan",
            ),
            (
                "-.inf",
                "points must be a finite number greater than 0, not -.inf",
            ),
            ("1e308", "points must be at most 1000000000, not 1e308"),
            ("0", "points must be greater than 0, not 0"),
        ] {
            assert_eq!(
                errors(&one_question(points, "because")),
                [(10, 17, said.to_string())],
                "{points}"
            );
        }
        let r = load_str(&one_question("1e9", "because"), "q.yaml").expect("at the limit");
        assert_eq!(r.max_score(), 1e9);
    }
}
