//! Debian: `deb::compare` and `deb::Version`/`VersionBuf` on what parses, and the dynamic
//! `compare` for the `deb` scheme.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_fuzz::{
    check_dynamic, check_ord_type, check_owned_forms, check_same_order, hash_of, split,
};
use patchcore_version::Scheme;
use patchcore_version::deb::{self, Version, VersionBuf};

fuzz_target!(|data: &[u8]| {
    let strings = split(data);

    for &a in &strings {
        for &b in &strings {
            let dynamic = check_dynamic(Scheme::Deb, a, b);
            let direct = deb::compare(a, b).ok();
            assert_eq!(
                dynamic, direct,
                "deb scheme vs deb::compare on {a:?}, {b:?}"
            );
            if let (Ok(va), Ok(vb)) = (Version::parse(a), Version::parse(b)) {
                assert_eq!(
                    direct,
                    Some(va.cmp(&vb)),
                    "deb::compare vs Version::cmp on {a:?}, {b:?}"
                );
            }
        }
    }

    let versions: Vec<Version<'_>> = strings
        .iter()
        .filter_map(|s| Version::parse(s).ok())
        .collect();
    check_ord_type(&versions);
    check_same_order(&versions, Version::sort_key);
    check_same_order(&versions, Version::to_buf);
    let bufs: Vec<VersionBuf> = versions.iter().map(Version::to_buf).collect();
    check_ord_type(&bufs);
    let facts = |version: &Version<'_>| (version.to_string(), hash_of(version), version.sort_key());
    check_owned_forms(
        &versions,
        &bufs,
        facts,
        |buf| facts(&buf.as_version()),
        |text| Version::parse(text).ok().map(|version| facts(&version)),
    );
    for version in &versions {
        let _ = (version.epoch(), version.upstream(), version.revision());
    }
});
