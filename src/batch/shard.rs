//! `--shard K/N`: a deterministic 1/N of a batch, for grading a cohort on N machines of an
//! existing job runner (a Kubernetes Indexed Job, a GitHub Actions matrix, a Slurm job array)
//! and combining the parts with `assay merge`. Each path belongs to the shard chosen by an
//! FNV-1a hash of its name as reported (`Outcome::file`), so the split is the same on every
//! machine and run, needs no coordination, and a file keeps its shard when others are added.

use std::fmt;
use std::str::FromStr;

use super::discover::Found;
use crate::rubric::load::Fnv;

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Does the path named `file` belong to this shard?
    pub fn keeps(&self, file: &str) -> bool {
        let mut h = Fnv::new();
        h.write(file.as_bytes());
        h.value() % u64::from(self.count) == u64::from(self.index - 1)
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
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_print() {
        let s: Shard = "2/3".parse().unwrap();
        assert_eq!(s, Shard { index: 2, count: 3 });
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
            let owners: Vec<u32> = (1..=n)
                .filter(|&k| Shard { index: k, count: n }.keeps(&file))
                .collect();
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
        let all = Shard { index: 1, count: 1 };
        assert!(all.keeps("a.md") && all.keeps(""));
    }
}
