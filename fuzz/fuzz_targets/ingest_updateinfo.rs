//! updateinfo.xml (plain or compressed): any bytes give notices or a short error, never a
//! panic; the slice and the streaming reader agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_ingest::updateinfo::{self, Options};

fuzz_target!(|data: &[u8]| {
    let options = Options::default();
    let from_slice = updateinfo::parse(data, &options);
    let from_reader = updateinfo::read(data, &options);
    match (&from_slice, &from_reader) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(_)) => assert!(a.to_string().len() < 600, "long error message"),
        _ => panic!("slice and reader disagree: {from_slice:?} vs {from_reader:?}"),
    }
});
