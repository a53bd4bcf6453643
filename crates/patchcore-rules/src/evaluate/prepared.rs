//! A baseline and catalog prepared for one node identity (OS, product, module streams) and one
//! instant: every catalog version judged once, so that each node of a fleet costs only a
//! lookup and a version comparison per installed package.
//!
//! A candidate's approval depends on the node only through its product (`PRODUCT` filters),
//! its package tool and its enabled module streams, so the verdicts are shared by every node
//! with the same identity; [`Prepared::scan`] falls back to a fresh preparation for a node
//! with another identity, so the answer is always the one [`Evaluator::scan`] gives — which is
//! this path for every family. macOS rows are always derived (an installed package's own
//! package manager counts, so a listed version's row cannot stand for it); Windows updates are
//! not grouped and are judged for each node.

use std::cmp::Ordering;
use std::ops::Range;

use chrono::{DateTime, Utc};
use patchcore_baseline::{OperatingSystem, PackageFamily};

use super::candidates::{self, Judging, Source, with_source};
use super::group::{self, Entry};
use super::rows::{Decision, Scan, VersionRef};
use super::{Evaluator, Node, highest_per_name_arch, windows};
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
        let keys = evaluator.catalog_groups();
        let own_from_catalog = with_source!(evaluator.family, S => S::OWN_FROM_CATALOG);
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
            if own_from_catalog {
                templates(
                    evaluator,
                    &node,
                    name,
                    arch,
                    judged,
                    &mut prepared.templates,
                );
            }
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
/// table decided once per version instead of once per node. Only for families that judge an
/// installed version on the catalog's record of it (not macOS, where the installed package's
/// own package manager counts).
fn templates<'e>(
    evaluator: &'e Evaluator<'e>,
    node: &Node<'_>,
    name: &'e str,
    arch: &'e str,
    judged: &[Entry<'e>],
    out: &mut Vec<Template<'e>>,
) {
    let keep_older = with_source!(evaluator.family, S => S::keep_older(node));
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
/// Bytes, not `str`: slicing bytes needs no character-boundary checks, and byte order is the
/// order of the texts.
fn group_key<'p>(arena: &'p str, group: &Group) -> (&'p [u8], &'p [u8]) {
    let bytes = |at: &Range<usize>| arena.as_bytes().get(at.clone()).unwrap_or_default();
    (bytes(&group.name_in), bytes(&group.arch_in))
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
    let key = (key.0.as_bytes(), key.1.as_bytes());
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
        if evaluator.family == PackageFamily::Windows {
            // Updates are not grouped: each KB is judged for the node (its product).
            windows::scan(evaluator, &node, self.now, &mut rows);
            return Ok(Scan::new(evaluator, inventory, rows, 0, self.now));
        }
        let mut local = Vec::new();
        let mut installed_approved = 0;
        let mut counted = None;
        let mut cursor = 0;
        for installed in highest_per_name_arch(inventory.packages()) {
            local.clear();
            let (name, arch) = (installed.name.as_str(), installed.arch.as_str());
            let key = (name, evaluator.group_arch(arch));
            // Both lists are sorted by (name, arch): search forward from the last position.
            let rest = self.groups.get(cursor..).unwrap_or_default();
            let offset = gallop(rest, &self.arena, key);
            cursor += offset;
            let group = rest
                .get(offset)
                .filter(|g| group_key(&self.arena, g) == (key.0.as_bytes(), key.1.as_bytes()));
            let catalog: &[Entry<'s>] = group
                .and_then(|g| self.entries.get(g.entries.clone()))
                .unwrap_or_default();
            // A group counts once however many rows it gives (macOS groups by name).
            if group.is_some_and(|g| g.approved) && counted != Some(cursor) {
                installed_approved += 1;
                counted = Some(cursor);
            }
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
            rows.extend(derived_row(
                evaluator, &node, installed, catalog, self.now, &mut local,
            )?);
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

/// The row of an installed package whose version no template stands for: its entries derived
/// from the catalog's, then the state table. Kept out of line: the walk over a node's packages
/// stays small where templates decide (nearly every package of a real node).
#[inline(never)]
fn derived_row<'s>(
    evaluator: &'s Evaluator<'s>,
    node: &Node<'_>,
    installed: &'s InstalledPackage,
    catalog: &[Entry<'s>],
    now: DateTime<Utc>,
    local: &mut Vec<Entry<'s>>,
) -> Result<Option<Decision<'s>>, Error> {
    with_source!(evaluator.family, S => {
        derive::<S>(evaluator, node, installed, catalog, now, local)
    })?;
    let (name, arch) = (installed.name.as_str(), installed.arch.as_str());
    Ok(group::decide(evaluator, node, name, arch, Some(installed), local).into_row())
}

/// The entries of an installed group from the catalog's judged versions: relations set,
/// versions below the installed one dropped (kept on yum, observed.md Y5), and the
/// installed version judged on its own when the catalog does not list it (or the family
/// never judges it on the catalog's record) — what [`candidates::entries`] gives, without
/// judging the listed versions again.
fn derive<'s, S: Source<'s>>(
    evaluator: &'s Evaluator<'s>,
    node: &Node<'_>,
    installed: &'s InstalledPackage,
    catalog: &[Entry<'s>],
    now: DateTime<Utc>,
    out: &mut Vec<Entry<'s>>,
) -> Result<(), Error> {
    S::check(node, installed)?;
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
    // Ranks are doubled so that an unlisted installed version fits between two listed ones.
    let rerank = |e: &Entry<'s>, relation: Ordering| Entry {
        rank: e.rank * 2 + 1,
        relation: Some(relation),
        ..*e
    };
    let (older, rest) = catalog.split_at_checked(split).unwrap_or((catalog, &[]));
    if S::keep_older(node) {
        out.extend(older.iter().map(|e| rerank(e, Ordering::Less)));
    }
    // The listed versions equal to the installed one; the first of them is the installed
    // version (the rest are newer: the entries are sorted).
    let first_rank = rest.first().map(|e| e.rank);
    let listed = exact.is_some() || rest.first().is_some_and(|e| compare(e) == Ordering::Equal);
    let equal = rest
        .iter()
        .take_while(|e| (listed && Some(e.rank) == first_rank) || compare(e) == Ordering::Equal)
        .count();
    let (same, newer) = rest.split_at_checked(equal).unwrap_or((rest, &[]));
    if listed && S::OWN_FROM_CATALOG {
        out.extend(
            same.iter()
                .filter(|e| Some(e.rank) == first_rank)
                .map(|e| rerank(e, Ordering::Equal)),
        );
    } else {
        let mut record = NoRecord(crate::approval::NoTrace);
        let mut judging = Judging {
            evaluator,
            node,
            name: &installed.name,
            arch: &installed.arch,
            now,
            recorder: &mut record,
            out,
            rank: rest.first().map_or(u32::MAX - 1, |e| e.rank * 2),
        };
        candidates::installed_alone::<S, _>(&mut judging, installed)?;
    }
    if S::updatable(installed) {
        out.extend(newer.iter().map(|e| rerank(e, Ordering::Greater)));
    }
    Ok(())
}
