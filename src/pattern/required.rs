//! Strings a `re:` expression cannot match without: from the expression's syntax, a set of
//! ASCII strings one of which every match contains (ignoring ASCII case). A sentence that
//! contains none of them cannot match, so it is not searched (see `literals.rs`, which
//! finds every expression's strings in an answer in one pass).
//!
//! Only literal characters of the expression count, and only ASCII ones: a class, `.` or a
//! non-ASCII literal is "some character". Matching is case-insensitive, so a literal letter
//! also matches its other case and, by Unicode simple case folding, two non-ASCII characters:
//! the Kelvin sign (`k`) and the long s (`s`). A text with either of them is searched without
//! this prefilter (see [`folds_to_ascii`]).

use regex_syntax::ast::{self, Ast, RepetitionKind, RepetitionRange};

/// At most this many strings in a set (more alternatives: no set).
const MAX_SET: usize = 32;

/// The strings (lower-case ASCII, at least two bytes each, sorted) one of which every match
/// of `re` (a `regex` crate expression, matched case-insensitively) contains, if the
/// expression has such a set. A set with a one-byte string is no use as a prefilter (a
/// letter or digit is in most sentences): none then.
pub(super) fn required(re: &str) -> Option<Vec<String>> {
    let ast = ast::parse::Parser::new().parse(re).ok()?;
    let mut strings = best(&facts(&ast))?;
    if strings.iter().any(|s| s.len() < 2) {
        return None;
    }
    strings.sort_unstable();
    strings.dedup();
    // A string that holds another of the set adds nothing: "cdns" holds "cdn".
    let all = strings.clone();
    strings.retain(|s| !all.iter().any(|o| o != s && s.contains(o.as_str())));
    Some(strings)
}

/// Can `text` hold a match of an ASCII letter outside ASCII? Case-insensitively, only the
/// Kelvin sign (`k`) and the long s (`s`) can (tested below).
pub(super) fn folds_to_ascii(text: &str) -> bool {
    !text.is_ascii() && text.contains(['\u{212A}', '\u{17F}'])
}

/// What is known of the texts an expression matches.
#[derive(Debug, Default)]
struct Facts {
    /// Every text it matches, lower-cased (when few and known).
    exact: Option<Vec<String>>,
    /// Strings one of which every match contains.
    required: Option<Vec<String>>,
}

impl Facts {
    fn exact(strings: Vec<String>) -> Facts {
        Facts {
            exact: Some(strings),
            required: None,
        }
    }

    /// Zero-width: matches only the empty text.
    fn empty() -> Facts {
        Facts::exact(vec![String::new()])
    }
}

/// The most selective set of `f`: its exact texts if none is empty, else its required set.
fn best(f: &Facts) -> Option<Vec<String>> {
    let useful = |s: &Vec<String>| !s.is_empty() && s.iter().all(|x| !x.is_empty());
    match (&f.exact, &f.required) {
        (Some(e), r) => {
            if useful(e) {
                pick(Some(e.clone()), r.clone())
            } else {
                r.clone().filter(useful)
            }
        }
        (None, r) => r.clone().filter(useful),
    }
}

/// The better of two candidate sets: the one whose shortest string is longer, then the
/// smaller.
fn pick(a: Option<Vec<String>>, b: Option<Vec<String>>) -> Option<Vec<String>> {
    let score = |s: &Vec<String>| {
        let shortest = s.iter().map(String::len).min().unwrap_or(0);
        (shortest, usize::MAX - s.len())
    };
    match (a, b) {
        (Some(a), Some(b)) => Some(if score(&b) > score(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Every concatenation of a string of `a` with one of `b`, if not too many.
fn product(a: &[String], b: &[String]) -> Option<Vec<String>> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    let mut out = Vec::with_capacity(a.len() * b.len());
    for x in a {
        for y in b {
            out.push(format!("{x}{y}"));
        }
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

fn facts(ast: &Ast) -> Facts {
    match ast {
        Ast::Empty(_) | Ast::Flags(_) | Ast::Assertion(_) => Facts::empty(),
        Ast::Literal(l) if l.c.is_ascii() => {
            Facts::exact(vec![l.c.to_ascii_lowercase().to_string()])
        }
        // Some character: a non-ASCII literal, a class, `.`.
        Ast::Literal(_)
        | Ast::Dot(_)
        | Ast::ClassUnicode(_)
        | Ast::ClassPerl(_)
        | Ast::ClassBracketed(_) => Facts::default(),
        Ast::Group(g) => facts(&g.ast),
        Ast::Repetition(r) => {
            let inner = facts(&r.ast);
            let (min, max) = match &r.op.kind {
                RepetitionKind::ZeroOrOne => (0, Some(1)),
                RepetitionKind::ZeroOrMore => (0, None),
                RepetitionKind::OneOrMore => (1, None),
                RepetitionKind::Range(RepetitionRange::Exactly(n)) => (*n, Some(*n)),
                RepetitionKind::Range(RepetitionRange::AtLeast(n)) => (*n, None),
                RepetitionKind::Range(RepetitionRange::Bounded(m, n)) => (*m, Some(*n)),
            };
            match (min, max) {
                (0, Some(0)) => Facts::empty(),
                (0, Some(1)) => Facts {
                    exact: inner.exact.map(|mut e| {
                        e.push(String::new());
                        e
                    }),
                    required: None,
                },
                (0, _) => Facts::default(),
                (1, Some(1)) => inner,
                // At least one repetition: a match contains a match of the inner expression.
                _ => Facts {
                    exact: None,
                    required: best(&inner),
                },
            }
        }
        Ast::Alternation(a) => {
            let all: Vec<Facts> = a.asts.iter().map(facts).collect();
            let exact = all
                .iter()
                .map(|f| f.exact.clone())
                .collect::<Option<Vec<Vec<String>>>>()
                .map(|sets| sets.concat())
                .filter(|e| e.len() <= MAX_SET);
            // Every match is a match of one alternative: it contains one of that
            // alternative's strings.
            let required = all
                .iter()
                .map(best)
                .collect::<Option<Vec<Vec<String>>>>()
                .map(|sets| sets.concat())
                .filter(|r| r.len() <= MAX_SET);
            Facts { exact, required }
        }
        Ast::Concat(c) => {
            let all: Vec<Facts> = c.asts.iter().map(facts).collect();
            // Any item's set is required of the whole; so is each run of exact items,
            // joined (cut where the joins would be too many).
            let mut required = None;
            let mut run: Option<Vec<String>> = None;
            let mut whole: Option<Vec<String>> = Some(vec![String::new()]);
            for f in &all {
                required = pick(required, best(f));
                whole = match (whole, &f.exact) {
                    (Some(w), Some(e)) => product(&w, e),
                    _ => None,
                };
                match &f.exact {
                    Some(e) => {
                        run = match run {
                            None => Some(e.clone()),
                            Some(r) => match product(&r, e) {
                                Some(p) => Some(p),
                                None => {
                                    required = pick(required, best(&Facts::exact(r)));
                                    Some(e.clone())
                                }
                            },
                        };
                    }
                    None => {
                        if let Some(r) = run.take() {
                            required = pick(required, best(&Facts::exact(r)));
                        }
                    }
                }
            }
            if let Some(r) = run.take() {
                required = pick(required, best(&Facts::exact(r)));
            }
            Facts {
                exact: whole,
                required,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(re: &str) -> Option<Vec<String>> {
        required(re)
    }

    /// Can `text` not match, by the required strings of `re`?
    fn rules_out(re: &str, text: &str) -> bool {
        let Some(strings) = required(re) else {
            return false;
        };
        let lower = text.to_ascii_lowercase();
        !folds_to_ascii(text) && !strings.iter().any(|s| lower.contains(s.as_str()))
    }

    #[test]
    fn literal_runs_alternatives_and_repetitions() {
        assert_eq!(strings("cache"), Some(vec!["cache".into()]));
        assert_eq!(strings("p9[59]"), Some(vec!["p9".into()]));
        assert_eq!(strings("\\bCDNs?\\b"), Some(vec!["cdn".into()]));
        assert_eq!(
            strings("^\\s*(yes|yep|i agree)\\b"),
            Some(vec!["i agree".into(), "yep".into(), "yes".into()])
        );
        assert_eq!(
            strings("\\b(ttls?|expiry)\\b[^.]{0,20}=\\s*invalidation\\b"),
            Some(vec!["invalidation".into()])
        );
        assert_eq!(strings("(ab)+c"), Some(vec!["ab".into()]));
        assert_eq!(strings("a?"), None);
        // A one-byte string would let almost every sentence through.
        assert_eq!(strings("\\bn\\s?\\+\\s?1\\b"), None);
        assert_eq!(strings("x*"), None);
        assert_eq!(strings("(a|)b?"), None);
        assert_eq!(strings("\\w+"), None);
        assert_eq!(strings("(a|\\w)"), None);
        assert_eq!(strings("é"), None);
        assert_eq!(strings("("), None);
    }

    /// Case-insensitive expressions, and texts with and without their words: whenever the
    /// prefilter rules a text out, the expression has no match in it.
    #[test]
    fn never_rules_out_a_text_with_a_match() {
        let exprs = [
            "cache",
            "p9[59]",
            "\\bcdns?\\s+(does|do|handles)\\s+(it\\s+)?(all|everything)\\b",
            "^\\s*(yes|yep|correct|agreed|i agree)\\s*[,.!]",
            "^\\W*(the\\s+)?same(\\s+(thing|idea))?\\W*$",
            "\\b(lbs?|load[ -]balancers?)\\s*(=|\u{2192}|->|means)\\s*scal(able|es|ing)\\b",
            "ks",
            "(?-i)Redis",
            "a{2,3}b{0,2}c",
        ];
        let texts = [
            "",
            "CACHE",
            "Track P99 latency",
            "A CDN does it all.",
            "cdns handle everything",
            "Yes, that is it.",
            "i agree!",
            "The same thing",
            "LB -> scaling",
            "load balancers \u{2192} scalable",
            "\u{212A}S and \u{17F}",
            "redis REDIS",
            "aab aaac aabbc",
            "nothing to see here",
        ];
        for e in exprs {
            let re = regex::RegexBuilder::new(e)
                .case_insensitive(true)
                .build()
                .unwrap();
            for t in texts {
                if re.is_match(t) {
                    assert!(!rules_out(e, t), "{e} {t:?}");
                }
            }
        }
    }

    /// The only non-ASCII characters a case-insensitive ASCII literal matches are the two
    /// that `folds_to_ascii` looks for.
    #[test]
    fn only_two_non_ascii_characters_fold_to_ascii() {
        let letter = regex::RegexBuilder::new("^[a-z0-9]$")
            .case_insensitive(true)
            .build()
            .unwrap();
        let folding: Vec<char> = (0x80..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| letter.is_match(&c.to_string()))
            .collect();
        assert_eq!(folding, ['\u{17F}', '\u{212A}']);
    }
}
