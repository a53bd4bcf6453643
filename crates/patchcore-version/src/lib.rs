//! Exact version comparison: the same answer as the real package tools, on every input.
//!
//! | scheme ([`Scheme`]) | what | reference it matches |
//! |---|---|---|
//! | `rpm` | RPM EVR `[epoch:]version[-release]` ([`rpm::Evr`], [`rpm::compare_evr`]) | librpm 4.18 `rpmverParse()` + `rpmverCmp()` |
//! | `rpm-vercmp` | one RPM version or release string ([`rpm::vercmp`]) | librpm 4.18 `rpmvercmp()` |
//! | `deb` | Debian `[epoch:]upstream[-revision]` ([`deb::Version`], [`deb::compare`]) | dpkg 1.21 `parseversion()` + `dpkg_version_compare()` |
//! | `kb` | Windows KB ids ([`windows::KbId`]) | `KB5031361` = `kb5031361` = `5031361`, numeric order |
//! | `windows-build` | Windows OS builds ([`windows::OsBuild`]) | build, then update build revision |
//! | `dotted` | numeric dotted versions ([`dotted::DottedVersion`]) | macOS product versions: per component, missing = 0 |
//! | `semver` | semantic versions | the `semver` crate's `Version` order |
//!
//! Parsing is where errors live: each scheme refuses what its reference tool refuses (for
//! `rpm-vercmp` nothing, for `rpm` only the empty string) with an [`Error`] naming the value
//! and the problem. Comparison of valid versions is a total order, and `Ord`, `Eq` and `Hash`
//! agree: versions the tool calls equal are `==` and hash alike even when written differently
//! (`1.0`, `1_0` and `01.0` for RPM), while `Display` keeps the text as written.
//!
//! Comparing two strings ([`compare`], [`rpm::compare_evr`], [`rpm::vercmp`],
//! [`deb::compare`]) allocates nothing. For sorting many versions or picking the newest, a
//! [`SortKey`] turns every comparison into a `memcmp`.
//!
//! ```
//! use std::cmp::Ordering;
//! use patchcore_version::{Scheme, compare, rpm::Evr};
//!
//! // The scheme chosen at run time, e.g. from a command line:
//! let scheme: Scheme = "rpm".parse()?;
//! assert_eq!(compare(scheme, "1.0~rc1-1.el9", "1.0-1.el9")?, Ordering::Less);
//! assert_eq!(compare(Scheme::Kb, "kb5031361", "KB5031361")?, Ordering::Equal);
//! assert_eq!(compare(Scheme::WindowsBuild, "10.0.17763.5122", "17763.5206")?, Ordering::Less);
//! assert_eq!(compare(Scheme::Dotted, "14.2", "14.2.0")?, Ordering::Equal);
//! assert!(compare(Scheme::Rpm, "", "1.0").is_err());
//!
//! // Typed, borrowed versions: pick the newest available update.
//! let available = ["2.0.5-12.fc39", "1:1.0-1.fc39", "2.0.5-9.fc39"];
//! let newest = available.iter().map(|s| Evr::parse(s)).collect::<Result<Vec<_>, _>>()?
//!     .into_iter().max();
//! assert_eq!(newest.map(|evr| evr.to_string()).as_deref(), Some("1:1.0-1.fc39"));
//! # Ok::<(), patchcore_version::Error>(())
//! ```
//!
//! Features: `serde` (default) reads and writes every version type as its text;
//! `rpm-version` and `debversion` convert to and from those crates' types.

#![forbid(unsafe_code)]

mod digits;
mod error;
mod prefix;
mod scheme;
mod sort_key;
mod version_traits;

pub mod deb;
pub mod dotted;
pub mod rpm;
pub mod windows;

#[cfg(feature = "rpm-version")]
mod interop;

pub use error::{Error, ErrorKind};
pub use scheme::{Scheme, compare, compare_bytes, validate};
pub use sort_key::SortKey;
