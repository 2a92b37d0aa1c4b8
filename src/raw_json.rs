//! JSON texts made once and written again as serde_json [`RawValue`]s, and the pretty
//! printer of the document's pieces ([`Indented`]).
//!
//! The JSON document repeats itself from one submission to the next: the entries of the
//! concepts a learner missed (`"found": false` and three nulls, about 160 of the 266 entries
//! per submission) and a few thousand distinct evidence `marks`. A [`RawCache`] keeps such
//! texts per thread, made on first use the way they are made without it (a missed entry by
//! serde_json, marks by `grade::result`'s own one-line writer), so that the bytes are the
//! same in either case.
//!
//! The caches are bounded ([`RawCache::new`]): once full, a text not in it is not made
//! there at all, and the caller serializes it as before, so that texts that do not repeat
//! cannot grow one without end.
//!
//! Not cached: the rubric's texts in the results (feedback, rule names, level expressions;
//! some 20 KB of the 46 KB of strings per submission). Looked up by content, they took 0.47 M
//! fewer instructions per submission than escaping them, but more time: hashing and
//! comparing each text and reading its cached copy miss the caches after grading, where
//! serde_json's escaping reads the text once (`perf`: the fragment's share of the time rose).

use std::borrow::Borrow;
use std::hash::Hash;
use std::rc::Rc;

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

    /// The text of `key`: the cached one, or, while there is room, the one `make` gives
    /// (kept under the key `own` gives). `None` when the cache is full and does not hold
    /// `key`, or when `make` fails: nothing is kept and the caller serializes as usual.
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
        if self.map.len() >= self.cap {
            return None;
        }
        let raw: Rc<RawValue> = Rc::from(make()?);
        self.map.insert(own(), Rc::clone(&raw));
        Some(raw)
    }

    /// Forgets every text.
    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// How many texts are kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no text is kept.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
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

    /// Opens an array or an object: one level deeper, nothing in it yet.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes an array or an object, on a line of its own if it held anything.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(w, false)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
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
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
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
    use serde::Serialize;

    /// Strings serde_json escapes.
    fn awkward_texts() -> Vec<String> {
        [
            "",
            "plain",
            "quotes \"inside\" and a backslash \\ and a slash /",
            "control characters \u{0} \u{1} \u{8} \u{c} \t \r \n \u{1f} \u{7f}",
            "non-ASCII: é, ü, ß, 漢字, emoji 🦀, and a right-to-left mark \u{200f}",
        ]
        .map(String::from)
        .to_vec()
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
    fn a_full_cache_keeps_nothing_more_and_leaves_the_rest_to_the_caller() {
        let mut cache: RawCache<Box<str>> = RawCache::new(2);
        assert!(cache.get_or_make("e", || Box::from("e"), || None).is_none());
        assert!(
            cache.is_empty(),
            "a text that could not be made is not kept"
        );
        let mut get = |t: &str| {
            cache
                .get_or_make(
                    t,
                    || Box::from(t),
                    || serde_json::value::to_raw_value(t).ok(),
                )
                .map(|raw| raw.get().to_string())
        };
        assert_eq!(get("a").as_deref(), Some("\"a\""));
        assert_eq!(get("b").as_deref(), Some("\"b\""));
        assert_eq!(get("c"), None, "full: not made");
        assert_eq!(get("a").as_deref(), Some("\"a\""), "still held");
        assert_eq!(cache.len(), 2);
        cache.clear();
        assert!(cache.is_empty());
    }
}
