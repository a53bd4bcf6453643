//! patchcore: the evaluation core of a patch manager, with the semantics of AWS Systems
//! Manager Patch Manager — offline, deterministic and embeddable.
//!
//! Given a patch baseline, what a node has installed and what its repositories offer,
//! patchcore decides which patches the baseline approves, which are installed, missing,
//! rejected or pending a reboot, and records it as a compliance [`Snapshot`] with the counts,
//! status and shapes AWS uses. It reads no clock and no file by itself: `now` is a parameter,
//! and the readers of [`ingest`] take bytes, so the same inputs always give the same output.
//!
//! # A complete scan
//!
//! An Amazon Linux 2023 node, its `rpm -qa` listing, its repository's `primary.xml` and
//! `updateinfo.xml` (tiny samples written for this guide), assessed against the AWS default
//! baseline for its OS — security updates rated Critical or Important, and bug fixes, approved
//! 7 days after their release:
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use patchcore::ingest::{os_release, primary, rpm_qa, updateinfo};
//! use patchcore::{Catalog, ComplianceStatus, Context, PatchState, Scanner, SummaryOptions};
//!
//! // 1. The node: what is installed (os-release says which OS and product).
//! let mut inventory = rpm_qa::parse(
//!     b"openssl-libs 1 3.0.8 1.amzn2023.0.12 x86_64\n\
//!       curl-minimal 0 8.5.0 1.amzn2023.0.2 x86_64\n\
//!       bash 0 5.2.15 1.amzn2023.0.2 x86_64\n",
//! )?;
//! inventory.merge(os_release::parse(b"NAME=\"Amazon Linux\"\nVERSION_ID=\"2023\"\nID=\"amzn\"\n")?.into_inventory());
//!
//! // 2. What its repository offers: the versions, and the advisories that classify and date them.
//! let options = updateinfo::Options::for_repository("amazonlinux");
//! let offered = primary::parse(br#"<metadata packages="2">
//!   <package type="rpm"><name>openssl-libs</name><arch>x86_64</arch>
//!     <version epoch="1" ver="3.0.8" rel="1.amzn2023.0.14"/><time build="1765000000"/></package>
//!   <package type="rpm"><name>curl-minimal</name><arch>x86_64</arch>
//!     <version epoch="0" ver="8.5.0" rel="1.amzn2023.0.4"/><time build="1767300000"/></package>
//! </metadata>"#, &options)?;
//! let advisories = updateinfo::parse(br#"<updates>
//!   <update type="security"><id>ALAS2023-2025-1001</id><severity>Important</severity>
//!     <issued date="2025-12-20 10:00"/><references><reference id="CVE-2025-9230" type="cve"/></references>
//!     <pkglist><collection><package name="openssl-libs" epoch="1" version="3.0.8"
//!       release="1.amzn2023.0.14" arch="x86_64"/></collection></pkglist></update>
//!   <update type="security"><id>ALAS2023-2026-1002</id><severity>Critical</severity>
//!     <issued date="2026-01-02 18:00"/><references><reference id="CVE-2025-10148" type="cve"/></references>
//!     <pkglist><collection><package name="curl-minimal" epoch="0" version="8.5.0"
//!       release="1.amzn2023.0.4" arch="x86_64"/></collection></pkglist></update>
//! </updates>"#, &options)?;
//! let mut catalog = Catalog::default();
//! catalog.rpm = offered.merge(advisories.catalog);
//!
//! // 3. The baseline, compiled once (it can assess a whole fleet).
//! let baseline = patchcore::baseline::catalog::default_for(&inventory.operating_system)
//!     .expect("AWS has a default baseline for every supported OS");
//! let scanner = Scanner::new(&baseline)?;
//!
//! // 4. Assess the node at a given instant, and record the result.
//! let now = Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap();
//! let assessment = scanner
//!     .assess(&inventory, &catalog, now)?
//!     .with_context(Context::new("i-0123456789abcdef0", ""));
//! let snapshot = assessment.snapshot()?;
//! let summary = snapshot.summary(&SummaryOptions::default());
//!
//! // The openssl fix is 16 days old: approved, not installed. The curl fix is 3 days old:
//! // not approved yet, so the installed curl is compliant for now.
//! assert_eq!(summary.status, ComplianceStatus::NonCompliant);
//! assert_eq!(summary.missing_count, 1);
//! assert_eq!(summary.installed_other_count, 2);
//! let openssl = snapshot.item("openssl-libs.x86_64").unwrap();
//! assert_eq!(openssl.state, PatchState::Missing);
//! assert_eq!(openssl.title, "openssl-libs.x86_64:1:3.0.8-1.amzn2023.0.14");
//! assert_eq!(openssl.cve_ids, ["CVE-2025-9230"]);
//!
//! // Why is curl not missing? The explanation lists every candidate and every test.
//! let why = assessment.explain("curl-minimal.x86_64")?;
//! assert_eq!(why.state, Some(PatchState::InstalledOther));
//! println!("{why}");
//!
//! // And when does that change? Within a week, the curl fix becomes required.
//! let forecast = assessment.forecast(7)?;
//! let change = &forecast.changes[0];
//! assert_eq!(change.id, "curl-minimal.x86_64");
//! assert_eq!((change.from, change.to), (Some(PatchState::InstalledOther), Some(PatchState::Missing)));
//! assert_eq!(change.after, Utc.with_ymd_and_hms(2026, 1, 9, 18, 0, 0).unwrap());
//! # Ok::<(), patchcore::Error>(())
//! ```
//!
//! The snapshot is the record others read: [`compliance`] turns it into the AWS shapes
//! (`DescribeInstancePatchStates`, `DescribeInstancePatches`, `PutComplianceItems`), CSV
//! reports, diffs between two snapshots and fleet aggregates. The `examples/` directory of the
//! repository has runnable programs: `quickstart`, `custom_agent` (plan an install, apply it,
//! upload the result), `fleet_report` and `baseline_lint`.
//!
//! # Which crate do I need
//!
//! The facade re-exports each crate as a module; depend on a single crate when that is all you
//! need.
//!
//! | you want to… | module | crate |
//! |---|---|---|
//! | compare versions exactly as librpm, dpkg or Windows do | [`version`] | `patchcore-version` |
//! | read, validate, lint or compile a baseline (AWS JSON, CloudFormation); the 17 AWS-managed baselines | [`baseline`] | `patchcore-baseline` |
//! | evaluate: approval, per-patch state, explain, forecast, install plans | [`rules`] | `patchcore-rules` |
//! | read real files: dpkg status, apt lists, `rpm -qa`, `primary.xml`, `updateinfo.xml`, CVRF, os-release, Windows and macOS listings, a whole node directory | [`ingest`] | `patchcore-ingest` |
//! | record and report: summary counts, AWS shapes, CSV, diff, fleet | [`compliance`] | `patchcore-compliance` |
//! | all of it, with [`Scanner`] on top | this crate | `patchcore` |
//!
//! The types most programs name are re-exported here: [`Baseline`], [`OperatingSystem`],
//! [`Inventory`], [`Catalog`], [`PatchState`], [`Explanation`], [`Forecast`], [`Snapshot`],
//! [`Context`], [`Summary`], [`SummaryOptions`], [`ComplianceStatus`].
//!
//! # Feature flags
//!
//! The default build reads JSON baselines and plain (uncompressed) files, and compiles no
//! decompressor. Enable what your inputs need:
//!
//! | feature | what it adds |
//! |---|---|
//! | `yaml` | YAML inputs: CloudFormation templates ([`baseline::wire::read`] with `Format::Yaml`) and Install Override Lists ([`ingest::override_list`]) |
//! | `gzip`, `xz`, `lz4`, `zstd`, `bzip2` | files in that compression ([`ingest::compress`]): apt keeps its lists as `.lz4` in containers, dnf and yum cache their metadata as `.gz`, `.xz`, `.zst` or `.bz2` |
//! | `compression` | all five formats |
//! | `full` | every feature above: what the `patchcore` command enables |
//!
//! Without a feature, its inputs are refused with a one-line error that names the feature to
//! enable. The lower crates used on their own have their features on by default.
//!
//! # Where AWS does not say
//!
//! Patch Manager's documentation leaves points open (undocumented, "unconfirmed", or
//! contradicted by what the service does). Each crate decides them once and lists its
//! decisions:
//!
//! * baselines — validation and list matching: [`baseline::decisions`] (e.g. APT rules with
//!   an `ApproveAfterDays` delay are kept but approve immediately, as the agent does);
//! * evaluation — dates, approval, states: [`rules::decisions`] (e.g. an advisory without a
//!   usable date counts as released on 1970-01-01, so it is immediately old enough);
//! * compliance records — counts and status: the list at the top of [`compliance`] (e.g. the
//!   `NotApplicable` reporting limit AWS does not publish is unlimited by default).
//!
//! # Errors
//!
//! Every crate has one error type whose message is one lower-case line naming the offending
//! value and where it was found; [`Error`] wraps them all so that `?` works across crates.

// Product names (CloudFormation) are prose in this guide, not code.
#![allow(clippy::doc_markdown)]

mod error;
mod scanner;

pub use error::Error;
pub use scanner::{Assessment, Scanner};

pub use patchcore_baseline as baseline;
pub use patchcore_compliance as compliance;
pub use patchcore_ingest as ingest;
pub use patchcore_rules as rules;
pub use patchcore_version as version;

pub use patchcore_baseline::{Baseline, OperatingSystem};
pub use patchcore_compliance::{ComplianceStatus, Context, Snapshot, Summary, SummaryOptions};
pub use patchcore_rules::facts::{Catalog, Inventory};
pub use patchcore_rules::{Explanation, Forecast, PatchState};
