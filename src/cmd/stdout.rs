//! A command's document on stdout. `print!` panics when stdout is closed early (`assay test |
//! head -1`) or cannot be written (a full disk): the commands write through [`write()`] instead,
//! and a failure is an exit code, never a panic.

use std::io::Write;

use crate::exit_code;

/// Writes `text` to stdout and flushes it. On failure, the exit code to end with
/// ([`exit_code::ERROR`]), the reason said on stderr unless stdout was closed by its reader
/// (`| head`: nothing is worth saying to someone who stopped reading, as for `grade`).
pub fn write(text: &str) -> Result<(), u8> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| failed(&e))
}

/// The exit code of a failure to write stdout, said on stderr unless it is a closed pipe.
pub fn failed(e: &std::io::Error) -> u8 {
    if e.kind() != std::io::ErrorKind::BrokenPipe {
        eprintln!("error: cannot write to stdout: {e}");
    }
    exit_code::ERROR
}
