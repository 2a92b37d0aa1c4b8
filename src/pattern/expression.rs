//! `re:` expressions, built off the critical path. Building a case-insensitive Unicode
//! regular expression is the dearest part of loading a rubric (over a third of the work of
//! loading the workshop rubric), so the expressions are parsed and built on a helper thread
//! while the rest of the rubric is validated: validation gives the helper every expression
//! the rubric writes ([`Expressions::prefetch`]) before it compiles the first pattern. Each
//! expression's syntax is checked where the rubric names it, when [`Expressions::get`] hands
//! the expression out to the pattern (a syntax error keeps its place and its order among the
//! rubric's other errors); it is parsed there unless the helper already has.
//! [`Expressions::finish`] then builds, on the calling thread, those handed out that the
//! helper has not reached, from the last handed out while the helper works through its
//! queue; after it, every expression handed out is built. An expression nobody built yet is
//! built when first used, so matching never depends on the helper.

use crate::fast_hash::FastMap;
use std::sync::{Arc, Mutex, OnceLock, mpsc};

use regex_automata::MatchKind;
use regex_automata::meta::{self, Regex};
use regex_syntax::hir::Hir;

use super::required::Required;

/// Compiled expressions larger than this are refused: a rubric's expressions are short.
const SIZE_LIMIT: usize = 1 << 20;

/// One `re:` expression, shared by every pattern that names it.
#[derive(Debug, Clone)]
pub struct Expression(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    source: String,
    /// The parsed expression, taken by whoever builds it, or why its syntax is wrong: parsed
    /// by whichever thread needs it first.
    parsed: OnceLock<Result<Mutex<Option<Hir>>, String>>,
    built: OnceLock<Result<Built, String>>,
}

/// A built expression and the words its every match contains.
#[derive(Debug)]
pub struct Built {
    pub regex: Regex,
    pub required: Required,
}

impl Expression {
    fn new(source: &str) -> Expression {
        Expression(Arc::new(Inner {
            source: source.to_string(),
            parsed: OnceLock::new(),
            built: OnceLock::new(),
        }))
    }

    /// The parsed expression (parsed here if no thread has), or why its syntax is wrong.
    fn parsed(&self) -> Result<&Mutex<Option<Hir>>, &str> {
        self.0
            .parsed
            .get_or_init(|| parse(&self.0.source).map(|hir| Mutex::new(Some(hir))))
            .as_ref()
            .map_err(String::as_str)
    }

    /// Whether the syntax is right, or why not.
    fn check(&self) -> Result<(), &str> {
        self.parsed().map(|_| ())
    }

    /// The built expression (built here if no thread has), or why it cannot be built.
    pub fn get(&self) -> Result<&Built, &str> {
        self.0
            .built
            .get_or_init(|| {
                let parsed = self.parsed().map_err(str::to_string)?;
                let hir = parsed.lock().ok().and_then(|mut h| h.take());
                match hir {
                    Some(hir) => build(&hir),
                    // Only if a thread panicked building it.
                    None => Err("the expression could not be built".to_string()),
                }
            })
            .as_ref()
            .map_err(String::as_str)
    }
}

/// The expressions of one rubric, by source, and the helper thread that builds them.
#[derive(Debug, Default)]
pub struct Expressions {
    /// Every expression met, and whether [`Expressions::get`] has handed it out (only an
    /// expression whose syntax is right is).
    by_source: FastMap<String, (Expression, bool)>,
    /// Expressions handed out since the last [`Expressions::finish`], in order.
    pending: Vec<Expression>,
    helper: Option<mpsc::Sender<Expression>>,
    /// No helper thread could be started: build everything in `finish`.
    no_helper: bool,
}

impl Expressions {
    /// Starts parsing and building the expression `source` on the helper thread, ahead of
    /// its [`Expressions::get`]; its errors are those `get` gives.
    pub fn prefetch(&mut self, source: &str) {
        if !self.by_source.contains_key(source) {
            let e = Expression::new(source);
            self.by_source
                .insert(source.to_string(), (e.clone(), false));
            self.hand_to_helper(e);
        }
    }

    /// The sources of the expressions met so far, sorted.
    #[cfg(test)]
    pub(crate) fn sources(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.by_source.keys().map(String::as_str).collect();
        all.sort_unstable();
        all
    }

    /// The expression for `source`, its syntax checked now and its building started.
    pub fn get(&mut self, source: &str) -> Result<Expression, String> {
        if let Some((e, handed)) = self.by_source.get_mut(source) {
            if !*handed {
                e.check().map_err(str::to_string)?;
                *handed = true;
                self.pending.push(e.clone());
            }
            return Ok(e.clone());
        }
        let e = Expression::new(source);
        let checked = e.check().map_err(str::to_string);
        self.by_source
            .insert(source.to_string(), (e.clone(), checked.is_ok()));
        checked?;
        self.pending.push(e.clone());
        self.hand_to_helper(e.clone());
        Ok(e)
    }

    fn hand_to_helper(&mut self, e: Expression) {
        if self.helper.is_none() && !self.no_helper {
            let (tx, rx) = mpsc::channel::<Expression>();
            let spawned = std::thread::Builder::new()
                .name("assay-regex".into())
                .spawn(move || {
                    for e in rx {
                        // Errors are read back by whoever asks for the expression.
                        let _ = e.get();
                    }
                });
            match spawned {
                Ok(_) => self.helper = Some(tx),
                Err(_) => self.no_helper = true,
            }
        }
        if let Some(tx) = &self.helper
            && tx.send(e).is_err()
        {
            // The helper is gone (it cannot panic on an expression, but if it did): the
            // expressions it did not build are built in `finish` or at first use.
            self.helper = None;
            self.no_helper = true;
        }
    }

    /// Builds every expression handed out so far and lets the helper thread end.
    pub fn finish(&mut self) {
        // Closing the channel ends the helper once its queue is done.
        self.helper = None;
        for e in self.pending.drain(..).rev() {
            let _ = e.get();
        }
    }
}

/// Parses an expression (case-insensitive, Unicode, as the regex crate's `(?i)`). An
/// expression that can match empty text is refused: it would match in every sentence (an
/// empty match inside a word credits the word), so a concept would be credited on any answer.
fn parse(source: &str) -> Result<Hir, String> {
    if source.is_empty() {
        return Err(
            "the expression is empty, and an empty expression matches every sentence".into(),
        );
    }
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(source)
        .map_err(|e| message(&e.to_string()))?;
    if hir.properties().minimum_len() == Some(0) {
        return Err(
            "the expression can match empty text, so it matches every sentence; make it need at least one character"
                .into(),
        );
    }
    Ok(hir)
}

/// Builds a parsed expression as the regex crate's `Regex` would be built, and finds the
/// words its every match contains.
fn build(hir: &Hir) -> Result<Built, String> {
    let config = meta::Config::new()
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(SIZE_LIMIT))
        .hybrid_cache_capacity(2 * (1 << 20));
    let regex = meta::Builder::new()
        .configure(config)
        .build_from_hir(hir)
        .map_err(|e| match e.size_limit() {
            // As the regex crate says it.
            Some(limit) => format!("Compiled regex exceeds size limit of {limit} bytes."),
            None => message(&e.to_string()),
        })?;
    Ok(Built {
        regex,
        required: Required::of(hir),
    })
}

/// The last line of the regex crate's (multi-line) error, which says what is wrong.
fn message(error: &str) -> String {
    error
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(error)
        .trim()
        .trim_start_matches("error: ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_read_as_building_would_report_them() {
        for bad in [
            "(unclosed",
            "a)",
            "[z-a]",
            "x{2,1}",
            "\\p{NoSuchClass}",
            "(?<n>a)(?<n>b)",
            "(?P<>a)",
            "\\",
            "(?z)a",
            "\\x{110000}",
        ] {
            let by_regex = regex::RegexBuilder::new(bad)
                .case_insensitive(true)
                .build()
                .expect_err(bad);
            assert_eq!(parse(bad).expect_err(bad), message(&by_regex.to_string()));
        }
        assert!(parse("\\bp9[59]\\b").is_ok());
    }

    #[test]
    fn an_expression_too_large_to_build_is_reported_when_built() {
        let mut x = Expressions::default();
        let e = x
            .get("\\w{200}\\s{200}\\w{200}")
            .expect("the syntax is fine");
        x.finish();
        let by_regex = regex::RegexBuilder::new("\\w{200}\\s{200}\\w{200}")
            .case_insensitive(true)
            .size_limit(SIZE_LIMIT)
            .build()
            .unwrap_err();
        assert_eq!(e.get().unwrap_err(), by_regex.to_string());
    }

    #[test]
    fn each_source_is_built_once_and_shared() {
        let mut x = Expressions::default();
        let a = x.get("cdns?\\b").unwrap();
        let b = x.get("cdns?\\b").unwrap();
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(x.pending.len(), 1);
        x.finish();
        assert!(x.pending.is_empty() && x.helper.is_none());
        assert!(a.0.built.get().is_some(), "finish leaves nothing to build");
        assert!(a.get().unwrap().regex.is_match("Two CDNs"));
    }

    #[test]
    fn an_expression_is_built_at_first_use_without_finish() {
        let mut x = Expressions {
            no_helper: true,
            ..Default::default()
        };
        let e = x.get("^just a cdn$").unwrap();
        assert!(e.get().unwrap().regex.is_match("JUST A CDN"));
    }

    /// Built here, an expression matches exactly where the regex crate's case-insensitive
    /// `Regex` does.
    #[test]
    fn matches_as_the_regex_crate_does() {
        let patterns = [
            "\\bcdns?\\b",
            "^[\\s*(-]*(just|only)\\s+(a\\s+|the\\s+)?cdn\\s*[.!]?\\s*$",
            "\\b(ttls?|expiry)\\b[^.;,!]{0,20}=\\s*invalidation\\b",
            "(pool|threads?)\\D{0,30}\\b200\\b",
            "max.?age\\W{0,3}([1-9]|[1-5][0-9]|60)\\b",
            "(?-i)Kelvin",
            "(?m)^sticky$",
            "k",
            "ss|ß",
            "\\w+",
        ];
        let texts = [
            "Just a CDN.",
            "The CDNs cache it; a cdn is not enough",
            "TTL = invalidation, expiry=invalidation",
            "a thread pool of 200 threads (200 req/s)",
            "Cache-Control: max-age=60, MAX AGE 7",
            "kelvin Kelvin \u{212A}elvin",
            "sticky\nSTICKY\nsticky sessions",
            "Straße STRASSE ſ",
            "",
            "DŽ ǅ dž €5",
        ];
        for p in patterns {
            let mut x = Expressions::default();
            let ours = x.get(p).unwrap();
            let theirs = regex::RegexBuilder::new(p)
                .case_insensitive(true)
                .size_limit(SIZE_LIMIT)
                .build()
                .unwrap();
            for t in texts {
                let built = ours.get().unwrap();
                let a: Vec<(usize, usize)> = built
                    .regex
                    .find_iter(t)
                    .map(|m| (m.start(), m.end()))
                    .collect();
                let b: Vec<(usize, usize)> =
                    theirs.find_iter(t).map(|m| (m.start(), m.end())).collect();
                assert_eq!(a, b, "{p} in {t:?}");
                // The gate lets through every text the expression matches in.
                let pairs = super::super::Pairs::default();
                assert!(
                    a.is_empty() || built.required.met_by(pairs.of(t)),
                    "{p} in {t:?}"
                );
            }
        }
    }

    /// An expression that can match empty text matches in every sentence: refused, as
    /// the regex crate's `is_match("")` would show for most of them.
    #[test]
    fn an_expression_that_can_match_empty_text_is_refused() {
        assert!(parse("").unwrap_err().contains("the expression is empty"));
        for p in [
            "x*",
            "a|",
            "(cdn)?",
            "^",
            "$",
            "\\b",
            "\\B",
            "(?m)^$",
            "()",
            "[a-z]{0,3}",
        ] {
            let err = parse(p).expect_err(p);
            assert!(err.contains("can match empty text"), "{p}: {err}");
        }
        for p in ["x*", "a|", "(cdn)?", "^", "(?m)^$", "()"] {
            assert!(regex::Regex::new(p).unwrap().is_match(""), "{p}");
        }
        for p in ["x+", "\\bcdn\\b", "a|b", "^\\s*cdn", "\\w{1,3}", " "] {
            assert!(parse(p).is_ok(), "{p}");
        }
    }

    #[test]
    fn syntax_errors_are_never_handed_out_and_read_the_same_each_time() {
        let mut x = Expressions::default();
        let first = x.get("(").unwrap_err();
        assert!(first.contains("unclosed group"), "{first}");
        assert_eq!(x.get("(").unwrap_err(), first);
        x.prefetch("x)");
        let prefetched = x.get("x)").unwrap_err();
        assert_eq!(prefetched, parse("x)").unwrap_err());
        assert_eq!(x.get("x)").unwrap_err(), prefetched);
        assert!(x.pending.is_empty());
        x.finish();
    }

    /// An expression prefetched is the one its first `get` hands out (the one the helper was
    /// given), and only then waits for `finish`; each source is prefetched once.
    #[test]
    fn a_prefetched_expression_is_the_one_handed_out() {
        let mut x = Expressions::default();
        x.prefetch("cdns?\\b");
        let given = x.by_source["cdns?\\b"].0.clone();
        x.prefetch("cdns?\\b");
        x.prefetch("unused\\d");
        assert!(Arc::ptr_eq(&given.0, &x.by_source["cdns?\\b"].0.0));
        assert_eq!(x.sources(), ["cdns?\\b", "unused\\d"]);
        assert!(x.pending.is_empty());
        let a = x.get("cdns?\\b").unwrap();
        let b = x.get("cdns?\\b").unwrap();
        assert!(Arc::ptr_eq(&a.0, &given.0) && Arc::ptr_eq(&b.0, &given.0));
        assert_eq!(x.pending.len(), 1);
        x.finish();
        assert!(a.0.built.get().is_some(), "finish leaves nothing to build");
        assert!(a.get().unwrap().regex.is_match("Two CDNs"));
    }
}
