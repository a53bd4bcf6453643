//! Repository metadata `primary.xml`: the package versions an RPM repository offers.
//!
//! Read as a stream with quick-xml, like [`updateinfo`](crate::updateinfo): plain, gzip, xz,
//! bzip2 and zstd files (as in `repodata/` and the yum/dnf caches) read alike. Every
//! `<package type="rpm">` gives an [`OfferedPackage`] with its name, architecture, EVR
//! (`<version epoch ver rel>`), build time (`<time build>`, which dates a notice-less package
//! on yum, observed.md D2) and location (`<location href>`). The `<format>` block (provides,
//! requires, file lists) and every unknown element are skipped without being kept.
//!
//! Source packages (`arch` `src`/`nosrc`) are not installable updates and are left out.
//!
//! ```
//! use patchcore_ingest::primary;
//!
//! let xml = br#"<metadata xmlns="http://linux.duke.edu/metadata/common" packages="1">
//! <package type="rpm"><name>bash</name><arch>x86_64</arch>
//!   <version epoch="0" ver="5.1.8" rel="9.el9"/><time file="1700000100" build="1700000000"/>
//!   <location href="Packages/b/bash-5.1.8-9.el9.x86_64.rpm"/><format><file>/usr/bin/bash</file></format>
//! </package></metadata>"#;
//! let catalog = primary::parse(xml, &primary::Options::for_repository("baseos")).unwrap();
//! let bash = &catalog.offered("bash", "x86_64")[0];
//! assert_eq!(bash.evr.to_string(), "0:5.1.8-9.el9");
//! assert_eq!(bash.build_time, Some(1_700_000_000));
//! assert_eq!(bash.location.as_deref(), Some("Packages/b/bash-5.1.8-9.el9.x86_64.rpm"));
//! ```

use std::io::{BufReader, Read};

use patchcore_rules::facts::{OfferedPackage, Repository, RpmCatalog, RpmCatalogBuilder};

use crate::compress;
use crate::error::{Error, ErrorKind, Position, truncate};
use crate::xml::{Buffered, Source, Step, XmlLimits, XmlStream};

const FORMAT: &str = "primary.xml";

/// How to read a primary.xml file: the repository it describes and a size limit (the
/// options of every repository metadata reader).
pub use crate::updateinfo::Options;

/// Reads a primary.xml file, plain or compressed.
///
/// # Errors
/// As [`parse`]; also when reading fails.
pub fn read(reader: impl Read, options: &Options) -> Result<RpmCatalog, Error> {
    let limit = options.max_size.unwrap_or(compress::DEFAULT_LIMIT);
    let decoded = compress::decoder(reader, limit).map_err(|e| e.in_format(FORMAT))?;
    read_xml(
        Buffered(BufReader::with_capacity(64 << 10, decoded)),
        options,
    )
}

/// Reads primary.xml bytes, plain or compressed.
///
/// # Errors
/// Malformed XML, a root element other than `<metadata>`, a `<package>` without name, arch
/// or version, an invalid version, corrupt compression or a limit exceeded — with the byte
/// offset.
pub fn parse(bytes: &[u8], options: &Options) -> Result<RpmCatalog, Error> {
    let limit = options.max_size.unwrap_or(compress::DEFAULT_LIMIT);
    let text = compress::decompress(bytes, limit).map_err(|e| e.in_format(FORMAT))?;
    read_xml(&*text, options)
}

fn read_xml(input: impl Source, options: &Options) -> Result<RpmCatalog, Error> {
    let mut xml = XmlStream::new(input, FORMAT, XmlLimits::default());
    let mut builder = RpmCatalogBuilder::default();
    let repository = builder.repository(Repository::new(
        options.repository.clone().unwrap_or_default(),
    ));
    let mut started = false;
    let mut scratch = String::with_capacity(64);
    loop {
        match xml.next()? {
            Step::Eof if started => return Ok(builder.build()),
            Step::Eof => return Err(xml.error("no <metadata> element")),
            Step::Close => {}
            Step::Open if !started => {
                if xml.name() != b"metadata" {
                    let name = String::from_utf8_lossy(xml.name()).into_owned();
                    return Err(Error::new(
                        FORMAT,
                        ErrorKind::WrongKind {
                            expected: "a primary.xml document",
                            reason: format!(
                                "the root element is <{}>, not <metadata>",
                                truncate(&name)
                            ),
                        },
                    )
                    .at(Position::Offset(xml.offset())));
                }
                started = true;
            }
            Step::Open if xml.depth() == 2 && xml.name() == b"package" => {
                let start = xml.offset();
                if let Some(mut package) = read_package(&mut xml, &mut scratch).map_err(|e| {
                    if e.position() == Position::Input {
                        e.at(Position::Offset(start))
                    } else {
                        e
                    }
                })? {
                    package.repository = repository;
                    builder.offer(package);
                }
            }
            Step::Open => xml.skip()?,
        }
    }
}

/// Reads one `<package>` just opened; `None` for source packages.
fn read_package<R: Source>(
    xml: &mut XmlStream<R>,
    scratch: &mut String,
) -> Result<Option<OfferedPackage>, Error> {
    let (mut name, mut arch, mut evr, mut build_time, mut location) =
        (None, None, None, None, None);
    let depth = xml.depth();
    loop {
        match xml.next()? {
            Step::Eof => return Err(xml.error("xml input ended inside a <package>")),
            Step::Close if xml.depth() < depth => break,
            Step::Close => {}
            Step::Open => match xml.name() {
                b"name" => name = Some(xml.text()?.trim().to_owned()),
                b"arch" => arch = Some(xml.text()?.trim().to_owned()),
                b"version" => {
                    let mut parts: [Option<String>; 3] = Default::default();
                    xml.attrs(|key, value| {
                        let slot = match key {
                            b"epoch" => 0,
                            b"ver" => 1,
                            b"rel" => 2,
                            _ => return,
                        };
                        if let Some(part) = parts.get_mut(slot) {
                            *part = Some(value.trim().to_owned());
                        }
                    })?;
                    xml.skip()?;
                    evr = Some(parts);
                }
                b"time" => {
                    let build = xml.attr(b"build")?;
                    xml.skip()?;
                    build_time = match build.as_deref().map(str::trim) {
                        None | Some("") => None,
                        Some(text) => Some(text.parse::<i64>().map_err(|_| {
                            Error::invalid(
                                FORMAT,
                                "build time",
                                text,
                                "not a whole number of seconds",
                            )
                        })?),
                    };
                }
                b"location" => {
                    location = xml.attr(b"href")?.filter(|h| !h.is_empty());
                    xml.skip()?;
                }
                _ => xml.skip()?,
            },
        }
    }
    let missing = |field: &'static str| {
        Error::new(
            FORMAT,
            ErrorKind::MissingField {
                field,
                context: format!(
                    "<package> {}",
                    truncate(name.as_deref().unwrap_or("without name"))
                ),
            },
        )
    };
    let name = name
        .clone()
        .filter(|n| !n.is_empty())
        .ok_or_else(|| missing("name"))?;
    let arch = arch
        .filter(|a| !a.is_empty())
        .ok_or_else(|| missing("arch"))?;
    let [epoch, Some(ver), Some(rel)] = evr.ok_or_else(|| missing("version"))? else {
        return Err(missing("version ver/rel"));
    };
    if arch == "src" || arch == "nosrc" {
        return Ok(None);
    }
    let epoch = epoch.as_deref().filter(|e| !e.is_empty());
    let evr = crate::rpm_qa::rpm_evr(scratch, FORMAT, epoch, &ver, &rel)?;
    let mut package = OfferedPackage::new(name, arch, evr, patchcore_rules::facts::RepoId(0));
    package.build_time = build_time;
    package.location = location;
    Ok(Some(package))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(xml: &str) -> Result<RpmCatalog, Error> {
        parse(xml.as_bytes(), &Options::default())
    }

    const TWO: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="3">
<package type="rpm">
  <name>kernel</name><arch>x86_64</arch><version epoch="0" ver="5.14.0" rel="70.13.1.el9_0"/>
  <checksum type="sha256" pkgid="YES">abc</checksum><summary>The Linux kernel</summary>
  <time file="1652000000" build="1651000000"/><size package="1" installed="2" archive="3"/>
  <location xml:base="https://mirror/" href="Packages/k/kernel-5.14.0-70.13.1.el9_0.x86_64.rpm"/>
  <format><rpm:license>GPLv2</rpm:license><rpm:provides><rpm:entry name="kernel" flags="EQ"/></rpm:provides><file>/boot/x</file></format>
</package>
<package type="rpm">
  <name>kernel</name><arch>x86_64</arch><version epoch="0" ver="5.14.0" rel="503.15.1.el9_5"/>
</package>
<package type="rpm">
  <name>kernel</name><arch>src</arch><version epoch="0" ver="5.14.0" rel="503.15.1.el9_5"/>
</package>
</metadata>"#;

    #[test]
    fn every_binary_package_version_is_offered_with_build_time_and_location() {
        let c = parse_str(TWO).unwrap();
        let kernels = c.offered("kernel", "x86_64");
        assert_eq!(kernels.len(), 2);
        assert_eq!(kernels[0].evr.to_string(), "0:5.14.0-70.13.1.el9_0");
        assert_eq!(kernels[0].build_time, Some(1_651_000_000));
        assert_eq!(
            kernels[0].location.as_deref(),
            Some("Packages/k/kernel-5.14.0-70.13.1.el9_0.x86_64.rpm")
        );
        assert_eq!(kernels[1].build_time, None);
        assert!(
            c.offered("kernel", "src").is_empty(),
            "source packages are not offered updates"
        );
    }

    #[test]
    fn missing_fields_and_bad_build_times_are_errors_with_offsets() {
        let err = parse_str(
            "<metadata><package><arch>x</arch><version ver='1' rel='1'/></package></metadata>",
        )
        .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::MissingField { field: "name", .. }),
            "{err}"
        );
        assert!(matches!(err.position(), Position::Offset(_)));
        let err = parse_str("<metadata><package><name>a</name><arch>x</arch><version ver='1'/></package></metadata>").unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::MissingField { .. }),
            "{err}"
        );
        let err = parse_str("<metadata><package><name>a</name><arch>x</arch><version ver='1' rel='1'/><time build='soon'/></package></metadata>")
            .unwrap_err();
        assert!(
            err.to_string().contains("invalid build time \"soon\""),
            "{err}"
        );
    }

    #[test]
    fn other_documents_are_refused() {
        assert!(matches!(
            parse_str("<updates/>").unwrap_err().kind(),
            ErrorKind::WrongKind { .. }
        ));
        assert!(parse_str("<metadata><package>").is_err());
    }

    #[test]
    fn the_repository_is_recorded() {
        let c = parse(TWO.as_bytes(), &Options::for_repository("baseos")).unwrap();
        assert_eq!(
            c.repository(c.packages()[0].repository).unwrap().id,
            "baseos"
        );
    }
}
