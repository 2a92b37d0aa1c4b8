//! assay's exit codes. Documented in README.md ("Exit codes").

/// Everything was graded (and, for `check`, passed its threshold); `lint`: no problem;
/// `test`: every example passed.
pub const OK: u8 = 0;
/// Findings: `check` below `--fail-under`; `test` examples failed; `calibrate` below a
/// threshold.
pub const FINDINGS: u8 = 1;
/// An input could not be graded (the rest were graded and reported), the rubric is invalid,
/// `calibrate`'s human grades are invalid, a template failed, or an output could not be
/// written. Also clap's usage errors.
pub const ERROR: u8 = 2;
