//! The Markdown submission reader, from raw bytes (decoding, front matter, placing answers),
//! against the workshop's sheet: every answer and unplaced stretch lies inside the file.
//! Inputs up to 2 KB are also graded (grading is what makes large inputs slow to fuzz).
#![no_main]

use assay::submission::{Format, read_submission};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let sheet = common::sheet();
    let Ok(sub) = read_submission(data, Format::Markdown, "fuzz", &sheet.layout) else {
        return;
    };
    let lines = 1 + data.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u32;
    for a in &sub.answers {
        assert!(a.line >= 1 && a.line <= lines && a.column >= 1, "{a:?}");
    }
    for u in &sub.unplaced {
        assert!(u.line >= 1 && u.line <= lines, "{u:?}");
    }
    if data.len() <= 2048 {
        common::check(
            &sheet.rubric,
            &assay::grade::grade_submission(&sheet.rubric, &sub),
        );
    }
});
