//! Edit distance between words, and the "did you mean" that rubric messages offer for a
//! misspelt name.

/// Optimal-string-alignment distance, giving up (returning `budget + 1`) once it exceeds
/// `budget`.
pub fn damerau_levenshtein(a: &[char], b: &[char], budget: usize) -> usize {
    if a.len().abs_diff(b.len()) > budget {
        return budget + 1;
    }
    // Three rolling rows (two back, one back, this one); on the stack for words.
    let w = b.len() + 1;
    let mut stack = [0usize; 3 * 48];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if 3 * w <= stack.len() {
        &mut stack[..3 * w]
    } else {
        heap.resize(3 * w, 0);
        &mut heap
    };
    let (mut r2, mut r1, mut r0) = (0, w, 2 * w);
    for j in 0..=b.len() {
        rows[r1 + j] = j;
    }
    for i in 1..=a.len() {
        rows[r0] = i;
        let mut row_min = usize::MAX;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[r1 + j] + 1)
                .min(rows[r0 + j - 1] + 1)
                .min(rows[r1 + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[r2 + j - 2] + 1);
            }
            rows[r0 + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > budget {
            return budget + 1;
        }
        (r2, r1, r0) = (r1, r0, r2);
    }
    rows[r1 + b.len()]
}

/// The name of `known` nearest to `typed`, when it is near enough to be a likely misspelling:
/// at most one edit for names of 3 or 4 characters, two up to 8, three beyond (a letter left
/// out, doubled, changed, or two letters swapped, each count as one); none for shorter names,
/// where one edit makes any name another. Ties go to the first
/// in `known`'s order, so the suggestion is deterministic for a sorted list.
pub fn closest<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let t: Vec<char> = typed.chars().collect();
    let budget = match t.len() {
        0..=2 => return None,
        3..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let kc: Vec<char> = k.chars().collect();
        let d = damerau_levenshtein(&t, &kc, budget);
        if d <= budget && d > 0 && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// `"; did you mean `x`?"` for [`closest`], or nothing.
pub fn did_you_mean<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    closest(typed, known).map_or_else(String::new, |k| format!("; did you mean `{k}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_is_bounded() {
        let a: Vec<char> = "abcdefghij".chars().collect();
        let b: Vec<char> = "abdcefghij".chars().collect();
        assert_eq!(damerau_levenshtein(&a, &b, 2), 1);
        let c: Vec<char> = "zzzzzzzzzz".chars().collect();
        assert_eq!(damerau_levenshtein(&a, &c, 2), 3);
    }

    #[test]
    fn a_near_name_is_suggested_and_a_far_one_is_not() {
        let known = ["bandwidth", "latency", "index", "write"];
        assert_eq!(closest("bandwith", known), Some("bandwidth"));
        assert_eq!(closest("latnecy", known), Some("latency"));
        assert_eq!(closest("indx", known), Some("index"));
        assert_eq!(closest("wirte", known), Some("write"));
        assert_eq!(closest("cache", known), None);
        assert_eq!(
            closest("latency", known),
            None,
            "the same name is no suggestion"
        );
        assert_eq!(closest("", known), None);
        assert_eq!(closest("x", ["a", "b"]), None, "too short to guess");
        assert_eq!(
            did_you_mean("bandwith", known),
            "; did you mean `bandwidth`?"
        );
        assert_eq!(did_you_mean("cache", known), "");
        // A tie goes to the first listed.
        assert_eq!(closest("cat", ["bat", "cab"]), Some("bat"));
    }
}
