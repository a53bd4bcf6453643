//! patchcore: the evaluation core of a patch manager, with the semantics of AWS Systems
//! Manager Patch Manager — offline, deterministic and embeddable.
//!
//! This facade re-exports each patchcore crate as a module:
//!
//! | module | crate | what it does |
//! |---|---|---|
//! | [`version`] | `patchcore-version` | exact version comparison (RPM, Debian, Windows, dotted) |
//! | [`baseline`] | `patchcore-baseline` | patch baselines: AWS and CloudFormation shapes, validation, the AWS-* catalog, approved/rejected-list matching |

pub use patchcore_version as version;
pub use patchcore_baseline as baseline;
