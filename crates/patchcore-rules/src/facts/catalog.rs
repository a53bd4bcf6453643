//! Everything available to a node.

use serde::{Deserialize, Serialize};

use super::apt::AptCatalog;
use super::macos::MacCatalog;
use super::rpm::RpmCatalog;
use super::windows::WindowsCatalog;

/// What is available to a node: one part per package family. A node uses the part of its
/// family; the others stay empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Catalog {
    /// APT versions and their origins (Debian, Ubuntu, Raspberry Pi OS).
    #[serde(default)]
    pub apt: AptCatalog,
    /// RPM offered versions and update notices (yum, dnf, zypper).
    #[serde(default)]
    pub rpm: RpmCatalog,
    /// Windows updates.
    #[serde(default)]
    pub windows: WindowsCatalog,
    /// macOS packages.
    #[serde(default)]
    pub macos: MacCatalog,
}

impl Catalog {
    /// Adds everything `other` holds (catalogs read from many files make one).
    pub fn merge(self, other: Catalog) -> Catalog {
        let mut windows = self.windows;
        windows.extend(other.windows.updates().iter().cloned());
        let mut macos = self.macos;
        macos.extend(other.macos.packages().iter().cloned());
        Catalog {
            apt: self.apt.merge(other.apt),
            rpm: self.rpm.merge(other.rpm),
            windows,
            macos,
        }
    }
}
