//! A cursor over the text of a label: the small scanning steps that every label reader
//! shares (`label.rs`, `sub_label.rs`, `continued.rs`, `group.rs`, `marker.rs`). Each reader wraps it in
//! its own `Cursor` (see `reader_cursor!`) and adds its own steps there.

use crate::submission::markdown::words::is_invisible;

/// A position `i` (a byte offset, always on a char boundary) in `s`.
pub(super) struct Scan<'a> {
    pub(super) s: &'a str,
    pub(super) i: usize,
}

impl<'a> Scan<'a> {
    pub(super) fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Skips spaces, tabs and invisible characters, and line ends when `lines`; returns
    /// whether it skipped any.
    pub(super) fn skip_blank(&mut self, lines: bool) -> bool {
        let from = self.i;
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' || is_invisible(c) || (lines && (c == '\n' || c == '\r')) {
                self.i += c.len_utf8();
            } else {
                break;
            }
        }
        self.i > from
    }

    /// Whether the text ends here or goes on with white space or a closing emphasis.
    pub(super) fn at_boundary(&self) -> bool {
        self.peek()
            .is_none_or(|c| c.is_whitespace() || c == '*' || c == '_' || is_invisible(c))
    }

    /// Skips spaces, tabs and invisible characters; returns whether it skipped any.
    pub(super) fn skip_spaces(&mut self) -> bool {
        self.skip_blank(false)
    }

    /// Skips every kind of white space and invisible characters.
    pub(super) fn skip_whitespace(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() || is_invisible(c) {
                self.i += c.len_utf8();
            } else {
                break;
            }
        }
    }

    /// Eats an opening emphasis delimiter (`**`, `__`, `*`, `_`) and the spaces after it;
    /// returns the delimiter, to be closed later.
    pub(super) fn open_emphasis(&mut self) -> Option<&'static str> {
        let d = ["**", "__", "*", "_"]
            .into_iter()
            .find(|d| self.rest().starts_with(d))?;
        self.i += d.len();
        self.skip_spaces();
        Some(d)
    }

    /// Eats `word` (ASCII case-insensitive) when the text goes on with it.
    pub(super) fn eat(&mut self, word: &str) -> bool {
        let ok = self
            .rest()
            .get(..word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word));
        if ok {
            self.i += word.len();
        }
        ok
    }

    /// A question number: one or two digits, 1 to 99, not followed by another digit.
    pub(super) fn number(&mut self) -> Option<u32> {
        let digits = self.rest().bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 2 {
            return None;
        }
        let n: u32 = self.rest()[..digits].parse().ok()?;
        self.i += digits;
        (n > 0).then_some(n)
    }

    /// A question number (see `number`) not glued to a letter either ("4a" is none).
    pub(super) fn number_alone(&mut self) -> Option<u32> {
        let n = self.number()?;
        (!self.peek().is_some_and(char::is_alphanumeric)).then_some(n)
    }
}

/// Declares a reader's own `Cursor`: a `Scan` with the reader's steps added in an `impl
/// Cursor` block of its module (so that readers may name their steps alike).
macro_rules! reader_cursor {
    () => {
        struct Cursor<'a>($crate::submission::markdown::cursor::Scan<'a>);

        impl<'a> Cursor<'a> {
            fn at(s: &'a str, i: usize) -> Self {
                Cursor($crate::submission::markdown::cursor::Scan { s, i })
            }
        }

        impl<'a> std::ops::Deref for Cursor<'a> {
            type Target = $crate::submission::markdown::cursor::Scan<'a>;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl std::ops::DerefMut for Cursor<'_> {
            fn deref_mut(&mut self) -> &mut Self::Target {
                &mut self.0
            }
        }
    };
}
pub(super) use reader_cursor;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps() {
        let mut c = Scan {
            s: " \u{200B}Q12x",
            i: 0,
        };
        assert!(c.skip_spaces());
        assert!(c.eat("q"));
        assert_eq!(c.rest(), "12x");
        let at = c.i;
        assert_eq!(c.number_alone(), None);
        c.i = at;
        assert_eq!(c.number(), Some(12));
        assert_eq!(c.peek(), Some('x'));
        let mut c = Scan { s: "123", i: 0 };
        assert_eq!(c.number(), None);
        let mut c = Scan { s: "0", i: 0 };
        assert_eq!(c.number(), None);
    }
}
