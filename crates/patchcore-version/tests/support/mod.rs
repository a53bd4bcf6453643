//! Helpers shared by the integration tests of the RPM, Windows and dotted schemes.
// Each test file uses a different subset.
#![allow(dead_code)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;

/// `../shared/realworld/<rel>` next to the checkout, or `None` (after printing why) when the
/// shared folder is absent: a clone without it must still pass.
pub(crate) fn realworld(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/realworld")
        .join(rel);
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: ../shared/realworld not found (clone without the shared folder): {rel}");
        None
    }
}

/// Reads a realworld text file, or `None` when the shared folder is absent.
pub(crate) fn realworld_text(rel: &str) -> Option<String> {
    let path = realworld(rel)?;
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// The distinct EVR strings of `upstream/evr_real.txt` (name, EVR, origin per line).
pub(crate) fn real_evrs() -> Option<Vec<String>> {
    let text = realworld_text("versions/upstream/evr_real.txt")?;
    let mut evrs: Vec<String> = text
        .lines()
        .filter_map(|line| line.split('\t').nth(1))
        .map(str::to_owned)
        .collect();
    evrs.sort();
    evrs.dedup();
    Some(evrs)
}

/// Whether CI demands that the real-tool oracles run (`PATCHCORE_REQUIRE_ORACLES=1`).
pub(crate) fn oracles_required() -> bool {
    std::env::var("PATCHCORE_REQUIRE_ORACLES").is_ok_and(|v| v == "1")
}

/// Up to `limit` distinct `Version:` values from the machine's apt lists
/// (`/var/lib/apt/lists/*Packages*`, plain or lz4-compressed).
pub(crate) fn apt_versions(limit: usize) -> Vec<String> {
    let Ok(dir) = std::fs::read_dir("/var/lib/apt/lists") else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains("Packages"))
        })
        .collect();
    paths.sort();
    let mut seen = std::collections::BTreeSet::new();
    for path in paths {
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        let name = path.to_string_lossy();
        let reader: Box<dyn Read> = if name.ends_with(".lz4") {
            Box::new(lz4_flex::frame::FrameDecoder::new(file))
        } else if name.ends_with("Packages") {
            Box::new(file)
        } else {
            continue;
        };
        for line in BufReader::new(reader).lines() {
            let Ok(line) = line else { break };
            if let Some(version) = line.strip_prefix("Version: ") {
                seen.insert(version.to_owned());
                if seen.len() >= limit {
                    return seen.into_iter().collect();
                }
            }
        }
    }
    seen.into_iter().collect()
}

/// A value's hash under the standard hasher (for checking that equal values hash alike).
pub(crate) fn hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// `-1`, `0` or `1`: how the oracles and the upstream vector files write an order.
pub(crate) fn ordering_code(order: std::cmp::Ordering) -> &'static str {
    match order {
        std::cmp::Ordering::Less => "-1",
        std::cmp::Ordering::Equal => "0",
        std::cmp::Ordering::Greater => "1",
    }
}

/// A small deterministic generator (splitmix64): the same seed gives the same cases.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % n as u64).unwrap()
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What a corpus line expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Order(std::cmp::Ordering),
    Valid,
    Invalid,
}

/// One line of a `testdata/*.txt` corpus file (format in `testdata/README.md`).
#[derive(Debug, Clone)]
pub(crate) struct Case {
    pub(crate) a: String,
    pub(crate) expect: Expect,
    /// Empty unless `expect` is an order.
    pub(crate) b: String,
    pub(crate) source: String,
    /// `file:line`, for failure messages.
    pub(crate) place: String,
}

/// Reads one value: bare up to the next blank, or a JSON string.
fn corpus_value(rest: &str) -> (String, &str) {
    let rest = rest.trim_start();
    if rest.starts_with('"') {
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<String>();
        let value = stream.next().unwrap().unwrap();
        (value, &rest[stream.byte_offset()..])
    } else {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        (rest[..end].to_owned(), &rest[end..])
    }
}

/// The cases of `testdata/<name>`.
pub(crate) fn corpus(name: &str) -> Vec<Case> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut cases = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let place = format!("testdata/{name}:{}", n + 1);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (a, rest) = corpus_value(trimmed);
        let rest = rest.trim_start();
        let (op, rest) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let (expect, rest) = match op {
            "<" | "==" | ">" => {
                let order = match op {
                    "<" => std::cmp::Ordering::Less,
                    "==" => std::cmp::Ordering::Equal,
                    _ => std::cmp::Ordering::Greater,
                };
                (Expect::Order(order), rest)
            }
            "valid" => (Expect::Valid, rest),
            "invalid" => (Expect::Invalid, rest),
            other => panic!("{place}: unknown operator {other:?}"),
        };
        let (b, rest) = match expect {
            Expect::Order(_) => corpus_value(rest),
            _ => (String::new(), rest),
        };
        let source = rest
            .trim()
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{place}: every case needs a `# source`"))
            .trim()
            .to_owned();
        assert!(!source.is_empty(), "{place}: empty source");
        cases.push(Case {
            a,
            expect,
            b,
            source,
            place,
        });
    }
    assert!(!cases.is_empty(), "testdata/{name} has no cases");
    cases
}

/// Characters the random strings are drawn from, grouped so that the weights below favour
/// what versions are made of. `\t`, `\n` and `\r` are left out because they delimit the
/// oracle's line format, and NUL because librpm takes C strings (it can never receive one;
/// our choice for NUL is documented in `src/rpm/vercmp.rs`). Every other byte class stays:
/// ASCII controls, blanks, every ASCII punctuation mark, non-ASCII letters.
pub(crate) const DIGITS: &str = "0123456789";
pub(crate) const LETTERS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
pub(crate) const PUNCTUATION: &str = " !\"#$%&'()*+,./;<=>?@[\\]_`{|}";
pub(crate) const CONTROLS: &str = "\u{1}\u{2}\u{7}\u{8}\u{b}\u{c}\u{1b}\u{1f}\u{7f}";
pub(crate) const NON_ASCII: &str = "éüßαβΩж中🦀\u{a0}";

pub(crate) fn random_char(rng: &mut Rng) -> char {
    let group = match rng.below(100) {
        0..=34 => DIGITS,
        35..=59 => LETTERS,
        60..=69 => ".",
        70..=74 => "-",
        75..=78 => ":",
        79..=82 => "~",
        83..=86 => "^",
        87..=94 => PUNCTUATION,
        95..=96 => CONTROLS,
        _ => NON_ASCII,
    };
    let chars: Vec<char> = group.chars().collect();
    *rng.pick(&chars)
}

pub(crate) fn random_string(rng: &mut Rng, max_len: usize) -> String {
    let len = rng.below(max_len + 1);
    (0..len).map(|_| random_char(rng)).collect()
}

pub(crate) fn long_digits(rng: &mut Rng) -> String {
    let len = 21 + rng.below(40);
    let mut s: String = (0..len)
        .map(|_| *rng.pick(&DIGITS.chars().collect::<Vec<_>>()))
        .collect();
    if rng.below(3) == 0 {
        s.insert_str(0, "000");
    }
    s
}

/// One to three random edits: the result usually shares a long prefix with the input, as
/// installed and available versions of one package do.
pub(crate) fn mutate(rng: &mut Rng, base: &str) -> String {
    let mut chars: Vec<char> = base.chars().collect();
    for _ in 0..=rng.below(3) {
        let at = rng.below(chars.len() + 1);
        match rng.below(10) {
            0 | 1 if at < chars.len() => chars[at] = random_char(rng),
            2 if at < chars.len() => {
                chars.remove(at);
            }
            3 => chars.truncate(at),
            4 => {
                let suffix = ["~rc1", "^git1", ".1", "-1", "~", "^", ":", "-", ".0", "a"];
                chars.extend(rng.pick(&suffix).chars());
            }
            5 => chars
                .splice(at..at, long_digits(rng).chars())
                .for_each(drop),
            6 if at < chars.len() && chars[at].is_ascii_digit() => {
                let d = chars[at].to_digit(10).unwrap_or(0);
                chars[at] = char::from_digit((d + 1) % 10, 10).unwrap_or('0');
            }
            7 => chars
                .splice(at..at, ["0", "00", "1", "9", "10"][rng.below(5)].chars())
                .for_each(drop),
            _ => chars.insert(at, random_char(rng)),
        }
    }
    chars.into_iter().collect()
}

/// Real version strings: the real EVRs of the shared folder, the machine's apt lists, and
/// their version and release halves.
pub(crate) fn real_strings() -> Vec<String> {
    let mut real = real_evrs().unwrap_or_default();
    real.extend(apt_versions(15_000));
    let halves: Vec<String> = real
        .iter()
        .filter_map(|s| s.rsplit_once('-'))
        .flat_map(|(v, r)| [v.to_owned(), r.to_owned()])
        .collect();
    real.extend(halves);
    if real.is_empty() {
        // Neither source on this machine: a few real versions written here keep the mix.
        real = [
            "2.1.3-11.amzn2.0.2",
            "1:3.0.8-1.amzn2023.0.4",
            "5.36.0-7+deb12u1",
            "1.0~rc1",
        ]
        .map(String::from)
        .to_vec();
    }
    real.retain(|s| !s.contains(['\t', '\n', '\r', '\0']));
    real.sort();
    real.dedup();
    real
}

pub(crate) fn generate_pairs(
    rng: &mut Rng,
    real: &[String],
    count: usize,
) -> Vec<(String, String)> {
    let mut pairs = Vec::with_capacity(count);
    // Strings of 10 KB: random, and one long string against an edit of itself.
    for _ in 0..20 {
        let big = random_string(rng, 10_240);
        let other = mutate(rng, &big);
        pairs.push((big.clone(), other));
        pairs.push((big, random_string(rng, 10_240)));
    }
    while pairs.len() < count {
        let pair = match rng.below(8) {
            0 => (rng.pick(real).clone(), rng.pick(real).clone()),
            1 | 2 => {
                let base = rng.pick(real).clone();
                let other = mutate(rng, &base);
                (base, other)
            }
            3 => {
                let base = rng.pick(real);
                (mutate(rng, base), mutate(rng, base))
            }
            4 => (random_string(rng, 12), random_string(rng, 12)),
            5 => {
                let base = random_string(rng, 24);
                let other = mutate(rng, &base);
                (base, other)
            }
            6 => {
                let base = rng.pick(real).clone();
                (base.clone(), base)
            }
            _ => {
                let digits = long_digits(rng);
                let other = mutate(rng, &digits);
                (format!("{digits}.{}", random_string(rng, 4)), other)
            }
        };
        if rng.below(2) == 0 {
            pairs.push(pair);
        } else {
            pairs.push((pair.1, pair.0));
        }
    }
    pairs
}
