//! A question's `examples`: each an answer with the score it must get (a step of the
//! `scale`), the misconceptions it must show, the flags it must get (if listed), and the
//! values of earlier numbers it is `given`.

use super::context::QCtx;
use super::errs::{all_finite, off_scale};
use super::number_refs::{FormulaUse, RefersFrom};
use crate::rubric::example_flag::{self, Ids};
use crate::rubric::formula::{Formula, NumberRef};
use crate::rubric::model::Example;
use crate::rubric::raw::RawQuestion;
use crate::yaml::place;

impl QCtx<'_, '_> {
    /// The examples of question `q`, whose concepts and mistakes are `ids`.
    pub(super) fn examples(&mut self, q: &RawQuestion, ids: &Ids<'_>) -> Vec<Example> {
        let mut examples = Vec::new();
        for x in &q.examples {
            self.e.missing(
                place(x),
                "an example",
                [
                    ("answer", x.value.answer.is_none()),
                    ("score", x.value.score.is_none()),
                ],
            );
            let score = x.value.score.as_ref().map_or(0.0, |s| s.value);
            if let Some(s) = x
                .value
                .score
                .as_ref()
                .filter(|s| !(0.0..=1.0).contains(&s.value))
            {
                self.e
                    .at(place(s), "an example's `score` is a fraction from 0 to 1");
            } else if let Some(s) = &x.value.score {
                if let Some(why) = off_scale(s.value, self.sheet.scale) {
                    self.e.at(
                        place(s),
                        format!("an example's `score` {why}, so the example can never pass"),
                    );
                }
            }
            for m in &x.value.mistakes {
                if !self.sheet.misconceptions.contains_key(m) {
                    self.e.at(
                        place(x),
                        format!(
                            "example expects misconception `{m}`, which is not in the catalogue{}",
                            self.catalogue_hint(m)
                        ),
                    );
                }
            }
            let mut given = Vec::new();
            if let Some(g) = &x.value.given {
                for (key, value) in &g.value {
                    let parts: Vec<&str> = key.split('.').collect();
                    let parsed = match parts.as_slice() {
                        [e, q, id] => q.parse::<u32>().ok().map(|q| NumberRef {
                            exercise: e.to_string(),
                            question: q,
                            id: id.to_string(),
                        }),
                        _ => None,
                    };
                    if !all_finite(self.e, place(g), "given", &[*value]) {
                        continue;
                    }
                    match parsed {
                        Some(r) => {
                            self.formulas.push(FormulaUse {
                                file: self.e.file.to_string(),
                                at: place(g),
                                formula: Formula::Ref(r.clone()),
                                from: RefersFrom::Given,
                            });
                            given.push((r, *value));
                        }
                        None => self.e.at(
                            place(g),
                            format!("`given` key `{key}` must be `exercise.question.number-id`"),
                        ),
                    }
                }
            }
            let flags = x.value.flags.as_ref().map(|written| {
                // Each flag read, with its place.
                let mut flags: Vec<(String, (u32, u32))> = Vec::new();
                for f in written {
                    match example_flag::read(&f.value, ids) {
                        Ok(flag) => match flags.iter().find(|(seen, _)| *seen == flag) {
                            Some((_, (line, column))) => self.e.at(
                                place(f),
                                format!(
                                    "this flag is listed already (at {line}:{column}): an answer \
                                     gets each flag once, so the example can never pass"
                                ),
                            ),
                            None => flags.push((flag, place(f))),
                        },
                        Err(why) => self.e.at(place(f), why),
                    }
                }
                flags.into_iter().map(|(flag, _)| flag).collect()
            });
            examples.push(Example {
                flags,
                given,
                name: x.value.name.clone(),
                answer: x.value.answer.clone().unwrap_or_default(),
                score,
                mistakes: x.value.mistakes.clone(),
                line: place(x).0,
                file: self.e.file.to_string(),
            });
        }
        examples
    }
}
