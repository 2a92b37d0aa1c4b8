//! The native reports are tera's, byte for byte: every view is rendered both ways.

use proptest::prelude::*;

use crate::batch::Outcome;
use crate::report::feedback::{LearnerReport, PlainView, render, render_markdown};
use crate::report::html::render_report_of;
use crate::report::templates::{self, Templates};
use crate::report::testing;
use crate::rubric::Rubric;
use crate::text::Polarity;

fn workshop() -> Rubric {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/scaling-workshop.yaml");
    crate::rubric::load(&path).unwrap_or_else(|e| panic!("{e:?}"))
}

/// Both reports of `o`, rendered natively and by tera, agree.
fn assert_same(rubric: &Rubric, native: &Templates, tera: &Templates, o: &Outcome) {
    let Ok(graded) = &o.result else { return };
    let views = PlainView::new(rubric, o);
    let md = render_markdown(native, &views, graded).unwrap();
    let md_tera = render_markdown(tera, &views, graded).unwrap();
    assert_eq!(md, md_tera, "Markdown report of {}", o.file);
    let html = render_report_of(native, views.of(graded)).unwrap();
    let html_tera = render_report_of(tera, views.of(graded)).unwrap();
    assert_eq!(html, html_tera, "HTML report of {}", o.file);
}

fn both() -> (Templates, Templates) {
    let native = templates::load(None).unwrap();
    assert!(native.native_markdown() && native.native_html().is_some());
    (native, templates::load(None).unwrap().tera_only())
}

#[test]
fn the_mini_batch_renders_as_tera_renders_it() {
    let r = testing::rubric();
    let (native, tera) = both();
    for o in &testing::batch(&r).outcomes {
        assert_same(&r, &native, &tera, o);
    }
}

#[test]
fn the_sample_submissions_and_a_generated_cohort_render_as_tera_renders_them() {
    let r = workshop();
    let (native, tera) = both();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("submissions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10);
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        assert_same(&r, &native, &tera, &testing::outcome(&r, &name, &text));
    }
    let layout = r.layout();
    let pool = crate::cohort::Pool::embedded(&layout).unwrap();
    for i in 0..150 {
        let g = crate::cohort::generate(&pool, &layout, 11, i);
        assert_same(
            &r,
            &native,
            &tera,
            &testing::outcome(&r, &g.name, &g.content),
        );
    }
}

/// A replaced report, or a replaced style, is rendered by tera.
#[test]
fn replaced_templates_are_rendered_by_tera() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.md.tera"), "md {{ learner }}\n").unwrap();
    let t = templates::load(Some(dir.path())).unwrap();
    assert!(!t.native_markdown() && t.native_html().is_some());
    std::fs::write(dir.path().join("style.css.tera"), "p { color: red }").unwrap();
    let t = templates::load(Some(dir.path())).unwrap();
    assert!(t.native_html().is_none());
    let r = testing::rubric();
    let o = &testing::batch(&r).outcomes[0];
    let views = PlainView::new(&r, o);
    let graded = o.result.as_ref().unwrap();
    assert_eq!(render_markdown(&t, &views, graded).unwrap(), "md ben\n");
    let html = render_report_of(&t, views.of(graded)).unwrap();
    assert!(
        html.contains("<style>\np { color: red }\n</style>"),
        "{html}"
    );
}

/// Text that escaping changes or removes, for the property test.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\u{200b}".to_string()),
        "[a-z <>&\"'*_|#\\\\`\n\r\u{200b}é✓]{0,12}",
        any::<String>(),
    ]
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-0.0),
        Just(2.5e12),
        -1e4f64..1e4,
        (0u32..400).prop_map(|n| f64::from(n) / 8.0),
    ]
}

/// The generated values, taken in turn (cycling).
struct Values<'a> {
    texts: &'a [String],
    numbers: &'a [f64],
    bits: &'a [bool],
    i: usize,
}

impl Values<'_> {
    fn next(&mut self) -> usize {
        self.i += 1;
        self.i
    }
    fn text(&mut self) -> String {
        let i = self.next();
        self.texts[i % self.texts.len()].clone()
    }
    fn num(&mut self) -> f64 {
        let i = self.next();
        self.numbers[i % self.numbers.len()]
    }
    fn bit(&mut self) -> bool {
        let i = self.next();
        self.bits[i % self.bits.len()]
    }
    fn maybe_text(&mut self) -> Option<String> {
        if self.bit() { Some(self.text()) } else { None }
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        let i = self.next() + usize::from(self.bit());
        items[i % items.len()]
    }
}

/// Sets every piece of text, every number and every optional part of `view` from `v`, so
/// that every branch of the templates meets odd values.
fn perturb(view: &mut LearnerReport, v: &mut Values<'_>) {
    view.learner = v.text();
    view.rubric.title = v.text();
    view.rubric.version = v.maybe_text();
    view.score = v.num();
    view.max_score = v.num();
    view.percent = v.num();
    for ex in &mut view.exercises {
        ex.title = v.text();
        ex.id = v.text();
        ex.score = v.num();
        ex.max_score = v.num();
        for q in &mut ex.questions {
            q.prompt = v.text();
            q.score = v.num();
            q.max_score = v.num();
            q.answered = v.bit();
            q.status = v.pick(&["full", "partial", "none", "unanswered"]);
            for c in &mut q.found {
                c.praise = v.text();
                if let Some(e) = &mut c.evidence {
                    e.text = v.text();
                }
            }
            for c in &mut q.missed {
                c.feedback = v.text();
                c.polarity = v.pick(&[None, Some(Polarity::Quoted), Some(Polarity::Negated)]);
                if let Some(e) = &mut c.evidence {
                    e.text = v.text();
                }
            }
            for x in &mut q.numbers {
                x.given_text = v.maybe_text();
                x.expected = v.maybe_text();
                x.tolerance = v.maybe_text();
                x.carried_forward = v.maybe_text();
                x.score = v.num();
                x.status = v.pick(&["correct", "partial", "wrong"]);
                if !v.bit() {
                    x.evidence = None;
                }
            }
            for m in &mut q.mistakes {
                m.title = v.text();
                m.feedback = v.text();
                if let Some(e) = &mut m.evidence {
                    e.text = v.text();
                }
            }
            for a in &mut q.advice {
                *a = v.text();
            }
        }
    }
    for u in &mut view.unplaced {
        u.reason = v.text();
        u.text = v.text();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Views full of markup, controls, empty and invisible text, and numbers that are not
    /// finite render as tera renders them.
    #[test]
    fn odd_text_and_numbers_render_as_tera_renders_them(
        texts in prop::collection::vec(text(), 1..9),
        numbers in prop::collection::vec(number(), 1..7),
        bits in prop::collection::vec(any::<bool>(), 1..7),
        which in 0usize..2,
    ) {
        let r = testing::rubric();
        let (native, tera) = both();
        let o = &testing::batch(&r).outcomes[[0, 2][which]];
        let mut view = PlainView::new(&r, o).of(o.result.as_ref().unwrap()).clone();
        view.unplaced.push(crate::report::feedback::UnplacedView {
            line: 3,
            reason: String::new(),
            text: String::new(),
        });
        perturb(&mut view, &mut Values { texts: &texts, numbers: &numbers, bits: &bits, i: 0 });
        let style = native.native_html().unwrap();
        prop_assert_eq!(
            super::html(&view, style),
            render(&tera.tera, "report.html.tera", &crate::report::html::HtmlReport {
                report: &view,
                csp: crate::report::html::CSP,
            }).unwrap()
        );
        let mut escaped = view.clone();
        escape_learner_text(&mut escaped);
        prop_assert_eq!(
            super::markdown(&view),
            render(&tera.tera, "report.md.tera", &escaped).unwrap()
        );
    }
}

/// What `learner_report` does with `escape_markdown`: learner text escaped for Markdown.
fn escape_learner_text(v: &mut LearnerReport) {
    let esc = templates::escape_markdown;
    v.learner = esc(&v.learner);
    v.file = esc(&v.file);
    for q in v.exercises.iter_mut().flat_map(|e| &mut e.questions) {
        let evidence = q
            .found
            .iter_mut()
            .filter_map(|c| c.evidence.as_mut())
            .chain(q.missed.iter_mut().filter_map(|c| c.evidence.as_mut()))
            .chain(q.numbers.iter_mut().filter_map(|c| c.evidence.as_mut()))
            .chain(q.mistakes.iter_mut().filter_map(|c| c.evidence.as_mut()));
        for e in evidence {
            e.text = esc(&e.text);
        }
        for n in &mut q.numbers {
            n.given_text = n.given_text.as_deref().map(esc);
        }
    }
    for u in &mut v.unplaced {
        u.reason = esc(&u.reason);
        u.text = esc(&u.text);
    }
}
