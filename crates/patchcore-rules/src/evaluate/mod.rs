//! Scan evaluation: for every installed package (or Windows update) of a node, the candidates,
//! their approval, and the state (evaluation.md 4.4, observed.md A10, Y5).
//!
//! [`Evaluator`] holds the compiled baseline and the catalog, with the per-notice facts worked
//! out once (dates parsed per OS family, classifications in Title case); it is reused for every
//! node and is `Send + Sync`. [`Evaluator::scan`] gives a [`Scan`]: one [`Decision`] per
//! reported package or update, borrowing its strings from the evaluator and the inventory.

mod apt;
mod candidates;
mod group;
mod macos;
mod prepared;
mod rows;
mod rpm;
mod windows;

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use patchcore_baseline::{
    CompiledBaseline, OperatingSystem, PackageFamily, PatchAction, PatchComplianceStatus,
};

use crate::dates::{DateSyntax, parse_notice_date};
use crate::error::{Error, ErrorKind};
use crate::explain::{Explanation, NoRecord, Record};
use crate::facts::{Catalog, InstalledPackage, Inventory};
use crate::state::PatchState;

pub use prepared::Prepared;
pub(crate) use rows::reboot_pending;
pub use rows::{Decision, Scan, VersionRef};
pub(crate) use windows::candidate as windows_candidate;

pub(crate) use group::Entry;

/// Which RPM tool a node uses: the rules differ (observed.md Y1–Y5 vs N1–N6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RpmTool {
    /// Amazon Linux 1 and 2; RHEL, `CentOS` and Oracle Linux before 8.
    Yum,
    /// Amazon Linux 2022/2023, RHEL/CentOS/Oracle 8+, Rocky, Alma.
    Dnf,
    /// SUSE.
    Zypper,
}

impl RpmTool {
    /// The tool of a node: by OS, and for RHEL, `CentOS` and Oracle Linux by the major version in
    /// the product string (products.md section 3: `RedhatEnterpriseLinux8*` → dnf). Decision R5.
    fn of(os: &OperatingSystem, product: &str) -> Self {
        match os {
            OperatingSystem::AmazonLinux | OperatingSystem::AmazonLinux2 => Self::Yum,
            OperatingSystem::Suse => Self::Zypper,
            OperatingSystem::RedhatEnterpriseLinux
            | OperatingSystem::Centos
            | OperatingSystem::OracleLinux => {
                let digits: String = product
                    .trim_start_matches(|c: char| !c.is_ascii_digit())
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .take(4)
                    .collect();
                match digits.parse::<u32>() {
                    Ok(major) if major < 8 => Self::Yum,
                    _ => Self::Dnf,
                }
            }
            _ => Self::Dnf,
        }
    }
}

/// Facts of one update notice worked out once per evaluator.
#[derive(Debug, Clone)]
pub(crate) struct NoticeFacts {
    /// The patch date under yum's date rules (`updated`, else `issued`; observed.md D2, D3).
    pub(crate) date_yum: Option<DateTime<Utc>>,
    /// The patch date under the dnf/zypper rules (decision R3).
    pub(crate) date_dnf: Option<DateTime<Utc>>,
    /// The Classification: the notice type in Title case (`security` → `Security`).
    pub(crate) classification: String,
    /// dnf: "has metadata" — type and severity both non-empty (observed.md N1).
    pub(crate) has_metadata: bool,
}

fn title_case(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

fn notice_date(
    updated: Option<&str>,
    issued: Option<&str>,
    syntax: DateSyntax,
) -> Option<DateTime<Utc>> {
    // `updated` when present, else `issued` (decision R1); unparseable text counts as no date
    // (1970, decision R4).
    match updated.filter(|t| !t.trim().is_empty()) {
        Some(text) => parse_notice_date(text, syntax),
        None => issued.and_then(|text| parse_notice_date(text, syntax)),
    }
}

/// The node a scan evaluates, with what depends on it worked out once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Node<'n> {
    pub(crate) inventory: &'n Inventory,
    pub(crate) tool: RpmTool,
    pub(crate) product: &'n str,
    pub(crate) moderate_is_medium: bool,
}

/// A compiled baseline and a catalog, ready to evaluate any number of nodes.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_baseline::{Baseline, OperatingSystem};
/// use patchcore_rules::facts::{AptCatalogBuilder, AptOrigin, AptVersion, Catalog, InstalledPackage, Inventory, PackageVersion};
/// use patchcore_rules::{Evaluator, PatchState};
///
/// let baseline: Baseline = serde_json::from_str(r#"{"OperatingSystem": "UBUNTU",
///   "ApprovalRules": {"PatchRules": [{"PatchFilterGroup": {"PatchFilters": [
///     {"Key": "PRIORITY", "Values": ["*"]}]}, "ComplianceLevel": "HIGH"}]}}"#).unwrap();
/// let compiled = baseline.compile().unwrap();
///
/// let mut apt = AptCatalogBuilder::default();
/// let mut pocket = AptOrigin::default();
/// pocket.archive = "jammy-security".into();
/// pocket.trusted = true;
/// let pocket = apt.origin(pocket);
/// let mut fix = AptVersion::new("libssl3", "amd64", "3.0.2-0ubuntu1.15".parse().unwrap());
/// fix.origins.push(pocket);
/// apt.push(fix);
/// let mut catalog = Catalog::default();
/// catalog.apt = apt.build();
///
/// let mut node = Inventory::new(OperatingSystem::Ubuntu, "Ubuntu22.04");
/// node.extend_packages([InstalledPackage::new("libssl3", "amd64", PackageVersion::deb("3.0.2-0ubuntu1.14").unwrap())]);
///
/// let evaluator = Evaluator::new(&compiled, &catalog).unwrap();
/// let scan = evaluator.scan(&node, Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap()).unwrap();
/// let row = &scan.rows()[0];
/// assert_eq!(row.state, PatchState::Missing);
/// assert_eq!(row.title().to_string(), "libssl3.amd64:3.0.2-0ubuntu1.15");
/// ```
#[derive(Debug)]
pub struct Evaluator<'a> {
    pub(crate) baseline: &'a CompiledBaseline,
    pub(crate) catalog: &'a Catalog,
    pub(crate) family: PackageFamily,
    pub(crate) notices: Vec<NoticeFacts>,
    /// Windows: `KB…` text of each catalog update, by position.
    pub(crate) kb_texts: Vec<String>,
}

impl<'a> Evaluator<'a> {
    /// Prepares `baseline` and `catalog` for evaluation.
    ///
    /// # Errors
    /// [`ErrorKind::UnknownOperatingSystem`] when the baseline's OS has no package family.
    pub fn new(baseline: &'a CompiledBaseline, catalog: &'a Catalog) -> Result<Self, Error> {
        let family = baseline.family().ok_or_else(|| {
            ErrorKind::UnknownOperatingSystem(baseline.operating_system().clone())
        })?;
        let notices = catalog
            .rpm
            .notices()
            .iter()
            .map(|n| NoticeFacts {
                date_yum: notice_date(n.updated.as_deref(), n.issued.as_deref(), DateSyntax::Yum),
                date_dnf: notice_date(
                    n.updated.as_deref(),
                    n.issued.as_deref(),
                    DateSyntax::YumOrEpochSeconds,
                ),
                classification: title_case(&n.notice_type),
                has_metadata: !n.notice_type.trim().is_empty()
                    && n.severity.as_deref().is_some_and(|s| !s.trim().is_empty()),
            })
            .collect();
        let kb_texts = catalog
            .windows
            .updates()
            .iter()
            .map(|u| u.kb.to_string())
            .collect();
        Ok(Self {
            baseline,
            catalog,
            family,
            notices,
            kb_texts,
        })
    }

    /// The compiled baseline.
    pub fn baseline(&self) -> &'a CompiledBaseline {
        self.baseline
    }

    /// The catalog.
    pub fn catalog(&self) -> &'a Catalog {
        self.catalog
    }

    pub(crate) fn node<'n>(&self, inventory: &'n Inventory) -> Result<Node<'n>, Error> {
        if inventory.operating_system != *self.baseline.operating_system() {
            return Err(ErrorKind::OperatingSystemMismatch {
                baseline: self.baseline.operating_system().clone(),
                node: inventory.operating_system.clone(),
            }
            .into());
        }
        Ok(Node {
            inventory,
            tool: RpmTool::of(&inventory.operating_system, &inventory.product),
            product: &inventory.product,
            moderate_is_medium: matches!(
                inventory.operating_system,
                OperatingSystem::AmazonLinux2022 | OperatingSystem::AmazonLinux2023
            ),
        })
    }

    pub(crate) fn notice_facts(&self, order: u32) -> Option<&NoticeFacts> {
        self.notices.get(order as usize)
    }

    pub(crate) fn block(&self) -> bool {
        *self.baseline.rejected_action() == PatchAction::Block
    }

    /// Evaluates a Scan of `inventory` at `now`: one row per installed `name.arch` (the highest
    /// installed version judged) or Windows update, sorted by id; Linux `NotApplicable` packages
    /// are only counted.
    ///
    /// # Errors
    /// When the node's OS is not the baseline's, or an installed version is of the wrong scheme.
    pub fn scan<'s>(
        &'s self,
        inventory: &'s Inventory,
        now: DateTime<Utc>,
    ) -> Result<Scan<'s>, Error> {
        // Judging the whole catalog is needed anyway for the NotApplicable count.
        self.prepare(inventory, now)?.scan(inventory)
    }

    /// Every candidate judged for this node, without preparation: what [`Prepared::scan`] must
    /// give (the tests' reference).
    #[cfg(test)]
    fn scan_directly<'s>(
        &'s self,
        inventory: &'s Inventory,
        now: DateTime<Utc>,
    ) -> Result<Scan<'s>, Error> {
        let node = self.node(inventory)?;
        let mut rows = Vec::with_capacity(inventory.packages().len());
        let mut not_applicable = 0;
        if self.family == PackageFamily::Windows {
            windows::scan(self, &node, now, &mut rows);
        } else {
            let mut entries = Vec::new();
            for installed in highest_per_name_arch(inventory.packages()) {
                self.installed_entries(&node, installed, now, &mut entries)?;
                if let Some(row) = group::decide(
                    self,
                    &node,
                    installed.name.as_str(),
                    installed.arch.as_str(),
                    Some(installed),
                    &entries,
                )
                .into_row()
                {
                    rows.push(row);
                }
            }
            not_applicable = self.count_not_applicable(&node, now, &mut entries);
        }
        Ok(Scan::new(self, node.inventory, rows, not_applicable, now))
    }

    /// Every instant after which some candidate of the node becomes approved by an
    /// `ApproveAfterDays` rule it now fails only on its date (the forecast boundaries).
    pub(crate) fn boundaries(
        &self,
        inventory: &Inventory,
        now: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>, Error> {
        let node = self.node(inventory)?;
        let mut out = Vec::new();
        if self.family == PackageFamily::Windows {
            windows::boundaries(self, &node, now, &mut out);
            return Ok(out);
        }
        let mut entries = Vec::new();
        for installed in highest_per_name_arch(inventory.packages()) {
            self.installed_entries(&node, installed, now, &mut entries)?;
            out.extend(entries.iter().filter_map(|e| e.verdict.pending));
        }
        // Packages not installed: their approval changes the NotApplicable count.
        for (name, arch) in self.groups_not_installed(inventory) {
            entries.clear();
            let mut record = NoRecord(crate::approval::NoTrace);
            self.entries(&node, name, arch, None, now, &mut record, &mut entries)?;
            out.extend(entries.iter().filter_map(|e| e.verdict.pending));
        }
        Ok(out)
    }

    /// Every group the catalog lists — `name.arch`, `(name, "")` on macOS — sorted, once
    /// each; none on Windows (updates are not grouped).
    pub(crate) fn catalog_groups(&self) -> Vec<(&'a str, &'a str)> {
        let catalog = self.catalog;
        match self.family {
            PackageFamily::Apt => distinct(
                catalog
                    .apt
                    .versions()
                    .iter()
                    .map(|v| (v.name.as_str(), v.arch.as_str())),
            ),
            PackageFamily::YumDnf | PackageFamily::Zypper => distinct(
                catalog
                    .rpm
                    .packages()
                    .iter()
                    .map(|p| (p.name.as_str(), p.arch.as_str())),
            ),
            PackageFamily::MacOs => distinct(
                catalog
                    .macos
                    .packages()
                    .iter()
                    .map(|p| (p.name.as_str(), "")),
            ),
            _ => Vec::new(),
        }
    }

    /// The architecture of the catalog group an installed package belongs to: its own, or
    /// none on macOS (groups by name alone).
    pub(crate) fn group_arch<'x>(&self, arch: &'x str) -> &'x str {
        if self.family == PackageFamily::MacOs {
            ""
        } else {
            arch
        }
    }

    /// Whether the node has the catalog group installed (macOS groups by name alone).
    pub(crate) fn group_installed(&self, inventory: &Inventory, name: &str, arch: &str) -> bool {
        if self.family == PackageFamily::MacOs {
            !inventory.installed_named(name).is_empty()
        } else {
            !inventory.installed(name, arch).is_empty()
        }
    }

    /// The catalog groups the node has not installed (counted, never listed: `NotApplicable`).
    fn groups_not_installed<'i>(
        &'i self,
        inventory: &'i Inventory,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'i {
        self.catalog_groups()
            .into_iter()
            .filter(|(name, arch)| !self.group_installed(inventory, name, arch))
    }

    /// The judged candidates of an installed package's group (replacing `out`'s content).
    fn installed_entries<'s>(
        &'s self,
        node: &Node<'_>,
        installed: &'s InstalledPackage,
        now: DateTime<Utc>,
        out: &mut Vec<Entry<'s>>,
    ) -> Result<(), Error> {
        out.clear();
        let (name, arch) = (installed.name.as_str(), installed.arch.as_str());
        let mut record = NoRecord(crate::approval::NoTrace);
        self.entries(node, name, arch, Some(installed), now, &mut record, out)
    }

    /// The candidates of one `name.arch` group (`name` on macOS), judged, in ascending version
    /// order, appended to `out`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn entries<'s, R: crate::explain::Recorder>(
        &'s self,
        node: &Node<'_>,
        name: &'s str,
        arch: &'s str,
        installed: Option<&'s InstalledPackage>,
        now: DateTime<Utc>,
        recorder: &mut R,
        out: &mut Vec<Entry<'s>>,
    ) -> Result<(), Error> {
        let mut judging = candidates::Judging {
            evaluator: self,
            node,
            name,
            arch,
            now,
            recorder,
            out,
            rank: 0,
        };
        candidates::with_source!(self.family, S => {
            candidates::entries::<S, R>(&mut judging, installed)
        })
    }

    #[cfg(test)]
    fn count_not_applicable<'s>(
        &'s self,
        node: &Node<'_>,
        now: DateTime<Utc>,
        entries: &mut Vec<Entry<'s>>,
    ) -> usize {
        let mut count = 0;
        for (name, arch) in self.groups_not_installed(node.inventory) {
            entries.clear();
            let mut record = NoRecord(crate::approval::NoTrace);
            let approved = self
                .entries(node, name, arch, None, now, &mut record, entries)
                .is_ok()
                && entries.iter().any(|e| e.verdict.approved);
            count += usize::from(approved);
        }
        count
    }

    /// Explains the decision for the package `name.arch` (`name` on macOS) or the update `KB…`
    /// at `now`: every candidate, every test and its outcome, and the resulting state.
    ///
    /// # Errors
    /// As [`Evaluator::scan`].
    pub fn explain(
        &self,
        inventory: &Inventory,
        id: &str,
        now: DateTime<Utc>,
    ) -> Result<Explanation, Error> {
        let node = self.node(inventory)?;
        if self.family == PackageFamily::Windows {
            return Ok(windows::explain(self, &node, id, now));
        }
        let (name, arch) = self.split_id(inventory, id);
        let installed = if self.family == PackageFamily::MacOs {
            highest_per_name_arch(inventory.installed_named(name)).last()
        } else {
            inventory.highest_installed(name, arch)
        };
        let mut record = Record::default();
        let mut entries = Vec::new();
        self.entries(&node, name, arch, installed, now, &mut record, &mut entries)?;
        let outcome = group::decide(self, &node, name, arch, installed, &entries);
        let mut explanation = outcome.explanation(id, installed, record.candidates);
        // The pending-reboot rule of the Scan (evaluation.md 8.4), applied to this one row.
        if let Some(mut row) = outcome.into_row() {
            let before = row.state;
            rows::apply_pending_reboot(inventory, std::slice::from_mut(&mut row));
            if row.state != before {
                explanation.state = Some(row.state);
                let since = inventory.install.last_no_reboot_install;
                let since = since.map_or_else(String::new, |t| {
                    t.format(" at %Y-%m-%dT%H:%M:%SZ").to_string()
                });
                explanation.notes.push(format!(
                    "installed by the last Install run{since}, no reboot since"
                ));
            }
        }
        Ok(explanation)
    }

    /// `name.arch` split at the architecture the node or the catalog knows; macOS ids are names.
    fn split_id<'i>(&self, inventory: &Inventory, id: &'i str) -> (&'i str, &'i str) {
        if self.family == PackageFamily::MacOs {
            return (id, "");
        }
        // Names may contain dots (`python3.11`): try every split, preferring a known package.
        let mut fallback = (id, "");
        for (at, _) in id.match_indices('.').rev() {
            let (name, arch) = (
                id.get(..at).unwrap_or_default(),
                id.get(at + 1..).unwrap_or_default(),
            );
            if fallback.1.is_empty() {
                fallback = (name, arch);
            }
            let known = !inventory.installed(name, arch).is_empty()
                || !self.catalog.apt.versions_of(name, arch).is_empty()
                || !self.catalog.rpm.offered(name, arch).is_empty();
            if known {
                return (name, arch);
            }
        }
        fallback
    }

    /// The effective `AvailableSecurityUpdatesComplianceStatus`: unset means `COMPLIANT`
    /// (decision R9).
    pub(crate) fn available_security_updates_non_compliant(&self) -> bool {
        matches!(
            self.baseline.available_security_updates(),
            Some(PatchComplianceStatus::NonCompliant)
        )
    }
}

/// The highest installed version of each `name.arch` (the inventory is sorted by name,
/// architecture and version, so it is the last of each run).
pub(crate) fn highest_per_name_arch(
    packages: &[InstalledPackage],
) -> impl Iterator<Item = &InstalledPackage> {
    packages.iter().enumerate().filter_map(move |(i, p)| {
        let next = packages.get(i + 1);
        let last_of_run = next.is_none_or(|n| n.name != p.name || n.arch != p.arch);
        last_of_run.then_some(p)
    })
}

/// Distinct consecutive keys of a sorted sequence.
fn distinct<'k>(keys: impl Iterator<Item = (&'k str, &'k str)>) -> Vec<(&'k str, &'k str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for key in keys {
        if out.last() != Some(&key) {
            out.push(key);
        }
    }
    out
}

/// How `candidate` relates to `installed` (`None`: not installed).
pub(crate) fn relation(order: Option<Ordering>) -> crate::explain::Relation {
    match order {
        None => crate::explain::Relation::NotInstalled,
        Some(Ordering::Less) => crate::explain::Relation::Older,
        Some(Ordering::Equal) => crate::explain::Relation::Installed,
        Some(Ordering::Greater) => crate::explain::Relation::Newer,
    }
}

/// The error for an installed version of the wrong scheme.
pub(crate) fn scheme_error(node: &Node<'_>, installed: &InstalledPackage) -> Error {
    ErrorKind::VersionScheme {
        package: crate::error::truncate(&format!("{}.{}", installed.name, installed.arch)),
        version: crate::error::truncate(installed.version.as_str()),
        os: node.inventory.operating_system.clone(),
    }
    .into()
}

impl PatchState {
    pub(crate) fn pending_reboot_applies(self) -> bool {
        matches!(
            self,
            Self::Installed | Self::InstalledOther | Self::InstalledRejected
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{
        AptCatalogBuilder, AptOrigin, AptVersion, MacPackage, MacPackageManager, NoticePackage,
        OfferedPackage, PackageVersion, Repository, RpmCatalogBuilder, UpdateNotice,
    };
    use proptest::prelude::*;

    fn rows(scan: &Scan<'_>) -> Vec<String> {
        let mut out: Vec<String> = scan
            .rows()
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {} {} {} {:?} {:?}",
                    r.id(),
                    r.state,
                    r.title(),
                    r.compliance_level,
                    r.classification,
                    r.severity,
                    r.cve_ids,
                    r.installed_time
                )
            })
            .collect();
        out.push(format!(
            "not applicable {}",
            scan.count(PatchState::NotApplicable)
        ));
        out
    }

    fn baseline(os: &str, block: bool) -> CompiledBaseline {
        if os == "MACOS" {
            // softwareupdate packages are never approved; `c` is rejected whatever its version.
            let json = format!(
                r#"{{"OperatingSystem":"MACOS","ApprovalRules":{{"PatchRules":[
                  {{"PatchFilterGroup":{{"PatchFilters":[{{"Key":"CLASSIFICATION","Values":["brew","installer"]}}]}},"ApproveAfterDays":0,"ComplianceLevel":"HIGH"}}]}},
                  "RejectedPatches":["c"],"RejectedPatchesAction":"{}"}}"#,
                if block {
                    "BLOCK"
                } else {
                    "ALLOW_AS_DEPENDENCY"
                }
            );
            return serde_json::from_str::<patchcore_baseline::Baseline>(&json)
                .unwrap()
                .compile()
                .unwrap();
        }
        let json = format!(
            r#"{{"OperatingSystem":"{os}","ApprovalRules":{{"PatchRules":[
              {{"PatchFilterGroup":{{"PatchFilters":[{{"Key":"SEVERITY","Values":["Critical","Important"]}},{{"Key":"PRIORITY","Values":["required"]}}]}},"ApproveAfterDays":5,"ComplianceLevel":"HIGH"}},
              {{"PatchFilterGroup":{{"PatchFilters":[{{"Key":"PRODUCT","Values":["*"]}}]}},"ApproveAfterDays":20,"ComplianceLevel":"LOW","EnableNonSecurity":true}}]}},
              "RejectedPatches":["b-1.2-*","b.all:1.2"],"RejectedPatchesAction":"{}"}}"#,
            if block {
                "BLOCK"
            } else {
                "ALLOW_AS_DEPENDENCY"
            }
        );
        serde_json::from_str::<patchcore_baseline::Baseline>(&json)
            .unwrap()
            .compile()
            .unwrap()
    }

    #[test]
    fn evaluators_and_preparations_are_shared_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Evaluator<'static>>();
        assert_send_sync::<Prepared<'static>>();
        assert_send_sync::<Scan<'static>>();
    }

    proptest! {
        /// The prepared scan (templates, derived entries) gives exactly the rows of judging
        /// every candidate for the node.
        #[test]
        fn prepared_scan_equals_direct_judging(
            offered in proptest::collection::vec((0_usize..3, 1_u8..5, proptest::option::of((0_usize..3, 1_u32..28))), 0..10),
            installed in proptest::collection::vec((0_usize..4, 1_u8..6, proptest::option::of(0_i64..100), any::<bool>()), 0..5),
            os in 0_usize..4,
            block: bool,
            day in 1_u32..28,
        ) {
            let names = ["a", "b", "c", "d"];
            let severities = ["Critical", "Low", "Important"];
            let (os_name, os_enum, product) = [("AMAZON_LINUX_2", OperatingSystem::AmazonLinux2, "AmazonLinux2"), ("AMAZON_LINUX_2023", OperatingSystem::AmazonLinux2023, "AmazonLinux2023"), ("DEBIAN", OperatingSystem::Debian, "Debian12"), ("MACOS", OperatingSystem::MacOs, "MacOS")][os].clone();
            let apt = os == 2;
            let mac = os == 3;
            // macOS: the managers by index; `installer` packages are never Missing.
            let managers = [MacPackageManager::Brew, MacPackageManager::Installer, MacPackageManager::SoftwareUpdate];
            let mut catalog = Catalog::default();
            if mac {
                catalog.macos.extend(offered.iter().map(|(n, v, notice)| {
                    let manager = managers[notice.map_or(0, |(s, _)| s)];
                    MacPackage::new(names[*n], format!("1.{v}"), manager)
                }));
            } else if apt {
                let mut b = AptCatalogBuilder::default();
                let security = b.origin(AptOrigin { archive: "bookworm-security".into(), trusted: true, ..AptOrigin::default() });
                let plain = b.origin(AptOrigin { archive: "bookworm".into(), trusted: true, ..AptOrigin::default() });
                for (n, v, notice) in &offered {
                    let mut version = AptVersion::new(names[*n], "all", format!("1.{v}").parse().unwrap());
                    version.origins.push(if notice.is_some() { security } else { plain });
                    version.priority = Some(if *v % 2 == 0 { "required" } else { "optional" }.into());
                    b.push(version);
                }
                catalog.apt = b.build();
            } else {
                let mut b = RpmCatalogBuilder::default();
                let repo = b.repository(Repository::new("r"));
                for (n, v, notice) in &offered {
                    let evr = format!("1.{v}-1");
                    let mut p = OfferedPackage::new(names[*n], "all", evr.parse().unwrap(), repo);
                    p.build_time = Some(1_717_000_000 + i64::from(*v) * 86_400);
                    b.offer(p);
                    if let Some((s, d)) = notice {
                        let mut u = UpdateNotice::new(format!("N-{n}-{v}-{s}"), "security");
                        u.severity = Some(severities[*s].into());
                        u.updated = Some(format!("2024-06-{d:02}"));
                        u.packages.push(NoticePackage::new(names[*n], "all", evr.parse().unwrap()));
                        b.notice(u);
                    }
                }
                catalog.rpm = b.build();
            }
            let mut inventory = Inventory::new(os_enum, product);
            inventory.extend_packages(installed.iter().map(|(n, v, t, padded)| {
                // A zero-padded version equals the listed one without being the same text.
                let zero = if *padded { "0" } else { "" };
                let text = if apt || mac { format!("1.{zero}{v}") } else { format!("1.{zero}{v}-1") };
                let version = if mac { PackageVersion::Text(text) } else if apt { PackageVersion::deb(&text).unwrap() } else { PackageVersion::rpm(&text).unwrap() };
                let mut p = InstalledPackage::new(names[*n], if mac { "" } else { "all" }, version);
                if mac {
                    p.package_manager = Some(managers[usize::from(*v) % 2]);
                }
                p.install_time = t.and_then(|s| DateTime::from_timestamp(1_700_000_000 + s, 0));
                p
            }).collect::<Vec<_>>());
            let compiled = baseline(os_name, block);
            let evaluator = Evaluator::new(&compiled, &catalog).unwrap();
            let now = chrono::NaiveDate::from_ymd_opt(2024, 6, day).unwrap().and_hms_opt(12, 0, 0).unwrap().and_utc();
            let prepared = rows(&evaluator.scan(&inventory, now).unwrap());
            let direct = rows(&evaluator.scan_directly(&inventory, now).unwrap());
            prop_assert_eq!(prepared, direct);
        }
    }
}
