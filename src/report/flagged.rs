//! Submissions an instructor should look at, for the dashboard: answers flagged while grading
//! (only a list of terms, a copy of the prompt, asserting and denying the same point) and
//! near-duplicate submissions within the cohort (MinHash of the answers, see
//! `batch::similarity`). Indices refer to `batch.outcomes`.

use crate::batch::{Batch, Outcome};
use crate::grade::Flag;

/// A flagged answer.
#[derive(Debug, Clone, PartialEq)]
pub struct FlaggedAnswer {
    pub outcome: usize,
    /// `keyword-list`, `copied-prompt` or `contradiction`.
    pub kind: &'static str,
    pub exercise: String,
    pub question: u32,
    /// For a contradiction, the rule asserted and denied.
    pub rule: Option<String>,
}

/// Two submissions whose answers are nearly the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub a: usize,
    pub b: usize,
    /// Estimated Jaccard similarity of their word 3-shingles.
    pub similarity: f64,
}

/// Every flagged answer, in the order of the results and of the sheet.
pub fn flagged_answers(batch: &Batch) -> Vec<FlaggedAnswer> {
    let mut out = Vec::new();
    for (i, o) in batch.outcomes.iter().enumerate() {
        out.extend(outcome_flags(o).into_iter().map(|mut f| {
            f.outcome = i;
            f
        }));
    }
    out
}

/// The flagged answers of one input, in sheet order (`outcome` is 0).
pub fn outcome_flags(o: &Outcome) -> Vec<FlaggedAnswer> {
    let mut out = Vec::new();
    let Ok(g) = &o.result else { return out };
    for r in &g.questions {
        for f in &r.flags {
            let (kind, rule) = match f {
                Flag::KeywordList => ("keyword-list", None),
                Flag::CopiedPrompt => ("copied-prompt", None),
                Flag::Contradiction { rule } => ("contradiction", Some(rule.clone())),
            };
            out.push(FlaggedAnswer {
                outcome: 0,
                kind,
                exercise: r.exercise.clone(),
                question: r.question,
                rule,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing;

    #[test]
    fn flags_are_listed_with_their_question() {
        let r = testing::rubric();
        let mut b = testing::batch(&r);
        let list = "learner: eve\nanswers:\n  basics:\n    1: \"vertical, horizontal, bigger, more machines\"\n";
        b.outcomes.push(testing::outcome(&r, "subs/eve.yaml", list));
        let f = flagged_answers(&b);
        assert!(
            f.iter().any(|f| f.outcome == 3
                && f.kind == "keyword-list"
                && f.exercise == "basics"
                && f.question == 1),
            "{f:?}"
        );
    }
}
