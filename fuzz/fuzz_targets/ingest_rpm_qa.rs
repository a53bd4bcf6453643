//! `rpm -qa` output: any bytes give an inventory or a short error, never a panic; what is read
//! keeps every line's package.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_ingest::rpm_qa;

fuzz_target!(|data: &[u8]| {
    match rpm_qa::parse(data) {
        Ok(inventory) => assert!(inventory.packages().len() <= data.len()),
        Err(err) => assert!(err.to_string().len() < 600, "long error message"),
    }
});
