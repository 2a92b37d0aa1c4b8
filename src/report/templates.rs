//! Report templates: real files in `templates/`, embedded in the binary, overridable by name
//! from `--templates DIR` (a file `DIR/report.md.tera` replaces the built-in `report.md.tera`).
//! Built-ins stay reachable as `builtin/<name>` so an override can extend them.

use std::path::Path;

use tera::Tera;

/// The built-in templates: (name, source).
pub const BUILTINS: &[(&str, &str)] = &[(
    "report.md.tera",
    include_str!("../../templates/report.md.tera"),
)];

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

/// Loads the built-ins, then the user's overrides.
pub fn load(dir: Option<&Path>) -> Result<Tera, TemplateError> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html.tera", ".html"]);
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
        }
    }
    Ok(tera)
}

/// Escapes learner text for a Markdown report: Markdown syntax and HTML become literal text.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '!' | '(' | ')' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if crate::text::is_invisible_or_control(c) => {}
            c => out.push(c),
        }
    }
    out
}
