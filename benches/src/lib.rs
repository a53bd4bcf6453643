//! Shared inputs of the patchcore benchmarks: real version pairs, loaded once.
//!
//! Two families of versions are benchmarked, each with two pair sets:
//!
//! - [`Family::Deb`]: the `Version` and `Source: name (version)` strings of the apt
//!   lists on this machine (`/var/lib/apt/lists/*_Packages`, plain or `.lz4`);
//! - [`Family::Rpm`]: the 10,104 real EVRs of `../shared/realworld/versions/upstream/evr_real.txt`.
//!
//! When those are absent (a clone without the shared folder, a machine without apt), the small
//! synthetic corpus in `benches/data/` (made by `scripts/gen-version-corpus.py`) is used instead,
//! so the benchmarks run anywhere; [`Versions::source`] says which input was read.
//!
//! - [`PairSet::SamePackage`]: two versions of one package (installed vs available: a long shared
//!   prefix and a late difference — the comparisons a scan makes);
//! - [`PairSet::Random`]: two versions drawn at random from all of them.
//!
//! Every version kept is valid both for patchcore and for the peer crate of its family, so that
//! both sides of a benchmark do the same work.
//!
//! ```
//! use patchcore_benches::{Family, PairSet, Versions, pairs};
//!
//! let versions = Versions::parse_name_version_lines(Family::Deb, "corpus", "zlib\t1:1.2.13-1\nzlib\t1:1.2.13-2\n");
//! let same = pairs(&versions, PairSet::SamePackage, 10);
//! assert_eq!(same.len(), 1);
//! ```

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use patchcore::version::{Scheme, validate};

mod apt;

/// Pairs per set used by the criterion benchmarks and the callgrind harness.
pub const PAIRS_PER_SET: usize = 10_000;

/// A family of version strings, with its patchcore scheme and its peer crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Debian versions (dpkg); the peer is the `debversion` crate.
    Deb,
    /// RPM EVR strings (librpm); the peer is the `rpm-version` crate.
    Rpm,
}

impl Family {
    /// Both families.
    pub const ALL: [Family; 2] = [Family::Deb, Family::Rpm];

    /// The patchcore scheme that compares this family.
    pub fn scheme(self) -> Scheme {
        match self {
            Family::Deb => Scheme::Deb,
            Family::Rpm => Scheme::Rpm,
        }
    }

    /// The name of the peer crate measured against patchcore.
    pub fn peer(self) -> &'static str {
        match self {
            Family::Deb => "debversion",
            Family::Rpm => "rpm-version",
        }
    }

    /// Is `version` valid for patchcore and for the peer crate?
    fn accepts(self, version: &str) -> bool {
        validate(self.scheme(), version).is_ok()
            && match self {
                Family::Deb => version.parse::<debversion::Version>().is_ok(),
                // rpm-version's parser accepts every string.
                Family::Rpm => true,
            }
    }

    /// The synthetic fallback corpus of this family, beside this crate.
    fn corpus_path(self) -> PathBuf {
        let file = match self {
            Family::Deb => "deb-versions.tsv",
            Family::Rpm => "rpm-versions.tsv",
        };
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .join(file)
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Family::Deb => "deb",
            Family::Rpm => "rpm",
        })
    }
}

impl FromStr for Family {
    type Err = LoadError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "deb" => Ok(Family::Deb),
            "rpm" => Ok(Family::Rpm),
            _ => Err(LoadError::Unknown {
                what: "family (deb, rpm)",
                value: s.to_owned(),
            }),
        }
    }
}

/// Which pairs of versions to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairSet {
    /// Two versions of one package: long shared prefix, late difference.
    SamePackage,
    /// Two versions drawn at random.
    Random,
}

impl PairSet {
    /// Both pair sets.
    pub const ALL: [PairSet; 2] = [PairSet::SamePackage, PairSet::Random];
}

impl fmt::Display for PairSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PairSet::SamePackage => "same-package",
            PairSet::Random => "random",
        })
    }
}

impl FromStr for PairSet {
    type Err = LoadError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "same-package" => Ok(PairSet::SamePackage),
            "random" => Ok(PairSet::Random),
            _ => Err(LoadError::Unknown {
                what: "pair set (same-package, random)",
                value: s.to_owned(),
            }),
        }
    }
}

/// Why benchmark inputs could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// No input had a single valid version.
    #[error("no valid {family} versions in {source_name}")]
    Empty {
        /// The family looked for.
        family: Family,
        /// Where they were looked for.
        source_name: String,
    },
    /// A command-line word is not one of the known names.
    #[error("unknown {what}: {value:?}")]
    Unknown {
        /// What was expected.
        what: &'static str,
        /// What was given.
        value: String,
    },
}

/// Named versions of one family: `(package name, version)` in input order.
#[derive(Debug, Clone)]
pub struct Versions {
    /// The family of every version.
    pub family: Family,
    /// Which input they were read from, for the benchmark report.
    pub source: String,
    /// `(package name, version)`, each valid for patchcore and for the peer crate.
    pub entries: Vec<(String, String)>,
}

impl Versions {
    /// Loads the real inputs of `family`, or the synthetic corpus when they are absent.
    ///
    /// # Errors
    ///
    /// When neither the real input nor the corpus file can be read, or they hold no valid version.
    pub fn load(family: Family) -> Result<Self, LoadError> {
        let real = match family {
            Family::Deb => apt::read_lists(Path::new("/var/lib/apt/lists"))
                .map(|(source, entries)| Versions::from_entries(family, source, entries)),
            Family::Rpm => {
                let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../shared/realworld/versions/upstream/evr_real.txt");
                let path = path.canonicalize().unwrap_or(path);
                read_text(&path).ok().map(|text| {
                    Versions::parse_name_version_lines(family, &path.display().to_string(), &text)
                })
            }
        };
        if let Some(versions) = real.filter(|versions| !versions.entries.is_empty()) {
            return Ok(versions);
        }
        let path = family.corpus_path();
        let text = read_text(&path)?;
        let versions = Versions::parse_name_version_lines(
            family,
            &format!("synthetic corpus {}", path.display()),
            &text,
        );
        if versions.entries.is_empty() {
            return Err(LoadError::Empty {
                family,
                source_name: versions.source,
            });
        }
        Ok(versions)
    }

    /// Reads `name<TAB>version[<TAB>anything]` lines, keeping the valid versions.
    pub fn parse_name_version_lines(family: Family, source: &str, text: &str) -> Self {
        let entries = text.lines().filter_map(|line| {
            let mut fields = line.split('\t');
            Some((fields.next()?.to_owned(), fields.next()?.to_owned()))
        });
        Versions::from_entries(family, source.to_owned(), entries)
    }

    /// Keeps the distinct `(name, version)` entries whose version is valid for both sides.
    fn from_entries(
        family: Family,
        source: String,
        entries: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        let mut seen = HashSet::new();
        let entries = entries
            .into_iter()
            .filter(|(_, version)| family.accepts(version))
            .filter(|entry| seen.insert(entry.clone()))
            .collect();
        Versions {
            family,
            source,
            entries,
        }
    }
}

/// Reads a whole file as UTF-8 text.
fn read_text(path: &Path) -> Result<String, LoadError> {
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|mut file| file.read_to_string(&mut text))
        .map_err(|source| LoadError::Read {
            path: path.to_owned(),
            source,
        })?;
    Ok(text)
}

/// At most this many versions of one package take part in same-package pairs, so that a few
/// packages with long histories do not dominate the set.
const VERSIONS_PER_PACKAGE: usize = 8;

/// Up to `max` pairs of the given set, in a fixed pseudo-random order (the same on every run).
pub fn pairs(versions: &Versions, set: PairSet, max: usize) -> Vec<(String, String)> {
    let mut rng = SplitMix64::new(0x5eed_0000_0000_0001);
    let mut pairs = match set {
        PairSet::SamePackage => same_package_pairs(versions, &mut rng),
        PairSet::Random => {
            let mut seen = HashSet::new();
            let distinct: Vec<&str> = versions
                .entries
                .iter()
                .map(|(_, version)| version.as_str())
                .filter(|version| seen.insert(*version))
                .collect();
            (0..max)
                .filter_map(|_| {
                    Some((
                        rng.pick(&distinct)?.to_string(),
                        rng.pick(&distinct)?.to_string(),
                    ))
                })
                .collect()
        }
    };
    rng.shuffle(&mut pairs);
    pairs.truncate(max);
    pairs
}

/// Every pair of distinct versions of one package, each in a random orientation.
fn same_package_pairs(versions: &Versions, rng: &mut SplitMix64) -> Vec<(String, String)> {
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, version) in &versions.entries {
        let list = by_name.entry(name).or_default();
        if list.len() < VERSIONS_PER_PACKAGE && !list.contains(&version.as_str()) {
            list.push(version);
        }
    }
    let mut pairs = Vec::new();
    for list in by_name.values() {
        for (i, a) in list.iter().enumerate() {
            for b in list.iter().skip(i + 1) {
                let (a, b) = if rng.next_u64() & 1 == 0 {
                    (a, b)
                } else {
                    (b, a)
                };
                pairs.push(((*a).to_owned(), (*b).to_owned()));
            }
        }
    }
    pairs
}

/// Both sides of every pair parsed by `parse`, for the pre-parsed benchmarks (pairs where a side
/// does not parse are left out).
pub fn parse_pairs<'a, T>(
    pairs: &'a [(String, String)],
    parse: impl Fn(&'a str) -> Option<T>,
) -> Vec<(T, T)> {
    pairs
        .iter()
        .filter_map(|(a, b)| Some((parse(a)?, parse(b)?)))
        .collect()
}

/// The `debversion` crate's compare from strings: parse both, then compare (`None` when a side
/// does not parse).
pub fn debversion_compare(a: &str, b: &str) -> Option<std::cmp::Ordering> {
    Some(a.parse::<debversion::Version>().ok()?.cmp(&b.parse().ok()?))
}

/// Writes pairs as `a<TAB>b` lines (the format `patchcore compare --batch` reads).
pub fn pairs_to_tsv(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(a, b)| format!("{a}\t{b}\n")).collect()
}

/// Reads `a<TAB>b` lines written by [`pairs_to_tsv`].
///
/// # Errors
///
/// When the file cannot be read.
pub fn pairs_from_tsv(path: &Path) -> Result<Vec<(String, String)>, LoadError> {
    Ok(read_text(path)?
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect())
}

/// A small deterministic pseudo-random generator (`SplitMix64`), so that every run of a benchmark
/// uses the same inputs. Public so that every bench of this package can share it.
///
/// ```
/// let mut rng = patchcore_benches::SplitMix64::new(7);
/// let mut again = patchcore_benches::SplitMix64::new(7);
/// assert_eq!(rng.next_u64(), again.next_u64());
/// assert!(rng.below(10) < 10);
/// ```
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform-enough number below `len` (0 when `len` is 0; the modulo bias is irrelevant
    /// for benchmark inputs).
    pub fn below(&mut self, len: usize) -> usize {
        usize::try_from(self.next_u64() % u64::try_from(len.max(1)).unwrap_or(u64::MAX))
            .unwrap_or(0)
    }

    /// One of `items`, `None` when there is none.
    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> Option<&'a T> {
        items.get(self.below(items.len())).copied()
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mean length of the common prefix of the two sides.
    pub(crate) fn mean_shared_prefix(pairs: &[(String, String)]) -> f64 {
        let total: usize = pairs
            .iter()
            .map(|(a, b)| a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count())
            .sum();
        total as f64 / pairs.len().max(1) as f64
    }

    fn deb(text: &str) -> Versions {
        Versions::parse_name_version_lines(Family::Deb, "test", text)
    }

    #[test]
    fn same_package_pairs_only_pair_versions_of_one_name() {
        let versions = deb("a\t1.0-1\na\t1.0-2\nb\t2.0-1\nb\t2.0-1+deb12u1\nb\t2.0-1+deb12u2\n");
        let pairs = pairs(&versions, PairSet::SamePackage, 100);
        assert_eq!(pairs.len(), 1 + 3);
        for (a, b) in &pairs {
            assert_ne!(a, b);
            assert_eq!(a.starts_with('1'), b.starts_with('1'), "{a} {b}");
        }
    }

    #[test]
    fn invalid_and_duplicate_versions_are_dropped() {
        let versions = deb("a\t1.0-1\na\t1.0-1\na\tnot a version\na\t1.0-\n");
        assert_eq!(versions.entries, [("a".to_owned(), "1.0-1".to_owned())]);
    }

    #[test]
    fn random_pairs_are_deterministic_and_capped() {
        let versions = deb("a\t1\nb\t2\nc\t3\n");
        let first = pairs(&versions, PairSet::Random, 50);
        assert_eq!(first.len(), 50);
        assert_eq!(first, pairs(&versions, PairSet::Random, 50));
    }

    #[test]
    fn pairs_round_trip_through_tsv() {
        let pairs = vec![("1:1.0-1".to_owned(), "1.0~rc1".to_owned())];
        let dir = std::env::temp_dir().join(format!("patchcore-benches-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("pairs.tsv");
        std::fs::write(&path, pairs_to_tsv(&pairs)).unwrap();
        assert_eq!(pairs_from_tsv(&path).unwrap(), pairs);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_synthetic_corpus_is_all_valid_and_has_same_package_pairs() {
        for family in Family::ALL {
            let text = read_text(&family.corpus_path()).unwrap();
            let versions = Versions::parse_name_version_lines(family, "corpus", &text);
            assert_eq!(
                versions.entries.len(),
                text.lines().count(),
                "{family}: a corpus line was dropped"
            );
            let same = pairs(&versions, PairSet::SamePackage, usize::MAX);
            assert!(
                same.len() > 2_000,
                "{family}: {} same-package pairs",
                same.len()
            );
        }
    }

    #[test]
    fn the_real_rpm_evrs_are_all_read_when_present() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/realworld/versions/upstream/evr_real.txt");
        if !path.exists() {
            println!("skipped: ../shared/realworld not found (clone without the shared folder)");
            return;
        }
        let versions = Versions::load(Family::Rpm).unwrap();
        assert!(
            versions.source.ends_with("evr_real.txt"),
            "{}",
            versions.source
        );
        // PROVENANCE.md: 23,190 distinct (name, EVR) lines, 10,104 distinct EVRs; librpm refuses none.
        assert_eq!(versions.entries.len(), 23_190);
        let distinct: HashSet<&str> = versions
            .entries
            .iter()
            .map(|(_, evr)| evr.as_str())
            .collect();
        assert_eq!(distinct.len(), 10_104);
        let same = pairs(&versions, PairSet::SamePackage, PAIRS_PER_SET);
        let random = pairs(&versions, PairSet::Random, PAIRS_PER_SET);
        assert_eq!(same.len(), PAIRS_PER_SET);
        let (same_prefix, random_prefix) = (mean_shared_prefix(&same), mean_shared_prefix(&random));
        assert!(
            same_prefix > 4.0 * random_prefix.max(0.5),
            "{same_prefix} vs {random_prefix}"
        );
    }

    #[test]
    fn names_parse_back_from_display() {
        for family in Family::ALL {
            assert_eq!(family.to_string().parse::<Family>().unwrap(), family);
        }
        for set in PairSet::ALL {
            assert_eq!(set.to_string().parse::<PairSet>().unwrap(), set);
        }
    }
}
