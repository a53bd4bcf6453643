//! Order laws for the RPM, Windows and dotted schemes, on generated input: antisymmetry,
//! transitivity, `Eq`/`Hash`/`Ord` consistency, sort key order == `Ord`, parse → `Display`
//! → parse round trips, and no panic on arbitrary strings.

// Test code: a panic here is a failed test, not a crash on input (as clippy.toml allows in #[test]).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::cmp::Ordering;

use patchcore_version::dotted::DottedVersion;
use patchcore_version::rpm::{Evr, EvrBuf, Nevra, NevraBuf, compare_evr, vercmp, vercmp_sort_key};
use patchcore_version::windows::{BulletinId, KbId, OsBuild};
use patchcore_version::{Scheme, compare, compare_bytes, validate};
use proptest::prelude::*;
use support::hash_of;

/// Version-like strings: the characters rpmvercmp treats specially, dense enough that
/// generated pairs are often equal or share prefixes.
fn rpmish() -> impl Strategy<Value = String> {
    "[0-9a-cA~^:._+-]{0,12}|0*[0-9]{1,25}([.~^-][0-9a-z]{0,3}){0,3}"
}

fn dottedish() -> impl Strategy<Value = String> {
    "0{0,2}[0-9]{1,3}(\\.0{0,2}[0-9]{1,3}){0,4}"
}

proptest! {
    #[test]
    fn vercmp_is_antisymmetric_and_keys_agree(a in rpmish(), b in rpmish()) {
        let order = vercmp(&a, &b);
        prop_assert_eq!(vercmp(&b, &a), order.reverse());
        prop_assert_eq!(vercmp_sort_key(&a).cmp(&vercmp_sort_key(&b)), order);
    }

    #[test]
    fn vercmp_is_transitive(a in rpmish(), b in rpmish(), c in rpmish()) {
        let mut v = [a, b, c];
        v.sort_by(|x, y| vercmp(x, y));
        prop_assert_ne!(vercmp(&v[0], &v[2]), Ordering::Greater);
        prop_assert_ne!(vercmp(&v[0], &v[1]), Ordering::Greater);
        prop_assert_ne!(vercmp(&v[1], &v[2]), Ordering::Greater);
    }

    #[test]
    fn evr_eq_hash_ord_and_keys_agree(a in rpmish(), b in rpmish()) {
        prop_assume!(!a.is_empty() && !b.is_empty());
        let (x, y) = (Evr::parse(&a).unwrap(), Evr::parse(&b).unwrap());
        let order = compare_evr(&a, &b).unwrap();
        prop_assert_eq!(x.cmp(&y), order);
        prop_assert_eq!(y.cmp(&x), order.reverse());
        prop_assert_eq!(x == y, order.is_eq());
        prop_assert_eq!(x.sort_key().cmp(&y.sort_key()), order);
        if x == y {
            prop_assert_eq!(hash_of(&x), hash_of(&y));
            prop_assert_eq!(x.sort_key(), y.sort_key());
        }
        let (bx, by) = (x.to_buf(), y.to_buf());
        prop_assert_eq!(bx.cmp(&by), order);
        if order.is_eq() {
            prop_assert_eq!(hash_of(&bx), hash_of(&by));
        }
    }

    #[test]
    fn evr_is_transitive(a in rpmish(), b in rpmish(), c in rpmish()) {
        prop_assume!(!a.is_empty() && !b.is_empty() && !c.is_empty());
        let mut v = [Evr::parse(&a).unwrap(), Evr::parse(&b).unwrap(), Evr::parse(&c).unwrap()];
        v.sort();
        prop_assert!(v[0] <= v[2]);
        prop_assert!(compare_evr(v[0].as_str(), v[2].as_str()).unwrap() != Ordering::Greater);
    }

    #[test]
    fn evr_round_trips_through_display(a in rpmish()) {
        prop_assume!(!a.is_empty());
        let buf: EvrBuf = a.parse().unwrap();
        prop_assert_eq!(buf.to_string(), a.as_str());
        let again: EvrBuf = buf.to_string().parse().unwrap();
        prop_assert_eq!(again.as_evr().version(), buf.as_evr().version());
        prop_assert_eq!(again.as_evr().release(), buf.as_evr().release());
        prop_assert_eq!(again.as_evr().epoch(), buf.as_evr().epoch());
        let json = serde_json::to_string(&buf).unwrap();
        let back: EvrBuf = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back.as_str(), a.as_str());
    }

    #[test]
    fn nevra_round_trips_through_display(
        name in "[a-z][a-z0-9+_.-]{0,10}",
        evr in "([0-9]{1,3}:)?[0-9][0-9a-z.~^]{0,6}-[0-9][0-9a-z.]{0,6}",
        arch in prop::sample::select(vec!["", ".x86_64", ".noarch", ".aarch64"]),
    ) {
        let text = format!("{name}-{evr}{arch}");
        let nevra = Nevra::parse(&text).unwrap();
        prop_assert_eq!(nevra.name(), name.as_str());
        prop_assert_eq!(nevra.evr().as_str(), evr.as_str());
        let buf: NevraBuf = text.parse().unwrap();
        prop_assert_eq!(buf.to_string(), text.clone());
        prop_assert_eq!(buf.as_nevra(), nevra);
        prop_assert_eq!(hash_of(&buf), hash_of(&nevra));
    }

    #[test]
    fn dotted_eq_hash_ord_and_keys_agree(a in dottedish(), b in dottedish()) {
        let (x, y) = (DottedVersion::parse(&a).unwrap(), DottedVersion::parse(&b).unwrap());
        let order = x.cmp(&y);
        prop_assert_eq!(compare(Scheme::Dotted, &a, &b).unwrap(), order);
        prop_assert_eq!(y.cmp(&x), order.reverse());
        prop_assert_eq!(x.sort_key().cmp(&y.sort_key()), order);
        if order.is_eq() {
            prop_assert_eq!(hash_of(&x), hash_of(&y));
        }
        prop_assert_eq!(x.to_string().parse::<DottedVersion>().unwrap(), x);
    }

    #[test]
    fn dotted_is_transitive(a in dottedish(), b in dottedish(), c in dottedish()) {
        let mut v = [a, b, c].map(|s| DottedVersion::parse(&s).unwrap());
        v.sort();
        prop_assert!(v[0] <= v[2]);
    }

    #[test]
    fn os_builds_agree_in_every_form(build: u32, revision: u32, major in 0u32..20, minor in 0u32..5) {
        let short = OsBuild::parse(&format!("{build}.{revision}")).unwrap();
        let long = OsBuild::parse(&format!("{major}.{minor}.{build}.{revision}")).unwrap();
        prop_assert_eq!(short, long);
        prop_assert_eq!(hash_of(&short), hash_of(&long));
        prop_assert_eq!(short.to_string().parse::<OsBuild>().unwrap(), short);
        prop_assert_eq!(long.to_string().parse::<OsBuild>().unwrap(), long);
    }

    #[test]
    fn os_build_order_is_build_then_revision(a: (u32, u32), b: (u32, u32)) {
        let x = OsBuild::parse(&format!("{}.{}", a.0, a.1)).unwrap();
        let y = OsBuild::parse(&format!("10.0.{}.{}", b.0, b.1)).unwrap();
        prop_assert_eq!(x.cmp(&y), a.cmp(&b));
        prop_assert_eq!(x.sort_key().cmp(&y.sort_key()), a.cmp(&b));
    }

    #[test]
    fn kb_ids_round_trip_and_order_numerically(a: u32, b: u32) {
        let x = KbId::parse(&format!("kb{a}")).unwrap();
        let y = KbId::parse(&b.to_string()).unwrap();
        prop_assert_eq!(x.cmp(&y), a.cmp(&b));
        prop_assert_eq!(x.sort_key().cmp(&y.sort_key()), a.cmp(&b));
        prop_assert_eq!(x.to_string().parse::<KbId>().unwrap(), x);
    }

    #[test]
    fn arbitrary_strings_never_panic(a in any::<String>(), b in any::<String>()) {
        for &scheme in Scheme::ALL {
            if scheme == Scheme::Deb {
                continue; // the Debian scheme has its own suite
            }
            let _ = compare(scheme, &a, &b);
            let _ = validate(scheme, &a);
        }
        let _ = Nevra::parse(&a).map(|n| n.to_buf());
        let _ = BulletinId::parse(&a);
        let _ = Evr::parse(&a).map(|e| e.sort_key());
        let _ = vercmp_sort_key(&a);
    }

    #[test]
    fn arbitrary_bytes_never_panic(a in any::<Vec<u8>>(), b in any::<Vec<u8>>()) {
        for &scheme in Scheme::ALL {
            if scheme == Scheme::Deb {
                continue;
            }
            let result = compare_bytes(scheme, &a, &b);
            if std::str::from_utf8(&a).is_err() || std::str::from_utf8(&b).is_err() {
                prop_assert!(result.is_err());
            }
        }
    }
}
