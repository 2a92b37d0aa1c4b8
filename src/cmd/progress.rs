//! The progress bar on stderr for long batches: hidden when stderr is not a terminal, with
//! `--quiet`, or for small batches, so logs and pipes never see it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Batches smaller than this finish too fast to need a bar.
const MIN_INPUTS: usize = 200;

/// A progress bar over `len` inputs (hidden unless stderr is a terminal).
pub fn bar(len: usize, quiet: bool) -> ProgressBar {
    if quiet || len < MIN_INPUTS || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} graded, {per_sec}, {eta} left")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
