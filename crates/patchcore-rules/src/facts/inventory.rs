//! What a node has installed.

use chrono::{DateTime, Utc};
use patchcore_baseline::OperatingSystem;
use patchcore_version::windows::{KbId, OsBuild};
use serde::{Deserialize, Serialize};

use super::macos::MacPackageManager;
use super::version::PackageVersion;

/// One installed package version.
///
/// Several versions of one `name.arch` (kernels, installonly packages) are separate values; the
/// inventory keeps them all.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstalledPackage {
    /// Package name (`openssl`, `kernel-core`).
    pub name: String,
    /// Architecture the package is keyed under. Debian `Architecture: all` packages are
    /// recorded under the node's native architecture (observed.md A11).
    pub arch: String,
    /// Installed version in the node's scheme.
    pub version: PackageVersion,
    /// When the package was installed, when the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_time: Option<DateTime<Utc>>,
    /// Debian `Priority` from the dpkg status record (observed.md A12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// Debian `Section` from the dpkg status record (observed.md A12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The repository the package was installed from, when the source says (`@amzn2-core`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// macOS: the package manager that installed it (`installer` packages are never Missing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_manager: Option<MacPackageManager>,
}

impl InstalledPackage {
    /// A package with only name, architecture and version known.
    pub fn new(name: impl Into<String>, arch: impl Into<String>, version: PackageVersion) -> Self {
        Self {
            name: name.into(),
            arch: arch.into(),
            version,
            install_time: None,
            priority: None,
            section: None,
            repository: None,
            package_manager: None,
        }
    }

    fn key(&self) -> (&str, &str, &PackageVersion) {
        (&self.name, &self.arch, &self.version)
    }
}

/// A `name.arch` at one version: how Install facts name a package.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PackageRef {
    /// Package name.
    pub name: String,
    /// Architecture.
    pub arch: String,
    /// Version.
    pub version: PackageVersion,
}

impl PackageRef {
    /// A reference to `name.arch` at `version`.
    pub fn new(name: impl Into<String>, arch: impl Into<String>, version: PackageVersion) -> Self {
        Self {
            name: name.into(),
            arch: arch.into(),
            version,
        }
    }
}

/// An enabled DNF module stream (`nodejs:18`); notice packages of other streams are not
/// relevant (observed.md N4).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ModuleStream {
    /// Module name (`nodejs`).
    pub name: String,
    /// Stream (`18`).
    pub stream: String,
}

impl ModuleStream {
    /// The stream `name:stream`.
    pub fn new(name: impl Into<String>, stream: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            stream: stream.into(),
        }
    }
}

/// What the last patching operation did, as Install and the `InstalledPendingReboot` state need
/// it (evaluation.md 8.4, observed.md C3). Empty on a node that never ran an Install.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstallHistory {
    /// Packages (or, on Windows, nothing: see `installed_kbs`) installed by the last run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub installed_packages: Vec<PackageRef>,
    /// KBs installed by the last run (Windows).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub installed_kbs: Vec<KbId>,
    /// When the last Install with `RebootOption = NoReboot` ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_no_reboot_install: Option<DateTime<Utc>>,
    /// When the node last booted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_boot: Option<DateTime<Utc>>,
}

/// What a node has installed, and who the node is.
///
/// Packages are kept sorted by name, architecture and version, so that
/// [`Inventory::installed`] is a binary search; add them with
/// [`Inventory::extend_packages`] or [`Inventory::merge`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Inventory {
    /// The node's operating system.
    pub operating_system: OperatingSystem,
    /// The product string Patch Manager compares `PRODUCT` filters with (`Ubuntu22.04`,
    /// `AmazonLinux2023`, `WindowsServer2022`); empty when unknown.
    pub product: String,
    /// The platform name as the SSM Agent reports it (os-release `NAME`, Windows caption).
    #[serde(default)]
    pub platform_name: String,
    /// The platform version as the SSM Agent reports it (os-release `VERSION_ID`).
    #[serde(default)]
    pub platform_version: String,
    /// The node's native architecture (`amd64`, `x86_64`), when known (observed.md A11).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native_arch: Option<String>,
    /// Installed packages, sorted by name, architecture, version.
    #[serde(default, deserialize_with = "deserialize_sorted_packages")]
    packages: Vec<InstalledPackage>,
    /// Installed Windows updates, sorted and without duplicates.
    #[serde(default)]
    installed_kbs: Vec<KbId>,
    /// The Windows OS build (`10.0.20348.2031`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_build: Option<OsBuild>,
    /// Windows: the updates Windows Update reports as applicable to the node, when known. Given,
    /// it replaces the offline applicability rule (product match, not installed, not
    /// superseded by an installed KB) — it knows roles and features the node lacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicable_kbs: Option<Vec<KbId>>,
    /// Enabled DNF module streams.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub module_streams: Vec<ModuleStream>,
    /// Facts about the last patching run.
    #[serde(default)]
    pub install: InstallHistory,
}

fn deserialize_sorted_packages<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<InstalledPackage>, D::Error> {
    let mut packages = Vec::<InstalledPackage>::deserialize(deserializer)?;
    sort_packages(&mut packages);
    Ok(packages)
}

fn sort_packages(packages: &mut [InstalledPackage]) {
    packages.sort_by(|a, b| a.key().cmp(&b.key()));
}

impl Inventory {
    /// An empty inventory of a node running `operating_system` with the product string
    /// `product`.
    pub fn new(operating_system: OperatingSystem, product: impl Into<String>) -> Self {
        Self {
            operating_system,
            product: product.into(),
            ..Self::default()
        }
    }

    /// An inventory whose operating system is not known yet (`OperatingSystem::Unknown("")`):
    /// what a reader of installed packages alone (a dpkg status file) produces, to be merged
    /// with the node's identity (an os-release file).
    pub fn unidentified() -> Self {
        Self::new(OperatingSystem::Unknown(String::new()), "")
    }

    /// Whether the operating system is not known yet (see [`Inventory::unidentified`]).
    pub fn is_unidentified(&self) -> bool {
        matches!(&self.operating_system, OperatingSystem::Unknown(name) if name.is_empty())
    }

    /// Every installed package, sorted by name, architecture and version.
    pub fn packages(&self) -> &[InstalledPackage] {
        &self.packages
    }

    /// Adds installed packages; every version is kept, duplicates of one
    /// name/arch/version included once.
    pub fn extend_packages(&mut self, packages: impl IntoIterator<Item = InstalledPackage>) {
        self.packages.extend(packages);
        sort_packages(&mut self.packages);
        self.packages.dedup_by(|a, b| a.key() == b.key());
    }

    /// Every installed version of `name` (all architectures), lowest first.
    pub fn installed_named(&self, name: &str) -> &[InstalledPackage] {
        super::equal_run(&self.packages, name, |p| p.name.as_str())
    }

    /// Every installed version of `name.arch`, lowest first.
    pub fn installed(&self, name: &str, arch: &str) -> &[InstalledPackage] {
        super::equal_run(self.installed_named(name), arch, |p| p.arch.as_str())
    }

    /// The highest installed version of `name.arch`: the one the evaluation judges
    /// (evaluation.md 4.4).
    pub fn highest_installed(&self, name: &str, arch: &str) -> Option<&InstalledPackage> {
        self.installed(name, arch).last()
    }

    /// Installed Windows updates, sorted, without duplicates.
    pub fn installed_kbs(&self) -> &[KbId] {
        &self.installed_kbs
    }

    /// Adds installed Windows updates.
    pub fn extend_kbs(&mut self, kbs: impl IntoIterator<Item = KbId>) {
        self.installed_kbs.extend(kbs);
        self.installed_kbs.sort();
        self.installed_kbs.dedup();
    }

    /// Whether the Windows update `kb` is installed.
    pub fn has_kb(&self, kb: &KbId) -> bool {
        self.installed_kbs.binary_search(kb).is_ok()
    }

    /// Adds everything `other` knows: its packages, KBs and module streams are added, and its
    /// identity fields fill the ones still empty or unidentified here (a status file and an
    /// os-release file read separately make one inventory, in either order).
    pub fn merge(&mut self, other: Inventory) {
        let Inventory {
            operating_system,
            product,
            platform_name,
            platform_version,
            native_arch,
            packages,
            installed_kbs,
            os_build,
            applicable_kbs,
            module_streams,
            install,
        } = other;
        // An inventory read from packages alone is unidentified, or (built with `default()`)
        // has no product yet: either way the other side's identity is the node's.
        if self.is_unidentified() || (self.product.is_empty() && !product.is_empty()) {
            self.operating_system = operating_system;
        }
        fill(&mut self.product, product);
        fill(&mut self.platform_name, platform_name);
        fill(&mut self.platform_version, platform_version);
        if self.native_arch.is_none() {
            self.native_arch = native_arch;
        }
        if self.os_build.is_none() {
            self.os_build = os_build;
        }
        if self.applicable_kbs.is_none() {
            self.applicable_kbs = applicable_kbs;
        }
        self.extend_packages(packages);
        self.extend_kbs(installed_kbs);
        self.module_streams.extend(module_streams);
        self.module_streams.sort();
        self.module_streams.dedup();
        if self.install == InstallHistory::default() {
            self.install = install;
        }
    }
}

fn fill(target: &mut String, value: String) {
    if target.is_empty() {
        *target = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deb(name: &str, arch: &str, version: &str) -> InstalledPackage {
        InstalledPackage::new(name, arch, PackageVersion::deb(version).unwrap())
    }

    #[test]
    fn every_installed_version_of_one_name_arch_is_kept_and_the_highest_is_judged() {
        let mut inv = Inventory::new(OperatingSystem::Ubuntu, "Ubuntu24.04");
        inv.extend_packages([
            deb("linux-image", "amd64", "6.8.0-1029.31"),
            deb("linux-image", "amd64", "6.14.0-1012.12~24.04.1"),
            deb("linux-image", "i386", "6.1"),
            deb("apt", "amd64", "2.7"),
        ]);
        assert_eq!(inv.installed("linux-image", "amd64").len(), 2);
        assert_eq!(inv.installed_named("linux-image").len(), 3);
        assert_eq!(
            inv.highest_installed("linux-image", "amd64")
                .unwrap()
                .version
                .to_string(),
            "6.14.0-1012.12~24.04.1"
        );
        assert!(inv.installed("zsh", "amd64").is_empty());
        assert!(inv.installed("apt", "i386").is_empty());
    }

    #[test]
    fn an_unidentified_inventory_takes_the_identity_it_is_merged_with() {
        let mut packages = Inventory::unidentified();
        packages.extend_packages([deb("apt", "amd64", "2.6.1")]);
        // Debian testing: an OS without a product string.
        packages.merge(Inventory::new(OperatingSystem::Debian, ""));
        assert_eq!(packages.operating_system, OperatingSystem::Debian);
        assert!(!packages.is_unidentified());
        let mut identity = Inventory::new(OperatingSystem::Ubuntu, "Ubuntu24.04");
        identity.merge(Inventory::unidentified());
        assert_eq!(identity.operating_system, OperatingSystem::Ubuntu);
    }

    #[test]
    fn merging_keeps_identity_and_adds_packages() {
        let mut a = Inventory::new(OperatingSystem::Debian, "Debian12");
        a.extend_packages([deb("apt", "amd64", "2.6.1")]);
        let mut b = Inventory {
            native_arch: Some("amd64".into()),
            ..Inventory::default()
        };
        b.extend_packages([deb("apt", "amd64", "2.6.1"), deb("bash", "amd64", "5.2")]);
        a.merge(b);
        assert_eq!(a.product, "Debian12");
        assert_eq!(a.native_arch.as_deref(), Some("amd64"));
        assert_eq!(a.packages().len(), 2);
    }

    #[test]
    fn deserialized_inventories_are_sorted_for_lookup() {
        let mut inv = Inventory::new(OperatingSystem::Debian, "Debian12");
        inv.extend_packages([deb("b", "amd64", "1"), deb("a", "amd64", "1")]);
        let mut json: serde_json::Value = serde_json::to_value(&inv).unwrap();
        json["packages"].as_array_mut().unwrap().reverse();
        let back: Inventory = serde_json::from_value(json).unwrap();
        assert_eq!(back, inv);
        assert_eq!(back.installed("b", "amd64").len(), 1);
    }

    #[test]
    fn kbs_are_kept_once_and_found() {
        let mut inv = Inventory::new(OperatingSystem::Windows, "WindowsServer2022");
        let kb: KbId = "KB5005039".parse().unwrap();
        inv.extend_kbs([kb, "5005039".parse().unwrap()]);
        assert_eq!(inv.installed_kbs().len(), 1);
        assert!(inv.has_kb(&kb));
    }
}
