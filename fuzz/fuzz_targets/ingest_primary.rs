//! primary.xml (plain or compressed): any bytes give offered packages or a short error, never
//! a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_ingest::primary::{self, Options};

fuzz_target!(|data: &[u8]| {
    if let Err(err) = primary::parse(data, &Options::default()) {
        assert!(err.to_string().len() < 600, "long error message");
    }
});
