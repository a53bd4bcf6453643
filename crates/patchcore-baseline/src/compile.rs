//! The compiled form of a baseline that the evaluator uses: filters as value sets with `*` and
//! the per-OS case rules, approved/rejected-list matchers, rules in order. Compile once,
//! evaluate many nodes (it is `Send + Sync`).
//!
//! ```
//! use patchcore_baseline::{catalog, PatchFilterKey as Key};
//! use patchcore_baseline::lists::PackageRef;
//!
//! let compiled = catalog::by_name("AWS-AmazonLinux2023DefaultPatchBaseline").unwrap().compile().unwrap();
//! let rule = &compiled.rules()[0];
//! let attributes = |key: &Key| match key {
//!     Key::Classification => Some("security"),
//!     Key::Severity => Some("Critical"),
//!     Key::Product => Some("AmazonLinux2023"),
//!     _ => None,
//! };
//! assert!(compiled.global_filters().accepts(attributes));
//! assert!(rule.filters().accepts(attributes));
//! let kernel = PackageRef { name: "kernel", arch: "x86_64", epoch: "", version: "6.1.0", release: "1.amzn2023" };
//! assert!(!compiled.rejected().matches_package(&kernel));
//! ```

use chrono::NaiveDate;

use crate::enums::{ComplianceLevel, PatchAction, PatchComplianceStatus, PatchFilterKey};
use crate::error::{Error, ErrorKind};
use crate::lists::{ListMatcher, ListRole};
use crate::model::{Baseline, PatchFilter, PatchSource};
use crate::os::{OperatingSystem, PackageFamily};
use crate::validate::DocumentKind;
use crate::validate::vocab::{keys_for, uses_yum_title_case};

/// How a filter compares its values with a patch's attribute (observed.md A5, Y1, N1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CaseRule {
    /// Byte-exact (yum/dnf/zypper `PRODUCT`).
    Exact,
    /// Equal ignoring ASCII case (APT; dnf and zypper classification and severity; Windows and
    /// macOS, whose agent code is not public).
    IgnoreAsciiCase,
    /// The patch value in Title case (`important` → `Important`) equals the filter value exactly:
    /// yum classification and severity on Amazon Linux 1 and 2, so a value `bugfix` never matches.
    TitleCasePatchValue,
}

impl CaseRule {
    fn for_filter(os: &OperatingSystem, key: &PatchFilterKey) -> Self {
        let status_key = matches!(
            key,
            PatchFilterKey::Classification | PatchFilterKey::Severity
        );
        match os.family() {
            Some(PackageFamily::YumDnf) if status_key && uses_yum_title_case(os) => {
                Self::TitleCasePatchValue
            }
            Some(PackageFamily::YumDnf | PackageFamily::Zypper) if !status_key => Self::Exact,
            _ => Self::IgnoreAsciiCase,
        }
    }

    /// Whether a filter value accepts a patch's attribute value under this rule.
    pub fn accepts(self, filter_value: &str, patch_value: &str) -> bool {
        match self {
            Self::Exact => filter_value == patch_value,
            Self::IgnoreAsciiCase => filter_value.eq_ignore_ascii_case(patch_value),
            Self::TitleCasePatchValue => {
                let mut filter = filter_value.chars();
                let mut patch = patch_value.chars();
                let first = match (filter.next(), patch.next()) {
                    (None, None) => return true,
                    (Some(f), Some(p)) => p.to_uppercase().eq(std::iter::once(f)),
                    _ => return false,
                };
                first && filter.eq(patch.flat_map(char::to_lowercase))
            }
        }
    }
}

/// One compiled filter: a key and the values it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledFilter {
    key: PatchFilterKey,
    any: bool,
    values: Vec<String>,
    rule: CaseRule,
}

impl CompiledFilter {
    /// The key filtered on.
    pub fn key(&self) -> &PatchFilterKey {
        &self.key
    }

    /// Whether the filter accepts a patch whose attribute is `value` (`None`: the patch lacks
    /// it, which only `*` accepts — observed.md F1).
    pub fn accepts(&self, value: Option<&str>) -> bool {
        self.any || value.is_some_and(|v| self.values.iter().any(|f| self.rule.accepts(f, v)))
    }
}

/// A compiled filter group: the filters Patch Manager evaluates on the OS, ANDed. Keys the OS
/// family does not evaluate are dropped at compile time, so they accept everything (F2, A5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterGroup {
    filters: Vec<CompiledFilter>,
}

impl FilterGroup {
    fn compile(filters: &[PatchFilter], os: &OperatingSystem) -> Self {
        let evaluated = keys_for(os);
        let filters = filters
            .iter()
            .filter_map(|filter| {
                let key = filter.key.clone()?;
                evaluated.contains(&key).then(|| CompiledFilter {
                    rule: CaseRule::for_filter(os, &key),
                    any: filter.value_list().iter().any(|v| v == "*"),
                    values: filter.value_list().to_vec(),
                    key,
                })
            })
            .collect();
        Self { filters }
    }

    /// The evaluated filters.
    pub fn filters(&self) -> &[CompiledFilter] {
        &self.filters
    }

    /// Whether every filter accepts the patch whose attribute for each key is given by
    /// `attribute` (`None` when the patch has no such attribute).
    pub fn accepts<'v>(&self, attribute: impl Fn(&PatchFilterKey) -> Option<&'v str>) -> bool {
        self.filters.iter().all(|f| f.accepts(attribute(&f.key)))
    }
}

/// When a rule approves a patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Approval {
    /// `ApproveAfterDays`: this many days after the patch's date.
    AfterDays(u32),
    /// `ApproveUntilDate`: patches dated on or before this day (UTC).
    UntilDate(NaiveDate),
    /// As soon as available: APT families ignore delays (observed.md A8).
    Immediately,
}

/// A compiled approval rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledRule {
    filters: FilterGroup,
    compliance_level: ComplianceLevel,
    approval: Approval,
    enable_non_security: bool,
}

impl CompiledRule {
    /// The rule's filters.
    pub fn filters(&self) -> &FilterGroup {
        &self.filters
    }

    /// The compliance level of what the rule approves (`UNSPECIFIED` when absent).
    pub fn compliance_level(&self) -> &ComplianceLevel {
        &self.compliance_level
    }

    /// When the rule approves.
    pub fn approval(&self) -> Approval {
        self.approval
    }

    /// `EnableNonSecurity` (false when absent).
    pub fn enable_non_security(&self) -> bool {
        self.enable_non_security
    }
}

/// A valid baseline compiled for evaluation.
#[derive(Debug, Clone)]
pub struct CompiledBaseline {
    name: Option<String>,
    operating_system: OperatingSystem,
    global_filters: FilterGroup,
    rules: Vec<CompiledRule>,
    approved: ListMatcher,
    rejected: ListMatcher,
    approved_compliance_level: ComplianceLevel,
    approved_enable_non_security: bool,
    rejected_action: PatchAction,
    available_security_updates: Option<PatchComplianceStatus>,
    sources: Vec<PatchSource>,
}

impl CompiledBaseline {
    /// The baseline's name, if it has one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The operating system.
    pub fn operating_system(&self) -> &OperatingSystem {
        &self.operating_system
    }

    /// The package family (known: compiling rejects unknown operating systems).
    pub fn family(&self) -> Option<PackageFamily> {
        self.operating_system.family()
    }

    /// The global filters.
    pub fn global_filters(&self) -> &FilterGroup {
        &self.global_filters
    }

    /// The approval rules, in order.
    pub fn rules(&self) -> &[CompiledRule] {
        &self.rules
    }

    /// The approved list.
    pub fn approved(&self) -> &ListMatcher {
        &self.approved
    }

    /// The rejected list.
    pub fn rejected(&self) -> &ListMatcher {
        &self.rejected
    }

    /// `ApprovedPatchesComplianceLevel` (`UNSPECIFIED` when absent).
    pub fn approved_compliance_level(&self) -> &ComplianceLevel {
        &self.approved_compliance_level
    }

    /// `ApprovedPatchesEnableNonSecurity` (false when absent).
    pub fn approved_enable_non_security(&self) -> bool {
        self.approved_enable_non_security
    }

    /// `RejectedPatchesAction` (`ALLOW_AS_DEPENDENCY` when absent).
    pub fn rejected_action(&self) -> &PatchAction {
        &self.rejected_action
    }

    /// `AvailableSecurityUpdatesComplianceStatus`, when given (its default is the evaluator's
    /// decision: baseline spec section 9).
    pub fn available_security_updates(&self) -> Option<&PatchComplianceStatus> {
        self.available_security_updates.as_ref()
    }

    /// The alternative sources.
    pub fn sources(&self) -> &[PatchSource] {
        &self.sources
    }
}

impl Baseline {
    /// Validates and compiles the baseline for evaluation. A baseline with a `Name` is validated
    /// as `GetPatchBaseline` output, one without as a `BaselineOverride` entry; warnings do not
    /// prevent compiling.
    ///
    /// # Errors
    /// [`ErrorKind::Invalid`] carrying the validation report when the baseline has errors.
    pub fn compile(&self) -> Result<CompiledBaseline, Error> {
        let kind = if self.name.is_some() {
            DocumentKind::GetOutput
        } else {
            DocumentKind::BaselineOverride
        };
        let report = self.validate(kind);
        if report.has_errors() {
            return Err(ErrorKind::Invalid(report).into());
        }
        let os = self.operating_system();
        let family = os.family();
        let apt = family == Some(PackageFamily::Apt);
        let rules = self
            .rules()
            .iter()
            .map(|rule| {
                let days = rule.approve_after_days.and_then(|d| u32::try_from(d).ok());
                let date = rule
                    .approve_until_date
                    .as_deref()
                    .and_then(crate::validate::parse_until_date);
                let approval = match (apt, days, date) {
                    (false, Some(days), _) => Approval::AfterDays(days),
                    (false, None, Some(date)) => Approval::UntilDate(date),
                    _ => Approval::Immediately,
                };
                CompiledRule {
                    filters: FilterGroup::compile(rule.filters(), &os),
                    compliance_level: rule.compliance_level.clone().unwrap_or_default(),
                    approval,
                    enable_non_security: rule.enable_non_security.unwrap_or(false),
                }
            })
            .collect();
        Ok(CompiledBaseline {
            name: self.name.clone(),
            global_filters: FilterGroup::compile(self.global_filter_list(), &os),
            rules,
            approved: ListMatcher::new(self.approved(), family, ListRole::Approved),
            rejected: ListMatcher::new(self.rejected(), family, ListRole::Rejected),
            approved_compliance_level: self
                .approved_patches_compliance_level
                .clone()
                .unwrap_or_default(),
            approved_enable_non_security: self
                .approved_patches_enable_non_security
                .unwrap_or(false),
            rejected_action: self.rejected_patches_action.clone().unwrap_or_default(),
            available_security_updates: self.available_security_updates_compliance_status.clone(),
            sources: self.source_list().to_vec(),
            operating_system: os,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_baseline_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<CompiledBaseline>();
    }

    #[test]
    fn yum_title_case_rule_never_matches_a_lower_case_filter_value() {
        assert!(CaseRule::TitleCasePatchValue.accepts("Important", "important"));
        assert!(CaseRule::TitleCasePatchValue.accepts("Important", "IMPORTANT"));
        assert!(!CaseRule::TitleCasePatchValue.accepts("important", "important"));
    }

    #[test]
    fn dnf_and_apt_compare_ignoring_case_and_product_exactly() {
        let rule =
            CaseRule::for_filter(&OperatingSystem::AmazonLinux2023, &PatchFilterKey::Severity);
        assert_eq!(rule, CaseRule::IgnoreAsciiCase);
        let product = CaseRule::for_filter(
            &OperatingSystem::RedhatEnterpriseLinux,
            &PatchFilterKey::Product,
        );
        assert_eq!(product, CaseRule::Exact);
        let apt = CaseRule::for_filter(&OperatingSystem::Ubuntu, &PatchFilterKey::Product);
        assert_eq!(apt, CaseRule::IgnoreAsciiCase);
    }

    #[test]
    fn star_accepts_a_missing_attribute_and_other_values_do_not() {
        let os = OperatingSystem::Ubuntu;
        let star = FilterGroup::compile(&[PatchFilter::new(PatchFilterKey::Priority, &["*"])], &os);
        assert!(star.accepts(|_| None));
        let required = FilterGroup::compile(
            &[PatchFilter::new(PatchFilterKey::Priority, &["Required"])],
            &os,
        );
        assert!(!required.accepts(|_| None));
        assert!(required.accepts(|_| Some("required")));
    }

    #[test]
    fn keys_the_family_does_not_evaluate_accept_everything() {
        let os = OperatingSystem::Ubuntu;
        let group = FilterGroup::compile(
            &[PatchFilter::new(PatchFilterKey::Severity, &["Critical"])],
            &os,
        );
        assert!(group.filters().is_empty());
        assert!(group.accepts(|_| Some("Low")));
    }
}
