//! dpkg 1.21 `dpkg_version_compare`, and a canonical byte encoding with the same order.
//!
//! Both work on the parts of a version that `parse` accepted, so every byte is an
//! ASCII letter or digit or one of `.+~-:`.

use std::cmp::Ordering;

use super::parse::Parts;
use crate::digits::{self, Sink};
use crate::prefix::common_prefix;

/// The weight of the end of a non-digit part — and of a digit, which ends one.
const END_OF_PART: u8 = 0x02;
/// The weight of `~`, which sorts before everything, even the end of a part.
const TILDE: u8 = 0x01;

/// dpkg's `order()` as one byte: `~` < end of part (a digit, or the NUL past the end) <
/// letters (by ASCII) < every other character (by ASCII). Letters keep their ASCII value;
/// the other allowed characters (`+`, `-`, `.`, `:`) move above them to 0x80 + ASCII.
static WEIGHTS: [u8; 256] = byte_table!(|b| match b {
    b'~' => TILDE,
    b'0'..=b'9' | 0 => END_OF_PART,
    b'a'..=b'z' | b'A'..=b'Z' => b,
    0x00..=0x7f => 0x80 | b,
    _ => 0xff,
});

#[inline]
fn weight(b: u8) -> u8 {
    WEIGHTS.get(usize::from(b)).copied().unwrap_or(0xff)
}

/// Compares two epochs, upstream versions and revisions the way `dpkg_version_compare`
/// does: epoch numerically, then upstream, then revision, each with `verrevcmp`.
#[inline(always)]
pub(crate) fn compare_parts(a: &Parts<'_>, b: &Parts<'_>) -> Ordering {
    if a.epoch != b.epoch {
        return a.epoch.cmp(&b.epoch);
    }
    match verrevcmp(a.upstream, b.upstream) {
        Ordering::Equal => verrevcmp(a.revision, b.revision),
        unequal => unequal,
    }
}

/// dpkg's `verrevcmp` on an upstream version or a revision (an absent revision is empty).
///
/// Versions of one package share long prefixes, so the common prefix is skipped a word at
/// a time first, and the comparison is read at the first difference
/// ([`verrevcmp_at_difference`]).
#[inline]
pub(crate) fn verrevcmp(a: &[u8], b: &[u8]) -> Ordering {
    let same = common_prefix(a, b);
    if same == a.len() && same == b.len() {
        return Ordering::Equal;
    }
    verrevcmp_at_difference(a, b, same)
}

/// [`verrevcmp`] of two parts that are equal before `at` and differ at `at` (one of them
/// may end there), or both end at `at`.
///
/// Most comparisons are decided at the first difference, without the `verrevcmp` loop:
/// - in a non-digit part, by the weights of the two bytes (a digit, or the end, weighs as
///   the end of the part: `1.0~rc1` < `1.0` because `~` weighs less than the end);
/// - in a number without leading zeros (the shared digits before `at` included), by the
///   number of digits, then by the two digits at `at` (`1.19` > `1.2`: 19 has more
///   digits; `1.24` < `1.25`) — and when both numbers end at `at`, by the weights of the
///   bytes that follow them.
///
/// Leading zeros (`1.01` against `1.001`, both 1) and a digit against the end of a
/// non-digit part go to the loop, restarted at the start of the number.
#[inline(always)]
pub(crate) fn verrevcmp_at_difference(a: &[u8], b: &[u8], at: usize) -> Ordering {
    let (x, y) = (byte_at(a, at), byte_at(b, at));
    let (x_digit, y_digit) = (x.is_ascii_digit(), y.is_ascii_digit());
    // The shared bytes before `at`, back to the start of their digit run.
    let mut run = a.get(..at).unwrap_or_default().iter().rev();
    let previous = run.next().copied();
    if previous.is_some_and(|p| p.is_ascii_digit()) {
        if previous == Some(b'0') && !run.take_while(|p| p.is_ascii_digit()).any(|&p| p != b'0') {
            // Only zeros so far: leading zeros, which the loop skips.
            return verrevcmp_from(a, b, run_start(a, at));
        }
    } else if !(x_digit && y_digit) {
        // A non-digit part differs at `at`: the two bytes decide (a digit weighs as the
        // end of the part), except a digit against the end of the part.
        let (wx, wy) = (weight(x), weight(y));
        if wx != wy {
            return wx.cmp(&wy);
        }
        if at >= a.len() && at >= b.len() {
            return Ordering::Equal;
        }
        return verrevcmp_from(a, b, at);
    } else if x == b'0' || y == b'0' {
        // Two numbers start here, one with a zero (`0.9` against `1.2`): when that number is
        // just 0, it is the smaller; else its leading zeros go to the loop.
        if !byte_at(a, at + 1).is_ascii_digit() && x == b'0' {
            return Ordering::Less;
        }
        if !byte_at(b, at + 1).is_ascii_digit() && y == b'0' {
            return Ordering::Greater;
        }
        return verrevcmp_from(a, b, at);
    }
    // Inside (or at the start of) a number without leading zeros in both: the longer
    // number is larger; numbers of one length differ first at `at`.
    if x_digit || y_digit {
        return digits::longer_run(a, b, at).then(x.cmp(&y));
    }
    // Both numbers end at `at`, equal: the next non-digit parts differ at `at`.
    weight(x).cmp(&weight(y))
}

/// Where the digit run that ends at `at` in `s` starts.
fn run_start(s: &[u8], at: usize) -> usize {
    s.get(..at)
        .and_then(|prefix| prefix.iter().rposition(|p| !p.is_ascii_digit()))
        .map_or(0, |last_non_digit| last_non_digit + 1)
}

/// The byte at `i`, or NUL past the end — C's terminator, which no valid version contains.
#[inline]
fn byte_at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

/// The `verrevcmp` loop from byte `start` of both `a` and `b` (where both are at the same
/// point of their parts): alternately a non-digit part, compared by weight — the end of
/// the part (a digit or the end of the string) weighing [`END_OF_PART`] — then a digit part,
/// compared as a number of any length.
#[inline(never)]
fn verrevcmp_from(a: &[u8], b: &[u8], start: usize) -> Ordering {
    let (mut i, mut j) = (start, start);
    loop {
        loop {
            let (x, y) = (weight(byte_at(a, i)), weight(byte_at(b, j)));
            if x != y {
                return x.cmp(&y);
            }
            // Equal weights: both at the end of the part, or the same non-digit byte.
            if x == END_OF_PART {
                break;
            }
            i += 1;
            j += 1;
        }
        while byte_at(a, i) == b'0' {
            i += 1;
        }
        while byte_at(b, j) == b'0' {
            j += 1;
        }
        let mut first_diff = Ordering::Equal;
        loop {
            let (x, y) = (byte_at(a, i), byte_at(b, j));
            match (x.is_ascii_digit(), y.is_ascii_digit()) {
                (true, true) => {
                    if first_diff == Ordering::Equal {
                        first_diff = x.cmp(&y);
                    }
                    i += 1;
                    j += 1;
                }
                (true, false) => return Ordering::Greater,
                (false, true) => return Ordering::Less,
                (false, false) => break,
            }
        }
        if first_diff != Ordering::Equal {
            return first_diff;
        }
        if i >= a.len() && j >= b.len() {
            return Ordering::Equal;
        }
    }
}

/// What ends an encoded part: it stands for the endless run of empty non-digit parts and
/// zero numbers that dpkg compares an exhausted part as (`END_OF_PART`, the number 0,
/// `END_OF_PART`, …). Against any real continuation it is decided within its three bytes —
/// a real continuation never starts with `END_OF_PART, 0, END_OF_PART`, because a zero
/// number is followed by a non-empty non-digit part or by the end — and two ends are equal.
const END_OF_VERSION_PART: [u8; 3] = [END_OF_PART, 0, END_OF_PART];

/// Writes the canonical encoding of a version: encodings compare (as plain bytes) in dpkg's
/// order, and versions dpkg calls equal encode identically.
///
/// Layout: the epoch as 4 big-endian bytes, then the upstream version, then the revision.
/// A part is a sequence of (non-digit run, number) pairs — each non-digit byte as its
/// weight, [`END_OF_PART`], then the number as [`digits::put_number`] writes it (leading
/// zeros dropped) — and [`END_OF_VERSION_PART`]. A part made only of zeros (an absent
/// revision, `0`, `00`) is equal to the exhausted part and encodes as the end alone.
pub(crate) fn encode(parts: &Parts<'_>, sink: &mut impl Sink) {
    sink.put(&parts.epoch.to_be_bytes());
    encode_part(parts.upstream, sink);
    encode_part(parts.revision, sink);
}

fn encode_part(part: &[u8], sink: &mut impl Sink) {
    if part.iter().all(|&b| b == b'0') {
        sink.put(&END_OF_VERSION_PART);
        return;
    }
    let mut rest = part;
    while !rest.is_empty() {
        let non_digits = rest.iter().take_while(|b| !b.is_ascii_digit()).count();
        let (run, tail) = rest.split_at(non_digits);
        for &b in run {
            sink.put(&[weight(b)]);
        }
        let digit_count = tail.iter().take_while(|b| b.is_ascii_digit()).count();
        let (number, tail) = tail.split_at(digit_count);
        sink.put(&[END_OF_PART]);
        digits::put_number(sink, number);
        rest = tail;
    }
    sink.put(&END_OF_VERSION_PART);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_that_is_just_zero_is_below_any_other_number() {
        // dpkg: numbers compare by value, leading zeros ignored.
        for (a, b, expected) in [
            (&b"0.9"[..], &b"1.2"[..], Ordering::Less),
            (b"1.0", b"1.1", Ordering::Less),
            (b"1.0~rc1", b"1.2", Ordering::Less),
            (b"1.05", b"1.1", Ordering::Greater),
            (b"1.00", b"1.1", Ordering::Less),
            (b"1.0", b"1.00", Ordering::Equal),
        ] {
            assert_eq!(verrevcmp(a, b), expected, "{a:?} {b:?}");
            assert_eq!(verrevcmp(b, a), expected.reverse(), "{b:?} {a:?}");
        }
    }

    #[test]
    fn weights_follow_dpkg_order() {
        let ordered = [b'~', b'0', b'A', b'Z', b'a', b'z', b'+', b'-', b'.', b':'];
        for pair in ordered.windows(2) {
            assert!(weight(pair[0]) < weight(pair[1]), "{pair:?}");
        }
    }
}
