//! The AWS Systems Manager shapes of patch compliance, read and written as aws-cli prints them
//! (compliance.md 3, 4, 6): serde types with the AWS field names, and conversions from and to
//! [`Snapshot`](crate::Snapshot) and [`Summary`](crate::Summary).
//!
//! * Per node: [`InstancePatchState`] (`DescribeInstancePatchStates`), [`PatchComplianceData`]
//!   (`DescribeInstancePatches`), the [`PatchSummaryItem`] inventory item (`AWS:PatchSummary`)
//!   and the [`PutComplianceItems`] request of compliance type `Patch` — everything an agent
//!   uploads.
//! * Read from the service: [`Patch`] and [`EffectivePatch`] (`DescribeAvailablePatches`,
//!   `DescribeEffectivePatchesForPatchBaseline`), [`PatchGroupState`](crate::PatchGroupState)
//!   (`DescribePatchGroupState`, also the [`Fleet`](crate::Fleet) aggregate), [`ComplianceItem`],
//!   [`ComplianceSummaryItem`], [`ResourceComplianceSummaryItem`],
//!   [`DeployablePatchSnapshot`], and the response wrappers (`{"InstancePatchStates": […]}`…).
//!
//! Every shape reads with [`read`] (bytes or text) or [`read_from`] (a reader), which bound the
//! size and nesting of the input and reject documentation samples cut with `...`; [`write()`]
//! prints a shape as aws-cli does. Timestamps are [`Timestamp`]s: ISO 8601 by default,
//! epoch seconds on request ([`TimeFormat`]), both read.
//!
//! ```
//! use patchcore_compliance::aws::{self, DescribeInstancePatchesResponse};
//! use patchcore_compliance::PatchState;
//!
//! let text = r#"{"Patches": [{"Title": "", "KBId": "KB4481031", "Classification": "",
//!     "Severity": "", "State": "InstalledOther", "InstalledTime": 1549584000.0}]}"#;
//! let response: DescribeInstancePatchesResponse = aws::read(text).unwrap();
//! assert_eq!(response.patches[0].state, PatchState::InstalledOther);
//! assert!(aws::write(&response).contains("\"InstalledTime\": 1549584000.0"));
//! ```

use std::io::Read;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::json;

/// Declares a response wrapper as aws-cli prints it: one list of items (`$wire`) and the
/// optional `NextToken`, with its [`Shape`] name.
macro_rules! response {
    ($(#[$doc:meta])* $name:ident { $field:ident: $wire:literal, $item:ty }, $shape:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct $name {
            #[doc = concat!("`", $wire, "`.")]
            #[serde(rename = $wire)]
            pub $field: Vec<$item>,
            /// `NextToken`: the next page's token, when there is one.
            #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
            pub next_token: Option<String>,
        }

        impl $crate::aws::Shape for $name {
            const NAME: &'static str = $shape;
        }
    };
}
use response;

mod instance;
mod inventory;
mod items;
mod patches;
mod time;

pub(crate) use instance::{COUNT_FIELDS, summary_counts};
pub use instance::{
    DescribeInstancePatchStatesForPatchGroupResponse, DescribeInstancePatchStatesResponse,
    DescribeInstancePatchesResponse, InstancePatchState, PatchComplianceData,
};
pub use inventory::{PatchSummaryContent, PatchSummaryItem};
pub use items::{
    ComplianceExecutionSummary, ComplianceItem, ComplianceItemEntry, ComplianceSummaryItem,
    CompliantSummary, ListComplianceItemsResponse, ListComplianceSummariesResponse,
    ListResourceComplianceSummariesResponse, NonCompliantSummary, PutComplianceItems,
    ResourceComplianceSummaryItem, patch_item_order,
};
pub use patches::{
    DeployablePatchSnapshot, DescribeAvailablePatchesResponse,
    DescribeEffectivePatchesForPatchBaselineResponse, EffectivePatch, Patch, PatchStatus,
};
pub use time::{TimeFormat, Timestamp};

/// A shape that [`read`] and [`write()`] handle: an AWS request, response or item.
pub trait Shape: Serialize + DeserializeOwned {
    /// What the shape is, for error messages (`DescribeInstancePatches response`).
    const NAME: &'static str;
}

/// Reads a shape from JSON bytes or text.
///
/// # Errors
///
/// The input is larger than [`MAX_INPUT_BYTES`](crate::MAX_INPUT_BYTES), is not UTF-8, nests
/// deeper than [`MAX_DEPTH`](crate::MAX_DEPTH), is a documentation sample cut with `...`
/// ([`ErrorKind::TruncatedSample`](crate::ErrorKind::TruncatedSample)), is not JSON
/// ([`ErrorKind::InvalidJson`](crate::ErrorKind::InvalidJson)), or does not have the shape's
/// fields and types ([`ErrorKind::WrongShape`](crate::ErrorKind::WrongShape)); both with line
/// and column.
pub fn read<T: Shape>(input: impl AsRef<[u8]>) -> Result<T, Error> {
    json::parse(T::NAME, input.as_ref())
}

/// Reads a shape from `reader` (not read past [`MAX_INPUT_BYTES`](crate::MAX_INPUT_BYTES)).
///
/// # Errors
///
/// As [`read`], and when reading fails.
pub fn read_from<T: Shape>(reader: impl Read) -> Result<T, Error> {
    json::parse(T::NAME, &json::read_all(T::NAME, reader)?)
}

/// A shape as pretty JSON, indented by four spaces as aws-cli prints it, with a final newline.
pub fn write<T: Shape>(value: &T) -> String {
    json::to_pretty(value)
}

/// A JSON string that must be a count, for the all-strings inventory content.
mod string_count {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(count: &u64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(count)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        super::number_in_text(
            &String::deserialize(deserializer)?,
            "count",
            "a whole number",
        )
    }
}

/// A number written as a JSON string (`"12"`, surrounding spaces allowed); `what` and
/// `expected` name it in the error: `count "x" is not a whole number`.
fn number_in_text<T: std::str::FromStr, E: serde::de::Error>(
    text: &str,
    what: &str,
    expected: &str,
) -> Result<T, E> {
    text.trim().parse().map_err(|_| {
        E::custom(format!(
            "{what} {} is not {expected}",
            crate::error::quote(text)
        ))
    })
}

/// A count as `u64`: the service writes `-1` for a count it did not compute (the Windows log
/// and user guide samples show it), which patchcore reads as 0.
fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// A `u64` count as the API's integer (saturating: no real count comes near).
fn api_count(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}
