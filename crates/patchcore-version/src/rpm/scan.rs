//! The comparison engine behind [`super::vercmp`] and the EVR order: one pass over the
//! borrowed text of both sides, no allocation.
//!
//! An EVR compares as epoch, then version, then release (`rpmverCmp`). After the epoch, both
//! sides are read as one token stream: the version's tokens, a version-end token (the last
//! `-`, or the end of a text without release), then the release's tokens. The version end
//! ranks like rpmvercmp's end of string, and "a release follows" beats "no release follows",
//! which is exactly epoch → rpmvercmp(version) → release presence → rpmvercmp(release).
//!
//! Same-package pairs share prefixes (`1.3.38-1.amzn2023.0.4` / `…0.5`): the comparison
//! starts at the start of the token holding the first differing byte, found eight bytes at a
//! time, instead of at the start. Nearly all real pairs are decided by that one token
//! ([`decide_at_difference`]: two numbers, two letter runs, or two tokens of different
//! ranks); the lockstep [`scan`] runs only when it is not. Where a text's last `-` is matters
//! only when the comparison reaches a `-`: it is looked for then (eight bytes at a time), not
//! up front, so a pair decided in its first token never looks at the rest of the text.

use std::cmp::Ordering;

use crate::digits::{U64_DIGITS, cmp_numbers, longer_run};

/// Eight bytes as one little-endian word: byte `k` of the slice is bits `8k..8k + 8`.
#[inline]
fn word(bytes: &[u8; 8]) -> u64 {
    u64::from_le_bytes(*bytes)
}

/// The index (0..8) of the highest byte flagged in `bits` (from [`dash_bits`], not 0).
#[inline]
fn last_in_word(bits: u64) -> usize {
    7 - bits.leading_zeros() as usize / 8
}

/// The high bit of each byte of `w` that is a `-`, and no other bit (exact: no carry crosses
/// a byte, unlike the shorter "has a zero byte" test).
#[inline]
fn dash_bits(w: u64) -> u64 {
    const LOW7: u64 = u64::from_ne_bytes([0x7f; 8]);
    const DASHES: u64 = u64::from_ne_bytes([b'-'; 8]);
    let v = w ^ DASHES;
    !(((v & LOW7) + LOW7) | v | LOW7)
}

/// The index of the last `-` in `s`, eight bytes at a time from the end.
#[inline]
pub(crate) fn last_dash(s: &[u8]) -> Option<usize> {
    let mut rest = s;
    while let Some((head, tail)) = rest.split_last_chunk::<8>() {
        let bits = dash_bits(word(tail));
        if bits != 0 {
            return Some(head.len() + last_in_word(bits));
        }
        rest = head;
    }
    if rest.is_empty() {
        return None;
    }
    match s.first_chunk::<8>() {
        // The first eight bytes, of which only the `rest.len()` (1..=7) not yet seen count.
        Some(first) => {
            let bits = dash_bits(word(first)) & (u64::MAX >> (64 - 8 * rest.len()));
            (bits != 0).then(|| last_in_word(bits))
        }
        None => rest.iter().rposition(|&c| c == b'-'),
    }
}

/// Whether `s` contains a `-`.
#[inline]
pub(crate) fn contains_dash(s: &[u8]) -> bool {
    last_dash(s).is_some()
}

/// Ranks in rpmvercmp's order (`~` < end < `^` < letters < digits), and the separators.
const TILDE: u8 = 0;
const END: u8 = 1;
const CARET: u8 = 2;
const ALPHA: u8 = 3;
const DIGIT: u8 = 4;
const SEPARATOR: u8 = 5;
const DASH: u8 = 6;

/// The rank (or separator kind) of every byte.
static CLASS: [u8; 256] = class_table();

// Evaluated at compile time: an out-of-range index would fail the build, not panic, and
// `c` < 256 makes the cast exact.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const fn class_table() -> [u8; 256] {
    let mut table = [SEPARATOR; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = match c as u8 {
            b'~' => TILDE,
            b'^' => CARET,
            b'a'..=b'z' | b'A'..=b'Z' => ALPHA,
            b'0'..=b'9' => DIGIT,
            b'-' => DASH,
            _ => SEPARATOR,
        };
        c += 1;
    }
    table
}

#[inline]
fn class(c: u8) -> u8 {
    // A `u8` always indexes the 256 entries; the fallback is never taken.
    CLASS.get(usize::from(c)).copied().unwrap_or(SEPARATOR)
}

/// The start of the token that holds position `shared` (the common prefix length) of `a`,
/// from which both texts read identically: back over the letter or digit run that ends
/// there, which may continue differently on each side (`1.19` / `1.100` must compare 19
/// with 100; `ab` / `ab1` must compare the letter runs `ab` and `ab`).
#[inline]
pub(crate) fn resume_point(a: &[u8], shared: usize) -> usize {
    let Some(before) = shared.checked_sub(1).and_then(|k| a.get(k)) else {
        return shared;
    };
    let run = class(*before);
    if run != DIGIT && run != ALPHA {
        return shared;
    }
    let head = a.get(..shared).unwrap_or_default();
    head.iter()
        .rposition(|&c| class(c) != run)
        .map_or(0, |k| k + 1)
}

/// The number of ASCII digits from `at` on.
#[inline(always)]
pub(crate) fn digits_from(text: &[u8], at: usize) -> usize {
    let rest = text.get(at..).unwrap_or_default();
    rest.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// The order of `a` and `b` when the token holding their first difference decides it alone,
/// which is what most pairs come to; `None` sends the pair to the full [`scan`].
///
/// `shared` is the length of the common prefix (a position where the texts differ) and `at`
/// the [`resume_point`] before it; the caller guarantees that the tokens before `at` compare
/// equal in the same part on both sides (the same version, or no version end yet). Then:
/// - in a digit run, the number with more significant digits is larger, and between numbers
///   of one length the first differing digit decides;
/// - in a letter run, the first differing letter decides, and a run that ends first is
///   smaller;
/// - tokens of different kinds (`~`, `^`, letters, digits) decide by rank.
///
/// `IN_STEP` picks how the two digit runs after a differing first digit are measured: in one
/// loop ([`longer_run`]), which the string comparison prefers, or each on its own, which the
/// comparison of parsed EVRs prefers (it comes here only for pairs whose key prefixes are
/// equal, often with long numbers). Both give the same answer; the choice was measured with
/// `scripts/callgrind-versions.sh`.
#[inline(always)]
pub(crate) fn decide_at_difference<const IN_STEP: bool>(
    a: &[u8],
    b: &[u8],
    at: usize,
    shared: usize,
) -> Option<Ordering> {
    let (p, q) = (a.get(shared).copied(), b.get(shared).copied());
    if at < shared {
        // Inside a run that started before the difference, the same on both sides so far.
        let first = a.get(at).copied().unwrap_or_default();
        if first.is_ascii_digit() {
            if first == b'0' {
                return decided(numbers(a, at, b, at));
            }
            let (more_a, more_b) = (digits_from(a, shared), digits_from(b, shared));
            match more_a.cmp(&more_b) {
                // The same number ends at `shared` on both sides: go on with the next token.
                Ordering::Equal if more_a == 0 => {}
                Ordering::Equal => return Some(p.cmp(&q)),
                longer => return Some(longer),
            }
        } else {
            let letter = |c: Option<u8>| c.filter(u8::is_ascii_alphabetic);
            match (letter(p), letter(q)) {
                // The same letters end at `shared` on both sides: go on with the next token.
                (None, None) => {}
                (p, q) => return Some(p.cmp(&q)),
            }
        }
    }
    // A token starts at the difference on both sides (a run that ended there ends on both
    // sides, so the next token starts there too). Most often two numbers without a
    // leading zero: the longer one is larger, else the first digit decides.
    if let (Some(p @ b'1'..=b'9'), Some(q @ b'1'..=b'9')) = (p, q) {
        let longer = if IN_STEP {
            longer_run(a, b, shared + 1)
        } else {
            digits_from(a, shared + 1).cmp(&digits_from(b, shared + 1))
        };
        return Some(longer.then(p.cmp(&q)));
    }
    let (x, y) = (p.map_or(SEPARATOR, class), q.map_or(SEPARATOR, class));
    if x >= SEPARATOR || y >= SEPARATOR {
        // A separator, `-` or the end: what comes next depends on the part.
        return None;
    }
    match x {
        _ if x != y => Some(x.cmp(&y)),
        DIGIT => {
            // Two numbers, one starting with a zero (the two differ here, and a number
            // starting with another digit was decided above): a number that is just 0 is
            // the smaller; else the numbers are read, leading zeros skipped.
            let just_zero = |s: &[u8]| !s.get(shared + 1).is_some_and(u8::is_ascii_digit);
            match (p, q) {
                (Some(b'0'), _) if just_zero(a) => Some(Ordering::Less),
                (_, Some(b'0')) if just_zero(b) => Some(Ordering::Greater),
                _ => decided(numbers(a, shared, b, shared)),
            }
        }
        ALPHA => Some(p.cmp(&q)),
        // `~` or `^` on both sides cannot differ.
        _ => None,
    }
}

/// `Some` when `order` decides.
#[inline]
fn decided(order: Ordering) -> Option<Ordering> {
    (order != Ordering::Equal).then_some(order)
}

/// Compares the digit runs at `i` in `a` and `j` in `b` as numbers.
#[inline]
fn numbers(a: &[u8], mut i: usize, b: &[u8], mut j: usize) -> Ordering {
    digit_runs(a, &mut i, b, &mut j)
}

/// Which part of the text the scan is in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// Before the version end: a `-` may be the last one, which ends the version.
    Version,
    /// Plain rpmvercmp: every `-` is a separator.
    Release,
}

/// Not yet looked for (looked for the first time the scan meets a `-`).
pub(crate) const DASH_UNKNOWN: usize = usize::MAX;

/// One side of a comparison: its text and where its last `-` is (its length when there is
/// none, [`DASH_UNKNOWN`] when not looked for yet).
#[derive(Clone, Copy)]
pub(crate) struct Side<'s> {
    pub(crate) text: &'s [u8],
    pub(crate) last_dash: usize,
}

impl Side<'_> {
    /// Whether the `-` at `at` is the last one.
    #[inline]
    fn is_last_dash(&mut self, at: usize) -> bool {
        if self.last_dash == DASH_UNKNOWN {
            self.last_dash = last_dash_from(self.text, at);
        }
        self.last_dash == at
    }
}

/// The last `-` of `text`, knowing there is one at `at`.
#[cold]
fn last_dash_from(text: &[u8], at: usize) -> usize {
    let after = text.get(at + 1..).unwrap_or_default();
    last_dash(after).map_or(at, |k| at + 1 + k)
}

/// The end of the version when a release follows (the last `-`); ranks as [`END`].
const VERSION_END_RELEASE: u8 = 7;
/// The end of the version at the end of the text (no release); ranks as [`END`].
const VERSION_END_ALONE: u8 = 8;

/// The rank of what [`significant`] found.
#[inline]
fn rank(next: u8) -> u8 {
    match next {
        VERSION_END_RELEASE | VERSION_END_ALONE => END,
        rank => rank,
    }
}

/// Skips separators from `*at` and returns what comes next without consuming it: a token's
/// rank, or the end: [`END`] in the release (`IN_VERSION` false), [`VERSION_END_RELEASE`] or
/// [`VERSION_END_ALONE`] in the version.
#[inline]
fn significant<const IN_VERSION: bool>(side: &mut Side<'_>, at: &mut usize) -> u8 {
    loop {
        let Some(&c) = side.text.get(*at) else {
            return if IN_VERSION { VERSION_END_ALONE } else { END };
        };
        match class(c) {
            SEPARATOR => {}
            DASH => {
                if IN_VERSION && side.is_last_dash(*at) {
                    return VERSION_END_RELEASE;
                }
            }
            rank => return rank,
        }
        *at += 1;
    }
}

/// Reads the digit run at `at`: its value (meaningful for at most [`U64_DIGITS`] digits) and
/// its length.
#[inline]
fn number(text: &[u8], at: usize) -> (u64, usize) {
    let run = text.get(at..).unwrap_or_default();
    let mut value = 0_u64;
    let mut len = 0;
    for &c in run {
        let digit = c.wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        value = value.wrapping_mul(10).wrapping_add(u64::from(digit));
        len += 1;
    }
    (value, len)
}

/// Compares the digit runs starting at `*i` in `a` and `*j` in `b` as numbers (leading zeros
/// ignored, a longer number is larger, no size limit) and moves both past them.
#[inline]
fn digit_runs(a: &[u8], i: &mut usize, b: &[u8], j: &mut usize) -> Ordering {
    let (x, len_x) = number(a, *i);
    let (y, len_y) = number(b, *j);
    let order = if len_x <= U64_DIGITS && len_y <= U64_DIGITS {
        x.cmp(&y)
    } else {
        let run_x = a.get(*i..*i + len_x).unwrap_or_default();
        let run_y = b.get(*j..*j + len_y).unwrap_or_default();
        cmp_numbers(run_x, run_y)
    };
    *i += len_x;
    *j += len_y;
    order
}

/// Compares the letter runs starting at `*i` in `a` and `*j` in `b` bytewise (a run that ends
/// first is smaller); when equal, moves both past them.
#[inline]
fn letter_runs(a: &[u8], i: &mut usize, b: &[u8], j: &mut usize) -> Ordering {
    let letter = |t: &[u8], at: usize| t.get(at).copied().filter(u8::is_ascii_alphabetic);
    loop {
        match (letter(a, *i), letter(b, *j)) {
            (Some(p), Some(q)) if p == q => {
                *i += 1;
                *j += 1;
            }
            (p, q) => return p.cmp(&q),
        }
    }
}

/// Compares the tokens of `a` from `*i` and `b` from `*j` in lockstep, in the version
/// (`IN_VERSION`) or the release. `None`: both versions ended, each with a release after it
/// (from `*i` and `*j`).
#[inline]
fn tokens<const IN_VERSION: bool>(
    a: &mut Side<'_>,
    i: &mut usize,
    b: &mut Side<'_>,
    j: &mut usize,
) -> Option<Ordering> {
    loop {
        let x = significant::<IN_VERSION>(a, i);
        let y = significant::<IN_VERSION>(b, j);
        if x != y {
            // Different ranks decide, except the two kinds of version end: there, the side
            // a release follows is newer.
            return Some(match (rank(x), rank(y)) {
                (END, END) => (x == VERSION_END_RELEASE).cmp(&(y == VERSION_END_RELEASE)),
                (p, q) => p.cmp(&q),
            });
        }
        let order = match x {
            DIGIT => digit_runs(a.text, i, b.text, j),
            ALPHA => letter_runs(a.text, i, b.text, j),
            END | VERSION_END_ALONE => return Some(Ordering::Equal),
            // `~`, `^` or the version end with a release on both sides.
            _ => {
                *i += 1;
                *j += 1;
                if x == VERSION_END_RELEASE {
                    return None;
                }
                Ordering::Equal
            }
        };
        if order != Ordering::Equal {
            return Some(order);
        }
    }
}

/// Compares `a` from `i` and `b` from `j`, both in `part`, in one lockstep pass.
#[inline(never)]
pub(crate) fn scan(
    mut a: Side<'_>,
    mut i: usize,
    mut b: Side<'_>,
    mut j: usize,
    part: Part,
) -> Ordering {
    if part == Part::Version {
        if let Some(order) = tokens::<true>(&mut a, &mut i, &mut b, &mut j) {
            return order;
        }
    }
    tokens::<false>(&mut a, &mut i, &mut b, &mut j).unwrap_or(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_dash_looks_at_every_byte() {
        for len in 0..20 {
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'-';
                assert!(contains_dash(&text), "{len} {at}");
            }
            assert!(!contains_dash(&vec![b'a'; len]));
        }
        // Bytes next to `-` (0x2c, 0x2e) and high bytes are not dashes.
        assert!(!contains_dash(b",.,.,.,.\xff\xad,.\xac"));
    }

    #[test]
    fn last_dash_finds_the_last_of_any_dashes_at_every_position() {
        for len in 0..20 {
            assert_eq!(last_dash(&vec![b'a'; len]), None);
            for at in 0..len {
                let mut text = vec![b'a'; len];
                text[at] = b'-';
                assert_eq!(last_dash(&text), Some(at), "{len} {at}");
                // An earlier dash does not hide it.
                text[0] = b'-';
                assert_eq!(last_dash(&text), Some(at), "{len} {at}");
            }
        }
        // Exact per byte: `,` (`-` ^ 1) after a `-` is not a dash (the usual "has a zero
        // byte" test flags it through a borrow).
        assert_eq!(last_dash(b"a-,,,,,,,,,,"), Some(1));
        assert_eq!(last_dash(b"-,"), Some(0));
        assert_eq!(last_dash(b",.,.,.,.\xff\xad,.\xac"), None);
    }
}
