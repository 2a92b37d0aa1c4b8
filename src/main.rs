//! The `assay` binary: parse the command line, run the subcommand, exit with its code.

use std::process::ExitCode;

use clap::Parser;

use assay::cli::{Cli, Command};
use assay::cmd;

/// jemalloc: grading and rendering allocate many short-lived strings on every thread beside
/// the batch's long-lived small records; with the system allocator that fragments (`--out` at
/// 100,000 peaked at 385 MB, against about 165 MB with jemalloc) and costs about a fifth more
/// CPU (docs/benchmarks.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match &cli.command {
        Command::Grade(args) => cmd::grade::run(args),
        Command::Merge(args) => cmd::merge::run(args),
        Command::Lint { rubric } => cmd::lint::run(rubric),
        Command::Test { rubric } => cmd::test::run(rubric),
        Command::Template { rubric } => cmd::template::run(rubric),
        Command::Calibrate(args) => cmd::calibrate::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::GenerateCohort(args) => cmd::generate::run(args),
        Command::RubricTerms { rubric } => cmd::generate::terms(rubric),
    };
    ExitCode::from(code)
}
