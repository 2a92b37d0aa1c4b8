//! The near-duplicate signatures of a streamed batch, kept until the batch is done: the
//! dashboard compares them only then (`similarity::near_duplicates_in`). Each is a record of
//! fixed size (input index, shingle count, 64 values: 272 bytes); up to a memory budget the
//! records stay in memory, past it they go to an unnamed temporary file, so that a cohort of
//! 100,000 (27 MB of signatures) does not hold them in the process. Reading them back is one
//! pass over the file per band, and one read per member of a bucket with more than one
//! signature.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use super::similarity::{SIGNATURE_LEN, Signature, Signatures, near_duplicates_in};

/// Record bytes kept in memory before the store moves to a temporary file.
pub const DEFAULT_MEMORY: usize = 4 * 1024 * 1024;

/// Bytes of one record: input index and shingle count (u64 each), then the values (u32 each),
/// little-endian.
const RECORD: usize = 8 + 8 + 4 * SIGNATURE_LEN;

/// Signatures with the index of their input, in the order added.
pub struct SignatureStore {
    memory: Vec<u8>,
    limit: usize,
    /// The temporary file, and its path (removed on drop where it could not be at once).
    file: Option<(BufWriter<File>, PathBuf)>,
    count: usize,
    /// No temporary file could be created: the records stay in memory.
    no_file: bool,
    /// A write to the temporary file failed: the records are incomplete.
    broken: bool,
}

impl std::fmt::Debug for SignatureStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignatureStore")
            .field("count", &self.count)
            .field("in_memory", &self.in_memory())
            .finish()
    }
}

impl Default for SignatureStore {
    fn default() -> SignatureStore {
        SignatureStore::new(DEFAULT_MEMORY)
    }
}

impl Drop for SignatureStore {
    fn drop(&mut self) {
        if let Some((_, path)) = &self.file {
            // Already gone where an open file can be removed (Unix); elsewhere, now.
            let _ = std::fs::remove_file(path);
        }
    }
}

impl SignatureStore {
    /// An empty store that keeps up to `limit` bytes of records in memory.
    pub fn new(limit: usize) -> SignatureStore {
        SignatureStore {
            memory: Vec::new(),
            limit,
            file: None,
            count: 0,
            no_file: false,
            broken: false,
        }
    }

    /// Signatures added.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Are the records still in memory?
    pub fn in_memory(&self) -> bool {
        self.file.is_none()
    }

    /// Adds the signature of input `input`. If no temporary file can be created, the records
    /// stay in memory (nothing is lost; memory grows). An error writing to the file is
    /// returned, and so is every later push: the records are incomplete.
    pub fn push(&mut self, input: usize, s: &Signature) -> io::Result<()> {
        if self.broken {
            return Err(io::Error::other(
                "an earlier write to the temporary file of signatures failed",
            ));
        }
        let mut record = [0u8; RECORD];
        record[..8].copy_from_slice(&(input as u64).to_le_bytes());
        record[8..16].copy_from_slice(&(s.shingles as u64).to_le_bytes());
        for (chunk, v) in record[16..].chunks_exact_mut(4).zip(s.mins.iter()) {
            chunk.copy_from_slice(&v.to_le_bytes());
        }
        if self.file.is_none() && !self.no_file && self.memory.len() + RECORD > self.limit {
            match super::spool::temp_file() {
                Ok((f, path)) => {
                    let mut w = BufWriter::with_capacity(1 << 16, f);
                    let moved = w.write_all(&self.memory);
                    self.file = Some((w, path));
                    if let Err(e) = moved {
                        self.broken = true;
                        return Err(e);
                    }
                    self.memory = Vec::new();
                }
                Err(_) => self.no_file = true,
            }
        }
        let written = match &mut self.file {
            Some((w, _)) => w.write_all(&record),
            None => {
                self.memory.extend_from_slice(&record);
                Ok(())
            }
        };
        match written {
            Ok(()) => {
                self.count += 1;
                Ok(())
            }
            Err(e) => {
                self.broken = true;
                Err(e)
            }
        }
    }

    /// The pairs `(input a, input b, similarity)` (`a` added before `b`) at least `threshold`
    /// alike, sorted by the order the signatures were added.
    pub fn near_duplicates(&mut self, threshold: f64) -> io::Result<Vec<(usize, usize, f64)>> {
        if let Some((w, _)) = &mut self.file {
            w.flush()?;
        }
        let result = (|| {
            let pairs = match &self.file {
                None => near_duplicates_in(&Records(&self.memory), threshold)?,
                Some((w, _)) => near_duplicates_in(
                    &FileRecords {
                        file: w.get_ref(),
                        count: self.count,
                    },
                    threshold,
                )?,
            };
            pairs
                .into_iter()
                .map(|(i, j, s)| Ok((self.record(i)?.0, self.record(j)?.0, s)))
                .collect()
        })();
        self.at_end()?;
        result
    }

    /// Record `k`: its input index and signature values.
    #[cfg(test)]
    fn read(&mut self, k: usize) -> io::Result<(usize, [u32; SIGNATURE_LEN])> {
        if let Some((w, _)) = &mut self.file {
            w.flush()?;
        }
        let record = self.record(k);
        self.at_end()?;
        record
    }

    /// Record `k` (the file flushed).
    fn record(&self, k: usize) -> io::Result<(usize, [u32; SIGNATURE_LEN])> {
        let mut record = [0u8; RECORD];
        match &self.file {
            None => record.copy_from_slice(&self.memory[k * RECORD..(k + 1) * RECORD]),
            Some((w, _)) => read_at(w.get_ref(), k, &mut record)?,
        }
        Ok(decode(&record))
    }

    /// After reading, writing goes on at the end of the file.
    fn at_end(&mut self) -> io::Result<()> {
        if let Some((w, _)) = &mut self.file {
            w.get_ref().seek(SeekFrom::End(0))?;
        }
        Ok(())
    }
}

/// Reads record `k` of `file`.
fn read_at(mut file: &File, k: usize, record: &mut [u8; RECORD]) -> io::Result<()> {
    file.seek(SeekFrom::Start((k * RECORD) as u64))?;
    file.read_exact(record)
}

fn decode(record: &[u8]) -> (usize, [u32; SIGNATURE_LEN]) {
    let mut input = [0u8; 8];
    input.copy_from_slice(&record[..8]);
    let mut mins = [0u32; SIGNATURE_LEN];
    for (m, chunk) in mins.iter_mut().zip(record[16..RECORD].chunks_exact(4)) {
        *m = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    (u64::from_le_bytes(input) as usize, mins)
}

/// Records in memory.
struct Records<'a>(&'a [u8]);

impl Signatures for Records<'_> {
    fn each(&self, f: &mut dyn FnMut(usize, &[u32; SIGNATURE_LEN])) -> io::Result<()> {
        for (k, record) in self.0.chunks_exact(RECORD).enumerate() {
            f(k, &decode(record).1);
        }
        Ok(())
    }

    fn get(&self, k: usize, out: &mut [u32; SIGNATURE_LEN]) -> io::Result<bool> {
        match self.0.get(k * RECORD..(k + 1) * RECORD) {
            Some(record) => {
                *out = decode(record).1;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

/// Records in the temporary file: read in one pass, or one at a time.
struct FileRecords<'a> {
    file: &'a File,
    count: usize,
}

impl Signatures for FileRecords<'_> {
    fn each(&self, f: &mut dyn FnMut(usize, &[u32; SIGNATURE_LEN])) -> io::Result<()> {
        let mut file = self.file;
        file.seek(SeekFrom::Start(0))?;
        let mut r = BufReader::with_capacity(1 << 16, file);
        let mut record = [0u8; RECORD];
        for k in 0..self.count {
            r.read_exact(&mut record)?;
            f(k, &decode(&record).1);
        }
        Ok(())
    }

    fn get(&self, k: usize, out: &mut [u32; SIGNATURE_LEN]) -> io::Result<bool> {
        if k >= self.count {
            return Ok(false);
        }
        let mut record = [0u8; RECORD];
        read_at(self.file, k, &mut record)?;
        *out = decode(&record).1;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::super::similarity::{signature, similarity};
    use super::*;

    /// Sentences of a cohort in which some submissions copy others.
    fn cohort() -> Vec<Option<Signature>> {
        let words = [
            "cache",
            "stateless",
            "session",
            "replica",
            "shard",
            "queue",
            "latency",
            "memory",
            "server",
            "balancer",
            "sticky",
            "token",
            "redis",
            "write",
            "read",
            "scale",
        ];
        (0..60usize)
            .map(|i| {
                // Every fifth submission copies the one before it, with an edit.
                let seed = if i % 5 == 4 { i - 1 } else { i };
                let mut text: Vec<&str> = (0..40)
                    .map(|k| words[(seed * 7 + k * k * 3 + k * seed) % words.len()])
                    .collect();
                if seed != i {
                    text[3] = "edited";
                }
                signature([text.join(" ").as_str()])
            })
            .collect()
    }

    #[test]
    fn finds_the_same_pairs_in_memory_and_in_a_temporary_file() {
        let sigs = cohort();
        // Every pair at least half alike, compared one by one (banding finds these all).
        let mut want = Vec::new();
        for (i, a) in sigs.iter().enumerate() {
            for (j, b) in sigs.iter().enumerate().skip(i + 1) {
                if let (Some(a), Some(b)) = (a, b) {
                    let s = similarity(a, b);
                    if s >= 0.5 {
                        want.push((i, j, s));
                    }
                }
            }
        }
        assert!(want.len() >= 8, "{want:?}");
        for limit in [1 << 20, 3 * RECORD] {
            let mut store = SignatureStore::new(limit);
            for (i, s) in sigs.iter().enumerate() {
                if let Some(s) = s {
                    store.push(i, s).unwrap();
                }
            }
            assert_eq!(store.in_memory(), limit > 3 * RECORD);
            assert_eq!(store.near_duplicates(0.5).unwrap(), want);
            // Asking twice reads the same records; adding more after asking appends.
            assert_eq!(store.near_duplicates(0.5).unwrap(), want);
            let first = sigs.iter().position(Option::is_some).unwrap();
            store.push(1000, sigs[first].as_ref().unwrap()).unwrap();
            let again = store.near_duplicates(0.5).unwrap();
            assert!(again.contains(&(first, 1000, 1.0)), "{again:?}");
            assert!(want.iter().all(|p| again.contains(p)), "{again:?}");
        }
    }

    #[test]
    fn records_keep_the_input_index_and_values() {
        let s = signature([
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen",
        ])
        .unwrap();
        let mut store = SignatureStore::new(0);
        store.push(123_456, &s).unwrap();
        store.push(7, &s).unwrap();
        assert_eq!(store.len(), 2);
        assert_eq!(store.read(0).unwrap(), (123_456, *s.mins));
        assert_eq!(store.read(1).unwrap().0, 7);
        assert_eq!(store.near_duplicates(0.9).unwrap(), [(123_456, 7, 1.0)]);
    }
}
