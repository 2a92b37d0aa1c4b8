//! Near-duplicate submissions within a cohort. While a submission is graded its answers become
//! a [`Signature`]: a MinHash of the word 3-shingles of each answer (words folded as for
//! patterns; headings, prompts and labels are not part of the answers, so a shared answer
//! sheet does not make submissions alike). [`near_duplicates_in`] compares signatures through
//! locality-sensitive hashing (16 bands of 4 values), so a cohort of 100,000 costs about as
//! much as its buckets, not every pair, and keeps the pairs whose estimated Jaccard similarity
//! reaches the threshold. Hashes are FNV-1a based, so results are the same on every run.

use std::collections::BTreeMap;

use crate::rubric::load::Fnv;
use crate::text::fold_word_into;

/// Values in a signature.
pub const SIGNATURE_LEN: usize = 64;
const BANDS: usize = 16;
const ROWS: usize = SIGNATURE_LEN / BANDS;
/// Submissions with fewer shingles than this are too short to call copies.
pub const MIN_SHINGLES: usize = 12;
/// The default similarity (estimated Jaccard of shingles) from which two submissions are
/// reported as near-duplicates.
pub const DEFAULT_THRESHOLD: f64 = 0.8;
/// Buckets larger than this compare their members with the first one only.
const MAX_BUCKET: usize = 200;

/// A MinHash signature of a submission's answers: 32-bit minimums (a chance collision
/// of two minimums, 1 in 4 billion, is negligible next to MinHash's own error), on the heap so
/// that an outcome without one stays small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub mins: Box<[u32; SIGNATURE_LEN]>,
    /// How many distinct shingles it summarises.
    pub shingles: usize,
}

/// As `{"shingles": N, "mins": "<64 values as 8 hex digits each>"}` (in shard results and
/// the results cache).
impl serde::Serialize for Signature {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mins: String = self.mins.iter().map(|m| format!("{m:08x}")).collect();
        let mut st = s.serialize_struct("Signature", 2)?;
        st.serialize_field("shingles", &self.shingles)?;
        st.serialize_field("mins", &mins)?;
        st.end()
    }
}

impl<'de> serde::Deserialize<'de> for Signature {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Raw {
            shingles: usize,
            mins: String,
        }
        let raw = Raw::deserialize(d)?;
        let bad = || serde::de::Error::custom("a signature's mins are 64 values of 8 hex digits");
        if raw.mins.len() != 8 * SIGNATURE_LEN || !raw.mins.is_ascii() {
            return Err(bad());
        }
        let mut mins = Box::new([0u32; SIGNATURE_LEN]);
        for (i, m) in mins.iter_mut().enumerate() {
            *m = u32::from_str_radix(&raw.mins[8 * i..8 * (i + 1)], 16).map_err(|_| bad())?;
        }
        Ok(Signature {
            mins,
            shingles: raw.shingles,
        })
    }
}

/// splitmix64's finaliser: a good 64-bit mix.
const fn mix(z: u64) -> u64 {
    let z = mix_but_last(z);
    z ^ (z >> 31)
}

/// The key of each signature value: `mix(i + 1)`.
const KEYS: [u64; SIGNATURE_LEN] = {
    let mut k = [0; SIGNATURE_LEN];
    let mut i = 0;
    while i < SIGNATURE_LEN {
        k[i] = mix(i as u64 + 1);
        i += 1;
    }
    k
};

/// The signature of `answers` (each answer's text), or `None` when they are too short.
///
/// An answer's folded words are appended to one buffer (`ends` marks where each ends), not
/// kept as a `String` each. Each value is the smallest top half of `mix(h ^ key)` over the
/// shingles' hashes `h`, see `min_tops`.
pub fn signature<'a>(answers: impl IntoIterator<Item = &'a str>) -> Option<Signature> {
    let mut hashes = Vec::new();
    let mut folded = String::new();
    let mut ends: Vec<usize> = Vec::new();
    for text in answers {
        folded.clear();
        ends.clear();
        for word in text
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .filter(|w| !w.is_empty())
        {
            fold_word_into(word, &mut folded);
            // A word that folds to nothing is no word.
            if folded.len() > ends.last().copied().unwrap_or(0) {
                ends.push(folded.len());
            }
        }
        for i in 2..ends.len() {
            let mut h = Fnv::new();
            let mut start = if i > 2 { ends[i - 3] } else { 0 };
            for &end in &ends[i - 2..=i] {
                h.write(&folded.as_bytes()[start..end]);
                start = end;
            }
            hashes.push(h.value());
        }
    }
    hashes.sort_unstable();
    hashes.dedup();
    if hashes.len() < MIN_SHINGLES {
        return None;
    }
    let mut mins = Box::new([0; SIGNATURE_LEN]);
    min_tops(&hashes, &mut mins);
    Some(Signature {
        mins,
        shingles: hashes.len(),
    })
}

/// `mix` without its last step (`z ^ (z >> 31)`).
const fn mix_but_last(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb)
}

/// Sets each `mins[i]` to the smallest top half (`>> 32`) of `mix(h ^ KEYS[i])` over `hashes`
/// (not empty).
///
/// Key by key, the minimum kept in a register, and without `mix`'s last step: with `z` the
/// value before it, the top half of `mix` is `y ^ (y >> 31)` for `y = z >> 32`, which is `y`
/// itself while `y < 2^31`. So when the smallest `y` is below 2^31 it is the answer (every
/// other top half is either a larger `y` or at least 2^31); only when every `y` of a key is
/// at least 2^31 (with 12 shingles or more, about 1 key in 4,000) is the key worked out again
/// with the whole `mix`. About 12 instructions per hash and key instead of 18.
///
/// Not inlined: the caller's loop stays plain 64-bit arithmetic (inlined over a local array,
/// the compiler had vectorised an earlier form with SSE2, whose 64-bit multiply and compare
/// are emulated in a dozen instructions each).
#[inline(never)]
fn min_tops(hashes: &[u64], mins: &mut [u32; SIGNATURE_LEN]) {
    for (m, &k) in mins.iter_mut().zip(&KEYS) {
        let mut low = u64::MAX;
        for &h in hashes {
            low = low.min(mix_but_last(h ^ k));
        }
        let y = (low >> 32) as u32;
        *m = if y < 1 << 31 {
            y
        } else {
            let exact = hashes.iter().map(|&h| mix(h ^ k)).min();
            (exact.unwrap_or(u64::MAX) >> 32) as u32
        };
    }
}

/// The estimated Jaccard similarity of two signatures.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    similarity_of(&a.mins, &b.mins)
}

fn similarity_of(a: &[u32; SIGNATURE_LEN], b: &[u32; SIGNATURE_LEN]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / SIGNATURE_LEN as f64
}

/// Signatures by position, for [`near_duplicates_in`]: those of a
/// [`SignatureStore`](super::signature_store::SignatureStore), in memory or in its temporary
/// file (and, in tests, a slice).
pub trait Signatures {
    /// Calls `f(k, mins)` for every present signature `k`, in ascending order.
    fn each(&self, f: &mut dyn FnMut(usize, &[u32; SIGNATURE_LEN])) -> std::io::Result<()>;
    /// Copies the values of signature `k` into `out`; false when `k` has none.
    fn get(&self, k: usize, out: &mut [u32; SIGNATURE_LEN]) -> std::io::Result<bool>;
}

#[cfg(test)]
impl Signatures for [Option<&Signature>] {
    fn each(&self, f: &mut dyn FnMut(usize, &[u32; SIGNATURE_LEN])) -> std::io::Result<()> {
        for (k, s) in self.iter().enumerate() {
            if let Some(s) = s {
                f(k, &s.mins);
            }
        }
        Ok(())
    }

    fn get(&self, k: usize, out: &mut [u32; SIGNATURE_LEN]) -> std::io::Result<bool> {
        Ok(match self.get(k).copied().flatten() {
            Some(s) => {
                *out = *s.mins;
                true
            }
            None => false,
        })
    }
}

/// The pairs `(i, j, similarity)` (`i < j`, indices into `sigs`) whose similarity is at least
/// `threshold`, sorted by `i` then `j` (see [`near_duplicates_in`]).
#[cfg(test)]
pub fn near_duplicates(sigs: &[Option<&Signature>], threshold: f64) -> Vec<(usize, usize, f64)> {
    // Reading signatures in memory cannot fail.
    near_duplicates_in(sigs, threshold).unwrap_or_default()
}

/// The pairs `(i, j, similarity)` (`i < j`, positions in `sigs`) whose similarity is at least
/// `threshold`, sorted by `i` then `j`. One band at a time: its hashes sorted, each run of equal
/// hashes is a bucket whose pairs are candidates (a bucket larger than `MAX_BUCKET` pairs its
/// members with the first only), checked at once; memory holds one band, one bucket's
/// signatures and the pairs found, so the signatures themselves can stay on disk.
pub fn near_duplicates_in<S: Signatures + ?Sized>(
    sigs: &S,
    threshold: f64,
) -> std::io::Result<Vec<(usize, usize, f64)>> {
    let mut found: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut band_hashes: Vec<(u64, usize)> = Vec::new();
    // The signatures of the bucket being checked: (position, values).
    let mut members: Vec<(usize, [u32; SIGNATURE_LEN])> = Vec::new();
    for band in 0..BANDS {
        band_hashes.clear();
        sigs.each(&mut |k, mins| {
            let mut h = Fnv::new();
            for v in &mins[band * ROWS..(band + 1) * ROWS] {
                h.write(&v.to_le_bytes());
            }
            band_hashes.push((h.value(), k));
        })?;
        band_hashes.sort_unstable();
        for bucket in band_hashes.chunk_by(|a, b| a.0 == b.0) {
            if bucket.len() < 2 {
                continue;
            }
            members.clear();
            for &(_, k) in bucket {
                let mut mins = [0; SIGNATURE_LEN];
                if sigs.get(k, &mut mins)? {
                    members.push((k, mins));
                }
            }
            let mut check = |x: &(usize, [u32; SIGNATURE_LEN]),
                             y: &(usize, [u32; SIGNATURE_LEN])| {
                let key = (x.0.min(y.0), x.0.max(y.0));
                if found.contains_key(&key) {
                    return;
                }
                let s = similarity_of(&x.1, &y.1);
                if s >= threshold {
                    found.insert(key, s);
                }
            };
            if bucket.len() > MAX_BUCKET {
                if let Some((first, rest)) = members.split_first() {
                    rest.iter().for_each(|m| check(first, m));
                }
                continue;
            }
            for (i, a) in members.iter().enumerate() {
                for b in &members[i + 1..] {
                    check(a, b);
                }
            }
        }
    }
    Ok(found.into_iter().map(|((i, j), s)| (i, j, s)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Vertical scaling means moving the service to a bigger machine with more memory and faster cores, while horizontal scaling means adding more machines behind a load balancer so that any of them can serve a request.";

    #[test]
    fn short_answers_have_no_signature() {
        assert!(signature(["33 instances", "yes"]).is_none());
        assert!(signature([A]).is_some());
    }

    #[test]
    fn copies_with_small_edits_are_near_duplicates_and_others_are_not() {
        let copy = A.replace("faster cores", "quicker cores").to_uppercase();
        let other = "Scaling up buys a larger server; scaling out spreads the load across many small instances that share nothing, which also survives the loss of one of them when it crashes at night.";
        let sigs = [
            signature([A]),
            signature([other]),
            signature([copy.as_str()]),
        ];
        let refs: Vec<Option<&Signature>> = sigs.iter().map(Option::as_ref).collect();
        let pairs = near_duplicates(&refs, 0.6);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        assert_eq!((pairs[0].0, pairs[0].1), (0, 2));
        assert!(pairs[0].2 >= 0.6 && pairs[0].2 < 1.0);
    }

    #[test]
    fn signatures_survive_json() {
        let a = signature([A]).unwrap();
        let text = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Signature>(&text).unwrap(), a);
        assert!(serde_json::from_str::<Signature>(r#"{"shingles": 3, "mins": "zz"}"#).is_err());
    }

    /// The signature as first written: a `String` per folded word, the top 32 bits of each
    /// `mix` compared as they come.
    fn plain_signature(answers: &[&str]) -> Option<Signature> {
        let mut hashes = Vec::new();
        for text in answers {
            let words: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .filter(|w| !w.is_empty())
                .map(crate::text::fold_word)
                .filter(|w| !w.is_empty())
                .collect();
            for w in words.windows(3) {
                let mut h = Fnv::new();
                for word in w {
                    h.write(word.as_bytes());
                }
                hashes.push(h.value());
            }
        }
        hashes.sort_unstable();
        hashes.dedup();
        if hashes.len() < MIN_SHINGLES {
            return None;
        }
        let mut mins = Box::new([u32::MAX; SIGNATURE_LEN]);
        for h in &hashes {
            for (m, k) in mins.iter_mut().zip(KEYS) {
                *m = (*m).min((mix(h ^ k) >> 32) as u32);
            }
        }
        Some(Signature {
            mins,
            shingles: hashes.len(),
        })
    }

    /// The values of a signature are stored (results cache, shard results): the signature
    /// is the same as by its plain definition.
    #[test]
    fn signatures_are_their_plain_definition() {
        let answers: [&[&str]; 5] = [
            &[A],
            &[
                A,
                "Colour-coded dashboards: it doesn't — they travelled, ‘naïve’ ﬁles, x2 ’’ '",
            ],
            &[
                "Organisations analyse the CENTRE's behaviour; l'état, Ça va 42 times 42 times 42 times 42 times 42 times",
            ],
            &["too short"],
            &["", A, "a b", A],
        ];
        for a in answers {
            assert_eq!(signature(a.iter().copied()), plain_signature(a), "{a:?}");
        }
    }

    /// `min_tops` against the plain definition, on sets of every size from one hash: small
    /// sets often have every top half of a key at 2^31 or more (the slow path), and a pair of
    /// top halves `2j`, `2j + 1` there is where skipping `mix`'s last step would be wrong.
    #[test]
    fn min_tops_is_the_smallest_top_half() {
        let mut state = 7u64;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            mix(state)
        };
        let plain = |hashes: &[u64]| {
            let mut mins = [u32::MAX; SIGNATURE_LEN];
            for h in hashes {
                for (m, k) in mins.iter_mut().zip(KEYS) {
                    *m = (*m).min((mix(h ^ k) >> 32) as u32);
                }
            }
            mins
        };
        let mut slow = 0;
        for n in (1..40).chain([100, 700]) {
            for _ in 0..20 {
                let hashes: Vec<u64> = (0..n).map(|_| next()).collect();
                let mut mins = [0; SIGNATURE_LEN];
                min_tops(&hashes, &mut mins);
                assert_eq!(mins, plain(&hashes), "{hashes:?}");
                slow += mins.iter().filter(|&&m| m >= 1 << 31).count();
            }
        }
        assert!(slow > 100, "{slow}");
        // Hashes whose top halves before the last step are 2j and 2j + 1 (at least 2^31) for
        // key 0: the last step swaps them, so the smallest `y` is not the answer.
        let unshift = |z: u64, s: u32| {
            let mut x = z;
            for _ in 0..=64 / s {
                x = z ^ (x >> s);
            }
            x
        };
        // The multiplicative inverse of an odd number (Newton's iteration).
        let inv = |a: u64| {
            let mut x = a;
            for _ in 0..6 {
                x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
            }
            x
        };
        // The hash whose `mix_but_last` for key 0 is `v`.
        let hash_of = |v: u64| {
            let z = unshift(v.wrapping_mul(inv(0x94d0_49bb_1331_11eb)), 27);
            unshift(z.wrapping_mul(inv(0xbf58_476d_1ce4_e5b9)), 30) ^ KEYS[0]
        };
        let (a, b) = (0xc000_0000_0000_0005u64, 0xc000_0001_0000_0003u64);
        assert_eq!(mix_but_last(hash_of(a) ^ KEYS[0]), a);
        assert_eq!(mix_but_last(hash_of(b) ^ KEYS[0]), b);
        for (hashes, want) in [
            (vec![hash_of(a)], 0xc000_0001),
            (vec![hash_of(b)], 0xc000_0000),
            (vec![hash_of(a), hash_of(b)], 0xc000_0000),
        ] {
            let mut mins = [0; SIGNATURE_LEN];
            min_tops(&hashes, &mut mins);
            assert_eq!(mins, plain(&hashes));
            assert_eq!(mins[0], want);
        }
    }

    #[test]
    fn signatures_are_stable() {
        let a = signature([A]).unwrap();
        let b = signature([A]).unwrap();
        assert_eq!(a, b);
        assert_eq!(similarity(&a, &b), 1.0);
    }
}
