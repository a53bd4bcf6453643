//! Builders shared by the integration tests: the spec's examples in a few lines each.
#![allow(dead_code, unreachable_pub)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod examples;

use chrono::{DateTime, TimeZone, Utc};
use patchcore_baseline::{Baseline, CompiledBaseline, OperatingSystem};
use patchcore_rules::facts::{
    AptCatalogBuilder, AptOrigin, AptVersion, Catalog, InstalledPackage, Inventory, NoticePackage,
    NoticeReference, OfferedPackage, PackageRef, PackageVersion, ReferenceKind, Repository,
    RpmCatalogBuilder, UpdateNotice,
};
use patchcore_rules::{Evaluator, PatchState};

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

pub fn ymd(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

pub fn baseline(json: &str) -> CompiledBaseline {
    let b: Baseline = serde_json::from_str(json).unwrap();
    b.compile().unwrap()
}

/// A rule JSON: filters as (key, values), then the date part (`"ApproveAfterDays": 7`).
pub fn rule(filters: &[(&str, &[&str])], date: &str, level: &str, non_security: bool) -> String {
    let filters: Vec<String> = filters
        .iter()
        .map(|(k, v)| {
            format!(
                r#"{{"Key":"{k}","Values":{}}}"#,
                serde_json::to_string(v).unwrap()
            )
        })
        .collect();
    format!(
        r#"{{"PatchFilterGroup":{{"PatchFilters":[{}]}},{date},"ComplianceLevel":"{level}","EnableNonSecurity":{non_security}}}"#,
        filters.join(",")
    )
}

/// A rule that approves as soon as its filters pass (`ApproveAfterDays` 0).
pub fn now_rule(filters: &[(&str, &[&str])], level: &str, non_security: bool) -> String {
    rule(filters, r#""ApproveAfterDays":0"#, level, non_security)
}

/// A baseline for `os` (its AWS name) with `rules`; `extra` is appended to the JSON object
/// (`,"RejectedPatches":[…]`).
pub fn rules_baseline(os: &str, extra: &str, rules: &[String]) -> CompiledBaseline {
    baseline(&format!(
        r#"{{"OperatingSystem":"{os}","ApprovalRules":{{"PatchRules":[{}]}}{extra}}}"#,
        rules.join(",")
    ))
}

/// An Amazon Linux 2023 (dnf) baseline.
pub fn al2023(extra: &str, rules: &[String]) -> CompiledBaseline {
    rules_baseline("AMAZON_LINUX_2023", extra, rules)
}

/// An Amazon Linux 2 (yum) baseline.
pub fn al2(extra: &str, rules: &[String]) -> CompiledBaseline {
    rules_baseline("AMAZON_LINUX_2", extra, rules)
}

/// An Amazon Linux 2023 node with `packages` installed.
pub fn al2023_node(packages: Vec<InstalledPackage>) -> Inventory {
    inventory(
        OperatingSystem::AmazonLinux2023,
        "AmazonLinux2023",
        packages,
    )
}

/// An Amazon Linux 2 node with `packages` installed.
pub fn al2_node(packages: Vec<InstalledPackage>) -> Inventory {
    inventory(OperatingSystem::AmazonLinux2, "AmazonLinux2", packages)
}

/// The state of the first row of a Scan of `node` at `now`.
pub fn first_state(e: &Evaluator<'_>, node: &Inventory, now: DateTime<Utc>) -> PatchState {
    e.scan(node, now).unwrap().rows()[0].state
}

pub fn rpm(name: &str, arch: &str, evr: &str) -> InstalledPackage {
    InstalledPackage::new(name, arch, PackageVersion::rpm(evr).unwrap())
}

/// An RPM package version, as dependency facts and install runs name them.
pub fn rpm_ref(name: &str, arch: &str, evr: &str) -> PackageRef {
    PackageRef::new(name, arch, PackageVersion::rpm(evr).unwrap())
}

pub fn deb(name: &str, arch: &str, version: &str) -> InstalledPackage {
    InstalledPackage::new(name, arch, PackageVersion::deb(version).unwrap())
}

pub fn inventory(os: OperatingSystem, product: &str, packages: Vec<InstalledPackage>) -> Inventory {
    let mut inv = Inventory::new(os, product);
    inv.extend_packages(packages);
    inv
}

/// An RPM catalog under construction: offered versions and notices.
pub struct Rpm {
    pub builder: RpmCatalogBuilder,
    pub repo: patchcore_rules::facts::RepoId,
}

impl Rpm {
    pub fn new() -> Self {
        let mut builder = RpmCatalogBuilder::default();
        let repo = builder.repository(Repository::new("core"));
        Self { builder, repo }
    }

    pub fn offer(&mut self, name: &str, arch: &str, evr: &str) -> &mut Self {
        self.builder.offer(OfferedPackage::new(
            name,
            arch,
            evr.parse().unwrap(),
            self.repo,
        ));
        self
    }

    /// `name.arch` at `evr`, offered and listed in its own notice `id` (no CVEs).
    pub fn offer_in_notice(
        &mut self,
        (name, arch, evr): (&str, &str, &str),
        id: &str,
        kind: &str,
        severity: Option<&str>,
        updated: &str,
    ) -> &mut Self {
        self.offer(name, arch, evr)
            .notice(id, kind, severity, updated, &[(name, arch, evr)], &[])
    }

    /// A catalog of one package version, listed in its own notice.
    pub fn one_notice(
        package: (&str, &str, &str),
        id: &str,
        kind: &str,
        severity: Option<&str>,
        updated: &str,
    ) -> Catalog {
        let mut c = Self::new();
        c.offer_in_notice(package, id, kind, severity, updated);
        c.build()
    }

    /// A notice `id` of `kind`/`severity` updated at `updated`, listing `packages`
    /// (name, arch, evr), with CVE references.
    pub fn notice(
        &mut self,
        id: &str,
        kind: &str,
        severity: Option<&str>,
        updated: &str,
        packages: &[(&str, &str, &str)],
        cves: &[&str],
    ) -> &mut Self {
        let mut n = UpdateNotice::new(id, kind);
        n.severity = severity.map(str::to_owned);
        n.updated = Some(updated.to_owned());
        for (name, arch, evr) in packages {
            n.packages
                .push(NoticePackage::new(*name, *arch, evr.parse().unwrap()));
        }
        for cve in cves {
            n.references
                .push(NoticeReference::new(ReferenceKind::Cve, *cve));
        }
        self.builder.notice(n);
        self
    }

    pub fn build(self) -> Catalog {
        let mut c = Catalog::default();
        c.rpm = self.builder.build();
        c
    }
}

/// An APT catalog under construction.
pub struct Apt {
    pub builder: AptCatalogBuilder,
}

impl Apt {
    pub fn new() -> Self {
        Self {
            builder: AptCatalogBuilder::default(),
        }
    }

    /// Adds `name.arch` at `version` from the given suites (trusted); `priority` and `section`.
    pub fn version(
        &mut self,
        name: &str,
        arch: &str,
        version: &str,
        suites: &[&str],
        priority: &str,
    ) -> &mut Self {
        let mut v = AptVersion::new(name, arch, version.parse().unwrap());
        for suite in suites {
            let mut o = AptOrigin::default();
            o.archive = (*suite).to_owned();
            o.trusted = true;
            v.origins.push(self.builder.origin(o));
        }
        v.priority = Some(priority.to_owned());
        v.section = Some("libs".to_owned());
        self.builder.push(v);
        self
    }

    pub fn build(self) -> Catalog {
        let mut c = Catalog::default();
        c.apt = self.builder.build();
        c
    }
}
