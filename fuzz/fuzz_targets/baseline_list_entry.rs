//! The approved/rejected-list entry parser and matcher on any input: classification never
//! panics, and an entry always matches a package whose name is exactly that entry (when the
//! entry is a plain name on a Linux family).
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_baseline::PackageFamily;
use patchcore_baseline::lists::{
    IdKind, ListMatcher, ListRole, PackageRef, classify, never_matches,
};

const FAMILIES: [PackageFamily; 5] = [
    PackageFamily::YumDnf,
    PackageFamily::Zypper,
    PackageFamily::Apt,
    PackageFamily::MacOs,
    PackageFamily::Windows,
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Up to four pieces separated by NUL: the entries, then the package parts.
    let pieces: Vec<&str> = text.split('\0').collect();
    let entries: Vec<&str> = pieces
        .first()
        .map(|e| e.split('\n').collect())
        .unwrap_or_default();
    let name = pieces.get(1).copied().unwrap_or("");
    let version = pieces.get(2).copied().unwrap_or("");
    let package = PackageRef {
        name,
        arch: "x86_64",
        epoch: "",
        version,
        release: pieces.get(3).copied().unwrap_or(""),
    };
    for family in FAMILIES {
        for entry in &entries {
            let _ = classify(entry, Some(family));
            let _ = never_matches(entry, Some(family));
        }
        for role in [ListRole::Approved, ListRole::Rejected] {
            let list = ListMatcher::new(&entries, Some(family), role);
            let _ = list.matches_package(&package);
            for kind in [
                IdKind::Advisory,
                IdKind::Cve,
                IdKind::Bugzilla,
                IdKind::Kb,
                IdKind::Bulletin,
            ] {
                let _ = list.matches_id(kind, name);
            }
        }
    }
    // A plain name (no glob characters, not an id) matches its own package on yum/dnf.
    if let Some(&entry) = entries.first() {
        let plain = !entry.is_empty()
            && entry
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !entry.bytes().all(|b| b.is_ascii_digit());
        if plain {
            let list = ListMatcher::new(&[entry], Some(PackageFamily::YumDnf), ListRole::Rejected);
            let own = PackageRef {
                name: entry,
                ..package
            };
            assert!(
                list.matches_package(&own),
                "{entry:?} does not match its own package"
            );
        }
    }
});
