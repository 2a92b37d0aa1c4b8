//! Which scoring levels an answer can reach. The first level whose `when` holds sets the
//! credit, so a level that holds only where an earlier one also holds (`a` before `a & b`), or
//! never holds at all (`a & !a`), is dead: it loads, and no answer can ever get its score. A
//! rubric author meant something else, so validation reports it.
//!
//! The levels' names are tried at every combination of values that can change an expression:
//! 0 and 1 for each, and for a number also each constant it is compared with and a value
//! between each two neighbouring constants (every value between two is alike to a comparison). A level reached at none of them is reached by no answer. (Answers may not
//! reach every combination, as one concept's words may imply another's; so a level reported
//! here is surely dead, and one not reported may still be.) Questions whose combinations
//! exceed [`MAX_COMBINATIONS`] are not checked.

use super::expr::{Expr, Name};
use super::model::Level;

/// Most combinations tried for one question.
pub const MAX_COMBINATIONS: usize = 1 << 16;

/// Why a level is never reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dead {
    /// Its `when` holds for no values.
    NeverHolds,
    /// Wherever it holds, one of these earlier levels (indexes, ascending) holds first.
    Shadowed(Vec<usize>),
}

/// The levels no answer can reach, in order, each with why; empty when every level can be
/// reached, or when the question has too many combinations to try.
pub fn dead_levels(levels: &[Level]) -> Vec<(usize, Dead)> {
    // Each slot a level reads, with the values worth trying for it.
    let mut slots: Vec<(usize, Vec<f64>)> = Vec::new();
    for l in levels {
        collect(&l.when, &mut slots);
    }
    let mut combinations: usize = 1;
    for (_, values) in &mut slots {
        values.sort_by(f64::total_cmp);
        values.dedup_by(|a, b| (*a - *b).abs() < 1e-12);
        // And between each two neighbours (`n > 0.6667 & n < 0.667` holds at 0.66685).
        let between: Vec<f64> = values.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect();
        values.extend(between);
        values.sort_by(f64::total_cmp);
        combinations = combinations.saturating_mul(values.len());
    }
    if combinations > MAX_COMBINATIONS {
        return Vec::new();
    }
    let width = slots.iter().map(|(s, _)| s + 1).max().unwrap_or(0);
    let mut values = vec![0.0; width];
    // First, which levels some combination reaches: searched level by level, a partial
    // combination given up as soon as it decides that the level fails or an earlier one
    // holds (trying every combination for every rubric made loading 6 % dearer).
    let mut search = Search {
        levels,
        slots: &slots,
        assigned: vec![None; width],
        values: vec![0.0; width],
    };
    let reached: Vec<bool> = (0..levels.len()).map(|k| search.reaches(k, 0)).collect();
    let missing = reached.iter().filter(|r| !**r).count();
    if missing == 0 {
        return Vec::new();
    }
    // Then, for the levels never reached, whether they ever hold, and which earlier levels
    // hold first where they do.
    let mut dead: Vec<(usize, bool, Vec<usize>)> = (0..levels.len())
        .filter(|&k| !reached[k])
        .map(|k| (k, false, Vec::new()))
        .collect();
    for_each_combination(&slots, &mut values, combinations, &mut |values| {
        for (k, holds, by) in &mut dead {
            if levels[*k].when.eval(values) {
                *holds = true;
                let first = levels.iter().position(|l| l.when.eval(values));
                if let Some(j) = first.filter(|j| !by.contains(j)) {
                    by.push(j);
                }
            }
        }
        true
    });
    dead.into_iter()
        .map(|(k, holds, mut by)| {
            by.sort_unstable();
            (
                k,
                if holds {
                    Dead::Shadowed(by)
                } else {
                    Dead::NeverHolds
                },
            )
        })
        .collect()
}

/// A search for a combination at which a level is the first to hold.
struct Search<'a> {
    levels: &'a [Level],
    slots: &'a [(usize, Vec<f64>)],
    /// Per slot, its value in the combination being built (`None`: not chosen yet).
    assigned: Vec<Option<f64>>,
    /// The same, 0 where not chosen, for [`Expr::eval`] on a name that is.
    values: Vec<f64>,
}

impl Search<'_> {
    /// Can level `k` be the first to hold, with slots `i..` still to choose?
    fn reaches(&mut self, k: usize, i: usize) -> bool {
        match self.decided(k) {
            Some(answer) => return answer,
            None if i == self.slots.len() => return false,
            None => {}
        }
        let (slot, choices) = &self.slots[i];
        for &v in choices {
            self.assigned[*slot] = Some(v);
            self.values[*slot] = v;
            let found = self.reaches(k, i + 1);
            self.assigned[*slot] = None;
            self.values[*slot] = 0.0;
            if found {
                return true;
            }
        }
        false
    }

    /// What the slots chosen so far decide: `Some(false)` when level `k` fails or an earlier
    /// level holds whatever the others are, `Some(true)` when `k` holds and every earlier
    /// level fails, `None` while it depends on slots not chosen.
    fn decided(&self, k: usize) -> Option<bool> {
        let mut open = false;
        for l in &self.levels[..k] {
            match self.partial(&l.when) {
                Some(true) => return Some(false),
                Some(false) => {}
                None => open = true,
            }
        }
        match self.partial(&self.levels[k].when) {
            Some(false) => Some(false),
            Some(true) if !open => Some(true),
            _ => None,
        }
    }

    /// `e` at the slots chosen so far: `None` when it depends on one not chosen.
    fn partial(&self, e: &Expr) -> Option<bool> {
        match e {
            Expr::Name(n) | Expr::Compare(n, _, _) => {
                let chosen = n.slot == Name::UNRESOLVED || self.assigned[n.slot].is_some();
                chosen.then(|| e.eval(&self.values))
            }
            Expr::Not(e) => self.partial(e).map(|b| !b),
            Expr::And(v) => v
                .iter()
                .try_fold(true, |all, e| match self.partial(e) {
                    Some(false) => Err(()),
                    Some(true) => Ok(all),
                    None => Ok(false),
                })
                .map_or(Some(false), |all| all.then_some(true)),
            Expr::Or(v) => v
                .iter()
                .try_fold(false, |open, e| match self.partial(e) {
                    Some(true) => Err(()),
                    Some(false) => Ok(open),
                    None => Ok(true),
                })
                .map_or(Some(true), |open| (!open).then_some(false)),
            Expr::AtLeast(n, v) => {
                let (mut yes, mut open) = (0, 0);
                for e in v {
                    match self.partial(e) {
                        Some(true) => yes += 1,
                        Some(false) => {}
                        None => open += 1,
                    }
                }
                if yes >= *n {
                    Some(true)
                } else if yes + open < *n {
                    Some(false)
                } else {
                    None
                }
            }
            Expr::Const(b) => Some(*b),
        }
    }
}

/// Calls `f` with `values` set to each combination of the slots' values in turn (the first
/// slot counting fastest), until it returns `false`.
fn for_each_combination(
    slots: &[(usize, Vec<f64>)],
    values: &mut [f64],
    combinations: usize,
    f: &mut dyn FnMut(&[f64]) -> bool,
) {
    let mut digits = vec![0usize; slots.len()];
    for _ in 0..combinations {
        for ((slot, choices), &d) in slots.iter().zip(&digits) {
            values[*slot] = choices[d];
        }
        if !f(values) {
            return;
        }
        for (d, (_, choices)) in digits.iter_mut().zip(slots) {
            *d += 1;
            if *d < choices.len() {
                break;
            }
            *d = 0;
        }
    }
}

/// Adds the slots `e` reads to `slots`, with 0, 1 and the values around each constant a
/// slot is compared with.
fn collect(e: &Expr, slots: &mut Vec<(usize, Vec<f64>)>) {
    let mut add = |n: &Name, more: &[f64]| {
        if n.slot == Name::UNRESOLVED {
            return;
        }
        let i = match slots.iter().position(|(s, _)| *s == n.slot) {
            Some(i) => i,
            None => {
                slots.push((n.slot, vec![0.0, 1.0]));
                slots.len() - 1
            }
        };
        let values = &mut slots[i].1;
        values.extend(more.iter().map(|v| v.clamp(0.0, 1.0)));
    };
    match e {
        Expr::Name(n) => add(n, &[]),
        Expr::Compare(n, _, x) => add(n, &[*x]),
        Expr::Not(e) => collect(e, slots),
        Expr::And(v) | Expr::Or(v) | Expr::AtLeast(_, v) => {
            v.iter().for_each(|e| collect(e, slots));
        }
        Expr::Const(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::model::LevelScore;

    /// Levels from `when` sources over the names a, b, c, n (slots 0–3).
    fn levels(whens: &[&str]) -> Vec<Level> {
        let slot = |id: &str| ["a", "b", "c", "n"].iter().position(|k| *k == id);
        whens
            .iter()
            .map(|w| {
                let mut when = Expr::parse(w).expect(w);
                when.resolve(&slot);
                Level {
                    score: LevelScore::Fixed(1.0),
                    when,
                    source: (*w).to_string(),
                }
            })
            .collect()
    }

    #[test]
    fn every_level_of_a_sound_ladder_is_reached() {
        assert_eq!(dead_levels(&levels(&["a & b", "a", "b", "true"])), []);
        assert_eq!(dead_levels(&levels(&["n >= 0.75", "n >= 0.5", "a"])), []);
        // Reached only between two constants closer than any fixed step.
        assert_eq!(dead_levels(&levels(&["n > 0.6667 & n < 0.667"])), []);
        assert_eq!(
            dead_levels(&levels(&["n > 0.6667 & n < 0.6667"])),
            [(0, Dead::NeverHolds)]
        );
        assert_eq!(dead_levels(&levels(&["2 of (a, b, c)", "a | b"])), []);
        assert_eq!(
            dead_levels(&levels(&["n == 0.5", "n > 0.4", "n < 0.5"])),
            []
        );
    }

    #[test]
    fn a_level_after_a_weaker_one_is_shadowed() {
        assert_eq!(
            dead_levels(&levels(&["a", "a & b"])),
            [(1, Dead::Shadowed(vec![0]))]
        );
        assert_eq!(
            dead_levels(&levels(&["true", "a"])),
            [(1, Dead::Shadowed(vec![0]))]
        );
        assert_eq!(
            dead_levels(&levels(&["a", "!a", "b"])),
            [(2, Dead::Shadowed(vec![0, 1]))]
        );
        assert_eq!(
            dead_levels(&levels(&["n >= 0.5", "n >= 0.75"])),
            [(1, Dead::Shadowed(vec![0]))]
        );
        assert_eq!(
            dead_levels(&levels(&["1 of (a, b)", "a | b | c", "b"])),
            [(2, Dead::Shadowed(vec![0]))]
        );
    }

    #[test]
    fn a_level_that_never_holds_is_dead() {
        assert_eq!(
            dead_levels(&levels(&["a & !a", "b"])),
            [(0, Dead::NeverHolds)]
        );
        assert_eq!(
            dead_levels(&levels(&["n > 1", "!true"])),
            [(0, Dead::NeverHolds), (1, Dead::NeverHolds)]
        );
    }

    /// The search agrees with trying every combination, on random ladders of levels.
    mod agrees_with_every_combination {
        use super::*;
        use proptest::prelude::*;

        fn expr() -> impl Strategy<Value = String> {
            let leaf = prop_oneof![
                prop::sample::select(vec!["a", "b", "c", "true"]).prop_map(String::from),
                (prop::sample::select(vec![">=", "<", "=="]), 0..=4u8)
                    .prop_map(|(op, x)| format!("n {op} {}", f64::from(x) / 4.0)),
            ];
            leaf.prop_recursive(3, 12, 3, |inner| {
                prop_oneof![
                    inner.clone().prop_map(|e| format!("!({e})")),
                    prop::collection::vec(inner.clone(), 2..=3)
                        .prop_map(|v| format!("({})", v.join(" & "))),
                    prop::collection::vec(inner.clone(), 2..=3)
                        .prop_map(|v| format!("({})", v.join(" | "))),
                    prop::collection::vec(inner, 3)
                        .prop_map(|v| format!("2 of ({})", v.join(", "))),
                ]
            })
        }

        proptest! {
            #[test]
            fn on_random_ladders(whens in prop::collection::vec(expr(), 1..=4)) {
                let whens: Vec<&str> = whens.iter().map(String::as_str).collect();
                let ls = levels(&whens);
                // Every combination: 0/1 for a, b, c; n on a grid finer than the quarters
                // the expressions compare it with.
                let mut reached = vec![false; ls.len()];
                let ns: Vec<f64> = (0..=64).map(|k| f64::from(k) / 64.0).collect();
                for bits in 0..8u8 {
                    for &n in &ns {
                        let values = [
                            f64::from(bits & 1),
                            f64::from((bits >> 1) & 1),
                            f64::from((bits >> 2) & 1),
                            n,
                        ];
                        if let Some(k) = ls.iter().position(|l| l.when.eval(&values)) {
                            reached[k] = true;
                        }
                    }
                }
                let dead: Vec<usize> = dead_levels(&ls).into_iter().map(|(k, _)| k).collect();
                let want: Vec<usize> = (0..ls.len()).filter(|&k| !reached[k]).collect();
                prop_assert_eq!(dead, want, "{:?}", whens);
            }
        }
    }
}
