//! Writing `--out DIR`: every output of a run, each file written to a temporary name in its
//! folder and renamed, so the folder never holds a partial file (the cohort-wide files are
//! also flushed to disk before the rename; per-learner files are not, which keeps a large
//! cohort from costing a disk flush per file). Reports are rendered in parallel (`--jobs`). Learner ids become safe,
//! portable, unique file names, the same for a learner's reports and Gradescope results.
//!
//! | file | content |
//! |---|---|
//! | `results.json` | the JSON document (`json`) |
//! | `grades.csv` | the generic CSV (`csv_export`) |
//! | `canvas.csv`, `moodle.csv` | gradebook imports (`canvas`, `moodle`) |
//! | `junit.xml` | JUnit XML (`junit`) |
//! | `gl-code-quality-report.json` | GitLab Code Quality (`gitlab`) |
//! | `gradescope/<learner>.json` | Gradescope results, one per input (`gradescope`) |
//! | `reports/<learner>.md`, `reports/<learner>.html` | feedback reports, one per graded input |
//! | `index.html` | the cohort dashboard (`dashboard`) |

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use rayon::prelude::*;
use tera::Tera;

use super::feedback::render_markdown;
use super::html::render_report;
use crate::batch::Batch;
use crate::rubric::Rubric;

/// Options of `--out`.
#[derive(Debug, Clone)]
pub struct OutOptions {
    /// The assignment's name in the Canvas and Moodle CSVs.
    pub assignment: String,
    /// Worker threads for rendering reports.
    pub jobs: usize,
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename),
/// flushed to disk before the rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_renamed(path, bytes, true)
}

/// Writes to a temporary name in `path`'s folder and renames; `sync` flushes the file to disk
/// first (what makes the rename durable across a power loss, at the cost of a disk flush per
/// file: per-learner files skip it, so a cohort of 100,000 is not 300,000 flushes).
fn write_renamed(path: &Path, bytes: &[u8], sync: bool) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        if sync {
            f.sync_all().ok();
        }
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// A file name for a learner id: ASCII letters, digits, `-`, `_` and `.` kept, anything else
/// `_`; no leading dot; Windows device names (`CON`, `NUL`, …) prefixed; at most 80 bytes;
/// unique within `taken` (a `-2`, `-3`… suffix).
pub fn safe_name(id: &str, taken: &mut BTreeSet<String>) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    s = s.trim_start_matches('.').to_string();
    s.truncate(80);
    if s.is_empty() {
        s = "learner".into();
    }
    let stem = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    const DEVICES: &[&str] = &[
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
        "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];
    if DEVICES.contains(&stem.as_str()) {
        s = format!("_{s}");
    }
    let base = s.clone();
    let mut n = 2;
    while !taken.insert(s.to_ascii_lowercase()) {
        s = format!("{base}-{n}");
        n += 1;
    }
    s
}

/// The file name (without extension) of each outcome's reports and Gradescope results, in the
/// order of `batch.outcomes`.
pub fn names(batch: &Batch) -> Vec<String> {
    let mut taken = BTreeSet::new();
    batch
        .outcomes
        .iter()
        .map(|o| safe_name(&o.learner, &mut taken))
        .collect()
}

/// Writes `dir/rel` atomically; `sync` as in [`write_renamed`].
fn write_file(dir: &Path, rel: &str, text: &str, sync: bool) -> anyhow::Result<()> {
    let path = dir.join(rel);
    write_renamed(&path, text.as_bytes(), sync)
        .with_context(|| format!("cannot write {}", path.display()))
}

fn write(dir: &Path, rel: &str, text: &str) -> anyhow::Result<()> {
    write_file(dir, rel, text, true)
}

/// Writes every output of `batch` into `dir`. Template problems stop the run at the first one.
pub fn write_out(
    dir: &Path,
    rubric: &Rubric,
    batch: &Batch,
    tera: &Tera,
    opts: &OutOptions,
) -> anyhow::Result<()> {
    write(dir, "results.json", &super::json::to_json(rubric, batch))?;
    write(dir, "grades.csv", &super::csv_export::to_csv(rubric, batch))?;
    write(
        dir,
        "canvas.csv",
        &super::canvas::to_csv(rubric, batch, &opts.assignment),
    )?;
    write(
        dir,
        "moodle.csv",
        &super::moodle::to_csv(rubric, batch, &opts.assignment),
    )?;
    write(dir, "junit.xml", &super::junit::to_xml(rubric, batch)?)?;
    write(
        dir,
        "gl-code-quality-report.json",
        &super::gitlab::to_json(rubric, batch),
    )?;

    let names = names(batch);
    let one = |i: usize| -> anyhow::Result<()> {
        let o = &batch.outcomes[i];
        let name = &names[i];
        let json = super::gradescope::to_json(rubric, o);
        write_file(dir, &format!("gradescope/{name}.json"), &json, false)?;
        if let Ok(graded) = &o.result {
            let md = render_markdown(tera, rubric, o, graded)?;
            write_file(dir, &format!("reports/{name}.md"), &md, false)?;
            let html = render_report(tera, rubric, o, graded)?;
            write_file(dir, &format!("reports/{name}.html"), &html, false)?;
        }
        Ok(())
    };
    let indices: Vec<usize> = (0..batch.outcomes.len()).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build();
    match pool {
        Ok(pool) if opts.jobs > 1 => {
            pool.install(|| indices.par_iter().try_for_each(|&i| one(i)))?
        }
        _ => indices.iter().try_for_each(|&i| one(i))?,
    }

    let reports: Vec<Option<String>> = batch
        .outcomes
        .iter()
        .zip(&names)
        .map(|(o, n)| o.result.is_ok().then(|| n.clone()))
        .collect();
    write(
        dir,
        "index.html",
        &super::dashboard::render_dashboard(tera, rubric, batch, &reports)?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learner_ids_become_safe_unique_names() {
        let mut t = BTreeSet::new();
        assert_eq!(safe_name("../../etc/passwd", &mut t), "_.._etc_passwd");
        assert_eq!(safe_name("CON", &mut t), "_CON");
        assert_eq!(safe_name("a/b", &mut t), "a_b");
        assert_eq!(safe_name("a\\b", &mut t), "a_b-2");
        assert_eq!(safe_name("<script>", &mut t), "_script_");
        assert_eq!(safe_name("", &mut t), "learner");
        assert_eq!(safe_name("Ana", &mut t), "Ana");
        assert_eq!(safe_name("ana", &mut t), "ana-2");
    }
}
