//! The candidates of one group, judged: one driver for every package family, parameterised by
//! the family's candidate [`Source`] (evaluation.md 4.4 step 1; observed.md A1, Y5, N4).
//!
//! The driver decides which versions are candidates and how each relates to the installed
//! one: for a package not installed, every listed version; for an installed one, the
//! installed version (judged on the catalog's record of it, or on its own when the catalog
//! does not list it) and every listed newer version — plus the older ones where the family
//! keeps them (yum). Each family only says what it lists and how it judges one version.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use patchcore_version::Scheme;

use super::group::Entry;
use super::rows::VersionRef;
use super::{Evaluator, Node, relation, scheme_error};
use crate::approval::{Candidate, judge};
use crate::error::Error;
use crate::explain::{CandidateExplanation, Recorder};
use crate::facts::{InstalledPackage, UpdateNotice};

/// One group being judged: who judges, at which instant, and where the entries go.
pub(crate) struct Judging<'a, 'j, R> {
    pub(crate) evaluator: &'a Evaluator<'a>,
    pub(crate) node: &'j Node<'j>,
    pub(crate) name: &'a str,
    pub(crate) arch: &'a str,
    pub(crate) now: DateTime<Utc>,
    pub(crate) recorder: &'j mut R,
    pub(crate) out: &'j mut Vec<Entry<'a>>,
    /// The distinct-version index of the version being judged (ascending with the version).
    pub(crate) rank: u32,
}

/// What an entry reports besides its verdict.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Labels<'a> {
    /// The Classification (empty: none).
    pub(crate) classification: &'a str,
    /// The vendor severity (empty: none).
    pub(crate) severity: &'a str,
    /// The notice the candidate comes from.
    pub(crate) notice: Option<&'a UpdateNotice>,
}

impl<'a, R: Recorder> Judging<'a, '_, R> {
    /// Judges `candidate` — `version`, related to the installed version by `order` — and
    /// records its entry at the current rank.
    pub(crate) fn push(
        &mut self,
        candidate: &Candidate<'_>,
        version: VersionRef<'a>,
        order: Option<Ordering>,
        labels: Labels<'a>,
    ) {
        let steps = self.recorder.begin(|| {
            CandidateExplanation::pending(
                version.to_string(),
                relation(order),
                labels.notice.map(|n| n.id.clone()),
            )
        });
        let verdict = judge(self.evaluator.baseline, candidate, self.now, steps);
        self.recorder.verdict(&verdict);
        self.out.push(Entry {
            rank: self.rank,
            relation: order,
            version,
            verdict,
            classification: labels.classification,
            severity: labels.severity,
            notice: labels.notice,
        });
    }
}

/// A package family's candidates: what its catalog lists and how one version is judged.
pub(crate) trait Source<'a> {
    /// A version the catalog lists for a group.
    type Listed: Copy;

    /// Whether an installed version the catalog lists is judged on the catalog's record of it
    /// (APT: its origins; RPM: its notices and build time). Otherwise it is always judged on
    /// its own record, and listed versions equal to it are not candidates (macOS: the
    /// installed package's own package manager is its Classification).
    const OWN_FROM_CATALOG: bool;

    /// The group's listed versions, ascending, each version once.
    fn listed(evaluator: &'a Evaluator<'a>, name: &'a str, arch: &'a str) -> Vec<Self::Listed>;

    /// A listed version against the installed one (of the family's scheme, see [`Self::check`]).
    fn compare(listed: Self::Listed, installed: &InstalledPackage) -> Ordering;

    /// The version scheme of the family's packages.
    const SCHEME: Scheme;

    /// Fails when the installed version is not of the family's scheme.
    fn check(node: &Node<'_>, installed: &InstalledPackage) -> Result<(), Error> {
        if installed.version.scheme() == Self::SCHEME {
            Ok(())
        } else {
            Err(scheme_error(node, installed))
        }
    }

    /// Whether listed versions older than the installed one are candidates (yum, observed.md
    /// Y5); dnf and zypper skip them (N4), APT considers only versions at or above (A1).
    fn keep_older(_node: &Node<'_>) -> bool {
        false
    }

    /// Whether the installed package can be updated at all (macOS `installer` packages
    /// cannot: never Missing, evaluation.md 1.6).
    fn updatable(_installed: &InstalledPackage) -> bool {
        true
    }

    /// Judges a listed version at the current rank.
    fn judge_listed<R: Recorder>(
        j: &mut Judging<'a, '_, R>,
        listed: Self::Listed,
        order: Option<Ordering>,
    );

    /// Judges the installed version on its own record, at the current rank.
    fn judge_installed<R: Recorder>(j: &mut Judging<'a, '_, R>, installed: &'a InstalledPackage);
}

/// The judged candidates of the group `j` names, in ascending version order (`installed`:
/// the highest installed version of the group, if any).
pub(crate) fn entries<'a, S: Source<'a>, R: Recorder>(
    j: &mut Judging<'a, '_, R>,
    installed: Option<&'a InstalledPackage>,
) -> Result<(), Error> {
    let listed = S::listed(j.evaluator, j.name, j.arch);
    let Some(installed) = installed else {
        for version in listed {
            S::judge_listed(j, version, None);
            j.rank += 1;
        }
        return Ok(());
    };
    S::check(j.node, installed)?;
    let split = listed.partition_point(|v| S::compare(*v, installed).is_lt());
    let (older, rest) = listed.split_at_checked(split).unwrap_or((&listed, &[]));
    let equal = rest
        .iter()
        .take_while(|v| S::compare(**v, installed).is_eq())
        .count();
    let (same, newer) = rest.split_at_checked(equal).unwrap_or((rest, &[]));
    if S::keep_older(j.node) {
        for version in older {
            S::judge_listed(j, *version, Some(Ordering::Less));
            j.rank += 1;
        }
    }
    match same.first().filter(|_| S::OWN_FROM_CATALOG) {
        Some(version) => S::judge_listed(j, *version, Some(Ordering::Equal)),
        None => S::judge_installed(j, installed),
    }
    j.rank += 1;
    if S::updatable(installed) {
        for version in newer {
            S::judge_listed(j, *version, Some(Ordering::Greater));
            j.rank += 1;
        }
    }
    Ok(())
}

/// Judges only the installed version, on its own record (the catalog does not list it, or
/// the family never judges it on the catalog's record).
pub(crate) fn installed_alone<'a, S: Source<'a>, R: Recorder>(
    j: &mut Judging<'a, '_, R>,
    installed: &'a InstalledPackage,
) -> Result<(), Error> {
    S::check(j.node, installed)?;
    S::judge_installed(j, installed);
    Ok(())
}

/// Runs `$body` with `$source` naming the candidate source of `$family` (any family but
/// Windows, whose updates are not grouped).
macro_rules! with_source {
    ($family:expr, $source:ident => $body:expr) => {
        match $family {
            patchcore_baseline::PackageFamily::Apt => {
                type $source = $crate::evaluate::apt::Apt;
                $body
            }
            patchcore_baseline::PackageFamily::YumDnf
            | patchcore_baseline::PackageFamily::Zypper => {
                type $source = $crate::evaluate::rpm::Rpm;
                $body
            }
            _ => {
                type $source = $crate::evaluate::macos::MacOs;
                $body
            }
        }
    };
}
pub(crate) use with_source;
