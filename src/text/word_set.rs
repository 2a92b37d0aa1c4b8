//! A fixed set of short words (the stop lists), looked up without hashing the word's bytes.
//!
//! Stop lists are asked about nearly every word a learner writes (the copy and echo checks,
//! typo lookup, the Markdown reader's word overlaps), and most answers are mostly stop words.
//! A general hash set hashes the word (a call copying its last bytes), probes and compares
//! the strings. Here a word of at most `MAX_LEN` bytes is packed into one `u128` with its
//! length, and looked up in a small open-addressed table of packed words: a few integer
//! operations and one or two compares. A longer word is in no such set.
//!
//! The table is fixed once built and every lookup only reads it, so a learner's words
//! cannot make a probe longer than the longest run of the table itself.

/// The longest word a set can hold, in bytes (the length is kept in the 16th byte).
const MAX_LEN: usize = 15;

/// A fixed set of words of 1 to `MAX_LEN` bytes.
pub(crate) struct WordSet {
    /// Packed words (see `key`) at their slots; 0 is an empty slot (no key is 0).
    slots: Box<[u128]>,
    mask: usize,
}

/// `w` packed with its length in the top byte (its bytes in the bytes below), or None when it cannot be in a set (empty
/// or longer than `MAX_LEN`). Two words have equal keys only when they are equal.
#[inline]
fn key(b: &[u8]) -> Option<u128> {
    if b.is_empty() || b.len() > MAX_LEN {
        return None;
    }
    // Two 64-bit halves (shifts of a u128 by a variable amount cost several instructions):
    // bytes 0..8 in the low half, the rest and the length in the high one.
    let (first, rest) = b.split_at(b.len().min(8));
    let mut lo = 0u64;
    for (i, &x) in first.iter().enumerate() {
        lo |= u64::from(x) << (8 * i);
    }
    let mut hi = (b.len() as u64) << 56;
    for (i, &x) in rest.iter().enumerate() {
        hi |= u64::from(x) << (8 * i);
    }
    Some(u128::from(hi) << 64 | u128::from(lo))
}

/// The first slot to try for key `k`.
#[inline]
fn slot(k: u128, mask: usize) -> usize {
    let x = (k as u64) ^ ((k >> 64) as u64).rotate_left(31);
    (x.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & mask
}

impl WordSet {
    /// The set of `words`. Panics on a word that is empty or longer than `MAX_LEN` bytes: the
    /// lists are the program's own (every list is built in a test).
    pub(crate) fn new(words: &[&str]) -> WordSet {
        // At most a quarter full: runs stay short.
        let size = (words.len() * 4).next_power_of_two().max(16);
        let mask = size - 1;
        let mut slots = vec![0u128; size];
        for w in words {
            let k = key(w.as_bytes()).unwrap_or_else(|| panic!("{w:?} cannot be in a WordSet"));
            let mut i = slot(k, mask);
            while slots[i] != 0 && slots[i] != k {
                i = (i + 1) & mask;
            }
            slots[i] = k;
        }
        WordSet {
            slots: slots.into_boxed_slice(),
            mask,
        }
    }

    /// Whether `w` is one of the set's words.
    #[inline]
    pub(crate) fn contains(&self, w: &str) -> bool {
        self.contains_bytes(w.as_bytes())
    }

    /// Whether the word of UTF-8 bytes `w` is one of the set's words.
    #[inline]
    pub(crate) fn contains_bytes(&self, w: &[u8]) -> bool {
        let Some(k) = key(w) else {
            return false;
        };
        let mut i = slot(k, self.mask);
        loop {
            match self.slots[i] {
                s if s == k => return true,
                0 => return false,
                _ => i = (i + 1) & self.mask,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_exactly_its_words() {
        let words = [
            "a",
            "an",
            "the",
            "é",
            "naïve",
            "fifteen-bytes!!",
            "x",
            "xx",
            "ab",
            "ba",
            "a\0",
        ];
        let set = WordSet::new(&words);
        for w in words {
            assert!(set.contains(w) && set.contains_bytes(w.as_bytes()), "{w:?}");
        }
        for w in [
            "",
            "b",
            "aa",
            "th",
            "thee",
            "The",
            "e",
            "nai",
            "fifteen-bytes!",
            "fifteen-bytes!!!",
            "a\0\0",
            "\0a",
            "\0",
            "xxx",
            "abc",
        ] {
            assert!(!set.contains(w), "{w:?}");
        }
    }

    #[test]
    fn agrees_with_a_hash_set_on_many_words() {
        let words: Vec<String> = (0..300).map(|i| format!("w{}", i * 7)).collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let set = WordSet::new(&refs);
        let reference: std::collections::HashSet<&str> = refs.iter().copied().collect();
        for i in 0..3_000 {
            let w = format!("w{i}");
            assert_eq!(set.contains(&w), reference.contains(w.as_str()), "{w}");
        }
        // Duplicates are kept once and still found.
        let dup = WordSet::new(&["same", "same", "other"]);
        assert!(dup.contains("same") && dup.contains("other") && !dup.contains("sam"));
    }

    #[test]
    #[should_panic(expected = "cannot be in a WordSet")]
    fn refuses_a_word_too_long() {
        WordSet::new(&["sixteen-bytes-xx"]);
    }

    #[test]
    fn an_empty_set_holds_nothing() {
        let set = WordSet::new(&[]);
        assert!(!set.contains("a") && !set.contains(""));
    }
}
