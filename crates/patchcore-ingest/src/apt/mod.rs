//! APT: `Packages` index files, `Release`/`InRelease` files, and a whole
//! `/var/lib/apt/lists` directory, into an [`AptCatalog`](patchcore_rules::facts::AptCatalog).
//!
//! Each available version keeps every origin it is offered from — suite (archive), codename,
//! origin, label, site, component and trusted flag — which decides whether it is a security
//! version (observed.md A6, [`AptOrigin::is_security_pocket`]), plus Debian `Priority` and
//! `Section`. The Release files' `NotAutomatic` and `ButAutomaticUpgrades` are carried on the
//! origin.
//!
//! Trust, offline (decision): apt only keeps a list in `/var/lib/apt/lists` after it verified
//! the signature of the Release file it came with, and it keeps that file beside the list — an
//! `InRelease` (clearsigned) or a `Release` with its detached `Release.gpg`. So an origin is
//! trusted when its lists have an `InRelease`, or a `Release` plus `Release.gpg`, beside them; a
//! `Release` alone (from a `[trusted=yes]` source) or no Release file at all is untrusted. The
//! signature itself is not verified here: patchcore has no keyring, and apt already did.
//!
//! [`AptOrigin::is_security_pocket`]: patchcore_rules::facts::AptOrigin::is_security_pocket
//!
//! ```
//! use patchcore_ingest::apt;
//! use patchcore_rules::facts::AptOrigin;
//!
//! let release = apt::parse_release(b"Origin: Debian\nLabel: Debian-Security\nSuite: stable-security\nCodename: bookworm-security\n").unwrap();
//! let origin = release.origin("security.debian.org", "main", true);
//! assert!(origin.is_security_pocket());
//!
//! let packages = b"Package: openssl\nVersion: 3.0.17-1~deb12u2\nArchitecture: amd64\nPriority: optional\nSection: utils\n";
//! let catalog = apt::parse_packages(packages, origin, Some("amd64")).unwrap();
//! let newest = catalog.newest("openssl", "amd64").unwrap();
//! assert_eq!(newest.version.to_string(), "3.0.17-1~deb12u2");
//! assert!(catalog.is_security(newest));
//! ```

pub(crate) mod deb822;
mod lists;
mod packages;
mod release;

pub use lists::{ListFile, ListsOptions, list_file, read_lists_dir};
pub use packages::{PackageStanza, Stanzas, add_packages, parse_packages, stanzas};
pub use release::{Release, parse_release, strip_clearsign};
