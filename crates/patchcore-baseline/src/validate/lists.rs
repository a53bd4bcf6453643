//! Checks of the approved and rejected lists: sizes (rule 10) and the section 5 grammar warnings.

use super::{Code, Collector};
use crate::error::quote;
use crate::lists::{EntryKind, classify, is_glob, never_matches};
use crate::model::Baseline;
use crate::os::PackageFamily;

pub(super) fn check_lists(b: &Baseline, c: &mut Collector<'_>) {
    let family = b.operating_system().family();
    for (member, entries, rejected) in [
        ("ApprovedPatches", b.approved_patches.as_deref(), false),
        ("RejectedPatches", b.rejected_patches.as_deref(), true),
    ] {
        let entries = entries.unwrap_or_default();
        if entries.len() > 50 {
            c.add(
                Code::ListTooLong,
                &format!(".{member}"),
                format!("{} entries; allowed: at most 50", entries.len()),
            );
        }
        for (i, entry) in entries.iter().enumerate() {
            check_entry(entry, &format!(".{member}[{i}]"), family, rejected, c);
        }
    }
    for (i, entry) in b.rejected().iter().enumerate() {
        if b.approved().iter().any(|a| a.eq_ignore_ascii_case(entry)) {
            c.add(
                Code::ApprovedAndRejected,
                &format!(".RejectedPatches[{i}]"),
                format!("{} is also approved; the rejection wins", quote(entry)),
            );
        }
    }
}

fn check_entry(
    entry: &str,
    at: &str,
    family: Option<PackageFamily>,
    rejected: bool,
    c: &mut Collector<'_>,
) {
    let chars = entry.chars().count();
    if !(1..=100).contains(&chars) {
        c.add(
            Code::ListEntryLength,
            at,
            format!("{} has {chars} characters; allowed: 1–100", quote(entry)),
        );
    }
    let kind = classify(entry, family);
    let no_wildcards = matches!(family, Some(PackageFamily::MacOs | PackageFamily::Windows));
    if no_wildcards && (entry.contains('*') || is_glob(entry)) {
        c.add(Code::WildcardNotSupported, at, format!("{}: wildcards are not supported in macOS and Windows lists; it matches only itself", quote(entry)));
    }
    match kind {
        EntryKind::Unrecognized => c.add(
            Code::EntryNeverMatches,
            at,
            format!("{} is neither a KB id (KB1234567) nor a bulletin id (MS10-048), the forms Windows lists take", quote(entry)),
        ),
        kind if kind.is_notice_id() && rejected => c.add(
            Code::IdInRejectedList,
            at,
            format!("{}: CVE, advisory and Bugzilla ids reject nothing; list package names or patterns", quote(entry)),
        ),
        EntryKind::PackagePattern => {
            if entry.matches('*').count() > 1 || entry.contains('?') || (entry.contains('[') && is_glob(entry)) {
                c.add(Code::UndocumentedWildcard, at, format!("{}: only a single * is documented; it works as a shell glob but may not be portable", quote(entry)));
            }
            if let Some(reason) = never_matches(entry, family) {
                c.add(Code::EntryNeverMatches, at, format!("{} can never match a package: {reason}", quote(entry)));
            }
        }
        _ => {}
    }
}
