//! APT candidates (Debian, Ubuntu, Raspberry Pi OS): the installed version and every available
//! version at or above it (observed.md A1); security by origin (A6); no dates (A8).

use std::cmp::Ordering;

use patchcore_baseline::lists::PackageRef;
use patchcore_version::Scheme;
use patchcore_version::deb::VersionBuf;

use super::Evaluator;
use super::candidates::{Judging, Labels, Source};
use super::rows::VersionRef;
use crate::approval::{Attributes, Candidate, Ids};
use crate::explain::Recorder;
use crate::facts::{AptVersion, InstalledPackage, PackageVersion};

const SECURITY: &str = "Security";

/// The APT candidate source.
pub(crate) struct Apt;

/// One version as approval sees it: the catalog's record, or an installed package's dpkg
/// status record.
struct Version<'a> {
    version: &'a VersionBuf,
    priority: Option<&'a str>,
    section: Option<&'a str>,
    security: bool,
}

impl<'a> Source<'a> for Apt {
    type Listed = &'a AptVersion;
    const SCHEME: Scheme = Scheme::Deb;
    const OWN_FROM_CATALOG: bool = true;

    fn listed(evaluator: &'a Evaluator<'a>, name: &'a str, arch: &'a str) -> Vec<Self::Listed> {
        evaluator
            .catalog
            .apt
            .versions_of(name, arch)
            .iter()
            .collect()
    }

    fn compare(listed: Self::Listed, installed: &InstalledPackage) -> Ordering {
        match &installed.version {
            PackageVersion::Deb(current) => listed.version.cmp(current),
            _ => Ordering::Less,
        }
    }

    /// A listed version: security while a trusted security origin lists it (A6).
    fn judge_listed<R: Recorder>(
        j: &mut Judging<'a, '_, R>,
        listed: Self::Listed,
        order: Option<Ordering>,
    ) {
        let version = Version {
            version: &listed.version,
            priority: listed.priority.as_deref(),
            section: listed.section.as_deref(),
            security: j.evaluator.catalog.apt.is_security(listed),
        };
        judge(j, &version, order);
    }

    /// An installed version no index lists: its dpkg status record, never security (A12).
    fn judge_installed<R: Recorder>(j: &mut Judging<'a, '_, R>, installed: &'a InstalledPackage) {
        if let PackageVersion::Deb(current) = &installed.version {
            let version = Version {
                version: current,
                priority: installed.priority.as_deref(),
                section: installed.section.as_deref(),
                security: false,
            };
            judge(j, &version, Some(Ordering::Equal));
        }
    }
}

fn judge<'a, R: Recorder>(j: &mut Judging<'a, '_, R>, v: &Version<'a>, order: Option<Ordering>) {
    let candidate = Candidate {
        package: Some(PackageRef {
            name: j.name,
            arch: j.arch,
            epoch: "",
            version: v.version.as_str(),
            release: "",
        }),
        ids: Ids::None,
        attributes: Attributes {
            product: Some(j.node.product),
            priority: v.priority,
            section: v.section,
            ..Attributes::default()
        },
        security: v.security,
        date: None,
    };
    let labels = Labels {
        classification: if v.security { SECURITY } else { "" },
        severity: v.priority.unwrap_or_default(),
        notice: None,
    };
    j.push(&candidate, VersionRef::Deb(v.version), order, labels);
}
