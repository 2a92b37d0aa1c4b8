//! JSON texts made once and written again as serde_json [`RawValue`]s.
//!
//! The JSON document repeats itself from one submission to the next: the rubric's feedback,
//! rule names and level expressions (some 20 KB of its 46 KB of strings per submission), the
//! entries of the concepts a learner missed (`"found": false` and three nulls, about 160 of
//! the 266 entries per submission), and a few hundred distinct evidence `marks`. Escaping a
//! string costs serde_json some six instructions per byte and every key of an object a
//! dozen writes; a text already serialized by serde_json is one copy. A [`RawCache`] keeps
//! such texts per thread, made by serde_json on first use, so that the bytes are serde_json's
//! own in either case.
//!
//! The caches are bounded ([`RawCache::new`]): once full, a text not in it is serialized
//! as before instead of being kept, so that texts that do not repeat (a learner's own words
//! in a feedback line, shard results with another rubric) cannot grow one without end.

use std::borrow::Borrow;
use std::hash::Hash;
use std::rc::Rc;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::fast_hash::FastMap;

/// A bounded map from keys to JSON texts (see the module).
pub struct RawCache<K> {
    map: FastMap<K, Rc<RawValue>>,
    cap: usize,
}

impl<K: Hash + Eq> RawCache<K> {
    /// An empty cache that keeps at most `cap` texts.
    pub fn new(cap: usize) -> RawCache<K> {
        RawCache {
            map: FastMap::default(),
            cap,
        }
    }

    /// The text of `key`: the cached one, or the one `make` gives (kept, under the key `own`
    /// gives, if there is room;
    /// `None` when `make` fails: nothing is kept and the caller serializes as usual).
    /// `Rc`, so that the caller writes it after letting go of the cache (a serializer could
    /// come back to it).
    pub fn get_or_make<Q>(
        &mut self,
        key: &Q,
        own: impl FnOnce() -> K,
        make: impl FnOnce() -> Option<Box<RawValue>>,
    ) -> Option<Rc<RawValue>>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        if let Some(raw) = self.map.get(key) {
            return Some(Rc::clone(raw));
        }
        let raw: Rc<RawValue> = Rc::from(make()?);
        if self.map.len() < self.cap {
            self.map.insert(own(), Rc::clone(&raw));
        }
        Some(raw)
    }

    /// Forgets every text.
    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// How many texts are kept.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no text is kept.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Strings shorter than this are escaped each time: for a short string serde_json's escaping
/// costs no more than looking it up and writing a raw value (about 150 instructions).
const SHORT: usize = 32;

/// How many distinct strings a thread keeps (a rubric has a few hundred to a few thousand).
const TEXTS: usize = 8192;

thread_local! {
    static TEXTS_CACHE: std::cell::RefCell<RawCache<Box<str>>> =
        std::cell::RefCell::new(RawCache::new(TEXTS));
}

/// Serializes `text`, a string the rubric gives (feedback, a rule's name, a level's
/// expression), as the JSON string serde_json writes for it, escaped once per thread
/// instead of once per submission. For `#[serde(serialize_with)]`.
pub fn rubric_text<S: serde::Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    match cached_text(text) {
        Some(raw) => raw.serialize(s),
        None => text.serialize(s),
    }
}

/// [`rubric_text`] for an optional string.
pub fn rubric_text_opt<S: serde::Serializer>(
    text: &Option<String>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match text {
        Some(text) => rubric_text(text, s),
        None => s.serialize_none(),
    }
}

/// [`rubric_text`] for a list of strings.
pub fn rubric_texts<S: serde::Serializer>(texts: &[String], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    /// One element, through [`rubric_text`].
    struct Text<'a>(&'a str);
    impl Serialize for Text<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            rubric_text(self.0, s)
        }
    }
    let mut seq = s.serialize_seq(Some(texts.len()))?;
    for text in texts {
        seq.serialize_element(&Text(text))?;
    }
    seq.end()
}

/// The JSON string of `text` from the thread's cache, when it is long enough to be worth it.
fn cached_text(text: &str) -> Option<Rc<RawValue>> {
    if text.len() < SHORT {
        return None;
    }
    TEXTS_CACHE
        .try_with(|cache| {
            let mut cache = cache.try_borrow_mut().ok()?;
            cache.get_or_make(
                text,
                || Box::from(text),
                || serde_json::value::to_raw_value(text).ok(),
            )
        })
        .ok()
        .flatten()
}

/// serde_json's `PrettyFormatter` (two spaces), starting `base` levels deep.
pub struct Indented {
    base: usize,
    level: usize,
    has_value: bool,
}

impl Indented {
    pub fn new(base: usize) -> Indented {
        Indented {
            base,
            level: 0,
            has_value: false,
        }
    }

    /// A line break (after a comma when `comma`) and the next line's indentation, in one
    /// write: some 3,500 lines per submission, where a write each for the break and the
    /// spaces cost two copies of a few bytes (with their capacity checks) per line.
    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        /// `,\n` and the spaces of 63 levels.
        const LINE: &[u8; 128] = &{
            let mut line = [b' '; 128];
            line[0] = b',';
            line[1] = b'\n';
            line
        };
        let n = 2 * (self.base + self.level);
        let from = usize::from(!comma);
        if n <= LINE.len() - 2 {
            return w.write_all(&LINE[from..2 + n]);
        }
        w.write_all(&LINE[from..2])?;
        let mut n = n;
        while n > 0 {
            let k = n.min(LINE.len() - 2);
            w.write_all(&LINE[2..2 + k])?;
            n -= k;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(w, false)?;
        }
        w.write_all(b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, !first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(w, false)?;
        }
        w.write_all(b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, !first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of string serde_json escapes, long and short.
    fn awkward_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "",
            "plain",
            "quotes \"inside\" and a backslash \\ and a slash / in a long enough text",
            "control characters \u{0} \u{1} \u{8} \u{c} \t \r \n \u{1f} \u{7f} in a long text",
            "non-ASCII: é, ü, ß, 漢字, emoji 🦀, and a right-to-left mark \u{200f} too",
            "short \"q\"",
        ]
        .map(String::from)
        .to_vec();
        texts.push("x".repeat(SHORT - 1));
        texts.push("y".repeat(SHORT));
        texts.push("\"".repeat(SHORT * 3));
        texts
    }

    #[test]
    fn rubric_texts_are_written_as_serde_json_writes_them() {
        #[derive(Serialize)]
        struct Cached<'a> {
            #[serde(serialize_with = "rubric_text")]
            one: &'a str,
            #[serde(serialize_with = "rubric_text_opt")]
            some: Option<String>,
            #[serde(serialize_with = "rubric_text_opt")]
            none: Option<String>,
            #[serde(serialize_with = "rubric_texts")]
            many: Vec<String>,
        }
        #[derive(Serialize)]
        struct Plain<'a> {
            one: &'a str,
            some: Option<String>,
            none: Option<String>,
            many: Vec<String>,
        }
        let texts = awkward_texts();
        for text in &texts {
            let cached = Cached {
                one: text,
                some: Some(text.clone()),
                none: None,
                many: texts.clone(),
            };
            let plain = Plain {
                one: text,
                some: Some(text.clone()),
                none: None,
                many: texts.clone(),
            };
            let compact = serde_json::to_string(&plain).unwrap();
            let pretty = serde_json::to_string_pretty(&plain).unwrap();
            // Twice: the first time makes the texts, the second reads them from the cache.
            for _ in 0..2 {
                assert_eq!(serde_json::to_string(&cached).unwrap(), compact);
                assert_eq!(serde_json::to_string_pretty(&cached).unwrap(), pretty);
                // Through serde_json's `Value` too (tera's context is made that way).
                assert_eq!(
                    serde_json::to_value(&cached).unwrap(),
                    serde_json::to_value(&plain).unwrap()
                );
            }
        }
        TEXTS_CACHE.with(|c| assert!(c.borrow().len() >= 4, "long texts are kept"));
    }

    /// Pretty JSON through [`Indented`] `base` levels deep.
    fn indented(value: &impl Serialize, base: usize) -> String {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Indented::new(base));
        value.serialize(&mut ser).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn indented_is_serde_jsons_pretty_printer_one_level_further_in_per_base() {
        use std::collections::BTreeMap;
        #[derive(Serialize)]
        struct Deep {
            #[serde(rename = "a \"key\" \\ é\n")]
            here: Option<Box<Deep>>,
            n: u32,
            empty: Vec<u8>,
            empty_map: BTreeMap<String, u8>,
            list: Vec<BTreeMap<String, i32>>,
            by_number: BTreeMap<u32, bool>,
            by_flag: BTreeMap<bool, String>,
        }
        let mut deep: Option<Box<Deep>> = None;
        // Deeper than `Indented::newline`'s spaces (63 levels) reach in one write.
        for n in 0..70 {
            deep = Some(Box::new(Deep {
                here: deep,
                n,
                empty: Vec::new(),
                empty_map: BTreeMap::new(),
                list: vec![BTreeMap::new(), [(awkward_texts()[2].clone(), 7)].into()],
                by_number: [(1, true), (20, false)].into(),
                by_flag: [(false, "no".into()), (true, awkward_texts()[3].clone())].into(),
            }));
        }
        let plain = serde_json::to_string_pretty(&deep).unwrap();
        for base in [0, 1, 2, 7, 31, 32, 40] {
            let expected = plain.replace('\n', &format!("\n{}", "  ".repeat(base)));
            assert_eq!(indented(&deep, base), expected, "base {base}");
        }
    }

    #[test]
    fn a_full_cache_keeps_nothing_more_and_still_answers() {
        let mut cache: RawCache<Box<str>> = RawCache::new(2);
        for t in ["a", "b", "c", "d"] {
            let raw = cache
                .get_or_make(
                    t,
                    || Box::from(t),
                    || serde_json::value::to_raw_value(t).ok(),
                )
                .unwrap();
            assert_eq!(raw.get(), format!("\"{t}\""));
        }
        assert_eq!(cache.len(), 2);
        assert!(cache.get_or_make("e", || Box::from("e"), || None).is_none());
        assert_eq!(cache.len(), 2, "a text that could not be made is not kept");
        cache.clear();
        assert!(cache.is_empty());
    }
}
