//! Property tests (proptest): for any input text, reading and grading terminate without a
//! panic and every score lies in [0, max]; a batch's results do not depend on `--jobs` nor on
//! the order of its inputs. Case counts are kept small so that the suite stays fast; see
//! docs/fuzzing.md for long runs (`PROPTEST_CASES=100000 cargo test properties`).

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;

use assay::batch::{BatchOptions, DEFAULT_TIME_BUDGET, Found, Input, run_batch};
use assay::grade::{Graded, grade_submission};
use assay::rubric::Rubric;
use assay::submission::{Format, SheetLayout, read_submission};

use super::util::root;

struct Sheet {
    rubric: Rubric,
    layout: SheetLayout,
}

fn load(path: &str) -> Sheet {
    let rubric = assay::rubric::load(&root().join(path)).expect("rubric");
    let layout = rubric.layout();
    Sheet { rubric, layout }
}

fn mini() -> &'static Sheet {
    static S: OnceLock<Sheet> = OnceLock::new();
    S.get_or_init(|| load("tests/fixtures/rubrics/valid/mini.yaml"))
}

fn workshop() -> &'static Sheet {
    static S: OnceLock<Sheet> = OnceLock::new();
    S.get_or_init(|| load("rubrics/scaling-workshop.yaml"))
}

/// Pieces that submissions are made of: structure, the rubrics' own words, numbers as
/// learners write them, and the characters that break naive readers.
const PIECES: &[&str] = &[
    "# Scaling Basics\n\n",
    "## Capacity Plan\n",
    "## 1. Retrieval\n\n",
    "### 2.\n",
    "Exercise 3\n",
    "1. ",
    "2) ",
    "Q1: ",
    "(2) ",
    "**1.** ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "> ",
    "- ",
    "* ",
    "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "```\ncode\n```\n",
    "<div>",
    "<!-- c -->",
    "---\nlearner: x\n---\n",
    "vertical",
    "horizontal",
    "scaling",
    "bigger",
    "machine",
    "more machines",
    "sticky sessions",
    "are fine",
    "not",
    "never",
    "lost",
    "the node dies",
    "stateless",
    "cache",
    "load balancer",
    "because",
    "but",
    "\"quoted\"",
    "33",
    "36",
    "25",
    "32.5",
    "1,667",
    "~1.67k req/s",
    "thirty-six",
    "33–36 ms",
    "1e308",
    "-0",
    "NaN",
    "99999999999999999999999",
    "5000/200 = 25",
    "x1.3",
    "%",
    ".",
    ",",
    ";",
    ":",
    " - ",
    "e.g.",
    "...",
    "\u{200B}",
    "\u{202E}",
    "\u{FEFF}",
    "\t",
    "é",
    "∞",
    "日本",
];

/// Text made of the pieces above, joined by spaces or not.
fn submission_text() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(PIECES), any::<bool>()), 0..80).prop_map(|v| {
        v.into_iter()
            .map(|(p, space)| {
                if space {
                    format!("{p} ")
                } else {
                    p.to_string()
                }
            })
            .collect()
    })
}

/// Any text at all, or pieces, or pieces with arbitrary text mixed in.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        submission_text(),
        "(?s).{0,300}",
        (submission_text(), "(?s).{0,40}", submission_text()).prop_map(|(a, b, c)| a + &b + &c),
    ]
}

/// A YAML form whose answers are any text.
fn yaml_form() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(&["basics", "capacity", "retrieval", "nope"][..]),
            0u32..4,
            any_text(),
        ),
        0..6,
    )
    .prop_map(|answers| {
        let mut s = String::from("learner: prop\nanswers:\n");
        for (i, (ex, q, text)) in answers.into_iter().enumerate() {
            // One exercise per entry (a repeated exercise key is a YAML error, tested elsewhere).
            s.push_str(&format!(
                "  {ex}{}:\n    {q}: {}\n",
                if i == 0 {
                    String::new()
                } else {
                    format!("-{i}")
                },
                serde_json::to_string(&text).unwrap()
            ));
        }
        s
    })
}

fn check_scores(sheet: &Sheet, g: &Graded) {
    let max = sheet.rubric.max_score();
    assert!(
        g.score.is_finite() && (0.0..=max + 1e-9).contains(&g.score),
        "{} / {max}",
        g.score
    );
    let n: usize = sheet
        .rubric
        .exercises
        .iter()
        .map(|e| e.questions.len())
        .sum();
    assert_eq!(g.questions.len(), n, "every question of the rubric, once");
    for q in &g.questions {
        assert!(
            q.score.is_finite() && (0.0..=q.max_score + 1e-9).contains(&q.score),
            "{}.{}: {} / {}",
            q.exercise,
            q.question,
            q.score,
            q.max_score
        );
    }
    let sum: f64 = g.questions.iter().map(|q| q.score).sum();
    assert!(
        (sum - g.score).abs() < 1e-6,
        "total {} is not the sum {sum}",
        g.score
    );
}

/// Reads and grades `bytes`: never a panic, a bounded time, scores in range.
fn read_and_grade(sheet: &Sheet, bytes: &[u8], format: Format) {
    let started = Instant::now();
    if let Ok(sub) = read_submission(bytes, format, "stem", &sheet.layout) {
        assert!(!sub.learner.is_empty());
        check_scores(sheet, &grade_submission(&sheet.rubric, &sub));
    }
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_markdown_grades_within_bounds(text in any_text()) {
        read_and_grade(mini(), text.as_bytes(), Format::Markdown);
    }

    #[test]
    fn any_bytes_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        read_and_grade(mini(), &bytes, Format::Markdown);
        read_and_grade(mini(), &bytes, Format::Yaml);
    }

    #[test]
    fn any_yaml_form_grades_within_bounds(form in yaml_form()) {
        read_and_grade(mini(), form.as_bytes(), Format::Yaml);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_markdown_grades_within_bounds_on_the_workshop_rubric(text in any_text()) {
        read_and_grade(workshop(), text.as_bytes(), Format::Markdown);
    }

    #[test]
    fn results_do_not_depend_on_jobs_or_input_order(
        texts in prop::collection::vec(any_text(), 1..6),
        seed in any::<u64>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut inputs = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            let name = format!("s{i}.md");
            std::fs::write(dir.path().join(&name), t).unwrap();
            inputs.push(Input::new(name, dir.path().join(format!("s{i}.md"))));
        }
        // A duplicate learner id and an error entry are part of the batch too.
        std::fs::write(dir.path().join("dup.md"), "---\nlearner: s0\n---\n# Scaling Basics\n\n1. Vertical: a bigger machine.\n").unwrap();
        inputs.push(Input::new("dup.md".into(), dir.path().join("dup.md")));
        inputs.push(Input::new("missing.md".into(), dir.path().join("missing.md")));
        let sheet = mini();
        let run = |inputs: Vec<Input>, jobs: usize| {
            let found = Found { inputs, failed: Vec::new(), skipped: Vec::new() };
            let opts = BatchOptions {
                cache: None,
                jobs,
                max_bytes: 1 << 20,
                time_budget: DEFAULT_TIME_BUDGET * 6,
                signatures: true,
                held_bytes: assay::batch::HELD_BYTES_PER_JOB * jobs,
            };
            let batch = run_batch(&sheet.rubric, found, &opts);
            assay::report::json::to_json(&sheet.rubric, &batch)
        };
        let reference = run(inputs.clone(), 1);
        let mut shuffled = inputs.clone();
        shuffle(&mut shuffled, seed);
        prop_assert_eq!(&run(shuffled.clone(), 3), &reference);
        shuffled.reverse();
        prop_assert_eq!(&run(shuffled, 2), &reference);
        assert!(Path::new(&dir.path()).exists());
    }
}

/// A Fisher–Yates shuffle driven by a simple generator (no extra dependency).
fn shuffle<T>(v: &mut [T], mut seed: u64) {
    for i in (1..v.len()).rev() {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = (seed >> 33) as usize % (i + 1);
        v.swap(i, j);
    }
}
