//! The compliance state of one package or update (compliance.md section 1.1).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The patch compliance state of one package (`name.arch`) or Windows update (KB).
///
/// Serialized as the CamelCase strings the agent emits (`InstalledPendingReboot`); the API's
/// `UPPER_SNAKE` spellings (`INSTALLED_PENDING_REBOOT`) are accepted on input (compliance.md 8, 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub enum PatchState {
    /// Approved, not rejected, and the installed version is the newest approved one.
    #[serde(alias = "INSTALLED")]
    Installed,
    /// Installed but not approved by the baseline (or rejected under `ALLOW_AS_DEPENDENCY`).
    #[serde(alias = "INSTALLED_OTHER")]
    InstalledOther,
    /// Installed by a Patch Manager Install run, no reboot since.
    #[serde(alias = "INSTALLED_PENDING_REBOOT")]
    InstalledPendingReboot,
    /// Installed and rejected while `RejectedPatchesAction` is `BLOCK`.
    #[serde(alias = "INSTALLED_REJECTED")]
    InstalledRejected,
    /// An approved newer version (Linux), or an approved applicable update (Windows), is not
    /// installed.
    #[serde(alias = "MISSING")]
    Missing,
    /// Attempted by the last Install and not installed.
    #[serde(alias = "FAILED")]
    Failed,
    /// Approved but not relevant to the node.
    #[serde(alias = "NOT_APPLICABLE")]
    NotApplicable,
    /// Windows: applicable security update that the baseline does not approve (yet).
    #[serde(alias = "AVAILABLE_SECURITY_UPDATE")]
    AvailableSecurityUpdate,
}

impl PatchState {
    /// Every state.
    pub const ALL: [PatchState; 8] = [
        Self::Installed,
        Self::InstalledOther,
        Self::InstalledPendingReboot,
        Self::InstalledRejected,
        Self::Missing,
        Self::Failed,
        Self::NotApplicable,
        Self::AvailableSecurityUpdate,
    ];

    /// The CamelCase name (`InstalledOther`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Installed => "Installed",
            Self::InstalledOther => "InstalledOther",
            Self::InstalledPendingReboot => "InstalledPendingReboot",
            Self::InstalledRejected => "InstalledRejected",
            Self::Missing => "Missing",
            Self::Failed => "Failed",
            Self::NotApplicable => "NotApplicable",
            Self::AvailableSecurityUpdate => "AvailableSecurityUpdate",
        }
    }

    /// Whether the state alone makes the node non-compliant (compliance.md 1.2).
    /// `AvailableSecurityUpdate` depends on the baseline: see [`crate::Scan::is_compliant`].
    pub fn is_non_compliant(self) -> bool {
        matches!(
            self,
            Self::Missing | Self::Failed | Self::InstalledRejected | Self::InstalledPendingReboot
        )
    }

    /// Whether the package or update is on the node in this state.
    pub fn is_installed(self) -> bool {
        matches!(
            self,
            Self::Installed
                | Self::InstalledOther
                | Self::InstalledPendingReboot
                | Self::InstalledRejected
        )
    }
}

impl fmt::Display for PatchState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_serialize_camel_case_and_read_both_spellings() {
        for state in PatchState::ALL {
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(json, format!("\"{state}\""));
            assert_eq!(serde_json::from_str::<PatchState>(&json).unwrap(), state);
        }
        let upper: PatchState = serde_json::from_str("\"INSTALLED_PENDING_REBOOT\"").unwrap();
        assert_eq!(upper, PatchState::InstalledPendingReboot);
    }
}
