//! `assay lint RUBRIC`: every problem as `file:line:col: error: …`; a summary of a valid
//! rubric otherwise, with warnings for questions without examples.

use std::path::Path;

use crate::exit_code;

pub fn run(path: &Path) -> u8 {
    let Some(r) = super::load_or_report(path) else {
        return exit_code::ERROR;
    };
    let questions: Vec<_> = r
        .exercises
        .iter()
        .flat_map(|e| e.questions.iter().map(move |q| (e, q)))
        .collect();
    let mut warnings = 0;
    for (e, q) in &questions {
        if q.examples.is_empty() {
            // At the question, in the file that holds it (an included one, perhaps).
            let (file, line, column) = &q.written_at;
            eprintln!(
                "{file}:{line}:{column}: warning: question {}.{} has no examples",
                e.id, q.number
            );
            warnings += 1;
        }
    }
    let concepts: usize = questions.iter().map(|(_, q)| q.concepts.len()).sum();
    let mistakes: usize = questions.iter().map(|(_, q)| q.mistakes.len()).sum();
    let numbers: usize = questions.iter().map(|(_, q)| q.numbers.len()).sum();
    let examples: usize = questions.iter().map(|(_, q)| q.examples.len()).sum();
    let line = format!(
        "{}: ok: {} exercises, {} questions, {} concepts, {} numbers, {} mistake rules, {} misconceptions, {} examples{}",
        path.display(),
        r.exercises.len(),
        questions.len(),
        concepts,
        numbers,
        mistakes,
        r.misconceptions.len(),
        examples,
        if warnings > 0 {
            format!(", {warnings} warnings")
        } else {
            String::new()
        }
    );
    match super::stdout::write(&format!("{line}\n")) {
        Ok(()) => exit_code::OK,
        Err(code) => code,
    }
}
