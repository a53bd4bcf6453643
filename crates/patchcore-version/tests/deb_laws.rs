//! Laws of the Debian order, checked on generated versions: it is a total order, `Eq`,
//! `Hash`, `Ord` and the sort key agree, text round-trips, and no input makes any entry
//! point panic.

// Support code of a test may panic like the tests themselves: a panic is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::cmp::Ordering;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use patchcore_version::deb::{self, Version, VersionBuf};
use proptest::prelude::*;

/// Valid versions from a small alphabet, so that equal and near-equal versions are common:
/// `[epoch:]upstream[-revision]`, with leading zeros, `~`, letters and separators.
fn version() -> impl Strategy<Value = String> {
    (
        prop::option::of(prop_oneof![
            Just("0".to_owned()),
            Just("1".to_owned()),
            Just("01".to_owned()),
            Just("2".to_owned())
        ]),
        "[0-9][0-9a~.+]{0,6}",
        prop::option::of("[0-9a~.+]{1,4}"),
    )
        .prop_map(|(epoch, upstream, revision)| {
            let mut text = String::new();
            if let Some(epoch) = epoch {
                text.push_str(&epoch);
                text.push(':');
            }
            text.push_str(&upstream);
            if let Some(revision) = revision {
                text.push('-');
                text.push_str(&revision);
            }
            text
        })
}

fn hash_of<T: Hash>(value: &T) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

proptest! {
    #[test]
    fn generated_versions_are_valid(a in version()) {
        prop_assert!(Version::parse(&a).is_ok(), "{:?}", a);
    }

    #[test]
    fn order_is_antisymmetric(a in version(), b in version()) {
        let ab = deb::compare(&a, &b).unwrap();
        prop_assert_eq!(ab, deb::compare(&b, &a).unwrap().reverse());
    }

    #[test]
    fn order_is_transitive(mut v in prop::collection::vec(version(), 3)) {
        v.sort_by(|x, y| deb::compare(x, y).unwrap());
        prop_assert_ne!(deb::compare(&v[0], &v[2]).unwrap(), Ordering::Greater);
        prop_assert_ne!(deb::compare(&v[0], &v[1]).unwrap(), Ordering::Greater);
        prop_assert_ne!(deb::compare(&v[1], &v[2]).unwrap(), Ordering::Greater);
    }

    #[test]
    fn parsed_order_eq_hash_and_sort_key_agree(a in version(), b in version()) {
        let (va, vb) = (Version::parse(&a).unwrap(), Version::parse(&b).unwrap());
        let order = deb::compare(&a, &b).unwrap();
        prop_assert_eq!(va.cmp(&vb), order);
        prop_assert_eq!(va == vb, order == Ordering::Equal);
        prop_assert_eq!(va.sort_key().cmp(&vb.sort_key()), order);
        prop_assert_eq!(va.sort_key() == vb.sort_key(), order == Ordering::Equal);
        if order == Ordering::Equal {
            prop_assert_eq!(hash_of(&va), hash_of(&vb));
            prop_assert_eq!(hash_of(&va.to_buf()), hash_of(&vb.to_buf()));
        }
        prop_assert_eq!(va.to_buf().cmp(&vb.to_buf()), order);
    }

    #[test]
    fn text_round_trips(a in version()) {
        let v = Version::parse(&a).unwrap();
        prop_assert_eq!(v.to_string(), a.clone());
        let owned: VersionBuf = v.to_string().parse().unwrap();
        prop_assert_eq!(owned.as_str(), a.as_str());
        prop_assert_eq!(owned.as_version(), v);
    }

    #[test]
    fn arbitrary_strings_never_panic(a in any::<String>(), b in "\\PC{0,40}") {
        let _ = deb::compare(&a, &b);
        let _ = deb::compare(&b, &a);
        if let Ok(v) = Version::parse(&a) {
            let _ = (v.sort_key(), hash_of(&v), v.to_buf());
        }
    }

    #[test]
    fn near_versions_never_panic_and_stay_consistent(
        a in "[ \t]?[-+]?[0-9]{0,3}:?[0-9a-zA-Z.+~:^_ -]{0,10}",
        b in "[ \t]?[-+]?[0-9]{0,3}:?[0-9a-zA-Z.+~:^_ -]{0,10}",
    ) {
        let (ab, ba) = (deb::compare(&a, &b), deb::compare(&b, &a));
        prop_assert_eq!(ab.is_ok(), ba.is_ok());
        if let (Ok(ab), Ok(ba)) = (ab, ba) {
            prop_assert_eq!(ab, ba.reverse());
            let (va, vb) = (Version::parse(&a).unwrap(), Version::parse(&b).unwrap());
            prop_assert_eq!(va.sort_key().cmp(&vb.sort_key()), ab);
        }
    }
}
