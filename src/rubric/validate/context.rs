//! [`Sheet`], what every rule is checked against (the vocabulary, the misconception
//! catalogue, `scale`, `defaults`); [`Collected`], where checking the rules puts what they
//! build, rubric-wide; [`QCtx`], what checking one rule needs (where its errors go, the sheet,
//! where it collects); and the fields every rule kind reads alike: a misconception label,
//! `polarity`, `visibility`.

use std::collections::{BTreeMap, BTreeSet};

use super::errs::Errs;
use super::number_refs::FormulaUse;
use super::patterns::RegexUse;
use crate::pattern::{Lexicon, vocabulary};
use crate::rubric::error::RubricError;
use crate::rubric::model::{Misconception, Visibility, Want};
use crate::text::edit_distance::did_you_mean;
use crate::yaml::{Spanned, place};

/// What every rule of the rubric is checked against, read once before the rules: the
/// vocabulary (and its entries as parsed), the misconception catalogue, `scale` and the
/// `defaults`.
pub(super) struct Sheet<'a> {
    pub(super) vocabulary: &'a BTreeMap<String, Vec<String>>,
    /// Vocabularies whose problems are reported at their entries ([`vocabulary::check`]).
    pub(super) broken: &'a BTreeSet<String>,
    /// Their entries, parsed by [`vocabulary::check`].
    pub(super) parsed: &'a vocabulary::Parsed,
    /// The catalogue, each entry's `rule` still `None`: the catalogue's rules are attached
    /// once the whole rubric is valid, so validation reads only titles, feedback and labels.
    pub(super) misconceptions: &'a BTreeMap<String, Misconception>,
    /// `list-cap` and `copy-cap` of the rubric's `defaults` (0: none).
    pub(super) defaults: (f64, f64),
    /// The rubric's `scale` (empty: none), which a level's or an example's score must be a
    /// step of.
    pub(super) scale: &'a [f64],
}

/// What checking the rules collects across the rubric, beside the rules themselves, and the
/// list their errors go to.
pub(super) struct Collected<'a> {
    /// The lexicon every pattern compiles into.
    pub(super) lexicon: &'a mut Lexicon,
    /// Every `re:` pattern, with its place (see [`RegexUse`]).
    pub(super) regex_uses: &'a mut Vec<RegexUse>,
    /// Formulas to check once every number id is known (see `number_refs.rs`).
    pub(super) formulas: &'a mut Vec<FormulaUse>,
    pub(super) list: &'a mut Vec<RubricError>,
}

/// What checking the rules of a question (or of the catalogue, with no `exercise`) needs:
/// where its errors go, the [`Sheet`] they are checked against, and where what they build is
/// collected (the lexicon their patterns compile into, formulas, `re:` uses).
pub(super) struct QCtx<'a, 'b> {
    pub(super) e: &'a mut Errs<'b>,
    pub(super) sheet: &'a Sheet<'a>,
    pub(super) lexicon: &'a mut Lexicon,
    pub(super) exercise: &'a str,
    pub(super) formulas: &'a mut Vec<FormulaUse>,
    pub(super) regex_uses: &'a mut Vec<RegexUse>,
}

impl QCtx<'_, '_> {
    /// The error of a misconception `label` the catalogue lacks, with the likely one meant.
    pub(super) fn not_in_catalogue(&self, label: &str) -> String {
        format!(
            "misconception `{label}` is not in the rubric's `misconceptions` catalogue{}",
            self.catalogue_hint(label)
        )
    }

    /// "; did you mean `x`?" for a `label` the catalogue lacks, or nothing.
    pub(super) fn catalogue_hint(&self, label: &str) -> String {
        did_you_mean(label, self.sheet.misconceptions.keys().map(String::as_str))
    }

    pub(super) fn want(&mut self, p: Option<&Spanned<String>>) -> Want {
        let Some(p) = p else {
            return Want::Asserted;
        };
        match p.value.as_str() {
            "asserted" => Want::Asserted,
            "negated" => Want::Negated,
            "any" => Want::Any,
            other => {
                self.e.at(
                    place(p),
                    format!("unknown polarity `{other}`; choose from asserted, negated, any"),
                );
                Want::Asserted
            }
        }
    }

    pub(super) fn visibility(&mut self, v: Option<&Spanned<String>>) -> Visibility {
        let Some(v) = v else {
            return Visibility::Learner;
        };
        match v.value.as_str() {
            "learner" => Visibility::Learner,
            "instructor" => Visibility::Instructor,
            other => {
                self.e.at(
                    place(v),
                    format!("unknown visibility `{other}`; choose from learner, instructor"),
                );
                Visibility::Instructor
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rubric::{Visibility, load_str};

    const RUBRIC: &str = r#"
id: vis
title: Visibility
misconceptions:
  m:
    title: M
    feedback: Why M is wrong.
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: P
        concepts:
          - { id: shown, match: "alpha", feedback: F1 }
          - { id: hidden, match: "beta", feedback: F2, visibility: instructor }
        numbers:
          - id: n
            visibility: instructor
            answers: [{ value: 3, score: 1 }]
            feedback: F3
        mistakes:
          - { id: m, match: "gamma", visibility: learner }
"#;

    #[test]
    fn visibility_defaults_to_learner_and_can_be_instructor() {
        let r = load_str(RUBRIC, "vis.yaml").expect("valid");
        let q = &r.exercises[0].questions[0];
        assert_eq!(q.concepts[0].visibility, Visibility::Learner);
        assert_eq!(q.concepts[1].visibility, Visibility::Instructor);
        assert_eq!(q.numbers[0].visibility, Visibility::Instructor);
        assert_eq!(q.mistakes[0].visibility, Visibility::Learner);
    }

    #[test]
    fn an_unknown_visibility_is_an_error_with_its_place() {
        let src = RUBRIC.replace("visibility: learner", "visibility: everyone");
        let errs = load_str(&src, "vis.yaml").expect_err("invalid");
        let e = &errs.0[0];
        assert!(e.message.contains("unknown visibility `everyone`"), "{e:?}");
        assert_eq!(e.line, 23);
        // A mistake's visibility is read even when its misconception is not in the
        // catalogue, or it has no `id`: each problem is reported.
        for (mistake, other) in [
            (
                "{ id: zz, match: \"gamma\", ",
                "not in the rubric's `misconceptions`",
            ),
            ("{ match: \"gamma\", ", "missing field `id`"),
        ] {
            let src = src.replace("{ id: m, match: \"gamma\", ", mistake);
            let errs = load_str(&src, "vis.yaml").expect_err("invalid");
            let messages: Vec<&str> = errs.0.iter().map(|e| e.message.as_str()).collect();
            assert_eq!(messages.len(), 2, "{messages:?}");
            assert!(
                messages
                    .iter()
                    .any(|m| m.contains("unknown visibility `everyone`"))
            );
            assert!(messages.iter().any(|m| m.contains(other)), "{messages:?}");
        }
    }
}
