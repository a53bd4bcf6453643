//! apt `Packages` index files.

use patchcore_rules::facts::{AptCatalog, AptCatalogBuilder, AptOrigin, AptVersion, OriginId};
use patchcore_version::deb::VersionBuf;

use super::deb822::{Event, Scanner, is};
use crate::error::{Error, ErrorKind, Position};

const FORMAT: &str = "apt Packages";

/// The fields of one `Packages` stanza patchcore reads, borrowed from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PackageStanza<'a> {
    /// `Package`.
    pub package: &'a str,
    /// `Version`.
    pub version: &'a str,
    /// `Architecture`.
    pub architecture: &'a str,
    /// `Priority`.
    pub priority: Option<&'a str>,
    /// `Section`.
    pub section: Option<&'a str>,
    /// `Phased-Update-Percentage`.
    pub phased_update_percentage: Option<&'a str>,
    /// Line of the stanza's first field.
    pub line: u64,
}

#[derive(Default)]
struct Partial<'a> {
    package: Option<&'a str>,
    version: Option<&'a str>,
    architecture: Option<&'a str>,
    priority: Option<&'a str>,
    section: Option<&'a str>,
    phased: Option<&'a str>,
    line: u64,
}

/// An iterator over the stanzas of a `Packages` file; it stops after the first error.
#[derive(Debug, Clone)]
pub struct Stanzas<'a> {
    scanner: Scanner<'a>,
    failed: bool,
}

/// The stanzas of a (decompressed) `Packages` file, one pass, borrowing the input.
pub fn stanzas(bytes: &[u8]) -> Stanzas<'_> {
    Stanzas {
        scanner: Scanner::new(bytes, FORMAT),
        failed: false,
    }
}

impl<'a> Stanzas<'a> {
    fn next_stanza(&mut self) -> Result<Option<PackageStanza<'a>>, Error> {
        let mut p = Partial::default();
        while let Some(event) = self.scanner.next_event()? {
            match event {
                Event::Field { name, value, line } => {
                    if p.line == 0 {
                        p.line = line;
                    }
                    // Dispatch on the first byte first: most fields are not read.
                    let slot = match name.first().map(u8::to_ascii_lowercase) {
                        Some(b'p') if is(name, b"Package") => &mut p.package,
                        Some(b'p') if is(name, b"Priority") => &mut p.priority,
                        Some(b'p') if is(name, b"Phased-Update-Percentage") => &mut p.phased,
                        Some(b'v') if is(name, b"Version") => &mut p.version,
                        Some(b'a') if is(name, b"Architecture") => &mut p.architecture,
                        Some(b's') if is(name, b"Section") => &mut p.section,
                        _ => continue,
                    };
                    *slot = Some(self.scanner.text(name, value, line)?);
                }
                Event::End => return Self::finish(&p).map(Some),
            }
        }
        Ok(None)
    }

    fn finish(p: &Partial<'a>) -> Result<PackageStanza<'a>, Error> {
        let missing = |field| {
            Error::new(
                FORMAT,
                ErrorKind::MissingField {
                    field,
                    context: crate::error::truncate(p.package.unwrap_or("stanza")).into_owned(),
                },
            )
            .at(Position::Line(p.line))
        };
        Ok(PackageStanza {
            package: p
                .package
                .filter(|s| !s.is_empty())
                .ok_or_else(|| missing("Package"))?,
            version: p
                .version
                .filter(|s| !s.is_empty())
                .ok_or_else(|| missing("Version"))?,
            architecture: p
                .architecture
                .filter(|s| !s.is_empty())
                .ok_or_else(|| missing("Architecture"))?,
            priority: p.priority,
            section: p.section,
            phased_update_percentage: p.phased,
            line: p.line,
        })
    }
}

impl<'a> Iterator for Stanzas<'a> {
    type Item = Result<PackageStanza<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let next = self.next_stanza().transpose();
        self.failed = matches!(next, Some(Err(_)));
        next
    }
}

/// Adds every version of a (decompressed) `Packages` file to `builder`, offered by `origin`.
/// `Architecture: all` becomes `native_arch` when given (observed.md A11). Returns the number of
/// stanzas read.
///
/// # Errors
/// A malformed line, a stanza without `Package`, `Version` or `Architecture`, an invalid
/// version, or invalid UTF-8 in a field read.
pub fn add_packages(
    builder: &mut AptCatalogBuilder,
    bytes: &[u8],
    origin: OriginId,
    native_arch: Option<&str>,
) -> Result<usize, Error> {
    let mut count = 0;
    for stanza in stanzas(bytes) {
        let s = stanza?;
        let version: VersionBuf = s.version.parse().map_err(|e| {
            Error::invalid(
                FORMAT,
                "Version",
                s.version,
                format!("of package {}: {e}", s.package),
            )
            .at(Position::Line(s.line))
        })?;
        let arch = match (s.architecture, native_arch) {
            ("all", Some(native)) => native,
            (arch, _) => arch,
        };
        let mut v = AptVersion::new(s.package, arch, version);
        v.priority = s.priority.map(str::to_owned);
        v.section = s.section.map(str::to_owned);
        v.phased_update_percentage = s.phased_update_percentage.and_then(|p| p.parse().ok());
        v.origins.push(origin);
        builder.push(v);
        count += 1;
    }
    Ok(count)
}

/// Reads one (decompressed) `Packages` file offered by `origin` into a catalog.
///
/// # Errors
/// As [`add_packages`].
pub fn parse_packages(
    bytes: &[u8],
    origin: AptOrigin,
    native_arch: Option<&str>,
) -> Result<AptCatalog, Error> {
    let mut builder = AptCatalogBuilder::default();
    let id = builder.origin(origin);
    add_packages(&mut builder, bytes, id, native_arch)?;
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"Package: base-files\nVersion: 12.4+deb12u12\nInstalled-Size: 341\nMaintainer: Santiago Vila <sanvila@debian.org>\nArchitecture: amd64\nDescription: Debian base system miscellaneous files\n multi-line\n .\nPriority: required\nSection: admin\n\n\
package: tzdata\nversion: 2025b-0+deb12u2\narchitecture: all\n\n\
Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\nPhased-Update-Percentage: 10\n";

    #[test]
    fn stanzas_borrow_the_fields_patchcore_needs() {
        let all: Vec<_> = stanzas(SAMPLE).collect::<Result<_, _>>().unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].package, "base-files");
        assert_eq!(all[0].priority, Some("required"));
        assert_eq!(all[0].section, Some("admin"));
        assert_eq!(all[1].line, 12);
        assert_eq!(all[2].phased_update_percentage, Some("10"));
    }

    #[test]
    fn architecture_all_is_keyed_under_the_native_architecture() {
        let catalog = parse_packages(SAMPLE, AptOrigin::default(), Some("amd64")).unwrap();
        assert_eq!(catalog.versions_of("tzdata", "amd64").len(), 2);
        assert_eq!(
            catalog
                .newest("tzdata", "amd64")
                .unwrap()
                .version
                .to_string(),
            "2025b-0+deb12u2"
        );
        let kept = parse_packages(SAMPLE, AptOrigin::default(), None).unwrap();
        assert_eq!(kept.versions_of("tzdata", "all").len(), 2);
    }

    #[test]
    fn a_stanza_without_version_is_an_error_naming_the_package_and_line() {
        let err = parse_packages(
            b"Package: a\nVersion: 1\nArchitecture: all\n\nPackage: b\nArchitecture: all\n",
            AptOrigin::default(),
            None,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "apt Packages, line 5: missing field `Version` in \"b\""
        );
    }

    #[test]
    fn invalid_versions_and_utf8_are_errors() {
        let err = parse_packages(
            b"Package: a\nVersion: 1:\nArchitecture: all\n",
            AptOrigin::default(),
            None,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("apt Packages, line 1: invalid Version \"1:\""),
            "{err}"
        );
        assert!(
            parse_packages(
                b"Package: \xff\nVersion: 1\nArchitecture: all\n",
                AptOrigin::default(),
                None
            )
            .is_err()
        );
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..1024)) {
            let _ = parse_packages(&data, AptOrigin::default(), Some("amd64"));
        }
    }
}
