//! The block structure of a submission, read with pulldown-cmark: the top-level blocks,
//! the items of top-level lists (with the items of lists nested one level in them), and
//! table rows, each with the plain text of its first inline run. It decides nothing about
//! exercises or questions. [`OPTIONS`] is the one place that sets the parser options (the
//! struck-text pass, `struck.rs`, adds strikethrough and task lists to them).

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub(super) use crate::submission::markdown::run::Run;
use crate::submission::markdown::run::RunBuilder;

/// The reader's parser options: CommonMark plus tables.
pub(super) const OPTIONS: Options = Options::ENABLE_TABLES;

/// The parser every part of the reader uses (see [`OPTIONS`]).
pub(super) fn new_parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, OPTIONS)
}

/// One unit the placer walks, in document order.
#[derive(Debug)]
pub(super) struct Piece {
    pub range: Range<usize>,
    pub kind: PieceKind,
}

#[derive(Debug)]
pub(super) enum PieceKind {
    Heading(Heading),
    Paragraph(Run),
    Item(Item),
    /// A block quote: its paragraph when it holds exactly one, else (at the top level) its
    /// blocks, read as the top-level blocks are.
    Quote(Quote),
    Table(Vec<Row>),
    /// A fenced or indented code block, with its text (the fences left out).
    Code(Run),
    /// A thematic break or an HTML comment: never part of an answer.
    Skip,
    /// Anything else: HTML, deeper structure, empty code blocks.
    Content,
}

/// A block quote.
#[derive(Debug)]
pub(super) struct Quote {
    /// Its paragraph, when it holds exactly one.
    pub paragraph: Option<Run>,
    /// For a top-level quote that holds more than one block: its blocks as top-level pieces
    /// (a list's items with their children), so that answers written in a quote (`> 1. …`,
    /// `> 2. …`) are placed as they would be without the `>`. A quote in a list item or in a
    /// quote is read whole.
    pub blocks: Vec<Piece>,
}

/// An ATX or setext heading.
#[derive(Debug)]
pub(super) struct Heading {
    pub level: u8,
    /// Plain text.
    pub text: String,
    /// The source of its text (without `#` marks or underline).
    pub inline: Range<usize>,
    /// Underlined (`===` or `---`) rather than `#`-marked.
    pub setext: bool,
}

/// A list item of a top-level list, or of a list nested in one.
#[derive(Debug)]
pub(super) struct Item {
    /// For an ordered list: the item's number, see `ItemNumber`.
    pub number: Option<ItemNumber>,
    /// Its first paragraph, or its text when the list is tight.
    pub lead: Option<Run>,
    /// Where its content starts (after the marker).
    pub body: usize,
    /// For a top-level item: its blocks after the lead, nested list items flattened.
    pub children: Vec<Piece>,
    /// Its index in its list, and how many items the list has.
    pub position: usize,
    pub siblings: usize,
}

/// The number of an ordered list item: the number its marker says, except in a list whose
/// markers all say the same number ("1." "1." "1."), which Markdown renumbers in sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ItemNumber {
    pub number: u64,
    /// The only item of its list, written "1." (lists interrupted by paragraphs).
    pub lone_one: bool,
    /// The marker is "N)" rather than "N.".
    pub paren: bool,
}

/// One table row (header included).
#[derive(Debug)]
pub(super) struct Row {
    pub range: Range<usize>,
    /// The first cell (its source range, spaces around included) and its plain text.
    pub first: Range<usize>,
    pub first_text: String,
    /// Every cell's source range (spaces around included), the first one too.
    pub cells: Vec<Range<usize>>,
    /// Every cell's plain text.
    pub texts: Vec<String>,
}

/// The pieces of `src[base..]` (the part after any front matter), with ranges in `src`.
pub(super) fn pieces(src: &str, base: usize) -> Vec<Piece> {
    let tree = Tree::build(src, base);
    let mut out = Vec::new();
    for &root in &tree.roots {
        tree.push_pieces(root, true, &mut out);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Paragraph,
    Heading(u8),
    List(bool),
    Item,
    Quote,
    Table,
    Row,
    Cell,
    Rule,
    Html,
    Code,
    Other,
}

#[derive(Debug)]
struct Node {
    kind: NodeKind,
    range: Range<usize>,
    children: Vec<usize>,
    run: Option<Run>,
}

/// The block nodes of the document (inline events folded into runs), built without
/// recursion so that 10,000-deep nesting costs nothing special.
struct Tree<'a> {
    src: &'a str,
    nodes: Vec<Node>,
    roots: Vec<usize>,
}

impl<'a> Tree<'a> {
    fn build(src: &'a str, base: usize) -> Self {
        let mut tree = Tree {
            src,
            nodes: Vec::new(),
            roots: Vec::new(),
        };
        let mut open: Vec<(usize, RunBuilder)> = Vec::new();
        for (event, range) in new_parser(&src[base..]).into_offset_iter() {
            let range = range.start + base..range.end + base;
            match &event {
                Event::Start(tag) if !is_inline(tag) => {
                    let idx = tree.add(node_kind(tag), range, &mut open);
                    open.push((idx, RunBuilder::default()));
                }
                Event::End(tag) if !is_inline_end(*tag) => {
                    if let Some((idx, run)) = open.pop() {
                        tree.nodes[idx].run = run.finish();
                    }
                }
                Event::Rule => {
                    tree.add(NodeKind::Rule, range, &mut open);
                }
                _ => match open.last_mut() {
                    Some((_, run)) => run.push(&event, range),
                    None => {
                        tree.add(NodeKind::Other, range, &mut open);
                    }
                },
            }
        }
        tree.add_unread(base);
        tree
    }

    /// Text between the top-level blocks that the parser gives no event for, as content: a
    /// link reference definition (`[1]: 36`, `[note]: http://x "twelve instances"`) is
    /// the learner's words, which would otherwise be neither graded nor reported.
    fn add_unread(&mut self, base: usize) {
        let mut gaps = Vec::new();
        let mut from = base;
        for end in self
            .roots
            .iter()
            .map(|&r| &self.nodes[r].range)
            .map(|r| (r.start, r.end))
            .chain([(self.src.len(), self.src.len())])
        {
            if let Some(gap) = self.src.get(from..end.0)
                && !gap.trim().is_empty()
            {
                let lead = gap.len() - gap.trim_start().len();
                gaps.push(from + lead..from + gap.trim_end().len());
            }
            from = from.max(end.1);
        }
        if gaps.is_empty() {
            return;
        }
        for range in gaps {
            self.nodes.push(Node {
                kind: NodeKind::Other,
                range,
                children: Vec::new(),
                run: None,
            });
            self.roots.push(self.nodes.len() - 1);
        }
        let nodes = &self.nodes;
        self.roots.sort_by_key(|&r| nodes[r].range.start);
    }

    fn add(
        &mut self,
        kind: NodeKind,
        range: Range<usize>,
        open: &mut [(usize, RunBuilder)],
    ) -> usize {
        let idx = self.nodes.len();
        self.nodes.push(Node {
            kind,
            range,
            children: Vec::new(),
            run: None,
        });
        match open.last_mut() {
            Some((parent, run)) => {
                self.nodes[*parent].children.push(idx);
                run.sealed = true;
            }
            None => self.roots.push(idx),
        }
        idx
    }

    fn push_pieces(&self, idx: usize, top: bool, out: &mut Vec<Piece>) {
        let node = &self.nodes[idx];
        let range = node.range.clone();
        let kind = match node.kind {
            NodeKind::List(ordered) => {
                self.push_items(idx, ordered, top, out);
                return;
            }
            NodeKind::Heading(level) => {
                let run = node.run.as_ref();
                PieceKind::Heading(Heading {
                    level,
                    text: run.map(|r| r.text.clone()).unwrap_or_default(),
                    inline: run.map_or(range.end..range.end, |r| r.range.clone()),
                    setext: !self.src[range.clone()].trim_start().starts_with('#'),
                })
            }
            NodeKind::Paragraph => node
                .run
                .clone()
                .map_or(PieceKind::Content, PieceKind::Paragraph),
            NodeKind::Quote => {
                let paragraph = self.only_paragraph(idx);
                let mut blocks = Vec::new();
                if top && paragraph.is_none() {
                    for &child in &node.children {
                        match self.nodes[child].kind {
                            NodeKind::List(ordered) => {
                                self.push_items(child, ordered, true, &mut blocks)
                            }
                            // A quote or a list below: read whole (`top` false), so that
                            // the depth read stays two, however deep the nesting.
                            _ => self.push_pieces(child, false, &mut blocks),
                        }
                    }
                }
                PieceKind::Quote(Quote { paragraph, blocks })
            }
            NodeKind::Table => PieceKind::Table(self.rows(idx)),
            NodeKind::Code => node.run.clone().map_or(PieceKind::Content, PieceKind::Code),
            NodeKind::Rule => PieceKind::Skip,
            NodeKind::Html if is_comment(&self.src[range.clone()]) => PieceKind::Skip,
            _ => PieceKind::Content,
        };
        out.push(Piece { range, kind });
    }

    /// The items of a list. `top`: a top-level list, whose items keep their children.
    fn push_items(&self, list: usize, ordered: bool, top: bool, out: &mut Vec<Piece>) {
        let items: Vec<usize> = self.nodes[list]
            .children
            .iter()
            .copied()
            .filter(|&c| self.nodes[c].kind == NodeKind::Item)
            .collect();
        let written: Vec<Option<u64>> = items.iter().map(|&i| self.marker_number(i)).collect();
        let all_same = written.len() > 1 && written.windows(2).all(|w| w[0] == w[1]);
        for (k, &item) in items.iter().enumerate() {
            let node = &self.nodes[item];
            let number = ordered.then(|| {
                let first = written[0].unwrap_or(1);
                let number = if all_same {
                    first + k as u64
                } else {
                    written[k].unwrap_or(first + k as u64)
                };
                let paren = self.src[node.range.clone()]
                    .trim_start()
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .starts_with(')');
                ItemNumber {
                    number,
                    lone_one: items.len() == 1 && written[k] == Some(1),
                    paren,
                }
            });
            let first_child = node.children.first().map(|&c| &self.nodes[c]);
            let lead_para =
                node.run.is_none() && first_child.is_some_and(|c| c.kind == NodeKind::Paragraph);
            let lead = if lead_para {
                first_child.and_then(|c| c.run.clone())
            } else {
                node.run.clone()
            };
            let body = lead
                .as_ref()
                .map(|r| r.range.start)
                .or_else(|| first_child.map(|c| c.range.start))
                .unwrap_or(node.range.end);
            let mut children = Vec::new();
            if top {
                for &child in node.children.iter().skip(usize::from(lead_para)) {
                    match self.nodes[child].kind {
                        NodeKind::List(ordered) => {
                            self.push_items(child, ordered, false, &mut children)
                        }
                        _ => self.push_pieces(child, false, &mut children),
                    }
                }
            }
            let kind = PieceKind::Item(Item {
                number,
                lead,
                body,
                children,
                position: k,
                siblings: items.len(),
            });
            out.push(Piece {
                range: node.range.clone(),
                kind,
            });
        }
    }

    /// The number an ordered item's marker says ("3." or "3)"), read from the source.
    fn marker_number(&self, item: usize) -> Option<u64> {
        let text = self.src[self.nodes[item].range.clone()].trim_start();
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        text[..digits].parse().ok()
    }

    fn only_paragraph(&self, quote: usize) -> Option<Run> {
        match self.nodes[quote].children.as_slice() {
            [only] if self.nodes[*only].kind == NodeKind::Paragraph => {
                self.nodes[*only].run.clone()
            }
            _ => None,
        }
    }

    fn rows(&self, table: usize) -> Vec<Row> {
        let mut rows = Vec::new();
        for &row in &self.nodes[table].children {
            let cells: Vec<&Node> = self.nodes[row]
                .children
                .iter()
                .map(|&c| &self.nodes[c])
                .collect();
            let Some(first) = cells.first() else { continue };
            rows.push(Row {
                range: self.nodes[row].range.clone(),
                first: first.range.clone(),
                first_text: first
                    .run
                    .as_ref()
                    .map(|r| r.text.clone())
                    .unwrap_or_default(),
                cells: cells.iter().map(|c| c.range.clone()).collect(),
                texts: cells
                    .iter()
                    .map(|c| c.run.as_ref().map(|r| r.text.clone()).unwrap_or_default())
                    .collect(),
            });
        }
        rows
    }
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn node_kind(tag: &Tag<'_>) -> NodeKind {
    match tag {
        Tag::Paragraph => NodeKind::Paragraph,
        Tag::Heading { level, .. } => NodeKind::Heading(*level as u8),
        Tag::List(start) => NodeKind::List(start.is_some()),
        Tag::Item => NodeKind::Item,
        Tag::BlockQuote(_) => NodeKind::Quote,
        Tag::Table(_) => NodeKind::Table,
        Tag::TableHead | Tag::TableRow => NodeKind::Row,
        Tag::TableCell => NodeKind::Cell,
        Tag::HtmlBlock => NodeKind::Html,
        Tag::CodeBlock(_) => NodeKind::Code,
        _ => NodeKind::Other,
    }
}

fn is_comment(html: &str) -> bool {
    let html = html.trim();
    html.starts_with("<!--") && html.ends_with("-->")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<String> {
        pieces(src, 0)
            .iter()
            .map(|p| match &p.kind {
                PieceKind::Heading(h) => format!(
                    "h{} {}{}",
                    h.level,
                    h.text,
                    if h.setext { " (setext)" } else { "" }
                ),
                PieceKind::Paragraph(r) => format!(
                    "p {}{}",
                    r.text,
                    if r.emphasis.as_ref().is_some_and(|e| e.whole) {
                        " (bold)"
                    } else {
                        ""
                    }
                ),
                PieceKind::Item(i) => format!(
                    "item {:?} {} +{}",
                    i.number.map(|n| n.number),
                    i.lead.as_ref().map_or("", |r| r.text.as_str()),
                    i.children.len()
                ),
                PieceKind::Quote(q) => format!(
                    "quote {} +{}",
                    q.paragraph.as_ref().map_or("-", |r| r.text.as_str()),
                    q.blocks.len()
                ),
                PieceKind::Table(rows) => format!("table {}", rows.len()),
                PieceKind::Code(r) => format!("code {:?}", &src[r.range.clone()]),
                PieceKind::Skip => "skip".to_string(),
                PieceKind::Content => "content".to_string(),
            })
            .collect()
    }

    #[test]
    fn top_level_blocks_become_pieces() {
        let src = "# Title\n\nSetext\n---\n\n**Capacity Plan**\n\n> How many?\n\n---\n\n<!-- note -->\n\n```\n5000/200\n```\n\n| Q | A |\n|---|---|\n| 1 | x |\n";
        assert_eq!(
            kinds(src),
            [
                "h1 Title",
                "h2 Setext (setext)",
                "p Capacity Plan (bold)",
                "quote How many? +0",
                "skip",
                "skip",
                "code \"5000/200\\n\"",
                "table 2"
            ]
        );
    }

    /// A link reference definition gives the parser no event: its text is content, at its
    /// place among the blocks, never lost.
    #[test]
    fn link_reference_definitions_are_content() {
        let src = "# Capacity\n\n1. 36 instances\n\n[note]: http://x.com \"twelve\"\n\n[1]: 36\n[1]: 12\n\ntext\n";
        assert_eq!(
            kinds(src),
            [
                "h1 Capacity",
                "item Some(1) 36 instances +0",
                "content",
                "p text"
            ]
        );
        let tree = Tree::build(src, 0);
        let unread: Vec<&str> = tree
            .roots
            .iter()
            .map(|&r| &tree.nodes[r])
            .filter(|n| n.kind == NodeKind::Other)
            .map(|n| &src[n.range.clone()])
            .collect();
        assert_eq!(
            unread,
            ["[note]: http://x.com \"twelve\"\n\n[1]: 36\n[1]: 12"]
        );
    }

    #[test]
    fn list_items_read_their_written_numbers() {
        // Out of order: the markers are the numbers.
        assert_eq!(
            kinds("3. c\n1. a\n2. b\n"),
            [
                "item Some(3) c +0",
                "item Some(1) a +0",
                "item Some(2) b +0"
            ]
        );
        // All "1.": Markdown renumbers, and so do we.
        assert_eq!(
            kinds("1. a\n1. b\n1. c\n"),
            [
                "item Some(1) a +0",
                "item Some(2) b +0",
                "item Some(3) c +0"
            ]
        );
        assert_eq!(
            kinds("- Q1: a\n- Q2: b\n"),
            ["item None Q1: a +0", "item None Q2: b +0"]
        );
    }

    #[test]
    fn nested_items_and_loose_paragraphs_are_children() {
        let src = "1. Retrieval Prompts\n   1. vertical\n   2. stateless\n\n   more\n2. Compare\n";
        assert_eq!(
            kinds(src),
            [
                "item Some(1) Retrieval Prompts +3",
                "item Some(2) Compare +0"
            ]
        );
        let pieces = pieces(src, 0);
        let PieceKind::Item(item) = &pieces[0].kind else {
            panic!()
        };
        assert!(
            matches!(&item.children[1].kind, PieceKind::Item(i) if i.number.unwrap().number == 2)
        );
        assert!(matches!(&item.children[2].kind, PieceKind::Paragraph(r) if r.text == "more"));
    }

    #[test]
    fn offsets_are_shifted_by_base() {
        let src = "---\nlearner: a\n---\n# T\n";
        let p = pieces(src, 18);
        assert_eq!(&src[p[0].range.clone()], "# T\n");
    }
}
