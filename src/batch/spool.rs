//! A spool for the rendered outcomes of a streamed batch: the JSON document names its summary
//! before its submissions, so the submissions wait here until the batch is done. Each one is
//! a block compressed with LZ4 (by the thread that rendered it: pretty JSON shrinks about
//! tenfold); up to a memory budget the blocks stay in memory, past it they go to an unnamed
//! temporary file, so a cohort of 100,000 (about 10 GB of JSON) neither grows the process
//! nor writes 10 GB to disk before writing the document.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

/// A block for [`Spool::push`]: `bytes` compressed.
pub fn block(bytes: &[u8]) -> Vec<u8> {
    lz4_flex::block::compress_prepend_size(bytes)
}

/// Compressed blocks, read back (decompressed) as many times as needed.
pub struct Spool {
    memory: Vec<u8>,
    limit: usize,
    file: Option<(BufWriter<File>, PathBuf)>,
}

impl Spool {
    /// An empty spool that keeps up to `limit` compressed bytes in memory.
    pub fn new(limit: usize) -> Spool {
        Spool {
            memory: Vec::new(),
            limit,
            file: None,
        }
    }

    /// Appends a [`block`].
    pub fn push(&mut self, block: &[u8]) -> io::Result<()> {
        let len = u32::try_from(block.len())
            .map_err(|_| io::Error::other("a spooled block over 4 GB"))?
            .to_le_bytes();
        if self.file.is_none() && self.memory.len() + 4 + block.len() > self.limit {
            let (file, path) = temp_file()?;
            let mut w = BufWriter::with_capacity(1 << 20, file);
            w.write_all(&self.memory)?;
            self.memory = Vec::new();
            self.file = Some((w, path));
        }
        match &mut self.file {
            Some((w, _)) => {
                w.write_all(&len)?;
                w.write_all(block)
            }
            None => {
                self.memory.extend_from_slice(&len);
                self.memory.extend_from_slice(block);
                Ok(())
            }
        }
    }

    /// Is everything still in memory?
    pub fn in_memory(&self) -> bool {
        self.file.is_none()
    }

    /// Writes every block, decompressed (by `threads` threads), to `out`, with `separator`
    /// between two blocks.
    pub fn copy_to(
        &mut self,
        out: &mut dyn Write,
        separator: &[u8],
        threads: usize,
    ) -> io::Result<()> {
        match &mut self.file {
            None => copy_blocks(&mut &self.memory[..], out, separator, threads),
            Some((w, _)) => {
                w.flush()?;
                let f = w.get_mut();
                f.seek(SeekFrom::Start(0))?;
                let copied = copy_blocks(
                    &mut BufReader::with_capacity(1 << 20, &*f),
                    out,
                    separator,
                    threads,
                );
                f.seek(SeekFrom::End(0))?;
                copied
            }
        }
    }
}

/// Blocks decompressed together, in parallel, before they are written in order.
const BATCH: usize = 64;

fn copy_blocks(
    input: &mut dyn Read,
    out: &mut dyn Write,
    separator: &[u8],
    threads: usize,
) -> io::Result<()> {
    let mut first = true;
    loop {
        let mut blocks: Vec<Vec<u8>> = Vec::with_capacity(BATCH);
        while blocks.len() < BATCH {
            let mut len = [0u8; 4];
            match input.read_exact(&mut len) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
                Err(e) => return Err(e),
            }
            let mut block = vec![0; u32::from_le_bytes(len) as usize];
            input.read_exact(&mut block)?;
            blocks.push(block);
        }
        if blocks.is_empty() {
            return Ok(());
        }
        for bytes in decompress_all(&blocks, threads) {
            if !first {
                out.write_all(separator)?;
            }
            first = false;
            out.write_all(&bytes?)?;
        }
    }
}

/// Every block decompressed, in order, `threads` at a time.
fn decompress_all(blocks: &[Vec<u8>], threads: usize) -> Vec<io::Result<Vec<u8>>> {
    let one = |b: &Vec<u8>| {
        lz4_flex::block::decompress_size_prepended(b)
            .map_err(|e| io::Error::other(format!("spool: {e}")))
    };
    let threads = threads.clamp(1, blocks.len().max(1));
    if threads == 1 {
        return blocks.iter().map(one).collect();
    }
    let per = blocks.len().div_ceil(threads);
    std::thread::scope(|s| {
        let parts: Vec<_> = blocks
            .chunks(per)
            .map(|chunk| s.spawn(move || chunk.iter().map(one).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec![Err(io::Error::other("spool: a thread panicked"))])
            })
            .collect()
    })
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
pub(super) fn temp_file() -> io::Result<(File, PathBuf)> {
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
        for limit in [1 << 20, 100] {
            let mut s = Spool::new(limit);
            for i in 0..100 {
                s.push(&block(format!("item {i}").as_bytes())).unwrap();
            }
            assert_eq!(s.in_memory(), limit > 100_000);
            let want: Vec<String> = (0..100).map(|i| format!("item {i}")).collect();
            for threads in [1, 3] {
                let mut out = Vec::new();
                s.copy_to(&mut out, b",\n", threads).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), want.join(",\n"));
            }
        }
        let mut out = Vec::new();
        Spool::new(10).copy_to(&mut out, b",", 2).unwrap();
        assert!(out.is_empty());
    }
}
