//! What the summaries of a batch read of each input (the JSON summary, the line on stderr, the
//! dashboard's names, JUnit's and the exit code's counts): its file, learner id, and score or
//! error. [`Summary`] is that view, over a whole [`Batch`] or over a [`Ledger`], the compact
//! form a streamed batch keeps once each outcome is written: about 100 bytes an input instead
//! of a whole outcome's 230, which is what lets a cohort of 100,000 stay in flat memory.

use std::collections::BTreeMap;

use super::discover::Skipped;
use super::run::{Batch, Outcome};
use super::shard::Shard;

/// One input, as the summaries see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry<'a> {
    pub file: &'a str,
    pub learner: &'a str,
    /// `(score, max_score)`, or why the input could not be graded.
    pub result: Result<(f64, f64), &'a str>,
}

/// The inputs of a batch (in output order) and what was skipped.
pub trait Summary {
    /// Inputs graded or failed.
    fn len(&self) -> usize;
    /// Input `i` (`i < len()`).
    fn entry(&self, i: usize) -> Entry<'_>;
    fn skipped(&self) -> &[Skipped];
    /// The shard graded (`--shard K/N`), when only a part of the inputs was.
    fn shard(&self) -> Option<Shard>;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every input, in order.
    fn entries(&self) -> Box<dyn Iterator<Item = Entry<'_>> + '_> {
        Box::new((0..self.len()).map(|i| self.entry(i)))
    }

    /// Inputs found: graded, failed or skipped.
    fn found(&self) -> usize {
        self.len() + self.skipped().len()
    }

    fn graded(&self) -> usize {
        self.entries().filter(|e| e.result.is_ok()).count()
    }

    fn failed(&self) -> usize {
        self.len() - self.graded()
    }

    /// Mean score as a fraction of the maximum, over graded submissions.
    fn mean_fraction(&self) -> Option<f64> {
        let scores: Vec<f64> = self
            .entries()
            .filter_map(|e| e.result.ok())
            .map(|(score, max)| if max > 0.0 { score / max } else { 0.0 })
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
    }

    /// Learner ids that more than one graded file claims: (id, files).
    fn duplicate_learners(&self) -> Vec<(String, Vec<String>)> {
        let mut by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for e in self.entries().filter(|e| e.result.is_ok()) {
            by.entry(e.learner).or_default().push(e.file.to_string());
        }
        by.into_iter()
            .filter(|(_, f)| f.len() > 1)
            .map(|(l, f)| (l.to_string(), f))
            .collect()
    }
}

impl Summary for Batch {
    fn len(&self) -> usize {
        self.outcomes.len()
    }

    fn entry(&self, i: usize) -> Entry<'_> {
        let o = &self.outcomes[i];
        Entry {
            file: &o.file,
            learner: &o.learner,
            result: match &o.result {
                Ok(g) => Ok((g.score, g.max_score)),
                Err(e) => Err(&e.message),
            },
        }
    }

    fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    fn shard(&self) -> Option<Shard> {
        self.shard.clone()
    }
}

/// A summary kept as the outcomes go by: per input its file, learner id and score or error,
/// nothing else.
#[derive(Debug, Default)]
pub struct Ledger {
    inputs: Vec<Kept>,
    pub skipped: Vec<Skipped>,
    pub shard: Option<Shard>,
}

#[derive(Debug)]
struct Kept {
    file: Box<str>,
    learner: Box<str>,
    result: Result<(f64, f64), Box<str>>,
}

impl Ledger {
    pub fn new(shard: Option<Shard>) -> Ledger {
        Ledger {
            shard,
            ..Ledger::default()
        }
    }

    /// Makes room for `inputs` inputs at once.
    pub fn expect(&mut self, inputs: usize) {
        self.inputs.reserve_exact(inputs);
    }

    /// Adds the next outcome (its file, learner id, and score or error are kept).
    pub fn add(&mut self, o: Outcome) {
        self.inputs.push(Kept {
            file: o.file.into_boxed_str(),
            learner: o.learner.into_boxed_str(),
            result: match o.result {
                Ok(g) => Ok((g.score, g.max_score)),
                Err(e) => Err(e.message.into_boxed_str()),
            },
        });
    }
}

impl Summary for Ledger {
    fn len(&self) -> usize {
        self.inputs.len()
    }

    fn entry(&self, i: usize) -> Entry<'_> {
        let k = &self.inputs[i];
        Entry {
            file: &k.file,
            learner: &k.learner,
            result: match &k.result {
                Ok(s) => Ok(*s),
                Err(e) => Err(e),
            },
        }
    }

    fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    fn shard(&self) -> Option<Shard> {
        self.shard.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::Failure;
    use crate::report::testing;

    #[test]
    fn a_ledger_summarises_as_its_batch_does() {
        let r = testing::rubric();
        let mut b = testing::batch(&r);
        let failed_before = b.failed();
        // A second file of the same learner, and an input that failed.
        let mut again = b.outcomes[0].clone();
        again.file = "subs/again.yaml".into();
        b.outcomes.push(again);
        let mut failed = b.outcomes[1].clone();
        failed.file = "subs/bad.md".into();
        failed.result = Err(Failure::whole("subs/bad.md: cannot read"));
        b.outcomes.push(failed);
        let mut ledger = Ledger::new(b.shard.clone());
        b.outcomes.iter().for_each(|o| ledger.add(o.clone()));
        ledger.skipped = b.skipped.clone();
        let view = |s: &dyn Summary| {
            (
                s.entries().map(|e| format!("{e:?}")).collect::<Vec<_>>(),
                (s.found(), s.graded(), s.failed()),
                s.mean_fraction(),
                s.duplicate_learners(),
            )
        };
        assert_eq!(view(&ledger), view(&b));
        assert_eq!(b.failed(), failed_before + 1);
        assert_eq!(b.duplicate_learners().len(), 1);
    }
}
