//! What RPM repositories offer: package versions and update notices (kept apart).
//!
//! Extended by the RPM ingest work (helper D2): add fields as the readers need them.

use std::collections::HashMap;

use patchcore_version::rpm::EvrBuf;
use serde::{Deserialize, Serialize};

use super::inventory::ModuleStream;

/// A repository (yum/dnf repo id, zypper alias).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Repository {
    /// Repository id (`amzn2-core`, `baseos`).
    pub id: String,
}

impl Repository {
    /// The repository `id`.
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }
}

/// A repository's position in [`RpmCatalog::repositories`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RepoId(pub u32);

/// A package version an enabled repository offers (observed.md Y4: only these can be
/// installed, whatever the notices list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OfferedPackage {
    /// Package name.
    pub name: String,
    /// Architecture (`x86_64`, `noarch`).
    pub arch: String,
    /// Epoch, version, release (original text kept).
    pub evr: EvrBuf,
    /// Build time, seconds since the Unix epoch (dates a notice-less package on yum, D2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_time: Option<i64>,
    /// The repository that offers it.
    pub repository: RepoId,
    /// Where the package file is, relative to the repository (`Packages/b/bash-5.1.8-9.el9.x86_64.rpm`),
    /// when the source says (repodata `primary.xml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

impl OfferedPackage {
    /// A package offered by `repository`, build time unknown.
    pub fn new(
        name: impl Into<String>,
        arch: impl Into<String>,
        evr: EvrBuf,
        repository: RepoId,
    ) -> Self {
        Self {
            name: name.into(),
            arch: arch.into(),
            evr,
            build_time: None,
            repository,
            location: None,
        }
    }

    fn key(&self) -> (&str, &str, &EvrBuf, RepoId) {
        (&self.name, &self.arch, &self.evr, self.repository)
    }
}

/// The kind of a notice reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReferenceKind {
    /// `type="cve"`.
    Cve,
    /// `type="bugzilla"`.
    Bugzilla,
    /// `type="self"` or another advisory id.
    Advisory,
    /// Any other type, as written.
    Other(String),
}

/// A reference of an update notice (CVE, Bugzilla, advisory).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NoticeReference {
    /// What the id is.
    pub kind: ReferenceKind,
    /// The id (`CVE-2024-1234`, `2261234`, `RHSA-2024:1234`).
    pub id: String,
}

impl NoticeReference {
    /// A reference of `kind` to `id`.
    pub fn new(kind: ReferenceKind, id: impl Into<String>) -> Self {
        Self {
            kind,
            id: id.into(),
        }
    }
}

/// A package listed in an update notice (not necessarily offered by any repository).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NoticePackage {
    /// Package name.
    pub name: String,
    /// Architecture.
    pub arch: String,
    /// Epoch, version, release (a missing epoch is 0).
    pub evr: EvrBuf,
    /// The module stream of the notice collection the package is in (observed.md N4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<ModuleStream>,
}

impl NoticePackage {
    /// A package outside any module.
    pub fn new(name: impl Into<String>, arch: impl Into<String>, evr: EvrBuf) -> Self {
        Self {
            name: name.into(),
            arch: arch.into(),
            evr,
            module: None,
        }
    }
}

/// An update notice (`<update>` of updateinfo.xml, a zypper patch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UpdateNotice {
    /// Notice id (`ALAS2023-2024-123`, `RHSA-2024:1234`).
    pub id: String,
    /// The `type` attribute as written (`security`, `bugfix`); Classification is its Title case.
    pub notice_type: String,
    /// Title (`<title>`, a zypper patch's summary); `None` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Status as the source writes it: updateinfo `status` (`final`, `stable`), zypper
    /// list-patches `Status` (`needed`, `applied`, `not needed`); `None` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `<severity>` as written; `None` when absent or empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// `<issued date>` raw text (parsed per OS family by the evaluation, observed.md D3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<String>,
    /// `<updated date>` raw text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    /// Position in the order the notices were read (file order, observed.md N5).
    pub order: u32,
    /// The repository that published it, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<RepoId>,
    /// References: CVE, Bugzilla, advisory ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<NoticeReference>,
    /// The packages the notice lists.
    #[serde(default)]
    pub packages: Vec<NoticePackage>,
}

impl UpdateNotice {
    /// A notice of `notice_type` with nothing else known.
    pub fn new(id: impl Into<String>, notice_type: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            notice_type: notice_type.into(),
            title: None,
            status: None,
            severity: None,
            issued: None,
            updated: None,
            order: 0,
            repository: None,
            references: Vec::new(),
            packages: Vec::new(),
        }
    }
}

/// Collects repositories, offered packages and notices, then indexes them once.
#[derive(Debug, Clone, Default)]
pub struct RpmCatalogBuilder {
    repositories: Vec<Repository>,
    ids: HashMap<Repository, RepoId>,
    packages: Vec<OfferedPackage>,
    notices: Vec<UpdateNotice>,
}

impl RpmCatalogBuilder {
    /// Interns a repository: equal repositories get one id.
    pub fn repository(&mut self, repository: Repository) -> RepoId {
        if let Some(id) = self.ids.get(&repository) {
            return *id;
        }
        let id = RepoId(u32::try_from(self.repositories.len()).unwrap_or(u32::MAX));
        self.ids.insert(repository.clone(), id);
        self.repositories.push(repository);
        id
    }

    /// Adds an offered package (its repository must come from [`Self::repository`]).
    pub fn offer(&mut self, package: OfferedPackage) {
        self.packages.push(package);
    }

    /// Adds a notice; its `order` is set to its position among all notices added so far.
    pub fn notice(&mut self, mut notice: UpdateNotice) {
        notice.order = u32::try_from(self.notices.len()).unwrap_or(u32::MAX);
        self.notices.push(notice);
    }

    /// Adds everything in `catalog` (after the notices already added), re-interning its
    /// repositories.
    pub fn extend(&mut self, catalog: RpmCatalog) {
        let map: Vec<RepoId> = catalog
            .repositories
            .into_iter()
            .map(|r| self.repository(r))
            .collect();
        let remap = |id: RepoId| map.get(id.0 as usize).copied().unwrap_or(id);
        for mut package in catalog.packages {
            package.repository = remap(package.repository);
            self.offer(package);
        }
        for mut notice in catalog.notices {
            notice.repository = notice.repository.map(remap);
            self.notice(notice);
        }
    }

    /// Sorts the offered packages by name, architecture and EVR and indexes the notices'
    /// packages by name.
    pub fn build(self) -> RpmCatalog {
        let mut packages = self.packages;
        packages.sort_by(|a, b| a.key().cmp(&b.key()));
        packages.dedup_by(|a, b| a.key() == b.key());
        let mut catalog = RpmCatalog {
            repositories: self.repositories,
            packages,
            notices: self.notices,
            notice_index: Vec::new(),
        };
        catalog.index_notices();
        catalog
    }
}

/// Where one notice package is: notice position and package position in that notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NoticeSlot {
    notice: u32,
    package: u32,
}

/// What RPM repositories offer a node: the offered versions and, kept apart, the update
/// notices. Build one with [`RpmCatalogBuilder`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RpmCatalogRepr")]
pub struct RpmCatalog {
    repositories: Vec<Repository>,
    packages: Vec<OfferedPackage>,
    notices: Vec<UpdateNotice>,
    #[serde(skip)]
    notice_index: Vec<NoticeSlot>,
}

#[derive(Deserialize)]
struct RpmCatalogRepr {
    #[serde(default)]
    repositories: Vec<Repository>,
    #[serde(default)]
    packages: Vec<OfferedPackage>,
    #[serde(default)]
    notices: Vec<UpdateNotice>,
}

impl From<RpmCatalogRepr> for RpmCatalog {
    fn from(repr: RpmCatalogRepr) -> Self {
        let mut builder = RpmCatalogBuilder::default();
        builder.extend(RpmCatalog {
            repositories: repr.repositories,
            packages: repr.packages,
            notices: repr.notices,
            notice_index: Vec::new(),
        });
        builder.build()
    }
}

impl RpmCatalog {
    fn index_notices(&mut self) {
        // Sort (name, slot) pairs that borrow the names, rather than slots whose names are
        // looked up twice per comparison: a 50,000-notice file has hundreds of thousands of slots.
        let mut keyed: Vec<(&str, NoticeSlot)> = Vec::new();
        for (n, notice) in self.notices.iter().enumerate() {
            for (p, package) in notice.packages.iter().enumerate() {
                let slot = NoticeSlot {
                    notice: u32::try_from(n).unwrap_or(u32::MAX),
                    package: u32::try_from(p).unwrap_or(u32::MAX),
                };
                keyed.push((package.name.as_str(), slot));
            }
        }
        keyed.sort_unstable_by(|a, b| {
            (a.0, a.1.notice, a.1.package).cmp(&(b.0, b.1.notice, b.1.package))
        });
        let index = keyed.into_iter().map(|(_, slot)| slot).collect();
        self.notice_index = index;
    }

    fn slot(&self, slot: NoticeSlot) -> Option<(&UpdateNotice, &NoticePackage)> {
        let notice = self.notices.get(slot.notice as usize)?;
        Some((notice, notice.packages.get(slot.package as usize)?))
    }

    /// Every repository; a [`RepoId`] is a position in this list.
    pub fn repositories(&self) -> &[Repository] {
        &self.repositories
    }

    /// The repository `id`, if it exists.
    pub fn repository(&self, id: RepoId) -> Option<&Repository> {
        self.repositories.get(id.0 as usize)
    }

    /// Every offered package, sorted by name, architecture, EVR and repository.
    pub fn packages(&self) -> &[OfferedPackage] {
        &self.packages
    }

    /// Every offered version of `name.arch`, lowest first (one entry per repository).
    pub fn offered(&self, name: &str, arch: &str) -> &[OfferedPackage] {
        let named = super::equal_run(&self.packages, name, |p| p.name.as_str());
        super::equal_run(named, arch, |p| p.arch.as_str())
    }

    /// Whether a repository offers exactly `name.arch` at `evr`.
    pub fn is_offered(&self, name: &str, arch: &str, evr: &EvrBuf) -> bool {
        self.offered(name, arch).iter().any(|p| &p.evr == evr)
    }

    /// Every notice, in the order read.
    pub fn notices(&self) -> &[UpdateNotice] {
        &self.notices
    }

    /// Every (notice, listed package) pair for packages named `name`, in notice order.
    pub fn notices_for<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = (&'a UpdateNotice, &'a NoticePackage)> + 'a {
        let start = self
            .notice_index
            .partition_point(|s| self.slot(*s).map_or("", |(_, p)| p.name.as_str()) < name);
        self.notice_index
            .get(start..)
            .unwrap_or_default()
            .iter()
            .map_while(move |s| self.slot(*s).filter(|(_, p)| p.name == name))
    }

    /// Adds everything `other` holds; its notices come after these in order.
    pub fn merge(self, other: RpmCatalog) -> RpmCatalog {
        let mut builder = RpmCatalogBuilder::default();
        builder.extend(self);
        builder.extend(other);
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> RpmCatalog {
        let mut b = RpmCatalogBuilder::default();
        let core = b.repository(Repository::new("amzn2-core"));
        b.offer(OfferedPackage::new(
            "openssl",
            "x86_64",
            "1:1.0.2k-24.amzn2".parse().unwrap(),
            core,
        ));
        b.offer(OfferedPackage::new(
            "bash",
            "x86_64",
            "4.2.46-34.amzn2".parse().unwrap(),
            core,
        ));
        let mut first = UpdateNotice::new("ALAS2-2023-1", "security");
        first.packages.push(NoticePackage::new(
            "openssl",
            "x86_64",
            "1:1.0.2k-24.amzn2".parse().unwrap(),
        ));
        b.notice(first);
        let mut second = UpdateNotice::new("ALAS2-2023-2", "bugfix");
        second.packages.push(NoticePackage::new(
            "bash",
            "x86_64",
            "4.2.46-34.amzn2".parse().unwrap(),
        ));
        second.packages.push(NoticePackage::new(
            "openssl",
            "x86_64",
            "1:1.0.2k-25.amzn2".parse().unwrap(),
        ));
        b.notice(second);
        b.build()
    }

    #[test]
    fn notices_for_a_name_come_in_file_order() {
        let c = catalog();
        let ids: Vec<&str> = c
            .notices_for("openssl")
            .map(|(n, _)| n.id.as_str())
            .collect();
        assert_eq!(ids, ["ALAS2-2023-1", "ALAS2-2023-2"]);
        assert_eq!(c.notices_for("bash").count(), 1);
        assert_eq!(c.notices_for("zsh").count(), 0);
        assert_eq!(c.notices()[1].order, 1);
    }

    #[test]
    fn notice_versions_are_kept_apart_from_offered_versions() {
        let c = catalog();
        assert!(c.is_offered("openssl", "x86_64", &"1:1.0.2k-24.amzn2".parse().unwrap()));
        assert!(!c.is_offered("openssl", "x86_64", &"1:1.0.2k-25.amzn2".parse().unwrap()));
        assert_eq!(c.offered("openssl", "x86_64").len(), 1);
    }

    #[test]
    fn merged_catalogs_keep_notice_order_and_round_trip() {
        let c = catalog().merge(catalog());
        assert_eq!(c.notices().len(), 4);
        assert_eq!(c.packages().len(), 2);
        assert_eq!(c.notices()[3].order, 3);
        let json = serde_json::to_string(&c).unwrap();
        let back: RpmCatalog = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
        assert_eq!(back.notices_for("openssl").count(), 4);
    }
}
