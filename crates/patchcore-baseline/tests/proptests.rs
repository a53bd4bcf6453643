//! Laws: generated baselines round-trip through the canonical JSON; no input makes a reader,
//! the validator or the list matcher panic.

// Helpers unwrap and index like the tests do: the whole file is test code.
#![cfg(test)]

use patchcore_baseline::lists::{IdKind, ListMatcher, ListRole, PackageRef, classify};
use patchcore_baseline::validate::DocumentKind;
use patchcore_baseline::wire::{Document, Format, read, to_canonical_json};
use patchcore_baseline::{
    Baseline, ComplianceLevel, OperatingSystem, PackageFamily, PatchAction, PatchComplianceStatus,
    PatchFilter, PatchFilterGroup, PatchFilterKey, PatchRule, PatchRuleGroup, PatchSource,
    SourceConfiguration, Tag, Timestamp,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    "\\PC{0,12}"
}

fn unknown() -> impl Strategy<Value = String> {
    "X_[A-Z]{1,8}"
}

fn os() -> impl Strategy<Value = OperatingSystem> {
    prop_oneof![
        (0..OperatingSystem::KNOWN.len()).prop_map(|i| OperatingSystem::KNOWN[i].clone()),
        unknown().prop_map(OperatingSystem::Unknown),
    ]
}

fn key() -> impl Strategy<Value = PatchFilterKey> {
    prop_oneof![
        (0..PatchFilterKey::KNOWN.len()).prop_map(|i| PatchFilterKey::KNOWN[i].clone()),
        unknown().prop_map(PatchFilterKey::Unknown),
    ]
}

fn level() -> impl Strategy<Value = ComplianceLevel> {
    prop_oneof![
        (0..ComplianceLevel::KNOWN.len()).prop_map(|i| ComplianceLevel::KNOWN[i].clone()),
        unknown().prop_map(ComplianceLevel::Unknown),
    ]
}

fn group() -> impl Strategy<Value = PatchFilterGroup> {
    option::of(vec(
        (option::of(key()), option::of(vec(text(), 0..3))).prop_map(|(key, values)| {
            let mut filter = PatchFilter::new(PatchFilterKey::Product, &[]);
            filter.key = key;
            filter.values = values;
            filter
        }),
        0..5,
    ))
    .prop_map(|filters| {
        let mut group = PatchFilterGroup::default();
        group.patch_filters = filters;
        group
    })
}

fn rule() -> impl Strategy<Value = PatchRule> {
    (
        option::of(group()),
        option::of(level()),
        option::of(-5i64..400),
        option::of(text()),
        option::of(any::<bool>()),
    )
        .prop_map(|(group, level, days, date, non_security)| {
            let mut rule = PatchRule::default();
            rule.patch_filter_group = group;
            rule.compliance_level = level;
            rule.approve_after_days = days;
            rule.approve_until_date = date;
            rule.enable_non_security = non_security;
            rule
        })
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (-4_000_000_000_000_000i64..4_000_000_000_000_000).prop_map(Timestamp::from_micros)
}

fn source() -> impl Strategy<Value = PatchSource> {
    (
        option::of(text()),
        option::of(vec(text(), 0..3)),
        option::of(text()),
    )
        .prop_map(|(name, products, config)| {
            let mut source = PatchSource::default();
            source.name = name;
            source.products = products;
            source.configuration = config.map(SourceConfiguration::new);
            source
        })
}

prop_compose! {
    fn baseline()(
        ids in (option::of(text()), option::of(text()), option::of(os()), option::of(text())),
        filters in (option::of(group()), option::of(option::of(vec(rule(), 0..3)))),
        lists in (option::of(vec(text(), 0..4)), option::of(vec(text(), 0..4)), option::of(vec(text(), 0..3))),
        flags in (option::of(level()), option::of(any::<bool>()), option::of(prop_oneof![Just(PatchAction::Block), Just(PatchAction::AllowAsDependency), unknown().prop_map(PatchAction::Unknown)])),
        more in (option::of(timestamp()), option::of(timestamp()), option::of(vec(source(), 0..2)), option::of(prop_oneof![Just(PatchComplianceStatus::Compliant), unknown().prop_map(PatchComplianceStatus::Unknown)])),
        tail in (option::of(vec((text(), text()).prop_map(|(key, value)| { let mut t = Tag::default(); t.key = key; t.value = value; t }), 0..2)), option::of(any::<bool>())),
    ) -> Baseline {
        let mut b = Baseline::new();
        (b.baseline_id, b.name, b.operating_system, b.description) = ids;
        b.global_filters = filters.0;
        b.approval_rules = filters.1.map(|rules| { let mut g = PatchRuleGroup::default(); g.patch_rules = rules; g });
        (b.approved_patches, b.rejected_patches, b.patch_groups) = lists;
        (b.approved_patches_compliance_level, b.approved_patches_enable_non_security, b.rejected_patches_action) = flags;
        (b.created_date, b.modified_date, b.sources, b.available_security_updates_compliance_status) = more;
        (b.tags, b.replace) = tail;
        b
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        prop_oneof![
            text(),
            Just("*".to_owned()),
            Just("WINDOWS".to_owned()),
            Just("2023-02-01".to_owned())
        ]
        .prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let member = prop_oneof![
            Just("Name".to_owned()),
            Just("OperatingSystem".to_owned()),
            Just("ApprovalRules".to_owned()),
            Just("PatchRules".to_owned()),
            Just("PatchFilterGroup".to_owned()),
            Just("PatchFilters".to_owned()),
            Just("Key".to_owned()),
            Just("Values".to_owned()),
            Just("ApprovedPatches".to_owned()),
            Just("CreatedDate".to_owned()),
            Just("Resources".to_owned()),
            Just("Type".to_owned()),
            Just("Properties".to_owned()),
            Just("Ref".to_owned()),
            Just("Fn::Join".to_owned()),
            text(),
        ];
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            vec((member, inner), 0..5)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn generated_baselines_round_trip_through_canonical_json(b in baseline()) {
        let json = to_canonical_json(&b);
        match read(&json, Format::Json) {
            Ok(Document::Baseline(again)) => {
                prop_assert_eq!(&*again, &b);
                prop_assert_eq!(to_canonical_json(&again), json);
            }
            // A baseline with only identity members is not read as a baseline: that is the rule.
            Ok(other) => prop_assert!(false, "read as {other:?}"),
            Err(e) => prop_assert!(matches!(e.kind(), patchcore_baseline::ErrorKind::NotABaseline { .. }), "{e}"),
        }
        let _ = b.validate(DocumentKind::detect(&b));
        let _ = b.compile();
    }

    #[test]
    fn arbitrary_json_values_never_panic_the_readers(value in json_value()) {
        let text = value.to_string();
        if let Ok(Document::Baseline(b)) = read(&text, Format::Json) {
            let _ = b.validate(DocumentKind::CreateInput);
            let _ = b.compile();
        }
        if let Ok(Document::CloudFormation(t)) = read(&text, Format::Yaml) {
            for r in &t.resources {
                let _ = r.validate(&patchcore_baseline::validate::ValidateOptions::new(DocumentKind::CloudFormation));
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_readers(text in "\\PC{0,200}") {
        let _ = read(&text, Format::Json);
        let _ = read(&text, Format::Yaml);
    }

    #[test]
    fn arbitrary_entries_and_packages_never_panic_the_matcher(
        entries in vec("[a-z0-9*?\\[\\]!.:_-]{0,12}", 0..6),
        parts in ("[a-zA-Z0-9.+~_-]{0,10}", "[a-z0-9_]{0,6}", "[0-9]{0,2}", "[a-zA-Z0-9.+~:-]{0,10}", "[a-zA-Z0-9._]{0,10}"),
        family in 0usize..5,
    ) {
        let family = [PackageFamily::YumDnf, PackageFamily::Zypper, PackageFamily::Apt, PackageFamily::MacOs, PackageFamily::Windows][family];
        for entry in &entries {
            let _ = classify(entry, Some(family));
        }
        let list = ListMatcher::new(&entries, Some(family), ListRole::Approved);
        let package = PackageRef { name: &parts.0, arch: &parts.1, epoch: &parts.2, version: &parts.3, release: &parts.4 };
        let _ = list.matches_package(&package);
        let _ = list.matches_id(IdKind::Advisory, &parts.0);
        let _ = list.matches_id(IdKind::Kb, &parts.3);
    }

    #[test]
    fn an_exact_entry_built_from_the_name_always_matches_its_package(
        name in "[a-z][a-z0-9-]{0,8}", version in "[0-9][0-9.]{0,6}", release in "[0-9][a-z0-9.]{0,6}",
    ) {
        let package = PackageRef { name: &name, arch: "x86_64", epoch: "", version: &version, release: &release };
        for entry in [name.clone(), format!("{name}.x86_64"), format!("{name}-{version}-{release}"), format!("{}*", name.to_uppercase())] {
            let list = ListMatcher::new(&[entry.as_str()], Some(PackageFamily::YumDnf), ListRole::Rejected);
            prop_assert!(list.matches_package(&package), "{entry}");
        }
    }
}

/// Reference glob (fnmatch semantics for `*` and `?` only), recursive and obviously right.
fn reference_glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| reference_glob(rest, &text[skip..])),
        Some((b'?', rest)) => !text.is_empty() && reference_glob(rest, &text[1..]),
        Some((c, rest)) => text.first() == Some(c) && reference_glob(rest, &text[1..]),
    }
}

/// observed.md L1–L3 by the letter: build every generated string, lower-case, compare.
fn reference_match(entry: &str, p: &PackageRef<'_>, family: PackageFamily) -> bool {
    let entry = entry.to_ascii_lowercase();
    p.generated_strings(Some(family))
        .iter()
        .any(|f| reference_glob(entry.as_bytes(), f.to_ascii_lowercase().as_bytes()))
}

proptest! {
    #[test]
    fn the_compiled_matcher_agrees_with_building_every_string(
        entries in vec("[a-cA-C0-9.:*?-]{1,8}", 1..6),
        name in "[a-cA-C][a-c0-9-]{0,4}", arch in "(x86_64|noarch|a)", epoch in "(|0|1)",
        version in "[0-9]?[0-9.a-c]{0,4}", release in "[0-9a-c.]{0,4}", family in 0usize..3,
    ) {
        let family = [PackageFamily::YumDnf, PackageFamily::Zypper, PackageFamily::Apt][family];
        let package = PackageRef { name: &name, arch: &arch, epoch: &epoch, version: &version, release: &release };
        let packages_only: Vec<&String> = entries
            .iter()
            .filter(|e| classify(e, Some(family)) == patchcore_baseline::lists::EntryKind::PackagePattern)
            .collect();
        let list = ListMatcher::new(&packages_only, Some(family), ListRole::Rejected);
        let expected = packages_only.iter().any(|e| reference_match(e, &package, family));
        prop_assert_eq!(list.matches_package(&package), expected, "{:?} on {:?}", packages_only, family);
    }
}

proptest! {
    /// `never_matches` is sound: no string generated from a real package version is flagged.
    #[test]
    fn no_generated_string_is_called_never_matching(
        name in "[a-zA-Z][a-zA-Z0-9_+.-]{0,8}", arch in "(x86_64|noarch|aarch64|i686)", epoch in "(|0|1|32)",
        version in "[0-9][0-9a-z.+~_]{0,6}", release in "[0-9a-z][0-9a-z._+]{0,6}",
    ) {
        let package = PackageRef { name: &name, arch: &arch, epoch: &epoch, version: &version, release: &release };
        for family in [PackageFamily::YumDnf, PackageFamily::Zypper] {
            for form in package.generated_strings(Some(family)) {
                if family == PackageFamily::YumDnf && form.ends_with(".rpm") {
                    continue;
                }
                prop_assert_eq!(patchcore_baseline::lists::never_matches(&form, Some(family)), None, "{}", form);
            }
        }
    }
}
