//! dpkg's database of installed packages: `/var/lib/dpkg/status`, and the `status.d/`
//! fragments distroless images keep instead (same format, one or a few stanzas per file).
//!
//! Which stanzas count as installed (decision, documented here once): those whose `Status`
//! third word says the package's files are on disk — `installed`, and dpkg's half-way states
//! `unpacked`, `half-configured`, `half-installed`, `triggers-awaited`, `triggers-pending`.
//! This is apt's rule (a package has a current version unless it is `not-installed` or
//! `config-files`), and Patch Manager reads the node through apt (python-apt `is_installed`).
//! `config-files` (removed, configuration kept), `not-installed` and stanzas without `Status`
//! (test fixtures with only a `Package:` line) are not installed. The want flag
//! (`install`/`hold`/`deinstall`/`purge`) does not matter: `deinstall ok installed` is still
//! installed until the removal runs.
//!
//! Architecture (observed.md A11): packages are keyed by name and architecture; `Architecture:
//! all` is recorded under the native architecture — given in [`StatusOptions::native_arch`],
//! else the architecture of the installed `dpkg` package (dpkg is always native), else the most
//! common architecture. A multi-arch `libc6:i386` is simply `libc6` with arch `i386`.
//!
//! A vcpkg "installed ports" database uses the same syntax (`Architecture: x64-windows`,
//! `Abi:` and `Feature:` fields); it is refused as not an OS inventory.

use std::collections::HashMap;
use std::io::Read;

use patchcore_rules::facts::{InstalledPackage, Inventory, PackageVersion};
use patchcore_version::deb::VersionBuf;

use crate::apt::deb822::{Event, Scanner, is};
use crate::error::{Error, ErrorKind, Position};

const FORMAT: &str = "dpkg status";

/// How to read a status file.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct StatusOptions {
    /// The node's native architecture; found from the file when `None`.
    pub native_arch: Option<String>,
    /// Largest input accepted, in bytes (default 256 MiB; real status files are a few MB).
    pub max_size: u64,
}

impl Default for StatusOptions {
    fn default() -> Self {
        Self {
            native_arch: None,
            max_size: 256 << 20,
        }
    }
}

impl StatusOptions {
    /// Options with a known native architecture.
    pub fn with_native_arch(arch: impl Into<String>) -> Self {
        Self {
            native_arch: Some(arch.into()),
            ..Self::default()
        }
    }
}

/// The dpkg state of one stanza (the third word of `Status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PackageState {
    /// `installed`.
    Installed,
    /// `unpacked`, `half-configured`, `half-installed`, `triggers-awaited`,
    /// `triggers-pending`: files on disk, setup not finished.
    HalfInstalled,
    /// `config-files`: removed, configuration kept.
    ConfigFiles,
    /// `not-installed`.
    NotInstalled,
}

impl PackageState {
    /// Reads the `Status` field (`install ok installed`); `None` when it is not three words
    /// with a known state.
    pub fn from_status(status: &str) -> Option<Self> {
        let mut words = status.split_ascii_whitespace();
        let (_want, _flag, state) = (words.next()?, words.next()?, words.next()?);
        if words.next().is_some() {
            return None;
        }
        Some(match state {
            "installed" => Self::Installed,
            "unpacked" | "half-configured" | "half-installed" | "triggers-awaited"
            | "triggers-pending" => Self::HalfInstalled,
            "config-files" => Self::ConfigFiles,
            "not-installed" => Self::NotInstalled,
            _ => return None,
        })
    }

    /// Whether the package counts as installed (see the module doc).
    pub fn is_installed(self) -> bool {
        matches!(self, Self::Installed | Self::HalfInstalled)
    }
}

/// The fields of one stanza that matter here.
#[derive(Default)]
struct Stanza<'a> {
    package: Option<&'a str>,
    version: Option<&'a str>,
    architecture: Option<&'a str>,
    status: Option<&'a str>,
    priority: Option<&'a str>,
    section: Option<&'a str>,
    first_line: u64,
    vcpkg: bool,
}

/// Reads a status file (or a `status.d` fragment) from `reader`.
///
/// # Errors
/// As [`parse_status`], plus read errors and inputs above [`StatusOptions::max_size`].
pub fn read_status(reader: impl Read, options: &StatusOptions) -> Result<Inventory, Error> {
    let bytes =
        crate::compress::read_limited(reader, options.max_size).map_err(|e| e.in_format(FORMAT))?;
    parse_status(&bytes, options)
}

/// Reads a status file (or a `status.d` fragment): the installed packages, with Priority and
/// Section (observed.md A12) and the native architecture.
///
/// # Errors
/// A malformed line, an installed stanza without `Package` or `Version`, an invalid version or
/// `Status`, invalid UTF-8 in a field read, or a vcpkg database.
pub fn parse_status(bytes: &[u8], options: &StatusOptions) -> Result<Inventory, Error> {
    if bytes.len() as u64 > options.max_size {
        return Err(Error::new(
            FORMAT,
            ErrorKind::TooLarge {
                limit: options.max_size,
            },
        ));
    }
    let mut scanner = Scanner::new(bytes, FORMAT);
    let mut stanza = Stanza::default();
    let mut found: Vec<(Stanza<'_>, VersionBuf)> = Vec::new();
    while let Some(event) = scanner.next_event()? {
        match event {
            Event::Field { name, value, line } => {
                if stanza.first_line == 0 {
                    stanza.first_line = line;
                }
                let slot = if is(name, b"Package") {
                    &mut stanza.package
                } else if is(name, b"Version") {
                    &mut stanza.version
                } else if is(name, b"Architecture") {
                    &mut stanza.architecture
                } else if is(name, b"Status") {
                    &mut stanza.status
                } else if is(name, b"Priority") {
                    &mut stanza.priority
                } else if is(name, b"Section") {
                    &mut stanza.section
                } else {
                    stanza.vcpkg |= is(name, b"Abi") || is(name, b"Feature");
                    continue;
                };
                *slot = Some(scanner.text(name, value, line)?);
            }
            Event::End => {
                let done = std::mem::take(&mut stanza);
                if done.vcpkg || done.architecture.is_some_and(is_vcpkg_triplet) {
                    return Err(not_an_os_inventory(&done));
                }
                if let Some(version) = installed(&done)? {
                    found.push((done, version));
                }
            }
        }
    }
    let native = options.native_arch.clone().or_else(|| native_arch(&found));
    let mut inventory = Inventory::unidentified();
    inventory.native_arch.clone_from(&native);
    inventory.extend_packages(found.into_iter().map(|(s, version)| {
        let arch = match s.architecture {
            Some("all") | None => native.as_deref().unwrap_or("all"),
            Some(arch) => arch,
        };
        let mut package = InstalledPackage::new(
            s.package.unwrap_or_default(),
            arch,
            PackageVersion::Deb(version),
        );
        package.priority = s.priority.map(str::to_owned);
        package.section = s.section.map(str::to_owned);
        package
    }));
    Ok(inventory)
}

fn not_an_os_inventory(vcpkg: &Stanza<'_>) -> Error {
    Error::new(
        FORMAT,
        ErrorKind::WrongKind {
            expected: "an operating-system dpkg status",
            reason: format!(
                "package {:?} (Architecture {:?}) comes from a vcpkg installed-ports database",
                vcpkg.package.unwrap_or_default(),
                vcpkg.architecture.unwrap_or_default()
            ),
        },
    )
    .at(Position::Line(vcpkg.first_line))
}

/// Reads the fragments of a `status.d/` directory (distroless images: one file per package)
/// as one inventory. `fragments` pairs each file name (for error messages) with its content.
/// The native architecture is found across all fragments first (the file with `dpkg`, else
/// the most common architecture), so that `Architecture: all` packages are keyed alike in
/// every fragment.
///
/// # Errors
/// As [`parse_status`], wrapped in [`ErrorKind::InFile`] naming the fragment.
pub fn parse_status_fragments(
    fragments: &[(&str, &[u8])],
    options: &StatusOptions,
) -> Result<Inventory, Error> {
    let in_file = |name: &str, err: Error| {
        Error::new(
            FORMAT,
            ErrorKind::InFile {
                file: name.to_owned(),
                source: Box::new(err),
            },
        )
    };
    let mut native = options.native_arch.clone();
    if native.is_none() {
        let mut arches: HashMap<String, usize> = HashMap::new();
        for (name, bytes) in fragments {
            let inventory = parse_status(bytes, options).map_err(|e| in_file(name, e))?;
            if let Some(dpkg) = inventory.installed_named("dpkg").first() {
                native = Some(dpkg.arch.clone());
                break;
            }
            for package in inventory.packages().iter().filter(|p| p.arch != "all") {
                *arches.entry(package.arch.clone()).or_default() += 1;
            }
        }
        native = native.or_else(|| {
            arches
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(arch, _)| arch)
        });
    }
    let options = StatusOptions {
        native_arch: native,
        ..options.clone()
    };
    let mut merged = Inventory::unidentified();
    merged.native_arch.clone_from(&options.native_arch);
    for (name, bytes) in fragments {
        merged.merge(parse_status(bytes, &options).map_err(|e| in_file(name, e))?);
    }
    Ok(merged)
}

/// The version of an installed stanza; `None` for stanzas that are not installed.
fn installed(stanza: &Stanza<'_>) -> Result<Option<VersionBuf>, Error> {
    let Some(status) = stanza.status else {
        return Ok(None);
    };
    let state = PackageState::from_status(status).ok_or_else(|| {
        Error::invalid(
            FORMAT,
            "Status",
            status,
            "expected `want flag state`, e.g. `install ok installed`",
        )
        .at(Position::Line(stanza.first_line))
    })?;
    if !state.is_installed() {
        return Ok(None);
    }
    let context = || stanza.package.unwrap_or(status).to_owned();
    let missing = |field| {
        Error::new(
            FORMAT,
            ErrorKind::MissingField {
                field,
                context: crate::error::truncate(&context()).into_owned(),
            },
        )
        .at(Position::Line(stanza.first_line))
    };
    let package = stanza
        .package
        .filter(|p| !p.is_empty())
        .ok_or_else(|| missing("Package"))?;
    let version = stanza
        .version
        .filter(|v| !v.is_empty())
        .ok_or_else(|| missing("Version"))?;
    let version = version.parse::<VersionBuf>().map_err(|e| {
        Error::invalid(
            FORMAT,
            "Version",
            version,
            format!("of package {package}: {e}"),
        )
        .at(Position::Line(stanza.first_line))
    })?;
    Ok(Some(version))
}

/// vcpkg triplets (`x64-windows`, `arm64-osx`, `x86-windows-static`) are not Debian
/// architectures.
fn is_vcpkg_triplet(arch: &str) -> bool {
    ["-windows", "-osx", "-uwp"]
        .iter()
        .any(|os| arch.contains(os))
}

/// The architecture of the installed `dpkg`, else the most common one other than `all`.
fn native_arch(found: &[(Stanza<'_>, VersionBuf)]) -> Option<String> {
    if let Some((dpkg, _)) = found.iter().find(|(s, _)| s.package == Some("dpkg")) {
        if let Some(arch) = dpkg.architecture.filter(|a| *a != "all") {
            return Some(arch.to_owned());
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for arch in found
        .iter()
        .filter_map(|(s, _)| s.architecture)
        .filter(|a| *a != "all")
    {
        *counts.entry(arch).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(arch, _)| arch.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_ARCHES: &[u8] = b"Package: dpkg\nStatus: install ok installed\nArchitecture: arm64\nVersion: 1.21.22\n\n\
Package: tzdata\nStatus: install ok installed\nPriority: required\nSection: localization\nArchitecture: all\nVersion: 2024a-0+deb12u1\n\n\
Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nMulti-Arch: same\nVersion: 2.36-9+deb12u4\n\n\
Package: libc6\nStatus: install ok installed\nArchitecture: arm64\nMulti-Arch: same\nVersion: 2.36-9+deb12u4\n\n\
Package: old-kernel\nStatus: deinstall ok config-files\nArchitecture: arm64\nVersion: 6.1.0-1\n\n\
Package: half\nStatus: install reinstreq half-configured\nArchitecture: arm64\nVersion: 1.0\n\n\
Package: gone\nStatus: purge ok not-installed\nArchitecture: arm64\n";

    #[test]
    fn only_packages_with_files_on_disk_count_as_installed() {
        let inv = parse_status(TWO_ARCHES, &StatusOptions::default()).unwrap();
        let names: Vec<String> = inv
            .packages()
            .iter()
            .map(|p| format!("{}.{}", p.name, p.arch))
            .collect();
        assert_eq!(
            names,
            [
                "dpkg.arm64",
                "half.arm64",
                "libc6.amd64",
                "libc6.arm64",
                "tzdata.arm64"
            ]
        );
    }

    #[test]
    fn architecture_all_is_keyed_under_the_native_architecture_of_dpkg() {
        let inv = parse_status(TWO_ARCHES, &StatusOptions::default()).unwrap();
        assert_eq!(inv.native_arch.as_deref(), Some("arm64"));
        let tz = inv.highest_installed("tzdata", "arm64").unwrap();
        assert_eq!(tz.priority.as_deref(), Some("required"));
        assert_eq!(tz.section.as_deref(), Some("localization"));
        let given = parse_status(TWO_ARCHES, &StatusOptions::with_native_arch("amd64")).unwrap();
        assert!(given.highest_installed("tzdata", "amd64").is_some());
    }

    #[test]
    fn states_follow_apts_current_version_rule() {
        assert_eq!(
            PackageState::from_status("install ok installed"),
            Some(PackageState::Installed)
        );
        assert!(
            PackageState::from_status("hold ok unpacked")
                .unwrap()
                .is_installed()
        );
        assert!(
            PackageState::from_status("install ok triggers-pending")
                .unwrap()
                .is_installed()
        );
        assert!(
            !PackageState::from_status("deinstall ok config-files")
                .unwrap()
                .is_installed()
        );
        assert!(
            !PackageState::from_status("unknown ok not-installed")
                .unwrap()
                .is_installed()
        );
        assert_eq!(PackageState::from_status("install ok"), None);
        assert_eq!(
            PackageState::from_status("install ok installed extra"),
            None
        );
    }

    #[test]
    fn an_installed_stanza_without_version_is_an_error_with_its_line() {
        let err = parse_status(b"Package: a\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\n\nPackage: b\nStatus: install ok installed\n", &StatusOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "dpkg status, line 6: missing field `Version` in \"b\""
        );
    }

    #[test]
    fn an_invalid_version_names_the_package() {
        let err = parse_status(
            b"Package: a\nStatus: install ok installed\nVersion: 1:\n",
            &StatusOptions::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid Version \"1:\": of package a"),
            "{err}"
        );
    }

    #[test]
    fn status_d_fragments_share_one_native_architecture() {
        let fragments: [(&str, &[u8]); 3] = [
            ("tzdata", b"Package: tzdata\nStatus: install ok installed\nArchitecture: all\nVersion: 2024a-1\n"),
            ("libc6", b"Package: libc6\nStatus: install ok installed\nArchitecture: arm64\nVersion: 2.36-9\n"),
            ("base", b"Package: base-files\nStatus: install ok installed\nArchitecture: arm64\nVersion: 12.4\n"),
        ];
        let inv = parse_status_fragments(&fragments, &StatusOptions::default()).unwrap();
        assert_eq!(inv.native_arch.as_deref(), Some("arm64"));
        assert!(inv.highest_installed("tzdata", "arm64").is_some());
        assert_eq!(inv.packages().len(), 3);
        let bad: [(&str, &[u8]); 1] = [("broken", b"Package: x\nno colon\n")];
        let err = parse_status_fragments(&bad, &StatusOptions::default()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("dpkg status: in broken: dpkg status, line 2"),
            "{err}"
        );
    }

    #[test]
    fn oversized_input_is_refused() {
        let options = StatusOptions {
            max_size: 10,
            ..StatusOptions::default()
        };
        assert!(matches!(
            parse_status(TWO_ARCHES, &options).unwrap_err().kind(),
            ErrorKind::TooLarge { limit: 10 }
        ));
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..1024)) {
            let _ = parse_status(&data, &StatusOptions::default());
        }

        #[test]
        fn arbitrary_stanza_text_never_panics(text in "(Package|Status|Version|Architecture|Abi)?: ?[a-z0-9.:~+ -]{0,12}\n{0,2}") {
            let _ = parse_status(text.repeat(3).as_bytes(), &StatusOptions::default());
        }
    }
}
