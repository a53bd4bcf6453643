//! The facade composes the lower crates and adds nothing of its own: a snapshot through
//! `Scanner` equals the one made by hand with `patchcore_rules` and `patchcore_compliance`, and
//! the context a snapshot records is the documented default.

// Helpers unwrap like the tests do: the whole file is test code.
#![cfg(test)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use patchcore::baseline::catalog;
use patchcore::compliance::{Operation, baseline_hash};
use patchcore::rules::Evaluator;
use patchcore::rules::facts::{
    AptCatalogBuilder, AptOrigin, AptVersion, InstalledPackage, PackageVersion,
};
use patchcore::{
    Baseline, Catalog, Context, Error, Inventory, OperatingSystem, PatchState, Scanner, Snapshot,
};

/// A Debian 12 node with an openssl security update available, assessed at a fixed instant
/// against the AWS-managed baseline `baseline`.
struct Setup {
    inventory: Inventory,
    catalog: Catalog,
    baseline: Baseline,
    scanner: Scanner,
    now: DateTime<Utc>,
}

fn debian_node(baseline: &str) -> Setup {
    let mut inventory = Inventory::new(OperatingSystem::Debian, "Debian12");
    inventory.extend_packages([
        InstalledPackage::new(
            "openssl",
            "amd64",
            PackageVersion::deb("3.0.15-1~deb12u1").unwrap(),
        ),
        InstalledPackage::new("bash", "amd64", PackageVersion::deb("5.2.15-2+b7").unwrap()),
    ]);
    let mut apt = AptCatalogBuilder::default();
    let mut origin = AptOrigin::default();
    origin.archive = "stable-security".into();
    origin.codename = "bookworm-security".into();
    origin.trusted = true;
    let security = apt.origin(origin);
    let mut newer = AptVersion::new("openssl", "amd64", "3.0.17-1~deb12u2".parse().unwrap());
    newer.priority = Some("optional".into());
    newer.origins.push(security);
    apt.push(newer);
    let mut catalog = Catalog::default();
    catalog.apt = apt.build();
    let baseline = catalog::by_name(baseline).unwrap();
    Setup {
        inventory,
        catalog,
        scanner: Scanner::new(&baseline).unwrap(),
        baseline,
        now: Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap(),
    }
}

impl Setup {
    fn snapshot(&self, context: Option<Context>) -> Result<Snapshot, Error> {
        let assessment = self
            .scanner
            .assess(&self.inventory, &self.catalog, self.now)?;
        match context {
            Some(context) => assessment.with_context(context).snapshot(),
            None => assessment.snapshot(),
        }
    }
}

#[test]
fn snapshot_equals_the_one_composed_by_hand() {
    let s = debian_node("AWS-DebianDefaultPatchBaseline");
    let ours = s.snapshot(None).unwrap();

    let compiled = s.baseline.compile().unwrap();
    let evaluator = Evaluator::new(&compiled, &s.catalog).unwrap();
    let scan = evaluator.scan(&s.inventory, s.now).unwrap();
    let mut context = Context::new("", s.baseline.baseline_id.clone().unwrap());
    context.baseline_hash = baseline_hash(&s.baseline);
    let by_hand = Snapshot::from_scan(&scan, &s.inventory, context);

    assert_eq!(ours, by_hand);
    assert_eq!(
        ours.item("openssl.amd64").unwrap().state,
        PatchState::Missing
    );
}

#[test]
fn explain_and_forecast_are_the_evaluators() {
    let s = debian_node("AWS-DebianDefaultPatchBaseline");
    let assessment = s.scanner.assess(&s.inventory, &s.catalog, s.now).unwrap();
    let evaluator = assessment.evaluator();
    assert_eq!(
        assessment.explain("openssl.amd64").unwrap(),
        evaluator
            .explain(&s.inventory, "openssl.amd64", s.now)
            .unwrap()
    );
    assert_eq!(
        assessment.forecast(30).unwrap(),
        evaluator
            .forecast(&s.inventory, s.now, Duration::days(30))
            .unwrap()
    );
    assert_eq!(
        assessment.forecast(30).unwrap().until,
        s.now + Duration::days(30)
    );
}

#[test]
fn baseline_id_is_the_id_else_the_name_else_empty() {
    let predefined = catalog::by_name("AWS-UbuntuDefaultPatchBaseline").unwrap();
    assert_eq!(
        Scanner::new(&predefined).unwrap().baseline_id(),
        predefined.baseline_id.as_deref().unwrap()
    );
    let mut named = predefined;
    named.baseline_id = None;
    named.name = Some("ubuntu-prod".into());
    assert_eq!(Scanner::new(&named).unwrap().baseline_id(), "ubuntu-prod");
    named.name = None;
    assert_eq!(Scanner::new(&named).unwrap().baseline_id(), "");
}

#[test]
fn with_context_keeps_given_values_and_fills_the_baseline_when_empty() {
    let s = debian_node("AWS-DebianDefaultPatchBaseline");
    let mut context = Context::new("i-0123456789abcdef0", "");
    context.operation = Operation::Install;
    let filled = s.snapshot(Some(context)).unwrap();
    assert_eq!(filled.node_id, "i-0123456789abcdef0");
    assert_eq!(filled.operation, Operation::Install);
    assert_eq!(filled.baseline_id, s.scanner.baseline_id());
    assert_eq!(filled.baseline_hash, s.scanner.baseline_hash());

    let mut given = Context::new("i-0123456789abcdef0", "pb-0123456789abcdef0");
    given.baseline_hash = "replayed".into();
    let kept = s.snapshot(Some(given)).unwrap();
    assert_eq!(kept.baseline_id, "pb-0123456789abcdef0");
    assert_eq!(kept.baseline_hash, "replayed");
}

#[test]
fn a_node_of_another_os_is_an_error_naming_both() {
    let s = debian_node("AWS-UbuntuDefaultPatchBaseline");
    let err = s.snapshot(None).unwrap_err();
    assert!(matches!(err, Error::Rules(_)), "{err:?}");
    let message = err.to_string().to_lowercase();
    assert!(!message.contains('\n'), "{message}");
    assert!(
        message.contains("debian") && message.contains("ubuntu"),
        "{message}"
    );
}

#[test]
fn an_invalid_baseline_is_refused_with_its_report() {
    let mut broken = catalog::by_name("AWS-UbuntuDefaultPatchBaseline").unwrap();
    broken
        .approval_rules
        .as_mut()
        .unwrap()
        .patch_rules
        .as_mut()
        .unwrap()[0]
        .approve_after_days = Some(400);
    let err = Scanner::new(&broken).unwrap_err();
    let Error::Baseline(inner) = &err else {
        panic!("{err:?}")
    };
    assert!(inner.report().is_some_and(|r| r.has_errors()), "{err}");
}
