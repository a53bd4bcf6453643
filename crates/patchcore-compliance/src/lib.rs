//! patchcore-compliance: the record of a patch scan — a [`Snapshot`] of one node after one Scan
//! or Install — and what is made of it, with the semantics of AWS Systems Manager Patch
//! Manager (`shared/spec/compliance.md`; `observed.md` decides where pages differ).
//!
//! # Modules
//!
//! * snapshot — [`Snapshot`], [`PatchItem`], [`Context`]: [`Snapshot::from_scan`] records a
//!   `patchcore_rules::Scan` with who, which baseline and which operation.
//! * summary — [`Summary`]: the `InstancePatchState` counts, [`ComplianceStatus`] and
//!   severity of a snapshot ([`Snapshot::summary`], [`SummaryOptions`]).
//! * [`aws`] — the AWS shapes as aws-cli prints them (`InstancePatchState`,
//!   `PatchComplianceData`, `AWS:PatchSummary`, `PutComplianceItems`, the catalog and
//!   compliance-summary responses), read with [`aws::read`] and written with [`aws::write()`].
//! * document — [`write_document`] / [`read_document`]: the saved-snapshot JSON that gives back
//!   the same [`Snapshot`].
//! * json — the bounds of every reader ([`MAX_INPUT_BYTES`], [`MAX_DEPTH`]) and the
//!   recognition of documentation samples cut with `...`.
//! * csv — [`NodeReport`] and [`write_all_nodes_report`]: the CSV compliance reports (spec 5).
//! * diff — [`diff`]: what changed between two snapshots of a node ([`SnapshotDiff`]), which
//!   [`SnapshotDiff::apply`] replays.
//! * fleet — [`Fleet`]: any number of snapshots aggregated in constant memory into a
//!   [`FleetReport`], with the `DescribePatchGroupState` counts per group ([`PatchGroupState`]).
//! * error — [`Error`] and its [`ErrorKind`]: the crate's one error type.
//!
//! # Decisions
//!
//! Where the specification is silent or says "unconfirmed":
//!
//! Summary counts and status
//! * The `NotApplicable` reporting limit behind `UnreportedNotApplicableCount` is unknown: it is
//!   [`SummaryOptions::not_applicable_limit`], unlimited by default.
//! * `AvailableSecurityUpdate` rows count in the Critical/Security/Other counts and in the
//!   node's severity only when the baseline makes them non-compliant (observed.md C1, C2).
//! * On Windows the classifications `SecurityUpdates` and `CriticalUpdates` count as security
//!   ([`is_security_classification`]).
//! * The node's severity is never lower than `INFORMATIONAL` when it is non-compliant, as the
//!   agent computes it (observed.md C2).
//! * CVE ids are kept on `Missing` and `Failed` rows only, as Patch Manager reports them.
//!
//! AWS shapes
//! * `PutComplianceItems` entries: `AvailableSecurityUpdate` rows come last, after `Failed`
//!   (the observed agent order has no such state; [`aws::patch_item_order`]).
//! * A row's `InstalledTime` is the epoch when it has none, as the service reports it; the
//!   epoch reads back as none ([`aws::PatchComplianceData`]).
//! * AWS counts of `-1` (the service's "not computed") read as 0 in a [`Summary`]. The counts
//!   of [`PatchGroupState`] are numbers of nodes: an absent one reads as 0, a negative one is
//!   rejected.
//! * `AWS:PatchSummary` content: the observed agent keys, plus `UnreportedNotApplicableCount`
//!   and `AvailableSecurityUpdateCount` when not zero (the Windows module is not public);
//!   `ExecutionId` is the snapshot id ([`aws::PatchSummaryContent`]).
//! * Times are read in the years 0 to 9999 only; epoch seconds keep microseconds
//!   ([`aws::Timestamp`]).
//!
//! Readers and the saved document
//! * Every reader takes at most [`MAX_INPUT_BYTES`] (64 MiB) nested at most [`MAX_DEPTH`] (32)
//!   levels. JSON that fails to parse and has a line of `...` / `…` or an "output truncated"
//!   banner, or ends early, is a truncated documentation sample
//!   ([`ErrorKind::TruncatedSample`]); valid JSON is read whatever its values say.
//! * The saved document's rows carry a `ComplianceLevel` (a patchcore extension of
//!   `PatchComplianceData`), and its reader rejects counts, status or severity that disagree
//!   with the rows.
//!
//! CSV reports (spec 5.1, 5.2; [`NodeReport`])
//! * `Instance name` is what the caller sets, empty by default: it is the EC2 `Name` tag, which
//!   a snapshot does not know. `Instance IP`, `SSM Agent version` and `Logs URL` are always
//!   empty.
//! * `Compliance status` is the API string (`COMPLIANT`, `NON_COMPLIANT`); `Compliance
//!   severity` the node's compliance level (`CRITICAL`…), empty when the node is compliant.
//! * The detail part lists every listed row, compliant ones too; `Last report time` is the
//!   operation's end (the capture time); `Patch baseline` the baseline id; several CVE ids share
//!   one cell, joined with `,`.
//! * The quoting is written here (a dozen lines) rather than with the `csv` crate: patchcore
//!   only writes CSV, never reads it, so a dependency would bring a reader for nothing.
//!
//! Diffs and fleets
//! * Rows are matched by `KBId`; a `KBId` with several rows on a side (several kernels) is
//!   matched by `KBId` and `Title` ([`diff`]). Two snapshots of different nodes are not
//!   compared ([`ErrorKind::DifferentNodes`]).
//! * A [`Fleet`] counts each snapshot added as one node (add the latest of each node); a `KBId`
//!   counts once per node in the top missing patches; the non-compliant node ids kept are the
//!   first [`DEFAULT_NON_COMPLIANT_LIMIT`] by id, whatever the order of the snapshots.
//!
//! # Example
//!
//! A scan recorded, summarized, saved and read back, reported as CSV, diffed and aggregated:
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use patchcore_baseline::{OperatingSystem, catalog};
//! use patchcore_compliance::{
//!     ComplianceStatus, Context, Fleet, NodeReport, Snapshot, SummaryOptions, diff,
//!     read_document, write_document,
//! };
//! use patchcore_rules::Evaluator;
//! use patchcore_rules::facts::{Catalog, Inventory, InstalledPackage, PackageVersion};
//!
//! let baseline = catalog::by_name("AWS-AmazonLinux2023DefaultPatchBaseline").unwrap();
//! let compiled = baseline.compile().unwrap();
//! let catalog = Catalog::default();
//! let mut inventory = Inventory::new(OperatingSystem::AmazonLinux2023, "AmazonLinux2023");
//! inventory.extend_packages([InstalledPackage::new(
//!     "bash",
//!     "x86_64",
//!     PackageVersion::rpm("5.2.15-1.amzn2023.0.2").unwrap(),
//! )]);
//! let now = Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap();
//! let evaluator = Evaluator::new(&compiled, &catalog).unwrap();
//! let scan = evaluator.scan(&inventory, now).unwrap();
//!
//! let mut context = Context::new("i-0123456789abcdef0", "pb-0123456789abcdef0");
//! context.baseline_hash = patchcore_compliance::baseline_hash(&baseline);
//! let snapshot = Snapshot::from_scan(&scan, &inventory, context);
//! let summary = snapshot.summary(&SummaryOptions::default());
//! assert_eq!(summary.installed_other_count, 1);
//! assert_eq!(summary.status, ComplianceStatus::Compliant);
//!
//! // Saved as JSON and read back: the same snapshot.
//! let saved = write_document(&snapshot, &SummaryOptions::default());
//! let read = read_document(saved.as_bytes())?;
//! assert_eq!(read, snapshot);
//!
//! // The CSV detail report: a header and one row.
//! let mut csv = Vec::new();
//! NodeReport::new(&read).write_detail(&mut csv).unwrap();
//! assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 2);
//!
//! // Nothing changed; one compliant node in the fleet.
//! assert!(diff(&snapshot, &read)?.is_empty());
//! let mut fleet = Fleet::new(SummaryOptions::default());
//! fleet.add(&read);
//! assert_eq!(fleet.report(10).compliant_nodes, 1);
//! # Ok::<(), patchcore_compliance::Error>(())
//! ```

pub mod aws;
mod csv;
mod diff;
mod document;
mod error;
mod fleet;
mod json;
mod snapshot;
mod summary;

pub use csv::{
    DETAIL_COLUMNS, NodeReport, NodeSummary, SUMMARY_COLUMNS, report_time, write_all_nodes_report,
};
pub use diff::{Change, ChangeKind, CountChange, PatchChange, SnapshotDiff, diff, diff_with};
pub use document::{read_document, write_document};
pub use error::{Error, ErrorKind};
pub use fleet::{DEFAULT_NON_COMPLIANT_LIMIT, Fleet, FleetReport, MissingPatch, PatchGroupState};
pub use json::{MAX_DEPTH, MAX_INPUT_BYTES};
pub use snapshot::{Context, Operation, PatchItem, Snapshot, baseline_hash};
pub use summary::{
    ComplianceStatus, SeveritySummary, Summary, SummaryOptions, is_security_classification,
};

/// Re-exported: the state of a row.
pub use patchcore_rules::PatchState;
/// Re-exported: the `RebootOption` of an operation.
pub use patchcore_rules::install::RebootOption;
