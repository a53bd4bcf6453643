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
/// Facts chain: when `requires` itself has facts, installing `package` needs those too, so a
/// rejected package anywhere down the chain blocks it (cycles are harmless).
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

/// The dependency facts indexed by the package being installed, to follow chains of them.
struct DependencyIndex<'d> {
    /// Sorted by the installed package's name and architecture.
    by_package: Vec<&'d Dependency>,
}

impl<'d> DependencyIndex<'d> {
    fn new(dependencies: &'d [Dependency]) -> Self {
        let mut by_package: Vec<&Dependency> = dependencies.iter().collect();
        by_package.sort_by(|a, b| {
            (&a.package.name, &a.package.arch).cmp(&(&b.package.name, &b.package.arch))
        });
        Self { by_package }
    }

    /// The positions of the facts for installing `name.arch` at `version`.
    fn needs<'q>(
        &'q self,
        name: &'q str,
        arch: &'q str,
        version: VersionRef<'q>,
    ) -> impl Iterator<Item = usize> + 'q {
        let key = (name, arch);
        let start = self
            .by_package
            .partition_point(|d| (d.package.name.as_str(), d.package.arch.as_str()) < key);
        self.by_package
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(move |d| (d.package.name.as_str(), d.package.arch.as_str()) == key)
            .zip(start..)
            .filter(move |(d, _)| version.same_as(&d.package.version))
            .map(|(_, at)| at)
    }

    /// Every package version installing `name.arch` at `version` pulls in, transitively,
    /// nearest first, each fact once: a cycle (`A` needs `B`, `B` needs `A`) ends the walk
    /// (decision R22).
    fn closure<'q>(
        &'q self,
        name: &'q str,
        arch: &'q str,
        version: VersionRef<'q>,
    ) -> impl Iterator<Item = &'d PackageRef> + 'q {
        let mut seen = vec![false; self.by_package.len()];
        let mut queue: std::collections::VecDeque<usize> =
            self.needs(name, arch, version).collect();
        for at in &queue {
            if let Some(flag) = seen.get_mut(*at) {
                *flag = true;
            }
        }
        std::iter::from_fn(move || {
            let at = queue.pop_front()?;
            let requires = &self.by_package.get(at)?.requires;
            let next = self.needs(
                &requires.name,
                &requires.arch,
                VersionRef::of(&requires.version),
            );
            for next in next {
                if let Some(flag) = seen.get_mut(next).filter(|f| !**f) {
                    *flag = true;
                    queue.push_back(next);
                }
            }
            Some(requires)
        })
    }
}

/// An Install Override List as written (evaluation.md 7.2): the `patches` of the YAML file
/// `AWS-RunPatchBaseline` takes as `InstallOverrideList`. `patchcore-ingest` reads files into
/// this type; [`InstallOverrideList::compile`] is the one conversion to the [`OverrideList`]
/// that [`Evaluator::plan_install`] matches packages with.
///
/// ```
/// use patchcore_baseline::PackageFamily;
/// use patchcore_rules::install::{InstallOverrideList, OverridePatch};
///
/// let mut list = InstallOverrideList::default();
/// list.patches.push(OverridePatch::new("kernel.x86_64"));
/// list.patches.push(OverridePatch::new("bind*.x86_64").with_title("32:9.8.2-0.62.rc1.57.amzn1"));
/// assert!(!list.is_empty());
/// let compiled = list.compile(PackageFamily::YumDnf);
/// assert_eq!(compiled.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InstallOverrideList {
    /// The entries, in file order.
    #[serde(default)]
    pub patches: Vec<OverridePatch>,
}

impl InstallOverrideList {
    /// Whether the list names nothing (Patch Manager then warns and installs nothing).
    pub fn is_empty(&self) -> bool {
        self.patches.is_empty()
    }

    /// Compiles the entries for a node of `family` (Windows titles are informational and
    /// dropped).
    pub fn compile(&self, family: PackageFamily) -> OverrideList {
        OverrideList::new(
            self.patches.iter().map(|p| (p.id.clone(), p.title.clone())),
            family,
        )
    }
}

/// One entry of an Install Override List.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OverridePatch {
    /// Linux: `name.arch`, wildcards allowed (`dhcp*`); Windows: a KB or MSRC bulletin id;
    /// macOS: `name` or `name.version`.
    pub id: String,
    /// Linux: an optional version filter (`*12:4.1.1-53.P1.28.amzn1`); Windows: informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl OverridePatch {
    /// An entry with `id` only.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            title: None,
        }
    }

    /// The entry with `title` as well: it then matches only where both match.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }
}

/// A compiled Install Override List (evaluation.md 7): entries of an `id` and an optional
/// `title`, both matched like approved-list entries (case-insensitive, globs) against the
/// generated package forms; an entry with a title matches only when both do. Made from an
/// [`InstallOverrideList`] by [`InstallOverrideList::compile`].
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

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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
    /// the others report the package blocked (5.1). A rejected package anywhere down a chain
    /// of dependency facts blocks (decision R22). Override lists are not blocked (decision
    /// R10).
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

    /// Under `BLOCK`, the rejected package that installing `name.arch` at `version` would pull
    /// in, directly or through a chain of dependencies (`A` needs `B`, `B` needs the rejected
    /// `C`: `A` is blocked by `C`); `None` when nothing rejected is reached.
    fn blocking_dependency<'d>(
        &self,
        dependencies: &DependencyIndex<'d>,
        name: &str,
        arch: &str,
        version: VersionRef<'_>,
    ) -> Option<&'d PackageRef> {
        if !self.block() {
            return None;
        }
        let rejected = |dep: &PackageRef| {
            self.baseline.rejected().matches_package(&list_ref(
                &dep.name,
                &dep.arch,
                VersionRef::of(&dep.version),
            ))
        };
        dependencies
            .closure(name, arch, version)
            .find(|dep| rejected(dep))
    }

    fn plan_baseline(
        &self,
        inventory: &Inventory,
        now: DateTime<Utc>,
        dependencies: &[Dependency],
        out: &mut Vec<PlannedUpdate>,
    ) -> Result<(), Error> {
        let scan = self.scan(inventory, now)?;
        let dependencies = DependencyIndex::new(dependencies);
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
                match self.blocking_dependency(&dependencies, row.name, row.arch, version) {
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
