//! The saved-snapshot document reader on any bytes: reading never panics, errors are one short
//! line, and whatever reads is written back to a document that reads as the same snapshot.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_compliance::{SummaryOptions, read_document, write_document};

fuzz_target!(|data: &[u8]| {
    match read_document(data) {
        Ok(snapshot) => {
            let text = write_document(&snapshot, &SummaryOptions::default());
            let again = read_document(text.as_bytes())
                .unwrap_or_else(|error| panic!("written document does not read back: {error}\n{text}"));
            assert_eq!(again, snapshot, "round trip");
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.contains('\n'), "one-line error: {message}");
            assert!(message.len() < 2048, "short error: {} bytes", message.len());
        }
    }
});
