//! The patch baseline model of AWS Systems Manager Patch Manager (work in progress).

mod os;

pub use os::{OperatingSystem, PackageFamily};
