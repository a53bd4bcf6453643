//! Approval of one candidate (evaluation.md 4.2, 4.5): rejected list first, then the approved
//! list, then the global filters and every rule, with the non-security gate and the date tests.
//!
//! One function, [`judge`], decides; it reports each test to a [`Trace`]. The scan passes
//! [`NoTrace`] (every report compiles away); [`crate::Evaluator::explain`] passes a recorder, so
//! the explanation is made by the very code that decides.

use chrono::{DateTime, Utc};
use patchcore_baseline::lists::{IdKind, PackageRef};
use patchcore_baseline::{
    Approval, CompiledBaseline, CompiledFilter, ComplianceLevel, FilterGroup, PatchFilterKey,
};

use crate::dates;
use crate::explain::{DateTest, FilterTest, GateOutcome, Step};
use crate::facts::{ReferenceKind, UpdateNotice};

/// `UNSPECIFIED`, the level of what no source approves.
pub(crate) static UNSPECIFIED: ComplianceLevel = ComplianceLevel::Unspecified;

/// Receives the tests [`judge`] makes, built lazily so that [`NoTrace`] costs nothing.
pub(crate) trait Trace {
    /// One test and its outcome.
    fn step(&mut self, step: impl FnOnce() -> Step);
}

/// Discards every step: the scan's hot path.
pub(crate) struct NoTrace;

impl Trace for NoTrace {
    #[inline(always)]
    fn step(&mut self, _step: impl FnOnce() -> Step) {}
}

impl Trace for Vec<Step> {
    fn step(&mut self, step: impl FnOnce() -> Step) {
        self.push(step());
    }
}

/// The attributes filters look at; `None` when the candidate lacks one (only `*` accepts it,
/// observed.md F1).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Attributes<'a> {
    pub(crate) product: Option<&'a str>,
    pub(crate) classification: Option<&'a str>,
    pub(crate) severity: Option<&'a str>,
    pub(crate) priority: Option<&'a str>,
    pub(crate) section: Option<&'a str>,
    pub(crate) msrc_severity: Option<&'a str>,
    pub(crate) product_family: Option<&'a str>,
    pub(crate) patch_set: Option<&'a str>,
    pub(crate) patch_id: Option<&'a str>,
    /// Amazon Linux 2022/2023: a baseline `Medium` also matches the notice severity `Moderate`
    /// (evaluation.md 1.2).
    pub(crate) moderate_is_medium: bool,
}

impl<'a> Attributes<'a> {
    fn get(&self, key: &PatchFilterKey) -> Option<&'a str> {
        match key {
            PatchFilterKey::Product => self.product,
            PatchFilterKey::Classification => self.classification,
            PatchFilterKey::Severity => self.severity,
            PatchFilterKey::Priority => self.priority,
            PatchFilterKey::Section => self.section,
            PatchFilterKey::MsrcSeverity => self.msrc_severity,
            PatchFilterKey::ProductFamily => self.product_family,
            PatchFilterKey::PatchSet => self.patch_set,
            PatchFilterKey::PatchId => self.patch_id,
            _ => None,
        }
    }

    fn accepts(&self, filter: &CompiledFilter) -> bool {
        let value = self.get(filter.key());
        filter.accepts(value)
            || (self.moderate_is_medium
                && *filter.key() == PatchFilterKey::Severity
                && value.is_some_and(|v| v.eq_ignore_ascii_case("moderate"))
                && filter.accepts(Some("Medium")))
    }
}

/// The ids an approved list can name besides package strings.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ids<'a> {
    /// No ids (APT, macOS, a package version in no notice).
    None,
    /// An update notice: its id and references (observed.md L4).
    Notice(&'a UpdateNotice),
    /// A Windows update: KB and MSRC bulletin.
    Windows { kb: &'a str, bulletin: &'a str },
}

/// One candidate as approval sees it: borrowed views, nothing allocated.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate<'a> {
    /// The package version for list matching (`None` on Windows).
    pub(crate) package: Option<PackageRef<'a>>,
    pub(crate) ids: Ids<'a>,
    pub(crate) attributes: Attributes<'a>,
    /// Passes the non-security gate without `EnableNonSecurity` (evaluation.md 2).
    pub(crate) security: bool,
    /// The patch date (`None`: none known, counted as 1970-01-01 where dates are used).
    pub(crate) date: Option<DateTime<Utc>>,
}

/// What approval decided for one candidate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Verdict<'b> {
    /// On the rejected list.
    pub(crate) rejected: bool,
    /// Approved (by the list or a rule) and not rejected.
    pub(crate) approved: bool,
    /// The highest level among the approving sources (`UNSPECIFIED` when none).
    pub(crate) level: &'b ComplianceLevel,
    /// Approved by the approved list.
    pub(crate) by_list: bool,
    /// Bit `n` set when rule `n` (0-based) approves.
    pub(crate) rules: u32,
    /// The earliest instant after which an `ApproveAfterDays` rule that now fails only on its
    /// date would approve (the forecast boundary).
    pub(crate) pending: Option<DateTime<Utc>>,
}

impl<'b> Verdict<'b> {
    fn raise(&mut self, level: &'b ComplianceLevel) {
        if !self.approved || *level > *self.level {
            self.level = level;
        }
        self.approved = true;
    }
}

fn gate(security: bool, enable_non_security: bool) -> GateOutcome {
    if security {
        GateOutcome::Security
    } else if enable_non_security {
        GateOutcome::NonSecurityEnabled
    } else {
        GateOutcome::Blocked
    }
}

fn filter_tests(group: &FilterGroup, attributes: &Attributes<'_>) -> Vec<FilterTest> {
    group
        .filters()
        .iter()
        .map(|f| FilterTest {
            key: f.key().as_str().to_owned(),
            value: attributes.get(f.key()).map(str::to_owned),
            accepted: attributes.accepts(f),
        })
        .collect()
}

/// Finds the approved- or rejected-list entry matching the candidate: package forms first, then
/// the notice id, its references, or the KB and bulletin.
fn list_entry<'l>(
    list: &'l patchcore_baseline::lists::ListMatcher,
    candidate: &Candidate<'_>,
) -> Option<&'l str> {
    if list.is_empty() {
        return None;
    }
    if let Some(entry) = candidate
        .package
        .as_ref()
        .and_then(|p| list.find_package(p))
    {
        return Some(entry);
    }
    match candidate.ids {
        Ids::None => None,
        Ids::Notice(notice) => list.find_id(IdKind::Advisory, &notice.id).or_else(|| {
            notice.references.iter().find_map(|r| {
                let kind = match r.kind {
                    ReferenceKind::Cve => IdKind::Cve,
                    ReferenceKind::Bugzilla => IdKind::Bugzilla,
                    ReferenceKind::Advisory => IdKind::Advisory,
                    _ => return None,
                };
                list.find_id(kind, &r.id)
            })
        }),
        Ids::Windows { kb, bulletin } => list.find_id(IdKind::Kb, kb).or_else(|| {
            (!bulletin.is_empty())
                .then(|| list.find_id(IdKind::Bulletin, bulletin))
                .flatten()
        }),
    }
}

/// Decides one candidate at `now` (evaluation.md 4.2): rejection wins; the approved list
/// approves regardless of global filters (observed.md L4, A4) but obeys its non-security gate;
/// rules apply to candidates passing every global filter, each tested (no short-circuit), the
/// highest level winning.
pub(crate) fn judge<'b, T: Trace>(
    baseline: &'b CompiledBaseline,
    candidate: &Candidate<'_>,
    now: DateTime<Utc>,
    trace: &mut T,
) -> Verdict<'b> {
    let mut verdict = Verdict {
        rejected: false,
        approved: false,
        level: &UNSPECIFIED,
        by_list: false,
        rules: 0,
        pending: None,
    };
    if let Some(entry) = list_entry(baseline.rejected(), candidate) {
        trace.step(|| Step::Rejected {
            entry: entry.to_owned(),
        });
        verdict.rejected = true;
        return verdict;
    }
    if let Some(entry) = list_entry(baseline.approved(), candidate) {
        let outcome = gate(candidate.security, baseline.approved_enable_non_security());
        trace.step(|| Step::ApprovedList {
            entry: entry.to_owned(),
            gate: outcome,
            level: baseline.approved_compliance_level().clone(),
        });
        if outcome != GateOutcome::Blocked {
            verdict.raise(baseline.approved_compliance_level());
            verdict.by_list = true;
        }
    }
    let attributes = &candidate.attributes;
    let global = baseline
        .global_filters()
        .filters()
        .iter()
        .all(|f| attributes.accepts(f));
    if !baseline.global_filters().filters().is_empty() {
        trace.step(|| Step::GlobalFilters {
            filters: filter_tests(baseline.global_filters(), attributes),
            passed: global,
        });
    }
    if !global {
        return verdict;
    }
    let patch_date = dates::or_epoch(candidate.date);
    for (index, rule) in baseline.rules().iter().enumerate() {
        let filters_ok = rule
            .filters()
            .filters()
            .iter()
            .all(|f| attributes.accepts(f));
        let outcome = gate(candidate.security, rule.enable_non_security());
        let (date_ok, boundary) = match rule.approval() {
            Approval::AfterDays(days) => {
                let boundary = dates::after_days_boundary(patch_date, days);
                (now > boundary, Some(boundary))
            }
            Approval::UntilDate(day) => (patch_date < dates::until_date_cutoff(day), None),
            _ => (true, None),
        };
        let approved = filters_ok && date_ok && outcome != GateOutcome::Blocked;
        trace.step(|| Step::Rule {
            number: index + 1,
            filters: filter_tests(rule.filters(), attributes),
            filters_passed: filters_ok,
            date: match rule.approval() {
                Approval::AfterDays(days) => DateTest::AfterDays {
                    days,
                    patch_date,
                    dated: candidate.date.is_some(),
                    approved_after: boundary.unwrap_or(patch_date),
                    passed: date_ok,
                },
                Approval::UntilDate(until) => DateTest::UntilDate {
                    until,
                    patch_date,
                    dated: candidate.date.is_some(),
                    passed: date_ok,
                },
                _ => DateTest::NotUsed,
            },
            gate: outcome,
            approved,
            level: rule.compliance_level().clone(),
        });
        if approved {
            verdict.raise(rule.compliance_level());
            if let Some(bit) = 1_u32.checked_shl(u32::try_from(index).unwrap_or(u32::MAX)) {
                verdict.rules |= bit;
            }
        } else if filters_ok && outcome != GateOutcome::Blocked && !date_ok {
            if let Some(b) = boundary {
                verdict.pending = Some(verdict.pending.map_or(b, |p| p.min(b)));
            }
        }
    }
    verdict
}
