//! os-release, `sw_vers`, Windows `Get-HotFix`/`systeminfo`/KB lists and the decompressors:
//! any bytes give a value or a short error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_ingest::{compress, macos, os_release, windows};
use patchcore_rules::facts::MacPackageManager;

fn short<T>(result: Result<T, patchcore_ingest::Error>) {
    if let Err(err) = result {
        assert!(err.to_string().len() < 600, "long error message");
    }
}

fuzz_target!(|data: &[u8]| {
    short(os_release::parse(data));
    short(macos::parse_sw_vers(data));
    short(macos::parse_package_listing(data, MacPackageManager::Brew));
    short(windows::parse_get_hotfix(data));
    short(windows::parse_systeminfo(data));
    short(windows::parse_kb_list(data));
    short(compress::decompress(data, 1 << 20));
});
