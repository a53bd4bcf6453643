//! patchcore-ingest: readers of the files real machines and repositories have, into the facts
//! of `patchcore-rules` ([`Inventory`](patchcore_rules::facts::Inventory),
//! [`Catalog`](patchcore_rules::facts::Catalog)).
//!
//! Every reader takes bytes (`&[u8]` or `impl Read`) and never a path — except
//! [`apt::read_lists_dir`], which reads a whole apt lists directory because the file names
//! encode the repository. Every reader bounds what it accepts (sizes, line lengths), never
//! panics, ignores fields it does not know, and reports errors with the format, the line or
//! byte offset and the offending text ([`Error`]).
//!
//! | module | reads |
//! |---|---|
//! | [`os_release`] | `/etc/os-release`: OS, product string (`Debian12`, `AmazonLinux2023`) |
//! | [`dpkg`] | `/var/lib/dpkg/status` and `status.d/` fragments |
//! | [`apt`] | apt `Packages`, `Release`/`InRelease`, a whole `/var/lib/apt/lists` |
//! | [`windows`] | `Get-HotFix`, `systeminfo`, plain KB lists |
//! | [`macos`] | `sw_vers`, simple installed-package listings |
//! | [`rpm_qa`], [`rpm_text`], [`zypper`] | `rpm -qa`, repoquery / check-update, `zypper lu` |
//! | [`updateinfo`], [`primary`] | yum/dnf `updateinfo.xml` and `primary.xml` |
//! | [`cvrf`] | Microsoft CVRF security update documents |
//! | [`override_list`] | Install Override List YAML (feature `yaml`) |
//! | [`compress`] | gzip, xz, lz4, zstd, bzip2 |
//! | [`node`] | all the files of one node (a fleet directory, the local machine) at once |
//!
//! ```
//! use patchcore_ingest::{dpkg, os_release};
//!
//! let identity = os_release::parse(b"NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n").unwrap();
//! assert_eq!(identity.product, "Debian12");
//!
//! let status = b"Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2.15-2+b7\n";
//! let mut inventory = dpkg::parse_status(status, &dpkg::StatusOptions::default()).unwrap();
//! assert!(inventory.is_unidentified());
//! inventory.merge(identity.into_inventory());
//! assert_eq!(inventory.operating_system, patchcore_baseline::OperatingSystem::Debian);
//! assert_eq!(inventory.product, "Debian12");
//! assert_eq!(inventory.highest_installed("bash", "amd64").unwrap().version.to_string(), "5.2.15-2+b7");
//! ```

pub mod apt;
pub mod compress;
pub mod cvrf;
pub mod dpkg;
mod error;
pub mod macos;
pub mod node;
pub mod os_release;
pub mod override_list;
pub mod primary;
pub mod rpm_qa;
pub mod rpm_text;
pub mod updateinfo;
pub mod windows;
mod xml;
pub mod zypper;

pub use error::{Error, ErrorKind, Position, QUOTE_LIMIT, truncate, truncate_bytes};
