//! A spool for the rendered outcomes of a streamed batch: the JSON document names its summary
//! before its submissions, so the submissions wait here until the batch is done. Up to a
//! memory budget they stay in memory; past it they go to an unnamed temporary file, so a
//! cohort of 100,000 (about 10 GB of JSON) does not grow the process.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

/// Bytes kept in memory before the spool moves to a temporary file.
pub const DEFAULT_MEMORY: usize = 32 * 1024 * 1024;

/// Appended bytes, read back as many times as needed.
pub struct Spool {
    memory: Vec<u8>,
    limit: usize,
    file: Option<(BufWriter<File>, PathBuf)>,
}

impl Spool {
    /// An empty spool that keeps up to `limit` bytes in memory.
    pub fn new(limit: usize) -> Spool {
        Spool {
            memory: Vec::new(),
            limit,
            file: None,
        }
    }

    /// Appends `bytes`.
    pub fn push(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.file.is_none() && self.memory.len() + bytes.len() > self.limit {
            let (file, path) = temp_file()?;
            let mut w = BufWriter::with_capacity(1 << 20, file);
            w.write_all(&self.memory)?;
            self.memory = Vec::new();
            self.file = Some((w, path));
        }
        match &mut self.file {
            Some((w, _)) => w.write_all(bytes),
            None => {
                self.memory.extend_from_slice(bytes);
                Ok(())
            }
        }
    }

    /// Is everything still in memory?
    pub fn in_memory(&self) -> bool {
        self.file.is_none()
    }

    /// Writes everything appended so far to `out`.
    pub fn copy_to(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match &mut self.file {
            None => out.write_all(&self.memory),
            Some((w, _)) => {
                w.flush()?;
                let f = w.get_mut();
                f.seek(SeekFrom::Start(0))?;
                let mut buf = vec![0u8; 1 << 20];
                loop {
                    let n = f.read(&mut buf)?;
                    if n == 0 {
                        break;
                    }
                    out.write_all(&buf[..n])?;
                }
                f.seek(SeekFrom::End(0))?;
                Ok(())
            }
        }
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        if let Some((_, path)) = &self.file {
            // Already gone where an open file can be removed (Unix); elsewhere, now.
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A new temporary file, removed from its folder at once where the system allows it (the
/// open file stays usable), so nothing is left behind even if the process is killed.
fn temp_file() -> io::Result<(File, PathBuf)> {
    let dir = std::env::temp_dir();
    for n in 0..1000u32 {
        let path = dir.join(format!(".assay-spool-{}-{n}", std::process::id()));
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => {
                let _ = std::fs::remove_file(&path);
                return Ok((f, path));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("cannot create a temporary file"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_was_pushed_in_memory_and_in_a_file() {
        for limit in [1 << 20, 10] {
            let mut s = Spool::new(limit);
            for i in 0..100 {
                s.push(format!("{i},").as_bytes()).unwrap();
            }
            assert_eq!(s.in_memory(), limit > 1000);
            let want: String = (0..100).map(|i| format!("{i},")).collect();
            for _ in 0..2 {
                let mut out = Vec::new();
                s.copy_to(&mut out).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), want);
            }
        }
    }
}
