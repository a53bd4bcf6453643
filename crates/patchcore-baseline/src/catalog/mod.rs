//! The predefined (AWS-managed) baselines: all 17, as the service returns them, looked up by
//! name (with the user guide's alias), by operating system (the default baseline), or listed.
//!
//! The baseline ids are the us-east-1 ARNs; predefined ids differ per region, so look baselines
//! up by name.
//!
//! ```
//! use patchcore_baseline::{catalog, OperatingSystem};
//!
//! let ubuntu = catalog::default_for(&OperatingSystem::Ubuntu).unwrap();
//! assert_eq!(ubuntu.name.as_deref(), Some("AWS-UbuntuDefaultPatchBaseline"));
//! // The user guide's spelling is an alias of the service's name.
//! let pi = catalog::by_name("AWS-DefaultRaspbianPatchBaseline").unwrap();
//! assert_eq!(pi.name.as_deref(), Some("AWS-RaspbianDefaultPatchBaseline"));
//! assert_eq!(catalog::all().count(), 17);
//! ```

mod data;

use crate::enums::{ComplianceLevel, PatchAction, PatchComplianceStatus, PatchFilterKey};
use crate::error::{Error, ErrorKind};
use crate::model::{Baseline, PatchFilter, PatchFilterGroup, PatchRule, PatchRuleGroup};
use crate::os::OperatingSystem;
use crate::timestamp::Timestamp;

/// Names accepted for a predefined baseline besides its own: (alias, name).
pub const ALIASES: &[(&str, &str)] = &[(
    "AWS-DefaultRaspbianPatchBaseline",
    "AWS-RaspbianDefaultPatchBaseline",
)];

/// One filter of a predefined baseline.
type FilterSpec = (PatchFilterKey, &'static [&'static str]);

/// A predefined baseline as transcribed; built into a [`Baseline`] on request.
#[derive(Debug)]
struct Predefined {
    name: &'static str,
    os: OperatingSystem,
    baseline_id: &'static str,
    description: &'static str,
    /// `CreatedDate` (= `ModifiedDate`) as RFC 3339.
    created: &'static str,
    default_for_os: bool,
    global_filters: &'static [FilterSpec],
    rules: &'static [PredefinedRule],
    /// Whether `AvailableSecurityUpdatesComplianceStatus` is `NON_COMPLIANT` (Windows ones).
    windows_security_status: bool,
}

#[derive(Debug)]
struct PredefinedRule {
    filters: &'static [FilterSpec],
    approve_after_days: i64,
    enable_non_security: bool,
}

fn filters(specs: &[FilterSpec]) -> PatchFilterGroup {
    PatchFilterGroup::of(
        specs
            .iter()
            .map(|(key, values)| PatchFilter::new(key.clone(), values))
            .collect(),
    )
}

impl Predefined {
    fn build(&self) -> Baseline {
        let created = Timestamp::parse_rfc3339(self.created);
        let rules = self
            .rules
            .iter()
            .map(|rule| PatchRule {
                patch_filter_group: Some(filters(rule.filters)),
                compliance_level: Some(ComplianceLevel::Unspecified),
                approve_after_days: Some(rule.approve_after_days),
                approve_until_date: None,
                enable_non_security: Some(rule.enable_non_security),
            })
            .collect();
        Baseline {
            baseline_id: Some(self.baseline_id.to_owned()),
            name: Some(self.name.to_owned()),
            operating_system: Some(self.os.clone()),
            global_filters: Some(filters(self.global_filters)),
            approval_rules: Some(PatchRuleGroup::of(rules)),
            approved_patches: Some(Vec::new()),
            approved_patches_compliance_level: Some(ComplianceLevel::Unspecified),
            approved_patches_enable_non_security: Some(false),
            rejected_patches: Some(Vec::new()),
            rejected_patches_action: Some(PatchAction::AllowAsDependency),
            patch_groups: Some(Vec::new()),
            created_date: created,
            modified_date: created,
            description: Some(self.description.to_owned()),
            sources: Some(Vec::new()),
            available_security_updates_compliance_status: self
                .windows_security_status
                .then_some(PatchComplianceStatus::NonCompliant),
            ..Baseline::default()
        }
    }
}

/// Every predefined baseline, sorted by name.
pub fn all() -> impl Iterator<Item = Baseline> {
    data::PREDEFINED.iter().map(Predefined::build)
}

/// The names of the predefined baselines, sorted.
pub fn names() -> impl Iterator<Item = &'static str> {
    data::PREDEFINED.iter().map(|p| p.name)
}

/// The predefined baseline called `name` (exactly, or by an [`ALIASES`] spelling).
///
/// # Errors
/// [`ErrorKind::UnknownBaseline`] when no predefined baseline has that name.
pub fn by_name(name: &str) -> Result<Baseline, Error> {
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, real)| real);
    data::PREDEFINED
        .iter()
        .find(|p| p.name == name)
        .map(Predefined::build)
        .ok_or_else(|| ErrorKind::UnknownBaseline(name.to_owned()).into())
}

/// The AWS default baseline for `os` (for Windows, `AWS-DefaultPatchBaseline`); `None` for an
/// unknown OS.
pub fn default_for(os: &OperatingSystem) -> Option<Baseline> {
    data::PREDEFINED
        .iter()
        .find(|p| p.default_for_os && p.os == *os)
        .map(Predefined::build)
}

/// A one-line summary of a baseline's rules, e.g.
/// `rule 1: CLASSIFICATION=Security SEVERITY=Critical,Important after 7d; rule 2: …`.
pub fn summary(baseline: &Baseline) -> String {
    let rules: Vec<String> = baseline
        .rules()
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let filters: Vec<String> = rule
                .filters()
                .iter()
                .map(|f| {
                    format!(
                        "{}={}",
                        f.key.as_ref().map_or("?", PatchFilterKey::as_str),
                        f.value_list().join(",")
                    )
                })
                .collect();
            let when = match (rule.approve_after_days, &rule.approve_until_date) {
                (Some(days), _) => format!(" after {days}d"),
                (None, Some(date)) => format!(" until {date}"),
                (None, None) => String::new(),
            };
            let non_security = if rule.enable_non_security == Some(true) {
                " +non-security"
            } else {
                ""
            };
            format!("rule {}: {}{when}{non_security}", i + 1, filters.join(" "))
        })
        .collect();
    if rules.is_empty() {
        "no rules".to_owned()
    } else {
        rules.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_os_has_exactly_one_default() {
        for os in OperatingSystem::KNOWN {
            let defaults = data::PREDEFINED
                .iter()
                .filter(|p| p.default_for_os && p.os == os)
                .count();
            assert_eq!(defaults, 1, "{os}");
        }
        assert_eq!(
            default_for(&OperatingSystem::Windows)
                .unwrap()
                .name
                .as_deref(),
            Some("AWS-DefaultPatchBaseline")
        );
    }

    #[test]
    fn every_predefined_baseline_is_valid_and_compiles() {
        for baseline in all() {
            assert!(Timestamp::parse_rfc3339(data::PREDEFINED[0].created).is_some());
            let compiled = baseline.compile();
            assert!(
                compiled.is_ok(),
                "{:?}: {:?}",
                baseline.name,
                compiled.err()
            );
        }
    }

    // Facts of the captured files that differ from the user guide's prose (spec section 6.1).
    #[test]
    fn captured_facts_that_differ_from_the_user_guide_are_kept() {
        let oracle = by_name("AWS-OracleLinuxDefaultPatchBaseline").unwrap();
        assert_eq!(
            oracle.rules()[0].filters()[1].value_list(),
            ["Critical", "Important", "Moderate"]
        );
        assert_eq!(
            oracle.rules()[1].filters()[0].value_list(),
            ["Enhancement", "Bugfix"]
        );
        let centos = by_name("AWS-CentOSDefaultPatchBaseline").unwrap();
        assert!(centos.global_filter_list().is_empty());
        assert_eq!(centos.rules()[0].enable_non_security, Some(true));
        let mac = by_name("AWS-MacOSDefaultPatchBaseline").unwrap();
        assert_eq!(
            mac.rules()[0].filters()[0].value_list(),
            ["softwareupdate", "installer", "brew", "brew_cask"]
        );
        let ubuntu = by_name("AWS-UbuntuDefaultPatchBaseline").unwrap();
        assert_eq!(ubuntu.rules()[0].approve_after_days, Some(7));
        let windows = by_name("AWS-DefaultPatchBaseline").unwrap();
        assert_eq!(
            windows.available_security_updates_compliance_status,
            Some(PatchComplianceStatus::NonCompliant)
        );
        assert_eq!(ubuntu.available_security_updates_compliance_status, None);
    }

    #[test]
    fn unknown_names_are_errors_naming_the_value() {
        let err = by_name("AWS-NoSuchBaseline").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown predefined baseline \"AWS-NoSuchBaseline\""
        );
    }

    #[test]
    fn summary_names_filters_and_delays() {
        let suse = by_name("AWS-SuseDefaultPatchBaseline").unwrap();
        assert_eq!(
            summary(&suse),
            "rule 1: CLASSIFICATION=Security SEVERITY=Critical,Important after 7d"
        );
    }
}
