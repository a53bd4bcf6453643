//! Package identities: `name-[epoch:]version-release[.arch]` and Patch Manager's
//! `name.arch:epoch:version-release`.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use super::Evr;
use crate::{Error, ErrorKind, Scheme};

/// RPM architectures recognised after the last `.` of a `name-version-release.arch` string.
///
/// Decision: a release contains dots itself (`1.amzn2023.0.2`), so `.arch` can only be told
/// apart from the release by its value; anything not in this list stays part of the release.
pub const ARCHES: &[&str] = &[
    "noarch",
    "src",
    "nosrc",
    "x86_64",
    "x86_64_v2",
    "x86_64_v3",
    "x86_64_v4",
    "amd64",
    "ia32e",
    "i386",
    "i486",
    "i586",
    "i686",
    "athlon",
    "geode",
    "pentium3",
    "pentium4",
    "aarch64",
    "armv5tel",
    "armv6l",
    "armv6hl",
    "armv7l",
    "armv7hl",
    "armv7hnl",
    "armv8l",
    "armhfp",
    "ppc",
    "ppc64",
    "ppc64le",
    "ppc64p7",
    "ppc64pseries",
    "ppc64iseries",
    "s390",
    "s390x",
    "sparc",
    "sparcv9",
    "sparc64",
    "ia64",
    "alpha",
    "mips",
    "mipsel",
    "mips64",
    "mips64el",
    "riscv64",
    "loongarch64",
];

/// Where the parts of a NEVRA string are (byte offsets into its text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spans {
    name_end: usize,
    evr_start: usize,
    evr_end: usize,
    /// Start of the arch; 0 when there is none (an arch never starts the text).
    arch_start: usize,
    arch_end: usize,
}

/// A parsed package identity, borrowing its text: name, EVR and (optional) architecture.
///
/// Two spellings are read:
/// - `name-[epoch:]version-release[.arch]` (`rpm -q`, yum, dnf), split from the right: the
///   arch after the last `.` when it is one of [`ARCHES`], the release after the last `-`,
///   the version after the `-` before it;
/// - `name.arch:epoch:version-release` (what Patch Manager prints), recognised when the text
///   before the first `:` ends in `.arch` (no `-` after its last `.`) and digits and a `:`
///   follow it.
///
/// Order: name (bytewise), then EVR (librpm), then arch (none first, then bytewise).
///
/// ```
/// use patchcore_version::rpm::Nevra;
///
/// let a = Nevra::parse("openssl-libs-1:3.0.8-1.amzn2023.0.4.x86_64")?;
/// let b = Nevra::parse("openssl-libs.x86_64:1:3.0.8-1.amzn2023.0.4")?;
/// assert_eq!((a.name(), a.arch()), ("openssl-libs", Some("x86_64")));
/// assert_eq!(a.evr().release(), Some("1.amzn2023.0.4"));
/// assert_eq!(a, b);
/// # Ok::<(), patchcore_version::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Nevra<'a> {
    text: &'a str,
    spans: Spans,
    evr: Evr<'a>,
}

impl<'a> Nevra<'a> {
    /// Parses either spelling.
    ///
    /// # Errors
    /// [`ErrorKind::Empty`], [`ErrorKind::MissingVersion`] when there is no
    /// `-version-release`, [`ErrorKind::MissingName`] when nothing precedes it.
    pub fn parse(text: &'a str) -> Result<Self, Error> {
        let fail = |kind| Error::new(Scheme::Rpm, text, kind);
        if text.is_empty() {
            return Err(fail(ErrorKind::Empty));
        }
        let spans = patch_manager_spans(text)
            .map_or_else(|| rpm_spans(text), Ok)
            .map_err(fail)?;
        let evr_text = text.get(spans.evr_start..spans.evr_end).unwrap_or_default();
        let evr = Evr::parse(evr_text).map_err(|_| fail(ErrorKind::MissingVersion))?;
        if evr.release().is_none() {
            return Err(fail(ErrorKind::MissingVersion));
        }
        Ok(Self { text, spans, evr })
    }

    /// The package name.
    #[must_use]
    pub fn name(&self) -> &'a str {
        self.text.get(..self.spans.name_end).unwrap_or_default()
    }

    /// The `[epoch:]version-release` part.
    #[must_use]
    pub fn evr(&self) -> Evr<'a> {
        self.evr
    }

    /// The architecture, when the text names one.
    #[must_use]
    pub fn arch(&self) -> Option<&'a str> {
        if self.spans.arch_start == 0 {
            return None;
        }
        self.text.get(self.spans.arch_start..self.spans.arch_end)
    }

    /// The text this NEVRA was parsed from.
    #[must_use]
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// An owned copy.
    ///
    /// # Errors
    /// [`ErrorKind::TooLong`] for texts of 4 GiB or more (offsets are stored as `u32`).
    pub fn to_buf(&self) -> Result<NevraBuf, Error> {
        let offset = |at: usize| {
            u32::try_from(at).map_err(|_| {
                Error::new(
                    Scheme::Rpm,
                    self.text,
                    ErrorKind::TooLong {
                        max: u32::MAX as usize,
                    },
                )
            })
        };
        Ok(NevraBuf {
            text: self.text.into(),
            evr_prefix: self.evr.key_prefix(),
            offsets: [
                offset(self.spans.name_end)?,
                offset(self.spans.evr_start)?,
                offset(self.spans.evr_end)?,
                offset(self.spans.arch_start)?,
                offset(self.spans.arch_end)?,
            ],
        })
    }
}

/// `name.arch:epoch:version-release`, or `None` when `text` is not in that form.
fn patch_manager_spans(text: &str) -> Option<Spans> {
    let (head, rest) = text.split_once(':')?;
    let (name, arch) = head.rsplit_once('.')?;
    if name.is_empty() || arch.is_empty() || arch.contains('-') {
        return None;
    }
    let epoch = rest.split_once(':')?.0;
    if epoch.is_empty() || !epoch.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(Spans {
        name_end: name.len(),
        evr_start: head.len() + 1,
        evr_end: text.len(),
        arch_start: name.len() + 1,
        arch_end: head.len(),
    })
}

/// `name-[epoch:]version-release[.arch]`, split from the right.
fn rpm_spans(text: &str) -> Result<Spans, ErrorKind> {
    let (nevr, arch_start) = match text.rsplit_once('.') {
        Some((before, arch)) if !arch.contains('-') && ARCHES.contains(&arch) => {
            (before, before.len() + 1)
        }
        _ => (text, 0),
    };
    let (nev, _release) = nevr.rsplit_once('-').ok_or(ErrorKind::MissingVersion)?;
    let (name, _ev) = nev.rsplit_once('-').ok_or(ErrorKind::MissingVersion)?;
    if name.is_empty() {
        return Err(ErrorKind::MissingName);
    }
    Ok(Spans {
        name_end: name.len(),
        evr_start: name.len() + 1,
        evr_end: nevr.len(),
        arch_start,
        arch_end: if arch_start == 0 { 0 } else { text.len() },
    })
}

impl Ord for Nevra<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.name()
            .cmp(other.name())
            .then_with(|| self.evr.cmp(&other.evr))
            .then_with(|| self.arch().cmp(&other.arch()))
    }
}

impl Hash for Nevra<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name().hash(state);
        self.evr.hash(state);
        self.arch().hash(state);
    }
}

/// An owned [`Nevra`]: the text, five `u32` offsets and the EVR's key prefix (48 bytes).
#[derive(Debug, Clone)]
pub struct NevraBuf {
    text: Box<str>,
    /// `name_end`, `evr_start`, `evr_end`, `arch_start`, `arch_end` of [`Spans`].
    offsets: [u32; 5],
    /// The EVR's key prefix, so that [`Self::as_nevra`] need not encode it again.
    evr_prefix: u64,
}

impl NevraBuf {
    /// The borrowed form, for reading the parts.
    #[must_use]
    pub fn as_nevra(&self) -> Nevra<'_> {
        let [name_end, evr_start, evr_end, arch_start, arch_end] = self.offsets.map(|o| o as usize);
        let spans = Spans {
            name_end,
            evr_start,
            evr_end,
            arch_start,
            arch_end,
        };
        let evr_text = self.text.get(evr_start..evr_end).unwrap_or_default();
        // Validated when this value was made.
        let evr = Evr::from_valid_with_prefix(evr_text, self.evr_prefix);
        Nevra {
            text: &self.text,
            spans,
            evr,
        }
    }

    /// The package name.
    #[must_use]
    pub fn name(&self) -> &str {
        self.as_nevra().name()
    }

    /// The architecture, when the text names one.
    #[must_use]
    pub fn arch(&self) -> Option<&str> {
        self.as_nevra().arch()
    }

    /// The `[epoch:]version-release` part.
    #[must_use]
    pub fn evr(&self) -> Evr<'_> {
        self.as_nevra().evr()
    }

    /// The text this NEVRA was parsed from.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromStr for NevraBuf {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Nevra::parse(s)?.to_buf()
    }
}

impl Ord for NevraBuf {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_nevra().cmp(&other.as_nevra())
    }
}

impl Hash for NevraBuf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_nevra().hash(state);
    }
}

crate::version_traits::order_and_text_traits!(Nevra<'_>, NevraBuf);
crate::version_traits::serde_as_str!(borrowed Nevra);
crate::version_traits::serde_as_str!(owned NevraBuf);

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (&str, String, Option<&str>) {
        let n = Nevra::parse(s).unwrap();
        (n.name(), n.evr().to_string(), n.arch())
    }

    #[test]
    fn rpm_form_splits_from_the_right() {
        assert_eq!(
            parts("fonts-filesystem-1:2.0.5-12.fc39.noarch"),
            ("fonts-filesystem", "1:2.0.5-12.fc39".into(), Some("noarch"))
        );
        assert_eq!(
            parts("fonts-filesystem-2.0.5-12.fc39"),
            ("fonts-filesystem", "2.0.5-12.fc39".into(), None)
        );
        assert_eq!(
            parts("bash-5.2.15-1.amzn2023.0.2"),
            ("bash", "5.2.15-1.amzn2023.0.2".into(), None)
        );
    }

    #[test]
    fn patch_manager_form_reads_name_arch_epoch() {
        assert_eq!(
            parts("python3-libs.x86_64:0:3.9.16-1.amzn2023.0.6"),
            (
                "python3-libs",
                "0:3.9.16-1.amzn2023.0.6".into(),
                Some("x86_64")
            )
        );
        assert_eq!(
            parts("python3.11-1:3.11.6-1.el9"),
            ("python3.11", "1:3.11.6-1.el9".into(), None)
        );
    }

    #[test]
    fn nevra_needs_name_version_and_release() {
        let kind = |s: &str| Nevra::parse(s).unwrap_err().kind().clone();
        assert_eq!(kind(""), ErrorKind::Empty);
        assert_eq!(kind("bash"), ErrorKind::MissingVersion);
        assert_eq!(kind("bash-5.2"), ErrorKind::MissingVersion);
        assert_eq!(kind("-5.2-1"), ErrorKind::MissingName);
    }

    #[test]
    fn owned_nevra_is_small_and_equal_to_borrowed() {
        assert!(size_of::<NevraBuf>() <= 48, "{}", size_of::<NevraBuf>());
        let text = "kernel-6.1.55-75.123.amzn2023.x86_64";
        let buf: NevraBuf = text.parse().unwrap();
        assert_eq!(buf.as_nevra(), Nevra::parse(text).unwrap());
        assert_eq!((buf.name(), buf.arch()), ("kernel", Some("x86_64")));
        assert_eq!(buf.to_string(), text);
    }
}
