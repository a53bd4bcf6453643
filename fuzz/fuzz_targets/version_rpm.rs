//! RPM: `rpmvercmp` on any strings, `Evr`/`EvrBuf` and `Nevra` on what parses, and the dynamic
//! `compare` for the `rpm` and `rpm-vercmp` schemes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_fuzz::{
    check_comparator, check_dynamic, check_ord_type, check_owned_forms, check_same_order, hash_of,
    split,
};
use patchcore_version::Scheme;
use patchcore_version::rpm::{self, Evr, EvrBuf, Nevra, NevraBuf};

fuzz_target!(|data: &[u8]| {
    let strings = split(data);

    // rpmvercmp is total over every string.
    check_comparator(&strings, rpm::vercmp);
    for &a in &strings {
        for &b in &strings {
            if let Some(ordering) = check_dynamic(Scheme::RpmVercmp, a, b) {
                assert_eq!(
                    ordering,
                    rpm::vercmp(a, b),
                    "rpm-vercmp scheme vs vercmp on {a:?}, {b:?}"
                );
            }
            let dynamic = check_dynamic(Scheme::Rpm, a, b);
            let direct = rpm::compare_evr(a, b).ok();
            assert_eq!(dynamic, direct, "rpm scheme vs compare_evr on {a:?}, {b:?}");
            if let (Ok(ea), Ok(eb)) = (Evr::parse(a), Evr::parse(b)) {
                assert_eq!(
                    direct,
                    Some(ea.cmp(&eb)),
                    "compare_evr vs Evr::cmp on {a:?}, {b:?}"
                );
            }
        }
    }

    let evrs: Vec<Evr<'_>> = strings.iter().filter_map(|s| Evr::parse(s).ok()).collect();
    check_ord_type(&evrs);
    check_same_order(&evrs, Evr::sort_key);
    check_same_order(&evrs, Evr::to_buf);
    let bufs: Vec<EvrBuf> = evrs.iter().map(Evr::to_buf).collect();
    check_ord_type(&bufs);
    let facts = |evr: &Evr<'_>| (evr.to_string(), hash_of(evr), evr.sort_key());
    check_owned_forms(
        &evrs,
        &bufs,
        facts,
        |buf| facts(&buf.as_evr()),
        |text| Evr::parse(text).ok().map(|evr| facts(&evr)),
    );

    let nevras: Vec<Nevra<'_>> = strings
        .iter()
        .filter_map(|s| Nevra::parse(s).ok())
        .collect();
    check_ord_type(&nevras);
    let nevra_bufs: Vec<NevraBuf> = nevras.iter().filter_map(|n| n.to_buf().ok()).collect();
    assert_eq!(
        nevra_bufs.len(),
        nevras.len(),
        "a short NEVRA failed to_buf"
    );
    check_ord_type(&nevra_bufs);
    for (nevra, buf) in nevras.iter().zip(&nevra_bufs) {
        let owned = buf.as_nevra();
        assert_eq!((owned.name(), owned.arch()), (nevra.name(), nevra.arch()));
        assert!(owned.evr() == nevra.evr(), "NevraBuf EVR of {nevra:?}");
        assert_eq!(buf.as_str(), nevra.as_str());
        assert_eq!(nevra.as_str().parse::<NevraBuf>().ok().as_ref(), Some(buf));
    }
});
