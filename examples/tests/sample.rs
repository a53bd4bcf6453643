//! What the examples print rests on these facts of the sample node (examples/data/ubuntu-jammy):
//! if the data or the evaluation changes, these fail before the examples' prose goes stale.

// Helpers unwrap like the tests do: the whole file is test code.
#![cfg(test)]

use patchcore::{Assessment, ComplianceStatus, PatchState, Scanner, SummaryOptions};
use patchcore_examples::{sample, table};

/// `check` applied to the sample node assessed against the sample baseline at the examples'
/// instant.
fn with_sample<T>(check: impl FnOnce(&Assessment<'_>) -> T) -> T {
    let (inventory, catalog) = (sample::inventory().unwrap(), sample::catalog().unwrap());
    let scanner = Scanner::new(&sample::baseline().unwrap()).unwrap();
    check(&scanner.assess(&inventory, &catalog, sample::now()).unwrap())
}

#[test]
fn the_sample_node_misses_the_four_security_updates_of_curl_and_openssl() {
    let snapshot = with_sample(|assessment| assessment.snapshot().unwrap());
    let missing: Vec<&str> = snapshot
        .items
        .iter()
        .filter(|item| item.state == PatchState::Missing)
        .map(|item| item.title.as_str())
        .collect();
    assert_eq!(
        missing,
        [
            "curl.amd64:7.81.0-1ubuntu1.20",
            "libcurl4.amd64:7.81.0-1ubuntu1.20",
            "libssl3.amd64:3.0.2-0ubuntu1.18",
            "openssl.amd64:3.0.2-0ubuntu1.18",
        ]
    );
    let summary = snapshot.summary(&SummaryOptions::default());
    assert_eq!(summary.status, ComplianceStatus::NonCompliant);
    // nginx is offered, approved and not installed: counted, never listed.
    assert_eq!(summary.not_applicable_count, 1);
    // tzdata's newer version is in jammy-updates only (not security): not approved.
    assert_eq!(
        snapshot.item("tzdata.amd64").unwrap().state,
        PatchState::InstalledOther
    );
    // vim-tiny is rejected with ALLOW_AS_DEPENDENCY: its installed version stays InstalledOther.
    assert_eq!(
        snapshot.item("vim-tiny.amd64").unwrap().state,
        PatchState::InstalledOther
    );
    assert!(
        table(&snapshot).starts_with("NON_COMPLIANT (CRITICAL): 0 installed, 3 installed other")
    );
}

#[test]
fn apt_has_no_release_dates_so_the_forecast_is_empty() {
    let forecast = with_sample(|assessment| assessment.forecast(7).unwrap());
    assert!(forecast.changes.is_empty());
    assert!(!forecast.compliant_now);
}

#[test]
fn the_security_pocket_is_recognised_by_its_suite() {
    let catalog = sample::catalog().unwrap();
    let openssl = catalog.apt.newest("openssl", "amd64").unwrap();
    assert!(catalog.apt.is_security(openssl));
    let tzdata = catalog.apt.newest("tzdata", "amd64").unwrap();
    assert!(!catalog.apt.is_security(tzdata));
}
