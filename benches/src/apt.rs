//! Real Debian versions from the apt lists of this machine.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Reads every `*_Packages` (plain or `.lz4`) file in `dir`: a description of the input and the
/// `(package, version)` entries, or `None` when there is no readable list.
pub(crate) fn read_lists(dir: &Path) -> Option<(String, Vec<(String, String)>)> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with("_Packages") || name.ends_with("_Packages.lz4"))
        .collect();
    names.sort();
    let mut entries = Vec::new();
    let mut files = 0;
    for name in &names {
        if let Some(text) = read_list(&dir.join(name)) {
            entries.extend(packages_entries(&text));
            files += 1;
        }
    }
    (files > 0).then(|| (format!("{files} apt lists in {}", dir.display()), entries))
}

/// One list, decompressed when it is lz4 (apt's `Acquire::GzipIndexes` with lz4).
fn read_list(path: &Path) -> Option<String> {
    let file = File::open(path).ok()?;
    let mut bytes = Vec::new();
    if path.extension().is_some_and(|ext| ext == "lz4") {
        lz4_flex::frame::FrameDecoder::new(file)
            .read_to_end(&mut bytes)
            .ok()?;
    } else {
        let mut file = file;
        file.read_to_end(&mut bytes).ok()?;
    }
    String::from_utf8(bytes).ok()
}

/// The `(package, version)` entries of a `Packages` file: each stanza's own version and its
/// source version (`Source: name (version)`, e.g. `1.2-3` for the binNMU `1.2-3+b1`).
///
/// Two versions of one package are then what a scan compares: the same package in two suites
/// (bookworm and bookworm-security: installed vs available), or a binary rebuild and its source.
/// Versions in relations (`Depends: libc6 (>= 2.34)`) are left out: they are bounds, mostly
/// short, and would make "same-package" pairs look like random ones.
pub(crate) fn packages_entries(text: &str) -> Vec<(String, String)> {
    let mut entries = Vec::new();
    let mut package = "";
    for line in text.lines() {
        let Some((field, value)) = line.split_once(": ") else {
            continue;
        };
        match field {
            "Package" => package = value.trim(),
            "Version" => entries.push((package.to_owned(), value.trim().to_owned())),
            "Source" => {
                if let Some(version) = source_version(value) {
                    entries.push((package.to_owned(), version.to_owned()));
                }
            }
            _ => {}
        }
    }
    entries
}

/// The version of `Source: name (version)`, when the source version differs from the binary's.
fn source_version(value: &str) -> Option<&str> {
    let (_, rest) = value.split_once('(')?;
    let (version, _) = rest.split_once(')')?;
    Some(version.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stanza_and_source_versions_are_read_and_relations_are_not() {
        let text = "Package: libfoo1\nSource: foo (1.2-3)\nVersion: 1.2-3+b1\n\
                    Depends: libc6 (>= 2.34), libbar | libbaz:any (<< 2:1.0~rc1)\n\
                    Description: foo\n Version: not a field\n\nPackage: bar\nVersion: 1:2.0-1\n";
        let entries = packages_entries(text);
        let entries: Vec<(&str, &str)> = entries
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        // Fields come in file order: Source is read before Version here.
        assert_eq!(
            entries,
            [
                ("libfoo1", "1.2-3"),
                ("libfoo1", "1.2-3+b1"),
                ("bar", "1:2.0-1"),
            ]
        );
    }

    #[test]
    fn the_real_apt_lists_give_same_package_pairs_when_present() {
        let dir = Path::new("/var/lib/apt/lists");
        let Some((source, entries)) = read_lists(dir) else {
            println!("skipped: no apt lists in {}", dir.display());
            return;
        };
        let versions = crate::Versions::from_entries(crate::Family::Deb, source, entries);
        let same = crate::pairs(&versions, crate::PairSet::SamePackage, usize::MAX);
        let random = crate::pairs(&versions, crate::PairSet::Random, crate::PAIRS_PER_SET);
        println!(
            "{}: {} versions, {} same-package pairs",
            versions.source,
            versions.entries.len(),
            same.len()
        );
        assert!(
            same.len() > crate::PAIRS_PER_SET,
            "only {} same-package pairs",
            same.len()
        );
        // What makes same-package pairs the expensive case: a long shared prefix.
        let (same_prefix, random_prefix) = (
            crate::tests::mean_shared_prefix(&same),
            crate::tests::mean_shared_prefix(&random),
        );
        assert!(
            same_prefix > 4.0 * random_prefix.max(0.5),
            "{same_prefix} vs {random_prefix}"
        );
    }
}
