//! Struck-through text is crossed out: a learner who writes `~~sticky sessions are fine~~`
//! (GitHub's strikethrough) has withdrawn those words, as crossed-out work on a paper exam,
//! so they are not graded. So are the options a learner left unticked in a list where they
//! ticked another (`- [ ] Same thing` above `- [x] Different`): what they did not choose is
//! not their answer. [`blank_struck`] blanks those words before anything else reads the
//! submission: no concept is credited and no misconception held from them, and the rest of
//! the file keeps its byte offsets (lines and columns stay right).
//!
//! Only double tildes strike: learners write a single `~` for "about" ("~36 instances",
//! "~140 rps"), which GitHub's rule would let strike in rare cases. The spans are found by
//! pulldown-cmark (with the reader's options plus strikethrough and task lists), so tildes in
//! code spans and code blocks, or unmatched ones, strike nothing. Strikethrough never crosses
//! a paragraph, a heading or a table cell. A task list with no box ticked, or every box
//! ticked, is read as written (checkboxes used as bullets).

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// `src` with the words of every double-tilde strikethrough after byte `from` (the end of
/// the front matter) blanked: each character between the tildes becomes a blank of the same
/// width in bytes (line breaks, `\n` and `\r`, stay), and a line left blank gets a `~` at
/// its start (a blank line would end the paragraph and change what the lines after it are).
/// The tildes stay, so evidence quoted from the line shows that something was crossed out.
/// Borrowed when nothing is struck (without a `~~` or a `[ ]`, nothing is parsed). The
/// words of an unticked option go the same way, from after its box to the item's end.
pub fn blank_struck(src: &str, from: usize) -> Cow<'_, str> {
    let Some(body) = src.get(from..) else {
        return Cow::Borrowed(src);
    };
    if !body.contains("~~") && !body.contains("[ ]") {
        return Cow::Borrowed(src);
    }
    let spans = unread_spans(body);
    if spans.is_empty() {
        return Cow::Borrowed(src);
    }
    let mut bytes = src.as_bytes().to_vec();
    // A strike inside another is blanked with it.
    let mut blanked_to = 0;
    for span in spans {
        if span.start >= blanked_to {
            blank(&mut bytes, from + span.start..from + span.end);
            blanked_to = span.end;
        }
    }
    // Whole characters were replaced by ASCII (a span's ends are character boundaries),
    // so the text is still UTF-8.
    match String::from_utf8(bytes) {
        Ok(text) => Cow::Owned(text),
        Err(_) => Cow::Borrowed(src),
    }
}

/// The words of each double-tilde strikethrough of `body`, without the tildes, and of each
/// unticked option of a list with a ticked one, after its box; in the order they start.
fn unread_spans(body: &str) -> Vec<Range<usize>> {
    // The reader's options, so that blocks end where the reader's do, plus the two read here.
    let options =
        super::blocks::OPTIONS | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut spans = Vec::new();
    // Per open list, its task items: (words after the box, ticked).
    let mut lists: Vec<Vec<(Range<usize>, bool)>> = Vec::new();
    // The ends of the open items.
    let mut items: Vec<usize> = Vec::new();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Strikethrough) => {
                let Some(written) = body.get(range.clone()) else {
                    continue;
                };
                let double = written.starts_with("~~")
                    && !written.starts_with("~~~")
                    && written.ends_with("~~")
                    && written.len() > 4;
                if double {
                    spans.push(range.start + 2..range.end - 2);
                }
            }
            Event::Start(Tag::List(_)) => lists.push(Vec::new()),
            Event::End(TagEnd::List(_)) => {
                let options = lists.pop().unwrap_or_default();
                let chose = options.iter().any(|o| o.1) && options.iter().any(|o| !o.1);
                if chose {
                    spans.extend(options.into_iter().filter(|o| !o.1).map(|o| o.0));
                }
            }
            Event::Start(Tag::Item) => items.push(range.end),
            Event::End(TagEnd::Item) => {
                items.pop();
            }
            Event::TaskListMarker(ticked) => {
                if let (Some(options), Some(&end)) = (lists.last_mut(), items.last()) {
                    // The item's words, without the line breaks that end it.
                    let words = body.get(range.end..end).unwrap_or("");
                    let end = range.end + words.trim_end().len();
                    options.push((range.end..end, ticked));
                }
            }
            _ => {}
        }
    }
    spans.sort_by_key(|s| s.start);
    spans
}

/// Blanks `range` of `bytes` (see [`blank_struck`]), in one pass over it: only a line that
/// lies wholly inside the span can be left blank (the first line of a span keeps its tildes
/// or its box), so only those are looked at again: the lines between, and the last when the
/// span ends where its line does (an unticked option's last line).
fn blank(bytes: &mut [u8], range: Range<usize>) {
    // Where the current line of the span starts, once the span has crossed a line break.
    let mut whole_line: Option<usize> = None;
    let mut i = range.start;
    while i < range.end {
        match bytes[i] {
            b'\n' => {
                if let Some(start) = whole_line {
                    keep_line(bytes, start..i);
                }
                whole_line = Some(i + 1);
                i += 1;
            }
            b'\r' => i += 1,
            lead => {
                let width = match lead {
                    0..0x80 => 1,
                    0xc0..0xe0 => 2,
                    0xe0..0xf0 => 3,
                    _ => 4,
                };
                let end = (i + width).min(range.end);
                bytes[i..end].copy_from_slice(&blank_of(width)[..end - i]);
                i = end;
            }
        }
    }
    if let Some(start) = whole_line {
        let rest = &bytes[range.end..];
        let line_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        if rest[..line_end].iter().all(u8::is_ascii_whitespace) {
            keep_line(bytes, start..range.end);
        }
    }
}

/// A blank character as wide as a character of `width` bytes, so that the columns after it
/// (counted in characters) stay those of the text as written: a space, a no-break space, an
/// en space, or (no white space is four bytes wide) an invisible tag space.
fn blank_of(width: usize) -> &'static [u8] {
    match width {
        1 => b" ",
        2 => "\u{a0}".as_bytes(),
        3 => "\u{2002}".as_bytes(),
        _ => "\u{e0020}".as_bytes(),
    }
}

/// Leaves a `~` at the start of `line`, a line inside a span, blanked: a blank line would end
/// the paragraph. (Only a line of ASCII is left blank: its first byte is then a space.)
fn keep_line(bytes: &mut [u8], line: Range<usize>) {
    if bytes[line.clone()].iter().all(u8::is_ascii_whitespace)
        && bytes.get(line.start) == Some(&b' ')
    {
        bytes[line.start] = b'~';
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanked(src: &str) -> String {
        blank_struck(src, 0).into_owned()
    }

    #[test]
    fn struck_words_are_blanked_and_the_tildes_stay() {
        let src = "1. ~~Vertical means more machines.~~ Vertical means a bigger machine.";
        let out = blanked(src);
        assert_eq!(out.len(), src.len());
        assert!(out.starts_with("1. ~~ "), "{out}");
        assert!(!out.contains("more"), "{out}");
        assert!(
            out.ends_with("~~ Vertical means a bigger machine."),
            "{out}"
        );
    }

    #[test]
    fn nothing_struck_borrows() {
        for src in [
            "About ~36 instances, ~140 rps each.",
            "A single ~tilde~ is not a strike here.",
            "`~~code~~` and\n\n```\n~~fenced~~\n```\n",
            "~~~\nfenced with tildes\n~~~\n",
            "An unmatched ~~ pair",
            "",
        ] {
            assert!(matches!(blank_struck(src, 0), Cow::Borrowed(_)), "{src}");
        }
    }

    #[test]
    fn a_strike_over_lines_keeps_every_line_non_blank() {
        let src = "Q3: ~~sticky sessions\nare fine\nwith a smart LB~~ use a shared store\nnext";
        let out = blanked(src);
        assert_eq!(out.len(), src.len());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines.iter().all(|l| !l.trim().is_empty()), "{out:?}");
        assert_eq!(lines[1].trim(), "~");
        assert!(!out.contains("sticky") && !out.contains("fine"), "{out}");
        assert!(out.contains("use a shared store"));
    }

    #[test]
    fn offsets_of_text_after_a_strike_stay_put_with_wide_characters() {
        let src = "2. ~~naïve – wrong~~ right → yes\n3. after";
        let out = blanked(src);
        assert_eq!(out.len(), src.len());
        assert_eq!(out.find("right"), src.find("right"));
        assert_eq!(out.find("3. after"), src.find("3. after"));
    }

    #[test]
    fn a_blank_is_as_wide_as_the_character_it_replaces() {
        let src = "1. ~~é ≈ 🙂 x~~ after\r\n~~two\r\nlines~~ end";
        let out = blanked(src);
        assert_eq!(out.len(), src.len());
        assert_eq!(out.chars().count(), src.chars().count());
        assert!(out.contains("\r\n"));
        assert!(
            out.chars()
                .filter(|c| !c.is_ascii())
                .all(|c| matches!(c, '\u{a0}' | '\u{2002}' | '\u{e0020}')),
            "{out:?}"
        );
        assert!(out.ends_with("\r\n~~   \r\n     ~~ end"), "{out:?}");
    }

    #[test]
    fn a_strike_inside_another_goes_with_it() {
        let src = "~~out ~~in~~ and\nmore\nlines~~ kept";
        let out = blanked(src);
        assert_eq!(out.len(), src.len());
        assert!(out.lines().all(|l| !l.trim().is_empty()), "{out:?}");
        assert!(out.ends_with("~~ kept") && !out.contains("more"), "{out:?}");
    }

    #[test]
    fn many_strikes_on_one_long_line() {
        let src = "~~wrong~~ right ".repeat(20_000);
        let out = blanked(&src);
        assert_eq!(out.len(), src.len());
        assert_eq!(out.matches("right").count(), 20_000);
        assert!(!out.contains("wrong"));
    }

    #[test]
    fn unticked_options_beside_a_ticked_one_are_not_read() {
        let src = "Question 6:\n- [ ] Same thing\n- [x] Different:\n  a stampede is one kind.\n- [ ] Unrelated\n  problems\n\nAfter.\n";
        let out = blanked(src);
        assert_eq!(out.len(), src.len());
        assert!(!out.contains("Same") && !out.contains("Unrelated") && !out.contains("problems"));
        assert!(
            out.contains("- [x] Different:\n  a stampede is one kind."),
            "{out:?}"
        );
        assert!(
            out.lines().all(|l| !l.trim().is_empty() || l.is_empty()),
            "{out:?}"
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[1].trim_end(), "- [ ]", "{out:?}");
        assert_eq!(lines[4].trim_end(), "- [ ]", "{out:?}");
        // The option's second line is kept from going blank.
        assert_eq!(lines[5].trim_end(), "~", "{out:?}");
        assert_eq!(&lines[6..], ["", "After."]);
    }

    #[test]
    fn task_lists_all_ticked_or_none_are_read_as_written() {
        for src in [
            "- [ ] sessions in Redis\n- [ ] JWT for the API\n",
            "- [x] sessions in Redis\n- [x] JWT for the API\n",
            "Plain [ ] brackets, no list.",
        ] {
            assert!(matches!(blank_struck(src, 0), Cow::Borrowed(_)), "{src}");
        }
    }

    #[test]
    fn front_matter_is_left_alone_and_cells_strike_on_their_own() {
        let src =
            "---\nlearner: ~~a~~\n---\n| Hop | State |\n|---|---|\n| API | ~~none~~ sessions |\n";
        let body = src.find("| Hop").unwrap();
        let out = blank_struck(src, body).into_owned();
        assert!(out.contains("learner: ~~a~~"));
        assert!(out.contains("| API | ~~    ~~ sessions |"), "{out}");
    }
}
