//! RPM candidates (yum, dnf, zypper): the installed version and the versions enabled
//! repositories offer (observed.md Y4, N4), each paired with every update notice that lists it
//! (one candidate per (version, notice) pair, evaluation.md 1.2).

use std::cmp::Ordering;

use chrono::DateTime;
use patchcore_baseline::lists::PackageRef;
use patchcore_version::Scheme;
use patchcore_version::rpm::EvrBuf;

use super::candidates::{Judging, Labels, Source};
use super::rows::VersionRef;
use super::{Evaluator, Node, RpmTool};
use crate::approval::{Attributes, Candidate, Ids};
use crate::explain::Recorder;
use crate::facts::{InstalledPackage, OfferedPackage, PackageVersion, UpdateNotice};

/// The RPM candidate source.
pub(crate) struct Rpm;

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

/// Judges one version: once per notice listing it (in an enabled module stream), or once
/// without a notice when none does.
fn judge_version<'a, R: Recorder>(j: &mut Judging<'a, '_, R>, v: &Version<'a>) {
    let (name, arch) = (j.name, j.arch);
    let evr = v.evr.as_evr();
    let package = PackageRef {
        name,
        arch,
        epoch: evr.epoch().unwrap_or_default(),
        version: evr.version(),
        release: evr.release().unwrap_or_default(),
    };
    let node = j.node;
    let mut any_notice = false;
    let notices = j
        .evaluator
        .catalog
        .rpm
        .notices_for(name)
        .filter(|(_, p)| p.arch == arch && p.evr == *v.evr && module_enabled(node, p));
    for (notice, _) in notices {
        any_notice = true;
        push(j, package, Some(notice), v);
    }
    if !any_notice {
        push(j, package, None, v);
    }
}

fn push<'a, R: Recorder>(
    j: &mut Judging<'a, '_, R>,
    package: PackageRef<'a>,
    notice: Option<&'a UpdateNotice>,
    v: &Version<'a>,
) {
    let evaluator = j.evaluator;
    let node = j.node;
    let facts = notice.and_then(|n| evaluator.notice_facts(n.order));
    // The non-security gate: yum — any notice (Y2); dnf — a notice with type and severity
    // (N1); zypper — never applied (evaluation.md 1.3, decision R12).
    let security = match node.tool {
        RpmTool::Yum => notice.is_some(),
        RpmTool::Dnf => facts.is_some_and(|f| f.has_metadata),
        RpmTool::Zypper => true,
    };
    // The date: notice `updated` else `issued`; without a notice yum uses the build time
    // (observed.md D2, decision R2).
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
    let labels = Labels {
        classification: facts.map_or("", |f| f.classification.as_str()),
        severity: reported_severity(node.tool, notice),
        notice,
    };
    j.push(&candidate, VersionRef::Rpm(v.evr), v.order, labels);
}

/// The severity reported for a candidate of `notice`: as written; on yum a notice without a
/// severity is reported as `None` (observed.md Y1; dnf and zypper report it empty, decision
/// R21). It still matches no `SEVERITY` filter but `*`: the filters see the missing severity,
/// not this text.
fn reported_severity(tool: RpmTool, notice: Option<&UpdateNotice>) -> &str {
    let written = notice
        .and_then(|n| n.severity.as_deref())
        .filter(|s| !s.trim().is_empty());
    match (written, notice, tool) {
        (Some(severity), _, _) => severity,
        (None, Some(_), RpmTool::Yum) => "None",
        (None, _, _) => "",
    }
}

impl<'a> Source<'a> for Rpm {
    /// The first offer of each version (the same version from several repositories is one
    /// candidate).
    type Listed = &'a OfferedPackage;
    const SCHEME: Scheme = Scheme::Rpm;
    const OWN_FROM_CATALOG: bool = true;

    fn listed(evaluator: &'a Evaluator<'a>, name: &'a str, arch: &'a str) -> Vec<Self::Listed> {
        let mut listed: Vec<&OfferedPackage> = Vec::new();
        for package in evaluator.catalog.rpm.offered(name, arch) {
            if listed.last().is_none_or(|last| last.evr != package.evr) {
                listed.push(package);
            }
        }
        listed
    }

    fn compare(listed: Self::Listed, installed: &InstalledPackage) -> Ordering {
        match &installed.version {
            PackageVersion::Rpm(current) => listed.evr.cmp(current),
            _ => Ordering::Less,
        }
    }

    fn keep_older(node: &Node<'_>) -> bool {
        node.tool == RpmTool::Yum
    }

    fn judge_listed<R: Recorder>(
        j: &mut Judging<'a, '_, R>,
        listed: Self::Listed,
        order: Option<Ordering>,
    ) {
        let v = Version {
            evr: &listed.evr,
            offered: Some(listed),
            order,
        };
        judge_version(j, &v);
    }

    /// An installed version no repository offers is still a candidate (decision R13).
    fn judge_installed<R: Recorder>(j: &mut Judging<'a, '_, R>, installed: &'a InstalledPackage) {
        if let PackageVersion::Rpm(evr) = &installed.version {
            let v = Version {
                evr,
                offered: None,
                order: Some(Ordering::Equal),
            };
            judge_version(j, &v);
        }
    }
}
