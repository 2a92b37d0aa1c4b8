//! A set of atoms as a dense bitset over the range they span: membership is a subtraction,
//! a comparison and a bit test, for the matcher's innermost loops (is this word a possible
//! start of the pattern, or of one of an alternation's alternatives?). The atoms a pattern
//! item can start with are interned together (a vocabulary's words are), so the range is
//! short; a set whose range would be too long keeps the sorted atoms and searches them.

/// Ranges longer than this many atoms (4 KB of bits) are searched instead.
const MAX_SPAN: u32 = 32_768;

/// A set of atoms.
#[derive(Debug, Clone, Default)]
pub(super) enum DenseSet {
    /// Bit `a - base` of `bits` is set for each atom `a`.
    Bits { base: u32, bits: Box<[u64]> },
    /// The atoms, sorted and without repeats.
    Sorted(Box<[u32]>),
    #[default]
    Empty,
}

impl DenseSet {
    /// The set of `atoms` (any order, repeats allowed).
    pub(super) fn new(atoms: &[u32]) -> DenseSet {
        let (Some(&lo), Some(&hi)) = (atoms.iter().min(), atoms.iter().max()) else {
            return DenseSet::Empty;
        };
        if hi - lo >= MAX_SPAN {
            let mut sorted = atoms.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            return DenseSet::Sorted(sorted.into_boxed_slice());
        }
        let mut bits = vec![0u64; (hi - lo) as usize / 64 + 1];
        for &a in atoms {
            let i = (a - lo) as usize;
            bits[i / 64] |= 1 << (i % 64);
        }
        DenseSet::Bits {
            base: lo,
            bits: bits.into_boxed_slice(),
        }
    }

    /// Does the set hold atom `a`?
    #[inline]
    pub(super) fn contains(&self, a: u32) -> bool {
        match self {
            DenseSet::Bits { base, bits } => {
                let i = a.wrapping_sub(*base) as usize;
                bits.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
            }
            DenseSet::Sorted(atoms) => atoms.binary_search(&a).is_ok(),
            DenseSet::Empty => false,
        }
    }

    /// Does the set hold one of `atoms`?
    #[inline]
    pub(super) fn any(&self, atoms: &[u32]) -> bool {
        atoms.iter().any(|&a| self.contains(a))
    }
}

/// A two-word filter of a set of atoms: bit `a % 64` of `low` and bit `a / 64 % 64` of `high`
/// for each atom `a` of the set. A word stands for an atom of the set only if one of its
/// atoms has its bit set in both words, so a word that fails either test stands for none; a
/// word that passes may still not (atoms 64 apart share a `low` bit, atoms 4,096 apart a
/// `high` bit). It lives beside what it filters (a sequence's item, a pattern), so that the
/// matcher passes over most words without reading the set itself, a structure elsewhere in
/// memory whose first read is a cache miss.
///
/// Why two words: a vocabulary's atoms are interned together, so its dozens of atoms set
/// most of the 64 `low` bits (a pattern's start test passed 3,020 words per submission of
/// which 861 could start it) but only the few `high` bits of the 64-atom blocks they lie in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Sieve {
    low: u64,
    high: u64,
}

impl Sieve {
    /// The filter of `atoms` (any order, repeats allowed).
    pub(super) fn new(atoms: &[u32]) -> Sieve {
        atoms.iter().fold(Sieve::default(), |s, &a| Sieve {
            low: s.low | 1 << (a % 64),
            high: s.high | 1 << (a / 64 % 64),
        })
    }

    /// Can one of `atoms` be in the set? (`false`: none is.) Does one of them have both its
    /// bits set?
    #[cfg(test)]
    pub(super) fn may_hold_any(self, atoms: &[u32]) -> bool {
        atoms.iter().any(|&a| self.may_hold(a))
    }

    /// Can atom `a` be in the set? (`false`: it is not.)
    #[inline]
    pub(super) fn may_hold(self, a: u32) -> bool {
        self.low >> (a % 64) & 1 == 1 && self.high >> (a / 64 % 64) & 1 == 1
    }

    /// Can one of the atoms of `word`, the sieve of a word's atoms (`TokenIds::sieve`), be in
    /// the set? `false` whenever [`Sieve::may_hold`] is `false` for each of those atoms (an
    /// atom that passes has its bits in both sieves), without reading the atoms; it may say
    /// `true` where that says `false` (one atom of the word meeting `low`, another `high`).
    #[inline]
    pub(super) fn meets(self, word: Sieve) -> bool {
        self.low & word.low != 0 && self.high & word.high != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_exactly_its_atoms() {
        for atoms in [
            vec![],
            vec![0],
            vec![5, 3, 5, 64, 63, 127, 128],
            vec![1_000, 1_001, 40_000],
            vec![u32::MAX, 0],
            vec![u32::MAX - 1, u32::MAX],
        ] {
            let set = DenseSet::new(&atoms);
            for probe in [
                0, 1, 2, 3, 4, 5, 6, 63, 64, 65, 127, 128, 129, 999, 1_000, 1_001,
            ]
            .into_iter()
            .chain([1_002, 39_999, 40_000, 40_001, u32::MAX - 1, u32::MAX])
            {
                assert_eq!(
                    set.contains(probe),
                    atoms.contains(&probe),
                    "{atoms:?} {probe}"
                );
            }
            assert_eq!(set.any(&[7, 8]), atoms.iter().any(|a| [7, 8].contains(a)));
            assert_eq!(set.any(&atoms), !atoms.is_empty());
        }
    }

    #[test]
    fn a_sieve_never_rejects_a_member() {
        let atoms = [0, 5, 63, 64, 130, 4_000];
        let sieve = Sieve::new(&atoms);
        for &a in &atoms {
            assert!(sieve.may_hold_any(&[a]));
            assert!(sieve.may_hold_any(&[1, a]));
            assert!(sieve.meets(Sieve::new(&[a])));
            assert!(sieve.meets(Sieve::new(&[1, a, 9_999])));
        }
        // `low` bits 0, 2, 5, 32 and 63 are set (130 = 2 × 64 + 2, 4,000 = 62 × 64 + 32), 1,
        // 3 and 4 are not; `high` bits 0, 1, 2 and 62. 69 = 64 + 5 has both its bits (5, 1);
        // 4,101 = 64 × 64 + 5 shares both with atom 5 (4,096 apart); 197 = 3 × 64 + 5 has
        // its `low` bit but not its `high` one; 4,001 the reverse.
        assert!(!sieve.may_hold_any(&[1, 3, 4, 67]));
        assert!(sieve.may_hold_any(&[1, 66]));
        assert!(sieve.may_hold_any(&[69]));
        assert!(sieve.may_hold_any(&[4_101]));
        assert!(!sieve.may_hold_any(&[197]));
        assert!(!sieve.may_hold_any(&[4_001]));
        assert!(!sieve.may_hold_any(&[]));
        assert!(!Sieve::new(&[]).may_hold_any(&[0, 1, 63]));
        // A word's sieve never says no where its atoms say yes; on one atom they agree.
        for word in [
            &[][..],
            &[1],
            &[66],
            &[1, 3, 4, 67],
            &[69, 2],
            &[4_000, 7],
            &[4_001],
            &[197],
            &[197, 4_001],
            &[4_101],
        ] {
            let meets = sieve.meets(Sieve::new(word));
            assert!(meets || !sieve.may_hold_any(word), "{word:?}");
            if word.len() <= 1 {
                assert_eq!(meets, sieve.may_hold_any(word), "{word:?}");
            }
        }
        // Two atoms of one word may pass one word each: a pass, not a member.
        assert!(sieve.meets(Sieve::new(&[197, 4_001])));
        assert!(!sieve.may_hold_any(&[197, 4_001]));
    }
}
