//! `assay template RUBRIC`: a blank Markdown answer sheet that assay reads back exactly.

use std::path::Path;

use crate::exit_code;
use crate::rubric::Rubric;
use crate::submission::read::PLACEHOLDER_LEARNER;

/// The answer sheet for a rubric.
pub fn sheet(r: &Rubric) -> String {
    let mut s = format!(
        "---\nlearner: {PLACEHOLDER_LEARNER}\n---\n\n# {}\n",
        r.title
    );
    for e in &r.exercises {
        s.push_str(&format!("\n## {}\n", e.title));
        for q in &e.questions {
            let prompt = q.prompt.split_whitespace().collect::<Vec<_>>().join(" ");
            s.push_str(&format!("\n### {}. {}\n\n", q.number, prompt));
        }
    }
    s
}

pub fn run(path: &Path) -> u8 {
    let Some(r) = super::load_or_report(path) else {
        return exit_code::ERROR;
    };
    match super::stdout::write(&sheet(r)) {
        Ok(()) => exit_code::OK,
        Err(code) => code,
    }
}
