//! Windows identifiers: KB ids, security bulletin ids and OS builds.
//!
//! Which update supersedes which is catalog data, not a property of these ids: here they are
//! only parsed, displayed and ordered.

use std::fmt;
use std::str::FromStr;

use crate::{Error, ErrorKind, Scheme, SortKey};

/// Reads an ASCII decimal number that fits a `u32` (Windows build numbers, revisions and KB
/// numbers are 32-bit values).
fn parse_u32(scheme: Scheme, text: &str, index: usize, part: &str) -> Result<u32, Error> {
    if part.is_empty() {
        return Err(Error::new(
            scheme,
            text,
            ErrorKind::EmptyComponent { index },
        ));
    }
    if !part.bytes().all(|c| c.is_ascii_digit()) {
        return Err(Error::new(
            scheme,
            text,
            ErrorKind::non_numeric(index, part),
        ));
    }
    part.parse()
        .map_err(|_| Error::new(scheme, text, ErrorKind::too_large(part, u32::MAX.into())))
}

/// A Microsoft Knowledge Base update id: `KB5031361`, `kb5031361` and `5031361` are the same
/// id. Displayed as `KB5031361`; ordered by number.
///
/// ```
/// use patchcore_version::windows::KbId;
///
/// let kb: KbId = "kb5031361".parse()?;
/// assert_eq!(kb, "5031361".parse()?);
/// assert_eq!(kb.to_string(), "KB5031361");
/// assert!(kb < "KB5032189".parse()?);
/// # Ok::<(), patchcore_version::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KbId(u32);

impl KbId {
    /// Parses `KB` (in any case) followed by digits, or digits alone.
    ///
    /// # Errors
    /// [`ErrorKind::Empty`], [`ErrorKind::NotKbId`], or [`ErrorKind::NumberTooLarge`] above
    /// `u32::MAX`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        if text.is_empty() {
            return Err(Error::new(Scheme::Kb, text, ErrorKind::Empty));
        }
        let digits = match text.get(..2) {
            Some(prefix) if prefix.eq_ignore_ascii_case("kb") => text.get(2..).unwrap_or_default(),
            _ => text,
        };
        if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return Err(Error::new(Scheme::Kb, text, ErrorKind::NotKbId));
        }
        parse_u32(Scheme::Kb, text, 1, digits).map(Self)
    }

    /// The id for a number.
    #[must_use]
    pub fn new(number: u32) -> Self {
        Self(number)
    }

    /// The number (`5031361` for `KB5031361`).
    #[must_use]
    pub fn number(self) -> u32 {
        self.0
    }

    /// A key whose byte order is numeric order.
    #[must_use]
    pub fn sort_key(self) -> SortKey {
        SortKey::from_vec(self.0.to_be_bytes().to_vec())
    }
}

impl FromStr for KbId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl fmt::Display for KbId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KB{}", self.0)
    }
}

/// A Microsoft security bulletin id: `MS17-010` (`MS` in any case, a two-digit year, `-`, a
/// three-digit number). Ordered by year (`MS98-…` is 1998, before `MS17-…`), then number.
///
/// ```
/// use patchcore_version::windows::BulletinId;
///
/// let id: BulletinId = "MS17-010".parse()?;
/// assert_eq!((id.year(), id.number()), (2017, 10));
/// assert!("MS98-001".parse::<BulletinId>()? < id);
/// # Ok::<(), patchcore_version::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BulletinId {
    year: u16,
    number: u16,
}

impl BulletinId {
    /// Parses `MSyy-nnn`.
    ///
    /// # Errors
    /// [`ErrorKind::Empty`] or [`ErrorKind::NotBulletinId`].
    pub fn parse(text: &str) -> Result<Self, Error> {
        let fail = |kind| Error::new(Scheme::Kb, text, kind);
        if text.is_empty() {
            return Err(fail(ErrorKind::Empty));
        }
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 8
            && bytes
                .get(..2)
                .is_some_and(|p| p.eq_ignore_ascii_case(b"ms"))
            && bytes.get(4) == Some(&b'-')
            && [2, 3, 5, 6, 7]
                .iter()
                .all(|&i| bytes.get(i).is_some_and(u8::is_ascii_digit));
        let number = |range: std::ops::Range<usize>| {
            text.get(range)
                .and_then(|digits| digits.parse::<u16>().ok())
        };
        match (shape_ok, number(2..4), number(5..8)) {
            (true, Some(yy), Some(number)) => Ok(Self {
                year: if yy >= 90 { 1900 + yy } else { 2000 + yy },
                number,
            }),
            _ => Err(fail(ErrorKind::NotBulletinId)),
        }
    }

    /// The year (`2017` for `MS17-010`).
    #[must_use]
    pub fn year(self) -> u16 {
        self.year
    }

    /// The number within the year (`10` for `MS17-010`).
    #[must_use]
    pub fn number(self) -> u16 {
        self.number
    }
}

impl FromStr for BulletinId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl fmt::Display for BulletinId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MS{:02}-{:03}", self.year % 100, self.number)
    }
}

/// A Windows OS build: `10.0.17763.5122` (major.minor.build.revision, the revision being the
/// update build revision, UBR) or the short `17763.5122`.
///
/// Compared by build, then revision: major.minor is 10.0 on every supported Windows and is
/// not compared, so the short and the long form of one build are equal (and hash alike).
/// Display writes the form that was parsed, with the numbers in decimal.
///
/// ```
/// use patchcore_version::windows::OsBuild;
///
/// let long: OsBuild = "10.0.17763.5122".parse()?;
/// assert_eq!(long, "17763.5122".parse()?);
/// assert!(long < "17763.5206".parse()?);
/// assert_eq!((long.build(), long.revision()), (17763, 5122));
/// # Ok::<(), patchcore_version::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct OsBuild {
    major_minor: Option<(u32, u32)>,
    build: u32,
    revision: u32,
}

impl OsBuild {
    /// Parses `build.revision` or `major.minor.build.revision`.
    ///
    /// # Errors
    /// [`ErrorKind::Empty`], [`ErrorKind::ComponentCount`], [`ErrorKind::EmptyComponent`],
    /// [`ErrorKind::NonNumericComponent`] or [`ErrorKind::NumberTooLarge`] (each component is
    /// a 32-bit number).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let scheme = Scheme::WindowsBuild;
        if text.is_empty() {
            return Err(Error::new(scheme, text, ErrorKind::Empty));
        }
        let mut numbers = [0u32; 4];
        let mut found = 0;
        for (i, part) in text.split('.').enumerate() {
            found = i + 1;
            if let Some(slot) = numbers.get_mut(i) {
                *slot = parse_u32(scheme, text, i + 1, part)?;
            }
        }
        match (found, numbers) {
            (2, [build, revision, ..]) => Ok(Self {
                major_minor: None,
                build,
                revision,
            }),
            (4, [major, minor, build, revision]) => Ok(Self {
                major_minor: Some((major, minor)),
                build,
                revision,
            }),
            _ => Err(Error::new(
                scheme,
                text,
                ErrorKind::ComponentCount { found },
            )),
        }
    }

    /// The build number (`17763`).
    #[must_use]
    pub fn build(self) -> u32 {
        self.build
    }

    /// The update build revision (`5122`).
    #[must_use]
    pub fn revision(self) -> u32 {
        self.revision
    }

    /// Major and minor version, when the long form was parsed (`(10, 0)`).
    #[must_use]
    pub fn major_minor(self) -> Option<(u32, u32)> {
        self.major_minor
    }

    /// A key whose byte order is this order.
    #[must_use]
    pub fn sort_key(self) -> SortKey {
        let mut key = self.build.to_be_bytes().to_vec();
        key.extend_from_slice(&self.revision.to_be_bytes());
        SortKey::from_vec(key)
    }

    fn ordered(self) -> (u32, u32) {
        (self.build, self.revision)
    }
}

impl FromStr for OsBuild {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl Ord for OsBuild {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.ordered().cmp(&other.ordered())
    }
}

impl PartialOrd for OsBuild {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for OsBuild {
    fn eq(&self, other: &Self) -> bool {
        self.ordered() == other.ordered()
    }
}

impl Eq for OsBuild {}

impl std::hash::Hash for OsBuild {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.ordered().hash(state);
    }
}

impl fmt::Display for OsBuild {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((major, minor)) = self.major_minor {
            write!(f, "{major}.{minor}.")?;
        }
        write!(f, "{}.{}", self.build, self.revision)
    }
}

crate::version_traits::serde_as_str!(owned KbId, BulletinId, OsBuild);
