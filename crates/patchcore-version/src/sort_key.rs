//! Precomputed sort keys: the order of a scheme as plain byte order.

/// An owned byte string whose byte order (the derived `Ord`, a `memcmp`) is the order of the
/// versions it was made from, within one scheme. Versions equal under the scheme have
/// identical keys, so keys also serve for deduplication and hashing.
///
/// Keys of different schemes (or of RPM EVRs and single version strings) are not comparable
/// with each other.
///
/// ```
/// use patchcore_version::rpm::Evr;
///
/// let mut evrs = ["1.10-1", "1.9-1", "1.9~rc1-1", "0:1.9-1"];
/// evrs.sort_by_cached_key(|s| Evr::parse(s).map(|evr| evr.sort_key()).ok());
/// assert_eq!(evrs, ["1.9~rc1-1", "1.9-1", "0:1.9-1", "1.10-1"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortKey(Box<[u8]>);

impl SortKey {
    /// Wraps an encoding made by one of the schemes.
    pub(crate) fn from_vec(bytes: Vec<u8>) -> Self {
        Self(bytes.into_boxed_slice())
    }

    /// The key's bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for SortKey {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}
