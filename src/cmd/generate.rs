//! The benchmark helpers (hidden subcommands, documented in `docs/benchmarks.md`):
//! `assay generate-cohort --count N --seed S --out DIR` writes a seeded synthetic cohort
//! (see `cohort`), and `assay rubric-terms RUBRIC` prints the literal words of a rubric's
//! patterns, for comparing with a plain-text search.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;

use crate::cli::GenerateArgs;
use crate::cohort::{Pool, generate};
use crate::exit_code;

pub fn run(args: &GenerateArgs) -> u8 {
    let Some(rubric) = super::load_or_report(&args.rubric) else {
        return exit_code::ERROR;
    };
    let layout = rubric.layout();
    let pool = match &args.from {
        Some(dir) => read_samples(dir).and_then(|s| Pool::new(&s, &layout)),
        None => Pool::embedded(&layout),
    };
    let pool = match pool {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return exit_code::ERROR;
        }
    };
    let out = &args.out;
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("error: cannot create {}: {e}", out.display());
        return exit_code::ERROR;
    }
    if std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!(
            "error: {} is not empty; generate a cohort into a new folder",
            out.display()
        );
        return exit_code::ERROR;
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let write = |i: u64| -> Result<bool, String> {
        let g = generate(&pool, &layout, args.seed, i);
        let path = out.join(&g.name);
        std::fs::write(&path, g.content.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(g.name.ends_with(".yaml"))
    };
    let result: Result<Vec<bool>, String> =
        match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
            Ok(p) => p.install(|| (0..args.count).into_par_iter().map(write).collect()),
            Err(_) => (0..args.count).map(write).collect(),
        };
    match result {
        Ok(kinds) => {
            let yaml = kinds.iter().filter(|&&y| y).count();
            eprintln!(
                "assay: wrote {} submissions ({} Markdown, {yaml} YAML) to {} from {} sample answers, seed {}",
                kinds.len(),
                kinds.len() - yaml,
                out.display(),
                pool.len(),
                args.seed
            );
            exit_code::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit_code::ERROR
        }
    }
}

/// The sample submissions in `dir` (not below it), sorted by name.
fn read_samples(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut out = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let path = e.path();
        if !path.is_file() || crate::submission::Format::of(&path).is_none() {
            continue;
        }
        let name = e.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        out.push((name, text));
    }
    out.sort();
    Ok(out)
}

/// `assay rubric-terms RUBRIC`: every literal word of the rubric's patterns (words as
/// written, stems, exact words, prefixes; not `re:` patterns), sorted, one per line.
pub fn terms(rubric: &Path) -> u8 {
    let Some(rubric) = super::load_or_report(rubric) else {
        return exit_code::ERROR;
    };
    let mut words = BTreeSet::new();
    for q in rubric.exercises.iter().flat_map(|e| &e.questions) {
        let patterns = q
            .concepts
            .iter()
            .flat_map(|c| c.patterns.iter().chain(&c.all).chain(&c.unless))
            .chain(
                q.mistakes
                    .iter()
                    .flat_map(|m| m.patterns.iter().chain(&m.all).chain(&m.unless)),
            )
            .chain(q.numbers.iter().flat_map(|n| &n.near));
        for p in patterns {
            words.extend(p.literals(&rubric.lexicon));
        }
    }
    let mut s = String::new();
    for w in words.iter().filter(|w| !w.is_empty()) {
        s.push_str(w);
        s.push('\n');
    }
    if let Err(code) = super::stdout::write(&s) {
        return code;
    }
    exit_code::OK
}
