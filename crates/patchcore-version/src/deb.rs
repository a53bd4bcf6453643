//! Debian versions, compared exactly as dpkg 1.21 compares them.
//!
//! A Debian version is `[epoch:]upstream_version[-debian_revision]` (Debian Policy 5.6.12).
//! Which strings are versions is decided as dpkg's `parseversion` decides it
//! (`lib/dpkg/parsehelp.c`): surrounding blanks are trimmed and inner ones refused, the
//! epoch is a number in `0..=2147483647`, the revision follows the last `-`, and neither the
//! upstream version nor the revision may be empty. dpkg only *warns* about an upstream
//! version that does not start with a digit and about characters outside the allowed sets
//! (letters, digits and `.+~-:` upstream; letters, digits and `.+~` in the revision);
//! patchcore refuses those too, with an [`ErrorKind`] naming the problem.
//!
//! The order is `dpkg_version_compare` (`lib/dpkg/version.c`): epochs numerically, then the
//! upstream versions, then the revisions, each split into alternating non-digit and digit
//! parts. Non-digit parts compare byte by byte, where `~` sorts before everything — even
//! the end of the part — the end of the part before letters, and letters before the other
//! characters; digit parts compare as numbers of any length. An absent revision compares
//! like `0` — and so like every revision made only of zeros (`-0`, `-00`), which is why
//! `1.0`, `1.0-0` and `0:1.00-00` are equal, while `1.0-0.0` is newer and `1.0-0~` older.
//!
//! What dpkg does on strange input is part of the behaviour, checked against libdpkg on
//! generated strings (`tests/deb_oracle.rs`):
//! - the epoch is read like C's `strtol`: an optional sign (`+1:`, and `-0:` is epoch 0)
//!   and C white space other than blanks (`\n`, `\v`, `\f`, `\r`) may precede its digits;
//! - only space and tab are blanks; `1:` has nothing after its colon, `1: ` an empty
//!   upstream version; a string of blanks is [`ErrorKind::Empty`];
//! - a NUL is an invalid character (dpkg reads C strings and never sees one);
//! - `Display` shows the text as given, surrounding blanks included.
//!
//! ```
//! use patchcore_version::deb::{self, Version};
//! use std::cmp::Ordering;
//!
//! // From strings, without allocating:
//! assert_eq!(deb::compare("1.0~rc1-1", "1.0-1")?, Ordering::Less);
//! assert_eq!(deb::compare("1:0.9", "2.0")?, Ordering::Greater);
//!
//! // Parsed once, compared many times; equal versions are `==` and hash alike.
//! let a = Version::parse("1.0")?;
//! let b = Version::parse("0:1.00-0")?;
//! assert_eq!(a, b);
//! assert_eq!(a.sort_key(), b.sort_key());
//! assert_eq!(b.to_string(), "0:1.00-0"); // the original text
//!
//! // dpkg's warnings are errors here.
//! assert!(deb::compare("v1.0", "1.0").is_err());
//! # Ok::<(), patchcore_version::Error>(())
//! ```

/// A `[u8; 256]` table of `$value` for every byte `$b`, built at compile time.
macro_rules! byte_table {
    (|$b:ident| $value:expr) => {{
        let mut table = [0_u8; 256];
        let mut index = 0;
        while index < 256 {
            #[allow(clippy::cast_possible_truncation, reason = "index < 256")]
            let $b = index as u8;
            #[allow(
                clippy::indexing_slicing,
                reason = "evaluated at compile time: a bad index fails the build, it cannot panic"
            )]
            {
                table[index] = $value;
            }
            index += 1;
        }
        table
    }};
}

mod order;
mod pair;
mod parse;

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::digits::{HashSink, Sink};
use crate::{Error, ErrorKind, Scheme, SortKey};
use parse::{Parts, Problem};

/// Compares two Debian versions as `dpkg --compare-versions` does, without allocating.
///
/// # Errors
///
/// When either string is not a version dpkg accepts without an error or a warning.
///
/// ```
/// use std::cmp::Ordering;
/// use patchcore_version::deb;
///
/// assert_eq!(deb::compare("2.30-1ubuntu2", "2.30-1ubuntu10")?, Ordering::Less);
/// assert_eq!(deb::compare("1.0", "1.0-0")?, Ordering::Equal);
/// # Ok::<(), patchcore_version::Error>(())
/// ```
// Inlined with its common path (`pair::compare_common`), so that the caller's match on the
// result needs no call and no `Result` in memory (about 6% of a comparison of two real
// versions); the rare paths stay out of line.
#[inline]
pub fn compare(a: &str, b: &str) -> Result<Ordering, Error> {
    match pair::compare_common(a.as_bytes(), b.as_bytes()) {
        Some(order) => Ok(order),
        None => compare_exactly(a, b),
    }
}

/// [`compare`] for the versions [`pair::compare_common`] leaves: each parsed exactly.
#[cold]
#[inline(never)]
fn compare_exactly(a: &str, b: &str) -> Result<Ordering, Error> {
    let parts_a = parse(a)?;
    let parts_b = parse(b)?;
    Ok(order::compare_parts(&parts_a, &parts_b))
}

#[inline]
fn parse(text: &str) -> Result<Parts<'_>, Error> {
    match parse::parse(text) {
        Ok(parts) => Ok(parts),
        Err(problem) => Err(error(text, problem)),
    }
}

/// The [`Error`] for a problem of `text`.
#[cold]
#[inline(never)]
fn error(text: &str, problem: Problem) -> Error {
    let char_at = |offset: usize| {
        text.get(offset..)
            .and_then(|rest| rest.chars().next())
            .unwrap_or(char::REPLACEMENT_CHARACTER)
    };
    let kind = match problem {
        Problem::Empty => ErrorKind::Empty,
        Problem::EmbeddedBlank(offset) => ErrorKind::EmbeddedBlank { offset },
        Problem::EpochEmpty => ErrorKind::EpochEmpty,
        Problem::EpochNotNumber => ErrorKind::EpochNotNumber,
        Problem::EpochNegative => ErrorKind::EpochNegative,
        Problem::EpochTooBig => ErrorKind::EpochTooBig,
        Problem::NothingAfterColon => ErrorKind::NothingAfterColon,
        Problem::RevisionEmpty => ErrorKind::EmptyRevision,
        Problem::UpstreamEmpty => ErrorKind::EmptyUpstream,
        Problem::UpstreamNotDigit(offset) => ErrorKind::UpstreamNotDigit {
            first: char_at(offset),
        },
        Problem::InvalidInUpstream(offset) => ErrorKind::InvalidUpstreamChar {
            character: char_at(offset),
            offset,
        },
        Problem::InvalidInRevision(offset) => ErrorKind::InvalidRevisionChar {
            character: char_at(offset),
            offset,
        },
    };
    Error::new(Scheme::Deb, text, kind)
}

/// A Debian version borrowed from its text: parsed once, compared without re-parsing.
///
/// `Ord`, `Eq` and `Hash` follow dpkg: `1.0`, `1.00` and `0:1.0-0` are equal and hash
/// alike. `Display` shows the original text. With the `serde` feature it (de)serializes
/// as that string, borrowed from the input.
///
/// ```
/// use patchcore_version::deb::Version;
///
/// let v = Version::parse("1:2.36-9+deb12u4")?;
/// assert_eq!(v.epoch(), 1);
/// assert_eq!(v.upstream(), "2.36");
/// assert_eq!(v.revision(), Some("9+deb12u4"));
/// assert!(v < Version::parse("1:2.36-9+deb12u10")?);
/// # Ok::<(), patchcore_version::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Version<'a> {
    text: &'a str,
    parts: Parts<'a>,
}

/// An owned Debian version (at most 48 bytes: the text, the epoch and where the upstream
/// version and the revision lie).
///
/// Same semantics as [`Version`]; [`VersionBuf::as_version`] borrows one.
///
/// ```
/// use patchcore_version::deb::VersionBuf;
///
/// let mut versions: Vec<VersionBuf> = ["1.0-1", "1.0~rc1-1", "1:0.5-1", "1.0+b1-1"]
///     .iter()
///     .map(|s| s.parse())
///     .collect::<Result<_, _>>()?;
/// versions.sort();
/// let sorted: Vec<String> = versions.iter().map(ToString::to_string).collect();
/// assert_eq!(sorted, ["1.0~rc1-1", "1.0-1", "1.0+b1-1", "1:0.5-1"]);
/// # Ok::<(), patchcore_version::Error>(())
/// ```
#[derive(Clone)]
pub struct VersionBuf {
    text: Box<str>,
    epoch: u32,
    /// Byte offset of the upstream version in `text`.
    upstream_start: usize,
    /// Byte offset just past the upstream version.
    upstream_end: usize,
    /// Byte offset just past the revision (equal to `upstream_end` when there is none).
    revision_end: usize,
}

const _: () = assert!(size_of::<VersionBuf>() <= 48);

impl<'a> Version<'a> {
    /// Parses a Debian version as dpkg's `parseversion` does, refusing its warnings too.
    ///
    /// # Errors
    ///
    /// The first problem dpkg reports for `text` (see the [module documentation](self)).
    pub fn parse(text: &'a str) -> Result<Self, Error> {
        Ok(Self {
            text,
            parts: parse(text)?,
        })
    }

    /// The epoch; 0 when the version has none.
    #[must_use]
    pub fn epoch(&self) -> u32 {
        self.parts.epoch
    }

    /// The upstream version: between the epoch's `:` and the last `-`.
    #[must_use]
    pub fn upstream(&self) -> &'a str {
        ascii(self.parts.upstream)
    }

    /// The Debian revision: after the last `-`, if there is one.
    #[must_use]
    pub fn revision(&self) -> Option<&'a str> {
        // A present revision is never empty.
        Some(ascii(self.parts.revision)).filter(|revision| !revision.is_empty())
    }

    /// Whether the epoch is written out (`0:1.0` has one, `1.0` not; both have epoch 0).
    #[must_use]
    pub fn has_epoch(&self) -> bool {
        // The first `:` of a valid version always ends an epoch.
        self.text.contains(':')
    }

    /// The original text, surrounding blanks included.
    #[must_use]
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// A byte string whose plain byte order is dpkg's order; equal versions (`1.0`,
    /// `1.00`, `0:1.0-0`) have identical keys. For sorting many versions, or keeping the
    /// newest, with `memcmp`.
    #[must_use]
    pub fn sort_key(&self) -> SortKey {
        let mut key = Vec::with_capacity(self.text.len() + 16);
        self.encode(&mut key);
        SortKey::from_vec(key)
    }

    /// An owned copy.
    #[must_use]
    pub fn to_buf(&self) -> VersionBuf {
        // The parts are slices of the text: their offsets are address differences.
        let base = self.text.as_ptr().addr();
        let upstream_start = self.parts.upstream.as_ptr().addr() - base;
        let upstream_end = upstream_start + self.parts.upstream.len();
        let revision_end = if self.parts.revision.is_empty() {
            upstream_end
        } else {
            upstream_end + 1 + self.parts.revision.len()
        };
        VersionBuf {
            text: self.text.into(),
            epoch: self.parts.epoch,
            upstream_start,
            upstream_end,
            revision_end,
        }
    }

    fn encode(&self, sink: &mut impl Sink) {
        order::encode(&self.parts, sink);
    }
}

/// The parts of a valid version are ASCII: this never falls back to `""`.
fn ascii(part: &[u8]) -> &str {
    std::str::from_utf8(part).unwrap_or_default()
}

impl VersionBuf {
    /// Parses an owned Debian version (see [`Version::parse`]).
    ///
    /// # Errors
    ///
    /// The first problem dpkg reports for `text`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        Version::parse(text).map(|version| version.to_buf())
    }

    /// Borrows this version.
    #[must_use]
    pub fn as_version(&self) -> Version<'_> {
        let bytes = self.text.as_bytes();
        Version {
            text: &self.text,
            parts: Parts {
                epoch: self.epoch,
                upstream: bytes
                    .get(self.upstream_start..self.upstream_end)
                    .unwrap_or_default(),
                revision: bytes
                    .get(self.upstream_end + 1..self.revision_end)
                    .unwrap_or_default(),
            },
        }
    }

    /// The epoch; 0 when the version has none.
    #[must_use]
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// The upstream version.
    #[must_use]
    pub fn upstream(&self) -> &str {
        self.as_version().upstream()
    }

    /// The Debian revision, if there is one.
    #[must_use]
    pub fn revision(&self) -> Option<&str> {
        self.as_version().revision()
    }

    /// The original text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// See [`Version::sort_key`].
    #[must_use]
    pub fn sort_key(&self) -> SortKey {
        self.as_version().sort_key()
    }
}

impl FromStr for VersionBuf {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Error> {
        Self::parse(text)
    }
}

impl<'a> TryFrom<&'a str> for Version<'a> {
    type Error = Error;

    fn try_from(text: &'a str) -> Result<Self, Error> {
        Self::parse(text)
    }
}

impl From<Version<'_>> for VersionBuf {
    fn from(version: Version<'_>) -> Self {
        version.to_buf()
    }
}

impl<'a> From<&'a VersionBuf> for Version<'a> {
    fn from(version: &'a VersionBuf) -> Self {
        version.as_version()
    }
}

impl Ord for Version<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        order::compare_parts(&self.parts, &other.parts)
    }
}

impl Hash for Version<'_> {
    /// Hashes the canonical encoding (the sort key's bytes), not the text, so that
    /// versions dpkg calls equal hash alike.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.encode(&mut HashSink(state));
    }
}

impl Ord for VersionBuf {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_version().cmp(&other.as_version())
    }
}

impl Hash for VersionBuf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_version().hash(state);
    }
}

impl Version<'_> {
    /// `Debug` of a version under the name of its type: the text and the parts.
    fn debug(&self, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(name)
            .field("text", &self.text)
            .field("epoch", &self.epoch())
            .field("upstream", &self.upstream())
            .field("revision", &self.revision())
            .finish()
    }
}

impl fmt::Debug for Version<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.debug("Version", f)
    }
}

impl fmt::Debug for VersionBuf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_version().debug("VersionBuf", f)
    }
}

crate::version_traits::serde_as_str!(borrowed Version);
crate::version_traits::serde_as_str!(owned VersionBuf);
crate::version_traits::order_and_text_traits!(Version<'_>, VersionBuf);

#[cfg(feature = "debversion")]
mod debversion_impls {
    //! Conversions with the `debversion` crate's `Version`, for callers that hold those.

    use super::{Version, VersionBuf};
    use crate::Error;

    impl From<Version<'_>> for debversion::Version {
        /// The same epoch (written or not), upstream version and revision.
        fn from(version: Version<'_>) -> Self {
            Self {
                epoch: version.has_epoch().then_some(version.epoch()),
                upstream_version: version.upstream().to_owned(),
                debian_revision: version.revision().map(str::to_owned),
            }
        }
    }

    impl From<&VersionBuf> for debversion::Version {
        fn from(version: &VersionBuf) -> Self {
            version.as_version().into()
        }
    }

    impl TryFrom<&debversion::Version> for VersionBuf {
        type Error = Error;

        /// Parses the `debversion` value's text: `debversion` accepts some strings dpkg
        /// warns about (an upstream version starting with a letter), which are refused.
        fn try_from(version: &debversion::Version) -> Result<Self, Error> {
            VersionBuf::parse(&version.to_string())
        }
    }
}
