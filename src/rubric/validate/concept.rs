//! A question's concept: its patterns, `polarity`, `weight`, feedback, `visibility` and
//! `kind` (a point to find, or a weakness).

use super::context::QCtx;
use super::errs::named;
use crate::rubric::model::{Concept, ConceptKind};
use crate::rubric::raw::RawConcept;
use crate::yaml::{Spanned, place};

impl QCtx<'_, '_> {
    pub(super) fn concept(
        &mut self,
        c: &RawConcept,
        at: (u32, u32),
        points: f64,
        n: f64,
    ) -> Concept {
        self.e.missing(
            at,
            "a concept",
            [("id", c.id.is_none()), ("feedback", c.feedback.is_none())],
        );
        let patterns = c
            .patterns
            .as_ref()
            .map(|p| self.patterns(p, "match"))
            .unwrap_or_default();
        let all = c
            .all
            .as_ref()
            .map(|p| self.patterns(p, "all"))
            .unwrap_or_default();
        if c.patterns.is_none() && c.all.is_none() {
            self.e.at(
                at,
                format!("{} needs `match` or `all`", named("concept", c.id.as_ref())),
            );
        }
        let unless = c
            .unless
            .as_ref()
            .map(|p| self.patterns(p, "unless"))
            .unwrap_or_default();
        let want = self.want(c.polarity.as_ref());
        let weight = self.weight(c.weight.as_ref(), points, n);
        Concept {
            id: c.id.as_ref().map(|id| id.value.clone()).unwrap_or_default(),
            patterns,
            all,
            unless,
            want,
            weight,
            feedback: c.feedback.clone().unwrap_or_default(),
            praise: c.praise.clone(),
            visibility: self.visibility(c.visibility.as_ref()),
            kind: self.concept_kind(c.kind.as_ref()),
        }
    }

    fn concept_kind(&mut self, k: Option<&Spanned<String>>) -> ConceptKind {
        let Some(k) = k else {
            return ConceptKind::Point;
        };
        match k.value.as_str() {
            "point" => ConceptKind::Point,
            "weakness" => ConceptKind::Weakness,
            other => {
                self.e.at(
                    place(k),
                    format!("unknown concept kind `{other}`; choose from point, weakness"),
                );
                ConceptKind::Point
            }
        }
    }
}
