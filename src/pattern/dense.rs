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
}
