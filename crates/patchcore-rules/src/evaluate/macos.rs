//! macOS candidates: the installed version and every newer version the package managers offer;
//! the package manager is the Classification; `installer` packages are only ever reported as
//! installed (evaluation.md 1.6).

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use patchcore_baseline::lists::PackageRef;

use super::group::Entry;
use super::rows::VersionRef;
use super::{Evaluator, Node, relation};
use crate::approval::{Attributes, Candidate, Ids, judge};
use crate::error::Error;
use crate::explain::{CandidateExplanation, Recorder};
use crate::facts::{InstalledPackage, MacPackageManager};

fn dotted(a: &str, b: &str) -> Ordering {
    patchcore_version::compare(patchcore_version::Scheme::Dotted, a, b).unwrap_or_else(|_| a.cmp(b))
}

#[allow(clippy::too_many_arguments)]
fn push<'a, R: Recorder>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    name: &'a str,
    version: &'a str,
    manager: Option<MacPackageManager>,
    order: Option<Ordering>,
    rank: u32,
    now: DateTime<Utc>,
    recorder: &mut R,
    out: &mut Vec<Entry<'a>>,
) {
    let classification = manager.map(MacPackageManager::as_str);
    // macOS has no security metadata: every package passes the non-security gate and has no
    // date (decision R8).
    let candidate = Candidate {
        package: Some(PackageRef {
            name,
            version,
            ..PackageRef::default()
        }),
        ids: Ids::None,
        attributes: Attributes {
            product: Some(node.product),
            classification,
            ..Attributes::default()
        },
        security: true,
        date: None,
    };
    let steps =
        recorder.begin(|| CandidateExplanation::pending(version.to_owned(), relation(order), None));
    let verdict = judge(evaluator.baseline, &candidate, now, steps);
    recorder.verdict(&verdict);
    out.push(Entry {
        rank,
        relation: order,
        version: VersionRef::Text(version),
        verdict,
        classification: classification.unwrap_or_default(),
        severity: "",
        notice: None,
    });
}

/// The judged candidates of `name`, ascending (dotted version order).
#[allow(clippy::too_many_arguments)]
pub(super) fn entries<'a, R: Recorder>(
    evaluator: &'a Evaluator<'a>,
    node: &Node<'_>,
    name: &'a str,
    installed: Option<&'a InstalledPackage>,
    now: DateTime<Utc>,
    recorder: &mut R,
    out: &mut Vec<Entry<'a>>,
) -> Result<(), Error> {
    let current = installed.map(|p| p.version.as_str());
    let mut rank = 0;
    if let (Some(p), Some(version)) = (installed, current) {
        push(
            evaluator,
            node,
            name,
            version,
            p.package_manager,
            Some(Ordering::Equal),
            rank,
            now,
            recorder,
            out,
        );
        rank += 1;
        if p.package_manager == Some(MacPackageManager::Installer) {
            return Ok(()); // `installer` cannot update: never Missing
        }
    }
    let mut offered: Vec<_> = evaluator
        .catalog
        .macos
        .versions_of(name)
        .iter()
        .filter(|p| current.is_none_or(|c| dotted(&p.version, c) == Ordering::Greater))
        .collect();
    offered.sort_by(|a, b| dotted(&a.version, &b.version));
    let order = current.map(|_| Ordering::Greater);
    for p in offered {
        push(
            evaluator,
            node,
            name,
            &p.version,
            Some(p.package_manager),
            order,
            rank,
            now,
            recorder,
            out,
        );
        rank += 1;
    }
    Ok(())
}
