//! Writing a batch as its outcomes come, in output order (shared by `grade` and `merge`): the
//! `--format` document on stdout, `--out DIR`, and the summary on stderr. Each outcome is
//! rendered on the thread that graded it ([`Plan::render`]); the [`Emitter`] writes the parts
//! and keeps only each input's file, learner and score, so memory does not grow with the
//! cohort beyond that and the dashboard's tally.

use std::io::{Seek, Write};

use crate::batch::{Found, Ledger, Outcome, Summary};
use crate::cli::{GradeFormat, OutputArgs};
use crate::exit_code;
use crate::report::document::{Document, Piece, Writer};
use crate::report::feedback::PlainView;
use crate::report::out_dir::{self, OutOptions, OutWriter};
use crate::report::templates::Templates;
use crate::report::{gradescope, human, templates};
use crate::rubric::Rubric;

/// Why `--format gradescope` grades nothing in `found` (no submission file, or several), in
/// the learner's words: the results say it to them.
pub fn gradescope_needs_one(found: &Found) -> String {
    let files = |names: Vec<&str>| names.join(", ");
    let inputs: Vec<&str> = found
        .inputs
        .iter()
        .map(|i| i.file())
        .chain(found.failed.iter().map(|(f, _)| f.as_str()))
        .collect();
    match inputs.len() {
        0 if found.skipped.is_empty() => {
            "assay found no file to grade: upload your answers as one \
             Markdown (.md) or YAML (.yaml) file"
                .to_string()
        }
        0 => format!(
            "assay found no submission file to grade, only {}: upload your answers as one \
             Markdown (.md) or YAML (.yaml) file",
            found
                .skipped
                .iter()
                .map(|s| format!("{} ({})", s.file, s.reason))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        n => format!(
            "--format gradescope grades one submission file, and {n} were found ({}): upload \
             your answers as one file",
            files(inputs)
        ),
    }
}

/// What to do instead, after `--format gradescope` was refused for `n` submissions: each
/// submission's Gradescope results are what `--out DIR` writes (when given, that is said).
pub fn gradescope_hint(n: usize, out: Option<&std::path::Path>) -> String {
    match (n, out) {
        (0 | 1, _) => String::new(),
        (_, None) => " (or use --out DIR for gradescope/<learner>.json per submission)".to_string(),
        (_, Some(dir)) => format!(
            " (--out writes each submission's to {}: leave out --format gradescope)",
            dir.join("gradescope").display()
        ),
    }
}

/// What the grading threads need to render an outcome.
pub struct Plan<'a> {
    rubric: &'a Rubric,
    /// The stdout document (`None` for `--format gradescope`).
    stdout: Option<Document>,
    out: Option<out_dir::Plan<'a>>,
}

/// One outcome, rendered.
pub struct Rendered {
    outcome: Outcome,
    stdout: anyhow::Result<Piece>,
    gradescope: Option<String>,
    out: Option<out_dir::Rendered>,
}

impl<'a> Plan<'a> {
    pub fn new(
        rubric: &'a Rubric,
        templates: &'a Templates,
        args: &OutputArgs,
        jobs: usize,
        shard: Option<crate::batch::shard::Shard>,
    ) -> Plan<'a> {
        let assignment = assignment(rubric, args);
        let stdout = match args.format {
            GradeFormat::Human => Some(Document::Human),
            GradeFormat::Json => Some(Document::Json {
                shard: shard.clone(),
            }),
            GradeFormat::Csv => Some(Document::Csv),
            GradeFormat::Canvas => Some(Document::Canvas(assignment.clone())),
            GradeFormat::Moodle => Some(Document::Moodle(assignment.clone())),
            GradeFormat::Junit => Some(Document::Junit),
            GradeFormat::Gitlab => Some(Document::Gitlab),
            GradeFormat::Github => Some(Document::Github),
            GradeFormat::Gradescope => None,
        };
        let out = args.out.as_ref().map(|_| {
            out_dir::Plan::new(rubric, templates, &OutOptions { assignment, jobs }, shard)
        });
        Plan {
            rubric,
            stdout,
            out,
        }
    }

    /// Renders one outcome for every output (on a grading thread).
    pub fn render(&self, outcome: Outcome) -> Rendered {
        // The learner's view, built once for every output that reads it.
        let views = PlainView::new(self.rubric, &outcome);
        let out = self.out.as_ref().map(|p| p.render_in(&outcome, &views));
        let stdout = match &self.stdout {
            Some(doc) => {
                // A document that `--out` writes too (`--format json` and `results.json`):
                // the same bytes, rendered once.
                let shared = self
                    .out
                    .as_ref()
                    .zip(out.as_ref())
                    .and_then(|(plan, r)| plan.piece_of(r, doc));
                match shared {
                    Some(piece) => Ok(piece.clone()),
                    None => doc.piece_in(self.rubric, &outcome, &views),
                }
            }
            None => Ok(Piece::default()),
        };
        // `--format gradescope`: the file `--out` rendered for this input, if it did.
        let gradescope = self.stdout.is_none().then(|| match &out {
            Some(r) => String::from_utf8_lossy(r.gradescope()).into_owned(),
            None => gradescope::to_json_in(self.rubric, &outcome, &views),
        });
        drop(views);
        Rendered {
            outcome,
            stdout,
            gradescope,
            out,
        }
    }
}

impl Rendered {
    /// The bytes its rendered texts hold while it waits for the writer (the bound of
    /// [`BatchOptions::held_bytes`](crate::batch::BatchOptions::held_bytes)).
    pub fn held_bytes(&self) -> usize {
        let stdout = self.stdout.as_ref().map_or(0, Piece::held_bytes);
        let gradescope = self.gradescope.as_ref().map_or(0, String::capacity);
        let out = self.out.as_ref().map_or(0, out_dir::Rendered::held_bytes);
        stdout + gradescope + out
    }
}

fn assignment(rubric: &Rubric, args: &OutputArgs) -> String {
    args.assignment
        .clone()
        .unwrap_or_else(|| rubric.title.clone())
}

/// Takes the rendered outcomes in output order and writes them.
pub struct Emitter<'a> {
    rubric: &'a Rubric,
    args: &'a OutputArgs,
    jobs: usize,
    stdout: Option<Writer<StdoutSink>>,
    /// `--format gradescope`: the first input's results, and how many inputs there were.
    gradescope: (Option<String>, usize),
    out: Option<OutWriter<'a>>,
    /// Each outcome's file, learner and score, and the skipped paths, for the summaries.
    pub batch: Ledger,
    /// The first failure to write stdout, and `--out`.
    stdout_error: Option<anyhow::Error>,
    out_error: Option<anyhow::Error>,
}

/// When the stdout document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StdoutMode {
    /// As the outcomes come (`grade`: nothing can fail part-way but writing itself).
    Streamed,
    /// Into a temporary file, copied to stdout only once every outcome has been taken
    /// (`merge`, which may find a bad shard part-way and must then write nothing).
    Held,
}

/// Where the stdout document goes (see [`StdoutMode`]).
pub enum StdoutSink {
    Streamed(std::io::BufWriter<std::io::Stdout>),
    Held(std::io::BufWriter<std::fs::File>),
}

impl StdoutSink {
    fn new(mode: StdoutMode) -> anyhow::Result<StdoutSink> {
        const BUFFER: usize = 1 << 20;
        Ok(match mode {
            StdoutMode::Streamed => {
                StdoutSink::Streamed(std::io::BufWriter::with_capacity(BUFFER, std::io::stdout()))
            }
            StdoutMode::Held => {
                let file = tempfile::tempfile().map_err(|e| {
                    anyhow::anyhow!(
                        "cannot make a temporary file to hold stdout until the end: {e}"
                    )
                })?;
                StdoutSink::Held(std::io::BufWriter::with_capacity(BUFFER, file))
            }
        })
    }

    /// Ends the document: a held one is copied to stdout now.
    fn end(self) -> std::io::Result<()> {
        match self {
            StdoutSink::Streamed(mut w) => w.flush(),
            StdoutSink::Held(w) => {
                let mut file = w.into_inner().map_err(|e| e.into_error())?;
                file.rewind()?;
                let mut out = std::io::stdout().lock();
                std::io::copy(&mut file, &mut out)?;
                out.flush()
            }
        }
    }
}

impl Write for StdoutSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            StdoutSink::Streamed(w) => w.write(buf),
            StdoutSink::Held(w) => w.write(buf),
        }
    }
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            StdoutSink::Streamed(w) => w.write_all(buf),
            StdoutSink::Held(w) => w.write_all(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            StdoutSink::Streamed(w) => w.flush(),
            StdoutSink::Held(w) => w.flush(),
        }
    }
}

impl<'a> Emitter<'a> {
    /// Starts the outputs (opens `--out`, and the temporary file of a held stdout); an error
    /// there is reported by the caller.
    pub fn new(
        plan: &Plan<'a>,
        args: &'a OutputArgs,
        jobs: usize,
        shard: Option<crate::batch::shard::Shard>,
        mode: StdoutMode,
    ) -> anyhow::Result<Emitter<'a>> {
        let stdout = match plan.stdout.clone() {
            Some(d) => Some(Writer::new(d, StdoutSink::new(mode)?)),
            None => None,
        };
        let out = match (&args.out, &plan.out) {
            (Some(dir), Some(p)) => Some(OutWriter::open(dir, p, jobs)?),
            _ => None,
        };
        Ok(Emitter {
            rubric: plan.rubric,
            args,
            jobs,
            stdout,
            gradescope: (None, 0),
            out,
            batch: Ledger::new(shard),
            stdout_error: None,
            out_error: None,
        })
    }

    /// Makes room for `inputs` outcomes at once (the ledger and `--out`'s tally), so that
    /// they never double and copy as they grow.
    pub fn expect(&mut self, inputs: usize) {
        self.batch.expect(inputs);
        if let Some(out) = &mut self.out {
            out.expect(inputs);
        }
    }

    /// Writes the next outcome.
    pub fn add(&mut self, r: Rendered) {
        let Rendered {
            outcome,
            stdout,
            gradescope,
            out,
        } = r;
        if self.stdout_error.is_none() {
            let written = match &mut self.stdout {
                Some(w) => stdout.and_then(|p| Ok(w.push(self.rubric, p)?)),
                None => {
                    self.gradescope.1 += 1;
                    if self.gradescope.0.is_none() {
                        self.gradescope.0 = gradescope;
                    }
                    Ok(())
                }
            };
            if let Err(e) = written {
                self.stdout_error = Some(e);
            }
        }
        if let (Some(w), Some(r)) = (&mut self.out, out) {
            if let Err(e) = w.add(&outcome, r) {
                w.discard();
                self.out = None;
                self.out_error = Some(e);
            }
        }
        self.batch.add(outcome);
    }

    /// Gives up: what `--out` staged is removed, and the folder stays as it was.
    pub fn abort(mut self) {
        if let Some(out) = &mut self.out {
            out.discard();
        }
    }

    /// Ends every output and prints the summary; returns the exit code.
    pub fn finish(self) -> u8 {
        self.finish_with_out().0
    }

    /// [`Emitter::finish`], also saying whether `--out`, if given, was written whole (when it
    /// was not, the folder was left as it was).
    pub fn finish_with_out(mut self) -> (u8, bool) {
        let mut code = if self.batch.failed() > 0 {
            exit_code::ERROR
        } else {
            exit_code::OK
        };
        let stdout_ok = match (self.stdout_error.take(), self.stdout.take()) {
            (Some(e), _) => Err(e),
            (None, Some(w)) => w
                .finish(self.rubric, &self.batch, self.jobs)
                .and_then(|sink| Ok(sink.end()?)),
            (None, None) => match &self.gradescope {
                (Some(json), 1) => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(json.as_bytes())
                        .and_then(|()| out.flush())
                        .map_err(anyhow::Error::from)
                }
                (_, n) => Err(anyhow::anyhow!(
                    "--format gradescope writes the results of one submission, and {n} were \
                     graded: choose another --format{}",
                    gradescope_hint(*n, self.args.out.as_deref())
                )),
            },
        };
        if let Err(e) = stdout_ok {
            // A closed pipe is not worth a message; anything else is.
            code = match e.downcast_ref::<std::io::Error>() {
                Some(io) => super::stdout::failed(io),
                None => {
                    eprintln!("error: {e:#}");
                    exit_code::ERROR
                }
            };
        }
        let out = match (self.out_error.take(), self.out.take()) {
            (Some(e), _) => Err(e),
            (None, Some(out)) => out.finish(&self.batch),
            (None, None) => Ok(()),
        };
        let out_written = out.is_ok();
        if let Err(e) = out {
            report_error(e, self.args);
            code = exit_code::ERROR;
        }
        if !self.args.quiet {
            anstream::eprint!("{}", human::summary(&self.batch));
        }
        (code, out_written)
    }
}

fn report_error(e: anyhow::Error, args: &OutputArgs) {
    let e = match e.downcast::<templates::TemplateError>() {
        Ok(t) => anyhow::Error::new(templates::locate(t, args.templates.as_deref())),
        Err(e) => e,
    };
    eprintln!("error: {e:#}");
}
