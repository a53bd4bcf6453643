//! A whole apt lists directory (`/var/lib/apt/lists`) in one call.
//!
//! apt names each file after its URI (`URItoFileName`: scheme and credentials dropped, special
//! characters `%`-escaped — `_` as `%5f` —, then `/` replaced by `_`):
//! `deb.debian.org_debian_dists_bookworm-security_main_binary-amd64_Packages.lz4` beside
//! `deb.debian.org_debian_dists_bookworm-security_InRelease`. A `Packages` file belongs to the
//! Release file whose name, less `InRelease`/`Release`, is the longest prefix of its own; the
//! rest of its name gives the component (`main`, `updates/main`). The site is the first part
//! of the name, the host. Suite, codename, origin and label come from the Release file's
//! content, not from the name.

use std::collections::BTreeMap;
use std::path::Path;

use patchcore_rules::facts::{AptCatalog, AptCatalogBuilder, AptOrigin};

use super::packages::add_packages;
use super::release::{Release, parse_release};
use crate::compress::{self, Compression};
use crate::error::{Error, ErrorKind};

const FORMAT: &str = "apt lists";

/// How to read a lists directory.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ListsOptions {
    /// The node's native architecture: `Architecture: all` versions are keyed under it
    /// (observed.md A11). `None` keeps them under `all`.
    pub native_arch: Option<String>,
    /// Largest file accepted, compressed and decompressed (default 1 GiB).
    pub max_file_size: u64,
}

impl Default for ListsOptions {
    fn default() -> Self {
        Self {
            native_arch: None,
            max_file_size: 1 << 30,
        }
    }
}

impl ListsOptions {
    /// Options with a known native architecture.
    pub fn with_native_arch(arch: impl Into<String>) -> Self {
        Self {
            native_arch: Some(arch.into()),
            ..Self::default()
        }
    }
}

/// What a file name in the lists directory is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListFile {
    /// An `InRelease` file; the prefix is the name without `_InRelease`.
    InRelease {
        /// The shared name prefix.
        prefix: String,
    },
    /// A `Release` file.
    Release {
        /// The shared name prefix.
        prefix: String,
    },
    /// A `Release.gpg` detached signature.
    ReleaseGpg {
        /// The shared name prefix.
        prefix: String,
    },
    /// A `Packages` index (possibly compressed).
    Packages {
        /// The name without `_Packages` and its compression extension.
        stem: String,
    },
    /// Anything else (translations, sources, contents, lock files): ignored.
    Other,
}

/// Classifies a file name of the lists directory.
pub fn list_file(name: &str) -> ListFile {
    if let Some(prefix) = name.strip_suffix("_InRelease") {
        return ListFile::InRelease {
            prefix: prefix.to_owned(),
        };
    }
    if let Some(prefix) = name.strip_suffix("_Release") {
        return ListFile::Release {
            prefix: prefix.to_owned(),
        };
    }
    if let Some(prefix) = name.strip_suffix("_Release.gpg") {
        return ListFile::ReleaseGpg {
            prefix: prefix.to_owned(),
        };
    }
    let plain = match Compression::from_file_name(name) {
        Compression::None => name,
        _ => name.rsplit_once('.').map_or(name, |(stem, _)| stem),
    };
    match plain.strip_suffix("_Packages") {
        Some(stem) => ListFile::Packages {
            stem: stem.to_owned(),
        },
        None if plain == "Packages" => ListFile::Packages {
            stem: String::new(),
        },
        None => ListFile::Other,
    }
}

/// `%xx` escapes of apt's `QuoteString` decoded (`%5f` → `_`); invalid escapes kept as they are.
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b, hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The component encoded in what follows the Release prefix:
/// `main_binary-amd64` → `main`, `updates_main_binary-amd64` → `updates/main`, `` → ``.
fn component(rest: &str) -> String {
    let without_arch = match rest.rfind("binary-") {
        Some(i) => rest.get(..i).unwrap_or_default(),
        None => rest,
    };
    unescape(without_arch.trim_matches('_')).replace('_', "/")
}

struct ReleaseFiles {
    in_release: bool,
    release: bool,
    gpg: bool,
}

/// Reads every `Packages` file of an apt lists directory with the `Release`/`InRelease` files
/// beside them into one catalog. Subdirectories (`partial/`, `auxfiles/`) are not read.
///
/// # Errors
/// A directory that cannot be listed, or a file that cannot be read, decompressed or parsed
/// ([`ErrorKind::InFile`] names it).
pub fn read_lists_dir(dir: &Path, options: &ListsOptions) -> Result<AptCatalog, Error> {
    let io = |e| Error::new(FORMAT, ErrorKind::Io(e));
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        if entry.file_type().map_err(io)?.is_file() {
            if let Ok(name) = entry.file_name().into_string() {
                names.push(name);
            }
        }
    }
    names.sort();
    let mut releases: BTreeMap<String, ReleaseFiles> = BTreeMap::new();
    let mut packages = Vec::new();
    for name in &names {
        let (prefix, kind) = match list_file(name) {
            ListFile::InRelease { prefix } => (prefix, 0),
            ListFile::Release { prefix } => (prefix, 1),
            ListFile::ReleaseGpg { prefix } => (prefix, 2),
            ListFile::Packages { stem } => {
                packages.push((name, stem));
                continue;
            }
            ListFile::Other => continue,
        };
        let files = releases.entry(prefix).or_insert(ReleaseFiles {
            in_release: false,
            release: false,
            gpg: false,
        });
        match kind {
            0 => files.in_release = true,
            1 => files.release = true,
            _ => files.gpg = true,
        }
    }
    let in_file = |file: &str, err: Error| {
        Error::new(
            FORMAT,
            ErrorKind::InFile {
                file: file.to_owned(),
                source: Box::new(err),
            },
        )
    };
    let read = |file: &str| -> Result<Vec<u8>, Error> {
        let handle = std::fs::File::open(dir.join(file))
            .map_err(|e| in_file(file, Error::new(FORMAT, ErrorKind::Io(e))))?;
        compress::read_decompressed(handle, options.max_file_size).map_err(|e| in_file(file, e))
    };
    let mut parsed: BTreeMap<&str, (Release, bool)> = BTreeMap::new();
    for (prefix, files) in &releases {
        let (file, trusted) = if files.in_release {
            (format!("{prefix}_InRelease"), true)
        } else if files.release {
            (format!("{prefix}_Release"), files.gpg)
        } else {
            continue;
        };
        let release = parse_release(&read(&file)?).map_err(|e| in_file(&file, e))?;
        parsed.insert(prefix, (release, trusted));
    }
    let mut builder = AptCatalogBuilder::default();
    for (name, stem) in packages {
        let owner = parsed
            .iter()
            .filter(|(prefix, _)| {
                stem.strip_prefix(**prefix)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('_'))
            })
            .max_by_key(|(prefix, _)| prefix.len());
        let site = unescape(stem.split('_').next().unwrap_or_default());
        let origin = match owner {
            Some((prefix, (release, trusted))) => release.origin(
                &site,
                &component(stem.get(prefix.len()..).unwrap_or_default()),
                *trusted,
            ),
            None => {
                let mut origin = AptOrigin::default();
                origin.site = site;
                origin
            }
        };
        let id = builder.origin(origin);
        let bytes = read(name)?;
        add_packages(&mut builder, &bytes, id, options.native_arch.as_deref())
            .map_err(|e| in_file(name, e))?;
    }
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_classified_as_apt_writes_them() {
        assert_eq!(
            list_file("deb.debian.org_debian_dists_bookworm_InRelease"),
            ListFile::InRelease {
                prefix: "deb.debian.org_debian_dists_bookworm".into()
            }
        );
        assert_eq!(
            list_file("deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4"),
            ListFile::Packages {
                stem: "deb.debian.org_debian_dists_bookworm_main_binary-amd64".into()
            }
        );
        assert_eq!(
            list_file("ppa.launchpadcontent.net_x_ubuntu_dists_jammy_main_binary-amd64_Packages"),
            ListFile::Packages {
                stem: "ppa.launchpadcontent.net_x_ubuntu_dists_jammy_main_binary-amd64".into()
            }
        );
        assert_eq!(
            list_file("deb.debian.org_debian_dists_bookworm_main_i18n_Translation-en"),
            ListFile::Other
        );
        assert_eq!(list_file("lock"), ListFile::Other);
        assert_eq!(
            list_file("x_dists_y_Release.gpg"),
            ListFile::ReleaseGpg {
                prefix: "x_dists_y".into()
            }
        );
    }

    #[test]
    fn components_and_escapes_are_decoded() {
        assert_eq!(component("_main_binary-amd64"), "main");
        assert_eq!(component("_updates_main_binary-arm64"), "updates/main");
        assert_eq!(component(""), "");
        assert_eq!(unescape("my%5fhost"), "my_host");
        assert_eq!(unescape("100%"), "100%");
    }

    #[test]
    #[cfg(feature = "lz4")]
    fn a_lists_directory_reads_in_one_call_with_trust_from_the_files_beside() {
        let dir = std::env::temp_dir().join(format!("patchcore-lists-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("partial")).unwrap();
        let files: [(&str, &[u8]); 10] = [
            ("sec.example_debian-security_dists_bookworm-security_InRelease", b"-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nOrigin: Debian\nLabel: Debian-Security\nSuite: stable-security\nCodename: bookworm-security\n-----BEGIN PGP SIGNATURE-----\n"),
            ("sec.example_debian-security_dists_bookworm-security_updates_main_binary-amd64_Packages", b"Package: openssl\nVersion: 3.0.17-1~deb12u2\nArchitecture: amd64\nPriority: optional\nSection: utils\n"),
            ("my%5fmirror_debian_dists_bookworm_Release", b"Origin: Debian\nSuite: stable\nCodename: bookworm\n"),
            ("my%5fmirror_debian_dists_bookworm_main_binary-amd64_Packages", b"Package: openssl\nVersion: 3.0.15-1~deb12u1\nArchitecture: amd64\n\nPackage: tzdata\nVersion: 2025b-0+deb12u2\nArchitecture: all\n"),
            ("bp.example_dists_bookworm-backports_InRelease", b"-----BEGIN PGP SIGNED MESSAGE-----\n\nSuite: bookworm-backports\nNotAutomatic: yes\nButAutomaticUpgrades: yes\n-----BEGIN PGP SIGNATURE-----\n"),
            ("bp.example_dists_bookworm-backports_main_binary-amd64_Packages", b"Package: openssl\nVersion: 3.5.0-1~bpo12+1\nArchitecture: amd64\n"),
            ("partial/junk_Packages", b"not a packages file"),
            ("gpg.example_dists_stable_Release", b"Origin: Example\nSuite: stable\n"),
            ("gpg.example_dists_stable_Release.gpg", b"(detached signature)"),
            ("gpg.example_dists_stable_main_binary-amd64_Packages", b"Package: example\nVersion: 1.0\nArchitecture: amd64\n"),
        ];
        for (name, content) in files {
            std::fs::write(dir.join(name), content).unwrap();
        }
        // apt's default on Debian and Ubuntu: lz4-compressed lists.
        let security = "sec.example_debian-security_dists_bookworm-security_updates_main_binary-amd64_Packages";
        let mut lz4 = lz4_flex::frame::FrameEncoder::new(Vec::new());
        std::io::Write::write_all(&mut lz4, &std::fs::read(dir.join(security)).unwrap()).unwrap();
        std::fs::write(dir.join(format!("{security}.lz4")), lz4.finish().unwrap()).unwrap();
        std::fs::remove_file(dir.join(security)).unwrap();
        let catalog = read_lists_dir(&dir, &ListsOptions::with_native_arch("amd64")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();

        let versions = catalog.versions_of("openssl", "amd64");
        assert_eq!(versions.len(), 3);
        let security = &versions[1];
        assert_eq!(security.version.to_string(), "3.0.17-1~deb12u2");
        assert!(catalog.is_security(security));
        let origin = catalog.origins_of(security).next().unwrap();
        assert_eq!(
            (origin.site.as_str(), origin.component.as_str()),
            ("sec.example", "updates/main")
        );
        let mirror = catalog.origins_of(&versions[0]).next().unwrap();
        assert_eq!(mirror.site, "my_mirror");
        assert!(
            !mirror.trusted,
            "a Release without Release.gpg is not trusted"
        );
        let backports = catalog.origins_of(&versions[2]).next().unwrap();
        assert!(backports.trusted && backports.not_automatic && backports.but_automatic_upgrades);
        assert!(catalog.newest("tzdata", "amd64").is_some());
        let example = catalog.newest("example", "amd64").unwrap();
        let signed = catalog.origins_of(example).next().unwrap();
        assert!(signed.trusted, "a Release with its Release.gpg is trusted");
        assert_eq!(signed.archive, "stable");
    }

    #[test]
    fn a_corrupt_list_names_the_file() {
        let dir = std::env::temp_dir().join(format!("patchcore-lists-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("h_dists_s_main_binary-amd64_Packages"),
            b"Package: a\nnonsense\n",
        )
        .unwrap();
        let err = read_lists_dir(&dir, &ListsOptions::default()).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            err.to_string(),
            "apt lists: in h_dists_s_main_binary-amd64_Packages: apt Packages, line 2: malformed line \"nonsense\": expected `Field: value`"
        );
    }
}
