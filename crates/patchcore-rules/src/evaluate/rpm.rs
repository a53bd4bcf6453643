//! RPM candidates (yum, dnf, zypper): the installed version and the versions enabled
//! repositories offer (observed.md Y4, N4), each paired with every update notice that lists it
//! (one candidate per (version, notice) pair, evaluation.md 1.2).

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use patchcore_baseline::lists::PackageRef;
use patchcore_version::rpm::EvrBuf;

use super::group::Entry;
use super::rows::VersionRef;
use super::{Evaluator, Node, RpmTool, relation, scheme_error};
use crate::approval::{Attributes, Candidate, Ids, judge};
use crate::error::Error;
use crate::explain::{CandidateExplanation, Recorder};
use crate::facts::{InstalledPackage, OfferedPackage, PackageVersion, UpdateNotice};

/// One distinct version of the group.
struct Version<'a> {
    evr: &'a EvrBuf,
    /// The offered package (for its build time), when a repository offers it.
    offered: Option<&'a OfferedPackage>,
    order: Option<Ordering>,
}

fn module_enabled(node: &Node<'_>, package: &crate::facts::NoticePackage) -> bool {
    package
        .module
        .as_ref()
        .is_none_or(|m| node.inventory.module_streams.contains(m))
}

#[allow(clippy::too_many_arguments)]
fn judge_version<'a, R: Recorder>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    name: &'a str,
    arch: &'a str,
    v: &Version<'a>,
    rank: u32,
    now: DateTime<Utc>,
    recorder: &mut R,
    out: &mut Vec<Entry<'a>>,
) {
    let evr = v.evr.as_evr();
    let package = PackageRef {
        name,
        arch,
        epoch: evr.epoch().unwrap_or_default(),
        version: evr.version(),
        release: evr.release().unwrap_or_default(),
    };
    let mut any_notice = false;
    let notices = evaluator
        .catalog
        .rpm
        .notices_for(name)
        .filter(|(_, p)| p.arch == arch && p.evr == *v.evr && module_enabled(node, p));
    for (notice, _) in notices {
        any_notice = true;
        push(
            evaluator,
            node,
            package,
            Some(notice),
            v,
            rank,
            now,
            recorder,
            out,
        );
    }
    if !any_notice {
        push(evaluator, node, package, None, v, rank, now, recorder, out);
    }
}

#[allow(clippy::too_many_arguments)]
fn push<'a, R: Recorder>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    package: PackageRef<'a>,
    notice: Option<&'a UpdateNotice>,
    v: &Version<'a>,
    rank: u32,
    now: DateTime<Utc>,
    recorder: &mut R,
    out: &mut Vec<Entry<'a>>,
) {
    let facts = notice.and_then(|n| evaluator.notice_facts(n.order));
    // The non-security gate: yum — any notice (Y2); dnf — a notice with type and severity
    // (N1); zypper — never applied (evaluation.md 1.3, decision R12).
    let security = match node.tool {
        RpmTool::Yum => notice.is_some(),
        RpmTool::Dnf => facts.is_some_and(|f| f.has_metadata),
        RpmTool::Zypper => true,
    };
    // The date: notice `updated` else `issued`; without a notice yum uses the build time (observed.md D2, decision R2).
    let date = match (facts, node.tool) {
        (Some(f), RpmTool::Yum) => f.date_yum,
        (Some(f), _) => f.date_dnf,
        (None, RpmTool::Yum) => v
            .offered
            .and_then(|o| o.build_time)
            .and_then(|t| DateTime::from_timestamp(t, 0)),
        (None, _) => None,
    };
    let candidate = Candidate {
        package: Some(package),
        ids: notice.map_or(Ids::None, Ids::Notice),
        attributes: Attributes {
            product: Some(node.product),
            classification: notice.map(|n| n.notice_type.as_str()),
            severity: notice.and_then(|n| n.severity.as_deref()),
            moderate_is_medium: node.moderate_is_medium,
            ..Attributes::default()
        },
        security,
        date,
    };
    let steps = recorder.begin(|| {
        CandidateExplanation::pending(
            v.evr.to_string(),
            relation(v.order),
            notice.map(|n| n.id.clone()),
        )
    });
    let verdict = judge(evaluator.baseline, &candidate, now, steps);
    recorder.verdict(&verdict);
    out.push(Entry {
        rank,
        relation: v.order,
        version: VersionRef::Rpm(v.evr),
        verdict,
        classification: facts.map_or("", |f| f.classification.as_str()),
        severity: notice
            .and_then(|n| n.severity.as_deref())
            .unwrap_or_default(),
        notice,
    });
}

/// The judged candidates of `name.arch`, ascending: on yum also the offered versions older
/// than the installed one (observed.md Y5); on dnf and zypper those are skipped (N4).
#[allow(clippy::too_many_arguments)]
pub(super) fn entries<'a, R: Recorder>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    name: &'a str,
    arch: &'a str,
    installed: Option<&'a InstalledPackage>,
    now: DateTime<Utc>,
    recorder: &mut R,
    out: &mut Vec<Entry<'a>>,
) -> Result<(), Error> {
    let offered = evaluator.catalog.rpm.offered(name, arch);
    let current = match installed {
        Some(p) => match &p.version {
            PackageVersion::Rpm(evr) => Some(evr),
            _ => return Err(scheme_error(node, p)),
        },
        None => None,
    };
    let keep_older = node.tool == RpmTool::Yum;
    let mut rank = 0_u32;
    let mut installed_done = current.is_none();
    let mut previous: Option<&EvrBuf> = None;
    for package in offered {
        if previous == Some(&package.evr) {
            continue; // the same version from another repository
        }
        previous = Some(&package.evr);
        let order = current.map(|c| package.evr.cmp(c));
        if !installed_done && order != Some(Ordering::Less) {
            installed_done = true;
            if order == Some(Ordering::Greater) {
                // The installed version is not offered: judge it on its own.
                if let Some(evr) = current {
                    let v = Version {
                        evr,
                        offered: None,
                        order: Some(Ordering::Equal),
                    };
                    judge_version(evaluator, node, name, arch, &v, rank, now, recorder, out);
                    rank += 1;
                }
            }
        }
        if order == Some(Ordering::Less) && !keep_older {
            continue;
        }
        let v = Version {
            evr: &package.evr,
            offered: Some(package),
            order,
        };
        judge_version(evaluator, node, name, arch, &v, rank, now, recorder, out);
        rank += 1;
    }
    if !installed_done {
        if let Some(evr) = current {
            let v = Version {
                evr,
                offered: None,
                order: Some(Ordering::Equal),
            };
            judge_version(evaluator, node, name, arch, &v, rank, now, recorder, out);
        }
    }
    Ok(())
}

/// Judges only an installed version that no repository offers (decision R13).
pub(super) fn unlisted_installed<'a>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    installed: &'a InstalledPackage,
    rank: u32,
    now: DateTime<Utc>,
    out: &mut Vec<Entry<'a>>,
) -> Result<(), Error> {
    let PackageVersion::Rpm(evr) = &installed.version else {
        return Err(scheme_error(node, installed));
    };
    let v = Version {
        evr,
        offered: None,
        order: Some(Ordering::Equal),
    };
    let mut record = crate::explain::NoRecord(crate::approval::NoTrace);
    judge_version(
        evaluator,
        node,
        &installed.name,
        &installed.arch,
        &v,
        rank,
        now,
        &mut record,
        out,
    );
    Ok(())
}
