//! Starting sizes for the per-learner texts: the JSON document's piece (some 100 KB) and,
//! for `--out`, a JUnit suite, a Gradescope file or a learner's Markdown or HTML report (some
//! 20–65 KB). Grown from a few bytes by doubling, a text is copied half a dozen times on the
//! way. A [`Last`] remembers how long the last text of its kind made on this thread was, and
//! the next one starts a little larger than that.

use std::cell::Cell;
use std::thread::LocalKey;

/// The length of the last text of one kind made on this thread (declare with `thread_local!`).
pub type Last = LocalKey<Cell<usize>>;

/// A capacity for the next text of the kind `last` remembers: an eighth more than the last
/// one, at least `min` and at most 4 MiB (so that one huge text does not make every later
/// buffer huge).
pub fn next(last: &'static Last, min: usize) -> usize {
    let n = last.with(Cell::get);
    (n + n / 8).clamp(min, 1 << 22)
}

/// Remembers `len` as the length of the last text of the kind `last` remembers.
pub fn made(last: &'static Last, len: usize) {
    last.with(|l| l.set(len));
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static TEST: Cell<usize> = const { Cell::new(0) };
    }

    #[test]
    fn the_next_capacity_follows_the_last_length_within_bounds() {
        assert_eq!(next(&TEST, 256), 256, "nothing made yet: the minimum");
        made(&TEST, 8000);
        assert_eq!(next(&TEST, 256), 9000);
        made(&TEST, 100 << 20);
        assert_eq!(next(&TEST, 256), 1 << 22);
    }
}
