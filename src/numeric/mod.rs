//! Numbers in learners' answers: reading them from prose, their units, and tolerance checks.
//!
//! - [`read_numbers`] finds every number a learner wrote (`36`, `1,667`, `~1.67k req/s`,
//!   `thirty-six`, `33–36 ms`) with byte offsets, units, and the digits as written.
//! - [`parse_number`] and [`parse_quantity`] read a whole string as one value (YAML answers,
//!   a rubric's expected value such as `"50 ms"`).
//! - [`Unit`], [`parse_unit`] and [`convert`] handle units in ten dimensions (time, rate,
//!   count, percent, times, bytes, bandwidth, length, speed, currency).
//! - [`Tolerance`] decides whether a value is close enough, with the exact semantics of
//!   PrairieLearn's and Moodle's numeric comparisons available by name.
//!
//! Only ASCII digits are read. A decimal comma is read when the rubric sets one
//! ([`DecimalMark`]); otherwise `3,14` is 3 and 14.

mod cursor;
mod lex;
mod mark;
mod parse;
mod read;
mod scan;
mod tolerance;
mod unit;
pub(crate) mod unit_table;
mod words;

pub use mark::DecimalMark;
pub use parse::{Quantity, UnitSide, parse_number, parse_quantity, parse_quantity_with};
pub use read::{NumberMention, read_numbers, read_numbers_with};
pub use tolerance::{MOODLE_EPSILON, Tolerance};
pub use unit::{Dimension, Unit, UnitTable, convert, parse_unit};
