//! A compiled approved or rejected list: matches a package version or a patch's ids without
//! building strings on the heap (observed.md L1–L4).

use crate::lists::entry::{EntryKind, classify, kb_number};
use crate::lists::forms::{Form, Lowered, Part, forms_of, leads_of, mask};

/// A set of bytes.
#[derive(Debug, Clone, Copy, Default)]
struct ByteSet([u128; 2]);

impl ByteSet {
    fn insert(&mut self, byte: u8) {
        if let Some(word) = self.0.get_mut(usize::from(byte >> 7)) {
            *word |= 1u128 << (byte & 127);
        }
    }

    fn contains(self, byte: u8) -> bool {
        self.0
            .get(usize::from(byte >> 7))
            .is_some_and(|word| word & (1u128 << (byte & 127)) != 0)
    }
}
use crate::lists::glob::{Glob, is_glob};
use crate::os::PackageFamily;

/// A package version as the matcher sees it: borrowed parts, nothing allocated.
///
/// For the RPM families give the parts of the EVR; an empty `epoch` reads as `0`. For APT give the
/// whole dpkg version (`1:2.36-9+deb12u4`) as `version` and leave `epoch` and `release` empty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PackageRef<'a> {
    /// Package name (`dbus`).
    pub name: &'a str,
    /// Architecture (`x86_64`, `amd64`, `noarch`).
    pub arch: &'a str,
    /// Epoch (`1`), or empty for none.
    pub epoch: &'a str,
    /// Version (`1.12.28`; on APT the whole dpkg version).
    pub version: &'a str,
    /// Release (`1.amzn2023.0.1`); empty on APT.
    pub release: &'a str,
}

/// Which id of a patch is being matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdKind {
    /// An advisory or notice id (`ALAS2023-2025-123`, `RHSA-2017:0864`), or a zypper patch name.
    Advisory,
    /// A CVE id.
    Cve,
    /// A Bugzilla id.
    Bugzilla,
    /// A KB id (`KB5031361` or `5031361`).
    Kb,
    /// A Microsoft bulletin id (`MS17-010`).
    Bulletin,
}

/// Whether a list approves or rejects: ids reject nothing on yum/dnf (observed.md L4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListRole {
    /// `ApprovedPatches`.
    Approved,
    /// `RejectedPatches`.
    Rejected,
}

/// A compiled approved or rejected list.
///
/// Exact entries are kept sorted: those that can equal a string generated from a package version
/// start with its name, version or epoch, so a binary search finds the few worth comparing. A glob
/// is tried on a generated string only when the string starts and ends with the glob's literal
/// prefix and suffix. Comparisons run on the package's parts, lower-cased once on the stack.
///
/// ```
/// use patchcore_baseline::PackageFamily;
/// use patchcore_baseline::lists::{ListMatcher, ListRole, PackageRef};
///
/// let list = ListMatcher::new(&["dbus-1.12.2*", "kernel"], Some(PackageFamily::YumDnf), ListRole::Rejected);
/// let dbus = PackageRef { name: "dbus", arch: "x86_64", epoch: "1", version: "1.12.28", release: "1.amzn2023.0.1" };
/// assert!(list.matches_package(&dbus));
/// let bash = PackageRef { name: "bash", ..dbus };
/// assert!(!list.matches_package(&bash));
/// ```
#[derive(Debug, Clone)]
pub struct ListMatcher {
    entries: Vec<String>,
    forms: Vec<Form>,
    /// The parts the generated strings start with.
    leads: Vec<Part>,
    /// Exact (non-glob) package entries, lower-cased, with their entry index, sorted by bytes.
    exact: Vec<(Box<[u8]>, usize)>,
    /// The first bytes of the exact entries.
    exact_firsts: ByteSet,
    /// Glob package entries with their entry index.
    globs: Vec<(Glob, usize)>,
    /// Whether package patterns are also tried against advisory ids (zypper patch names).
    patterns_match_advisories: bool,
    cves: Vec<(String, usize)>,
    advisories: Vec<(String, usize)>,
    bugzillas: Vec<(String, usize)>,
    kbs: Vec<(u64, usize)>,
    bulletins: Vec<(String, usize)>,
    macos_names: Vec<(String, usize)>,
}

impl ListMatcher {
    /// Compiles `entries` of a list with `role` for a baseline of `family` (`None`: unknown OS,
    /// read like yum/dnf).
    pub fn new<S: AsRef<str>>(
        entries: &[S],
        family: Option<PackageFamily>,
        role: ListRole,
    ) -> Self {
        let forms: Vec<Form> = forms_of(family).collect();
        let mut matcher = Self {
            entries: entries.iter().map(|e| e.as_ref().to_owned()).collect(),
            leads: leads_of(&forms),
            forms,
            exact: Vec::new(),
            exact_firsts: ByteSet::default(),
            globs: Vec::new(),
            patterns_match_advisories: family == Some(PackageFamily::Zypper),
            cves: Vec::new(),
            advisories: Vec::new(),
            bugzillas: Vec::new(),
            kbs: Vec::new(),
            bulletins: Vec::new(),
            macos_names: Vec::new(),
        };
        let ids_count = role == ListRole::Approved;
        for (index, entry) in entries.iter().enumerate() {
            let entry = entry.as_ref();
            let owned = || (entry.to_owned(), index);
            match classify(entry, family) {
                EntryKind::PackagePattern if is_glob(entry) => {
                    matcher.globs.push((Glob::new(entry), index));
                }
                EntryKind::PackagePattern => matcher.exact.push((
                    entry.to_ascii_lowercase().into_bytes().into_boxed_slice(),
                    index,
                )),
                EntryKind::Cve if ids_count => matcher.cves.push(owned()),
                EntryKind::Advisory if ids_count => matcher.advisories.push(owned()),
                EntryKind::Bugzilla if ids_count => matcher.bugzillas.push(owned()),
                EntryKind::Kb => matcher.kbs.extend(kb_number(entry).map(|kb| (kb, index))),
                EntryKind::Bulletin => matcher.bulletins.push(owned()),
                EntryKind::MacOsName => matcher.macos_names.push(owned()),
                _ => {}
            }
        }
        matcher.exact.sort();
        for (entry, _) in &matcher.exact {
            matcher
                .exact_firsts
                .insert(entry.first().copied().unwrap_or_default());
        }
        matcher
    }

    /// The entries as written.
    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether some entry matches the package version.
    pub fn matches_package(&self, package: &PackageRef<'_>) -> bool {
        self.find_package(package).is_some()
    }

    /// An entry that matches the package version, if any.
    pub fn find_package(&self, package: &PackageRef<'_>) -> Option<&str> {
        self.find_package_index(package)
            .and_then(|index| self.entries.get(index))
            .map(String::as_str)
    }

    fn find_package_index(&self, package: &PackageRef<'_>) -> Option<usize> {
        let macos = self
            .macos_names
            .iter()
            .find(|(entry, _)| entry.eq_ignore_ascii_case(package.name))
            .map(|(_, index)| *index);
        if macos.is_some() || (self.exact.is_empty() && self.globs.is_empty()) {
            return macos;
        }
        let lowered = Lowered::new(package);
        self.find_exact(&lowered, &self.forms, &self.leads)
            .or_else(|| self.find_glob(&lowered, &self.forms))
    }

    /// The exact entries starting with `prefix` (a contiguous run of the sorted list).
    fn exact_starting_with<'s>(
        &'s self,
        prefix: &'s [u8],
    ) -> impl Iterator<Item = &'s (Box<[u8]>, usize)> {
        let start = self.exact.partition_point(|(entry, _)| **entry < *prefix);
        self.exact
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(move |(entry, _)| entry.starts_with(prefix))
    }

    fn find_exact(&self, lowered: &Lowered, forms: &[Form], leads: &[Part]) -> Option<usize> {
        leads.iter().find_map(|&lead| {
            let text = lowered.get(lead);
            // Most leads start with a byte no exact entry starts with.
            if text
                .first()
                .is_some_and(|b| !self.exact_firsts.contains(*b))
            {
                return None;
            }
            self.exact_starting_with(text).find_map(|(entry, index)| {
                forms
                    .iter()
                    .filter(|form| form.first() == Some(&lead))
                    .any(|form| lowered.equals(form, entry))
                    .then_some(*index)
            })
        })
    }

    fn find_glob(&self, lowered: &Lowered, forms: &[Form]) -> Option<usize> {
        self.globs.iter().find_map(|(glob, index)| {
            // A generated string can match only if its first part can start the glob's literal
            // prefix and its last part can end the literal suffix: one byte per part decides
            // almost every case before anything is compared or assembled.
            let starts = lowered.parts_starting(glob.prefix().first().copied());
            let ends = lowered.parts_ending(glob.suffix().last().copied());
            if starts == 0 || ends == 0 {
                return None;
            }
            forms
                .iter()
                .any(|form| {
                    let (first, last) = (form.first().copied(), form.last().copied());
                    first.is_some_and(|p| starts & mask(p) != 0)
                        && last.is_some_and(|p| ends & mask(p) != 0)
                        && lowered.len(form) >= glob.min_len()
                        && lowered.starts_with(form, glob.prefix())
                        && lowered.ends_with(form, glob.suffix())
                        && lowered.with_string(form, |text| glob.matches(text))
                })
                .then_some(*index)
        })
    }

    /// Whether some entry matches a patch id of `kind`. Advisory, CVE and Bugzilla ids compare
    /// exactly (observed.md L4); KB ids by number; bulletins ignoring case; on SUSE, package
    /// patterns also match advisory ids (zypper patch names).
    pub fn matches_id(&self, kind: IdKind, id: &str) -> bool {
        self.find_id(kind, id).is_some()
    }

    /// An entry that matches a patch id of `kind`, if any.
    pub fn find_id(&self, kind: IdKind, id: &str) -> Option<&str> {
        let exact = |list: &[(String, usize)]| list.iter().find(|(e, _)| e == id).map(|(_, i)| *i);
        let index = match kind {
            IdKind::Cve => exact(&self.cves),
            IdKind::Bugzilla => exact(&self.bugzillas),
            IdKind::Advisory => exact(&self.advisories).or_else(|| self.find_patch_name(id)),
            IdKind::Kb => kb_number(id)
                .and_then(|kb| self.kbs.iter().find(|(entry, _)| *entry == kb))
                .map(|(_, i)| *i),
            IdKind::Bulletin => self
                .bulletins
                .iter()
                .find(|(entry, _)| entry.eq_ignore_ascii_case(id))
                .map(|(_, i)| *i),
        };
        index.and_then(|i| self.entries.get(i)).map(String::as_str)
    }

    /// Whether some entry matches the package or any of the patch's ids.
    pub fn matches_patch<'a>(
        &self,
        package: Option<&PackageRef<'_>>,
        ids: impl IntoIterator<Item = (IdKind, &'a str)>,
    ) -> bool {
        package.is_some_and(|p| self.matches_package(p))
            || ids.into_iter().any(|(kind, id)| self.matches_id(kind, id))
    }

    /// A zypper patch name (`SUSE-SLE-Module-Basesystem-15-SP5-2023-123`) against the package
    /// patterns, as a whole string.
    fn find_patch_name(&self, id: &str) -> Option<usize> {
        if !self.patterns_match_advisories {
            return None;
        }
        const WHOLE: &[Form] = &[&[Part::Name]];
        let lowered = Lowered::new(&PackageRef {
            name: id,
            ..PackageRef::default()
        });
        self.find_exact(&lowered, WHOLE, &[Part::Name])
            .or_else(|| self.find_glob(&lowered, WHOLE))
    }
}
