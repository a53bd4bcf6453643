//! What APT repositories offer: package versions and their origins.

use patchcore_version::deb::VersionBuf;
use serde::{Deserialize, Serialize};

/// One origin of package versions: an APT list (a Packages file of one suite and component)
/// with the fields of its `Release` file, as python-apt's `Origin` exposes them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AptOrigin {
    /// `Suite` of the Release file (python-apt `archive`): `bookworm-security`, `jammy-updates`,
    /// `stable-security`.
    pub archive: String,
    /// `Codename` of the Release file (`bookworm`, `jammy`).
    pub codename: String,
    /// `Origin` of the Release file (`Debian`, `Ubuntu`).
    pub origin: String,
    /// `Label` of the Release file (`Debian-Security`).
    pub label: String,
    /// Host name of the repository (`deb.debian.org`, `security.ubuntu.com`).
    pub site: String,
    /// Component (`main`, `universe`).
    pub component: String,
    /// Whether the list's signature was verified (offline rule: see `patchcore-ingest`).
    pub trusted: bool,
    /// `NotAutomatic: yes` in the Release file (backports): apt never upgrades to it by itself.
    pub not_automatic: bool,
    /// `ButAutomaticUpgrades: yes`: upgrades of packages installed from it are automatic.
    pub but_automatic_upgrades: bool,
}

impl AptOrigin {
    /// Whether this origin is a security pocket (observed.md A6): trusted, and its suite
    /// contains `security` (`bookworm-security`, `jammy-security`) or its site is a security
    /// archive (host name beginning with `security.`).
    pub fn is_security_pocket(&self) -> bool {
        self.trusted
            && (self.archive.to_ascii_lowercase().contains("security")
                || self.site.to_ascii_lowercase().starts_with("security."))
    }
}

/// An origin's position in [`AptCatalog::origins`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OriginId(pub u32);

/// One available version of one `name.arch`, with every origin that offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AptVersion {
    /// Package name.
    pub name: String,
    /// Architecture the version is keyed under (`all` becomes the native architecture when the
    /// reader was told it, observed.md A11).
    pub arch: String,
    /// The version (dpkg order; original text kept).
    pub version: VersionBuf,
    /// Debian `Priority` (`optional`, `required`), the `PRIORITY` filter's attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// Debian `Section` (`admin`, `libs`), the `SECTION` filter's attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// `Phased-Update-Percentage` (Ubuntu), when the version is being phased in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phased_update_percentage: Option<u8>,
    /// Every origin offering this version, ascending, without duplicates.
    pub origins: Vec<OriginId>,
}

impl AptVersion {
    /// A version with no priority, section or origin yet.
    pub fn new(name: impl Into<String>, arch: impl Into<String>, version: VersionBuf) -> Self {
        Self {
            name: name.into(),
            arch: arch.into(),
            version,
            priority: None,
            section: None,
            phased_update_percentage: None,
            origins: Vec::new(),
        }
    }

    fn key(&self) -> (&str, &str, &VersionBuf) {
        (&self.name, &self.arch, &self.version)
    }
}

/// Collects origins and versions from any number of lists, then sorts and merges them once.
#[derive(Debug, Clone, Default)]
pub struct AptCatalogBuilder {
    origins: super::Interner<AptOrigin>,
    versions: Vec<AptVersion>,
}

impl AptCatalogBuilder {
    /// Interns an origin: equal origins get one id.
    pub fn origin(&mut self, origin: AptOrigin) -> OriginId {
        OriginId(self.origins.intern(origin))
    }

    /// Adds one available version (its origins must come from [`Self::origin`]).
    pub fn push(&mut self, version: AptVersion) {
        self.versions.push(version);
    }

    /// Adds everything in `catalog`, re-interning its origins.
    pub fn extend(&mut self, catalog: AptCatalog) {
        let map = self.origins.intern_all(catalog.origins);
        self.versions.reserve(catalog.versions.len());
        for mut version in catalog.versions {
            for id in &mut version.origins {
                *id = map.get(id.0 as usize).map_or(*id, |new| OriginId(*new));
            }
            self.versions.push(version);
        }
    }

    /// Sorts by name, architecture and version and merges the entries of one version seen in
    /// several lists into one with every origin.
    pub fn build(self) -> AptCatalog {
        // Sort positions, not the large records (ties by position: a stable order), then move
        // each record once into place.
        let versions = self.versions;
        let mut order: Vec<usize> = (0..versions.len()).collect();
        order.sort_unstable_by(|&a, &b| match (versions.get(a), versions.get(b)) {
            (Some(x), Some(y)) => x.key().cmp(&y.key()).then(a.cmp(&b)),
            _ => a.cmp(&b),
        });
        let mut slots: Vec<Option<AptVersion>> = versions.into_iter().map(Some).collect();
        let mut merged: Vec<AptVersion> = Vec::with_capacity(slots.len());
        for version in order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        {
            match merged.last_mut() {
                Some(last) if last.key() == version.key() => {
                    last.origins.extend(version.origins);
                    last.priority = last.priority.take().or(version.priority);
                    last.section = last.section.take().or(version.section);
                    last.phased_update_percentage = last
                        .phased_update_percentage
                        .or(version.phased_update_percentage);
                }
                _ => merged.push(version),
            }
        }
        for version in &mut merged {
            version.origins.sort_unstable();
            version.origins.dedup();
        }
        AptCatalog {
            origins: self.origins.into_items(),
            versions: merged,
        }
    }
}

/// What APT repositories offer a node: every available version with its origins.
///
/// Versions are sorted by name, architecture and version (lowest first); build one with
/// [`AptCatalogBuilder`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "AptCatalogRepr")]
pub struct AptCatalog {
    origins: Vec<AptOrigin>,
    versions: Vec<AptVersion>,
}

/// The serialized form, re-sorted on the way in.
#[derive(Deserialize)]
struct AptCatalogRepr {
    #[serde(default)]
    origins: Vec<AptOrigin>,
    #[serde(default)]
    versions: Vec<AptVersion>,
}

impl From<AptCatalogRepr> for AptCatalog {
    fn from(repr: AptCatalogRepr) -> Self {
        let mut builder = AptCatalogBuilder::default();
        builder.extend(AptCatalog {
            origins: repr.origins,
            versions: repr.versions,
        });
        builder.build()
    }
}

impl AptCatalog {
    /// Every origin; an [`OriginId`] is a position in this list.
    pub fn origins(&self) -> &[AptOrigin] {
        &self.origins
    }

    /// The origin `id`, if it exists.
    pub fn origin(&self, id: OriginId) -> Option<&AptOrigin> {
        self.origins.get(id.0 as usize)
    }

    /// Every available version, sorted by name, architecture and version.
    pub fn versions(&self) -> &[AptVersion] {
        &self.versions
    }

    /// Every available version of `name`, all architectures.
    pub fn versions_named(&self, name: &str) -> &[AptVersion] {
        super::equal_run(&self.versions, name, |v| v.name.as_str())
    }

    /// Every available version of `name.arch`, lowest first.
    pub fn versions_of(&self, name: &str, arch: &str) -> &[AptVersion] {
        super::equal_run(self.versions_named(name), arch, |v| v.arch.as_str())
    }

    /// The highest available version of `name.arch`.
    pub fn newest(&self, name: &str, arch: &str) -> Option<&AptVersion> {
        self.versions_of(name, arch).last()
    }

    /// The origins of `version`.
    pub fn origins_of<'a>(
        &'a self,
        version: &'a AptVersion,
    ) -> impl Iterator<Item = &'a AptOrigin> {
        version.origins.iter().filter_map(|id| self.origin(*id))
    }

    /// Whether `version` is a security version: one of its origins is a trusted security
    /// pocket (observed.md A6).
    pub fn is_security(&self, version: &AptVersion) -> bool {
        self.origins_of(version).any(AptOrigin::is_security_pocket)
    }

    /// Adds every version and origin of `other` (an apt lists directory is many files).
    pub fn merge(self, other: AptCatalog) -> AptCatalog {
        let mut builder = AptCatalogBuilder::default();
        builder.extend(self);
        builder.extend(other);
        builder.build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(archive: &str, site: &str, trusted: bool) -> AptOrigin {
        AptOrigin {
            archive: archive.into(),
            site: site.into(),
            trusted,
            ..AptOrigin::default()
        }
    }

    fn version(name: &str, v: &str, origins: &[OriginId]) -> AptVersion {
        let mut version = AptVersion::new(name, "amd64", v.parse().unwrap());
        version.origins = origins.to_vec();
        version
    }

    #[test]
    fn security_pocket_needs_trust_and_a_security_suite_or_site() {
        assert!(origin("jammy-security", "archive.ubuntu.com", true).is_security_pocket());
        assert!(origin("bookworm-security", "deb.debian.org", true).is_security_pocket());
        assert!(origin("jammy", "security.ubuntu.com", true).is_security_pocket());
        assert!(!origin("jammy-security", "archive.ubuntu.com", false).is_security_pocket());
        assert!(!origin("jammy-updates", "archive.ubuntu.com", true).is_security_pocket());
        assert!(!origin("jammy", "mysecurity.example", true).is_security_pocket());
    }

    #[test]
    fn one_version_in_several_lists_has_every_origin() {
        let mut b = AptCatalogBuilder::default();
        let main = b.origin(origin("jammy-updates", "archive.ubuntu.com", true));
        let sec = b.origin(origin("jammy-security", "security.ubuntu.com", true));
        assert_eq!(
            b.origin(origin("jammy-updates", "archive.ubuntu.com", true)),
            main
        );
        b.push(version("openssl", "3.0.2-0ubuntu1.10", &[main]));
        b.push(version("openssl", "3.0.2-0ubuntu1.10", &[sec]));
        b.push(version("openssl", "3.0.2-0ubuntu1", &[main]));
        let catalog = b.build();
        assert_eq!(catalog.versions_of("openssl", "amd64").len(), 2);
        let newest = catalog.newest("openssl", "amd64").unwrap();
        assert_eq!(newest.origins, vec![main, sec]);
        assert!(catalog.is_security(newest));
        assert!(!catalog.is_security(&catalog.versions_of("openssl", "amd64")[0]));
    }

    #[test]
    fn merged_catalogs_reintern_origins() {
        let mut a = AptCatalogBuilder::default();
        let o = a.origin(origin("stable", "deb.debian.org", true));
        a.push(version("bash", "5.2.15-2", &[o]));
        let mut b = AptCatalogBuilder::default();
        let _unused = b.origin(origin("other", "x", false));
        let s = b.origin(origin("stable-security", "deb.debian.org", true));
        b.push(version("bash", "5.2.15-2+b1", &[s]));
        let merged = a.build().merge(b.build());
        let newest = merged.newest("bash", "amd64").unwrap();
        assert_eq!(newest.version.to_string(), "5.2.15-2+b1");
        assert!(merged.is_security(newest));
        assert_eq!(merged.origins().len(), 3);
    }

    proptest::proptest! {
        /// Lookups find exactly the versions pushed for a name.arch, sorted, one per dpkg-equal
        /// version, and merging two catalogs in either order gives the same versions.
        #[test]
        fn lookups_find_exactly_what_was_pushed(
            entries in proptest::collection::vec(("[a-c]{1,2}", "(amd64|all)", 0_u8..4, 0_u8..3), 0..40),
            split in 0_usize..40,
        ) {
            let mut builder = AptCatalogBuilder::default();
            let o = builder.origin(origin("stable", "x", true));
            let mut halves = (AptCatalogBuilder::default(), AptCatalogBuilder::default());
            let (oa, ob) = (halves.0.origin(origin("stable", "x", true)), halves.1.origin(origin("stable", "x", true)));
            for (i, (name, arch, major, minor)) in entries.iter().enumerate() {
                let text = format!("{major}.{minor}");
                let mut v = AptVersion::new(name.as_str(), arch.as_str(), text.parse().unwrap());
                v.origins.push(o);
                builder.push(v.clone());
                if i < split { v.origins = vec![oa]; halves.0.push(v) } else { v.origins = vec![ob]; halves.1.push(v) }
            }
            let catalog = builder.build();
            for (name, arch, _, _) in &entries {
                let mut expected: Vec<String> = entries
                    .iter()
                    .filter(|(n, a, _, _)| n == name && a == arch)
                    .map(|(_, _, major, minor)| format!("{major}.{minor}"))
                    .collect();
                expected.sort_by_key(|v| v.parse::<VersionBuf>().unwrap());
                expected.dedup();
                let found: Vec<String> = catalog.versions_of(name, arch).iter().map(|v| v.version.to_string()).collect();
                proptest::prop_assert_eq!(found, expected);
            }
            let (a, b) = (halves.0.build(), halves.1.build());
            let ab = a.clone().merge(b.clone());
            let ba = b.merge(a);
            proptest::prop_assert_eq!(ab.versions(), ba.versions());
            proptest::prop_assert_eq!(ab.versions(), catalog.versions());
        }
    }

    #[test]
    fn catalogs_round_trip_through_serde() {
        let mut b = AptCatalogBuilder::default();
        let o = b.origin(origin("stable", "deb.debian.org", true));
        b.push(version("zsh", "5.9-4", &[o]));
        b.push(version("bash", "5.2.15-2", &[o]));
        let catalog = b.build();
        let json = serde_json::to_string(&catalog).unwrap();
        let back: AptCatalog = serde_json::from_str(&json).unwrap();
        assert_eq!(back, catalog);
        assert_eq!(back.versions_named("zsh").len(), 1);
    }
}
