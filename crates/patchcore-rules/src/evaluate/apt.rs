//! APT candidates (Debian, Ubuntu, Raspberry Pi OS): the installed version and every available
//! version at or above it (observed.md A1); security by origin (A6); no dates (A8).

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use patchcore_baseline::lists::PackageRef;
use patchcore_version::deb::VersionBuf;

use super::group::Entry;
use super::rows::VersionRef;
use super::{Evaluator, Node, relation, scheme_error};
use crate::approval::{Attributes, Candidate, Ids, judge};
use crate::error::Error;
use crate::explain::{CandidateExplanation, Recorder};
use crate::facts::{InstalledPackage, PackageVersion};

const SECURITY: &str = "Security";

struct Version<'a> {
    version: &'a VersionBuf,
    priority: Option<&'a str>,
    section: Option<&'a str>,
    security: bool,
}

#[allow(clippy::too_many_arguments)]
fn push<'a, R: Recorder>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    name: &'a str,
    arch: &'a str,
    v: &Version<'a>,
    order: Option<Ordering>,
    rank: u32,
    now: DateTime<Utc>,
    recorder: &mut R,
    out: &mut Vec<Entry<'a>>,
) {
    let candidate = Candidate {
        package: Some(PackageRef {
            name,
            arch,
            epoch: "",
            version: v.version.as_str(),
            release: "",
        }),
        ids: Ids::None,
        attributes: Attributes {
            product: Some(node.product),
            priority: v.priority,
            section: v.section,
            ..Attributes::default()
        },
        security: v.security,
        date: None,
    };
    let steps = recorder
        .begin(|| CandidateExplanation::pending(v.version.to_string(), relation(order), None));
    let verdict = judge(evaluator.baseline, &candidate, now, steps);
    recorder.verdict(&verdict);
    out.push(Entry {
        rank,
        relation: order,
        version: VersionRef::Deb(v.version),
        verdict,
        classification: if v.security { SECURITY } else { "" },
        severity: v.priority.unwrap_or_default(),
        notice: None,
    });
}

/// The judged candidates of `name.arch`, ascending.
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
    let apt = &evaluator.catalog.apt;
    let available = apt.versions_of(name, arch);
    let version_of = |v: &'a crate::facts::AptVersion| Version {
        version: &v.version,
        priority: v.priority.as_deref(),
        section: v.section.as_deref(),
        security: apt.is_security(v),
    };
    let Some(installed) = installed else {
        // Not installed: every available version, ascending.
        for (rank, v) in (0_u32..).zip(available) {
            push(
                evaluator,
                node,
                name,
                arch,
                &version_of(v),
                None,
                rank,
                now,
                recorder,
                out,
            );
        }
        return Ok(());
    };
    let PackageVersion::Deb(current) = &installed.version else {
        return Err(scheme_error(node, installed));
    };
    let start = available.partition_point(|v| v.version < *current);
    let rest = available.get(start..).unwrap_or_default();
    // The installed version: the catalog's record when that exact version is listed (it is a
    // security version only while a security index lists it, A6), else its dpkg status
    // record (never security, A12).
    let (own, newer) = match rest.split_first() {
        Some((first, newer)) if first.version == *current => (version_of(first), newer),
        _ => (
            Version {
                version: current,
                priority: installed.priority.as_deref(),
                section: installed.section.as_deref(),
                security: false,
            },
            rest,
        ),
    };
    push(
        evaluator,
        node,
        name,
        arch,
        &own,
        Some(Ordering::Equal),
        0,
        now,
        recorder,
        out,
    );
    for (rank, v) in (1_u32..).zip(newer) {
        push(
            evaluator,
            node,
            name,
            arch,
            &version_of(v),
            Some(Ordering::Greater),
            rank,
            now,
            recorder,
            out,
        );
    }
    Ok(())
}

/// Judges only an installed version that no index lists, on its dpkg status record (never
/// security, A12).
pub(super) fn unlisted_installed<'a>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    installed: &'a InstalledPackage,
    rank: u32,
    now: DateTime<Utc>,
    out: &mut Vec<Entry<'a>>,
) -> Result<(), Error> {
    let PackageVersion::Deb(current) = &installed.version else {
        return Err(scheme_error(node, installed));
    };
    let own = Version {
        version: current,
        priority: installed.priority.as_deref(),
        section: installed.section.as_deref(),
        security: false,
    };
    let mut record = crate::explain::NoRecord(crate::approval::NoTrace);
    push(
        evaluator,
        node,
        &installed.name,
        &installed.arch,
        &own,
        Some(Ordering::Equal),
        rank,
        now,
        &mut record,
        out,
    );
    Ok(())
}
