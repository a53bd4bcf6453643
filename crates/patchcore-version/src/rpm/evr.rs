//! `[epoch:]version[-release]` with librpm 4.18 `rpmverParse()` + `rpmverCmp()` semantics.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use super::evr_order::{compare_parsed, compare_unparsed};
use super::scan::last_dash;
use super::vercmp::put_tokens;
use crate::digits::{HashSink, Sink, put_number};
use crate::{Error, ErrorKind, Scheme, SortKey};

/// Where the parts of an EVR string are, as rpmverParse splits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Split {
    /// Start of the version: 0 without an epoch, else one past the `:`.
    version_start: usize,
    /// End of the version: the last `-`, or the length when there is no release.
    version_end: usize,
    /// The first eight bytes of the canonical encoding (the sort key), big-endian,
    /// zero-padded: [`Ord`] compares these first and reads the texts only when they are
    /// equal. Sound because key order is EVR order: keys differing in their first eight bytes
    /// are ordered by them, and a zero pad (the lowest byte) after a shorter key's end keeps
    /// it below every key it is a prefix of.
    prefix: u64,
}

impl Split {
    /// rpmverParse's split: the epoch is the leading run of ASCII digits when a `:` follows it
    /// (`a:1` has no epoch: its version is `a:1`), the release follows the last `-`.
    #[inline]
    fn of(s: &[u8]) -> Self {
        Self::with_prefix(s, None)
    }

    /// The split of `s`, with its key prefix when already known.
    #[inline]
    fn with_prefix(s: &[u8], prefix: Option<u64>) -> Self {
        let mut split = Self {
            version_start: version_start(s),
            version_end: last_dash(s).unwrap_or(s.len()),
            prefix: 0,
        };
        split.prefix = prefix.unwrap_or_else(|| {
            let mut sink = PrefixSink::default();
            put_canonical(s, split, &mut sink);
            u64::from_be_bytes(sink.bytes)
        });
        split
    }
}

/// Keeps the first eight bytes of an encoding.
#[derive(Default)]
struct PrefixSink {
    bytes: [u8; 8],
    len: usize,
}

impl Sink for PrefixSink {
    fn put(&mut self, bytes: &[u8]) {
        for (slot, &byte) in self.bytes.iter_mut().skip(self.len).zip(bytes) {
            *slot = byte;
            self.len += 1;
        }
    }

    fn is_full(&self) -> bool {
        self.len >= self.bytes.len()
    }
}

/// Writes the canonical encoding of `s` split as `split`: epoch number, version tokens,
/// release tokens if any.
fn put_canonical(s: &[u8], split: Split, sink: &mut impl Sink) {
    put_number(sink, epoch_digits(s, split.version_start));
    put_tokens(
        sink,
        s.get(split.version_start..split.version_end)
            .unwrap_or_default(),
    );
    if let Some(release) = s.get(split.version_end + 1..) {
        put_tokens(sink, release);
    }
}

/// Where the version starts: after `digits:`, else at 0.
#[inline]
fn version_start(s: &[u8]) -> usize {
    let digits = s.iter().take_while(|c| c.is_ascii_digit()).count();
    if s.get(digits) == Some(&b':') {
        digits + 1
    } else {
        0
    }
}

/// The epoch digits before a version starting at `version_start` (empty for none: 0).
#[inline]
pub(super) fn epoch_digits(s: &[u8], version_start: usize) -> &[u8] {
    s.get(..version_start.saturating_sub(1)).unwrap_or_default()
}

/// A parsed RPM EVR, borrowing its text: `[epoch:]version[-release]`.
///
/// Parsing and comparison are librpm 4.18's `rpmverParse()` and `rpmverCmp()`:
/// - only the empty string is refused;
/// - the epoch is the leading run of ASCII digits when a `:` follows it (`:1` has the empty
///   epoch, read as 0; `a:1` has no epoch and the version `a:1`); epochs compare as numbers of
///   any length;
/// - the release is what follows the last `-` (it may be empty: `1.0-`);
/// - comparison is epoch, then version, then release, each with [`super::vercmp`]; an EVR
///   without a release sorts before the same EVR with any release (`1.0 < 1.0-` and
///   `1.0 < 1.0-~`), as `rpmverCmp` does.
///
/// That last rule is an order, not rpm's dependency matching (where `Requires: foo = 1.0`
/// matches every release of 1.0).
///
/// ```
/// use patchcore_version::rpm::Evr;
///
/// let evr = Evr::parse("1:2.0-3.el9")?;
/// assert_eq!((evr.epoch(), evr.version(), evr.release()), (Some("1"), "2.0", Some("3.el9")));
/// assert!(Evr::parse("2.0-3.el9")? < evr);
/// assert_eq!(Evr::parse("0:1.0-1")?, Evr::parse("1_0-01")?); // equal, though written differently
/// assert_eq!(Evr::parse("1_0-01")?.to_string(), "1_0-01"); // Display is the text
/// # Ok::<(), patchcore_version::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Evr<'a> {
    text: &'a str,
    split: Split,
}

impl<'a> Evr<'a> {
    /// Parses `text` as `rpmverParse` does.
    ///
    /// # Errors
    /// [`ErrorKind::Empty`] for the empty string, the only string librpm refuses.
    pub fn parse(text: &'a str) -> Result<Self, Error> {
        if text.is_empty() {
            return Err(Error::new(Scheme::Rpm, text, ErrorKind::Empty));
        }
        Ok(Self {
            text,
            split: Split::of(text.as_bytes()),
        })
    }

    /// The epoch as written (digits), `Some("0")` for an empty epoch (`:1.0`), `None` when
    /// there is none (compared as 0).
    #[must_use]
    pub fn epoch(&self) -> Option<&'a str> {
        let colon = self.split.version_start.checked_sub(1)?;
        match self.text.get(..colon) {
            Some("") => Some("0"),
            digits => digits,
        }
    }

    /// The version: between the epoch's `:` and the last `-`.
    #[must_use]
    pub fn version(&self) -> &'a str {
        self.text
            .get(self.split.version_start..self.split.version_end)
            .unwrap_or_default()
    }

    /// The release: after the last `-`; `None` when there is no `-`.
    #[must_use]
    pub fn release(&self) -> Option<&'a str> {
        if self.split.version_end >= self.text.len() {
            return None;
        }
        self.text.get(self.split.version_end + 1..)
    }

    /// The text this EVR was parsed from.
    #[must_use]
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// Writes the canonical encoding: epoch number, version tokens, release tokens if any.
    fn put_canonical(&self, sink: &mut impl Sink) {
        put_canonical(self.text.as_bytes(), self.split, sink);
    }

    /// The first eight bytes of [`Self::sort_key`] (zero-padded), for [`NevraBuf`] to keep.
    ///
    /// [`NevraBuf`]: super::NevraBuf
    pub(super) fn key_prefix(&self) -> u64 {
        self.split.prefix
    }

    /// Splits text that was validated before (the split itself never fails), whose
    /// [`Self::key_prefix`] is known.
    pub(super) fn from_valid_with_prefix(text: &'a str, prefix: u64) -> Self {
        Self {
            text,
            split: Split::with_prefix(text.as_bytes(), Some(prefix)),
        }
    }

    /// A key whose byte order is this order: sorting many EVRs or picking the newest becomes
    /// a `memcmp`. Equal EVRs have identical keys.
    ///
    /// ```
    /// use patchcore_version::rpm::Evr;
    ///
    /// let a = Evr::parse("1.0~rc1-1")?;
    /// let b = Evr::parse("1.0-1")?;
    /// assert!(a.sort_key() < b.sort_key());
    /// assert_eq!(Evr::parse("1.0")?.sort_key(), Evr::parse("0:1_00")?.sort_key());
    /// # Ok::<(), patchcore_version::Error>(())
    /// ```
    #[must_use]
    pub fn sort_key(&self) -> SortKey {
        let mut key = Vec::with_capacity(self.text.len() + 8);
        self.put_canonical(&mut key);
        SortKey::from_vec(key)
    }

    /// An owned copy.
    #[must_use]
    pub fn to_buf(&self) -> EvrBuf {
        EvrBuf {
            text: self.text.into(),
            split: self.split,
        }
    }
}

impl Ord for Evr<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        // Most pairs differ within the first eight bytes of their sort keys.
        match self.split.prefix.cmp(&other.split.prefix) {
            Ordering::Equal => compare_parsed(
                self.text.as_bytes(),
                (self.split.version_start, self.split.version_end),
                other.text.as_bytes(),
                (other.split.version_start, other.split.version_end),
            ),
            order => order,
        }
    }
}

impl Hash for Evr<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.put_canonical(&mut HashSink(state));
    }
}

/// Compares two EVR strings as librpm 4.18 `rpmverParse()` + `rpmverCmp()` do, without
/// allocating.
///
/// ```
/// use std::cmp::Ordering;
/// use patchcore_version::rpm::compare_evr;
///
/// assert_eq!(compare_evr("1:1.0-1", "2.0-1")?, Ordering::Greater); // the epoch decides
/// assert_eq!(compare_evr("1.0", "1.0-1")?, Ordering::Less); // no release sorts first
/// assert!(compare_evr("", "1.0").is_err()); // librpm refuses the empty string
/// # Ok::<(), patchcore_version::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::Empty`] when either string is empty.
// Inlined, so that the caller's match on the result needs no `Result` in memory; the
// comparison itself stays one out-of-line function.
#[inline]
pub fn compare_evr(a: &str, b: &str) -> Result<Ordering, Error> {
    if a.is_empty() || b.is_empty() {
        return Err(empty_evr());
    }
    Ok(compare_unparsed(a.as_bytes(), b.as_bytes()))
}

/// The error for an empty EVR, the only one librpm refuses.
#[cold]
fn empty_evr() -> Error {
    Error::new(Scheme::Rpm, "", ErrorKind::Empty)
}

/// An owned [`Evr`]: the text, where its parts are and its key prefix (40 bytes).
///
/// ```
/// use patchcore_version::rpm::EvrBuf;
///
/// let mut evrs: Vec<EvrBuf> = ["1.0-2", "1:0.9-1", "1.0~rc1-1"]
///     .iter()
///     .map(|s| s.parse())
///     .collect::<Result<_, _>>()?;
/// evrs.sort();
/// assert_eq!(evrs.iter().map(ToString::to_string).collect::<Vec<_>>(), ["1.0~rc1-1", "1.0-2", "1:0.9-1"]);
/// # Ok::<(), patchcore_version::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct EvrBuf {
    text: Box<str>,
    split: Split,
}

impl EvrBuf {
    /// The borrowed form, for reading the parts.
    #[must_use]
    pub fn as_evr(&self) -> Evr<'_> {
        Evr {
            text: &self.text,
            split: self.split,
        }
    }

    /// The text this EVR was parsed from.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromStr for EvrBuf {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Ok(Evr::parse(s)?.to_buf())
    }
}

impl<'a> From<Evr<'a>> for EvrBuf {
    fn from(evr: Evr<'a>) -> Self {
        evr.to_buf()
    }
}

impl Ord for EvrBuf {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_evr().cmp(&other.as_evr())
    }
}

impl Hash for EvrBuf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_evr().hash(state);
    }
}

crate::version_traits::order_and_text_traits!(Evr<'_>, EvrBuf);
crate::version_traits::serde_as_str!(borrowed Evr);
crate::version_traits::serde_as_str!(owned EvrBuf);

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (Option<&str>, &str, Option<&str>) {
        let evr = Evr::parse(s).unwrap();
        (evr.epoch(), evr.version(), evr.release())
    }

    #[test]
    fn split_matches_rpmverparse() {
        // Each expectation was read from librpm 4.18 (python3-rpm `rpm.ver(s)`: e, v, r).
        assert_eq!(parts("1.0"), (None, "1.0", None));
        assert_eq!(parts(":1"), (Some("0"), "1", None));
        assert_eq!(parts("1:"), (Some("1"), "", None));
        assert_eq!(parts("-1"), (None, "", Some("1")));
        assert_eq!(parts("1-"), (None, "1", Some("")));
        assert_eq!(parts("a:1"), (None, "a:1", None));
        assert_eq!(parts("1-2:3"), (None, "1", Some("2:3")));
        assert_eq!(parts("1:2:3"), (Some("1"), "2:3", None));
        assert_eq!(parts("00:1"), (Some("00"), "1", None));
        assert_eq!(parts("-"), (None, "", Some("")));
        assert_eq!(parts(":"), (Some("0"), "", None));
        assert_eq!(parts("1:-"), (Some("1"), "", Some("")));
        assert_eq!(parts("1:2.0-1-2"), (Some("1"), "2.0-1", Some("2")));
    }

    #[test]
    fn key_prefix_is_the_sort_key_start_zero_padded() {
        for text in [
            "1",
            "1:2.0-3.el9",
            "2.34-52.amzn2023.0.3",
            "~",
            "a.b.c.d.e.f.g",
        ] {
            let evr = Evr::parse(text).unwrap();
            let mut start = [0; 8];
            for (slot, byte) in start.iter_mut().zip(evr.sort_key().as_bytes()) {
                *slot = *byte;
            }
            assert_eq!(evr.key_prefix(), u64::from_be_bytes(start), "{text}");
        }
    }

    #[test]
    fn owned_evr_is_small() {
        assert!(size_of::<EvrBuf>() <= 48, "{}", size_of::<EvrBuf>());
    }

    #[test]
    fn string_fast_path_agrees_with_parsed_comparison() {
        let cases = [
            ("1.2-3.amzn2", "1.2-3.amzn2.0.1"),
            ("1.2-3", "1.2"),
            ("1.2", "1.2-3"),
            ("1.2-3-4", "1.2-3"),
            ("1:1.2-3", "1:1.2"),
            ("1.0-1", "1.0-1"),
            ("10:1", "1:1"),
            ("1-1", "1-1-"),
        ];
        for (a, b) in cases {
            let parsed = Evr::parse(a).unwrap().cmp(&Evr::parse(b).unwrap());
            assert_eq!(compare_evr(a, b).unwrap(), parsed, "{a} vs {b}");
            assert_eq!(compare_evr(b, a).unwrap(), parsed.reverse(), "{b} vs {a}");
        }
    }

    /// Every string up to `max_len` over `alphabet`.
    fn all_strings(alphabet: &[char], max_len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..max_len {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn every_resume_path_agrees_with_the_sort_key_on_small_strings() {
        // The sort key is built token by token, independently of the scanning comparison;
        // over all short strings of the characters that steer the scan they must agree.
        for (alphabet, max_len) in [
            (&['1', '0', 'a', '-', '~', '^', ':'][..], 3),
            (&['1', '-', 'a', '.'][..], 4),
        ] {
            let strings: Vec<String> = all_strings(alphabet, max_len)
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            let keys: Vec<SortKey> = strings
                .iter()
                .map(|s| Evr::parse(s).unwrap().sort_key())
                .collect();
            for (a, ka) in strings.iter().zip(&keys) {
                for (b, kb) in strings.iter().zip(&keys) {
                    assert_eq!(compare_evr(a, b).unwrap(), ka.cmp(kb), "{a:?} vs {b:?}");
                }
            }
        }
    }
}
