//! A baseline and catalog prepared for one node identity (OS, product, module streams) and one
//! instant: every catalog version judged once, so that each node of a fleet costs only a
//! lookup and a version comparison per installed package.
//!
//! A candidate's approval depends on the node only through its product (`PRODUCT` filters),
//! its package tool and its enabled module streams, so the verdicts are shared by every node
//! with the same identity; [`Prepared::scan`] falls back to a fresh preparation for a node
//! with another identity, so the answer is always the one [`Evaluator::scan`] gives.

use std::cmp::Ordering;
use std::ops::Range;

use chrono::{DateTime, Utc};
use patchcore_baseline::{OperatingSystem, PackageFamily};

use super::group::{self, Entry};
use super::rows::{Decision, Scan, VersionRef};
use super::{Evaluator, Node, RpmTool, apt, highest_per_name_arch, rpm};
use crate::error::Error;
use crate::explain::NoRecord;
use crate::facts::{InstalledPackage, Inventory, ModuleStream};
use crate::state::PatchState;

/// One catalog group: `name.arch`, its judged versions, whether any is approved.
#[derive(Debug, Clone)]
struct Group {
    /// The first eight bytes of the name, big-endian: orders like the name's prefix, so most
    /// comparisons never touch the name's bytes.
    head: u64,
    /// `name` and `arch` copied into the arena, beside the group's version texts:
    /// the walk over a node's sorted packages then reads memory in order.
    name_in: Range<usize>,
    arch_in: Range<usize>,
    entries: Range<usize>,
    approved: bool,
    /// The rows for an installed version equal to each listed version, in version order.
    templates: Range<usize>,
}

/// A compact key of a version text: its length and first eight bytes, compared before the
/// text itself so that the search stays within one cache line per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TextKey {
    len: usize,
    head: u64,
}

impl TextKey {
    fn of(text: &str) -> Self {
        let mut head = [0_u8; 8];
        for (to, from) in head.iter_mut().zip(text.bytes()) {
            *to = from;
        }
        Self {
            len: text.len(),
            head: u64::from_le_bytes(head),
        }
    }
}

/// The row of a group when the installed version is the listed version `text`.
#[derive(Debug, Clone)]
struct Template<'e> {
    text: &'e str,
    row: Decision<'e>,
}

/// An [`Evaluator`] prepared for nodes of one identity at one instant. Reuse it for every
/// node of a fleet that shares OS, product and module streams.
///
/// ```
/// # use chrono::{TimeZone, Utc};
/// # use patchcore_baseline::{Baseline, OperatingSystem};
/// # use patchcore_rules::facts::{Catalog, Inventory};
/// # use patchcore_rules::Evaluator;
/// # let baseline: Baseline = serde_json::from_str(r#"{"OperatingSystem": "AMAZON_LINUX_2023", "ApprovedPatches": ["bash"]}"#).unwrap();
/// # let compiled = baseline.compile().unwrap();
/// # let catalog = Catalog::default();
/// # let fleet = vec![Inventory::new(OperatingSystem::AmazonLinux2023, "AmazonLinux2023")];
/// let now = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
/// let evaluator = Evaluator::new(&compiled, &catalog).unwrap();
/// let prepared = evaluator.prepare(&fleet[0], now).unwrap();
/// for node in &fleet {
///     let scan = prepared.scan(node).unwrap();
///     assert_eq!(scan.rows().len(), 0);
/// }
/// ```
#[derive(Debug)]
pub struct Prepared<'e> {
    evaluator: &'e Evaluator<'e>,
    operating_system: OperatingSystem,
    product: String,
    module_streams: Vec<ModuleStream>,
    now: DateTime<Utc>,
    groups: Vec<Group>,
    entries: Vec<Entry<'e>>,
    templates: Vec<Template<'e>>,
    template_keys: Vec<TextKey>,
    /// Where each template's text is in `arena`.
    template_texts: Vec<Range<usize>>,
    /// Group names, architectures and version texts, in walk order.
    arena: String,
    approved_groups: usize,
}

impl<'a> Evaluator<'a> {
    /// Judges every catalog version once for nodes like `identity` (its OS, product and module
    /// streams; its packages are not used) at `now`.
    ///
    /// # Errors
    /// When the node's OS is not the baseline's.
    pub fn prepare<'e>(
        &'e self,
        identity: &Inventory,
        now: DateTime<Utc>,
    ) -> Result<Prepared<'e>, Error> {
        let evaluator: &'e Evaluator<'e> = self;
        let node = evaluator.node(identity)?;
        // The node borrows `identity` only for its product and streams: keep owned copies so
        // that the preparation outlives it.
        let mut prepared = Prepared {
            evaluator,
            operating_system: identity.operating_system.clone(),
            product: identity.product.clone(),
            module_streams: identity.module_streams.clone(),
            now,
            groups: Vec::new(),
            entries: Vec::new(),
            templates: Vec::new(),
            template_keys: Vec::new(),
            template_texts: Vec::new(),
            arena: String::new(),
            approved_groups: 0,
        };
        let keys: Vec<(&'e str, &'e str)> = match evaluator.family {
            PackageFamily::Apt => group_keys(
                evaluator
                    .catalog
                    .apt
                    .versions()
                    .iter()
                    .map(|v| (v.name.as_str(), v.arch.as_str())),
            ),
            PackageFamily::YumDnf | PackageFamily::Zypper => group_keys(
                evaluator
                    .catalog
                    .rpm
                    .packages()
                    .iter()
                    .map(|p| (p.name.as_str(), p.arch.as_str())),
            ),
            _ => Vec::new(),
        };
        let mut entries = Vec::new();
        for (name, arch) in keys {
            let start = entries.len();
            evaluator.entries(
                &node,
                name,
                arch,
                None,
                now,
                &mut NoRecord(crate::approval::NoTrace),
                &mut entries,
            )?;
            let judged = entries.get(start..).unwrap_or_default();
            let approved = judged.iter().any(|e| e.verdict.approved);
            prepared.approved_groups += usize::from(approved);
            let first_template = prepared.templates.len();
            templates(
                evaluator,
                &node,
                name,
                arch,
                judged,
                &mut prepared.templates,
            );
            let arena = &mut prepared.arena;
            let mut copy = |text: &str| {
                let start = arena.len();
                arena.push_str(text);
                start..arena.len()
            };
            let (name_in, arch_in) = (copy(name), copy(arch));
            for template in prepared.templates.get(first_template..).unwrap_or_default() {
                prepared.template_texts.push(copy(template.text));
            }
            prepared.groups.push(Group {
                head: name_head(name),
                name_in,
                arch_in,
                entries: start..entries.len(),
                approved,
                templates: first_template..prepared.templates.len(),
            });
        }
        prepared.entries = entries;
        prepared.template_keys = prepared
            .templates
            .iter()
            .map(|t| TextKey::of(t.text))
            .collect();
        Ok(prepared)
    }
}

/// The row of the group for an installed version equal to each listed version: the state
/// table decided once per version instead of once per node.
fn templates<'e>(
    evaluator: &'e Evaluator<'e>,
    node: &Node<'_>,
    name: &'e str,
    arch: &'e str,
    judged: &[Entry<'e>],
    out: &mut Vec<Template<'e>>,
) {
    let keep_older = node.tool == RpmTool::Yum && evaluator.family != PackageFamily::Apt;
    let mut local = Vec::with_capacity(judged.len());
    let mut previous = None;
    for version in judged {
        if previous == Some(version.rank) {
            continue;
        }
        previous = Some(version.rank);
        local.clear();
        local.extend(judged.iter().filter_map(|e| {
            let relation = e.rank.cmp(&version.rank);
            (keep_older || relation != Ordering::Less).then_some(Entry {
                relation: Some(relation),
                ..*e
            })
        }));
        let row = group::decide_installed(evaluator, node, name, arch, None, &local);
        out.push(Template {
            text: version.version.text(),
            row,
        });
    }
}

/// A group's (name, arch) as copied into the arena.
fn group_key<'p>(arena: &'p str, group: &Group) -> (&'p str, &'p str) {
    let text = |at: &Range<usize>| arena.get(at.clone()).unwrap_or_default();
    (text(&group.name_in), text(&group.arch_in))
}

/// The first eight bytes of `name`, zero-padded, as a big-endian number: for names without NUL
/// bytes, a smaller number means a smaller name.
fn name_head(name: &str) -> u64 {
    let mut head = [0_u8; 8];
    for (to, from) in head.iter_mut().zip(name.bytes()) {
        *to = from;
    }
    u64::from_be_bytes(head)
}

/// The position of the first group not below `key`: an exponential then a binary search, so
/// that a sorted walk costs a few comparisons per step.
fn gallop(groups: &[Group], arena: &str, key: (&str, &str)) -> usize {
    let head = name_head(key.0);
    let below = |g: &Group| match g.head.cmp(&head) {
        Ordering::Equal => group_key(arena, g) < key,
        order => order == Ordering::Less,
    };
    let mut end = 1;
    while end < groups.len() && groups.get(end - 1).is_some_and(below) {
        end *= 2;
    }
    let end = end.min(groups.len());
    let start = end / 2;
    start
        + groups
            .get(start..end)
            .unwrap_or_default()
            .partition_point(below)
}

fn group_keys<'k>(keys: impl Iterator<Item = (&'k str, &'k str)>) -> Vec<(&'k str, &'k str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for key in keys {
        if out.last() != Some(&key) {
            out.push(key);
        }
    }
    out
}

impl<'e> Prepared<'e> {
    fn same_identity(&self, inventory: &Inventory) -> bool {
        inventory.operating_system == self.operating_system
            && inventory.product == self.product
            && inventory.module_streams == self.module_streams
    }

    /// Scans `inventory`: the same result as [`Evaluator::scan`] at the prepared instant.
    ///
    /// # Errors
    /// As [`Evaluator::scan`].
    pub fn scan<'s>(&self, inventory: &'s Inventory) -> Result<Scan<'s>, Error>
    where
        'e: 's,
    {
        let evaluator: &'s Evaluator<'s> = self.evaluator;
        if !self.same_identity(inventory) {
            return evaluator.scan(inventory, self.now);
        }
        let node = evaluator.node(inventory)?;
        let mut rows = Vec::with_capacity(inventory.packages().len());
        let mut local = Vec::new();
        let mut installed_approved = 0;
        let mut cursor = 0;
        for installed in highest_per_name_arch(inventory.packages()) {
            local.clear();
            let (name, arch) = (installed.name.as_str(), installed.arch.as_str());
            // Both lists are sorted by (name, arch): search forward from the last position.
            let rest = self.groups.get(cursor..).unwrap_or_default();
            let offset = gallop(rest, &self.arena, (name, arch));
            cursor += offset;
            let group = rest
                .get(offset)
                .filter(|g| group_key(&self.arena, g) == (name, arch));
            let catalog: &[Entry<'s>] = group
                .and_then(|g| self.entries.get(g.entries.clone()))
                .unwrap_or_default();
            installed_approved += usize::from(group.is_some_and(|g| g.approved));
            // The installed version listed with the very same text: the row is decided already.
            let text = VersionRef::of(&installed.version).text();
            let key = TextKey::of(text);
            let template = group
                .and_then(|g| {
                    let keys = self.template_keys.get(g.templates.clone())?;
                    let at = keys
                        .iter()
                        .zip(g.templates.clone())
                        .filter(|(k, _)| **k == key);
                    let same = |i: &usize| {
                        let at = self.template_texts.get(*i).cloned().unwrap_or_default();
                        self.arena.get(at).is_some_and(|t| t == text)
                    };
                    at.map(|(_, i)| i)
                        .find(same)
                        .and_then(|i| self.templates.get(i))
                })
                .filter(|t| {
                    t.row
                        .installed_version
                        .is_some_and(|v| v.same_scheme(&installed.version))
                });
            if let Some(template) = template {
                let mut row = template.row.clone();
                if row.state != PatchState::Missing {
                    row.installed_time = installed.install_time;
                }
                rows.push(row);
                continue;
            }
            derive(evaluator, &node, installed, catalog, self.now, &mut local)?;
            if let Some(row) =
                group::decide(evaluator, &node, name, arch, Some(installed), &local).into_row()
            {
                rows.push(row);
            }
        }
        let not_applicable = self.approved_groups.saturating_sub(installed_approved);
        Ok(Scan::new(
            evaluator,
            inventory,
            rows,
            not_applicable,
            self.now,
        ))
    }
}

/// The entries of an installed group from the catalog's judged versions: relations set,
/// versions below the installed one dropped (kept on yum, observed.md Y5), and the
/// installed version judged on its own when the catalog does not list it.
fn derive<'s>(
    evaluator: &'s Evaluator<'s>,
    node: &Node<'_>,
    installed: &'s InstalledPackage,
    catalog: &[Entry<'s>],
    now: DateTime<Utc>,
    out: &mut Vec<Entry<'s>>,
) -> Result<(), Error> {
    let compare = |e: &Entry<'s>| {
        e.version
            .cmp_installed(&installed.version)
            .unwrap_or(Ordering::Less)
    };
    // Fast path: the installed version is usually listed with the very same text, which
    // places it without a single version comparison.
    let text = VersionRef::of(&installed.version).text();
    let exact = catalog
        .iter()
        .position(|e| e.version.text() == text && e.version.same_scheme(&installed.version));
    let split = exact.unwrap_or_else(|| catalog.partition_point(|e| compare(e) == Ordering::Less));
    let keep_older = node.tool == RpmTool::Yum && evaluator.family != PackageFamily::Apt;
    // Ranks are doubled so that an unlisted installed version fits between two listed ones.
    let rerank = |e: &Entry<'s>, relation: Ordering| Entry {
        rank: e.rank * 2 + 1,
        relation: Some(relation),
        ..*e
    };
    if keep_older {
        out.extend(
            catalog
                .get(..split)
                .unwrap_or_default()
                .iter()
                .map(|e| rerank(e, Ordering::Less)),
        );
    }
    let rest = catalog.get(split..).unwrap_or_default();
    let listed = exact.is_some() || rest.first().is_some_and(|e| compare(e) == Ordering::Equal);
    if !listed {
        let rank = rest.first().map_or(u32::MAX - 1, |e| e.rank * 2);
        if evaluator.family == PackageFamily::Apt {
            apt::unlisted_installed(evaluator, node, installed, rank, now, out)?;
        } else {
            rpm::unlisted_installed(evaluator, node, installed, rank, now, out)?;
        }
    }
    // Only the first version can equal the installed one: the rest are newer (sorted).
    let first_rank = rest.first().map(|e| e.rank);
    out.extend(rest.iter().map(|e| {
        let equal = listed && Some(e.rank) == first_rank;
        rerank(
            e,
            if equal {
                Ordering::Equal
            } else {
                Ordering::Greater
            },
        )
    }));
    Ok(())
}
