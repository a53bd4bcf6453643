//! CloudFormation templates (JSON or YAML): every `AWS::SSM::PatchBaseline` resource, by logical
//! id. Values given by intrinsic functions (`!Ref`, `!Join`, `{"Fn::Sub": …}`) cannot be resolved
//! offline: they are left out of the baseline and listed with their path, never guessed.
//!
//! ```
//! # #[cfg(feature = "yaml")] {
//! use patchcore_baseline::wire::{read, Document, Format};
//!
//! let yaml = "Resources:\n  Linux:\n    Type: AWS::SSM::PatchBaseline\n    Properties:\n      Name: !Join ['-', [a, !Ref 'AWS::AccountId']]\n      OperatingSystem: AMAZON_LINUX_2\n      ApprovalRules:\n        PatchRules:\n        - PatchFilterGroup: {PatchFilters: []}\n          ApproveUntilDate: 2023-02-01\n";
//! let Ok(Document::CloudFormation(template)) = read(yaml, Format::Yaml) else { panic!() };
//! let resource = &template.resources[0];
//! assert_eq!(resource.logical_id, "Linux");
//! assert_eq!(resource.unresolved[0].path, "$.Resources.Linux.Properties.Name");
//! assert_eq!(resource.unresolved[0].function, "Fn::Join");
//! assert_eq!(resource.baseline.rules()[0].approve_until_date.as_deref(), Some("2023-02-01"));
//! # }
//! ```

use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind};
use crate::model::Baseline;
#[cfg(doc)]
use crate::validate::DocumentKind;
use crate::validate::{Code, Collector, Report, ValidateOptions};

/// The `Type` of the resources read.
pub const RESOURCE_TYPE: &str = "AWS::SSM::PatchBaseline";

/// The patch baselines of a CloudFormation template.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Template {
    /// The `AWS::SSM::PatchBaseline` resources, by logical id in sorted order.
    pub resources: Vec<PatchBaselineResource>,
}

/// One `AWS::SSM::PatchBaseline` resource.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PatchBaselineResource {
    /// The logical id (the key under `Resources`).
    pub logical_id: String,
    /// The properties, as a baseline (without the values given by intrinsic functions).
    pub baseline: Baseline,
    /// The CloudFormation-only `DefaultBaseline` property.
    pub default_baseline: Option<bool>,
    /// Values given by intrinsic functions, which cannot be resolved offline.
    pub unresolved: Vec<Unresolved>,
}

/// A value given by an intrinsic function.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unresolved {
    /// JSON path of the value (`$.Resources.Linux.Properties.Name`).
    pub path: String,
    /// The function (`Ref`, `Fn::Join`, `Fn::Sub`, …).
    pub function: String,
}

impl PatchBaselineResource {
    /// The JSON path of the resource's properties.
    pub fn path(&self) -> String {
        properties_path(&self.logical_id)
    }

    /// Validates the resource (give `options` of kind [`DocumentKind::CloudFormation`]): each
    /// unresolved value is one `not-resolvable-offline` warning, and the problems at, inside or on
    /// the member holding an unresolved value (e.g. a missing `Name` given by `!Join`, a rule
    /// whose `ApproveAfterDays` is a `!Ref`) are not reported.
    pub fn validate(&self, options: &ValidateOptions) -> Report {
        let absolute = options.clone().at("");
        let mut collector = Collector::new(&absolute);
        for u in &self.unresolved {
            collector.add(
                Code::NotResolvableOffline,
                &u.path,
                format!(
                    "given by {}, which cannot be resolved offline; not checked",
                    u.function
                ),
            );
        }
        let mut report = collector.finish();
        let mut rest = self
            .baseline
            .validate_with(&options.clone().at(self.path()));
        let root = self.path();
        // A problem at an unresolved value, inside it, or on the member holding it (a rule whose
        // approval is `!Ref Days` is not missing its approval) cannot be judged offline.
        rest.retain(|p| {
            !self.unresolved.iter().any(|u| {
                is_under(&p.path, &u.path) || (p.path != root && is_under(&u.path, &p.path))
            })
        });
        report.extend(rest);
        report
    }
}

/// Whether `path` is `root` or inside it.
fn is_under(path: &str, root: &str) -> bool {
    path.strip_prefix(root)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

fn properties_path(logical_id: &str) -> String {
    format!("$.Resources.{logical_id}.Properties")
}

impl Template {
    /// Reads the patch baselines of a template already parsed into a JSON value (YAML templates
    /// are converted with their short-form tags turned into the long form).
    ///
    /// # Errors
    /// [`ErrorKind::Shape`] when `Resources` is not an object or a baseline's properties have the
    /// wrong shape.
    pub fn from_value(mut value: Value) -> Result<Self, Error> {
        let Some(resources) = value.get_mut("Resources") else {
            return Ok(Self::default());
        };
        let Value::Object(resources) = resources.take() else {
            return Err(ErrorKind::Shape {
                path: "$.Resources".to_owned(),
                message: "not an object of resources".to_owned(),
            }
            .into());
        };
        let mut out = Vec::new();
        for (logical_id, mut resource) in resources {
            if resource.get("Type").and_then(Value::as_str) != Some(RESOURCE_TYPE) {
                continue;
            }
            let path = properties_path(&logical_id);
            let mut properties = match resource.get_mut("Properties").map(Value::take) {
                None | Some(Value::Null) => Value::Object(Map::new()),
                Some(object @ Value::Object(_)) => object,
                Some(_) => {
                    return Err(ErrorKind::Shape {
                        path,
                        message: "Properties is not an object".to_owned(),
                    }
                    .into());
                }
            };
            let mut unresolved = Vec::new();
            strip_intrinsics(&mut properties, &path, &mut unresolved);
            let default_baseline = properties
                .as_object_mut()
                .and_then(|map| map.remove("DefaultBaseline"))
                .and_then(|v| v.as_bool());
            let baseline = serde_json::from_value(properties).map_err(|e| {
                Error::from(ErrorKind::Shape {
                    path: path.clone(),
                    message: e.to_string(),
                })
            })?;
            out.push(PatchBaselineResource {
                logical_id,
                baseline,
                default_baseline,
                unresolved,
            });
        }
        Ok(Self { resources: out })
    }
}

/// The function name of an intrinsic-function object (`{"Ref": …}`, `{"Fn::Join": …}`).
fn intrinsic(value: &Value) -> Option<&str> {
    let map = value.as_object()?;
    let (key, _) = map.iter().next()?;
    (map.len() == 1 && (key == "Ref" || key == "Condition" || key.starts_with("Fn::")))
        .then_some(key.as_str())
}

/// Removes every intrinsic-function value under `value`, recording its path.
fn strip_intrinsics(value: &mut Value, path: &str, found: &mut Vec<Unresolved>) {
    match value {
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let at = format!("{path}.{key}");
                let Some(child) = map.get_mut(&key) else {
                    continue;
                };
                if let Some(function) = intrinsic(child) {
                    found.push(Unresolved {
                        path: at,
                        function: function.to_owned(),
                    });
                    map.remove(&key);
                } else {
                    strip_intrinsics(child, &at, found);
                }
            }
        }
        Value::Array(items) => {
            let mut index = 0;
            items.retain_mut(|child| {
                let at = format!("{path}[{index}]");
                index += 1;
                if let Some(function) = intrinsic(child) {
                    found.push(Unresolved {
                        path: at,
                        function: function.to_owned(),
                    });
                    false
                } else {
                    strip_intrinsics(child, &at, found);
                    true
                }
            });
        }
        _ => {}
    }
}

/// Parses YAML into a JSON value. Short-form tags become the long form (`!Ref x` →
/// `{"Ref": "x"}`, `!Join [..]` → `{"Fn::Join": [..]}`); plain scalars follow YAML 1.2, so an
/// unquoted `2023-02-01` stays the string it is.
///
/// # Errors
/// [`ErrorKind::Syntax`] with line and column for invalid YAML;
/// [`ErrorKind::UnsupportedFormat`] when the crate was built without the `yaml` feature.
pub fn yaml_to_json(text: &str) -> Result<Value, Error> {
    check_flow_depth(text)?;
    #[cfg(feature = "yaml")]
    {
        let yaml: serde_norway::Value =
            serde_norway::from_str(text).map_err(|e| Error::from(ErrorKind::yaml(&e)))?;
        Ok(convert(yaml))
    }
    #[cfg(not(feature = "yaml"))]
    {
        Err(ErrorKind::UnsupportedFormat {
            what: "the document is yaml, but patchcore-baseline was built without the `yaml` \
                   feature (enable it, or convert the template to json)"
                .to_owned(),
        }
        .into())
    }
}

/// Deepest flow nesting (`[`/`{`) accepted; the YAML parser refuses more than 128 levels anyway,
/// but only after time quadratic in the depth, so a deep input is refused before parsing.
const MAX_FLOW_DEPTH: usize = 128;

/// Refuses YAML whose flow collections nest deeper than [`MAX_FLOW_DEPTH`], skipping comments and
/// quoted strings. A quote counts only where a scalar can start, and ends at the end of its line
/// at the latest: where this scan and YAML disagree, the scan counts more, never less.
fn check_flow_depth(text: &str) -> Result<(), Error> {
    let (mut depth, mut line) = (0usize, 1usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut previous = '\n';
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            comment = false;
            quote = None;
        } else if let Some(q) = quote.filter(|_| !comment) {
            if c == q && previous != '\\' {
                quote = None;
            }
        } else if !comment {
            let scalar_start =
                previous.is_whitespace() || matches!(previous, '[' | '{' | ',' | ':');
            match c {
                '"' | '\'' if scalar_start => quote = Some(c),
                '#' if previous.is_whitespace() => comment = true,
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_FLOW_DEPTH {
                return Err(ErrorKind::Syntax {
                    format: "yaml",
                    line,
                    column: 0,
                    message: format!("flow collections nested deeper than {MAX_FLOW_DEPTH} levels"),
                }
                .into());
            }
        }
        previous = c;
    }
    Ok(())
}

#[cfg(feature = "yaml")]
fn convert(yaml: serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => n
            .as_i64()
            .map(Value::from)
            .or_else(|| n.as_u64().map(Value::from))
            .or_else(|| {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
            })
            .unwrap_or(Value::Null),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(convert).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .filter_map(|(k, v)| scalar_key(k).map(|k| (k, convert(v))))
                .collect(),
        ),
        Y::Tagged(tagged) => {
            let name = tagged.tag.to_string();
            let name = name.trim_start_matches('!');
            let function = if name == "Ref" || name == "Condition" {
                name.to_owned()
            } else {
                format!("Fn::{name}")
            };
            let mut map = Map::new();
            map.insert(function, convert(tagged.value));
            Value::Object(map)
        }
    }
}

#[cfg(feature = "yaml")]
fn scalar_key(key: serde_norway::Value) -> Option<String> {
    use serde_norway::Value as Y;
    match key {
        Y::String(s) => Some(s),
        Y::Number(n) => Some(n.to_string()),
        Y::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
