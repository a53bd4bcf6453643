//! Numeric dotted versions: macOS product versions (`14.2.1`) and similar vendor versions.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::digits::{HashSink, Sink, cmp_numbers, put_number, trim_zeros};
use crate::{Error, ErrorKind, Scheme, SortKey};

/// A version of dot-separated decimal numbers, compared component by component, a missing
/// component counting as 0 (`14.2 == 14.2.0 < 14.2.1`). Components have no size limit and
/// leading zeros do not count (`14.02 == 14.2`). Display is the text as written.
///
/// Valid: one or more components, each one or more ASCII digits.
///
/// ```
/// use patchcore_version::dotted::DottedVersion;
///
/// let a: DottedVersion = "14.2".parse()?;
/// assert_eq!(a, "14.2.0".parse()?);
/// assert!(a < "14.10".parse()?);
/// assert!("14..2".parse::<DottedVersion>().is_err());
/// # Ok::<(), patchcore_version::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct DottedVersion {
    text: Box<str>,
}

impl DottedVersion {
    /// Checks and keeps `text`.
    ///
    /// # Errors
    /// [`ErrorKind::Empty`], [`ErrorKind::EmptyComponent`] or
    /// [`ErrorKind::NonNumericComponent`].
    pub fn parse(text: &str) -> Result<Self, Error> {
        validate(text)?;
        Ok(Self { text: text.into() })
    }

    /// The text as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The components as written (digit strings).
    pub fn components(&self) -> impl Iterator<Item = &str> {
        self.text.split('.')
    }

    /// A key whose byte order is this order; equal versions have identical keys.
    #[must_use]
    pub fn sort_key(&self) -> SortKey {
        let mut key = Vec::with_capacity(self.text.len() + 4);
        put_canonical(&mut key, self.text.as_bytes());
        SortKey::from_vec(key)
    }
}

/// Marks a component in the canonical encoding; above [`END`], so `14.2 < 14.2.1`.
const COMPONENT: u8 = 0x01;
const END: u8 = 0x00;

/// Writes the components without the trailing zero ones (which do not change the order):
/// zero components are held back until a non-zero one follows them.
fn put_canonical(sink: &mut impl Sink, text: &[u8]) {
    let mut pending_zeros = 0usize;
    for part in text.split(|&c| c == b'.') {
        if trim_zeros(part).is_empty() {
            pending_zeros += 1;
            continue;
        }
        for _ in 0..pending_zeros {
            sink.put(&[COMPONENT]);
            put_number(sink, b"");
        }
        pending_zeros = 0;
        sink.put(&[COMPONENT]);
        put_number(sink, part);
    }
    sink.put(&[END]);
}

/// Checks that `text` is a dotted version.
pub(crate) fn validate(text: &str) -> Result<(), Error> {
    let fail = |kind| Err(Error::new(Scheme::Dotted, text, kind));
    if text.is_empty() {
        return fail(ErrorKind::Empty);
    }
    for (i, part) in text.split('.').enumerate() {
        if part.is_empty() {
            return fail(ErrorKind::EmptyComponent { index: i + 1 });
        }
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return fail(ErrorKind::non_numeric(i + 1, part));
        }
    }
    Ok(())
}

/// The order of two valid dotted versions, without allocating.
fn cmp_valid(a: &str, b: &str) -> Ordering {
    let mut xs = a.split('.');
    let mut ys = b.split('.');
    loop {
        match (xs.next(), ys.next()) {
            (None, None) => return Ordering::Equal,
            (x, y) => {
                let order = cmp_numbers(x.unwrap_or("0").as_bytes(), y.unwrap_or("0").as_bytes());
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// Compares two dotted versions without allocating.
///
/// # Errors
/// When either is not a valid dotted version (see [`DottedVersion::parse`]).
pub fn compare(a: &str, b: &str) -> Result<Ordering, Error> {
    validate(a)?;
    validate(b)?;
    Ok(cmp_valid(a, b))
}

impl FromStr for DottedVersion {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl Ord for DottedVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_valid(&self.text, &other.text)
    }
}

impl Hash for DottedVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        put_canonical(&mut HashSink(state), self.text.as_bytes());
    }
}

crate::version_traits::order_and_text_traits!(DottedVersion);
crate::version_traits::serde_as_str!(owned DottedVersion);
