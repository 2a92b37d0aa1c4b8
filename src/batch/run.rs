//! Grading a batch in parallel (`--jobs` threads): each input read and parsed on its own, so a
//! bad file becomes an error entry and the rest go on, then graded with a few neighbours,
//! question by question (`grade::grade_many`: the same result as alone, in less time). Results
//! come back in output order (by `file`), so the output is the same whatever the number of
//! threads.
//!
//! [`stream_batch`] hands each outcome to a sink as soon as every earlier one has been handed
//! over, with at most a small window of outcomes in flight, so a cohort of 100,000 needs no
//! more memory than one of 100; [`run_batch`] collects them all.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::time::{Duration, Instant};

use super::discover::{Found, Input, Skipped};
use super::failure::Failure;
use super::similarity::{Signature, signature};
use crate::grade::{Graded, OverBudget, grade_many};
use crate::rubric::Rubric;
use crate::submission::{Format, SheetLayout, Submission, Unplaced, read_submission};

/// Options of a batch run.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// Files larger than this are errors.
    pub max_bytes: u64,
    /// A file whose reading and grading take longer than this becomes an error entry (its
    /// own time, not that of the files graded beside it).
    pub time_budget: std::time::Duration,
    /// Reuse and store graded outcomes (`--out` without `--no-cache`).
    pub cache: Option<std::sync::Arc<super::cache::ResultsCache>>,
    /// Compute each submission's near-duplicate signature (needed by the dashboard, the
    /// results cache and a shard's results; not by the other outputs).
    pub signatures: bool,
    /// Rendered outcomes waiting for the sink may hold about this many bytes (as
    /// [`stream_batch`]'s `weigh` counts them) before a worker starts another group
    /// ([`HELD_BYTES_PER_JOB`] per thread by default).
    pub held_bytes: usize,
}

impl BatchOptions {
    /// The defaults for `jobs` threads (all cores when `None`).
    pub fn with_jobs(jobs: Option<usize>) -> BatchOptions {
        let jobs = jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        BatchOptions {
            jobs,
            max_bytes: crate::submission::read::DEFAULT_MAX_BYTES,
            time_budget: DEFAULT_TIME_BUDGET,
            cache: None,
            signatures: true,
            held_bytes: HELD_BYTES_PER_JOB.saturating_mul(jobs.max(2)),
        }
    }
}

/// The default of [`BatchOptions::held_bytes`], per worker thread. With `--out` an outcome
/// renders to some 400 KB (its piece of each cohort file and its reports), and when the sink
/// lags (it writes the files, and the disk is slow) the window of `WINDOW_PER_JOB` outcomes
/// alone let 20 to 45 MB wait with two threads, the largest part of the run's peak memory that
/// did not depend on the cohort's size. Bounding the bytes keeps what waits to this and at most
/// one group per worker more. Per thread: with a fixed bound, many threads would wait behind
/// one slow group at the head (a review's simulation: 5–17 % slower at 8 threads with 8 MB).
pub const HELD_BYTES_PER_JOB: usize = 4 << 20;

/// The default per-file time budget.
pub const DEFAULT_TIME_BUDGET: std::time::Duration = std::time::Duration::from_secs(10);

/// The outcome of one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub file: String,
    pub learner: String,
    pub result: Result<Graded, Failure>,
    pub unplaced: Vec<Unplaced>,
    /// A MinHash of the answers, for finding near-duplicate submissions (`None` for inputs
    /// that failed and for submissions too short to compare).
    pub signature: Option<Signature>,
}

/// All outcomes of a batch, and what was skipped (its counts and mean: [`Summary`](super::Summary)).
#[derive(Debug, Clone)]
pub struct Batch {
    pub outcomes: Vec<Outcome>,
    pub skipped: Vec<Skipped>,
    /// The shard graded (`--shard K/N`), when only a part of the inputs was.
    pub shard: Option<super::shard::Shard>,
}

/// Grades everything `found` lists, and collects the outcomes.
pub fn run_batch(rubric: &Rubric, found: Found, opts: &BatchOptions) -> Batch {
    let mut outcomes = Vec::with_capacity(found.inputs.len() + found.failed.len());
    // Every outcome is kept, so none weighs anything while it waits.
    let skipped = stream_batch(rubric, found, opts, |o| o, |_| 0, |o| outcomes.push(o));
    Batch {
        outcomes,
        skipped,
        shard: None,
    }
}

/// One entry of a batch, in output order: an input to grade, or a path that failed before
/// any file could be read.
enum Job<'a> {
    Grade(&'a Input),
    Failed(&'a str, &'a str),
}

impl Job<'_> {
    fn file(&self) -> &str {
        match self {
            Job::Grade(input) => input.file(),
            Job::Failed(file, _) => file,
        }
    }
}

/// Outcomes ahead of the sink, per worker thread (at least two groups).
const WINDOW_PER_JOB: usize = 32;

/// At most this many consecutive entries make a group: one worker reads them all, then grades
/// them together, question by question (`grade::grade_many`), which keeps each question's
/// patterns in the processor's caches.
const GROUP: usize = 16;

/// The parsed text a group grades at once, at most (and one more file): a group of large
/// files is graded in several rounds, so a worker never holds much more than this.
const GROUP_BYTES: usize = 1 << 20;

/// The group size for `n` entries and `jobs` threads: at most [`GROUP`], and small enough
/// that a small batch still makes four groups per thread.
fn group_size(n: usize, jobs: usize) -> usize {
    (n / jobs.saturating_mul(4).max(1)).clamp(1, GROUP)
}

/// Grades everything `found` lists with `opts.jobs` threads. Each outcome is turned into a `T`
/// by `work` on the thread that graded it (so rendering it is parallel too), and the `T`s are
/// handed to `sink` on the calling thread in output order: sorted by `file`, a path that
/// failed before reading after an input of the same name. Each thread takes a group of
/// consecutive entries at a time (see `GROUP`), and none starts a group more than a small
/// window ahead of the sink, nor while the `T`s waiting for the sink weigh `opts.held_bytes`
/// or more by `weigh` (unless the sink waits for that very group). Returns what discovery
/// skipped.
pub fn stream_batch<T: Send>(
    rubric: &Rubric,
    found: Found,
    opts: &BatchOptions,
    work: impl Fn(Outcome) -> T + Sync,
    weigh: impl Fn(&T) -> usize + Sync,
    mut sink: impl FnMut(T),
) -> Vec<Skipped> {
    let layout = rubric.layout();
    let mut jobs: Vec<Job<'_>> = found.inputs.iter().map(Job::Grade).collect();
    jobs.extend(found.failed.iter().map(|(f, m)| Job::Failed(f, m)));
    // Stable: an input before a path of the same name that failed in discovery.
    jobs.sort_by(|a, b| a.file().cmp(b.file()));
    let size = group_size(jobs.len(), opts.jobs);
    let groups: Vec<&[Job<'_>]> = jobs.chunks(size).collect();
    let run = |group: &[Job<'_>]| {
        grade_group(rubric, &layout, group, opts)
            .into_iter()
            .map(&work)
    };
    if opts.jobs <= 1 || groups.len() <= 1 {
        groups.iter().for_each(|g| run(g).for_each(&mut sink));
        return found.skipped;
    }
    let window = WINDOW_PER_JOB.max(2 * size).saturating_mul(opts.jobs);
    let next = AtomicUsize::new(0);
    // How many outcomes the sink has taken; workers wait while they would run too far ahead.
    let taken = (Mutex::new(0usize), Condvar::new());
    // What the `T`s made and not yet handed to the sink weigh. It falls only when the sink
    // takes one, which is also when `taken` changes and the waiting workers are woken.
    let held = AtomicUsize::new(0);
    // Set when a worker panics (a bug): the others stop instead of waiting for its outcome,
    // and the panic reaches the caller when the scope ends.
    let aborted = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(usize, T, usize)>();
    std::thread::scope(|scope| {
        for _ in 0..opts.jobs.min(groups.len()) {
            let tx = tx.clone();
            let (groups, next, taken, run, aborted) = (&groups, &next, &taken, &run, &aborted);
            let (held, weigh) = (&held, &weigh);
            scope.spawn(move || {
                let _abort = AbortOnPanic(aborted, taken);
                loop {
                    let g = next.fetch_add(1, Ordering::Relaxed);
                    if g >= groups.len() || aborted.load(Ordering::Relaxed) {
                        break;
                    }
                    let first = g * size;
                    {
                        let (lock, cv) = taken;
                        let mut t = lock.lock().unwrap_or_else(|e| e.into_inner());
                        // The group the sink waits for (`first == *t`) always goes on: the sink
                        // can take nothing held before this group's first outcome.
                        while first > *t
                            && (first >= *t + window
                                || held.load(Ordering::Relaxed) >= opts.held_bytes)
                            && !aborted.load(Ordering::Relaxed)
                        {
                            t = cv.wait(t).unwrap_or_else(|e| e.into_inner());
                        }
                    }
                    for (k, t) in run(groups[g]).enumerate() {
                        let bytes = weigh(&t);
                        held.fetch_add(bytes, Ordering::Relaxed);
                        if tx.send((first + k, t, bytes)).is_err() {
                            return;
                        }
                    }
                }
            });
        }
        drop(tx);
        // A panic in the sink (a bug) must not leave the workers waiting for it to take more.
        let _abort = AbortOnPanic(&aborted, &taken);
        let mut pending: BTreeMap<usize, (T, usize)> = BTreeMap::new();
        let mut want = 0;
        for (i, t, bytes) in rx {
            pending.insert(i, (t, bytes));
            let before = want;
            while let Some((t, bytes)) = pending.remove(&want) {
                sink(t);
                held.fetch_sub(bytes, Ordering::Relaxed);
                want += 1;
            }
            if want != before {
                let (lock, cv) = &taken;
                *lock.lock().unwrap_or_else(|e| e.into_inner()) = want;
                cv.notify_all();
            }
        }
    });
    found.skipped
}

/// Wakes the workers when a worker or the sink panics, so that none waits for an outcome or
/// for the sink.
struct AbortOnPanic<'a>(&'a AtomicBool, &'a (Mutex<usize>, Condvar));

impl Drop for AbortOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Relaxed);
            let (lock, cv) = self.1;
            let _t = lock.lock().unwrap_or_else(|e| e.into_inner());
            cv.notify_all();
        }
    }
}

fn learner_from_path(file: &str) -> String {
    Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string())
}

/// Reads and parses each entry of `group`, and grades those that parsed together, question by
/// question (`grade::grade_many`), in rounds of at most [`GROUP_BYTES`] of files: their
/// outcomes, in order. Each outcome is the one the entry would have alone.
fn grade_group(
    rubric: &Rubric,
    layout: &SheetLayout,
    group: &[Job<'_>],
    opts: &BatchOptions,
) -> Vec<Outcome> {
    let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(group.len());
    // Parsed and not yet graded: (place in `outcomes`, the submission), and their size.
    let mut round: Vec<(usize, Parsed<'_>)> = Vec::new();
    let mut round_bytes = 0;
    for (i, job) in group.iter().enumerate() {
        let read = match job {
            Job::Grade(input) => read_one(layout, input, opts),
            Job::Failed(file, message) => {
                Read::Known(failure(file, Failure::whole(format!("{file}: {message}"))))
            }
        };
        outcomes.push(None);
        match read {
            Read::Known(o) => outcomes[i] = Some(o),
            Read::Parsed(p) => {
                round_bytes += p.size;
                round.push((i, p));
            }
        }
        if round_bytes >= GROUP_BYTES || i + 1 == group.len() {
            grade_round(rubric, std::mem::take(&mut round), opts, &mut outcomes);
            round_bytes = 0;
        }
    }
    outcomes
        .into_iter()
        .map(|o| o.expect("every entry of a group has its outcome"))
        .collect()
}

/// Grades `round` together and puts each outcome in its place in `outcomes`.
fn grade_round(
    rubric: &Rubric,
    round: Vec<(usize, Parsed<'_>)>,
    opts: &BatchOptions,
    outcomes: &mut [Option<Outcome>],
) {
    let subs: Vec<&Submission> = round.iter().map(|(_, p)| &p.sub).collect();
    let budgets: Vec<Duration> = round
        .iter()
        .map(|(_, p)| opts.time_budget.saturating_sub(p.read))
        .collect();
    let graded = grade_many(rubric, &subs, &budgets);
    for ((i, p), g) in round.into_iter().zip(graded) {
        outcomes[i] = Some(p.outcome(g, opts));
    }
}

/// An input once read: its outcome already known, or a submission to grade.
enum Read<'i> {
    /// An error, or a result from the cache.
    Known(Outcome),
    Parsed(Parsed<'i>),
}

/// An input read and parsed, to grade.
struct Parsed<'i> {
    input: &'i Input,
    /// Its key in the results cache (with a cache).
    key: Option<String>,
    sub: Submission,
    /// The file's size in bytes.
    size: usize,
    /// The time reading and parsing took: counted against the file's time budget.
    read: Duration,
}

/// Reads and parses one input.
fn read_one<'i>(layout: &SheetLayout, input: &'i Input, opts: &BatchOptions) -> Read<'i> {
    let started = Instant::now();
    let bytes = match read_input(input, opts.max_bytes) {
        Ok(b) => b,
        Err(message) => return Read::Known(failure(input.file(), Failure::whole(message))),
    };
    let key = opts.cache.as_ref().map(|c| c.key(input.file(), &bytes));
    if let (Some(cache), Some(key)) = (&opts.cache, &key) {
        if let Some(o) = cache.get(key) {
            return Read::Known(o);
        }
    }
    let learner = learner_from_path(input.file());
    let format = Format::of(input.path());
    match format.map(|f| read_submission(&bytes, f, &learner, layout)) {
        Some(Ok(sub)) => Read::Parsed(Parsed {
            input,
            key,
            sub,
            size: bytes.len(),
            read: started.elapsed(),
        }),
        Some(Err(e)) => Read::Known(stored(
            opts,
            key.as_deref(),
            failure(input.file(), Failure::read(input.file(), &e)),
        )),
        None => Read::Known(failure(
            input.file(),
            Failure::whole(format!("{}: not a submission file type", input.file())),
        )),
    }
}

impl Parsed<'_> {
    /// The outcome of grading the submission (stored in the cache). A file over its time
    /// budget is an error entry like any other: its learner from the file's name, nothing
    /// unplaced, no signature.
    fn outcome(self, graded: Result<Graded, OverBudget>, opts: &BatchOptions) -> Outcome {
        let file = self.input.file();
        let outcome = match graded {
            Ok(graded) => Outcome {
                file: file.to_string(),
                signature: if opts.signatures {
                    signature(self.sub.answers.iter().map(|a| a.text.as_str()))
                } else {
                    None
                },
                learner: self.sub.learner,
                result: Ok(graded),
                unplaced: self.sub.unplaced,
            },
            Err(OverBudget) => failure(
                file,
                Failure::whole(format!(
                    "{file}: grading took longer than the {} s per-file budget (--time-budget)",
                    opts.time_budget.as_secs_f64()
                )),
            ),
        };
        stored(opts, self.key.as_deref(), outcome)
    }
}

/// Stores `outcome` in the results cache under `key` (with a cache), and returns it.
fn stored(opts: &BatchOptions, key: Option<&str>, outcome: Outcome) -> Outcome {
    if let (Some(cache), Some(key)) = (&opts.cache, key) {
        cache.put(key, &outcome);
    }
    outcome
}

/// The outcome of an input that could not be graded.
fn failure(file: &str, why: Failure) -> Outcome {
    Outcome {
        file: file.to_string(),
        learner: learner_from_path(file),
        result: Err(why),
        unplaced: Vec::new(),
        signature: None,
    }
}

/// The bytes of a submission file, within the size limit.
fn read_input(input: &Input, max_bytes: u64) -> Result<Vec<u8>, String> {
    if Format::of(input.path()).is_none() {
        return Err(format!("{}: not a submission file type", input.file()));
    }
    match std::fs::metadata(input.path()) {
        Ok(m) if m.len() > max_bytes => Err(format!(
            "{}: file is {} bytes, over the {max_bytes}-byte limit (--max-file-size)",
            input.file(),
            m.len()
        )),
        // Reading a named pipe would block forever.
        Ok(m) if !m.is_file() => Err(format!("{}: not a regular file", input.file())),
        Ok(_) => {
            std::fs::read(input.path()).map_err(|e| format!("{}: cannot read: {e}", input.file()))
        }
        Err(e) => Err(format!("{}: cannot read: {e}", input.file())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::load_str;

    const RUBRIC: &str = r#"
id: budget
title: Budget
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Which cache?
        concepts: [{ id: c, match: "redis", feedback: F1 }]
"#;

    #[test]
    fn a_file_over_its_budget_is_an_error_entry_like_any_other() {
        let rubric = load_str(RUBRIC, "budget.yaml").expect("valid");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("slow.md");
        std::fs::write(&path, "---\nlearner: someone-else\n---\n## E\n1. Redis.\n").unwrap();
        let found = Found {
            inputs: vec![Input::new("slow.md".into(), path)],
            failed: Vec::new(),
            skipped: Vec::new(),
        };
        let opts = BatchOptions {
            time_budget: Duration::ZERO,
            ..BatchOptions::with_jobs(Some(1))
        };
        let batch = run_batch(&rubric, found, &opts);
        let o = &batch.outcomes[0];
        assert_eq!(
            o.learner, "slow",
            "from the file's name, as for other errors"
        );
        assert!(o.unplaced.is_empty() && o.signature.is_none());
        let message = &o.result.as_ref().expect_err("over budget").message;
        assert!(
            message.starts_with("slow.md: grading took longer"),
            "{message}"
        );
    }

    /// With a slow sink, the workers run ahead only as far as the bytes allowed: here each
    /// outcome weighs 1 and 1 is allowed, so a worker starts a group only when nothing waits
    /// (or when the sink waits for that group), and at most a group per worker waits. The
    /// window of outcomes alone lets some 80 wait.
    #[test]
    fn what_waits_for_a_slow_sink_is_bounded_by_its_weight() {
        use std::sync::atomic::AtomicUsize;
        let rubric = load_str(RUBRIC, "budget.yaml").expect("valid");
        let n = 256;
        let found = Found {
            inputs: Vec::new(),
            failed: (0..n)
                .map(|i| (format!("f{i:04}.md"), "unreadable".to_string()))
                .collect(),
            skipped: Vec::new(),
        };
        let opts = BatchOptions {
            held_bytes: 1,
            ..BatchOptions::with_jobs(Some(2))
        };
        let (made, sunk, most) = (
            AtomicUsize::new(0),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        let mut files = Vec::new();
        stream_batch(
            &rubric,
            found,
            &opts,
            |o| {
                let waiting = made.fetch_add(1, Ordering::SeqCst) + 1 - sunk.load(Ordering::SeqCst);
                most.fetch_max(waiting, Ordering::SeqCst);
                o
            },
            |_| 1,
            |o| {
                std::thread::sleep(Duration::from_micros(200));
                sunk.fetch_add(1, Ordering::SeqCst);
                files.push(o.file);
            },
        );
        let want: Vec<String> = (0..n).map(|i| format!("f{i:04}.md")).collect();
        assert_eq!(files, want, "every entry, in order");
        let size = group_size(n, 2);
        assert_eq!(size, GROUP);
        let most = most.into_inner();
        assert!(most <= 2 * size, "{most} outcomes waited");
    }

    #[test]
    fn group_sizes_spread_small_batches_and_survive_absurd_job_counts() {
        assert_eq!(group_size(10_000, 2), GROUP);
        assert_eq!(group_size(16, 2), 2);
        assert_eq!(group_size(0, 2), 1);
        assert_eq!(group_size(5, usize::MAX / 2), 1);
    }
}
