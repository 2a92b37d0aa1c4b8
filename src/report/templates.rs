//! Report templates: real files in `templates/`, embedded in the binary, overridable by name
//! from `--templates DIR` (a file `DIR/report.md.tera` replaces the built-in `report.md.tera`).
//! Built-ins stay reachable as `builtin/<name>` so an override can extend them. Templates whose
//! name ends in `.html.tera` are autoescaped. The filter `score` prints a score for people.
//! The two learner reports, unless replaced, are written by `report::native` with the same
//! bytes tera would render, about ten times faster.

use std::path::Path;

use tera::Tera;

/// The built-in templates: (name, source). `style.css.tera` is included by the HTML pages.
pub const BUILTINS: &[(&str, &str)] = &[
    (
        "style.css.tera",
        include_str!("../../templates/style.css.tera"),
    ),
    (
        "report.md.tera",
        include_str!("../../templates/report.md.tera"),
    ),
    (
        "report.html.tera",
        include_str!("../../templates/report.html.tera"),
    ),
    (
        "index.html.tera",
        include_str!("../../templates/index.html.tera"),
    ),
];

/// The filter `score`: a number printed at most with three decimals and no trailing zeros
/// (`0.5`, `1`, `2.75`); anything else unchanged.
fn score_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Ok(match value.as_f64() {
        Some(x) => tera::Value::String(super::plain::score(x)),
        None => value.clone(),
    })
}

/// A template problem: the template's name and tera's explanation (with the line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub template: String,
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "template `{}`: {}", self.template, self.message)
    }
}

impl std::error::Error for TemplateError {}

/// The whole error chain of a tera error on one line.
pub fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        parts.push(s.to_string());
        src = s.source();
    }
    parts.dedup();
    parts.join(": ")
}

/// Adds the line to a template error found while rendering. Tera gives the line of a syntax
/// error (` --> line:column`) but none for errors met while rendering (an unknown variable,
/// filter or function); the line is then the first of the template's source (the override in
/// `dir`, else the built-in) that uses a name the message quotes.
pub fn locate(mut e: TemplateError, dir: Option<&Path>) -> TemplateError {
    if e.message.contains(" --> ") {
        return e;
    }
    let builtin = e.template.strip_prefix("builtin/");
    let source = dir
        .filter(|_| builtin.is_none())
        .and_then(|d| std::fs::read_to_string(d.join(&e.template)).ok())
        .or_else(|| {
            let name = builtin.unwrap_or(&e.template);
            BUILTINS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, s)| s.to_string())
        });
    let Some(source) = source else { return e };
    let mut quoted = Vec::new();
    for delim in ['`', '\''] {
        let parts: Vec<&str> = e.message.split(delim).collect();
        quoted.extend(parts.iter().skip(1).step_by(2).map(|s| s.to_string()));
    }
    for q in quoted.iter().filter(|q| !q.is_empty() && **q != e.template) {
        let hit = source
            .lines()
            .position(|l| (l.contains("{{") || l.contains("{%")) && l.contains(q.as_str()));
        if let Some(i) = hit {
            e.message.push_str(&format!(" (line {} uses `{q}`)", i + 1));
            break;
        }
    }
    e
}

/// The templates of a run: tera with the built-ins and the user's overrides, and which
/// built-in reports assay renders with its own code (`report::native`) because nothing
/// replaced them.
pub struct Templates {
    pub tera: Tera,
    /// `report.md.tera` is the built-in.
    native_markdown: bool,
    /// `report.html.tera` and the `style.css.tera` it includes are the built-ins: the style,
    /// rendered.
    native_html: Option<String>,
}

impl Templates {
    /// No templates (a run that renders no report).
    pub fn none() -> Templates {
        Templates {
            tera: Tera::default(),
            native_markdown: false,
            native_html: None,
        }
    }

    /// Is the learner's Markdown report the built-in one?
    pub fn native_markdown(&self) -> bool {
        self.native_markdown
    }

    /// The built-in style, when the learner's HTML report is the built-in one.
    pub fn native_html(&self) -> Option<&str> {
        self.native_html.as_deref()
    }

    /// The same templates with every report rendered by tera: the reference that the tests
    /// and benchmarks compare the built-in reports with.
    pub fn tera_only(mut self) -> Templates {
        self.native_markdown = false;
        self.native_html = None;
        self
    }
}

/// Loads the built-ins, then the user's overrides.
pub fn load(dir: Option<&Path>) -> Result<Templates, TemplateError> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html.tera", ".html"]);
    tera.set_escape_fn(escape_html);
    tera.register_filter("score", score_filter);
    for (name, src) in BUILTINS {
        tera.add_raw_template(&format!("builtin/{name}"), src)
            .map_err(|e| TemplateError {
                template: name.to_string(),
                message: chain(&e),
            })?;
        tera.add_raw_template(name, src)
            .map_err(|e| TemplateError {
                template: name.to_string(),
                message: chain(&e),
            })?;
    }
    let mut overridden = Vec::new();
    if let Some(dir) = dir {
        let entries = std::fs::read_dir(dir).map_err(|e| TemplateError {
            template: dir.display().to_string(),
            message: format!("cannot read the templates folder: {e}"),
        })?;
        let mut files: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "tera"))
            .collect();
        files.sort();
        for path in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let src = std::fs::read_to_string(&path).map_err(|e| TemplateError {
                template: name.clone(),
                message: format!("cannot read: {e}"),
            })?;
            tera.add_raw_template(&name, &src)
                .map_err(|e| TemplateError {
                    template: name.clone(),
                    message: chain(&e),
                })?;
            overridden.push(name);
        }
    }
    let replaced = |name: &str| overridden.iter().any(|n| n == name);
    let native_html = if replaced("report.html.tera") || replaced("style.css.tera") {
        None
    } else {
        let style = tera.render("style.css.tera", &tera::Context::new());
        Some(style.map_err(|e| TemplateError {
            template: "style.css.tera".into(),
            message: chain(&e),
        })?)
    };
    Ok(Templates {
        native_markdown: !replaced("report.md.tera"),
        native_html,
        tera,
    })
}

/// Autoescaping of `.html` templates: `&`, `<`, `>`, `"` and `'` become character references,
/// which is all that text content and quoted attribute values need (tera's default also
/// escapes `/`, which makes paths in links unreadable). Attribute values in templates must be
/// quoted. Control and invisible characters (zero-width spaces, direction overrides; all but
/// tab and line feed) are left out, as in Markdown reports: a report never copies them.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped_html(&mut out, s);
    out
}

/// The bytes an escaping must look at: those of `listed`, every non-ASCII byte (decoded, to
/// learn whether its character is invisible or a control) and the ASCII controls but tab and
/// line feed (dropped, unless `listed` says otherwise).
const fn special_bytes(listed: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = b >= 0x80 || (b < 0x20 && b != b'\t' as usize && b != b'\n' as usize) || b == 0x7f;
        b += 1;
    }
    let mut i = 0;
    while i < listed.len() {
        t[listed[i] as usize] = true;
        i += 1;
    }
    t
}

/// Appends `s` to `out` escaped: characters kept as they are are copied in runs. A byte is
/// first looked up in `special` (a few instructions, where a `match` took about 17 for a plain
/// letter); for an ASCII byte there, `ascii(bytes, i)` gives what to write instead (a prefix,
/// then a text), or `None` to keep it, and an ASCII control it keeps is dropped; a non-ASCII
/// character is decoded, and dropped if it is invisible or a control.
fn push_escaped<'s>(
    out: &mut String,
    s: &'s str,
    special: &[bool; 256],
    ascii: impl Fn(&'s [u8], usize) -> Option<(&'static str, &'s str)>,
) {
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !special[b as usize] {
            i += 1;
            continue;
        }
        let (width, prefix, replacement) = if b < 0x80 {
            match ascii(bytes, i) {
                Some((prefix, replacement)) => (1, prefix, replacement),
                None if b.is_ascii_control() && b != b'\t' && b != b'\n' => (1, "", ""),
                None => {
                    i += 1;
                    continue;
                }
            }
        } else {
            let c = s[i..].chars().next().unwrap_or_default();
            let width = c.len_utf8().max(1);
            if !crate::text::is_invisible_or_control(c) {
                i += width;
                continue;
            }
            (width, "", "")
        };
        out.push_str(&s[run..i]);
        out.push_str(prefix);
        out.push_str(replacement);
        i += width;
        run = i;
    }
    out.push_str(&s[run..]);
}

/// The bytes [`printable`] must look at (see [`special_bytes`]).
const PLAIN_SPECIAL: [bool; 256] = special_bytes(b"");

/// `s` without its control and invisible characters (zero-width spaces, direction overrides;
/// all but tab and line feed): a direction override in a learner's words would turn the
/// rest of a feedback line around where the feedback is shown.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s, &PLAIN_SPECIAL, |_, _| None);
    out
}

/// The bytes [`push_escaped_html`] must look at (see [`special_bytes`]).
const HTML_SPECIAL: [bool; 256] = special_bytes(b"&<>\"'");

/// [`escape_html`], appended to `out`.
pub fn push_escaped_html(out: &mut String, s: &str) {
    // Most text holds none of them: one pass without early exit, which the compiler
    // vectorises, finds whether it does, and such text is copied at once.
    let special = s
        .bytes()
        .fold(false, |any, b| any | HTML_SPECIAL[b as usize]);
    if !special {
        out.push_str(s);
        return;
    }
    push_escaped(out, s, &HTML_SPECIAL, |bytes, i| {
        let reference = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => return None,
        };
        Some(("", reference))
    });
}

/// Escapes learner text for a Markdown report: Markdown syntax and HTML become literal text.
///
/// `[` and `]` are always escaped, so the learner's words can form no link or image on their
/// own, and their parentheses and exclamation marks stay as written ("bigger (more CPU)",
/// not "bigger \\(more CPU\\)"). A `(` is escaped only after a `]` or where it opens the text
/// (after a template's `]` it would start a link target), and a `!` only before a `[` or
/// where it ends the text (before a template's `[` it would start an image), so no `](` or
/// `![` appears even escaped.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped_markdown(&mut out, s);
    out
}

/// The bytes [`push_escaped_markdown`] must look at (see [`special_bytes`]): those it
/// changes, every one of them ASCII; a line feed becomes a space.
const MARKDOWN_SPECIAL: [bool; 256] = special_bytes(b"<>&\\`*_[]#|~!({}\n");

/// [`escape_markdown`], appended to `out`.
pub fn push_escaped_markdown(out: &mut String, s: &str) {
    push_escaped(out, s, &MARKDOWN_SPECIAL, |bytes, i| match bytes[i] {
        b'<' => Some(("", "&lt;")),
        b'>' => Some(("", "&gt;")),
        b'&' => Some(("", "&amp;")),
        b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'#' | b'|' | b'~' | b'{' | b'}' => {
            Some(("\\", &s[i..i + 1]))
        }
        b'(' if i == 0 || bytes[i - 1] == b']' => Some(("\\", "(")),
        b'!' if i + 1 == bytes.len() || bytes[i + 1] == b'[' => Some(("\\", "!")),
        b'\n' | b'\r' => Some(("", " ")),
        _ => None,
    });
}

/// Escapes one of assay's own messages for a Markdown report: its `` `code` `` spans (an
/// id, a key or a tag, which may be the learner's) stay code spans, their text literal but
/// for line breaks and controls, which become a space or nothing; the rest is escaped as
/// learner text is ([`push_escaped_markdown`]). A lone backtick is text. (Escaped whole, the
/// message showed assay's backticks as typed.)
///
/// Every span written is one backtick, text without a backtick, one backtick, with no
/// backtick next to it: CommonMark pairs runs of equal length, so this is what makes each
/// span a span and everything outside escaped text, whatever backticks the learner's words
/// brought (an empty span is written as two escaped backticks).
pub fn push_escaped_markdown_message(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        push_escaped_markdown(out, &rest[..open]);
        let code: String = rest[open + 1..open + 1 + len]
            .chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' => Some(' '),
                c if crate::text::is_invisible_or_control(c) => None,
                c => Some(c),
            })
            .collect();
        if code.is_empty() {
            // "``" would open a span of two backticks, which a later run could close.
            out.push_str("\\`\\`");
        } else {
            // A span right after another ("`a``b`") would make one run of two backticks.
            if out.ends_with('`') {
                out.push(' ');
            }
            out.push('`');
            out.push_str(&code);
            out.push('`');
        }
        rest = &rest[open + len + 2..];
    }
    push_escaped_markdown(out, rest);
}

/// [`push_escaped_markdown_message`], as a new string.
pub fn escape_markdown_message(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped_markdown_message(&mut out, s);
    out
}

/// How a learner's view is escaped for one output: learner text, and assay's own messages
/// (which may quote learner text in `code` spans).
#[derive(Debug, Clone, Copy)]
pub struct Escape {
    pub text: fn(&str) -> String,
    pub message: fn(&str) -> String,
}

impl Escape {
    /// As written.
    pub const NONE: Escape = Escape {
        text: str::to_string,
        message: str::to_string,
    };
    /// For plain text people read (Gradescope, Moodle, JUnit and GitLab feedback) and for
    /// templates that escape what they print (HTML): control and invisible characters left
    /// out ([`printable`]), as every report leaves them out.
    pub const PLAIN: Escape = Escape {
        text: printable,
        message: printable,
    };
    /// For a Markdown report.
    pub const MARKDOWN: Escape = Escape {
        text: escape_markdown,
        message: escape_markdown_message,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain text loses its controls and invisible characters, and nothing else.
    #[test]
    fn printable_text_keeps_all_but_controls_and_invisible_characters() {
        assert_eq!(
            printable("ad\u{202e}ds <b>\u{200b}CPU</b>\u{1b}[2J\tx\r\ny ünï"),
            "adds <b>CPU</b>[2J\tx\ny ünï"
        );
        assert_eq!(printable("plain & simple"), "plain & simple");
    }

    /// The table lists exactly the ASCII bytes the escaping changes.
    #[test]
    fn markdown_special_bytes_are_those_escaped() {
        for b in 0..0x80u8 {
            let c = (b as char).to_string();
            assert_eq!(
                MARKDOWN_SPECIAL[b as usize],
                escape_markdown(&c) != c,
                "{b:#x}"
            );
        }
        assert!((0x80..=0xff).all(|b| MARKDOWN_SPECIAL[b]));
        assert_eq!(
            escape_markdown("a *b* <c> \u{200b}é\u{7}\n[x](y) ok ![i]"),
            "a \\*b\\* &lt;c&gt; é \\[x\\]\\(y) ok \\!\\[i\\]"
        );
        // Parentheses and `!` inside the text stay as written; at its edges, where a
        // template's `]` before or `[` after could join them into a link or an image, not.
        assert_eq!(
            escape_markdown("bigger (more CPU)! Wow!"),
            "bigger (more CPU)! Wow\\!"
        );
        assert_eq!(escape_markdown("(javascript:x)"), "\\(javascript:x)");
    }

    /// assay's `code` spans stay code (the learner's key inside literal, a line break a
    /// space); the rest is escaped; a lone backtick is text.
    #[test]
    fn a_message_keeps_its_code_spans() {
        assert_eq!(
            escape_markdown_message("a copy of the prompt of question 1 of `net-1`, *so*"),
            "a copy of the prompt of question 1 of `net-1`, \\*so\\*"
        );
        assert_eq!(
            escape_markdown_message("exercise `a*b\n# h<i>` is not in the rubric"),
            "exercise `a*b # h<i>` is not in the rubric"
        );
        assert_eq!(escape_markdown_message("one ` tick"), "one \\` tick");
        assert_eq!(
            escape_markdown_message("`a` and `b` c`"),
            "`a` and `b` c\\`"
        );
        // The review's heading: backticks the learner wrote cannot leave HTML outside a span.
        assert_eq!(
            escape_markdown_message("heading ```<img src=x onerror=y> R`, which"),
            "heading \\`\\` `<img src=x onerror=y> R`, which"
        );
        assert_eq!(escape_markdown_message("`a``b`"), "`a` `b`");
        // Rendered by a CommonMark parser, no learner HTML is live, however the backticks
        // fall.
        for reason in [
            "heading ```<img src=x onerror=y> R`, which",
            "heading `` `<img src=x onerror=y>` ``",
            "a `b``<img src=x onerror=y>`` c`",
            "`<img src=x onerror=y>\n# h`",
            "``<img src=x onerror=y>",
        ] {
            use pulldown_cmark::Event;
            let md = format!("- line 1: {}\n", escape_markdown_message(reason));
            let events: Vec<Event<'_>> = pulldown_cmark::Parser::new(&md).collect();
            assert!(
                !events
                    .iter()
                    .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))),
                "{reason:?} → {md:?} → {events:?}"
            );
            let shown: String = events
                .iter()
                .filter_map(|e| match e {
                    Event::Code(t) | Event::Text(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            assert!(shown.contains("<img src=x onerror=y>"), "{shown:?}");
        }
    }

    #[test]
    fn render_errors_get_the_line_that_uses_the_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html.tera"),
            "<h1>x</h1>\n<p>{{ nope | nofilter }}</p>\n",
        )
        .unwrap();
        let tera = load(Some(dir.path())).unwrap().tera;
        let err = tera
            .render("index.html.tera", &tera::Context::new())
            .unwrap_err();
        let e = TemplateError {
            template: "index.html.tera".into(),
            message: chain(&err),
        };
        let located = locate(e, Some(dir.path()));
        assert!(located.message.contains("(line 2 uses `"), "{located}");
    }

    /// The escaping, one character at a time (what the run-copying versions must equal).
    fn escape_markdown_by_char(s: &str) -> String {
        let mut out = String::new();
        let chars: Vec<char> = s.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let (before, after) = (
                i.checked_sub(1).map(|j| chars[j]),
                chars.get(i + 1).copied(),
            );
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '{' | '}' => {
                    out.push('\\');
                    out.push(c);
                }
                '(' if before.is_none_or(|b| b == ']') => out.push_str("\\("),
                '!' if after.is_none_or(|a| a == '[') => out.push_str("\\!"),
                '\n' | '\r' => out.push(' '),
                c if crate::text::is_invisible_or_control(c) => {}
                c => out.push(c),
            }
        }
        out
    }

    fn escape_html_by_char(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                c if crate::text::is_invisible_or_control(c) => String::new(),
                c => c.to_string(),
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn escaping_copies_runs_as_it_would_copy_characters(
            s in "[a-z <>&\"'*_|#\\\\`~!(){}\\[\\]\n\r\t\u{0}\u{7f}\u{85}\u{200b}\u{feff}é✓]{0,24}",
            t in proptest::prelude::any::<String>(),
        ) {
            for x in [&s, &t] {
                proptest::prop_assert_eq!(escape_markdown(x), escape_markdown_by_char(x));
                proptest::prop_assert_eq!(escape_html(x), escape_html_by_char(x));
            }
        }
    }

    /// Every character, alone and between plain letters, escapes as by the reference.
    #[test]
    fn every_character_escapes_as_by_char() {
        for u in 0u32..=0x10ffff {
            let Some(c) = char::from_u32(u) else { continue };
            for x in [c.to_string(), format!("a{c}b")] {
                assert_eq!(
                    escape_markdown(&x),
                    escape_markdown_by_char(&x),
                    "U+{u:04X}"
                );
                assert_eq!(escape_html(&x), escape_html_by_char(&x), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn html_escaping_covers_text_and_quoted_attributes() {
        assert_eq!(
            escape_html(r#"<a href="x" onclick='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(escape_html("reports/ana.html"), "reports/ana.html");
    }

    #[test]
    fn every_builtin_parses_and_html_ones_are_autoescaped() {
        let tera = load(None).expect("built-ins parse").tera;
        let mut ctx = tera::Context::new();
        ctx.insert("x", "<b>");
        let mut t = tera.clone();
        t.add_raw_template("probe.html.tera", "{{ x }}").unwrap();
        assert_eq!(t.render("probe.html.tera", &ctx).unwrap(), "&lt;b&gt;");
        for (name, _) in BUILTINS {
            assert!(tera.get_template_names().any(|n| n == *name));
            assert!(
                tera.get_template_names()
                    .any(|n| n == format!("builtin/{name}"))
            );
        }
    }
}
