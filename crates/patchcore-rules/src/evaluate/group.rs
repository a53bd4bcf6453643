//! The state of one `name.arch` from its judged candidates (evaluation.md 4.4, observed.md
//! A10, A13, Y5, N5).

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use patchcore_baseline::{ComplianceLevel, PackageFamily};

use super::rows::{Decision, VersionRef};
use super::{Evaluator, Node, RpmTool};
use crate::approval::{UNSPECIFIED, Verdict};
use crate::explain::{CandidateExplanation, Explanation};
use crate::facts::{InstalledPackage, ReferenceKind, UpdateNotice};
use crate::state::PatchState;

/// One judged candidate: a version, with the notice it comes from when there is one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry<'a> {
    /// Distinct-version index, ascending with the version.
    pub(crate) rank: u32,
    /// Against the installed version (`None`: not installed).
    pub(crate) relation: Option<Ordering>,
    pub(crate) version: VersionRef<'a>,
    pub(crate) verdict: Verdict<'a>,
    /// Reported Classification of this candidate (empty: none).
    pub(crate) classification: &'a str,
    /// Reported vendor severity (empty: none).
    pub(crate) severity: &'a str,
    pub(crate) notice: Option<&'a UpdateNotice>,
}

/// The outcome for one group.
#[derive(Debug)]
pub(crate) struct GroupOutcome<'a> {
    row: Option<Decision<'a>>,
    not_applicable: bool,
}

impl<'a> GroupOutcome<'a> {
    pub(crate) fn into_row(self) -> Option<Decision<'a>> {
        self.row
    }

    pub(crate) fn state(&self) -> Option<PatchState> {
        match &self.row {
            Some(row) => Some(row.state),
            None => self.not_applicable.then_some(PatchState::NotApplicable),
        }
    }

    pub(crate) fn explanation(
        &self,
        id: &str,
        installed: Option<&InstalledPackage>,
        candidates: Vec<CandidateExplanation>,
    ) -> Explanation {
        let row = self.row.as_ref();
        Explanation {
            id: id.to_owned(),
            installed: installed.map(|p| p.version.to_string()),
            state: self.state(),
            reported: row
                .and_then(Decision::reported_version)
                .map(|v| v.to_string()),
            level: row.map_or(ComplianceLevel::Unspecified, |r| r.compliance_level.clone()),
            candidates,
            notes: Vec::new(),
        }
    }
}

/// Of the approved entries of one version, the one whose Classification and severity are
/// reported: yum — the notice giving the highest level, the first among equals; dnf/zypper —
/// the first notice in file order (observed.md N5, decision R14); APT and macOS have one entry
/// per version.
fn reported_entry<'e, 'a>(
    group: impl Iterator<Item = &'e Entry<'a>>,
    yum: bool,
) -> Option<&'e Entry<'a>>
where
    'a: 'e,
{
    group.fold(None, |best: Option<&Entry<'a>>, e| match best {
        Some(b) if yum && *e.verdict.level <= *b.verdict.level => Some(b),
        Some(b) if !yum && order(b) <= order(e) => Some(b),
        _ => Some(e),
    })
}

fn order(e: &Entry<'_>) -> u32 {
    e.notice.map_or(u32::MAX, |n| n.order)
}

/// The approved entries of the highest approved version among those with `relation`.
fn best_approved<'e, 'a>(
    entries: &'e [Entry<'a>],
    relation: Ordering,
) -> impl Iterator<Item = &'e Entry<'a>> + Clone {
    let top = entries
        .iter()
        .filter(|e| e.verdict.approved && e.relation == Some(relation))
        .map(|e| e.rank)
        .max();
    entries
        .iter()
        .filter(move |e| Some(e.rank) == top && e.verdict.approved)
}

fn highest_level<'e, 'a: 'e>(group: impl Iterator<Item = &'e Entry<'a>>) -> &'a ComplianceLevel {
    group.map(|e| e.verdict.level).max().unwrap_or(&UNSPECIFIED)
}

/// CVEs of every version newer than the installed one up to the target (observed: skipped
/// versions' advisories are included), sorted, once each.
fn cves<'a>(entries: &[Entry<'a>], target_rank: u32) -> Vec<&'a str> {
    let mut ids: Vec<&'a str> = entries
        .iter()
        .filter(|e| e.relation == Some(Ordering::Greater) && e.rank <= target_rank)
        .filter_map(|e| e.notice)
        .flat_map(|n| n.references.iter())
        .filter(|r| r.kind == ReferenceKind::Cve)
        .map(|r| r.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The state of one group, by the table of evaluation.md 4.4, checked in order.
pub(crate) fn decide<'a>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    name: &'a str,
    arch: &'a str,
    installed: Option<&'a InstalledPackage>,
    entries: &[Entry<'a>],
) -> GroupOutcome<'a> {
    match installed {
        // Rows 5 and 6: not installed — NotApplicable when some version is approved.
        None => GroupOutcome {
            row: None,
            not_applicable: entries.iter().any(|e| e.verdict.approved),
        },
        Some(installed) => GroupOutcome {
            row: Some(decide_installed(
                evaluator,
                node,
                name,
                arch,
                installed.install_time,
                entries,
            )),
            not_applicable: false,
        },
    }
}

/// Rows 1–4: the row of an installed group whose entries carry their relation to the
/// installed version.
pub(crate) fn decide_installed<'a>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    name: &'a str,
    arch: &'a str,
    install_time: Option<DateTime<Utc>>,
    entries: &[Entry<'a>],
) -> Decision<'a> {
    let apt = evaluator.family == PackageFamily::Apt;
    let mut own = entries
        .iter()
        .filter(|e| e.relation == Some(Ordering::Equal));
    let installed_version = own.clone().next().map(|e| e.version);
    // The installed version's own labels: its first notice in file order (decision R15).
    let own_labels = own.clone().min_by_key(|e| order(e));
    let mut row = Decision {
        name,
        arch,
        family: evaluator.family,
        kb: None,
        state: PatchState::InstalledOther,
        installed_version,
        target_version: None,
        classification: own_labels.map_or("", |e| e.classification),
        severity: own_labels.map_or("", |e| e.severity),
        compliance_level: &UNSPECIFIED,
        installed_time: install_time,
        cve_ids: Vec::new(),
        title_text: "",
    };
    let yum = node.tool == RpmTool::Yum && !apt && evaluator.family != PackageFamily::MacOs;
    let newer = best_approved(entries, Ordering::Greater);
    let same = best_approved(entries, Ordering::Equal);
    // yum (observed.md Y5): an approved version older than the installed one also counts.
    let older = best_approved(entries, Ordering::Less).filter(move |_| yum);
    if let Some(chosen) = reported_entry(newer.clone(), yum) {
        // Row 1: an approved newer version exists → Missing, target = highest approved.
        row.state = PatchState::Missing;
        row.target_version = Some(chosen.version);
        row.classification = chosen.classification;
        row.severity = chosen.severity;
        row.compliance_level = highest_level(newer);
        row.cve_ids = cves(entries, chosen.rank);
        row.installed_time = None;
    } else if let Some(chosen) = reported_entry(same.clone(), yum) {
        // Row 2: the installed version itself is approved.
        row.state = PatchState::Installed;
        row.classification = chosen.classification;
        row.severity = chosen.severity;
        row.compliance_level = highest_level(same);
    } else if let Some(chosen) = reported_entry(older.clone(), yum) {
        row.state = PatchState::Installed;
        row.classification = chosen.classification;
        row.severity = chosen.severity;
        row.compliance_level = highest_level(older);
    } else if evaluator.block() && own.any(|e| e.verdict.rejected) {
        // Row 3: nothing approved, the installed version is rejected, action BLOCK.
        row.state = PatchState::InstalledRejected;
    }
    // Row 4 otherwise: InstalledOther (also rejected under ALLOW_AS_DEPENDENCY).
    row
}
