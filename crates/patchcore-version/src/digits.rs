//! Numbers written as digit strings, compared and encoded with no size limit.

use std::cmp::Ordering;
use std::hash::Hasher;

/// Where a canonical encoding goes: the bytes of a [`crate::SortKey`], or a hasher (so that
/// `Hash` agrees with `Eq` without building the key).
pub(crate) trait Sink {
    /// Appends `bytes` to the encoding.
    fn put(&mut self, bytes: &[u8]);

    /// Whether the sink takes no more bytes, so the encoder may stop early.
    fn is_full(&self) -> bool {
        false
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Feeds an encoding to a [`Hasher`].
pub(crate) struct HashSink<'h, H: Hasher>(pub(crate) &'h mut H);

impl<H: Hasher> Sink for HashSink<'_, H> {
    fn put(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }
}

/// `digits` without its leading zeros (`"007"` → `"7"`, `"000"` → `""`).
pub(crate) fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&c| c == b'0').count();
    digits.get(zeros..).unwrap_or_default()
}

/// Digit strings up to this long are read as a `u64` (10^19 - 1 < 2^64).
pub(crate) const U64_DIGITS: usize = 19;

/// The value of at most [`U64_DIGITS`] ASCII digits.
#[inline]
fn value(digits: &[u8]) -> u64 {
    digits.iter().fold(0, |value: u64, &c| {
        value
            .wrapping_mul(10)
            .wrapping_add(u64::from(c.wrapping_sub(b'0')))
    })
}

/// Which of the runs of ASCII digits at `at` in `a` and in `b` is longer, read in step
/// (both runs are short, nearly always: one loop instead of two).
#[inline]
pub(crate) fn longer_run(a: &[u8], b: &[u8], mut at: usize) -> Ordering {
    let digit = |s: &[u8], at: usize| s.get(at).is_some_and(u8::is_ascii_digit);
    loop {
        match (digit(a, at), digit(b, at)) {
            (true, true) => at += 1,
            (x, y) => return x.cmp(&y),
        }
    }
}

/// Numeric order of two ASCII digit strings of any length: leading zeros ignored, then the
/// longer number is larger, then the digits decide.
#[inline]
pub(crate) fn cmp_numbers(a: &[u8], b: &[u8]) -> Ordering {
    if a.len() <= U64_DIGITS && b.len() <= U64_DIGITS {
        // Short numbers (nearly all): as integers, no trimming or byte comparison.
        return value(a).cmp(&value(b));
    }
    let (a, b) = (trim_zeros(a), trim_zeros(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Lengths up to this are one byte in [`put_number`]; longer ones are `LONG_BASE + n` and `n`
/// big-endian bytes.
const SHORT_MAX: usize = 200;
const LONG_BASE: u8 = 200;

/// Writes a number (ASCII digits, any length) so that byte order of the encodings is numeric
/// order: its significant length (order-preserving, self-delimiting), then its digits.
pub(crate) fn put_number(sink: &mut impl Sink, digits: &[u8]) {
    let digits = trim_zeros(digits);
    let len = digits.len();
    match u8::try_from(len) {
        Ok(short) if len <= SHORT_MAX => sink.put(&[short]),
        _ => {
            let be = (len as u64).to_be_bytes();
            let skip = be.iter().take_while(|&&b| b == 0).count();
            let significant = be.get(skip..).unwrap_or_default();
            // At most 8 bytes, so the sum stays below 256.
            let count = u8::try_from(significant.len()).unwrap_or(8);
            sink.put(&[LONG_BASE + count]);
            sink.put(significant);
        }
    }
    sink.put(digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(digits: &str) -> Vec<u8> {
        let mut out = Vec::new();
        put_number(&mut out, digits.as_bytes());
        out
    }

    #[test]
    fn leading_zeros_do_not_count() {
        assert_eq!(cmp_numbers(b"0010", b"10"), Ordering::Equal);
        assert_eq!(cmp_numbers(b"000", b""), Ordering::Equal);
        assert_eq!(key("0010"), key("10"));
    }

    #[test]
    fn numbers_compare_alike_on_both_sides_of_the_u64_limit() {
        // 19 digits are read as integers, 20 as digit strings: the order must not change.
        let nines = "9".repeat(19);
        let ten_pow_19 = format!("1{}", "0".repeat(19));
        assert_eq!(
            cmp_numbers(nines.as_bytes(), ten_pow_19.as_bytes()),
            Ordering::Less
        );
        assert_eq!(
            cmp_numbers(ten_pow_19.as_bytes(), nines.as_bytes()),
            Ordering::Greater
        );
        let padded = format!("0{nines}");
        assert_eq!(
            cmp_numbers(padded.as_bytes(), nines.as_bytes()),
            Ordering::Equal
        );
        assert_eq!(cmp_numbers(b"0000000000000000000", b""), Ordering::Equal);
        assert_eq!(
            cmp_numbers(b"18446744073709551615", b"18446744073709551616"),
            Ordering::Less
        );
    }

    #[test]
    fn longer_number_is_larger_with_no_size_limit() {
        let big = "9".repeat(300);
        let bigger = format!("1{}", "0".repeat(300));
        assert_eq!(
            cmp_numbers(big.as_bytes(), bigger.as_bytes()),
            Ordering::Less
        );
        assert!(key(&big) < key(&bigger));
        assert!(key(&"9".repeat(200)) < key(&"1".repeat(201)));
        assert!(key("99") < key("100"));
    }
}
