//! The Windows updates a catalog knows.
//!
//! Extended by the Windows ingest work (helper D2): add fields as the readers need them.

use chrono::{DateTime, Utc};
use patchcore_version::windows::KbId;
use serde::{Deserialize, Serialize};

/// One Windows update for one product, as Patch Manager's catalog describes it
/// (evaluation.md 1.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WindowsUpdate {
    /// The KB (`KB5031361`).
    pub kb: KbId,
    /// Title, when known.
    #[serde(default)]
    pub title: String,
    /// Classification (`SecurityUpdates`, `CriticalUpdates`, `Updates`…).
    pub classification: String,
    /// MSRC severity (`Critical`, `Important`, `Moderate`, `Low`, `Unspecified`).
    pub msrc_severity: String,
    /// MSRC bulletin (`MS17-010`), empty for most updates.
    #[serde(default)]
    pub msrc_number: String,
    /// Product (`WindowsServer2022`, `Office 2016`).
    pub product: String,
    /// Product family (`Windows`, `Office`).
    pub product_family: String,
    /// Patch set: `OS` or `APPLICATION`.
    pub patch_set: String,
    /// Release date (its latest revision's date when revised); `None` when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_date: Option<DateTime<Utc>>,
    /// The CVEs (and MSRC advisories such as `ADV170002`) the update fixes, when the source
    /// says (CVRF documents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cves: Vec<String>,
    /// The KBs this update supersedes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supersedes: Vec<KbId>,
}

impl WindowsUpdate {
    /// An OS security update for `product` with nothing else known.
    pub fn new(kb: KbId, product: impl Into<String>) -> Self {
        Self {
            kb,
            title: String::new(),
            classification: "SecurityUpdates".to_owned(),
            msrc_severity: "Unspecified".to_owned(),
            msrc_number: String::new(),
            product: product.into(),
            product_family: "Windows".to_owned(),
            patch_set: "OS".to_owned(),
            release_date: None,
            cves: Vec::new(),
            supersedes: Vec::new(),
        }
    }
}

/// The Windows updates known to the catalog, sorted by KB then product, with the supersedence
/// relation indexed both ways.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "WindowsCatalogRepr")]
pub struct WindowsCatalog {
    updates: Vec<WindowsUpdate>,
    /// (superseded, superseding) pairs, sorted.
    #[serde(skip)]
    superseded_by: Vec<(KbId, KbId)>,
}

#[derive(Deserialize)]
struct WindowsCatalogRepr {
    #[serde(default)]
    updates: Vec<WindowsUpdate>,
}

impl From<WindowsCatalogRepr> for WindowsCatalog {
    fn from(repr: WindowsCatalogRepr) -> Self {
        Self::new(repr.updates)
    }
}

impl WindowsCatalog {
    /// A catalog of `updates`.
    pub fn new(updates: impl IntoIterator<Item = WindowsUpdate>) -> Self {
        let mut catalog = Self::default();
        catalog.extend(updates);
        catalog
    }

    /// Adds updates (one KB for two products is two updates; an equal KB and product replaces
    /// nothing: both are kept in the order given).
    pub fn extend(&mut self, updates: impl IntoIterator<Item = WindowsUpdate>) {
        self.updates.extend(updates);
        self.updates
            .sort_by(|a, b| (&a.kb, &a.product).cmp(&(&b.kb, &b.product)));
        self.superseded_by = self
            .updates
            .iter()
            .flat_map(|u| u.supersedes.iter().map(|old| (*old, u.kb)))
            .collect();
        self.superseded_by.sort();
        self.superseded_by.dedup();
    }

    /// Every update, sorted by KB then product.
    pub fn updates(&self) -> &[WindowsUpdate] {
        &self.updates
    }

    /// The updates (one per product) with KB `kb`.
    pub fn update(&self, kb: &KbId) -> &[WindowsUpdate] {
        super::equal_run(&self.updates, kb, |u| &u.kb)
    }

    /// The KBs that directly supersede `kb`.
    pub fn superseded_by<'a>(&'a self, kb: &KbId) -> impl Iterator<Item = &'a KbId> + 'a {
        super::equal_run(&self.superseded_by, kb, |(old, _)| old)
            .iter()
            .map(|(_, new)| new)
    }

    /// Whether some update in the catalog supersedes `kb` (such updates are removed from the
    /// patch list, evaluation.md 1.5).
    pub fn is_superseded(&self, kb: &KbId) -> bool {
        self.superseded_by(kb).next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb(s: &str) -> KbId {
        s.parse().unwrap()
    }

    #[test]
    fn supersedence_is_indexed_from_the_old_update() {
        let mut new = WindowsUpdate::new(kb("KB4012214"), "WindowsServer2012R2");
        new.supersedes.push(kb("KB3135456"));
        let old = WindowsUpdate::new(kb("KB3135456"), "WindowsServer2012R2");
        let catalog = WindowsCatalog::new([new, old]);
        assert!(catalog.is_superseded(&kb("3135456")));
        assert!(!catalog.is_superseded(&kb("KB4012214")));
        assert_eq!(
            catalog.superseded_by(&kb("KB3135456")).collect::<Vec<_>>(),
            [&kb("KB4012214")]
        );
        assert_eq!(catalog.update(&kb("KB4012214")).len(), 1);
        let json = serde_json::to_string(&catalog).unwrap();
        let back: WindowsCatalog = serde_json::from_str(&json).unwrap();
        assert_eq!(back, catalog);
    }
}
