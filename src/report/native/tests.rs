//! The native reports are tera's, byte for byte: every view is rendered both ways.

use proptest::prelude::*;

use crate::batch::Outcome;
use crate::report::feedback::{
    EvidencePart, EvidenceView, ExerciseView, FlagView, FoundView, LearnerReport, MissedGroup,
    MissedView, MistakeView, NumberView, PlainView, QuestionView, RubricRef, UnplacedView,
    WeakView, render, render_markdown,
};
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

/// Each template a user can replace sends exactly the reports that use it to tera; a
/// replacement that only extends the built-in renders the same bytes.
#[test]
fn replaced_templates_and_only_those_are_rendered_by_tera() {
    let r = testing::rubric();
    let o = &testing::batch(&r).outcomes[0];
    let graded = o.result.as_ref().unwrap();
    let views = PlainView::new(&r, o);
    let (native, _) = both();
    let md = render_markdown(&native, &views, graded).unwrap();
    let html = render_report_of(&native, views.of(graded)).unwrap();
    let style = include_str!("../../../templates/style.css.tera");
    // (file, its source, Markdown native, HTML native, output unchanged)
    let cases = [
        ("index.html.tera", "x", true, true, true),
        ("other.tera", "{{ nope }}", true, true, true),
        ("style.css.tera", style, true, false, true),
        (
            "report.html.tera",
            "{% extends \"builtin/report.html.tera\" %}",
            true,
            false,
            true,
        ),
        (
            "report.md.tera",
            "{% extends \"builtin/report.md.tera\" %}",
            false,
            true,
            true,
        ),
        ("report.md.tera", "md {{ learner }}\n", false, true, false),
        ("style.css.tera", "p { color: red }", true, false, false),
    ];
    for (name, src, md_native, html_native, same) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), src).unwrap();
        let t = templates::load(Some(dir.path())).unwrap();
        assert_eq!(t.native_markdown(), md_native, "{name}");
        assert_eq!(t.native_html().is_some(), html_native, "{name}");
        let (m, h) = (
            render_markdown(&t, &views, graded).unwrap(),
            render_report_of(&t, views.of(graded)).unwrap(),
        );
        assert_eq!(m == md && h == html, same, "{name}: {src}");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.md.tera"), "md {{ learner }}\n").unwrap();
    std::fs::write(dir.path().join("style.css.tera"), "p { color: red }").unwrap();
    let t = templates::load(Some(dir.path())).unwrap();
    assert_eq!(render_markdown(&t, &views, graded).unwrap(), "md ben\n");
    let html = render_report_of(&t, views.of(graded)).unwrap();
    assert!(
        html.contains("<style>\np { color: red }\n</style>"),
        "{html}"
    );
}

/// Two choices among alternatives (their points interleaved in the question) and a point
/// needed in full; a second question with one choice.
const CHOICES: &str = r#"
id: g
title: G
exercises:
  - id: e
    title: E
    questions:
      - number: 1
        prompt: Why?
        concepts:
          - { id: def, match: "define", feedback: Define it. }
          - { id: a, match: "alpha", feedback: Say alpha. }
          - { id: c, match: "gamma", feedback: Say gamma. }
          - { id: b, match: "beta", feedback: Say beta. }
          - { id: d, match: "delta", feedback: Say delta. }
        scoring:
          levels:
            - { score: 1, when: "def & 1 of (a, b) & 1 of (c, d)" }
      - number: 2
        prompt: How?
        concepts:
          - { id: x, match: "xi", feedback: Say xi. }
          - { id: y, match: "ypsilon", feedback: Say ypsilon. }
        scoring:
          levels:
            - { score: 1, when: "x | y" }
"#;

/// A choice among missing alternatives is stated once, its alternatives nested under it, in
/// both reports and the plain text; two choices of one question stay two, a point needed in
/// full stays a line of its own, and an alternative the learner denied keeps their words.
#[test]
fn a_choice_is_stated_once_with_its_alternatives_under_it() {
    let r = crate::rubric::load_str(CHOICES, "g.yaml").expect("valid");
    let o = testing::outcome(
        &r,
        "kim.yaml",
        "learner: kim\nanswers:\n  e:\n    1: \"It is not alpha.\"\n",
    );
    let (native, tera) = both();
    assert_same(&r, &native, &tera, &o);
    let graded = o.result.as_ref().unwrap();
    let views = PlainView::new(&r, &o);
    let md = render_markdown(&native, &views, graded).unwrap();
    let missing = "\n- ✗ Missing: Define it.\
        \n- ✗ Missing, any 1 of these 2:\
        \n  - Say alpha. — you wrote: “It is not **alpha**.” (line 4: this denies it)\
        \n  - Say beta.\
        \n- ✗ Missing, any 1 of these 2:\
        \n  - Say gamma.\
        \n  - Say delta.\n";
    assert!(md.contains(missing), "{md}");
    let html = render_report_of(&native, views.of(graded)).unwrap();
    let bad = "<span class=\"bad\" aria-hidden=\"true\">✗</span>";
    let missing = format!(
        "<h4>What was missing</h4>\n<ul>\
        \n<li>{bad} Define it.</li>\
        \n<li>{bad} Missing, any 1 of these 2:\n<ul>\
        \n<li>Say alpha.\n<blockquote>It is not <mark>alpha</mark>. \
        <span class=\"where\">(line 4: this denies it)</span></blockquote></li>\
        \n<li>Say beta.</li>\n</ul></li>\
        \n<li>{bad} Missing, any 1 of these 2:\n<ul>\
        \n<li>Say gamma.</li>\n<li>Say delta.</li>\n</ul></li>\n</ul>"
    );
    assert!(html.contains(&missing), "{html}");
    let unanswered = "<p>Not answered. A full answer would:</p>\n<ul>\
        \n<li>Cover any 1 of these 2:\n<ul>\n<li>Say xi.</li>\n<li>Say ypsilon.</li>\n</ul></li>\
        \n</ul>";
    assert!(html.contains(unanswered), "{html}");
    let unanswered = "*Not answered* · 0 / 1 · a full answer would:\n\
        \n- Cover any 1 of these 2:\n  - Say xi.\n  - Say ypsilon.\n";
    let md = render_markdown(&native, &views, graded).unwrap();
    assert!(md.contains(unanswered), "{md}");
    let lines = crate::report::plain::question_lines(&views.of(graded).exercises[0].questions[0]);
    assert_eq!(
        lines,
        [
            "Missing: Define it.",
            "Missing, any 1 of these 2:\n  - Say alpha.\n  - Say beta.",
            "Missing, any 1 of these 2:\n  - Say gamma.\n  - Say delta.",
        ]
    );
}

// Views of any shape, built from scratch, for the property test.

/// Text that escaping changes or removes, template syntax, controls, and anything.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_string()),
        Just("\u{200b}\u{feff}\u{0}\u{7}\u{1b}\u{85}\u{2028}".to_string()),
        Just("\r\n".to_string()),
        Just("{{ x }}{% if %}{# #}".to_string()),
        Just("<script>alert('x')</script> & \"q\" / \\ `c` *b* _i_ [l](u) # | ~ ! {}".to_string()),
        "[a-z <>&\"'/*_|#\\\\`~!(){}\\[\\]\n\r\t\u{200b}\u{200d}\u{ad}\u{0}\u{7f}é✓—“”]{0,16}",
        any::<String>(),
    ]
}

/// Scores and percentages: ordinary ones, the edges of the `score` filter's exact path, and
/// values serde_json cannot hold (which tera prints as nothing).
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        prop::sample::select(
            &[
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                -0.0,
                0.0,
                f64::MAX,
                f64::MIN,
                f64::MIN_POSITIVE,
                5e-324,
                1e-7,
                0.0005,
                -0.0005,
                -0.0004,
                999_999_999.999_5,
                1e12,
                -1e12,
                1e21,
                33.3,
                100.0,
            ][..]
        ),
        any::<f64>(),
        -1e6f64..1e6,
        (0u32..400).prop_map(|n| f64::from(n) / 8.0),
    ]
}

/// A status: one the template knows, or not (`odd`, with text to escape).
fn status(known: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop_oneof![
        prop::sample::select(known),
        prop::sample::select(&["", "FULL", "full ", "unanswered", "wrong", "<b>&'\""][..]),
    ]
}

fn evidence() -> impl Strategy<Value = Option<EvidenceView>> {
    prop::option::of(
        (
            prop::collection::vec((text(), any::<bool>()), 0..4),
            any::<u32>(),
            any::<u32>(),
        )
            .prop_map(|(parts, line, column)| EvidenceView {
                text: parts.iter().map(|(t, _)| t.as_str()).collect(),
                line,
                column,
                parts: parts
                    .into_iter()
                    .map(|(text, mark)| EvidencePart { text, mark })
                    .collect(),
            }),
    )
}

fn some_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

/// None to two of them.
fn list<S: Strategy>(item: S) -> prop::collection::VecStrategy<S> {
    prop::collection::vec(item, 0..3)
}

fn question() -> impl Strategy<Value = QuestionView> {
    let found = (text(), evidence()).prop_map(|(praise, evidence)| FoundView {
        id: "c".into(),
        praise,
        evidence,
    });
    let polarity = prop::sample::select(
        &[
            None,
            Some(Polarity::Quoted),
            Some(Polarity::Negated),
            Some(Polarity::Asserted),
        ][..],
    );
    let missed = (text(), evidence(), polarity, some_text()).prop_map(
        |(feedback, evidence, polarity, choice)| MissedView {
            id: "c".into(),
            feedback,
            evidence,
            polarity,
            choice,
        },
    );
    // Groups of any shape (a choice of one, none of several, an empty one); `missed` is
    // their points.
    let group =
        (some_text(), list(missed)).prop_map(|(choice, missed)| MissedGroup { choice, missed });
    let given = (
        (some_text(), some_text(), some_text(), some_text()),
        number(),
        status(&["correct", "partial", "wrong"]),
        evidence(),
    )
        .prop_map(
            |((given_text, expected, tolerance, carried_forward), score, status, evidence)| {
                NumberView {
                    id: "n".into(),
                    given: None,
                    given_text,
                    expected,
                    tolerance,
                    score,
                    status,
                    carried_forward,
                    evidence,
                }
            },
        );
    let mistake = (text(), text(), evidence(), some_text()).prop_map(
        |(title, feedback, evidence, effect)| MistakeView {
            id: "m".into(),
            title,
            feedback,
            evidence,
            effect,
        },
    );
    let weak = (text(), evidence()).prop_map(|(feedback, evidence)| WeakView {
        id: "w".into(),
        feedback,
        evidence,
    });
    let flag = prop::sample::select(&["Only a list of terms", "<i>\"x\" & 'y'</i>", ""][..])
        .prop_map(|label| FlagView { kind: "k", label });
    (
        (any::<u32>(), text(), any::<bool>(), number(), number()),
        status(&["full", "partial", "none", "unanswered"]),
        (list(found), list(weak), list(group), list(given)),
        (list(mistake), list(flag), list(text())),
    )
        .prop_map(
            |(
                (number, prompt, answered, score, max_score),
                status,
                (found, weak, missed_groups, numbers),
                (mistakes, flags, advice),
            )| QuestionView {
                exercise: "e".into(),
                number,
                prompt,
                answered,
                score,
                max_score,
                status,
                found,
                weak,
                missed: missed_groups
                    .iter()
                    .flat_map(|g| g.missed.clone())
                    .collect(),
                missed_groups,
                numbers,
                mistakes,
                flags,
                feedback: advice.clone(),
                advice,
                lines: std::cell::OnceCell::new(),
            },
        )
}

fn view() -> impl Strategy<Value = LearnerReport> {
    let exercise = (
        (text(), text(), number(), number(), any::<usize>()),
        list(question()),
    )
        .prop_map(
            |((id, title, score, max_score, answered), questions)| ExerciseView {
                id,
                title,
                score,
                max_score,
                answered,
                questions,
            },
        );
    let unplaced = (any::<u32>(), text(), text()).prop_map(|(line, reason, text)| UnplacedView {
        line,
        reason,
        text,
    });
    (
        (text(), text(), some_text(), text(), text()),
        (number(), number(), number()),
        list(exercise),
        list(unplaced),
    )
        .prop_map(
            |(
                (id, title, version, hash, learner),
                (score, max_score, percent),
                exercises,
                unplaced,
            )| {
                LearnerReport {
                    assay_version: env!("CARGO_PKG_VERSION"),
                    rubric: RubricRef {
                        id,
                        title,
                        version,
                        hash,
                    },
                    file: learner.clone(),
                    learner,
                    score,
                    max_score,
                    percent,
                    exercises,
                    unplaced,
                    text: std::cell::OnceCell::new(),
                }
            },
        )
}

/// Renders `view` both ways (the templates loaded once per thread).
fn assert_view_same(view: &LearnerReport) -> Result<(), TestCaseError> {
    thread_local! {
        static BOTH: (Templates, Templates) = both();
    }
    BOTH.with(|(native, tera)| {
        let html = render(
            &tera.tera,
            "report.html.tera",
            &crate::report::html::HtmlReport {
                report: view,
                csp: crate::report::html::CSP,
            },
        )
        .unwrap();
        prop_assert_eq!(super::html(view, native.native_html().unwrap()), html);
        let mut escaped = view.clone();
        escape_learner_text(&mut escaped);
        let md = render(&tera.tera, "report.md.tera", &escaped).unwrap();
        prop_assert_eq!(super::markdown(view), md);
        Ok(())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Views of any shape, full of markup, controls, empty and invisible text, statuses the
    /// templates do not know and numbers that are not finite, render as tera renders them.
    #[test]
    fn any_view_renders_as_tera_renders_it(view in view()) {
        assert_view_same(&view)?;
    }
}

/// An exercise without questions, an empty version, totals that are `-0` and NaN.
#[test]
fn an_empty_view_renders_as_tera_renders_it() {
    let view = LearnerReport {
        assay_version: env!("CARGO_PKG_VERSION"),
        rubric: RubricRef {
            id: String::new(),
            title: String::new(),
            version: Some(String::new()),
            hash: String::new(),
        },
        learner: String::new(),
        file: String::new(),
        score: -0.0,
        max_score: f64::NAN,
        percent: -0.0,
        exercises: vec![ExerciseView {
            id: String::new(),
            title: String::new(),
            score: 0.0,
            max_score: 0.0,
            answered: 0,
            questions: vec![],
        }],
        unplaced: vec![],
        text: std::cell::OnceCell::new(),
    };
    assert_view_same(&view).unwrap();
}

/// What `learner_report` does with `Escape::MARKDOWN`: learner text and messages escaped for
/// Markdown.
fn escape_learner_text(v: &mut LearnerReport) {
    let esc = templates::escape_markdown;
    v.learner = esc(&v.learner);
    v.file = esc(&v.file);
    for q in v.exercises.iter_mut().flat_map(|e| &mut e.questions) {
        let evidence = q
            .found
            .iter_mut()
            .filter_map(|c| c.evidence.as_mut())
            .chain(q.weak.iter_mut().filter_map(|c| c.evidence.as_mut()))
            .chain(q.missed.iter_mut().filter_map(|c| c.evidence.as_mut()))
            .chain(
                q.missed_groups
                    .iter_mut()
                    .flat_map(|g| &mut g.missed)
                    .filter_map(|c| c.evidence.as_mut()),
            )
            .chain(q.numbers.iter_mut().filter_map(|c| c.evidence.as_mut()))
            .chain(q.mistakes.iter_mut().filter_map(|c| c.evidence.as_mut()));
        for e in evidence {
            e.text = esc(&e.text);
            for p in &mut e.parts {
                p.text = esc(&p.text);
            }
        }
        for n in &mut q.numbers {
            n.given_text = n.given_text.as_deref().map(esc);
        }
    }
    for u in &mut v.unplaced {
        u.reason = templates::escape_markdown_message(&u.reason);
        u.text = esc(&u.text);
    }
}
