//! Windows: every update of the catalog that is not superseded, judged once; its state from
//! installation and applicability (evaluation.md 4.5, 6; compliance.md example D).

use chrono::{DateTime, Utc};
use patchcore_version::windows::KbId;

use super::rows::Decision;
use super::{Evaluator, Node};
use crate::approval::{Attributes, Candidate, Ids, NoTrace, Trace, UNSPECIFIED, judge};
use crate::explain::{CandidateExplanation, Explanation, Relation};
use crate::facts::WindowsUpdate;
use crate::state::PatchState;

/// Whether an update is "security-related" for `AvailableSecurityUpdate` (decision R7):
/// classification `SecurityUpdates` or `CriticalUpdates`, or an MSRC severity other than
/// `Unspecified`.
pub(crate) fn is_security_related(update: &WindowsUpdate) -> bool {
    let class = update.classification.as_str();
    class.eq_ignore_ascii_case("SecurityUpdates")
        || class.eq_ignore_ascii_case("CriticalUpdates")
        || (!update.msrc_severity.trim().is_empty()
            && !update.msrc_severity.eq_ignore_ascii_case("Unspecified"))
}

/// The catalog entry that stands for `kb` on the node: the one for the node's product, else
/// the first (decision R6).
fn entry_for<'a>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    kb: &KbId,
) -> Option<(usize, &'a WindowsUpdate)> {
    let updates = evaluator.catalog.windows.updates();
    let start = updates.partition_point(|u| u.kb < *kb);
    let group = updates.get(start..).unwrap_or_default();
    let group = group
        .get(..group.partition_point(|u| u.kb == *kb))
        .unwrap_or_default();
    let pick = group
        .iter()
        .position(|u| u.product == node.product)
        .unwrap_or(0);
    group.get(pick).map(|u| (start + pick, u))
}

pub(crate) fn candidate<'a>(
    evaluator: &'a Evaluator<'a>,
    index: usize,
    update: &'a WindowsUpdate,
) -> Candidate<'a> {
    let kb = evaluator.kb_texts.get(index).map_or("", String::as_str);
    Candidate {
        package: None,
        ids: Ids::Windows {
            kb,
            bulletin: &update.msrc_number,
        },
        attributes: Attributes {
            product: Some(&update.product),
            product_family: Some(&update.product_family),
            classification: Some(&update.classification),
            msrc_severity: Some(&update.msrc_severity),
            patch_set: Some(&update.patch_set),
            patch_id: Some(kb),
            ..Attributes::default()
        },
        security: true,
        // The release date, the latest revision's when revised (decision R11).
        date: update.release_date,
    }
}

/// The row of one KB (`None`: not reported), judging it with `trace`.
fn decide<'a, T: Trace>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    kb: KbId,
    now: DateTime<Utc>,
    trace: &mut T,
    notes: &mut Vec<String>,
    judged: &mut Option<crate::approval::Verdict<'a>>,
) -> Option<Decision<'a>> {
    let inventory = node.inventory;
    let installed = inventory.has_kb(&kb);
    let mut row = Decision {
        name: "",
        arch: "",
        family: evaluator.family,
        kb: Some(kb),
        state: PatchState::InstalledOther,
        installed_version: None,
        target_version: None,
        classification: "",
        severity: "",
        compliance_level: &UNSPECIFIED,
        installed_time: None,
        cve_ids: Vec::new(),
        title_text: "",
    };
    let entry = entry_for(evaluator, node, &kb);
    if let Some((_, update)) = entry {
        row.title_text = &update.title;
        row.classification = &update.classification;
        row.severity = &update.msrc_severity;
        row.cve_ids = update.cves.iter().map(String::as_str).collect();
    }
    let live = entry.filter(|(_, u)| !evaluator.catalog.windows.is_superseded(&u.kb));
    let Some((index, update)) = live else {
        // Unknown to the catalog, or superseded (removed from the patch list): only an
        // installed KB is reported, InstalledOther (decision R17).
        notes.push(
            if entry.is_some() {
                "superseded: removed from the patch list"
            } else {
                "unknown to the catalog"
            }
            .to_owned(),
        );
        return installed.then_some(row);
    };
    let verdict = judge(
        evaluator.baseline,
        &candidate(evaluator, index, update),
        now,
        trace,
    );
    *judged = Some(verdict);
    if verdict.approved {
        row.compliance_level = verdict.level;
    }
    if installed {
        row.state = if verdict.approved {
            PatchState::Installed
        } else if verdict.rejected && evaluator.block() {
            PatchState::InstalledRejected
        } else {
            PatchState::InstalledOther
        };
        return Some(row);
    }
    // Windows Update's applicable set when given; else the offline rule (decision R18).
    let applicable = match &inventory.applicable_kbs {
        Some(set) => set.contains(&kb),
        None => update.product == node.product,
    };
    notes.push(
        match (&inventory.applicable_kbs, applicable) {
            (Some(_), true) => "applicable (Windows Update reports it)",
            (Some(_), false) => "not applicable (Windows Update does not report it)",
            (None, true) => "applicable (the node's product, not installed, not superseded)",
            (None, false) => "not applicable (another product)",
        }
        .to_owned(),
    );
    row.state = match (verdict.approved, applicable) {
        (true, true) => PatchState::Missing,
        (true, false) => PatchState::NotApplicable,
        (false, true) if !verdict.rejected && is_security_related(update) => {
            PatchState::AvailableSecurityUpdate
        }
        _ => return None,
    };
    Some(row)
}

/// Every KB to consider: the catalog's (once each) and the installed ones, ascending.
fn kbs(evaluator: &Evaluator<'_>, node: &Node<'_>) -> Vec<KbId> {
    let mut kbs: Vec<KbId> = evaluator
        .catalog
        .windows
        .updates()
        .iter()
        .map(|u| u.kb)
        .collect();
    kbs.extend_from_slice(node.inventory.installed_kbs());
    kbs.sort_unstable();
    kbs.dedup();
    kbs
}

pub(super) fn scan<'a>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    now: DateTime<Utc>,
    rows: &mut Vec<Decision<'a>>,
) {
    let mut notes = Vec::new();
    for kb in kbs(evaluator, node) {
        notes.clear();
        rows.extend(decide(
            evaluator,
            node,
            kb,
            now,
            &mut NoTrace,
            &mut notes,
            &mut None,
        ));
    }
}

pub(super) fn explain(
    evaluator: &Evaluator<'_>,
    node: &Node<'_>,
    id: &str,
    now: DateTime<Utc>,
) -> Explanation {
    let kb: Option<KbId> = id.parse().ok();
    let mut steps = Vec::new();
    let mut notes = Vec::new();
    let mut verdict = None;
    let row = kb.and_then(|kb| {
        decide(
            evaluator,
            node,
            kb,
            now,
            &mut steps,
            &mut notes,
            &mut verdict,
        )
    });
    let installed = kb.is_some_and(|kb| node.inventory.has_kb(&kb));
    let mut state = row.as_ref().map(|r| r.state);
    if let (Some(r), Some(s)) = (&row, state) {
        if s.pending_reboot_applies()
            && super::rows::reboot_pending(node.inventory)
            && r.kb
                .is_some_and(|k| node.inventory.install.installed_kbs.contains(&k))
        {
            state = Some(PatchState::InstalledPendingReboot);
            notes.push("installed by the last Install run, no reboot since".to_owned());
        }
    }
    let candidate = CandidateExplanation {
        version: kb.map_or_else(|| id.to_owned(), |k| k.to_string()),
        relation: if installed {
            Relation::Installed
        } else {
            Relation::NotInstalled
        },
        notice: None,
        rejected: verdict.is_some_and(|v| v.rejected),
        approved: verdict.is_some_and(|v| v.approved),
        level: verdict.map_or(patchcore_baseline::ComplianceLevel::Unspecified, |v| {
            v.level.clone()
        }),
        steps,
    };
    Explanation {
        id: kb.map_or_else(|| id.to_owned(), |k| k.to_string()),
        installed: installed.then(|| id.to_owned()),
        state,
        reported: Some(candidate.version.clone()),
        level: candidate.level.clone(),
        candidates: vec![candidate],
        notes,
    }
}

/// Forecast boundaries of the catalog's live updates.
pub(super) fn boundaries(
    evaluator: &Evaluator<'_>,
    node: &Node<'_>,
    now: DateTime<Utc>,
    out: &mut Vec<DateTime<Utc>>,
) {
    for kb in kbs(evaluator, node) {
        let live = entry_for(evaluator, node, &kb)
            .filter(|(_, u)| !evaluator.catalog.windows.is_superseded(&u.kb));
        if let Some((index, update)) = live {
            out.extend(
                judge(
                    evaluator.baseline,
                    &candidate(evaluator, index, update),
                    now,
                    &mut NoTrace,
                )
                .pending,
            );
        }
    }
}
