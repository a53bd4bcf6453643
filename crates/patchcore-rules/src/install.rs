//! Install: what an Install run would apply ([`Evaluator::plan_install`]), and the states after
//! it ran ([`apply_install_run`] then [`Evaluator::after_install`]) — evaluation.md 5, 7, 8.4.

use chrono::{DateTime, Utc};
use patchcore_baseline::PackageFamily;
use patchcore_baseline::lists::{ListMatcher, ListRole, PackageRef as ListRef};
use patchcore_version::windows::KbId;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::evaluate::{Evaluator, Scan, VersionRef};
use crate::facts::{Inventory, PackageRef, PackageVersion};
use crate::state::PatchState;

/// `RebootOption` of `AWS-RunPatchBaseline`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum RebootOption {
    /// Reboot when the run installed anything or a reboot is pending (the default).
    #[default]
    RebootIfNeeded,
    /// Never reboot: installed patches stay `InstalledPendingReboot`.
    NoReboot,
}

/// A dependency fact for `BLOCK` (evaluation.md 4.3): installing `package` needs `requires`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Dependency {
    /// The package version being installed.
    pub package: PackageRef,
    /// The dependency version the package manager would install with it.
    pub requires: PackageRef,
}

impl Dependency {
    /// Installing `package` needs `requires`.
    pub fn new(package: PackageRef, requires: PackageRef) -> Self {
        Self { package, requires }
    }
}

/// A compiled Install Override List (evaluation.md 7): entries of an `id` and an optional
/// `title`, both matched like approved-list entries (case-insensitive, globs) against the
/// generated package forms; an entry with a title matches only when both do.
#[derive(Debug, Clone)]
pub struct OverrideList {
    entries: Vec<(ListMatcher, Option<ListMatcher>)>,
    family: PackageFamily,
}

impl OverrideList {
    /// Compiles `(id, title)` entries for a node of `family`.
    pub fn new(
        entries: impl IntoIterator<Item = (String, Option<String>)>,
        family: PackageFamily,
    ) -> Self {
        let matcher = |text: String| ListMatcher::new(&[text], Some(family), ListRole::Approved);
        let entries = entries
            .into_iter()
            .map(|(id, title)| {
                // Windows titles are informational only.
                let title = title
                    .filter(|_| family != PackageFamily::Windows)
                    .map(matcher);
                (matcher(id), title)
            })
            .collect();
        Self { entries, family }
    }

    fn matches_package(&self, package: &ListRef<'_>) -> bool {
        self.entries.iter().any(|(id, title)| {
            id.matches_package(package) && title.as_ref().is_none_or(|t| t.matches_package(package))
        })
    }

    fn matches_kb(&self, kb: &str, bulletin: &str) -> bool {
        use patchcore_baseline::lists::IdKind;
        self.entries.iter().any(|(id, _)| {
            id.matches_id(IdKind::Kb, kb)
                || (!bulletin.is_empty() && id.matches_id(IdKind::Bulletin, bulletin))
        })
    }
}

/// What the plan does for one package or update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum PlanOutcome {
    /// Install the target.
    Install,
    /// Not installable under `BLOCK`: every approved version needs a rejected dependency; the
    /// run reports it `Failed`.
    Blocked {
        /// The rejected dependency.
        dependency: PackageRef,
    },
}

/// One planned update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PlannedUpdate {
    /// Package name (empty for a KB).
    pub name: String,
    /// Architecture (empty for a KB).
    pub arch: String,
    /// Windows: the KB.
    pub kb: Option<KbId>,
    /// The installed version (packages).
    pub from: Option<PackageVersion>,
    /// The exact version to install (packages).
    pub to: Option<PackageVersion>,
    /// Install or blocked.
    pub outcome: PlanOutcome,
}

/// What an Install run would apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct InstallPlan {
    /// Every planned update, by Id.
    pub updates: Vec<PlannedUpdate>,
    /// Whether an Install Override List decided (not the baseline).
    pub override_list: bool,
}

impl InstallPlan {
    /// Whether a run with `option` reboots: `RebootIfNeeded` and something is installed or a
    /// reboot is already pending (evaluation.md 8.4).
    pub fn reboots(&self, inventory: &Inventory, option: RebootOption) -> bool {
        option == RebootOption::RebootIfNeeded
            && (self
                .updates
                .iter()
                .any(|u| u.outcome == PlanOutcome::Install)
                || crate::evaluate::reboot_pending(inventory))
    }
}

fn list_ref<'r>(name: &'r str, arch: &'r str, version: VersionRef<'r>) -> ListRef<'r> {
    match version {
        VersionRef::Rpm(evr) => {
            let evr = evr.as_evr();
            ListRef {
                name,
                arch,
                epoch: evr.epoch().unwrap_or_default(),
                version: evr.version(),
                release: evr.release().unwrap_or_default(),
            }
        }
        VersionRef::Deb(v) => ListRef {
            name,
            arch,
            version: v.as_str(),
            ..ListRef::default()
        },
        VersionRef::Text(v) => ListRef {
            name,
            arch,
            version: v,
            ..ListRef::default()
        },
    }
}

impl Evaluator<'_> {
    /// The exact target per package (or KB) an Install run at `now` would apply: the highest
    /// approved version of every Missing package — or, with an override list, the highest
    /// matching offered version of every installed package, approval and rejection ignored
    /// (evaluation.md 7.3). Under `BLOCK`, a version needing a rejected dependency
    /// (`dependencies`) is not installable: APT tries the next lower approved version (5.2);
    /// the others report the package blocked (5.1). Override lists are not blocked (decision
    /// D10).
    ///
    /// # Errors
    /// As [`Evaluator::scan`].
    pub fn plan_install(
        &self,
        inventory: &Inventory,
        now: DateTime<Utc>,
        override_list: Option<&OverrideList>,
        dependencies: &[Dependency],
    ) -> Result<InstallPlan, Error> {
        let mut updates = Vec::new();
        match override_list {
            Some(list) => self.plan_override(inventory, list, &mut updates),
            None => self.plan_baseline(inventory, now, dependencies, &mut updates)?,
        }
        Ok(InstallPlan {
            updates,
            override_list: override_list.is_some(),
        })
    }

    fn blocking_dependency<'d>(
        &self,
        dependencies: &'d [Dependency],
        name: &str,
        arch: &str,
        version: VersionRef<'_>,
    ) -> Option<&'d PackageRef> {
        if !self.block() {
            return None;
        }
        dependencies
            .iter()
            .filter(|d| {
                d.package.name == name
                    && d.package.arch == arch
                    && version.same_as(&d.package.version)
            })
            .map(|d| &d.requires)
            .find(|dep| {
                let version = VersionRef::of(&dep.version);
                self.baseline
                    .rejected()
                    .matches_package(&list_ref(&dep.name, &dep.arch, version))
            })
    }

    fn plan_baseline(
        &self,
        inventory: &Inventory,
        now: DateTime<Utc>,
        dependencies: &[Dependency],
        out: &mut Vec<PlannedUpdate>,
    ) -> Result<(), Error> {
        let scan = self.scan(inventory, now)?;
        for row in scan
            .rows()
            .iter()
            .filter(|r| r.state == PatchState::Missing)
        {
            if let Some(kb) = row.kb {
                out.push(PlannedUpdate {
                    name: String::new(),
                    arch: String::new(),
                    kb: Some(kb),
                    from: None,
                    to: None,
                    outcome: PlanOutcome::Install,
                });
                continue;
            }
            // Approved newer versions, highest first.
            let mut versions = self.approved_newer(inventory, row.name, row.arch, now)?;
            // APT falls back to lower approved versions; the RPM families do not (decision R20).
            if self.family != PackageFamily::Apt {
                versions.truncate(1);
            }
            let mut blocked = None;
            let mut chosen = None;
            for version in versions {
                match self.blocking_dependency(dependencies, row.name, row.arch, version) {
                    Some(dep) => blocked = blocked.or(Some(dep.clone())),
                    None => {
                        chosen = Some(version);
                        break;
                    }
                }
            }
            let (to, outcome) = match (chosen, blocked) {
                (Some(v), _) => (Some(v.to_owned_version()), PlanOutcome::Install),
                (None, Some(dependency)) => (
                    row.target_version.map(VersionRef::to_owned_version),
                    PlanOutcome::Blocked { dependency },
                ),
                (None, None) => continue,
            };
            out.push(PlannedUpdate {
                name: row.name.to_owned(),
                arch: row.arch.to_owned(),
                kb: None,
                from: row.installed_version.map(VersionRef::to_owned_version),
                to,
                outcome,
            });
        }
        Ok(())
    }

    fn approved_newer<'s>(
        &'s self,
        inventory: &'s Inventory,
        name: &'s str,
        arch: &'s str,
        now: DateTime<Utc>,
    ) -> Result<Vec<VersionRef<'s>>, Error> {
        let node = self.node(inventory)?;
        let installed = inventory.highest_installed(name, arch);
        let mut entries = Vec::new();
        let mut record = crate::explain::NoRecord(crate::approval::NoTrace);
        self.entries(&node, name, arch, installed, now, &mut record, &mut entries)?;
        let mut versions: Vec<(u32, VersionRef<'s>)> = entries
            .iter()
            .filter(|e| e.verdict.approved && e.relation == Some(std::cmp::Ordering::Greater))
            .map(|e| (e.rank, e.version))
            .collect();
        versions.sort_by_key(|v| std::cmp::Reverse(v.0));
        versions.dedup_by_key(|v| v.0);
        Ok(versions.into_iter().map(|v| v.1).collect())
    }

    fn plan_override(
        &self,
        inventory: &Inventory,
        list: &OverrideList,
        out: &mut Vec<PlannedUpdate>,
    ) {
        if list.family == PackageFamily::Windows {
            for update in self.catalog.windows.updates() {
                let kb = update.kb.to_string();
                let applicable = inventory
                    .applicable_kbs
                    .as_ref()
                    .map_or(update.product == inventory.product, |set| {
                        set.contains(&update.kb)
                    });
                let already = out.iter().any(|u: &PlannedUpdate| u.kb == Some(update.kb));
                if !already
                    && applicable
                    && !inventory.has_kb(&update.kb)
                    && list.matches_kb(&kb, &update.msrc_number)
                {
                    out.push(PlannedUpdate {
                        name: String::new(),
                        arch: String::new(),
                        kb: Some(update.kb),
                        from: None,
                        to: None,
                        outcome: PlanOutcome::Install,
                    });
                }
            }
            return;
        }
        for installed in crate::evaluate::highest_per_name_arch(inventory.packages()) {
            let (name, arch) = (installed.name.as_str(), installed.arch.as_str());
            // Offered versions, highest first; the first newer one matching the list.
            let offered: Vec<VersionRef<'_>> = match &installed.version {
                PackageVersion::Deb(current) => self
                    .catalog
                    .apt
                    .versions_of(name, arch)
                    .iter()
                    .rev()
                    .filter(|v| v.version > *current)
                    .map(|v| VersionRef::Deb(&v.version))
                    .collect(),
                PackageVersion::Rpm(current) => self
                    .catalog
                    .rpm
                    .offered(name, arch)
                    .iter()
                    .rev()
                    .filter(|p| p.evr > *current)
                    .map(|p| VersionRef::Rpm(&p.evr))
                    .collect(),
                PackageVersion::Text(_) => Vec::new(),
            };
            if let Some(target) = offered
                .into_iter()
                .find(|v| list.matches_package(&list_ref(name, arch, *v)))
            {
                out.push(PlannedUpdate {
                    name: name.to_owned(),
                    arch: arch.to_owned(),
                    kb: None,
                    from: Some(installed.version.clone()),
                    to: Some(target.to_owned_version()),
                    outcome: PlanOutcome::Install,
                });
            }
        }
    }

    /// The states after an Install run: a Scan of the node as it is now (`inventory` after the
    /// run, its install history updated with [`apply_install_run`]), where every planned update
    /// whose target was not reached — or that was blocked — is `Failed` (evaluation.md 5.1
    /// step 5, 7.3; decision R19). Pending reboots come from the history (8.4).
    ///
    /// # Errors
    /// As [`Evaluator::scan`].
    pub fn after_install<'s>(
        &'s self,
        inventory: &'s Inventory,
        plan: &InstallPlan,
        now: DateTime<Utc>,
    ) -> Result<Scan<'s>, Error> {
        let mut scan = self.scan(inventory, now)?;
        for update in &plan.updates {
            let reached = update.outcome == PlanOutcome::Install
                && match (update.kb, &update.to) {
                    (Some(kb), _) => inventory.has_kb(&kb),
                    (None, Some(to)) => inventory
                        .highest_installed(&update.name, &update.arch)
                        .is_some_and(|p| p.version.compare(to).is_some_and(|o| o.is_ge())),
                    (None, None) => true,
                };
            if reached {
                continue;
            }
            let row = scan.rows_mut().iter_mut().find(|r| match update.kb {
                Some(kb) => r.kb == Some(kb),
                None => r.name == update.name && r.arch == update.arch,
            });
            if let Some(row) = row {
                if !matches!(row.state, PatchState::NotApplicable) {
                    row.state = PatchState::Failed;
                    row.installed_time = None;
                }
            }
        }
        Ok(scan)
    }
}

/// What an Install run did, for the node's install history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstallRun {
    /// Package versions the run installed (dependencies included).
    pub installed: Vec<PackageRef>,
    /// KBs the run installed.
    pub installed_kbs: Vec<KbId>,
    /// The run's `RebootOption`.
    pub reboot_option: RebootOption,
    /// Whether the node rebooted at the end of the run.
    pub rebooted: bool,
    /// When the run ended.
    pub finished: DateTime<Utc>,
}

impl InstallRun {
    /// A run that ended at `finished` with `reboot_option`, installing nothing yet.
    pub fn new(reboot_option: RebootOption, rebooted: bool, finished: DateTime<Utc>) -> Self {
        Self {
            installed: Vec::new(),
            installed_kbs: Vec::new(),
            reboot_option,
            rebooted,
            finished,
        }
    }
}

/// Records `run` in the node's install history (evaluation.md 8.4): a `NoReboot` run sets
/// `last_no_reboot_install`; a reboot sets `last_boot`; the pending set becomes what this run
/// installed, plus what an earlier run left pending while no reboot happened.
pub fn apply_install_run(inventory: &mut Inventory, run: &InstallRun) {
    let still_pending = crate::evaluate::reboot_pending(inventory) && !run.rebooted;
    let history = &mut inventory.install;
    let mut packages = run.installed.clone();
    let mut kbs = run.installed_kbs.clone();
    if still_pending {
        packages.extend(history.installed_packages.iter().cloned());
        kbs.extend(history.installed_kbs.iter().copied());
    }
    packages.sort();
    packages.dedup();
    kbs.sort_unstable();
    kbs.dedup();
    history.installed_packages = packages;
    history.installed_kbs = kbs;
    if run.reboot_option == RebootOption::NoReboot {
        history.last_no_reboot_install = Some(run.finished);
    }
    if run.rebooted {
        history.last_boot = Some(run.finished);
    }
}
