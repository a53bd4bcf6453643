//! MSRC CVRF documents: any bytes give Windows updates or a short error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_ingest::cvrf;

fuzz_target!(|data: &[u8]| {
    if let Err(err) = cvrf::parse(data) {
        assert!(err.to_string().len() < 600, "long error message");
    }
});
