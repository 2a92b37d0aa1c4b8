//! `assay grade RUBRIC PATH...`: grade a batch, print the chosen format on stdout and the
//! summary on stderr, write `--out`, and exit 0 (all graded) or 2 (something failed).
//!
//! The batch is streamed (`batch::stream_batch`): each submission is rendered (its JSON, its
//! feedback report) on the thread that graded it and handed over in output order, and only
//! its file, learner and score are kept for the summary. The JSON document names the summary
//! before the submissions, so their JSON waits in a spool (memory, then a temporary file);
//! reports are written as they come, by a pool of writer threads, since each file is synced
//! to disk and a sync waits on the disk rather than the CPU. Memory stays flat however large
//! the cohort.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};

use crate::batch::spool::{self, DEFAULT_MEMORY, Spool};
use crate::batch::{Batch, BatchOptions, Outcome, discover, stream_batch};
use crate::cli::{Format, GradeArgs};
use crate::exit_code;
use crate::grade::Graded;
use crate::report::feedback::render_markdown;
use crate::report::out_dir::{safe_name, write_atomic, write_atomic_with};
use crate::report::templates::TemplateError;
use crate::report::{human, json, templates};

/// Threads writing report files for `--out`: each write ends with a sync that waits on the
/// disk, and syncs in flight together let the file system commit them together.
const WRITER_THREADS: usize = 16;

/// What the outputs need of one outcome, rendered on the grading thread.
struct Rendered {
    /// The outcome without its per-question results: enough for the summary.
    light: Outcome,
    /// Its place in the JSON document, compressed for the spool.
    json: Option<Vec<u8>>,
    /// Its feedback report (`--out`, graded submissions only).
    report: Option<Result<String, TemplateError>>,
}

pub fn run(args: &GradeArgs) -> u8 {
    let Some(rubric) = super::load_or_report(&args.rubric) else {
        return exit_code::ERROR;
    };
    let tera = match templates::load(args.templates.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return exit_code::ERROR;
        }
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let found = discover(&args.paths);
    let opts = BatchOptions {
        jobs,
        max_bytes: args.max_file_size,
        time_budget: std::time::Duration::from_secs_f64(args.time_budget.clamp(0.001, 86_400.0)),
    };
    let json_wanted = args.format == Format::Json || args.out.is_some();
    let render = |o: Outcome| {
        let json =
            json_wanted.then(|| spool::block(json::submission_fragment(&o, &rubric).as_bytes()));
        let report = match (&args.out, &o.result) {
            (Some(_), Ok(graded)) => Some(render_markdown(&tera, &rubric, &o, graded)),
            _ => None,
        };
        Rendered {
            light: light(o),
            json,
            report,
        }
    };

    let mut stdout = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let mut stdout_ok = true;
    let mut spool = Spool::new(DEFAULT_MEMORY);
    let mut spool_error: Option<std::io::Error> = None;
    let mut batch = Batch {
        outcomes: Vec::new(),
        skipped: Vec::new(),
    };
    let mut reports = args.out.as_deref().map(Reports::new);
    std::thread::scope(|scope| {
        if let Some(r) = &mut reports {
            r.start(scope);
        }
        batch.skipped = stream_batch(&rubric, found, &opts, render, |r| {
            if let Some(block) = &r.json {
                if let Err(e) = spool.push(block) {
                    spool_error.get_or_insert(e);
                }
            }
            if args.format == Format::Human && stdout_ok {
                let line = match &r.light.result {
                    Ok(g) => format!(
                        "{}\t{}\t{}/{}\n",
                        r.light.file, r.light.learner, g.score, g.max_score
                    ),
                    Err(_) => format!("{}\t{}\terror\n", r.light.file, r.light.learner),
                };
                stdout_ok = stdout.write_all(line.as_bytes()).is_ok();
            }
            if let (Some(reports), Some(report)) = (&mut reports, r.report) {
                reports.add(&r.light.learner, report);
            }
            batch.outcomes.push(r.light);
        });
        if let Some(r) = &mut reports {
            r.finish();
        }
    });
    if let Some(e) = spool_error {
        eprintln!("error: cannot hold the results in a temporary file: {e}");
        return exit_code::ERROR;
    }
    let count = batch.outcomes.len();
    if args.format == Format::Json && stdout_ok {
        stdout_ok = json::write_document(&mut stdout, &rubric, &batch, count, &mut |w| {
            spool.copy_to(w, b",\n", jobs)
        })
        .is_ok();
    }
    if !stdout_ok || stdout.flush().is_err() {
        return exit_code::ERROR;
    }
    let mut code = if batch.failed() > 0 {
        exit_code::ERROR
    } else {
        exit_code::OK
    };
    if let (Some(dir), Some(reports)) = (&args.out, reports) {
        // The results last, as before any report could fail: what a failed run leaves is the
        // results and the reports up to the failure.
        let path = dir.join("results.json");
        let written = write_atomic_with(&path, |w| {
            json::write_document(w, &rubric, &batch, count, &mut |w| {
                spool.copy_to(w, b",\n", jobs)
            })
        })
        .map_err(|e| format!("cannot write {}: {e}", path.display()));
        if let Some(e) = written.err().or(reports.error()) {
            eprintln!("error: {e}");
            code = exit_code::ERROR;
        }
    }
    if !args.quiet {
        eprint!("{}", human::summary(&batch));
    }
    code
}

/// What the summary needs of an outcome: file, learner, score or error.
fn light(o: Outcome) -> Outcome {
    Outcome {
        file: o.file,
        learner: o.learner,
        result: o.result.map(|g| Graded {
            score: g.score,
            max_score: g.max_score,
            exercises: Vec::new(),
            questions: Vec::new(),
        }),
        unplaced: Vec::new(),
    }
}

/// The feedback reports of `--out`: named in output order (names are unique within the run),
/// written by a pool of threads. After the first failure (a template that does not render,
/// a file that cannot be written) no further report is written.
struct Reports {
    dir: PathBuf,
    taken: BTreeSet<String>,
    tx: Option<mpsc::SyncSender<(PathBuf, String)>>,
    rx: Option<mpsc::Receiver<(PathBuf, String)>>,
    failure: Arc<Mutex<Option<String>>>,
}

impl Reports {
    fn new(dir: &Path) -> Reports {
        let (tx, rx) = mpsc::sync_channel(4 * WRITER_THREADS);
        Reports {
            dir: dir.to_path_buf(),
            taken: BTreeSet::new(),
            tx: Some(tx),
            rx: Some(rx),
            failure: Arc::new(Mutex::new(None)),
        }
    }

    /// Starts the writers in `scope`; they end when [`Reports::finish`] closes the channel.
    fn start<'s>(&mut self, scope: &'s std::thread::Scope<'s, '_>) {
        let Some(rx) = self.rx.take() else { return };
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..WRITER_THREADS {
            let rx = Arc::clone(&rx);
            let failure = Arc::clone(&self.failure);
            scope.spawn(move || {
                loop {
                    let next = lock(&rx).recv();
                    let Ok((path, md)) = next else { break };
                    if lock(&failure).is_some() {
                        continue;
                    }
                    if let Err(e) = write_atomic(&path, md.as_bytes()) {
                        lock(&failure)
                            .get_or_insert(format!("cannot write {}: {e}", path.display()));
                    }
                }
            });
        }
    }

    fn add(&mut self, learner: &str, report: Result<String, TemplateError>) {
        if lock(&self.failure).is_some() {
            return;
        }
        let name = safe_name(learner, &mut self.taken);
        match report {
            Ok(md) => {
                let path = self.dir.join("reports").join(format!("{name}.md"));
                let sent = self
                    .tx
                    .as_ref()
                    .is_some_and(|tx| tx.send((path, md)).is_ok());
                if !sent {
                    lock(&self.failure).get_or_insert("the report writers stopped".into());
                }
            }
            Err(e) => {
                lock(&self.failure).get_or_insert(e.to_string());
            }
        }
    }

    /// No more reports: the writers finish what they have and end.
    fn finish(&mut self) {
        self.tx = None;
    }

    /// The first failure (call once the writers have ended).
    fn error(&self) -> Option<String> {
        lock(&self.failure).clone()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
