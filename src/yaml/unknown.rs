//! Keys that the type being read has no field for, each with its place, so that a file with
//! several misspelt keys gets them all reported in one run (serde's `deny_unknown_fields`
//! stops at the first).
//!
//! The type is read through [`Noting`], a thin wrapper around the backend's deserializer. A
//! struct derived without `deny_unknown_fields` reads the value of a key it has no field for as
//! `IgnoredAny`; the wrapper, knowing which struct's mapping it is in and the struct's fields
//! (serde's derive passes them to `deserialize_struct`), notes the value's place and the
//! fields instead. Only when there is such a value is the text read a second time, as a tree of
//! keys with their places, to find the key whose value stands there: a file without unknown
//! keys costs the wrapper and nothing more. (`serde_ignored` does the same for any format, but
//! keeps every key of the file as a `String` for the path it reports: a rubric took 5 % longer
//! to load with it; this wrapper keeps nothing until a key is unknown.)

use serde::Deserialize;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde_saphyr::Spanned;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

/// A key that the type read has no field for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// The key as written (`None` if it could not be found: then the place is its value's).
    pub key: Option<String>,
    /// The fields of the struct whose mapping holds the key, as serde's derive names them.
    pub expected: &'static [&'static str],
    /// The 1-based line and column of the key.
    pub line: u32,
    pub column: u32,
}

/// A value read as `IgnoredAny` where a struct's field stands: the value of an unknown key.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ignored {
    place: Place,
    expected: &'static [&'static str],
}

/// Where a value is used and where it is written, each a 1-based line and column: they differ
/// for an alias (`*name`) and for the entries a merge key (`<<: *name`) brings in.
type Place = ((u32, u32), (u32, u32));

fn place_of<T>(spanned: &Spanned<T>) -> Place {
    let at = |l: serde_saphyr::Location| (l.line() as u32, l.column() as u32);
    (at(spanned.referenced), at(spanned.defined))
}

/// The values of unknown keys noted so far, in the order read.
pub(super) type Notes = RefCell<Vec<Ignored>>;

/// The key of each ignored value in `src`, with its place, in the order written.
pub(super) fn place_all(src: &str, ignored: Vec<Ignored>) -> Vec<UnknownKey> {
    // The tree is read with the same reader and options as the value was, so aliases and merge
    // keys expand as they did; if it cannot be read (the value's own error is reported then),
    // each key is left at its value's place.
    let tree = super::read_with_options::<Node>(src).ok();
    let mut keys = HashMap::new();
    if let Some(tree) = &tree {
        tree.index_keys(&mut keys);
    }
    let mut out: Vec<UnknownKey> = ignored
        .into_iter()
        .map(|i| {
            // Where the key is written (for a key a merge brings in, in the merged mapping);
            // read from the text when the tree could not be read (an alias bomb in the value
            // of an unknown key), or at the value's place.
            let (key, (line, column)) = match keys.get(&i.place) {
                Some(k) => (k.value.0.clone(), place_of(k).1),
                None => key_before(src, i.place.0).map_or((None, i.place.0), |(k, p)| (Some(k), p)),
            };
            UnknownKey {
                key,
                expected: i.expected,
                line,
                column,
            }
        })
        .collect();
    // In the order written (the keys a merge brings in are read after the mapping's own); a
    // key merged into several mappings is written, and reported, once.
    out.sort_by(|a, b| (a.line, a.column, &a.key).cmp(&(b.line, b.column, &b.key)));
    out.dedup_by(|a, b| (a.line, a.column, &a.key) == (b.line, b.column, &b.key));
    out
}

/// The key written before the value at `place` (a `key: value` line), with its place.
fn key_before(src: &str, (line, column): (u32, u32)) -> Option<(String, (u32, u32))> {
    // An anchor or a tag between the key and the value (`x0: &a [ … ]`) is stepped over.
    let text = super::written::line_text(src, line)?;
    let mut before: String = text
        .chars()
        .take((column as usize).saturating_sub(1))
        .collect();
    while let Some(i) = before.trim_end().rfind([' ', '\t']) {
        if !before[i + 1..].trim_end().starts_with(['&', '!']) {
            break;
        }
        before.truncate(i + 1);
    }
    let column = before.chars().count() as u32 + 1;
    let key = super::written::written_at(src, line, column).key?;
    // The key is a slice of `src`, on the value's line or, for a value that starts its own
    // line, on a line above it: its place is that of the line holding it, counted as YAML
    // counts lines, and (for a quoted key) of its opening quote, as the tree reports it.
    let offset = (key.as_ptr() as usize).checked_sub(src.as_ptr() as usize)?;
    let (index, text) = super::written::lines(src).enumerate().find(|(_, l)| {
        let start = l.as_ptr() as usize - src.as_ptr() as usize;
        (start..=start + l.len()).contains(&offset)
    })?;
    let start = text.as_ptr() as usize - src.as_ptr() as usize;
    let before = text.get(..offset - start)?;
    let quoted = before.ends_with(['"', '\'']);
    let before = before.trim_start_matches('\u{feff}');
    let column = before.chars().count() as u32 + 1 - u32::from(quoted);
    Some((key.to_string(), (index as u32 + 1, column)))
}

/// The backend's deserializer `de`, noting in `notes` each value that a struct ignores (every
/// value a struct reads as `IgnoredAny`: none of the types read this way has a field of that
/// type).
pub(super) struct Noting<'n, D> {
    de: D,
    notes: &'n Notes,
    /// The fields of the struct whose field's value this is (`None` if it is not one).
    field_of: Option<&'static [&'static str]>,
}

impl<'n, D> Noting<'n, D> {
    pub(super) fn new(de: D, notes: &'n Notes) -> Self {
        Noting {
            de,
            notes,
            field_of: None,
        }
    }
}

/// `inner`, whatever it holds (a visitor, a seed, a sequence, a mapping, an enum), with the
/// notes, and the fields of the struct whose mapping it is (only a mapping's are used).
struct Wrap<'n, X> {
    inner: X,
    notes: &'n Notes,
    fields: Option<&'static [&'static str]>,
}

fn wrap<X>(inner: X, notes: &Notes) -> Wrap<'_, X> {
    Wrap {
        inner,
        notes,
        fields: None,
    }
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.de.$method($($arg,)* wrap(visitor, self.notes))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Noting<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf();
        deserialize_option(); deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str); deserialize_seq();
        deserialize_tuple(len: usize); deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map(); deserialize_identifier();
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let visitor = Wrap {
            inner: visitor,
            notes: self.notes,
            fields: Some(fields),
        };
        self.de.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let Some(expected) = self.field_of else {
            return self.de.deserialize_ignored_any(visitor);
        };
        // The value of a key the struct has no field for: read past it, keeping its place.
        let value = Spanned::<IgnoredAny>::deserialize(self.de)?;
        self.notes.borrow_mut().push(Ignored {
            place: place_of(&value),
            expected,
        });
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.inner.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_f32(f32); visit_f64(f64); visit_char(char); visit_str(&str);
        visit_borrowed_str(&'de str); visit_string(String); visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Noting::new(d, self.notes))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Noting::new(d, self.notes))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(wrap(seq, self.notes))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(Wrap {
            inner: map,
            notes: self.notes,
            fields: self.fields,
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(wrap(data, self.notes))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Wrap<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Noting {
            de: d,
            notes: self.notes,
            field_of: self.fields,
        })
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Wrap<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.inner.next_element_seed(wrap(seed, self.notes))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Wrap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        // Keys are read as they are: a struct's key is an identifier, never a struct.
        self.inner.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        // A struct's field values know the struct's fields: an ignored one is noted.
        self.inner.next_value_seed(Wrap {
            inner: seed,
            notes: self.notes,
            fields: self.fields,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'n, 'de, A: EnumAccess<'de>> EnumAccess<'de> for Wrap<'n, A> {
    type Error = A::Error;
    type Variant = Wrap<'n, A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let notes = self.notes;
        // The seed reads the variant's name: an identifier.
        let (value, variant) = self.inner.variant_seed(seed)?;
        Ok((value, wrap(variant, notes)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Wrap<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.inner.newtype_variant_seed(wrap(seed, self.notes))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.inner.tuple_variant(len, wrap(visitor, self.notes))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let visitor = Wrap {
            inner: visitor,
            notes: self.notes,
            fields: Some(fields),
        };
        self.inner.struct_variant(fields, visitor)
    }
}

/// A YAML value as a tree of keys with their places: only what finding a key by its value's
/// place needs.
#[derive(Debug)]
enum Node {
    Map(Vec<(Spanned<Key>, Spanned<Node>)>),
    Seq(Vec<Spanned<Node>>),
    Scalar,
}

/// A mapping's key as text (`None` for a list or a mapping used as a key).
#[derive(Debug)]
struct Key(Option<String>);

impl Node {
    /// Adds each key of the tree to `keys` by the place of its value (where two values share a
    /// place, the first in document order).
    fn index_keys<'t>(&'t self, keys: &mut HashMap<Place, &'t Spanned<Key>>) {
        match self {
            Node::Map(entries) => {
                for (key, value) in entries {
                    keys.entry(place_of(value)).or_insert(key);
                    value.value.index_keys(keys);
                }
            }
            Node::Seq(items) => items.iter().for_each(|item| item.value.index_keys(keys)),
            Node::Scalar => {}
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Node::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(Some(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
                Ok(Key(Some(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
                Ok(Key(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
                Ok(Key(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
                Ok(Key(Some(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
                Ok(Key(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Key, A::Error> {
                de::IgnoredAny.visit_seq(seq).map(|_| Key(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Key, A::Error> {
                de::IgnoredAny.visit_map(map).map(|_| Key(None))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{from_str, from_str_noting_unknown};
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Outer {
        name: Option<String>,
        #[serde(default)]
        items: Vec<Spanned<Inner>>,
        one: Option<Inner>,
        #[serde(default)]
        named: BTreeMap<String, Inner>,
        choice: Option<Choice>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Inner {
        id: String,
        weight: Option<f64>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Choice {
        Pick { which: u32 },
    }

    const OUTER: &[&str] = &["name", "items", "one", "named", "choice"];
    const INNER: &[&str] = &["id", "weight"];

    /// The key, its place and the fields listed, for each unknown key of `src`.
    fn unknown(src: &str) -> Vec<(String, u32, u32, &'static [&'static str])> {
        let (result, unknown) = from_str_noting_unknown::<Outer>(src);
        result.unwrap();
        unknown
            .into_iter()
            .map(|u| (u.key.unwrap_or_default(), u.line, u.column, u.expected))
            .collect()
    }

    fn key(
        k: &str,
        line: u32,
        column: u32,
        fields: &'static [&'static str],
    ) -> (String, u32, u32, &'static [&'static str]) {
        (k.to_string(), line, column, fields)
    }

    #[test]
    fn every_unknown_key_is_found_at_its_place_with_the_fields_of_its_mapping() {
        let src = "\
name: x
nmae: y
items:
  - id: a
    wieght: 2
  - id: b
    colour:
      shade: [1, 2]
one: {id: c, extra: 1}
named:
  free-name: {id: d, other: ~}
choice:
  pick: {which: 1, why: none}
";
        assert_eq!(
            unknown(src),
            [
                key("nmae", 2, 1, OUTER),
                key("wieght", 5, 5, INNER),
                key("colour", 7, 5, INNER),
                key("extra", 9, 14, INNER),
                key("other", 11, 22, INNER),
                key("why", 13, 20, &["which"]),
            ]
        );
    }

    #[test]
    fn a_file_without_unknown_keys_reads_as_it_does_without_noting() {
        let src = "name: x\nitems:\n  - id: a\n    weight: 2\nnamed: {k: {id: b}}\n";
        let (noted, unknown) = from_str_noting_unknown::<Outer>(src);
        assert_eq!(noted.unwrap(), from_str::<Outer>(src).unwrap());
        assert!(unknown.is_empty());
    }

    #[test]
    fn an_alias_as_the_value_of_an_unknown_key_finds_the_key_not_the_anchor() {
        let src = "name: &n x\nitems:\n  - id: a\n    label: *n\n";
        assert_eq!(unknown(src), [key("label", 4, 5, INNER)]);
    }

    #[test]
    fn a_key_merged_into_several_mappings_is_reported_once_where_it_is_written() {
        let src = "\
items:
  - <<: &base {weight: 1, colour: red}
    id: a
  - <<: *base
    id: b
";
        assert_eq!(unknown(src), [key("colour", 2, 27, INNER)]);
    }

    #[test]
    fn where_the_text_cannot_be_read_as_a_tree_the_key_is_read_from_its_line() {
        // A quoted key is at its opening quote, as the tree reports it.
        assert_eq!(
            key_before("a: 1\n  'bad key': [x]\n", (2, 14)),
            Some(("bad key".into(), (2, 3)))
        );
        // A value that starts its own line (after comments, with CRLF line ends): the key is
        // on its own line, above the value's.
        assert_eq!(
            key_before("a: 1\ncolour:\n  shade: red\n", (3, 3)),
            Some(("colour".into(), (2, 1)))
        );
        assert_eq!(
            key_before("a: 1\r\n\"colour\":\r\n# note\r\n\r\n  - red\r\n", (5, 3)),
            Some(("colour".into(), (2, 1)))
        );
        assert_eq!(
            key_before("\u{feff}pointz: 2\n", (1, 9)),
            Some(("pointz".into(), (1, 1)))
        );
        assert_eq!(key_before("- [1, 2]\n", (1, 3)), None);
        assert_eq!(key_before("a: 1\n", (9, 9)), None);
        assert_eq!(
            key_before("x0: &a0 !!seq [x]\n", (1, 15)),
            Some(("x0".into(), (1, 1)))
        );
        // The reader counts the columns of the first line after a byte order mark.
        assert_eq!(
            key_before("\u{feff}x0: &a0 !!seq [x]\n", (1, 15)),
            Some(("x0".into(), (1, 1)))
        );
        assert_eq!(
            key_before("\u{feff}x0 : &a0 [x]\n", (1, 10)),
            Some(("x0".into(), (1, 1)))
        );
    }

    #[test]
    fn the_unknown_keys_before_an_error_come_with_it() {
        let (result, unknown) =
            from_str_noting_unknown::<Outer>("items:\n  - idd: a\n    weight: 2\n");
        let err = result.unwrap_err();
        assert_eq!(err.message, "missing field `id`");
        let keys: Vec<_> = unknown.iter().map(|u| u.key.as_deref()).collect();
        assert_eq!(keys, [Some("idd")]);
        assert_eq!((unknown[0].line, unknown[0].column), (2, 5));
    }

    #[test]
    fn a_map_of_names_has_no_unknown_keys_and_a_type_that_denies_them_still_does() {
        assert!(unknown("named: {anything: {id: a}, at-all: {id: b}}\n").is_empty());
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Strict {
            a: Option<u32>,
        }
        let (result, unknown) = from_str_noting_unknown::<Strict>("b: 1\nc: 2\n");
        assert!(result.unwrap_err().message.starts_with("unknown field `b`"));
        assert!(unknown.is_empty());
    }

    #[test]
    fn unknown_keys_are_messages_in_the_backends_words() {
        let (_, unknown) = from_str_noting_unknown::<Outer>("items: [{id: a, wieght: 1}]\n");
        assert_eq!(
            unknown[0].message(),
            "unknown field `wieght`, expected one of id, weight; did you mean `weight`?"
        );
        let unplaced = UnknownKey {
            key: None,
            ..unknown[0].clone()
        };
        assert_eq!(
            unplaced.message(),
            "unknown field here, expected one of id, weight"
        );
    }

    #[test]
    fn a_key_that_is_a_number_is_found_and_a_value_with_a_list_for_a_key_is_read_past() {
        assert_eq!(
            unknown("items:\n  - id: a\n    1: x\n    deep: {[a, b]: y}\n"),
            [key("1", 3, 5, INNER), key("deep", 4, 5, INNER)]
        );
    }
}
