//! `scoring: levels`: each level's `when` and `score` checked, its names resolved to the
//! question's slots, and each level no answer can reach reported.

use std::collections::HashMap;

use super::context::QCtx;
use super::errs::off_scale;
use crate::rubric::expr::{Expr, Name};
use crate::rubric::model::{Level, LevelScore, Question};
use crate::rubric::raw::{NumberValue, RawScoring};
use crate::rubric::reach;
use crate::text::edit_distance::did_you_mean;
use crate::yaml::{Spanned, place};

impl QCtx<'_, '_> {
    /// The levels of a question's `scoring` `s`, whose `when` may name the question's `ids`;
    /// each kept level's `when` place is pushed to `when_places`.
    pub(super) fn levels(
        &mut self,
        s: &Spanned<RawScoring>,
        ids: &HashMap<String, (&'static str, u32)>,
        when_places: &mut Vec<(u32, u32)>,
    ) -> Vec<Level> {
        self.e.missing(
            place(s),
            "`scoring`",
            [("levels", s.value.levels.is_none())],
        );
        if s.value.levels.as_deref().is_some_and(<[_]>::is_empty) {
            self.e.at(
                place(s),
                "`levels` lists no level, so the question could never score: list at \
                 least one (`- { when: …, score: … }`), or remove `scoring`",
            );
        }
        let mut levels = Vec::new();
        for level in s.value.levels.as_deref().unwrap_or_default() {
            let l = &level.value;
            self.e.missing(
                place(level),
                "a level",
                [("score", l.score.is_none()), ("when", l.when.is_none())],
            );
            // A level without its `when` (reported) still has its `score` checked.
            let when = match &l.when {
                Some(source) => match Expr::parse(&source.value) {
                    Ok(x) => Some((x, source)),
                    Err(err) => {
                        self.e
                            .at(place(source), format!("invalid `when` expression: {err}"));
                        continue;
                    }
                },
                None => None,
            };
            if let Some((when, source)) = &when {
                for name in when.names() {
                    if !ids.contains_key(name) {
                        let known: Vec<&str> = {
                            let mut k: Vec<&str> = ids.keys().map(String::as_str).collect();
                            k.sort_unstable();
                            k
                        };
                        let hint = did_you_mean(name, known.iter().copied());
                        self.e.at(place(*source), format!("`when` names `{name}`, which is not a concept, number or mistake of this question (known: {}){hint}", known.join(", ")));
                    }
                }
            }
            let Some(score) = &l.score else { continue };
            let score = match &score.value {
                NumberValue::One(x) if (0.0..=1.0).contains(x) => {
                    if let Some(why) = off_scale(*x, self.sheet.scale) {
                        self.e.at(place(score), format!("a level's `score` {why}"));
                    }
                    LevelScore::Fixed(*x)
                }
                NumberValue::Formula(name)
                    if ids.get(name).is_some_and(|(kind, _)| *kind == "number") =>
                {
                    LevelScore::Number(Name::new(name.clone()))
                }
                _ => {
                    self.e.at(place(score), "a level's `score` must be a fraction from 0 to 1 or the id of a number of this question");
                    continue;
                }
            };
            let Some((when, source)) = when else { continue };
            when_places.push(place(source));
            levels.push(Level {
                score,
                when,
                source: source.value.clone(),
            });
        }
        levels
    }

    /// Resolves the names of `levels` to the slots of `question`, then reports the levels
    /// no answer can reach (`when_places`: where each level's `when` is).
    pub(super) fn resolve_levels(
        &mut self,
        levels: &mut [Level],
        question: &Question,
        when_places: &[(u32, u32)],
    ) {
        let slot = |id: &str| question.slot(id);
        for l in levels.iter_mut() {
            l.when.resolve(&slot);
            if let LevelScore::Number(n) = &mut l.score {
                n.slot = slot(&n.id).unwrap_or(Name::UNRESOLVED);
            }
        }
        // A `when` naming what the question lacks is already an error; which levels it
        // leaves dead would only repeat it.
        let all_known =
            (levels.iter()).all(|l| l.when.names().iter().all(|id| question.slot(id).is_some()));
        if all_known {
            self.dead_levels(levels, when_places);
        }
    }

    /// Reports each level no answer can reach (see [`reach`]), at its `when`.
    fn dead_levels(&mut self, levels: &[Level], places: &[(u32, u32)]) {
        let shown = |k: usize| format!("level {} (`{}`)", k + 1, levels[k].source);
        for (k, dead) in reach::dead_levels(levels) {
            // A last `when: "true"` after levels that already cover every answer is a
            // defensive catch-all: dead, and harmless.
            let catch_all = k + 1 == levels.len()
                && matches!(levels[k].when, Expr::Const(true))
                && matches!(dead, reach::Dead::Shadowed(_));
            if catch_all {
                continue;
            }
            let why = match dead {
                reach::Dead::NeverHolds => "its `when` holds for no answer".to_string(),
                reach::Dead::Shadowed(by) => {
                    let by: Vec<String> = by.into_iter().map(shown).collect();
                    format!(
                        "wherever its `when` holds, {} holds first (levels are tried in order): put it before, or narrow the earlier `when`",
                        by.join(" or ")
                    )
                }
            };
            self.e.at(
                places[k],
                format!("{} can never be reached: {why}", shown(k)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rubric::load_str;

    /// A last `when: "true"` after levels that cover every answer is allowed; one before
    /// other levels, or shadowing a level that is not last, is not.
    #[test]
    fn a_last_catch_all_level_is_allowed() {
        let rubric = |whens: &[&str]| {
            let levels: String = whens
                .iter()
                .map(|w| format!("            - {{ score: 0, when: \"{w}\" }}\n"))
                .collect();
            format!(
                "id: c\ntitle: C\nexercises:\n  - id: e\n    title: E\n    questions:\n      \
                 - number: 1\n        prompt: Why?\n        concepts:\n          \
                 - {{ id: a, match: alpha, feedback: Say alpha. }}\n        scoring:\n          \
                 levels:\n{levels}"
            )
        };
        assert!(load_str(&rubric(&["a", "!a", "true"]), "c.yaml").is_ok());
        let err = load_str(&rubric(&["a", "true", "!a"]), "c.yaml").unwrap_err();
        assert!(
            err.to_string()
                .contains("level 3 (`!a`) can never be reached"),
            "{err}"
        );
        let err = load_str(&rubric(&["true", "a"]), "c.yaml").unwrap_err();
        assert!(
            err.to_string()
                .contains("level 2 (`a`) can never be reached"),
            "{err}"
        );
    }
}
