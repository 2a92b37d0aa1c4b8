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

/// A one-word filter of a set of atoms: bit `a % 64` for each atom `a` of the set. A word
/// none of whose atoms has its bit set stands for no atom of the set; a word that passes may
/// still not (atoms 64 apart share a bit). It lives beside what it filters (a sequence's item,
/// a pattern), so that the matcher passes over most words without reading the set itself, a
/// structure elsewhere in memory whose first read is a cache miss.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Sieve(u64);

impl Sieve {
    /// The filter of `atoms` (any order, repeats allowed).
    pub(super) fn new(atoms: &[u32]) -> Sieve {
        Sieve(atoms.iter().fold(0, |bits, &a| bits | 1 << (a % 64)))
    }

    /// Can one of `atoms` be in the set? (`false`: none is.) The matcher asks
    /// [`Sieve::meets`] with the word's own sieve instead, the same answer.
    #[cfg(test)]
    pub(super) fn may_hold_any(self, atoms: &[u32]) -> bool {
        atoms.iter().any(|&a| self.0 >> (a % 64) & 1 == 1)
    }

    /// Can one of the atoms of `word`, the sieve of a word's atoms (`TokenIds::sieve`), be in
    /// the set? The same answer as [`Sieve::may_hold_any`] with those atoms (an atom passes
    /// when its bit is in both), in one AND, without reading the atoms.
    #[inline]
    pub(super) fn meets(self, word: Sieve) -> bool {
        self.0 & word.0 != 0
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
        }
        // Bits 0, 2, 5, 32 and 63 are set (130 = 128 + 2, 4,000 = 62 × 64 + 32), 1, 3 and 4
        // are not; 69 = 64 + 5 shares atom 5's bit.
        assert!(!sieve.may_hold_any(&[1, 3, 4, 67]));
        assert!(sieve.may_hold_any(&[1, 66]));
        assert!(sieve.may_hold_any(&[69]));
        assert!(!sieve.may_hold_any(&[]));
        assert!(!Sieve::new(&[]).may_hold_any(&[0, 1, 63]));
        // A word's sieve gives the same answer as its atoms.
        for word in [
            &[][..],
            &[1],
            &[66],
            &[1, 3, 4, 67],
            &[69, 2],
            &[4_000, 7],
            &[4_001],
        ] {
            assert_eq!(
                sieve.meets(Sieve::new(word)),
                sieve.may_hold_any(word),
                "{word:?}"
            );
        }
    }
}
