//! References to numbers: error-carried-forward formulas and examples' `given`, collected
//! while the questions are read ([`FormulaUse`]) and checked once every number is known
//! ([`check`]).

use crate::rubric::error::RubricError;
use crate::rubric::formula::{Formula, NumberRef};
use crate::rubric::model::Exercise;

/// A reference to earlier numbers, with its place. Checked once every number is known.
pub(super) struct FormulaUse {
    pub(super) file: String,
    pub(super) at: (u32, u32),
    pub(super) formula: Formula,
    pub(super) from: RefersFrom,
}

/// What refers to numbers.
pub(super) enum RefersFrom {
    /// The error-carried-forward formula of number `of` (set by `question`, which knows the
    /// number's place; `None` for a number without an id, an error of its own).
    Formula { of: Option<NumberRef> },
    /// An example's `given` key.
    Given,
}

/// Reports each reference of `formulas` to a number the rubric lacks, and each formula's
/// reference to its own number or to one listed after it.
pub(super) fn check(exercises: &[Exercise], formulas: &[FormulaUse], list: &mut Vec<RubricError>) {
    let numbers: Vec<String> = exercises
        .iter()
        .flat_map(|x| {
            x.questions.iter().flat_map(move |q| {
                (q.numbers.iter()).map(move |n| format!("{}.{}.{}", x.id, q.number, n.id))
            })
        })
        .collect();
    const ORDER: &str = "(exercises, then their questions, then their numbers, as the rubric \
                         lists them; an included file's after the main file's)";
    for u in formulas {
        let of = match &u.from {
            RefersFrom::Formula { of: Some(of) } => {
                let name = of.to_string();
                numbers.iter().position(|n| *n == name).map(|i| (i, of))
            }
            _ => None,
        };
        let mut seen: Vec<&NumberRef> = Vec::new();
        for r in u.formula.refs() {
            if seen.contains(&r) {
                continue;
            }
            seen.push(r);
            let name = r.to_string();
            let at = numbers.iter().position(|n| *n == name);
            let message = match (at, of) {
                (None, _) => {
                    let hint = crate::text::edit_distance::did_you_mean(
                        &name,
                        numbers.iter().map(String::as_str),
                    );
                    match u.from {
                        RefersFrom::Given => format!(
                            "`given` names `{r}`, which is not a number of the rubric{hint}"
                        ),
                        RefersFrom::Formula { .. } => format!(
                            "formula refers to `{{{r}}}`, which is not a number of the rubric{hint}"
                        ),
                    }
                }
                (Some(at), Some((own, _))) if at == own => format!(
                    "formula refers to its own number `{{{r}}}`: a formula uses the learner's answers to numbers listed before its own {ORDER}; write the value instead"
                ),
                (Some(at), Some((own, of))) if at > own => format!(
                    "formula refers to `{{{r}}}`, listed after this number (`{of}`): a formula uses the learner's answers to numbers listed before its own {ORDER}; write the value instead, or list `{r}` first"
                ),
                _ => continue,
            };
            list.push(RubricError {
                file: u.file.clone(),
                line: u.at.0,
                column: u.at.1,
                message,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rubric::load_str;

    /// A formula or an example's `given` that names no number of the rubric is an error at
    /// its place, with the number meant.
    #[test]
    fn references_to_unknown_numbers_name_the_one_meant() {
        let src = r#"
id: g
title: G
exercises:
  - id: plans
    title: Plans
    questions:
      - number: 1
        prompt: How many rows?
        numbers:
          - id: rows
            answers: [{ value: 12000, score: 1 }]
      - number: 2
        prompt: How long?
        numbers:
          - id: fetch
            answers:
              - { value: "{1.row} * 0.0001", score: 1 }
        examples:
          - answer: "1.2 s"
            given: { plans.1.row: 12000 }
            score: 1
"#;
        let errs = load_str(src, "g.yaml").expect_err("unknown numbers");
        let messages: Vec<(u32, &str)> = errs.0.iter().map(|e| (e.line, &*e.message)).collect();
        assert_eq!(
            messages,
            [
                (
                    18,
                    "formula refers to `{plans.1.row}`, which is not a number of the rubric; \
                     did you mean `plans.1.rows`?"
                ),
                (
                    21,
                    "`given` names `plans.1.row`, which is not a number of the rubric; did you \
                     mean `plans.1.rows`?"
                ),
            ]
        );
    }

    /// A formula over its own number, or over one listed after it, would never carry an
    /// error forward (the learner's value is not known yet): an error at its place, once per
    /// number named. One over an earlier number (of its question, an earlier question or an
    /// earlier exercise) is accepted.
    #[test]
    fn formulas_refer_only_to_numbers_listed_before_their_own() {
        let src = r#"
id: g
title: G
exercises:
  - id: plans
    title: Plans
    questions:
      - number: 1
        prompt: How many rows?
        numbers:
          - id: rows
            answers: [{ value: 12000, score: 1 }]
          - id: fetch
            answers:
              - { value: "{1.fetch} * 2", score: 1 }
              - { value: "{2.cost} + {2.cost} + {1.rows}", score: 0.5 }
              - { value: "{1.left} + {costs.1.total}", score: 0.25 }
          - id: left
            answers:
              - { value: "{1.rows} - {1.fetch}", score: 1 }
      - number: 2
        prompt: How long?
        numbers:
          - id: cost
            answers:
              - { value: "{1.rows} * 0.0001", score: 1 }
  - id: costs
    title: Costs
    questions:
      - number: 1
        prompt: How much?
        numbers:
          - id: total
            answers:
              - { value: "{plans.2.cost} * 3", score: 1 }
"#;
        let errs = load_str(src, "g.yaml").expect_err("own and later numbers");
        let messages: Vec<(u32, u32, &str)> = errs
            .0
            .iter()
            .map(|e| (e.line, e.column, &*e.message))
            .collect();
        let why = "a formula uses the learner's answers to numbers listed before its own \
                   (exercises, then their questions, then their numbers, as the rubric lists \
                   them; an included file's after the main file's); write the value instead";
        let later = |r: &str| {
            format!(
                "formula refers to `{{{r}}}`, listed after this number (`plans.1.fetch`): {why}, or list `{r}` first"
            )
        };
        assert_eq!(
            messages,
            [
                (
                    15,
                    26,
                    &*format!("formula refers to its own number `{{plans.1.fetch}}`: {why}")
                ),
                (16, 26, &*later("plans.2.cost")),
                (17, 26, &*later("plans.1.left")),
                (17, 26, &*later("costs.1.total")),
            ]
        );
    }
}
