//! dpkg 1.21 `parseversion`: which strings are Debian versions, and where their parts lie.
//!
//! The checks run in dpkg's order, so the problem reported is the one dpkg reports. dpkg
//! treats the last three problems (an upstream version that does not start with a digit,
//! and characters outside the allowed sets) as warnings; patchcore refuses them all.
//!
//! Most versions are plain (`2.36-9+deb12u4`, `1:9.2p1-2`): [`scan`] reads the classes of
//! their bytes and the offset of their last `-` in one pass, [`parse_common`] takes the
//! parts from there, and [`parse_exact`] follows dpkg step by step for everything else.

/// Bits of a byte's class. A whole string's classes are OR-ed in one pass, so the common
/// version (no epoch, no blank, no bad character) skips every search it does not need.
pub(super) const BLANK: u8 = 1;
/// `:` — ends the epoch; allowed in the upstream version, not in the revision.
pub(super) const COLON: u8 = 2;
/// `-` — the last one starts the revision.
pub(super) const HYPHEN: u8 = 4;
/// Allowed in no part of a version: not alphanumeric, not one of `.+~-:`, not a blank.
pub(super) const INVALID: u8 = 8;

/// dpkg's class of a byte. ASCII letters and digits, `.`, `+` and `~` are allowed in both
/// parts; non-ASCII bytes and NUL are invalid (`c_isalpha` is ASCII-only, and a C string
/// ends at NUL, so dpkg never accepts one).
const fn class_of(b: u8) -> u8 {
    match b {
        b' ' | b'\t' => BLANK,
        b':' => COLON,
        b'-' => HYPHEN,
        b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'.' | b'+' | b'~' => 0,
        _ => INVALID,
    }
}

/// The class of every byte.
static CLASSES: [u8; 256] = byte_table!(|b| class_of(b));

/// Set in the classes of a string whose first byte is not an ASCII digit (or that is
/// empty): its upstream version cannot start it, so it is no version of the common kind.
pub(super) const NOT_DIGIT_FIRST: u8 = 16;
/// Set in the classes of a string whose last byte is `-`: an empty revision.
pub(super) const HYPHEN_LAST: u8 = 32;

/// Which pair of a string a table of pair classes is for: the first pair also tells
/// whether the string starts with a digit, the last whether it ends with `-`.
#[derive(Clone, Copy)]
#[repr(usize)]
enum PairAt {
    Inside,
    First,
    Last,
}

/// The classes of every pair of bytes, indexed by the pair as a little-endian `u16`: the
/// OR of the classes of both bytes, and the bit that the place of the pair adds.
const fn pair_table(at: PairAt) -> [u8; 1 << 16] {
    let mut table = [0_u8; 1 << 16];
    let mut index = 0;
    while index < 1 << 16 {
        #[allow(clippy::cast_possible_truncation, reason = "each half is below 256")]
        let (low, high) = ((index & 0xff) as u8, (index >> 8) as u8);
        let place = match at {
            PairAt::Inside => 0,
            PairAt::First if !low.is_ascii_digit() => NOT_DIGIT_FIRST,
            PairAt::Last if high == b'-' => HYPHEN_LAST,
            PairAt::First | PairAt::Last => 0,
        };
        #[allow(
            clippy::indexing_slicing,
            reason = "evaluated at compile time: a bad index fails the build, it cannot panic"
        )]
        {
            table[index] = class_of(low) | class_of(high) | place;
        }
        index += 1;
    }
    table
}

/// The classes of every pair of bytes, indexed by the pair as a little-endian `u16`:
/// validating a version costs one lookup per two bytes. Three tables of 64 KiB — pairs
/// inside a string, its first pair (with [`NOT_DIGIT_FIRST`]) and its last pair (with
/// [`HYPHEN_LAST`]) — in one array, so that one base address serves all three; a version
/// string touches only the few cache lines of the pairs of version characters.
static PAIR_CLASSES: [[u8; 1 << 16]; 3] = [
    pair_table(PairAt::Inside),
    pair_table(PairAt::First),
    pair_table(PairAt::Last),
];

#[inline]
pub(super) fn class(b: u8) -> u8 {
    CLASSES.get(usize::from(b)).copied().unwrap_or(INVALID)
}

/// The classes of two bytes, from the table for their place `at`.
#[inline(always)]
fn pair_class(at: PairAt, pair: [u8; 2]) -> u8 {
    PAIR_CLASSES
        .get(at as usize)
        .and_then(|table| table.get(usize::from(u16::from_le_bytes(pair))))
        .copied()
        .unwrap_or(INVALID)
}

/// The pair of bytes at `at` in `bytes` (`at` is a constant of the caller: no check is
/// left at run time); two invalid bytes past the end.
#[inline(always)]
fn pair_at(bytes: &[u8], at: usize) -> [u8; 2] {
    bytes
        .get(at..)
        .and_then(<[u8]>::first_chunk::<2>)
        .copied()
        .unwrap_or([0xff; 2])
}

/// The classes of the 8 bytes of a word, a pair of bytes per lookup; `ends` are the
/// places of its first and last pairs (in the string, or inside it).
#[inline(always)]
fn classes_of_word(word: &[u8; 8], ends: [PairAt; 2]) -> u8 {
    let [first, last] = ends;
    pair_class(first, pair_at(word, 0))
        | pair_class(PairAt::Inside, pair_at(word, 2))
        | pair_class(PairAt::Inside, pair_at(word, 4))
        | pair_class(last, pair_at(word, 6))
}

/// The classes of 4 bytes, a pair of bytes per lookup; `ends` are the places of its
/// first and last pairs.
#[inline(always)]
fn classes_of_quad(quad: &[u8; 4], ends: [PairAt; 2]) -> u8 {
    let [first, last] = ends;
    pair_class(first, pair_at(quad, 0)) | pair_class(last, pair_at(quad, 2))
}

/// The OR of the classes of `bytes`, with [`NOT_DIGIT_FIRST`] and [`HYPHEN_LAST`]: 8
/// bytes at a time, two per lookup, the last 8 overlapping the ones before (OR-ing a class
/// twice changes nothing); 4 to 7 bytes as two overlapping halves.
#[inline(always)]
pub(super) fn classes_of(bytes: &[u8]) -> u8 {
    use PairAt::{First as FIRST, Inside as INSIDE, Last as LAST};
    if let (Some(first), Some(last)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        if bytes.len() <= 16 {
            return classes_of_word(first, [FIRST, INSIDE]) | classes_of_word(last, [INSIDE, LAST]);
        }
        // The first word again among the others: one word more, no test in the loop.
        let classes = bytes.chunks_exact(8).fold(
            classes_of_word(first, [FIRST, INSIDE]) | classes_of_word(last, [INSIDE, LAST]),
            |classes, word| match word.first_chunk::<8>() {
                Some(word) => classes | classes_of_word(word, [INSIDE, INSIDE]),
                None => INVALID,
            },
        );
        return classes;
    }
    if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        return classes_of_quad(first, [FIRST, INSIDE]) | classes_of_quad(last, [INSIDE, LAST]);
    }
    let classes = bytes.iter().fold(0, |classes, &b| classes | class(b));
    let first = if bytes.first().is_some_and(u8::is_ascii_digit) {
        0
    } else {
        NOT_DIGIT_FIRST
    };
    let last = if bytes.last() == Some(&b'-') {
        HYPHEN_LAST
    } else {
        0
    };
    classes | first | last
}

/// One pass over a version's bytes: the OR of their classes, and the offset of the last
/// `-`, searched from the end a word at a time (the revision after it is short). The
/// search runs whether or not the classes show a `-`: nearly every version has one, and
/// the test costs more than the rare search that finds nothing. The offset is exact for
/// strings whose classes show no bad byte (see [`hyphen_bits`]); nothing reads it for
/// the others.
#[inline(always)]
pub(super) fn scan(bytes: &[u8]) -> (u8, Option<usize>) {
    let classes = classes_of(bytes);
    let len = bytes.len();
    if let (Some(first), Some(last)) = (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        let hits = hyphen_bits(u64::from_le_bytes(*last));
        if hits != 0 {
            return (classes, Some(last_hit(len, hits, 8)));
        }
        if len > 16 {
            return (classes, last_hyphen_before(bytes, len - 8));
        }
        // The first 8 bytes hold the others (a revision is rarely longer than 7 bytes).
        let hits = hyphen_bits(u64::from_le_bytes(*first));
        return (classes, (hits != 0).then(|| last_hit(8, hits, 8)));
    } else if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        let hits = hyphen_bits(u64::from(u32::from_le_bytes(*last)));
        if hits != 0 {
            return (classes, Some(last_hit(len, hits, 4)));
        }
        let hits = hyphen_bits(u64::from(u32::from_le_bytes(*first)));
        return (classes, (hits != 0).then(|| last_hit(4, hits, 4)));
    }
    (classes, bytes.iter().rposition(|&b| b == b'-'))
}

/// The offset of the last `-` of `bytes` before `end` (at least 8), a word at a time from
/// there; the first 8 bytes, read last, overlap the words read before.
#[inline]
fn last_hyphen_before(bytes: &[u8], end: usize) -> Option<usize> {
    let mut rest = bytes.get(..end).unwrap_or_default();
    while let Some((head, word)) = rest.split_last_chunk::<8>() {
        let hits = hyphen_bits(u64::from_le_bytes(*word));
        if hits != 0 {
            return Some(last_hit(head.len() + 8, hits, 8));
        }
        rest = head;
    }
    let hits = hyphen_bits(u64::from_le_bytes(*bytes.first_chunk::<8>()?));
    (hits != 0).then(|| last_hit(8, hits, 8))
}

/// dpkg's `c_isblank`: the blanks that are trimmed around a version and refused inside it.
#[inline]
fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The parts of a valid version, borrowed from its text. Every byte of them is an ASCII
/// letter or digit or one of `.+~-:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Parts<'t> {
    /// The epoch (0 when absent); dpkg bounds it to `0..=i32::MAX`.
    pub(crate) epoch: u32,
    /// The upstream version (never empty).
    pub(crate) upstream: &'t [u8],
    /// The revision; empty when absent (a present revision is never empty, and dpkg
    /// compares an absent one as empty).
    pub(crate) revision: &'t [u8],
}

/// One problem `parseversion` reports, in dpkg's words where it has some.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// "version string is empty" (nothing but blanks).
    Empty,
    /// "version string has embedded spaces": a blank at this byte offset.
    EmbeddedBlank(usize),
    /// "epoch in version is empty": no number before the first `:`.
    EpochEmpty,
    /// "epoch in version is not number": something after the number, before the `:`.
    EpochNotNumber,
    /// "epoch in version is negative".
    EpochNegative,
    /// "epoch in version is too big": above `i32::MAX`.
    EpochTooBig,
    /// "nothing after colon in version number".
    NothingAfterColon,
    /// "revision number is empty": the version ends with `-`.
    RevisionEmpty,
    /// "version number is empty": nothing between the epoch and the revision.
    UpstreamEmpty,
    /// "version number does not start with digit" (a dpkg warning); the upstream version
    /// starts at this byte offset.
    UpstreamNotDigit(usize),
    /// "invalid character in version number" (a dpkg warning), at this byte offset.
    InvalidInUpstream(usize),
    /// "invalid character in revision number" (a dpkg warning), at this byte offset.
    InvalidInRevision(usize),
}

/// Parses `text` as dpkg 1.21's `parseversion` does, refusing warnings as errors.
#[inline]
pub(crate) fn parse(text: &str) -> Result<Parts<'_>, Problem> {
    let bytes = text.as_bytes();
    let (classes, hyphen) = scan(bytes);
    match parse_common(bytes, classes, hyphen) {
        Some(spans) => Ok(spans.parts(bytes)),
        None => parse_exact(text),
    }
}

/// The versions seen in practice, quickly: no blank, no bad character, a plain epoch of at
/// most nine digits, an upstream version that starts with a digit. `classes` are the
/// classes of `bytes` and `hyphen` the offset of its last `-`. `None` when `bytes` is
/// anything else — valid or not — for [`parse_exact`] to decide; where this accepts, it
/// agrees with [`parse_exact`] (a unit test checks that).
#[inline]
pub(super) fn parse_common(bytes: &[u8], classes: u8, hyphen: Option<usize>) -> Option<Spans> {
    let (&first, &last) = (bytes.first()?, bytes.last()?);
    // A last byte that is a blank, `-` or `:` is a blank to trim or an empty part.
    if !first.is_ascii_digit() || class(last) != 0 {
        return None;
    }
    if classes & (BLANK | INVALID) != 0 {
        return None;
    }
    let (epoch, version_start) = if classes & COLON == 0 {
        (0, 0)
    } else {
        let colon = bytes.iter().position(|&b| b == b':')?;
        let digits = bytes.get(..colon)?;
        if digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        if !bytes.get(colon + 1)?.is_ascii_digit() {
            return None;
        }
        let epoch = digits.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0'));
        (epoch, colon + 1)
    };
    // The hyphen is not at the end (the last byte is no `-`), nor at the start of the
    // version (a digit is there); the epoch is digits, so the hyphen is after it.
    let upstream_end = hyphen.unwrap_or(bytes.len());
    let spans = Spans {
        epoch,
        upstream_start: version_start,
        upstream_end,
    };
    if classes & COLON != 0 {
        #[allow(
            clippy::manual_contains,
            reason = "a revision is a few bytes: a plain loop beats the call to `memchr`"
        )]
        let colon_in_revision = spans.revision(bytes).iter().any(|&b| b == b':');
        if colon_in_revision {
            return None;
        }
    }
    Some(spans)
}

/// Where the parts of a version lie in its bytes: the revision (if any) runs from just
/// after `upstream_end` (a `-`) to the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Spans {
    pub(super) epoch: u32,
    pub(super) upstream_start: usize,
    pub(super) upstream_end: usize,
}

impl Spans {
    pub(super) fn upstream(self, bytes: &[u8]) -> &[u8] {
        bytes
            .get(self.upstream_start..self.upstream_end)
            .unwrap_or_default()
    }

    pub(super) fn revision(self, bytes: &[u8]) -> &[u8] {
        bytes.get(self.upstream_end + 1..).unwrap_or_default()
    }

    pub(super) fn parts(self, bytes: &[u8]) -> Parts<'_> {
        Parts {
            epoch: self.epoch,
            upstream: self.upstream(bytes),
            revision: self.revision(bytes),
        }
    }
}

/// The high bit of each byte of `word` that is a `-` — exact where it matters, in the
/// words of a string with no bad byte. The subtraction borrows from a byte only past a
/// `-`, so the one false hit is a byte just above (after) a `-` that is a `,` (0x2c, one
/// below `-`): `,` is no version character, and the classes of such a string say so, so
/// nothing reads its hyphen. One operation fewer than the borrow-free form.
#[inline(always)]
fn hyphen_bits(word: u64) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let word = word ^ (ONES * u64::from(b'-'));
    word.wrapping_sub(ONES) & !word & HIGH
}

/// The offset of the highest `-` that [`hyphen_bits`] found in a little-endian word of
/// `width` bytes ending at `end` (`hits` is not 0).
#[inline(always)]
fn last_hit(end: usize, hits: u64, width: usize) -> usize {
    // The highest hit is byte `7 - leading_zeros / 8` of the (zero-extended) word.
    (end + 7 - (hits.leading_zeros() / 8) as usize) - width
}

/// The whole of `parseversion`, for the strings [`parse_common`] leaves.
#[cold]
fn parse_exact(text: &str) -> Result<Parts<'_>, Problem> {
    let bytes = text.as_bytes();
    let (start, end) = match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last)) if !is_blank(first) && !is_blank(last) => (0, bytes.len()),
        _ => trim(bytes)?,
    };
    let token = bytes.get(start..end).unwrap_or_default();
    let classes = classes_of(token);
    if classes & BLANK != 0 {
        let offset = token.iter().position(|&b| is_blank(b)).unwrap_or(0);
        return Err(Problem::EmbeddedBlank(start + offset));
    }

    // The epoch is what precedes the first `:`, read like C's strtol.
    let colon = if classes & COLON == 0 {
        None
    } else {
        token.iter().position(|&b| b == b':')
    };
    let (epoch, version_start) = match colon {
        None => (0, start),
        Some(colon) => {
            let epoch = parse_epoch(token.get(..colon).unwrap_or_default())?;
            let after = start + colon + 1;
            // dpkg looks at the byte after the colon before trimming trailing blanks:
            // `1:` has nothing after the colon, `1: ` has an empty version.
            if after == bytes.len() {
                return Err(Problem::NothingAfterColon);
            }
            (epoch, after)
        }
    };

    let version = bytes.get(version_start..end).unwrap_or_default();
    let hyphen = if classes & HYPHEN == 0 {
        None
    } else {
        version.iter().rposition(|&b| b == b'-')
    };
    let upstream_end = match hyphen {
        None => end,
        Some(hyphen) if version_start + hyphen + 1 == end => return Err(Problem::RevisionEmpty),
        Some(hyphen) => version_start + hyphen,
    };
    let upstream = bytes.get(version_start..upstream_end).unwrap_or_default();
    let revision = bytes.get(upstream_end + 1..end).unwrap_or_default();

    match upstream.first() {
        None => return Err(Problem::UpstreamEmpty),
        Some(first) if !first.is_ascii_digit() => {
            return Err(Problem::UpstreamNotDigit(version_start));
        }
        Some(_) => {}
    }
    if classes & INVALID != 0 {
        if let Some(at) = upstream.iter().position(|&b| class(b) & INVALID != 0) {
            return Err(Problem::InvalidInUpstream(version_start + at));
        }
    }
    if classes & (INVALID | COLON) != 0 {
        if let Some(at) = revision
            .iter()
            .position(|&b| class(b) & (INVALID | COLON) != 0)
        {
            return Err(Problem::InvalidInRevision(upstream_end + 1 + at));
        }
    }
    Ok(Parts {
        epoch,
        upstream,
        revision,
    })
}

/// Where `bytes` starts and ends without its surrounding blanks.
#[cold]
fn trim(bytes: &[u8]) -> Result<(usize, usize), Problem> {
    let start = bytes
        .iter()
        .position(|&b| !is_blank(b))
        .ok_or(Problem::Empty)?;
    let end = bytes
        .iter()
        .rposition(|&b| !is_blank(b))
        .map_or(start, |last| last + 1);
    Ok((start, end))
}

/// The epoch field (before the first `:`), read as dpkg reads it with `strtol`: C
/// white space other than blanks (`\n`, `\v`, `\f`, `\r`) may precede an optional sign,
/// then decimal digits must reach the colon; the value must lie in `0..=i32::MAX`
/// (`-0` is 0).
fn parse_epoch(field: &[u8]) -> Result<u32, Problem> {
    let unspaced = field
        .iter()
        .position(|&b| !matches!(b, b'\n' | b'\x0b' | b'\x0c' | b'\r'))
        .and_then(|at| field.get(at..))
        .unwrap_or_default();
    let (negative, digits) = match unspaced.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, unspaced),
    };
    let count = digits.iter().take_while(|b| b.is_ascii_digit()).count();
    if count == 0 {
        return Err(Problem::EpochEmpty);
    }
    if count != digits.len() {
        return Err(Problem::EpochNotNumber);
    }
    let significant = digits
        .iter()
        .position(|&b| b != b'0')
        .and_then(|at| digits.get(at..))
        .unwrap_or_default();
    if negative && !significant.is_empty() {
        return Err(Problem::EpochNegative);
    }
    // More than ten digits cannot fit; ten or fewer fit in a u64 without overflow.
    if significant.len() > 10 {
        return Err(Problem::EpochTooBig);
    }
    let value = significant
        .iter()
        .fold(0_u64, |value, &d| value * 10 + u64::from(d - b'0'));
    u32::try_from(value)
        .ok()
        .filter(|&epoch| epoch <= i32::MAX.unsigned_abs())
        .ok_or(Problem::EpochTooBig)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_match_dpkg_allowed_sets() {
        for b in 0..=255_u8 {
            let allowed_everywhere = b.is_ascii_alphanumeric() || b".+~".contains(&b);
            assert_eq!(class(b) == 0, allowed_everywhere, "byte {b:#04x}");
        }
    }

    #[test]
    fn pair_classes_are_the_classes_of_both_bytes() {
        for low in 0..=255_u8 {
            for high in 0..=255_u8 {
                let both = class(low) | class(high);
                assert_eq!(pair_class(PairAt::Inside, [low, high]), both);
                let first = if low.is_ascii_digit() {
                    0
                } else {
                    NOT_DIGIT_FIRST
                };
                assert_eq!(pair_class(PairAt::First, [low, high]), both | first);
                let last = if high == b'-' { HYPHEN_LAST } else { 0 };
                assert_eq!(pair_class(PairAt::Last, [low, high]), both | last);
            }
        }
    }

    #[test]
    fn parts_of_a_full_version() {
        let parts = parse(" 1:2.0-3 ").unwrap();
        assert_eq!(
            (parts.epoch, parts.upstream, parts.revision),
            (1, &b"2.0"[..], &b"3"[..])
        );
    }

    #[test]
    fn scan_finds_the_last_hyphen_and_every_class_in_every_position() {
        for len in 1..40 {
            for at in 0..len {
                let mut text = vec![b'1'; len];
                text[at] = b'-';
                if at > 0 {
                    text[at / 2] = b'-';
                }
                // A `-` first is no digit first; a `-` last is an empty revision.
                let first = if text[0] == b'-' { NOT_DIGIT_FIRST } else { 0 };
                let last = if at == len - 1 { HYPHEN_LAST } else { 0 };
                assert_eq!(scan(&text), (HYPHEN | first | last, Some(at)), "{len} {at}");
                text[at] = b' ';
                assert_eq!(scan(&text).0 & BLANK, BLANK, "{len} {at}");
                text[at] = 0xff;
                assert_eq!(scan(&text).0 & INVALID, INVALID, "{len} {at}");
            }
            assert_eq!(scan(&vec![b'1'; len]), (0, None));
        }
    }

    proptest::proptest! {
        #[test]
        fn the_common_path_agrees_with_the_exact_one(text in "[ \t]?[0-9]{0,11}:?[0-9a-z.+~:-]{0,12}[ \t]?") {
            let bytes = text.as_bytes();
            let (classes, hyphen) = scan(bytes);
            if let Some(common) = parse_common(bytes, classes, hyphen) {
                proptest::prop_assert_eq!(Ok(common.parts(bytes)), parse_exact(&text));
            }
        }
    }
}
