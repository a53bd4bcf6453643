//! The point-in-time record of one node and one patching operation (compliance.md 6.3).

use chrono::{DateTime, Utc};
use patchcore_baseline::{Baseline, ComplianceLevel, OperatingSystem, PackageFamily};
use patchcore_rules::facts::Inventory;
use patchcore_rules::install::RebootOption;
use patchcore_rules::{Decision, PatchState, Scan};
use serde::{Deserialize, Serialize};

/// The kind of patching operation a snapshot records (`InstancePatchState.Operation`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Operation {
    /// Report what is installed and missing; change nothing.
    #[default]
    Scan,
    /// Install the approved patches, then report.
    Install,
}

impl Operation {
    /// The wire string: `Scan` or `Install`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scan => "Scan",
            Self::Install => "Install",
        }
    }
}

/// One reported patch: a row of `DescribeInstancePatches` (compliance.md 4.1) with its
/// compliance level (the compliance item's `Severity`, 6.2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PatchItem {
    /// `KBId`: `name.arch` (Linux), the name (macOS) or `KB…` (Windows).
    pub id: String,
    /// `Title`: `name.arch:version` of the reported version (observed.md A13), or the update's
    /// title on Windows.
    pub title: String,
    /// `Classification` of the reported version; empty when it has none.
    pub classification: String,
    /// `Severity`: the vendor severity of the reported version; empty when it has none.
    pub severity: String,
    /// The compliance level the baseline gives the row (`UNSPECIFIED` unless approved).
    pub compliance_level: ComplianceLevel,
    /// The state.
    pub state: PatchState,
    /// When it was installed (installed states, when the OS records it).
    pub installed_time: Option<DateTime<Utc>>,
    /// CVE ids, sorted: Patch Manager reports them for `Missing` and `Failed` rows only.
    pub cve_ids: Vec<String>,
}

impl PatchItem {
    /// A row with `id`, `title` and `state`; every other field empty.
    pub fn new(id: impl Into<String>, title: impl Into<String>, state: PatchState) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            classification: String::new(),
            severity: String::new(),
            compliance_level: ComplianceLevel::Unspecified,
            state,
            installed_time: None,
            cve_ids: Vec::new(),
        }
    }

    fn from_decision(decision: &Decision<'_>) -> Self {
        let reports_cves = matches!(decision.state, PatchState::Missing | PatchState::Failed);
        Self {
            id: decision.id().to_string(),
            title: decision.title().to_string(),
            classification: decision.classification.to_owned(),
            severity: decision.severity.to_owned(),
            compliance_level: decision.compliance_level.clone(),
            state: decision.state,
            installed_time: decision.installed_time,
            cve_ids: if reports_cves {
                decision.cve_ids.iter().map(|&cve| cve.to_owned()).collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// The order of rows in every output: by `KBId`, then `Title` (compared as text).
pub(crate) fn row_order(a: &PatchItem, b: &PatchItem) -> std::cmp::Ordering {
    a.id.cmp(&b.id).then_with(|| a.title.cmp(&b.title))
}

/// Sorts rows by `KBId`, then `Title` ([`row_order`]).
pub(crate) fn sort_items(items: &mut [PatchItem]) {
    items.sort_by(row_order);
}

/// What a snapshot records besides the evaluation: who, which baseline, which operation.
///
/// Start from [`Context::new`] and set the fields that apply:
///
/// ```
/// use patchcore_compliance::{Context, Operation};
///
/// let mut context = Context::new("i-0123456789abcdef0", "pb-0123456789abcdef0");
/// context.patch_group = "web-servers".into();
/// context.operation = Operation::Scan;
/// assert!(context.operation_start_time.is_none()); // defaults to the scan's `now`
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Context {
    /// The node (`InstanceId`).
    pub node_id: String,
    /// The baseline used (`BaselineId`).
    pub baseline_id: String,
    /// The hash of the baseline used (see [`baseline_hash`]), so a result can be replayed.
    pub baseline_hash: String,
    /// `SnapshotId`.
    pub snapshot_id: String,
    /// The node's patch group at operation time; empty when none.
    pub patch_group: String,
    /// Scan or Install.
    pub operation: Operation,
    /// The operation's `RebootOption` (meaningful for Install).
    pub reboot_option: Option<RebootOption>,
    /// The Install Override List URL, when the operation used one.
    pub install_override_list: Option<String>,
    /// When the operation started; the scan's `now` when `None`.
    pub operation_start_time: Option<DateTime<Utc>>,
    /// When the operation ended (the capture time); the start time when `None`.
    pub operation_end_time: Option<DateTime<Utc>>,
}

impl Context {
    /// A Scan of `node_id` with `baseline_id`; every other field empty.
    pub fn new(node_id: impl Into<String>, baseline_id: impl Into<String>) -> Self {
        Self {
            node_id: node_id.into(),
            baseline_id: baseline_id.into(),
            ..Self::default()
        }
    }
}

/// The patch compliance of one node after one Scan or Install (compliance.md 6.3): the
/// operation's context and every reported row. Its [`Summary`](crate::Summary) is computed
/// from the rows with [`Snapshot::summary`], so the two always agree.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Snapshot {
    /// The node (`InstanceId`).
    pub node_id: String,
    /// The baseline used (`BaselineId`).
    pub baseline_id: String,
    /// The hash of the baseline used ([`baseline_hash`]); empty when unknown.
    pub baseline_hash: String,
    /// `SnapshotId`.
    pub snapshot_id: String,
    /// The node's patch group at operation time; empty when none.
    pub patch_group: String,
    /// Scan or Install.
    pub operation: Operation,
    /// When the operation started (`ExecutionTime` of the compliance items).
    pub operation_start_time: DateTime<Utc>,
    /// When it ended (the capture time).
    pub operation_end_time: DateTime<Utc>,
    /// The operation's `RebootOption`.
    pub reboot_option: Option<RebootOption>,
    /// The Install Override List URL, when one was used.
    pub install_override_list: Option<String>,
    /// When the last Install with `NoReboot` ran; kept across later operations.
    pub last_no_reboot_install_operation_time: Option<DateTime<Utc>>,
    /// The version of patchcore that made the snapshot.
    pub patchcore_version: String,
    /// The node's operating system.
    pub operating_system: OperatingSystem,
    /// The node's product string (`Ubuntu22.04`).
    pub product: String,
    /// The platform name (os-release `NAME`), for reports.
    pub platform_name: String,
    /// The platform version (os-release `VERSION_ID`), for reports.
    pub platform_version: String,
    /// Whether the baseline makes `AvailableSecurityUpdate` rows non-compliant
    /// (`AvailableSecurityUpdatesComplianceStatus = NON_COMPLIANT`).
    pub available_security_updates_non_compliant: bool,
    /// The reported rows, sorted by `KBId`, then `Title`.
    pub items: Vec<PatchItem>,
    /// Linux and macOS: packages `NotApplicable` that are counted but never listed.
    pub unlisted_not_applicable: u64,
}

impl Snapshot {
    /// A snapshot of a node running `operating_system`, with no rows, made in `context` at
    /// `time` (when the context names no operation times): the start of a snapshot built row
    /// by row, or read from elsewhere.
    pub fn new(context: Context, operating_system: OperatingSystem, time: DateTime<Utc>) -> Self {
        let start = context.operation_start_time.unwrap_or(time);
        Self {
            node_id: context.node_id,
            baseline_id: context.baseline_id,
            baseline_hash: context.baseline_hash,
            snapshot_id: context.snapshot_id,
            patch_group: context.patch_group,
            operation: context.operation,
            operation_start_time: start,
            operation_end_time: context.operation_end_time.unwrap_or(start),
            reboot_option: context.reboot_option,
            install_override_list: context.install_override_list,
            last_no_reboot_install_operation_time: None,
            patchcore_version: env!("CARGO_PKG_VERSION").to_owned(),
            operating_system,
            product: String::new(),
            platform_name: String::new(),
            platform_version: String::new(),
            available_security_updates_non_compliant: false,
            items: Vec::new(),
            unlisted_not_applicable: 0,
        }
    }

    /// The record of `scan`, a scan of `inventory`, made in `context`.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use patchcore_baseline::catalog;
    /// use patchcore_compliance::{Context, Snapshot};
    /// use patchcore_rules::Evaluator;
    /// use patchcore_rules::facts::{Catalog, Inventory, InstalledPackage, PackageVersion};
    /// use patchcore_baseline::OperatingSystem;
    ///
    /// let baseline = catalog::by_name("AWS-DebianDefaultPatchBaseline").unwrap();
    /// let compiled = baseline.compile().unwrap();
    /// let catalog = Catalog::default(); // nothing available: every installed package is InstalledOther
    /// let mut inventory = Inventory::new(OperatingSystem::Debian, "Debian12");
    /// inventory.extend_packages([InstalledPackage::new(
    ///     "bash",
    ///     "amd64",
    ///     PackageVersion::deb("5.2.15-2+b7").unwrap(),
    /// )]);
    /// let now = Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap();
    /// let evaluator = Evaluator::new(&compiled, &catalog).unwrap();
    /// let scan = evaluator.scan(&inventory, now).unwrap();
    ///
    /// let snapshot = Snapshot::from_scan(&scan, &inventory, Context::new("i-0123456789abcdef0", "pb-0"));
    /// assert_eq!(snapshot.items.len(), 1);
    /// assert_eq!(snapshot.items[0].title, "bash.amd64:5.2.15-2+b7");
    /// assert_eq!(snapshot.operation_end_time, now);
    /// ```
    pub fn from_scan(scan: &Scan<'_>, inventory: &Inventory, context: Context) -> Self {
        let mut items: Vec<PatchItem> = scan.rows().iter().map(PatchItem::from_decision).collect();
        sort_items(&mut items);
        Self {
            last_no_reboot_install_operation_time: inventory.install.last_no_reboot_install,
            product: inventory.product.clone(),
            platform_name: inventory.platform_name.clone(),
            platform_version: inventory.platform_version.clone(),
            available_security_updates_non_compliant: scan
                .available_security_updates_non_compliant(),
            items,
            unlisted_not_applicable: u64::try_from(scan.unlisted_not_applicable())
                .unwrap_or(u64::MAX),
            ..Self::new(context, inventory.operating_system.clone(), scan.now())
        }
    }

    /// The package family of the node, when its operating system is known.
    pub fn family(&self) -> Option<PackageFamily> {
        self.operating_system.family()
    }

    /// Whether `item` makes the node non-compliant (compliance.md 1.2): its state does, or it
    /// is an `AvailableSecurityUpdate` the baseline makes non-compliant.
    pub fn is_non_compliant(&self, item: &PatchItem) -> bool {
        item.state.is_non_compliant()
            || (item.state == PatchState::AvailableSecurityUpdate
                && self.available_security_updates_non_compliant)
    }

    /// The row with `KBId` `id`.
    pub fn item(&self, id: &str) -> Option<&PatchItem> {
        self.items.iter().find(|item| item.id == id)
    }
}

/// The SHA-256 (lower-case hex) of a baseline's JSON in the AWS shape: equal baselines hash
/// alike, so a snapshot names exactly the baseline it was made with.
///
/// ```
/// use patchcore_baseline::catalog;
/// let baseline = catalog::by_name("AWS-AmazonLinux2023DefaultPatchBaseline").unwrap();
/// let hash = patchcore_compliance::baseline_hash(&baseline);
/// assert_eq!(hash.len(), 64);
/// assert_eq!(hash, patchcore_compliance::baseline_hash(&baseline.clone()));
/// ```
pub fn baseline_hash(baseline: &Baseline) -> String {
    crate::json::sha256(baseline)
}
