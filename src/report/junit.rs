//! JUnit XML (`--format junit`, `junit.xml` in `--out`), for the test report views of GitLab,
//! GitHub and Jenkins. Contract: `<testsuites name="assay">` with one `<testsuite>` per input
//! in the order of the results, named by the learner id, with the properties `rubric`,
//! `rubric_hash`, `file` and `score` (`score/max`). A graded submission has one `<testcase>` per
//! question of the rubric in sheet order: `name` `<exercise>/<number>`, `classname` the learner
//! id (GitLab shows it as the suite), `file` the submission path. Full credit passes; missed
//! credit is a `<failure>` (`message` `score / max: first feedback`, `type` `partial-credit` or
//! `no-credit`, text: the learner's feedback, one point per line); an unanswered question is
//! `<skipped message="not answered">`. An input that could not be graded has one testcase
//! `submission` with an `<error>` giving the reason. Feedback comes from the learner's view, so
//! instructor-only material is left out. No times or timestamps: the output is the same on
//! every run.
//!
//! Written with quick-xml (which escapes) in quick-junit's layout, byte for byte: the tests
//! compare the two. quick-junit itself is not used to write because it runs every string
//! through a terminal parser, a fifth of a `--out` run; `text::clean` removes the same
//! characters only from the strings that hold them.

mod text;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::batch::{Batch, Outcome};
use crate::rubric::Rubric;

use super::feedback::PlainView;
use super::plain::{question_lines, score};
use text::clean;

/// What the `<testsuites>` element counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub tests: usize,
    pub failures: usize,
    pub errors: usize,
    pub skipped: usize,
}

impl Totals {
    pub fn add(&mut self, other: Totals) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.errors += other.errors;
        self.skipped += other.skipped;
    }
}

/// One `<testcase>`.
struct Case {
    name: String,
    status: Status,
}

/// How a `<testcase>` ended.
enum Status {
    Passed,
    Skipped {
        message: &'static str,
    },
    /// `<failure>` (or `<error>` when `error`), with its text when there is one.
    Failed {
        error: bool,
        message: String,
        ty: &'static str,
        text: Option<String>,
    },
}

/// The test cases of `o`, and the score property of a graded one.
fn cases(o: &Outcome, views: &PlainView<'_>) -> (Vec<Case>, Option<String>) {
    let g = match &o.result {
        Ok(g) => g,
        Err(e) => {
            let case = Case {
                name: "submission".into(),
                status: Status::Failed {
                    error: true,
                    message: e.message.clone(),
                    ty: "unreadable",
                    text: None,
                },
            };
            return (vec![case], None);
        }
    };
    let view = views.of(g);
    let mut out = Vec::new();
    for ex in &view.exercises {
        for q in &ex.questions {
            let status = match q.status {
                "full" => Status::Passed,
                "unanswered" => Status::Skipped {
                    message: "not answered",
                },
                other => Status::Failed {
                    error: false,
                    message: format!(
                        "{} / {}: {}",
                        score(q.score),
                        score(q.max_score),
                        q.feedback.first().map_or("credit missed", String::as_str)
                    ),
                    ty: if other == "partial" {
                        "partial-credit"
                    } else {
                        "no-credit"
                    },
                    text: Some(question_lines(q).join("\n")),
                },
            };
            out.push(Case {
                name: format!("{}/{}", q.exercise, q.number),
                status,
            });
        }
    }
    let score = format!("{}/{}", score(g.score), score(g.max_score));
    (out, Some(score))
}

/// What `cases` count.
fn totals(cases: &[Case]) -> Totals {
    let mut t = Totals {
        tests: cases.len(),
        ..Totals::default()
    };
    for c in cases {
        match c.status {
            Status::Passed => {}
            Status::Skipped { .. } => t.skipped += 1,
            Status::Failed { error: true, .. } => t.errors += 1,
            Status::Failed { error: false, .. } => t.failures += 1,
        }
    }
    t
}

/// `BytesStart` with its attributes, each value cleaned (quick-xml escapes them).
///
/// Its buffer is made about the size of the tag (quick-xml would grow it from the name by
/// doubling, copying as it goes), with room for escapes and one more short attribute.
fn start<'a>(tag: &'a str, attributes: &[(&str, &str)]) -> BytesStart<'a> {
    let size: usize = attributes.iter().map(|(k, v)| k.len() + v.len() + 4).sum();
    let mut buf = String::with_capacity(tag.len() + size + 32);
    buf.push_str(tag);
    let mut s = BytesStart::from_content(buf, tag.len());
    for (k, v) in attributes {
        s.push_attribute((*k, clean(v).as_ref()));
    }
    s
}

type Xml = Writer<Vec<u8>>;

/// A writer in the report's layout (indented by four spaces), into a buffer of `capacity`.
fn writer(capacity: usize) -> Xml {
    Writer::new_with_indent(Vec::with_capacity(capacity), b' ', 4)
}

/// The `<testsuites>` start tag.
fn suites_start(totals: Totals) -> BytesStart<'static> {
    let n = |x: usize| x.to_string();
    let (tests, skipped, failures, errors) = (
        n(totals.tests),
        n(totals.skipped),
        n(totals.failures),
        n(totals.errors),
    );
    start(
        "testsuites",
        &[
            ("name", "assay"),
            ("tests", &tests),
            ("skipped", &skipped),
            ("failures", &failures),
            ("errors", &errors),
        ],
    )
}

/// Writes the `<testsuite>` of `o`, whose `cases` count `t`.
fn write_suite(
    w: &mut Xml,
    rubric: &Rubric,
    o: &Outcome,
    cases: &[Case],
    t: Totals,
    score: Option<&str>,
) -> std::io::Result<()> {
    let n = |x: usize| x.to_string();
    let (tests, skipped, errors, failures) = (n(t.tests), n(t.skipped), n(t.errors), n(t.failures));
    w.write_event(Event::Start(start(
        "testsuite",
        &[
            ("name", &o.learner),
            ("tests", &tests),
            ("skipped", &skipped),
            ("errors", &errors),
            ("failures", &failures),
        ],
    )))?;
    w.write_event(Event::Start(BytesStart::new("properties")))?;
    let mut properties = vec![
        ("rubric", rubric.id.as_str()),
        ("rubric_hash", rubric.hash.as_str()),
        ("file", o.file.as_str()),
    ];
    if let Some(score) = score {
        properties.push(("score", score));
    }
    for (name, value) in properties {
        w.write_event(Event::Empty(start(
            "property",
            &[("name", name), ("value", value)],
        )))?;
    }
    w.write_event(Event::End(BytesEnd::new("properties")))?;
    for case in cases {
        let tag = start(
            "testcase",
            &[
                ("name", &case.name),
                ("classname", &o.learner),
                ("file", &o.file),
            ],
        );
        let (name, message, ty, text) = match &case.status {
            Status::Passed => {
                w.write_event(Event::Empty(tag))?;
                continue;
            }
            Status::Skipped { message } => ("skipped", *message, None, None),
            Status::Failed {
                error,
                message,
                ty,
                text,
            } => (
                if *error { "error" } else { "failure" },
                message.as_str(),
                Some(*ty),
                text.as_deref(),
            ),
        };
        w.write_event(Event::Start(tag))?;
        let mut status = start(name, &[("message", message)]);
        if let Some(ty) = ty {
            status.push_attribute(("type", ty));
        }
        match text {
            Some(text) => {
                w.write_event(Event::Start(status))?;
                w.write_event(Event::Text(BytesText::new(&clean(text))))?;
                w.write_event(Event::End(BytesEnd::new(name)))?;
            }
            None => w.write_event(Event::Empty(status))?,
        }
        w.write_event(Event::End(BytesEnd::new("testcase")))?;
    }
    w.write_event(Event::End(BytesEnd::new("testsuite")))
}

/// The closing tag of the report.
const END: &str = "</testsuites>";

/// The `<testsuite>` element of one input, as it stands inside the whole report (indented,
/// with its line end), and what it counts; `views` is the outcome's learner view.
pub fn suite_xml_in(
    rubric: &Rubric,
    o: &Outcome,
    views: &PlainView<'_>,
) -> anyhow::Result<(Vec<u8>, Totals)> {
    let (cases, score) = cases(o, views);
    let counts = totals(&cases);
    // About as long as the last suite made on this thread (a full sheet's is some 30 KB).
    thread_local! {
        static LAST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    let mut w = writer(super::capacity::next(&LAST, 1024));
    // The suite is written inside a `<testsuites>` element so that it is indented as in the
    // whole report; the piece is what stands between that start tag's line and the end tag.
    w.write_event(Event::Start(BytesStart::new("testsuites")))?;
    let from = w.get_ref().len();
    write_suite(&mut w, rubric, o, &cases, counts, score.as_deref())?;
    w.write_event(Event::End(BytesEnd::new("testsuites")))?;
    let mut bytes = w.into_inner();
    super::capacity::made(&LAST, bytes.len());
    let laid_out = bytes.get(from) == Some(&b'\n') && bytes[from..].ends_with(END.as_bytes());
    if !laid_out {
        anyhow::bail!("unexpected XML layout from quick-xml");
    }
    // The piece is cut out of the buffer in place.
    bytes.truncate(bytes.len() - END.len());
    bytes.drain(..=from);
    // quick-xml writes UTF-8 (from `&str`s): the piece stays bytes, not checked again.
    Ok((bytes, counts))
}

/// The report's text before and after its suites, for `totals`.
pub fn envelope(totals: Totals) -> anyhow::Result<(String, String)> {
    let mut w = writer(256);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(suites_start(totals)))?;
    w.write_event(Event::End(BytesEnd::new("testsuites")))?;
    let xml = String::from_utf8(w.into_inner())?;
    let head = xml
        .strip_suffix(END)
        .ok_or_else(|| anyhow::anyhow!("unexpected XML layout from quick-xml"))?;
    Ok((head.to_string(), format!("{END}\n")))
}

/// The report as XML text.
pub fn to_xml(rubric: &Rubric, batch: &Batch) -> anyhow::Result<String> {
    super::document::Document::Junit.try_whole(rubric, batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing;
    use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

    /// The report as quick-junit writes it: the reference the writer above must equal. It is
    /// built from the same `cases`; what they hold (messages, types, order) is pinned by the
    /// snapshot `tests/integration/snapshots/integration__outputs__out_junit.xml.snap`.
    fn quick_junit_report(rubric: &Rubric, batch: &Batch) -> String {
        let mut report = Report::new("assay");
        for o in &batch.outcomes {
            let views = PlainView::new(rubric, o);
            let (cases, score) = cases(o, &views);
            let mut suite = TestSuite::new(o.learner.as_str());
            suite.add_property(Property::new("rubric", rubric.id.as_str()));
            suite.add_property(Property::new("rubric_hash", rubric.hash.as_str()));
            suite.add_property(Property::new("file", o.file.as_str()));
            if let Some(score) = score {
                suite.add_property(Property::new("score", score));
            }
            for c in cases {
                let status = match c.status {
                    Status::Passed => TestCaseStatus::success(),
                    Status::Skipped { message } => {
                        let mut s = TestCaseStatus::skipped();
                        s.set_message(message);
                        s
                    }
                    Status::Failed {
                        error,
                        message,
                        ty,
                        text,
                    } => {
                        let mut s = TestCaseStatus::non_success(if error {
                            NonSuccessKind::Error
                        } else {
                            NonSuccessKind::Failure
                        });
                        s.set_message(message);
                        s.set_type(ty);
                        if let Some(text) = text {
                            s.set_description(text);
                        }
                        s
                    }
                };
                let mut case = TestCase::new(c.name, status);
                case.set_classname(o.learner.as_str());
                case.extra.insert("file".into(), o.file.as_str().into());
                suite.add_test_case(case);
            }
            report.add_test_suite(suite);
        }
        report.to_string().unwrap()
    }

    /// The fixture batch with an input whose names and error hold markup, ANSI colour and
    /// control characters.
    fn hostile_batch(rubric: &Rubric) -> Batch {
        let mut b = testing::batch(rubric);
        let mut odd = testing::outcome(rubric, "subs/a&b <\"x\">\t.yaml", testing::CLEO);
        odd.learner = "le\u{85}arn\x1b[31mer\x07".into();
        b.outcomes.push(odd);
        b.outcomes.push(crate::batch::Outcome {
            file: "subs/bad\r.yaml".into(),
            learner: "bad".into(),
            result: Err(crate::batch::Failure::whole(
                "line 1: \x1b[1mbold\x1b[0m error\0 with 'quotes' & <tags>\ttab",
            )),
            unplaced: vec![],
            signature: None,
        });
        b
    }

    #[test]
    fn the_xml_is_what_quick_junit_writes() {
        let r = testing::rubric();
        for b in [testing::batch(&r), hostile_batch(&r)] {
            assert_eq!(to_xml(&r, &b).unwrap(), quick_junit_report(&r, &b));
        }
        let empty = Batch {
            outcomes: vec![],
            ..testing::batch(&r)
        };
        assert_eq!(to_xml(&r, &empty).unwrap(), quick_junit_report(&r, &empty));
    }

    #[test]
    fn the_xml_reads_back_with_the_right_counts() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let xml = to_xml(&r, &b).unwrap();
        let back = Report::deserialize_from_str(&xml).expect("valid JUnit");
        assert_eq!(back.test_suites.len(), 3);
        let ben = &back.test_suites[0];
        assert_eq!(ben.name.as_str(), "ben");
        assert_eq!(ben.tests, 4);
        let broken = &back.test_suites[1];
        assert_eq!(broken.errors, 1);
        let cleo = &back.test_suites[2];
        assert_eq!(cleo.failures, 0, "{xml}");
        assert_eq!(back.tests, 9);
    }

    #[test]
    fn hostile_names_and_errors_give_valid_xml_without_escape_sequences() {
        let r = testing::rubric();
        let xml = to_xml(&r, &hostile_batch(&r)).unwrap();
        assert!(!xml.contains('\x1b') && !xml.contains('\0') && !xml.contains('\u{85}'));
        let back = Report::deserialize_from_str(&xml).expect("valid JUnit");
        assert_eq!(back.test_suites[3].name.as_str(), "learner");
        assert_eq!(back.errors, 2);
    }
}
