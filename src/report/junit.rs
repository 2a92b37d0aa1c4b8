//! JUnit XML (`--format junit`, `junit.xml` in `--out`), written with quick-junit, for the test
//! report views of GitLab, GitHub and Jenkins. Contract: `<testsuites name="assay">` with one
//! `<testsuite>` per input in the order of the results, named by the learner id, with the
//! properties `rubric`, `rubric_hash`, `file` and `score` (`score/max`). A graded submission has
//! one `<testcase>` per question of the rubric in sheet order: `name` `<exercise>/<number>`,
//! `classname` the learner id (GitLab shows it as the suite), `file` the submission path. Full
//! credit passes; missed credit is a `<failure>` (`message` `score / max: first feedback`,
//! `type` `partial-credit` or `no-credit`, text: the learner's feedback, one point per line);
//! an unanswered question is `<skipped message="not answered">`. An input that could not be
//! graded has one testcase `submission` with an `<error>` giving the reason. Feedback comes from
//! the learner's view, so instructor-only material is left out. No times or timestamps: the
//! output is the same on every run.

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use crate::batch::{Batch, Outcome};
use crate::rubric::Rubric;

use super::feedback::PlainView;
use super::plain::{question_lines, score};

/// The report.
pub fn report(rubric: &Rubric, batch: &Batch) -> Report {
    let mut report = Report::new("assay");
    for o in &batch.outcomes {
        report.add_test_suite(suite(rubric, o));
    }
    report
}

/// The test suite of one input.
pub fn suite(rubric: &Rubric, o: &Outcome) -> TestSuite {
    suite_in(rubric, o, &PlainView::new(rubric, o))
}

/// [`suite`], from the outcome's view.
pub fn suite_in(rubric: &Rubric, o: &Outcome, views: &PlainView<'_>) -> TestSuite {
    {
        let mut suite = TestSuite::new(o.learner.as_str());
        suite.add_property(Property::new("rubric", rubric.id.as_str()));
        suite.add_property(Property::new("rubric_hash", rubric.hash.as_str()));
        suite.add_property(Property::new("file", o.file.as_str()));
        match &o.result {
            Ok(g) => {
                suite.add_property(Property::new(
                    "score",
                    format!("{}/{}", score(g.score), score(g.max_score)),
                ));
                let view = views.of(g);
                for ex in &view.exercises {
                    for q in &ex.questions {
                        let status = match q.status {
                            "full" => TestCaseStatus::success(),
                            "unanswered" => {
                                let mut s = TestCaseStatus::skipped();
                                s.set_message("not answered");
                                s
                            }
                            other => {
                                let lines = question_lines(q);
                                let first = q
                                    .feedback
                                    .first()
                                    .cloned()
                                    .unwrap_or_else(|| "credit missed".into());
                                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                                s.set_message(format!(
                                    "{} / {}: {first}",
                                    score(q.score),
                                    score(q.max_score)
                                ));
                                s.set_type(if other == "partial" {
                                    "partial-credit"
                                } else {
                                    "no-credit"
                                });
                                s.set_description(lines.join("\n"));
                                s
                            }
                        };
                        let mut case =
                            TestCase::new(format!("{}/{}", q.exercise, q.number), status);
                        case.set_classname(o.learner.as_str());
                        case.extra.insert("file".into(), o.file.as_str().into());
                        suite.add_test_case(case);
                    }
                }
            }
            Err(e) => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
                s.set_message(e.as_str());
                s.set_type("unreadable");
                let mut case = TestCase::new("submission", s);
                case.set_classname(o.learner.as_str());
                case.extra.insert("file".into(), o.file.as_str().into());
                suite.add_test_case(case);
            }
        }
        suite
    }
}

/// What the `<testsuites>` element counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
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

/// The `<testsuite>` element of one input, as it stands inside the whole report (indented,
/// with its line end), and what it counts.
pub fn suite_xml(rubric: &Rubric, o: &Outcome) -> anyhow::Result<(String, Totals)> {
    suite_xml_in(rubric, o, &PlainView::new(rubric, o))
}

/// [`suite_xml`], from the outcome's view.
pub fn suite_xml_in(
    rubric: &Rubric,
    o: &Outcome,
    views: &PlainView<'_>,
) -> anyhow::Result<(String, Totals)> {
    let mut one = Report::new("assay");
    one.add_test_suite(suite_in(rubric, o, views));
    let totals = Totals {
        tests: one.tests,
        failures: one.failures,
        errors: one.errors,
        skipped: one.skipped,
    };
    let xml = one.to_string()?;
    // The envelope's head depends only on the totals: serialised once per thread and totals.
    thread_local! {
        static HEADS: std::cell::RefCell<std::collections::HashMap<Totals, String>> =
            std::cell::RefCell::default();
    }
    let envelope_head = match HEADS.with(|h| h.borrow().get(&totals).cloned()) {
        Some(head) => head,
        None => {
            let (head, _) = envelope(totals)?;
            HEADS.with(|h| {
                let mut h = h.borrow_mut();
                if h.len() >= 4096 {
                    h.clear();
                }
                h.insert(totals, head.clone());
            });
            head
        }
    };
    let body = xml
        .strip_prefix(envelope_head.as_str())
        .and_then(|rest| rest.strip_suffix(END))
        .ok_or_else(|| anyhow::anyhow!("unexpected JUnit layout from quick-junit"))?;
    Ok((body.to_string(), totals))
}

/// The closing tag of the report.
const END: &str = "</testsuites>\n";

/// The report's text before and after its suites, for `totals`.
pub fn envelope(totals: Totals) -> anyhow::Result<(String, String)> {
    let mut empty = Report::new("assay");
    empty.tests = totals.tests;
    empty.failures = totals.failures;
    empty.errors = totals.errors;
    empty.skipped = totals.skipped;
    let xml = empty.to_string()?;
    let head = xml
        .strip_suffix(END)
        .ok_or_else(|| anyhow::anyhow!("unexpected JUnit layout from quick-junit"))?;
    Ok((head.to_string(), END.to_string()))
}

/// The report as XML text.
pub fn to_xml(rubric: &Rubric, batch: &Batch) -> anyhow::Result<String> {
    super::document::Document::Junit.try_whole(rubric, batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing;

    #[test]
    fn the_report_is_its_suites_in_their_envelope() {
        let r = testing::rubric();
        let b = testing::batch(&r);
        let whole = report(&r, &b).to_string().unwrap();
        assert_eq!(to_xml(&r, &b).unwrap(), whole);
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
}
