//! The canonical writer of the AWS API shape.
//!
//! Members are written in the order `GetPatchBaseline` prints them, absent members are left out,
//! empty lists are kept, timestamps are epoch seconds, lists keep their order: two equal
//! baselines give identical bytes, and reading the output gives back an equal baseline.

use crate::model::Baseline;
use crate::wire::Template;

/// The canonical JSON of a baseline (pretty-printed, two-space indent, final newline).
///
/// ```
/// use patchcore_baseline::{Baseline, wire::{read_json, to_canonical_json, Document}};
///
/// let text = r#"{"OperatingSystem":"UBUNTU","Name":"web","CreatedDate":"2018-05-01T17:13:20.068000+00:00"}"#;
/// let Ok(Document::Baseline(baseline)) = read_json(text) else { panic!() };
/// let canonical = to_canonical_json(&baseline);
/// assert!(canonical.starts_with("{\n  \"Name\": \"web\",\n  \"OperatingSystem\": \"UBUNTU\""));
/// assert!(canonical.contains("\"CreatedDate\": 1525194800.068"));
/// let Ok(Document::Baseline(again)) = read_json(&canonical) else { panic!() };
/// assert_eq!(again, baseline);
/// ```
pub fn to_canonical_json(baseline: &Baseline) -> String {
    finish(serde_json::to_string_pretty(baseline))
}

/// The canonical JSON of a `BaselineOverride` document (an array of baselines).
pub fn to_canonical_override_json(baselines: &[Baseline]) -> String {
    finish(serde_json::to_string_pretty(baselines))
}

/// The baselines of a CloudFormation template as one canonical JSON object: logical id →
/// baseline (values given by intrinsic functions are left out).
pub fn to_canonical_template_json(template: &Template) -> String {
    let map: serde_json::Map<String, serde_json::Value> = template
        .resources
        .iter()
        .map(|r| {
            (
                r.logical_id.clone(),
                serde_json::to_value(&r.baseline).unwrap_or_default(),
            )
        })
        .collect();
    finish(serde_json::to_string_pretty(&map))
}

fn finish(result: Result<String, serde_json::Error>) -> String {
    // Serializing these types cannot fail: every map key is a string and every float is finite.
    let mut text = result.unwrap_or_default();
    text.push('\n');
    text
}
