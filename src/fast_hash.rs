//! A fast keyed hasher for the per-thread caches and the matcher's memo (words, stems, small
//! integer tuples), where SipHash was a few percent of grading. Each 8 bytes are folded in
//! with a 128-bit multiply (as in foldhash and aHash's fallback), from a per-process random
//! seed: keys are learners' words, so the seed keeps collisions from being chosen in advance.
//! Iteration order is as unspecified as with `RandomState`: nothing may depend on it.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::sync::LazyLock;

/// The per-process seed, drawn from the standard library's own random keys.
static SEED: LazyLock<u64> = LazyLock::new(|| {
    std::collections::hash_map::RandomState::new().hash_one(0x9e37_79b9_7f4a_7c15u64) | 1
});

const K: u64 = 0x9e37_79b9_7f4a_7c15;

#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

/// The hasher (see the module).
#[derive(Clone, Copy)]
pub struct FastHasher {
    h: u64,
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.h = fold(self.h ^ w, K);
        }
        // The last 1 to 7 bytes are read as two overlapping halves (or three single bytes),
        // which covers each of them, where copying them into a buffer was a `memcpy` call on
        // every word hashed; the length is folded in, so `ab` and `ab\0` still differ.
        let rest = chunks.remainder();
        let n = rest.len();
        if n > 0 {
            let w = if n >= 4 {
                let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
                let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
                u64::from(lo) | (u64::from(hi) << 32)
            } else {
                u64::from(rest[0]) | (u64::from(rest[n / 2]) << 8) | (u64::from(rest[n - 1]) << 16)
            };
            self.h = fold(self.h ^ w, K ^ n as u64);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.h = fold(self.h ^ i, K);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        fold(self.h, *SEED ^ K)
    }
}

/// Builds [`FastHasher`]s from the process seed.
#[derive(Clone, Copy, Default)]
pub struct FastState;

impl BuildHasher for FastState {
    type Hasher = FastHasher;
    #[inline]
    fn build_hasher(&self) -> FastHasher {
        FastHasher { h: *SEED }
    }
}

pub type FastMap<K, V> = HashMap<K, V, FastState>;
pub type FastSet<K> = HashSet<K, FastState>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_equal_and_others_differ() {
        let s = FastState;
        assert_eq!(s.hash_one("caching"), s.hash_one(String::from("caching")));
        assert_ne!(s.hash_one("caching"), s.hash_one("cachinh"));
        assert_ne!(s.hash_one("ab"), s.hash_one("ab\0"));
        // Every byte of a short tail counts.
        for w in ["abcdefg", "abcdef", "abcde", "abcd", "abc", "ab"] {
            for i in 0..w.len() {
                let mut other = w.as_bytes().to_vec();
                other[i] ^= 1;
                assert_ne!(s.hash_one(w.as_bytes()), s.hash_one(&other[..]), "{w} {i}");
            }
        }
        assert_ne!(s.hash_one((1usize, 2usize)), s.hash_one((2usize, 1usize)));
        let mut m: FastMap<Box<str>, u32> = FastMap::default();
        for (i, w) in ["a", "bb", "ccc", "dddddddd", "eeeeeeeee"]
            .iter()
            .enumerate()
        {
            m.insert((*w).into(), i as u32);
        }
        assert_eq!(m.get("dddddddd"), Some(&3));
        assert_eq!(m.get("eeeeeeeee"), Some(&4));
    }
}
