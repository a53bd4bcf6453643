//! apt `Release` and `InRelease` files.

use std::borrow::Cow;

use patchcore_rules::facts::AptOrigin;

use super::deb822::{Event, Scanner, is};
use crate::error::{Error, ErrorKind, Position};

const FORMAT: &str = "apt Release";

/// The fields of a `Release` file patchcore reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Release {
    /// `Origin` (`Debian`, `Ubuntu`).
    pub origin: String,
    /// `Label` (`Debian-Security`).
    pub label: String,
    /// `Suite` (`bookworm-security`, `stable-security`, `jammy-updates`): python-apt's `archive`.
    pub suite: String,
    /// `Codename` (`bookworm`, `jammy`).
    pub codename: String,
    /// `Version` (`12.8`), when present.
    pub version: String,
    /// `Components` (`main contrib`).
    pub components: Vec<String>,
    /// `Architectures` (`amd64 arm64`).
    pub architectures: Vec<String>,
    /// `NotAutomatic: yes`.
    pub not_automatic: bool,
    /// `ButAutomaticUpgrades: yes`.
    pub but_automatic_upgrades: bool,
    /// Whether the text was clearsigned (an `InRelease`).
    pub clearsigned: bool,
}

impl Release {
    /// The origin of a list this Release file describes, served from `site` (host name) for
    /// `component`, trusted or not (see the module doc for the offline trust rule).
    pub fn origin(&self, site: &str, component: &str, trusted: bool) -> AptOrigin {
        let mut origin = AptOrigin::default();
        origin.archive.clone_from(&self.suite);
        origin.codename.clone_from(&self.codename);
        origin.origin.clone_from(&self.origin);
        origin.label.clone_from(&self.label);
        site.clone_into(&mut origin.site);
        component.clone_into(&mut origin.component);
        origin.trusted = trusted;
        origin.not_automatic = self.not_automatic;
        origin.but_automatic_upgrades = self.but_automatic_upgrades;
        origin
    }
}

const BEGIN_SIGNED: &[u8] = b"-----BEGIN PGP SIGNED MESSAGE-----";
const BEGIN_SIGNATURE: &[u8] = b"-----BEGIN PGP SIGNATURE-----";

/// The signed text of a clearsigned message (RFC 4880 section 7: armor headers up to the first
/// blank line, dash-escaped lines `- ` unescaped, up to the signature), or the input itself
/// when it is not clearsigned. The signature is not verified.
///
/// # Errors
/// A clearsigned message whose signature block never starts.
pub fn strip_clearsign(bytes: &[u8]) -> Result<Cow<'_, [u8]>, Error> {
    let mut lines = bytes
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    if lines.next().map(<[u8]>::trim_ascii_end) != Some(BEGIN_SIGNED) {
        return Ok(Cow::Borrowed(bytes));
    }
    // Armor headers (`Hash: SHA512`) end at the first empty line.
    for line in lines.by_ref() {
        if line.trim_ascii().is_empty() {
            break;
        }
    }
    let mut out = Vec::with_capacity(bytes.len());
    for line in lines {
        if line.trim_ascii_end() == BEGIN_SIGNATURE {
            return Ok(Cow::Owned(out));
        }
        out.extend_from_slice(line.strip_prefix(b"- ").unwrap_or(line));
        out.push(b'\n');
    }
    Err(Error::new(
        FORMAT,
        ErrorKind::Other {
            message: "clearsigned message without a `-----BEGIN PGP SIGNATURE-----` line"
                .to_owned(),
        },
    ))
}

fn yes(value: &str) -> bool {
    value.eq_ignore_ascii_case("yes")
}

/// Reads a `Release` or `InRelease` file (its first stanza; the checksum lists are skipped).
///
/// # Errors
/// A malformed line, invalid UTF-8 in a field read, a truncated clearsigned message, or a file
/// with none of `Origin`, `Label`, `Suite`, `Codename`.
pub fn parse_release(bytes: &[u8]) -> Result<Release, Error> {
    let text = strip_clearsign(bytes)?;
    let mut release = Release {
        clearsigned: matches!(text, Cow::Owned(_)),
        ..Release::default()
    };
    let mut scanner = Scanner::new(&text, FORMAT);
    let mut first_line = 0;
    while let Some(Event::Field { name, value, line }) = scanner.next_event()? {
        if first_line == 0 {
            first_line = line;
        }
        let value = scanner.text(name, value, line)?;
        let words = || value.split_ascii_whitespace().map(str::to_owned).collect();
        if is(name, b"Origin") {
            release.origin = value.to_owned();
        } else if is(name, b"Label") {
            release.label = value.to_owned();
        } else if is(name, b"Suite") {
            release.suite = value.to_owned();
        } else if is(name, b"Codename") {
            release.codename = value.to_owned();
        } else if is(name, b"Version") {
            release.version = value.to_owned();
        } else if is(name, b"Components") {
            release.components = words();
        } else if is(name, b"Architectures") {
            release.architectures = words();
        } else if is(name, b"NotAutomatic") {
            release.not_automatic = yes(value);
        } else if is(name, b"ButAutomaticUpgrades") {
            release.but_automatic_upgrades = yes(value);
        }
    }
    if release.origin.is_empty()
        && release.label.is_empty()
        && release.suite.is_empty()
        && release.codename.is_empty()
    {
        return Err(Error::new(
            FORMAT,
            ErrorKind::MissingField {
                field: "Suite",
                context: crate::error::truncate_bytes(text.get(..64).unwrap_or(&text)),
            },
        )
        .at(Position::Line(first_line.max(1))));
    }
    Ok(release)
}

#[cfg(test)]
mod tests {
    use super::*;

    const IN_RELEASE: &[u8] = b"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nOrigin: Debian\nLabel: Debian-Security\nSuite: stable-security\nVersion: 12\nCodename: bookworm-security\nDate: Wed, 26 Nov 2025 05:00:00 UTC\nAcquire-By-Hash: yes\nArchitectures: amd64 arm64\nComponents: updates/main updates/contrib\nDescription: Debian 12 - Security Updates\nSHA256:\n 0123 100 main/binary-amd64/Packages\n- X-Dashed: yes\n-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n";

    #[test]
    fn inrelease_armour_is_stripped_and_fields_are_read() {
        let r = parse_release(IN_RELEASE).unwrap();
        assert!(r.clearsigned);
        assert_eq!(r.origin, "Debian");
        assert_eq!(r.label, "Debian-Security");
        assert_eq!(r.suite, "stable-security");
        assert_eq!(r.codename, "bookworm-security");
        assert_eq!(r.components, ["updates/main", "updates/contrib"]);
        assert!(!r.not_automatic);
        assert!(
            r.origin("deb.debian.org", "updates/main", true)
                .is_security_pocket()
        );
    }

    #[test]
    fn dash_escaped_lines_are_unescaped() {
        let text = strip_clearsign(IN_RELEASE).unwrap();
        assert!(text.ends_with(b"\nX-Dashed: yes\n"));
    }

    #[test]
    fn backports_are_not_automatic_but_automatic_upgrades() {
        let r = parse_release(b"Origin: Debian Backports\nSuite: bookworm-backports\nCodename: bookworm-backports\nNotAutomatic: yes\nButAutomaticUpgrades: yes\n").unwrap();
        assert!(!r.clearsigned);
        assert!(r.not_automatic && r.but_automatic_upgrades);
        assert!(
            !r.origin("deb.debian.org", "main", true)
                .is_security_pocket()
        );
    }

    #[test]
    fn truncated_clearsigned_text_and_empty_files_are_refused() {
        let err = parse_release(b"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nOrigin: x\n")
            .unwrap_err();
        assert!(err.to_string().contains("BEGIN PGP SIGNATURE"), "{err}");
        assert!(parse_release(b"Date: today\n").is_err());
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..1024)) {
            let _ = parse_release(&data);
            let mut signed = BEGIN_SIGNED.to_vec();
            signed.push(b'\n');
            signed.extend(&data);
            let _ = parse_release(&signed);
        }
    }
}
