//! Writing `--out DIR`: every output of a run, written as the outcomes come (each input's
//! parts rendered on the thread that graded it), each file under a hidden temporary name in
//! its folder and renamed once everything was produced, so the folder never holds a partial
//! file or a mix of two runs (the cohort-wide files are also flushed to disk before the
//! rename; per-learner files are not, which keeps a large cohort from costing a disk flush per
//! file). Learner ids become safe, portable, unique file names, the same for a learner's
//! reports and Gradescope results.
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

use super::document::{Document, Piece, Writer};
use super::feedback::PlainView;
use super::feedback::{render, render_markdown};
use super::html::render_report_of;
use super::learner_files;
use super::tally::Tally;
use super::templates::{TemplateError, Templates};
use crate::batch::shard::Shard;
use crate::batch::{Outcome, Summary};
use crate::rubric::Rubric;

/// Options of `--out`.
#[derive(Debug, Clone)]
pub struct OutOptions {
    /// The assignment's name in the Canvas and Moodle CSVs.
    pub assignment: String,
    /// Worker threads for rendering reports.
    pub jobs: usize,
}

/// Whether `dir` is a folder an `--out` run wrote: it holds the two files every such run writes.
/// (When it is searched for submissions, only its `reports/` and `gradescope/` are left out:
/// it may hold the submissions too.)
pub fn is_earlier_out(dir: &Path) -> bool {
    ["results.json", "grades.csv"]
        .iter()
        .all(|f| dir.join(f).is_file())
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename),
/// flushed to disk before the rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = stage(path, bytes, true)?;
    commit(&tmp, path)
}

/// The marker in the names of temporary files: `.<name>.tmp-<process id>`.
const TMP_MARK: &str = ".tmp-";

/// The folders `--out` writes inside its folder: the learners' reports and Gradescope files.
/// Grading a folder that holds this run's `--out` folder, or an earlier one, leaves them out
/// (`batch::discover_outside`), so a second run does not grade the first run's reports.
pub const SUBFOLDERS: [&str; 2] = ["reports", "gradescope"];

/// The cohort-wide files of `--out` but the dashboard, in the order they are committed
/// (`results.json` last); see `documents`.
const DOCUMENTS: [&str; 6] = [
    "grades.csv",
    "canvas.csv",
    "moodle.csv",
    "junit.xml",
    "gl-code-quality-report.json",
    "results.json",
];

/// The cohort dashboard.
const DASHBOARD: &str = "index.html";

/// Whether `name`, at the top of an `--out` folder, is what `--out` writes there: a
/// cohort-wide file, the dashboard, the folders of [`SUBFOLDERS`], the results cache (with
/// the list of learner files in it) or a temporary file. Discovery leaves these out of this
/// run's `--out` folder when it lies in a folder searched for submissions
/// (`batch::discover_outside`): a second run then finds exactly what the first one found.
pub fn is_own_output(name: &std::ffi::OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    DOCUMENTS.contains(&name)
        || name == DASHBOARD
        || SUBFOLDERS.contains(&name)
        || name == crate::batch::cache::CACHE_DIR
        || is_temp_name(name)
}

/// Whether `name` is that of a temporary file of ours, `.<name>.tmp-<process id>` (see
/// `temp_name`).
fn is_temp_name(name: &str) -> bool {
    name.starts_with('.')
        && name
            .rsplit_once(TMP_MARK)
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes `bytes` to a hidden temporary file beside `path` and returns its path; `sync`
/// flushes it to disk (what makes the later rename durable across a power loss, at the cost
/// of a disk flush per file: per-learner files skip it, so a cohort of 100,000 is not
/// 300,000 flushes).
fn stage(path: &Path, bytes: &[u8], sync: bool) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    let tmp = temp_name(path);
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

/// The hidden temporary name of `path` in its folder: `.<name>.tmp-<process id>`.
fn temp_name(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}{TMP_MARK}{}", std::process::id()))
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
        if is_temp_name(&name) && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The most bytes of a learner file name (before its `.md`, `.html` or `.json`); every byte
/// is an ASCII character, so it is as many characters.
pub const MAX_NAME_BYTES: usize = 80;

/// A file name for a learner id: ASCII letters, digits, `-`, `_` and `.` kept, anything else
/// `_`; no leading dot; Windows device names (`CON`, `NUL`, …) prefixed; unique within
/// `taken` (a `-2`, `-3`… suffix); at most [`MAX_NAME_BYTES`] bytes, the prefix and the
/// suffix included (the id is cut to leave room for them).
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
    s.truncate(MAX_NAME_BYTES);
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
        // The prefix keeps `_CON`: only the end of a long id is cut.
        s.truncate(MAX_NAME_BYTES);
    }
    let base = s.clone();
    let mut n = 2;
    while !taken.insert(s.to_ascii_lowercase()) {
        let suffix = format!("-{n}");
        // (All ASCII: any byte is a character boundary.)
        s = format!(
            "{}{suffix}",
            &base[..base.len().min(MAX_NAME_BYTES - suffix.len())]
        );
        n += 1;
    }
    s
}

/// The file name of input `i` of `summary`: its own, or its learner id.
fn file_name<'b>(own: &'b Option<Box<str>>, summary: &'b dyn Summary, i: usize) -> &'b str {
    match own {
        Some(name) => name,
        None => summary.entry(i).learner,
    }
}

/// The cohort-wide files of `--out`, in the order they are committed (`results.json` last).
fn documents(assignment: &str, shard: Option<Shard>) -> Vec<(&'static str, Document)> {
    let [grades, canvas, moodle, junit, gitlab, results] = DOCUMENTS;
    vec![
        (grades, Document::Csv),
        (canvas, Document::Canvas(assignment.to_string())),
        (moodle, Document::Moodle(assignment.to_string())),
        (junit, Document::Junit),
        (gitlab, Document::Gitlab),
        (results, Document::Json { shard }),
    ]
}

/// What `--out` needs of one input, rendered on the thread that graded it.
pub struct Rendered {
    /// Its piece of each cohort-wide file, in the order of [`documents`].
    pieces: Vec<anyhow::Result<Piece>>,
    gradescope: Vec<u8>,
    /// Its feedback reports (graded inputs only): Markdown and HTML.
    reports: Option<Result<(String, String), TemplateError>>,
}

impl Rendered {
    /// The input's `gradescope/<learner>.json`, which `--format gradescope` prints too.
    pub fn gradescope(&self) -> &[u8] {
        &self.gradescope
    }

    /// The bytes its texts hold (see [`crate::cmd::emit::Rendered::held_bytes`]).
    pub fn held_bytes(&self) -> usize {
        let pieces: usize = self
            .pieces
            .iter()
            .map(|p| p.as_ref().map_or(0, Piece::held_bytes))
            .sum();
        let reports = match &self.reports {
            Some(Ok((md, html))) => md.capacity() + html.capacity(),
            _ => 0,
        };
        pieces + self.gradescope.capacity() + reports
    }
}

/// What rendering needs (shared by the grading threads).
pub struct Plan<'a> {
    rubric: &'a Rubric,
    templates: &'a Templates,
    documents: Vec<(&'static str, Document)>,
}

impl<'a> Plan<'a> {
    /// The outputs of `--out` for `opts.assignment`, with signatures in the results of a shard.
    pub fn new(
        rubric: &'a Rubric,
        templates: &'a Templates,
        opts: &OutOptions,
        shard: Option<Shard>,
    ) -> Plan<'a> {
        Plan {
            rubric,
            templates,
            documents: documents(&opts.assignment, shard),
        }
    }

    /// The piece that `r` (rendered by this plan) holds of `doc`, when `doc` is one of the
    /// folder's documents and its piece rendered: a `--format` on stdout that is also a file of
    /// the folder (`--format json` and `results.json`) takes it instead of rendering it again.
    pub fn piece_of<'r>(&self, r: &'r Rendered, doc: &Document) -> Option<&'r Piece> {
        let i = self.documents.iter().position(|(_, d)| d == doc)?;
        r.pieces.get(i)?.as_ref().ok()
    }

    /// Renders one input's part of every output.
    pub fn render(&self, o: &Outcome) -> Rendered {
        self.render_in(o, &PlainView::new(self.rubric, o))
    }

    /// [`Plan::render`], from the outcome's learner's view (built once for every output).
    pub fn render_in(&self, o: &Outcome, views: &PlainView<'_>) -> Rendered {
        Rendered {
            pieces: self
                .documents
                .iter()
                .map(|(_, d)| d.piece_in(self.rubric, o, views))
                .collect(),
            gradescope: super::gradescope::to_json_bytes_in(self.rubric, o, views),
            reports: o.result.as_ref().ok().map(|graded| {
                Ok((
                    render_markdown(self.templates, views, graded)?,
                    render_report_of(self.templates, views.of(graded))?,
                ))
            }),
        }
    }
}

/// Writes `--out DIR` as the outcomes come, in output order: each learner's files and each
/// cohort file's piece are written under hidden temporary names at once, and the dashboard's
/// tally grows; [`OutWriter::finish`] writes what needs the whole batch (the JSON summary,
/// JUnit's totals, the dashboard) and then renames every file, `results.json` last. Until
/// then the folder shows the previous run's outputs; a failure removes what was staged.
pub struct OutWriter<'a> {
    dir: PathBuf,
    rubric: &'a Rubric,
    templates: &'a Templates,
    jobs: usize,
    /// Each cohort file: its path, temporary path and writer.
    files: Vec<(PathBuf, PathBuf, Writer<std::io::BufWriter<std::fs::File>>)>,
    taken: BTreeSet<String>,
    /// Each input's file name when it is not its learner id (it seldom is not: kept apart,
    /// a cohort of 100,000 does not hold every id twice), and whether it has reports.
    learners: Vec<(Option<Box<str>>, bool)>,
    tally: Tally,
    /// The list of the learner files the previous run wrote (see [`learner_files`]).
    earlier: String,
}

impl<'a> OutWriter<'a> {
    /// Starts writing into `dir` (created if missing); removes what a killed run left there.
    pub fn open(dir: &Path, plan: &Plan<'a>, jobs: usize) -> anyhow::Result<OutWriter<'a>> {
        // The folder first, so that a folder that cannot be made is named as the problem
        // (not the first file that could not be written in it).
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot make the --out folder {}", dir.display()))?;
        for sub in std::iter::once("").chain(SUBFOLDERS) {
            remove_stale(&dir.join(sub));
        }
        // And the list of learner files a run killed while writing it left half-written.
        if let Some(cache) = dir.join(learner_files::LIST).parent() {
            remove_stale(cache);
        }
        let mut files = Vec::new();
        for (name, doc) in &plan.documents {
            let path = dir.join(name);
            let tmp = stage(&path, b"", false)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(&tmp)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let w = Writer::new(doc.clone(), std::io::BufWriter::with_capacity(1 << 16, f));
            files.push((path, tmp, w));
        }
        Ok(OutWriter {
            dir: dir.to_path_buf(),
            rubric: plan.rubric,
            templates: plan.templates,
            jobs,
            files,
            taken: BTreeSet::new(),
            learners: Vec::new(),
            tally: Tally::new(plan.rubric),
            earlier: learner_files::read(dir),
        })
    }

    /// Makes room for `inputs` inputs (see [`Tally::expect`]).
    pub fn expect(&mut self, inputs: usize) {
        self.learners.reserve_exact(inputs);
        self.tally.expect(inputs);
    }

    /// Takes the next input (in output order) and what was rendered of it.
    pub fn add(&mut self, o: &Outcome, r: Rendered) -> anyhow::Result<()> {
        let name = safe_name(&o.learner, &mut self.taken);
        let rubric = self.rubric;
        for ((path, _, w), piece) in self.files.iter_mut().zip(r.pieces) {
            w.push(rubric, piece?)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        let learner_file = |rel: String, text: &[u8]| -> anyhow::Result<()> {
            let path = self.dir.join(rel);
            stage(&path, text, false)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(())
        };
        learner_file(format!("gradescope/{name}.json"), &r.gradescope)?;
        let graded = match r.reports {
            Some(reports) => {
                let (md, html) = reports?;
                learner_file(format!("reports/{name}.md"), md.as_bytes())?;
                learner_file(format!("reports/{name}.html"), html.as_bytes())?;
                true
            }
            None => false,
        };
        self.tally
            .add(rubric, o)
            .context("cannot keep the near-duplicate signatures in a temporary file")?;
        let own = (name != o.learner).then(|| name.into_boxed_str());
        self.learners.push((own, graded));
        Ok(())
    }

    /// Writes what needs the whole batch and renames every file into place. `summary`
    /// summarises the outcomes added, with the skipped paths.
    pub fn finish(mut self, summary: &dyn Summary) -> anyhow::Result<()> {
        let result = self.complete(summary);
        if result.is_err() {
            self.discard();
        }
        result
    }

    fn complete(&mut self, summary: &dyn Summary) -> anyhow::Result<()> {
        let rubric = self.rubric;
        self.refuse_overwriting(summary)?;
        let duplicates = self
            .tally
            .duplicates()
            .context("cannot read back the near-duplicate signatures")?;
        let dashboard = render(
            &self.templates.tera,
            "index.html.tera",
            &super::dashboard::from_tally(rubric, &self.tally, duplicates, summary, &|i| {
                self.learners
                    .get(i)
                    .filter(|(_, graded)| *graded)
                    .map(|(own, _)| file_name(own, summary, i).to_string())
            }),
        )?;
        let index = self.dir.join(DASHBOARD);
        let index_tmp = stage(&index, dashboard.as_bytes(), true)
            .with_context(|| format!("cannot write {}", index.display()))?;
        let mut committed = vec![(index_tmp, index)];
        for (path, tmp, w) in std::mem::take(&mut self.files) {
            let buf = w
                .finish(rubric, summary, self.jobs)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let f = buf
                .into_inner()
                .map_err(|e| e.into_error())
                .with_context(|| format!("cannot write {}", path.display()))?;
            f.sync_all().ok();
            committed.push((tmp, path));
        }
        // Before a learner file is committed, the list names it (with the earlier run's): a
        // run killed while committing leaves no file of its own that the next run would take
        // for someone else's and refuse to overwrite (see `refuse_overwriting`).
        let earlier = match self.earlier.is_empty() {
            true => learner_files::header(),
            false => self.earlier.clone(),
        };
        self.write_list(&self.list_after(earlier, summary));
        for (i, (own, graded)) in self.learners.iter().enumerate() {
            for rel in learner_files::files_of(file_name(own, summary, i), *graded) {
                let path = self.dir.join(rel);
                commit(&temp_name(&path), &path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
        // The cohort files, results.json last.
        for (tmp, path) in &committed {
            commit(tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
        }
        // The earlier run's files this one did not write go, then this run's list replaces
        // the earlier one (which, with this run's, named every file of either). In this order,
        // a run killed at any point leaves a list that names every learner file assay wrote,
        // and others only where it was about to write one.
        self.remove_earlier_learner_files(summary);
        self.write_list(&self.list_after(learner_files::header(), summary));
        Ok(())
    }

    /// `list` (a list's text, its header first) with this run's learner files added.
    fn list_after(&self, mut list: String, summary: &dyn Summary) -> String {
        for (i, (own, graded)) in self.learners.iter().enumerate() {
            learner_files::push(&mut list, file_name(own, summary, i), *graded);
        }
        list
    }

    /// Writes the list of learner files assay wrote here (see [`learner_files`]).
    fn write_list(&self, text: &str) {
        let list = self.dir.join(learner_files::LIST);
        if let Err(e) = write_atomic(&list, text.as_bytes()) {
            // The run goes on; only a later run's clean-up misses this run's files.
            eprintln!(
                "warning: cannot write {}: {e}; a later run will not remove this run's learner files",
                list.display()
            );
        }
    }

    /// Fails, before anything is committed, when a learner file this run would write is
    /// already in the folder and is not assay's ([`learner_files::not_ours`]): it is never
    /// overwritten.
    fn refuse_overwriting(&self, summary: &dyn Summary) -> anyhow::Result<()> {
        let writes = self
            .learners
            .iter()
            .enumerate()
            .flat_map(|(i, (own, graded))| {
                learner_files::files_of(file_name(own, summary, i), *graded)
            });
        let clash = learner_files::not_ours(&self.dir, &self.earlier, writes);
        let Some(first) = clash.first() else {
            return Ok(());
        };
        let more = match clash.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        // Results there but no list: the list was deleted (with `.assay-cache`), and what
        // assay wrote cannot be told from what it did not.
        let why = if self.earlier.is_empty() && is_earlier_out(&self.dir) {
            format!(
                " (it keeps the list of the files it wrote in {}, which is missing: if these are assay's reports, remove them)",
                learner_files::LIST
            )
        } else {
            String::new()
        };
        anyhow::bail!(
            "--out {}: {first}{more} is already there and no earlier assay run here wrote it{why}; \
             writing this run's learner files would overwrite it: move it away or choose \
             another --out folder (the folder's outputs were left as they were)",
            self.dir.display()
        )
    }

    /// Removes the learner files an earlier run wrote that this run did not write: the
    /// reports of a learner who is no longer graded (removed, or whose file now fails) and
    /// the Gradescope file of one no longer in the cohort. Otherwise `reports/` would still
    /// hold a score the results no longer give, and a whole `gradescope/` or `reports/`
    /// folder handed on would reach learners with stale feedback. Only files the previous
    /// run listed as its own are removed ([`learner_files`]), once everything is committed.
    fn remove_earlier_learner_files(&self, summary: &dyn Summary) {
        // By name without case (names are unique without case: `safe_name`), the name as
        // written and whether the reports were written.
        let written: crate::fast_hash::FastMap<String, (&str, bool)> = self
            .learners
            .iter()
            .enumerate()
            .map(|(i, (own, graded))| {
                let name = file_name(own, summary, i);
                (name.to_ascii_lowercase(), (name, *graded))
            })
            .collect();
        learner_files::remove_unwritten(&self.dir, &self.earlier, |sub, name, rel| {
            let Some(&(now, graded)) = written.get(&name.to_ascii_lowercase()) else {
                return false;
            };
            if !(graded || sub == "gradescope") {
                return false;
            }
            // An earlier `Ana.md` beside this run's `ana.md` is kept only when it is that
            // file (a file system that ignores case): else it is stale, and removed.
            now == name || {
                let ext = rel.rsplit_once('.').map_or("", |(_, ext)| ext);
                learner_files::same_file(
                    &self.dir.join(rel),
                    &self.dir.join(format!("{sub}/{now}.{ext}")),
                )
            }
        });
    }

    /// Removes every staged file (after a failure).
    pub fn discard(&mut self) {
        for (_, tmp, _) in self.files.drain(..) {
            let _ = std::fs::remove_file(tmp);
        }
        for sub in std::iter::once("").chain(SUBFOLDERS) {
            remove_stale(&self.dir.join(sub));
        }
        // A folder this run made holds nothing now: gone too (removing fails on a folder with
        // files, a previous run's).
        for sub in SUBFOLDERS {
            let _ = std::fs::remove_dir(self.dir.join(sub));
        }
    }
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

    #[test]
    fn own_outputs_by_name() {
        let own = |n: &str| is_own_output(std::ffi::OsStr::new(n));
        for name in [
            "results.json",
            "grades.csv",
            "canvas.csv",
            "moodle.csv",
            "junit.xml",
            "gl-code-quality-report.json",
            "index.html",
            "reports",
            "gradescope",
            ".assay-cache",
            ".results.json.tmp-123",
            ".index.html.tmp-7",
        ] {
            assert!(own(name), "{name}");
        }
        for name in [
            "ana.md",
            "notes.txt",
            "results.json.bak",
            "Results.json",
            ".results.json.tmp-",
            ".results.json.tmp-12a",
            "results.json.tmp-12",
            ".git",
            "report",
        ] {
            assert!(!own(name), "{name}");
        }
    }

    /// No name is longer than [`MAX_NAME_BYTES`], with a device prefix or a `-N` suffix too
    /// (before, the id was cut to 80 bytes and then `_` or `-2` added: 81 and 82 bytes).
    #[test]
    fn learner_file_names_stay_within_80_bytes_with_prefix_and_suffix() {
        let mut t = BTreeSet::new();
        let long = "a".repeat(100);
        let first = safe_name(&long, &mut t);
        assert_eq!(first, "a".repeat(80));
        let second = safe_name(&long, &mut t);
        assert_eq!(second, format!("{}-2", "a".repeat(78)));
        // An id of exactly 80 bytes is kept whole; its twin is cut for its suffix.
        let exact = "b".repeat(80);
        assert_eq!(safe_name(&exact, &mut t), exact);
        assert_eq!(safe_name(&"d".repeat(81), &mut t), "d".repeat(80));
        assert_eq!(safe_name(&exact, &mut t), format!("{}-2", "b".repeat(78)));
        for n in 3..=12 {
            let name = safe_name(&exact, &mut t);
            assert_eq!(name.len(), MAX_NAME_BYTES, "{name}");
            assert!(name.ends_with(&format!("-{n}")), "{name}");
        }
        let device = format!("CON.{}", "c".repeat(100));
        let name = safe_name(&device, &mut t);
        assert_eq!(name, format!("_CON.{}", "c".repeat(75)));
        assert_eq!(name.len(), MAX_NAME_BYTES);
        let twin = safe_name(&device, &mut t);
        assert_eq!(twin, format!("_CON.{}-2", "c".repeat(73)));
        // Non-ASCII characters become one `_` each, so bytes and characters agree.
        let wide = safe_name(&"é".repeat(100), &mut t);
        assert_eq!(wide, "_".repeat(80));
        assert_eq!(
            safe_name(&"é".repeat(100), &mut t),
            format!("{}-2", "_".repeat(78))
        );
    }
}
