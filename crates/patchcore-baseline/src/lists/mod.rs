//! Approved and rejected lists: what each entry is ([`classify`]), and a compiled matcher
//! ([`ListMatcher`]) that answers "does this list match this package version or patch" the way
//! Patch Manager does (observed.md L1–L4, baseline spec section 5).
//!
//! A package entry matches a package version when it equals — ignoring ASCII case — or, when it
//! holds `*`, `?` or `[...]`, glob-matches one of the strings generated from that version
//! (`name`, `name.arch`, `name-version-release`, `epoch:version-release`, … twelve forms on the RPM
//! families, six on APT, plus the `.rpm` file name on SUSE). The generated strings are never
//! assembled for exact entries: the matcher compares the package's parts, lower-cased once on the
//! stack, with the few entries that start with its name, version or epoch; a glob string is
//! assembled only when it starts and ends with the glob's literal prefix and suffix.

mod entry;
mod forms;
mod glob;
mod matcher;

pub use entry::{EntryKind, classify, never_matches};
pub use matcher::{IdKind, ListMatcher, ListRole, PackageRef};

pub(crate) use glob::is_glob;
