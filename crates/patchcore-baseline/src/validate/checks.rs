//! The checks of baseline spec section 10 on everything but the approved/rejected lists.

use std::collections::BTreeSet;

use super::vocab::{is_title_case, keys_for, uses_yum_title_case, values_for};
use super::{Code, Collector, DocumentKind};
use crate::enums::PatchFilterKey;
use crate::error::quote;
use crate::model::{Baseline, PatchFilterGroup, PatchRule, PatchSource, Tag};
use crate::os::{OperatingSystem, PackageFamily};

fn len(text: &str) -> usize {
    text.chars().count()
}

/// `^[a-zA-Z0-9_\-.]{min,max}$` and friends: every character allowed and the length in range.
fn matches_charset(text: &str, min: usize, max: usize, extra: &[u8]) -> bool {
    (min..=max).contains(&len(text))
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
}

/// The AWS tag/patch-group pattern `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`: letters, separators,
/// numbers and `_.:/=+-@` (Rust's `is_alphabetic` stands in for `\p{L}`).
fn is_tag_text(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_alphabetic()
            || c.is_numeric()
            || "_.:/=+-@".contains(c)
            || matches!(
                c,
                ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
                    ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
            )
    })
}

pub(super) fn check_baseline(b: &Baseline, c: &mut Collector<'_>) {
    let kind = c.kind();
    let os = b.operating_system();
    check_identity(b, c);
    match &b.operating_system {
        Some(given) if kind == DocumentKind::UpdateInput => c.add(
            Code::OperatingSystemImmutable,
            ".OperatingSystem",
            format!("{} cannot be given in update input: the operating system of a baseline is fixed at creation", quote(given.as_str())),
        ),
        Some(OperatingSystem::Unknown(text)) => c.add(
            Code::OperatingSystemUnknown,
            ".OperatingSystem",
            format!("{} is not an operating system; allowed: {}", quote(text), known_list(OperatingSystem::KNOWN.iter().map(OperatingSystem::as_str))),
        ),
        _ => {}
    }
    if let Some(description) = &b.description {
        if kind == DocumentKind::BaselineOverride {
            c.add(
                Code::MemberIgnored,
                ".Description",
                "a BaselineOverride entry has no Description; it is ignored".to_owned(),
            );
        }
        if !(1..=1024).contains(&len(description)) {
            c.add(
                Code::DescriptionLength,
                ".Description",
                format!("{} characters; allowed: 1–1024", len(description)),
            );
        }
    }
    if let Some(group) = &b.global_filters {
        check_filter_group(group, ".GlobalFilters", &os, c);
    }
    if let Some(rules) = &b.approval_rules {
        match &rules.patch_rules {
            None => c.add(
                Code::RulesMissing,
                ".ApprovalRules.PatchRules",
                "missing; ApprovalRules must hold PatchRules (0–10 rules)".to_owned(),
            ),
            Some(list) => {
                if list.len() > 10 {
                    c.add(
                        Code::TooManyRules,
                        ".ApprovalRules.PatchRules",
                        format!("{} rules; allowed: at most 10", list.len()),
                    );
                }
                for (i, rule) in list.iter().enumerate() {
                    check_rule(rule, &format!(".ApprovalRules.PatchRules[{i}]"), &os, c);
                }
            }
        }
    }
    if b.rules().is_empty() && b.approved().is_empty() && kind != DocumentKind::UpdateInput {
        c.add(
            Code::ApprovesNothing,
            "",
            "neither approval rules nor approved patches: the baseline approves nothing".to_owned(),
        );
    }
    check_enums_and_flags(b, &os, c);
    if let Some(sources) = &b.sources {
        check_sources(sources, &os, c);
    }
    if let Some(token) = &b.client_token {
        if !(1..=64).contains(&len(token)) {
            c.add(
                Code::ClientTokenLength,
                ".ClientToken",
                format!("{} characters; allowed: 1–64", len(token)),
            );
        }
    }
    if let Some(tags) = &b.tags {
        check_tags(tags, c);
    }
    for (i, group) in b.patch_groups.iter().flatten().enumerate() {
        if !(1..=256).contains(&len(group)) || !is_tag_text(group) {
            c.add(
                Code::PatchGroupInvalid,
                &format!(".PatchGroups[{i}]"),
                format!(
                    "{} is not a patch group: 1–256 letters, numbers, spaces or _.:/=+-@",
                    quote(group)
                ),
            );
        }
    }
}

fn known_list<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values.collect::<Vec<_>>().join(", ")
}

fn check_identity(b: &Baseline, c: &mut Collector<'_>) {
    let kind = c.kind();
    match &b.name {
        Some(_) if kind == DocumentKind::BaselineOverride => {
            c.add(
                Code::MemberIgnored,
                ".Name",
                "a BaselineOverride entry has no Name; it is ignored".to_owned(),
            );
        }
        Some(name) if !matches_charset(name, 3, 128, b"_-.") => c.add(
            Code::NameInvalid,
            ".Name",
            format!(
                "{} is not a baseline name: 3–128 characters of A–Z, a–z, 0–9, _, - and .",
                quote(name)
            ),
        ),
        Some(_) => {}
        None => {
            let required = match kind {
                DocumentKind::UpdateInput => b.replace == Some(true),
                DocumentKind::BaselineOverride => false,
                _ => true,
            };
            if required {
                c.add(
                    Code::NameRequired,
                    ".Name",
                    format!("missing; a {} requires a Name", kind.as_str()),
                );
            }
        }
    }
    match &b.baseline_id {
        Some(_) if kind == DocumentKind::BaselineOverride => {
            c.add(Code::MemberIgnored, ".BaselineId", "a BaselineOverride entry has no BaselineId; it is ignored".to_owned());
        }
        Some(id) if !matches_charset(id, 20, 128, b"_-:/") => c.add(
            Code::BaselineIdInvalid,
            ".BaselineId",
            format!("{} is not a baseline id: 20–128 characters of A–Z, a–z, 0–9, _, -, : and / (pb-<17 hex> or an ARN)", quote(id)),
        ),
        Some(_) => {}
        None if kind == DocumentKind::UpdateInput => {
            c.add(Code::BaselineIdRequired, ".BaselineId", "missing; update input requires the BaselineId".to_owned());
        }
        None => {}
    }
}

fn check_filter_group(
    group: &PatchFilterGroup,
    path: &str,
    os: &OperatingSystem,
    c: &mut Collector<'_>,
) {
    let Some(filters) = &group.patch_filters else {
        c.add(
            Code::FiltersMissing,
            &format!("{path}.PatchFilters"),
            "missing; a filter group must hold PatchFilters (0–4 filters)".to_owned(),
        );
        return;
    };
    if filters.len() > 4 {
        c.add(
            Code::TooManyFilters,
            &format!("{path}.PatchFilters"),
            format!("{} filters; allowed: at most 4", filters.len()),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, filter) in filters.iter().enumerate() {
        let at = format!("{path}.PatchFilters[{i}]");
        match &filter.key {
            None => c.add(
                Code::FilterKeyInvalid,
                &format!("{at}.Key"),
                "missing; every filter needs a Key".to_owned(),
            ),
            Some(PatchFilterKey::Unknown(text)) => c.add(
                Code::FilterKeyInvalid,
                &format!("{at}.Key"),
                format!(
                    "{} is not a filter key; allowed: {}",
                    quote(text),
                    known_list(PatchFilterKey::KNOWN.iter().map(PatchFilterKey::as_str))
                ),
            ),
            Some(key) => {
                if !seen.insert(key.as_str()) {
                    c.add(Code::DuplicateKey, &format!("{at}.Key"), format!("{key} appears twice in this filter group; the meaning of two filters on one key is undocumented"));
                }
                if os.is_known() && !keys_for(os).contains(key) {
                    c.add(
                        Code::KeyNotForOs,
                        &format!("{at}.Key"),
                        format!("{key} is not documented for {os} baselines (documented: {}); Patch Manager does not evaluate it", known_list(keys_for(os).iter().map(PatchFilterKey::as_str))),
                    );
                }
            }
        }
        check_filter_values(filter.values.as_deref(), filter.key.as_ref(), &at, os, c);
    }
}

fn check_filter_values(
    values: Option<&[String]>,
    key: Option<&PatchFilterKey>,
    at: &str,
    os: &OperatingSystem,
    c: &mut Collector<'_>,
) {
    let values = values.unwrap_or_default();
    if !(1..=20).contains(&values.len()) {
        c.add(
            Code::FilterValuesCount,
            &format!("{at}.Values"),
            format!("{} values; allowed: 1–20", values.len()),
        );
    }
    let vocabulary = key.and_then(|key| values_for(os, key));
    let title_case = key
        .is_some_and(|k| matches!(k, PatchFilterKey::Classification | PatchFilterKey::Severity))
        && uses_yum_title_case(os);
    for (j, value) in values.iter().enumerate() {
        let vpath = format!("{at}.Values[{j}]");
        if !(1..=64).contains(&len(value)) {
            c.add(
                Code::FilterValueLength,
                &vpath,
                format!(
                    "{} has {} characters; allowed: 1–64",
                    quote(value),
                    len(value)
                ),
            );
        }
        if value == "*" {
            continue;
        }
        if value.contains('*') {
            c.add(Code::FilterValuePartialWildcard, &vpath, format!("{}: only a lone * is a wildcard in filter values; here * is a literal character", quote(value)));
        }
        if let Some(known) = vocabulary {
            if !known.iter().any(|k| k.eq_ignore_ascii_case(value)) {
                c.add(
                    Code::ValueNotDocumented,
                    &vpath,
                    format!(
                        "{} is not a documented value for {os}; documented: {}",
                        quote(value),
                        known.join(", ")
                    ),
                );
            }
        }
        if title_case && !is_title_case(value) {
            c.add(Code::ValueCaseNeverMatches, &vpath, format!("{} never matches on {os}: yum compares with the Title-case value (e.g. Security, Critical)", quote(value)));
        }
    }
}

fn check_rule(rule: &PatchRule, at: &str, os: &OperatingSystem, c: &mut Collector<'_>) {
    match &rule.patch_filter_group {
        Some(group) => check_filter_group(group, &format!("{at}.PatchFilterGroup"), os, c),
        None => c.add(
            Code::RuleFilterGroupMissing,
            &format!("{at}.PatchFilterGroup"),
            "missing; every rule needs a PatchFilterGroup".to_owned(),
        ),
    }
    if let Some(level) = &rule.compliance_level {
        check_level(level, &format!("{at}.ComplianceLevel"), c);
    }
    let apt = os.family() == Some(PackageFamily::Apt);
    if let Some(days) = rule.approve_after_days {
        if !(0..=360).contains(&days) {
            c.add(
                Code::ApproveAfterDaysRange,
                &format!("{at}.ApproveAfterDays"),
                format!("{days} is outside the allowed range 0–360"),
            );
        } else if days > 100 {
            c.add(
                Code::ApproveAfterDaysOver100,
                &format!("{at}.ApproveAfterDays"),
                format!("{days} days: the console recommends at most 100"),
            );
        }
    }
    if let Some(date) = &rule.approve_until_date {
        if parse_until_date(date).is_none() {
            c.add(
                Code::ApproveUntilDateInvalid,
                &format!("{at}.ApproveUntilDate"),
                format!(
                    "{} is not a calendar date in the form YYYY-MM-DD",
                    quote(date)
                ),
            );
        }
    }
    match (rule.approve_after_days, &rule.approve_until_date) {
        (Some(_), Some(_)) => c.add(
            Code::ApprovalBoth,
            at,
            "both ApproveAfterDays and ApproveUntilDate; give exactly one".to_owned(),
        ),
        (None, None) if !apt => c.add(
            Code::ApprovalMissing,
            at,
            format!("neither ApproveAfterDays nor ApproveUntilDate; {os} rules need exactly one"),
        ),
        _ => {}
    }
    if apt && (rule.approve_after_days.is_some() || rule.approve_until_date.is_some()) {
        c.add(Code::DelayIgnoredOnApt, at, format!("approval delays and dates are ignored on {os}: packages are approved as soon as they are available"));
    }
    if rule.enable_non_security == Some(true) && !is_linux(os) {
        c.add(
            Code::NonSecurityNotLinux,
            &format!("{at}.EnableNonSecurity"),
            format!("true has no effect on {os}: EnableNonSecurity applies to Linux only"),
        );
    }
}

/// `ApproveUntilDate`: exactly `YYYY-MM-DD`, a real calendar date.
pub(crate) fn parse_until_date(text: &str) -> Option<chrono::NaiveDate> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shape
        .then(|| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
}

fn is_linux(os: &OperatingSystem) -> bool {
    !matches!(
        os.family(),
        Some(PackageFamily::Windows | PackageFamily::MacOs)
    )
}

fn check_level(level: &crate::enums::ComplianceLevel, path: &str, c: &mut Collector<'_>) {
    if !level.is_known() {
        c.add(
            Code::ComplianceLevelUnknown,
            path,
            format!(
                "{} is not a compliance level; allowed: {}",
                quote(level.as_str()),
                known_list(
                    crate::enums::ComplianceLevel::KNOWN
                        .iter()
                        .map(|l| l.as_str())
                )
            ),
        );
    }
}

fn check_enums_and_flags(b: &Baseline, os: &OperatingSystem, c: &mut Collector<'_>) {
    if let Some(level) = &b.approved_patches_compliance_level {
        check_level(level, ".ApprovedPatchesComplianceLevel", c);
    }
    if let Some(action) = &b.rejected_patches_action {
        if !action.is_known() {
            c.add(
                Code::RejectedActionUnknown,
                ".RejectedPatchesAction",
                format!(
                    "{} is not an action; allowed: ALLOW_AS_DEPENDENCY, BLOCK",
                    quote(action.as_str())
                ),
            );
        }
    }
    if let Some(status) = &b.available_security_updates_compliance_status {
        if !status.is_known() {
            c.add(
                Code::SecurityStatusUnknown,
                ".AvailableSecurityUpdatesComplianceStatus",
                format!(
                    "{} is not a status; allowed: COMPLIANT, NON_COMPLIANT",
                    quote(status.as_str())
                ),
            );
        }
        if *os != OperatingSystem::Windows {
            c.add(
                Code::SecurityStatusNotWindows,
                ".AvailableSecurityUpdatesComplianceStatus",
                format!("has no effect on {os}: it applies to Windows Server only"),
            );
        }
    }
    if b.approved_patches_enable_non_security == Some(true) && !is_linux(os) {
        c.add(
            Code::NonSecurityNotLinux,
            ".ApprovedPatchesEnableNonSecurity",
            format!("true has no effect on {os}: it applies to Linux only"),
        );
    }
}

fn check_sources(sources: &[PatchSource], os: &OperatingSystem, c: &mut Collector<'_>) {
    if sources.len() > 20 {
        c.add(
            Code::TooManySources,
            ".Sources",
            format!("{} sources; allowed: at most 20", sources.len()),
        );
    }
    if !sources.is_empty() && !is_linux(os) {
        c.add(
            Code::SourcesNotLinux,
            ".Sources",
            format!("alternative sources have no effect on {os}: they apply to Linux only"),
        );
    }
    let mut names = BTreeSet::new();
    let mut products = BTreeSet::new();
    for (i, source) in sources.iter().enumerate() {
        let at = format!(".Sources[{i}]");
        match &source.name {
            Some(name) if matches_charset(name, 3, 50, b"_-.") => {
                if !names.insert(name.as_str()) {
                    c.add(
                        Code::DuplicateSourceName,
                        &format!("{at}.Name"),
                        format!("{} names two sources", quote(name)),
                    );
                }
            }
            Some(name) => c.add(
                Code::SourceNameInvalid,
                &format!("{at}.Name"),
                format!(
                    "{} is not a source name: 3–50 characters of A–Z, a–z, 0–9, _, - and .",
                    quote(name)
                ),
            ),
            None => c.add(
                Code::SourceNameInvalid,
                &format!("{at}.Name"),
                "missing; every source needs a Name".to_owned(),
            ),
        }
        let list = source.products.as_deref().unwrap_or_default();
        if !(1..=20).contains(&list.len()) {
            c.add(
                Code::SourceProductsInvalid,
                &format!("{at}.Products"),
                format!("{} products; allowed: 1–20", list.len()),
            );
        }
        for (j, product) in list.iter().enumerate() {
            if !(1..=128).contains(&len(product)) {
                c.add(
                    Code::SourceProductsInvalid,
                    &format!("{at}.Products[{j}]"),
                    format!(
                        "{} has {} characters; allowed: 1–128",
                        quote(product),
                        len(product)
                    ),
                );
            } else if !products.insert(product.as_str()) {
                c.add(
                    Code::ProductInTwoSources,
                    &format!("{at}.Products[{j}]"),
                    format!("{} is already covered by another source", quote(product)),
                );
            }
        }
        let config = source
            .configuration
            .as_ref()
            .map_or(0, |text| len(text.expose()));
        if !(1..=1024).contains(&config) {
            c.add(
                Code::SourceConfigurationInvalid,
                &format!("{at}.Configuration"),
                format!("{config} characters; allowed: 1–1024"),
            );
        }
    }
}

fn check_tags(tags: &[Tag], c: &mut Collector<'_>) {
    if tags.len() > 1000 {
        c.add(
            Code::TagInvalid,
            ".Tags",
            format!("{} tags; allowed: at most 1000", tags.len()),
        );
    }
    for (i, tag) in tags.iter().enumerate() {
        if !(1..=128).contains(&len(&tag.key)) || !is_tag_text(&tag.key) {
            c.add(
                Code::TagInvalid,
                &format!(".Tags[{i}].Key"),
                format!(
                    "{} is not a tag key: 1–128 letters, numbers, spaces or _.:/=+-@",
                    quote(&tag.key)
                ),
            );
        }
        if len(&tag.value) > 256 || !is_tag_text(&tag.value) {
            c.add(
                Code::TagInvalid,
                &format!(".Tags[{i}].Value"),
                format!(
                    "{} is not a tag value: 0–256 letters, numbers, spaces or _.:/=+-@",
                    quote(&tag.value)
                ),
            );
        }
    }
}
