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
use std::path::{Path, PathBuf};

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
    let tmp = stage(path, bytes, true)?;
    commit(&tmp, path)
}

/// The marker in the names of temporary files: `.<name>.tmp-<process id>`.
const TMP_MARK: &str = ".tmp-";

/// Writes `bytes` to a hidden temporary file beside `path` and returns its path; `sync`
/// flushes it to disk (what makes the later rename durable across a power loss, at the cost
/// of a disk flush per file: per-learner files skip it, so a cohort of 100,000 is not
/// 300,000 flushes).
fn stage(path: &Path, bytes: &[u8], sync: bool) -> std::io::Result<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}{TMP_MARK}{}", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        if sync {
            f.sync_all().ok();
        }
        Ok(())
    })();
    written.map(|()| tmp.clone()).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Renames a staged file to its real name.
fn commit(tmp: &Path, path: &Path) -> std::io::Result<()> {
    std::fs::rename(tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(tmp);
    })
}

/// Removes hidden temporary files that a killed run left in `dir` (not recursive).
fn remove_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        // Only our own pattern, `.<name>.tmp-<process id>`: never a file of the user's.
        let ours = name
            .rsplit_once(TMP_MARK)
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if name.starts_with('.') && ours && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
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

/// Files staged under temporary names, renamed only once every output was produced.
#[derive(Default)]
struct Staged(std::sync::Mutex<Vec<(PathBuf, PathBuf)>>);

impl Staged {
    fn add(&self, dir: &Path, rel: &str, text: &str, sync: bool) -> anyhow::Result<()> {
        let path = dir.join(rel);
        let tmp = stage(&path, text.as_bytes(), sync)
            .with_context(|| format!("cannot write {}", path.display()))?;
        self.0
            .lock()
            .map_err(|_| anyhow::anyhow!("staging lock poisoned"))?
            .push((tmp, path));
        Ok(())
    }

    /// Removes every staged file (after a failure).
    fn discard(&self) {
        if let Ok(list) = self.0.lock() {
            for (tmp, _) in list.iter() {
                let _ = std::fs::remove_file(tmp);
            }
        }
    }

    /// Renames every staged file, `results.json` last.
    fn commit(self) -> anyhow::Result<()> {
        let mut list = self
            .0
            .into_inner()
            .map_err(|_| anyhow::anyhow!("staging lock poisoned"))?;
        list.sort_by_key(|(_, path)| path.file_name().is_some_and(|n| n == "results.json"));
        for (tmp, path) in &list {
            commit(tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }
}

/// Writes every output of `batch` into `dir`. Every file is first written under a hidden
/// temporary name; only when all were produced are they renamed, `results.json` last. A
/// template that fails for one learner leaves the folder as the last run left it, and hidden
/// temporary files that a killed run left behind are removed.
pub fn write_out(
    dir: &Path,
    rubric: &Rubric,
    batch: &Batch,
    tera: &Tera,
    opts: &OutOptions,
) -> anyhow::Result<()> {
    for sub in ["", "reports", "gradescope"] {
        remove_stale(&dir.join(sub));
    }
    let staged = Staged::default();
    let result = produce(dir, rubric, batch, tera, opts, &staged);
    match result {
        Ok(()) => staged.commit(),
        Err(e) => {
            staged.discard();
            Err(e)
        }
    }
}

fn produce(
    dir: &Path,
    rubric: &Rubric,
    batch: &Batch,
    tera: &Tera,
    opts: &OutOptions,
    staged: &Staged,
) -> anyhow::Result<()> {
    staged.add(
        dir,
        "results.json",
        &super::json::to_json(rubric, batch),
        true,
    )?;
    staged.add(
        dir,
        "grades.csv",
        &super::csv_export::to_csv(rubric, batch),
        true,
    )?;
    staged.add(
        dir,
        "canvas.csv",
        &super::canvas::to_csv(rubric, batch, &opts.assignment),
        true,
    )?;
    staged.add(
        dir,
        "moodle.csv",
        &super::moodle::to_csv(rubric, batch, &opts.assignment),
        true,
    )?;
    staged.add(
        dir,
        "junit.xml",
        &super::junit::to_xml(rubric, batch)?,
        true,
    )?;
    staged.add(
        dir,
        "gl-code-quality-report.json",
        &super::gitlab::to_json(rubric, batch),
        true,
    )?;

    let names = names(batch);
    let one = |i: usize| -> anyhow::Result<()> {
        let o = &batch.outcomes[i];
        let name = &names[i];
        staged.add(
            dir,
            &format!("gradescope/{name}.json"),
            &super::gradescope::to_json(rubric, o),
            false,
        )?;
        if let Ok(graded) = &o.result {
            staged.add(
                dir,
                &format!("reports/{name}.md"),
                &render_markdown(tera, rubric, o, graded)?,
                false,
            )?;
            staged.add(
                dir,
                &format!("reports/{name}.html"),
                &render_report(tera, rubric, o, graded)?,
                false,
            )?;
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
    staged.add(
        dir,
        "index.html",
        &super::dashboard::render_dashboard(tera, rubric, batch, &reports)?,
        true,
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
