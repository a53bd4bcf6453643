//! The facts model: what a node has installed ([`Inventory`]) and what is available to it
//! ([`Catalog`]).
//!
//! These are plain data types, serde-serializable with stable `snake_case` field names, built by
//! `patchcore-ingest` from real files and read by the evaluation. They carry every fact the
//! evaluation spec needs (`shared/spec/evaluation.md` sections 1–4, `observed.md`):
//!
//! - APT: every origin of each available version with its trusted flag and suite, to decide
//!   whether the version is a security version (observed.md A6), plus Debian `Priority` and
//!   `Section`; the node's native architecture (A11);
//! - RPM: the versions actually offered by enabled repositories, kept apart from the package
//!   lists inside update notices (observed.md Y4, N4); notices with their raw date text (D2,
//!   D3), file order (N5) and module streams (N4); package build times (D2);
//! - Windows: the installed KBs and OS build, and the catalog's updates with supersedence;
//! - macOS: packages with their package manager;
//! - Install: the packages the last run installed, the last `NoReboot` install and the last boot
//!   (observed.md C3).
//!
//! Built for size: repeated origins and repositories are interned once and referred to by
//! small ids ([`OriginId`], [`RepoId`]); the lists are sorted by package name when built, so a
//! lookup by name is a binary search that allocates nothing.
//!
//! Ownership note for the team: `rpm.rs` and `windows.rs` are extended by the RPM/Windows
//! ingest work (helper D2) — add fields there as the readers need them; the other files belong
//! to the facts/APT work (helper D1).

mod apt;
mod catalog;
mod inventory;
mod macos;
mod rpm;
mod version;
mod windows;

pub use apt::{AptCatalog, AptCatalogBuilder, AptOrigin, AptVersion, OriginId};
pub use catalog::Catalog;
pub use inventory::{InstallHistory, InstalledPackage, Inventory, ModuleStream, PackageRef};
pub use macos::{MacCatalog, MacPackage, MacPackageManager};
pub use rpm::{
    NoticePackage, NoticeReference, OfferedPackage, ReferenceKind, RepoId, Repository, RpmCatalog,
    RpmCatalogBuilder, UpdateNotice,
};
pub use version::PackageVersion;
pub use windows::{WindowsCatalog, WindowsUpdate};

/// Interns repeated values (origins, repositories): each distinct value is stored once and
/// named by its position. Catalog builders share it; `rpm.rs` may use it too.
#[derive(Debug, Clone)]
struct Interner<T> {
    items: Vec<T>,
    ids: std::collections::HashMap<T, u32>,
}

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            ids: std::collections::HashMap::new(),
        }
    }
}

impl<T: std::hash::Hash + Eq + Clone> Interner<T> {
    /// The position of `item`, stored when new.
    fn intern(&mut self, item: T) -> u32 {
        if let Some(id) = self.ids.get(&item) {
            return *id;
        }
        let id = u32::try_from(self.items.len()).unwrap_or(u32::MAX);
        self.ids.insert(item.clone(), id);
        self.items.push(item);
        id
    }

    /// Interns every item of another table: the new position of each old one.
    fn intern_all(&mut self, items: Vec<T>) -> Vec<u32> {
        items.into_iter().map(|item| self.intern(item)).collect()
    }

    fn into_items(self) -> Vec<T> {
        self.items
    }
}

/// The run of `items` (sorted by `key`) whose key equals `wanted`: two binary searches, no
/// allocation. Every lookup by name in the facts goes through it.
fn equal_run<'a, T, K: Ord + ?Sized>(
    items: &'a [T],
    wanted: &K,
    key: impl Fn(&T) -> &K,
) -> &'a [T] {
    let start = items.partition_point(|item| key(item) < wanted);
    let rest = items.get(start..).unwrap_or_default();
    rest.get(..rest.partition_point(|item| key(item) == wanted))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use patchcore_baseline::OperatingSystem;

    use super::*;

    /// The serialized names are a contract with every consumer of saved facts: this test
    /// fails when one changes.
    #[test]
    fn serialized_field_names_are_stable() {
        let mut inventory = Inventory::new(OperatingSystem::Debian, "Debian12");
        inventory.native_arch = Some("amd64".into());
        let mut package = InstalledPackage::new(
            "tzdata",
            "amd64",
            PackageVersion::deb("2025b-0+deb12u2").unwrap(),
        );
        package.priority = Some("required".into());
        inventory.extend_packages([package]);
        assert_eq!(
            serde_json::to_string(&inventory).unwrap(),
            r#"{"operating_system":"DEBIAN","product":"Debian12","platform_name":"","platform_version":"","native_arch":"amd64","packages":[{"name":"tzdata","arch":"amd64","version":{"deb":"2025b-0+deb12u2"},"priority":"required"}],"installed_kbs":[],"install":{}}"#
        );

        let mut builder = AptCatalogBuilder::default();
        let id = builder.origin(AptOrigin {
            archive: "bookworm-security".into(),
            trusted: true,
            ..AptOrigin::default()
        });
        let mut version = AptVersion::new("tzdata", "amd64", "2026f-0+deb12u1".parse().unwrap());
        version.origins.push(id);
        builder.push(version);
        let catalog = Catalog {
            apt: builder.build(),
            ..Catalog::default()
        };
        assert_eq!(
            serde_json::to_string(&catalog.apt).unwrap(),
            r#"{"origins":[{"archive":"bookworm-security","codename":"","origin":"","label":"","site":"","component":"","trusted":true,"not_automatic":false,"but_automatic_upgrades":false}],"versions":[{"name":"tzdata","arch":"amd64","version":"2026f-0+deb12u1","origins":[0]}]}"#
        );
        let json = serde_json::to_value(&catalog).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["apt", "macos", "rpm", "windows"]);
        let back: Catalog =
            serde_json::from_str(&serde_json::to_string(&catalog).unwrap()).unwrap();
        assert_eq!(back, catalog);
    }
}
