//! The difference between two snapshots of one node: what changed per patch, in every summary
//! count, and in the node's status and severity — with a readable rendering, a JSON form, and
//! [`SnapshotDiff::apply`], which rebuilds the later rows from the earlier ones.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, Utc};
use patchcore_baseline::ComplianceLevel;
use patchcore_rules::PatchState;
use serde::{Deserialize, Serialize};

use crate::aws::{COUNT_FIELDS, summary_counts};
use crate::error::{Error, ErrorKind, quote};
use crate::snapshot::{PatchItem, Snapshot, row_order, sort_items};
use crate::summary::{ComplianceStatus, SummaryOptions};

/// What an error of [`SnapshotDiff::apply`] names as read.
const WHAT: &str = "snapshot diff";

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Change<T> {
    /// In the earlier snapshot.
    pub before: T,
    /// In the later snapshot.
    pub after: T,
}

impl<T: PartialEq> Change<T> {
    /// `Some` when the two differ.
    fn of(before: T, after: T) -> Option<Self> {
        (before != after).then_some(Self { before, after })
    }
}

/// A summary count that changed (`MissingCount: 3 → 0`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct CountChange {
    /// The AWS field name (`MissingCount`).
    pub name: String,
    /// In the earlier snapshot.
    pub before: u64,
    /// In the later snapshot.
    pub after: u64,
}

impl CountChange {
    /// `after - before`.
    pub fn delta(&self) -> i128 {
        i128::from(self.after) - i128::from(self.before)
    }
}

impl fmt::Display for CountChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} → {} ({:+})",
            self.name,
            self.before,
            self.after,
            self.delta()
        )
    }
}

/// How a patch changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ChangeKind {
    /// A row the earlier snapshot does not have (a new `Missing` patch, a newly installed one).
    Added,
    /// A row that disappeared (a package removed, a patch no longer reported).
    Removed,
    /// The state changed: `Missing → Installed`, `Installed → Missing` when a newer approved
    /// version appeared (the row then names that new target), …
    StateChanged,
    /// The same state with another title (another version) or other fields (classification,
    /// severity, compliance level, installed time, CVE ids).
    Updated,
}

/// The change of one patch row (by `KBId`). At least one of `before` and `after` is present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "wire::PatchChange", try_from = "wire::PatchChange")]
#[non_exhaustive]
pub struct PatchChange {
    /// The row in the earlier snapshot; `None` when added.
    pub before: Option<PatchItem>,
    /// The row in the later snapshot; `None` when removed.
    pub after: Option<PatchItem>,
}

impl PatchChange {
    /// The patch's `KBId`.
    pub fn id(&self) -> &str {
        self.after
            .as_ref()
            .or(self.before.as_ref())
            .map_or("", |row| row.id.as_str())
    }

    /// How the patch changed.
    pub fn kind(&self) -> ChangeKind {
        match (&self.before, &self.after) {
            (Some(before), Some(after)) if before.state != after.state => ChangeKind::StateChanged,
            (Some(_), Some(_)) => ChangeKind::Updated,
            (None, _) => ChangeKind::Added,
            (Some(_), None) => ChangeKind::Removed,
        }
    }

    /// The state transition, when both rows exist: `(Missing, Installed)`.
    pub fn transition(&self) -> Option<(PatchState, PatchState)> {
        Some((self.before.as_ref()?.state, self.after.as_ref()?.state))
    }
}

impl fmt::Display for PatchChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.id();
        match (&self.before, &self.after) {
            (None, Some(row)) => write!(f, "+ {id}: new {} ({})", row.state, row.title),
            (Some(row), None) => write!(f, "- {id}: {} row disappeared ({})", row.state, row.title),
            (Some(before), Some(after)) => {
                if before.state == after.state {
                    write!(f, "~ {id}: {}", after.state)?;
                } else {
                    write!(f, "~ {id}: {} → {}", before.state, after.state)?;
                }
                if before.title == after.title {
                    write!(f, " ({})", after.title)?;
                } else {
                    write!(f, ", now {} (was {})", after.title, before.title)?;
                }
                let fields = changed_fields(before, after);
                if !fields.is_empty() {
                    write!(f, "; changed: {}", fields.join(", "))?;
                }
                Ok(())
            }
            (None, None) => write!(f, "? {id}: no rows"),
        }
    }
}

/// The names of the fields besides `KBId`, `Title` and `State` that differ.
fn changed_fields(before: &PatchItem, after: &PatchItem) -> Vec<&'static str> {
    [
        (
            "Classification",
            before.classification != after.classification,
        ),
        ("Severity", before.severity != after.severity),
        (
            "ComplianceLevel",
            before.compliance_level != after.compliance_level,
        ),
        (
            "InstalledTime",
            before.installed_time != after.installed_time,
        ),
        ("CVEIds", before.cve_ids != after.cve_ids),
    ]
    .into_iter()
    .filter_map(|(name, differs)| differs.then_some(name))
    .collect()
}

/// The difference between two snapshots of the same node ([`diff`]).
///
/// `Display` renders it for people, one line per change; serde gives its JSON form (`PascalCase`
/// fields; each patch change has `KBId`, `Change` (written, not read) and its `Before` and
/// `After` rows as the saved document writes them: [`PatchComplianceData`] with
/// `ComplianceLevel`).
///
/// [`PatchComplianceData`]: crate::aws::PatchComplianceData
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct SnapshotDiff {
    /// The node both snapshots are of.
    pub node_id: String,
    /// The end of the earlier snapshot's operation.
    pub before_time: DateTime<Utc>,
    /// The end of the later snapshot's operation.
    pub after_time: DateTime<Utc>,
    /// The baseline id, when it changed.
    pub baseline: Option<Change<String>>,
    /// The patch rows that changed, by `KBId`, then `Title`.
    pub patches: Vec<PatchChange>,
    /// The summary counts that changed, in the API's field order.
    pub counts: Vec<CountChange>,
    /// The node's compliance status, when it changed.
    pub status: Option<Change<ComplianceStatus>>,
    /// The node's compliance severity (`None`: compliant), when it changed.
    pub severity: Option<Change<Option<ComplianceLevel>>>,
}

/// The difference from `before` to `after`, two snapshots of the same node, with the summary
/// counts computed with the default [`SummaryOptions`] (see [`diff_with`]).
///
/// Rows are matched by `KBId`. When a `KBId` has one row on each side, that pair is the patch's
/// change (its state transition, or a new title or other fields in the same state). When it has
/// several rows on either side (several installed kernels), rows are matched by `KBId` and
/// `Title`, rows with the same title in order; the rows left over are added or removed.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_baseline::OperatingSystem;
/// use patchcore_compliance::{ChangeKind, Context, PatchItem, PatchState, Snapshot, diff};
///
/// let time = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
/// let context = Context::new("i-0123456789abcdef0", "pb-0a1b2c3d4e5f60718");
/// let mut before = Snapshot::new(context, OperatingSystem::AmazonLinux2, time);
/// before.items.push(PatchItem::new("openssl.x86_64", "openssl.x86_64:1:1.0.2k-24.amzn2.0.10", PatchState::Missing));
/// let mut after = before.clone();
/// after.items[0].state = PatchState::Installed;
///
/// let change = diff(&before, &after)?;
/// assert_eq!(change.patches[0].kind(), ChangeKind::StateChanged);
/// assert_eq!(change.patches[0].transition(), Some((PatchState::Missing, PatchState::Installed)));
/// assert!(change.to_string().contains("openssl.x86_64: Missing → Installed"));
/// assert_eq!(change.apply(&before.items)?, after.items);
/// assert!(diff(&before, &before)?.is_empty());
/// # Ok::<(), patchcore_compliance::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::DifferentNodes`] when the two snapshots are of different nodes.
pub fn diff(before: &Snapshot, after: &Snapshot) -> Result<SnapshotDiff, Error> {
    diff_with(before, after, &SummaryOptions::default())
}

/// [`diff`] with the summary counts computed with `options`.
///
/// # Errors
/// [`ErrorKind::DifferentNodes`] when the two snapshots are of different nodes.
pub fn diff_with(
    before: &Snapshot,
    after: &Snapshot,
    options: &SummaryOptions,
) -> Result<SnapshotDiff, Error> {
    if before.node_id != after.node_id {
        return Err(ErrorKind::DifferentNodes {
            before: before.node_id.clone(),
            after: after.node_id.clone(),
        }
        .into());
    }
    let (summary_before, summary_after) = (before.summary(options), after.summary(options));
    let counts = COUNT_FIELDS
        .iter()
        .zip(
            summary_counts(&summary_before)
                .into_iter()
                .zip(summary_counts(&summary_after)),
        )
        .filter(|(_, (before, after))| before != after)
        .map(|(name, (before, after))| CountChange {
            name: (*name).to_owned(),
            before,
            after,
        })
        .collect();
    Ok(SnapshotDiff {
        node_id: before.node_id.clone(),
        before_time: before.operation_end_time,
        after_time: after.operation_end_time,
        baseline: Change::of(before.baseline_id.clone(), after.baseline_id.clone()),
        patches: patch_changes(&before.items, &after.items),
        counts,
        status: Change::of(summary_before.status, summary_after.status),
        severity: Change::of(
            summary_before.non_compliant_severity,
            summary_after.non_compliant_severity,
        ),
    })
}

/// Rows sorted by `KBId`, then `Title` (stable, so equal keys keep their order).
fn sorted(rows: &[PatchItem]) -> Vec<&PatchItem> {
    let mut sorted: Vec<&PatchItem> = rows.iter().collect();
    sorted.sort_by(|a, b| row_order(a, b));
    sorted
}

/// Merges two sorted runs by `key`, calling `pair` with the runs of equal keys (one of them
/// empty when the key is on one side only).
fn merge_runs<'a>(
    before: &[&'a PatchItem],
    after: &[&'a PatchItem],
    key: fn(&PatchItem) -> &str,
    mut pair: impl FnMut(&[&'a PatchItem], &[&'a PatchItem]),
) {
    let (mut b, mut a) = (before, after);
    loop {
        let next = match (b.first(), a.first()) {
            (None, None) => return,
            (Some(x), None) => key(x),
            (None, Some(y)) => key(y),
            (Some(x), Some(y)) => key(x).min(key(y)),
        };
        let nb = b.iter().take_while(|row| key(row) == next).count();
        let na = a.iter().take_while(|row| key(row) == next).count();
        let ((run_b, rest_b), (run_a, rest_a)) = (b.split_at(nb), a.split_at(na));
        pair(run_b, run_a);
        (b, a) = (rest_b, rest_a);
    }
}

fn by_id(row: &PatchItem) -> &str {
    &row.id
}

fn by_title(row: &PatchItem) -> &str {
    &row.title
}

fn patch_changes(before: &[PatchItem], after: &[PatchItem]) -> Vec<PatchChange> {
    let (before, after) = (sorted(before), sorted(after));
    let mut changes = Vec::new();
    let mut change = |b: Option<&PatchItem>, a: Option<&PatchItem>| {
        if b != a {
            changes.push(PatchChange {
                before: b.cloned(),
                after: a.cloned(),
            });
        }
    };
    merge_runs(&before, &after, by_id, |run_b, run_a| {
        if let ([b], [a]) = (run_b, run_a) {
            change(Some(b), Some(a));
            return;
        }
        merge_runs(run_b, run_a, by_title, |same_b, same_a| {
            for n in 0..same_b.len().max(same_a.len()) {
                change(same_b.get(n).copied(), same_a.get(n).copied());
            }
        });
    });
    changes
}

impl SnapshotDiff {
    /// Whether nothing changed (the operation times aside).
    pub fn is_empty(&self) -> bool {
        self.baseline.is_none()
            && self.patches.is_empty()
            && self.counts.is_empty()
            && self.status.is_none()
            && self.severity.is_none()
    }

    /// The later snapshot's rows, rebuilt from the earlier snapshot's `rows`: each changed row
    /// replaced, removed or added, the result sorted by `KBId`, then `Title`. Applying
    /// `diff(a, b)` to `a.items` gives `b.items` for every pair of sorted snapshots whose rows
    /// are distinct (as every snapshot patchcore builds); with it, a stored first snapshot and
    /// the diffs that follow reconstruct a node's history.
    ///
    /// # Errors
    /// When a row the diff replaces or removes is not among `rows`: the diff was made from
    /// another snapshot.
    pub fn apply(&self, rows: &[PatchItem]) -> Result<Vec<PatchItem>, Error> {
        // Where each (KBId, Title) is among `rows`; a position leaves its list once changed.
        let mut positions: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (n, row) in rows.iter().enumerate() {
            positions.entry((&row.id, &row.title)).or_default().push(n);
        }
        let mut slots: Vec<Option<PatchItem>> = rows.iter().cloned().map(Some).collect();
        let mut added = Vec::new();
        for (index, change) in self.patches.iter().enumerate() {
            let Some(before) = &change.before else {
                added.extend(change.after.clone());
                continue;
            };
            let found = positions
                .get_mut(&(before.id.as_str(), before.title.as_str()))
                .and_then(|list| {
                    let k = list.iter().position(|&n| rows.get(n) == Some(before))?;
                    Some(list.remove(k))
                })
                .and_then(|n| slots.get_mut(n));
            let Some(slot) = found else {
                return Err(ErrorKind::InvalidValue {
                    what: WHAT,
                    path: format!("$.Patches[{index}].Before"),
                    message: format!(
                        "row {} {} is not in the snapshot",
                        quote(&before.id),
                        quote(&before.title)
                    ),
                }
                .into());
            };
            *slot = change.after.clone();
        }
        let mut result: Vec<PatchItem> = slots.into_iter().flatten().chain(added).collect();
        sort_items(&mut result);
        Ok(result)
    }
}

impl fmt::Display for SnapshotDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let node = if self.node_id.is_empty() {
            "(no node id)"
        } else {
            &self.node_id
        };
        writeln!(
            f,
            "{node}: {} → {}",
            crate::csv::report_time(self.before_time),
            crate::csv::report_time(self.after_time)
        )?;
        if self.is_empty() {
            return writeln!(f, "no changes");
        }
        if let Some(change) = &self.baseline {
            writeln!(f, "baseline: {} → {}", change.before, change.after)?;
        }
        if let Some(change) = &self.status {
            writeln!(
                f,
                "status: {} → {}",
                change.before.as_str(),
                change.after.as_str()
            )?;
        }
        if let Some(change) = &self.severity {
            let name = |level: &Option<ComplianceLevel>| {
                level
                    .as_ref()
                    .map_or("none", ComplianceLevel::as_str)
                    .to_owned()
            };
            writeln!(
                f,
                "severity: {} → {}",
                name(&change.before),
                name(&change.after)
            )?;
        }
        for count in &self.counts {
            writeln!(f, "{count}")?;
        }
        for patch in &self.patches {
            writeln!(f, "{patch}")?;
        }
        Ok(())
    }
}

/// The JSON shape of a patch change: its rows as the saved document writes them.
mod wire {
    use serde::{Deserialize, Serialize};

    use super::ChangeKind;
    use crate::aws::{PatchComplianceData, TimeFormat};

    /// `Change` is written for readers and ignored on input: `Before`/`After` decide it.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub(super) struct PatchChange {
        #[serde(rename = "KBId", default)]
        id: String,
        #[serde(default, skip_deserializing)]
        change: Option<ChangeKind>,
        #[serde(default)]
        before: Option<PatchComplianceData>,
        #[serde(default)]
        after: Option<PatchComplianceData>,
    }

    impl From<super::PatchChange> for PatchChange {
        fn from(change: super::PatchChange) -> Self {
            let row = |item: &_| PatchComplianceData::from_item(item, TimeFormat::Iso8601);
            Self {
                id: change.id().to_owned(),
                change: Some(change.kind()),
                before: change.before.as_ref().map(row),
                after: change.after.as_ref().map(row),
            }
        }
    }

    impl TryFrom<PatchChange> for super::PatchChange {
        type Error = &'static str;

        fn try_from(change: PatchChange) -> Result<Self, Self::Error> {
            if change.before.is_none() && change.after.is_none() {
                return Err("a patch change needs a Before or an After row");
            }
            Ok(Self {
                before: change.before.as_ref().map(PatchComplianceData::to_item),
                after: change.after.as_ref().map(PatchComplianceData::to_item),
            })
        }
    }
}
