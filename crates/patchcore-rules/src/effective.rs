//! The effective patches of a Windows baseline, as `DescribeEffectivePatchesForPatchBaseline`
//! reports them (evaluation.md 3.5, 4.5): every catalog update the baseline approves, will
//! approve, or names in a list, with its `DeploymentStatus` and `ApprovalDate`.

use chrono::{DateTime, Utc};
use patchcore_baseline::{Approval, ComplianceLevel};
use patchcore_version::windows::KbId;
use serde::Serialize;

use crate::approval::{NoTrace, judge};
use crate::dates;
use crate::evaluate::Evaluator;

/// `PatchStatus.DeploymentStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum DeploymentStatus {
    /// A rule approves it now.
    Approved,
    /// A rule will approve it once its `ApproveAfterDays` wait is over.
    PendingApproval,
    /// On the approved list (also when a rule approves it too: decision R16).
    ExplicitApproved,
    /// On the rejected list (wins over the approved list).
    ExplicitRejected,
}

/// One effective patch: a catalog update and its `PatchStatus`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct EffectivePatch {
    /// `KbNumber`.
    pub kb_number: KbId,
    /// `Product`.
    pub product: String,
    /// `Title`.
    pub title: String,
    /// `Classification`.
    pub classification: String,
    /// `MsrcSeverity`.
    pub msrc_severity: String,
    /// `ReleaseDate`.
    pub release_date: Option<DateTime<Utc>>,
    /// `DeploymentStatus`.
    pub deployment_status: DeploymentStatus,
    /// `ComplianceLevel` (for a pending patch: the level it will get).
    pub compliance_level: ComplianceLevel,
    /// `ApprovalDate`: when it was or will be approved (rules: `T_patch + days`; an
    /// `ApproveUntilDate` or explicit approval: `T_patch`, absent without a date — evaluation.md
    /// 3.5). Absent for rejected patches.
    pub approval_date: Option<DateTime<Utc>>,
}

impl Evaluator<'_> {
    /// The effective patches at `now`: every live (not superseded) catalog update that is
    /// approved, pending approval, or on a list, sorted by KB then product. Meant for Windows
    /// baselines (the API serves no others); on other families it is empty.
    pub fn effective_patches(&self, now: DateTime<Utc>) -> Vec<EffectivePatch> {
        let windows = &self.catalog.windows;
        let mut out = Vec::new();
        for (index, update) in windows.updates().iter().enumerate() {
            if windows.is_superseded(&update.kb) {
                continue;
            }
            let candidate = crate::evaluate::windows_candidate(self, index, update);
            let verdict = judge(self.baseline, &candidate, now, &mut NoTrace);
            let patch_date = dates::or_epoch(update.release_date);
            let (status, level, approval_date) = if verdict.rejected {
                (
                    DeploymentStatus::ExplicitRejected,
                    ComplianceLevel::Unspecified,
                    None,
                )
            } else if verdict.by_list {
                (
                    DeploymentStatus::ExplicitApproved,
                    verdict.level.clone(),
                    update.release_date,
                )
            } else if verdict.approved {
                let first = self
                    .baseline
                    .rules()
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| {
                        u32::try_from(*i)
                            .ok()
                            .and_then(|i| 1_u32.checked_shl(i))
                            .is_some_and(|bit| verdict.rules & bit != 0)
                    })
                    .map(|(_, rule)| match rule.approval() {
                        Approval::AfterDays(days) => dates::after_days_boundary(patch_date, days),
                        _ => patch_date,
                    })
                    .min();
                (DeploymentStatus::Approved, verdict.level.clone(), first)
            } else if let Some(boundary) = verdict.pending {
                let later = boundary
                    .checked_add_signed(chrono::Duration::nanoseconds(1))
                    .unwrap_or(boundary);
                let then = judge(self.baseline, &candidate, later, &mut NoTrace);
                (
                    DeploymentStatus::PendingApproval,
                    then.level.clone(),
                    Some(boundary),
                )
            } else {
                continue;
            };
            out.push(EffectivePatch {
                kb_number: update.kb,
                product: update.product.clone(),
                title: update.title.clone(),
                classification: update.classification.clone(),
                msrc_severity: update.msrc_severity.clone(),
                release_date: update.release_date,
                deployment_status: status,
                compliance_level: level,
                approval_date,
            });
        }
        out
    }
}
