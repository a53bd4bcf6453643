//! macOS candidates: the installed version and every newer version the package managers offer;
//! the package manager is the Classification; `installer` packages are only ever reported as
//! installed (evaluation.md 1.6).

use std::cmp::Ordering;

use patchcore_baseline::lists::PackageRef;
use patchcore_version::Scheme;

use super::Evaluator;
use super::candidates::{Judging, Labels, Source};
use super::rows::{VersionRef, dotted};
use crate::approval::{Attributes, Candidate, Ids};
use crate::explain::Recorder;
use crate::facts::{InstalledPackage, MacPackage, MacPackageManager};

/// The macOS candidate source.
pub(crate) struct MacOs;

impl<'a> Source<'a> for MacOs {
    type Listed = &'a MacPackage;
    const SCHEME: Scheme = Scheme::Dotted;
    /// The installed package's own package manager is its Classification.
    const OWN_FROM_CATALOG: bool = false;

    fn listed(evaluator: &'a Evaluator<'a>, name: &'a str, _arch: &'a str) -> Vec<Self::Listed> {
        let mut listed: Vec<&MacPackage> =
            evaluator.catalog.macos.versions_of(name).iter().collect();
        listed.sort_by(|a, b| dotted(&a.version, &b.version));
        listed
    }

    fn compare(listed: Self::Listed, installed: &InstalledPackage) -> Ordering {
        dotted(&listed.version, installed.version.as_str())
    }

    /// `installer` cannot update: never Missing.
    fn updatable(installed: &InstalledPackage) -> bool {
        installed.package_manager != Some(MacPackageManager::Installer)
    }

    fn judge_listed<R: Recorder>(
        j: &mut Judging<'a, '_, R>,
        listed: Self::Listed,
        order: Option<Ordering>,
    ) {
        judge(j, &listed.version, Some(listed.package_manager), order);
    }

    fn judge_installed<R: Recorder>(j: &mut Judging<'a, '_, R>, installed: &'a InstalledPackage) {
        judge(
            j,
            installed.version.as_str(),
            installed.package_manager,
            Some(Ordering::Equal),
        );
    }
}

fn judge<'a, R: Recorder>(
    j: &mut Judging<'a, '_, R>,
    version: &'a str,
    manager: Option<MacPackageManager>,
    order: Option<Ordering>,
) {
    let classification = manager.map(MacPackageManager::as_str);
    // macOS has no security metadata: every package passes the non-security gate and has no
    // date (decision R8).
    let candidate = Candidate {
        package: Some(PackageRef {
            name: j.name,
            version,
            ..PackageRef::default()
        }),
        ids: Ids::None,
        attributes: Attributes {
            product: Some(j.node.product),
            classification,
            ..Attributes::default()
        },
        security: true,
        date: None,
    };
    let labels = Labels {
        classification: classification.unwrap_or_default(),
        ..Labels::default()
    };
    j.push(&candidate, VersionRef::Text(version), order, labels);
}
