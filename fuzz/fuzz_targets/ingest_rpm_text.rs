//! repoquery / check-update listings: any bytes give a catalog or a short error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_ingest::rpm_text;

fuzz_target!(|data: &[u8]| {
    if let Err(err) = rpm_text::parse(data) {
        assert!(err.to_string().len() < 600, "long error message");
    }
});
