//! Install Override List YAML: any bytes give a list or a short error, never a panic; every
//! entry read has an id.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_ingest::override_list;

fuzz_target!(|data: &[u8]| {
    match override_list::parse(data) {
        Ok(list) => assert!(list.patches.iter().all(|p| !p.id.is_empty())),
        Err(err) => assert!(err.to_string().len() < 600, "long error message"),
    }
});
