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
    /// Print a blank Markdown answer sheet for a rubric.
    Template {
        /// The rubric file.
        rubric: PathBuf,
    },
}

/// Output format on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per submission: file, learner, score.
    Human,
    /// The JSON results document (docs/output-formats.md).
    Json,
}

#[derive(Debug, clap::Args)]
pub struct GradeArgs {
    /// The rubric file.
    pub rubric: PathBuf,
    /// Submission files and folders (searched recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = Format::Human, alias = "output-format")]
    pub format: Format,
    /// Write results.json and per-learner reports into this folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Folder of templates overriding the built-in ones by name.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Files larger than this many bytes are errors.
    #[arg(long, default_value_t = crate::submission::read::DEFAULT_MAX_BYTES)]
    pub max_file_size: u64,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}
