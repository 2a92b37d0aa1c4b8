//! The number reader: every mention lies on character boundaries of the text, in order, with
//! `raw` equal to its slice and a finite value; a whole-string parse gives a finite value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut last_end = 0;
    for m in assay::numeric::read_numbers(text) {
        assert!(m.start < m.end && m.end <= text.len(), "{m:?}");
        assert!(
            text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
            "{m:?}"
        );
        assert!(m.start >= last_end, "overlapping mentions: {m:?}");
        assert_eq!(m.raw, text[m.start..m.end]);
        assert!(
            m.value.is_finite() && m.low.is_finite() && m.high.is_finite(),
            "{m:?}"
        );
        assert!(!m.is_range || m.low <= m.high, "{m:?}");
        last_end = m.end;
    }
    if let Some(q) = assay::numeric::parse_quantity(text) {
        assert!(q.value.is_finite(), "{q:?}");
    }
    if let Some(v) = assay::numeric::parse_number(text) {
        assert!(v.is_finite(), "{v}");
    }
});
