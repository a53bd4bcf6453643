//! macOS packages and their package managers.

use serde::{Deserialize, Serialize};

/// The macOS package manager a package belongs to; Patch Manager uses it as the Classification
/// (`softwareupdate`, `installer`, `brew`, `brew_cask`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MacPackageManager {
    /// Apple's `softwareupdate`.
    #[serde(rename = "softwareupdate")]
    SoftwareUpdate,
    /// `installer` / `pkgutil` receipts: never Missing (evaluation.md 1.6).
    Installer,
    /// Homebrew formulae.
    Brew,
    /// Homebrew casks.
    BrewCask,
}

impl MacPackageManager {
    /// The classification string (`softwareupdate`, `installer`, `brew`, `brew_cask`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SoftwareUpdate => "softwareupdate",
            Self::Installer => "installer",
            Self::Brew => "brew",
            Self::BrewCask => "brew_cask",
        }
    }

    /// Reads a classification string, case-insensitively.
    pub fn from_classification(text: &str) -> Option<Self> {
        [
            Self::SoftwareUpdate,
            Self::Installer,
            Self::Brew,
            Self::BrewCask,
        ]
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(text))
    }
}

/// A macOS package version available from a package manager.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MacPackage {
    /// Package name (the compliance Id).
    pub name: String,
    /// Version text.
    pub version: String,
    /// The package manager offering it.
    pub package_manager: MacPackageManager,
}

impl MacPackage {
    /// A package `name` at `version` from `package_manager`.
    pub fn new(
        name: impl Into<String>,
        version: impl Into<String>,
        package_manager: MacPackageManager,
    ) -> Self {
        Self {
            name: name.into(),
            version: version.into(),
            package_manager,
        }
    }
}

/// macOS packages available to a node, sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<MacPackage>", into = "Vec<MacPackage>")]
pub struct MacCatalog {
    packages: Vec<MacPackage>,
}

impl From<Vec<MacPackage>> for MacCatalog {
    fn from(packages: Vec<MacPackage>) -> Self {
        let mut catalog = Self::default();
        catalog.extend(packages);
        catalog
    }
}

impl From<MacCatalog> for Vec<MacPackage> {
    fn from(catalog: MacCatalog) -> Self {
        catalog.packages
    }
}

impl MacCatalog {
    /// Adds packages.
    pub fn extend(&mut self, packages: impl IntoIterator<Item = MacPackage>) {
        self.packages.extend(packages);
        self.packages.sort_by(|a, b| a.name.cmp(&b.name));
    }

    /// Every package, sorted by name.
    pub fn packages(&self) -> &[MacPackage] {
        &self.packages
    }

    /// The available versions of `name`.
    pub fn versions_of(&self, name: &str) -> &[MacPackage] {
        super::equal_run(&self.packages, name, |p| p.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_strings_round_trip() {
        for m in [
            MacPackageManager::SoftwareUpdate,
            MacPackageManager::Installer,
            MacPackageManager::Brew,
            MacPackageManager::BrewCask,
        ] {
            assert_eq!(MacPackageManager::from_classification(m.as_str()), Some(m));
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.as_str()));
        }
    }

    #[test]
    fn catalog_finds_versions_by_name() {
        let c = MacCatalog::from(vec![
            MacPackage::new("wget", "1.21", MacPackageManager::Brew),
            MacPackage::new("curl", "8.0", MacPackageManager::Brew),
        ]);
        assert_eq!(c.versions_of("wget").len(), 1);
        assert!(c.versions_of("zsh").is_empty());
    }
}
