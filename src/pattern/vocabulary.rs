//! A rubric's vocabulary checked where it is defined. Patterns compile a vocabulary only when
//! they name it, so a vocabulary nobody uses was never checked, and the error of one that is
//! used (an entry that does not parse, an unknown `{name}` in an entry) was reported at every
//! pattern that names it, without saying which entry. [`check`] reads every entry of every
//! vocabulary once, whether used or not, and says which vocabularies cannot compile; the
//! caller reports each problem at its entry and drops the same problem from the patterns
//! (see [`CompileError::vocabulary`](super::CompileError::vocabulary)).
//!
//! It only parses (nothing enters the lexicon, so the compiled rubric is the same with or
//! without it), and the compiler then takes the parsed entries from it
//! ([`Compiler::parsed`](super::Compiler::parsed)) instead of parsing them again.

use std::collections::{BTreeMap, BTreeSet};

use super::parse::{Ast, SyntaxError, parse};

/// Each vocabulary's entries, parsed, in the order written.
pub type Parsed = BTreeMap<String, Vec<Result<Ast, SyntaxError>>>;

/// A problem with one entry of a vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    pub vocabulary: String,
    /// Which of its entries (0-based).
    pub entry: usize,
    pub message: String,
    /// Character offset in the entry, when known.
    pub offset: Option<usize>,
}

/// What [`check`] found.
#[derive(Debug, Default)]
pub struct Checked {
    /// In the vocabulary's order (by name), then the entry's, then the place in the entry.
    pub errors: Vec<EntryError>,
    /// The vocabularies that cannot compile: those with an error, and those that name one.
    pub broken: BTreeSet<String>,
    /// Every entry, parsed.
    pub parsed: Parsed,
}

/// Checks every entry of `vocabulary` (name → entries): it parses as a pattern, it is not a
/// `re:` expression, every `{name}` it writes is defined, and no vocabulary refers to itself,
/// directly or through others (reported once per vocabulary, at the first entry that does).
pub fn check(vocabulary: &BTreeMap<String, Vec<String>>) -> Checked {
    let parsed: Parsed = vocabulary
        .iter()
        .map(|(name, entries)| (name.clone(), entries.iter().map(|e| parse(e)).collect()))
        .collect();
    let mut out = Checked::default();
    // The defined names each entry writes, with their places, for the cycles below.
    let mut refers: BTreeMap<&str, Vec<(usize, &str, usize)>> = BTreeMap::new();
    for ((name, entries), asts) in vocabulary.iter().zip(parsed.values()) {
        let names = refers.entry(name.as_str()).or_default();
        for (k, (entry, ast)) in entries.iter().zip(asts).enumerate() {
            let mut error = |message: String, offset: Option<usize>| {
                out.errors.push(EntryError {
                    vocabulary: name.clone(),
                    entry: k,
                    message: format!("vocabulary `{name}`, entry `{entry}`: {message}"),
                    offset,
                });
            };
            match ast {
                Err(e) => error(e.message.clone(), Some(e.offset)),
                Ok(Ast::Regex(_)) => {
                    error("`re:` is not allowed in vocabulary entries".into(), Some(0))
                }
                Ok(Ast::Seq(seq)) => {
                    seq.each_vocabulary_name(&mut |used, at| match vocabulary.get_key_value(used) {
                        Some((used, _)) => names.push((k, used.as_str(), at)),
                        None => error(format!("unknown vocabulary `{used}`"), Some(at)),
                    })
                }
            }
        }
    }
    for (name, names) in &refers {
        let cycle = names
            .iter()
            .find_map(|&(k, used, at)| path(&refers, used, name).map(|p| (k, at, p)));
        if let Some((k, at, path)) = cycle {
            let entry = &vocabulary[*name][k];
            let mut through = vec![*name];
            through.extend(path);
            out.errors.push(EntryError {
                vocabulary: name.to_string(),
                entry: k,
                message: format!(
                    "vocabulary `{name}`, entry `{entry}`: the vocabulary refers to itself ({})",
                    through.join(" → ")
                ),
                offset: Some(at),
            });
        }
    }
    out.errors.sort_by(|a, b| {
        (&a.vocabulary, a.entry, a.offset).cmp(&(&b.vocabulary, b.entry, b.offset))
    });
    out.broken = out.errors.iter().map(|e| e.vocabulary.clone()).collect();
    // A vocabulary that names a broken one cannot compile either.
    loop {
        let more: Vec<String> = refers
            .iter()
            .filter(|(name, names)| {
                !out.broken.contains(**name)
                    && names.iter().any(|(_, used, _)| out.broken.contains(*used))
            })
            .map(|(name, _)| name.to_string())
            .collect();
        if more.is_empty() {
            break;
        }
        out.broken.extend(more);
    }
    out.parsed = parsed;
    out
}

/// The names from `from` to `to` along the references (`from` first, `to` last), if `to` can
/// be reached: a depth-first search, each name visited once.
fn path<'a>(
    refers: &BTreeMap<&'a str, Vec<(usize, &'a str, usize)>>,
    from: &'a str,
    to: &str,
) -> Option<Vec<&'a str>> {
    let mut seen = BTreeSet::new();
    let mut trail = vec![from];
    // Each frame: the name and how many of its references have been followed.
    let mut frames = vec![(from, 0usize)];
    seen.insert(from);
    while let Some((at, next)) = frames.last_mut() {
        if *at == to {
            return Some(trail);
        }
        let names = refers.get(*at).map_or(&[][..], Vec::as_slice);
        match names.get(*next) {
            Some(&(_, used, _)) => {
                *next += 1;
                if seen.insert(used) {
                    frames.push((used, 0));
                    trail.push(used);
                }
            }
            None => {
                frames.pop();
                trail.pop();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(entries: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        entries
            .iter()
            .map(|(name, list)| {
                (
                    name.to_string(),
                    list.iter().map(|e| e.to_string()).collect(),
                )
            })
            .collect()
    }

    fn messages(c: &Checked) -> Vec<(String, usize, Option<usize>)> {
        c.errors
            .iter()
            .map(|e| (e.message.clone(), e.entry, e.offset))
            .collect()
    }

    #[test]
    fn a_sound_vocabulary_has_no_errors() {
        let v = vocabulary(&[
            ("lb", &["load balancer", "[round robin] {proxy}"]),
            ("proxy", &["reverse proxy", "=nginx"]),
        ]);
        let c = check(&v);
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert!(c.broken.is_empty());
    }

    /// Unused vocabularies are checked too: each problem at its entry, in the order written.
    #[test]
    fn every_entry_is_checked_whether_used_or_not() {
        let v = vocabulary(&[
            ("lb", &["load balancer", "x {zz} [{yy}]"]),
            ("unused", &["a [b", "re:x+"]),
        ]);
        let c = check(&v);
        assert_eq!(
            messages(&c),
            [
                (
                    "vocabulary `lb`, entry `x {zz} [{yy}]`: unknown vocabulary `zz`".to_string(),
                    1,
                    Some(2)
                ),
                (
                    "vocabulary `lb`, entry `x {zz} [{yy}]`: unknown vocabulary `yy`".to_string(),
                    1,
                    Some(8)
                ),
                (
                    format!(
                        "vocabulary `unused`, entry `a [b`: {}",
                        parse("a [b").unwrap_err().message
                    ),
                    0,
                    Some(parse("a [b").unwrap_err().offset)
                ),
                (
                    "vocabulary `unused`, entry `re:x+`: `re:` is not allowed in vocabulary entries"
                        .to_string(),
                    1,
                    Some(0)
                ),
            ]
        );
        assert_eq!(c.broken, BTreeSet::from(["lb".into(), "unused".into()]));
    }

    /// A cycle is reported once per vocabulary on it, with its path; a vocabulary that names
    /// a broken one is broken without an error of its own.
    #[test]
    fn cycles_are_reported_with_their_path_and_break_their_users() {
        let v = vocabulary(&[
            ("a", &["x", "y {b}"]),
            ("b", &["{c} z"]),
            ("c", &["{a}"]),
            ("me", &["[{me}] w"]),
            ("user", &["{c} q"]),
            ("fine", &["{other}"]),
            ("other", &["w"]),
        ]);
        let c = check(&v);
        assert_eq!(
            messages(&c),
            [
                (
                    "vocabulary `a`, entry `y {b}`: the vocabulary refers to itself (a → b → c → a)"
                        .to_string(),
                    1,
                    Some(2)
                ),
                (
                    "vocabulary `b`, entry `{c} z`: the vocabulary refers to itself (b → c → a → b)"
                        .to_string(),
                    0,
                    Some(0)
                ),
                (
                    "vocabulary `c`, entry `{a}`: the vocabulary refers to itself (c → a → b → c)"
                        .to_string(),
                    0,
                    Some(0)
                ),
                (
                    "vocabulary `me`, entry `[{me}] w`: the vocabulary refers to itself (me → me)"
                        .to_string(),
                    0,
                    Some(1)
                ),
            ]
        );
        assert_eq!(
            c.broken,
            BTreeSet::from(["a", "b", "c", "me", "user"].map(String::from))
        );
    }
}
