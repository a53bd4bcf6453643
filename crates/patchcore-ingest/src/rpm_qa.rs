//! `rpm -qa` output: what an RPM node has installed.
//!
//! Two shapes are read, line by line (they may be mixed; blank lines and surrounding
//! whitespace are ignored):
//!
//! - plain `rpm -qa` lines, `name-[epoch:]version-release.arch`
//!   (`kernel-core-5.14.0-70.13.1.el9_0.x86_64`);
//! - `--queryformat` outputs whose first five whitespace-separated columns are
//!   `%{NAME} %{EPOCH} %{VERSION} %{RELEASE} %{ARCH}` (`%{EPOCHNUM}` works too; an epoch
//!   `(none)` means no epoch; an explicit epoch, `0` included, is kept in the version text,
//!   which librpm compares equal to the same version without epoch), optionally followed, in any order, by the source RPM
//!   (`…src.rpm`), the install time as `%{INSTALLTIME}` (seconds since the Unix epoch), the
//!   repository the package came from (`@amzn2-core`, `installed`) and the modularity label
//!   (`nginx:1.24:9050020241004144538:8cf767d6`, which also records the module stream as
//!   enabled). `(none)` in an optional column means "not known".
//!
//! Several versions of one name (kernels, installonly packages) are all kept. `gpg-pubkey`
//! pseudo-packages (architecture `(none)`) are not packages and are skipped.
//!
//! ```
//! use patchcore_ingest::rpm_qa;
//!
//! let out = b"kernel 0 5.14.0 70.13.1.el9_0 x86_64\nkernel 0 5.14.0 503.15.1.el9_5 x86_64\n";
//! let inventory = rpm_qa::parse(out).unwrap();
//! assert_eq!(inventory.installed("kernel", "x86_64").len(), 2);
//! let newest = inventory.highest_installed("kernel", "x86_64").unwrap();
//! assert_eq!(newest.version.to_string(), "0:5.14.0-503.15.1.el9_5");
//! ```

use std::io::Read;

use chrono::DateTime;
use patchcore_rules::facts::{InstalledPackage, Inventory, ModuleStream, PackageVersion};
use patchcore_version::rpm::{Evr, EvrBuf};

use crate::compress;
use crate::error::{Error, ErrorKind, Position};

const FORMAT: &str = "rpm -qa";

/// Reads `rpm -qa` output (at most [`crate::compress::DEFAULT_LIMIT`] bytes, any compression).
///
/// # Errors
/// As [`parse`], and when reading fails.
pub fn read(reader: impl Read) -> Result<Inventory, Error> {
    parse(&read_text(reader, FORMAT)?)
}

/// Parses `rpm -qa` output into an inventory holding its packages (and the module streams named
/// by modularity labels); the OS and product stay unknown (merge an `os-release` inventory).
///
/// # Errors
/// A line that is neither shape, an invalid epoch or version, or text that is not UTF-8, with
/// the line number and the offending text.
pub fn parse(text: &[u8]) -> Result<Inventory, Error> {
    let mut packages = Vec::new();
    let mut modules = Vec::new();
    for line in lines(text, FORMAT) {
        let (number, line) = line?;
        if let Some(row) = parse_line(line).map_err(|e| e.at(Position::Line(number)))? {
            if let Some(module) = row.module {
                modules.push(module);
            }
            packages.push(row.package);
        }
    }
    let mut inventory = Inventory::default();
    inventory.extend_packages(packages);
    inventory.module_streams = modules;
    inventory.module_streams.sort();
    inventory.module_streams.dedup();
    Ok(inventory)
}

/// Reads all of `reader` (decompressing it when its magic bytes say so) for the text readers.
pub(crate) fn read_text(reader: impl Read, format: &'static str) -> Result<Vec<u8>, Error> {
    compress::read_decompressed(reader, compress::DEFAULT_LIMIT).map_err(|e| e.in_format(format))
}

/// The lines of `text` with their numbers (from 1), `\r\n` endings accepted; a line that is not
/// UTF-8 is an error naming it.
pub(crate) fn lines<'a>(
    text: &'a [u8],
    format: &'static str,
) -> impl Iterator<Item = Result<(u64, &'a str), Error>> + 'a {
    text.split(|&b| b == b'\n')
        .zip(1u64..)
        .map(move |(line, number)| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            std::str::from_utf8(line)
                .map(|line| (number, line))
                .map_err(|_| {
                    Error::new(
                        format,
                        ErrorKind::InvalidUtf8 {
                            text: crate::error::truncate_bytes(line),
                        },
                    )
                    .at(Position::Line(number))
                })
        })
}

/// One parsed line.
struct Row {
    package: InstalledPackage,
    module: Option<ModuleStream>,
}

fn malformed(line: &str, reason: &'static str) -> Error {
    Error::new(
        FORMAT,
        ErrorKind::MalformedLine {
            text: crate::error::truncate(line).into_owned(),
            reason,
        },
    )
}

/// `[epoch:]version-release` as an RPM version; `epoch` `None` when absent.
pub(crate) fn rpm_version(
    format: &'static str,
    epoch: Option<&str>,
    version: &str,
    release: &str,
) -> Result<PackageVersion, Error> {
    rpm_evr(&mut String::new(), format, epoch, version, release).map(PackageVersion::Rpm)
}

/// `[epoch:]version-release` as an RPM EVR, its text assembled in `scratch` (a buffer the
/// caller reuses, so that each EVR costs one allocation: its own text).
pub(crate) fn rpm_evr(
    scratch: &mut String,
    format: &'static str,
    epoch: Option<&str>,
    version: &str,
    release: &str,
) -> Result<EvrBuf, Error> {
    scratch.clear();
    if let Some(epoch) = epoch {
        if epoch.is_empty() || !epoch.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid(format, "epoch", epoch, "not a number"));
        }
        scratch.push_str(epoch);
        scratch.push(':');
    }
    scratch.push_str(version);
    scratch.push('-');
    scratch.push_str(release);
    Evr::parse(scratch)
        .map(|evr| evr.to_buf())
        .map_err(|e| Error::invalid(format, "version", scratch, e))
}

/// An epoch column: `(none)` and empty mean no epoch.
pub(crate) fn epoch_column(text: &str) -> Option<&str> {
    match text {
        "(none)" | "" => None,
        epoch => Some(epoch),
    }
}

/// Splits `name-[epoch:]version-release.arch` into (name, epoch, version, release, arch).
pub(crate) fn split_nevra(text: &str) -> Option<(&str, Option<&str>, &str, &str, &str)> {
    let (nevr, arch) = text.rsplit_once('.')?;
    let (nev, release) = nevr.rsplit_once('-')?;
    let (name, ev) = nev.rsplit_once('-')?;
    let (epoch, version) = match ev.split_once(':') {
        Some((epoch, version)) => (Some(epoch), version),
        None => (None, ev),
    };
    if [name, version, release, arch].iter().any(|s| s.is_empty()) {
        return None;
    }
    Some((name, epoch, version, release, arch))
}

fn parse_line(line: &str) -> Result<Option<Row>, Error> {
    let mut columns = line.split_ascii_whitespace();
    let Some(first) = columns.next() else {
        return Ok(None);
    };
    let rest: Vec<&str> = columns.collect();
    if rest.is_empty() {
        if first.starts_with("gpg-pubkey-") {
            return Ok(None);
        }
        let (name, epoch, version, release, arch) = split_nevra(first)
            .ok_or_else(|| malformed(line, "expected name-[epoch:]version-release.arch"))?;
        let version = rpm_version(FORMAT, epoch, version, release)?;
        return Ok(Some(Row {
            package: InstalledPackage::new(name, arch, version),
            module: None,
        }));
    }
    let [epoch, version, release, arch, extra @ ..] = rest.as_slice() else {
        return Err(malformed(
            line,
            "expected name epoch version release arch [columns]",
        ));
    };
    if *arch == "(none)" {
        return Ok(None);
    }
    let version = rpm_version(FORMAT, epoch_column(epoch), version, release)?;
    let mut package = InstalledPackage::new(first, *arch, version);
    let mut module = None;
    for column in extra {
        match classify(column) {
            Extra::Nothing => {}
            Extra::InstallTime(seconds) => {
                package.install_time = DateTime::from_timestamp(seconds, 0);
            }
            Extra::Module(m) => module = Some(m),
            Extra::Repository => package.repository = Some((*column).to_owned()),
        }
    }
    Ok(Some(Row { package, module }))
}

/// What an optional `--queryformat` column holds.
enum Extra {
    Nothing,
    InstallTime(i64),
    Module(ModuleStream),
    Repository,
}

fn classify(column: &str) -> Extra {
    if column == "(none)" || column.ends_with(".rpm") {
        return Extra::Nothing;
    }
    if column.bytes().all(|b| b.is_ascii_digit()) {
        return match column.parse::<i64>() {
            Ok(seconds) if seconds > 0 => Extra::InstallTime(seconds),
            _ => Extra::Nothing,
        };
    }
    // A modularity label is name:stream:version:context.
    let mut parts = column.split(':');
    if let (Some(name), Some(stream), Some(_), Some(_)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    {
        if !name.is_empty() && !stream.is_empty() {
            return Extra::Module(ModuleStream::new(name, stream));
        }
    }
    Extra::Repository
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_nevra_lines_are_read_with_and_without_epoch() {
        let inv = parse(b"bash-5.1.8-9.el9.x86_64\n  openssl-1:3.0.7-27.el9.x86_64\n\n").unwrap();
        assert_eq!(inv.packages().len(), 2);
        let openssl = inv.highest_installed("openssl", "x86_64").unwrap();
        assert_eq!(openssl.version.to_string(), "1:3.0.7-27.el9");
        assert_eq!(
            inv.highest_installed("bash", "x86_64")
                .unwrap()
                .version
                .to_string(),
            "5.1.8-9.el9"
        );
    }

    #[test]
    fn none_epoch_means_no_epoch() {
        let inv = parse(b"zlib (none) 1.2.7 19.amzn2.0.3 x86_64\n").unwrap();
        assert_eq!(inv.packages()[0].version.to_string(), "1.2.7-19.amzn2.0.3");
    }

    #[test]
    fn optional_columns_give_install_time_repository_and_module() {
        let inv = parse(
            b"nginx 1 1.24.0 4.module_el9 x86_64 nginx-1.24.0-4.src.rpm nginx:1.24:905:8cf767d6 1700000000 @appstream\n",
        )
        .unwrap();
        let p = &inv.packages()[0];
        assert_eq!(p.install_time.unwrap().timestamp(), 1_700_000_000);
        assert_eq!(p.repository.as_deref(), Some("@appstream"));
        assert_eq!(inv.module_streams, [ModuleStream::new("nginx", "1.24")]);
    }

    #[test]
    fn gpg_pubkeys_are_not_packages() {
        let inv =
            parse(b"gpg-pubkey-fd431d51-4ae0493b\ngpg-pubkey (none) fd431d51 4ae0493b (none)\n")
                .unwrap();
        assert!(inv.packages().is_empty());
    }

    #[test]
    fn malformed_lines_are_errors_with_the_line_number() {
        let err = parse(b"bash-5.1.8-9.el9.x86_64\nbash 0 5.1\n").unwrap_err();
        assert_eq!(err.position(), Position::Line(2));
        assert!(err.to_string().contains("\"bash 0 5.1\""), "{err}");
        let err = parse(b"bash x1 5.1 1 x86_64\n").unwrap_err();
        assert!(err.to_string().contains("invalid epoch \"x1\""), "{err}");
        assert!(parse(b"nodashes\n").is_err());
    }
}
