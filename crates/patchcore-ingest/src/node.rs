//! One node's input files, found by kind, read into an
//! [`Inventory`] and a [`Catalog`] in one call.
//!
//! A [`NodeFiles`] names the files of one node by what they hold; [`NodeFiles::load`] reads
//! each with the matching reader of this crate and merges the results. Three ways to fill it:
//!
//! - field by field (what the `patchcore` command's `--os-release`, `--dpkg-status` … flags do);
//! - [`NodeFiles::from_dir`]: a directory in the *fleet layout* — one directory per node, its
//!   files recognised by name (table below);
//! - [`NodeFiles::local_machine`]: the standard paths of the machine it runs on
//!   ([`NodeFiles::under_root`] does the same below another root, for images and tests).
//!
//! # The fleet layout
//!
//! | file or directory | field | read by |
//! |---|---|---|
//! | `os-release` | [`os_release`](NodeFiles::os_release) | [`os_release`] |
//! | `status` | [`dpkg_status`](NodeFiles::dpkg_status) | [`dpkg::parse_status`] |
//! | `status.d/` | [`dpkg_status_d`](NodeFiles::dpkg_status_d) | [`dpkg::parse_status_fragments`] |
//! | `lists/` | [`apt_lists`](NodeFiles::apt_lists) | [`apt::read_lists_dir`] |
//! | `rpm-qa.txt` | [`rpm_qa`](NodeFiles::rpm_qa) | [`rpm_qa`] |
//! | `primary.xml*`, `*-primary.xml*`, `available*` | [`available`](NodeFiles::available) | [`primary`] or [`rpm_text`], detected |
//! | `updateinfo.xml*`, `*-updateinfo.xml*` | [`updateinfo`](NodeFiles::updateinfo) | [`updateinfo`] |
//! | `hotfix.txt` | [`hotfix`](NodeFiles::hotfix) | [`windows::parse_get_hotfix`], else [`windows::parse_kb_list`] |
//! | `systeminfo.txt` | [`systeminfo`](NodeFiles::systeminfo) | [`windows::parse_systeminfo`] |
//! | `msrc*.xml`, `cvrf*.xml` | [`msrc`](NodeFiles::msrc) | [`cvrf`] |
//! | `sw_vers.txt` | [`sw_vers`](NodeFiles::sw_vers) | [`macos::parse_sw_vers`] |
//! | `MANAGER-installed.txt`, `MANAGER-available.txt` (`brew`, `brew_cask`, `installer`, `softwareupdate`) | [`macos_installed`](NodeFiles::macos_installed), [`macos_available`](NodeFiles::macos_available) | [`macos::parse_package_listing`] |
//!
//! Any other file (a saved snapshot, a README) is ignored. Compressed files (`.gz`, `.xz`,
//! `.zst`, `.bz2`, `.lz4`) read like plain ones wherever the reader accepts compression.
//!
//! An `available` file is a `primary.xml` when its (decompressed) content starts with `<`, and
//! otherwise a repoquery / `yum list updates` / `dnf check-update` listing. The repository of a
//! `primary.xml` or `updateinfo.xml` is the name of the directory above `repodata/` (the dnf and
//! yum cache layout: `/var/cache/dnf/baseos-1a2b3c/repodata/…`), else the file name.
//!
//! What stays outside: running `rpm -qa` (a process — the `patchcore` command does it on an RPM
//! machine) and warnings about unreadable notice dates, which are not fatal (the evaluation
//! dates such a notice 1970-01-01, its explanation shows it).
//!
//! ```
//! use patchcore_ingest::node::NodeFiles;
//!
//! let dir = std::env::temp_dir().join(format!("patchcore-node-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("os-release"), "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n").unwrap();
//! std::fs::write(dir.join("status"), "Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2.15-2+b7\n").unwrap();
//!
//! let files = NodeFiles::from_dir(&dir).unwrap();
//! assert_eq!(files.dpkg_status, Some(dir.join("status")));
//! let (inventory, _catalog) = files.load().unwrap();
//! assert_eq!(inventory.product, "Debian12");
//! assert_eq!(inventory.packages().len(), 1);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use std::fs::File;
use std::path::{Path, PathBuf};

use patchcore_rules::facts::{
    Catalog, InstalledPackage, Inventory, MacPackage, MacPackageManager, PackageVersion, RpmCatalog,
};
use serde::{Deserialize, Serialize};

use crate::compress::Compression;
use crate::error::{Error, ErrorKind};
use crate::{apt, compress, cvrf, dpkg, macos, os_release, primary, rpm_qa, rpm_text};
use crate::{updateinfo, windows};

const FORMAT: &str = "node files";

/// A macOS package listing and the package manager whose packages it lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MacListing {
    /// The listing (`name version…` per line).
    pub path: PathBuf,
    /// The package manager (the rows' Classification).
    pub manager: MacPackageManager,
}

impl MacListing {
    /// A listing of `manager` packages in `path`.
    pub fn new(path: impl Into<PathBuf>, manager: MacPackageManager) -> Self {
        Self {
            path: path.into(),
            manager,
        }
    }
}

/// The input files of one node, by kind. Every field is optional; [`NodeFiles::load`] reads
/// the ones given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NodeFiles {
    /// `/etc/os-release`: the operating system and product.
    pub os_release: Option<PathBuf>,
    /// `/var/lib/dpkg/status`.
    pub dpkg_status: Option<PathBuf>,
    /// `/var/lib/dpkg/status.d/` (distroless images: one fragment per package).
    pub dpkg_status_d: Option<PathBuf>,
    /// `/var/lib/apt/lists/`.
    pub apt_lists: Option<PathBuf>,
    /// `rpm -qa` output (plain or `--queryformat`).
    pub rpm_qa: Option<PathBuf>,
    /// What RPM repositories offer: `primary.xml` in any compression, or a repoquery / yum /
    /// dnf listing (detected from the content).
    pub available: Vec<PathBuf>,
    /// `updateinfo.xml` files, any compression.
    pub updateinfo: Vec<PathBuf>,
    /// `Get-HotFix` output (list, table or CSV) or a plain KB list.
    pub hotfix: Option<PathBuf>,
    /// `systeminfo` output: the Windows product, build and KBs.
    pub systeminfo: Option<PathBuf>,
    /// Microsoft CVRF (MSRC) security update documents.
    pub msrc: Vec<PathBuf>,
    /// `sw_vers` output: the macOS product.
    pub sw_vers: Option<PathBuf>,
    /// macOS installed-package listings.
    pub macos_installed: Vec<MacListing>,
    /// macOS available-package listings.
    pub macos_available: Vec<MacListing>,
}

/// Whether `name` (less a compression suffix) is `stem` or ends with `-stem` (the dnf cache
/// prefixes a checksum: `1a2b…-primary.xml.gz`).
fn is_metadata(name: &str, stem: &str) -> bool {
    let plain = match Compression::from_file_name(name) {
        Compression::None => name,
        _ => name.rsplit_once('.').map_or(name, |(stem, _)| stem),
    };
    plain == stem
        || plain
            .strip_suffix(stem)
            .is_some_and(|head| head.ends_with('-'))
}

/// The macOS listing a fleet-layout file name announces: `brew-installed.txt` → (brew, true).
fn mac_listing(name: &str) -> Option<(MacPackageManager, bool)> {
    let stem = name.strip_suffix(".txt")?;
    let (manager, role) = stem.rsplit_once('-')?;
    let manager = MacPackageManager::from_classification(manager)?;
    match role {
        "installed" => Some((manager, true)),
        "available" => Some((manager, false)),
        _ => None,
    }
}

/// A file or directory that cannot be read: the I/O error, with the path in its message.
fn io_error(path: &Path, error: &std::io::Error) -> Error {
    let error = std::io::Error::new(error.kind(), format!("{}: {error}", path.display()));
    Error::new(FORMAT, ErrorKind::Io(error))
}

/// `error` found in the file `path`.
fn in_file(path: &Path, error: Error) -> Error {
    Error::new(
        FORMAT,
        ErrorKind::InFile {
            file: path.display().to_string(),
            source: Box::new(error),
        },
    )
}

impl NodeFiles {
    /// Whether no input is named at all.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The files of a directory in the fleet layout (see the module documentation), sorted by
    /// name within each kind. Unknown files are ignored.
    ///
    /// # Errors
    /// The directory cannot be listed.
    pub fn from_dir(dir: &Path) -> Result<Self, Error> {
        let mut files = Self::default();
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| io_error(dir, &e))? {
            let entry = entry.map_err(|e| io_error(dir, &e))?;
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            // Follows symbolic links: a fleet directory may link shared files.
            let is_dir = entry.path().is_dir();
            entries.push((name, is_dir));
        }
        entries.sort();
        for (name, is_dir) in entries {
            let path = dir.join(&name);
            if is_dir {
                match name.as_str() {
                    "lists" => files.apt_lists = Some(path),
                    "status.d" => files.dpkg_status_d = Some(path),
                    _ => {}
                }
                continue;
            }
            let lower = name.to_ascii_lowercase();
            if let Some((manager, installed)) = mac_listing(&lower) {
                let listing = MacListing::new(path, manager);
                if installed {
                    files.macos_installed.push(listing);
                } else {
                    files.macos_available.push(listing);
                }
                continue;
            }
            match lower.as_str() {
                "os-release" => files.os_release = Some(path),
                "status" => files.dpkg_status = Some(path),
                "rpm-qa.txt" => files.rpm_qa = Some(path),
                "hotfix.txt" => files.hotfix = Some(path),
                "systeminfo.txt" => files.systeminfo = Some(path),
                "sw_vers.txt" => files.sw_vers = Some(path),
                _ if is_metadata(&lower, "primary.xml") || lower.starts_with("available") => {
                    files.available.push(path);
                }
                _ if is_metadata(&lower, "updateinfo.xml") => files.updateinfo.push(path),
                _ if (lower.starts_with("msrc") || lower.starts_with("cvrf"))
                    && lower.ends_with(".xml") =>
                {
                    files.msrc.push(path);
                }
                _ => {}
            }
        }
        Ok(files)
    }

    /// The standard paths of the machine this runs on: `/etc/os-release`,
    /// `/var/lib/dpkg/status` and `status.d/`, `/var/lib/apt/lists`, and the `primary.xml*` and
    /// `updateinfo.xml*` files dnf and yum cache under `/var/cache/dnf` and `/var/cache/yum`.
    /// Only paths that exist are named. The installed RPM packages are not a file: run
    /// `rpm -qa` and merge its [`rpm_qa`] inventory.
    pub fn local_machine() -> Self {
        Self::under_root(Path::new("/"))
    }

    /// As [`NodeFiles::local_machine`], with every standard path taken below `root` (a mounted
    /// image, a container's root file system, a test directory).
    pub fn under_root(root: &Path) -> Self {
        let existing = |relative: &str, dir: bool| {
            let path = root.join(relative);
            let found = if dir { path.is_dir() } else { path.is_file() };
            found.then_some(path)
        };
        let mut files = Self {
            os_release: existing("etc/os-release", false)
                .or_else(|| existing("usr/lib/os-release", false)),
            dpkg_status: existing("var/lib/dpkg/status", false),
            dpkg_status_d: existing("var/lib/dpkg/status.d", true),
            ..Self::default()
        };
        if files.dpkg_status.is_some() || files.dpkg_status_d.is_some() {
            files.apt_lists = existing("var/lib/apt/lists", true);
        }
        for cache in ["var/cache/dnf", "var/cache/yum"] {
            collect_metadata(&root.join(cache), 0, &mut files);
        }
        files.available.sort();
        files.updateinfo.sort();
        files
    }

    /// Reads every named file and merges the results into one inventory (what is installed,
    /// and who the node is) and one catalog (what is available).
    ///
    /// # Errors
    /// A file that cannot be read, decompressed or parsed (the error names the file); and no
    /// operating system identified at the end, or one patchcore does not know (the error names
    /// the file that identified it).
    pub fn load(&self) -> Result<(Inventory, Catalog), Error> {
        let mut inventory = Inventory::unidentified();
        let mut catalog = Catalog::default();
        if let Some(path) = &self.os_release {
            let identity = parse_file(path, os_release::parse)?;
            if !identity.operating_system.is_known() {
                let id = identity.id.clone();
                return Err(in_file(
                    path,
                    Error::new(
                        "os-release",
                        ErrorKind::WrongKind {
                            expected: "a supported operating system",
                            reason: format!(
                                "{:?} (ID={id:?}) is not an operating system Patch Manager supports",
                                identity.platform_name
                            ),
                        },
                    ),
                ));
            }
            inventory.merge(identity.into_inventory());
        }
        self.load_dpkg(&mut inventory)?;
        if let Some(dir) = &self.apt_lists {
            let options = apt::ListsOptions {
                native_arch: inventory.native_arch.clone(),
                ..apt::ListsOptions::default()
            };
            catalog.apt = apt::read_lists_dir(dir, &options).map_err(|e| in_file(dir, e))?;
        }
        if let Some(path) = &self.rpm_qa {
            inventory.merge(parse_file(path, rpm_qa::parse)?);
        }
        let mut rpm = RpmCatalog::default();
        for path in &self.available {
            rpm = rpm.merge(read_available(path)?);
        }
        for path in &self.updateinfo {
            let options = updateinfo::Options::for_repository(repository_of(path));
            let file = File::open(path).map_err(|e| io_error(path, &e))?;
            let info = updateinfo::read(file, &options).map_err(|e| in_file(path, e))?;
            rpm = rpm.merge(info.catalog);
        }
        catalog.rpm = rpm;
        self.load_windows(&mut inventory, &mut catalog)?;
        self.load_macos(&mut inventory, &mut catalog)?;
        if inventory.is_unidentified() || !inventory.operating_system.is_known() {
            return Err(Error::new(
                FORMAT,
                ErrorKind::WrongKind {
                    expected: "an identified node",
                    reason: "no operating system found: give an os-release, systeminfo or \
                             sw_vers file"
                        .to_owned(),
                },
            ));
        }
        Ok((inventory, catalog))
    }

    fn load_dpkg(&self, inventory: &mut Inventory) -> Result<(), Error> {
        let options = dpkg::StatusOptions::default();
        if let Some(path) = &self.dpkg_status {
            let status = parse_file(path, |bytes| dpkg::parse_status(bytes, &options))?;
            inventory.merge(status);
        }
        if let Some(dir) = &self.dpkg_status_d {
            let mut fragments = Vec::new();
            for entry in std::fs::read_dir(dir).map_err(|e| io_error(dir, &e))? {
                let path = entry.map_err(|e| io_error(dir, &e))?.path();
                if path.is_file() {
                    let name = path.display().to_string();
                    fragments.push((name, read(&path)?));
                }
            }
            fragments.sort();
            let borrowed: Vec<(&str, &[u8])> = fragments
                .iter()
                .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
                .collect();
            let options = dpkg::StatusOptions {
                native_arch: inventory.native_arch.clone(),
                ..options
            };
            inventory.merge(
                dpkg::parse_status_fragments(&borrowed, &options).map_err(|e| in_file(dir, e))?,
            );
        }
        Ok(())
    }

    fn load_windows(&self, inventory: &mut Inventory, catalog: &mut Catalog) -> Result<(), Error> {
        if let Some(path) = &self.systeminfo {
            let info = parse_file(path, windows::parse_systeminfo)?;
            inventory.merge(info.into_inventory());
        }
        if let Some(path) = &self.hotfix {
            let kbs = parse_file(path, |bytes| {
                let hotfixes = windows::parse_get_hotfix(bytes)?;
                if hotfixes.is_empty() {
                    // No `HotFixID` record: a plain KB list.
                    windows::parse_kb_list(bytes)
                } else {
                    Ok(hotfixes.into_iter().map(|h| h.kb).collect())
                }
            })?;
            inventory.extend_kbs(kbs);
        }
        for path in &self.msrc {
            let file = File::open(path).map_err(|e| io_error(path, &e))?;
            let updates = cvrf::read(file).map_err(|e| in_file(path, e))?;
            catalog.windows.extend(updates.updates().iter().cloned());
        }
        Ok(())
    }

    fn load_macos(&self, inventory: &mut Inventory, catalog: &mut Catalog) -> Result<(), Error> {
        if let Some(path) = &self.sw_vers {
            let sw_vers = parse_file(path, macos::parse_sw_vers)?;
            inventory.merge(sw_vers.into_inventory());
        }
        for listing in &self.macos_installed {
            inventory.extend_packages(read_listing(listing)?);
        }
        for listing in &self.macos_available {
            catalog
                .macos
                .extend(read_listing(listing)?.into_iter().filter_map(|p| {
                    let PackageVersion::Text(version) = p.version else {
                        return None;
                    };
                    Some(MacPackage::new(p.name, version, listing.manager))
                }));
        }
        Ok(())
    }
}

/// The `primary.xml*` and `updateinfo.xml*` files below a package-manager cache directory (at
/// most four levels down: `/var/cache/yum/x86_64/2/amzn2-core/repodata/`).
fn collect_metadata(dir: &Path, depth: u32, files: &mut NodeFiles) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if depth < 4 {
                collect_metadata(&path, depth + 1, files);
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        if is_metadata(&name, "primary.xml") {
            files.available.push(path);
        } else if is_metadata(&name, "updateinfo.xml") {
            files.updateinfo.push(path);
        }
    }
}

/// The whole file, at most [`compress::DEFAULT_LIMIT`] bytes.
fn read(path: &Path) -> Result<Vec<u8>, Error> {
    let file = File::open(path).map_err(|e| io_error(path, &e))?;
    compress::read_limited(file, compress::DEFAULT_LIMIT).map_err(|e| in_file(path, e))
}

/// `parse` applied to the whole file (as [`read`] reads it); its error names the file.
fn parse_file<T>(path: &Path, parse: impl FnOnce(&[u8]) -> Result<T, Error>) -> Result<T, Error> {
    parse(&read(path)?).map_err(|e| in_file(path, e))
}

/// The repository a metadata file describes: the directory above `repodata/`, else the file
/// name.
fn repository_of(path: &Path) -> String {
    let parent = path.parent();
    let above_repodata = parent
        .filter(|p| p.file_name().is_some_and(|n| n == "repodata"))
        .and_then(Path::parent)
        .and_then(Path::file_name);
    above_repodata
        .or_else(|| path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A `primary.xml` (content starting with `<`) or a repoquery / yum / dnf listing.
fn read_available(path: &Path) -> Result<RpmCatalog, Error> {
    parse_file(path, |bytes| {
        let text = compress::decompress(bytes, compress::DEFAULT_LIMIT)?;
        let first = text
            .strip_prefix(b"\xef\xbb\xbf")
            .unwrap_or(&text)
            .iter()
            .find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'<') {
            let options = primary::Options::for_repository(repository_of(path));
            primary::parse(&text, &options)
        } else {
            rpm_text::parse(&text)
        }
    })
}

fn read_listing(listing: &MacListing) -> Result<Vec<InstalledPackage>, Error> {
    parse_file(&listing.path, |bytes| {
        macos::parse_package_listing(bytes, listing.manager)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_names_with_checksum_prefix_and_compression_are_recognised() {
        assert!(is_metadata("primary.xml", "primary.xml"));
        assert!(is_metadata("primary.xml.gz", "primary.xml"));
        assert!(is_metadata("1a2b3c-primary.xml.zst", "primary.xml"));
        for suffix in [".xz", ".bz2", ".lz4"] {
            assert!(is_metadata(
                &format!("updateinfo.xml{suffix}"),
                "updateinfo.xml"
            ));
        }
        assert!(!is_metadata("primary.xml.zip", "primary.xml"));
        assert!(!is_metadata("filelists.xml.gz", "primary.xml"));
        assert!(!is_metadata("xprimary.xml", "primary.xml"));
        assert!(!is_metadata("primary.sqlite.bz2", "primary.xml"));
    }

    #[test]
    fn repository_is_the_directory_above_repodata() {
        assert_eq!(
            repository_of(Path::new(
                "/var/cache/dnf/baseos-1a2b/repodata/x-primary.xml.gz"
            )),
            "baseos-1a2b"
        );
        assert_eq!(repository_of(Path::new("/n/primary.xml")), "primary.xml");
    }

    #[test]
    fn mac_listing_names_give_manager_and_role() {
        assert_eq!(
            mac_listing("brew-installed.txt"),
            Some((MacPackageManager::Brew, true))
        );
        assert_eq!(
            mac_listing("brew_cask-available.txt"),
            Some((MacPackageManager::BrewCask, false))
        );
        assert_eq!(mac_listing("brew-other.txt"), None);
        assert_eq!(mac_listing("hotfix.txt"), None);
    }
}
