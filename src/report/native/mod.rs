//! The built-in learner reports, `report.md.tera` and `report.html.tera`, written by assay's
//! own code: used whenever `--templates` does not replace them (`Templates::native_markdown`,
//! `Templates::native_html`); a replaced template is rendered by tera as before.
//!
//! Why: tera's rendering of the two reports cost about 1.5 ms of CPU per learner, plus
//! 0.6 ms to turn the learner's view into its JSON context: more than half of `--out`. Each
//! value tera prints is a dotted-path lookup that splits the path into new strings; here it
//! is a field access.
//!
//! The contract is byte-identical output: the tests render every report both ways (the
//! sample cohort, the fixtures, and views full of hostile or empty text) and compare them.
//! A change to `templates/report.md.tera` or `templates/report.html.tera` therefore needs the
//! same change in `report_md.rs` or `report_html.rs`; the tests fail until both agree.
//! The functions mirror their template block by block, in its order.

mod report_html;
mod report_md;

pub use report_html::html;
pub use report_md::markdown;

use std::fmt::Write;

/// A float as tera prints it: as Rust's `Display` prints it, and nothing when it is not
/// finite (serde_json, which makes tera's context, turns it into `null`).
fn push_float(out: &mut String, x: f64) {
    if x.is_finite() {
        // Writing to a `String` cannot fail.
        let _ = write!(out, "{x}");
    }
}

/// An integer as tera prints it, through `itoa` (as [`super::plain::push_uint`]): any integer
/// type, written as `Display` writes it, without `core::fmt`.
fn push_int(out: &mut String, n: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// A score through the `score` filter (nothing for a float that is not finite, as above).
fn push_score(out: &mut String, x: f64) {
    if x.is_finite() {
        super::plain::push_score(out, x);
    }
}

/// `score / max`, both through the `score` filter.
fn push_score_of(out: &mut String, score: f64, max: f64) {
    push_score(out, score);
    out.push_str(" / ");
    push_score(out, max);
}

/// The optional text when it is true for tera's `{% if %}`: present and not empty.
fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// `s`, unless HTML escaping leaves nothing of it: the escaping drops control and invisible
/// characters (never copied into reports), and tera tests a value as escaped, so a text of
/// only such characters is false in an HTML template's `{% if %}`.
fn escapes_to_text(s: Option<&str>) -> Option<&str> {
    s.filter(|s| s.chars().any(|c| !crate::text::is_invisible_or_control(c)))
}

#[cfg(test)]
mod tests;
