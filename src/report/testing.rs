//! Fixtures for the unit tests of the report writers: the integration tests' mini rubric, and
//! YAML submissions graded in memory (a strong one, the fixture `ben.yaml`, and a failed input).

use crate::batch::{Batch, Outcome, Skipped};
use crate::rubric::{Rubric, load_str};
use crate::submission::{Format, read_submission};

pub const CLEO: &str = "learner: cleo
answers:
  basics:
    1: \"Vertical scaling means a bigger machine with more RAM; horizontal scaling means adding more machines behind a load balancer.\"
    2: \"Sticky sessions are not fine: when the node dies, its sessions are lost.\"
  capacity:
    1: \"5000 / 200 = 25, times 1.3 = 32.5, so 33 instances.\"
    2: \"33 / 3 = 11 instances.\"
";

pub fn rubric() -> Rubric {
    load_str(
        include_str!("../../tests/fixtures/rubrics/valid/mini.yaml"),
        "mini.yaml",
    )
    .expect("the mini rubric is valid")
}

/// A submission graded in memory: Markdown when `file` names a Markdown file, else YAML.
pub fn outcome(rubric: &Rubric, file: &str, yaml: &str) -> Outcome {
    let layout = rubric.layout();
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.as_str();
    let format = Format::of(std::path::Path::new(file)).unwrap_or(Format::Yaml);
    match read_submission(yaml.as_bytes(), format, stem, &layout) {
        Ok(sub) => Outcome {
            file: file.into(),
            learner: sub.learner.clone(),
            result: Ok(crate::grade::grade_submission(rubric, &sub)),
            signature: crate::batch::similarity::signature(
                sub.answers.iter().map(|a| a.text.as_str()),
            ),
            unplaced: sub.unplaced,
        },
        Err(e) => Outcome {
            file: file.into(),
            learner: stem.into(),
            result: Err(crate::batch::Failure::read(file, &e)),
            unplaced: vec![],
            signature: None,
        },
    }
}

/// cleo (strong), ben (the fixture) and a broken input, sorted by file as a batch is.
pub fn batch(rubric: &Rubric) -> Batch {
    Batch {
        outcomes: vec![
            outcome(
                rubric,
                "subs/ben.yaml",
                include_str!("../../tests/fixtures/batch/mini/ben.yaml"),
            ),
            outcome(rubric, "subs/broken.yaml", "learner: [unclosed\n"),
            outcome(rubric, "subs/cleo.yaml", CLEO),
        ],
        skipped: vec![Skipped {
            file: "subs/notes.txt".into(),
            reason: "not a submission file type".into(),
        }],
        shard: None,
    }
}
