//! A rule's pattern lists (`match`, `all`, `unless`, `unless-anywhere`, `near`), each
//! pattern compiled once into the rubric's lexicon, each error at its pattern; and the `re:`
//! expressions, built ahead on a helper thread ([`prefetch`]), whose build can still fail
//! ([`RegexUse`]).

use super::context::QCtx;
use super::errs::with_offset;
use crate::pattern::{CompileError, Compiler, Lexicon, Pattern};
use crate::rubric::error::RubricError;
use crate::rubric::load::RawFile;
use crate::rubric::raw::Patterns;
use crate::yaml::{Spanned, place};

/// Starts building, on the `re:` helper thread (see `pattern/expression.rs`), the expression
/// of every `re:` pattern the rules of `files` write, in about the order validation compiles
/// them (the misconceptions of every file, then their exercises), so that the helper builds
/// while the rest is validated rather than as the patterns are met. It reads every rule
/// list of a question, even of one validation stops at (its number is wrong: the rubric is
/// invalid and will not be graded), and of a misconception only those validation compiles
/// (those of a misconception with a `match`).
pub(super) fn prefetch(files: &[RawFile], lexicon: &mut Lexicon) {
    let mut lists = |lists: &[&Option<Spanned<Patterns>>]| {
        for list in lists.iter().copied().flatten() {
            for (p, _) in &list.value.0 {
                lexicon.prefetch_expression(p);
            }
        }
    };
    for f in files {
        for m in f.raw.misconceptions.values().map(|m| &m.value) {
            if m.patterns.is_some() {
                lists(&[&m.patterns, &m.all, &m.unless, &m.unless_anywhere]);
            }
        }
    }
    for f in files {
        let questions = f.raw.exercises.iter();
        for q in questions.flat_map(|e| e.value.questions.iter().flatten()) {
            for c in q.value.concepts.iter().map(|c| &c.value) {
                lists(&[&c.patterns, &c.all, &c.unless]);
            }
            for n in &q.value.numbers {
                lists(&[&n.value.near]);
            }
            for m in q.value.mistakes.iter().map(|m| &m.value) {
                lists(&[&m.patterns, &m.all, &m.unless, &m.unless_anywhere]);
            }
        }
    }
}

/// A use of a `re:` pattern, with its place: the expression is built while the rest of the
/// rubric is validated, and can still fail (too large) after its syntax was checked.
pub(super) struct RegexUse {
    file: String,
    at: (u32, u32),
    what: String,
    pattern: Pattern,
}

fn invalid_pattern(src: &str, what: &str, err: &CompileError) -> String {
    with_offset(
        &format!("invalid pattern `{src}` in `{what}`: {}", err.message),
        err.offset,
    )
}

/// Reports each of `regex_uses` whose expression could not be built (too large), once the
/// lexicon has finished compiling.
pub(super) fn unbuilt(regex_uses: &[RegexUse], list: &mut Vec<RubricError>) {
    for u in regex_uses {
        if let Some(err) = u.pattern.build_error() {
            list.push(RubricError {
                file: u.file.clone(),
                line: u.at.0,
                column: u.at.1,
                message: invalid_pattern(&u.pattern.source, &u.what, &err),
            });
        }
    }
}

impl QCtx<'_, '_> {
    pub(super) fn patterns(&mut self, p: &Spanned<Patterns>, what: &str) -> Vec<Pattern> {
        let mut out = Vec::new();
        if p.value.0.is_empty() {
            self.e.at(place(p), format!("`{what}` has no patterns"));
        }
        for (src, at) in &p.value.0 {
            let at = at.unwrap_or_else(|| place(p));
            let mut c = Compiler {
                vocabulary: self.sheet.vocabulary,
                parsed: Some(self.sheet.parsed),
                lexicon: self.lexicon,
            };
            match c.compile(src) {
                Ok(pat) => {
                    if pat.is_regex() {
                        self.regex_uses.push(RegexUse {
                            file: self.e.file.to_string(),
                            at,
                            what: what.to_string(),
                            pattern: pat.clone(),
                        });
                    }
                    out.push(pat)
                }
                // Each its own error, at the pattern's place (as `when` names are); a
                // problem in a vocabulary it names is reported at that vocabulary's entry.
                Err(errors) => {
                    let own = errors.iter().filter(|err| {
                        !err.vocabulary
                            .as_ref()
                            .is_some_and(|v| self.sheet.broken.contains(v))
                    });
                    for err in own {
                        self.e.at(at, invalid_pattern(src, what, err));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{errors, one_question};
    use super::*;
    use crate::rubric::load_str;
    use crate::rubric::raw::RawRubric;

    /// Every rule list validation compiles is read, in every file, and nothing else: not a
    /// misconception's lists without its `match`, not a pattern that is no expression.
    #[test]
    fn prefetch_reads_the_expressions_of_every_rule_validation_compiles() {
        let main = "misconceptions:\n  m: { match: 're:m1', all: ['re:m2'], unless: 're:m3', unless-anywhere: 're:m4' }\n  n: { unless-anywhere: 're:no' }\n";
        let part = "exercises:\n  - questions:\n      - concepts:\n          - { match: ['re:c1', words], all: 're:c2', unless: 're:c3' }\n        numbers:\n          - { near: 're:n1' }\n        mistakes:\n          - { match: 're:k1', all: 're:k2', unless: 're:k3', unless-anywhere: 're:k4' }\n";
        let files: Vec<RawFile> = [main, part]
            .iter()
            .map(|src| RawFile {
                name: "r.yaml".into(),
                raw: crate::yaml::from_str::<RawRubric>(src).unwrap(),
            })
            .collect();
        let mut lexicon = Lexicon::default();
        prefetch(&files, &mut lexicon);
        let want = "c1 c2 c3 k1 k2 k3 k4 m1 m2 m3 m4 n1";
        assert_eq!(lexicon.expression_sources().join(" "), want);
        lexicon.finish_compiling();
    }

    #[test]
    fn a_regex_that_matches_empty_text_is_an_error_with_its_place() {
        for re in ["re:", "re:x*", "re:(cdn)?", "re:\\b"] {
            let errs = errors(&one_question("1", re));
            assert_eq!(errs.len(), 1, "{re}: {errs:?}");
            assert_eq!((errs[0].0, errs[0].1), (12, 29), "{re}: {errs:?}");
            assert!(
                errs[0]
                    .2
                    .starts_with(&format!("invalid pattern `{re}` in `match`")),
                "{errs:?}"
            );
        }
        assert!(load_str(&one_question("1", "re:\\bcdns?\\b"), "q.yaml").is_ok());
    }

    /// Every `{name}` of a pattern that names no vocabulary is an error of its own, in the
    /// order written, at the pattern's place with its character in the pattern; optional
    /// parts and groups (nested too) are read like the rest.
    #[test]
    fn every_unknown_vocabulary_name_of_a_pattern_is_an_error_in_the_order_written() {
        let errs = errors(&one_question(
            "1",
            "[{nosuch}] load_balancer [{nosuch2}] spread*",
        ));
        let said = |name: &str, at: usize| {
            format!(
                "invalid pattern `[{{nosuch}}] load_balancer [{{nosuch2}}] spread*` in `match`: \
                 unknown vocabulary `{name}` (at character {at})"
            )
        };
        assert_eq!(
            errs,
            [(12, 29, said("nosuch", 2)), (12, 29, said("nosuch2", 27))]
        );
        let src = "a [b ({x}|c [{y}])] .. {z} d|{w}";
        let errs = errors(&one_question("1", src));
        let prefix = format!("invalid pattern `{src}` in `match`: ");
        let said: Vec<&str> = errs
            .iter()
            .map(|(_, _, m)| m.strip_prefix(&prefix).unwrap_or(m))
            .collect();
        assert_eq!(
            said,
            [
                "unknown vocabulary `x` (at character 7)",
                "unknown vocabulary `y` (at character 14)",
                "unknown vocabulary `z` (at character 24)",
                "unknown vocabulary `w` (at character 30)",
            ]
        );
    }

    /// An expression too large to build is a problem in the rubric's rules: "no exercises" is
    /// only said of a rubric without other problems.
    #[test]
    fn a_regex_too_large_to_build_is_the_only_problem_of_a_rubric_without_exercises() {
        let src = r#"
id: big
title: Big
misconceptions:
  m:
    title: M
    feedback: Why M is wrong.
    match: ['re:\w{300}\s{300}\w{300}']
exercises: []
"#;
        let errs = load_str(src, "big.yaml").expect_err("invalid").0;
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(errs[0].message.contains("exceeds size limit"), "{errs:#?}");
        assert_eq!((errs[0].line, errs[0].column), (8, 13));
    }
}
