//! The string enums of a baseline, each open-ended: a value AWS adds later is kept as
//! `Unknown(String)` so that reading never loses it, and validation reports it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares an open string enum: known variants with their wire strings (in AWS model order),
/// plus `Unknown(String)`, with `as_str`, `KNOWN`, `FromStr`, `Display` and string serde.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of patchcore does not know, kept as it was written.
            Unknown(String),
        }

        impl $name {
            /// Every known value, in the order of the AWS service model.
            pub const KNOWN: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The wire string, as the AWS API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Unknown(other) => other,
                }
            }

            /// Whether this is one of the values the API knows today.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl FromStr for $name {
            type Err = std::convert::Infallible;

            /// Reads the wire string case-sensitively; anything else becomes `Unknown`.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $( $wire => Self::$variant, )+
                    other => Self::Unknown(other.to_owned()),
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Ok(text.parse().unwrap_or_else(|never: std::convert::Infallible| match never {}))
            }
        }
    };
}

open_enum! {
    /// A patch filter key: the AWS `PatchFilterKey` enum (19 values, baseline spec section 3.1).
    ///
    /// ```
    /// use patchcore_baseline::PatchFilterKey;
    /// let key: PatchFilterKey = "MSRC_SEVERITY".parse().unwrap();
    /// assert_eq!(key, PatchFilterKey::MsrcSeverity);
    /// assert_eq!(PatchFilterKey::KNOWN.len(), 19);
    /// ```
    PatchFilterKey {
        /// `ARCH` — package architecture (documented for `DescribeAvailablePatches` only).
        Arch = "ARCH",
        /// `ADVISORY_ID` — advisory id (documented for `DescribeAvailablePatches` only).
        AdvisoryId = "ADVISORY_ID",
        /// `BUGZILLA_ID` — Bugzilla id (documented for `DescribeAvailablePatches` only).
        BugzillaId = "BUGZILLA_ID",
        /// `PATCH_SET` — Windows: `OS` or `APPLICATION`.
        PatchSet = "PATCH_SET",
        /// `PRODUCT` — the OS product (`AmazonLinux2`, `WindowsServer2019`, `Ubuntu22.04`).
        Product = "PRODUCT",
        /// `PRODUCT_FAMILY` — Windows product family (`Windows`, `Office`).
        ProductFamily = "PRODUCT_FAMILY",
        /// `CLASSIFICATION` — patch classification (`Security`, `SecurityUpdates`, …).
        Classification = "CLASSIFICATION",
        /// `CVE_ID` — CVE id (documented for `DescribeAvailablePatches` only).
        CveId = "CVE_ID",
        /// `EPOCH` — package epoch (documented for `DescribeAvailablePatches` only).
        Epoch = "EPOCH",
        /// `MSRC_SEVERITY` — Microsoft severity (`Critical`, `Important`, …).
        MsrcSeverity = "MSRC_SEVERITY",
        /// `NAME` — package name (documented for `DescribeAvailablePatches` only).
        Name = "NAME",
        /// `PATCH_ID` — a Windows KB id.
        PatchId = "PATCH_ID",
        /// `SECTION` — Debian section (APT family).
        Section = "SECTION",
        /// `PRIORITY` — Debian priority (APT family).
        Priority = "PRIORITY",
        /// `REPOSITORY` — repository (documented for `DescribeAvailablePatches` only).
        Repository = "REPOSITORY",
        /// `RELEASE` — package release (documented for `DescribeAvailablePatches` only).
        Release = "RELEASE",
        /// `SEVERITY` — notice severity (yum/dnf/zypper).
        Severity = "SEVERITY",
        /// `SECURITY` — in the enum, documented nowhere.
        Security = "SECURITY",
        /// `VERSION` — package version (documented for `DescribeAvailablePatches` only).
        Version = "VERSION",
    }
}

open_enum! {
    /// The compliance level (severity) a baseline assigns: the AWS `PatchComplianceLevel` enum.
    ///
    /// Ordered for the evaluator with [`ComplianceLevel::rank`]:
    /// `CRITICAL > HIGH > MEDIUM > LOW > INFORMATIONAL > UNSPECIFIED`.
    ///
    /// ```
    /// use patchcore_baseline::ComplianceLevel;
    /// assert!(ComplianceLevel::Critical > ComplianceLevel::High);
    /// assert!(ComplianceLevel::Informational > ComplianceLevel::Unspecified);
    /// ```
    ComplianceLevel {
        /// `CRITICAL`
        Critical = "CRITICAL",
        /// `HIGH`
        High = "HIGH",
        /// `MEDIUM`
        Medium = "MEDIUM",
        /// `LOW`
        Low = "LOW",
        /// `INFORMATIONAL`
        Informational = "INFORMATIONAL",
        /// `UNSPECIFIED` — the default when a level is absent.
        Unspecified = "UNSPECIFIED",
    }
}

impl ComplianceLevel {
    /// The level's rank: `UNSPECIFIED` = 0 … `CRITICAL` = 5. An unknown value (which validation
    /// rejects) ranks 0 like `UNSPECIFIED`; the order puts it just after `UNSPECIFIED`, by text.
    pub fn rank(&self) -> u8 {
        match self {
            Self::Critical => 5,
            Self::High => 4,
            Self::Medium => 3,
            Self::Low => 2,
            Self::Informational => 1,
            Self::Unspecified | Self::Unknown(_) => 0,
        }
    }
}

impl Default for ComplianceLevel {
    /// `UNSPECIFIED`, the level of an absent `ComplianceLevel` (baseline spec section 4).
    fn default() -> Self {
        Self::Unspecified
    }
}

impl PartialOrd for ComplianceLevel {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ComplianceLevel {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        fn text(level: &ComplianceLevel) -> Option<&str> {
            match level {
                ComplianceLevel::Unknown(text) => Some(text),
                _ => None,
            }
        }
        self.rank()
            .cmp(&other.rank())
            .then_with(|| text(self).cmp(&text(other)))
    }
}

open_enum! {
    /// What happens to rejected patches: the AWS `PatchAction` enum.
    PatchAction {
        /// `ALLOW_AS_DEPENDENCY` — the default: a rejected package may still come in as a dependency.
        AllowAsDependency = "ALLOW_AS_DEPENDENCY",
        /// `BLOCK` — rejected packages, and anything depending on them, are never installed.
        Block = "BLOCK",
    }
}

impl Default for PatchAction {
    /// `ALLOW_AS_DEPENDENCY`, the documented default.
    fn default() -> Self {
        Self::AllowAsDependency
    }
}

open_enum! {
    /// `AvailableSecurityUpdatesComplianceStatus`: the AWS `PatchComplianceStatus` enum.
    PatchComplianceStatus {
        /// `COMPLIANT`
        Compliant = "COMPLIANT",
        /// `NON_COMPLIANT`
        NonCompliant = "NON_COMPLIANT",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compliance_levels_are_ordered_critical_high_medium_low_informational_unspecified() {
        let mut levels = ComplianceLevel::KNOWN.to_vec();
        levels.reverse();
        let mut sorted = levels.clone();
        sorted.sort();
        assert_eq!(sorted, levels);
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        let key: PatchFilterKey = "NEW_KEY".parse().unwrap();
        assert_eq!(key.as_str(), "NEW_KEY");
        assert!(!key.is_known());
        let json = serde_json::to_string(&key).unwrap();
        assert_eq!(json, "\"NEW_KEY\"");
    }

    #[test]
    fn filter_key_enum_has_the_19_model_values() {
        assert_eq!(PatchFilterKey::KNOWN.len(), 19);
        for key in PatchFilterKey::KNOWN {
            assert_eq!(key.as_str().parse::<PatchFilterKey>().unwrap(), *key);
        }
    }
}
