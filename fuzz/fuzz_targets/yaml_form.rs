//! The YAML form reader, from raw bytes through grading against the workshop rubric.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::read_and_grade(data, assay::submission::Format::Yaml);
});
