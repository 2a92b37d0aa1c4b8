//! Finding the inputs: files named on the command line and every submission file below a
//! named folder (recursively, sorted, following links but not loops). Every path met is
//! accounted for: an input to grade, an input that failed before reading (unreadable folder,
//! link loop), or skipped with a reason (not a submission file type, hidden, not a regular
//! file: a named pipe would block reading forever). A hidden folder below a named folder
//! (`.git`, `.github`, `.assay-cache`) and the `reports/` and `gradescope/` folders of an
//! earlier `--out` folder (a folder that holds both `results.json` and `grades.csv`) are
//! skipped whole, as one entry each: grading a course repository must not grade its
//! workflows, and no run grades an earlier run's feedback reports as learners' submissions
//! (they are Markdown, and would put a second row per learner into the gradebook). What this
//! run's `--out` writes at the top of its folder (`report::out_dir::is_own_output`: the
//! cohort files, the dashboard, `reports/`, `gradescope/`, `.assay-cache/`, temporary files)
//! is no input at all, not even a skipped one, named on the command line or met below a named
//! folder, so a run that searches its own `--out` folder finds on the second run exactly what
//! it found on the first, when the folder did not yet exist. The rest of an `--out` folder,
//! this run's or an earlier one's, is searched as any folder: it may be the folder of the
//! submissions themselves (`grade . --out .`), and files put there that assay does not write
//! are accounted for as usual. A file met twice (named
//! twice, or reached again through a symbolic link) is graded once, under a name reached
//! without a link if it has one, else the first in order; the others are skipped, naming it.
//! Hard links are different names of one file's content, as two learners' identical files may
//! be: each is graded.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::report::out_dir;
use crate::submission::Format;

/// A file to grade: the name it is shown by and the path it is read from, kept once when
/// they are the same text (as they are below a folder given on the command line, on Unix), so
/// that a cohort of 100,000 holds its names once while it is graded.
#[derive(Debug, Clone)]
pub struct Input {
    file: Box<str>,
    /// `None` when the path is `file` itself.
    path: Option<PathBuf>,
}

impl Input {
    pub fn new(file: String, path: PathBuf) -> Input {
        let path = (path.as_os_str() != std::ffi::OsStr::new(&file)).then_some(path);
        Input {
            file: file.into_boxed_str(),
            path,
        }
    }

    /// The path as given on the command line, joined with the path below a given folder.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Where the file is read from.
    pub fn path(&self) -> &Path {
        self.path
            .as_deref()
            .unwrap_or_else(|| Path::new(&*self.file))
    }
}

/// The same name and path (compared as paths, as the order does).
impl PartialEq for Input {
    fn eq(&self, other: &Input) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Input {}

/// By name, then path.
impl Ord for Input {
    fn cmp(&self, other: &Input) -> std::cmp::Ordering {
        (self.file(), self.path()).cmp(&(other.file(), other.path()))
    }
}

impl PartialOrd for Input {
    fn partial_cmp(&self, other: &Input) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A path that will not be graded, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

/// What discovery found.
#[derive(Debug, Default)]
pub struct Found {
    /// Files to grade, sorted by `file`, each once.
    pub inputs: Vec<Input>,
    /// Paths that failed before any file could be read: (file, message).
    pub failed: Vec<(String, String)>,
    pub skipped: Vec<Skipped>,
}

const NOT_REGULAR: &str = "not a regular file (a named pipe, socket or device)";

/// Whether `path`, named like an output of the `--out` folder `out`, holds only what assay
/// wrote: a file (none of those names is a submission's), the results cache, or a learner
/// files' folder with nothing in it that assay did not list (`learner_files::holds_only_ours`).
/// A learner's own `reports/ana.md` is met as before: skipped with the folder, or refused
/// when named.
fn only_ours(out: &Path, path: &Path) -> bool {
    let sub = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !out_dir::SUBFOLDERS.contains(&sub) || crate::report::learner_files::holds_only_ours(out, sub)
}

/// The folder `p` is in (`.` for a bare name).
fn parent_of(p: &Path) -> &Path {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Finds the inputs below `paths`.
pub fn discover(paths: &[PathBuf]) -> Found {
    discover_outside(paths, None)
}

/// Finds the inputs below `paths`, leaving out what assay writes at the top of the folder `out`
/// (this run's `--out` folder) when it lies below one of them or is one of them.
pub fn discover_outside(paths: &[PathBuf], out: Option<&Path>) -> Found {
    // Compared as canonical paths, so `out`, `./out` and a link to it are the same folder.
    let out = out.and_then(|o| std::fs::canonicalize(o).ok());
    let is_out = |dir: &Path| {
        out.as_ref().is_some_and(|o| {
            o.file_name() == dir.file_name() && std::fs::canonicalize(dir).is_ok_and(|d| d == *o)
        })
    };
    // A folder `--out` writes into its folder, when the `--out` folder (an earlier one's, or
    // this run's met under another name) is itself searched (`grade . --out .`): its reports
    // are Markdown, and would be graded as submissions.
    let is_out_part = |dir: &Path| {
        dir.file_name()
            .is_some_and(|n| out_dir::SUBFOLDERS.iter().any(|s| n == *s))
            && dir.parent().is_some_and(|parent| {
                out_dir::is_earlier_out(parent)
                    || out
                        .as_ref()
                        .is_some_and(|o| std::fs::canonicalize(parent).is_ok_and(|p| p == *o))
            })
    };
    // Whether a symbolic link was followed: only then (or with several paths named) can one
    // file be met under two names.
    let mut met_link = false;
    let mut inputs = BTreeSet::new();
    let mut failed = BTreeSet::new();
    let mut skipped = BTreeSet::new();
    for p in paths {
        // What this run's `--out` writes, named on the command line (a second `grade R *
        // --out .`, where the shell lists `results.json` and `reports`): no input either.
        if let Some(o) = &out
            && p.file_name().is_some_and(out_dir::is_own_output)
            && std::fs::canonicalize(parent_of(p)).is_ok_and(|d| d == *o)
            && only_ours(o, p)
        {
            continue;
        }
        let given = shown(p.as_os_str());
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                failed.insert((given, format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.is_file() {
            // A file named explicitly is graded whatever its extension only if assay reads it.
            if Format::of(p).is_some() {
                inputs.insert(Input::new(given, p.clone()));
            } else {
                skipped.insert(Skipped {
                    file: given,
                    reason: "not a submission file type (.md, .markdown, .yaml, .yml)".into(),
                });
            }
            continue;
        }
        if !meta.is_dir() {
            skipped.insert(Skipped {
                file: given,
                reason: NOT_REGULAR.into(),
            });
            continue;
        }
        // This run's `--out` folder as the walk names it (the folder given, or one below it),
        // whose own outputs are no inputs: compared by the name the walk gives their folder,
        // so that a cohort's files cost no more than a comparison of paths.
        let mut outs: Vec<PathBuf> = Vec::new();
        if out.is_some() && std::fs::canonicalize(p).ok() == out {
            outs.push(p.clone());
        }
        let mut walk = walkdir::WalkDir::new(p)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walk.next() {
            match entry {
                Ok(e) => {
                    if e.depth() == 0 {
                        continue;
                    }
                    let own_output = !outs.is_empty()
                        && e.path().parent().is_some_and(|d| {
                            outs.iter().any(|o| o == d)
                                && out_dir::is_own_output(e.file_name())
                                && only_ours(d, e.path())
                        });
                    if own_output {
                        if e.file_type().is_dir() {
                            walk.skip_current_dir();
                        }
                        continue;
                    }
                    let name = e.file_name().to_string_lossy();
                    if e.file_type().is_dir() {
                        if is_out(e.path()) {
                            // A hidden `--out` folder is not searched, and one that holds
                            // only what assay wrote there is not even met.
                            if name.starts_with('.') && holds_only_own_outputs(e.path()) {
                                walk.skip_current_dir();
                                continue;
                            }
                            outs.push(e.path().to_path_buf());
                        }
                        let reason = if name.starts_with('.') {
                            "hidden folder; not searched"
                        } else if is_out_part(e.path()) {
                            "a folder assay writes in its --out folder; not searched"
                        } else {
                            met_link |= e.path_is_symlink();
                            continue;
                        };
                        skipped.insert(Skipped {
                            file: display_below(p, e.path()),
                            reason: reason.into(),
                        });
                        walk.skip_current_dir();
                        continue;
                    }
                    let file = display_below(p, e.path());
                    if name.starts_with('.') {
                        skipped.insert(Skipped {
                            file,
                            reason: "hidden file".into(),
                        });
                    } else if !e.file_type().is_file() {
                        skipped.insert(Skipped {
                            file,
                            reason: NOT_REGULAR.into(),
                        });
                    } else if Format::of(e.path()).is_none() {
                        skipped.insert(Skipped {
                            file,
                            reason: "not a submission file type (.md, .markdown, .yaml, .yml)"
                                .into(),
                        });
                    } else {
                        met_link |= e.path_is_symlink();
                        inputs.insert(Input::new(file, e.path().to_path_buf()));
                    }
                }
                Err(e) => {
                    let at = e
                        .path()
                        .map(|x| display_below(p, x))
                        .unwrap_or_else(|| given.clone());
                    let msg = if e.loop_ancestor().is_some() {
                        "symbolic link loop; not followed".to_string()
                    } else {
                        format!(
                            "cannot read: {}",
                            e.io_error()
                                .map_or_else(|| e.to_string(), |io| io.to_string())
                        )
                    };
                    failed.insert((at, msg));
                }
            }
        }
    }
    let mut inputs: Vec<Input> = inputs.into_iter().collect();
    if paths.len() > 1 || met_link {
        inputs = once_each(inputs, &mut skipped);
    }
    Found {
        inputs,
        failed: failed.into_iter().collect(),
        skipped: skipped.into_iter().collect(),
    }
}

/// Whether the folder `dir` holds nothing but what `--out` writes there (see
/// `out_dir::is_own_output`); not when it cannot be read.
fn holds_only_own_outputs(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .all(|e| out_dir::is_own_output(&e.file_name()))
    })
}

/// `inputs` (sorted by name) with each file once: a file met again under another name (named
/// twice, through a symbolic link) is skipped, naming the one kept, which is the first in order
/// of the names reached without a link, else the first (see the module).
#[cfg(unix)]
fn once_each(inputs: Vec<Input>, skipped: &mut BTreeSet<Skipped>) -> Vec<Input> {
    use std::collections::HashMap;
    // A file whose path cannot be resolved is kept: reading it reports why.
    let real: Vec<Option<PathBuf>> = inputs
        .iter()
        .map(|i| std::fs::canonicalize(i.path()).ok())
        .collect();
    let mut names: HashMap<&Path, Vec<usize>> = HashMap::new();
    for (i, r) in real.iter().enumerate() {
        if let Some(r) = r {
            names.entry(r.as_path()).or_default().push(i);
        }
    }
    let mut skip = vec![false; inputs.len()];
    for group in names.values().filter(|g| g.len() > 1) {
        let first = group
            .iter()
            .copied()
            .find(|&i| !through_link(inputs[i].path()))
            .unwrap_or(group[0]);
        for &i in group.iter().filter(|&&i| i != first) {
            skip[i] = true;
            skipped.insert(Skipped {
                file: inputs[i].file().to_string(),
                reason: format!("the same file as {}; graded once", inputs[first].file()),
            });
        }
    }
    inputs
        .into_iter()
        .zip(skip)
        .filter_map(|(input, skip)| (!skip).then_some(input))
        .collect()
}

/// Whether `path` or a folder in it is a symbolic link.
#[cfg(unix)]
fn through_link(path: &Path) -> bool {
    path.ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .any(|a| std::fs::symlink_metadata(a).is_ok_and(|m| m.file_type().is_symlink()))
}

#[cfg(not(unix))]
fn once_each(inputs: Vec<Input>, _skipped: &mut BTreeSet<Skipped>) -> Vec<Input> {
    inputs
}

/// `dir` as given, joined with the path of `path` below it, with `/` separators.
fn display_below(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let base = shown(dir.as_os_str());
    let rel: Vec<String> = rel.components().map(|c| shown(c.as_os_str())).collect();
    if base.ends_with('/') {
        format!("{base}{}", rel.join("/"))
    } else {
        format!("{base}/{}", rel.join("/"))
    }
}

/// A path as text: bytes that are not UTF-8 are written `\xFE`, so that two names differing
/// only there stay apart (replacing them all by `�` would show both as one).
#[cfg(unix)]
fn shown(name: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in name.as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(not(unix))]
fn shown(name: &std::ffi::OsStr) -> String {
    name.to_string_lossy().into_owned()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        let a = std::ffi::OsStr::from_bytes(b"a\xfe.md");
        let b = std::ffi::OsStr::from_bytes(b"a\xff.md");
        assert_eq!(shown(a), "a\\xFE.md");
        assert_eq!(shown(b), "a\\xFF.md");
        assert_eq!(shown(std::ffi::OsStr::new("café/ünï.md")), "café/ünï.md");
    }
}
