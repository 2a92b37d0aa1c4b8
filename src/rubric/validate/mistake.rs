//! A mistake rule: a question's `mistakes`, and the rules of the misconception catalogue
//! (a misconception with a `match`), each named by its catalogue label.

use super::context::QCtx;
use super::errs::fraction;
use crate::rubric::model::MistakeRule;
use crate::rubric::raw::RawMistake;
use crate::yaml::place;

impl QCtx<'_, '_> {
    /// The mistake at `at` of a question.
    pub(super) fn mistake(&mut self, m: &RawMistake, at: (u32, u32)) -> Option<MistakeRule> {
        self.e.missing(
            at,
            "a mistake",
            [("id", m.id.is_none()), ("match", m.patterns.is_none())],
        );
        let label = m.id.as_ref().map_or("", |id| id.value.as_str());
        self.rule(m, label)
    }

    /// A mistake rule for the catalogue label `label` (a mistake without its `id` or its
    /// `match`, both reported by the caller, is checked as far as it can be, and is no rule).
    pub(super) fn rule(&mut self, m: &RawMistake, label: &str) -> Option<MistakeRule> {
        let patterns = m
            .patterns
            .as_ref()
            .map(|p| self.patterns(p, "match"))
            .unwrap_or_default();
        let all = m
            .all
            .as_ref()
            .map(|p| self.patterns(p, "all"))
            .unwrap_or_default();
        let unless = m
            .unless
            .as_ref()
            .map(|p| self.patterns(p, "unless"))
            .unwrap_or_default();
        let unless_anywhere = m
            .unless_anywhere
            .as_ref()
            .map(|p| self.patterns(p, "unless-anywhere"))
            .unwrap_or_default();
        let want = self.want(m.polarity.as_ref());
        let cap = m
            .cap
            .as_ref()
            .and_then(|v| fraction(self.e, Some(v), "cap"));
        let penalty = m
            .penalty
            .as_ref()
            .and_then(|v| fraction(self.e, Some(v), "penalty"))
            .unwrap_or(0.0);
        // Read (its error reported) whatever else is wrong with the rule.
        let visibility = self.visibility(m.visibility.as_ref());
        let Some(id) = &m.id else {
            return None;
        };
        let Some(entry) = self.sheet.misconceptions.get(label) else {
            let message = self.not_in_catalogue(&id.value);
            self.e.at(place(id), message);
            return None;
        };
        let title = entry.title.clone();
        let feedback = m.feedback.clone().unwrap_or_else(|| entry.feedback.clone());
        m.patterns.as_ref()?;
        Some(MistakeRule {
            id: id.value.clone(),
            patterns,
            all,
            unless_anywhere,
            unless,
            want,
            cap,
            penalty,
            title,
            feedback,
            visibility,
        })
    }
}
