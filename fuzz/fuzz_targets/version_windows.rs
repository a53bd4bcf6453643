//! Windows: `KbId`, `BulletinId` and `OsBuild` on what parses, and the dynamic `compare` for the
//! `kb` and `windows-build` schemes.
#![no_main]

use std::fmt::{Debug, Display};
use std::hash::Hash;
use std::str::FromStr;

use libfuzzer_sys::fuzz_target;
use patchcore_fuzz::{check_dynamic, check_ord_type, check_same_order, split};
use patchcore_version::Scheme;
use patchcore_version::windows::{BulletinId, KbId, OsBuild};

/// Parses every string as `T`, checks the laws, and that display parses back to an equal value.
fn check_type<T: FromStr + Ord + Hash + Display + Debug>(strings: &[&str]) -> Vec<T> {
    let values: Vec<T> = strings.iter().filter_map(|s| s.parse().ok()).collect();
    check_ord_type(&values);
    for value in &values {
        let shown = value.to_string();
        let again: Option<T> = shown.parse().ok();
        assert!(
            again.as_ref() == Some(value),
            "display round trip of {value:?}: {shown:?}"
        );
    }
    values
}

fuzz_target!(|data: &[u8]| {
    let strings = split(data);
    let kbs: Vec<KbId> = check_type(&strings);
    for kb in &kbs {
        assert!(
            kb.to_string().starts_with("KB"),
            "{kb:?} displays without KB"
        );
    }
    check_same_order(&kbs, |kb| kb.sort_key());
    check_type::<BulletinId>(&strings);
    let builds: Vec<OsBuild> = check_type(&strings);
    check_same_order(&builds, |build| build.sort_key());
    for &a in &strings {
        for &b in &strings {
            if let Some(ordering) = check_dynamic(Scheme::Kb, a, b) {
                let (ka, kb) = (a.parse::<KbId>().ok(), b.parse::<KbId>().ok());
                assert_eq!(
                    ka.zip(kb).map(|(ka, kb)| ka.cmp(&kb)),
                    Some(ordering),
                    "kb scheme vs KbId on {a:?}, {b:?}"
                );
            }
            if let Some(ordering) = check_dynamic(Scheme::WindowsBuild, a, b) {
                let (ba, bb) = (a.parse::<OsBuild>().ok(), b.parse::<OsBuild>().ok());
                assert_eq!(
                    ba.zip(bb).map(|(ba, bb)| ba.cmp(&bb)),
                    Some(ordering),
                    "windows-build scheme vs OsBuild on {a:?}, {b:?}"
                );
            }
        }
    }
});
