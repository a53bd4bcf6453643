//! Why a package or update got its state: every list entry, filter, date test, gate and
//! version comparison that was evaluated, and its outcome.
//!
//! An [`Explanation`] is recorded by the same code that decides (see [`crate::Evaluator::explain`]),
//! so it cannot drift from the decision.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use patchcore_baseline::ComplianceLevel;
use serde::Serialize;

use crate::approval::{Trace, Verdict};
use crate::state::PatchState;

/// One filter of a group, the candidate's value for its key, and whether it accepted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FilterTest {
    /// The filter key (`CLASSIFICATION`).
    pub key: String,
    /// The candidate's value for the key (`None`: it has none).
    pub value: Option<String>,
    /// Whether the filter accepted it.
    pub accepted: bool,
}

/// The non-security gate (evaluation.md 2): how the candidate passed it, or that it did not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum GateOutcome {
    /// The candidate is a security candidate (notice, security pocket).
    Security,
    /// Not security, but the source enables non-security patches.
    NonSecurityEnabled,
    /// Not security and non-security patches are not enabled: not approved.
    Blocked,
}

/// The date test of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum DateTest {
    /// No date test (APT families: dates are not used, evaluation.md 3.4).
    NotUsed,
    /// `ApproveAfterDays`: approved ⇔ `now > patch_date + days` (strict).
    AfterDays {
        /// The rule's days.
        days: u32,
        /// The patch date (1970-01-01 when none is known).
        patch_date: DateTime<Utc>,
        /// Whether the date was known (else 1970-01-01 was used).
        dated: bool,
        /// The instant after which the rule approves.
        approved_after: DateTime<Utc>,
        /// Outcome at the evaluation instant.
        passed: bool,
    },
    /// `ApproveUntilDate`: approved ⇔ the patch is dated on or before that day (UTC).
    UntilDate {
        /// The rule's date.
        until: NaiveDate,
        /// The patch date (1970-01-01 when none is known).
        patch_date: DateTime<Utc>,
        /// Whether the date was known.
        dated: bool,
        /// Outcome.
        passed: bool,
    },
}

/// One test made while judging a candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Step {
    /// A rejected-list entry matched: the candidate is rejected, nothing else is tested.
    Rejected {
        /// The entry as written.
        entry: String,
    },
    /// An approved-list entry matched.
    ApprovedList {
        /// The entry as written.
        entry: String,
        /// The non-security gate with `ApprovedPatchesEnableNonSecurity`.
        gate: GateOutcome,
        /// `ApprovedPatchesComplianceLevel`.
        level: ComplianceLevel,
    },
    /// The global filters (rules are only tested when they pass).
    GlobalFilters {
        /// Each filter.
        filters: Vec<FilterTest>,
        /// Whether all accepted.
        passed: bool,
    },
    /// One approval rule.
    Rule {
        /// 1-based rule number.
        number: usize,
        /// Each filter of the rule.
        filters: Vec<FilterTest>,
        /// Whether all accepted.
        filters_passed: bool,
        /// The date test.
        date: DateTest,
        /// The non-security gate with the rule's `EnableNonSecurity`.
        gate: GateOutcome,
        /// Whether the rule approves.
        approved: bool,
        /// The rule's compliance level.
        level: ComplianceLevel,
    },
}

/// How a candidate version compares with the installed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Relation {
    /// Older than the installed version.
    Older,
    /// The installed version itself.
    Installed,
    /// Newer than the installed version.
    Newer,
    /// The package is not installed.
    NotInstalled,
}

/// One candidate (a version, with the notice it comes from when there is one) and its tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CandidateExplanation {
    /// The version (or KB).
    pub version: String,
    /// Against the installed version.
    pub relation: Relation,
    /// The update notice the candidate comes from, if any.
    pub notice: Option<String>,
    /// Every test made, in order.
    pub steps: Vec<Step>,
    /// Whether it is rejected.
    pub rejected: bool,
    /// Whether it is approved.
    pub approved: bool,
    /// Its compliance level.
    pub level: ComplianceLevel,
}

/// Why a package or update got its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Explanation {
    /// `name.arch` or the KB.
    pub id: String,
    /// The highest installed version, if installed.
    pub installed: Option<String>,
    /// The reported state (`None`: the package is not reported).
    pub state: Option<PatchState>,
    /// The version the row names (the target when Missing).
    pub reported: Option<String>,
    /// The compliance level reported.
    pub level: ComplianceLevel,
    /// Every candidate judged, in the order judged.
    pub candidates: Vec<CandidateExplanation>,
    /// Extra facts that decided the state (pending reboot, applicability, a rejected action).
    pub notes: Vec<String>,
}

/// Records the candidates and steps of one group for an explanation.
pub(crate) trait Recorder {
    /// The per-candidate trace.
    type Steps: Trace;
    /// Starts a candidate; returns where its steps go.
    fn begin(&mut self, describe: impl FnOnce() -> CandidateExplanation) -> &mut Self::Steps;
    /// Records the verdict of the candidate begun last.
    fn verdict(&mut self, verdict: &Verdict<'_>);
}

/// Records nothing (the scan).
pub(crate) struct NoRecord(pub(crate) crate::approval::NoTrace);

impl Recorder for NoRecord {
    type Steps = crate::approval::NoTrace;
    #[inline(always)]
    fn begin(&mut self, _describe: impl FnOnce() -> CandidateExplanation) -> &mut Self::Steps {
        &mut self.0
    }
    #[inline(always)]
    fn verdict(&mut self, _verdict: &Verdict<'_>) {}
}

/// Records every candidate.
#[derive(Default)]
pub(crate) struct Record {
    pub(crate) candidates: Vec<CandidateExplanation>,
    spare: Vec<Step>,
}

impl Recorder for Record {
    type Steps = Vec<Step>;
    fn begin(&mut self, describe: impl FnOnce() -> CandidateExplanation) -> &mut Self::Steps {
        self.candidates.push(describe());
        match self.candidates.last_mut() {
            Some(candidate) => &mut candidate.steps,
            None => &mut self.spare,
        }
    }
    fn verdict(&mut self, verdict: &Verdict<'_>) {
        if let Some(last) = self.candidates.last_mut() {
            last.rejected = verdict.rejected;
            last.approved = verdict.approved;
            last.level = verdict.level.clone();
        }
    }
}

/// How explanations print a whole day, and any finer instant.
const DAY: &str = "%Y-%m-%d";
const INSTANT: &str = "%Y-%m-%dT%H:%M:%SZ";

impl fmt::Display for FilterTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.value.as_deref().unwrap_or("(none)");
        if self.accepted {
            write!(f, "{}={value}", self.key)
        } else {
            write!(f, "{}={value} not accepted", self.key)
        }
    }
}

fn filter_list(f: &mut fmt::Formatter<'_>, filters: &[FilterTest]) -> fmt::Result {
    for (i, test) in filters.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{test}")?;
    }
    Ok(())
}

/// How a patch date is introduced: a real date, or the 1970 stand-in (decision R4).
fn released(dated: bool) -> &'static str {
    if dated {
        "released"
    } else {
        "no date, counted as"
    }
}

impl fmt::Display for DateTest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotUsed => f.write_str("no date test"),
            Self::AfterDays {
                days,
                patch_date,
                dated,
                approved_after,
                passed,
            } => {
                let released = released(*dated);
                let verb = if *passed {
                    "approved"
                } else {
                    "approval after"
                };
                // Whole days print as dates, anything finer as instants.
                let midnight = |t: &DateTime<Utc>| t.time() == chrono::NaiveTime::MIN;
                let format = if midnight(patch_date) && midnight(approved_after) {
                    DAY
                } else {
                    INSTANT
                };
                write!(
                    f,
                    "{released} {}, {verb} {} ({days} days)",
                    patch_date.format(format),
                    approved_after.format(format)
                )
            }
            Self::UntilDate {
                until,
                patch_date,
                dated,
                passed,
            } => {
                let released = released(*dated);
                let verdict = if *passed { "on or before" } else { "after" };
                write!(
                    f,
                    "{released} {}, {verdict} the approve-until date {until}",
                    patch_date.format(INSTANT)
                )
            }
        }
    }
}

impl fmt::Display for GateOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Security => "security patch",
            Self::NonSecurityEnabled => "non-security patch, enabled",
            Self::Blocked => "non-security patch, not enabled",
        })
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rejected { entry } => write!(f, "rejected by entry \"{entry}\""),
            Self::ApprovedList { entry, gate, level } => {
                write!(
                    f,
                    "approved-list entry \"{entry}\" matched ({gate}, {level})"
                )
            }
            Self::GlobalFilters { filters, passed } => {
                f.write_str(if *passed {
                    "global filters passed ("
                } else {
                    "global filters failed ("
                })?;
                filter_list(f, filters)?;
                f.write_str(")")
            }
            Self::Rule {
                number,
                filters,
                filters_passed,
                date,
                gate,
                approved,
                level,
            } => {
                let verb = if *approved {
                    "matched"
                } else {
                    "did not match"
                };
                write!(f, "rule #{number} {verb} (")?;
                filter_list(f, filters)?;
                if !filters_passed || *approved || *gate != GateOutcome::Blocked {
                    write!(f, "), {date}")?;
                } else {
                    f.write_str(")")?;
                }
                if *gate == GateOutcome::Blocked {
                    write!(f, ", {gate}")?;
                }
                if *approved {
                    write!(f, ", {level}")?;
                }
                Ok(())
            }
        }
    }
}

impl CandidateExplanation {
    /// A candidate about to be judged: no steps yet, neither rejected nor approved.
    pub(crate) fn pending(version: String, relation: Relation, notice: Option<String>) -> Self {
        Self {
            version,
            relation,
            notice,
            steps: Vec::new(),
            rejected: false,
            approved: false,
            level: ComplianceLevel::Unspecified,
        }
    }

    /// The steps that approved the candidate, or the first that rejected it.
    fn deciding(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| match s {
            Step::Rejected { .. } => true,
            Step::ApprovedList { gate, .. } => *gate != GateOutcome::Blocked,
            Step::Rule { approved, .. } => *approved,
            Step::GlobalFilters { .. } => false,
        })
    }
}

impl fmt::Display for CandidateExplanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let relation = match self.relation {
            Relation::Older => "older",
            Relation::Installed => "installed",
            Relation::Newer => "newer",
            Relation::NotInstalled => "available",
        };
        write!(f, "{} ({relation}", self.version)?;
        if let Some(notice) = &self.notice {
            write!(f, ", {notice}")?;
        }
        let outcome = if self.rejected {
            "rejected"
        } else if self.approved {
            "approved"
        } else {
            "not approved"
        };
        write!(f, "): {outcome}")?;
        for step in &self.steps {
            write!(f, "\n    - {step}")?;
        }
        Ok(())
    }
}

impl Explanation {
    /// The candidate the state rests on: the target when Missing, else the installed version.
    pub fn deciding_candidate(&self) -> Option<&CandidateExplanation> {
        let reported = self.reported.as_deref()?;
        let approved_match = self
            .candidates
            .iter()
            .filter(|c| c.version == reported)
            .find(|c| c.approved);
        approved_match.or_else(|| self.candidates.iter().find(|c| c.version == reported))
    }
}

impl fmt::Display for Explanation {
    /// One summary line (`openssl.x86_64 1:3.0.8-1.amzn2023.0.3 → Missing: rule #1 matched
    /// (…), released …, approved … (7 days); installed … is older`), then every candidate with
    /// its tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)?;
        if let Some(version) = &self.reported {
            write!(f, " {version}")?;
        }
        match self.state {
            Some(state) => write!(f, " → {state}")?,
            None => f.write_str(" → not reported")?,
        }
        let deciding = self.deciding_candidate();
        let mut first = true;
        for step in deciding
            .into_iter()
            .flat_map(CandidateExplanation::deciding)
        {
            f.write_str(if first { ": " } else { "; " })?;
            first = false;
            write!(f, "{step}")?;
        }
        if first {
            f.write_str(match self.state {
                Some(PatchState::InstalledOther | PatchState::InstalledRejected) => {
                    ": no version is approved"
                }
                None => ": no version is approved",
                _ => "",
            })?;
        }
        if let (Some(PatchState::Missing), Some(installed)) = (self.state, &self.installed) {
            write!(f, "; installed {installed} is older")?;
        }
        for note in &self.notes {
            write!(f, "; {note}")?;
        }
        for candidate in &self.candidates {
            write!(f, "\n  {candidate}")?;
        }
        Ok(())
    }
}
