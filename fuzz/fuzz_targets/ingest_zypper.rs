//! `zypper lu` / `zypper lp` tables: any bytes give a listing or a short error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_ingest::zypper;

fuzz_target!(|data: &[u8]| {
    if let Err(err) = zypper::parse(data) {
        assert!(err.to_string().len() < 600, "long error message");
    }
});
