//! dpkg status: any bytes give an inventory or a short error, never a panic; every installed
//! package comes from a stanza of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_ingest::dpkg::{StatusOptions, parse_status};

fuzz_target!(|data: &[u8]| {
    match parse_status(data, &StatusOptions::default()) {
        Ok(inventory) => assert!(inventory.packages().len() <= data.len() / 8 + 1),
        Err(err) => assert!(err.to_string().len() < 600, "long error message"),
    }
});
