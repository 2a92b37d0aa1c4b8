//! The HTML pages in a real browser: `grade --out` pages (learner reports and the dashboard)
//! load in headless Chromium with no console message at all (so no error and no
//! Content-Security-Policy violation), hostile learner text stays text in the live DOM, the
//! dashboard's one hashed script runs, and every page renders to a PNG (desktop, and the
//! learner reports at phone width).
//!
//! Needs Debian's `chromium` (`.ci/run` installs it); without it the test prints
//! `skipped: chromium not found …` and passes. Set `ASSAY_SCREENSHOTS=DIR` to keep the
//! screenshots in DIR for a look.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assay::report::dashboard::SORT_SCRIPT;
use assay::report::html::{CSP, script_hash};

use super::util::{assay, stderr};

const RUBRIC: &str = "tests/fixtures/rubrics/valid/mini.yaml";

/// A submission whose learner id and answers try to inject markup, script and a link.
const HOSTILE: &str = "learner: \"<script>alert(1)</script><img src=x onerror=alert(1)>\"
answers:
  basics:
    1: \"Vertical means a bigger machine <script>alert(1)</script> <img src=x onerror=alert(1)> [link](javascript:alert(1)) and horizontal means adding more machines\"
    2: \"Sticky sessions are fine <script>alert(2)</script> [link](javascript:alert(1)) if the LB is smart\"
";

/// A learner id's report file name (see docs/output-formats.md, `--out DIR`).
const HOSTILE_FILE: &str = "_script_alert_1___script__img_src_x_onerror_alert_1__.html";

/// How long one page may take, the machine being small and shared.
const TIMEOUT: Duration = Duration::from_secs(120);

const DESKTOP: (u32, u32) = (1280, 2000);
const PHONE: (u32, u32) = (390, 2400);

#[test]
fn html_pages_load_cleanly_in_headless_chromium() {
    let Some(chromium) = find_chromium() else {
        println!("skipped: chromium not found (install Debian's chromium package)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let shots = match std::env::var_os("ASSAY_SCREENSHOTS") {
        Some(d) => PathBuf::from(d),
        None => dir.path().join("shots"),
    };
    std::fs::create_dir_all(&shots).unwrap();
    let browser = Browser {
        exe: chromium,
        work: dir.path().to_path_buf(),
    };

    // Canary: a page with the same policy and an unhashed inline script must show a violation
    // on the console, or the console checks below would pass vacuously (say, if Chromium
    // changed how it logs).
    let canary = dir.path().join("canary.html");
    std::fs::write(
        &canary,
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"><title>canary</title>\
             </head><body><p>canary</p><script>document.title = \"ran\";</script></body></html>"
        ),
    )
    .unwrap();
    let page = browser.load(&canary, &shots.join("canary.png"), DESKTOP);
    assert!(
        page.console
            .iter()
            .any(|l| l.contains("Content Security Policy")),
        "a blocked inline script was not reported on the console; Chromium's log format may have changed:\n{}",
        page.log
    );

    let hostile = dir.path().join("hostile.yaml");
    std::fs::write(&hostile, HOSTILE).unwrap();
    let out_dir = dir.path().join("out");
    let out = assay(&[
        "grade",
        RUBRIC,
        "tests/fixtures/batch/mini/ana.md",
        "tests/fixtures/batch/mini/ben.yaml",
        hostile.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reports = out_dir.join("reports");
    assert!(reports.join(HOSTILE_FILE).is_file(), "{}", stderr(&out));

    let mut failures = Vec::new();
    for (name, size) in [
        ("ana", DESKTOP),
        ("ben", DESKTOP),
        ("ben", PHONE),
        ("hostile", DESKTOP),
        ("hostile", PHONE),
    ] {
        let file = if name == "hostile" {
            reports.join(HOSTILE_FILE)
        } else {
            reports.join(format!("{name}.html"))
        };
        let png = shots.join(format!("report-{name}-{}.png", size.0));
        let page = browser.load(&file, &png, size);
        let what = format!("reports/{name}.html at {}x{}", size.0, size.1);
        check_common(&what, &page, &png, size, &mut failures);
        let scripts = page.scripts();
        if !scripts.is_empty() {
            failures.push(format!("{what}: has scripts: {scripts:?}"));
        }
        if name == "hostile" {
            check_hostile_text(&what, &page.dom, &mut failures);
        }
    }

    let png = shots.join("index-1280.png");
    let page = browser.load(&out_dir.join("index.html"), &png, DESKTOP);
    let what = "index.html";
    check_common(what, &page, &png, DESKTOP, &mut failures);
    let scripts = page.scripts();
    if scripts != [SORT_SCRIPT] {
        failures.push(format!(
            "{what}: the scripts are not exactly the sorting script: {scripts:?}"
        ));
    }
    if !page.dom.contains(&script_hash(SORT_SCRIPT)) {
        failures.push(format!(
            "{what}: the policy does not carry the script's hash"
        ));
    }
    // The sorting script turns column heads into buttons: it ran under the policy.
    if !page
        .dom
        .contains("<th scope=\"col\"><button type=\"button\">Learner</button></th>")
    {
        failures.push(format!("{what}: the sorting script did not run"));
    }
    let id = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;";
    let link = format!("<a href=\"reports/{HOSTILE_FILE}\">{id}</a>");
    if !page.dom.contains(&link) {
        failures.push(format!(
            "{what}: the hostile learner is not listed as text linking to the report"
        ));
    }

    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Checks every page: no console message, nothing in the DOM that loads, runs or navigates
/// to script, and a PNG of the size asked for.
fn check_common(what: &str, page: &Page, png: &Path, size: (u32, u32), failures: &mut Vec<String>) {
    for line in &page.console {
        failures.push(format!("{what}: console: {line}"));
    }
    if !page.dom.contains(&format!("content=\"{CSP}")) {
        failures.push(format!("{what}: no Content-Security-Policy in the DOM"));
    }
    for tag in tags(&page.dom) {
        if [
            "img", "iframe", "frame", "object", "embed", "base", "link", "form", "input", "audio",
            "video", "source",
        ]
        .contains(&tag.name.as_str())
        {
            failures.push(format!("{what}: a live <{}> element", tag.name));
        }
        for (name, value) in &tag.attrs {
            if name.starts_with("on") {
                failures.push(format!(
                    "{what}: an event handler {name}=\"{value}\" on <{}>",
                    tag.name
                ));
            }
            let v = value.trim().to_ascii_lowercase();
            if matches!(
                name.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) && v.contains(':')
            {
                failures.push(format!(
                    "{what}: <{} {name}=\"{value}\"> leaves the page",
                    tag.name
                ));
            }
            if name == "http-equiv" && v == "refresh" {
                failures.push(format!("{what}: a refresh"));
            }
        }
    }
    match std::fs::read(png) {
        Ok(bytes) => {
            let dims = png_size(&bytes);
            if dims != Some(size) {
                failures.push(format!(
                    "{what}: screenshot {} is not a {}x{} PNG ({} bytes, size {dims:?})",
                    png.display(),
                    size.0,
                    size.1,
                    bytes.len()
                ));
            }
        }
        Err(e) => failures.push(format!("{what}: no screenshot {}: {e}", png.display())),
    }
}

/// The hostile learner's id and answers show as text: escaped in the DOM's text, not markup.
fn check_hostile_text(what: &str, dom: &str, failures: &mut Vec<String>) {
    for text in [
        "<h1>Feedback for &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</h1>",
        "a bigger machine &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; [link](javascript:alert(1))",
    ] {
        if !dom.contains(text) {
            failures.push(format!("{what}: the text `{text}` is missing"));
        }
    }
}

/// Chromium on `PATH` (Debian names it `chromium`, others `chromium-browser`).
fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

struct Browser {
    exe: PathBuf,
    /// Where each run gets its own new profile and log files.
    work: PathBuf,
}

/// What a page left: its DOM after load, and the console lines Chromium logged.
struct Page {
    dom: String,
    console: Vec<String>,
    log: String,
}

impl Browser {
    /// Loads `file` in a new headless Chromium with a `size` window, dumps its DOM and takes
    /// a screenshot into `png`. Panics if Chromium fails or takes longer than `TIMEOUT`.
    fn load(&self, file: &Path, png: &Path, size: (u32, u32)) -> Page {
        let run = tempfile::tempdir_in(&self.work).unwrap();
        let (out_path, err_path) = (run.path().join("dom.html"), run.path().join("log.txt"));
        let mut child = Command::new(&self.exe)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .arg(format!(
                "--user-data-dir={}",
                run.path().join("profile").display()
            ))
            .arg(format!("--window-size={},{}", size.0, size.1))
            .arg(format!("--screenshot={}", png.display()))
            .arg("--dump-dom")
            .arg(file_url(file))
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out_path).unwrap())
            .stderr(std::fs::File::create(&err_path).unwrap())
            .spawn()
            .expect("start chromium");
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > TIMEOUT {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "chromium took more than {TIMEOUT:?} on {}:\n{}",
                    file.display(),
                    std::fs::read_to_string(&err_path).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let log = std::fs::read_to_string(&err_path).unwrap_or_default();
        assert!(
            status.success(),
            "chromium failed ({status}) on {}:\n{log}",
            file.display()
        );
        let dom = std::fs::read_to_string(&out_path).unwrap();
        assert!(
            dom.contains("</html>"),
            "no DOM for {}:\n{log}",
            file.display()
        );
        Page {
            dom,
            console: console_lines(&log),
            log,
        }
    }
}

/// Chromium's console lines in its stderr log: `[…:INFO:CONSOLE:1] "message", source: …`
/// (`CONSOLE(1)` in older versions), whatever the message's level. The pages log nothing, so
/// every one is a fault: an error, an exception or a policy violation.
fn console_lines(log: &str) -> Vec<String> {
    log.lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect()
}

impl Page {
    /// The text of every `<script>` in the DOM.
    fn scripts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = self.dom.as_str();
        while let Some(i) = rest.find("<script") {
            let body = &rest[i..];
            let open = body.find('>').map_or(body.len(), |j| j + 1);
            let close = body.find("</script>").unwrap_or(body.len());
            out.push(body.get(open..close).unwrap_or(""));
            rest = &body[close.min(body.len())..];
            if rest.starts_with("</script>") {
                rest = &rest["</script>".len()..];
            } else {
                break;
            }
        }
        out
    }
}

/// A start tag of the serialized DOM.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// The start tags of a DOM as Chromium serializes it: text has `<` escaped, so every `<`
/// outside `<script>` and `<style>` opens a tag, a comment or the doctype; attribute values
/// are double-quoted with `"` escaped.
fn tags(dom: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix("!--") {
            rest = r.find("-->").map_or("", |j| &r[j + 3..]);
            continue;
        }
        if rest.starts_with('!') || rest.starts_with('/') {
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..end].to_ascii_lowercase();
        rest = &rest[end..];
        let mut attrs = Vec::new();
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() {
                break;
            }
            if let Some(r) = rest.strip_prefix('>') {
                rest = r;
                break;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
                .unwrap_or(rest.len())
                .max(1);
            let attr = rest[..end].to_ascii_lowercase();
            rest = &rest[end..];
            let mut value = String::new();
            if let Some(r) = rest.strip_prefix('=') {
                let (v, r) = match r.strip_prefix('"') {
                    Some(r) => r.split_once('"').unwrap_or((r, "")),
                    None => {
                        let e = r
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .unwrap_or(r.len());
                        (&r[..e], &r[e..])
                    }
                };
                value = v.replace("&quot;", "\"").replace("&amp;", "&");
                rest = r;
            }
            attrs.push((attr, value));
        }
        // Raw text: nothing inside is markup.
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |j| &rest[j..]);
        }
        out.push(Tag { name, attrs });
    }
    out
}

/// A `file://` URL, percent-encoding all but unreserved characters and `/`.
fn file_url(path: &Path) -> String {
    let path = path.canonicalize().unwrap();
    let mut url = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// The width and height of a PNG, from its signature and IHDR chunk.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    Some((be(16), be(20)))
}

#[test]
fn the_dom_scanner_sees_tags_attributes_and_skips_raw_text() {
    let dom = "<!DOCTYPE html><html><head><style>a > b { x: \"<img>\" }</style></head>\
               <body><!-- <img src=x> --><p class=\"a&quot;b\">1 &lt;img src=x onerror=alert(1)&gt;</p>\
               <a href=\"javascript:alert(1)\" onclick=\"x()\">l</a><br/><script>if (a<b) {}</script></body></html>";
    let tags = tags(dom);
    let names: Vec<_> = tags.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["html", "head", "style", "body", "p", "a", "br", "script"]
    );
    assert_eq!(tags[4].attrs, [("class".to_string(), "a\"b".to_string())]);
    assert_eq!(
        tags[5].attrs,
        [
            ("href".to_string(), "javascript:alert(1)".to_string()),
            ("onclick".to_string(), "x()".to_string())
        ]
    );
    let page = Page {
        dom: dom.to_string(),
        console: Vec::new(),
        log: String::new(),
    };
    assert_eq!(page.scripts(), ["if (a<b) {}"]);
    assert_eq!(
        png_size(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x05\0\0\0\x07\xd0"),
        Some((1280, 2000))
    );
    assert_eq!(
        console_lines(
            "[1:1:1128/044949.7:INFO:CONSOLE:1] \"x\", source: file:///a (1)\n[1:1:x:WARNING:y] z"
        ),
        ["[1:1:1128/044949.7:INFO:CONSOLE:1] \"x\", source: file:///a (1)"]
    );
}
