//! patchcore-rules: the facts a patch scan sees, and their evaluation against a patch
//! baseline — approval, per-package state, explanations, forecasts and install plans, with
//! the semantics of AWS Systems Manager Patch Manager (`shared/spec/evaluation.md` section 4
//! is normative; `observed.md` decides where pages differ).
//!
//! * [`facts`]: a node's [`facts::Inventory`] (what is installed) and the [`facts::Catalog`]
//!   of what its repositories, or Microsoft's catalog, offer. `patchcore-ingest` builds both.
//! * [`Evaluator`]: a compiled baseline plus a catalog, reused for every node (`Send + Sync`).
//!   [`Evaluator::scan`] gives a [`Scan`] of [`Decision`]s (one per `name.arch` or KB, with
//!   its [`PatchState`]); [`Evaluator::explain`] an [`Explanation`] of any decision;
//!   [`Evaluator::forecast`] the dated future changes; [`Evaluator::plan_install`] and
//!   [`Evaluator::after_install`] the Install run ([`install`]); [`Evaluator::effective_patches`]
//!   the Windows `DeploymentStatus` and `ApprovalDate` of each catalog update.
//! * For a fleet, [`Evaluator::prepare`] judges every catalog version once for nodes of one
//!   identity (OS, product, module streams) at one instant; [`Prepared::scan`] then costs a
//!   lookup per installed package and gives exactly what [`Evaluator::scan`] gives.
//! * The clock is a parameter (`now`), never read; the same inputs give the same rows in the
//!   same order (sorted by Id).
//! * Decisions on points the specification leaves open are listed in [`decisions`].
//!
//! ```
//! use patchcore_rules::facts::{AptCatalogBuilder, AptOrigin, AptVersion, Inventory, InstalledPackage, PackageVersion};
//! use patchcore_baseline::OperatingSystem;
//!
//! let mut inventory = Inventory::new(OperatingSystem::Debian, "Debian12");
//! inventory.extend_packages([InstalledPackage::new(
//!     "openssl",
//!     "amd64",
//!     PackageVersion::deb("3.0.15-1~deb12u1").unwrap(),
//! )]);
//!
//! let mut catalog = AptCatalogBuilder::default();
//! let mut origin = AptOrigin::default();
//! origin.archive = "stable-security".into();
//! origin.codename = "bookworm-security".into();
//! origin.trusted = true;
//! let security = catalog.origin(origin);
//! let mut newer = AptVersion::new("openssl", "amd64", "3.0.17-1~deb12u2".parse().unwrap());
//! newer.origins.push(security);
//! catalog.push(newer);
//! let catalog = catalog.build();
//!
//! let installed = inventory.highest_installed("openssl", "amd64").unwrap();
//! let newest = catalog.newest("openssl", "amd64").unwrap();
//! assert!(catalog.is_security(newest));
//! assert!(PackageVersion::Deb(newest.version.clone()) > installed.version);
//! ```

mod approval;
mod dates;
pub mod decisions;
mod effective;
mod error;
mod evaluate;
pub mod explain;
pub mod facts;
mod forecast;
pub mod install;
mod state;

pub use effective::{DeploymentStatus, EffectivePatch};
pub use error::{Error, ErrorKind};
pub use evaluate::{Decision, Evaluator, Prepared, Scan, VersionRef};
pub use explain::Explanation;
pub use forecast::{Forecast, ForecastChange, NotApplicableChange};
pub use state::PatchState;
