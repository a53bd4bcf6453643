//! Dotted versions: `DottedVersion` on what parses, and the dynamic `compare` for the `dotted`
//! and `semver` schemes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_fuzz::{check_dynamic, check_ord_type, check_same_order, split};
use patchcore_version::Scheme;
use patchcore_version::dotted::DottedVersion;

fuzz_target!(|data: &[u8]| {
    let strings = split(data);
    let versions: Vec<DottedVersion> = strings.iter().filter_map(|s| s.parse().ok()).collect();
    check_ord_type(&versions);
    check_same_order(&versions, DottedVersion::sort_key);
    for version in &versions {
        let shown = version.to_string();
        let again: Option<DottedVersion> = shown.parse().ok();
        assert!(
            again.as_ref() == Some(version),
            "display round trip of {version:?}: {shown:?}"
        );
    }
    for &a in &strings {
        for &b in &strings {
            if let Some(ordering) = check_dynamic(Scheme::Dotted, a, b) {
                let (va, vb) = (
                    a.parse::<DottedVersion>().ok(),
                    b.parse::<DottedVersion>().ok(),
                );
                assert_eq!(
                    va.zip(vb).map(|(va, vb)| va.cmp(&vb)),
                    Some(ordering),
                    "dotted scheme vs DottedVersion on {a:?}, {b:?}"
                );
            }
            check_dynamic(Scheme::Semver, a, b);
        }
    }
});
