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

use crate::text::edit_distance::did_you_mean;
use std::collections::{BTreeMap, BTreeSet};

use super::compiled::{has_too_many_optionals, too_many_optionals};
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
    // The references as a graph over the vocabularies' positions (in name order): for each,
    // the defined names its entries write, as (entry, position, offset in the entry).
    let names: Vec<&str> = vocabulary.keys().map(String::as_str).collect();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut edges: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); names.len()];
    for (i, ((name, entries), asts)) in vocabulary.iter().zip(parsed.values()).enumerate() {
        for (k, (entry, ast)) in entries.iter().zip(asts).enumerate() {
            let mut error = |message: String, offset: Option<usize>| {
                out.errors
                    .push(entry_error(name, k, entry, &message, offset));
            };
            match ast {
                Err(e) => error(e.message.clone(), Some(e.offset)),
                Ok(Ast::Regex(_)) => {
                    error("`re:` is not allowed in vocabulary entries".into(), Some(0))
                }
                Ok(Ast::Seq(seq)) => {
                    seq.each_vocabulary_name(&mut |used, at| match index.get(used) {
                        Some(&j) => edges[i].push((k, j, at)),
                        None => error(
                            format!(
                                "unknown vocabulary `{used}`{}",
                                did_you_mean(used, index.keys().copied().filter(|k| k != name))
                            ),
                            Some(at),
                        ),
                    });
                    // The one rule compiling adds to parsing (so that `broken` holds every
                    // vocabulary that cannot compile, and no error of one is hidden).
                    if has_too_many_optionals(seq) {
                        error(too_many_optionals(), None);
                    }
                }
            }
        }
    }
    let component = components(&edges);
    let mut size = vec![0usize; names.len()];
    for &c in &component {
        size[c] += 1;
    }
    for (i, name) in names.iter().enumerate() {
        // On a cycle: its component has others, or it names itself. Reported at the first
        // reference that stays in the component (from there a path leads back).
        let back = edges[i]
            .iter()
            .find(|&&(_, j, _)| component[j] == component[i] && (size[component[i]] > 1 || j == i));
        let Some(&(k, j, at)) = back else {
            continue;
        };
        let through = if size[component[i]] <= MAX_PATH {
            let mut path = vec![*name];
            path.extend(
                path_within(&edges, &component, j, i)
                    .iter()
                    .map(|&v| names[v]),
            );
            path.join(" → ")
        } else {
            format!(
                "one of {} vocabularies that name each other",
                size[component[i]]
            )
        };
        out.errors.push(entry_error(
            name,
            k,
            &vocabulary[*name][k],
            &format!("the vocabulary refers to itself ({through})"),
            Some(at),
        ));
    }
    out.errors.sort_by(|a, b| {
        (&a.vocabulary, a.entry, a.offset).cmp(&(&b.vocabulary, b.entry, b.offset))
    });
    // A vocabulary that names a broken one cannot compile either: from the broken ones
    // along the references backwards, each vocabulary once.
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for (i, e) in edges.iter().enumerate() {
        for &(_, j, _) in e {
            users[j].push(i);
        }
    }
    let mut broken = vec![false; names.len()];
    let mut todo: Vec<usize> = out
        .errors
        .iter()
        .map(|e| index[e.vocabulary.as_str()])
        .collect();
    while let Some(i) = todo.pop() {
        if !std::mem::replace(&mut broken[i], true) {
            todo.extend(users[i].iter().copied().filter(|&u| !broken[u]));
        }
    }
    out.broken = names
        .iter()
        .zip(&broken)
        .filter(|(_, b)| **b)
        .map(|(n, _)| n.to_string())
        .collect();
    out.parsed = parsed;
    out
}

/// The error `message` of entry `k` (`entry`) of vocabulary `name`.
fn entry_error(
    name: &str,
    k: usize,
    entry: &str,
    message: &str,
    offset: Option<usize>,
) -> EntryError {
    EntryError {
        vocabulary: name.to_string(),
        entry: k,
        message: format!("vocabulary `{name}`, entry `{entry}`: {message}"),
        offset,
    }
}

/// A cycle's path is shown in full for components up to this many vocabularies (finding it
/// costs a search of the component for each of them).
const MAX_PATH: usize = 64;

/// The strongly connected component of each vertex of `edges` (vertex → its references as
/// `(entry, vertex, offset)`): Tarjan's algorithm, without recursion (a chain of thousands of
/// vocabularies must not overflow the stack), each vertex and edge visited once.
fn components(edges: &[Vec<(usize, usize, usize)>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low) = (vec![UNSEEN; n], vec![0; n]);
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let (mut stack, mut count, mut components) = (Vec::new(), 0, 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // Each frame: a vertex and how many of its edges have been followed.
        let mut frames = vec![(root, 0)];
        order[root] = count;
        low[root] = count;
        count += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut next)) = frames.last_mut() {
            if let Some(&(_, w, _)) = edges[v].get(*next) {
                *next += 1;
                if order[w] == UNSEEN {
                    order[w] = count;
                    low[w] = count;
                    count += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    frames.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = components;
                    if w == v {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

/// A shortest path from `from` to `to` (both included) through `from`'s component, which
/// holds `to`: a breadth-first search of that component.
fn path_within(
    edges: &[Vec<(usize, usize, usize)>],
    component: &[usize],
    from: usize,
    to: usize,
) -> Vec<usize> {
    let mut came = BTreeMap::from([(from, from)]);
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(v) = queue.pop_front() {
        if v == to {
            break;
        }
        for &(_, w, _) in &edges[v] {
            if component[w] == component[from] && !came.contains_key(&w) {
                came.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    let mut path = vec![to];
    let mut v = to;
    while v != from {
        v = came[&v];
        path.push(v);
    }
    path.reverse();
    path
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
            ("wide", &["x ([a] [b] [c] [d] [e] [f] [g] h)"]),
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
                (
                    "vocabulary `wide`, entry `x ([a] [b] [c] [d] [e] [f] [g] h)`: more than 6 \
                     optional `[ ]` items in one sequence"
                        .to_string(),
                    0,
                    None
                ),
            ]
        );
        assert_eq!(
            c.broken,
            BTreeSet::from(["lb".into(), "unused".into(), "wide".into()])
        );
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

    /// A chain of 20,000 vocabularies (each naming the next) is checked without recursion,
    /// each vocabulary and reference once: acyclic it has no error; closed into one ring, every
    /// vocabulary is on the cycle, reported without listing the whole ring; one broken at the
    /// end breaks all that lead to it.
    #[test]
    fn long_chains_and_large_cycles() {
        let n = 20_000;
        let chain = |last: &str| -> BTreeMap<String, Vec<String>> {
            (0..n)
                .map(|i| {
                    let next = if i + 1 < n {
                        format!("{{v{:05}}}", i + 1)
                    } else {
                        last.into()
                    };
                    (format!("v{i:05}"), vec![format!("w {next}")])
                })
                .collect()
        };
        let open = check(&chain("end"));
        assert!(open.errors.is_empty() && open.broken.is_empty());
        let ring = check(&chain("{v00000}"));
        assert_eq!(ring.errors.len(), n);
        assert!(
            ring.errors[0].message.ends_with(&format!(
                "the vocabulary refers to itself (one of {n} vocabularies that name each other)"
            )),
            "{}",
            ring.errors[0].message
        );
        let broken = check(&chain("{nosuch}"));
        assert_eq!(broken.errors.len(), 1);
        assert_eq!(broken.broken.len(), n);
    }
}
