//! Reading `testdata/deb_cases.txt`, shared by the Debian test files.

// Support code of a test may panic like the tests themselves: a panic is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
// Each test file uses part of this module.
#![allow(dead_code)]

use std::path::Path;

/// One case of `testdata/deb_cases.txt` (its format is described at the top of the file).
pub(crate) struct Case {
    /// 1-based line number.
    pub(crate) line: usize,
    /// Field A, unescaped.
    pub(crate) a: String,
    /// Field B, unescaped; empty for a single-version case.
    pub(crate) b: String,
    /// `-1`, `0`, `1`, `E`, `valid` or `invalid:KIND`.
    pub(crate) expected: String,
    /// Where the expectation comes from.
    pub(crate) source: String,
}

impl Case {
    /// Whether this case compares two versions (rather than checking one).
    pub(crate) fn is_comparison(&self) -> bool {
        ["-1", "0", "1", "E"].contains(&self.expected.as_str())
    }
}

fn unescape(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next() {
            Some('s') => ' ',
            Some('t') => '\t',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('v') => '\u{b}',
            Some('f') => '\u{c}',
            Some('\\') => '\\',
            other => panic!("unknown escape \\{other:?} in {field:?}"),
        });
    }
    out
}

/// Every case of the corpus.
pub(crate) fn corpus() -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/deb_cases.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let cases: Vec<Case> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(i, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(
                fields.len(),
                4,
                "deb_cases.txt:{}: four fields expected",
                i + 1
            );
            assert!(
                !fields[3].trim().is_empty(),
                "deb_cases.txt:{}: no source",
                i + 1
            );
            Case {
                line: i + 1,
                a: unescape(fields[0]),
                b: unescape(fields[1]),
                expected: fields[2].to_owned(),
                source: fields[3].to_owned(),
            }
        })
        .collect();
    assert!(cases.len() > 100, "only {} cases", cases.len());
    cases
}
