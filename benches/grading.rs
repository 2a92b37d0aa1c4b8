//! Micro-benchmarks of the stages of grading one submission (criterion; `cargo bench`).
//! The whole-process benchmark of a cohort is `bench/run.sh`; both are described in
//! `docs/benchmarks.md`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};

use assay::batch::{Batch, Outcome};
use assay::grade::number::Learned;
use assay::grade::{AnswerText, grade_question, grade_submission};
use assay::report::feedback::PlainView;
use assay::report::{feedback, html, json, junit, templates};
use assay::rubric::{Rubric, load};
use assay::submission::markdown::read_markdown;
use assay::submission::{Format, read_submission};
use assay::text::Analysis;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rubric_path() -> PathBuf {
    root().join("rubrics/scaling-workshop.yaml")
}

fn rubric() -> Rubric {
    load(&rubric_path()).expect("the workshop rubric loads")
}

/// A full-sheet sample submission: average length (4 KB) and the longest (11 KB).
const SHEETS: &[&str] = &["average-ben.md", "strong-ana.md"];

fn sheet(name: &str) -> String {
    std::fs::read_to_string(root().join("submissions").join(name)).expect("sample submission")
}

fn outcome(rubric: &Rubric, name: &str) -> Outcome {
    let layout = rubric.layout();
    let sub = read_submission(sheet(name).as_bytes(), Format::Markdown, "x", &layout)
        .expect("sample reads");
    let graded = grade_submission(rubric, &sub);
    Outcome {
        file: format!("submissions/{name}"),
        learner: sub.learner,
        result: Ok(graded),
        unplaced: sub.unplaced,
        signature: None,
    }
}

fn markdown_split(c: &mut Criterion) {
    let rubric = rubric();
    let layout = rubric.layout();
    let mut g = c.benchmark_group("markdown_split");
    for name in SHEETS {
        let src = sheet(name);
        g.bench_function(*name, |b| {
            b.iter(|| read_markdown(black_box(&src), &layout).expect("reads"))
        });
    }
    g.finish();
}

fn one_answer(c: &mut Criterion) {
    let rubric = rubric();
    let layout = rubric.layout();
    let sub = read_submission(
        sheet("strong-ana.md").as_bytes(),
        Format::Markdown,
        "x",
        &layout,
    )
    .expect("sample reads");
    // Exercise 2, question 2 (stateless vs sticky vs external store): a long answer and a
    // question with many concepts and mistake rules.
    let answer = sub
        .answers
        .iter()
        .find(|a| a.exercise == "compare" && a.question == 2)
        .expect("answered");
    let q = rubric.question("compare", 2).expect("question");
    let mut g = c.benchmark_group("one_answer");
    g.bench_function("text_analysis", |b| {
        b.iter(|| Analysis::new(black_box(&answer.text)))
    });
    g.bench_function("analysis_and_matching", |b| {
        b.iter(|| {
            let mut learned = Learned::new();
            grade_question(
                &rubric,
                "compare",
                q,
                Some(AnswerText {
                    text: black_box(&answer.text),
                    line: answer.line,
                    column: answer.column,
                    parts: &answer.parts,
                    counted: &[],
                }),
                &mut learned,
            )
        })
    });
    g.finish();
}

fn grade_full_submission(c: &mut Criterion) {
    let rubric = rubric();
    let layout = rubric.layout();
    let mut g = c.benchmark_group("grade_submission");
    for name in SHEETS {
        let src = sheet(name);
        let sub = read_submission(src.as_bytes(), Format::Markdown, "x", &layout).expect("reads");
        g.bench_function(format!("{name}/grade"), |b| {
            b.iter(|| grade_submission(&rubric, black_box(&sub)))
        });
        g.bench_function(format!("{name}/read_and_grade"), |b| {
            b.iter(|| {
                let sub =
                    read_submission(black_box(src.as_bytes()), Format::Markdown, "x", &layout)
                        .expect("reads");
                grade_submission(&rubric, &sub)
            })
        });
    }
    g.finish();
}

fn rubric_load(c: &mut Criterion) {
    let path = rubric_path();
    let mut g = c.benchmark_group("rubric");
    g.sample_size(20);
    // Freeing the rubric (about 4 % of the instructions) is not timed: a run frees it once,
    // at its end.
    g.bench_function("load_and_compile", |b| {
        b.iter_with_large_drop(|| load(black_box(Path::new(&path))).expect("loads"))
    });
    g.finish();
}

fn rendering(c: &mut Criterion) {
    let rubric = rubric();
    // The built-in reports as assay writes them, and as tera renders the same templates.
    let native = templates::load(None).expect("templates");
    let tera = templates::load(None).expect("templates").tera_only();
    let mut g = c.benchmark_group("render");
    for name in SHEETS {
        let o = outcome(&rubric, name);
        let graded = o.result.clone().expect("graded");
        let batch = Batch {
            outcomes: vec![o.clone()],
            skipped: Vec::new(),
            shard: None,
        };
        g.bench_function(format!("{name}/json"), |b| {
            b.iter(|| json::to_json(&rubric, black_box(&batch)))
        });
        for (kind, t) in [("", &native), ("_tera", &tera)] {
            // Each report builds its learner's view, as `--out` does once per learner.
            g.bench_function(format!("{name}/markdown_report{kind}"), |b| {
                b.iter(|| {
                    let views = PlainView::new(&rubric, black_box(&o));
                    feedback::render_markdown(t, &views, &graded)
                })
            });
            g.bench_function(format!("{name}/html_report{kind}"), |b| {
                b.iter(|| html::render_report(t, &rubric, black_box(&o), &graded))
            });
        }
        g.bench_function(format!("{name}/junit"), |b| {
            b.iter(|| junit::to_xml(&rubric, black_box(&batch)).expect("writes"))
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    markdown_split,
    one_answer,
    grade_full_submission,
    rubric_load,
    rendering
);
criterion_main!(benches);
