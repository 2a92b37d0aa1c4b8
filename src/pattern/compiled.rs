//! Compiled patterns and matching. Compiling resolves vocabulary references, expands optional
//! items, folds and stems every word once and interns it in the rubric's lexicon (words,
//! `=exact` words, `prefix*` and `#` all become integer atoms); matching then compares
//! integers, never strings. Each pattern also keeps, per item of its top-level sequence, the
//! atoms that item can start with: a sentence that lacks one of them cannot match, and a
//! match can only start at a word that stands for one of the first item's atoms, so most
//! sentences and words are skipped without running the matcher.

use std::cell::RefCell;
use std::collections::BTreeMap;

use std::sync::Arc;

use super::dense::{DenseSet, Sieve};
use super::expression::{Expression, Expressions};
use super::lexicon::{AtomSet, AtomSets, Lexicon, TokenIds};
use super::parse::{Ast, Gap, Node, Seq, parse};
use crate::fast_hash::{FastMap, FastSet};
use crate::text::{Analysis, fold_prefix, fold_word, stem};

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as the rubric author wrote it.
    pub source: String,
    body: Body,
    /// For a sequence: per top-level item, the atoms a match of it can start with (one
    /// allocation for all items: see [`AtomSets`]).
    need: AtomSets,
    /// For a sequence: up to two items of `need` whose atoms share one 64-bit word, those
    /// with the fewest atoms, as `(word, mask)` (a zero mask: no gate), kept in the pattern
    /// itself. Most patterns tried on an answer fail the answer-level test of `need`; the
    /// gates let many of them fail without reading `need` (a cache miss per item).
    gates: [(u32, u64); 2],
    /// The gates are every item of `need`: the gates' test is the whole answer-level test.
    gates_are_need: bool,
    /// For a sequence: the atoms a match can start with (its first item's), for the test at
    /// every word.
    starts: DenseSet,
    /// `starts` as a [`Sieve`], kept in the pattern: most words fail it without `starts`
    /// being read.
    start_sieve: Sieve,
}

#[derive(Debug, Clone)]
enum Body {
    Seq(CSeq),
    Regex(Expression),
}

#[derive(Debug, Clone)]
struct CSeq(Box<[Item]>);

/// One item of a compiled sequence.
#[derive(Debug, Clone)]
struct Item {
    /// How far after the previous item (ignored for the first).
    gap: Gap,
    /// The atoms a match of the item can start with, as a [`Sieve`]: kept with the item, so
    /// that the matcher passes over a word that cannot start it without reading the node
    /// (an alternation is a structure elsewhere in memory: a cache miss to read).
    sieve: Sieve,
    node: CNode,
}

impl CSeq {
    fn new(items: Vec<(Gap, CNode)>) -> CSeq {
        let mut out = Vec::with_capacity(items.len());
        out.extend(items.into_iter().map(|(gap, node)| Item {
            gap,
            sieve: node.sieve(),
            node,
        }));
        CSeq(out.into_boxed_slice())
    }
}

#[derive(Debug, Clone)]
enum CNode {
    /// A word, exact word, prefix or number: an atom of the lexicon.
    Id(u32),
    /// Alternatives (shared: a vocabulary is compiled once per rubric), and which of them
    /// each atom can start, kept in the node: finding the alternatives a word starts reads
    /// one array, without reading the `Alt` (a cache miss) first.
    Alt(Dispatch, Arc<Alt>),
}

/// Alternatives, tried in order.
#[derive(Debug, Clone)]
struct Alt {
    alts: Box<[Alternative]>,
    /// The atoms some alternative can start with, sorted (as a [`Sieve`]: the dispatch's).
    atoms: Box<[u32]>,
}

/// Per atom some alternative of an alternation can start with, the alternatives that can
/// start with it, in order, as [`code`]s: a word is only tried against those. One array,
/// `table`, in one of two layouts:
///
/// - direct (when the atoms span a short range): the entry of atom `base + i` at `i`, for
///   `i < len` ([`NONE`] for an atom that starts no alternative), then the lists;
/// - sorted: the `len` atoms in ascending order, then their entries in the same order, then
///   the lists.
///
/// An entry is the one alternative's code, or [`MANY`] and the place in `table` of a list: its
/// length, then its codes.
#[derive(Debug, Clone)]
struct Dispatch {
    table: Arc<[u32]>,
    /// The [`Sieve`] of the atoms: most atoms of a word that starts no alternative fail it,
    /// and are passed over without reading `table` (a search in the sorted layout). Also the
    /// sieve of the items this alternation is the node of ([`CNode::sieve`]).
    sieve: Sieve,
    base: u32,
    len: u32,
    direct: bool,
    /// How many alternatives there are.
    alts: u32,
}

/// No alternative starts with this atom (an entry of a direct [`Dispatch`]).
const NONE: u32 = u32::MAX;

impl Dispatch {
    /// The table of `atoms` (sorted, without repeats), `entries` (one per atom, a code or
    /// [`MANY`] and the place of a list in `lists`) and `lists`.
    fn new(atoms: &[u32], entries: &[u32], lists: &[u32], alts: usize) -> Dispatch {
        let (base, span) = match (atoms.first(), atoms.last()) {
            (Some(&lo), Some(&hi)) => (lo, (hi - lo) as usize + 1),
            _ => (0, 0),
        };
        // Direct when the range is at most four times the atoms (and a little): a few
        // bytes per atom either way, and one read instead of a search.
        let direct = !atoms.is_empty() && span <= 4 * atoms.len() + 16;
        let at_lists = if direct { span } else { 2 * atoms.len() };
        let moved = |e: u32| {
            if e & MANY == 0 {
                e
            } else {
                let at = at_lists + (e & !MANY) as usize;
                MANY | u32::try_from(at)
                    .ok()
                    .filter(|&a| a < NONE & !MANY)
                    .expect("small lists")
            }
        };
        let mut table = Vec::with_capacity(at_lists + lists.len());
        if direct {
            table.resize(span, NONE);
            for (&a, &e) in atoms.iter().zip(entries) {
                table[(a - base) as usize] = moved(e);
            }
        } else {
            table.extend_from_slice(atoms);
            table.extend(entries.iter().map(|&e| moved(e)));
        }
        table.extend_from_slice(lists);
        Dispatch {
            table: table.into(),
            sieve: Sieve::new(atoms),
            base,
            len: if direct {
                span as u32
            } else {
                atoms.len() as u32
            },
            direct,
            alts: u32::try_from(alts).expect("fewer than 2³⁰ alternatives"),
        }
    }

    /// The codes of the alternatives that can start with atom `a`, in order.
    #[inline]
    fn codes(&self, a: u32) -> Option<&[u32]> {
        let entry = if self.direct {
            let i = a.wrapping_sub(self.base);
            if i >= self.len {
                return None;
            }
            &self.table[i as usize]
        } else {
            let n = self.len as usize;
            let k = self.table[..n].binary_search(&a).ok()?;
            &self.table[n + k]
        };
        if entry & MANY == 0 {
            return Some(std::slice::from_ref(entry));
        }
        if *entry == NONE {
            return None;
        }
        let at = (entry & !MANY) as usize;
        Some(&self.table[at + 1..at + 1 + self.table[at] as usize])
    }
}

/// One alternative of an alternation.
#[derive(Debug, Clone)]
struct Alternative {
    seq: CSeq,
    /// Per item after its first: the atoms that item can start with. See [`Alt::possible`].
    need: AtomSets,
}

/// An alternative in a [`Dispatch`]: its index times two, plus one when it is a single word
/// (a word that starts it is a match of it, with nothing more to read or try). In the order of
/// the indexes, so sorted lists of codes merge as lists of indexes.
fn code(index: usize, seq: &CSeq) -> u32 {
    let single = matches!(
        &*seq.0,
        [Item {
            node: CNode::Id(_),
            ..
        }]
    );
    u32::try_from(index).expect("fewer than 2³⁰ alternatives") << 1 | u32::from(single)
}

/// Marks an entry of a [`Dispatch`] that is the place of a list, not a code.
const MANY: u32 = 1 << 31;

impl CNode {
    fn alt(seqs: Vec<CSeq>) -> CNode {
        // (atom, code) for each atom each alternative can start with.
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        // One buffer for every item's first atoms.
        let mut first = Vec::new();
        for (i, s) in seqs.iter().enumerate() {
            if let Some(item) = s.0.first() {
                first.clear();
                item.node.first_atoms(&mut first);
                let code = code(i, s);
                pairs.extend(first.iter().map(|&a| (a, code)));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut atoms = Vec::with_capacity(pairs.len());
        let mut entries = Vec::with_capacity(pairs.len());
        let mut lists = Vec::new();
        for chunk in pairs.chunk_by(|a, b| a.0 == b.0) {
            atoms.push(chunk[0].0);
            if let [(_, code)] = chunk {
                entries.push(*code);
            } else {
                entries.push(MANY | u32::try_from(lists.len()).expect("small lists"));
                lists.push(chunk.len() as u32);
                lists.extend(chunk.iter().map(|&(_, code)| code));
            }
        }
        let mut alts = Vec::with_capacity(seqs.len());
        alts.extend(seqs.into_iter().map(|seq| {
            let need: Vec<AtomSet> = seq
                .0
                .iter()
                .skip(1)
                .map(|item| {
                    first.clear();
                    item.node.first_atoms(&mut first);
                    AtomSet::new(first.iter().copied())
                })
                .collect();
            Alternative {
                seq,
                need: AtomSets::new(&need),
            }
        }));
        CNode::Alt(
            Dispatch::new(&atoms, &entries, &lists, alts.len()),
            Arc::new(Alt {
                alts: alts.into_boxed_slice(),
                atoms: atoms.into_boxed_slice(),
            }),
        )
    }

    /// The atoms a match of this node can start with, as a [`Sieve`].
    fn sieve(&self) -> Sieve {
        match self {
            CNode::Id(id) => Sieve::new(&[*id]),
            CNode::Alt(dispatch, _) => dispatch.sieve,
        }
    }

    /// The atoms a match of this node can start with.
    fn first_atoms(&self, out: &mut Vec<u32>) {
        match self {
            CNode::Id(id) => out.push(*id),
            CNode::Alt(_, alt) => out.extend_from_slice(&alt.atoms),
        }
    }
}

impl Dispatch {
    /// The alternatives that can start at a word standing for `atoms`, in order, as
    /// [`code`]s.
    fn candidates(&self, atoms: &[u32]) -> Candidates<'_> {
        let found = |a: &u32| {
            if self.sieve.may_hold(*a) {
                self.codes(*a)
            } else {
                debug_assert_eq!(self.codes(*a), None);
                None
            }
        };
        // Most words stand for one atom of the alternatives, or none: one list, no merge.
        let mut rest = atoms.iter();
        let first = loop {
            match rest.next() {
                None => return Candidates::One([].iter()),
                Some(a) => {
                    if let Some(l) = found(a) {
                        break l;
                    }
                }
            }
        };
        let mut lists: [&[u32]; 4] = [first, &[], &[], &[]];
        let mut n = 1;
        for a in rest {
            if let Some(l) = found(a) {
                if n == lists.len() {
                    // Rare: more atoms than slots; try every alternative.
                    return Candidates::All(0..self.alts);
                }
                lists[n] = l;
                n += 1;
            }
        }
        if n == 1 {
            Candidates::One(first.iter())
        } else {
            Candidates::Merge(lists)
        }
    }
}

impl Alt {
    /// Can alternative `i` match in the sentence whose atoms are `row` (its bitset,
    /// `TokenIds::sentence_row`) at all? Its first item is tried only at a
    /// word standing for one of that item's first atoms (see [`Dispatch::candidates`]); each later
    /// item must start, inside the same sentence, at a word standing for one of *its* first
    /// atoms (a word matches an item only through an atom the item can start with, and
    /// matches never cross sentences). So an alternative with a later item none of whose
    /// first atoms is in the sentence cannot match there, and skipping it changes no result:
    /// "load balancer" is not tried at "load" in a sentence without "balancer".
    fn possible(&self, i: usize, row: &[u64]) -> bool {
        self.alts[i].need.all_in(row)
    }
}

/// Alternatives as [`code`]s in ascending order, without repeats.
enum Candidates<'a> {
    /// Every alternative, by index: coded as not single words, so each is tried in full.
    All(std::ops::Range<u32>),
    /// One sorted list.
    One(std::slice::Iter<'a, u32>),
    /// A merge of sorted lists.
    Merge([&'a [u32]; 4]),
}

impl Iterator for Candidates<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        match self {
            Candidates::All(r) => r.next().map(|i| i << 1),
            Candidates::One(l) => l.next().copied(),
            Candidates::Merge(lists) => {
                let min = lists.iter().filter_map(|l| l.first()).min().copied()?;
                for l in lists.iter_mut() {
                    if l.first() == Some(&min) {
                        *l = &l[1..];
                    }
                }
                Some(min)
            }
        }
    }
}

/// What compiling one rubric's patterns keeps for reuse (held by its lexicon): compiled
/// vocabularies (with the entries they were compiled from), the atom of each word as written,
/// and regular expressions.
#[derive(Debug, Default)]
pub(super) struct CompileCache {
    vocabulary: FastMap<String, (Vec<String>, CNode)>,
    /// A rubric names the same words again and again (20,285 words, 2,353 distinct, in the
    /// workshop rubric): each is folded, stemmed and interned once.
    words: FastMap<String, u32>,
    pub(super) expressions: Expressions,
}

/// Why a pattern does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    pub message: String,
    /// Character offset in the pattern, when known.
    pub offset: Option<usize>,
    /// The vocabulary the pattern names that failed to compile (`{name}` written in the
    /// pattern), when the error lies in that vocabulary's entries and not in the pattern
    /// itself: such an error is reported where the vocabulary is defined
    /// ([`super::vocabulary::check`]), not again at every pattern that uses it.
    pub vocabulary: Option<String>,
}

/// Everything compiling needs: the vocabulary (name → entries) and the lexicon to fill.
pub struct Compiler<'a> {
    pub vocabulary: &'a BTreeMap<String, Vec<String>>,
    /// The vocabulary's entries already parsed ([`super::vocabulary::check`]), when they
    /// were: parsing them again was 4 % of loading the workshop rubric. Without them (or for
    /// a vocabulary they lack), entries are parsed as they are compiled.
    pub parsed: Option<&'a super::vocabulary::Parsed>,
    pub lexicon: &'a mut Lexicon,
}

/// Expanding optional items doubles the alternatives; this bounds it.
const MAX_OPTIONALS: usize = 6;

impl Compiler<'_> {
    /// Compiles one pattern, or gives its errors (at least one): every `{name}` it writes
    /// that names no vocabulary, in the order written, then the problem compiling stopped
    /// at if that is another one.
    pub fn compile(&mut self, source: &str) -> Result<Pattern, Vec<CompileError>> {
        let ast = parse(source).map_err(|e| {
            vec![CompileError {
                message: e.message,
                offset: Some(e.offset),
                vocabulary: None,
            }]
        })?;
        let body = match ast {
            Ast::Regex(re) => Body::Regex(
                self.lexicon
                    .compiled
                    .expressions
                    .get(&re)
                    .map_err(|m| vec![regex_error(&m)])?,
            ),
            Ast::Seq(seq) => match self.seq(&seq, &mut Vec::new()) {
                Ok(compiled) => Body::Seq(compiled),
                Err(stopped) => return Err(self.errors(&seq, stopped)),
            },
        };
        let mut starts = DenseSet::Empty;
        let mut start_sieve = Sieve::default();
        let need: Vec<AtomSet> = match &body {
            Body::Seq(seq) => seq
                .0
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let mut atoms = Vec::new();
                    item.node.first_atoms(&mut atoms);
                    if i == 0 {
                        starts = DenseSet::new(&atoms);
                        start_sieve = item.sieve;
                    }
                    AtomSet::new(atoms)
                })
                .collect(),
            Body::Regex(_) => Vec::new(),
        };
        let gates = gates_of(&need);
        let gates_are_need = need.len() <= 2 && need.iter().all(|a| a.as_one_word().is_some());
        Ok(Pattern {
            source: source.to_string(),
            body,
            need: AtomSets::new(&need),
            gates,
            gates_are_need,
            starts,
            start_sieve,
        })
    }

    /// The errors of the pattern `seq`, whose compiling stopped at `stopped`.
    ///
    /// Compiling stops at the first problem it meets, and it does not meet the names in the
    /// order written: it compiles the variants of a sequence with optional parts absent
    /// before present, so of `[{a}] x [{b}]` it met `{b}` first. Reading the pattern's tree
    /// once more, in the order written, finds every unknown name (a linter that reports one
    /// a run makes the author run it once per typo). It is read only here, once compiling
    /// has failed: a valid rubric never pays for it. Names written inside vocabulary entries
    /// are not read: the rubric checks those where the vocabulary is defined
    /// (`super::vocabulary::check`), and compiling marks such an error with the vocabulary it
    /// came through ([`CompileError::vocabulary`]).
    fn errors(&self, seq: &Seq, stopped: CompileError) -> Vec<CompileError> {
        let mut errors = Vec::new();
        self.unknown_names(seq, &mut errors);
        // `stopped` is one of them when compiling stopped at an unknown name of the pattern
        // (the same message, at the same place); any other problem is reported after them.
        if !errors.contains(&stopped) {
            errors.push(stopped);
        }
        errors
    }

    /// Adds to `out` the error of each `{name}` of `seq` (in its groups and optional parts
    /// too, nested or not: one visit per node, in the order written) that names no
    /// vocabulary of the rubric.
    fn unknown_names(&self, seq: &Seq, out: &mut Vec<CompileError>) {
        seq.each_vocabulary_name(&mut |name, at| {
            if !self.vocabulary.contains_key(name) {
                let known = self.vocabulary.keys().map(String::as_str);
                out.push(unknown_vocabulary(name, Some(at), known));
            }
        });
    }

    fn seq(&mut self, seq: &Seq, stack: &mut Vec<String>) -> Result<CSeq, CompileError> {
        let optionals = count_optionals(seq);
        if optionals > MAX_OPTIONALS {
            return Err(CompileError {
                message: too_many_optionals(),
                offset: None,
                vocabulary: None,
            });
        }
        // Expand `[x]` items: every combination of present and absent. The variants borrow
        // the parsed nodes: most sequences have no optional item, and copying every node
        // (its words, its nested groups) was a fifth of compiling a rubric.
        let mut variants: Vec<Vec<(Gap, &Node)>> = vec![Vec::with_capacity(seq.0.len())];
        for (gap, node) in &seq.0 {
            match node {
                Node::Opt(inner) => {
                    let mut next = Vec::with_capacity(2 * variants.len());
                    for v in variants {
                        let mut with = Vec::with_capacity(v.len() + inner.0.len());
                        with.extend_from_slice(&v);
                        for (i, (g, n)) in inner.0.iter().enumerate() {
                            with.push((if i == 0 { *gap } else { *g }, n));
                        }
                        next.push(v);
                        next.push(with);
                    }
                    variants = next;
                }
                other => variants.iter_mut().for_each(|v| v.push((*gap, other))),
            }
        }
        variants.retain(|v| !v.is_empty());
        // Every variant is empty only for an empty sequence (or one of empty optional parts),
        // which the parser refuses at its place (`parse.rs`): this is a defence for patterns
        // built otherwise, not a message users see.
        debug_assert!(!variants.is_empty(), "an empty sequence");
        if variants.is_empty() {
            return Err(CompileError {
                message: "a pattern cannot be empty".into(),
                offset: None,
                vocabulary: None,
            });
        }
        if let [v] = variants.as_slice() {
            return self.plain_seq(v, stack);
        }
        let mut compiled = Vec::with_capacity(variants.len());
        for v in &variants {
            compiled.push(self.plain_seq(v, stack)?);
        }
        Ok(CSeq::new(vec![(Gap::Near, CNode::alt(compiled))]))
    }

    fn plain_seq(
        &mut self,
        items: &[(Gap, &Node)],
        stack: &mut Vec<String>,
    ) -> Result<CSeq, CompileError> {
        let mut out: Vec<(Gap, CNode)> = Vec::with_capacity(items.len());
        let mut i = 0;
        while i < items.len() {
            let (gap, node) = items[i];
            // `a_b` also matches the joined word `ab`.
            if let (Node::Word(a), Some((Gap::Adjacent, Node::Word(b)))) = (node, items.get(i + 1))
            {
                let pair = CSeq::new(vec![
                    (Gap::Near, self.word(a)),
                    (Gap::Adjacent, self.word(b)),
                ]);
                let joined = CSeq::new(vec![(
                    Gap::Near,
                    CNode::Id(self.lexicon.intern_exact(&format!(
                        "{}{}",
                        fold_word(a),
                        fold_word(b)
                    ))),
                )]);
                out.push((gap, CNode::alt(vec![pair, joined])));
                i += 2;
                continue;
            }
            out.push((gap, self.node(node, stack)?));
            i += 1;
        }
        Ok(CSeq::new(out))
    }

    fn word(&mut self, w: &str) -> CNode {
        if let Some(&id) = self.lexicon.compiled.words.get(w) {
            return CNode::Id(id);
        }
        let folded = fold_word(w);
        let id = self.lexicon.intern(&folded, &stem(&folded));
        self.lexicon.compiled.words.insert(w.to_string(), id);
        CNode::Id(id)
    }

    fn node(&mut self, node: &Node, stack: &mut Vec<String>) -> Result<CNode, CompileError> {
        Ok(match node {
            Node::Word(w) => self.word(w),
            Node::Exact(w) => CNode::Id(self.lexicon.intern_exact(&fold_word(w))),
            Node::Prefix(p) => CNode::Id(self.lexicon.intern_prefix(&fold_prefix(p))),
            Node::Number => CNode::Id(self.lexicon.intern_number()),
            Node::Alt(seqs) => CNode::alt(
                seqs.iter()
                    .map(|s| self.seq(s, stack))
                    .collect::<Result<_, _>>()?,
            ),
            Node::Opt(inner) => {
                // Only reached for `[ ]` nested in a group: compile as (inner | nothing) is not
                // expressible, so expand through `seq`.
                let c = self.seq(inner, stack)?;
                CNode::alt(vec![c])
            }
            Node::Vocab(name, at) => {
                if stack.iter().any(|n| n == name) {
                    return Err(CompileError {
                        message: format!("vocabulary `{name}` refers to itself"),
                        offset: None,
                        vocabulary: None,
                    });
                }
                let Some(entries) = self.vocabulary.get(name) else {
                    // A place in the pattern only for a name the pattern writes (the stack
                    // is empty): in a vocabulary's entry, `at` is a place in the entry.
                    let at = stack.is_empty().then_some(*at);
                    let known = self.vocabulary.keys().map(String::as_str);
                    return Err(unknown_vocabulary(name, at, known));
                };
                // A vocabulary compiles the same wherever it is used (it has no cycle, or it
                // would never have compiled): compiled once, and shared.
                if let Some((was, node)) = self.lexicon.compiled.vocabulary.get(name) {
                    if was == entries {
                        return Ok(node.clone());
                    }
                }
                // An error inside the vocabulary is the vocabulary's, not the pattern's,
                // when the pattern names it itself (see `CompileError::vocabulary`).
                let outermost = stack.is_empty();
                stack.push(name.clone());
                let alts = self.entries(name, entries, stack).map_err(|mut e| {
                    if outermost {
                        e.vocabulary = Some(name.clone());
                    }
                    e
                })?;
                stack.pop();
                let node = CNode::alt(alts);
                self.lexicon
                    .compiled
                    .vocabulary
                    .insert(name.clone(), (entries.clone(), node.clone()));
                node
            }
        })
    }

    /// The compiled entries of vocabulary `name` (on `stack`, the vocabularies being compiled).
    fn entries(
        &mut self,
        name: &str,
        entries: &[String],
        stack: &mut Vec<String>,
    ) -> Result<Vec<CSeq>, CompileError> {
        let parsed = self
            .parsed
            .and_then(|p| p.get(name))
            .filter(|p| p.len() == entries.len());
        let mut alts = Vec::new();
        for (k, entry) in entries.iter().enumerate() {
            let fresh;
            let ast = match parsed {
                Some(p) => &p[k],
                None => {
                    fresh = parse(entry);
                    &fresh
                }
            };
            match ast {
                Ok(Ast::Seq(s)) => alts.push(self.seq(s, stack)?),
                Ok(Ast::Regex(_)) => {
                    return Err(CompileError {
                        message: format!(
                            "vocabulary `{name}`, entry `{entry}`: `re:` is not allowed in vocabulary entries"
                        ),
                        offset: None,
                        vocabulary: None,
                    });
                }
                Err(e) => {
                    return Err(CompileError {
                        message: format!("vocabulary `{name}`, entry `{entry}`: {}", e),
                        offset: None,
                        vocabulary: None,
                    });
                }
            }
        }
        Ok(alts)
    }
}

/// The error of `{name}`, a name the rubric's vocabulary lacks, written at character `at` of
/// the pattern (`None`: written in a vocabulary's entry).
fn unknown_vocabulary<'a>(
    name: &str,
    at: Option<usize>,
    known: impl IntoIterator<Item = &'a str>,
) -> CompileError {
    CompileError {
        message: format!(
            "unknown vocabulary `{name}`{}",
            crate::text::edit_distance::did_you_mean(name, known)
        ),
        offset: at,
        vocabulary: None,
    }
}

fn regex_error(message: &str) -> CompileError {
    CompileError {
        message: format!("invalid regular expression: {message}"),
        // After `re:`.
        offset: Some(3),
        vocabulary: None,
    }
}

/// The two items of `need` with the fewest atoms among those whose atoms share one word
/// (ties go to the earlier item), or `(0, 0)` for none: see `Pattern::gates`.
fn gates_of(need: &[AtomSet]) -> [(u32, u64); 2] {
    let mut one_word: Vec<(u32, u64)> = need.iter().filter_map(AtomSet::as_one_word).collect();
    one_word.sort_by_key(|&(_, mask)| mask.count_ones());
    let gate = |i: usize| one_word.get(i).copied().unwrap_or((0, 0));
    [gate(0), gate(1)]
}

/// The error of a sequence with more than [`MAX_OPTIONALS`] optional items.
pub(super) fn too_many_optionals() -> String {
    format!("more than {MAX_OPTIONALS} optional `[ ]` items in one sequence")
}

/// Whether `seq`, or a sequence in its groups and optional parts, has more optional items than
/// compiling allows (how a vocabulary's entries are checked before any is compiled,
/// `super::vocabulary::check`).
pub(super) fn has_too_many_optionals(seq: &Seq) -> bool {
    count_optionals(seq) > MAX_OPTIONALS
        || seq.0.iter().any(|(_, n)| match n {
            Node::Alt(seqs) => seqs.iter().any(has_too_many_optionals),
            Node::Opt(inner) => has_too_many_optionals(inner),
            _ => false,
        })
}

fn count_optionals(seq: &Seq) -> usize {
    seq.0
        .iter()
        .filter(|(_, n)| matches!(n, Node::Opt(_)))
        .count()
}

/// What matching needs to know about one answer.
pub struct Target<'a> {
    pub text: &'a str,
    pub analysis: &'a Analysis,
    pub ids: &'a TokenIds,
    pub proximity: usize,
    /// Matching stops (with the matches found so far) once this has passed.
    pub deadline: &'a super::Deadline,
    /// The text's byte pairs, for the gates of `re:` expressions (made when one first asks).
    pub pairs: &'a super::Pairs,
}

/// Most matches reported per pattern and answer.
const MAX_MATCHES: usize = 16;

impl Pattern {
    /// The literal words the pattern names: for a word its folded form and stem (and so every
    /// word it names as a plain substring), exact words, prefixes. Empty for `re:` patterns.
    /// For comparing with plain-text search tools.
    pub fn literals(&self, lexicon: &Lexicon) -> Vec<String> {
        fn walk(seq: &CSeq, lexicon: &Lexicon, out: &mut Vec<String>) {
            for item in &seq.0 {
                match &item.node {
                    CNode::Id(id) => out.extend(lexicon.forms(*id)),
                    CNode::Alt(_, alt) => alt.alts.iter().for_each(|a| walk(&a.seq, lexicon, out)),
                }
            }
        }
        let mut out = Vec::new();
        if let Body::Seq(seq) = &self.body {
            walk(seq, lexicon, &mut out);
        }
        out
    }

    /// For a `re:` pattern whose expression cannot be built (its syntax was checked when it
    /// compiled, but it may be too large): why. Builds the expression if no thread has.
    pub fn build_error(&self) -> Option<CompileError> {
        match &self.body {
            Body::Regex(e) => e.get().err().map(regex_error),
            Body::Seq(_) => None,
        }
    }

    /// Is this a `re:` pattern?
    pub fn is_regex(&self) -> bool {
        matches!(self.body, Body::Regex(_))
    }

    /// Every match in the answer (at most one per starting word), as ascending token indexes.
    ///
    /// Inlined into its callers: most patterns tried on an answer fail their gates (a `re:`
    /// pattern has none), and that test costs fewer instructions than calling the whole
    /// matcher, with its stack frame, to make it.
    #[inline]
    pub fn find_all(&self, t: &Target<'_>) -> Vec<Vec<usize>> {
        // Every item's atoms must be somewhere in the answer: first the gates'.
        if !self
            .gates
            .iter()
            .all(|&(w, m)| m == 0 || t.ids.any_of_word_in_answer((w, m)))
        {
            debug_assert!(!self.need.all_in_answer(t.ids), "{}", self.source);
            return Vec::new();
        }
        self.find_all_past_gates(t)
    }

    /// [`Pattern::find_all`] once the gates have passed.
    fn find_all_past_gates(&self, t: &Target<'_>) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        match &self.body {
            Body::Regex(re) => {
                // A rubric that loaded has built its expressions (and this one did build).
                let Ok(built) = re.get() else {
                    debug_assert!(false, "a `re:` pattern that could not be built: {re:?}");
                    return out;
                };
                // The words every match contains must be in the answer.
                if !built.required.met_by(t.pairs.of(t.text)) {
                    debug_assert!(
                        t.analysis.sentences.iter().all(|s| t
                            .text
                            .get(s.start..s.end)
                            .is_none_or(|slice| !built.regex.is_match(slice))),
                        "{}",
                        self.source
                    );
                    return out;
                }
                let re = &built.regex;
                for sent in &t.analysis.sentences {
                    // An expression reads bytes, not words: a word's worth is about 8.
                    let work = (sent.end_token - sent.first_token).max((sent.end - sent.start) / 8);
                    if t.deadline.passed(work) {
                        return out;
                    }
                    let Some(slice) = t.text.get(sent.start..sent.end) else {
                        continue;
                    };
                    for m in re.find_iter(slice) {
                        let (a, b) = (sent.start + m.start(), sent.start + m.end());
                        let idx: Vec<usize> = (sent.first_token..sent.end_token)
                            .filter(|&i| {
                                t.analysis.tokens[i].start < b && t.analysis.tokens[i].end > a
                            })
                            .collect();
                        if !idx.is_empty() {
                            out.push(idx);
                        }
                        if out.len() >= MAX_MATCHES {
                            return out;
                        }
                    }
                }
            }
            Body::Seq(seq) => {
                // The gates have passed: the other items.
                if !self.gates_are_need && !self.need.all_in_answer(t.ids) {
                    return out;
                }
                debug_assert!(self.need.all_in_answer(t.ids), "{}", self.source);
                // One match per last word: the shortest (latest start), so that a long match
                // reaching back over a negation does not stand beside a plain one. (At most
                // `MAX_MATCHES` matches, each with its own last word: found by a scan.)
                let mut acc = Vec::new();
                let mut found: Vec<usize> = Vec::new();
                for (si, sent) in t.analysis.sentences.iter().enumerate() {
                    // … and in the sentence.
                    if !self.need.all_in_sentence(t.ids, si) {
                        continue;
                    }
                    if t.deadline.passed(sent.end_token - sent.first_token) {
                        return out;
                    }
                    let m = Matcher {
                        t,
                        row: t.ids.sentence_row(si),
                        end: sent.end_token,
                        failed: RefCell::default(),
                    };
                    let sieves = t.ids.sieves(sent.first_token..sent.end_token);
                    for (p, &sieve) in (sent.first_token..).zip(sieves) {
                        // A match starts at a word standing for one of the first item's atoms.
                        if !self.start_sieve.meets(sieve) {
                            continue;
                        }
                        let atoms = t.ids.of(p);
                        let starts = self.starts.any(atoms);
                        debug_assert_eq!(starts, {
                            let mut first = Vec::new();
                            seq.0[0].node.first_atoms(&mut first);
                            atoms.iter().any(|a| first.contains(a))
                        });
                        if !starts {
                            continue;
                        }
                        acc.clear();
                        let mut hit = false;
                        m.seq_at(seq, 0, p, p + 1, &mut acc, &mut |acc, _| {
                            found.clear();
                            found.extend_from_slice(acc);
                            hit = true;
                            true
                        });
                        if hit {
                            found.sort_unstable();
                            found.dedup();
                            let last = found[found.len() - 1];
                            let f = found.clone();
                            match out.iter().position(|o| o.last() == Some(&last)) {
                                Some(i) => out[i] = f,
                                None => out.push(f),
                            }
                            if out.len() >= MAX_MATCHES {
                                return out;
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

struct Matcher<'a, 'b> {
    t: &'b Target<'a>,
    /// The bitset of the atoms of the sentence matched in (see `TokenIds::sentence_row`),
    /// found once per sentence instead of once per alternative tried.
    row: &'b [u64],
    /// One past the last token of the sentence.
    end: usize,
    /// Calls of `seq_at` known to fail in this sentence: (sequence, item, lo, hi).
    ///
    /// Whether items `k..` of a sequence can match from `lo..hi` depends on nothing else: a
    /// sequence sits at one place in the pattern tree, so what must follow it is fixed, and
    /// the words matched before it only go into `acc`. Remembering failures makes the search
    /// polynomial in the sentence length (at most items × n² steps) instead of exponential
    /// in the number of `..` gaps: "spread load across … instance" against a sentence of 40
    /// "spread", 40 "load" and 40 "across" without an instance took 40⁴ steps.
    failed: RefCell<FastSet<(usize, usize, usize, usize)>>,
}

/// `seq_at` calls over more positions than this are remembered when they fail.
const MEMO_SPAN: usize = 8;

type Cont<'c> = dyn FnMut(&mut Vec<usize>, usize) -> bool + 'c;

impl Matcher<'_, '_> {
    /// Matches items `k..` of `seq`, item `k` starting in `lo..hi`; calls `cont` with the end.
    fn seq_at(
        &self,
        seq: &CSeq,
        k: usize,
        lo: usize,
        hi: usize,
        acc: &mut Vec<usize>,
        cont: &mut Cont<'_>,
    ) -> bool {
        let hi = hi.min(self.end);
        // Only the wide ranges after a `..` gap can be searched again and again.
        let memo = hi > lo + MEMO_SPAN;
        let key = (std::ptr::from_ref(seq) as usize, k, lo, hi);
        if memo && self.failed.borrow().contains(&key) {
            return false;
        }
        let item = &seq.0[k];
        for p in lo..hi {
            // A word matches an item only through an atom the item can start with (so a word
            // that stands for no atom matches none).
            if !item.sieve.meets(self.t.ids.sieve(p)) {
                continue;
            }
            let stop = self.node_at(&item.node, p, acc, &mut |acc, e| {
                if k + 1 == seq.0.len() {
                    return cont(acc, e);
                }
                let (nlo, nhi) = match seq.0[k + 1].gap {
                    Gap::Adjacent => (e + 1, e + 2),
                    Gap::Near => (e + 1, e + 2 + self.t.proximity),
                    Gap::Anywhere => (e + 1, self.end),
                };
                self.seq_at(seq, k + 1, nlo, nhi, acc, cont)
            });
            if stop {
                return true;
            }
        }
        if memo {
            self.failed.borrow_mut().insert(key);
        }
        false
    }

    fn node_at(&self, node: &CNode, p: usize, acc: &mut Vec<usize>, cont: &mut Cont<'_>) -> bool {
        let hit = match node {
            CNode::Id(id) => self.t.ids.of(p).contains(id),
            CNode::Alt(dispatch, alt) => {
                // Only the alternatives that can start at this word, in order (an empty
                // alternative starts nowhere).
                return dispatch.candidates(self.t.ids.of(p)).any(|code| {
                    if code & 1 == 1 {
                        // A single word, which this word stands for: matched (as
                        // `seq_at` would, without reading the alternative).
                        acc.push(p);
                        let stop = cont(acc, p);
                        acc.pop();
                        return stop;
                    }
                    let i = (code >> 1) as usize;
                    if !alt.possible(i, self.row) {
                        return false;
                    }
                    match &*alt.alts[i].seq.0 {
                        // One item (a nested alternation): matched at this word as
                        // `seq_at` would match it, without its loop.
                        [item] => self.node_at(&item.node, p, acc, cont),
                        _ => self.seq_at(&alt.alts[i].seq, 0, p, p + 1, acc, cont),
                    }
                });
            }
        };
        if !hit {
            return false;
        }
        acc.push(p);
        let stop = cont(acc, p);
        acc.pop();
        stop
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(src: &str, vocab: &[(&str, &[&str])]) -> (Pattern, Lexicon) {
        let vocabulary: BTreeMap<String, Vec<String>> = vocab
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect();
        let mut lexicon = Lexicon::default();
        let p = Compiler {
            vocabulary: &vocabulary,
            parsed: None,
            lexicon: &mut lexicon,
        }
        .compile(src)
        .unwrap();
        (p, lexicon)
    }

    /// The matched words of every match.
    fn matches(src: &str, vocab: &[(&str, &[&str])], text: &str) -> Vec<String> {
        let (p, lex) = compile(src, vocab);
        let analysis = Analysis::new(text);
        let ids = lex.lookup(&analysis.tokens);
        let t = Target {
            text,
            analysis: &analysis,
            ids: &ids,
            proximity: 3,
            deadline: &Default::default(),
            pairs: &Default::default(),
        };
        p.find_all(&t)
            .into_iter()
            .map(|m| {
                m.iter()
                    .map(|&i| analysis.tokens[i].norm())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    /// The gate of `re:` expressions (see `required.rs`) never turns away an answer that an
    /// expression matches in: every expression of the workshop rubric, on every example
    /// answer the rubric gives (737 answers in many shapes), in release builds too (the
    /// matcher's own check is a debug assertion).
    #[test]
    fn the_expression_gate_turns_away_no_answer_an_expression_matches_in() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/scaling-workshop.yaml");
        let rubric = crate::rubric::load(&path).unwrap_or_else(|e| panic!("{e:?}"));
        let questions = || rubric.exercises.iter().flat_map(|e| &e.questions);
        fn of_rule(m: &crate::rubric::MistakeRule) -> impl Iterator<Item = &Pattern> {
            let all = m.patterns.iter().chain(&m.all).chain(&m.unless);
            all.chain(&m.unless_anywhere)
        }
        let mut patterns: Vec<&Pattern> = Vec::new();
        for q in questions() {
            for c in &q.concepts {
                patterns.extend(c.patterns.iter().chain(&c.all).chain(&c.unless));
            }
            patterns.extend(q.mistakes.iter().flat_map(of_rule));
        }
        let catalogue = rubric.misconceptions.values();
        patterns.extend(
            catalogue
                .filter_map(|m| m.rule.as_deref())
                .flat_map(of_rule),
        );
        let expressions: Vec<_> = patterns
            .into_iter()
            .filter_map(|p| match &p.body {
                Body::Regex(e) => e.get().ok(),
                Body::Seq(_) => None,
            })
            .collect();
        assert!(expressions.len() > 100, "{}", expressions.len());
        let answers: Vec<&str> = questions()
            .flat_map(|q| &q.examples)
            .map(|e| e.answer.as_str())
            .collect();
        assert!(answers.len() > 700, "{}", answers.len());
        let (mut turned_away, mut run) = (0, 0);
        for text in answers {
            let analysis = Analysis::new(text);
            let pairs = super::super::Pairs::default();
            for built in &expressions {
                if built.required.met_by(pairs.of(text)) {
                    run += 1;
                    continue;
                }
                turned_away += 1;
                for sent in &analysis.sentences {
                    let slice = &text[sent.start..sent.end];
                    assert!(
                        !built.regex.is_match(slice),
                        "turned away, but matches {slice:?}"
                    );
                }
            }
        }
        // The gate does turn most of them away (68,418 of 86,229 when this was written).
        assert!(
            turned_away > 3 * run,
            "{turned_away} turned away, {run} run"
        );
    }

    #[test]
    fn a_number_glued_to_its_unit_is_the_number_and_the_unit() {
        assert_eq!(
            matches("under .. 200", &[], "a pod tops out well under 200rps"),
            ["under 200rps"]
        );
        assert_eq!(matches("rps", &[], "well under 200rps"), ["200rps"]);
        assert_eq!(matches("latency", &[], "a 50ms latencies"), ["latencies"]);
        assert_eq!(
            matches("# .. latency", &[], "50ms latency"),
            ["50ms latency"]
        );
        assert_eq!(matches("second", &[], "1.5seconds"), ["1.5seconds"]);
        // "50k" is a number, but not 50.
        assert_eq!(matches("#", &[], "the 50k products"), ["50k"]);
        assert!(matches("within .. 50", &[], "within 60 s, the 50k products").is_empty());
        // Ordinals are no numbers, and letters before digits no unit.
        assert!(matches("#", &[], "the 2nd node").is_empty());
        assert!(matches("rps", &[], "rps2").is_empty());
    }

    #[test]
    fn words_match_by_stem_in_order_within_proximity() {
        assert_eq!(
            matches("cache invalidation", &[], "Caching and its invalidations"),
            ["caching invalidations"]
        );
        assert!(matches("cache invalidation", &[], "invalidation of the cache").is_empty());
        assert!(matches("cache invalidation", &[], "cache a b c d invalidation").is_empty());
        assert_eq!(
            matches("cache .. invalidation", &[], "cache a b c d invalidation"),
            ["cache invalidation"]
        );
    }

    #[test]
    fn matches_never_cross_sentences() {
        assert!(matches("cache .. invalidation", &[], "A cache. An invalidation.").is_empty());
    }

    #[test]
    fn adjacent_words_also_match_joined() {
        assert_eq!(matches("scale_out", &[], "we scaleout"), ["scaleout"]);
        assert_eq!(matches("scale_out", &[], "we scale-out"), ["scale out"]);
        assert!(matches("scale_out", &[], "we scale it out").is_empty());
    }

    #[test]
    fn vocabulary_alternatives_prefix_exact_number_optional() {
        let v: &[(&str, &[&str])] = &[("lb", &["load balancer", "lb"])];
        assert_eq!(matches("{lb} [is] enough", v, "the LB is enough").len(), 1);
        assert_eq!(
            matches("{lb} [is] enough", v, "load balancer enough"),
            ["load balancer enough"]
        );
        assert_eq!(matches("stat*", &[], "statefulness"), ["statefulness"]);
        assert!(matches("=cached", &[], "caching").is_empty());
        assert_eq!(
            matches("# instances", &[], "thirty six instances"),
            ["six instances"]
        );
        assert_eq!(
            matches("(more|bigger) (box|machine)", &[], "add more boxes"),
            ["more boxes"]
        );
    }

    #[test]
    fn alternatives_missing_a_later_word_are_skipped_but_still_match_when_present() {
        let v: &[(&str, &[&str])] = &[(
            "lb",
            &[
                "load balancer",
                "load .. spreader",
                "(load|traffic) split*",
                "load",
            ],
        )];
        // "load" alone: the later-word alternatives cannot match, the last one does.
        assert_eq!(matches("{lb}", v, "the load is high"), ["load"]);
        // Each later word present (through a gap, a group, a prefix): that alternative wins.
        assert_eq!(matches("{lb}", v, "a load balancer"), ["load balancer"]);
        assert_eq!(
            matches("{lb}", v, "a load and then a spreader"),
            ["load spreader"]
        );
        assert_eq!(matches("{lb}", v, "load splitting"), ["load splitting"]);
        // The later word in another sentence: no match across it.
        assert_eq!(matches("{lb}", v, "a load. A balancer."), ["load"]);
        assert!(matches("{lb} box", v, "a load. A balancer box.").is_empty());
        // Present in the sentence but too far: skipped by the matcher, not the prefilter.
        assert!(matches("load balancer", &[], "load a b c d balancer").is_empty());
    }

    #[test]
    fn typos_and_british_spelling() {
        assert_eq!(
            matches("stateless service", &[], "a stateles servise"),
            ["stateles servize"]
        );
        assert_eq!(matches("normalize", &[], "normalised"), ["normalized"]);
    }

    #[test]
    fn regex_escape_hatch_matches_sentence_text() {
        assert_eq!(matches("re:p9[59]", &[], "Track P99 latency"), ["p99"]);
    }

    #[test]
    fn many_gaps_over_a_repetitive_sentence_stay_cheap() {
        // 40 × 40 × 40 ways to match the first three items, none with a fourth: without
        // remembering failures this took 40⁴ steps per start, seconds per sentence.
        let sentence = format!(
            "{} {} {}. ",
            "spread ".repeat(40),
            "load ".repeat(40),
            "across ".repeat(39)
        );
        let started = std::time::Instant::now();
        assert!(
            matches(
                "spread .. load .. across .. instance",
                &[],
                &sentence.repeat(5)
            )
            .is_empty()
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(
            matches(
                "spread .. load .. across .. instance",
                &[],
                &format!("{sentence}spread load across the instance.")
            ),
            ["spread load across instance"]
        );
    }

    /// The gates are the one-word items with the fewest atoms; a pattern is rejected by them
    /// only when an item is missing (a gate matches when *any* of its atoms is present).
    #[test]
    fn gates_are_the_smallest_one_word_items_and_change_no_match() {
        let vocab: &[(&str, &[&str])] = &[("store", &["redis", "memcached", "database"])];
        let (p, lex) = compile("{store} .. session .. cache", vocab);
        let [a, b] = p.gates;
        assert_eq!((a.1.count_ones(), b.1.count_ones()), (1, 1));
        assert!(!p.gates_are_need, "three items, two gates");
        let ids = |w: &str| lex.lookup(&Analysis::new(w).tokens).of(0).to_vec();
        let gated: Vec<u32> = [a, b]
            .iter()
            .map(|&(w, m)| w * 64 + m.trailing_zeros())
            .collect();
        assert_eq!(gated, [ids("session")[0], ids("cache")[0]]);
        assert_eq!(gates_of(&[]), [(0, 0); 2]);
        let texts = [
            ("Redis keeps the session in a shared cache.", true),
            ("Redis keeps the session.", false),
            ("The database session cache.", true),
            ("A session cache without any store.", false),
            ("Memcached caches it.", false),
        ];
        for (text, want) in texts {
            let got = matches("{store} .. session .. cache", vocab, text);
            assert_eq!(!got.is_empty(), want, "{text}");
        }
        // A gate of three atoms is passed by any one of them; two gates are the whole test.
        let (p, _) = compile("{store} .. session", vocab);
        assert!(p.gates_are_need);
        assert_eq!(p.gates[1].1.count_ones(), 3);
        for (text, want) in [
            ("Memcached keeps the session.", true),
            ("The database session.", true),
            ("Keep the session.", false),
            ("Redis keeps it.", false),
        ] {
            let got = matches("{store} .. session", vocab, text);
            assert_eq!(!got.is_empty(), want, "{text}");
        }
    }

    /// Both layouts of a dispatch table give each atom its alternatives (one inline, several
    /// through a list), and nothing for any other atom.
    #[test]
    fn dispatch_tables_give_each_atom_its_alternatives() {
        // Atom → codes; atom 7 starts three alternatives, atom 9 two.
        let want: &[(u32, &[u32])] = &[(3, &[1]), (7, &[0, 2, 5]), (8, &[4]), (9, &[2, 6])];
        for offset in [0, 1_000, u32::MAX - 1_000] {
            for spread in [1, 50] {
                let atoms: Vec<u32> = want.iter().map(|(a, _)| offset + a * spread).collect();
                let mut entries = Vec::new();
                let mut lists = Vec::new();
                for (_, codes) in want {
                    if let [one] = codes {
                        entries.push(*one);
                    } else {
                        entries.push(MANY | lists.len() as u32);
                        lists.push(codes.len() as u32);
                        lists.extend_from_slice(codes);
                    }
                }
                let d = Dispatch::new(&atoms, &entries, &lists, 7);
                assert_eq!(d.direct, spread == 1, "{offset} {spread}");
                for probe in (0..600).map(|i| offset.wrapping_add(i)) {
                    let expected = atoms.iter().position(|&a| a == probe).map(|k| want[k].1);
                    assert_eq!(d.codes(probe), expected, "{offset} {spread} {probe}");
                }
                let merged: Vec<u32> = d.candidates(&[atoms[3], atoms[1]]).collect();
                assert_eq!(merged, [0, 2, 5, 6]);
            }
        }
        let empty = Dispatch::new(&[], &[], &[], 0);
        assert_eq!(empty.codes(0), None);
        assert_eq!(empty.candidates(&[0, 1]).count(), 0);
    }

    /// The errors of a pattern that does not compile: messages and places in the pattern.
    fn errors_of(c: &mut Compiler<'_>, src: &str) -> Vec<(String, Option<usize>)> {
        c.compile(src)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.message, e.offset))
            .collect()
    }

    #[test]
    fn compile_errors() {
        let vocabulary = BTreeMap::from([("a".to_string(), vec!["{a}".to_string()])]);
        let mut lexicon = Lexicon::default();
        let mut c = Compiler {
            vocabulary: &vocabulary,
            parsed: None,
            lexicon: &mut lexicon,
        };
        let one = |errors: Vec<(String, Option<usize>)>| {
            assert_eq!(errors.len(), 1, "{errors:?}");
            errors[0].0.clone()
        };
        assert!(one(errors_of(&mut c, "{a}")).contains("refers to itself"));
        assert!(one(errors_of(&mut c, "{nope}")).contains("unknown vocabulary `nope`"));
        assert!(one(errors_of(&mut c, "re:(")).contains("invalid regular expression"));
    }

    /// Every unknown name a pattern writes is an error, in the order written, at its `{`
    /// (0-based): optional parts compile absent first, which once made `nosuch2` the only
    /// error of the first pattern.
    #[test]
    fn every_unknown_vocabulary_name_is_an_error_in_the_order_written() {
        let vocabulary = BTreeMap::from([
            ("lb".to_string(), vec!["load_balancer".to_string()]),
            (
                "a".to_string(),
                vec!["x {zz}".to_string(), "{a}".to_string()],
            ),
        ]);
        let mut lexicon = Lexicon::default();
        let mut c = Compiler {
            vocabulary: &vocabulary,
            parsed: None,
            lexicon: &mut lexicon,
        };
        let unknown = |name: &str, at: Option<usize>| (format!("unknown vocabulary `{name}`"), at);
        assert_eq!(
            errors_of(&mut c, "[{nosuch}] load_balancer [{nosuch2}] spread*"),
            [unknown("nosuch", Some(1)), unknown("nosuch2", Some(26))]
        );
        // In groups, alternatives and optional parts, nested or not; known names are no
        // error; a name written twice is an error at each place.
        assert_eq!(
            errors_of(&mut c, "{x} ({lb}|c [{y}]) .. d|{x} [{lb} [e [{z}]]]"),
            [
                unknown("x", Some(0)),
                unknown("y", Some(13)),
                unknown("x", Some(24)),
                unknown("z", Some(38)),
            ]
        );
        // Groups nested 32 deep (the parser's limit), a name at each end: both, at once.
        let deep = format!("{{p}} {}{{q}}{}", "[w ".repeat(32), "]".repeat(32));
        let started = std::time::Instant::now();
        assert_eq!(
            errors_of(&mut c, &deep),
            [unknown("p", Some(0)), unknown("q", Some(100))]
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // Another problem compiling stopped at comes after the unknown names.
        assert_eq!(
            errors_of(&mut c, "[a] [b] [c] [d] [e] [f] [g] {nosuch}"),
            [
                unknown("nosuch", Some(28)),
                (
                    "more than 6 optional `[ ]` items in one sequence".to_string(),
                    None
                ),
            ]
        );
        // An error inside a vocabulary's entry comes after the pattern's own unknown names,
        // without a place in the pattern (the rubric reports it at the entry instead, see
        // `super::vocabulary`).
        assert_eq!(
            errors_of(&mut c, "{a} {nosuch}"),
            [unknown("nosuch", Some(4)), unknown("zz", None)]
        );
        assert!(c.compile("{lb} ({lb}|x [{lb}])").is_ok());
    }
}
