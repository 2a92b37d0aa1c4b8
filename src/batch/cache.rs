//! The results cache of `--out DIR` (`DIR/.assay-cache/`): each graded submission's outcome,
//! keyed by the SHA-256 of (assay version, rubric hash, the grading options that can change an
//! outcome, the file's name, the file's bytes), so that re-grading a cohort after a few
//! submissions changed grades only those. Entries live in a folder named after the assay
//! version, rubric hash and those options: a changed rubric (or another assay, or another
//! `--time-budget`) finds an empty folder, and the other folders are removed.
//!
//! Of the options, only `--time-budget` can change the outcome of a file that is read: a file
//! graded within a long budget is an error entry under a short one. `--max-file-size` is
//! checked before the cache is looked at, `--jobs` changes no outcome, and the others
//! (`--format`, `--templates`, `--assignment`, `--shard`) change only what is written.
//! After a run, entries that no input of the run used are removed, so the cache holds
//! exactly the last run's results. Only graded outcomes are cached (a file that failed, for
//! instance over the time budget, is tried again). An entry is the outcome's JSON compressed
//! with LZ4 (a block with its size in front, as the spool writes them): about a third of the
//! JSON's bytes, so a cohort's cache takes a third of the disk and of the writing. A damaged
//! entry is a miss, never an error: each entry starts with a line holding the SHA-256 of its
//! key and its compressed bytes, so an entry that was edited, truncated or copied under
//! another key is graded afresh, even when it still decompresses and parses.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::run::Outcome;
use super::similarity::Signature;
use crate::grade::Graded;
use crate::submission::Unplaced;

/// The folder of the cache inside `--out DIR`.
pub const CACHE_DIR: &str = ".assay-cache";

/// A results cache for one rubric, assay version and time budget.
#[derive(Debug)]
pub struct ResultsCache {
    /// `DIR/.assay-cache/<version, rubric hash and time budget>`.
    dir: PathBuf,
    salt: String,
    hits: AtomicUsize,
    /// Keys used in this run (hits and new entries), as the first 16 of the 32 bytes their
    /// hex digits spell: 16 bytes an input, against some 110 for the text in a set. Two keys
    /// that share them (a chance of about 10^-29 in a cohort of 100,000) would only keep an
    /// entry no input used one run longer.
    used: Mutex<Vec<[u8; 16]>>,
}

/// What an entry holds: a graded outcome.
#[derive(serde::Deserialize)]
struct Entry {
    file: String,
    learner: String,
    graded: Graded,
    unplaced: Vec<Unplaced>,
    signature: Option<Signature>,
}

/// [`Entry`] as written: borrowed from the outcome, not copied.
#[derive(serde::Serialize)]
struct EntryRef<'a> {
    file: &'a str,
    learner: &'a str,
    graded: &'a Graded,
    unplaced: &'a [Unplaced],
    signature: Option<&'a Signature>,
}

/// The extension of an entry's file.
const ENTRY_EXT: &str = "lz4";

impl ResultsCache {
    /// The cache in `out_dir` for the rubric whose hash is `rubric_hash`, graded with the
    /// per-file `time_budget`. Folders of other rubrics, versions and budgets are removed.
    pub fn open(out_dir: &Path, rubric_hash: &str, time_budget: Duration) -> ResultsCache {
        let salt = format!(
            "{}-{rubric_hash}-budget-{}ns",
            env!("CARGO_PKG_VERSION"),
            time_budget.as_nanos()
        );
        let mut h = Sha256::new();
        h.update(salt.as_bytes());
        let folder: String = hex(&h.finalize())[..16].to_string();
        let root = out_dir.join(CACHE_DIR);
        if let Ok(entries) = std::fs::read_dir(&root) {
            // Only the folders of other rubrics, versions and budgets: the `--out` folder's list of
            // learner files lives here too (`report::learner_files`).
            for e in entries.flatten() {
                if e.file_name().to_string_lossy() != folder.as_str()
                    && e.file_type().is_ok_and(|t| t.is_dir())
                {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        ResultsCache {
            dir: root.join(folder),
            salt,
            hits: AtomicUsize::new(0),
            used: Mutex::new(Vec::new()),
        }
    }

    /// The key of the file named `file` with content `bytes`.
    pub fn key(&self, file: &str, bytes: &[u8]) -> String {
        let mut h = Sha256::new();
        for part in [self.salt.as_bytes(), file.as_bytes()] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        h.update(bytes);
        hex(&h.finalize())
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.{ENTRY_EXT}"))
    }

    /// Makes room for the keys of `inputs` inputs at once.
    pub fn expect(&self, inputs: usize) {
        if let Ok(mut used) = self.used.lock() {
            used.reserve_exact(inputs);
        }
    }

    fn mark_used(&self, key: &str) {
        if let (Some(k), Ok(mut used)) = (key_bytes(key), self.used.lock()) {
            used.push(k);
        }
    }

    /// The cached outcome for `key`, if any.
    pub fn get(&self, key: &str) -> Option<Outcome> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        let (check, packed) = bytes.split_at(bytes.iter().position(|&b| b == b'\n')?);
        let packed = &packed[1..];
        if check != checksum(key, packed).as_bytes() {
            return None;
        }
        let json = unpack(packed)?;
        let e: Entry = serde_json::from_slice(&json).ok()?;
        self.hits.fetch_add(1, Ordering::Relaxed);
        self.mark_used(key);
        Some(Outcome {
            file: e.file,
            learner: e.learner,
            result: Ok(e.graded),
            unplaced: e.unplaced,
            signature: e.signature,
        })
    }

    /// Stores a graded outcome under `key` (written to a temporary name, then renamed; a
    /// failure to write only costs the next run a re-grade).
    pub fn put(&self, key: &str, o: &Outcome) {
        let Ok(graded) = &o.result else { return };
        let entry = EntryRef {
            file: &o.file,
            learner: &o.learner,
            graded,
            unplaced: &o.unplaced,
            signature: o.signature.as_ref(),
        };
        let Ok(json) = serde_json::to_vec(&entry) else {
            return;
        };
        let packed = lz4_flex::block::compress_prepend_size(&json);
        let mut bytes = checksum(key, &packed).into_bytes();
        bytes.push(b'\n');
        bytes.extend_from_slice(&packed);
        let path = self.path(key);
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                std::fs::write(&tmp, &bytes)?;
                std::fs::rename(&tmp, &path)
            });
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        self.mark_used(key);
    }

    /// How many outcomes came from the cache.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// Removes the entries that this run did not use.
    pub fn prune(&self) {
        let Ok(mut used) = self.used.lock() else {
            return;
        };
        used.sort_unstable();
        let Ok(subdirs) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for sub in subdirs.flatten() {
            let Ok(files) = std::fs::read_dir(sub.path()) else {
                continue;
            };
            for f in files.flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                let key = name
                    .strip_suffix(ENTRY_EXT)
                    .and_then(|n| n.strip_suffix('.'))
                    .unwrap_or(&name);
                if key_bytes(key).is_none_or(|k| used.binary_search(&k).is_err()) {
                    let _ = std::fs::remove_file(f.path());
                }
            }
            let _ = std::fs::remove_dir(sub.path());
        }
    }
}

/// The JSON of an entry's compressed bytes, or `None` when they are not an LZ4 block with its
/// size in front. The size is checked against what the block could hold (LZ4 writes at most
/// 255 bytes for each byte it reads) before anything is allocated for it.
fn unpack(packed: &[u8]) -> Option<Vec<u8>> {
    let size = u32::from_le_bytes(packed.get(..4)?.try_into().ok()?);
    if u64::from(size) > 255 * packed.len() as u64 {
        return None;
    }
    lz4_flex::block::decompress_size_prepended(packed).ok()
}

/// The SHA-256 of an entry's key and compressed JSON, in hex digits: its first line.
fn checksum(key: &str, packed: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(key.as_bytes());
    h.update(b"\n");
    h.update(packed);
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(2 * bytes.len());
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// The first 16 of the 32 bytes a key spells: 64 lower-case hex digits, as [`hex`] writes them
/// (anything else is no key of this cache).
fn key_bytes(key: &str) -> Option<[u8; 16]> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let k = key.as_bytes();
    if k.len() != 64 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, pair) in k.chunks_exact(2).enumerate() {
        let b = digit(pair[0])? << 4 | digit(pair[1])?;
        if let Some(o) = out.get_mut(i) {
            *o = b;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_their_hex_digits() {
        let bytes: Vec<u8> = (0u8..32).map(|i| i.wrapping_mul(37)).collect();
        let key = hex(&bytes);
        assert_eq!(key.len(), 64);
        assert_eq!(key_bytes(&key).unwrap().as_slice(), &bytes[..16]);
        assert_eq!(key_bytes(&key.to_uppercase()), None);
        // Every digit is checked, also those past the 16 bytes kept.
        assert_eq!(key_bytes(&format!("{}g", &key[..63])), None);
        assert_eq!(key_bytes(&key[..62]), None);
        assert_eq!(key_bytes("x"), None);
    }

    const BUDGET: Duration = Duration::from_secs(10);

    fn outcome(file: &str) -> Outcome {
        Outcome {
            file: file.into(),
            learner: "ana".into(),
            result: Ok(Graded {
                score: 1.0 / 3.0,
                max_score: 7.0,
                exercises: Vec::new(),
                questions: Vec::new(),
            }),
            unplaced: vec![Unplaced {
                text: "stray".into(),
                line: 4,
                reason: "no exercise heading before this text".into(),
            }],
            signature: None,
        }
    }

    #[test]
    fn an_entry_comes_back_exactly_and_unused_entries_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let c = ResultsCache::open(dir.path(), "abc", BUDGET);
        let (k1, k2) = (c.key("a.md", b"one"), c.key("b.md", b"two"));
        assert_ne!(k1, c.key("a.md", b"one!"), "content is in the key");
        assert_ne!(k1, c.key("b.md", b"one"), "the file name is in the key");
        assert!(c.get(&k1).is_none());
        c.put(&k1, &outcome("a.md"));
        c.put(&k2, &outcome("b.md"));
        assert_eq!(c.get(&k1), Some(outcome("a.md")));
        assert_eq!(c.hits(), 1);

        // The next run uses only a.md: b.md's entry goes.
        let c = ResultsCache::open(dir.path(), "abc", BUDGET);
        assert!(c.get(&k1).is_some());
        c.prune();
        assert!(c.get(&k1).is_some() && c.get(&k2).is_none());

        // Another rubric: nothing is found, and the old rubric's folder is removed.
        let other = ResultsCache::open(dir.path(), "def", BUDGET);
        assert!(other.get(&other.key("a.md", b"one")).is_none());
        let folders = std::fs::read_dir(dir.path().join(CACHE_DIR))
            .unwrap()
            .count();
        assert_eq!(folders, 0);
    }

    /// A file graded within one time budget might be over a shorter one: another budget is
    /// another cache (and the entries of the earlier one go), while the same budget, however
    /// it was written (`10`, `10.0`), is the same cache.
    #[test]
    fn another_time_budget_misses_every_entry() {
        let dir = tempfile::tempdir().unwrap();
        let c = ResultsCache::open(dir.path(), "abc", BUDGET);
        let k = c.key("a.md", b"one");
        c.put(&k, &outcome("a.md"));
        let same = ResultsCache::open(dir.path(), "abc", Duration::from_secs_f64(10.0));
        assert_eq!(same.key("a.md", b"one"), k);
        assert!(same.get(&k).is_some());
        let shorter = ResultsCache::open(dir.path(), "abc", Duration::from_secs_f64(0.5));
        let k2 = shorter.key("a.md", b"one");
        assert_ne!(k2, k);
        assert!(shorter.get(&k2).is_none() && shorter.get(&k).is_none());
        let back = ResultsCache::open(dir.path(), "abc", BUDGET);
        assert!(
            back.get(&k).is_none(),
            "the other budget's folder was removed"
        );
    }

    #[test]
    fn a_damaged_entry_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let c = ResultsCache::open(dir.path(), "abc", BUDGET);
        let k = c.key("a.md", b"one");
        c.put(&k, &outcome("a.md"));
        std::fs::write(c.path(&k), b"{not json").unwrap();
        assert!(c.get(&k).is_none());
        // A block whose size in front claims more than it could hold is refused unread.
        assert_eq!(unpack(&[0xff, 0xff, 0xff, 0x7f, 0x10, b'a']), None);
        assert_eq!(unpack(b"ab"), None);
    }

    /// An entry that still parses but is not what assay wrote (a score edited by hand, an
    /// entry copied under another key) is a miss too.
    #[test]
    fn an_edited_or_moved_entry_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let c = ResultsCache::open(dir.path(), "abc", BUDGET);
        let k = c.key("a.md", b"one");
        c.put(&k, &outcome("a.md"));
        assert!(c.get(&k).is_some());
        let written = std::fs::read(c.path(&k)).unwrap();
        let at = written.iter().position(|&b| b == b'\n').unwrap() + 1;
        let json = String::from_utf8(unpack(&written[at..]).unwrap()).unwrap();
        let edited = json.replacen("\"learner\":\"", "\"learner\":\"x", 1);
        assert_ne!(edited, json);
        let mut forged = written[..at].to_vec();
        forged.extend(lz4_flex::block::compress_prepend_size(edited.as_bytes()));
        std::fs::write(c.path(&k), &forged).unwrap();
        assert!(c.get(&k).is_none());
        let other = c.key("b.md", b"two");
        std::fs::create_dir_all(c.path(&other).parent().unwrap()).unwrap();
        std::fs::write(c.path(&other), &written).unwrap();
        assert!(c.get(&other).is_none());
    }
}
