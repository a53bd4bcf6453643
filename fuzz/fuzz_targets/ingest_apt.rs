//! apt `Packages` and `Release`/`InRelease`: any bytes give a catalog (or release) or a short
//! error, never a panic; the borrowing scan and the catalog agree on how many stanzas there are.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_ingest::apt;
use patchcore_rules::facts::AptOrigin;

fuzz_target!(|data: &[u8]| {
    let scanned: Result<Vec<_>, _> = apt::stanzas(data).collect();
    match apt::parse_packages(data, AptOrigin::default(), Some("amd64")) {
        Ok(catalog) => {
            let stanzas = scanned.expect("the catalog reads what the scan reads");
            assert!(catalog.versions().len() <= stanzas.len());
        }
        Err(err) => assert!(err.to_string().len() < 600, "long error message"),
    }
    if let Err(err) = apt::parse_release(data) {
        assert!(err.to_string().len() < 600, "long error message");
    }
});
