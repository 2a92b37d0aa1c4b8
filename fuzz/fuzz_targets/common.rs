//! Shared by the fuzz targets: the bundled workshop rubric, loaded once, and the checks every
//! graded submission must pass. (Each target uses part of it.)
#![allow(dead_code)]

use std::sync::OnceLock;

use assay::grade::{Graded, grade_submission};
use assay::rubric::Rubric;
use assay::submission::{Format, SheetLayout, read_submission};

pub struct Sheet {
    pub rubric: Rubric,
    pub layout: SheetLayout,
}

/// The bundled Scaling Design Workshop rubric (37 questions, every rule kind).
pub fn sheet() -> &'static Sheet {
    static SHEET: OnceLock<Sheet> = OnceLock::new();
    SHEET.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../rubrics/scaling-workshop.yaml"
        );
        let rubric = assay::rubric::load(std::path::Path::new(path)).expect("bundled rubric");
        let layout = rubric.layout();
        Sheet { rubric, layout }
    })
}

/// Reads `bytes` as a submission of `format` and, when it reads, grades it and checks the
/// result: every score in [0, max], every question of the rubric present once.
pub fn read_and_grade(bytes: &[u8], format: Format) {
    let sheet = sheet();
    let Ok(sub) = read_submission(bytes, format, "fuzz", &sheet.layout) else {
        return;
    };
    assert!(!sub.learner.is_empty());
    check(&sheet.rubric, &grade_submission(&sheet.rubric, &sub));
}

pub fn check(rubric: &Rubric, g: &Graded) {
    let max = rubric.max_score();
    assert!(
        g.score.is_finite() && g.score >= 0.0 && g.score <= max + 1e-9,
        "{}",
        g.score
    );
    let questions: usize = rubric.exercises.iter().map(|e| e.questions.len()).sum();
    assert_eq!(g.questions.len(), questions);
    for q in &g.questions {
        assert!(
            q.score.is_finite() && q.score >= 0.0 && q.score <= q.max_score + 1e-9,
            "{}/{}",
            q.score,
            q.max_score
        );
    }
}
