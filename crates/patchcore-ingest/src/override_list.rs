//! Install Override List files (the YAML given to `AWS-RunPatchBaseline` as
//! `InstallOverrideList`, evaluation.md section 7).
//!
//! ```yaml
//! patches:
//!   - id: 'kernel.x86_64'
//!   - id: 'bind*.x86_64'
//!     title: '32:9.8.2-0.62.rc1.57.amzn1'
//! ```
//!
//! The top level must be a mapping; its `patches` key holds a list of mappings, each with a
//! required `id` and an optional `title`; every other key is ignored (documentation fields
//! such as `classification`). An empty file or a missing or empty `patches` gives an empty
//! list — Patch Manager warns and installs nothing; [`InstallOverrideList::is_empty`] lets the
//! caller do the same. Scalars that YAML reads as numbers or booleans (`id: 4284819`) are kept
//! as the text they were written as. Matching the entries against packages is the
//! evaluation's work (evaluation.md 7.2): the list is the evaluation's own type, and
//! [`InstallOverrideList::compile`] gives the matcher `Evaluator::plan_install` takes.
//!
//! Reading YAML needs the `yaml` cargo feature (on by default); without it, [`parse`] and
//! [`read`] refuse every list with an error naming the feature.
//!
//! ```
//! # #[cfg(feature = "yaml")] {
//! use patchcore_ingest::override_list;
//!
//! let list = override_list::parse(b"patches:\n  - id: 'KB4284819'\n    title: 'informational'\n  - id: dhcp*\n").unwrap();
//! assert_eq!(list.patches.len(), 2);
//! assert_eq!(list.patches[0].id, "KB4284819");
//! assert_eq!(list.patches[1].title, None);
//! let compiled = list.compile(patchcore_baseline::PackageFamily::Windows);
//! assert_eq!(compiled.len(), 2);
//! # }
//! ```

use std::io::Read;

#[cfg(feature = "yaml")]
use serde_norway::Value;

use crate::compress;
use crate::error::{Error, ErrorKind};
#[cfg(feature = "yaml")]
use crate::error::{Position, truncate};

const FORMAT: &str = "install override list";

/// Largest override list accepted: 16 MiB (real ones are a few hundred bytes).
pub const MAX_SIZE: u64 = 16 << 20;

/// The model is the evaluation's own: [`InstallOverrideList`] and [`OverridePatch`] are
/// `patchcore_rules::install`'s types, so a list read here compiles for a node with
/// [`InstallOverrideList::compile`] — no conversion in between.
pub use patchcore_rules::install::{InstallOverrideList, OverridePatch};

/// Reads an override list (at most [`MAX_SIZE`] bytes; any compression).
///
/// # Errors
/// As [`parse`], and when reading fails.
pub fn read(reader: impl Read) -> Result<InstallOverrideList, Error> {
    let bytes = compress::read_decompressed(reader, MAX_SIZE).map_err(|e| e.in_format(FORMAT))?;
    parse(&bytes)
}

/// Parses an override list.
///
/// # Errors
/// Invalid YAML (with its line), a top level that is not a mapping, `patches` that is not a
/// list, or an entry that is not a mapping with an `id`; without the `yaml` feature, every list.
pub fn parse(bytes: &[u8]) -> Result<InstallOverrideList, Error> {
    if bytes.len() as u64 > MAX_SIZE {
        return Err(Error::new(FORMAT, ErrorKind::TooLarge { limit: MAX_SIZE }));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Error::new(
            FORMAT,
            ErrorKind::InvalidUtf8 {
                text: crate::error::truncate_bytes(bytes),
            },
        )
    })?;
    from_yaml(text)
}

/// Without the `yaml` feature: every list is refused, naming the feature.
#[cfg(not(feature = "yaml"))]
fn from_yaml(_text: &str) -> Result<InstallOverrideList, Error> {
    Err(other(
        "the list is yaml, but patchcore-ingest was built without the `yaml` feature".to_owned(),
    ))
}

/// The list from its YAML text.
#[cfg(feature = "yaml")]
fn from_yaml(text: &str) -> Result<InstallOverrideList, Error> {
    let value: Value = serde_norway::from_str(text).map_err(|e| {
        let position = e
            .location()
            .map_or(Position::Input, |l| Position::Line(l.line() as u64));
        other(format!("invalid yaml: {}", truncate(&e.to_string()))).at(position)
    })?;
    let patches = match value {
        Value::Null => return Ok(InstallOverrideList::default()),
        Value::Mapping(mut top) => top.remove("patches").unwrap_or(Value::Null),
        other_value => {
            return Err(other(format!(
                "content {} is invalid: expected a mapping with a `patches` list",
                describe(&other_value)
            )));
        }
    };
    let entries = match patches {
        Value::Null => return Ok(InstallOverrideList::default()),
        Value::Sequence(entries) => entries,
        other_value => {
            return Err(other(format!(
                "`patches` is {}, not a list",
                describe(&other_value)
            )));
        }
    };
    let mut list = InstallOverrideList::default();
    list.patches.reserve(entries.len());
    for (i, entry) in entries.into_iter().enumerate() {
        let Value::Mapping(mut entry) = entry else {
            return Err(other(format!(
                "patches[{i}] is {}, not a mapping",
                describe(&entry)
            )));
        };
        let id = entry
            .remove("id")
            .as_ref()
            .and_then(scalar)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| {
                Error::new(
                    FORMAT,
                    ErrorKind::MissingField {
                        field: "id",
                        context: format!("patches[{i}]"),
                    },
                )
            })?;
        let patch = OverridePatch::new(id);
        list.patches
            .push(match entry.remove("title").as_ref().and_then(scalar) {
                Some(title) => patch.with_title(title),
                None => patch,
            });
    }
    Ok(list)
}

fn other(message: String) -> Error {
    Error::new(FORMAT, ErrorKind::Other { message })
}

/// A scalar as text; `None` for null, lists and mappings.
#[cfg(feature = "yaml")]
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What kind of YAML value this is, with its text when it is a scalar, for messages.
#[cfg(feature = "yaml")]
fn describe(value: &Value) -> String {
    match value {
        Value::Sequence(_) => "a list".to_owned(),
        Value::Mapping(_) => "a mapping".to_owned(),
        Value::Null => "empty".to_owned(),
        Value::Tagged(_) => "a tagged value".to_owned(),
        scalar_value => format!("{:?}", truncate(&scalar(scalar_value).unwrap_or_default())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(not(feature = "yaml"))]
    fn without_the_yaml_feature_every_list_is_refused_naming_it() {
        for list in [&b""[..], b"patches:\n  - id: kernel\n"] {
            let err = parse(list).unwrap_err();
            assert!(err.to_string().contains("`yaml` feature"), "{err}");
        }
    }

    #[test]
    #[cfg(feature = "yaml")]
    fn entries_need_an_id_and_keep_the_optional_title() {
        let list = parse(b"patches:\n  -\n    id: 'bind*.x86_64'\n    title: '32:9.8.2-0.62.rc1.57.amzn1'\n    severity: High\n").unwrap();
        assert_eq!(
            list.patches,
            [OverridePatch::new("bind*.x86_64").with_title("32:9.8.2-0.62.rc1.57.amzn1")]
        );
        let err = parse(b"patches:\n  - title: x\n").unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::MissingField { field: "id", .. }),
            "{err}"
        );
        assert!(err.to_string().contains("patches[0]"), "{err}");
    }

    #[test]
    #[cfg(feature = "yaml")]
    fn empty_or_missing_patches_install_nothing() {
        assert!(parse(b"").unwrap().is_empty());
        assert!(parse(b"patches:\n").unwrap().is_empty());
        assert!(parse(b"patches: []\n").unwrap().is_empty());
        assert!(parse(b"other: 1\n").unwrap().is_empty());
    }

    #[test]
    #[cfg(feature = "yaml")]
    fn content_that_is_not_a_mapping_is_invalid() {
        let err = parse(b"just text\n").unwrap_err();
        assert!(
            err.to_string().contains("content \"just text\" is invalid"),
            "{err}"
        );
        assert!(parse(b"- id: a\n").is_err());
        assert!(
            parse(b"patches: kernel\n")
                .unwrap_err()
                .to_string()
                .contains("not a list")
        );
        assert!(
            parse(b"patches:\n  - kernel\n")
                .unwrap_err()
                .to_string()
                .contains("patches[0]")
        );
    }

    #[test]
    #[cfg(feature = "yaml")]
    fn numeric_ids_are_kept_as_text_and_yaml_errors_name_the_line() {
        let list = parse(b"patches:\n  - id: 4284819\n").unwrap();
        assert_eq!(list.patches[0].id, "4284819");
        let err = parse(b"patches:\n  - id: 'a\n").unwrap_err();
        assert!(matches!(err.position(), Position::Line(_)), "{err}");
    }
}
