//! The time limit of matching one answer (the file's budget, `--budget`). Reading the clock
//! costs about as much as matching a short sentence, and matching checks the limit before every
//! sentence of every pattern, so [`Deadline`] reads the clock only once the matching done since
//! its last reading reaches [`WORK_PER_READING`] words: a pattern run over a sentence of n
//! words counts n (a `re:` pattern, which reads bytes, counts the larger of n and the
//! sentence's bytes divided by 8). Matching stops at most that much work after the limit has
//! passed.

use std::cell::Cell;
use std::time::Instant;

/// Words of matching between two readings of the clock: a few microseconds of work.
pub const WORK_PER_READING: usize = 1024;

/// A time limit, or none, for matching one answer.
#[derive(Debug, Default)]
pub struct Deadline {
    at: Option<Instant>,
    /// Words matched since the clock was last read.
    work: Cell<usize>,
    /// Set once a reading has found the limit passed: every later check says so at once.
    passed: Cell<bool>,
}

impl Deadline {
    /// A limit at `at` (none for `None`).
    pub fn new(at: Option<Instant>) -> Deadline {
        Deadline {
            at,
            ..Deadline::default()
        }
    }

    /// Counts `words` of matching about to be done, and says whether the limit has passed
    /// (reading the clock only when the work counted reaches `WORK_PER_READING`).
    pub fn passed(&self, words: usize) -> bool {
        let Some(at) = self.at else {
            return false;
        };
        if self.passed.get() {
            return true;
        }
        let work = self.work.get().saturating_add(words.max(1));
        if work < WORK_PER_READING {
            self.work.set(work);
            return false;
        }
        self.work.set(0);
        let passed = Instant::now() > at;
        self.passed.set(passed);
        passed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A moment already gone (now, when the clock started less than a second ago).
    fn past() -> Instant {
        let now = Instant::now();
        now.checked_sub(Duration::from_secs(1)).unwrap_or(now)
    }

    #[test]
    fn no_limit_never_passes() {
        let d = Deadline::new(None);
        assert!((0..10_000).all(|_| !d.passed(WORK_PER_READING)));
    }

    #[test]
    fn a_passed_limit_is_seen_within_one_reading_and_stays_seen() {
        let d = Deadline::new(Some(past()));
        // Less work than one reading's worth: the clock is not read yet.
        assert!(!d.passed(WORK_PER_READING / 2));
        // Reaching it reads the clock, which finds the limit passed …
        assert!(d.passed(WORK_PER_READING / 2));
        // … and from then on every check says so, with no more work.
        assert!(d.passed(0));
        assert!(d.passed(1));
    }

    #[test]
    fn every_check_counts_as_at_least_one_word() {
        let d = Deadline::new(Some(past()));
        let checks = (1..=WORK_PER_READING).find(|_| d.passed(0));
        assert_eq!(checks, Some(WORK_PER_READING));
    }

    #[test]
    fn a_limit_not_yet_reached_lets_matching_go_on() {
        let d = Deadline::new(Some(Instant::now() + Duration::from_secs(3600)));
        assert!((0..10_000).all(|_| !d.passed(WORK_PER_READING)));
    }
}
