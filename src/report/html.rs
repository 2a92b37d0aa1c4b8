//! HTML pages: the learner's feedback report (`reports/<learner>.html`, from
//! `report.html.tera`) and what both HTML pages share: the Content-Security-Policy and the
//! hash of an inline script. Contract: one self-contained file (no external scripts, fonts,
//! stylesheets or images), with the policy `default-src 'none'; style-src 'unsafe-inline';
//! img-src data:` in a `<meta http-equiv>` tag, so nothing in the page can load or run
//! anything (the dashboard adds a `script-src` with the sha256 of its one sorting script).
//! Learner text reaches the template unescaped and tera's autoescaping for `.html` templates
//! escapes it; no template marks learner text `safe`.

use base64_lite::encode;
use sha2::{Digest, Sha256};

use super::feedback::{LearnerReport, PlainView, render};
use super::templates::{TemplateError, Templates};
use crate::batch::Outcome;
use crate::grade::Graded;
use crate::rubric::Rubric;

/// The policy of pages without scripts.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The policy of a page whose only script is `script` (inline).
pub fn csp_with_script(script: &str) -> String {
    format!("{CSP}; script-src '{}'", script_hash(script))
}

/// `sha256-<base64>` of `script`, as a CSP source.
pub fn script_hash(script: &str) -> String {
    format!("sha256-{}", encode(&Sha256::digest(script.as_bytes())))
}

/// The context of `report.html.tera`: the learner's view plus `csp`.
#[derive(serde::Serialize)]
pub struct HtmlReport<'a> {
    #[serde(flatten)]
    pub report: &'a LearnerReport,
    pub csp: &'static str,
}

/// Renders the HTML feedback report of one graded submission.
pub fn render_report(
    templates: &Templates,
    rubric: &Rubric,
    outcome: &Outcome,
    graded: &Graded,
) -> Result<String, TemplateError> {
    render_report_of(templates, PlainView::new(rubric, outcome).of(graded))
}

/// [`render_report`], from the learner's view.
pub fn render_report_of(
    templates: &Templates,
    report: &LearnerReport,
) -> Result<String, TemplateError> {
    match templates.native_html() {
        Some(style) => Ok(super::native::html(report, style)),
        None => render(
            &templates.tera,
            "report.html.tera",
            &HtmlReport { report, csp: CSP },
        ),
    }
}

/// Standard base64 (RFC 4648, with padding): a dozen lines rather than a dependency.
mod base64_lite {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{templates, testing};

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(i.as_bytes()), o);
        }
    }

    #[test]
    fn script_hash_is_the_csp_sha256_of_the_text() {
        // echo -n "alert(1)" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            script_hash("alert(1)"),
            "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
    }

    #[test]
    fn the_report_is_self_contained_and_escapes_learner_text() {
        let r = testing::rubric();
        let tera = templates::load(None).unwrap();
        let evil = "learner: \"<img src=x onerror=alert(1)>\"\nanswers:\n  basics:\n    1: \"Vertical means a bigger machine <script>alert(1)</script> [x](javascript:alert(1)) and horizontal means adding more machines\"\n";
        let o = testing::outcome(&r, "evil.yaml", evil);
        let html = render_report(&tera, &r, &o, o.result.as_ref().unwrap()).unwrap();
        assert!(html.contains(CSP), "{html}");
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("href=\"javascript:"), "{html}");
        assert!(
            !html.contains("src=\"http") && !html.contains("href=\"http"),
            "{html}"
        );
    }
}
