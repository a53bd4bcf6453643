//! RPM versions, exactly as librpm 4.18 orders them.
//!
//! - [`vercmp`]: `rpmvercmp()` on version or release strings (every string is valid);
//! - [`Evr`] / [`EvrBuf`] and [`compare_evr`]: `rpmverParse()` + `rpmverCmp()` on
//!   `[epoch:]version[-release]` (only the empty string is invalid);
//! - [`Nevra`] / [`NevraBuf`]: package identities `name-[epoch:]version-release[.arch]` and
//!   `name.arch:epoch:version-release`.
//!
//! Every rule here was checked against librpm 4.18 itself (`tests/oracle_rpm.rs` compares
//! well over 100,000 pairs per function with it).

mod evr;
mod evr_order;
mod nevra;
mod scan;
mod vercmp;

pub use evr::{Evr, EvrBuf, compare_evr};
pub use nevra::{ARCHES, Nevra, NevraBuf};
pub use vercmp::{vercmp, vercmp_sort_key};
