//! Reading and writing baseline documents: the AWS API shapes (JSON) and CloudFormation
//! templates (JSON and YAML). The reader detects what a document is; nothing here touches files.
//!
//! ```
//! use patchcore_baseline::wire::{read, Document, Format};
//!
//! let doc = read(r#"[{"OperatingSystem": "UBUNTU", "ApprovedPatches": ["openssl"]}]"#, Format::Json).unwrap();
//! let Document::Override(baselines) = doc else { panic!("an array is a BaselineOverride") };
//! assert_eq!(baselines.len(), 1);
//! ```

mod aws;
pub mod cloudformation;

pub use aws::{to_canonical_json, to_canonical_override_json, to_canonical_template_json};
pub use cloudformation::{PatchBaselineResource, Template, Unresolved};

use serde_json::Value;

use crate::error::{Error, ErrorKind, quote};
use crate::model::{Baseline, BaselineIdentity};

/// A document patchcore can read.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Document {
    /// One baseline: `GetPatchBaseline` output or `CreatePatchBaseline`/`UpdatePatchBaseline`
    /// input.
    Baseline(Box<Baseline>),
    /// A `BaselineOverride` document: a JSON array of per-OS baselines.
    Override(Vec<Baseline>),
    /// A `describe-patch-baselines` listing: identities, not baselines.
    Listing(Vec<BaselineIdentity>),
    /// A CloudFormation template and its `AWS::SSM::PatchBaseline` resources.
    CloudFormation(Template),
}

/// The syntax of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSON.
    Json,
    /// YAML (CloudFormation templates).
    Yaml,
}

impl Format {
    /// The format of a file, from its name and, when the extension says nothing, its first
    /// non-blank character. Terraform (`.tf`) and reStructuredText (`.rst`) are refused.
    ///
    /// # Errors
    /// [`ErrorKind::UnsupportedFormat`] for Terraform and reStructuredText files.
    pub fn detect(file_name: &str, text: &str) -> Result<Self, Error> {
        let extension = file_name
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase());
        match extension.as_deref() {
            Some("json") => Ok(Self::Json),
            Some("yml" | "yaml") => Ok(Self::Yaml),
            Some("tf" | "hcl") => Err(unsupported(
                "terraform (.tf) is not read yet; convert the aws_ssm_patch_baseline resource to the AWS JSON shape",
            )),
            Some("rst") => Err(unsupported(
                "reStructuredText (.rst) CLI examples are not read; extract the JSON block",
            )),
            _ => Ok(match text.trim_start().chars().next() {
                Some('{' | '[') => Self::Json,
                _ => Self::Yaml,
            }),
        }
    }
}

fn unsupported(what: &str) -> Error {
    ErrorKind::UnsupportedFormat {
        what: what.to_owned(),
    }
    .into()
}

/// Top-level members that make a JSON object a baseline (identity members alone do not).
const BASELINE_MEMBERS: &[&str] = &[
    "Name",
    "GlobalFilters",
    "ApprovalRules",
    "ApprovedPatches",
    "ApprovedPatchesComplianceLevel",
    "ApprovedPatchesEnableNonSecurity",
    "RejectedPatches",
    "RejectedPatchesAction",
    "Description",
    "Sources",
    "AvailableSecurityUpdatesComplianceStatus",
];

/// Reads a document, detecting its kind: an array is a `BaselineOverride`; an object with
/// `Resources` a CloudFormation template; one with `BaselineIdentities` a listing; one with a
/// baseline member (`Name`, `ApprovalRules`, …) a baseline.
///
/// # Errors
/// [`ErrorKind::Syntax`] (with line and column) for text that is not valid JSON/YAML or a value
/// of the wrong type; [`ErrorKind::NotABaseline`] for valid JSON that is another response (e.g.
/// `get-default-patch-baseline`); [`ErrorKind::Shape`] for a malformed template.
pub fn read(text: &str, format: Format) -> Result<Document, Error> {
    match format {
        Format::Json => read_json(text),
        Format::Yaml => {
            let value = cloudformation::yaml_to_json(text)?;
            if is_template(&value) {
                return Template::from_value(value).map(Document::CloudFormation);
            }
            classify_value(value, Source::Value)
        }
    }
}

/// Reads a JSON document (see [`read`]).
///
/// # Errors
/// As [`read`].
pub fn read_json(text: &str) -> Result<Document, Error> {
    let value: Value = serde_json::from_str(text).map_err(|e| Error::from(ErrorKind::json(&e)))?;
    if is_template(&value) {
        return Template::from_value(value).map(Document::CloudFormation);
    }
    classify_value(value, Source::Text(text))
}

fn is_template(value: &Value) -> bool {
    value.get("Resources").is_some() || value.get("AWSTemplateFormatVersion").is_some()
}

fn shape(path: &str, error: &serde_json::Error) -> Error {
    ErrorKind::Shape {
        path: path.to_owned(),
        message: error.to_string(),
    }
    .into()
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Listing {
    baseline_identities: Vec<BaselineIdentity>,
}

/// Where the typed reading reads from: JSON text is read again so that type errors carry a line
/// and column; YAML was already converted to a value.
#[derive(Clone, Copy)]
enum Source<'t> {
    Text(&'t str),
    Value,
}

impl Source<'_> {
    fn decode<T: serde::de::DeserializeOwned>(&self, value: Value) -> Result<T, Error> {
        match self {
            Self::Text(text) => serde_json::from_str(text).map_err(|e| ErrorKind::json(&e).into()),
            Self::Value => serde_json::from_value(value).map_err(|e| shape("$", &e)),
        }
    }
}

fn classify_value(value: Value, source: Source<'_>) -> Result<Document, Error> {
    let map = match &value {
        Value::Array(_) => return source.decode(value).map(Document::Override),
        Value::Object(map) => map,
        other => {
            return Err(ErrorKind::NotABaseline {
                found: format!(
                    "a JSON {} where an object or array was expected",
                    json_type(other)
                ),
            }
            .into());
        }
    };
    if map.contains_key("BaselineIdentities") {
        return source
            .decode::<Listing>(value)
            .map(|listing| Document::Listing(listing.baseline_identities));
    }
    if BASELINE_MEMBERS.iter().any(|m| map.contains_key(*m)) {
        return source.decode(value).map(Document::Baseline);
    }
    if let Some(type_name) = map.get("typeName").and_then(Value::as_str) {
        return Err(ErrorKind::NotABaseline {
            found: format!("the CloudFormation resource schema of {}", quote(type_name)),
        }
        .into());
    }
    let keys: Vec<&str> = map.keys().map(String::as_str).take(8).collect();
    let members = if keys.is_empty() {
        "no members".to_owned()
    } else {
        format!("members {}", quote(&keys.join(", ")))
    };
    Err(ErrorKind::NotABaseline {
        found: format!("an object with {members} (an API response such as create, register or get-default; a baseline has Name, ApprovalRules, …)"),
    }
    .into())
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
