//! The laws of issue 4 ("Done when"), checked on generated baselines, catalogs and nodes:
//! rejected always wins; adding an approved-list entry never turns Installed into
//! `InstalledOther` (on catalogs where every notice version is offered, observed.md Y4); moving
//! `now` forward never un-approves a rule-approved patch; `ApproveUntilDate` decisions do not
//! depend on `now`; at each forecast boundary B the old answer holds, at B + 1 s the new one
//! (rows and the `NotApplicable` count).
//! Also: arbitrary inputs never panic, and evaluation is deterministic.

// Test support code: a panic here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use chrono::Duration;
use common::*;
use patchcore_baseline::{CompiledBaseline, OperatingSystem};
use patchcore_rules::facts::{Catalog, Inventory};
use patchcore_rules::{Evaluator, PatchState};
use proptest::prelude::*;

const X: &str = "x86_64";
const NAMES: [&str; 4] = ["bash", "curl", "glibc", "zlib"];
const SEVERITIES: [&str; 3] = ["Critical", "Important", "Low"];
const TYPES: [&str; 2] = ["security", "bugfix"];

/// (name index, release, notice: Option<(type, severity, day of June)>)
type Offer = (usize, u8, Option<(usize, usize, u32)>);

fn catalog(offers: &[Offer]) -> Catalog {
    let mut c = Rpm::new();
    for (i, (name, release, notice)) in offers.iter().enumerate() {
        let name = NAMES[*name % NAMES.len()];
        let evr = format!("1.0-{release}");
        c.offer(name, X, &evr);
        if let Some((kind, severity, day)) = notice {
            c.notice(
                &format!("ALAS2023-2024-{i}"),
                TYPES[*kind % 2],
                Some(SEVERITIES[*severity % 3]),
                &format!("2024-06-{:02}", 1 + day % 28),
                &[(name, X, &evr)],
                &[],
            );
        }
    }
    c.build()
}

fn node(installed: &[(usize, u8)]) -> Inventory {
    al2023_node(
        installed
            .iter()
            .map(|(n, r)| rpm(NAMES[*n % NAMES.len()], X, &format!("1.0-{r}")))
            .collect(),
    )
}

fn compiled(
    days: u32,
    until: Option<u32>,
    approved: &[String],
    rejected: &[String],
    block: bool,
    non_security: bool,
) -> CompiledBaseline {
    let date = match until {
        Some(day) => format!(r#""ApproveUntilDate":"2024-06-{:02}""#, 1 + day % 28),
        None => format!(r#""ApproveAfterDays":{days}"#),
    };
    let r1 = rule(
        &[
            ("CLASSIFICATION", &["Security"]),
            ("SEVERITY", &["Critical", "Important"]),
        ],
        &date,
        "CRITICAL",
        non_security,
    );
    let r2 = rule(&[("SEVERITY", &["Low"])], &date, "LOW", false);
    baseline(&format!(
        r#"{{"OperatingSystem":"AMAZON_LINUX_2023","ApprovalRules":{{"PatchRules":[{r1},{r2}]}},"ApprovedPatches":{},"RejectedPatches":{},"RejectedPatchesAction":"{}"}}"#,
        serde_json::to_string(approved).unwrap(),
        serde_json::to_string(rejected).unwrap(),
        if block {
            "BLOCK"
        } else {
            "ALLOW_AS_DEPENDENCY"
        },
    ))
}

fn states(
    b: &CompiledBaseline,
    c: &Catalog,
    n: &Inventory,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<(String, PatchState, String)> {
    let e = Evaluator::new(b, c).unwrap();
    let scan = e.scan(n, now).unwrap();
    scan.rows()
        .iter()
        .map(|r| (r.id().to_string(), r.state, r.title().to_string()))
        .collect()
}

fn offers() -> impl Strategy<Value = Vec<Offer>> {
    proptest::collection::vec(
        (
            0_usize..4,
            1_u8..6,
            proptest::option::of((0_usize..2, 0_usize..3, 0_u32..28)),
        ),
        0..12,
    )
}

fn installed() -> impl Strategy<Value = Vec<(usize, u8)>> {
    proptest::collection::vec((0_usize..4, 1_u8..6), 0..5)
}

fn entry() -> impl Strategy<Value = String> {
    (0_usize..4, proptest::option::of(1_u8..6)).prop_map(|(n, r)| match r {
        Some(r) => format!("{}-1.0-{r}", NAMES[n]),
        None => NAMES[n].to_owned(),
    })
}

proptest! {
    #[test]
    fn rejected_always_wins(offers in offers(), inst in installed(), rejected in entry(), days in 0_u32..30, block: bool, now_day in 0_i64..60) {
        let c = catalog(&offers);
        let n = node(&inst);
        let b = compiled(days, None, std::slice::from_ref(&rejected), std::slice::from_ref(&rejected), block, true);
        let e = Evaluator::new(&b, &c).unwrap();
        let scan = e.scan(&n, ymd(2024, 6, 1) + Duration::days(now_day)).unwrap();
        let list = b.rejected();
        for row in scan.rows() {
            // A rejected version is never the reported target, and an Installed row's version is never rejected.
            if let Some(target) = row.target_version {
                let text = target.to_string();
                let (version, release) = text.split_once('-').unwrap();
                let package = patchcore_baseline::lists::PackageRef { name: row.name, arch: row.arch, epoch: "", version, release };
                prop_assert!(!list.matches_package(&package), "{} targets a rejected version", row.id());
            }
            if row.state == PatchState::Installed {
                let text = row.installed_version.unwrap().to_string();
                let (version, release) = text.split_once('-').unwrap();
                let package = patchcore_baseline::lists::PackageRef { name: row.name, arch: row.arch, epoch: "", version, release };
                prop_assert!(!list.matches_package(&package));
            }
        }
    }

    #[test]
    fn adding_an_approved_entry_never_turns_installed_into_installed_other(offers in offers(), inst in installed(), extra in entry(), days in 0_u32..30, now_day in 0_i64..60) {
        let c = catalog(&offers);
        let n = node(&inst);
        let now = ymd(2024, 6, 1) + Duration::days(now_day);
        let before = states(&compiled(days, None, &[], &[], false, false), &c, &n, now);
        let after = states(&compiled(days, None, &[extra], &[], false, false), &c, &n, now);
        for ((id, s0, _), (id1, s1, _)) in before.iter().zip(&after) {
            prop_assert_eq!(id, id1);
            if *s0 == PatchState::Installed {
                prop_assert_ne!(*s1, PatchState::InstalledOther, "{}", id);
            }
        }
    }

    #[test]
    fn moving_now_forward_never_unapproves(offers in offers(), inst in installed(), days in 0_u32..30, a in 0_i64..60, step in 0_i64..60) {
        let c = catalog(&offers);
        let n = node(&inst);
        let b = compiled(days, None, &[], &[], false, false);
        let early = states(&b, &c, &n, ymd(2024, 6, 1) + Duration::days(a));
        let late = states(&b, &c, &n, ymd(2024, 6, 1) + Duration::days(a + step));
        for ((id, s0, _), (_, s1, _)) in early.iter().zip(&late) {
            // Approved at the earlier instant (Installed or Missing) stays approved later.
            if matches!(s0, PatchState::Installed | PatchState::Missing) {
                prop_assert!(matches!(s1, PatchState::Installed | PatchState::Missing), "{id}: {s0} then {s1}");
            }
        }
    }

    #[test]
    fn approve_until_date_does_not_depend_on_now(offers in offers(), inst in installed(), until in 0_u32..28, a in -400_i64..400, b_day in -400_i64..400) {
        let c = catalog(&offers);
        let n = node(&inst);
        let b = compiled(0, Some(until), &[], &[], false, true);
        prop_assert_eq!(states(&b, &c, &n, ymd(2024, 6, 1) + Duration::days(a)), states(&b, &c, &n, ymd(2024, 6, 1) + Duration::days(b_day)));
    }

    #[test]
    fn forecast_boundaries_hold_the_old_answer_at_b_and_the_new_one_after(offers in offers(), inst in installed(), days in 0_u32..30, now_day in 0_i64..30) {
        let c = catalog(&offers);
        let n = node(&inst);
        let b = compiled(days, None, &[], &[], false, false);
        let e = Evaluator::new(&b, &c).unwrap();
        let now = ymd(2024, 6, 1) + Duration::days(now_day);
        let forecast = e.forecast(&n, now, Duration::days(90)).unwrap();
        for change in &forecast.changes {
            let at_b = states(&b, &c, &n, change.after);
            let after = states(&b, &c, &n, change.after + Duration::seconds(1));
            let find = |rows: &[(String, PatchState, String)]| rows.iter().find(|r| r.0 == change.id).map(|r| r.1);
            prop_assert_eq!(find(&at_b), change.from);
            prop_assert_eq!(find(&after), change.to);
        }
        // The same law for the NotApplicable count, and no count change goes unreported.
        let count = |t| e.scan(&n, t).unwrap().count(PatchState::NotApplicable);
        let mut expected = count(now);
        for change in &forecast.not_applicable_changes {
            prop_assert_eq!(count(change.after), change.from);
            prop_assert_eq!(change.from, expected);
            prop_assert_eq!(count(change.after + Duration::seconds(1)), change.to);
            expected = change.to;
        }
        prop_assert_eq!(count(forecast.until + Duration::seconds(1)), expected);
    }

    #[test]
    fn evaluation_is_deterministic(offers in offers(), inst in installed(), days in 0_u32..30) {
        let c = catalog(&offers);
        let n = node(&inst);
        let b = compiled(days, None, &[], &[], true, true);
        prop_assert_eq!(states(&b, &c, &n, ymd(2024, 6, 20)), states(&b, &c, &n, ymd(2024, 6, 20)));
    }

    #[test]
    fn arbitrary_names_versions_and_dates_never_panic(name in "\\PC{0,40}", version in "\\PC{1,40}", date in "\\PC{0,30}", severity in "\\PC{0,10}") {
        let mut c = Rpm::new();
        if let Ok(evr) = version.parse::<patchcore_version::rpm::EvrBuf>() {
            c.builder.offer(patchcore_rules::facts::OfferedPackage::new(name.as_str(), X, evr.clone(), c.repo));
            let mut notice = patchcore_rules::facts::UpdateNotice::new(name.as_str(), severity.as_str());
            notice.updated = Some(date);
            notice.severity = Some(severity);
            notice.packages.push(patchcore_rules::facts::NoticePackage::new(name.as_str(), X, evr));
            c.builder.notice(notice);
        }
        let c = c.build();
        let json = format!(
            r#"{{"OperatingSystem":"AMAZON_LINUX_2023","ApprovedPatches":{},"RejectedPatches":{}}}"#,
            serde_json::to_string(&[format!("a{name}")]).unwrap(),
            serde_json::to_string(&[format!("{name}*")]).unwrap()
        );
        let parsed: patchcore_baseline::Baseline = serde_json::from_str(&json).unwrap();
        let Ok(b) = parsed.compile() else { return Ok(()) };
        let e = Evaluator::new(&b, &c).unwrap();
        let mut inv = Inventory::new(OperatingSystem::AmazonLinux2023, name.as_str());
        if let Ok(v) = patchcore_rules::facts::PackageVersion::rpm(&version) {
            inv.extend_packages([patchcore_rules::facts::InstalledPackage::new(name.as_str(), X, v)]);
        }
        let scan = e.scan(&inv, ymd(2024, 6, 1)).unwrap();
        for row in scan.rows() {
            let _ = e.explain(&inv, &row.id().to_string(), ymd(2024, 6, 1)).unwrap().to_string();
        }
        let _ = e.forecast(&inv, ymd(2024, 6, 1), Duration::days(30)).unwrap();
    }
}
