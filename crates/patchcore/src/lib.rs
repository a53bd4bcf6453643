//! patchcore: the evaluation core of a patch manager, with the semantics of AWS Systems
//! Manager Patch Manager — offline, deterministic and embeddable.
//!
//! This facade re-exports each patchcore crate as a module:
//!
//! | module | crate | what it does |
//! |---|---|---|
//! | [`version`] | `patchcore-version` | exact version comparison (RPM, Debian, Windows, dotted) |
//! | [`baseline`] | `patchcore-baseline` | patch baselines: AWS and CloudFormation shapes, validation, the AWS-* catalog, approved/rejected-list matching |
//! | [`rules`] | `patchcore-rules` | the facts a scan sees (inventory, catalog) and the evaluation: approval, per-patch state, explain, forecast, install plan |
//! | [`ingest`] | `patchcore-ingest` | readers of real files: dpkg status, apt lists, rpm -qa, updateinfo.xml, primary.xml, CVRF, os-release, Windows and macOS listings |

pub use patchcore_baseline as baseline;
pub use patchcore_ingest as ingest;
pub use patchcore_rules as rules;
pub use patchcore_version as version;
