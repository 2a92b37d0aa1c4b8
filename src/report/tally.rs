//! What the cohort dashboard needs of each input, kept small: a [`Tally`] takes the outcomes
//! one at a time, in output order, and keeps per graded submission its total and its score on
//! every question (a byte each, see `score_table`), the misconceptions it holds, counts of its
//! flags, and its near-duplicate signature (in a temporary file past a few megabytes); the
//! first flagged answers and failures, for listing. Who each input is (file, learner, report)
//! comes from the batch's summary, by index. Everything else of an outcome can be dropped once
//! it is added, so the dashboard of a cohort of 100,000 costs tens of megabytes, not the
//! cohort's full results.

use std::collections::{BTreeMap, HashMap};

use crate::batch::Outcome;
use crate::batch::signature_store::SignatureStore;
use crate::batch::similarity::DEFAULT_THRESHOLD;
use crate::rubric::Rubric;

use super::dashboard::MAX_LISTED;
use super::flagged::{Duplicate, FlaggedAnswer, outcome_flags};
use super::score_table::ScoreTable;

/// A graded submission.
#[derive(Debug, Clone)]
pub struct GradedEntry {
    /// Index of the input (in output order).
    pub input: usize,
    pub score: f64,
    pub max_score: f64,
    pub answered: usize,
    pub questions: usize,
    pub misconceptions: usize,
    pub flags: usize,
}

/// An input that could not be graded.
#[derive(Debug, Clone)]
pub struct FailedEntry {
    pub input: usize,
    pub error: String,
}

/// The cohort, as the dashboard sees it.
#[derive(Debug)]
pub struct Tally {
    /// Inputs added.
    pub inputs: usize,
    /// Graded submissions, in output order.
    pub graded: Vec<GradedEntry>,
    /// The first [`MAX_LISTED`] inputs that failed, and how many did.
    pub failed: Vec<FailedEntry>,
    pub failed_total: usize,
    /// Question columns: `(exercise index, question number)` in sheet order.
    pub columns: Vec<(usize, u32)>,
    column_of: HashMap<(String, u32), usize>,
    /// A row of question scores (one per column) per graded submission.
    question_scores: ScoreTable,
    /// A row of exercise subtotals per graded submission.
    exercise_scores: ScoreTable,
    /// The row being added (reused).
    row: Vec<f32>,
    /// Per column: unanswered questions, and answers holding a misconception.
    pub unanswered: Vec<usize>,
    pub with_misconception: Vec<usize>,
    /// Per exercise: answers missing.
    pub exercise_unanswered: Vec<usize>,
    /// Per misconception id: the graded entries holding it (each once), and where it was
    /// held: `(exercise index, question)` → count.
    pub holders: BTreeMap<String, Vec<usize>>,
    pub held_at: BTreeMap<String, BTreeMap<(usize, u32), usize>>,
    /// The first [`MAX_LISTED`] flagged answers (`outcome` is the input's index), and how many
    /// there are.
    pub flagged: Vec<FlaggedAnswer>,
    pub flagged_total: usize,
    /// Signatures of graded submissions, with their input index (in memory up to a budget,
    /// then in a temporary file).
    signatures: SignatureStore,
}

impl Tally {
    pub fn new(rubric: &Rubric) -> Tally {
        let mut columns = Vec::new();
        let mut column_of = HashMap::new();
        for (ei, ex) in rubric.exercises.iter().enumerate() {
            for q in &ex.questions {
                column_of.insert((ex.id.clone(), q.number), columns.len());
                columns.push((ei, q.number));
            }
        }
        Tally {
            inputs: 0,
            graded: Vec::new(),
            failed: Vec::new(),
            failed_total: 0,
            unanswered: vec![0; columns.len()],
            with_misconception: vec![0; columns.len()],
            exercise_unanswered: vec![0; rubric.exercises.len()],
            question_scores: ScoreTable::new(columns.len()),
            exercise_scores: ScoreTable::new(rubric.exercises.len()),
            row: Vec::new(),
            columns,
            column_of,
            holders: BTreeMap::new(),
            held_at: BTreeMap::new(),
            flagged: Vec::new(),
            flagged_total: 0,
            signatures: SignatureStore::default(),
        }
    }

    /// Makes room for `inputs` more inputs at once: the tally's vectors then never double
    /// (and copy) as they grow, and hold no slack (pages never written take no memory).
    pub fn expect(&mut self, inputs: usize) {
        self.graded.reserve_exact(inputs);
        self.question_scores.reserve_exact(inputs);
        self.exercise_scores.reserve_exact(inputs);
    }

    /// Keeps up to `limit` bytes of signatures in memory before a temporary file (instead of
    /// a few megabytes).
    pub fn with_signature_memory(mut self, limit: usize) -> Tally {
        self.signatures = SignatureStore::new(limit);
        self
    }

    /// Adds the next input; an error if its signature could not be kept.
    pub fn add(&mut self, rubric: &Rubric, o: &Outcome) -> std::io::Result<()> {
        let input = self.inputs;
        self.inputs += 1;
        let g = match &o.result {
            Ok(g) => g,
            Err(e) => {
                self.failed_total += 1;
                if self.failed.len() < MAX_LISTED {
                    self.failed.push(FailedEntry {
                        input,
                        error: e.message.clone(),
                    });
                }
                return Ok(());
            }
        };
        let entry = self.graded.len();
        self.row.clear();
        self.row.resize(self.columns.len(), f32::NAN);
        for r in &g.questions {
            let Some(&c) = self.column_of.get(&(r.exercise.clone(), r.question)) else {
                continue;
            };
            self.row[c] = r.score as f32;
            if !r.answered {
                self.unanswered[c] += 1;
            }
            if !r.mistakes.is_empty() {
                self.with_misconception[c] += 1;
            }
            for m in &r.mistakes {
                let holders = self.holders.entry(m.id.clone()).or_default();
                if holders.last() != Some(&entry) {
                    holders.push(entry);
                }
                *self
                    .held_at
                    .entry(m.id.clone())
                    .or_default()
                    .entry((self.columns[c].0, r.question))
                    .or_default() += 1;
            }
        }
        self.question_scores.push_row(&self.row);
        self.row.clear();
        self.row.resize(rubric.exercises.len(), 0.0);
        for (ei, total) in g.exercises.iter().enumerate().take(rubric.exercises.len()) {
            self.exercise_unanswered[ei] += total.questions - total.answered;
            self.row[ei] = total.score as f32;
        }
        self.exercise_scores.push_row(&self.row);
        self.graded.push(GradedEntry {
            input,
            score: g.score,
            max_score: g.max_score,
            answered: g.exercises.iter().map(|e| e.answered).sum(),
            questions: g.questions.len(),
            misconceptions: g.questions.iter().map(|r| r.mistakes.len()).sum(),
            flags: g.questions.iter().map(|r| r.flags.len()).sum(),
        });
        for mut f in outcome_flags(o) {
            self.flagged_total += 1;
            if self.flagged.len() < MAX_LISTED {
                f.outcome = input;
                self.flagged.push(f);
            }
        }
        match &o.signature {
            Some(s) => self.signatures.push(input, s),
            None => Ok(()),
        }
    }

    /// Pairs of graded submissions (input indexes) at least as alike as the dashboard's
    /// threshold; an error if the signatures could not be read back.
    pub fn duplicates(&mut self) -> std::io::Result<Vec<Duplicate>> {
        Ok(self
            .signatures
            .near_duplicates(DEFAULT_THRESHOLD)?
            .into_iter()
            .map(|(a, b, similarity)| Duplicate { a, b, similarity })
            .collect())
    }

    /// The scores of column `c` (a question), one per graded submission; a question missing
    /// from a result counts as not there.
    pub fn column(&self, c: usize) -> Vec<f64> {
        self.question_scores
            .column(c)
            .flatten()
            .map(f64::from)
            .collect()
    }

    /// The subtotals of exercise `ei`, one per graded submission.
    pub fn exercise(&self, ei: usize) -> Vec<f64> {
        self.exercise_scores
            .column(ei)
            .map(|x| f64::from(x.unwrap_or(f32::NAN)))
            .collect()
    }
}
