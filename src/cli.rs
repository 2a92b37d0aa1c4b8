//! The command line, as clap reads it. `cmd/*` holds what each subcommand does.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Grade learners' written answers against a YAML rubric.
#[derive(Debug, Parser)]
#[command(name = "assay", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Grade submissions (files and folders of .md/.markdown/.yaml/.yml) against a rubric.
    Grade(GradeArgs),
    /// Combine the results of `grade --shard K/N` runs into one cohort result and its reports,
    /// byte for byte what grading every shard at once gives.
    Merge(MergeArgs),
    /// Check a rubric and report every problem as file:line:col.
    Lint {
        /// The rubric file.
        rubric: PathBuf,
    },
    /// Run the rubric's own examples (self-tests) and report like a test runner.
    Test {
        /// The rubric file.
        rubric: PathBuf,
    },
    /// CI mode: grade files, print a verdict per file, exit 1 below --fail-under.
    Check(CheckArgs),
    /// Compare assay's scores with human grades: agreement, kappa, QWK, Pearson r, errors.
    Calibrate(CalibrateArgs),
    /// Print a blank Markdown answer sheet for a rubric.
    Template {
        /// The rubric file.
        rubric: PathBuf,
    },
    /// Write a seeded synthetic cohort of full-sheet submissions (benchmarks; docs/benchmarks.md).
    #[command(hide = true)]
    GenerateCohort(GenerateArgs),
    /// Print the literal words of a rubric's patterns, one per line (benchmarks).
    #[command(hide = true)]
    RubricTerms {
        /// The rubric file.
        rubric: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// How many submissions.
    #[arg(long)]
    pub count: u64,
    /// The seed: the same seed gives byte-identical files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The folder to write into (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// The rubric whose sheet the submissions answer.
    #[arg(long, default_value = "rubrics/scaling-workshop.yaml")]
    pub rubric: PathBuf,
    /// A folder of sample submissions to take answers from (default: the embedded samples).
    #[arg(long)]
    pub from: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_parser = threads)]
    pub jobs: Option<usize>,
}

/// Output format of `assay grade` on stdout (docs/output-formats.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GradeFormat {
    /// One line per submission: file, learner, score.
    Human,
    /// The JSON results document.
    Json,
    /// One row per learner, a column per exercise and per question.
    Csv,
    /// Canvas gradebook import CSV.
    Canvas,
    /// Moodle grade import CSV (identifier, grade, feedback).
    Moodle,
    /// JUnit XML: a testsuite per learner, a testcase per question.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// Gradescope results.json (exactly one submission).
    Gradescope,
    /// GitHub Actions workflow-command annotations (`::error`/`::warning`).
    Github,
}

/// Output format of `calibrate` on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables of agreement figures, for reading.
    Human,
    /// The calibration report as JSON (docs/output-formats.md, `assay calibrate`).
    Json,
}

#[derive(Debug, clap::Args)]
pub struct GradeArgs {
    /// The rubric file.
    pub rubric: PathBuf,
    /// Submission files and folders (searched recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Grade only shard K of N (1-based): a deterministic 1/N of the inputs, chosen by a hash
    /// of each file's path below the paths given (the same from any working folder); combine
    /// the shards' results.json with `assay merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::batch::shard::Shard>,
    /// With --out: grade every submission afresh instead of reusing the results cache
    /// (DIR/.assay-cache/, keyed by the rubric, the file, --time-budget and assay's version).
    #[arg(long)]
    pub no_cache: bool,
    #[command(flatten)]
    pub limits: Limits,
}

/// How a batch is run, the same for `grade` and `check`: threads, and the limits that turn
/// one file into an error entry instead of stopping or stalling the batch.
#[derive(Debug, clap::Args)]
pub struct Limits {
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_parser = threads)]
    pub jobs: Option<usize>,
    /// Files larger than this many bytes are errors.
    #[arg(long, default_value_t = crate::submission::read::DEFAULT_MAX_BYTES)]
    pub max_file_size: u64,
    /// A file whose reading and grading take longer than this many seconds (its own time)
    /// becomes an error entry.
    #[arg(long, default_value_t = 10.0, value_parser = seconds)]
    pub time_budget: f64,
}

impl Limits {
    /// The batch options these limits ask for.
    pub fn batch_options(&self) -> crate::batch::BatchOptions {
        crate::batch::BatchOptions {
            max_bytes: self.max_file_size,
            time_budget: std::time::Duration::from_secs_f64(self.time_budget),
            ..crate::batch::BatchOptions::with_jobs(self.jobs)
        }
    }
}

/// Where and how `grade` and `merge` write their results.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = GradeFormat::Human, alias = "output-format")]
    pub format: GradeFormat,
    /// Write every output into this folder: results.json, grades.csv, canvas.csv, moodle.csv,
    /// junit.xml, gl-code-quality-report.json, gradescope/, reports/ and index.html.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The assignment's name in the Canvas and Moodle CSVs (default: the rubric's title); for
    /// Canvas, `Name (id)` updates that existing assignment.
    #[arg(long)]
    pub assignment: Option<String>,
    /// Folder of templates overriding the built-in ones by name.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The rubric the shards were graded with.
    pub rubric: PathBuf,
    /// The shards' results: results.json files, or the --out folders holding them.
    #[arg(required = true)]
    pub results: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Worker threads for rendering reports (default: all cores).
    #[arg(long, short = 'j', value_parser = threads)]
    pub jobs: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// The rubric file.
    pub rubric: PathBuf,
    /// The folder of submissions the human graded.
    pub submissions: PathBuf,
    /// The human grades (docs/human-grades-format.md).
    #[arg(long)]
    pub human: PathBuf,
    /// The score scale for kappa and agreement, as fractions of the points.
    #[arg(long, value_delimiter = ',', default_value = "0,0.25,0.5,0.75,1")]
    pub scale: Vec<f64>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// How many of the largest disagreements to list.
    #[arg(long, default_value_t = 15)]
    pub worst: usize,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_parser = threads)]
    pub jobs: Option<usize>,
    /// Exit 1 when the pooled quadratic-weighted kappa is below this.
    #[arg(long, value_parser = finite)]
    pub min_qwk: Option<f64>,
    /// Exit 1 when the pooled Cohen's kappa is below this.
    #[arg(long, value_parser = finite)]
    pub min_kappa: Option<f64>,
    /// Exit 1 when the pooled Pearson r is below this.
    #[arg(long, value_parser = finite)]
    pub min_pearson: Option<f64>,
    /// Exit 1 when exact agreement is below this fraction.
    #[arg(long, value_parser = finite)]
    pub min_exact: Option<f64>,
    /// Exit 1 when the mean absolute error (fraction of points) is above this.
    #[arg(long, value_parser = finite)]
    pub max_mae: Option<f64>,
    /// Exit 1 when misconception precision is below this.
    #[arg(long, value_parser = finite)]
    pub min_precision: Option<f64>,
    /// Exit 1 when misconception recall is below this.
    #[arg(long, value_parser = finite)]
    pub min_recall: Option<f64>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The rubric file.
    pub rubric: PathBuf,
    /// Submission files (or folders).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Exit 1 when a file scores below this percentage of the maximum (0 to 100).
    #[arg(long, default_value_t = 0.0, value_parser = percent)]
    pub fail_under: f64,
    #[command(flatten)]
    pub limits: Limits,
}

/// A finite number (a `calibrate` threshold of `NaN` would be met by every figure, or none).
fn finite(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("`{s}` is not a finite number")),
    }
}

/// A percentage, 0 to 100 (`--fail-under 150` would fail every file).
fn percent(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if (0.0..=100.0).contains(&x) => Ok(x),
        _ => Err(format!("`{s}` is not a percentage from 0 to 100")),
    }
}

/// A number of worker threads, 1 or more (`--jobs 0` ran one thread without a word).
fn threads(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "`{s}` is not a number of threads, 1 or more (leave `--jobs` out for one per core)"
        )),
    }
}

/// A positive, finite number of seconds (`NaN` or `inf` made the time budget panic).
fn seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && (0.001..=86_400.0).contains(&x) => Ok(x),
        _ => Err(format!(
            "`{s}` is not a number of seconds from 0.001 to 86400 (a day)"
        )),
    }
}
