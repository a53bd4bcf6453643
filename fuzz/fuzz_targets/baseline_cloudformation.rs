//! The CloudFormation reader (YAML and JSON) on any bytes: never panics; every resource read
//! validates, and problems under a value given by an intrinsic function are never reported.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_baseline::validate::{Code, DocumentKind, ValidateOptions};
use patchcore_baseline::wire::{Document, Format, read};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [Format::Yaml, Format::Json] {
        if let Ok(Document::CloudFormation(template)) = read(text, format) {
            for resource in &template.resources {
                let report = resource.validate(&ValidateOptions::new(DocumentKind::CloudFormation));
                for unresolved in &resource.unresolved {
                    assert!(
                        report
                            .problems()
                            .iter()
                            .all(|p| p.code == Code::NotResolvableOffline
                                || p.path != unresolved.path),
                        "a problem reported at the unresolved path {}",
                        unresolved.path
                    );
                }
            }
        }
    }
});
