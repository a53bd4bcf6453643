//! The differential suite against dpkg itself: at least 100,000 version pairs, compared
//! by patchcore and by libdpkg 1.21 (`parseversion` + `dpkg_version_compare`), with zero
//! disagreements allowed — on the order and on validity (patchcore must refuse exactly the
//! strings dpkg reports an error or a warning for).
//!
//! The oracle is `tests/oracle/dpkg_oracle.c`, compiled once per run with `cc` against the
//! static libdpkg of `libdpkg-dev`. It is itself checked against `dpkg --compare-versions`
//! on a few hundred pairs. Without a C compiler or libdpkg the test prints a skip line and
//! passes, unless `PATCHCORE_REQUIRE_ORACLES=1`.

// Support code of a test may panic like the tests themselves: a panic is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use patchcore_version::deb::{self, Version};
use proptest::prelude::Rng as _;
use proptest::test_runner::{RngAlgorithm, TestRng};

mod deb_support;

const SKIP: &str = "skipped: dpkg oracle not available (apt-get install libdpkg-dev gcc)";

/// Prints the skip line, or fails when the oracles are required (CI).
fn unavailable(reason: &str) {
    if std::env::var("PATCHCORE_REQUIRE_ORACLES").as_deref() == Ok("1") {
        panic!("PATCHCORE_REQUIRE_ORACLES=1 but the dpkg oracle is unavailable: {reason}");
    }
    println!("{SKIP} ({reason})");
}

/// A temporary directory removed on drop.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Compiles the C oracle; `Err` says why it cannot be built here.
fn build_oracle() -> Result<(TempDir, PathBuf), String> {
    let dir = std::env::temp_dir().join(format!("patchcore-dpkg-oracle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let dir = TempDir(dir);
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/dpkg_oracle.c");
    let binary = dir.0.join("dpkg_oracle");
    // The static libdpkg.a needs nothing beyond libc for these functions.
    let output = Command::new("cc")
        .arg("-O2")
        .arg("-o")
        .arg(&binary)
        .arg(&source)
        .arg("-ldpkg")
        .output()
        .map_err(|e| format!("cannot run cc: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cc failed: {}",
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .next()
                .unwrap_or("")
        ));
    }
    Ok((dir, binary))
}

/// dpkg's answers for `pairs`: `-1`, `0`, `1` or `E`, one per pair.
fn ask_oracle(binary: &Path, pairs: &[(String, String)]) -> Vec<String> {
    let mut child = Command::new(binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the dpkg oracle");
    let mut stdin = child.stdin.take().unwrap();
    let input: String = pairs.iter().fold(String::new(), |mut s, (a, b)| {
        writeln!(s, "{a}\t{b}").unwrap();
        s
    });
    // Written from another thread: the oracle answers while we are still writing.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let answers: Vec<String> = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(Result::unwrap)
        .collect();
    writer.join().unwrap().unwrap();
    assert!(child.wait().unwrap().success(), "the dpkg oracle failed");
    assert_eq!(answers.len(), pairs.len(), "one answer per pair");
    answers
}

/// patchcore's answer in the oracle's format.
fn ours(a: &str, b: &str) -> &'static str {
    match deb::compare(a, b) {
        Ok(std::cmp::Ordering::Less) => "-1",
        Ok(std::cmp::Ordering::Equal) => "0",
        Ok(std::cmp::Ordering::Greater) => "1",
        Err(_) => "E",
    }
}

/// proptest's seeded generator, so that every run checks the same pairs.
struct Rng(TestRng);

impl Rng {
    fn new() -> Self {
        Self(TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    }

    fn below(&mut self, n: usize) -> usize {
        self.0.random_range(0..n)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// What random strings are made of: digits, letters, every ASCII separator, `~`, `^`, `:`,
/// `-`, blanks and other C white space, non-ASCII letters and symbols. Left out: TAB, LF
/// and CR, which the oracle's line protocol (`A<TAB>B<LF>`) cannot carry inside a field
/// (CR too, so that the protocol stays plain text), and NUL, which ends a C string; the
/// rule tests cover what dpkg does with them.
const ALPHABET: &[&str] = &[
    "0",
    "0",
    "1",
    "2",
    "3",
    "5",
    "7",
    "9",
    "00",
    "10",
    "a",
    "b",
    "e",
    "z",
    "A",
    "Z",
    "rc",
    "ubuntu",
    "deb",
    "dfsg",
    "+",
    "+",
    ".",
    ".",
    "-",
    "-",
    ":",
    ":",
    "~",
    "~",
    "^",
    "_",
    "@",
    "!",
    "\"",
    "#",
    "$",
    "%",
    "&",
    "'",
    "(",
    ")",
    "*",
    ",",
    "/",
    ";",
    "<",
    "=",
    ">",
    "?",
    "[",
    "\\",
    "]",
    "`",
    "{",
    "|",
    "}",
    " ",
    "  ",
    "\u{b}",
    "\u{c}",
    "\u{7f}",
    "\u{1}",
    "é",
    "ß",
    "Ω",
    "中",
    "🦀",
    "\u{a0}",
    "1234567890123456789012345",
];

fn random_string(rng: &mut Rng) -> String {
    let len = rng.below(12);
    (0..len).map(|_| *rng.pick(ALPHABET)).collect()
}

/// A small change to a version, as a real next version or a typo would make.
fn mutate(rng: &mut Rng, version: &str) -> String {
    let chars: Vec<char> = version.chars().collect();
    let at = if chars.is_empty() {
        0
    } else {
        rng.below(chars.len() + 1)
    };
    let (head, tail) = chars.split_at(at.min(chars.len()));
    let head: String = head.iter().collect();
    let tail: String = tail.iter().collect();
    match rng.below(12) {
        0 => format!("{head}{}{tail}", rng.pick(ALPHABET)),
        1 => format!("{head}{}", tail.chars().skip(1).collect::<String>()),
        2 => format!(
            "{head}{}{}",
            rng.pick(ALPHABET),
            tail.chars().skip(1).collect::<String>()
        ),
        3 => format!(
            "{version}{}",
            *rng.pick(&["~rc1", "+b1", "-1", ".0", "0", "~", "-0", "a"])
        ),
        4 => format!(
            "{}{version}",
            *rng.pick(&["1:", "0:", "00:", "+1:", "-0:", " ", "\u{b}1:", "a:"])
        ),
        5 => format!("{head}{}{tail}", "9".repeat(20 + rng.below(30))),
        6 => format!("{head}0{tail}"),
        7 => version.replacen(|c: char| c.is_ascii_digit(), &rng.below(10).to_string(), 1),
        8 => format!("{version}{version}"),
        9 => format!("{head}~{tail}"),
        10 => format!("{version} "),
        _ => format!("{head}-{tail}"),
    }
}

/// Real Debian versions of this machine: the apt lists (`apt-cache dumpavail` reads them
/// whatever their compression) and the dpkg status file, grouped by package.
fn real_versions() -> BTreeMap<String, BTreeSet<String>> {
    let mut by_package: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut read = |text: &str| {
        let mut package = String::new();
        for line in text.lines() {
            if let Some(name) = line.strip_prefix("Package: ") {
                package = name.trim().to_owned();
            } else if let Some(version) = line.strip_prefix("Version: ") {
                by_package
                    .entry(package.clone())
                    .or_default()
                    .insert(version.trim().to_owned());
            }
        }
    };
    if let Ok(output) = Command::new("apt-cache").arg("dumpavail").output() {
        read(&String::from_utf8_lossy(&output.stdout));
    }
    if let Ok(status) = std::fs::read_to_string("/var/lib/dpkg/status") {
        read(&status);
    }
    by_package
}

/// Hand-picked edges of dpkg's parser and order; every pair of them is checked.
const EDGES: &[&str] = &[
    "0",
    "00",
    "0:0",
    "1",
    "1.0",
    "1.00",
    "1.0-0",
    "1.0-00",
    "1.0-0.0",
    "1.0-1",
    "0:1.0-0",
    "1.0~",
    "1.0~~",
    "1.0~rc1",
    "1.0a",
    "1.0+",
    "1.0.",
    "1.0:",
    "1:1.0",
    "01:1.0",
    "+1:1.0",
    "-0:1.0",
    "-1:1.0",
    "--1:1",
    "+:1",
    ":1",
    "1:",
    "1: ",
    " 1:1",
    "1 :1",
    "a:1",
    "1a:1",
    "\u{b}1:1",
    "\u{c}1:1",
    "\u{b} 1:1",
    "2147483647:1",
    "2147483648:1",
    "4294967296:1",
    "99999999999999999999:1",
    "-99999999999999999999:1",
    "00000000000000000001:1",
    "1:2:3",
    "1:2:3-4",
    "1:2-3:4",
    "1.0:2",
    "1-",
    "-1",
    "-",
    "1--1",
    "1-1-1",
    "1.0-a",
    "1.0-~",
    "1.0-+",
    "1.0-.",
    "a",
    "A1",
    "~1",
    "+1",
    ".1",
    "1^1",
    "1_1",
    "1@1",
    "1.0 ",
    " 1.0",
    "  1.0  ",
    "1 0",
    " ",
    "",
    "1.0-1 ",
    "1é",
    "1\u{a0}",
    "1:é",
    "12345678901234567890123",
    "12345678901234567890124",
    "0000000000000000000000001",
    "1.0-1ubuntu1",
    "1.0-1ubuntu10",
    "1.0-1ubuntu2",
    "1.0-1+deb12u1",
    "1.0-1+b1",
    "1.0+dfsg-1",
    "1.0+dfsg1-1",
    "1.0~dfsg-1",
    "2:1.0",
    "1.0-0~",
    "1.0-0~0",
    "0~",
    "0-0~",
];

#[test]
fn patchcore_agrees_with_dpkg_on_every_generated_pair() {
    let (_dir, oracle) = match build_oracle() {
        Ok(built) => built,
        Err(reason) => return unavailable(&reason),
    };
    let mut rng = Rng::new();
    let mut pairs: Vec<(String, String)> = Vec::new();
    // (index in `pairs`, the corpus's expectation, its line) for the corpus cases.
    let mut corpus_expected: Vec<(usize, String, usize)> = Vec::new();
    let push = |pairs: &mut Vec<(String, String)>, a: &str, b: &str| {
        // See ALPHABET for why these are never generated.
        if !a.contains(['\t', '\n', '\r', '\0']) && !b.contains(['\t', '\n', '\r', '\0']) {
            pairs.push((a.to_owned(), b.to_owned()));
        }
    };

    // 1. The corpus (testdata/deb_cases.txt) must hold dpkg's answers: its comparisons, and
    //    its single versions against "0" (valid exactly when dpkg accepts them). Cases with
    //    a TAB or LF cannot go through the oracle; they were checked with the dpkg command.
    let mut corpus_pairs = 0;
    for case in deb_support::corpus() {
        let b = if case.is_comparison() {
            case.b.as_str()
        } else {
            "0"
        };
        let before = pairs.len();
        push(&mut pairs, &case.a, b);
        if pairs.len() > before {
            let expected = match case.expected.as_str() {
                "valid" => "-1|0|1",
                invalid if invalid.starts_with("invalid:") => "E",
                answer => answer,
            };
            corpus_expected.push((pairs.len() - 1, expected.to_owned(), case.line));
            corpus_pairs += 1;
        }
    }
    assert!(
        corpus_pairs > 90,
        "only {corpus_pairs} corpus cases reached the oracle"
    );

    // 2. Every pair of edges, both ways.
    for a in EDGES {
        for b in EDGES {
            push(&mut pairs, a, b);
        }
    }

    // 3. Real versions: every pair within a package (capped), random pairs across
    //    packages, and mutations against their original and each other.
    let by_package = real_versions();
    let all_real: Vec<&str> = by_package.values().flatten().map(String::as_str).collect();
    for versions in by_package.values() {
        let versions: Vec<&String> = versions.iter().take(12).collect();
        for (i, a) in versions.iter().enumerate() {
            for b in &versions[i + 1..] {
                push(&mut pairs, a, b);
            }
        }
    }
    if !all_real.is_empty() {
        for _ in 0..20_000 {
            let (a, b) = (*rng.pick(&all_real), *rng.pick(&all_real));
            push(&mut pairs, a, b);
        }
        for _ in 0..30_000 {
            let original = *rng.pick(&all_real);
            let mutated = mutate(&mut rng, original);
            let twice = mutate(&mut rng, &mutated);
            push(&mut pairs, original, &mutated);
            push(&mut pairs, &mutated, &twice);
        }
    }

    // 4. Random strings, against each other, against themselves and against mutations.
    for _ in 0..30_000 {
        let a = random_string(&mut rng);
        let b = if rng.chance(20) {
            mutate(&mut rng, &a)
        } else {
            random_string(&mut rng)
        };
        push(&mut pairs, &a, &b);
        if rng.chance(10) {
            push(&mut pairs, &a, &a);
        }
    }
    // Random strings that start like versions, so that more of them are valid.
    for _ in 0..15_000 {
        let a = format!("{}{}", rng.below(30), random_string(&mut rng));
        let b = format!("{}{}", rng.below(30), random_string(&mut rng));
        push(&mut pairs, &a, &b);
    }

    // 5. Long digit runs and 10 KB strings, differing late or not at all.
    for _ in 0..300 {
        let digits: String = (0..21 + rng.below(200))
            .map(|_| *rng.pick(&["0", "1", "9"]))
            .collect();
        let a = format!("1.{digits}-1");
        let b = mutate(&mut rng, &a);
        push(&mut pairs, &a, &b);
        push(&mut pairs, &a, &format!("1.0{digits}-1"));
    }
    for _ in 0..200 {
        let base = if all_real.is_empty() {
            "1.2.3-4"
        } else {
            rng.pick(&all_real)
        };
        let mut long = String::new();
        while long.len() < 10_240 {
            long.push_str(base.split('-').next().unwrap_or("1"));
            let separator: &&str = rng.pick(&[".", "+", "~", "", "a"]);
            long.push_str(separator);
        }
        let long = format!("{}{long}", rng.below(10));
        let b = mutate(&mut rng, &long);
        push(&mut pairs, &long, &b);
        push(&mut pairs, &long, &long.clone());
    }

    assert!(pairs.len() >= 100_000, "only {} pairs", pairs.len());
    let answers = ask_oracle(&oracle, &pairs);
    for (index, expected, line) in &corpus_expected {
        let dpkg = &answers[*index];
        assert!(
            expected.split('|').any(|e| e == dpkg),
            "deb_cases.txt:{line}: the corpus expects {expected}, dpkg answers {dpkg} for {:?}",
            pairs[*index]
        );
    }
    let mut disagreements = Vec::new();
    let mut counts = BTreeMap::<&str, usize>::new();
    for ((a, b), dpkg) in pairs.iter().zip(&answers) {
        *counts.entry(dpkg.as_str()).or_default() += 1;
        let ours = ours(a, b);
        if ours != dpkg {
            disagreements.push(format!("{a:?} vs {b:?}: dpkg {dpkg}, patchcore {ours}"));
            continue;
        }
        // The parsed forms and the sort keys must give the same order.
        if let (Ok(va), Ok(vb)) = (Version::parse(a), Version::parse(b)) {
            let expected = ours_to_ordering(dpkg);
            if va.cmp(&vb) != expected || va.sort_key().cmp(&vb.sort_key()) != expected {
                disagreements.push(format!("{a:?} vs {b:?}: parsed or sort-key order differs"));
            }
        }
    }
    println!("{} pairs checked against dpkg: {counts:?}", pairs.len());
    assert!(
        disagreements.is_empty(),
        "{} disagreements with dpkg, the first ones:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Enough of every answer for the check to mean something.
    for answer in ["-1", "0", "1", "E"] {
        assert!(
            counts.get(answer).copied().unwrap_or(0) >= 1_000,
            "few {answer}: {counts:?}"
        );
    }

    cross_check_oracle_with_dpkg_command(&mut rng, &pairs, &answers);
}

fn ours_to_ordering(answer: &str) -> std::cmp::Ordering {
    match answer {
        "-1" => std::cmp::Ordering::Less,
        "0" => std::cmp::Ordering::Equal,
        _ => std::cmp::Ordering::Greater,
    }
}

/// The compiled oracle must agree with `dpkg --compare-versions` itself. Left out: empty
/// strings and `<unknown>` (the command, unlike `parseversion`, reads them as "no
/// version") and strings starting with `-` (the command reads them as options).
fn cross_check_oracle_with_dpkg_command(
    rng: &mut Rng,
    pairs: &[(String, String)],
    answers: &[String],
) {
    if Command::new("dpkg").arg("--version").output().is_err() {
        return unavailable("no dpkg command for the cross-check");
    }
    let usable = |s: &str| !s.is_empty() && s != "<unknown>" && !s.starts_with('-');
    let mut checked = 0;
    let mut per_answer = BTreeMap::<&str, usize>::new();
    // Bounded, so that a strange sample cannot loop for ever.
    for _ in 0..100_000 {
        if checked == 300 {
            break;
        }
        let i = rng.below(pairs.len());
        let ((a, b), expected) = (&pairs[i], answers[i].as_str());
        // Balance the sample: at most 100 of each answer.
        if !usable(a) || !usable(b) || per_answer.get(expected).copied().unwrap_or(0) >= 100 {
            continue;
        }
        *per_answer.entry(expected).or_default() += 1;
        checked += 1;
        let run = |relation: &str| {
            let output = Command::new("dpkg")
                .args(["--compare-versions", a, relation, b])
                .output()
                .unwrap();
            let syntax = String::from_utf8_lossy(&output.stderr).contains("bad syntax");
            (output.status.code(), syntax)
        };
        let (lt, lt_syntax) = run("lt");
        let command = if lt_syntax {
            "E"
        } else if lt == Some(0) {
            "-1"
        } else if run("gt").0 == Some(0) {
            "1"
        } else {
            "0"
        };
        assert_eq!(
            command, expected,
            "oracle and dpkg --compare-versions on {a:?} vs {b:?}"
        );
    }
    assert!(checked >= 200, "only {checked} pairs cross-checked");
    println!("the oracle agrees with dpkg --compare-versions on {checked} pairs: {per_answer:?}");
}
