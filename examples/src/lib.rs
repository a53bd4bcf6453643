//! What the patchcore examples share: a sample Ubuntu 22.04 node with its apt lists and a
//! custom baseline, embedded from `examples/data/ubuntu-jammy/` (files written for these
//! examples, in the formats the real files have), and a plain-text table of a snapshot.
//!
//! Run the examples from the repository root: `cargo run --example quickstart`,
//! `custom_agent`, `fleet_report`, `baseline_lint`. None needs the network.
//!
//! ```
//! let inventory = patchcore_examples::sample::inventory()?;
//! assert_eq!(inventory.product, "Ubuntu22.04");
//! let catalog = patchcore_examples::sample::catalog()?;
//! assert!(catalog.apt.newest("openssl", "amd64").is_some());
//! # Ok::<(), patchcore::Error>(())
//! ```

use std::fmt::{Display, Write};
use std::process::ExitCode;

use patchcore::compliance::PatchItem;
use patchcore::{Snapshot, SummaryOptions};

pub mod sample {
    //! The sample node: an Ubuntu 22.04 web server a few security updates behind.

    use chrono::{DateTime, TimeZone, Utc};
    use patchcore::baseline::wire::{self, Document};
    use patchcore::ingest::{apt, dpkg, os_release};
    use patchcore::rules::facts::AptCatalogBuilder;
    use patchcore::{Baseline, Catalog, Error, Inventory};

    /// `/etc/os-release`.
    pub const OS_RELEASE: &[u8] = include_bytes!("../data/ubuntu-jammy/os-release");
    /// `/var/lib/dpkg/status`: seven installed packages.
    pub const DPKG_STATUS: &[u8] = include_bytes!("../data/ubuntu-jammy/status");
    /// The apt lists: `(site, Release, Packages)` of the `jammy`, `jammy-updates` and
    /// `jammy-security` suites.
    pub const APT_LISTS: [(&str, &[u8], &[u8]); 3] = [
        (
            "archive.ubuntu.com",
            include_bytes!("../data/ubuntu-jammy/jammy_Release"),
            include_bytes!("../data/ubuntu-jammy/jammy_Packages"),
        ),
        (
            "archive.ubuntu.com",
            include_bytes!("../data/ubuntu-jammy/jammy-updates_Release"),
            include_bytes!("../data/ubuntu-jammy/jammy-updates_Packages"),
        ),
        (
            "security.ubuntu.com",
            include_bytes!("../data/ubuntu-jammy/jammy-security_Release"),
            include_bytes!("../data/ubuntu-jammy/jammy-security_Packages"),
        ),
    ];
    /// A custom baseline in the AWS JSON shape (`get-patch-baseline` output).
    pub const BASELINE_JSON: &str = include_str!("../data/ubuntu-jammy/baseline.json");

    /// The node's installed packages and identity.
    ///
    /// # Errors
    /// When an embedded file does not parse (it always does).
    pub fn inventory() -> Result<Inventory, Error> {
        let mut inventory = dpkg::parse_status(DPKG_STATUS, &dpkg::StatusOptions::default())?;
        inventory.merge(os_release::parse(OS_RELEASE)?.into_inventory());
        Ok(inventory)
    }

    /// What the node's apt lists offer. Each list is trusted, as apt keeps a list only after
    /// verifying its Release file's signature.
    ///
    /// # Errors
    /// When an embedded file does not parse (it always does).
    pub fn catalog() -> Result<Catalog, Error> {
        let mut builder = AptCatalogBuilder::default();
        for (site, release, packages) in APT_LISTS {
            let origin = apt::parse_release(release)?.origin(site, "main", true);
            let id = builder.origin(origin);
            apt::add_packages(&mut builder, packages, id, Some("amd64"))?;
        }
        let mut catalog = Catalog::default();
        catalog.apt = builder.build();
        Ok(catalog)
    }

    /// The custom baseline `ubuntu-web-prod`.
    ///
    /// # Errors
    /// When the embedded JSON is not a baseline (it always is).
    pub fn baseline() -> Result<Baseline, Error> {
        match wire::read_json(BASELINE_JSON)? {
            Document::Baseline(baseline) => Ok(*baseline),
            _ => Err(patchcore::baseline::Error::from(
                patchcore::baseline::ErrorKind::NotABaseline {
                    found: "another document".to_owned(),
                },
            )
            .into()),
        }
    }

    /// The instant the examples evaluate at: 2026-01-05 12:00 UTC (a fixed clock keeps the
    /// output the same on every run).
    pub fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0)
            .single()
            .unwrap_or_default()
    }
}

/// The exit status of an example: success, or its error printed as one line on stderr.
pub fn exit_status<E: Display>(example: &str, result: Result<(), E>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{example}: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The summary line and the rows of `snapshot` as a plain-text table.
///
/// ```
/// use patchcore::{Context, Scanner};
/// use patchcore_examples::{sample, table};
///
/// let (inventory, catalog) = (sample::inventory()?, sample::catalog()?);
/// let scanner = Scanner::new(&sample::baseline()?)?;
/// let snapshot = scanner.assess(&inventory, &catalog, sample::now())?.snapshot()?;
/// let text = table(&snapshot);
/// assert!(text.starts_with("NON_COMPLIANT"));
/// assert!(text.contains("openssl.amd64"));
/// # Ok::<(), patchcore::Error>(())
/// ```
pub fn table(snapshot: &Snapshot) -> String {
    let summary = snapshot.summary(&SummaryOptions::default());
    let mut out = String::new();
    let severity = summary
        .non_compliant_severity
        .as_ref()
        .map(|level| format!(" ({})", level.as_str()))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{}{severity}: {} installed, {} installed other, {} rejected, {} pending reboot, \
         {} missing, {} failed, {} not applicable",
        summary.status.as_str(),
        summary.installed_count,
        summary.installed_other_count,
        summary.installed_rejected_count,
        summary.installed_pending_reboot_count,
        summary.missing_count,
        summary.failed_count,
        summary.not_applicable_count + summary.unreported_not_applicable_count,
    );
    let header = ["KBId", "State", "Level", "Title", "CVEIds"];
    let rows: Vec<[String; 5]> = snapshot.items.iter().map(row).collect();
    let mut widths = header.map(str::len);
    for cells in &rows {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut line = |cells: &[&str]| {
        let mut text = String::new();
        for (cell, width) in cells.iter().zip(widths) {
            let _ = write!(text, "{cell:<width$}  ");
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(&header);
    for cells in &rows {
        line(&cells.each_ref().map(String::as_str));
    }
    out
}

fn row(item: &PatchItem) -> [String; 5] {
    [
        item.id.clone(),
        item.state.to_string(),
        item.compliance_level.as_str().to_owned(),
        item.title.clone(),
        item.cve_ids.join(","),
    ]
}

/// The README's Rust example, compiled as a doctest so that it cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
