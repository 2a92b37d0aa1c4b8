//! The pattern language's syntax: from a pattern string to a tree of words and gaps.
//! The grammar is documented for rubric authors in `docs/rubric-format.md` ("Patterns").
//!
//! ```text
//! pattern := "re:" REGEX | seq
//! seq     := alt_item (gap alt_item)*          gap: spaces | "_" | ".."
//! alt_item:= atom ("|" atom)*                  (outside parentheses: word alternatives)
//! atom    := WORD | "=" WORD | WORD "*" | "{" NAME "}" | "#" | "(" seq ("|" seq)* ")" | "[" seq "]"
//! ```

use std::fmt;

/// How far the next item may stand from the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// At most `proximity` words between (a space in the pattern).
    Near,
    /// Immediately after (`_`, or a hyphen inside a pattern word).
    Adjacent,
    /// Anywhere later in the sentence (`..`).
    Anywhere,
}

/// One item of a sequence.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A word, compared by stem with typo tolerance.
    Word(String),
    /// A word compared exactly (`=word`).
    Exact(String),
    /// Any word starting with this (`stat*`).
    Prefix(String),
    /// Any number (`#`).
    Number,
    /// A vocabulary reference (`{name}`), and the character offset of its `{` in the
    /// pattern: an unknown name is reported at its place.
    Vocab(String, usize),
    /// Alternatives.
    Alt(Vec<Seq>),
    /// An optional sequence (`[…]`).
    Opt(Seq),
}

/// A sequence of items; the gap of the first item is ignored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Seq(pub Vec<(Gap, Node)>);

impl Seq {
    /// Calls `f(name, at)` for each `{name}` it writes, in its groups and optional parts too,
    /// in the order written (one visit per node), with the character offset of its `{`.
    pub fn each_vocabulary_name(&self, f: &mut impl FnMut(&str, usize)) {
        for (_, node) in &self.0 {
            match node {
                Node::Vocab(name, at) => f(name, *at),
                Node::Alt(seqs) => seqs.iter().for_each(|s| s.each_vocabulary_name(f)),
                Node::Opt(inner) => inner.each_vocabulary_name(f),
                _ => {}
            }
        }
    }
}

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    Seq(Seq),
    Regex(String),
}

/// A syntax error in a pattern, at a character offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    /// Character offset in the pattern.
    pub offset: usize,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (at character {} of the pattern)",
            self.message,
            self.offset + 1
        )
    }
}

/// The regular expression of a `re:` pattern.
pub fn regex_source(src: &str) -> Option<&str> {
    src.strip_prefix("re:")
}

/// Parses a pattern string.
pub fn parse(src: &str) -> Result<Ast, SyntaxError> {
    if let Some(re) = regex_source(src) {
        return Ok(Ast::Regex(re.to_string()));
    }
    let chars: Vec<char> = src.chars().collect();
    let mut p = Parser {
        chars: &chars,
        pos: 0,
        depth: 0,
    };
    let seq = p.seq(false)?;
    p.skip_ws();
    if p.pos < chars.len() {
        return Err(p.error(format!("unexpected `{}`", chars[p.pos])));
    }
    if seq.0.is_empty() {
        return Err(SyntaxError {
            message: "empty pattern".into(),
            offset: 0,
        });
    }
    Ok(Ast::Seq(seq))
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 32;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'
}

impl Parser<'_> {
    fn error(&self, message: String) -> SyntaxError {
        SyntaxError {
            message,
            offset: self.pos,
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// A sequence, up to `)`, `]`, a `|` at this level (inside groups) or the end.
    fn seq(&mut self, in_group: bool) -> Result<Seq, SyntaxError> {
        let mut items: Vec<(Gap, Node)> = Vec::new();
        let mut gap = Gap::Near;
        // Where the `_` or `..` that sets `gap` stands, until an item follows it.
        let mut marker: Option<(usize, &str)> = None;
        // Where the first item starts.
        let mut first_at = None;
        loop {
            let spaced = self.skip_ws();
            let (width, mark, next) = match self.peek() {
                None | Some(')') | Some(']') => break,
                Some('|') if in_group => break,
                Some('_') => (1, "_", Gap::Adjacent),
                Some('.') if self.chars.get(self.pos + 1) == Some(&'.') => (2, "..", Gap::Anywhere),
                _ => {
                    let _ = spaced;
                    first_at.get_or_insert(self.pos);
                    let nodes = self.alt_item(in_group)?;
                    for (i, node) in nodes.into_iter().enumerate() {
                        items.push((if i == 0 { gap } else { Gap::Adjacent }, node));
                    }
                    gap = Gap::Near;
                    marker = None;
                    continue;
                }
            };
            // After nothing, or after another `_` or `..`: not between two items.
            if items.is_empty() || marker.is_some() {
                return Err(self.error(format!("`{mark}` must stand between two items")));
            }
            marker = Some((self.pos, mark));
            self.pos += width;
            gap = next;
        }
        // At the end (of the pattern, a group or an alternative): nothing after it.
        if let Some((offset, mark)) = marker {
            return Err(SyntaxError {
                message: format!("`{mark}` must stand between two items"),
                offset,
            });
        }
        if let Some(offset) = first_at.filter(|_| all_optional(&items)) {
            return Err(all_optional_error(offset));
        }
        Ok(Seq(items))
    }

    /// An atom, or atoms joined by `|` outside a group. A hyphenated word gives several
    /// adjacent nodes.
    fn alt_item(&mut self, in_group: bool) -> Result<Vec<Node>, SyntaxError> {
        let start = self.pos;
        let first = self.atom()?;
        if in_group || self.peek() != Some('|') {
            return Ok(first);
        }
        let mut alts = vec![Seq(first.into_iter().map(|n| (Gap::Adjacent, n)).collect())];
        while self.peek() == Some('|') {
            self.pos += 1;
            let at = self.pos;
            let next = self.atom()?;
            alts.push(Seq(next.into_iter().map(|n| (Gap::Adjacent, n)).collect()));
            if alts.last().is_some_and(|a| all_optional(&a.0)) {
                return Err(all_optional_error(at));
            }
        }
        if all_optional(&alts[0].0) {
            return Err(all_optional_error(start));
        }
        Ok(vec![Node::Alt(alts)])
    }

    /// A word written against a closing `)`, `]` or `}` would be a word of its own (`s` in
    /// `(server|machine)s`), which is never what the author meant: an error, with the fix.
    fn no_word_after(&self, wrong: &str, right: &str) -> Result<(), SyntaxError> {
        match self.peek() {
            Some(c) if c.is_alphanumeric() => Err(self.error(format!(
                "a word right after a group would be a word of its own: put a space before \
                 it, or drop it if it is an ending (words match by stem: `{right}` already \
                 matches what `{wrong}` was meant to)"
            ))),
            _ => Ok(()),
        }
    }

    fn atom(&mut self) -> Result<Vec<Node>, SyntaxError> {
        let start = self.pos;
        match self.peek() {
            Some('(') => {
                self.enter()?;
                self.pos += 1;
                let mut alts = vec![self.seq(true)?];
                while self.peek() == Some('|') {
                    self.pos += 1;
                    alts.push(self.seq(true)?);
                }
                if self.peek() != Some(')') {
                    return Err(SyntaxError {
                        message: "unclosed `(`".into(),
                        offset: start,
                    });
                }
                self.pos += 1;
                self.depth -= 1;
                self.no_word_after("(server|machine)s", "(server|machine)")?;
                if alts.iter().any(|s| s.0.is_empty()) {
                    return Err(SyntaxError {
                        message: "empty alternative in `( … )`".into(),
                        offset: start,
                    });
                }
                Ok(vec![Node::Alt(alts)])
            }
            Some('[') => {
                self.enter()?;
                self.pos += 1;
                let inner = self.seq(false)?;
                if self.peek() != Some(']') {
                    return Err(SyntaxError {
                        message: "unclosed `[`".into(),
                        offset: start,
                    });
                }
                self.pos += 1;
                self.depth -= 1;
                self.no_word_after("[load]s", "[load]")?;
                if inner.0.is_empty() {
                    return Err(SyntaxError {
                        message: "empty `[ ]`".into(),
                        offset: start,
                    });
                }
                Ok(vec![Node::Opt(inner)])
            }
            Some('{') => {
                self.pos += 1;
                let name: String = self.take_while(|c| c.is_alphanumeric() || c == '-' || c == '_');
                if self.peek() != Some('}') || name.is_empty() {
                    return Err(SyntaxError {
                        message: "expected `{name}`".into(),
                        offset: start,
                    });
                }
                self.pos += 1;
                self.no_word_after("{horizontal}s", "{horizontal}")?;
                Ok(vec![Node::Vocab(name, start)])
            }
            Some('#') => {
                self.pos += 1;
                Ok(vec![Node::Number])
            }
            Some('=') => {
                self.pos += 1;
                let word = self.take_while(is_word_char);
                if word.is_empty() {
                    return Err(SyntaxError {
                        message: "expected a word after `=`".into(),
                        offset: start,
                    });
                }
                Ok(split_hyphens(&word).into_iter().map(Node::Exact).collect())
            }
            Some(c) if is_word_char(c) => {
                let word = self.take_while(is_word_char);
                let mut parts = split_hyphens(&word);
                if parts.is_empty() {
                    return Err(SyntaxError {
                        message: "expected a word".into(),
                        offset: start,
                    });
                }
                let last = parts.pop().unwrap_or_default();
                let mut nodes: Vec<Node> = parts.into_iter().map(Node::Word).collect();
                if self.peek() == Some('*') {
                    self.pos += 1;
                    nodes.push(Node::Prefix(last));
                } else {
                    nodes.push(Node::Word(last));
                }
                Ok(nodes)
            }
            Some(c) => Err(self.error(format!("unexpected `{c}`"))),
            None => Err(self.error("unexpected end of pattern".into())),
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("groups nested deeper than {MAX_DEPTH}")));
        }
        Ok(())
    }

    fn take_while(&mut self, f: impl Fn(char) -> bool) -> String {
        let start = self.pos;
        while self.peek().is_some_and(&f) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect()
    }
}

/// Whether every one of `items` (at least one) is optional (`[…]`): a pattern, an alternative
/// or an optional part written so says that nothing is needed, while matching needs one of its
/// items (an empty match would credit every answer), so `[cache] [hit]` is read as
/// `(cache|hit|cache hit)`, which the author did not write.
fn all_optional(items: &[(Gap, Node)]) -> bool {
    !items.is_empty() && items.iter().all(|(_, n)| matches!(n, Node::Opt(_)))
}

/// The error of a sequence whose every item is optional, at its first item.
fn all_optional_error(offset: usize) -> SyntaxError {
    SyntaxError {
        message: "every item here is optional (`[…]`), which says nothing needs to be there: \
                  write at least one item without brackets (`(a|b)` for either word, `a [b]` \
                  for `a` with an optional `b`)"
            .into(),
        offset,
    }
}

/// `write-through` is two adjacent words.
fn split_hyphens(word: &str) -> Vec<String> {
    word.split('-')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Node {
        Node::Word(s.into())
    }

    #[test]
    fn parses_gaps() {
        let Ast::Seq(s) = parse("a b_c .. d").unwrap() else {
            panic!()
        };
        let gaps: Vec<Gap> = s.0.iter().map(|(g, _)| *g).collect();
        assert_eq!(gaps, [Gap::Near, Gap::Near, Gap::Adjacent, Gap::Anywhere]);
    }

    #[test]
    fn hyphenated_words_are_adjacent_words() {
        let Ast::Seq(s) = parse("write-through").unwrap() else {
            panic!()
        };
        assert_eq!(
            s.0,
            vec![(Gap::Near, w("write")), (Gap::Adjacent, w("through"))]
        );
    }

    #[test]
    fn bar_outside_groups_joins_words() {
        let Ast::Seq(s) = parse("a|b c").unwrap() else {
            panic!()
        };
        assert_eq!(s.0.len(), 2);
        assert!(matches!(&s.0[0].1, Node::Alt(a) if a.len() == 2));
    }

    #[test]
    fn groups_hold_sequences() {
        let Ast::Seq(s) = parse("(a b|c) {v} [d] stat* =e #").unwrap() else {
            panic!()
        };
        assert!(matches!(&s.0[0].1, Node::Alt(a) if a[0].0.len() == 2 && a[1].0.len() == 1));
        assert_eq!(s.0[1].1, Node::Vocab("v".into(), 8));
        assert!(matches!(&s.0[2].1, Node::Opt(_)));
        assert_eq!(s.0[3].1, Node::Prefix("stat".into()));
        assert_eq!(s.0[4].1, Node::Exact("e".into()));
        assert_eq!(s.0[5].1, Node::Number);
    }

    #[test]
    fn regex_escape_hatch() {
        assert_eq!(
            parse("re:\\bp9[59]\\b").unwrap(),
            Ast::Regex("\\bp9[59]\\b".into())
        );
    }

    #[test]
    fn errors_name_the_place() {
        for (src, offset) in [
            ("(a b", 0),
            ("a )", 2),
            ("{x", 0),
            ("_a", 0),
            ("a (|b)", 2),
            ("", 0),
            ("a ! b", 2),
            ("more (machine|server)s", 21),
            ("[load]ed", 6),
            ("{horizontal}ly", 12),
            // A gap with no item after it (it once passed, and acted as nothing).
            ("fast ..", 5),
            ("fast .. ..", 8),
            ("fast_", 4),
            ("(a ..|b)", 3),
            ("a _ .. b", 4),
        ] {
            let err = parse(src).unwrap_err();
            assert_eq!(err.offset, offset, "{src}: {err}");
        }
        assert!(parse(&"(".repeat(100)).is_err());
        // A space, a hyphen or a `*` after a group is fine.
        for ok in ["(a|b) s", "(a|b)-c", "(a|b)_c", "[a] b", "{x} y"] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
        let err = parse("more (machine|server)s").unwrap_err();
        assert!(
            err.message.contains("`(server|machine)` already matches"),
            "{err}"
        );
    }

    /// A pattern, an alternative or an optional part whose every item is optional is refused
    /// at its first item: it would be read as needing one of them, which it does not say.
    #[test]
    fn a_sequence_of_only_optional_items_is_refused_at_its_first_item() {
        for (src, offset) in [
            ("[cache]", 0),
            ("[cache] [hit]", 0),
            ("  [cache] .. [hit]", 2),
            ("a ([b]|c)", 3),
            ("a (c|[b] [d])", 5),
            ("[b]|c", 0),
            ("c|[b] d", 2),
            ("a [[b]]", 3),
        ] {
            let err = parse(src).unwrap_err();
            assert!(
                err.message.starts_with("every item here is optional"),
                "{src}: {err}"
            );
            assert_eq!(err.offset, offset, "{src}: {err}");
        }
        for ok in [
            "a [b]",
            "[a] b",
            "[a] (b|c)",
            "(a [b]|c)",
            "[a b] c",
            "a|b [c]",
            "a [b [c]]",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
    }
}
