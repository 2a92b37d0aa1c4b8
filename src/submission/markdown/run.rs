//! The inline content of one block as the reader needs it: its source range, its plain
//! text (bounded), whether it is one line, and the bold or italic text it starts with.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use crate::submission::markdown::words::cut;

/// At most this much plain text is kept per inline run: enough to classify a heading, a
/// label or a restated prompt, and bounded for a 5 MB single-line paragraph.
const MAX_RUN_TEXT: usize = 600;

/// The inline content directly inside a block (a paragraph, a heading, a tight list item,
/// a table cell), up to its first child block.
#[derive(Debug, Clone)]
pub(super) struct Run {
    /// From its first to its last inline event.
    pub range: Range<usize>,
    /// Plain text (text and code spans, breaks as spaces), cut to `MAX_RUN_TEXT` bytes.
    pub text: String,
    /// No soft or hard line break inside.
    pub single_line: bool,
    /// The emphasis (bold or italic) the run starts with, if it does.
    pub emphasis: Option<Emphasis>,
}

/// Emphasis at the start of a run: `**How many instances at peak?** 34`.
#[derive(Debug, Clone)]
pub(super) struct Emphasis {
    pub text: String,
    /// Just after the closing delimiter.
    pub end: usize,
    /// Nothing but spaces and colons follows it in the run.
    pub whole: bool,
}

/// Collects a block's inline events into a `Run`.
#[derive(Default)]
pub(super) struct RunBuilder {
    start: Option<usize>,
    end: usize,
    text: String,
    breaks: bool,
    /// A child block has started: later inline content is not part of the lead run.
    pub sealed: bool,
    depth: usize,
    emphasis: EmphasisState,
}

#[derive(Default)]
enum EmphasisState {
    #[default]
    NotYet,
    Open(String),
    Closed(Emphasis),
    Absent,
}

impl RunBuilder {
    pub(super) fn push(&mut self, event: &Event<'_>, range: Range<usize>) {
        if self.sealed {
            return;
        }
        self.start.get_or_insert(range.start);
        self.end = self.end.max(range.end);
        match event {
            Event::Start(tag) => {
                self.emphasis = match std::mem::take(&mut self.emphasis) {
                    EmphasisState::NotYet if matches!(tag, Tag::Strong | Tag::Emphasis) => {
                        EmphasisState::Open(String::new())
                    }
                    EmphasisState::NotYet => EmphasisState::Absent,
                    EmphasisState::Closed(e) => {
                        EmphasisState::Closed(Emphasis { whole: false, ..e })
                    }
                    other => other,
                };
                self.depth += 1;
            }
            Event::End(_) => {
                self.depth = self.depth.saturating_sub(1);
                if let (0, EmphasisState::Open(text)) = (self.depth, &mut self.emphasis) {
                    let text = std::mem::take(text);
                    self.emphasis = EmphasisState::Closed(Emphasis {
                        text,
                        end: range.end,
                        whole: true,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => self.text(t, false),
            Event::SoftBreak | Event::HardBreak => {
                self.breaks = true;
                self.text(" ", true);
            }
            _ => self.text("\u{FFFC}", false),
        }
    }

    fn text(&mut self, t: &str, is_break: bool) {
        if self.text.len() < MAX_RUN_TEXT {
            self.text.push_str(cut(t, MAX_RUN_TEXT - self.text.len()));
        }
        match &mut self.emphasis {
            EmphasisState::NotYet => self.emphasis = EmphasisState::Absent,
            EmphasisState::Open(inner) if inner.len() < MAX_RUN_TEXT => {
                inner.push_str(cut(t, MAX_RUN_TEXT - inner.len()));
            }
            EmphasisState::Closed(e)
                if !is_break && !t.chars().all(|c| c.is_whitespace() || c == ':') =>
            {
                e.whole = false;
            }
            _ => {}
        }
    }

    pub(super) fn finish(self) -> Option<Run> {
        let start = self.start?;
        let emphasis = match self.emphasis {
            EmphasisState::Closed(e) => Some(e),
            _ => None,
        };
        Some(Run {
            range: start..self.end,
            text: self.text,
            single_line: !self.breaks,
            emphasis,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::submission::markdown::blocks::{PieceKind, pieces};

    #[test]
    fn runs_know_their_leading_emphasis() {
        let p = pieces("**How many instances at peak?** 34 instances\n", 0);
        let PieceKind::Paragraph(run) = &p[0].kind else {
            panic!()
        };
        let e = run.emphasis.as_ref().unwrap();
        assert_eq!(
            (e.text.as_str(), e.end, e.whole),
            ("How many instances at peak?", 31, false)
        );
        let p = pieces("**Capacity plan**:\n", 0);
        let PieceKind::Paragraph(run) = &p[0].kind else {
            panic!()
        };
        assert!(run.emphasis.as_ref().unwrap().whole);
        // A link after the emphasis does not make the run forget it.
        let p = pieces(
            "**How many instances at peak?** see [calc](x) and `36`\n",
            0,
        );
        let PieceKind::Paragraph(run) = &p[0].kind else {
            panic!()
        };
        let e = run.emphasis.as_ref().unwrap();
        assert!(!e.whole);
        assert_eq!(run.text, "How many instances at peak? see calc and 36");
    }
}
