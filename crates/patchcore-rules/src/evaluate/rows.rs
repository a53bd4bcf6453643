//! The result of a Scan: one [`Decision`] per reported package or update.

use std::cmp::Ordering;
use std::fmt;

use chrono::{DateTime, Utc};
use patchcore_baseline::{ComplianceLevel, PackageFamily};
use patchcore_version::deb::VersionBuf;
use patchcore_version::rpm::EvrBuf;
use patchcore_version::windows::KbId;
use serde::{Serialize, Serializer};

use super::Evaluator;
use crate::facts::{Inventory, PackageVersion};
use crate::state::PatchState;

/// A version borrowed from the inventory or the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum VersionRef<'a> {
    /// An RPM EVR.
    Rpm(&'a EvrBuf),
    /// A Debian version.
    Deb(&'a VersionBuf),
    /// Other version text (macOS).
    Text(&'a str),
}

impl<'a> VersionRef<'a> {
    /// A view of an installed version.
    pub fn of(version: &'a PackageVersion) -> Self {
        match version {
            PackageVersion::Rpm(v) => Self::Rpm(v),
            PackageVersion::Deb(v) => Self::Deb(v),
            PackageVersion::Text(v) => Self::Text(v),
        }
    }

    /// An owned copy.
    pub fn to_owned_version(self) -> PackageVersion {
        match self {
            Self::Rpm(v) => PackageVersion::Rpm(v.clone()),
            Self::Deb(v) => PackageVersion::Deb(v.clone()),
            Self::Text(v) => PackageVersion::Text(v.to_owned()),
        }
    }

    /// Whether `installed` is of this version's scheme.
    pub fn same_scheme(self, installed: &PackageVersion) -> bool {
        matches!(
            (self, installed),
            (Self::Rpm(_), PackageVersion::Rpm(_))
                | (Self::Deb(_), PackageVersion::Deb(_))
                | (Self::Text(_), PackageVersion::Text(_))
        )
    }

    /// The version's original text.
    pub fn text(self) -> &'a str {
        match self {
            Self::Rpm(v) => v.as_str(),
            Self::Deb(v) => v.as_str(),
            Self::Text(v) => v,
        }
    }

    /// Compares with an installed version of the same scheme (`None` across schemes; text
    /// order between macOS versions that are not valid dotted versions).
    pub fn cmp_installed(self, installed: &PackageVersion) -> Option<Ordering> {
        match (self, installed) {
            (Self::Rpm(a), PackageVersion::Rpm(b)) => Some((*a).cmp(b)),
            (Self::Deb(a), PackageVersion::Deb(b)) => Some((*a).cmp(b)),
            (Self::Text(a), PackageVersion::Text(b)) => Some(dotted(a, b)),
            _ => None,
        }
    }

    /// Whether it is the same version as `other` (by the scheme's equality).
    pub fn same_as(self, other: &PackageVersion) -> bool {
        match (self, other) {
            (Self::Rpm(a), PackageVersion::Rpm(b)) => a == b,
            (Self::Deb(a), PackageVersion::Deb(b)) => a == b,
            (Self::Text(a), PackageVersion::Text(b)) => dotted(a, b).is_eq(),
            _ => false,
        }
    }
}

impl fmt::Display for VersionRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rpm(v) => v.fmt(f),
            Self::Deb(v) => v.fmt(f),
            Self::Text(v) => f.write_str(v),
        }
    }
}

impl Serialize for VersionRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The order of two macOS (dotted) versions; text order when either is not a valid dotted
/// version, so that the order is total (decision R23).
pub(crate) fn dotted(a: &str, b: &str) -> Ordering {
    patchcore_version::compare(patchcore_version::Scheme::Dotted, a, b).unwrap_or_else(|_| a.cmp(b))
}

/// The decision for one package (`name.arch`) or Windows update: the reported row
/// (observed.md A13) with what the compliance report needs.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Decision<'a> {
    /// Package name; empty for a Windows update.
    pub name: &'a str,
    /// Architecture; empty for Windows and macOS.
    pub arch: &'a str,
    /// The package family.
    #[serde(skip)]
    pub family: PackageFamily,
    /// Windows: the KB.
    pub kb: Option<KbId>,
    /// The state.
    pub state: PatchState,
    /// The highest installed version (packages).
    pub installed_version: Option<VersionRef<'a>>,
    /// Missing: the version to install (the highest approved).
    pub target_version: Option<VersionRef<'a>>,
    /// The Classification of the reported version (`Security`, `Bugfix`, `SecurityUpdates`,
    /// `brew`; empty when it has none).
    pub classification: &'a str,
    /// The vendor severity of the reported version (notice severity, Debian priority, MSRC
    /// severity; empty when none).
    pub severity: &'a str,
    /// The compliance level (`UNSPECIFIED` unless approved).
    pub compliance_level: &'a ComplianceLevel,
    /// When the package was installed (Installed* states only).
    pub installed_time: Option<DateTime<Utc>>,
    /// CVE ids (Missing: union over every skipped version, observed; sorted).
    pub cve_ids: Vec<&'a str>,
    /// Windows: the update's title; empty otherwise.
    pub title_text: &'a str,
}

/// Writes `name.arch` (the compliance Id of a Linux package).
struct IdDisplay<'d, 'a>(&'d Decision<'a>);

impl fmt::Display for IdDisplay<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        match (d.kb, d.family) {
            (Some(kb), _) => write!(f, "{kb}"),
            (None, PackageFamily::MacOs) => f.write_str(d.name),
            _ => write!(f, "{}.{}", d.name, d.arch),
        }
    }
}

/// Writes the Title (observed.md A13).
struct TitleDisplay<'d, 'a>(&'d Decision<'a>);

impl fmt::Display for TitleDisplay<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        if let Some(kb) = d.kb {
            return if d.title_text.is_empty() {
                write!(f, "{kb}")
            } else {
                f.write_str(d.title_text)
            };
        }
        let version = d.reported_version();
        match (d.family, version) {
            (PackageFamily::MacOs, Some(v)) => write!(f, "{}.{v}", d.name),
            (_, Some(VersionRef::Rpm(evr))) => {
                let evr = evr.as_evr();
                let epoch = evr.epoch().unwrap_or("0");
                write!(f, "{}.{}:{epoch}:{}", d.name, d.arch, evr.version())?;
                match evr.release() {
                    Some(release) => write!(f, "-{release}"),
                    None => Ok(()),
                }
            }
            (_, Some(v)) => write!(f, "{}.{}:{v}", d.name, d.arch),
            (_, None) => write!(f, "{}", IdDisplay(d)),
        }
    }
}

impl<'a> Decision<'a> {
    /// The compliance Id: `name.arch` (Linux), the name (macOS) or the KB (Windows).
    pub fn id(&self) -> impl fmt::Display + '_ {
        IdDisplay(self)
    }

    /// The Title: `name.arch:version` of the reported version (RPM:
    /// `name.arch:epoch:version-release`, epoch always printed), `name.version` on macOS, the
    /// update title on Windows (observed.md A13).
    pub fn title(&self) -> impl fmt::Display + '_ {
        TitleDisplay(self)
    }

    /// The version the row names: the target when Missing, else the installed version.
    pub fn reported_version(&self) -> Option<VersionRef<'a>> {
        self.target_version.or(self.installed_version)
    }

    /// Orders rows by Id (then Title), comparing without building strings.
    fn cmp_id(&self, other: &Self) -> Ordering {
        match (self.kb, other.kb) {
            (Some(a), Some(b)) => a
                .cmp(&b)
                .then_with(|| self.title_text.cmp(other.title_text)),
            _ => {
                // Names that differ before either ends decide alone (the common case).
                let (a, b) = (self.name.as_bytes(), other.name.as_bytes());
                let common = a.len().min(b.len());
                match a.get(..common).cmp(&b.get(..common)) {
                    Ordering::Equal => id_bytes(self).cmp(id_bytes(other)),
                    decided => decided,
                }
            }
        }
    }
}

fn id_bytes<'k>(d: &Decision<'k>) -> impl Iterator<Item = u8> + 'k {
    let dot: &'static [u8] = if d.family == PackageFamily::MacOs {
        b""
    } else {
        b"."
    };
    d.name
        .bytes()
        .chain(dot.iter().copied())
        .chain(d.arch.bytes())
}

/// The result of a Scan of one node.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Scan<'a> {
    rows: Vec<Decision<'a>>,
    /// Linux and macOS: packages not installed with an approved version — counted, not listed.
    not_applicable_count: usize,
    /// The evaluation instant.
    now: DateTime<Utc>,
    #[serde(skip)]
    available_security_updates_non_compliant: bool,
}

impl<'a> Scan<'a> {
    pub(crate) fn new(
        evaluator: &'a Evaluator<'a>,
        inventory: &Inventory,
        mut rows: Vec<Decision<'a>>,
        not_applicable_count: usize,
        now: DateTime<Utc>,
    ) -> Self {
        apply_pending_reboot(inventory, &mut rows);
        rows.sort_by(Decision::cmp_id);
        Self {
            rows,
            not_applicable_count,
            now,
            available_security_updates_non_compliant: evaluator
                .available_security_updates_non_compliant(),
        }
    }

    /// The reported rows, sorted by Id.
    pub fn rows(&self) -> &[Decision<'a>] {
        &self.rows
    }

    /// Mutable rows (Install outcomes rewrite states).
    pub(crate) fn rows_mut(&mut self) -> &mut Vec<Decision<'a>> {
        &mut self.rows
    }

    /// The row with Id `id` (`name.arch`, a macOS name or `KB…`).
    pub fn row(&self, id: &str) -> Option<&Decision<'a>> {
        self.rows.iter().find(|r| r.id().to_string() == id)
    }

    /// The number of rows in `state`, counting the unlisted Linux `NotApplicable` packages.
    pub fn count(&self, state: PatchState) -> usize {
        let listed = self.rows.iter().filter(|r| r.state == state).count();
        if state == PatchState::NotApplicable {
            listed + self.not_applicable_count
        } else {
            listed
        }
    }

    /// Linux/macOS packages counted `NotApplicable` but not listed.
    pub fn unlisted_not_applicable(&self) -> usize {
        self.not_applicable_count
    }

    /// The evaluation instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Whether the baseline makes `AvailableSecurityUpdate` rows non-compliant.
    pub fn available_security_updates_non_compliant(&self) -> bool {
        self.available_security_updates_non_compliant
    }

    /// Whether a row makes the node non-compliant (compliance.md 1.2).
    pub fn is_row_non_compliant(&self, row: &Decision<'_>) -> bool {
        row.state.is_non_compliant()
            || (row.state == PatchState::AvailableSecurityUpdate
                && self.available_security_updates_non_compliant)
    }

    /// The node's compliance status (compliance.md 1.2).
    pub fn is_compliant(&self) -> bool {
        !self.rows.iter().any(|r| self.is_row_non_compliant(r))
    }
}

/// Whether the last Install left a reboot pending (evaluation.md 8.4): a `NoReboot` install
/// happened and the node has not booted since.
pub(crate) fn reboot_pending(inventory: &Inventory) -> bool {
    let history = &inventory.install;
    match (history.last_no_reboot_install, history.last_boot) {
        (Some(install), Some(boot)) => boot < install,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Moves rows installed by the last `NoReboot` Install, still installed at that exact version,
/// to `InstalledPendingReboot` while no reboot happened since (evaluation.md 8.4, observed.md
/// C3). Installs outside Patch Manager never get there.
pub(crate) fn apply_pending_reboot(inventory: &Inventory, rows: &mut [Decision<'_>]) {
    if !reboot_pending(inventory) {
        return;
    }
    let history = &inventory.install;
    for row in rows.iter_mut().filter(|r| r.state.pending_reboot_applies()) {
        let pending = match row.kb {
            Some(kb) => history.installed_kbs.contains(&kb),
            None => row.installed_version.is_some_and(|v| {
                history
                    .installed_packages
                    .iter()
                    .any(|p| p.name == row.name && p.arch == row.arch && v.same_as(&p.version))
            }),
        };
        if pending {
            row.state = PatchState::InstalledPendingReboot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decision R23: valid dotted versions compare by number; when either is not a valid
    /// dotted version, by text — a total order either way.
    #[test]
    fn macos_versions_that_are_not_dotted_compare_as_text() {
        // Valid: by number (text order would say Less, and unequal).
        assert_eq!(dotted("1.10", "1.9"), Ordering::Greater);
        assert_eq!(dotted("1.0", "1"), Ordering::Equal);
        // Not valid (`b`): by text, where `9` sorts after `1`.
        assert_eq!(dotted("1.9b", "1.10b"), Ordering::Greater);
        assert_eq!(dotted("1.10b", "1.9b"), Ordering::Less);
        assert_eq!(dotted("1.10", "1.9b"), Ordering::Less);
        assert_eq!(dotted("1.0b", "1.0b"), Ordering::Equal);
        let installed = PackageVersion::Text("1.9b".into());
        assert_eq!(
            VersionRef::Text("1.10b").cmp_installed(&installed),
            Some(Ordering::Less)
        );
        assert!(VersionRef::Text("1.9b").same_as(&installed));
        assert!(VersionRef::Text("1.0").same_as(&PackageVersion::Text("1".into())));
    }
}
