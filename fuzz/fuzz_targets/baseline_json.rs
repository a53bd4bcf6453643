//! The baseline JSON reader on any bytes: reading never panics; whatever reads as a baseline
//! validates, compiles (or refuses with a report), and round-trips through the canonical JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_baseline::validate::{DocumentKind, ValidateOptions};
use patchcore_baseline::wire::{
    Document, read_json, to_canonical_json, to_canonical_override_json,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match read_json(text) {
        Ok(Document::Baseline(baseline)) => {
            let _ = baseline.validate(DocumentKind::detect(&baseline));
            if let Err(error) = baseline.compile() {
                assert!(
                    error.to_string().len() < 4096,
                    "compile error message too long"
                );
            }
            let canonical = to_canonical_json(&baseline);
            let Ok(Document::Baseline(again)) = read_json(&canonical) else {
                panic!("canonical JSON does not read back: {canonical}")
            };
            assert_eq!(*again, *baseline, "round trip");
        }
        Ok(Document::Override(list)) => {
            for (i, baseline) in list.iter().enumerate() {
                let _ = baseline.validate_with(
                    &ValidateOptions::new(DocumentKind::BaselineOverride).at(format!("$[{i}]")),
                );
            }
            let canonical = to_canonical_override_json(&list);
            assert!(
                matches!(read_json(&canonical), Ok(Document::Override(again)) if again == list),
                "override round trip"
            );
        }
        Ok(_) => {}
        Err(error) => assert!(!error.to_string().contains('\n'), "one-line error"),
    }
});
