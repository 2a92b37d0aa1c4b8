//! `--shard K/N`: a deterministic 1/N of a batch, for grading a cohort on N machines of an
//! existing job runner (a Kubernetes Indexed Job, a GitHub Actions matrix, a Slurm job array)
//! and combining the parts with `assay merge`. Each path belongs to the shard chosen by an
//! FNV-1a hash of its path below the folder holding every path given on the command line
//! (its *key*: `alice/answers.md` whether the folder was given as `submissions`,
//! `./submissions/` or `/home/runner/work/course/submissions`), so the split is the same on
//! every machine and run whatever the working folder or the checkout's place, needs no
//! coordination, and a file keeps its shard when others are added. A shard's results record
//! that folder (`root`) and the paths given below it (`paths`), so that `assay merge` can
//! check every file against the shard that claims it.

use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use super::discover::Found;
use crate::rubric::load::Fnv;

/// Shard `index` (1-based) of `count`, and where its paths were taken from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
    /// The folder holding every path given, as given (`.` for the working folder): files are
    /// split by their path below it. `None` until [`Shard::over`], and in the results of an
    /// assay that split by the whole name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root: Option<String>,
    /// The paths given, below `root` (`.` for `root` itself), sorted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<String>>,
}

impl Shard {
    /// Shard `index` of `count`, not yet placed (see [`Shard::over`]).
    pub fn new(index: u32, count: u32) -> Shard {
        Shard {
            index,
            count,
            root: None,
            paths: None,
        }
    }

    /// This shard of the inputs found below `paths` (as given on the command line): records
    /// the deepest folder holding them all (for a file, its folder) and each path below it.
    pub fn over(&self, paths: &[PathBuf]) -> Shard {
        let folders: Vec<Vec<String>> = paths
            .iter()
            .map(|p| {
                let mut c = parts(&p.to_string_lossy());
                if !p.is_dir() {
                    c.pop();
                }
                c
            })
            .collect();
        let mut root: Vec<String> = folders.first().cloned().unwrap_or_default();
        for f in &folders[1.min(folders.len())..] {
            let same = root.iter().zip(f).take_while(|(a, b)| a == b).count();
            root.truncate(same);
        }
        let mut below: Vec<String> = paths
            .iter()
            .map(|p| join(&parts(&p.to_string_lossy())[root.len()..]))
            .map(|s| if s.is_empty() { ".".to_string() } else { s })
            .collect();
        below.sort();
        below.dedup();
        let root = join(&root);
        Shard {
            index: self.index,
            count: self.count,
            root: Some(if root.is_empty() { ".".into() } else { root }),
            paths: Some(below),
        }
    }

    /// The shard (1-based) that the path named `file` belongs to: by the hash of its path
    /// below `root`, or of its whole name when `root` is not recorded or does not hold it.
    pub fn owner(&self, file: &str) -> u32 {
        let key = self
            .root
            .as_deref()
            .and_then(|root| {
                let (root, file) = (parts(root), parts(file));
                file.starts_with(&root).then(|| join(&file[root.len()..]))
            })
            .unwrap_or_else(|| file.to_string());
        let mut h = Fnv::new();
        h.write(key.as_bytes());
        let k = h.value() % u64::from(self.count.max(1));
        u32::try_from(k).map_or(0, |k| k + 1)
    }

    /// Does the path named `file` belong to this shard?
    pub fn keeps(&self, file: &str) -> bool {
        self.owner(file) == self.index
    }

    /// Keeps only this shard's inputs, failed paths and skipped paths.
    pub fn select(&self, found: Found) -> Found {
        Found {
            inputs: found
                .inputs
                .into_iter()
                .filter(|i| self.keeps(i.file()))
                .collect(),
            failed: found
                .failed
                .into_iter()
                .filter(|(f, _)| self.keeps(f))
                .collect(),
            skipped: found
                .skipped
                .into_iter()
                .filter(|s| self.keeps(&s.file))
                .collect(),
        }
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// `K/N` with 1 ≤ K ≤ N.
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard: write K/N with 1 <= K <= N, e.g. 2/8");
        let (k, n) = s.trim().split_once('/').ok_or_else(bad)?;
        let index: u32 = k.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard::new(index, count))
    }
}

/// The components of a path as written, without `.`: `./a//b/` is `a`, `b`; `/x` is `/`, `x`.
fn parts(path: &str) -> Vec<String> {
    Path::new(path)
        .components()
        .filter_map(|c| match c {
            Component::CurDir => None,
            Component::RootDir => Some("/".to_string()),
            c => Some(c.as_os_str().to_string_lossy().into_owned()),
        })
        .collect()
}

/// Components back as a path with `/` separators.
fn join(parts: &[String]) -> String {
    match parts.split_first() {
        Some((first, rest)) if first == "/" => format!("/{}", rest.join("/")),
        _ => parts.join("/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_print() {
        let s: Shard = "2/3".parse().unwrap();
        assert_eq!(s, Shard::new(2, 3));
        assert_eq!(s.to_string(), "2/3");
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "-1/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_file_is_in_exactly_one_shard_and_the_split_is_even() {
        let n = 3;
        let mut sizes = [0usize; 3];
        for i in 0..3000 {
            let file = format!("cohort/learner-{i:05}.md");
            let owners: Vec<u32> = (1..=n).filter(|&k| Shard::new(k, n).keeps(&file)).collect();
            assert_eq!(owners.len(), 1, "{file}");
            sizes[owners[0] as usize - 1] += 1;
        }
        assert!(
            sizes.iter().all(|&s| (900..=1100).contains(&s)),
            "{sizes:?}"
        );
    }

    #[test]
    fn one_shard_keeps_everything() {
        let all = Shard::new(1, 1);
        assert!(all.keeps("a.md") && all.keeps(""));
    }

    #[test]
    fn a_shard_records_the_folder_holding_the_paths_and_the_paths_below_it() {
        let dir = tempfile::tempdir().unwrap();
        let subs = dir.path().join("course/submissions");
        std::fs::create_dir_all(&subs).unwrap();
        std::fs::write(dir.path().join("course/extra.md"), "x").unwrap();
        let at = |paths: &[PathBuf]| {
            let s = Shard::new(1, 4).over(paths);
            (s.root.unwrap(), s.paths.unwrap())
        };
        let course = dir.path().join("course").display().to_string();
        assert_eq!(
            at(std::slice::from_ref(&subs)),
            (format!("{course}/submissions"), vec![".".into()])
        );
        assert_eq!(
            at(&[subs.join("."), dir.path().join("course/extra.md")]),
            (
                course.clone(),
                vec!["extra.md".into(), "submissions".into()]
            )
        );
        // A missing path counts as a file; relative paths stay relative.
        assert_eq!(at(&["./a.md".into()]), (".".into(), vec!["a.md".into()]));
        assert_eq!(
            at(&["x/a.md".into(), "x/b.md".into()]),
            ("x".into(), vec!["a.md".into(), "b.md".into()])
        );
    }

    #[test]
    fn a_file_has_one_shard_however_the_folder_given_was_spelt() {
        let placed = |root: &str| Shard {
            root: Some(root.into()),
            paths: Some(vec![".".into()]),
            ..Shard::new(1, 7)
        };
        for i in 0..200 {
            let key = format!("learner-{i}/answers.md");
            let owner = placed("submissions").owner(&format!("submissions/{key}"));
            for (root, file) in [
                ("submissions", format!("submissions//{key}")),
                ("./submissions", format!("./submissions/{key}")),
                (
                    "/home/runner/work/course/submissions",
                    format!("/home/runner/work/course/submissions/{key}"),
                ),
                (".", format!("./{key}")),
                ("/", format!("/{key}")),
            ] {
                assert_eq!(placed(root).owner(&file), owner, "{file}");
            }
        }
        // Results without a root (older assay) split by the whole name.
        let old = Shard::new(1, 7);
        assert_ne!(
            (0..50)
                .map(|i| old.owner(&format!("a/{i}.md")))
                .collect::<Vec<_>>(),
            (0..50)
                .map(|i| old.owner(&format!("/x/a/{i}.md")))
                .collect::<Vec<_>>()
        );
    }
}
