//! The differential suite against librpm 4.18 itself: every generated pair must get the
//! answer librpm gives, for `rpmvercmp` (scheme `rpm-vercmp`) and for `rpmverParse` +
//! `rpmverCmp` (scheme `rpm`), through every representation (string comparison, parsed
//! `Evr`, owned `EvrBuf`, sort keys, hashes).
//!
//! One oracle process (`tests/oracle/rpm_oracle.py`, run with `/usr/bin/python3`, which has
//! python3-rpm) reads all pairs from a temporary file. Without the oracle the test prints
//! `skipped: …` and passes, unless `PATCHCORE_REQUIRE_ORACLES=1` (set by CI).
// Test code: a panic here is a failed test, not a crash on input (as clippy.toml allows in #[test]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::cmp::Ordering;
use std::io::Write;
use std::process::{Command, Stdio};

use patchcore_version::rpm::{Evr, EvrBuf, compare_evr, vercmp, vercmp_sort_key};
use patchcore_version::{Scheme, compare};
use support::{Expect, Rng, generate_pairs, hash_of, ordering_code, real_strings};

/// Pairs generated per scheme (the brief asks for at least 100,000).
const PAIRS_PER_SCHEME: usize = 110_000;

/// Our answer for scheme `rpm-vercmp`, after checking that every representation agrees.
fn ours_vercmp(a: &str, b: &str) -> String {
    let order = vercmp(a, b);
    let by_key = vercmp_sort_key(a).cmp(&vercmp_sort_key(b));
    let dynamic = compare(Scheme::RpmVercmp, a, b).ok();
    if by_key != order || dynamic != Some(order) || vercmp(b, a) != order.reverse() {
        return format!("inconsistent: vercmp {order:?}, sort key {by_key:?}, compare {dynamic:?}");
    }
    ordering_code(order).to_owned()
}

/// Our answer for scheme `rpm`, after checking that every representation agrees.
fn ours_evr(a: &str, b: &str) -> String {
    let Ok(order) = compare_evr(a, b) else {
        return "E".to_owned();
    };
    let (x, y) = (Evr::parse(a).unwrap(), Evr::parse(b).unwrap());
    let (bx, by): (EvrBuf, EvrBuf) = (a.parse().unwrap(), b.parse().unwrap());
    let parsed = x.cmp(&y);
    let owned = bx.cmp(&by);
    let by_key = x.sort_key().cmp(&y.sort_key());
    let hashes_agree = (hash_of(&x) == hash_of(&y)) || order != Ordering::Equal;
    if parsed != order || owned != order || by_key != order || !hashes_agree {
        return format!(
            "inconsistent: string {order:?}, Evr {parsed:?}, EvrBuf {owned:?}, sort key {by_key:?}, hashes agree {hashes_agree}"
        );
    }
    ordering_code(order).to_owned()
}

fn shown(s: &str) -> String {
    let mut out: String = format!("{s:?}").chars().take(160).collect();
    if s.len() > 150 {
        out.push_str(&format!("… ({} bytes)", s.len()));
    }
    out
}

/// Runs the oracle on all lines; `None` when librpm is not available.
fn run_oracle(lines: &[(char, &str, &str)]) -> Option<Vec<String>> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracle/rpm_oracle.py");
    let path =
        std::env::temp_dir().join(format!("patchcore-rpm-oracle-{}.tsv", std::process::id()));
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for (mode, a, b) in lines {
        writeln!(file, "{mode}\t{a}\t{b}").unwrap();
    }
    file.into_inner().unwrap().sync_all().unwrap();
    let output = Command::new("/usr/bin/python3")
        .arg(script)
        .stdin(Stdio::from(std::fs::File::open(&path).unwrap()))
        .output();
    std::fs::remove_file(&path).ok();
    let output = match output {
        Ok(output) if output.status.code() == Some(3) => return None,
        Ok(output) => output,
        Err(_) => return None,
    };
    assert!(
        output.status.success(),
        "oracle failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<String> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        answers.len(),
        lines.len(),
        "the oracle must answer every line"
    );
    Some(answers)
}

#[test]
fn rpm_schemes_agree_with_librpm_on_generated_pairs() {
    let real = real_strings();
    let mut rng = Rng::new(0x5EED_2026);
    let vercmp_pairs = generate_pairs(&mut rng, &real, PAIRS_PER_SCHEME);
    let evr_pairs = generate_pairs(&mut rng, &real, PAIRS_PER_SCHEME);

    // The corpus cases first: librpm must confirm every expectation written in testdata/.
    let corpus: Vec<(char, support::Case)> = [('v', "rpm-vercmp.txt"), ('e', "rpm.txt")]
        .into_iter()
        .flat_map(|(mode, file)| {
            support::corpus(file)
                .into_iter()
                .map(move |case| (mode, case))
        })
        .collect();
    let mut lines: Vec<(char, &str, &str)> =
        Vec::with_capacity(2 * PAIRS_PER_SCHEME + corpus.len());
    for (mode, case) in &corpus {
        let b = if matches!(case.expect, Expect::Order(_)) {
            &case.b
        } else {
            &case.a
        };
        lines.push((*mode, &case.a, b));
    }
    lines.extend(
        vercmp_pairs
            .iter()
            .map(|(a, b)| ('v', a.as_str(), b.as_str())),
    );
    lines.extend(evr_pairs.iter().map(|(a, b)| ('e', a.as_str(), b.as_str())));
    for (_, a, b) in &lines {
        assert!(!a.contains(['\t', '\n', '\r', '\0']) && !b.contains(['\t', '\n', '\r', '\0']));
    }

    let Some(answers) = run_oracle(&lines) else {
        assert!(
            !support::oracles_required(),
            "PATCHCORE_REQUIRE_ORACLES=1 but librpm oracle not available (apt-get install python3-rpm)"
        );
        println!("skipped: librpm oracle not available (apt-get install python3-rpm)");
        return;
    };

    let mut disagreements = Vec::new();
    for ((_, case), answer) in corpus.iter().zip(&answers) {
        let written = match case.expect {
            Expect::Order(order) => ordering_code(order),
            Expect::Valid => "0",
            Expect::Invalid => "E",
        };
        if written != answer {
            disagreements.push(format!(
                "{}: corpus says {written}, librpm {answer}",
                case.place
            ));
        }
    }
    let mut counts = [0usize; 4];
    for ((mode, a, b), expected) in lines.iter().zip(&answers) {
        let ours = if *mode == 'v' {
            ours_vercmp(a, b)
        } else {
            ours_evr(a, b)
        };
        match expected.as_str() {
            "-1" => counts[0] += 1,
            "0" => counts[1] += 1,
            "1" => counts[2] += 1,
            _ => counts[3] += 1,
        }
        if ours != *expected {
            disagreements.push(format!(
                "{}: {} vs {}: librpm {expected}, patchcore {ours}",
                if *mode == 'v' { "rpm-vercmp" } else { "rpm" },
                shown(a),
                shown(b)
            ));
        }
    }
    println!(
        "{} pairs ({} per scheme, {} real strings): librpm said < {}, == {}, > {}, invalid {}",
        lines.len(),
        PAIRS_PER_SCHEME,
        real.len(),
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements with librpm; the first 20:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
